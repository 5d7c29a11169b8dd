/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between umk and its in-guest stub: fixed addresses, the
 * descriptor slots, the stub header at STUB_BASE, and the messages on the
 * control sockets. Included by the stub image and by arch-um; plain
 * definitions only.
 *
 * Address layout of every guest host process (DESIGN §3, §4):
 *
 *   [0, GUEST_TASK_SIZE)                 the guest's own address space
 *   [GUEST_TASK_SIZE, STUB_BASE)         4 GiB hole, never mapped
 *   [STUB_BASE, +STUB_IMAGE_MAX)         stub image: text (RX), data (RW)
 *   [STUB_THREADS_BASE, +STUB_THREADS*STUB_THREAD_AREA)
 *                                        one area per guest host thread:
 *                                        its control page (struct
 *                                        stub_shared), its copy buffer, then
 *                                        its signal stack. Under trap=seccomp the
 *                                        whole region is one memfd that umk
 *                                        maps too (MAP_SHARED), so umk reads
 *                                        and writes the stub's requests and
 *                                        signal frames in place; under
 *                                        trap=ptrace it is private memory.
 *
 * The guest cannot map, unmap or protect anything at or above
 * GUEST_TASK_SIZE (umk refuses as Linux does above TASK_SIZE, and the
 * seccomp filter refuses stub calls whose ranges reach it).
 */
#ifndef _UMK_STUB_ABI_H
#define _UMK_STUB_ABI_H

#define STUB_BASE 0x7ff000000000UL
#define STUB_REGION_SIZE 0x100000000UL
#define GUEST_TASK_SIZE (STUB_BASE - 0x100000000UL)
#define STUB_IMAGE_MAX 0x200000UL
#define STUB_THREADS_BASE (STUB_BASE + 0x1000000UL)
#define STUB_THREAD_AREA 0x10000UL
#define STUB_THREADS 4096
/* Top of the host's user address space (47-bit). */
#define HOST_TASK_SIZE 0x7ffffffff000UL

#define STUB_THREAD_SHARED_SIZE 0x1000UL /* the control page */
/* Small copies to and from guest memory go through this page (seccomp). */
#define STUB_COPY_OFFSET 0x1000UL
#define STUB_COPY_MAX 0x1000UL
#define STUB_SIGSTACK_OFFSET 0x2000UL
#define STUB_SIGSTACK_SIZE (STUB_THREAD_AREA - STUB_SIGSTACK_OFFSET)

/* Descriptor slots in a guest host process: the control socket, and the
 * transient slots where descriptors sent for a mapping land. */
#define STUB_CTL_FD 3
#define STUB_TRANSIENT_FD_MAX 2

/*
 * clone flags the stub uses (the filter allows exactly these, and only at
 * the stub's own fork and thread sites). A forked child's host clears the
 * tid word of its thread area 0 when it exits; a new thread's host writes
 * its tid into its area's tid word and clears it at exit.
 */
#define STUB_CLONE_ZYGOTE 17 /* SIGCHLD: the zygote forking blank processes */
#define STUB_CLONE_FORK 0x200011 /* CLONE_CHILD_CLEARTID | SIGCHLD */
#define STUB_CLONE_THREAD 0x1250f00 /* VM FS FILES SIGHAND THREAD SYSVSEM CHILD_{SET,CLEAR}TID */

/* as_atomic operations (the stub's atomic_entry); equal to enum as_atomic_op. */
#define STUB_ATOMIC_CMPXCHG32 1 /* *uaddr == cmp ? *uaddr = arg; returns old */
#define STUB_ATOMIC_XCHG32 2
#define STUB_ATOMIC_ADD32 3 /* returns old */
#define STUB_ATOMIC_OR32 4
#define STUB_ATOMIC_ANDN32 5
#define STUB_ATOMIC_XOR32 6
#define STUB_ATOMIC_LOAD32 7

/*
 * Offsets the stub's assembly uses (checked against the structures below
 * at compile time in stub.c): the interrupt generation words of struct
 * stub_shared, and the signal frame's struct stub_ucontext.
 */
