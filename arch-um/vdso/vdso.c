// SPDX-License-Identifier: GPL-2.0
/*
 * umk's vDSO: the guest's AT_SYSINFO_EHDR points here, never to the host's
 * vDSO (which the stub unmaps). Each entry point makes the real system call,
 * which traps to umk like any other guest system call, so the time a guest
 * reads is always umk's. A faster path reading a time page comes with the
 * seccomp backend's benchmarks.
 */
#include <asm/unistd.h>
#include <linux/time.h>

#define VDSO_EXPORT __attribute__((visibility("default")))

struct timezone;

static inline long vsys2(long nr, long a, long b)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
	return ret;
}

static inline long vsys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

VDSO_EXPORT int __vdso_clock_gettime(long clock, struct __kernel_timespec *ts);
VDSO_EXPORT int __vdso_clock_gettime(long clock, struct __kernel_timespec *ts)
{
	return (int)vsys2(__NR_clock_gettime, clock, (long)ts);
}

VDSO_EXPORT int __vdso_gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz);
VDSO_EXPORT int __vdso_gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz)
{
	return (int)vsys2(__NR_gettimeofday, (long)tv, (long)tz);
}

VDSO_EXPORT long __vdso_time(long *t);
VDSO_EXPORT long __vdso_time(long *t)
{
	return vsys2(__NR_time, (long)t, 0);
}

VDSO_EXPORT int __vdso_clock_getres(long clock, struct __kernel_timespec *ts);
VDSO_EXPORT int __vdso_clock_getres(long clock, struct __kernel_timespec *ts)
{
	return (int)vsys2(__NR_clock_getres, clock, (long)ts);
}

VDSO_EXPORT long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused);
VDSO_EXPORT long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
	return vsys3(__NR_getcpu, (long)cpu, (long)node, (long)unused);
}

int clock_gettime(long, struct __kernel_timespec *)
	__attribute__((weak, alias("__vdso_clock_gettime"), visibility("default")));
int gettimeofday(struct __kernel_old_timeval *, struct timezone *)
	__attribute__((weak, alias("__vdso_gettimeofday"), visibility("default")));
long time(long *) __attribute__((weak, alias("__vdso_time"), visibility("default")));
int clock_getres(long, struct __kernel_timespec *)
	__attribute__((weak, alias("__vdso_clock_getres"), visibility("default")));
long getcpu(unsigned *, unsigned *, void *)
	__attribute__((weak, alias("__vdso_getcpu"), visibility("default")));
