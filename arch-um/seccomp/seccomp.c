// SPDX-License-Identifier: GPL-2.0
/*
 * The trap=seccomp backend (DESIGN §3). The guest's seccomp filter returns
 * SIGSYS for every guest system call; the stub's handler, on the thread's
 * own signal stack, reports it (and every fault and interrupt) through the
 * thread's control page, which umk maps too, and waits. The task thread
 * reads the registers straight from the signal frame in that shared memory,
 * serves the trap, writes the registers back and lets the stub return to
 * the guest with rt_sigreturn. Address-space operations are host system
 * calls the stub makes on umk's behalf while it waits.
 *
 * Everything read from the shared pages was written, or could have been
 * rewritten, by the guest: it is copied once, checked (the frame and its
 * FPU area must lie on the thread's own signal stack), and used only for
 * what the guest could have asked anyway.
 *
 * The hand-over spins only while the other side is awake on another CPU,
 * for at most trap.spin_ns, and otherwise sleeps on the futex at once. The
 * task thread also wakes every 200 ms to notice a guest process killed from
 * outside umk.
 */
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/signal.h>
#include <linux/time.h>
#include <umk/errno.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/string.h>

#include "../internal.h"

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

#define VSYSCALL_ADDR 0xffffffffff600000UL
#define X32_SYSCALL_BIT 0x40000000
#define LIVENESS_NS (200 * 1000 * 1000ULL)
/* The x87/SSE legacy area's software-reserved bytes (the frame's xstate info). */
#define FPX_SW_OFFSET 464
#define FPX_SW_SIZE 48

static unsigned int spin_ns = 20000;
named_param(trap_spin_ns, "trap.spin_ns", spin_ns, uint,
	    "trap=seccomp: how long a side of the hand-over may spin, in ns (default 20000)");

static u64 spin_cycles; /* spin_ns in TSC cycles */
static size_t frame_fpu_size;

static u64 rdtscp_cpu(u32 *cpu)
{
	u32 lo, hi, aux;

	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	*cpu = aux & 0xfff;
	return ((u64)hi << 32) | lo;
}

static struct stub_shared *shared(const struct trap_thread *t)
{
	return (struct stub_shared *)((char *)t->as->shared + (size_t)t->slot * STUB_THREAD_AREA);
}

/* The guest's address of t's thread area. */
static uaddr_t area(const struct trap_thread *t)
{
	return STUB_THREADS_BASE + (uaddr_t)t->slot * STUB_THREAD_AREA;
}

/* umk's address of guest address g in t's area (checked by the caller). */
static void *in_area(const struct trap_thread *t, uaddr_t g)
{
	return (char *)shared(t) + (g - area(t));
}

/* Measures the TSC rate so spin bounds can be given in time. */
static int seccomp_init(void)
{
	struct host_timespec a, b;
	u64 t0, t1, ns;
	u32 cpu;

	host_clock_gettime(CLOCK_MONOTONIC, &a);
	t0 = rdtscp_cpu(&cpu);
	do {
		host_clock_gettime(CLOCK_MONOTONIC, &b);
		ns = (u64)((b.sec - a.sec) * NSEC_PER_SEC + (b.nsec - a.nsec));
	} while (ns < 200000);
	t1 = rdtscp_cpu(&cpu);
	spin_cycles = (t1 - t0) * spin_ns / ns;
	return 0;
}

static bool as_is_dead(const struct as *as)
{
	return __atomic_load_n(&as->dead, __ATOMIC_SEQ_CST);
}

/* Posts a new state and wakes the stub if it sleeps; returns whether it did. */
static bool post(struct stub_shared *sh, u32 state)
{
	STORE(sh->state, state);
	if (!LOAD(sh->stub_sleeping))
		return false;
	host_futex_wake(&sh->state, 1);
	return true;
}

/*
 * Waits until the stub posts want. Returns 0, or -ESRCH when the thread or
 * its process is gone. Spins only while the stub is awake on another CPU
 * (or was just woken, woke, and has not turned up on this CPU), for at most
 * spin_cycles; otherwise sleeps on the futex at once (DESIGN §3).
 */
