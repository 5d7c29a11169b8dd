// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for initcall ordering: entries are run by (level, name),
 * whatever order the compiler emitted them in.
 */
#include <umk/init.h>
#include <umk/kunit.h>

static int nop(void)
{
	return 0;
}

static void sorts_by_level_then_name(struct kunit *t)
{
	const struct initcall a = { INITCALL_FS, "b_fs", nop },
			      b = { INITCALL_EARLY, "z_early", nop },
			      c = { INITCALL_FS, "a_fs", nop }, d = { INITCALL_CORE, "core", nop };
	const struct initcall *calls[] = { &a, &b, &c, &d };

	initcall_sort(calls, 4);
	KUNIT_EXPECT_PTR_EQ(t, calls[0], &b);
	KUNIT_EXPECT_PTR_EQ(t, calls[1], &d);
	KUNIT_EXPECT_PTR_EQ(t, calls[2], &c);
	KUNIT_EXPECT_PTR_EQ(t, calls[3], &a);
}

static void same_result_for_reversed_input(struct kunit *t)
{
	const struct initcall a = { 1, "a", nop }, b = { 1, "b", nop }, c = { 2, "a", nop };
	const struct initcall *fwd[] = { &a, &b, &c }, *rev[] = { &c, &b, &a };

	initcall_sort(fwd, 3);
	initcall_sort(rev, 3);
	for (int i = 0; i < 3; i++)
		KUNIT_EXPECT_PTR_EQ(t, fwd[i], rev[i]);
}

static const struct kunit_case initcall_cases[] = {
	KUNIT_CASE(sorts_by_level_then_name),
	KUNIT_CASE(same_result_for_reversed_input),
	{},
};

static const struct kunit_suite initcall_suite = { .name = "initcall", .cases = initcall_cases };
kunit_test_suite(initcall_suite);
