/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Initcalls: subsystems register their boot functions in a linker section,
 * each entry carrying its level and name. Boot sorts them by (level, name),
 * since gcc and clang emit section entries in opposite orders; nothing
 * relies on link or emission order.
 */
#ifndef _UMK_INIT_H
#define _UMK_INIT_H

#include <umk/types.h>

enum initcall_level {
	INITCALL_EARLY = 0, /* before the command line: allocators, clocks */
	INITCALL_CORE = 1, /* core kernel structures */
	INITCALL_ARCH = 2, /* trap backend, zygote */
	INITCALL_SUBSYS = 3,
	INITCALL_FS = 4, /* file systems registered */
	INITCALL_DEVICE = 5,
	INITCALL_LATE = 6,
	INITCALL_NR_LEVELS
};

struct initcall {
	int level;
	const char *name;
	int (*fn)(void);
};

#define __define_initcall(func, lvl)                                                               \
	static const struct initcall __initcall_##func __used __section("umk_initcalls")           \
		__aligned(8) = { .level = (lvl), .name = #func, .fn = (func) }

#define early_initcall(fn) __define_initcall(fn, INITCALL_EARLY)
#define core_initcall(fn) __define_initcall(fn, INITCALL_CORE)
#define arch_initcall(fn) __define_initcall(fn, INITCALL_ARCH)
#define subsys_initcall(fn) __define_initcall(fn, INITCALL_SUBSYS)
#define fs_initcall(fn) __define_initcall(fn, INITCALL_FS)
#define device_initcall(fn) __define_initcall(fn, INITCALL_DEVICE)
#define late_initcall(fn) __define_initcall(fn, INITCALL_LATE)

/*
 * Runs every initcall of levels [from, to] in order. Returns 0, or the first
 * error (after printing which initcall failed).
 */
int do_initcalls(int from, int to);

/* Sorts initcall pointers by (level, name): exposed for the KUnit suite. */
void initcall_sort(const struct initcall **calls, size_t n);

#endif
