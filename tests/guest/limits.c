/*
 * limits: resource limits enforced where Linux enforces them (NOFILE on
 * descriptors, AS and DATA on mappings and brk, STACK on stack growth),
 * the rules of setrlimit and prlimit, CPU time and resource usage
 * (getrusage, times, the CPU-time clocks), the scheduling calls, nice
 * values, and prctl's names and flags.
 *
 * Limits, nice values and CPU masks are inherited from whoever runs the
 * tests natively, so the program sets what it relies on and prints only
 * relative facts. It first drops CAP_SYS_RESOURCE and CAP_SYS_NICE from its
 * effective set: the native oracle's root has them only inside its user
 * namespace, where they do not count for limits and priorities, so only
 * the rules for unprivileged processes can be compared.
 *
 * "--privileged" (umk only, tests/e2e/limits-privileged.expected): what
 * root with those capabilities may do.
 */
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define LINES "/tests/data/lines.txt"
#define MiB (1024UL * 1024)
#define CAP_SYS_NICE 23
#define CAP_SYS_RESOURCE 24
#define MAKE_PROCESS_CPUCLOCK(pid, which) ((clockid_t)((~(unsigned)(pid) << 3) | (which)))
#define MAKE_THREAD_CPUCLOCK(tid, which) ((clockid_t)((~(unsigned)(tid) << 3) | 4 | (which)))
#define CPUCLOCK_SCHED 2

/* musl's sched_setscheduler & co. refuse (POSIX wants them per process): the system calls. */
#define sched_setscheduler(pid, policy, sp) syscall(SYS_sched_setscheduler, pid, policy, sp)
#define sched_getscheduler(pid) ((int)syscall(SYS_sched_getscheduler, pid))
#define sched_setparam(pid, sp) syscall(SYS_sched_setparam, pid, sp)
#define sched_getparam(pid, sp) syscall(SYS_sched_getparam, pid, sp)

struct cap_header {
	uint32_t version;
	int pid;
};

struct cap_data {
	uint32_t effective, permitted, inheritable;
};

/* Removes capabilities from the effective set (they stay permitted). */
static void drop_effective(uint64_t caps)
{
	struct cap_header h = { 0x20080522, 0 };
	struct cap_data d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return;
	d[0].effective &= ~(uint32_t)caps;
	d[1].effective &= ~(uint32_t)(caps >> 32);
	syscall(SYS_capset, &h, d);
}

static int64_t ns_of(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts) < 0)
		return -1;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

/*
 * Spins until the process has used ms more milliseconds of CPU, or 5 s of
 * wall time passed (a loaded host gives less CPU than wall time); returns
 * whether it got there.
 */
static int burn(int ms)
{
	int64_t start = ns_of(CLOCK_PROCESS_CPUTIME_ID), wall = ns_of(CLOCK_MONOTONIC);
	volatile unsigned long spin = 0;

	while (ns_of(CLOCK_PROCESS_CPUTIME_ID) - start < ms * 1000000LL) {
		if (ns_of(CLOCK_MONOTONIC) - wall > 5000000000LL)
			return 0;
		for (int i = 0; i < 1000000; i++) /* about 1 ms between system calls */
			spin++;
	}
	return 1;
}

static int set_soft(int res, rlim_t soft)
{
	struct rlimit r;

	getrlimit(res, &r);
	r.rlim_cur = soft;
	return setrlimit(res, &r);
}

