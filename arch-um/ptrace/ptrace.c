// SPDX-License-Identifier: GPL-2.0
/*
 * The trap=ptrace backend (DESIGN §3), the reference: each task thread is
 * the ptrace tracer of exactly one guest host thread, which it runs with
 * PTRACE_SYSEMU so that every guest system call stops before the host
 * executes it. Faults arrive as signal-delivery-stops and are suppressed
 * (umk delivers guest signals itself). Address-space operations and atomics
 * are stub trampolines called by injection: the tracer points rip at a stub
 * gadget (`syscall; int3`), resumes with PTRACE_CONT, and waits for the
 * int3; the guest context is restored before the thread runs guest code
 * again.
 *
 * Waits are always waitpid(tid, __WALL | __WNOTHREAD) on the one tid this
 * thread traces (DESIGN §2); umk never sets PTRACE_O_TRACEFORK/CLONE.
 */
#include <asm/ptrace-abi.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/elf.h>
#include <linux/ptrace.h>
#include <linux/signal.h>
#include <linux/wait.h>
#include <asm/socket.h>
#include <umk/abi.h>
#include <umk/errno.h>
#include <umk/printk.h>
#include <umk/string.h>

#include "../internal.h"

#define WAIT_FLAGS (__WALL | __WNOTHREAD)
#define SYSGOOD_TRAP (SIGTRAP | 0x80)
#define VSYSCALL_ADDR 0xffffffffff600000UL
#define X32_SYSCALL_BIT 0x40000000

static bool w_exited(int s)
{
	return (s & 0x7f) == 0;
}

static bool w_signaled(int s)
{
	return ((s & 0x7f) + 1) >> 1 > 0 && (s & 0x7f) != 0x7f;
}

static int w_stopsig(int s)
{
	return (s >> 8) & 0xff;
}

static int w_event(int s)
{
	return (s >> 16) & 0xff;
}

/* The xstate regset size the host's ptrace takes (probed at first adoption). */
static size_t fpu_regset_size;

static size_t ptrace_fpu_size(void)
{
	return fpu_regset_size ? fpu_regset_size : trap_fpu_alloc_size();
}

/* Marks t dead from a wait status. */
static void note_death(struct trap_thread *t, int status)
{
	t->dead = true;
	t->reaped = true;
	t->wait_status = status;
	t->regs_valid = false;
}

static int wait_stop(struct trap_thread *t, int *status)
{
	int r = host_waitpid(t->tid, status, WAIT_FLAGS);

	if (r < 0) {
		/* ECHILD: someone else reaped it, or it is not ours; either way gone. */
		t->dead = true;
		t->reaped = true;
		return -ESRCH;
	}
	if (w_exited(*status) || w_signaled(*status)) {
		note_death(t, *status);
		return -ESRCH;
	}
	return 0;
}

static int ptrace_fetch_regs(struct trap_thread *t)
{
	int err = host_ptrace_getregs(t->tid, &t->regs);

	if (err)
		return err;
	t->regs_valid = true;
	return 0;
}

static int ptrace_fetch_fpu(struct trap_thread *t)
{
	size_t len = trap_fpu_alloc_size();
	int err = host_ptrace_getregset(t->tid, NT_X86_XSTATE, t->fpu, &len);

	if (err)
		return err;
	t->fpu_valid = true;
	return 0;
}

static int ptrace_adopt(struct trap_thread *t)
{
	int status, err;

	err = host_ptrace_seize(t->tid,
				PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACEEXIT);
	if (err)
		return err;
	err = host_ptrace_interrupt(t->tid);
	if (err)
		return err;
	for (;;) {
		err = wait_stop(t, &status);
		if (err)
			return err;
		if (w_stopsig(status) == SIGTRAP && w_event(status) == PTRACE_EVENT_STOP)
			break;
		/* Some other stop came first; the interrupt stop follows. */
		err = host_ptrace_resume(PTRACE_CONT, t->tid, 0);
		if (err)
			return err;
	}
	if (!fpu_regset_size) {
		/* The host's xstate regset size: SETREGSET wants exactly this. */
		size_t len;

		len = trap_fpu_alloc_size();
		err = host_ptrace_getregset(t->tid, NT_X86_XSTATE, t->fpu, &len);
		if (err)
			return err;
		fpu_regset_size = len;
		t->fpu_valid = true;
	}
	return ptrace_fetch_regs(t);
}

