// SPDX-License-Identifier: GPL-2.0
/*
 * The guest seccomp filter (DESIGN §3), loaded by every blank guest host
 * process before it parks. In order:
 *
 *   instruction pointer outside the stub -> SIGSYS (trap to umk), whatever
 *                                           the ABI: umk answers int $0x80
 *                                           and x32 calls with ENOSYS, as it
 *                                           does under trap=ptrace
 *   from the stub, arch != x86-64        -> kill the process
 *   from the stub, x32 bit set           -> kill the process
 *   from the stub, only:
 *     futex WAIT/WAKE/WAIT_BITSET/WAKE_BITSET, rt_sigreturn, sigaltstack,
 *     mmap/munmap/mprotect/madvise below the stub region (flags masked),
 *     mremap likewise, exit, exit_group, gettid, sendmsg/recvmsg on the
 *     control descriptor, close on the transient slots, dup3 from a
 *     transient slot onto the control descriptor, arch_prctl reading or
 *     setting the FS/GS bases; clone only from the stub's four clone
 *     sites, with the exact flags and addresses of a fork or a thread (so
 *     every child starts in stub code that parks it for umk); mmap of the
 *     whole thread-area region, shared, from a transient slot (a forked
 *     child taking its own thread areas);
 *   anything else from the stub         -> kill the process.
 *
 * Under trap=ptrace, PTRACE_SYSEMU stops guest system calls before seccomp
 * sees them; the filter still turns vsyscall-page calls (which the host
 * emulates without a SYSEMU stop) into SIGSYS, and bounds what injected
 * stub calls can do. The guest can run any stub instruction with any
 * registers, so this allow-list is exactly its host attack surface.
 */
#include <asm/prctl.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/seccomp.h>
#include <umk/errno.h>
#include <umk/string.h>

#include "internal.h"

#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_IP_LO 8
#define OFF_IP_HI 12
#define OFF_ARG_LO(i) (16 + 8 * (i))
#define OFF_ARG_HI(i) (20 + 8 * (i))
#define HI32(v) ((u32)((u64)(v) >> 32))

#define X32_SYSCALL_BIT 0x40000000
/* Guest-range check: an address's high word must be below this. */
#define RANGE_HI_LIMIT ((u32)(GUEST_TASK_SIZE >> 32))

enum { L_ALLOW = 1, L_KILL, L_TRAP, L_NEXT_BASE };

struct builder {
	struct sock_filter *insn;
	int max, n;
	int labels[64]; /* label -> instruction index, -1 unknown */
	struct {
		int at;
		int jt, jf; /* labels, 0 for "fall through" */
	} fix[192];
	int nfix;
	int next_label;
	bool overflow;
};

static void emit(struct builder *b, u16 code, u32 k)
{
	if (b->n >= b->max) {
		b->overflow = true;
		return;
	}
	b->insn[b->n++] = (struct sock_filter){ code, 0, 0, k };
}

/* A conditional jump to labels jt / jf (0 = the next instruction). */
static void jump(struct builder *b, u16 op, u32 k, int jt, int jf)
{
	if (b->nfix >= (int)ARRAY_SIZE(b->fix)) {
		b->overflow = true;
		return;
	}
	b->fix[b->nfix].at = b->n;
	b->fix[b->nfix].jt = jt;
	b->fix[b->nfix].jf = jf;
	b->nfix++;
	emit(b, BPF_JMP | op | BPF_K, k);
}

static void ld(struct builder *b, u32 off)
{
	emit(b, BPF_LD | BPF_W | BPF_ABS, off);
}

static int new_label(struct builder *b)
{
	return b->next_label++;
}

static void place(struct builder *b, int label)
{
	b->labels[label] = b->n;
}

static void ret(struct builder *b, u32 action)
{
	emit(b, BPF_RET | BPF_K, action);
}

/* Jumps to fail unless args (addr, len) lie below the stub region. */
static void check_range(struct builder *b, int addr_arg, int len_arg, int fail)
{
	ld(b, OFF_ARG_HI(addr_arg));
	jump(b, BPF_JGE, RANGE_HI_LIMIT, fail, 0);
	if (len_arg >= 0) {
		ld(b, OFF_ARG_HI(len_arg));
		jump(b, BPF_JEQ, 0, 0, fail);
	}
}

/*
 * nr is allowed only when its first argument (a full 64-bit value) equals
 * value (op BPF_JEQ) or is at most value (op BPF_JGT); otherwise the
 * process is killed. Leaves the accumulator holding nr for the next rule.
 */
static void allow_arg0(struct builder *b, int nr, u16 op, u32 value)
{
	int next = new_label(b);

	jump(b, BPF_JEQ, (u32)nr, 0, next);
	ld(b, OFF_ARG_HI(0));
	jump(b, BPF_JEQ, 0, 0, L_KILL);
	ld(b, OFF_ARG_LO(0));
	if (op == BPF_JEQ)
		jump(b, BPF_JEQ, value, L_ALLOW, L_KILL);
	else
		jump(b, BPF_JGT, value, L_KILL, L_ALLOW);
	place(b, next);
}