static void test_rlimit_rules(void)
{
	struct rlimit r, o;

	r.rlim_cur = 1024;
	r.rlim_max = 4096;
	report("setrlimit NOFILE 1024 4096", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_max = 4097;
	report("setrlimit NOFILE hard raised by one", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_max = 2048;
	report("setrlimit NOFILE hard lowered", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_cur = 4096;
	report("setrlimit NOFILE soft above hard", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_cur = 100;
	r.rlim_max = 1048577;
	report("setrlimit NOFILE hard past nr_open", setrlimit(RLIMIT_NOFILE, &r));
	report("setrlimit bad resource", syscall(SYS_setrlimit, 99, &r));
	report("setrlimit from a bad address", syscall(SYS_setrlimit, RLIMIT_NOFILE, BAD_PTR));
	report("getrlimit to a bad address", syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD_PTR));

	report("prlimit64 of pid 0", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &o));
	getrlimit(RLIMIT_NOFILE, &r);
	printf("prlimit64 agrees: %s\n", yes_no(o.rlim_cur == r.rlim_cur && o.rlim_max == r.rlim_max));
	report("prlimit64 of its own pid", syscall(SYS_prlimit64, getpid(), RLIMIT_NOFILE, NULL, &o));
	report("prlimit64 of no such pid", syscall(SYS_prlimit64, 99999, RLIMIT_NOFILE, NULL, &o));
	report("prlimit64 of pid -1", syscall(SYS_prlimit64, -1, RLIMIT_NOFILE, NULL, &o));
	report("prlimit64 bad new limit, no such pid",
	       syscall(SYS_prlimit64, 99999, RLIMIT_NOFILE, BAD_PTR, NULL));
	report("prlimit64 bad resource", syscall(SYS_prlimit64, 0, 99, NULL, &o));
	r.rlim_cur = 100;
	report("prlimit64 soft 100, old to a bad address",
	       syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &r, BAD_PTR));
	getrlimit(RLIMIT_NOFILE, &o);
	printf("the new limit took effect anyway: %s\n", yes_no(o.rlim_cur == 100));
	r.rlim_cur = 1024;
	setrlimit(RLIMIT_NOFILE, &r);
}

static void test_nofile(void)
{
	int fds[16], n = 0, err = 0;
	struct pollfd p[9];

	report("setrlimit NOFILE soft 8", set_soft(RLIMIT_NOFILE, 8));
	while (n < 16) {
		fds[n] = open(LINES, O_RDONLY);
		if (fds[n] < 0) {
			err = errno;
			break;
		}
		n++;
	}
	printf("opened under NOFILE 8 (0-2 in use): %d, then %s\n", n, errno_name(err));
	report("dup2 to fd 8", dup2(0, 8));
	report("F_DUPFD from 8", fcntl(0, F_DUPFD, 8));
	report("F_DUPFD from 0, all in use", fcntl(0, F_DUPFD, 0));
	memset(p, 0, sizeof(p));
	for (int i = 0; i < 9; i++)
		p[i].fd = -1;
	report("poll 9 descriptors", poll(p, 9, 0));
	while (n > 0)
		close(fds[--n]);
	report("setrlimit NOFILE soft 1024", set_soft(RLIMIT_NOFILE, 1024));
}

static void test_as(void)
{
	struct rlimit saved;
	void *p;

	getrlimit(RLIMIT_AS, &saved);
	report("setrlimit AS soft 256 MiB", set_soft(RLIMIT_AS, 256 * MiB));
	p = mmap(NULL, 512 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap 512 MiB", p == MAP_FAILED ? -1 : 0);
	p = mmap(NULL, 512 * MiB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	report("mmap 512 MiB PROT_NONE", p == MAP_FAILED ? -1 : 0);
	p = mmap(NULL, MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap 1 MiB", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED) {
		void *q = mremap(p, MiB, 300 * MiB, MREMAP_MAYMOVE);

		report("mremap it to 300 MiB", q == MAP_FAILED ? -1 : 0);
		munmap(q == MAP_FAILED ? p : q, q == MAP_FAILED ? MiB : 300 * MiB);
	}
	printf("malloc 512 MiB fails: %s\n", yes_no(malloc(512 * MiB) == NULL));
	report("setrlimit AS back", setrlimit(RLIMIT_AS, &saved));
	p = mmap(NULL, 512 * MiB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	report("mmap 512 MiB PROT_NONE after", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED)
		munmap(p, 512 * MiB);
}

static void test_data(void)
{
	struct rlimit saved;
	uintptr_t end = (uintptr_t)syscall(SYS_brk, 0);
	void *p;

	getrlimit(RLIMIT_DATA, &saved);
	report("setrlimit DATA soft 16 MiB", set_soft(RLIMIT_DATA, 16 * MiB));
	p = mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap 64 MiB private writable", p == MAP_FAILED ? -1 : 0);
	p = mmap(NULL, 64 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	report("mmap 64 MiB shared writable", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED)
		munmap(p, 64 * MiB);
	p = mmap(NULL, 64 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap 64 MiB private read-only", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED) {
		report("mprotect it writable", mprotect(p, 64 * MiB, PROT_READ | PROT_WRITE));
		munmap(p, 64 * MiB);
	}
	printf("brk 64 MiB further moves: %s\n",
	       yes_no((uintptr_t)syscall(SYS_brk, end + 64 * MiB) == end + 64 * MiB));
	printf("brk 1 MiB further moves: %s\n",
	       yes_no((uintptr_t)syscall(SYS_brk, end + MiB) == end + MiB));
	printf("brk back moves: %s\n", yes_no((uintptr_t)syscall(SYS_brk, end) == end));
	/* Linux lets a zero soft limit through, up to the hard one (for Valgrind). */
	report("setrlimit DATA soft 0", set_soft(RLIMIT_DATA, 0));
	p = mmap(NULL, MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	report("mmap 1 MiB private writable under soft 0", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED)
		munmap(p, MiB);
	report("setrlimit DATA back", setrlimit(RLIMIT_DATA, &saved));
}

static sigjmp_buf stack_jmp;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(stack_jmp, 1);
}

static int recurse(int depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	if (depth == 0)
		return frame[0];
	return recurse(depth - 1) + frame[0];
}

static void test_stack(void)
{
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa, old;
	struct rlimit saved, r;
	volatile int faulted = 0;

	getrlimit(RLIMIT_STACK, &saved);
	printf("STACK soft <= hard: %s\n", yes_no(saved.rlim_cur <= saved.rlim_max));
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_ONSTACK | SA_NODEFER;
	sigaction(SIGSEGV, &sa, &old);
	report("setrlimit STACK soft 256 KiB", set_soft(RLIMIT_STACK, 256 * 1024));
	if (sigsetjmp(stack_jmp, 1) == 0)
		recurse(1024); /* 4 MiB deep */
	else
		faulted = 1;
	printf("recursing 4 MiB deep faults: %s\n", yes_no(faulted));
	sigaction(SIGSEGV, &old, NULL);
	report("setrlimit STACK back", setrlimit(RLIMIT_STACK, &saved));
	getrlimit(RLIMIT_STACK, &r);
	printf("STACK reads back: %s\n", yes_no(r.rlim_cur == saved.rlim_cur));
}

static void test_cputime(void)
{
	struct rusage self0, self, thread, children;
	int64_t proc0 = ns_of(CLOCK_PROCESS_CPUTIME_ID), thr0 = ns_of(CLOCK_THREAD_CPUTIME_ID);
	int64_t wall0 = ns_of(CLOCK_MONOTONIC), proc, thr, wall;
	struct tms t0, t1;
	clock_t c0, c1;
	clockid_t clk;
	struct timespec res;

	getrusage(RUSAGE_SELF, &self0);
	times(&t0);
	printf("200 ms of CPU within 5 s: %s\n", yes_no(burn(200)));
	proc = ns_of(CLOCK_PROCESS_CPUTIME_ID) - proc0;
	thr = ns_of(CLOCK_THREAD_CPUTIME_ID) - thr0;
	wall = ns_of(CLOCK_MONOTONIC) - wall0;
	printf("THREAD_CPUTIME advanced as much (within 10 ms): %s\n",
	       yes_no(thr >= proc - 10000000));
	printf("CPU time no more than wall time (+20 ms): %s\n",
	       yes_no(proc <= wall + 20000000 && thr <= wall + 20000000));

	report("getrusage SELF", getrusage(RUSAGE_SELF, &self));
	printf("RUSAGE_SELF user+system advanced 150 ms or more: %s\n",
	       yes_no(tv_ns(self.ru_utime) + tv_ns(self.ru_stime) -
			      (tv_ns(self0.ru_utime) + tv_ns(self0.ru_stime)) >=
		      150000000));
	printf("RUSAGE_SELF user time advanced 100 ms or more: %s\n",
	       yes_no(tv_ns(self.ru_utime) - tv_ns(self0.ru_utime) >= 100000000));
	printf("RUSAGE_SELF ru_maxrss > 0: %s\n", yes_no(self.ru_maxrss > 0));
	report("getrusage THREAD", getrusage(RUSAGE_THREAD, &thread));
	printf("RUSAGE_THREAD user+system 150 ms or more: %s\n",
	       yes_no(tv_ns(thread.ru_utime) + tv_ns(thread.ru_stime) >= 150000000));
	report("getrusage CHILDREN", getrusage(RUSAGE_CHILDREN, &children));
	printf("RUSAGE_CHILDREN all zero (no children): %s\n",
	       yes_no(!children.ru_utime.tv_sec && !children.ru_utime.tv_usec &&
		      !children.ru_stime.tv_sec && !children.ru_stime.tv_usec && !children.ru_maxrss));
	report("getrusage who 2", getrusage(2, &self));
	report("getrusage to a bad address", syscall(SYS_getrusage, RUSAGE_SELF, BAD_PTR));

	times(&t1);
	printf("times: user+system ticks advanced 15 or more: %s\n",
	       yes_no((t1.tms_utime + t1.tms_stime) - (t0.tms_utime + t0.tms_stime) >= 15));
	printf("times: children's ticks 0: %s\n", yes_no(!t1.tms_cutime && !t1.tms_cstime));
	c0 = times(&t0);
	usleep(200000);
	c1 = times(&t1);
	printf("times: return advanced 18 to 100 ticks over a 200 ms sleep: %s\n",
	       yes_no(c1 - c0 >= 18 && c1 - c0 <= 100));
	report("times(NULL)", syscall(SYS_times, NULL));
	report("times to a bad address", syscall(SYS_times, BAD_PTR));

	report("clock_getres PROCESS_CPUTIME_ID", clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res));
	printf("its resolution is 1 ns: %s\n", yes_no(res.tv_sec == 0 && res.tv_nsec == 1));
	report("clock_getcpuclockid of itself", clock_getcpuclockid(getpid(), &clk));
	proc = ns_of(clk);
	printf("that clock is the process's: %s\n",
	       yes_no(proc > 0 && llabs(proc - ns_of(CLOCK_PROCESS_CPUTIME_ID)) < 50000000));
	printf("its own thread's clock by tid reads: %s\n",
	       yes_no(ns_of(MAKE_THREAD_CPUCLOCK(syscall(SYS_gettid), CPUCLOCK_SCHED)) > 0));
	report("clock_gettime of no such process's clock",
	       clock_gettime(MAKE_PROCESS_CPUCLOCK(99999, CPUCLOCK_SCHED), &res));
	report("clock_gettime of CPU clock kind 3", clock_gettime(MAKE_PROCESS_CPUCLOCK(0, 3), &res));
}

static void test_sched(void)
{
	struct sched_param sp;
	struct timespec ts;
	unsigned long mask[16], one[16], old[16];
	unsigned int cpu = 0, ncpus = 0, first = 0;
	long n;

	memset(&sp, 0, sizeof(sp));
	set_soft(RLIMIT_RTPRIO, 0);
	set_soft(RLIMIT_NICE, 0);
	printf("sched_getscheduler: %d\n", sched_getscheduler(0));
	report("sched_getparam", sched_getparam(0, &sp));
	printf("its priority: %d\n", sp.sched_priority);
	sp.sched_priority = 10;
	report("SCHED_FIFO 10 without CAP_SYS_NICE", sched_setscheduler(0, SCHED_FIFO, &sp));
	sp.sched_priority = 0;
	report("SCHED_FIFO 0", sched_setscheduler(0, SCHED_FIFO, &sp));
	sp.sched_priority = 5;
	report("SCHED_OTHER 5", sched_setscheduler(0, SCHED_OTHER, &sp));
	sp.sched_priority = 0;
	report("policy 42", sched_setscheduler(0, 42, &sp));
	report("pid -1", sched_setscheduler(-1, SCHED_OTHER, &sp));
	report("no such pid", sched_setscheduler(99999, SCHED_OTHER, &sp));
	report("no parameters", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL));
	report("SCHED_BATCH", sched_setscheduler(0, SCHED_BATCH, &sp));
	printf("sched_getscheduler: %d\n", sched_getscheduler(0));
	report("sched_setparam 0", sched_setparam(0, &sp));
	report("SCHED_OTHER", sched_setscheduler(0, SCHED_OTHER, &sp));
	report("SCHED_OTHER | SCHED_RESET_ON_FORK",
	       sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp));
	printf("sched_getscheduler: %#x\n", sched_getscheduler(0));
	report("clearing SCHED_RESET_ON_FORK", sched_setscheduler(0, SCHED_OTHER, &sp));
	report("sched_getparam no such pid", sched_getparam(99999, &sp));
	report("sched_getparam NULL", syscall(SYS_sched_getparam, 0, NULL));
	report("sched_getscheduler pid -1", sched_getscheduler(-1));
	printf("priority max FIFO %d RR %d OTHER %d BATCH %d IDLE %d\n",
	       sched_get_priority_max(SCHED_FIFO), sched_get_priority_max(SCHED_RR),
	       sched_get_priority_max(SCHED_OTHER), sched_get_priority_max(SCHED_BATCH),
	       sched_get_priority_max(SCHED_IDLE));
	printf("priority min FIFO %d RR %d OTHER %d\n", sched_get_priority_min(SCHED_FIFO),
	       sched_get_priority_min(SCHED_RR), sched_get_priority_min(SCHED_OTHER));
	report("priority max of policy 42", sched_get_priority_max(42));
	report("priority min of policy -1", sched_get_priority_min(-1));
	report("sched_rr_get_interval", sched_rr_get_interval(0, &ts));
	report("sched_rr_get_interval pid -1", sched_rr_get_interval(-1, &ts));
	report("sched_rr_get_interval no such pid", sched_rr_get_interval(99999, &ts));
	report("sched_yield", sched_yield());

	/* CPU affinity. */
	n = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	printf("sched_getaffinity returns whole longs: %s\n", yes_no(n >= 8 && n % 8 == 0));
	for (unsigned int i = 0; n > 0 && i < (unsigned)n * 8; i++) {
		if (mask[i / 64] & (1UL << (i % 64))) {
			if (!ncpus)
				first = i;
			ncpus++;
		}
	}
	printf("at least one CPU: %s\n", yes_no(ncpus >= 1));
	report("sched_getaffinity into 4 bytes", syscall(SYS_sched_getaffinity, 0, 4, mask));
	report("sched_getaffinity into 0 bytes", syscall(SYS_sched_getaffinity, 0, 0, mask));
	report("sched_getaffinity to a bad address",
	       syscall(SYS_sched_getaffinity, 0, sizeof(mask), BAD_PTR));
	report("sched_getaffinity of no such pid",
	       syscall(SYS_sched_getaffinity, 99999, sizeof(mask), mask));
	memcpy(old, mask, sizeof(old));
	memset(one, 0, sizeof(one));
	one[first / 64] = 1UL << (first % 64);
	report("sched_setaffinity to its first CPU",
	       syscall(SYS_sched_setaffinity, 0, sizeof(one), one));
	memset(mask, 0, sizeof(mask));
	n = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
	printf("sched_getaffinity is that CPU alone: %s\n",
	       yes_no(n > 0 && !memcmp(mask, one, (size_t)n)));
	report("getcpu", syscall(SYS_getcpu, &cpu, NULL, NULL));
	printf("getcpu is that CPU: %s\n", yes_no(cpu == first));
	report("getcpu with no pointers", syscall(SYS_getcpu, NULL, NULL, NULL));
	report("getcpu to a bad address", syscall(SYS_getcpu, BAD_PTR, NULL, NULL));
	memset(one, 0, sizeof(one));
	report("sched_setaffinity to no CPU", syscall(SYS_sched_setaffinity, 0, sizeof(one), one));
	one[1000 / 64] = 1UL << (1000 % 64);
	report("sched_setaffinity to CPU 1000 alone",
	       syscall(SYS_sched_setaffinity, 0, sizeof(one), one));
	report("sched_setaffinity from a bad address",
	       syscall(SYS_sched_setaffinity, 0, sizeof(one), BAD_PTR));
	report("sched_setaffinity back", syscall(SYS_sched_setaffinity, 0, sizeof(old), old));
}

static void test_nice(void)
{
	errno = 0;
	report("setpriority 10", setpriority(PRIO_PROCESS, 0, 10));
	printf("getpriority: %d\n", getpriority(PRIO_PROCESS, 0));
	report("setpriority 5 (lower, RLIMIT_NICE 0)", setpriority(PRIO_PROCESS, 0, 5));
	report("setpriority 15", setpriority(PRIO_PROCESS, 0, 15));
	printf("getpriority by pid: %d\n", getpriority(PRIO_PROCESS, getpid()));
	printf("getpriority of the user: %d\n", getpriority(PRIO_USER, 0));
	report("setpriority 100 (clamped)", setpriority(PRIO_PROCESS, 0, 100));
	printf("getpriority: %d\n", getpriority(PRIO_PROCESS, 0));
	report("setpriority which 5", setpriority(5, 0, 0));
	report("getpriority which -1", getpriority(-1, 0));
	report("getpriority no such pid", getpriority(PRIO_PROCESS, 99999));
	report("setpriority no such pid", setpriority(PRIO_PROCESS, 99999, 19));
	report("setpriority no such group", setpriority(PRIO_PGRP, 99999, 19));
	report("setpriority no such user", setpriority(PRIO_USER, 54321, 19));
}

static void test_prctl(void)
{
	char name[32];
	int v = -1;

	report("PR_SET_NAME a long name", prctl(PR_SET_NAME, "a-name-longer-than-sixteen", 0, 0, 0));
	memset(name, 'x', sizeof(name));
	report("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0));
	printf("the name: %s\n", name);
	report("PR_SET_NAME from a bad address", prctl(PR_SET_NAME, BAD_PTR, 0, 0, 0));
	report("PR_GET_NAME to a bad address", prctl(PR_GET_NAME, BAD_PTR, 0, 0, 0));
	report("PR_SET_NAME limits", prctl(PR_SET_NAME, "limits", 0, 0, 0));

	printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	report("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0));
	report("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
	printf("PR_GET_DUMPABLE: %d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);

	report("PR_SET_NO_NEW_PRIVS 2", prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
	report("PR_SET_NO_NEW_PRIVS 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	printf("PR_GET_NO_NEW_PRIVS: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	report("PR_GET_NO_NEW_PRIVS with an argument", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));

	report("PR_SET_TIMERSLACK 1000", prctl(PR_SET_TIMERSLACK, 1000, 0, 0, 0));
	printf("PR_GET_TIMERSLACK: %d\n", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
	report("PR_SET_TIMERSLACK 0 (the default)", prctl(PR_SET_TIMERSLACK, 0, 0, 0, 0));
	printf("PR_GET_TIMERSLACK > 0: %s\n", yes_no(prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) > 0));

	report("PR_SET_PDEATHSIG 65", prctl(PR_SET_PDEATHSIG, 65, 0, 0, 0));
	report("PR_SET_PDEATHSIG SIGUSR1", prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0));
	prctl(PR_GET_PDEATHSIG, &v, 0, 0, 0);
	printf("PR_GET_PDEATHSIG: %d\n", v);
	report("PR_GET_PDEATHSIG to a bad address", prctl(PR_GET_PDEATHSIG, BAD_PTR, 0, 0, 0));
	prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);

	report("PR_SET_CHILD_SUBREAPER 1", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
	printf("PR_GET_CHILD_SUBREAPER: %d\n", v);

	report("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	printf("PR_GET_SECUREBITS: %#x\n", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);

	printf("PR_CAPBSET_READ CAP_CHOWN: %d\n", prctl(PR_CAPBSET_READ, 0, 0, 0, 0));
	report("PR_CAPBSET_DROP CAP_SYS_BOOT", prctl(PR_CAPBSET_DROP, 22, 0, 0, 0));
	printf("PR_CAPBSET_READ CAP_SYS_BOOT: %d\n", prctl(PR_CAPBSET_READ, 22, 0, 0, 0));
	report("PR_CAPBSET_DROP 64", prctl(PR_CAPBSET_DROP, 64, 0, 0, 0));
	report("PR_SET_MM PR_SET_MM_START_CODE", prctl(PR_SET_MM, PR_SET_MM_START_CODE, 0, 0, 0));
	report("prctl 9999", prctl(9999, 0, 0, 0, 0));

	umask(022);
	printf("umask: %03o\n", (unsigned)umask(077));
	printf("umask: %03o\n", (unsigned)umask(022));
}

/* Last: SCHED_IDLE counts as nice 20, and RLIMIT_NICE 0 does not let a process out. */
static void test_sched_idle(void)
{
	struct sched_param sp;

	memset(&sp, 0, sizeof(sp));
	report("SCHED_IDLE", sched_setscheduler(0, SCHED_IDLE | SCHED_RESET_ON_FORK, &sp));
	printf("sched_getscheduler: %#x\n", sched_getscheduler(0));
	report("back to SCHED_OTHER", sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp));
}

/* umk only: what CAP_SYS_RESOURCE and CAP_SYS_NICE allow root. */
static int privileged(void)
{
	struct sched_param sp;
	struct rlimit r = { 1024, 4096 };
	struct timespec ts;

	memset(&sp, 0, sizeof(sp));
	sp.sched_priority = 10;
	report("setrlimit NOFILE 1024 4096", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_max = 8192;
	report("setrlimit NOFILE hard raised", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_max = 1048577;
	report("setrlimit NOFILE hard past nr_open", setrlimit(RLIMIT_NOFILE, &r));
	report("setpriority -5", setpriority(PRIO_PROCESS, 0, -5));
	printf("getpriority: %d\n", getpriority(PRIO_PROCESS, 0));
	report("SCHED_FIFO 10", sched_setscheduler(0, SCHED_FIFO, &sp));
	printf("sched_getscheduler: %d\n", sched_getscheduler(0));
	sp.sched_priority = 0;
	sched_getparam(0, &sp);
	printf("sched_getparam: %d\n", sp.sched_priority);
	sched_rr_get_interval(0, &ts);
	printf("FIFO interval: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	sp.sched_priority = 5;
	report("SCHED_RR 5", sched_setscheduler(0, SCHED_RR, &sp));
	sched_rr_get_interval(0, &ts);
	printf("RR interval: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	sp.sched_priority = 0;
	report("SCHED_OTHER", sched_setscheduler(0, SCHED_OTHER, &sp));
	printf("PR_GET_SECCOMP: %d\n", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--privileged"))
		return privileged();
	drop_effective(1ULL << CAP_SYS_RESOURCE | 1ULL << CAP_SYS_NICE);
	test_rlimit_rules();
	test_nofile();
	test_as();
	test_data();
	test_stack();
	test_cputime();
	test_sched();
	test_nice();
	test_prctl();
	test_sched_idle();
	return 0;
}
