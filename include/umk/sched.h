/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks and the big kernel lock (DESIGN §2).
 *
 * A task is a guest thread. Each is driven by its own host thread in umk,
 * its "task thread", which waits for its guest thread to trap, serves the
 * trap in kernel code and resumes it. The host scheduler schedules: umk has
 * no run queue. One big kernel lock serializes all kernel code; a task
 * thread holds it while it runs kernel code and drops it while its guest
 * runs, while it sleeps and around blocking host I/O.
 */
#ifndef _UMK_SCHED_H
#define _UMK_SCHED_H

#include <host/host.h>
#include <linux/resource.h>
#include <linux/signal.h>
#include <umk/abi.h>
#include <umk/cred.h>
#include <umk/list.h>
#include <umk/types.h>

struct mm;
struct files_struct;
struct fs_struct;
struct trap_thread;
struct file;
struct tty;

/* Pending signals: a set, and the queued siginfo of each (umk/signal.h). */
struct sigpending {
	struct list_head list; /* of struct sigqueue */
	ksigset_t signal;
};

/* A list of sleeping tasks (umk/wait.h). */
struct wait_queue_head {
	struct list_head head;
};

/* What an interrupted restartable system call resumes with (restart_syscall). */
struct restart_block {
	long (*fn)(struct restart_block *rb);
	u64 arg[4];
};

#define TASK_COMM_LEN 16

/* CPUs a task may run on (sched_setaffinity): umk knows this many at most. */
#define TASK_CPUS_MAX 1024
#define TASK_CPUS_LONGS (TASK_CPUS_MAX / 64)

/* Resource limits (struct rlimit64 in the guest ABI). */
struct krlimit {
	u64 cur, max;
};

/* Job-control state of a thread group (signal_struct.flags). */
#define SIGNAL_STOP_STOPPED 0x1 /* the group is stopped */
#define SIGNAL_STOP_CONTINUED 0x2 /* continued, not yet reported to wait */
#define SIGNAL_CLD_STOPPED 0x4 /* the parent still has to be told: stopped */
#define SIGNAL_CLD_CONTINUED 0x8 /* ... continued */

/* What a thread group (a guest process) shares. Protected by the kernel lock. */
struct signal_struct {
	int refcount;
	int nr_threads; /* live threads */
	struct list_head threads; /* of struct task, through thread_node */
	struct krlimit rlim[RLIM_NLIMITS];
	bool group_exit;
	int group_exit_code; /* wait status: (code << 8) or signal */
	pid_t pgrp, session;
	bool child_subreaper;
	bool has_child_subreaper; /* an ancestor is a subreaper */
	bool thp_disable;

	/* signals for the whole process */
	struct sigpending shared_pending;

	/* job control: a group stop in progress or done */
	unsigned int flags; /* SIGNAL_* */
	int group_stop_count; /* threads yet to stop */
	int stop_signal; /* the signal that stopped the group */
	bool stop_reported; /* wait(WUNTRACED) has seen this stop */

	/* a parent's wait4/waitid sleep here until a child changes state */
	struct wait_queue_head wait_chldexit;

	/* the controlling terminal of the session (drivers/tty) */
	struct tty *tty;

	/* a thread exec'ing waits here for the others to be gone */
	struct task *group_exec_task;

	/* CPU time of reaped children, in ns (getrusage RUSAGE_CHILDREN, times) */
	u64 cutime_ns, cstime_ns;

	/* Resource usage (kernel/cputime.c): CPU time of the threads that have
	 * exited, the most memory the process held in an image it left by
	 * exec (or in all of them, once it ended), and its reaped children's. */
	u64 utime_ns, stime_ns;
	u64 maxrss_kb, cmaxrss_kb;
	bool cputime_kept; /* the process ended: utime/stime/maxrss are its totals */
};

struct sighand_struct {
	int refcount;
	struct k_sigaction action[KNSIG];
};

