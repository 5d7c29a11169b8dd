/*
 * time: the clocks, as yes/no facts (times themselves differ from run to run).
 * The boot-based clocks are positive from the start; MONOTONIC never goes
 * back; REALTIME agrees with time() and gettimeofday() and lies between 2020
 * and 2100; the resolutions are fine-grained; BOOTTIME is at least MONOTONIC;
 * the CPU-time clocks advance under a busy loop; a 50 ms nanosleep or
 * clock_nanosleep takes between 45 ms and 1 s, and every clock advances as
 * much meanwhile. Most of these go through the vDSO natively, so under umk
 * they test its vDSO or its fallback.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

#include "guest.h"

#define NSEC_PER_SEC 1000000000LL
#define YEAR_2020 1577836800LL
#define YEAR_2100 4102444800LL

static int64_t ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static int64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	if (clock_gettime(clock, &ts) < 0)
		return -1;
	return ns(&ts);
}

/* Run first: a guest's clocks start near zero at boot, so a wrong offset
 * shows as a negative time only in the first moments. */
static void test_since_boot(void)
{
	printf("MONOTONIC is positive: %s\n", yes_no(clock_ns(CLOCK_MONOTONIC) > 0));
	printf("MONOTONIC_RAW is positive: %s\n", yes_no(clock_ns(CLOCK_MONOTONIC_RAW) > 0));
	printf("MONOTONIC_COARSE is not negative: %s\n",
	       yes_no(clock_ns(CLOCK_MONOTONIC_COARSE) >= 0));
	printf("BOOTTIME is positive: %s\n", yes_no(clock_ns(CLOCK_BOOTTIME) > 0));
}

static void test_monotonic(void)
{
	int64_t prev = clock_ns(CLOCK_MONOTONIC), now;
	int never_back = prev >= 0, valid = 1;

	for (int i = 0; i < 10000; i++) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		valid &= ts.tv_nsec >= 0 && ts.tv_nsec < NSEC_PER_SEC;
		now = ns(&ts);
		never_back &= now >= prev;
		prev = now;
	}
	printf("MONOTONIC never goes back over 10000 reads: %s\n", yes_no(never_back));
	printf("tv_nsec always in [0, 1e9): %s\n", yes_no(valid));
	printf("BOOTTIME >= MONOTONIC: %s\n",
	       yes_no(clock_ns(CLOCK_BOOTTIME) >= clock_ns(CLOCK_MONOTONIC) - 1000000));
}

static void test_realtime(void)
{
	struct timespec ts;
	struct timeval tv;
	time_t t;

	clock_gettime(CLOCK_REALTIME, &ts);
	t = time(NULL);
	gettimeofday(&tv, NULL);
	printf("REALTIME between 2020 and 2100: %s\n",
	       yes_no(ts.tv_sec > YEAR_2020 && ts.tv_sec < YEAR_2100));
	/* time() may read a coarse clock, a tick behind: allow either side. */
	printf("time() within 1 s of REALTIME: %s\n", yes_no(llabs(t - ts.tv_sec) <= 1));
	printf("gettimeofday within 1 s of REALTIME: %s\n",
	       yes_no(llabs(tv.tv_sec - ts.tv_sec) <= 1));
	printf("tv_usec in [0, 1e6): %s\n", yes_no(tv.tv_usec >= 0 && tv.tv_usec < 1000000));
	printf("REALTIME_COARSE within 1 s of REALTIME: %s\n",
	       yes_no(llabs(clock_ns(CLOCK_REALTIME_COARSE) / NSEC_PER_SEC - ts.tv_sec) <= 1));
}

static void test_resolution(void)
{
	struct timespec res;

	clock_getres(CLOCK_MONOTONIC, &res);
	printf("clock_getres MONOTONIC in (0, 1 ms]: %s\n",
	       yes_no(ns(&res) > 0 && ns(&res) <= 1000000));
	clock_getres(CLOCK_REALTIME, &res);
	printf("clock_getres REALTIME in (0, 1 ms]: %s\n",
	       yes_no(ns(&res) > 0 && ns(&res) <= 1000000));
	printf("clock_getres bad clock: %s\n",
	       clock_getres((clockid_t)1234, &res) < 0 ? errno_name(errno) : "ok");
	printf("clock_gettime bad clock: %s\n",
	       clock_gettime((clockid_t)1234, &res) < 0 ? errno_name(errno) : "ok");
}