#define SH_INTR_GEN 180
#define SH_INTR_ACK 184
#define SH_TID_WORD 188
#define UC_FLAGS 0
#define UC_R8 40
#define UC_R9 48
#define UC_R10 56
#define UC_R11 64
#define UC_R12 72
#define UC_R13 80
#define UC_R14 88
#define UC_R15 96
#define UC_RDI 104
#define UC_RSI 112
#define UC_RBP 120
#define UC_RBX 128
#define UC_RDX 136
#define UC_RAX 144
#define UC_RCX 152
#define UC_RSP 160
#define UC_RIP 168
#define UC_EFLAGS 176
#define UC_FPSTATE 224
#define UC_FP_XSTATE 1 /* uc_flags: the frame's FPU area is in XSAVE format */
/* The flags a signal return may change (the kernel's FIX_EFLAGS). */
#define STUB_FIX_EFLAGS 0x50dd5

#define STUB_MAGIC 0x31627574736b6d75ULL /* "umkstub1" */
#define STUB_VERSION 1

#ifndef __ASSEMBLY__
#include <stdint.h>

/* At STUB_BASE: where the stub's entry points are. All addresses absolute. */
struct stub_header {
	uint64_t magic;
	uint32_t version;
	uint32_t size;
	uint64_t text_start, text_end; /* the only place stub system calls may come from */
	uint64_t image_end;
	/* `syscall; int3`: umk injects a system call by pointing rip here. */
	uint64_t syscall_gadget;
	/* as_atomic: rdi = op, rsi = uaddr, rdx = arg, rcx = cmp; result in rax; int3. */
	uint64_t atomic_entry;
	uint64_t atomic_end;
	/* fork: edi = the child's control socket slot, esi = -1; the child's host
	 * pid (in the guest's pid namespace) or -errno in rax; int3 at fork_end. */
	uint64_t fork_gadget, fork_end;
	/* a thread: edi = its thread area slot; its tid (guest pid namespace) or
	 * -errno in rax; int3 at clone_end. */
	uint64_t clone_gadget, clone_end;
	/* the four `syscall` sites that may call clone (the filter checks them) */
	uint64_t clone_sites[4];
};

/* How the stub runs guests: set once per instance in ZYGOTE_INIT. */
enum stub_mode {
	STUB_MODE_PTRACE = 1, /* umk traces; the stub only parks and offers gadgets */
	STUB_MODE_SECCOMP = 2, /* the stub catches SIGSYS and faults and hands over */
};

/* Messages from umk to the zygote (on its descriptor 3). */
enum zygote_op {
	ZYGOTE_INIT = 1, /* payload: the seccomp filter for guest processes */
	ZYGOTE_SPAWN = 2, /* one descriptor: the new process's control socket */
};

#define ZYGOTE_FILTER_MAX 256

struct zygote_msg {
	uint32_t op;
	uint32_t filter_len; /* ZYGOTE_INIT: number of instructions */
	uint64_t rlimit_nofile;
	uint32_t mode; /* enum stub_mode */
	uint32_t fsgsbase; /* the CPU and host let the stub use rdfsbase/wrfsbase */
	uint64_t rlimit_as; /* 0: unlimited */
	uint64_t rlimit_nproc;
	struct {
		uint16_t code;
		uint8_t jt, jf;
		uint32_t k;
	} filter[ZYGOTE_FILTER_MAX];
};

/*
 * The control page of one guest host thread (trap=seccomp). Written by the
 * stub and by umk; umk copies what it reads once and trusts none of it (the
 * guest can write this page at any time).
 *
 * The hand-over: `state` is the futex word. The stub posts a request
 * (REQUEST) and waits; umk answers with RESUME (return to the guest) or CMD
 * (run this host system call or operation for me, answer CMD_DONE). Each
 * side waits by spinning only while the other is awake on another CPU, for
 * at most spin_cycles of the TSC, and otherwise sleeps on the futex at once;
 * a side that sleeps says so (*_sleeping) so the other knows to wake it.
 */