static int await(struct trap_thread *t, u32 want, bool woke)
{
	struct stub_shared *sh = shared(t);
	u32 cpu, s;
	u64 start = rdtscp_cpu(&cpu);

	STORE(sh->umk_cpu, cpu);
	while (LOAD(sh->state) != want && (woke || !LOAD(sh->stub_sleeping)) &&
	       LOAD(sh->stub_cpu) != cpu && rdtscp_cpu(&cpu) - start < spin_cycles)
		__builtin_ia32_pause();
	for (;;) {
		int r;

		if (LOAD(sh->state) == want)
			return 0;
		if (as_is_dead(t->as) || !LOAD(sh->tid_word))
			return -ESRCH;
		STORE(sh->umk_sleeping, 1);
		s = LOAD(sh->state);
		if (s == want) {
			STORE(sh->umk_sleeping, 0);
			return 0;
		}
		r = host_futex_wait(&sh->state, s, LIVENESS_NS);
		STORE(sh->umk_sleeping, 0);
		rdtscp_cpu(&cpu);
		STORE(sh->umk_cpu, cpu); /* where this thread woke up */
		if (r == -ETIMEDOUT && host_pidfd_exited(t->as->pidfd)) {
			__atomic_store_n(&t->as->dead, true, __ATOMIC_SEQ_CST);
			return -ESRCH;
		}
	}
}

/*
 * Copies the request the stub just posted: checks that its frame lies on
 * the thread's signal stack, and loads the registers from it.
 */
static int take_request(struct trap_thread *t)
{
	struct stub_shared *sh = shared(t);
	const struct stub_ucontext *uc;
	const struct stub_sigcontext *mc;
	uaddr_t ucg = LOAD(sh->uc), lo = area(t) + STUB_SIGSTACK_OFFSET,
		hi = area(t) + STUB_THREAD_AREA;
	uaddr_t fp;

	if (ucg < lo || ucg > hi - sizeof(*uc) || (ucg & 7))
		return -EIO;
	t->uc_offset = ucg - area(t);
	uc = in_area(t, ucg);
	mc = &uc->mc;
	fp = mc->fpstate;
	t->fp_offset = 0;
	if (fp >= lo && fp <= hi - frame_fpu_size && !(fp & 63))
		t->fp_offset = fp - area(t);
	t->regs.r8 = mc->r8;
	t->regs.r9 = mc->r9;
	t->regs.r10 = mc->r10;
	t->regs.r11 = mc->r11;
	t->regs.r12 = mc->r12;
	t->regs.r13 = mc->r13;
	t->regs.r14 = mc->r14;
	t->regs.r15 = mc->r15;
	t->regs.rdi = mc->rdi;
	t->regs.rsi = mc->rsi;
	t->regs.rbp = mc->rbp;
	t->regs.rbx = mc->rbx;
	t->regs.rdx = mc->rdx;
	t->regs.rax = mc->rax;
	t->regs.rcx = mc->rcx;
	t->regs.rsp = mc->rsp;
	t->regs.rip = mc->rip;
	t->regs.eflags = mc->eflags;
	t->regs.cs = mc->cs;
	t->regs.ss = mc->ss;
	t->regs.ds = t->regs.es = t->regs.fs = t->regs.gs = 0;
	t->regs.fs_base = LOAD(sh->fs_base);
	t->regs.gs_base = LOAD(sh->gs_base);
	t->regs.orig_rax = (u64)-1;
	t->regs_valid = true;
	t->regs_dirty = false;
	t->fpu_valid = t->fpu_dirty = false;
	t->req_fs_base = t->regs.fs_base;
	t->req_gs_base = t->regs.gs_base;
	return 0;
}

