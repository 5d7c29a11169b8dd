// SPDX-License-Identifier: GPL-2.0
/*
 * prctl: the per-task and per-process settings a Linux program may read or
 * change, with Linux's argument checks. The parent-death signal and the
 * child subreaper are recorded here and acted on by exit and wait.
 */
#include <linux/prctl.h>
#include <linux/signal.h>
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

/* Linux's default timer slack. */
#define TIMER_SLACK_DEFAULT_NS 50000
/* securebits: only keep_caps is offered. */
#define SECBIT_KEEP_CAPS (1 << 4)

/* Most options insist that their unused arguments are zero. */
static bool zero(u64 a, u64 b, u64 c)
{
	return !a && !b && !c;
}

static long set_name(struct task *t, uaddr_t uname)
{
	char name[TASK_COMM_LEN];

	/* Longer names are cut to 15 characters; only those are read. */
	memset(name, 0, sizeof(name));
	if (strncpy_from_user(name, uname, sizeof(name) - 1) == -EFAULT)
		return -EFAULT;
	strscpy(t->comm, name, sizeof(t->comm));
	task_update_thread_name(t);
	return 0;
}

/* PR_CAPBSET_DROP: takes CAP_SETPCAP; the bounding set only ever shrinks. */
static long capbset_drop(u64 cap)
{
	struct cred *n;

	if (!cap_valid((long)cap))
		return -EINVAL;
	if (!capable(CAP_SETPCAP))
		return -EPERM;
	n = cred_prepare(current->cred);
	if (!n)
		return -ENOMEM;
	n->cap_bset &= ~CAP_TO_MASK(cap);
	cred_commit(n);
	return 0;
}

SYSCALL_DEFINE5(prctl, int, option, u64, a2, u64, a3, u64, a4, u64, a5)
{
	struct task *t = current;
	char name[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_NAME:
		return set_name(t, a2);
	case PR_GET_NAME:
		memset(name, 0, sizeof(name));
		strscpy(name, t->comm, sizeof(name));
		return copy_to_user(a2, name, sizeof(name));
	case PR_SET_PDEATHSIG:
		if (a2 > KNSIG)
			return -EINVAL;
		t->pdeath_signal = (int)a2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user((int)t->pdeath_signal, a2);
	case PR_GET_DUMPABLE:
		return t->dumpable ? 1 : 0;
	case PR_SET_DUMPABLE:
		if (a2 > 1)
			return -EINVAL;
		t->dumpable = a2;
		return 0;
	case PR_GET_KEEPCAPS:
		return t->keep_caps;
	case PR_SET_KEEPCAPS:
		if (a2 > 1)
			return -EINVAL;
		t->keep_caps = a2;
		return 0;
	case PR_GET_SECUREBITS:
		return t->keep_caps ? SECBIT_KEEP_CAPS : 0;
	case PR_SET_NO_NEW_PRIVS:
		if (a2 != 1 || !zero(a3, a4, a5))
			return -EINVAL;
		t->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (!zero(a2, a3, a4) || a5)
			return -EINVAL;
		return t->no_new_privs;
	case PR_SET_CHILD_SUBREAPER:
		t->signal->child_subreaper = a2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_user((int)t->signal->child_subreaper, a2);
	case PR_CAPBSET_READ:
		if (!cap_valid((long)a2))
			return -EINVAL;
		return (t->cred->cap_bset & CAP_TO_MASK(a2)) != 0;
	case PR_CAPBSET_DROP:
		return capbset_drop(a2);
	case PR_GET_SECCOMP:
		return 0; /* the guest is not in a (guest) seccomp mode */
	case PR_SET_TIMERSLACK:
		t->timer_slack_ns = a2 ? a2 : TIMER_SLACK_DEFAULT_NS;
		return 0;
	case PR_GET_TIMERSLACK:
		return (long)(t->timer_slack_ns ? t->timer_slack_ns : TIMER_SLACK_DEFAULT_NS);
	case PR_GET_TID_ADDRESS:
		return put_user((u64)t->clear_child_tid, a2);
	case PR_SET_THP_DISABLE:
		if (!zero(a3, a4, a5))
			return -EINVAL;
		t->signal->thp_disable = a2 != 0;
		return 0;
	case PR_GET_THP_DISABLE:
		if (!zero(a2, a3, a4) || a5)
			return -EINVAL;
		return t->signal->thp_disable;
	case PR_SET_MM:
		/* Rewriting the memory map's fields (checkpoint/restore) is not offered. */
		return -EPERM;
	}
	/* Seccomp, securebits changes, ambient capabilities, memory naming,
	 * speculation control: not offered. */
	return -EINVAL;
}
