// SPDX-License-Identifier: GPL-2.0
/*
 * The in-guest stub: a tiny freestanding image at STUB_BASE in every guest
 * host process. This file is its C part:
 *
 *  - the zygote (zygote_main): umk executes the stub image once per
 *    instance; it drops every host mapping but its own, then serves spawn
 *    requests on its descriptor 3 by forking blank processes;
 *  - the blank process (blank_main): keeps only its control socket, maps
 *    its thread areas, limits itself, (under trap=seccomp) installs its
 *    signal handlers on its own stack, installs the guest seccomp filter,
 *    says hello to umk and parks until its task thread adopts it;
 *  - under trap=seccomp, the signal handler (stub_signal): every guest
 *    system call (SIGSYS), fault and interrupt is reported to umk through
 *    the thread's control page; the handler runs what umk asks (host system
 *    calls for the address space, atomics) and returns to the guest with
 *    the registers umk left in the signal frame.
 *
 * No libc: system calls are made with inline `syscall` instructions, all of
 * them inside the stub text, which the filter checks. The guest can run any
 * of this code with any registers and write every writable stub page: none
 * of it holds authority the guest lacks.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <asm/prctl.h>
#include <asm/socket.h>
#include <asm/unistd.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <linux/seccomp.h>
#include <linux/signal.h>
#include <linux/uio.h>
#include <umk/abi.h>

#include "abi.h"

#define UMK_SIG_INTERRUPT 23 /* SIGURG, as arch-um/internal.h */
#define SYS_SECCOMP 1

/* Everything is in this one image: no GOT, direct references only. */
#pragma GCC visibility push(hidden)

/* Used by entry.S. */
char zygote_stack[65536] __attribute__((aligned(16)));
void zygote_main(void) __attribute__((noreturn, used));
void stub_sigreturn(void);
void stub_park_trap(void);
long stub_atomic_c(long op, uint64_t uaddr, uint32_t arg, uint32_t cmp);
extern const char stub_atomic_c_end[], stub_atomic_fault[];
size_t stub_copy(void *dst, const void *src, size_t n);
extern const char stub_copy_end[], stub_copy_fault[];
long stub_fork(int ctl_slot, int mem_slot);
long stub_clone_thread(int slot);
void stub_fork_child(int ctl_slot, int mem_slot) __attribute__((noreturn, used));
void stub_thread_main(int slot) __attribute__((noreturn, used));
extern const char __stub_text_start[], __stub_text_end[];
void stub_return(struct stub_ucontext *uc) __attribute__((noreturn));
void stub_interrupted(struct stub_ucontext *uc) __attribute__((noreturn));
extern const char stub_return_end[];

/* The offsets entry.S uses. */
_Static_assert(offsetof(struct stub_shared, intr_gen) == SH_INTR_GEN, "SH_INTR_GEN");
_Static_assert(offsetof(struct stub_shared, intr_ack) == SH_INTR_ACK, "SH_INTR_ACK");
_Static_assert(offsetof(struct stub_shared, tid_word) == SH_TID_WORD, "SH_TID_WORD");
_Static_assert(offsetof(struct stub_ucontext, uc_flags) == UC_FLAGS, "UC_FLAGS");
_Static_assert(offsetof(struct stub_ucontext, mc.r8) == UC_R8, "UC_R8");
_Static_assert(offsetof(struct stub_ucontext, mc.r15) == UC_R15, "UC_R15");
_Static_assert(offsetof(struct stub_ucontext, mc.rdi) == UC_RDI, "UC_RDI");
_Static_assert(offsetof(struct stub_ucontext, mc.rcx) == UC_RCX, "UC_RCX");
_Static_assert(offsetof(struct stub_ucontext, mc.rsp) == UC_RSP, "UC_RSP");
_Static_assert(offsetof(struct stub_ucontext, mc.rip) == UC_RIP, "UC_RIP");
_Static_assert(offsetof(struct stub_ucontext, mc.eflags) == UC_EFLAGS, "UC_EFLAGS");
_Static_assert(offsetof(struct stub_ucontext, mc.fpstate) == UC_FPSTATE, "UC_FPSTATE");

static struct zygote_msg config; /* the last ZYGOTE_INIT */