/* Writes what the kernel changed back into the frame before the stub returns. */
static void put_context(struct trap_thread *t)
{
	struct stub_shared *sh = shared(t);
	struct stub_ucontext *uc = (struct stub_ucontext *)((char *)sh + t->uc_offset);
	struct stub_sigcontext *mc = &uc->mc;

	if (t->regs_dirty) {
		mc->r8 = t->regs.r8;
		mc->r9 = t->regs.r9;
		mc->r10 = t->regs.r10;
		mc->r11 = t->regs.r11;
		mc->r12 = t->regs.r12;
		mc->r13 = t->regs.r13;
		mc->r14 = t->regs.r14;
		mc->r15 = t->regs.r15;
		mc->rdi = t->regs.rdi;
		mc->rsi = t->regs.rsi;
		mc->rbp = t->regs.rbp;
		mc->rbx = t->regs.rbx;
		mc->rdx = t->regs.rdx;
		mc->rax = t->regs.rax;
		mc->rcx = t->regs.rcx;
		mc->rsp = t->regs.rsp;
		mc->rip = t->regs.rip;
		mc->eflags = t->regs.eflags;
		/* cs and ss stay: a guest cannot choose its segments. */
		if (t->regs.fs_base != t->req_fs_base || t->regs.gs_base != t->req_gs_base) {
			sh->new_fs_base = t->regs.fs_base;
			sh->new_gs_base = t->regs.gs_base;
			STORE(sh->set_bases, 1);
		}
	}
	if (t->fpu_dirty && t->fp_offset) {
		char *fp = (char *)sh + t->fp_offset;
		char keep[FPX_SW_SIZE];

		/* The frame's xstate description stays the kernel's. */
		memcpy(keep, fp + FPX_SW_OFFSET, sizeof(keep));
		memcpy(fp, t->fpu, frame_fpu_size);
		memcpy(fp + FPX_SW_OFFSET, keep, sizeof(keep));
	}
	t->regs_dirty = t->fpu_dirty = false;
	t->regs_valid = t->fpu_valid = false;
}

static int seccomp_adopt(struct trap_thread *t)
{
	struct stub_shared *sh = shared(t);
	int err;

	if (!t->as->shared)
		return -EINVAL;
	STORE(sh->spin_cycles, spin_cycles);
	post(sh, STUB_GO);
	host_futex_wake(&sh->state, 1);
	err = await(t, STUB_REQUEST, true);
	if (err)
		return err;
	if (LOAD(sh->kind) != STUB_KIND_ADOPT)
		return -EIO;
	if (!frame_fpu_size) {
		/* The frame's own description of its xstate area (fpx_sw_bytes). */
		uaddr_t fp = ((struct stub_ucontext *)in_area(t, LOAD(sh->uc)))->mc.fpstate;
		u32 magic = 0, size = 0;

		if (fp >= area(t) + STUB_SIGSTACK_OFFSET && fp < area(t) + STUB_THREAD_AREA - 512) {
			memcpy(&magic, (char *)in_area(t, fp) + FPX_SW_OFFSET, 4);
			memcpy(&size, (char *)in_area(t, fp) + FPX_SW_OFFSET + 16, 4);
		}
		frame_fpu_size =
			magic == 0x46505853U && size >= 512 && size <= trap_fpu_alloc_size() ? size
											     : 512;
	}
	t->last_seq = LOAD(sh->seq);
	return take_request(t);
}

