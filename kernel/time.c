// SPDX-License-Identifier: GPL-2.0
/*
 * Guest clocks and the time system calls. CLOCK_MONOTONIC and BOOTTIME
 * count from umk's boot; CLOCK_REALTIME is the host's plus an offset that
 * the guest's root may change (clock_settime, settimeofday), never the
 * host's clock. CPU-time clocks are kernel/cputime.c's.
 */
#include <linux/time.h>
#include <umk/errno.h>
#include <umk/init.h>
#include <umk/kernel.h>
#include <umk/mm.h>
#include <umk/resource.h>
#include <umk/sched.h>
#include <umk/syscalls.h>
#include <umk/time.h>
#include <umk/trap.h>
#include <umk/uaccess.h>

#ifndef CLOCK_TAI
#define CLOCK_TAI 11
#endif
#define TAI_OFFSET_NS 0 /* Linux's default tai offset is 0 until set */

static s64 realtime_offset_ns;
/* CLOCK_MONOTONIC_RAW runs at its own rate: it has its own boot reading. */
static s64 boot_raw_ns;

static s64 host_ns(int clk)
{
	struct host_timespec ts;

	if (host_clock_gettime(clk, &ts) < 0)
		return 0;
	return ts.sec * NSEC_PER_SEC + ts.nsec;
}

static int boot_clocks_init(void)
{
	boot_raw_ns = host_ns(CLOCK_MONOTONIC_RAW);
	return 0;
}
early_initcall(boot_clocks_init);

u64 ktime_get_ns(void)
{
	return (u64)host_ns(CLOCK_MONOTONIC) - boot_monotonic_ns;
}

s64 ktime_get_real_ns(void)
{
	return host_ns(CLOCK_REALTIME) + realtime_offset_ns;
}

int kclock_gettime(int clk, s64 *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_REALTIME_COARSE:
		*ns = host_ns(CLOCK_REALTIME_COARSE) + realtime_offset_ns;
		return 0;
	case CLOCK_TAI:
		*ns = ktime_get_real_ns() + TAI_OFFSET_NS;
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = (s64)ktime_get_ns();
		return 0;
	case CLOCK_MONOTONIC_RAW:
		*ns = host_ns(CLOCK_MONOTONIC_RAW) - boot_raw_ns;
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		/* The coarse clock lags the fine one by up to a tick: never below 0. */
		*ns = max(host_ns(CLOCK_MONOTONIC_COARSE) - (s64)boot_monotonic_ns, (s64)0);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return cpu_clock_get(clk, ns);
	}
	/* Negative ids are CPU-time clocks of other threads and processes. */
	return clk < 0 ? cpu_clock_get(clk, ns) : -EINVAL;
}

static int put_timespec(uaddr_t u, s64 ns)
{
	struct __kernel_timespec ts = { .tv_sec = ns / NSEC_PER_SEC, .tv_nsec = ns % NSEC_PER_SEC };

	if (ns < 0 && ts.tv_nsec) {
		ts.tv_sec--;
		ts.tv_nsec += NSEC_PER_SEC;
	}
	return copy_to_user(u, &ts, sizeof(ts));
}