static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define sys0(nr) sys6(nr, 0, 0, 0, 0, 0, 0)
#define sys1(nr, a) sys6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b) sys6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c) sys6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d) sys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static __attribute__((noreturn)) void die(void)
{
	for (;;)
		sys1(__NR_exit_group, 127);
}

static void stub_memcpy(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;

	while (n--)
		*dp++ = *sp++;
}

/* Receives one message and up to two descriptors (-1 where none came). */
static long recv_msg(void *buf, size_t len, int *fd0, int *fd1)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 4)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct user_msghdr msg = { .msg_iov = (uintptr_t)&iov,
				   .msg_iovlen = 1,
				   .msg_control = (uintptr_t)u.buf,
				   .msg_controllen = sizeof(u.buf) };
	long n = sys3(__NR_recvmsg, STUB_CTL_FD, &msg, MSG_CMSG_CLOEXEC);
	struct cmsghdr *c = (struct cmsghdr *)u.buf;

	*fd0 = *fd1 = -1;
	if (n < 0)
		return n;
	if (msg.msg_controllen >= sizeof(*c) && c->cmsg_level == SOL_SOCKET &&
	    c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
		int *fds = (int *)CMSG_DATA(c);
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		*fd0 = fds[0];
		if (k > 1)
			*fd1 = fds[1];
		for (int i = 2; i < k; i++)
			sys1(__NR_close, fds[i]);
	}
	return n;
}

static long send_msg_on(int fd, const void *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct user_msghdr msg = { .msg_iov = (uintptr_t)&iov, .msg_iovlen = 1 };

	return sys3(__NR_sendmsg, fd, &msg, MSG_NOSIGNAL);
}

static long send_msg(const void *buf, size_t len)
{
	return send_msg_on(STUB_CTL_FD, buf, len);
}

/* Where a blank process reports a failed set-up step (its control socket). */
static int setup_fd = -1;

/* Says which set-up step failed (umk logs it), then ends the process. */
static __attribute__((noreturn)) void setup_failed(int step)
{
	struct stub_hello fail = { .magic = STUB_SPAWN_FAILED,
				   .version = STUB_SETUP_STEP | (uint32_t)step };

	if (setup_fd >= 0)
		send_msg_on(setup_fd, &fail, sizeof(fail));
	die();
}

/* --- the hand-over (trap=seccomp) ------------------------------------------- */

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_SEQ_CST)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_SEQ_CST)

static inline uint64_t rdtscp_cpu(uint32_t *cpu)
{
	uint32_t lo, hi, aux;

	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	*cpu = aux & 0xfff;
	return ((uint64_t)hi << 32) | lo;
}

/* The control page of the thread whose signal stack sp is on. */
static struct stub_shared *shared_of(uintptr_t sp)
{
	return (struct stub_shared *)(sp & ~(STUB_THREAD_AREA - 1));
}

/* Posts a new state and wakes umk if it sleeps; returns whether it did. */
static bool post(struct stub_shared *sh, uint32_t state)
{
	STORE(sh->state, state);
	if (!LOAD(sh->umk_sleeping))
		return false;
	sys3(__NR_futex, &sh->state, FUTEX_WAKE, 1);
	return true;
}

/*
 * Waits until state is no longer from and returns the new state (DESIGN
 * §3). Spins only while umk is awake on another CPU (or was just woken and
 * has not turned up on this one), for at most spin_cycles; otherwise sleeps
 * on the futex at once.
 */
static uint32_t await_change(struct stub_shared *sh, uint32_t from, bool woke)
{
	uint32_t cpu, s;
	uint64_t start = rdtscp_cpu(&cpu);
	uint64_t bound = LOAD(sh->spin_cycles);

	STORE(sh->stub_cpu, cpu);
	for (;;) {
		s = LOAD(sh->state);
		if (s != from)
			return s;
		if ((!woke && LOAD(sh->umk_sleeping)) || LOAD(sh->umk_cpu) == cpu ||
		    rdtscp_cpu(&cpu) - start > bound)
			break;
		__builtin_ia32_pause();
	}
	for (;;) {
		STORE(sh->stub_sleeping, 1);
		s = LOAD(sh->state);
		if (s == from)
			sys4(__NR_futex, &sh->state, FUTEX_WAIT, from, 0);
		STORE(sh->stub_sleeping, 0);
		rdtscp_cpu(&cpu);
		STORE(sh->stub_cpu, cpu); /* where this thread woke up */
		s = LOAD(sh->state);
		if (s != from)
			return s;
	}
}