/* Jumps to fail unless argument i (64 bits) equals v. */
static void check_arg(struct builder *b, int i, u64 v, int fail)
{
	ld(b, OFF_ARG_HI(i));
	jump(b, BPF_JEQ, HI32(v), 0, fail);
	ld(b, OFF_ARG_LO(i));
	jump(b, BPF_JEQ, (u32)v, 0, fail);
}

/*
 * clone: only at the stub's clone sites (the address after the syscall
 * instruction), with a fork's flags, no new stack and its area 0 tid word
 * at the fork sites, a thread's flags and a stack and tid word inside the
 * thread-area region at the thread sites.
 */
static void allow_clone(struct builder *b, const u64 sites[4])
{
	int next = new_label(b), fork = new_label(b), thread = new_label(b);

	jump(b, BPF_JEQ, __NR_clone, 0, next);
	ld(b, OFF_IP_LO);
	jump(b, BPF_JEQ, (u32)(sites[0] + 2), fork, 0);
	jump(b, BPF_JEQ, (u32)(sites[1] + 2), fork, 0);
	jump(b, BPF_JEQ, (u32)(sites[2] + 2), thread, 0);
	jump(b, BPF_JEQ, (u32)(sites[3] + 2), thread, L_KILL);
	place(b, fork);
	check_arg(b, 0, STUB_CLONE_FORK, L_KILL);
	check_arg(b, 1, 0, L_KILL);
	check_arg(b, 3, STUB_THREADS_BASE + SH_TID_WORD, L_KILL);
	jump(b, BPF_JA, 0, L_ALLOW, L_ALLOW);
	place(b, thread);
	check_arg(b, 0, STUB_CLONE_THREAD, L_KILL);
	ld(b, OFF_ARG_HI(1));
	jump(b, BPF_JEQ, HI32(STUB_THREADS_BASE), 0, L_KILL);
	ld(b, OFF_ARG_HI(3));
	jump(b, BPF_JEQ, HI32(STUB_THREADS_BASE), L_ALLOW, L_KILL);
	place(b, next);
}

/* mmap of exactly the thread-area region, shared, from a transient slot. */
static void check_thread_region_mmap(struct builder *b)
{
	check_arg(b, 0, STUB_THREADS_BASE, L_KILL);
	check_arg(b, 1, STUB_THREADS * STUB_THREAD_AREA, L_KILL);
	check_arg(b, 2, PROT_READ | PROT_WRITE, L_KILL);
	check_arg(b, 3, MAP_SHARED | MAP_FIXED, L_KILL);
	check_arg(b, 5, 0, L_KILL);
	ld(b, OFF_ARG_HI(4));
	jump(b, BPF_JEQ, 0, 0, L_KILL);
	ld(b, OFF_ARG_LO(4));
	jump(b, BPF_JGT, STUB_TRANSIENT_FD_MAX, L_KILL, L_ALLOW);
}

/* dup3(transient slot, the control descriptor, 0): a forked child's socket. */
static void allow_dup3(struct builder *b)
{
	int next = new_label(b);

	jump(b, BPF_JEQ, __NR_dup3, 0, next);
	check_arg(b, 1, STUB_CTL_FD, L_KILL);
	check_arg(b, 2, 0, L_KILL);
	ld(b, OFF_ARG_HI(0));
	jump(b, BPF_JEQ, 0, 0, L_KILL);
	ld(b, OFF_ARG_LO(0));
	jump(b, BPF_JGT, STUB_TRANSIENT_FD_MAX, L_KILL, L_ALLOW);
	place(b, next);
}

/* arch_prctl only to read or set the FS and GS bases (CPUs without FSGSBASE). */
static void allow_arch_prctl(struct builder *b)
{
	int next = new_label(b);

	jump(b, BPF_JEQ, __NR_arch_prctl, 0, next);
	ld(b, OFF_ARG_HI(0));
	jump(b, BPF_JEQ, 0, 0, L_KILL);
	ld(b, OFF_ARG_LO(0));
	jump(b, BPF_JGE, ARCH_SET_GS, 0, L_KILL);
	jump(b, BPF_JGT, ARCH_GET_GS, L_KILL, L_ALLOW);
	place(b, next);
}