enum stub_state {
	STUB_GUEST = 0, /* the thread runs guest code, or is parked */
	STUB_REQUEST = 1, /* stub -> umk: a trap to serve */
	STUB_RESUME = 2, /* umk -> stub: return to the guest */
	STUB_CMD = 3, /* umk -> stub: run cmd */
	STUB_CMD_DONE = 4, /* stub -> umk: cmd_result holds the answer */
	STUB_GO = 5, /* umk -> parked blank thread: trap into the handler */
};

enum stub_kind {
	STUB_KIND_SYSCALL = 1,
	STUB_KIND_FAULT = 2,
	STUB_KIND_INTERRUPT = 3,
	STUB_KIND_ADOPT = 4, /* a parked thread starting: its frame is the first context */
};

enum stub_cmd {
	STUB_CMD_SYSCALL = 1, /* cmd_args: nr, then six arguments */
	STUB_CMD_TAKE_FD = 2, /* receive one descriptor on the control socket */
	STUB_CMD_ATOMIC = 3, /* cmd_args: op, uaddr, arg, cmp */
	STUB_CMD_EXIT = 4, /* end this host thread */
	/* cmd_args: guest address, length (at most STUB_COPY_MAX); the result
	 * is the count copied before the first bad byte */
	STUB_CMD_COPY_IN = 5, /* guest memory -> the copy buffer */
	STUB_CMD_COPY_OUT = 6, /* the copy buffer -> guest memory */
	/* cmd_args: the child's control socket slot, its thread memfd slot */
	STUB_CMD_FORK = 7,
	/* cmd_args: the new thread's area slot */
	STUB_CMD_CLONE = 8,
};

struct stub_shared {
	/* the hand-over (all written with atomics) */
	uint32_t state;
	uint32_t seq; /* the stub's request count */
	uint32_t stub_sleeping, umk_sleeping;
	uint32_t stub_cpu, umk_cpu;
	uint64_t spin_cycles; /* written by umk: the spin bound */

	/* a request: stub -> umk */
	uint32_t kind;
	int32_t signo, code, syscall_nr;
	uint32_t arch;
	uint32_t pad0;
	uint64_t addr; /* si_addr, or si_call_addr for SIGSYS */
	uint64_t uc; /* the ucontext of the signal frame */
	uint64_t fs_base, gs_base;

	/* a command: umk -> stub */
	uint32_t cmd;
	uint32_t set_bases; /* on resume: load fs_base/gs_base from below */
	uint64_t new_fs_base, new_gs_base;
	uint64_t cmd_args[7];
	int64_t cmd_result;
	uint32_t cmd_old; /* STUB_CMD_ATOMIC: the old value */

	/* interrupts: umk bumps intr_gen and sends UMK_SIG_INTERRUPT; the stub
	 * reports one only if intr_gen != intr_ack (host tids are reused). */
	uint32_t intr_gen, intr_ack;

	/* nonzero while the thread lives: the host clears it and wakes futex
	 * waiters when the thread exits (set_tid_address) */
	uint32_t tid_word;
	uint32_t tid;
};

/* The signal frame's ucontext on x86-64 (the kernel's struct ucontext). */
struct stub_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate; /* the XSAVE area, further up the signal stack */
	uint64_t reserved1[8];
};

struct stub_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	uint64_t ss_sp;
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
	struct stub_sigcontext mc;
	uint64_t sigmask;
};

/*
 * A blank process's first message on its control socket. When the zygote
 * cannot fork it, the zygote sends this with magic STUB_SPAWN_FAILED and
 * the (positive) errno in version instead.
 */
struct stub_hello {
	uint64_t magic;
	uint32_t version;
	uint32_t pad;
};
#define STUB_SPAWN_FAILED 0x6c6961666e617073ULL /* "spawnfail" */
/* ... or, with this bit in version, the number of the set-up step that failed. */
#define STUB_SETUP_STEP 0x10000

#endif

#endif
