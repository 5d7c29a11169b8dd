// SPDX-License-Identifier: GPL-2.0
/*
 * Ending tasks and reaping them: exit and exit_group mark the task, and its
 * task thread then ends the guest thread (the whole host process when the
 * group goes), releases what the task held, and, when the last thread of
 * a process is gone, makes its leader a zombie, reparents its children to
 * the nearest subreaper or init and tells the parent (SIGCHLD, wait
 * queues). wait4 and waitid collect zombies, stops and continues. When
 * init's last thread is gone the kernel shuts down with its status.
 */
#include <linux/signal.h>
#include <linux/wait.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/kernel.h>
#include <umk/mm.h>
#include <umk/printk.h>
#include <umk/resource.h>
#include <umk/sched.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/trap.h>
#include <umk/tty.h>
#include <umk/uaccess.h>
#include <umk/wait.h>

/*
 * Wakes up to nr waiters of the futex word at uaddr (kernel/futex.c). Until
 * futexes land this weak stand-in wakes nobody.
 */
__attribute__((weak)) int futex_wake(struct mm *mm, uaddr_t uaddr, int nr);
__attribute__((weak)) int futex_wake(struct mm *mm, uaddr_t uaddr, int nr)
{
	return 0;
}

void do_exit(int wait_status)
{
	current->exiting = true;
	current->exit_code = wait_status;
}

void do_group_exit(int wait_status)
{
	struct signal_struct *sig = current->signal;

	if (sig && !sig->group_exit) {
		sig->group_exit = true;
		sig->group_exit_code = wait_status;
		zap_other_threads(current);
	}
	do_exit(sig ? sig->group_exit_code : wait_status);
}

/* --- reaping ---------------------------------------------------------------- */

/* Frees what is left of a process once its status is collected (or unwanted). */
static void release_task(struct task *p)
{
	struct signal_struct *sig = p->signal;

	list_del_init(&p->sibling);
	p->parent = NULL;
	if (sig && --sig->refcount == 0) {
		flush_sigqueue(&sig->shared_pending);
		tty_kref_put(sig->tty);
		kfree(sig);
	}
	p->signal = NULL;
	p->state = TASK_DEAD;
	task_put(p);
}

/*
 * Where orphans of p's process go: the nearest ancestor that is a child
 * subreaper and still alive, else init.
 */
static struct task *find_new_reaper(struct task *p)
{
	struct task *a;

	if (p->signal->has_child_subreaper) {
		for (a = p->group_leader->parent; a && a->tgid != 1; a = a->parent)
			if (a->signal && a->signal->child_subreaper && !a->signal->group_exit &&
			    a->state == TASK_RUNNING)
				return a;
	}
	return init_task && init_task->state != TASK_DEAD ? init_task : NULL;
}

