/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit-style in-kernel unit tests. A suite sits beside the code it tests
 * (fs/namei_test.c next to fs/namei.c), registers itself in a linker
 * section, and is run by `umk kunit [kunit.filter=GLOB]`, which prints KTAP
 * version 1. Suites run without booting guests.
 */
#ifndef _UMK_KUNIT_H
#define _UMK_KUNIT_H

#include <umk/string.h>
#include <umk/types.h>

struct kunit_resource;

struct kunit {
	const char *name; /* the running case */
	bool failed;
	bool skipped;
	const char *skip_reason;
	struct kunit_resource *resources;
	void *priv; /* for the suite's init/exit */
};

struct kunit_case {
	const char *name;
	void (*run)(struct kunit *test);
};

struct kunit_suite {
	const char *name;
	const struct kunit_case *cases; /* terminated by an entry with a NULL run */
	int (*init)(struct kunit *test); /* before each case */
	void (*exit)(struct kunit *test); /* after each case */
};

#define KUNIT_CASE(fn)                                                                             \
	{                                                                                          \
		.name = #fn, .run = fn                                                             \
	}

#define kunit_test_suite(suite)                                                                    \
	static const struct kunit_suite *__kunit_suite_##suite __used __section("umk_kunit")       \
		__aligned(8) = &suite

/* Runs every registered suite whose name (or suite.case) matches filter. */
int kunit_run_all(const char *filter);

/* Memory freed automatically when the case ends. */
void *kunit_kzalloc(struct kunit *test, size_t size);

void kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
void kunit_skip(struct kunit *test, const char *reason);

#define __KUNIT_CMP(test, left, op, right, is_assert)                                              \
	({                                                                                         \
		__typeof__(left) __kl = (left);                                                    \
		__typeof__(right) __kr = (right);                                                  \
		bool __kok = __kl op __kr;                                                         \
		if (!__kok)                                                                        \
			kunit_fail(test, __FILE__, __LINE__,                                       \
				   "Expected %s %s %s, but\n        %s == %lld (0x%llx)\n        " \
				   "%s == %lld (0x%llx)",                                          \
				   #left, #op, #right, #left, (long long)__kl,                     \
				   (unsigned long long)__kl, #right, (long long)__kr,              \
				   (unsigned long long)__kr);                                      \
		__kok;                                                                             \
	})

#define KUNIT_EXPECT_EQ(t, a, b) __KUNIT_CMP(t, a, ==, b, false)
#define KUNIT_EXPECT_NE(t, a, b) __KUNIT_CMP(t, a, !=, b, false)
#define KUNIT_EXPECT_LT(t, a, b) __KUNIT_CMP(t, a, <, b, false)
#define KUNIT_EXPECT_LE(t, a, b) __KUNIT_CMP(t, a, <=, b, false)
#define KUNIT_EXPECT_GT(t, a, b) __KUNIT_CMP(t, a, >, b, false)
#define KUNIT_EXPECT_GE(t, a, b) __KUNIT_CMP(t, a, >=, b, false)

#define KUNIT_EXPECT_TRUE(t, c)                                                                    \
	({                                                                                         \
		bool __kok = !!(c);                                                                \
		if (!__kok)                                                                        \
			kunit_fail(t, __FILE__, __LINE__, "Expected %s to be true", #c);           \
		__kok;                                                                             \
	})
#define KUNIT_EXPECT_FALSE(t, c)                                                                   \
	({                                                                                         \
		bool __kok = !(c);                                                                 \
		if (!__kok)                                                                        \
			kunit_fail(t, __FILE__, __LINE__, "Expected %s to be false", #c);          \
		__kok;                                                                             \
	})

#define KUNIT_EXPECT_PTR_EQ(t, a, b)                                                               \
	({                                                                                         \
		const void *__ka = (a), *__kb = (b);                                               \
		bool __kok = __ka == __kb;                                                         \
		if (!__kok)                                                                        \
			kunit_fail(t, __FILE__, __LINE__, "Expected %s == %s, but %p != %p", #a,   \
				   #b, __ka, __kb);                                                \
		__kok;                                                                             \
	})
#define KUNIT_EXPECT_NULL(t, p) KUNIT_EXPECT_PTR_EQ(t, p, NULL)
#define KUNIT_EXPECT_NOT_NULL(t, p) KUNIT_EXPECT_TRUE(t, (p) != NULL)
#define KUNIT_EXPECT_NOT_ERR_OR_NULL(t, p) KUNIT_EXPECT_FALSE(t, IS_ERR_OR_NULL(p))

#define KUNIT_EXPECT_STREQ(t, a, b)                                                                \
	({                                                                                         \
		const char *__ka = (a), *__kb = (b);                                               \
		bool __kok = __ka && __kb && strcmp(__ka, __kb) == 0;                              \
		if (!__kok)                                                                        \
			kunit_fail(t, __FILE__, __LINE__,                                          \
				   "Expected %s == %s, but\n        %s == \"%s\"\n        %s == "  \
				   "\"%s\"",                                                       \
				   #a, #b, #a, __ka ? __ka : "(null)", #b,                         \
				   __kb ? __kb : "(null)");                                        \
		__kok;                                                                             \
	})

#define KUNIT_EXPECT_MEMEQ(t, a, b, n)                                                             \
	({                                                                                         \
		bool __kok = memcmp(a, b, n) == 0;                                                 \
		if (!__kok)                                                                        \
			kunit_fail(t, __FILE__, __LINE__, "Expected %s == %s (%zu bytes)", #a, #b, \
				   (size_t)(n));                                                   \
		__kok;                                                                             \
	})

/* ASSERT variants end the case at once (they return from the test function). */
#define KUNIT_ASSERT_EQ(t, a, b)                                                                   \
	do {                                                                                       \
		if (!KUNIT_EXPECT_EQ(t, a, b))                                                     \
			return;                                                                    \
	} while (0)
#define KUNIT_ASSERT_NE(t, a, b)                                                                   \
	do {                                                                                       \
		if (!KUNIT_EXPECT_NE(t, a, b))                                                     \
			return;                                                                    \
	} while (0)
#define KUNIT_ASSERT_TRUE(t, c)                                                                    \
	do {                                                                                       \
		if (!KUNIT_EXPECT_TRUE(t, c))                                                      \
			return;                                                                    \
	} while (0)
#define KUNIT_ASSERT_NOT_NULL(t, p)                                                                \
	do {                                                                                       \
		if (!KUNIT_EXPECT_NOT_NULL(t, p))                                                  \
			return;                                                                    \
	} while (0)
#define KUNIT_ASSERT_NOT_ERR_OR_NULL(t, p)                                                         \
	do {                                                                                       \
		if (!KUNIT_EXPECT_NOT_ERR_OR_NULL(t, p))                                           \
			return;                                                                    \
	} while (0)

#endif