static inline uint64_t read_fs_base(void)
{
	uint64_t v;

	if (config.fsgsbase) {
		__asm__ volatile("rdfsbase %0" : "=r"(v));
		return v;
	}
	sys2(__NR_arch_prctl, ARCH_GET_FS, &v);
	return v;
}

static inline uint64_t read_gs_base(void)
{
	uint64_t v;

	if (config.fsgsbase) {
		__asm__ volatile("rdgsbase %0" : "=r"(v));
		return v;
	}
	sys2(__NR_arch_prctl, ARCH_GET_GS, &v);
	return v;
}

static void write_bases(uint64_t fs, uint64_t gs)
{
	if (config.fsgsbase) {
		__asm__ volatile("wrfsbase %0" : : "r"(fs));
		__asm__ volatile("wrgsbase %0" : : "r"(gs));
		return;
	}
	sys2(__NR_arch_prctl, ARCH_SET_FS, fs);
	sys2(__NR_arch_prctl, ARCH_SET_GS, gs);
}

/* Receives a descriptor umk sent for a mapping, with the payload umk sent. */
static long take_fd(struct stub_shared *sh)
{
	uint64_t payload = 0;
	int fd, extra;
	long n = recv_msg(&payload, sizeof(payload), &fd, &extra);

	if (extra >= 0)
		sys1(__NR_close, extra);
	sh->cmd_args[6] = payload;
	if (n < 0)
		return n;
	return fd >= 0 ? fd : -5 /* EIO */;
}

static void run_cmd(struct stub_shared *sh)
{
	uint64_t *a = sh->cmd_args;
	uint32_t cmd = LOAD(sh->cmd);

	switch (cmd) {
	case STUB_CMD_SYSCALL:
		sh->cmd_result = sys6((long)a[0], (long)a[1], (long)a[2], (long)a[3], (long)a[4],
				      (long)a[5], (long)a[6]);
		break;
	case STUB_CMD_TAKE_FD:
		sh->cmd_result = take_fd(sh);
		break;
	case STUB_CMD_ATOMIC: {
		long r = stub_atomic_c((long)a[0], a[1], (uint32_t)a[2], (uint32_t)a[3]);

		sh->cmd_result = r < 0 ? r : 0;
		sh->cmd_old = (uint32_t)r;
		break;
	}
	case STUB_CMD_COPY_IN:
	case STUB_CMD_COPY_OUT: {
		char *buf = (char *)sh + STUB_COPY_OFFSET;
		char *guest = (char *)(uintptr_t)LOAD(a[0]);
		uint64_t len = LOAD(a[1]); /* read once: the guest can change it */
		size_t n = len < STUB_COPY_MAX ? len : STUB_COPY_MAX;

		if (cmd == STUB_CMD_COPY_IN)
			sh->cmd_result = (long)stub_copy(buf, guest, n);
		else
			sh->cmd_result = (long)stub_copy(guest, buf, n);
		break;
	}
	case STUB_CMD_FORK:
		sh->cmd_result = stub_fork((int)LOAD(a[0]), (int)LOAD(a[1]));
		break;
	case STUB_CMD_CLONE: {
		uint64_t slot = LOAD(a[0]);

		sh->cmd_result = slot < STUB_THREADS ? stub_clone_thread((int)slot) : -22;
		break;
	}
	case STUB_CMD_EXIT:
		for (;;)
			sys1(__NR_exit, 0);
	default:
		sh->cmd_result = -22; /* EINVAL */
	}
}

/* Reports a request and serves umk until it says resume. */
static void serve(struct stub_shared *sh)
{
	uint32_t s = STUB_REQUEST;
	bool woke;

	sh->seq++;
	woke = post(sh, STUB_REQUEST);
	for (;;) {
		s = await_change(sh, s, woke);
		woke = false;
		if (s == STUB_RESUME)
			break;
		if (s == STUB_CMD) {
			run_cmd(sh);
			woke = post(sh, STUB_CMD_DONE);
			s = STUB_CMD_DONE;
		}
		/* Anything else was written by the guest: wait for umk's word. */
	}
	if (LOAD(sh->set_bases)) {
		STORE(sh->set_bases, 0);
		write_bases(sh->new_fs_base, sh->new_gs_base);
	}
}

