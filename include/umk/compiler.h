/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiler helpers shared by all kernel-side code: attributes, container_of,
 * array sizes, min/max and overflow-checked arithmetic.
 */
#ifndef _UMK_COMPILER_H
#define _UMK_COMPILER_H

#define __used __attribute__((used))
#define __unused __attribute__((unused))
#define __section(s) __attribute__((section(s)))
#define __aligned(n) __attribute__((aligned(n)))
#define __packed __attribute__((packed))
#define __noreturn __attribute__((noreturn))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __must_check __attribute__((warn_unused_result))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __noinline __attribute__((noinline))
#define __weak __attribute__((weak))
#define __cold __attribute__((cold))
#define fallthrough __attribute__((fallthrough))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)
#define __concat_1(a, b) a##b
#define __concat(a, b) __concat_1(a, b)
#define __unique(prefix) __concat(prefix, __COUNTER__)

/* Entries of a linker section between its __start_ and __stop_ symbols. */
#define SECTION_COUNT(start, stop) (((uintptr_t)(stop) - (uintptr_t)(start)) / sizeof((start)[0]))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#define __cmp_once(op, a, b, ua, ub)                                                               \
	({                                                                                         \
		__typeof__(a) ua = (a);                                                            \
		__typeof__(b) ub = (b);                                                            \
		ua op ub ? ua : ub;                                                                \
	})
#define min(a, b) __cmp_once(<, a, b, __unique(__min_a), __unique(__min_b))
#define max(a, b) __cmp_once(>, a, b, __unique(__max_a), __unique(__max_b))
#define min_t(t, a, b) min((t)(a), (t)(b))
#define max_t(t, a, b) max((t)(a), (t)(b))
#define clamp(v, lo, hi) min(max(v, lo), hi)

#define check_add_overflow(a, b, d) __builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d) __builtin_mul_overflow(a, b, d)

#define ALIGN_UP(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))

#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier() __asm__ __volatile__("" ::: "memory")

#endif
