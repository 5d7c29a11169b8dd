/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest thread's user registers (named user_regs: the UAPI headers take
 * struct pt_regs for a shorter layout), in the layout of the x86-64 ptrace
 * user_regs_struct (which PTRACE_GETREGS and the seccomp stub both fill).
 */
#ifndef _UMK_REGS_H
#define _UMK_REGS_H

#include <asm/processor-flags.h>
#include <umk/types.h>

struct user_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi, orig_rax;
	u64 rip, cs, eflags, rsp, ss;
	u64 fs_base, gs_base, ds, es, fs, gs;
};

BUILD_BUG_ON(sizeof(struct user_regs) != 27 * 8);

/* The syscall ABI: number in rax, arguments in rdi rsi rdx r10 r8 r9. */
static inline u64 regs_syscall_arg(const struct user_regs *r, int i)
{
	switch (i) {
	case 0:
		return r->rdi;
	case 1:
		return r->rsi;
	case 2:
		return r->rdx;
	case 3:
		return r->r10;
	case 4:
		return r->r8;
	default:
		return r->r9;
	}
}

#endif
