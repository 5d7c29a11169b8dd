// SPDX-License-Identifier: GPL-2.0
/*
 * Running initcalls: collect the entries of the umk_initcalls section, sort
 * them by (level, name) and run the requested levels in that order.
 */
#include <umk/init.h>
#include <umk/printk.h>
#include <umk/slab.h>
#include <umk/string.h>

extern const struct initcall __start_umk_initcalls[], __stop_umk_initcalls[];

static bool before(const struct initcall *a, const struct initcall *b)
{
	if (a->level != b->level)
		return a->level < b->level;
	return strcmp(a->name, b->name) < 0;
}

void initcall_sort(const struct initcall **calls, size_t n)
{
	/* Insertion sort: a few dozen entries, sorted once. */
	for (size_t i = 1; i < n; i++) {
		const struct initcall *c = calls[i];
		size_t j = i;

		for (; j > 0 && before(c, calls[j - 1]); j--)
			calls[j] = calls[j - 1];
		calls[j] = c;
	}
}

int do_initcalls(int from, int to)
{
	size_t n = SECTION_COUNT(__start_umk_initcalls, __stop_umk_initcalls);
	const struct initcall **calls = kcalloc(n, sizeof(*calls));
	int err = 0;

	if (!calls)
		return -12; /* ENOMEM */
	for (size_t i = 0; i < n; i++)
		calls[i] = &__start_umk_initcalls[i];
	initcall_sort(calls, n);
	for (size_t i = 0; i < n && !err; i++) {
		if (calls[i]->level < from || calls[i]->level > to)
			continue;
		pr_debug("initcall %s (level %d)\n", calls[i]->name, calls[i]->level);
		err = calls[i]->fn();
		if (err)
			pr_err("initcall %s failed: %d\n", calls[i]->name, err);
	}
	kfree(calls);
	return err;
}