/* Posts a request about the frame uc and serves it. */
static void report(struct stub_shared *sh, struct stub_ucontext *uc, int sig, uint32_t kind)
{
	sh->kind = kind;
	sh->signo = sig;
	sh->uc = (uintptr_t)uc;
	sh->fs_base = read_fs_base();
	sh->gs_base = read_gs_base();
	serve(sh);
}

/* From stub_return: an interrupt came before the guest could be resumed. */
void stub_interrupted(struct stub_ucontext *uc)
{
	struct stub_shared *sh = shared_of((uintptr_t)uc);

	STORE(sh->intr_ack, LOAD(sh->intr_gen));
	report(sh, uc, UMK_SIG_INTERRUPT, STUB_KIND_INTERRUPT);
	stub_return(uc);
}

static bool in_stub_text(uint64_t ip)
{
	return ip >= (uintptr_t)__stub_text_start && ip < (uintptr_t)__stub_text_end;
}

/*
 * The handler of SIGSYS, the fault signals and UMK_SIG_INTERRUPT, on the
 * thread's own signal stack (which locates its control page). It returns
 * to the guest through stub_return; the cases that resume stub code return
 * normally, through rt_sigreturn.
 */
void stub_signal(int sig, siginfo_t *si, void *ucontext);
void stub_signal(int sig, siginfo_t *si, void *ucontext)
{
	struct stub_ucontext *uc = ucontext;
	struct stub_shared *sh = shared_of((uintptr_t)__builtin_frame_address(0));
	uint64_t ip = uc->mc.rip;
	uint32_t kind;

	if (sig == UMK_SIG_INTERRUPT) {
		uint32_t gen = LOAD(sh->intr_gen);

		if (in_stub_text(ip)) {
			/* The thread is in this handler already: stub_return
			 * reports the interrupt on its way out; from inside
			 * stub_return, start it again so that it sees it. */
			if (ip >= (uintptr_t)stub_return && ip < (uintptr_t)stub_return_end) {
				uc->mc.rip = (uintptr_t)stub_return;
				uc->mc.rdi = LOAD(sh->uc);
			}
			return;
		}
		if (gen == LOAD(sh->intr_ack))
			return; /* stale, or meant for a thread that has gone */
		STORE(sh->intr_ack, gen);
		kind = STUB_KIND_INTERRUPT;
	} else if (sig == SIGSYS) {
		if (si->si_code != SYS_SECCOMP)
			return;
		kind = STUB_KIND_SYSCALL;
		sh->syscall_nr = si->si_syscall;
		sh->arch = si->si_arch;
		sh->addr = (uint64_t)(uintptr_t)si->si_call_addr;
	} else if (in_stub_text(ip)) {
		if (ip >= (uintptr_t)stub_atomic_c && ip < (uintptr_t)stub_atomic_c_end) {
			uc->mc.rip = (uintptr_t)stub_atomic_fault; /* -EFAULT */
			return;
		}
		if (ip >= (uintptr_t)stub_copy && ip < (uintptr_t)stub_copy_end) {
			uc->mc.rip = (uintptr_t)stub_copy_fault; /* a short count */
			return;
		}
		if (sig != SIGILL || ip != (uintptr_t)stub_park_trap)
			die(); /* the guest damaged the stub's environment */
		kind = STUB_KIND_ADOPT;
	} else {
		kind = STUB_KIND_FAULT;
		sh->code = si->si_code;
		sh->addr = (uint64_t)(uintptr_t)si->si_addr;
	}
	report(sh, uc, sig, kind);
	stub_return(uc);
}

/* --- blank processes ----------------------------------------------------- */

static struct stub_shared *area_of(int slot)
{
	return (struct stub_shared *)(STUB_THREADS_BASE + (uint64_t)slot * STUB_THREAD_AREA);
}

/*
 * The signal stack of the thread whose area is sh (trap=seccomp). A forked
 * child inherits its parent thread's setting: when that is area 0 already,
 * the child runs on it and the host refuses the change (EPERM), harmlessly.
 */
