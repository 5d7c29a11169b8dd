/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trap-backend interface (DESIGN §3): everything above arch-um reaches
 * guest threads and guest address spaces through these calls only, and
 * never knows which backend (trap=ptrace, trap=seccomp) runs.
 *
 * Objects:
 *   struct as           a guest address space: one host process.
 *   struct trap_thread  a guest thread: one host thread in that process,
 *                       driven by exactly one task thread in umk (its
 *                       "owner"), the one that adopted it.
 *
 * General contracts:
 *   - Functions return 0 / a non-negative value, or -errno. -ESRCH means
 *     the host process or thread is gone (killed from outside, or it died);
 *     callers treat it like the guest thread exiting.
 *   - "Owner only" calls are made by the task thread that adopted the
 *     trap_thread, while its guest thread is stopped (between trap_run
 *     calls). The big kernel lock is irrelevant to them: they touch only the
 *     owner's own guest thread and may be called with or without it.
 *   - Address-space calls (as_*) that change the host mapping are made by
 *     the owner of a stopped thread of that address space (the calling task
 *     thread's own guest thread, found through trap_current()).
 *   - Nothing here trusts the guest: a guest may have rewritten any of its
 *     own memory, including stub pages, at any time.
 */
#ifndef _UMK_TRAP_H
#define _UMK_TRAP_H

#include <umk/regs.h>
#include <umk/types.h>

struct as;
struct trap_thread;

enum trap_backend {
	TRAP_PTRACE,
	TRAP_SECCOMP,
};

/* The backend chosen with trap= (set before arch initcalls run). */
extern enum trap_backend trap_backend;

/* Guest-visible limits every backend guarantees. */
uaddr_t as_task_size(void); /* first address the guest cannot map (TASK_SIZE) */

/* --- events ----------------------------------------------------------------- */

enum trap_kind {
	TRAP_SYSCALL, /* a guest system call; not executed by the host */
	TRAP_FAULT, /* a synchronous fault: SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP */
	TRAP_INTERRUPT, /* trap_interrupt() took effect; the guest context is intact */
	TRAP_EXIT, /* the host thread is gone; only trap_thread_release() remains */
};

struct trap_fault {
	int signo, code;
	uaddr_t addr; /* si_addr */
	u64 trapno, err; /* x86 trap number and error code */
};

struct trap_event {
	enum trap_kind kind;
	union {
		struct {
			long nr;
			u64 args[6];
			/* Not an x86-64 system call (int $0x80, i386 or x32 ABI):
			 * answered with -ENOSYS, never decoded as an x86-64 number. */
			bool foreign_abi;
			/* Came through the vsyscall page: only time, gettimeofday
			 * and getcpu; the return address is already popped. */
			bool vsyscall;
		} sys;
		struct trap_fault fault;
		struct {
			int wait_status; /* host wait status if known, else 0 */
		} exit;
	};
};

/* --- threads ---------------------------------------------------------------- */

/*
 * Makes the calling host thread the owner of as's parked initial thread
 * (the one as_spawn_blank or as_fork created). After it, the owner may call
 * the owner-only functions below on *out. The guest thread does not run a
 * guest instruction before its owner's first trap_run.
 */
int trap_thread_adopt(struct as *as, struct trap_thread **out);

/*
 * The trap_thread the calling host thread currently operates on (the one
 * as_* calls act through), or NULL. A task thread owns one trap_thread,
 * or two during an exec: trap_set_current switches between them.
 */
struct trap_thread *trap_current(void);
void trap_set_current(struct trap_thread *t);

/*
 * Owner only. Resumes the guest thread with its current context (as last
 * set) and sleeps until it traps. Call it without the big kernel lock.
 * Returns 0 with *ev filled, or -errno if the backend itself failed.
 */
int trap_run(struct trap_thread *t, struct trap_event *ev);

/*
 * Any thread. Makes the owner's trap_run return TRAP_INTERRUPT soon: at
 * once if the guest is running user code, else at its next trap_run. Safe
 * to call on a thread that has exited (no effect).
 */
int trap_interrupt(struct trap_thread *t);

/* Owner only: the full user register set (struct user_regs). */
int trap_get_regs(struct trap_thread *t, struct user_regs *regs);
int trap_set_regs(struct trap_thread *t, const struct user_regs *regs);
/* Owner only: sets the value the trapped system call returns (rax). */
int trap_set_syscall_return(struct trap_thread *t, long value);

/*
 * Owner only: the FPU/SSE/AVX state in the XSAVE layout (the x86 signal
 * frame's format). trap_fpu_size() is the buffer size both take.
 */
size_t trap_fpu_size(void);
int trap_get_fpu(struct trap_thread *t, void *xsave);
int trap_set_fpu(struct trap_thread *t, const void *xsave);

/* Host thread id (for messages and /proc); -1 once gone. */
int trap_thread_host_tid(const struct trap_thread *t);

/*
 * Owner only. Waits until the host thread is gone (after it exited or its
 * process was killed) and frees t. The caller's task thread may then exit.
 */
void trap_thread_release(struct trap_thread *t);

/* --- address spaces ------------------------------------------------------- */

/*
 * Any thread. Starts a blank guest host process from the zygote: no guest
 * mapping, no host descriptor but its control socket, confined by the guest
 * seccomp filter, its initial thread parked for trap_thread_adopt().
 */
int as_spawn_blank(struct as **out);

/*
 * Owner of a stopped thread of as (trap_current()). Host fork of the whole
 * address space at the stub's fork site; the child's only thread is parked
 * in stub code for its own task thread to adopt (trap_thread_adopt): it
 * runs no guest instruction before that. The child's memory is a
 * copy-on-write copy of the parent's, its host descriptors only its own
 * control socket.
 */
int as_fork(struct as *as, struct as **child);

/*
 * Owner of a stopped thread of as: a new host thread in the same process,
 * parked in stub code until its owner takes it (trap_thread_take).
 */
int as_clone_thread(struct as *as, struct trap_thread **out);

/* Makes the calling host thread the owner of t, a thread from as_clone_thread. */
int trap_thread_take(struct trap_thread *t);

/*
 * Owner of a stopped thread of as. Changes the host mapping exactly as the
 * host call of the same name would, always at a fixed address:
 *   as_map: hostfd < 0 for anonymous memory; flags are MAP_PRIVATE or
 *   MAP_SHARED plus MAP_ANONYMOUS/MAP_NORESERVE (MAP_FIXED is implied).
 *   The descriptor is sent to the guest process and closed there after the
 *   mapping; callers pass one whose access is exactly what the mapping
 *   needs (O_RDONLY for private or read-only mappings).
 * Ranges must lie below as_task_size() (-EINVAL otherwise).
 */
long as_map(struct as *as, uaddr_t addr, size_t len, int prot, int flags, int hostfd, u64 off);
int as_unmap(struct as *as, uaddr_t addr, size_t len);
int as_protect(struct as *as, uaddr_t addr, size_t len, int prot);
/* as_remap moves [old, old+old_len) to new_addr (or resizes it in place when
 * new_addr == old), keeping its contents; lengths below 4 GiB. */
long as_remap(struct as *as, uaddr_t old, size_t old_len, size_t new_len, uaddr_t new_addr);
int as_advise(struct as *as, uaddr_t addr, size_t len, int advice);

enum as_atomic_op {
	AS_ATOMIC_CMPXCHG32 = 1, /* if *u == cmp then *u = arg; *old = previous *u */
	AS_ATOMIC_XCHG32 = 2,
	AS_ATOMIC_ADD32 = 3,
	AS_ATOMIC_OR32 = 4,
	AS_ATOMIC_ANDN32 = 5,
	AS_ATOMIC_XOR32 = 6,
	AS_ATOMIC_LOAD32 = 7,
};

/*
 * Owner of a stopped thread of as. Runs one atomic read-modify-write on a
 * 4-byte-aligned guest word inside the guest address space (process_vm_*
 * would lose updates made concurrently by other guest threads). Returns 0
 * with *old set, -EFAULT for a bad or unwritable address, -EINVAL for a
 * misaligned one.
 */
int as_atomic(struct as *as, enum as_atomic_op op, uaddr_t uaddr, u32 arg, u32 cmp, u32 *old);

/*
 * Any thread. Copy to and from guest memory (the uaccess primitives).
 * Return 0 or -EFAULT; nothing is partially reported. as_poke writes even
 * to read-only pages (guest ptrace, /proc/pid/mem, loading images).
 */
int as_read(struct as *as, void *dst, uaddr_t src, size_t len);
int as_write(struct as *as, uaddr_t dst, const void *src, size_t len);
int as_poke(struct as *as, uaddr_t dst, const void *src, size_t len);
/* Copy up to len bytes, stopping at the first inaccessible byte; return the count. */
long as_read_partial(struct as *as, void *dst, uaddr_t src, size_t len);
long as_write_partial(struct as *as, uaddr_t dst, const void *src, size_t len);

/* Any thread: kills the host process (all its threads) at once. */
void as_kill(struct as *as);

/* Host pid of the process, for messages and /proc. */
int as_host_pid(const struct as *as);

/* Reference counting: one per task using the address space. */
void as_get(struct as *as);
/* Drops a reference; the last one kills the host process and frees as. */
void as_put(struct as *as);

/* Any thread, at shutdown or panic: kills every guest host process at once. */
void trap_kill_all(void);
/*
 * The boot thread, last thing before umk exits: kills the zygote and waits
 * for it, so no host process of umk's outlives it as a zombie.
 */
void trap_stop_zygote(void);

#endif
