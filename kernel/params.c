// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line parsing: key=value pairs and bare flags, matched against the
 * parameters registered in the umk_params section.
 */
#include <umk/errno.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/string.h>

extern const struct kernel_param __start_umk_params[], __stop_umk_params[];

const struct kernel_param *params_registered(size_t *n)
{
	*n = SECTION_COUNT(__start_umk_params, __stop_umk_params);
	return __start_umk_params;
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	if (!val || !*val)
		return -EINVAL;
	*(const char **)kp->arg = val;
	return 0;
}

int param_set_int(const char *val, const struct kernel_param *kp)
{
	return val ? kstrtoint(val, 0, kp->arg) : -EINVAL;
}

int param_set_uint(const char *val, const struct kernel_param *kp)
{
	return val ? kstrtouint(val, 0, kp->arg) : -EINVAL;
}

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	bool *b = kp->arg;

	if (!val || !strcmp(val, "1") || !strcmp(val, "y") || !strcmp(val, "Y") ||
	    !strcmp(val, "on") || !strcmp(val, "true"))
		*b = true;
	else if (!strcmp(val, "0") || !strcmp(val, "n") || !strcmp(val, "N") ||
		 !strcmp(val, "off") || !strcmp(val, "false"))
		*b = false;
	else
		return -EINVAL;
	return 0;
}

int param_set_size(const char *val, const struct kernel_param *kp)
{
	return val ? kstrtosize(val, kp->arg) : -EINVAL;
}

static const struct kernel_param *find(const char *key, size_t keylen,
				       const struct kernel_param *params, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(params[i].name) == keylen && !strncmp(params[i].name, key, keylen))
			return &params[i];
	return NULL;
}

int params_parse(char **args, int nargs, const struct kernel_param *params, size_t nparams,
		 struct param_error *err)
{
	int i;

	for (i = 0; i < nargs; i++) {
		char *arg = args[i];
		char *eq = strchr(arg, '=');
		size_t keylen = eq ? (size_t)(eq - arg) : strlen(arg);
		const struct kernel_param *kp;

		if (!strcmp(arg, "--"))
			return i + 1;
		kp = keylen ? find(arg, keylen, params, nparams) : NULL;
		if (!kp) {
			ksnprintf(err->msg, sizeof(err->msg), "unknown parameter '%.*s'",
				  (int)min_t(size_t, keylen ? keylen : strlen(arg), 64), arg);
			return -EINVAL;
		}
		if (kp->set(eq ? eq + 1 : NULL, kp)) {
			if (eq)
				ksnprintf(err->msg, sizeof(err->msg),
					  "bad value '%.64s' for parameter '%s'", eq + 1, kp->name);
			else
				ksnprintf(err->msg, sizeof(err->msg),
					  "parameter '%s' needs a value (%s=...)", kp->name,
					  kp->name);
			return -EINVAL;
		}
	}
	return i;
}
