/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel command line: `umk [key=value | flag ...] [-- init args]`.
 * Parameters are declared where they are used, with core_param() and
 * friends, and collected from a linker section. An unknown key or a bad
 * value is an error (umk prints one line naming it and exits with 2).
 */
#ifndef _UMK_PARAMS_H
#define _UMK_PARAMS_H

#include <umk/types.h>

struct kernel_param {
	const char *name;
	/* val is NULL for a bare flag ("quiet"); returns 0 or -EINVAL. */
	int (*set)(const char *val, const struct kernel_param *kp);
	void *arg;
	const char *desc;
};

int param_set_charp(const char *val, const struct kernel_param *kp); /* const char * */
int param_set_int(const char *val, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_set_bool(const char *val, const struct kernel_param *kp); /* bare = true */
int param_set_size(const char *val, const struct kernel_param *kp); /* u64, K/M/G */

#define __define_param(var_name, key, setfn, argp, help)                                           \
	static const struct kernel_param __param_##var_name __used __section("umk_params")         \
		__aligned(8) = { .name = key, .set = setfn, .arg = argp, .desc = help }

/* core_param(name, variable, type, help): type is charp, int, uint, bool or size. */
#define core_param(key, var, type, help) __define_param(var, #key, param_set_##type, &(var), help)
/* A parameter whose key has a dot or is not a C identifier. */
#define named_param(id, key, var, type, help)                                                      \
	__define_param(id, key, param_set_##type, &(var), help)
#define custom_param(id, key, setfn, help) __define_param(id, key, setfn, NULL, help)

struct param_error {
	char msg[160];
};

/*
 * Parses args[0..nargs) against params[0..nparams). Stops after "--".
 * Returns the number of args consumed (the "--" included), or -EINVAL with
 * err->msg set to one line naming the offending parameter.
 */
int params_parse(char **args, int nargs, const struct kernel_param *params, size_t nparams,
		 struct param_error *err);

/* The registered parameters (the umk_params section). */
const struct kernel_param *params_registered(size_t *n);

#endif
