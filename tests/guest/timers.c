/*
 * timers: interval timers (setitimer, getitimer, alarm), POSIX timers
 * (timer_create with SIGEV_SIGNAL, SIGEV_THREAD_ID, SIGEV_THREAD and
 * SIGEV_NONE; timer_settime, timer_gettime, timer_getoverrun, timer_delete)
 * and clock_nanosleep to an absolute time. Timers never fire early, so
 * lower bounds are checked tightly; upper bounds are generous and every
 * duration is printed as yes/no.
 */
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#ifndef sigev_notify_thread_id /* glibc before 2.35 names it only this way */
#define sigev_notify_thread_id _sigev_un._tid
#endif

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static double now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv(struct timeval t)
{
	return t.tv_sec + t.tv_usec / 1e6;
}

static double ts(struct timespec t)
{
	return t.tv_sec + t.tv_nsec / 1e9;
}

static struct timespec ts_add_ms(struct timespec t, long ms)
{
	t.tv_nsec += ms % 1000 * 1000000;
	t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

static volatile sig_atomic_t hits[65];
static pid_t hit_tid[65];

static void on_signal(int sig)
{
	hit_tid[sig] = gettid_();
	__atomic_thread_fence(__ATOMIC_RELEASE);
	hits[sig]++;
}

static void catch_signal(int sig)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	hits[sig] = 0;
}

static sigset_t just(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

/* ---- setitimer, getitimer, alarm ------------------------------------------ */

static void test_itimer_real(void)
{
	struct itimerval it = { { 0, 50000 }, { 0, 50000 } }, cur, old;
	sigset_t alrm = just(SIGALRM), waitmask;
	double t0, t1;

	catch_signal(SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &waitmask);
	sigdelset(&waitmask, SIGALRM);
	t0 = now(CLOCK_MONOTONIC);
	report("setitimer ITIMER_REAL every 50 ms", setitimer(ITIMER_REAL, &it, NULL));
	getitimer(ITIMER_REAL, &cur);
	printf("getitimer: interval 50 ms: %s, value within it: %s\n",
	       yes_no(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 50000),
	       yes_no(tv(cur.it_value) > 0 && tv(cur.it_value) <= 0.05));
	while (hits[SIGALRM] < 5)
		sigsuspend(&waitmask);
	t1 = now(CLOCK_MONOTONIC);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, &old);
	sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	printf("SIGALRM 5 times, not before 250 ms: %s, within 5 s: %s\n", yes_no(t1 - t0 >= 0.249),
	       yes_no(t1 - t0 < 5));
	printf("disarming returns the old interval: %s\n",
	       yes_no(old.it_interval.tv_sec == 0 && old.it_interval.tv_usec == 50000));
	getitimer(ITIMER_REAL, &cur);
	printf("getitimer once disarmed: all zero: %s\n",
	       yes_no(tv(cur.it_value) == 0 && tv(cur.it_interval) == 0));

	it.it_value.tv_usec = 2000000;
	report("setitimer tv_usec 2000000", setitimer(ITIMER_REAL, &it, NULL));
	report("setitimer bad timer", setitimer(42, &it, NULL));
	report("getitimer bad timer", getitimer(42, &cur));
}

/* CPU-time timers: they run only while the process does. */
static void test_itimer_cpu(void)
{
	static const struct {
		int which, sig;
		const char *name;
	} timers[] = { { ITIMER_VIRTUAL, SIGVTALRM, "ITIMER_VIRTUAL" },
		       { ITIMER_PROF, SIGPROF, "ITIMER_PROF" } };

	for (int i = 0; i < 2; i++) {
		struct itimerval it = { { 0, 0 }, { 0, 20000 } }, cur;
		double deadline = now(CLOCK_MONOTONIC) + 10;
		volatile unsigned long spins = 0;

		catch_signal(timers[i].sig);
		setitimer(timers[i].which, &it, NULL);
		getitimer(timers[i].which, &cur);
		/* Linux rounds CPU timers up by a tick (1 to 10 ms, by HZ). */
		printf("%s 20 ms: getitimer shows 20 ms, give or take a tick: %s\n", timers[i].name,
		       yes_no(tv(cur.it_value) > 0.01 && tv(cur.it_value) <= 0.031));
		while (!hits[timers[i].sig] && now(CLOCK_MONOTONIC) < deadline)
			spins++;
		printf("%s fires while the process spins: %s\n", timers[i].name,
		       yes_no(hits[timers[i].sig] == 1));
	}
}

static void test_alarm(void)
{
	struct itimerval cur;

	printf("alarm(10) with none set: %u\n", alarm(10));
	printf("alarm(5) returns the 10 s left: %u\n", alarm(5));
	getitimer(ITIMER_REAL, &cur);
	printf("alarm is ITIMER_REAL: getitimer shows 4 to 5 s: %s\n",
	       yes_no(tv(cur.it_value) > 4 && tv(cur.it_value) <= 5));
	printf("alarm(0) cancels, returning 5: %u\n", alarm(0));
	printf("alarm(0) again: %u\n", alarm(0));
}