enum task_state {
	TASK_NEW, /* created, task thread not running guest code yet */
	TASK_RUNNING, /* guest code or kernel code */
	TASK_ZOMBIE, /* a process that ended: its leader waits to be reaped */
	TASK_DEAD, /* exited and released; only references remain */
};

struct task {
	/* Identity: immutable after creation. */
	pid_t pid; /* guest thread id */
	pid_t tgid; /* guest process id */
	struct task *group_leader;
	char comm[TASK_COMM_LEN];

	/* All below: protected by the kernel lock. */
	enum task_state state;
	int refcount;
	struct task *parent;
	struct list_head children; /* of the group leader */
	struct list_head sibling;
	struct list_head all; /* on the global task list */

	struct list_head thread_node; /* on signal->threads */
	int exit_signal; /* sent to the parent when the process ends (-1: none) */

	struct signal_struct *signal;
	struct sighand_struct *sighand;
	struct mm *mm;
	struct files_struct *files;
	struct fs_struct *fs;
	struct cred *cred;

	/* signals (kernel/signal.c) */
	ksigset_t blocked;
	ksigset_t saved_sigmask; /* restored after a sigsuspend-like call */
	bool restore_sigmask;
	struct sigpending pending; /* signals for this thread only */
	uaddr_t sas_ss_sp; /* sigaltstack */
	u64 sas_ss_size;
	int sas_ss_flags; /* SS_AUTODISARM, or SS_DISABLE when none */
	bool in_user; /* running guest code: a signal must interrupt it */
	bool in_syscall; /* serving a system call whose result may be restarted */
	bool stopped; /* parked in a group stop */
	struct restart_block restart_block;
	/* the last hardware fault, for the signal frame (cr2, err, trapno) */
	uaddr_t fault_addr;
	u64 fault_err, fault_trapno;

	/* the process model (kernel/fork.c, kernel/exit.c) */
	struct fork_ctx *fork_ctx; /* a new task's first context, until it adopts it */
	struct task *vfork_child; /* a vfork parent waits for this one to exec or exit */
	bool vfork_done; /* (on the child) its vfork parent may go on */
	struct wait_queue_head vfork_wait; /* (on the child) where that parent waits */
	bool did_exec; /* exec'd since fork: setpgid on it fails with EACCES */
	struct task *creator; /* the thread that forked this process (pdeath signals) */
	bool reaped; /* a zombie whose status has been collected */

	/* prctl state */
	int pdeath_signal;
	bool no_new_privs;
	bool keep_caps;
	bool dumpable;
	u64 timer_slack_ns;

	/* Scheduling attributes, CPU time and the NPROC flag (kernel/sched_syscalls.c,
	 * kernel/cputime.c, kernel/cred.c); sched_fork() gives a child its own. */
	int nice; /* -20..19 */
	int sched_policy; /* SCHED_NORMAL, SCHED_FIFO... */
	int rt_priority; /* 1..99 under SCHED_FIFO and SCHED_RR, else 0 */
	bool sched_reset_on_fork;
	u64 cpus_allowed[TASK_CPUS_LONGS]; /* all zero: every CPU umk has */
	u64 exec_utime_ns, exec_stime_ns; /* CPU time of its host threads before an exec */
	bool nproc_exceeded; /* set*uid went over RLIMIT_NPROC: execve checks again */

	uaddr_t clear_child_tid;
	uaddr_t robust_list;
	u64 robust_list_len;
	int exit_code; /* wait status */
	bool exiting;

	/* Sleeping: the task thread waits on wait_cond under the kernel lock,
	 * or, waiting on host descriptors, on wake_efd too (-1 until needed). */
	struct host_cond wait_cond;
	int wake_efd;
	bool woken;
	bool sig_pending; /* a signal is deliverable: sleeps end (recalc_sigpending) */
	bool fatal; /* being killed: every sleep ends at once (TASK_KILLABLE) */

