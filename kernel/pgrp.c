// SPDX-License-Identifier: GPL-2.0
/*
 * Process groups and sessions: setpgid and setsid with POSIX's rules (the
 * read side, getpgid and getsid, is in kernel/sys.c). A process group or a
 * session is named by the pid of its leader and exists while any process
 * belongs to it; a session's controlling terminal is signal_struct.tty.
 */
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/signal.h>
#include <umk/syscalls.h>
#include <umk/tty.h>

/* Whether any live process is in process group pgrp of session sid. */
static bool pgrp_exists(pid_t pgrp, pid_t sid)
{
	struct task *t;

	for_each_process (t)
		if (t->state != TASK_DEAD && t->signal->pgrp == pgrp && t->signal->session == sid)
			return true;
	return false;
}

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task *me = current->group_leader, *p;

	if (pid < 0 || pgid < 0)
		return -EINVAL;
	if (!pid)
		pid = me->tgid;
	if (!pgid)
		pgid = pid;
	p = task_find(pid);
	if (!p || p->tgid != pid || p->state != TASK_RUNNING)
		return -ESRCH;
	p = p->group_leader;
	if (p != me) {
		/* Only the caller itself or one of its children. */
		if (p->parent != me)
			return -ESRCH;
		if (p->signal->session != me->signal->session)
			return -EPERM;
		if (p->did_exec)
			return -EACCES;
	}
	if (p->signal->session == p->tgid)
		return -EPERM; /* a session leader stays where it is */
	if (pgid != p->tgid && !pgrp_exists(pgid, me->signal->session))
		return -EPERM;
	p->signal->pgrp = pgid;
	return 0;
}

SYSCALL_DEFINE0(setsid)
{
	struct task *me = current->group_leader, *t;
	pid_t pid = me->tgid;

	/* A process group leader (of any group named by its pid) cannot. */
	for_each_process (t)
		if (t->state != TASK_DEAD && t->signal->pgrp == pid)
			return -EPERM;
	me->signal->session = pid;
	me->signal->pgrp = pid;
	proc_clear_tty(me);
	return pid;
}