/* ---- POSIX timers ------------------------------------------------------------ */

static void test_posix_signal(void)
{
	int sig = SIGRTMIN + 3, ok = 1;
	sigset_t set = just(sig);
	struct sigevent sev;
	struct itimerspec its = { { 0, 20000000 }, { 0, 20000000 } }, cur, old;
	struct timespec pause_200 = { 0, 200000000 };
	siginfo_t si;
	timer_t timer;
	double t0;

	catch_signal(sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = sig;
	sev.sigev_value.sival_int = 77;
	report("timer_create CLOCK_MONOTONIC, SIGEV_SIGNAL",
	       timer_create(CLOCK_MONOTONIC, &sev, &timer));
	report("timer_settime every 20 ms", timer_settime(timer, 0, &its, NULL));
	for (int i = 0; i < 3; i++) {
		memset(&si, 0, sizeof(si));
		ok &= sigwaitinfo(&set, &si) == sig && si.si_code == SI_TIMER &&
		      si.si_value.sival_int == 77;
	}
	printf("3 expirations, each a signal with SI_TIMER and the value: %s\n", yes_no(ok));
	timer_gettime(timer, &cur);
	printf("timer_gettime: interval 20 ms: %s, value within it: %s\n",
	       yes_no(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_nsec == 20000000),
	       yes_no(ts(cur.it_value) > 0 && ts(cur.it_value) <= 0.02));

	/* Expirations while the signal is still pending are counted as overruns. */
	nanosleep(&pause_200, NULL);
	memset(&si, 0, sizeof(si));
	sigwaitinfo(&set, &si);
	printf("after 200 ms with the signal pending: si_overrun at least 3: %s, "
	       "timer_getoverrun agrees: %s\n",
	       yes_no(si.si_overrun >= 3), yes_no(timer_getoverrun(timer) == si.si_overrun));

	memset(&its, 0, sizeof(its));
	timer_settime(timer, 0, &its, &old);
	printf("disarming returns the old interval: %s\n",
	       yes_no(old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 20000000));
	sigtimedwait(&set, &si, &(struct timespec){ 0, 0 }); /* one may be left */

	/* One shot, at an absolute time. */
	clock_gettime(CLOCK_MONOTONIC, &its.it_value);
	its.it_value = ts_add_ms(its.it_value, 30);
	t0 = ts(its.it_value);
	report("timer_settime TIMER_ABSTIME, 30 ms ahead",
	       timer_settime(timer, TIMER_ABSTIME, &its, NULL));
	sigwaitinfo(&set, &si);
	printf("it fires, not before its time: %s\n", yes_no(now(CLOCK_MONOTONIC) >= t0));
	timer_gettime(timer, &cur);
	printf("a one-shot timer is disarmed once fired: %s\n",
	       yes_no(ts(cur.it_value) == 0 && ts(cur.it_interval) == 0));

	report("timer_delete", timer_delete(timer));
	report("timer_gettime of a deleted timer", timer_gettime(timer, &cur));
	report("timer_delete it again", timer_delete(timer));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	report("timer_create bad clock", timer_create((clockid_t)42, &sev, &timer));
	sev.sigev_signo = 65;
	report("timer_create bad signal", timer_create(CLOCK_MONOTONIC, &sev, &timer));
}

/* SIGEV_THREAD_ID: the signal goes to the thread named, which alone lets it in. */
static volatile pid_t target_tid;
static volatile int target_ready;

static void *signal_target(void *arg)
{
	int sig = (int)(intptr_t)arg;
	sigset_t waitmask;

	pthread_sigmask(SIG_SETMASK, NULL, &waitmask);
	sigdelset(&waitmask, sig);
	target_tid = gettid_();
	target_ready = 1;
	while (!hits[sig])
		sigsuspend(&waitmask);
	return NULL;
}

static void test_posix_thread_id(void)
{
	int sig = SIGRTMIN + 4;
	sigset_t set = just(sig);
	struct sigevent sev;
	struct itimerspec its = { { 0, 0 }, { 0, 20000000 } };
	timer_t timer;
	pthread_t t;

	catch_signal(sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pthread_create(&t, NULL, signal_target, (void *)(intptr_t)sig);
	while (!target_ready)
		sched_yield();
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = sig;
	sev.sigev_notify_thread_id = target_tid;
	report("timer_create SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &sev, &timer));
	timer_settime(timer, 0, &its, NULL);
	pthread_join(t, NULL);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	printf("the handler ran in that thread: %s\n", yes_no(hit_tid[sig] == target_tid));
	timer_delete(timer);
	sev.sigev_notify_thread_id = 99999;
	report("SIGEV_THREAD_ID with no such thread", timer_create(CLOCK_MONOTONIC, &sev, &timer));
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* SIGEV_THREAD: the C library runs a function in a thread of its own. */
static volatile int callback_value;
static volatile pid_t callback_tid;

static void callback(union sigval v)
{
	callback_tid = gettid_();
	__atomic_thread_fence(__ATOMIC_RELEASE);
	callback_value = v.sival_int;
}

static void test_posix_thread(void)
{
	struct sigevent sev;
	struct itimerspec its = { { 0, 0 }, { 0, 20000000 } };
	double deadline = now(CLOCK_MONOTONIC) + 10;
	timer_t timer;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_notify_function = callback;
	sev.sigev_value.sival_int = 55;
	report("timer_create SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &sev, &timer));
	timer_settime(timer, 0, &its, NULL);
	while (!callback_value && now(CLOCK_MONOTONIC) < deadline)
		sched_yield();
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	printf("the function ran with the value %d, in another thread: %s\n", callback_value,
	       yes_no(callback_tid != 0 && callback_tid != gettid_()));
	timer_delete(timer);
}

/* SIGEV_NONE: no notification, but the timer runs. */
static void test_posix_none(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	struct itimerspec its = { { 0, 0 }, { 1, 0 } }, cur;
	struct timespec ms50 = { 0, 50000000 };
	timer_t timer;

	report("timer_create SIGEV_NONE", timer_create(CLOCK_MONOTONIC, &sev, &timer));
	timer_settime(timer, 0, &its, NULL);
	nanosleep(&ms50, NULL);
	timer_gettime(timer, &cur);
	printf("after 50 ms of 1 s it counts down: %s\n",
	       yes_no(ts(cur.it_value) > 0 && ts(cur.it_value) <= 0.95));
	timer_delete(timer);
}

/* A timer on the process's CPU clock. */
static void test_posix_cpu(void)
{
	int sig = SIGRTMIN + 5;
	struct sigevent sev;
	struct itimerspec its = { { 0, 0 }, { 0, 20000000 } };
	double deadline = now(CLOCK_MONOTONIC) + 10;
	volatile unsigned long spins = 0;
	timer_t timer;

	catch_signal(sig);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = sig;
	report("timer_create CLOCK_PROCESS_CPUTIME_ID",
	       timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &timer));
	timer_settime(timer, 0, &its, NULL);
	while (!hits[sig] && now(CLOCK_MONOTONIC) < deadline)
		spins++;
	printf("it fires after 20 ms of CPU time spinning: %s\n", yes_no(hits[sig] == 1));
	timer_delete(timer);
}

/* ---- clock_nanosleep ---------------------------------------------------------- */

static void test_clock_nanosleep(void)
{
	static const struct {
		clockid_t clock;
		const char *name;
	} clocks[] = { { CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
		       { CLOCK_REALTIME, "CLOCK_REALTIME" } };
	struct timespec target, past, rel = { 0, 50000000 };
	int r;

	for (int i = 0; i < 2; i++) {
		clock_gettime(clocks[i].clock, &target);
		target = ts_add_ms(target, 100);
		r = clock_nanosleep(clocks[i].clock, TIMER_ABSTIME, &target, NULL);
		printf("clock_nanosleep %s TIMER_ABSTIME 100 ms ahead: %s, not before it: %s\n",
		       clocks[i].name, r ? errno_name(r) : "ok",
		       yes_no(now(clocks[i].clock) >= ts(target)));
	}
	clock_gettime(CLOCK_MONOTONIC, &past);
	past.tv_sec -= 1;
	{
		double t0 = now(CLOCK_MONOTONIC);

		r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL);
		printf("to a time already past: %s, at once: %s\n", r ? errno_name(r) : "ok",
		       yes_no(now(CLOCK_MONOTONIC) - t0 < 0.5));
	}
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &rel, NULL);
	printf("relative 50 ms: %s\n", r ? errno_name(r) : "ok");
	printf("bad clock: %s\n", errno_name(clock_nanosleep((clockid_t)42, 0, &rel, NULL)));
	printf("CLOCK_THREAD_CPUTIME_ID: %s\n",
	       errno_name(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &rel, NULL)));
	rel.tv_nsec = -1;
	printf("negative tv_nsec: %s\n",
	       errno_name(clock_nanosleep(CLOCK_MONOTONIC, 0, &rel, NULL)));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_itimer_real();
	test_itimer_cpu();
	test_alarm();
	test_posix_signal();
	test_posix_thread_id();
	test_posix_thread();
	test_posix_none();
	test_posix_cpu();
	test_clock_nanosleep();
	return 0;
}