static void test_cputime(void)
{
	int64_t proc = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	int64_t thread = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	int64_t start = clock_ns(CLOCK_MONOTONIC);
	volatile unsigned long spin = 0;

	/* Burn 20 ms of CPU. */
	while (clock_ns(CLOCK_MONOTONIC) - start < 20000000)
		spin++;
	printf("PROCESS_CPUTIME advances: %s\n", yes_no(clock_ns(CLOCK_PROCESS_CPUTIME_ID) > proc));
	printf("THREAD_CPUTIME advances: %s\n", yes_no(clock_ns(CLOCK_THREAD_CPUTIME_ID) > thread));
}

static void test_sleep(void)
{
	struct timespec req = { 0, 50000000 }, rem = { 0, 0 };
	int64_t raw = clock_ns(CLOCK_MONOTONIC_RAW), boot = clock_ns(CLOCK_BOOTTIME);
	int64_t real = clock_ns(CLOCK_REALTIME);
	int64_t start = clock_ns(CLOCK_MONOTONIC), took;
	int ret;

	ret = nanosleep(&req, &rem);
	took = clock_ns(CLOCK_MONOTONIC) - start;
	printf("nanosleep 50 ms: %s\n", ret < 0 ? errno_name(errno) : "ok");
	printf("nanosleep 50 ms took 45 ms to 1 s: %s\n",
	       yes_no(took >= 45000000 && took < NSEC_PER_SEC));
	/* The other clocks run at the same pace. */
	raw = clock_ns(CLOCK_MONOTONIC_RAW) - raw;
	boot = clock_ns(CLOCK_BOOTTIME) - boot;
	real = clock_ns(CLOCK_REALTIME) - real;
	printf("meanwhile MONOTONIC_RAW advanced 45 ms to 1 s: %s\n",
	       yes_no(raw >= 45000000 && raw < NSEC_PER_SEC));
	printf("meanwhile BOOTTIME advanced 45 ms to 1 s: %s\n",
	       yes_no(boot >= 45000000 && boot < NSEC_PER_SEC));
	printf("meanwhile REALTIME advanced 45 ms to 1 s: %s\n",
	       yes_no(real >= 45000000 && real < NSEC_PER_SEC));

	start = clock_ns(CLOCK_MONOTONIC);
	ret = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	took = clock_ns(CLOCK_MONOTONIC) - start;
	printf("clock_nanosleep 50 ms: %s\n", ret ? errno_name(ret) : "ok");
	printf("clock_nanosleep 50 ms took 45 ms to 1 s: %s\n",
	       yes_no(took >= 45000000 && took < NSEC_PER_SEC));

	/* An absolute deadline 50 ms ahead. */
	clock_gettime(CLOCK_MONOTONIC, &req);
	start = ns(&req);
	req.tv_nsec += 50000000;
	if (req.tv_nsec >= NSEC_PER_SEC) {
		req.tv_sec++;
		req.tv_nsec -= NSEC_PER_SEC;
	}
	ret = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL);
	took = clock_ns(CLOCK_MONOTONIC) - start;
	printf("clock_nanosleep TIMER_ABSTIME: %s\n", ret ? errno_name(ret) : "ok");
	printf("woke at or after the deadline: %s\n",
	       yes_no(clock_ns(CLOCK_MONOTONIC) >= ns(&req)));
	printf("absolute sleep took under 1 s: %s\n", yes_no(took < NSEC_PER_SEC));

	req.tv_sec = 0;
	req.tv_nsec = NSEC_PER_SEC;
	printf("nanosleep tv_nsec = 1e9: %s\n",
	       nanosleep(&req, NULL) < 0 ? errno_name(errno) : "ok");
	req.tv_sec = -1;
	req.tv_nsec = 0;
	printf("nanosleep negative: %s\n", nanosleep(&req, NULL) < 0 ? errno_name(errno) : "ok");
	req.tv_sec = 0;
	printf("nanosleep 0: %s\n", nanosleep(&req, NULL) < 0 ? errno_name(errno) : "ok");
}

int main(void)
{
	test_since_boot();
	test_monotonic();
	test_realtime();
	test_resolution();
	test_cputime();
	test_sleep();
	return 0;
}
