/*
 * signals: generating, blocking, queueing and delivering signals. What a
 * handler's siginfo says for kill, tkill, tgkill, sigqueue and
 * rt_sigqueueinfo; SA_RESETHAND, SA_NODEFER and sa_mask; per-thread masks and
 * which thread a process signal goes to; standard signals coalescing while
 * real-time ones queue, in order; kill to a process group; sigaltstack;
 * sigsuspend, sigtimedwait and pause; the default actions seen by a parent
 * (termination, stop and continue) and the SIGCHLD it gets.
 *
 * This program is init (pid 1): a signal whose action is the default is
 * discarded when sent to it, so every signal it sends itself has a handler,
 * and default actions are tried on children. It never uses kill(0, ...):
 * natively init's process group is the runner's, outside its namespace.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "guest.h"

#define MAXSIG 65

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static const char *code_name(int code)
{
	switch (code) {
	case SI_USER:
		return "SI_USER";
	case SI_TKILL:
		return "SI_TKILL";
	case SI_QUEUE:
		return "SI_QUEUE";
	case SI_KERNEL:
		return "SI_KERNEL";
	case SI_TIMER:
		return "SI_TIMER";
	}
	return "other";
}

static const char *cld_name(int code)
{
	switch (code) {
	case CLD_EXITED:
		return "CLD_EXITED";
	case CLD_KILLED:
		return "CLD_KILLED";
	case CLD_DUMPED:
		return "CLD_DUMPED";
	case CLD_STOPPED:
		return "CLD_STOPPED";
	case CLD_CONTINUED:
		return "CLD_CONTINUED";
	}
	return "other";
}

/* ---- the recording handler --------------------------------------------- */

/* What the handler saw, per signal, and the order of deliveries. */
static volatile sig_atomic_t hits[MAXSIG];
static siginfo_t seen[MAXSIG];
static pid_t seen_tid[MAXSIG];
static int seen_blocked[MAXSIG]; /* the signal itself was blocked in its handler */
static int seen_onstack[MAXSIG]; /* sigaltstack said SS_ONSTACK */
static int seen_altrange[MAXSIG]; /* a local variable was on the alternate stack */
static int order[64], values[64];
static volatile sig_atomic_t norder;
static int depth, max_depth;
static char *alt_lo, *alt_hi;
/* In a handler: a signal to raise (once), and a mask change for sigreturn. */
static int raise_in_handler;
static int add_to_uc_mask;

