// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the guest seccomp filter (arch-um/filter.c). A small
 * classic-BPF interpreter runs the real filter on seccomp_data the guest
 * could produce: system calls from guest code trap, the stub's allow-list
 * holds with hostile arguments, and everything else kills the process.
 */
#include <asm/prctl.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/seccomp.h>
#include <umk/kunit.h>

#include "internal.h"

#define TEXT_START STUB_BASE
#define TEXT_END (STUB_BASE + 0x3000)
#define IN_STUB (STUB_BASE + 0x1234)
/* Where the fake stub's four clone sites are (fork C, fork gadget, thread C, thread gadget). */
#define SITE(i) (STUB_BASE + 0x2000 + 0x40 * (i))
#define AFTER(i) (SITE(i) + 2) /* the instruction pointer seccomp sees */
#define TID_WORD0 (STUB_THREADS_BASE + SH_TID_WORD)

struct fixture {
	struct sock_filter prog[ZYGOTE_FILTER_MAX];
	int len;
};

/* Runs prog on d; returns the action, or 0xdead on a malformed program. */
static u32 run(const struct fixture *f, const struct seccomp_data *d)
{
	const u32 *words = (const u32 *)d;
	u32 a = 0;

	for (int pc = 0; pc >= 0 && pc < f->len; pc++) {
		const struct sock_filter *i = &f->prog[pc];

		switch (i->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k % 4 || i->k >= sizeof(*d))
				return 0xdead;
			a = words[i->k / 4];
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= i->k;
			break;
		case BPF_JMP | BPF_JA:
			pc += (int)i->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= i->k ? i->jt : i->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & i->k) ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			return 0xdead;
		}
	}
	return 0xdead; /* fell off the end */
}

static struct seccomp_data call(int nr, u64 ip, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4)
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64, .instruction_pointer = ip };

	d.args[0] = a0;
	d.args[1] = a1;
	d.args[2] = a2;
	d.args[3] = a3;
	d.args[4] = a4;
	return d;
}

#define ALLOW SECCOMP_RET_ALLOW
#define KILL SECCOMP_RET_KILL_PROCESS
#define TRAP SECCOMP_RET_TRAP
#define EXPECT_ACTION(t, f, expect, ...)                                                           \
	do {                                                                                       \
		struct seccomp_data __d = call(__VA_ARGS__);                                       \
		KUNIT_EXPECT_EQ(t, run(f, &__d), (u32)(expect));                                   \
	} while (0)

static int filter_init(struct kunit *t)
{
	static struct fixture f;

	struct stub_header h = { .text_start = TEXT_START, .text_end = TEXT_END };

	for (int i = 0; i < 4; i++)
		h.clone_sites[i] = SITE(i);
	f.len = guest_filter_build(f.prog, ZYGOTE_FILTER_MAX, &h);
	t->priv = &f;
	return f.len > 0 ? 0 : f.len;
}

static void guest_code_system_calls_trap(struct kunit *t)
{
	struct fixture *f = t->priv;

	EXPECT_ACTION(t, f, TRAP, __NR_getpid, 0x401000, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, TRAP, __NR_openat, 0x7fff12345678, 0, 0, 0, 0, 0);
	/* The vsyscall page, which SYSEMU never stops on. */
	EXPECT_ACTION(t, f, TRAP, __NR_time, 0xffffffffff600400, 0, 0, 0, 0, 0);
	/* Just outside the stub text on either side. */
	EXPECT_ACTION(t, f, TRAP, __NR_exit_group, TEXT_START - 1, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, TRAP, __NR_exit_group, TEXT_END, 0, 0, 0, 0, 0);
	/* Same low 32 bits as the stub, another high word. */
	EXPECT_ACTION(t, f, TRAP, __NR_exit_group, IN_STUB - 0x100000000ULL, 0, 0, 0, 0, 0);
}

static void foreign_abis_trap_from_the_guest_and_kill_from_the_stub(struct kunit *t)
{
	struct fixture *f = t->priv;
	struct seccomp_data d = call(__NR_getpid, 0x401000, 0, 0, 0, 0, 0);

	d.arch = AUDIT_ARCH_I386; /* int $0x80: umk answers ENOSYS */
	KUNIT_EXPECT_EQ(t, run(f, &d), (u32)TRAP);
	d.instruction_pointer = IN_STUB;
	KUNIT_EXPECT_EQ(t, run(f, &d), (u32)KILL);
	d = call(__NR_getpid | 0x40000000, 0x401000, 0, 0, 0, 0, 0);
	KUNIT_EXPECT_EQ(t, run(f, &d), (u32)TRAP);
	d = call(__NR_getpid | 0x40000000, IN_STUB, 0, 0, 0, 0, 0);
	KUNIT_EXPECT_EQ(t, run(f, &d), (u32)KILL);
}