static int seccomp_run(struct trap_thread *t, struct trap_event *ev)
{
	struct stub_shared *sh = shared(t);
	u32 kind;
	int err;

	memset(ev, 0, sizeof(*ev));
	if (t->dead || as_is_dead(t->as))
		goto exited;
	if (__atomic_exchange_n(&t->interrupt_pending, 0, __ATOMIC_SEQ_CST)) {
		/* Served without resuming: the pending host signal must not report it again. */
		STORE(sh->intr_ack, LOAD(sh->intr_gen));
		ev->kind = TRAP_INTERRUPT;
		return 0;
	}
	put_context(t);
	err = await(t, STUB_REQUEST, post(sh, STUB_RESUME));
	if (err)
		goto exited;
	t->last_seq = LOAD(sh->seq);
	kind = LOAD(sh->kind);
	err = take_request(t);
	if (err) {
		pr_warn("seccomp: guest %d damaged its signal frame: killed\n", t->as->pid);
		as_kill(t->as);
		goto exited;
	}
	switch (kind) {
	case STUB_KIND_SYSCALL: {
		long nr = LOAD(sh->syscall_nr);
		u64 call = LOAD(sh->addr);

		ev->kind = TRAP_SYSCALL;
		ev->sys.nr = nr;
		for (int i = 0; i < 6; i++)
			ev->sys.args[i] = regs_syscall_arg(&t->regs, i);
		ev->sys.foreign_abi = LOAD(sh->arch) != AUDIT_ARCH_X86_64 || (nr & X32_SYSCALL_BIT);
		ev->sys.vsyscall = call >= VSYSCALL_ADDR && call < VSYSCALL_ADDR + PAGE_SIZE;
		t->regs.orig_rax = (u64)nr;
		return 0;
	}
	case STUB_KIND_FAULT: {
		const struct stub_ucontext *uc = in_area(t, area(t) + t->uc_offset);

		ev->kind = TRAP_FAULT;
		ev->fault.signo = LOAD(sh->signo);
		ev->fault.code = LOAD(sh->code);
		ev->fault.addr = LOAD(sh->addr);
		ev->fault.trapno = uc->mc.trapno;
		ev->fault.err = uc->mc.err;
		return 0;
	}
	case STUB_KIND_INTERRUPT:
		ev->kind = TRAP_INTERRUPT;
		return 0;
	}
	/* A request no stub makes (the guest wrote it, or jumped into the park trap). */
	pr_warn("seccomp: guest %d posted a bogus request (kind %u): killed\n", t->as->pid, kind);
	as_kill(t->as);
exited:
	t->dead = true;
	ev->kind = TRAP_EXIT;
	return 0;
}

static int seccomp_interrupt(struct trap_thread *t)
{
	struct stub_shared *sh = shared(t);

	__atomic_store_n(&t->interrupt_pending, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&sh->intr_gen, 1, __ATOMIC_SEQ_CST);
	if (t->dead || as_is_dead(t->as))
		return 0;
	return host_tgkill(t->as->pid, t->tid, UMK_SIG_INTERRUPT);
}

static int seccomp_fetch_regs(struct trap_thread *t)
{
	return t->regs_valid ? 0 : -EIO; /* loaded with every request */
}

static int seccomp_set_syscall_return(struct trap_thread *t, long value)
{
	t->regs.rax = (u64)value;
	t->regs_dirty = true;
	return 0;
}

static int seccomp_fetch_fpu(struct trap_thread *t)
{
	if (!t->fp_offset)
		return -EIO;
	memcpy(t->fpu, (char *)shared(t) + t->fp_offset, frame_fpu_size);
	t->fpu_valid = true;
	return 0;
}

static size_t seccomp_fpu_size(void)
{
	return frame_fpu_size ? frame_fpu_size : trap_fpu_alloc_size();
}

/* Runs a command in the stub while it waits in its handler. */
static long command(struct trap_thread *t, u32 cmd, const u64 *args, int nargs)
{
	struct stub_shared *sh = shared(t);
	int err;

	if (t->dead || as_is_dead(t->as))
		return -ESRCH;
	for (int i = 0; i < nargs; i++)
		sh->cmd_args[i] = args[i];
	STORE(sh->cmd, cmd);
	err = await(t, STUB_CMD_DONE, post(sh, STUB_CMD));
	if (err) {
		t->dead = true;
		return err;
	}
	return LOAD(sh->cmd_result);
}

static long seccomp_as_syscall(struct trap_thread *t, long nr, const u64 args[6])
{
	u64 a[7] = { (u64)nr, args[0], args[1], args[2], args[3], args[4], args[5] };

	return command(t, STUB_CMD_SYSCALL, a, 7);
}