static void on_signal(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	sigset_t now;
	stack_t ss;
	volatile char local = 0;

	depth++;
	if (depth > max_depth)
		max_depth = depth;
	seen[sig] = *si;
	seen_tid[sig] = gettid_();
	sigprocmask(SIG_SETMASK, NULL, &now);
	seen_blocked[sig] = sigismember(&now, sig);
	sigaltstack(NULL, &ss);
	seen_onstack[sig] = (ss.ss_flags & SS_ONSTACK) != 0;
	seen_altrange[sig] = (char *)&local >= alt_lo && (char *)&local < alt_hi;
	if (norder < 64) {
		values[norder] = si->si_value.sival_int;
		order[norder++] = sig;
	}
	if (raise_in_handler) {
		int r = raise_in_handler;

		raise_in_handler = 0;
		kill(getpid(), r);
	}
	if (add_to_uc_mask) {
		sigaddset(&uc->uc_sigmask, add_to_uc_mask);
		add_to_uc_mask = 0;
	}
	depth--;
	/* Last: another thread may be waiting for this count, then read the rest. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	hits[sig]++;
}

static void catch_signal(int sig, int flags, const sigset_t *mask)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO | flags };

	if (mask)
		sa.sa_mask = *mask;
	else
		sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void reset(void)
{
	for (int i = 0; i < MAXSIG; i++)
		hits[i] = 0;
	memset(seen, 0, sizeof(seen));
	norder = 0;
	max_depth = 0;
}

static void print_order(const char *what)
{
	printf("%s:", what);
	for (int i = 0; i < norder; i++)
		printf(" %s", signal_name(order[i]));
	printf("\n");
}

static sigset_t set_of(int a, int b)
{
	sigset_t s;

	sigemptyset(&s);
	if (a)
		sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	return s;
}

static void block(int sig)
{
	sigset_t s = set_of(sig, 0);

	sigprocmask(SIG_BLOCK, &s, NULL);
}

static void unblock(int sig)
{
	sigset_t s = set_of(sig, 0);

	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

static int is_blocked(int sig)
{
	sigset_t s;

	sigprocmask(SIG_SETMASK, NULL, &s);
	return sigismember(&s, sig);
}

static int is_pending(int sig)
{
	sigset_t s;

	sigpending(&s);
	return sigismember(&s, sig);
}

/* A child that sends SIG to TARGET every 20 ms until it is killed: for the
 * waits that a signal must interrupt, however late they start. */
static pid_t pester(pid_t target, int sig)
{
	pid_t pid = guest_fork();

	if (pid == 0) {
		for (;;) {
			kill(target, sig);
			sleep_ms(20);
		}
	}
	return pid;
}

static void stop_child(pid_t pid)
{
	kill(pid, SIGKILL);
	wait_for(pid);
}

/* A child whose death by a core-dumping signal must not depend on the
 * host's core_pattern: no core is possible, so the status has no 0x80. */
static void no_core(void)
{
	struct rlimit zero = { 0, 0 };

	setrlimit(RLIMIT_CORE, &zero);
	prctl(PR_SET_DUMPABLE, 0);
}

/* ---- siginfo of each way of sending ------------------------------------ */

static void print_info(const char *how, int sig)
{
	printf("%s: handler ran %d time(s), si_signo %s, si_code %s, si_pid is the sender: %s, "
	       "si_uid %d\n",
	       how, (int)hits[sig], signal_name(seen[sig].si_signo), code_name(seen[sig].si_code),
	       yes_no(seen[sig].si_pid == getpid()), (int)seen[sig].si_uid);
}

static void test_siginfo(void)
{
	siginfo_t si;
	sigset_t usr1 = set_of(SIGUSR1, 0), old;
	union sigval v = { .sival_int = 1234 };
	int p[2];
	pid_t child;
	char c;

	catch_signal(SIGUSR1, 0, NULL);

	/* A signal a process sends itself is delivered before kill returns. */
	reset();
	kill(getpid(), SIGUSR1);
	print_info("kill", SIGUSR1);
	reset();
	syscall(SYS_tkill, gettid_(), SIGUSR1);
	print_info("tkill", SIGUSR1);
	reset();
	syscall(SYS_tgkill, getpid(), gettid_(), SIGUSR1);
	print_info("tgkill", SIGUSR1);
	reset();
	sigqueue(getpid(), SIGUSR1, v);
	print_info("sigqueue", SIGUSR1);
	printf("sigqueue: si_value %d\n", seen[SIGUSR1].si_value.sival_int);

	/* rt_sigqueueinfo: the caller writes the siginfo; to itself, any code. */
	reset();
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = -42;
	si.si_value.sival_int = 99;
	printf("rt_sigqueueinfo to itself, si_code -42: %s\n",
	       syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si) == 0 ? "ok"
									 : errno_name(errno));
	printf("the handler got si_code %d, si_value %d\n", seen[SIGUSR1].si_code,
	       seen[SIGUSR1].si_value.sival_int);

	/* To another process it may not pretend to be kill or the kernel. */
	pipe(p);
	child = guest_fork();
	if (child == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	si.si_code = SI_USER;
	report("rt_sigqueueinfo to a child, si_code SI_USER",
	       syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &si));
	si.si_code = SI_TKILL;
	report("rt_sigqueueinfo to a child, si_code SI_TKILL",
	       syscall(SYS_rt_sigqueueinfo, child, SIGUSR1, &si));
	si.si_code = SI_QUEUE;
	si.si_signo = SIGTERM;
	report("rt_sigqueueinfo to a child, SIGTERM, si_code SI_QUEUE",
	       syscall(SYS_rt_sigqueueinfo, child, SIGTERM, &si));
	printf("the child: %s\n", status_string(wait_for(child)));
	close(p[1]);

	/* From a child: si_pid is the child's pid. */
	reset();
	sigprocmask(SIG_BLOCK, &usr1, &old);
	child = guest_fork();
	if (child == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	sigsuspend(&old);
	printf("kill from a child: si_code %s, si_pid is the child: %s\n",
	       code_name(seen[SIGUSR1].si_code), yes_no(seen[SIGUSR1].si_pid == child));
	sigprocmask(SIG_SETMASK, &old, NULL);
	wait_for(child);

	/* Errors. */
	report("kill with signal 65", kill(getpid(), 65));
	report("kill with signal 0 to itself", kill(getpid(), 0));
	report("kill with signal 0 to no such process", kill(99999, 0));
	report("tkill of tid 0", syscall(SYS_tkill, 0, SIGUSR1));
	report("tgkill of no such thread", syscall(SYS_tgkill, getpid(), 99999, SIGUSR1));
	report("tgkill with the wrong thread group",
	       syscall(SYS_tgkill, 99999, gettid_(), SIGUSR1));
}

/* ---- sigaction flags and masks ------------------------------------------ */

static void test_flags(void)
{
	struct sigaction sa;
	sigset_t usr2 = set_of(SIGUSR2, 0), mask;

	/* SA_RESETHAND: one delivery, then the default again. The signal is
	 * still blocked in the handler (SA_NODEFER is a separate flag). */
	reset();
	catch_signal(SIGUSR1, SA_RESETHAND, NULL);
	kill(getpid(), SIGUSR1);
	sigaction(SIGUSR1, NULL, &sa);
	printf("SA_RESETHAND: handler ran %d time(s), then the action is SIG_DFL: %s\n",
	       (int)hits[SIGUSR1], yes_no(sa.sa_handler == SIG_DFL));
	printf("SA_RESETHAND: the signal was blocked in its handler: %s\n",
	       yes_no(seen_blocked[SIGUSR1]));

	/* Without SA_NODEFER a signal raised in its own handler waits for it
	 * to return; with SA_NODEFER the handler nests. */
	reset();
	catch_signal(SIGUSR1, 0, NULL);
	raise_in_handler = SIGUSR1;
	kill(getpid(), SIGUSR1);
	printf("raised in its own handler: ran %d times, deepest nesting %d\n", (int)hits[SIGUSR1],
	       max_depth);
	reset();
	catch_signal(SIGUSR1, SA_NODEFER, NULL);
	raise_in_handler = SIGUSR1;
	kill(getpid(), SIGUSR1);
	printf("with SA_NODEFER: ran %d times, deepest nesting %d, blocked in the handler: %s\n",
	       (int)hits[SIGUSR1], max_depth, yes_no(seen_blocked[SIGUSR1]));

	/* sa_mask is blocked during the handler: SIGUSR2 raised in SIGUSR1's
	 * handler runs after it. */
	reset();
	catch_signal(SIGUSR1, 0, &usr2);
	catch_signal(SIGUSR2, 0, NULL);
	raise_in_handler = SIGUSR2;
	kill(getpid(), SIGUSR1);
	print_order("sa_mask {SIGUSR2}, SIGUSR2 raised in SIGUSR1's handler: order");
	printf("max nesting %d; the mask is restored after: %s\n", max_depth,
	       yes_no(!is_blocked(SIGUSR1) && !is_blocked(SIGUSR2)));
	reset();
	catch_signal(SIGUSR1, 0, NULL);
	raise_in_handler = SIGUSR2;
	kill(getpid(), SIGUSR1);
	print_order("empty sa_mask, SIGUSR2 raised in SIGUSR1's handler: handler order");
	printf("max nesting %d\n", max_depth);

	/* The handler's ucontext holds the mask sigreturn restores. */
	reset();
	add_to_uc_mask = SIGUSR2;
	kill(getpid(), SIGUSR1);
	sigprocmask(SIG_SETMASK, NULL, &mask);
	printf("a signal added to uc_sigmask in the handler is blocked after it returns: %s\n",
	       yes_no(sigismember(&mask, SIGUSR2)));
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);

	/* What cannot be caught or blocked. */
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	report("sigaction SIGKILL", sigaction(SIGKILL, &sa, NULL));
	report("sigaction SIGSTOP", sigaction(SIGSTOP, &sa, NULL));
	report("sigaction signal 0", sigaction(0, &sa, NULL));
	report("sigaction signal 65", sigaction(65, &sa, NULL));
	mask = set_of(SIGKILL, SIGSTOP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	printf("SIGKILL and SIGSTOP cannot be blocked: %s\n",
	       yes_no(!is_blocked(SIGKILL) && !is_blocked(SIGSTOP)));
	report("sigprocmask bad how", sigprocmask(12345, &mask, NULL));
	report("rt_sigprocmask bad sigsetsize",
	       syscall(SYS_rt_sigprocmask, SIG_BLOCK, &mask, NULL, (size_t)4));
	report("rt_sigaction bad sigsetsize",
	       syscall(SYS_rt_sigaction, SIGUSR1, NULL, &sa, (size_t)4));
}

/* ---- pending signals: coalescing, queueing, order ------------------------ */

static void test_pending(void)
{
	sigset_t all;
	int rt1 = SIGRTMIN + 1, rt2 = SIGRTMIN + 2;

	reset();
	catch_signal(SIGUSR1, 0, NULL);
	block(SIGUSR1);
	for (int i = 0; i < 3; i++)
		kill(getpid(), SIGUSR1);
	printf("blocked SIGUSR1 sent 3 times: pending: %s, handler ran: %d\n",
	       yes_no(is_pending(SIGUSR1)), (int)hits[SIGUSR1]);
	unblock(SIGUSR1);
	printf("unblocked: standard signals coalesce, handler ran %d time(s), pending: %s\n",
	       (int)hits[SIGUSR1], yes_no(is_pending(SIGUSR1)));

	reset();
	catch_signal(rt1, 0, NULL);
	block(rt1);
	for (int i = 1; i <= 3; i++) {
		union sigval v = { .sival_int = i * 10 };

		sigqueue(getpid(), rt1, v);
	}
	printf("blocked SIGRTMIN+1 queued 3 times: pending: %s\n", yes_no(is_pending(rt1)));
	unblock(rt1);
	printf("unblocked: real-time signals queue, handler ran %d times, values:", (int)hits[rt1]);
	for (int i = 0; i < norder; i++)
		printf(" %d", values[i]);
	printf("\n");

	/* Handlers that block everything take pending signals one at a time,
	 * lowest number first. */
	sigfillset(&all);
	catch_signal(SIGUSR1, 0, &all);
	catch_signal(SIGUSR2, 0, &all);
	catch_signal(rt1, 0, &all);
	catch_signal(rt2, 0, &all);
	reset();
	sigprocmask(SIG_BLOCK, &all, NULL);
	kill(getpid(), rt2);
	kill(getpid(), SIGUSR2);
	kill(getpid(), rt1);
	kill(getpid(), SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	print_order("sent SIGRTMIN+2, SIGUSR2, SIGRTMIN+1, SIGUSR1 while blocked: delivered");
	catch_signal(SIGUSR1, 0, NULL);
	catch_signal(SIGUSR2, 0, NULL);
}

/* ---- threads: per-thread masks, which thread gets a signal --------------- */

static volatile int thread_ready, thread_go;
static pid_t thread_tid;
static int thread_saw_blocked, thread_saw_pending;

static void *masked_thread(void *arg)
{
	sigset_t usr1 = set_of(SIGUSR1, 0), usr2 = set_of(SIGUSR2, 0), empty;

	(void)arg;
	thread_tid = gettid_();
	/* This thread blocks SIGUSR1 and takes SIGUSR2, which main blocks. */
	pthread_sigmask(SIG_BLOCK, &usr1, NULL);
	pthread_sigmask(SIG_UNBLOCK, &usr2, NULL);
	thread_saw_blocked = is_blocked(SIGUSR1);
	thread_ready = 1;
	while (!thread_go)
		sched_yield();
	/* A SIGUSR1 sent to this very thread stays pending, for it only. */
	thread_saw_pending = is_pending(SIGUSR1);
	sigemptyset(&empty);
	sigaddset(&empty, SIGUSR1);
	sigtimedwait(&empty, NULL, &(struct timespec){ 5, 0 }); /* consume it */
	return NULL;
}

static void test_threads(void)
{
	pthread_t t;

	reset();
	catch_signal(SIGUSR1, 0, NULL);
	catch_signal(SIGUSR2, 0, NULL);
	block(SIGUSR2);
	pthread_create(&t, NULL, masked_thread, NULL);
	while (!thread_ready)
		sched_yield();
	printf("masks are per thread: the thread blocks SIGUSR1: %s, main does not: %s\n",
	       yes_no(thread_saw_blocked), yes_no(!is_blocked(SIGUSR1)));

	/* A process-directed signal goes to a thread that does not block it. */
	kill(getpid(), SIGUSR1);
	printf("kill(getpid(), SIGUSR1) runs the handler in main, the thread blocking it: %s\n",
	       yes_no(hits[SIGUSR1] == 1 && seen_tid[SIGUSR1] == gettid_()));
	kill(getpid(), SIGUSR2);
	while (!hits[SIGUSR2])
		sched_yield();
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	printf("kill(getpid(), SIGUSR2) runs the handler in the thread, main blocking it: %s\n",
	       yes_no(seen_tid[SIGUSR2] == thread_tid));

	/* A thread-directed signal is pending for that thread alone. */
	pthread_kill(t, SIGUSR1);
	printf("pthread_kill to a thread blocking it: pending for main: %s\n",
	       yes_no(is_pending(SIGUSR1)));
	thread_go = 1;
	pthread_join(t, NULL);
	printf("pending for the thread: %s\n", yes_no(thread_saw_pending));
	unblock(SIGUSR2);
}

/* ---- kill to a process group -------------------------------------------- */

static int report_fd = -1;

static void write_and_exit(int sig)
{
	char c = 'x';

	(void)sig;
	write(report_fd, &c, 1);
	_exit(0);
}

static void test_process_group(void)
{
	int p[2], ready[2];
	pid_t c, g[2];
	char buf[8];

	/* kill(0, sig) from a child that leads its own group reaches the
	 * whole group, itself included. */
	pipe(p);
	c = guest_fork();
	if (c == 0) {
		struct sigaction sa = { .sa_handler = write_and_exit };
		int n = 0;
		ssize_t r;

		setpgid(0, 0);
		report_fd = p[1];
		sigaction(SIGUSR1, &sa, NULL);
		for (int i = 0; i < 2; i++) {
			g[i] = guest_fork();
			if (g[i] == 0)
				for (;;)
					pause();
		}
		block(SIGUSR1); /* the caller takes its own after the others */
		kill(0, SIGUSR1);
		close(p[1]);
		while (n < 2 && (r = read(p[0], buf, sizeof(buf))) > 0)
			n += (int)r;
		for (int i = 0; i < 2; i++)
			wait_for(g[i]);
		printf("kill(0, SIGUSR1) reached both children of the group: %s\n", yes_no(n == 2));
		printf("and the sender: %s\n", yes_no(is_pending(SIGUSR1)));
		_exit(0);
	}
	close(p[1]);
	wait_for(c);
	close(p[0]);

	/* kill(-pgid, sig) from outside the group. */
	pipe(ready);
	c = guest_fork();
	if (c == 0) {
		setpgid(0, 0);
		for (int i = 0; i < 2; i++)
			if (guest_fork() == 0)
				for (;;)
					pause();
		write(ready[1], "x", 1);
		for (;;)
			pause();
	}
	read(ready[0], buf, 1);
	report("kill(-pgid, SIGTERM)", kill(-c, SIGTERM));
	for (int i = 0; i < 3; i++) {
		int status;

		if (waitpid(-c, &status, 0) < 0)
			printf("waitpid(-pgid): %s\n", errno_name(errno));
		else
			printf("a member of the group: %s\n", status_string(status));
	}
	report("kill(-pgid) once they are gone", kill(-c, SIGTERM));
	close(ready[0]);
	close(ready[1]);
}

/* ---- sigaltstack --------------------------------------------------------- */

static char altstack[64 * 1024];

static volatile int stop_recursing;

static int recurse(int n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	if (stop_recursing)
		return 0;
	return recurse(n + 1) + pad[0];
}

static void overflow_handler(int sig)
{
	(void)sig;
	_exit(7);
}

static void test_sigaltstack(void)
{
	stack_t ss, old;
	pid_t c;

	sigaltstack(NULL, &old);
	printf("sigaltstack at first: disabled: %s\n", yes_no(old.ss_flags & SS_DISABLE));
	ss.ss_sp = altstack;
	ss.ss_size = 1024;
	ss.ss_flags = 0;
	report("sigaltstack of 1024 bytes", sigaltstack(&ss, NULL));
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0x1234;
	report("sigaltstack bad flags", sigaltstack(&ss, NULL));
	ss.ss_flags = 0;
	report("sigaltstack of 64 KiB", sigaltstack(&ss, NULL));
	sigaltstack(NULL, &old);
	printf("reads back: %s, flags %d\n",
	       yes_no(old.ss_sp == altstack && old.ss_size == sizeof(altstack)), old.ss_flags);

	alt_lo = altstack;
	alt_hi = altstack + sizeof(altstack);
	reset();
	catch_signal(SIGUSR1, SA_ONSTACK, NULL);
	kill(getpid(), SIGUSR1);
	printf("SA_ONSTACK: the handler's locals are on the alternate stack: %s, SS_ONSTACK: %s\n",
	       yes_no(seen_altrange[SIGUSR1]), yes_no(seen_onstack[SIGUSR1]));
	reset();
	catch_signal(SIGUSR1, 0, NULL);
	kill(getpid(), SIGUSR1);
	printf("without SA_ONSTACK: on the alternate stack: %s, SS_ONSTACK: %s\n",
	       yes_no(seen_altrange[SIGUSR1]), yes_no(seen_onstack[SIGUSR1]));
	sigaltstack(NULL, &old);
	printf("after the handler: flags %d\n", old.ss_flags);
	ss.ss_flags = SS_DISABLE;
	report("sigaltstack SS_DISABLE", sigaltstack(&ss, NULL));
	sigaltstack(NULL, &old);
	printf("disabled: %s\n", yes_no(old.ss_flags & SS_DISABLE));
	alt_lo = alt_hi = NULL;

	/* A stack overflow: only an alternate stack lets a handler run. */
	for (int with_altstack = 1; with_altstack >= 0; with_altstack--) {
		c = guest_fork();
		if (c == 0) {
			struct sigaction sa = { .sa_handler = overflow_handler,
						.sa_flags = SA_ONSTACK };
			struct rlimit lim = { 1 << 20, 1 << 20 };

			no_core();
			setrlimit(RLIMIT_STACK, &lim);
			if (with_altstack) {
				ss.ss_flags = 0;
				sigaltstack(&ss, NULL);
			}
			sigaction(SIGSEGV, &sa, NULL);
			recurse(0);
			_exit(0);
		}
		printf("stack overflow, %s alternate stack: %s\n", with_altstack ? "with" : "no",
		       status_string(wait_for(c)));
	}
}

/* ---- waiting for signals -------------------------------------------------- */

static void test_waiting(void)
{
	sigset_t usr1 = set_of(SIGUSR1, 0), usr2 = set_of(SIGUSR2, 0), old, now;
	struct timespec t0, t1, timeout = { 0, 100 * 1000000 };
	siginfo_t si;
	pid_t c;
	int r;

	catch_signal(SIGUSR1, 0, NULL);
	catch_signal(SIGUSR2, 0, NULL);

	/* sigsuspend: wait with a temporary mask, return EINTR after the handler. */
	reset();
	sigprocmask(SIG_BLOCK, &usr1, &old);
	c = guest_fork();
	if (c == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	r = sigsuspend(&old);
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("sigsuspend: %s, handler ran: %s, the old mask is back: %s\n",
	       r < 0 ? errno_name(errno) : "returned 0", yes_no(hits[SIGUSR1] == 1),
	       yes_no(sigismember(&now, SIGUSR1)));
	sigprocmask(SIG_SETMASK, &old, NULL);
	wait_for(c);

	/* sigtimedwait: a timeout, then a pending signal taken without its handler. */
	reset();
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = sigtimedwait(&usr2, &si, &timeout);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sigtimedwait 100 ms, nothing pending: %s, after at least 90 ms: %s\n",
	       r < 0 ? errno_name(errno) : signal_name(r),
	       yes_no((t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec >=
		      90000000L));
	r = sigtimedwait(&usr2, &si, &(struct timespec){ 0, 0 });
	printf("sigtimedwait zero timeout: %s\n", r < 0 ? errno_name(errno) : signal_name(r));
	kill(getpid(), SIGUSR2);
	memset(&si, 0, sizeof(si));
	r = sigtimedwait(&usr2, &si, &timeout);
	printf("sigtimedwait with SIGUSR2 pending: %s, si_code %s, si_pid is itself: %s, "
	       "handler ran: %s, still pending: %s\n",
	       r < 0 ? errno_name(errno) : signal_name(r), code_name(si.si_code),
	       yes_no(si.si_pid == getpid()), yes_no(hits[SIGUSR2]), yes_no(is_pending(SIGUSR2)));
	r = sigtimedwait(&usr2, &si, &(struct timespec){ 0, 2000000000L });
	printf("sigtimedwait bad timeout: %s\n", r < 0 ? errno_name(errno) : signal_name(r));
	{
		union sigval v = { .sival_int = 77 };

		sigqueue(getpid(), SIGUSR2, v);
		r = sigwaitinfo(&usr2, &si);
		printf("sigwaitinfo after sigqueue: %s, si_code %s, si_value %d\n",
		       r < 0 ? errno_name(errno) : signal_name(r), code_name(si.si_code),
		       si.si_value.sival_int);
	}

	/* A handled signal that is not waited for interrupts sigtimedwait. */
	reset();
	c = pester(getpid(), SIGUSR1);
	/* Raw: musl's sigtimedwait() retries when interrupted. */
	r = (int)syscall(SYS_rt_sigtimedwait, &usr2, &si, &(struct timespec){ 10, 0 }, (size_t)8);
	stop_child(c);
	printf("sigtimedwait interrupted by a handled SIGUSR1: %s, handler ran: %s\n",
	       r < 0 ? errno_name(errno) : signal_name(r), yes_no(hits[SIGUSR1] > 0));
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);

	/* pause returns once a handler has run. */
	reset();
	c = pester(getpid(), SIGUSR1);
	r = pause();
	stop_child(c);
	printf("pause: %s, handler ran: %s\n", r < 0 ? errno_name(errno) : "returned",
	       yes_no(hits[SIGUSR1] > 0));
}

/* ---- default actions, seen by the parent ----------------------------------- */

/* A child that waits in pause() until a signal ends it, with every signal's
 * action the default and none blocked; it is ready when this returns. */
static pid_t idle_child(void)
{
	int ready[2];
	pid_t c;
	char ch;

	pipe(ready);
	c = guest_fork();
	if (c == 0) {
		struct sigaction dfl = { .sa_handler = SIG_DFL };
		sigset_t none;

		for (int s = 1; s < 32; s++)
			if (s != SIGKILL && s != SIGSTOP)
				sigaction(s, &dfl, NULL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		no_core();
		write(ready[1], "x", 1);
		for (;;)
			pause();
	}
	read(ready[0], &ch, 1);
	close(ready[0]);
	close(ready[1]);
	return c;
}

static void test_default_actions(void)
{
	static const int fatal[] = { SIGTERM, SIGKILL, SIGUSR1, SIGHUP, SIGINT, SIGALRM,
				     SIGSEGV, SIGQUIT, SIGABRT, SIGBUS, SIGSYS };
	static const int harmless[] = { SIGCHLD, SIGURG, SIGWINCH, SIGCONT };
	siginfo_t si;
	int status;
	pid_t c;

	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++) {
		c = idle_child();
		kill(c, fatal[i]);
		status = wait_for(c);
		printf("%s to a child: WIFSIGNALED %s, WTERMSIG %s, WCOREDUMP %s, %s\n",
		       signal_name(fatal[i]), yes_no(WIFSIGNALED(status)),
		       signal_name(WTERMSIG(status)), yes_no(WCOREDUMP(status)),
		       status_string(status));
	}

	/* The same through waitid: with no core written, CLD_KILLED. */
	c = idle_child();
	kill(c, SIGSEGV);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WEXITED);
	printf("SIGSEGV, no core possible: waitid si_code %s, si_status %s\n", cld_name(si.si_code),
	       signal_name(si.si_status));

	/* Signals whose default is to do nothing. */
	c = idle_child();
	for (size_t i = 0; i < sizeof(harmless) / sizeof(harmless[0]); i++)
		kill(c, harmless[i]);
	sleep_ms(50);
	printf("SIGCHLD, SIGURG, SIGWINCH, SIGCONT leave it running: %s\n",
	       yes_no(waitpid(c, &status, WNOHANG) == 0));
	stop_child(c);

	/* Stop and continue. */
	c = idle_child();
	kill(c, SIGSTOP);
	waitpid(c, &status, WUNTRACED);
	printf("SIGSTOP: WIFSTOPPED %s, WSTOPSIG %s, %s\n", yes_no(WIFSTOPPED(status)),
	       signal_name(WSTOPSIG(status)), status_string(status));
	printf("reported once: %s\n", yes_no(waitpid(c, &status, WUNTRACED | WNOHANG) == 0));
	kill(c, SIGCONT);
	waitpid(c, &status, WCONTINUED);
	printf("SIGCONT: WIFCONTINUED %s, %s\n", yes_no(WIFCONTINUED(status)),
	       status_string(status));
	kill(c, SIGSTOP);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WSTOPPED);
	printf("waitid WSTOPPED: si_code %s, si_status %s\n", cld_name(si.si_code),
	       signal_name(si.si_status));
	kill(c, SIGCONT);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WCONTINUED);
	printf("waitid WCONTINUED: si_code %s, si_status %s\n", cld_name(si.si_code),
	       signal_name(si.si_status));
	/* A stopped process keeps a SIGTERM pending until it continues. */
	kill(c, SIGSTOP);
	waitpid(c, &status, WUNTRACED);
	kill(c, SIGTERM);
	sleep_ms(50);
	printf("SIGTERM to the stopped child: still there: %s\n",
	       yes_no(waitpid(c, &status, WNOHANG) == 0));
	kill(c, SIGCONT);
	printf("then SIGCONT, and the SIGTERM ends it: %s\n", status_string(wait_for(c)));

	/* SIGKILL ends a stopped process. */
	c = idle_child();
	kill(c, SIGSTOP);
	waitpid(c, &status, WUNTRACED);
	kill(c, SIGKILL);
	printf("SIGKILL to a stopped child: %s\n", status_string(wait_for(c)));
}