static void arch_prctl_only_for_the_bases(struct kunit *t)
{
	struct fixture *f = t->priv;

	EXPECT_ACTION(t, f, ALLOW, __NR_arch_prctl, IN_STUB, ARCH_GET_FS, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_arch_prctl, IN_STUB, ARCH_SET_GS, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_arch_prctl, IN_STUB, ARCH_SET_CPUID, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_arch_prctl, IN_STUB, 0x100000000ULL | ARCH_GET_FS, 0, 0, 0,
		      0);
}

static void stub_may_make_only_its_own_calls(struct kunit *t)
{
	struct fixture *f = t->priv;
	static const int forbidden[] = { __NR_openat,
					 __NR_open,
					 __NR_execve,
					 __NR_execveat,
					 __NR_kill,
					 __NR_tkill,
					 __NR_tgkill,
					 __NR_ptrace,
					 __NR_process_vm_readv,
					 __NR_process_vm_writev,
					 __NR_io_uring_setup,
					 __NR_bpf,
					 __NR_socket,
					 __NR_connect,
					 __NR_ioctl,
					 __NR_prctl,
					 __NR_seccomp,
					 __NR_setrlimit,
					 __NR_clone3,
					 __NR_fork,
					 __NR_vfork,
					 __NR_dup2,
					 __NR_personality,
					 __NR_userfaultfd };

	for (unsigned i = 0; i < ARRAY_SIZE(forbidden); i++)
		EXPECT_ACTION(t, f, KILL, forbidden[i], IN_STUB, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_rt_sigreturn, IN_STUB, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_sigaltstack, IN_STUB, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_exit, IN_STUB, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_exit_group, IN_STUB, 0, 0, 0, 0, 0);
}

static void futex_only_waits_and_wakes(struct kunit *t)
{
	struct fixture *f = t->priv;

	EXPECT_ACTION(t, f, ALLOW, __NR_futex, IN_STUB, 0x1000, FUTEX_WAIT, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_futex, IN_STUB, 0x1000, FUTEX_WAKE_PRIVATE, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_futex, IN_STUB, 0x1000, FUTEX_WAIT_BITSET, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_futex, IN_STUB, 0x1000, FUTEX_LOCK_PI, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_futex, IN_STUB, 0x1000, FUTEX_CMP_REQUEUE, 0, 0, 0);
}

static void memory_calls_stay_below_the_stub(struct kunit *t)
{
	struct fixture *f = t->priv;
	u64 top = GUEST_TASK_SIZE;

	EXPECT_ACTION(t, f, ALLOW, __NR_mmap, IN_STUB, 0x10000, 0x1000, 3, MAP_PRIVATE, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_mmap, IN_STUB, top - 0x100000000ULL, 0xffffffff, 3,
		      MAP_PRIVATE, 0);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, top, 0x1000, 3, MAP_PRIVATE, 0);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, STUB_BASE, 0x1000, 3, MAP_PRIVATE, 0);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, 0x10000, 0x100000000ULL, 3, MAP_PRIVATE, 0);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, 0x10000, 0x1000, 3,
		      MAP_PRIVATE | MAP_GROWSDOWN, 0);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, 0x10000, 0x1000, 3, MAP_PRIVATE | MAP_HUGETLB,
		      0);
	EXPECT_ACTION(t, f, ALLOW, __NR_munmap, IN_STUB, 0x10000, 0x1000, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_munmap, IN_STUB, STUB_BASE, 0x1000, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_mprotect, IN_STUB, STUB_BASE + 0x1000, 0x1000, 7, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_madvise, IN_STUB, 0x10000, 0x1000, 4, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_madvise, IN_STUB, 0x10000, 1ULL << 40, 4, 0, 0);
	/* mremap: the old range, and with MREMAP_FIXED the new one. */
	EXPECT_ACTION(t, f, ALLOW, __NR_mremap, IN_STUB, 0x10000, 0x1000, 0x2000, MREMAP_MAYMOVE,
		      0);
	EXPECT_ACTION(t, f, ALLOW, __NR_mremap, IN_STUB, 0x10000, 0x1000, 0x2000,
		      MREMAP_MAYMOVE | MREMAP_FIXED, 0x20000);
	EXPECT_ACTION(t, f, KILL, __NR_mremap, IN_STUB, 0x10000, 0x1000, 0x2000,
		      MREMAP_MAYMOVE | MREMAP_FIXED, STUB_BASE);
	EXPECT_ACTION(t, f, KILL, __NR_mremap, IN_STUB, 0x10000, 0x1000, 0x2000,
		      MREMAP_MAYMOVE | 4 /* MREMAP_DONTUNMAP */, 0);
}