static long seccomp_as_take_fd(struct trap_thread *t, int hostfd)
{
	static u64 next_seq;
	u64 seq = __atomic_add_fetch(&next_seq, 1, __ATOMIC_RELAXED);
	long n = host_send_fds(t->as->ctl, &seq, sizeof(seq), &hostfd, 1);

	if (n < 0)
		return n;
	/* A stale message (an earlier call that failed half-way) is drained first. */
	for (int tries = 0; tries < 4; tries++) {
		long fd = command(t, STUB_CMD_TAKE_FD, NULL, 0);
		u64 got = LOAD(shared(t)->cmd_args[6]);

		if (fd < 0)
			return fd;
		if (fd == STUB_CTL_FD || fd > 1024)
			return -EIO;
		if (got == seq)
			return fd;
		{
			u64 c[7] = { __NR_close, (u64)fd };

			command(t, STUB_CMD_SYSCALL, c, 7);
		}
	}
	return -EIO;
}

static int seccomp_atomic(struct trap_thread *t, enum as_atomic_op op, uaddr_t uaddr, u32 arg,
			  u32 cmp, u32 *old)
{
	u64 a[4] = { (u64)op, uaddr, arg, cmp };
	long r = command(t, STUB_CMD_ATOMIC, a, 4);

	if (r)
		return (int)r;
	*old = LOAD(shared(t)->cmd_old);
	return 0;
}

static long seccomp_copy_in(struct trap_thread *t, void *dst, uaddr_t src, size_t len)
{
	u64 a[2] = { src, len };
	long n = command(t, STUB_CMD_COPY_IN, a, 2);

	if (n < 0)
		return n;
	if ((size_t)n > len)
		return -EFAULT; /* not the stub's answer: the guest wrote it */
	memcpy(dst, (char *)shared(t) + STUB_COPY_OFFSET, (size_t)n);
	return n;
}

static long seccomp_copy_out(struct trap_thread *t, uaddr_t dst, const void *src, size_t len)
{
	u64 a[2] = { dst, len };
	long n;

	memcpy((char *)shared(t) + STUB_COPY_OFFSET, src, len);
	n = command(t, STUB_CMD_COPY_OUT, a, 2);
	if (n >= 0 && (size_t)n > len)
		return -EFAULT;
	return n;
}

static long seccomp_fork(struct trap_thread *t, int ctl_slot, int mem_slot)
{
	u64 a[2] = { (u64)ctl_slot, (u64)mem_slot };

	return command(t, STUB_CMD_FORK, a, 2);
}

static long seccomp_clone_thread(struct trap_thread *t, int slot)
{
	u64 a[1] = { (u64)slot };

	return command(t, STUB_CMD_CLONE, a, 1);
}

static void seccomp_release(struct trap_thread *t)
{
	struct stub_shared *sh = shared(t);

	if (!t->dead && !as_is_dead(t->as)) {
		/* The guest thread waits in its handler: tell it to end. */
		STORE(sh->cmd, STUB_CMD_EXIT);
		post(sh, STUB_CMD);
	}
	/* Until the host says the thread (or its whole process) is gone: the
	 * host clears tid_word when a thread exits, but not for the last one. */
	for (;;) {
		u32 w = LOAD(sh->tid_word);

		if (!w || host_pidfd_exited(t->as->pidfd))
			break;
		if (t->dead || as_is_dead(t->as)) {
			if (host_pidfd_wait(t->as->pidfd, 1000))
				break;
			continue;
		}
		host_futex_wait(&sh->tid_word, w, 10 * 1000 * 1000);
	}
	t->dead = t->reaped = true;
}

const struct trap_ops seccomp_trap_ops = {
	.name = "seccomp",
	.init = seccomp_init,
	.adopt = seccomp_adopt,
	.run = seccomp_run,
	.interrupt = seccomp_interrupt,
	.fetch_regs = seccomp_fetch_regs,
	.set_syscall_return = seccomp_set_syscall_return,
	.fetch_fpu = seccomp_fetch_fpu,
	.fpu_size = seccomp_fpu_size,
	.release = seccomp_release,
	.as_syscall = seccomp_as_syscall,
	.as_take_fd = seccomp_as_take_fd,
	.atomic = seccomp_atomic,
	.copy_in = seccomp_copy_in,
	.copy_out = seccomp_copy_out,
	.fork = seccomp_fork,
	.clone_thread = seccomp_clone_thread,
};
