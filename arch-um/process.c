// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 thread state the guest controls directly: arch_prctl (the FS and
 * GS base registers, CPUID faulting).
 */
#include <asm/prctl.h>
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/syscalls.h>
#include <umk/trap.h>
#include <umk/uaccess.h>

SYSCALL_DEFINE2(arch_prctl, int, code, u64, addr)
{
	struct user_regs regs;
	int err = trap_get_regs(current->trap, &regs);

	if (err)
		return err;
	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		/* Linux refuses bases outside the user address space. */
		if (addr >= as_task_size())
			return -EPERM;
		if (code == ARCH_SET_FS)
			regs.fs_base = addr;
		else
			regs.gs_base = addr;
		return trap_set_regs(current->trap, &regs);
	case ARCH_GET_FS:
		return put_user(regs.fs_base, (uaddr_t)addr);
	case ARCH_GET_GS:
		return put_user(regs.gs_base, (uaddr_t)addr);
	case ARCH_GET_CPUID:
		return 1; /* CPUID is not faulting */
	case ARCH_SET_CPUID:
		return -ENODEV; /* CPUID faulting is not offered (as on hosts without it) */
	}
	return -EINVAL;
}
