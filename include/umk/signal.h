/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signals (kernel/signal.c): sending, pending sets, delivery to guest
 * handlers through x86-64 signal frames, default actions, job control.
 *
 * Sending never sleeps and may be done from any kernel code with the big
 * kernel lock held. A signal for a thread running guest code interrupts it
 * through the trap backend; a sleeping one is woken (its sleep returns
 * -ERESTARTSYS). Delivery happens on the task's own task thread, after
 * each trap it serves (signal_deliver), which also turns -ERESTART* results
 * into EINTR or a restarted call, as Linux does.
 *
 * "from_kernel" senders (the tty, the kernel's own SIGPIPE and SIGCHLD)
 * fill si_code SI_KERNEL; guest senders go through kill(2) and friends.
 */
#ifndef _UMK_SIGNAL_H
#define _UMK_SIGNAL_H

#include <linux/signal.h>
#include <umk/sched.h>
#include <umk/types.h>

#define SIGMASK(sig) (1ULL << ((sig)-1))
#define SIG_KERNEL_ONLY_MASK (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))
#define SIG_STOP_MASK (SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | SIGMASK(SIGTTOU))

/* One queued signal. */
struct sigqueue {
	struct list_head list;
	siginfo_t info;
};

static inline void init_sigpending(struct sigpending *p)
{
	INIT_LIST_HEAD(&p->list);
	p->signal = 0;
}

/* Drops every queued signal. */
void flush_sigqueue(struct sigpending *p);

/* --- sending --------------------------------------------------------------- */

/* To one thread (tkill, faults, timers with SIGEV_THREAD_ID). 0 or -errno. */
int send_sig_info(int sig, const siginfo_t *info, struct task *t);
/* To t's whole process (kill, SIGCHLD, SIGPIPE, timers). 0 or -errno. */
int group_send_sig_info(int sig, const siginfo_t *info, struct task *t);
/* To t's process with a kernel-made siginfo (SI_KERNEL or SI_USER from current). */
int send_sig(int sig, struct task *t, bool from_kernel);
/* To every process in process group pgrp; -ESRCH if there is none. */
int kill_pgrp(pid_t pgrp, int sig, bool from_kernel);
/*
 * A synchronous fault of current (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP)
 * with its si_code and si_addr: delivered even if blocked or ignored (then
 * with the default action), as Linux's force_sig_fault.
 */
void force_sig_fault(int sig, int code, uaddr_t addr);

/* --- state ------------------------------------------------------------------ */

/* A signal is deliverable to t (or t is being killed): sleeps end. */
static inline bool signal_pending(const struct task *t)
{
	return t->sig_pending;
}

static inline bool fatal_signal_pending(const struct task *t)
{
	return t->fatal;
}

/* Recomputes t->sig_pending from its pending sets and mask. */
void recalc_sigpending(struct task *t);

/* Whether sig sent to t now would be discarded (SIG_IGN, or a default of ignore). */
bool sig_ignored(struct task *t, int sig);
/* Whether t blocks sig, or ignores it (job control asks this of SIGTTIN/SIGTTOU). */
bool sig_blocked_or_ignored(struct task *t, int sig);

/* Whether process group pgrp is orphaned (POSIX: no member has a parent
 * in another group of the same session). */
bool is_orphaned_pgrp(pid_t pgrp);

/* Sets the blocked mask (SIGKILL and SIGSTOP never blocked) and recalculates. */
void set_current_blocked(ksigset_t set);

/*
 * For sigsuspend-like calls: installs a temporary mask that the next
 * delivery (or the return to user mode) replaces with the saved one.
 */
void set_restore_sigmask(ksigset_t temporary);

/* --- delivery --------------------------------------------------------------- */

/*
 * On t's task thread after each trap it served. sysret: the system call's
 * result when the trap was one (t->in_syscall), which may be -ERESTART*.
 * Sets the guest's return value, handles every deliverable signal (default
 * actions, job-control stops, a frame for a handler) and restarts
 * interrupted calls. Kernel lock held; may sleep (stopped).
 */
void signal_deliver(struct task *t, long sysret);

/* Kills every other thread of current's process (exit_group, exec, fatal signals). */
void zap_other_threads(struct task *t);

/* On fork and exit (kernel/fork.c, kernel/exit.c). */
struct sighand_struct *sighand_copy(const struct sighand_struct *from);
void sighand_put(struct sighand_struct *sh);
/* The child of fork: resets what execve and fork reset. */
void flush_signal_handlers(struct task *t, bool force_default);

/*
 * Tells t's parent that t's process changed state: why is CLD_EXITED,
 * CLD_KILLED, CLD_DUMPED, CLD_STOPPED or CLD_CONTINUED; status the exit
 * code or signal. Sends exit_signal (SIGCHLD for stops) and wakes waiters.
 * Returns true when the parent does not want the zombie (SIG_IGN or
 * SA_NOCLDWAIT): the caller reaps it at once.
 */
bool do_notify_parent(struct task *t, int why, int status);

#endif