/* Handlers and the mask are inherited by fork; pending signals are not. */
static void test_fork_inherits(void)
{
	pid_t c;

	reset();
	catch_signal(SIGUSR1, 0, NULL);
	block(SIGUSR2);
	kill(getpid(), SIGUSR2);
	c = guest_fork();
	if (c == 0) {
		int ok_mask = is_blocked(SIGUSR2), not_pending = !is_pending(SIGUSR2);

		kill(getpid(), SIGUSR1);
		_exit((ok_mask ? 1 : 0) | (not_pending ? 2 : 0) | (hits[SIGUSR1] == 1 ? 4 : 0));
	}
	{
		int status = wait_for(c), bits = WEXITSTATUS(status);

		printf("a child inherits the mask: %s, not the pending signals: %s, the handlers: "
		       "%s\n",
		       yes_no(bits & 1), yes_no(bits & 2), yes_no(bits & 4));
	}
	{
		sigset_t usr2 = set_of(SIGUSR2, 0);

		sigtimedwait(&usr2, NULL, &(struct timespec){ 0, 0 }); /* consume it */
	}
	unblock(SIGUSR2);
}

/* SIGCHLD to the parent: what it says for each change of a child. */
static void test_sigchld(void)
{
	sigset_t chld = set_of(SIGCHLD, 0);
	siginfo_t si;
	int status;
	pid_t c;

	catch_signal(SIGCHLD, 0, NULL);
	sigprocmask(SIG_BLOCK, &chld, NULL);

	c = guest_fork();
	if (c == 0)
		_exit(5);
	memset(&si, 0, sizeof(si));
	sigwaitinfo(&chld, &si);
	printf("SIGCHLD for an exit: si_code %s, si_status %d, si_pid is the child: %s\n",
	       cld_name(si.si_code), si.si_status, yes_no(si.si_pid == c));
	wait_for(c);

	c = idle_child();
	kill(c, SIGSTOP);
	memset(&si, 0, sizeof(si));
	sigwaitinfo(&chld, &si);
	printf("SIGCHLD for a stop: si_code %s, si_status %s\n", cld_name(si.si_code),
	       signal_name(si.si_status));
	waitpid(c, &status, WUNTRACED);
	kill(c, SIGCONT);
	memset(&si, 0, sizeof(si));
	sigwaitinfo(&chld, &si);
	printf("SIGCHLD for a continue: si_code %s, si_status %s\n", cld_name(si.si_code),
	       signal_name(si.si_status));
	waitpid(c, &status, WCONTINUED);
	kill(c, SIGKILL);
	memset(&si, 0, sizeof(si));
	sigwaitinfo(&chld, &si);
	printf("SIGCHLD for a kill: si_code %s, si_status %s\n", cld_name(si.si_code),
	       signal_name(si.si_status));
	wait_for(c);

	/* SA_NOCLDSTOP: no SIGCHLD for stops and continues, still one for the end. */
	catch_signal(SIGCHLD, SA_NOCLDSTOP, NULL);
	c = idle_child();
	kill(c, SIGSTOP);
	waitpid(c, &status, WUNTRACED);
	printf("SA_NOCLDSTOP: SIGCHLD pending after a stop: %s\n", yes_no(is_pending(SIGCHLD)));
	kill(c, SIGCONT);
	waitpid(c, &status, WCONTINUED);
	printf("SA_NOCLDSTOP: after a continue: %s\n", yes_no(is_pending(SIGCHLD)));
	kill(c, SIGKILL);
	waitpid(c, &status, 0);
	printf("SA_NOCLDSTOP: after its death: %s\n", yes_no(is_pending(SIGCHLD)));
	sigwaitinfo(&chld, &si);
	sigprocmask(SIG_UNBLOCK, &chld, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_siginfo();
	test_flags();
	test_pending();
	test_threads();
	test_process_group();
	test_sigaltstack();
	test_waiting();
	test_default_actions();
	test_fork_inherits();
	test_sigchld();
	return 0;
}