/* Writes back what the kernel changed before the thread runs again. */
static int flush_context(struct trap_thread *t)
{
	int err = 0;

	if (t->regs_dirty || t->host_clobbered) {
		err = host_ptrace_setregs(t->tid, &t->regs);
		if (err)
			return err;
	}
	if (t->fpu_dirty) {
		err = host_ptrace_setregset(t->tid, NT_X86_XSTATE, t->fpu, fpu_regset_size);
		if (err)
			return err;
	}
	t->regs_dirty = t->host_clobbered = t->fpu_dirty = false;
	t->regs_valid = t->fpu_valid = false;
	return 0;
}

/* x86 trap number for a fault signal (ptrace does not report it). */
static u64 guess_trapno(int signo, int code)
{
	switch (signo) {
	case SIGSEGV:
		return code == SI_KERNEL ? 13 : 14;
	case SIGBUS:
		return 14;
	case SIGFPE:
		return code == FPE_INTDIV ? 0 : 19;
	case SIGILL:
		return 6;
	case SIGTRAP:
		return code == TRAP_TRACE ? 1 : 3;
	}
	return 0;
}

static int report_syscall(struct trap_thread *t, struct trap_event *ev)
{
	struct ptrace_syscall_info info;
	long n;

	memset(&info, 0, sizeof(info));
	n = host_ptrace_get_syscall_info(t->tid, &info, sizeof(info));
	if (n < 0)
		return (int)n;
	if (info.op != PTRACE_SYSCALL_INFO_ENTRY)
		return -EIO;
	ev->kind = TRAP_SYSCALL;
	ev->sys.nr = (long)info.entry.nr;
	for (int i = 0; i < 6; i++)
		ev->sys.args[i] = info.entry.args[i];
	ev->sys.vsyscall = false;
	ev->sys.foreign_abi = info.arch != AUDIT_ARCH_X86_64 || (info.entry.nr & X32_SYSCALL_BIT);
	return 0;
}

/*
 * A signal-delivery-stop for signo. Returns 1 if it produced an event, 0 if
 * the signal is to be suppressed and the thread resumed, or -errno.
 */
static int report_signal(struct trap_thread *t, int signo, struct trap_event *ev)
{
	siginfo_t si;
	int err;

	if (signo == UMK_SIG_INTERRUPT) {
		__atomic_store_n(&t->interrupt_pending, 0, __ATOMIC_SEQ_CST);
		ev->kind = TRAP_INTERRUPT;
		return 1;
	}
	if (signo != SIGSYS && signo != SIGSEGV && signo != SIGBUS && signo != SIGFPE &&
	    signo != SIGILL && signo != SIGTRAP)
		return 0; /* a host signal from outside the instance: not the guest's */
	err = host_ptrace_getsiginfo(t->tid, &si);
	if (err)
		return err;
	if (si.si_code <= 0)
		return 0; /* sent by a process (kill, tgkill), not a fault */
	if (signo == SIGSYS) {
		u64 call = (u64)(uintptr_t)si.si_call_addr;

		if (si.si_code != 1 /* SYS_SECCOMP */)
			return 0;
		err = ptrace_fetch_regs(t);
		if (err)
			return err;
		ev->kind = TRAP_SYSCALL;
		ev->sys.nr = si.si_syscall;
		ev->sys.foreign_abi = si.si_arch != AUDIT_ARCH_X86_64;
		/* The host already emulated the vsyscall's `ret` (rip, rsp). */
		ev->sys.vsyscall = call >= VSYSCALL_ADDR && call < VSYSCALL_ADDR + PAGE_SIZE;
		for (int i = 0; i < 6; i++)
			ev->sys.args[i] = regs_syscall_arg(&t->regs, i);
		if (!ev->sys.vsyscall)
			ev->sys.foreign_abi = true; /* seccomp saw it, SYSEMU did not */
		return 1;
	}
	ev->kind = TRAP_FAULT;
	ev->fault.signo = signo;
	ev->fault.code = si.si_code;
	ev->fault.addr = (uaddr_t)(uintptr_t)si.si_addr;
	ev->fault.trapno = guess_trapno(signo, si.si_code);
	ev->fault.err = 0;
	return 1;
}