int guest_filter_build(struct sock_filter *insns, int max, const struct stub_header *h)
{
	static const int plain[] = { __NR_rt_sigreturn, __NR_sigaltstack, __NR_exit,
				     __NR_exit_group, __NR_gettid };
	u64 text_start = h->text_start, text_end = h->text_end;
	static const int ranged[] = { __NR_munmap, __NR_mprotect, __NR_madvise };
	struct builder b = { .insn = insns, .max = max, .next_label = L_NEXT_BASE };
	int next;

	for (size_t i = 0; i < ARRAY_SIZE(b.labels); i++)
		b.labels[i] = -1;
	if ((text_start >> 32) != ((text_end - 1) >> 32))
		return -EINVAL;

	ld(&b, OFF_IP_HI);
	jump(&b, BPF_JEQ, (u32)(text_start >> 32), 0, L_TRAP);
	ld(&b, OFF_IP_LO);
	jump(&b, BPF_JGE, (u32)text_start, 0, L_TRAP);
	jump(&b, BPF_JGE, (u32)text_end, L_TRAP, 0);
	ld(&b, OFF_ARCH);
	jump(&b, BPF_JEQ, AUDIT_ARCH_X86_64, 0, L_KILL);
	ld(&b, OFF_NR);
	jump(&b, BPF_JSET, X32_SYSCALL_BIT, L_KILL, 0);

	/* From the stub text: the allow-list. The accumulator holds nr at each
	 * "next" label. */
	ld(&b, OFF_NR);
	for (size_t i = 0; i < ARRAY_SIZE(plain); i++)
		jump(&b, BPF_JEQ, (u32)plain[i], L_ALLOW, 0);

	next = new_label(&b);
	jump(&b, BPF_JEQ, __NR_futex, 0, next);
	ld(&b, OFF_ARG_LO(1));
	emit(&b, BPF_ALU | BPF_AND | BPF_K,
	     0x7f); /* FUTEX_CMD_MASK without the private/clock bits */
	jump(&b, BPF_JEQ, FUTEX_WAIT, L_ALLOW, 0);
	jump(&b, BPF_JEQ, FUTEX_WAKE, L_ALLOW, 0);
	jump(&b, BPF_JEQ, FUTEX_WAIT_BITSET, L_ALLOW, 0);
	jump(&b, BPF_JEQ, FUTEX_WAKE_BITSET, L_ALLOW, L_KILL);
	place(&b, next);

	next = new_label(&b);
	{
		int region = new_label(&b);

		jump(&b, BPF_JEQ, __NR_mmap, 0, next);
		check_range(&b, 0, 1, region);
		ld(&b, OFF_ARG_LO(3));
		jump(&b, BPF_JSET, MAP_GROWSDOWN | MAP_HUGETLB | MAP_32BIT, L_KILL, L_ALLOW);
		place(&b, region);
		check_thread_region_mmap(&b);
	}
	place(&b, next);

	for (size_t i = 0; i < ARRAY_SIZE(ranged); i++) {
		next = new_label(&b);
		jump(&b, BPF_JEQ, (u32)ranged[i], 0, next);
		check_range(&b, 0, 1, L_KILL);
		jump(&b, BPF_JA, 0, L_ALLOW, L_ALLOW);
		place(&b, next);
		ld(&b, OFF_NR);
	}

	next = new_label(&b);
	jump(&b, BPF_JEQ, __NR_mremap, 0, next);
	check_range(&b, 0, 1, L_KILL);
	ld(&b, OFF_ARG_HI(2)); /* new_len */
	jump(&b, BPF_JEQ, 0, 0, L_KILL);
	ld(&b, OFF_ARG_LO(3)); /* flags: only MREMAP_MAYMOVE | MREMAP_FIXED */
	jump(&b, BPF_JSET, ~(u32)(MREMAP_MAYMOVE | MREMAP_FIXED), L_KILL, 0);
	jump(&b, BPF_JSET, MREMAP_FIXED, 0, L_ALLOW);
	check_range(&b, 4, 2, L_KILL);
	jump(&b, BPF_JA, 0, L_ALLOW, L_ALLOW);
	place(&b, next);
	ld(&b, OFF_NR);

	allow_clone(&b, h->clone_sites);
	ld(&b, OFF_NR);
	allow_dup3(&b);
	ld(&b, OFF_NR);
	allow_arg0(&b, __NR_sendmsg, BPF_JEQ, STUB_CTL_FD);
	allow_arg0(&b, __NR_recvmsg, BPF_JEQ, STUB_CTL_FD);
	allow_arg0(&b, __NR_close, BPF_JGT, STUB_TRANSIENT_FD_MAX);
	allow_arch_prctl(&b);

	/* Anything else from the stub: the guest is jumping into it. */
	ret(&b, SECCOMP_RET_KILL_PROCESS);

	place(&b, L_KILL);
	ret(&b, SECCOMP_RET_KILL_PROCESS);
	place(&b, L_TRAP);
	ret(&b, SECCOMP_RET_TRAP);
	place(&b, L_ALLOW);
	ret(&b, SECCOMP_RET_ALLOW);

	if (b.overflow)
		return -E2BIG;
	for (int i = 0; i < b.nfix; i++) {
		int at = b.fix[i].at;
		int t = b.fix[i].jt ? b.labels[b.fix[i].jt] - at - 1 : 0;
		int f = b.fix[i].jf ? b.labels[b.fix[i].jf] - at - 1 : 0;

		if (t < 0 || f < 0 || t > 255 || f > 255)
			return -EINVAL; /* a label placed before its jump, or too far */
		if ((b.insn[at].code & 0xf0) == BPF_JA) {
			b.insn[at].k = (u32)t; /* BPF_JA jumps by k */
			continue;
		}
		b.insn[at].jt = (u8)t;
		b.insn[at].jf = (u8)f;
	}
	return b.n;
}