/* Why a process ended, for SIGCHLD and waitid (from its wait status). */
static int exit_why(int status)
{
	if (!(status & 0x7f))
		return CLD_EXITED;
	return (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
}

static int exit_si_status(int status)
{
	return (status & 0x7f) ? (status & 0x7f) : (status >> 8) & 0xff;
}

/* Hands a child to a new parent; a zombie is announced to it. */
static void reparent_one(struct task *c, struct task *reaper)
{
	list_del_init(&c->sibling);
	c->parent = reaper;
	if (!reaper) {
		if (c->state == TASK_ZOMBIE)
			release_task(c);
		return;
	}
	list_add_tail(&c->sibling, &reaper->children);
	/* A thread-exit signal other than SIGCHLD is reset: the new parent gets SIGCHLD. */
	if (c->exit_signal != -1)
		c->exit_signal = SIGCHLD;
	if (c->state == TASK_ZOMBIE) {
		if (do_notify_parent(c, exit_why(c->exit_code), exit_si_status(c->exit_code)))
			release_task(c);
	}
}

/* The orphans of a process that ended go to a new parent. */
static void forget_children(struct task *leader)
{
	struct task *reaper = find_new_reaper(leader), *c, *n;

	list_for_each_entry_safe (c, n, &leader->children, sibling)
		reparent_one(c, reaper == leader ? NULL : reaper);
}

static bool pgrp_has_stopped_jobs(pid_t pgrp)
{
	struct task *t;

	for_each_process (t)
		if (t->signal->pgrp == pgrp && (t->signal->flags & SIGNAL_STOP_STOPPED))
			return true;
	return false;
}

/*
 * POSIX: a process group that this exit orphans, and that has stopped
 * members, gets SIGHUP and then SIGCONT (Linux's kill_orphaned_pgrp).
 */
static void hup_if_orphaned(pid_t pgrp)
{
	if (pgrp > 0 && is_orphaned_pgrp(pgrp) && pgrp_has_stopped_jobs(pgrp)) {
		kill_pgrp(pgrp, SIGHUP, true);
		kill_pgrp(pgrp, SIGCONT, true);
	}
}

/*
 * The last thread of leader's process is gone: the leader becomes a
 * zombie for its parent, or is released at once if nobody wants it.
 */
static void exit_notify(struct task *leader, int status)
{
	struct task *c;
	pid_t pgrp = leader->signal->pgrp;
	bool autoreap;

	leader->exit_code = status;
	leader->state = TASK_ZOMBIE;
	/* Groups this exit may orphan: its own, and its children's. */
	list_for_each_entry (c, &leader->children, sibling)
		if (c->signal && c->signal->pgrp != pgrp &&
		    c->signal->session == leader->signal->session)
			hup_if_orphaned(c->signal->pgrp);
	if (leader->parent && leader->parent->signal && leader->parent->signal->pgrp != pgrp &&
	    leader->parent->signal->session == leader->signal->session)
		hup_if_orphaned(pgrp);
	forget_children(leader);
	if (leader->exit_signal == -1 || !leader->parent)
		autoreap = true;
	else
		autoreap = do_notify_parent(leader, exit_why(status), exit_si_status(status));
	if (autoreap)
		release_task(leader);
}

/*
 * PR_SET_PDEATHSIG: when the thread that forked a process exits, every
 * thread of that process that asked gets its signal (SI_USER, from the
 * parent), as Linux does, even if the parent's other threads live on.
 */
static void send_pdeath_signals(struct task *t)
{
	struct task *c, *th;

	list_for_each_entry (c, &t->group_leader->children, sibling) {
		if (c->creator != t)
			continue;
		c->creator = NULL;
		if (!c->signal || c->state != TASK_RUNNING)
			continue;
		list_for_each_entry (th, &c->signal->threads, thread_node) {
			siginfo_t info;

			if (!th->pdeath_signal)
				continue;
			memset(&info, 0, sizeof(info));
			info.si_signo = th->pdeath_signal;
			info.si_code = SI_USER;
			info.si_pid = t->tgid;
			info.si_uid = t->cred ? t->cred->uid : 0;
			send_sig_info(th->pdeath_signal, &info, th);
		}
	}
}

/* Writes 0 to the thread's clear_child_tid word and wakes one waiter on it. */
static void clear_child_tid(struct task *t)
{
	u32 zero = 0;

	if (!t->clear_child_tid || !t->mm || t->mm->refcount < 2)
		return;
	if (copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
		futex_wake(t->mm, t->clear_child_tid, 1);
	t->clear_child_tid = 0;
}

/* Whether a task of another process uses mm (a vfork parent, or a CLONE_VM child). */
static bool mm_shared_outside(struct mm *mm, struct signal_struct *sig)
{
	struct task *o;

	list_for_each_entry (o, &task_list, all)
		if (o->mm == mm && o->signal != sig)
			return true;
	return false;
}

void exit_task(struct task *t)
{
	struct signal_struct *sig = t->signal;
	struct task *leader = t->group_leader;
	bool last = !sig || --sig->nr_threads == 0;
	bool group = sig && sig->group_exit;
	int status = group ? sig->group_exit_code : t->exit_code;

	vfork_release(t);
	send_pdeath_signals(t);
	if (t->trap) {
		clear_child_tid(t);
		/* End the host thread: the whole host process when the process goes
		 * and no other process shares it (its CPU time is read first). */
		if (t->mm && (last || group)) {
			bool shared = mm_shared_outside(t->mm, sig);

			cputime_exit(t, shared);
			if (!shared)
				as_kill(t->mm->as);
		}
		kernel_unlock();
		trap_thread_release(t->trap);
		kernel_lock();
		t->trap = NULL;
	}
	if (t->mm) {
		mm_put(t->mm);
		t->mm = NULL;
	}
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	if (t->fs) {
		fs_struct_put(t->fs);
		t->fs = NULL;
	}
	sighand_put(t->sighand);
	t->sighand = NULL;
	flush_sigqueue(&t->pending);
	list_del_init(&t->thread_node);
	t->exit_code = status;
	/* A thread that exec'd may have taken this one's place as leader meanwhile. */
	leader = t->group_leader;
	if (sig && sig->group_exec_task)
		task_wake(sig->group_exec_task);
	/* A session leader's end hangs up its controlling terminal. */
	if (last && sig && sig->session == t->tgid)
		tty_session_leader_exit(t->group_leader);

	if (leader == init_task && last) {
		/* The guest's init is gone: the kernel stops with its status. */
		t->state = TASK_ZOMBIE;
		kernel_shutdown(status);
		return;
	}
	if (t != leader) {
		/* A thread other than the leader goes at once. */
		t->state = TASK_DEAD;
		if (--sig->refcount == 0) {
			tty_kref_put(sig->tty);
			kfree(sig);
		}
		t->signal = NULL;
		/* The process's status is its leader's, as Linux reports it. */
		if (last && leader->state == TASK_ZOMBIE && !leader->reaped)
			exit_notify(leader, group ? status : leader->exit_code);
		task_put(t);
		return;
	}
	if (!last) {
		/* The leader waits, a zombie in all but name, for its threads. */
		t->state = TASK_ZOMBIE;
		t->reaped = false;
		return;
	}
	exit_notify(t, status);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit((code & 0xff) << 8);
	return 0;
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_group_exit((code & 0xff) << 8);
	return 0;
}

/* --- wait ------------------------------------------------------------------------ */

struct wait_opts {
	int which; /* P_ALL, P_PID, P_PGID */
	pid_t id;
	int options; /* WNOHANG, WEXITED, WSTOPPED, WCONTINUED, WNOWAIT, __WALL, __WCLONE */
	/* out */
	pid_t pid;
	struct rusage ru; /* the child's resource use (zeros for stops and continues) */
	int status; /* wait4's status word */
	siginfo_t info; /* waitid's */
};

/* Whether c is one of the children this wait is about. */
static bool eligible(const struct wait_opts *wo, struct task *c)
{
	if (wo->which == P_PID && c->pid != wo->id)
		return false;
	if (wo->which == P_PGID && (!c->signal || c->signal->pgrp != wo->id))
		return false;
	if (wo->options & __WALL)
		return true;
	/* A "clone" child is one that does not signal its parent with SIGCHLD. */
	return ((c->exit_signal != SIGCHLD) ^ !(wo->options & __WCLONE)) != 0;
}

static void fill_info(struct wait_opts *wo, struct task *c, int why, int status)
{
	memset(&wo->info, 0, sizeof(wo->info));
	wo->info.si_signo = SIGCHLD;
	wo->info.si_code = why;
	wo->info.si_pid = c->tgid;
	wo->info.si_uid = c->cred ? c->cred->uid : 0;
	wo->info.si_status = status;
	wo->pid = c->tgid;
}

/* One child's reportable state, if any: 1 reported, 0 nothing. */
static int wait_one(struct wait_opts *wo, struct task *c)
{
	struct signal_struct *s = c->signal;

	if (c->state == TASK_ZOMBIE && !c->reaped && s && s->nr_threads == 0) {
		if (!(wo->options & WEXITED))
			return 0;
		fill_info(wo, c, exit_why(c->exit_code), exit_si_status(c->exit_code));
		wo->status = c->exit_code;
		task_rusage(c, RUSAGE_BOTH, &wo->ru);
		if (!(wo->options & WNOWAIT)) {
			cputime_reap(current->signal, s);
			c->reaped = true;
			release_task(c);
		}
		return 1;
	}
	if (!s || c->state != TASK_RUNNING)
		return 0;
	if ((wo->options & WSTOPPED) && (s->flags & SIGNAL_STOP_STOPPED) && !s->stop_reported) {
		fill_info(wo, c, CLD_STOPPED, s->stop_signal);
		wo->status = (s->stop_signal << 8) | 0x7f;
		if (!(wo->options & WNOWAIT))
			s->stop_reported = true;
		return 1;
	}
	if ((wo->options & WCONTINUED) && (s->flags & SIGNAL_STOP_CONTINUED)) {
		fill_info(wo, c, CLD_CONTINUED, SIGCONT);
		wo->status = 0xffff;
		if (!(wo->options & WNOWAIT))
			s->flags &= ~SIGNAL_STOP_CONTINUED;
		return 1;
	}
	return 0;
}

/*
 * The engine of wait4 and waitid: the first eligible child with something
 * to report, else sleep until a child changes (unless WNOHANG). Returns 1
 * (wo filled), 0 (WNOHANG, nothing yet), -ECHILD, or -ERESTARTSYS. May sleep.
 */
static int do_wait(struct wait_opts *wo)
{
	struct task *me = current->group_leader;

	for (;;) {
		struct task *c, *n;
		bool any = false;
		int r;

		list_for_each_entry_safe (c, n, &me->children, sibling) {
			if (!eligible(wo, c))
				continue;
			any = true;
			r = wait_one(wo, c);
			if (r)
				return r;
		}
		if (!any)
			return -ECHILD;
		if (wo->options & WNOHANG)
			return 0;
		/* Woken by any child's change; look again. */
		{
			struct wait_queue_entry we;
			int err;

			add_wait_queue(&current->signal->wait_chldexit, &we, current);
			err = task_sleep(0, true);
			remove_wait_queue(&we);
			if (err)
				return err;
		}
	}
}

SYSCALL_DEFINE4(wait4, pid_t, pid, uaddr_t, ustatus, int, options, uaddr_t, uru)
{
	struct wait_opts wo = { 0 };
	int r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	wo.options = options | WEXITED;
	if (pid == -1) {
		wo.which = P_ALL;
	} else if (pid < -1) {
		wo.which = P_PGID;
		wo.id = -pid;
	} else if (pid == 0) {
		wo.which = P_PGID;
		wo.id = current->signal->pgrp;
	} else {
		wo.which = P_PID;
		wo.id = pid;
	}
	r = do_wait(&wo);
	if (r <= 0)
		return r;
	if (ustatus && put_user((u32)wo.status, ustatus))
		return -EFAULT;
	if (uru && copy_to_user(uru, &wo.ru, sizeof(wo.ru)))
		return -EFAULT;
	return wo.pid;
}

SYSCALL_DEFINE5(waitid, int, which, pid_t, upid, uaddr_t, uinfo, int, options, uaddr_t, uru)
{
	struct wait_opts wo = { 0 };
	int r;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	wo.options = options;
	switch (which) {
	case P_ALL:
		wo.which = P_ALL;
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.which = P_PID;
		wo.id = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.which = P_PGID;
		wo.id = upid ? upid : current->signal->pgrp;
		break;
	default:
		return -EINVAL; /* P_PIDFD: no pidfds yet */
	}
	r = do_wait(&wo);
	if (r < 0)
		return r;
	if (uinfo) {
		/* WNOHANG with nothing to report: a zeroed siginfo (si_pid 0). */
		if (!r)
			memset(&wo.info, 0, sizeof(wo.info));
		if (copy_to_user(uinfo, &wo.info, sizeof(wo.info)))
			return -EFAULT;
	}
	if (uru && copy_to_user(uru, &wo.ru, sizeof(wo.ru)))
		return -EFAULT;
	return 0;
}