static int ptrace_run(struct trap_thread *t, struct trap_event *ev)
{
	int status, err;

	memset(ev, 0, sizeof(*ev));
	if (t->dead)
		goto exited;
	if (__atomic_exchange_n(&t->interrupt_pending, 0, __ATOMIC_SEQ_CST)) {
		ev->kind = TRAP_INTERRUPT;
		return 0;
	}
	err = flush_context(t);
	if (err == -ESRCH)
		goto exited;
	if (err)
		return err;
	for (;;) {
		int sig, r;

		err = host_ptrace_resume(PTRACE_SYSEMU, t->tid, 0);
		if (err && err != -ESRCH)
			return err;
		if (wait_stop(t, &status))
			goto exited;
		sig = w_stopsig(status);
		if (sig == SYSGOOD_TRAP) {
			err = report_syscall(t, ev);
			return err;
		}
		switch (w_event(status)) {
		case PTRACE_EVENT_EXIT: {
			unsigned long msg = 0;

			host_ptrace_geteventmsg(t->tid, &msg);
			t->dead = true;
			t->wait_status = (int)msg;
			goto exited;
		}
		case PTRACE_EVENT_STOP:
			continue; /* a group stop from outside: resume */
		case 0:
			break;
		default:
			continue;
		}
		r = report_signal(t, sig, ev);
		if (r < 0 && r != -ESRCH)
			return r;
		if (r == -ESRCH)
			goto exited;
		if (r > 0)
			return 0;
	}
exited:
	t->dead = true;
	ev->kind = TRAP_EXIT;
	ev->exit.wait_status = t->wait_status;
	return 0;
}

static int ptrace_interrupt(struct trap_thread *t)
{
	__atomic_store_n(&t->interrupt_pending, 1, __ATOMIC_SEQ_CST);
	if (t->dead)
		return 0;
	return host_tgkill(t->as->pid, t->tid, UMK_SIG_INTERRUPT);
}

static int ptrace_set_syscall_return(struct trap_thread *t, long value)
{
	return host_ptrace_pokeuser(t->tid, offsetof(struct user_regs, rax), (unsigned long)value);
}

/*
 * Runs the stub from rip with regs r until it stops at an int3 inside
 * [lo, hi]; returns 0 with *rax, -EFAULT if it faulted there, -ESRCH if the
 * thread died. The guest context is restored before the next trap_run.
 */