static void set_sigstack(struct stub_shared *sh)
{
	struct {
		uint64_t sp;
		int32_t flags;
		int32_t pad;
		uint64_t size;
	} ss = { (uintptr_t)sh + STUB_SIGSTACK_OFFSET, 0, 0, STUB_SIGSTACK_SIZE };
	long r = sys2(__NR_sigaltstack, &ss, 0);

	if (r < 0 && r != -1 /* EPERM */)
		setup_failed(300);
}

static void install_handlers(void)
{
	static const int sigs[] = { SIGSYS, SIGSEGV, SIGBUS,	       SIGFPE,
				    SIGILL, SIGTRAP, UMK_SIG_INTERRUPT };
	struct k_sigaction sa = {
		.handler = (uintptr_t)stub_signal,
		/* Nothing blocked while it runs: stub_return leaves the mask
		 * as it is, and handles interrupts that come meanwhile. */
		.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_NODEFER,
		.restorer = (uintptr_t)stub_sigreturn,
	};
	set_sigstack(area_of(0));
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sys4(__NR_rt_sigaction, sigs[i], &sa, 0, 8) < 0)
			setup_failed(200 + sigs[i]);
}

static void set_limit(int res, uint64_t v)
{
	struct rlimit r = { v, v };

	if (sys2(__NR_setrlimit, res, &r) < 0)
		setup_failed(100 + res);
}

/*
 * Parks until umk adopts this thread: under ptrace it seizes the thread
 * here; under seccomp it says go, and the trap starts the handler, whose
 * frame becomes the thread's first context.
 */
static __attribute__((noreturn)) void park(struct stub_shared *sh)
{
	for (;;) {
		uint32_t s = LOAD(sh->state);

		if (s == STUB_GO)
			break;
		sys4(__NR_futex, &sh->state, FUTEX_WAIT, s, 0);
	}
	stub_park_trap();
	die();
}