/* Reads and validates a guest timespec (EINVAL for nsec out of range). */
static int get_timespec(uaddr_t u, s64 *ns)
{
	struct __kernel_timespec ts;

	if (copy_from_user(&ts, u, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC || ts.tv_sec < 0)
		return -EINVAL;
	if (ts.tv_sec > INT64_MAX / NSEC_PER_SEC - 1)
		*ns = INT64_MAX;
	else
		*ns = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

SYSCALL_DEFINE2(clock_gettime, int, clk, uaddr_t, uts)
{
	s64 ns;
	int err = kclock_gettime(clk, &ns);

	return err ? err : put_timespec(uts, ns);
}

SYSCALL_DEFINE2(clock_getres, int, clk, uaddr_t, uts)
{
	s64 ns;
	int err;

	if (clk < 0 || clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID) {
		err = cpu_clock_getres(clk, &ns);
		return err || !uts ? err : put_timespec(uts, ns);
	}
	err = kclock_gettime(clk, &ns);
	if (err)
		return err;
	if (!uts)
		return 0;
	/* Coarse clocks tick with the host's jiffies; the rest are 1 ns. */
	if (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE) {
		struct host_timespec res;

		host_clock_getres(clk, &res);
		return put_timespec(uts, res.sec * NSEC_PER_SEC + res.nsec);
	}
	return put_timespec(uts, 1);
}

SYSCALL_DEFINE2(clock_settime, int, clk, uaddr_t, uts)
{
	s64 ns;
	int err;

	if (clk != CLOCK_REALTIME)
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	err = get_timespec(uts, &ns);
	if (err)
		return err;
	realtime_offset_ns = ns - host_ns(CLOCK_REALTIME);
	return 0;
}

SYSCALL_DEFINE2(gettimeofday, uaddr_t, utv, uaddr_t, utz)
{
	s64 ns = ktime_get_real_ns();

	if (utv) {
		struct __kernel_old_timeval tv = { .tv_sec = ns / NSEC_PER_SEC,
						   .tv_usec = ns % NSEC_PER_SEC / 1000 };

		if (copy_to_user(utv, &tv, sizeof(tv)))
			return -EFAULT;
	}
	if (utz) {
		struct timezone tz = { 0, 0 };

		if (copy_to_user(utz, &tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE2(settimeofday, uaddr_t, utv, uaddr_t, utz)
{
	struct __kernel_old_timeval tv;

	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	if (!utv)
		return 0; /* the timezone alone is accepted and ignored */
	if (copy_from_user(&tv, utv, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_usec < 0 || tv.tv_usec >= USEC_PER_SEC || tv.tv_sec < 0)
		return -EINVAL;
	realtime_offset_ns = tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * 1000 - host_ns(CLOCK_REALTIME);
	return 0;
}

SYSCALL_DEFINE1(time, uaddr_t, ut)
{
	s64 sec = ktime_get_real_ns() / NSEC_PER_SEC;

	if (ut && put_user(sec, ut))
		return -EFAULT;
	return sec;
}

static long sleep_restart(struct restart_block *rb);

/*
 * Sleeps until the monotonic deadline. Interrupted by a signal, it writes
 * the time left to urem and asks for a restart: EINTR when a handler runs,
 * else the sleep goes on to the same deadline (restart_syscall), as Linux.
 * An absolute sleep restarts itself whole (-ERESTARTNOHAND).
 */
static long sleep_until(u64 deadline, uaddr_t urem, bool absolute)
{
	for (;;) {
		int err = task_sleep(deadline, true);
		u64 now = ktime_get_ns();

		if (err == -ETIMEDOUT || now >= deadline)
			return 0;
		if (err != -ERESTARTSYS)
			continue; /* woken for something else: sleep on */
		if (absolute)
			return -ERESTARTNOHAND;
		if (urem && put_timespec(urem, (s64)(deadline - now)))
			return -EFAULT;
		current->restart_block.fn = sleep_restart;
		current->restart_block.arg[0] = deadline;
		current->restart_block.arg[1] = urem;
		return -ERESTART_RESTARTBLOCK;
	}
}

static long sleep_restart(struct restart_block *rb)
{
	rb->fn = NULL;
	return sleep_until(rb->arg[0], (uaddr_t)rb->arg[1], false);
}

SYSCALL_DEFINE2(nanosleep, uaddr_t, ureq, uaddr_t, urem)
{
	s64 ns;
	int err = get_timespec(ureq, &ns);

	if (err)
		return err;
	return sleep_until(ktime_get_ns() + (u64)ns, urem, false);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clk, int, flags, uaddr_t, ureq, uaddr_t, urem)
{
	s64 ns, now;
	u64 deadline;
	int err;

	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		break;
	case CLOCK_THREAD_CPUTIME_ID:
		return -EINVAL;
	default:
		/* CPU-time sleeps are not offered; other clocks are invalid. */
		return clk == CLOCK_PROCESS_CPUTIME_ID ? -EOPNOTSUPP : -EINVAL;
	}
	err = get_timespec(ureq, &ns);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME) {
		kclock_gettime(clk, &now);
		deadline = ktime_get_ns() + (u64)(ns > now ? ns - now : 0);
		urem = 0; /* Linux never writes the remainder of an absolute sleep */
	} else {
		deadline = ktime_get_ns() + (u64)ns;
	}
	return sleep_until(deadline, urem, flags & TIMER_ABSTIME);
}
