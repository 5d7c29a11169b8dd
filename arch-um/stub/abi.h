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
 *                                        its scratch/shared page, then its
 *                                        signal stack
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

/* Descriptor slots in a guest host process: the control socket, and the
 * transient slots where descriptors sent for a mapping land. */
#define STUB_CTL_FD 3
#define STUB_TRANSIENT_FD_MAX 2

/* clone flags the stub uses (the filter allows exactly these). */
#define STUB_CLONE_FORK 17 /* SIGCHLD */

/* as_atomic operations (the stub's atomic_entry); equal to enum as_atomic_op. */
#define STUB_ATOMIC_CMPXCHG32 1 /* *uaddr == cmp ? *uaddr = arg; returns old */
#define STUB_ATOMIC_XCHG32 2
#define STUB_ATOMIC_ADD32 3 /* returns old */
#define STUB_ATOMIC_OR32 4
#define STUB_ATOMIC_ANDN32 5
#define STUB_ATOMIC_XOR32 6
#define STUB_ATOMIC_LOAD32 7

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
	struct {
		uint16_t code;
		uint8_t jt, jf;
		uint32_t k;
	} filter[ZYGOTE_FILTER_MAX];
};

/* A blank process's first message on its control socket. */
struct stub_hello {
	uint64_t magic;
	uint32_t version;
	uint32_t pad;
};

#endif

#endif