/* The blank process: runs in the fork child of the zygote; never returns. */
static __attribute__((noreturn)) void blank_main(int ctl, int memfd)
{
	struct sock_fprog prog = { .len = (unsigned short)config.filter_len,
				   .filter = (struct sock_filter *)config.filter };
	struct stub_hello hello = { .magic = STUB_MAGIC, .version = STUB_VERSION };
	struct stub_shared *sh0 = (struct stub_shared *)STUB_THREADS_BASE;
	struct k_sigaction dfl = { 0, 0, 0, 0 };
	bool seccomp = config.mode == STUB_MODE_SECCOMP;
	long r;

	setup_fd = ctl;
	/* Only the control socket stays, at its fixed slot. */
	if (ctl != STUB_CTL_FD) {
		if (sys2(__NR_dup2, ctl, STUB_CTL_FD) != STUB_CTL_FD)
			setup_failed(1);
		sys1(__NR_close, ctl);
		setup_fd = STUB_CTL_FD;
	}
	/* The thread areas: reserved now, since the filter refuses stub-region
	 * mappings later. Shared with umk under seccomp; untouched pages cost
	 * nothing either way. */
	if (seccomp && memfd >= 0)
		r = sys6(__NR_mmap, STUB_THREADS_BASE, STUB_THREADS * STUB_THREAD_AREA,
			 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, memfd, 0);
	else
		r = sys6(__NR_mmap, STUB_THREADS_BASE, STUB_THREADS * STUB_THREAD_AREA,
			 PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
	if (r != (long)STUB_THREADS_BASE || (seccomp && memfd < 0))
		setup_failed(2);
	if (sys3(__NR_close_range, STUB_CTL_FD + 1, ~0U, 0) < 0)
		setup_failed(3);
	for (int fd = 0; fd < STUB_CTL_FD; fd++)
		sys1(__NR_close, fd);
	if (sys2(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL) < 0)
		setup_failed(4);
	/* The zygote ignores SIGCHLD; a guest host process keeps that (its host
	 * children are reaped by the host, umk tracks them itself). */
	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGCHLD && sig != SIGKILL && sig != SIGSTOP)
			sys4(__NR_rt_sigaction, sig, &dfl, 0, 8);
	sys4(__NR_rt_sigprocmask, SIG_SETMASK, &dfl.mask, 0, 8);
	/* Host limits, before the filter (the guest can map and clone through
	 * the stub without umk seeing it). */
	set_limit(RLIMIT_CORE, 0);
	if (config.rlimit_nofile)
		set_limit(RLIMIT_NOFILE, config.rlimit_nofile);
	if (config.rlimit_as)
		set_limit(RLIMIT_AS, config.rlimit_as);
	if (config.rlimit_nproc)
		set_limit(RLIMIT_NPROC, config.rlimit_nproc);
	/* The host clears tid_word and wakes its futex when this thread exits. */
	sh0->tid = (uint32_t)sys0(__NR_gettid);
	sh0->tid_word = sh0->tid;
	sys1(__NR_set_tid_address, &sh0->tid_word);
	if (seccomp)
		install_handlers();
	if (sys2(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1) < 0)
		setup_failed(5);
	if (!config.filter_len || sys3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		setup_failed(6);
	if (send_msg(&hello, sizeof(hello)) != sizeof(hello))
		setup_failed(7);
	park(sh0);
}

/*
 * A forked child, on its own thread area 0 (entry.S switched to it): takes
 * its control socket, drops its parent's, says hello and parks.
 */
void stub_fork_child(int ctl_slot, int mem_slot)
{
	struct stub_hello hello = { .magic = STUB_MAGIC, .version = STUB_VERSION };
	struct stub_shared *sh0 = area_of(0);

	if (ctl_slot < 0 || ctl_slot >= STUB_CTL_FD ||
	    sys3(__NR_dup3, ctl_slot, STUB_CTL_FD, 0) != STUB_CTL_FD)
		die();
	for (int fd = 0; fd < STUB_CTL_FD; fd++)
		sys1(__NR_close, fd);
	(void)mem_slot; /* closed with the other transient slots */
	STORE(sh0->state, STUB_GUEST);
	sh0->tid = (uint32_t)sys0(__NR_gettid);
	STORE(sh0->tid_word, sh0->tid);
	if (config.mode == STUB_MODE_SECCOMP)
		set_sigstack(sh0);
	if (send_msg(&hello, sizeof(hello)) != sizeof(hello))
		die();
	park(sh0);
}

/* A new thread, on its own area's stack: its host wrote the tid word. */
void stub_thread_main(int slot)
{
	struct stub_shared *sh = area_of(slot);

	sh->tid = LOAD(sh->tid_word);
	if (config.mode == STUB_MODE_SECCOMP)
		set_sigstack(sh);
	park(sh);
}

void zygote_main(void)
{
	struct k_sigaction ign = { (uintptr_t)SIG_IGN, 0, 0, 0 };
	static struct zygote_msg msg;

	/* Drop every host mapping outside the stub region: the host's stack,
	 * vdso and vvar. Nothing else of the host's stays in any guest. */
	sys2(__NR_munmap, 0, STUB_BASE);
	sys2(__NR_munmap, STUB_BASE + STUB_REGION_SIZE,
	     HOST_TASK_SIZE - (STUB_BASE + STUB_REGION_SIZE));
	sys4(__NR_rt_sigaction, SIGCHLD, &ign, 0, 8);

	for (;;) {
		int fd0, fd1;
		long n = recv_msg(&msg, sizeof(msg), &fd0, &fd1);

		if (n == -4 /* EINTR */)
			continue;
		if (n <= 0)
			sys1(__NR_exit_group, 0); /* umk is gone */
		if (n >= 8 && msg.op == ZYGOTE_INIT && msg.filter_len <= ZYGOTE_FILTER_MAX) {
			stub_memcpy(&config, &msg, sizeof(config));
		} else if (msg.op == ZYGOTE_SPAWN && fd0 >= 0) {
			long pid = sys6(__NR_clone, STUB_CLONE_ZYGOTE, 0, 0, 0, 0, 0);

			if (pid == 0)
				blank_main(fd0, fd1);
			if (pid < 0) {
				/* Say why on the new process's own socket, then close it. */
				struct stub_hello fail = { .magic = STUB_SPAWN_FAILED,
							   .version = (uint32_t)-pid };

				send_msg_on(fd0, &fail, sizeof(fail));
			}
		}
		if (fd0 >= 0)
			sys1(__NR_close, fd0);
		if (fd1 >= 0)
			sys1(__NR_close, fd1);
	}
}
