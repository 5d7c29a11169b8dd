/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System call entry points. Each handler is defined beside its subsystem
 * with SYSCALL_DEFINEn(name, type, arg, ...), which unpacks the six raw
 * argument registers into typed arguments (an int argument is truncated to
 * 32 bits, as Linux does), and is listed once in kernel/syscalls.tbl.
 * sys_* only unpacks and copies; the work is in functions kernel code can
 * call too.
 */
#ifndef _UMK_SYSCALLS_H
#define _UMK_SYSCALLS_H

#include <generated/syscalls.h>
#include <umk/types.h>

struct syscall_args {
	long nr;
	u64 a[6];
};

enum syscall_status { SC_NONE, SC_PARTIAL, SC_FULL };

struct syscall_entry {
	const char *name;
	long (*fn)(const struct syscall_args *args);
	enum syscall_status status;
};

extern const struct syscall_entry syscall_table[NR_SYSCALLS];

/* The name of system call nr, or NULL. */
const char *syscall_name(long nr);

#define __SYSCALL_WRAP(name, call)                                                                 \
	long sys_##name(const struct syscall_args *__a)                                            \
	{                                                                                          \
		(void)__a;                                                                         \
		return call;                                                                       \
	}

#define SYSCALL_DEFINE0(name)                                                                      \
	static long __do_sys_##name(void);                                                         \
	__SYSCALL_WRAP(name, __do_sys_##name())                                                    \
	static long __do_sys_##name(void)
#define SYSCALL_DEFINE1(name, t1, a1)                                                              \
	static long __do_sys_##name(t1 a1);                                                        \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)__a->a[0]))                                       \
	static long __do_sys_##name(t1 a1)
#define SYSCALL_DEFINE2(name, t1, a1, t2, a2)                                                      \
	static long __do_sys_##name(t1 a1, t2 a2);                                                 \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)__a->a[0], (t2)__a->a[1]))                        \
	static long __do_sys_##name(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3)                                              \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3);                                          \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)__a->a[0], (t2)__a->a[1], (t3)__a->a[2]))         \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)                                      \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4);                                   \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)__a->a[0], (t2)__a->a[1], (t3)__a->a[2],          \
					     (t4)__a->a[3]))                                       \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)                              \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);                            \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)__a->a[0], (t2)__a->a[1], (t3)__a->a[2],          \
					     (t4)__a->a[3], (t5)__a->a[4]))                        \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)                      \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6);                     \
	__SYSCALL_WRAP(name, __do_sys_##name((t1)__a->a[0], (t2)__a->a[1], (t3)__a->a[2],          \
					     (t4)__a->a[3], (t5)__a->a[4], (t6)__a->a[5]))         \
	static long __do_sys_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

#endif
