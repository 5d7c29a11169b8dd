// SPDX-License-Identifier: GPL-2.0
/*
 * umk's entry point: `umk [key=value ...] [-- init args]` boots a guest;
 * `umk kunit [kunit.filter=GLOB]` runs the in-kernel unit tests instead.
 * The command line is checked completely before anything starts: an
 * unknown parameter or a bad value prints one line and exits with 2.
 */
#include <host/host.h>
#include <umk/errno.h>
#include <umk/init.h>
#include <umk/kernel.h>
#include <umk/kunit.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/shutdown.h>
#include <umk/slab.h>
#include <umk/sort.h>
#include <umk/string.h>

#include "internal.h"

static const char *kunit_filter;
named_param(kunit_filter, "kunit.filter", kunit_filter, charp,
	    "with `umk kunit`: run only suites (or suite.case) matching this glob");

static int set_trap(const char *val, const struct kernel_param *kp)
{
	if (val && !strcmp(val, "ptrace")) {
		trap_backend = TRAP_PTRACE;
		trap_ops = &ptrace_trap_ops;
		return 0;
	}
	if (val && !strcmp(val, "seccomp")) {
		trap_backend = TRAP_SECCOMP;
		trap_ops = &seccomp_trap_ops;
		return 0;
	}
	return -EINVAL;
}
custom_param(trap, "trap", set_trap, "trap backend: seccomp (default) or ptrace");

static __noreturn void usage_error(const char *msg)
{
	fdprintk(2, "umk: %s\n", msg);
	host_exit(2);
}

/* Brings up the trap backend and the zygote (an arch initcall). */
static int arch_trap_init(void)
{
	int err = stub_image_load();

	if (err) {
		pr_err("umk: the stub image is damaged (%d)\n", err);
		return err;
	}
	err = trap_ops->init();
	if (err)
		return err;
	if (trap_backend == TRAP_SECCOMP) {
		err = as_monitor_start();
		if (err)
			return err;
	}
	err = zygote_start();
	if (err) {
		pr_err("umk: cannot start the zygote: %s\n", host_strerror(err));
		return err;
	}
	err = as_check_host_access();
	if (err) {
		emergency_shutdown();
		host_exit(1);
	}
	return 0;
}
arch_initcall(arch_trap_init);

static int param_cmp(const void *a, const void *b)
{
	return strcmp((*(const struct kernel_param *const *)a)->name,
		      (*(const struct kernel_param *const *)b)->name);
}

static void usage(void)
{
	static const char head[] = "usage: umk root=DIR [init=PATH] [key=value | flag ...] [-- "
				   "init arguments]\n"
				   "       umk kunit [kunit.filter=GLOB]\n\n"
				   "Boots the host directory DIR as a Linux guest and runs init in "
				   "it; umk exits\n"
				   "with init's exit status. Parameters:\n";
	size_t n;
	const struct kernel_param *p = params_registered(&n);
	const struct kernel_param **sorted = kcalloc(n, sizeof(*sorted));

	host_write_all(1, head, sizeof(head) - 1);
	if (!sorted)
		host_exit(1);
	for (size_t i = 0; i < n; i++)
		sorted[i] = &p[i];
	sort(sorted, n, sizeof(*sorted), param_cmp);
	for (size_t i = 0; i < n; i++)
		fdprintk(1, "  %-16s %s\n", sorted[i]->name, sorted[i]->desc);
	host_exit(0);
}

int main(int argc, char **argv)
{
	struct param_error perr;
	const struct kernel_param *params;
	size_t nparams;
	bool kunit = argc > 1 && !strcmp(argv[1], "kunit");
	int first = kunit ? 2 : 1, used;

	if (host_early_init() < 0)
		usage_error("cannot set up the host process");
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")))
		usage();
	if (do_initcalls(INITCALL_EARLY, INITCALL_EARLY))
		usage_error("early initialisation failed");
	params = params_registered(&nparams);
	used = params_parse(argv + first, argc - first, params, nparams, &perr);
	if (used < 0)
		usage_error(perr.msg);
	if (kunit) {
		if (first + used < argc)
			usage_error("`umk kunit` takes no init arguments");
		host_exit(kunit_run_all(kunit_filter) ? 1 : 0);
	}
	host_exit(start_kernel(argv + first + used, argc - first - used));
}
