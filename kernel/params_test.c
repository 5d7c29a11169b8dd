// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the command-line parser (kernel/params.c).
 */
#include <umk/errno.h>
#include <umk/kunit.h>
#include <umk/params.h>

static const char *t_root;
static int t_level;
static bool t_quiet;
static u64 t_mem;

static int set_mode(const char *val, const struct kernel_param *kp)
{
	return val && (!strcmp(val, "ptrace") || !strcmp(val, "seccomp")) ? 0 : -EINVAL;
}

static const struct kernel_param test_params[] = {
	{ "root", param_set_charp, &t_root, "" },
	{ "loglevel", param_set_int, &t_level, "" },
	{ "quiet", param_set_bool, &t_quiet, "" },
	{ "mem", param_set_size, &t_mem, "" },
	{ "trap", set_mode, NULL, "" },
	{ "kunit.filter", param_set_charp, &t_root, "" },
};

static int parse(char **args, int n, struct param_error *e)
{
	t_root = NULL;
	t_level = 0;
	t_quiet = false;
	t_mem = 0;
	return params_parse(args, n, test_params, ARRAY_SIZE(test_params), e);
}

static void parses_values_and_flags(struct kunit *t)
{
	char *args[] = { "root=/srv/rootfs", "loglevel=3", "quiet", "mem=256M" };
	struct param_error e;

	KUNIT_EXPECT_EQ(t, parse(args, 4, &e), 4);
	KUNIT_EXPECT_STREQ(t, t_root, "/srv/rootfs");
	KUNIT_EXPECT_EQ(t, t_level, 3);
	KUNIT_EXPECT_TRUE(t, t_quiet);
	KUNIT_EXPECT_EQ(t, t_mem, 256ULL << 20);
}

static void stops_after_double_dash(struct kunit *t)
{
	char *args[] = { "root=/r", "--", "ls", "-la", "/" };
	struct param_error e;

	KUNIT_EXPECT_EQ(t, parse(args, 5, &e), 2);
	KUNIT_EXPECT_STREQ(t, t_root, "/r");
}

static void names_an_unknown_parameter(struct kunit *t)
{
	char *args[] = { "root=/r", "bogus=1" };
	struct param_error e;

	KUNIT_EXPECT_EQ(t, parse(args, 2, &e), -EINVAL);
	KUNIT_EXPECT_STREQ(t, e.msg, "unknown parameter 'bogus'");
}

static void names_a_bad_value(struct kunit *t)
{
	char *a1[] = { "loglevel=high" };
	char *a2[] = { "trap=kvm" };
	char *a3[] = { "mem=12Q" };
	struct param_error e;

	KUNIT_EXPECT_EQ(t, parse(a1, 1, &e), -EINVAL);
	KUNIT_EXPECT_STREQ(t, e.msg, "bad value 'high' for parameter 'loglevel'");
	KUNIT_EXPECT_EQ(t, parse(a2, 1, &e), -EINVAL);
	KUNIT_EXPECT_STREQ(t, e.msg, "bad value 'kvm' for parameter 'trap'");
	KUNIT_EXPECT_EQ(t, parse(a3, 1, &e), -EINVAL);
}

static void requires_values_where_needed(struct kunit *t)
{
	char *a1[] = { "root" };
	char *a2[] = { "root=" };
	struct param_error e;

	KUNIT_EXPECT_EQ(t, parse(a1, 1, &e), -EINVAL);
	KUNIT_EXPECT_STREQ(t, e.msg, "parameter 'root' needs a value (root=...)");
	KUNIT_EXPECT_EQ(t, parse(a2, 1, &e), -EINVAL);
}

static void matches_dotted_keys_exactly(struct kunit *t)
{
	char *a1[] = { "kunit.filter=vma*" };
	char *a2[] = { "kunit=1" };
	struct param_error e;

	KUNIT_EXPECT_EQ(t, parse(a1, 1, &e), 1);
	KUNIT_EXPECT_STREQ(t, t_root, "vma*");
	KUNIT_EXPECT_EQ(t, parse(a2, 1, &e), -EINVAL);
}

static void registered_parameters_include_the_boot_ones(struct kunit *t)
{
	size_t n;
	const struct kernel_param *p = params_registered(&n);
	int found = 0;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].name, "root") || !strcmp(p[i].name, "init") ||
		    !strcmp(p[i].name, "loglevel") || !strcmp(p[i].name, "trap"))
			found++;
	KUNIT_EXPECT_EQ(t, found, 4);
}

static const struct kunit_case params_cases[] = {
	KUNIT_CASE(parses_values_and_flags),
	KUNIT_CASE(stops_after_double_dash),
	KUNIT_CASE(names_an_unknown_parameter),
	KUNIT_CASE(names_a_bad_value),
	KUNIT_CASE(requires_values_where_needed),
	KUNIT_CASE(matches_dotted_keys_exactly),
	KUNIT_CASE(registered_parameters_include_the_boot_ones),
	{},
};

static const struct kunit_suite params_suite = { .name = "cmdline", .cases = params_cases };
kunit_test_suite(params_suite);
