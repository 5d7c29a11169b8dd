/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch-um private declarations: the address-space and thread objects both
 * trap backends share, the backend operations table, the zygote, the stub
 * image and the guest seccomp filter.
 */
#ifndef _ARCH_UM_INTERNAL_H
#define _ARCH_UM_INTERNAL_H

#include <host/host.h>
#include <umk/list.h>
#include <umk/trap.h>

#include "stub/abi.h"

/* The host signal umk sends a guest host thread to interrupt it. */
#define UMK_SIG_INTERRUPT 23 /* SIGURG: default-ignored, not queued */

struct as {
	int refcount; /* under the big kernel lock */
	int pid; /* host pid in umk's pid namespace */
	int pidfd;
	int ctl; /* umk's end of the control socket */
	int memfd; /* /proc/<pid>/mem, opened on first as_poke; -1 before */
	bool dead;
	/* A forked child whose hello umk has not read yet: its initial thread
	 * is still setting itself up (and its pid may be unknown yet). */
	bool hello_pending;
	struct host_mutex hello_lock;
	struct trap_thread *initial; /* parked, waiting for trap_thread_adopt */
	struct list_head all; /* on as_list, under as_list_lock */
	void *shared; /* trap=seccomp: umk's mapping of the thread areas */
	u64 id; /* for the monitor's epoll (never reused) */
	unsigned long thread_slots[STUB_THREADS / 64]; /* stub thread areas in use */
};

struct trap_thread {
	struct as *as;
	int tid; /* host tid */
	int slot; /* stub thread area index */
	int owner; /* host tid of the owning task thread; 0 before adoption */

	/* The guest context, cached between trap_run calls (owner only). */
	struct user_regs regs;
	bool regs_valid; /* regs holds the current context */
	bool regs_dirty; /* regs must be written back before resuming */
	bool host_clobbered; /* an injection changed the host registers */
	void *fpu;
	bool fpu_valid, fpu_dirty;

	/* Set by trap_interrupt from any thread. */
	volatile int interrupt_pending;

	bool dead; /* the host thread is gone (or dying) */
	bool reaped; /* its final wait status was collected */
	int wait_status; /* host wait status at death, if seen */

	/* trap=seccomp: where the current request's frame is, in the thread area */
	size_t uc_offset, fp_offset;
	u64 req_fs_base, req_gs_base; /* the bases when the request came */
	u32 last_seq;
};

struct trap_ops {
	const char *name;
	int (*init)(void);
	int (*adopt)(struct trap_thread *t);
	int (*run)(struct trap_thread *t, struct trap_event *ev);
	int (*interrupt)(struct trap_thread *t);
	int (*fetch_regs)(struct trap_thread *t);
	int (*set_syscall_return)(struct trap_thread *t, long value);
	int (*fetch_fpu)(struct trap_thread *t);
	size_t (*fpu_size)(void);
	void (*release)(struct trap_thread *t);
	/* One host system call in the address space of the calling owner's thread. */
	long (*as_syscall)(struct trap_thread *t, long nr, const u64 args[6]);
	/* Sends hostfd and has the guest process receive it in a transient slot. */
	long (*as_take_fd)(struct trap_thread *t, int hostfd);
	int (*atomic)(struct trap_thread *t, enum as_atomic_op op, uaddr_t uaddr, u32 arg, u32 cmp,
		      u32 *old);
	/*
	 * Optional: copies of at most STUB_COPY_MAX bytes through the thread
	 * itself, where that beats process_vm_readv/writev. Return the count
	 * copied before the first bad byte, or -errno.
	 */
	long (*copy_in)(struct trap_thread *t, void *dst, uaddr_t src, size_t len);
	long (*copy_out)(struct trap_thread *t, uaddr_t dst, const void *src, size_t len);
	/*
	 * Host fork of t's process at the stub's fork site: the child takes the
	 * control socket in transient slot ctl_slot and (seccomp) its thread
	 * memfd in mem_slot (-1: none). Returns the child's pid as the guest
	 * process sees it (its pid namespace), or -errno.
	 */
	long (*fork)(struct trap_thread *t, int ctl_slot, int mem_slot);
	/* A new host thread in t's process on thread area slot; its tid as above. */
	long (*clone_thread)(struct trap_thread *t, int slot);
};

extern const struct trap_ops *trap_ops;
extern const struct trap_ops ptrace_trap_ops;
extern const struct trap_ops seccomp_trap_ops;

/* The largest XSAVE area this CPU can need: what FPU buffers are allocated with. */
size_t trap_fpu_alloc_size(void);

/* The stub image carried inside umk (arch-um/images.S) and its header. */
extern const char stub_image_start[], stub_image_end[];
extern const char vdso_image_start[], vdso_image_end[];
extern struct stub_header stub;

/* Reads and checks the stub image's header; 0 or -ENOEXEC. */
int stub_image_load(void);

/*
 * Builds the guest seccomp filter for the stub h describes (its text and
 * clone sites) into insns (at most max entries); returns the instruction
 * count.
 */
struct sock_filter;
int guest_filter_build(struct sock_filter *insns, int max, const struct stub_header *h);

/*
 * A new guest process's channel to umk: a control socket pair (umk's end
 * with SO_PASSCRED) and, under seccomp, the memfd of its thread areas and
 * umk's mapping of it.
 */
struct guest_channel {
	int umk_end, guest_end, memfd;
	void *shared;
};

int guest_channel_open(struct guest_channel *c);
/* The guest's end and the memfd have been sent: umk's copies are closed. */
void guest_channel_sent(struct guest_channel *c);
/* Undoes everything (after a failure). */
void guest_channel_close(struct guest_channel *c);
/* Reads the new process's hello on umk's end: 0 with its host pid, or -errno. */
int guest_channel_hello(int umk_end, int *pid);

/* The zygote. */
int zygote_start(void);
/* Whether guest host processes live in their own pid namespace (tids differ). */
bool zygote_in_namespaces(void);
int zygote_spawn(int *pid, int *pidfd, int *ctl, void **shared);
void zygote_kill(void);
/* Waits for the killed zygote (umk's own child) to be gone. */
void zygote_reap(void);

/* struct as bookkeeping shared by the backends. */
struct as *as_alloc(int pid, int pidfd, int ctl);
struct trap_thread *trap_thread_alloc(struct as *as, int tid);
void trap_thread_free(struct trap_thread *t);
void as_list_kill_all(void);

/* Starts the thread that notices guest host processes dying. */
int as_monitor_start(void);

/* Spawns a blank process and reads its memory: 0, or why umk cannot. */
int as_check_host_access(void);

/* The owner's thread, checked: it must be a stopped thread of as. */
struct trap_thread *as_owner_thread(struct as *as);

#endif
