// SPDX-License-Identifier: GPL-2.0
/*
 * The KUnit runner: collects suites from the umk_kunit section, sorts them
 * by name, runs those matching kunit.filter and prints KTAP version 1 on
 * stdout. Returns the number of failed cases.
 */
#include <stdarg.h>
#include <host/host.h>
#include <umk/kunit.h>
#include <umk/printk.h>
#include <umk/slab.h>

extern const struct kunit_suite *const __start_umk_kunit[], *const __stop_umk_kunit[];

struct kunit_resource {
	struct kunit_resource *next;
	/* the allocation follows */
};

#define out(...) fdprintk(1, __VA_ARGS__)

void *kunit_kzalloc(struct kunit *test, size_t size)
{
	struct kunit_resource *r = kzalloc(sizeof(*r) + size);

	if (!r)
		return NULL;
	r->next = test->resources;
	test->resources = r;
	return r + 1;
}

void kunit_fail(struct kunit *test, const char *file, int line, const char *fmt, ...)
{
	char buf[768];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	test->failed = true;
	out("    # %s: EXPECTATION FAILED at %s:%d\n    %s\n", test->name, file, line, buf);
}

void kunit_skip(struct kunit *test, const char *reason)
{
	test->skipped = true;
	test->skip_reason = reason;
}

static bool case_selected(const struct kunit_suite *s, const struct kunit_case *c,
			  const char *filter)
{
	char full[160];

	if (!filter || !*filter)
		return true;
	if (!strchr(filter, '.'))
		return glob_match(filter, s->name);
	ksnprintf(full, sizeof(full), "%s.%s", s->name, c->name);
	return glob_match(filter, full);
}

static int count_selected(const struct kunit_suite *s, const char *filter)
{
	int n = 0;

	for (const struct kunit_case *c = s->cases; c->run; c++)
		n += case_selected(s, c, filter);
	return n;
}

/* Runs one suite; returns the number of failed cases. */
static int run_suite(const struct kunit_suite *s, int index, const char *filter)
{
	int failed = 0, n = 0;

	out("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name,
	    count_selected(s, filter));
	for (const struct kunit_case *c = s->cases; c->run; c++) {
		struct kunit test = { .name = c->name };

		if (!case_selected(s, c, filter))
			continue;
		n++;
		if (s->init && s->init(&test)) {
			kunit_fail(&test, __FILE__, __LINE__, "suite init failed");
		} else {
			c->run(&test);
			if (s->exit)
				s->exit(&test);
		}
		while (test.resources) {
			struct kunit_resource *r = test.resources;

			test.resources = r->next;
			kfree(r);
		}
		if (test.failed) {
			failed++;
			out("    not ok %d %s\n", n, c->name);
		} else if (test.skipped) {
			out("    ok %d %s # SKIP %s\n", n, c->name,
			    test.skip_reason ? test.skip_reason : "");
		} else {
			out("    ok %d %s\n", n, c->name);
		}
	}
	out("%s %d %s\n", failed ? "not ok" : "ok", index, s->name);
	return failed;
}

int kunit_run_all(const char *filter)
{
	size_t n = SECTION_COUNT(__start_umk_kunit, __stop_umk_kunit);
	const struct kunit_suite **suites = kcalloc(n, sizeof(*suites));
	int failed = 0, selected = 0, index = 0;

	if (!suites)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct kunit_suite *s = __start_umk_kunit[i];
		size_t j = i;

		/* insertion sort by name: the section's order is the compiler's */
		for (; j > 0 && strcmp(s->name, suites[j - 1]->name) < 0; j--)
			suites[j] = suites[j - 1];
		suites[j] = s;
	}
	for (size_t i = 0; i < n; i++)
		selected += count_selected(suites[i], filter) > 0;
	out("KTAP version 1\n1..%d\n", selected);
	for (size_t i = 0; i < n; i++)
		if (count_selected(suites[i], filter) > 0)
			failed += run_suite(suites[i], ++index, filter);
	kfree(suites);
	return failed;
}
