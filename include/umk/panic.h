/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panic(), BUG_ON and WARN_ON for broken kernel invariants. Never for what
 * a guest can cause: a guest can cause anything.
 */
#ifndef _UMK_PANIC_H
#define _UMK_PANIC_H

#include <umk/printk.h>

/* umk's exit status after a panic: distinct from 2 (bad command line). */
#define UMK_EXIT_PANIC 125

__noreturn __cold void panic(const char *fmt, ...) __printf(1, 2);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(cond)                                                                               \
	do {                                                                                       \
		if (unlikely(cond))                                                                \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__);                   \
	} while (0)

void warn_slowpath(const char *file, int line, const char *cond);

#define WARN_ON(cond)                                                                              \
	({                                                                                         \
		bool __c = !!(cond);                                                               \
		if (unlikely(__c))                                                                 \
			warn_slowpath(__FILE__, __LINE__, #cond);                                  \
		unlikely(__c);                                                                     \
	})

#define WARN_ON_ONCE(cond)                                                                         \
	({                                                                                         \
		static bool __warned;                                                              \
		bool __c = !!(cond);                                                               \
		if (unlikely(__c) && !__warned) {                                                  \
			__warned = true;                                                           \
			warn_slowpath(__FILE__, __LINE__, #cond);                                  \
		}                                                                                  \
		unlikely(__c);                                                                     \
	})

#endif
