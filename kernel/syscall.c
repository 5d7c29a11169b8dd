// SPDX-License-Identifier: GPL-2.0
/*
 * System call dispatch: look the number up in the table generated from
 * kernel/syscalls.tbl, run the handler, hand the result back to the guest.
 * A call umk does not implement returns -ENOSYS and is named once in dmesg.
 * With syscall_trace on the command line every call is logged (like strace).
 */
#include <umk/errno.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/syscall.h>
#include <umk/syscalls.h>

static bool syscall_trace;
core_param(syscall_trace, syscall_trace, bool, "log every guest system call in dmesg");

static unsigned long warned[(NR_SYSCALLS + 63) / 64];

const char *syscall_name(long nr)
{
	if (nr < 0 || nr >= NR_SYSCALLS)
		return NULL;
	return syscall_table[nr].name;
}

static void warn_unimplemented(struct task *t, long nr)
{
	const char *name = syscall_name(nr);

	if (nr >= 0 && nr < NR_SYSCALLS) {
		if (warned[nr / 64] & (1UL << (nr % 64)))
			return;
		warned[nr / 64] |= 1UL << (nr % 64);
	}
	pr_warn("umk: %s[%d] called unimplemented system call %ld (%s)\n", t->comm, t->pid, nr,
		name ? name : "unknown");
}

long syscall_dispatch(struct task *t, const struct trap_event *ev)
{
	long nr = ev->sys.nr;
	long ret;

	/* Its result is the guest's rax, unless the handler restores a whole
	 * context (rt_sigreturn clears this). The calls the vsyscall page
	 * offers never ask for a restart, which it could not do. */
	t->in_syscall = true;
	if (ev->sys.foreign_abi) {
		pr_warn_once("umk: %s[%d]: 32-bit system call (int $0x80 or x32) refused\n",
			     t->comm, t->pid);
		ret = -ENOSYS;
	} else if (nr < 0 || nr >= NR_SYSCALLS || !syscall_table[nr].fn) {
		warn_unimplemented(t, nr);
		ret = -ENOSYS;
	} else {
		struct syscall_args args = { .nr = nr };

		for (int i = 0; i < 6; i++)
			args.a[i] = ev->sys.args[i];
		ret = syscall_table[nr].fn(&args);
	}
	if (syscall_trace) {
		const char *name = syscall_name(nr);

		if (ret < 0 && ret >= -4095)
			pr_info("[%d] %s(%#llx, %#llx, %#llx) = %ld %s\n", t->pid,
				name ? name : "?", (unsigned long long)ev->sys.args[0],
				(unsigned long long)ev->sys.args[1],
				(unsigned long long)ev->sys.args[2], ret,
				errno_name((int)ret) ? errno_name((int)ret) : "");
		else
			pr_info("[%d] %s(%#llx, %#llx, %#llx) = %#lx\n", t->pid, name ? name : "?",
				(unsigned long long)ev->sys.args[0],
				(unsigned long long)ev->sys.args[1],
				(unsigned long long)ev->sys.args[2], ret);
	}
	return ret;
}