static void descriptor_calls_name_their_slots(struct kunit *t)
{
	struct fixture *f = t->priv;

	EXPECT_ACTION(t, f, ALLOW, __NR_sendmsg, IN_STUB, STUB_CTL_FD, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_recvmsg, IN_STUB, STUB_CTL_FD, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_sendmsg, IN_STUB, 4, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_recvmsg, IN_STUB, 0x100000000ULL | STUB_CTL_FD, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_close, IN_STUB, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_close, IN_STUB, STUB_TRANSIENT_FD_MAX, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_close, IN_STUB, STUB_CTL_FD, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_close, IN_STUB, 0x100000000ULL, 0, 0, 0, 0);
}

static void clone_only_at_the_clone_sites(struct kunit *t)
{
	struct fixture *f = t->priv;
	u64 area1 = STUB_THREADS_BASE + STUB_THREAD_AREA;

	/* A fork at either fork site, exactly. */
	EXPECT_ACTION(t, f, ALLOW, __NR_clone, AFTER(0), STUB_CLONE_FORK, 0, 0, TID_WORD0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_clone, AFTER(1), STUB_CLONE_FORK, 0, 0, TID_WORD0, 0);
	/* ... nowhere else in the stub, and not as a thread. */
	EXPECT_ACTION(t, f, KILL, __NR_clone, IN_STUB, STUB_CLONE_FORK, 0, 0, TID_WORD0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, SITE(0), STUB_CLONE_FORK, 0, 0, TID_WORD0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(2), STUB_CLONE_FORK, 0, 0, TID_WORD0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(0), STUB_CLONE_FORK | 0x100 /* CLONE_VM */, 0,
		      0, TID_WORD0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(0), 0x100000000ULL | STUB_CLONE_FORK, 0, 0,
		      TID_WORD0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(0), STUB_CLONE_FORK, 0x10000, 0, TID_WORD0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(0), STUB_CLONE_FORK, 0, 0, 0x10000, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(0), STUB_CLONE_ZYGOTE, 0, 0, TID_WORD0, 0);
	/* A thread at a thread site, its stack and tid word in the thread areas. */
	EXPECT_ACTION(t, f, ALLOW, __NR_clone, AFTER(2), STUB_CLONE_THREAD,
		      area1 + STUB_THREAD_AREA, 0, area1 + SH_TID_WORD, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_clone, AFTER(3), STUB_CLONE_THREAD,
		      area1 + STUB_THREAD_AREA, 0, area1 + SH_TID_WORD, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(3), STUB_CLONE_THREAD, 0x7000, 0,
		      area1 + SH_TID_WORD, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(3), STUB_CLONE_THREAD, area1 + STUB_THREAD_AREA,
		      0, 0x7000, 0);
	EXPECT_ACTION(t, f, KILL, __NR_clone, AFTER(1), STUB_CLONE_THREAD, area1 + STUB_THREAD_AREA,
		      0, area1 + SH_TID_WORD, 0);
}

static void a_forked_child_may_take_its_slots(struct kunit *t)
{
	struct fixture *f = t->priv;
	u64 region = STUB_THREADS * STUB_THREAD_AREA;

	EXPECT_ACTION(t, f, ALLOW, __NR_dup3, IN_STUB, 1, STUB_CTL_FD, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_dup3, IN_STUB, STUB_CTL_FD + 1, STUB_CTL_FD, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_dup3, IN_STUB, 1, 4, 0, 0, 0);
	EXPECT_ACTION(t, f, KILL, __NR_dup3, IN_STUB, 1, STUB_CTL_FD, 0x80000, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_gettid, IN_STUB, 0, 0, 0, 0, 0);
	EXPECT_ACTION(t, f, ALLOW, __NR_mmap, IN_STUB, STUB_THREADS_BASE, region,
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, 2);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, STUB_THREADS_BASE, region,
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, STUB_CTL_FD);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, STUB_THREADS_BASE, region,
		      PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED | MAP_FIXED, 2);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, STUB_BASE, region, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_FIXED, 2);
	EXPECT_ACTION(t, f, KILL, __NR_mmap, IN_STUB, STUB_THREADS_BASE, region + 0x1000,
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, 2);
}

static const struct kunit_case filter_cases[] = {
	KUNIT_CASE(guest_code_system_calls_trap),
	KUNIT_CASE(foreign_abis_trap_from_the_guest_and_kill_from_the_stub),
	KUNIT_CASE(arch_prctl_only_for_the_bases),
	KUNIT_CASE(stub_may_make_only_its_own_calls),
	KUNIT_CASE(futex_only_waits_and_wakes),
	KUNIT_CASE(memory_calls_stay_below_the_stub),
	KUNIT_CASE(descriptor_calls_name_their_slots),
	KUNIT_CASE(clone_only_at_the_clone_sites),
	KUNIT_CASE(a_forked_child_may_take_its_slots),
	{},
};

static const struct kunit_suite filter_suite = {
	.name = "seccomp_filter",
	.cases = filter_cases,
	.init = filter_init,
};
kunit_test_suite(filter_suite);