static int inject(struct trap_thread *t, struct user_regs *r, u64 lo, u64 hi, u64 *rax)
{
	int status, err;

	if (t->dead)
		return -ESRCH;
	if (!t->regs_valid) {
		err = ptrace_fetch_regs(t);
		if (err)
			return err;
	}
	r->orig_rax = (u64)-1;
	r->eflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED; /* no trap flag, no direction flag */
	r->cs = t->regs.cs;
	r->ss = t->regs.ss;
	err = host_ptrace_setregs(t->tid, r);
	if (err)
		return err;
	t->host_clobbered = true;
	for (;;) {
		int sig;
		struct user_regs now;

		err = host_ptrace_resume(PTRACE_CONT, t->tid, 0);
		if (err && err != -ESRCH)
			return err;
		if (wait_stop(t, &status))
			return -ESRCH;
		sig = w_stopsig(status);
		if (w_event(status) == PTRACE_EVENT_EXIT) {
			t->dead = true;
			return -ESRCH;
		}
		if (w_event(status))
			continue;
		if (sig == UMK_SIG_INTERRUPT) {
			/* Keep it for the next trap_run. */
			__atomic_store_n(&t->interrupt_pending, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		if (sig != SIGTRAP && sig != SIGSEGV && sig != SIGBUS)
			continue; /* suppressed */
		err = host_ptrace_getregs(t->tid, &now);
		if (err)
			return err;
		if (now.rip < lo || now.rip > hi) {
			pr_warn("ptrace: thread %d stopped (signal %d) outside the stub at %llx\n",
				t->tid, sig, (unsigned long long)now.rip);
			return -EIO;
		}
		if (sig != SIGTRAP)
			return -EFAULT;
		*rax = now.rax;
		return 0;
	}
}

static long ptrace_as_syscall(struct trap_thread *t, long nr, const u64 args[6])
{
	struct user_regs r;
	u64 rax = 0;
	int err;

	if (!t->regs_valid && (err = ptrace_fetch_regs(t)))
		return err;
	r = t->regs;
	r.rip = stub.syscall_gadget;
	r.rax = (u64)nr;
	r.rdi = args[0];
	r.rsi = args[1];
	r.rdx = args[2];
	r.r10 = args[3];
	r.r8 = args[4];
	r.r9 = args[5];
	/* syscall is 2 bytes, int3 1: the stop is right after the int3. */
	err = inject(t, &r, stub.syscall_gadget + 3, stub.syscall_gadget + 3, &rax);
	return err ? err : (long)rax;
}

/* The scratch page of t's stub thread area, where injected calls find their data. */
static uaddr_t scratch(const struct trap_thread *t)
{
	return STUB_THREADS_BASE + (uaddr_t)t->slot * STUB_THREAD_AREA;
}

struct take_fd_scratch {
	struct user_msghdr msg;
	u64 iov[2];
	u64 seq;
	union {
		unsigned char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr hdr;
	} cmsg;
};

static long ptrace_as_take_fd(struct trap_thread *t, int hostfd)
{
	static u64 next_seq;
	uaddr_t s = scratch(t);
	struct take_fd_scratch sc;
	u64 seq = __atomic_add_fetch(&next_seq, 1, __ATOMIC_RELAXED);
	long n;

	n = host_send_fds(t->as->ctl, &seq, sizeof(seq), &hostfd, 1);
	if (n < 0)
		return n;
	/* A stale message (an earlier call that failed half-way) is drained first. */
	for (int tries = 0; tries < 4; tries++) {
		u64 args[6] = { STUB_CTL_FD, s, MSG_CMSG_CLOEXEC | MSG_DONTWAIT };
		int gfd = -1;

		memset(&sc, 0, sizeof(sc));
		sc.msg.msg_iov = s + offsetof(struct take_fd_scratch, iov);
		sc.msg.msg_iovlen = 1;
		sc.msg.msg_control = s + offsetof(struct take_fd_scratch, cmsg);
		sc.msg.msg_controllen = sizeof(sc.cmsg);
		sc.iov[0] = s + offsetof(struct take_fd_scratch, seq);
		sc.iov[1] = sizeof(u64);
		/* The scratch page is stub memory, above what as_write may touch. */
		if (host_process_vm_write(t->as->pid, &sc, s, sizeof(sc)) != sizeof(sc))
			return -EFAULT;
		n = ptrace_as_syscall(t, __NR_recvmsg, args);
		if (n < 0)
			return n;
		if (host_process_vm_read(t->as->pid, &sc, s, sizeof(sc)) != sizeof(sc))
			return -EFAULT;
		/* Copied once; now validate what the guest process's memory said. */
		if (sc.msg.msg_controllen >= CMSG_LEN(sizeof(int)) &&
		    sc.cmsg.hdr.cmsg_level == SOL_SOCKET && sc.cmsg.hdr.cmsg_type == SCM_RIGHTS &&
		    sc.cmsg.hdr.cmsg_len >= CMSG_LEN(sizeof(int)))
			memcpy(&gfd, CMSG_DATA(&sc.cmsg.hdr), sizeof(int));
		if (gfd < 0 || gfd == STUB_CTL_FD || gfd > 1024)
			return -EIO;
		if (n == sizeof(u64) && sc.seq == seq)
			return gfd;
		{
			u64 cargs[6] = { (u64)gfd };

			ptrace_as_syscall(t, __NR_close, cargs);
		}
	}
	return -EIO;
}

static int ptrace_atomic(struct trap_thread *t, enum as_atomic_op op, uaddr_t uaddr, u32 arg,
			 u32 cmp, u32 *old)
{
	struct user_regs r;
	u64 rax = 0;
	int err;

	if (!t->regs_valid && (err = ptrace_fetch_regs(t)))
		return err;
	r = t->regs;
	r.rip = stub.atomic_entry;
	r.rdi = (u64)op;
	r.rsi = uaddr;
	r.rdx = arg;
	r.rcx = cmp;
	err = inject(t, &r, stub.atomic_entry, stub.atomic_end, &rax);
	if (err)
		return err;
	*old = (u32)rax;
	return 0;
}

/* Runs one of the stub's clone gadgets (fork or thread) by injection. */
static long run_clone_gadget(struct trap_thread *t, u64 entry, u64 end, u64 a0, u64 a1)
{
	struct user_regs r;
	u64 rax = 0;
	int err;

	if (!t->regs_valid && (err = ptrace_fetch_regs(t)))
		return err;
	r = t->regs;
	r.rip = entry;
	r.rdi = a0;
	r.rsi = a1;
	/* The parent stops right after the int3 at end. */
	err = inject(t, &r, end + 1, end + 1, &rax);
	return err ? err : (long)rax;
}

static long ptrace_fork(struct trap_thread *t, int ctl_slot, int mem_slot)
{
	return run_clone_gadget(t, stub.fork_gadget, stub.fork_end, (u64)ctl_slot, (u64)mem_slot);
}

static long ptrace_clone_thread(struct trap_thread *t, int slot)
{
	return run_clone_gadget(t, stub.clone_gadget, stub.clone_end, (u64)slot, 0);
}

static void ptrace_release(struct trap_thread *t)
{
	int status;

	if (t->reaped)
		return;
	if (!t->dead) {
		/* Still running guest code paths: end the host thread itself. */
		u64 args[6] = { 0 };

		ptrace_as_syscall(t, __NR_exit, args);
	}
	/* It may be held at its exit event (seen by trap_run or the injection):
	 * let it go (ESRCH, harmless, when it is not stopped), then collect it. */
	host_ptrace_resume(PTRACE_CONT, t->tid, 0);
	while (!t->reaped) {
		if (wait_stop(t, &status))
			break;
		host_ptrace_resume(PTRACE_CONT, t->tid, 0);
	}
}

static int ptrace_init(void)
{
	return 0;
}

const struct trap_ops ptrace_trap_ops = {
	.name = "ptrace",
	.init = ptrace_init,
	.adopt = ptrace_adopt,
	.run = ptrace_run,
	.interrupt = ptrace_interrupt,
	.fetch_regs = ptrace_fetch_regs,
	.set_syscall_return = ptrace_set_syscall_return,
	.fetch_fpu = ptrace_fetch_fpu,
	.fpu_size = ptrace_fpu_size,
	.release = ptrace_release,
	.as_syscall = ptrace_as_syscall,
	.as_take_fd = ptrace_as_take_fd,
	.atomic = ptrace_atomic,
	.fork = ptrace_fork,
	.clone_thread = ptrace_clone_thread,
};
