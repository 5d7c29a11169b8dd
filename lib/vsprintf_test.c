// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the printk formatter (lib/vsprintf.c). Expected strings
 * are what glibc's snprintf prints for the same format.
 */
#include <umk/kunit.h>
#include <umk/printk.h>
#include <umk/slab.h>

#define CHECK(t, expect, fmt, ...)                                                                 \
	do {                                                                                       \
		char chk_buf[128];                                                                 \
		int chk_n = ksnprintf(chk_buf, sizeof(chk_buf), fmt, ##__VA_ARGS__);               \
		KUNIT_EXPECT_STREQ(t, chk_buf, expect);                                            \
		KUNIT_EXPECT_EQ(t, chk_n, (int)strlen(expect));                                    \
	} while (0)

static void formats_signed_integers(struct kunit *t)
{
	CHECK(t, "0", "%d", 0);
	CHECK(t, "-42", "%d", -42);
	CHECK(t, "-2147483648", "%d", (int)-2147483647 - 1);
	CHECK(t, "-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
	CHECK(t, "+7", "%+d", 7);
	CHECK(t, " 7", "% d", 7);
	CHECK(t, "-1", "%hhd", (signed char)-1);
	CHECK(t, "-128", "%hhd", (signed char)-128);
	CHECK(t, "-1", "%hd", (short)-1);
	CHECK(t, "65535", "%hu", (unsigned short)65535);
	CHECK(t, "123", "%zd", (ssize_t)123);
}

static void formats_unsigned_and_hex(struct kunit *t)
{
	CHECK(t, "4294967295", "%u", 4294967295U);
	CHECK(t, "18446744073709551615", "%llu", 18446744073709551615ULL);
	CHECK(t, "ff", "%x", 255);
	CHECK(t, "FF", "%X", 255);
	CHECK(t, "0xff", "%#x", 255);
	CHECK(t, "0", "%#x", 0);
	CHECK(t, "17", "%o", 15);
	CHECK(t, "017", "%#o", 15);
	CHECK(t, "deadbeefcafe", "%lx", 0xdeadbeefcafeUL);
}

static void pads_with_width_and_precision(struct kunit *t)
{
	CHECK(t, "    0.001234", "%5lu.%06lu", 0UL, 1234UL);
	CHECK(t, "[   42]", "[%5d]", 42);
	CHECK(t, "[42   ]", "[%-5d]", 42);
	CHECK(t, "[00042]", "[%05d]", 42);
	CHECK(t, "[-0042]", "[%05d]", -42);
	CHECK(t, "[  042]", "[%5.3d]", 42);
	CHECK(t, "[]", "[%.0d]", 0);
	CHECK(t, "[  abc]", "[%5s]", "abc");
	CHECK(t, "[ab]", "[%.2s]", "abc");
	CHECK(t, "[abc  ]", "[%-5s]", "abc");
	CHECK(t, "[   42]", "[%*d]", 5, 42);
	CHECK(t, "[42   ]", "[%*d]", -5, 42);
	CHECK(t, "[0x0000002a]", "[%#010x]", 42);
}

static void formats_strings_chars_and_percent(struct kunit *t)
{
	const char *volatile null_str = NULL; /* hidden from the compiler's format check */

	CHECK(t, "(null)", "%s", null_str);
	CHECK(t, "a%b", "a%%b");
	CHECK(t, "x", "%c", 'x');
	CHECK(t, "0x1000", "%p", (void *)0x1000);
}

static void truncates_and_reports_full_length(struct kunit *t)
{
	char b[4];
	int n = ksnprintf(b, sizeof(b), "%s", "hello");

	KUNIT_EXPECT_EQ(t, n, 5);
	KUNIT_EXPECT_STREQ(t, b, "hel");
	KUNIT_EXPECT_EQ(t, kscnprintf(b, sizeof(b), "%s", "hello"), 3);
	KUNIT_EXPECT_EQ(t, ksnprintf(NULL, 0, "%d", 12345), 5);
}

static void allocates_with_kasprintf(struct kunit *t)
{
	char *s = kasprintf("%s-%d", "umk", 7);

	KUNIT_EXPECT_STREQ(t, s, "umk-7");
	kfree(s);
}

static const struct kunit_case vsprintf_cases[] = {
	KUNIT_CASE(formats_signed_integers),
	KUNIT_CASE(formats_unsigned_and_hex),
	KUNIT_CASE(pads_with_width_and_precision),
	KUNIT_CASE(formats_strings_chars_and_percent),
	KUNIT_CASE(truncates_and_reports_full_length),
	KUNIT_CASE(allocates_with_kasprintf),
	{},
};

static const struct kunit_suite vsprintf_suite = { .name = "printk_format",
						   .cases = vsprintf_cases };
kunit_test_suite(vsprintf_suite);