	/* The trap backend's handle of this guest thread (owner: our task thread). */
	struct trap_thread *trap;
	int host_tid; /* the task thread's host tid, for gdb */
};

/* The task whose task thread is running (NULL on other host threads). */
extern __thread struct task *current;

/* The big kernel lock. */
void kernel_lock(void);
void kernel_unlock(void);
bool kernel_lock_held(void);

/*
 * Sleeps until woken, the deadline (CLOCK_MONOTONIC ns since boot, 0 for
 * none) passes, a signal is pending (if interruptible), or the task is
 * being killed (always). Drops the kernel lock while asleep. Returns 0
 * (woken), -ETIMEDOUT, or -ERESTARTSYS. May sleep.
 */
int task_sleep(u64 deadline_ns, bool interruptible);
void task_wake(struct task *t);

/*
 * Sleeps until one of the host descriptors fds[0..n) is ready (revents
 * filled), the deadline passes (ns since boot, 0 for none), or the task is
 * woken or killed, or a signal is pending. Drops the kernel lock while
 * asleep. Returns 1 if a descriptor is ready, 0 on timeout or wake-up,
 * -ERESTARTSYS for a signal or kill. May sleep.
 */
struct host_pollfd;
int task_wait_host(struct host_pollfd *fds, int n, u64 deadline_ns);
/* At shutdown: marks every task as being killed and wakes it. Kernel lock held. */
void kill_all_tasks(void);

/* Every task, threads included (kernel lock held). */
extern struct list_head task_list;

/* Iterates over processes: the thread-group leaders that still have one. */
#define for_each_process(t)                                                                        \
	list_for_each_entry (t, &task_list, all)                                                   \
		if ((t) != (t)->group_leader || !(t)->signal) {                                    \
		} else

/* Task lookup and lifetime. */
struct task *task_find(pid_t pid);
/* Swaps the pids of a and b (exec from a non-leader thread takes the leader's). */
void task_exchange_pids(struct task *a, struct task *b);
void task_get(struct task *t);
void task_put(struct task *t);
int task_count(void);
/* Task threads that have not finished yet (shutdown waits for them). */
int task_threads_running(void);

/* The init task (pid 1), once created. */
extern struct task *init_task;

/*
 * Creates a task with a fresh pid, no mm/files/fs yet, sharing nothing.
 * Returns it with one reference, or NULL.
 */
struct task *task_alloc(void);

/* Starts t's task thread, which runs fn(t) and then serves traps. */
int task_start(struct task *t, int (*fn)(struct task *t));

/*
 * Exit paths (kernel/exit.c). do_exit and do_group_exit mark current as
 * exiting with a wait status ((code << 8), or the signal number with 0x80
 * for a core dump) and return; the task thread notices after the trap it
 * is serving and calls exit_task, which ends the guest thread and releases
 * everything the task holds.
 */
void do_exit(int wait_status);
void do_group_exit(int wait_status);
void exit_task(struct task *t);

/* A vfork child execs or exits: its parent may go on (kernel/fork.c). */
void vfork_release(struct task *t);

/* Sets comm from a path's last component. */
void task_set_comm(struct task *t, const char *name);

/* rlimit helpers. */
static inline u64 task_rlimit(const struct task *t, int res)
{
	return t->signal->rlim[res].cur;
}

static inline u64 task_rlimit_max(const struct task *t, int res)
{
	return t->signal->rlim[res].max;
}

/* Renames t's host task thread PID:COMM after comm changed. On t's own task thread only. */
void task_update_thread_name(struct task *t);

/*
 * Scheduling attributes (kernel/sched_syscalls.c). sched_fork: at fork and
 * clone, after the child's fields are set, gives it the parent's nice
 * value, policy and CPUs (SCHED_RESET_ON_FORK applied) and a zero CPU time
 * of its own. sched_exec: at exec, pins the new host thread to t's CPUs.
 */
void sched_fork(struct task *child, const struct task *parent);
void sched_exec(struct task *t);

#endif
