// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lib/string.c: number parsing, sizes, bounded copies, globs.
 */
#include <umk/errno.h>
#include <umk/kunit.h>
#include <umk/slab.h>

static void parses_numbers_in_each_base(struct kunit *t)
{
	u64 v = 0;
	int i = 0;

	KUNIT_EXPECT_EQ(t, kstrtou64("123", 10, &v), 0);
	KUNIT_EXPECT_EQ(t, v, 123ULL);
	KUNIT_EXPECT_EQ(t, kstrtou64("0x1F", 0, &v), 0);
	KUNIT_EXPECT_EQ(t, v, 31ULL);
	KUNIT_EXPECT_EQ(t, kstrtou64("017", 0, &v), 0);
	KUNIT_EXPECT_EQ(t, v, 15ULL);
	KUNIT_EXPECT_EQ(t, kstrtou64("0", 0, &v), 0);
	KUNIT_EXPECT_EQ(t, v, 0ULL);
	KUNIT_EXPECT_EQ(t, kstrtoint("-5", 10, &i), 0);
	KUNIT_EXPECT_EQ(t, i, -5);
	KUNIT_EXPECT_EQ(t, kstrtou64("7\n", 10, &v), 0);
	KUNIT_EXPECT_EQ(t, v, 7ULL);
}

static void rejects_garbage_and_overflow(struct kunit *t)
{
	u64 v;
	int i;
	unsigned u;

	KUNIT_EXPECT_EQ(t, kstrtou64("", 10, &v), -EINVAL);
	KUNIT_EXPECT_EQ(t, kstrtou64("12a", 10, &v), -EINVAL);
	KUNIT_EXPECT_EQ(t, kstrtou64("-1", 10, &v), -EINVAL);
	KUNIT_EXPECT_EQ(t, kstrtou64("99999999999999999999", 10, &v), -ERANGE);
	KUNIT_EXPECT_EQ(t, kstrtoint("2147483648", 10, &i), -ERANGE);
	KUNIT_EXPECT_EQ(t, kstrtouint("4294967296", 10, &u), -ERANGE);
	KUNIT_EXPECT_EQ(t, kstrtou64("9", 8, &v), -EINVAL);
}

static void parses_sizes_with_suffixes(struct kunit *t)
{
	u64 v = 0;

	KUNIT_EXPECT_EQ(t, kstrtosize("512M", &v), 0);
	KUNIT_EXPECT_EQ(t, v, 512ULL << 20);
	KUNIT_EXPECT_EQ(t, kstrtosize("2g", &v), 0);
	KUNIT_EXPECT_EQ(t, v, 2ULL << 30);
	KUNIT_EXPECT_EQ(t, kstrtosize("4096", &v), 0);
	KUNIT_EXPECT_EQ(t, v, 4096ULL);
	KUNIT_EXPECT_EQ(t, kstrtosize("M", &v), -EINVAL);
	KUNIT_EXPECT_EQ(t, kstrtosize("99999999999T", &v), -ERANGE);
}

static void strscpy_truncates_and_terminates(struct kunit *t)
{
	char b[4];

	KUNIT_EXPECT_EQ(t, strscpy(b, "ab", sizeof(b)), 2);
	KUNIT_EXPECT_STREQ(t, b, "ab");
	KUNIT_EXPECT_EQ(t, strscpy(b, "abcdef", sizeof(b)), -E2BIG);
	KUNIT_EXPECT_STREQ(t, b, "abc");
}

static void glob_matches_like_a_shell(struct kunit *t)
{
	KUNIT_EXPECT_TRUE(t, glob_match("*", ""));
	KUNIT_EXPECT_TRUE(t, glob_match("vma*", "vma_tree"));
	KUNIT_EXPECT_TRUE(t, glob_match("*.split*", "vma.splits_in_the_middle"));
	KUNIT_EXPECT_TRUE(t, glob_match("a?c", "abc"));
	KUNIT_EXPECT_TRUE(t, glob_match("[a-c]x", "bx"));
	KUNIT_EXPECT_FALSE(t, glob_match("[!a-c]x", "bx"));
	KUNIT_EXPECT_FALSE(t, glob_match("vma", "vma_tree"));
	KUNIT_EXPECT_FALSE(t, glob_match("a*b", "acbc"));
	KUNIT_EXPECT_TRUE(t, glob_match("a*b*c", "axxbyyc"));
}

static void kstrdup_copies(struct kunit *t)
{
	char *s = kstrdup("hello");

	KUNIT_EXPECT_STREQ(t, s, "hello");
	kfree(s);
	s = kstrndup("hello", 3);
	KUNIT_EXPECT_STREQ(t, s, "hel");
	kfree(s);
}

static const struct kunit_case string_cases[] = {
	KUNIT_CASE(parses_numbers_in_each_base),
	KUNIT_CASE(rejects_garbage_and_overflow),
	KUNIT_CASE(parses_sizes_with_suffixes),
	KUNIT_CASE(strscpy_truncates_and_terminates),
	KUNIT_CASE(glob_matches_like_a_shell),
	KUNIT_CASE(kstrdup_copies),
	{},
};

static const struct kunit_suite string_suite = { .name = "string", .cases = string_cases };
kunit_test_suite(string_suite);
