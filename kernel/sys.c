// SPDX-License-Identifier: GPL-2.0
/*
 * Small process-wide system calls: identity (getpid & co.), uname, sysinfo,
 * resource limits (and the RLIMIT_FSIZE check for writers), umask, process
 * groups and sessions (read side), and syslog (the dmesg ring buffer).
 */
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/utsname.h>
#include <umk/errno.h>
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
#include <umk/time.h>
#include <umk/uaccess.h>

#include "internal.h"

/* Linux's nr_open: the most a NOFILE hard limit may be raised to. */
#define NR_OPEN 1048576

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	struct task *p = current->group_leader->parent;

	return p ? p->tgid : 0;
}

static struct task *task_of_pid(pid_t pid)
{
	return pid == 0 ? current : task_find(pid);
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->signal->pgrp;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	struct task *t = task_of_pid(pid);

	if (!t || !t->signal)
		return -ESRCH;
	return t->signal->pgrp;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	struct task *t = task_of_pid(pid);

	if (!t || !t->signal)
		return -ESRCH;
	return t->signal->session;
}

SYSCALL_DEFINE1(umask, unsigned int, mask)
{
	umode_t old = current->fs->umask;

	current->fs->umask = mask & 0777;
	return old;
}

/* --- uname --------------------------------------------------------------- */

static const struct new_utsname utsname = {
	.sysname = "Linux",
	.nodename = "umk",
	.release = "6.1.0-umk",
	.version = "#1 SMP PREEMPT_DYNAMIC umk",
	.machine = "x86_64",
	.domainname = "(none)",
};

SYSCALL_DEFINE1(uname, uaddr_t, buf)
{
	return copy_to_user(buf, &utsname, sizeof(utsname));
}

/* --- sysinfo ------------------------------------------------------------- */

SYSCALL_DEFINE1(sysinfo, uaddr_t, info)
{
	struct sysinfo si;
	u64 total = mm_commit_limit(), used = mm_committed_total();

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(ktime_get_ns() / NSEC_PER_SEC);
	si.totalram = total;
	si.freeram = used < total ? total - used : 0;
	si.procs = (unsigned short)min(task_count(), 65535);
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si));
}

/* --- resource limits --------------------------------------------------- */

/*
 * Linux's boot-time limits (INIT_RLIMITS), with RLIMIT_NPROC and
 * RLIMIT_SIGPENDING sized from memory as fork_init sizes them: half of
 * max_threads, which is one thread per 128 KiB of RAM (here: the commit
 * limit, mem=).
 */
void rlimits_init_default(struct krlimit *r)
{
	u64 threads = clamp(mm_commit_limit() / (128 * 1024), (u64)20, (u64)0x3fffffff);

	for (int i = 0; i < RLIM_NLIMITS; i++)
		r[i].cur = r[i].max = RLIM_INFINITY;
	r[RLIMIT_STACK].cur = 8UL << 20;
	r[RLIMIT_CORE].cur = 0;
	r[RLIMIT_NPROC].cur = r[RLIMIT_NPROC].max = threads / 2;
	r[RLIMIT_NOFILE].cur = 1024;
	r[RLIMIT_NOFILE].max = 4096;
	r[RLIMIT_MEMLOCK].cur = r[RLIMIT_MEMLOCK].max = 8UL << 20;
	r[RLIMIT_SIGPENDING].cur = r[RLIMIT_SIGPENDING].max = threads / 2;
	r[RLIMIT_MSGQUEUE].cur = r[RLIMIT_MSGQUEUE].max = 819200;
	r[RLIMIT_NICE].cur = r[RLIMIT_NICE].max = 0;
	r[RLIMIT_RTPRIO].cur = r[RLIMIT_RTPRIO].max = 0;
}

/* Linux's do_prlimit: validation, then the hard-limit rule, then the change. */
static int do_prlimit(struct task *t, unsigned int res, const struct krlimit *new,
		      struct krlimit *old)
{
	struct krlimit *r;

	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->cur > new->max)
			return -EINVAL;
		if (res == RLIMIT_NOFILE && new->max > NR_OPEN)
			return -EPERM;
	}
	if (!t->signal)
		return -ESRCH;
	r = &t->signal->rlim[res];
	/* Raising a hard limit takes CAP_SYS_RESOURCE (Linux asks it of the caller). */
	if (new &&new->max > r->max && !capable(CAP_SYS_RESOURCE))
		return -EPERM;
	if (old)
		*old = *r;
	if (new) {
		*r = *new;
		if (res == RLIMIT_CPU && new->cur != RLIM_INFINITY)
			rlimit_cpu_update();
	}
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, res, uaddr_t, urlim)
{
	struct krlimit old;
	struct rlimit r;
	int err = do_prlimit(current, res, NULL, &old);

	if (err)
		return err;
	/* The ulong ABI: RLIM_INFINITY is all ones either way on x86-64. */
	r.rlim_cur = old.cur;
	r.rlim_max = old.max;
	return copy_to_user(urlim, &r, sizeof(r));
}

SYSCALL_DEFINE2(setrlimit, unsigned int, res, uaddr_t, urlim)
{
	struct rlimit r;
	struct krlimit n;

	if (copy_from_user(&r, urlim, sizeof(r)))
		return -EFAULT;
	n.cur = r.rlim_cur;
	n.max = r.rlim_max;
	return do_prlimit(current, res, &n, NULL);
}

/*
 * Linux's check_prlimit_permission: another process's limits are for
 * whoever has all its uids and gids as real ids, or CAP_SYS_RESOURCE.
 */
static bool may_prlimit(struct task *t)
{
	const struct cred *a = current->cred, *b = t->cred;

	if (t == current)
		return true;
	if (a->uid == b->uid && a->uid == b->euid && a->uid == b->suid && a->gid == b->gid &&
	    a->gid == b->egid && a->gid == b->sgid)
		return true;
	return capable(CAP_SYS_RESOURCE);
}

SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, res, uaddr_t, unew, uaddr_t, uold)
{
	struct rlimit64 r;
	struct krlimit n, old;
	struct task *t;
	int err;

	/* The new limit is read first: a bad pointer is EFAULT even for a bad pid. */
	if (unew) {
		if (copy_from_user(&r, unew, sizeof(r)))
			return -EFAULT;
		n.cur = r.rlim_cur;
		n.max = r.rlim_max;
	}
	t = task_of_pid(pid);
	if (!t || !t->signal || !t->cred)
		return -ESRCH;
	if (!may_prlimit(t))
		return -EPERM;
	err = do_prlimit(t, res, unew ? &n : NULL, uold ? &old : NULL);
	if (err)
		return err;
	if (uold) {
		r.rlim_cur = old.cur;
		r.rlim_max = old.max;
		if (copy_to_user(uold, &r, sizeof(r)))
			return -EFAULT;
	}
	return 0;
}

int rlimit_fsize_check(u64 pos, u64 *count)
{
	u64 limit = task_rlimit(current, RLIMIT_FSIZE);

	if (limit == RLIM_INFINITY)
		return 0;
	if (pos >= limit) {
		send_sig(SIGXFSZ, current, true);
		return -EFBIG;
	}
	*count = min(*count, limit - pos);
	return 0;
}

/* --- syslog: the dmesg ring buffer ---------------------------------------- */

enum {
	SYSLOG_ACTION_CLOSE = 0,
	SYSLOG_ACTION_OPEN = 1,
	SYSLOG_ACTION_READ = 2,
	SYSLOG_ACTION_READ_ALL = 3,
	SYSLOG_ACTION_READ_CLEAR = 4,
	SYSLOG_ACTION_CLEAR = 5,
	SYSLOG_ACTION_CONSOLE_OFF = 6,
	SYSLOG_ACTION_CONSOLE_ON = 7,
	SYSLOG_ACTION_CONSOLE_LEVEL = 8,
	SYSLOG_ACTION_SIZE_UNREAD = 9,
	SYSLOG_ACTION_SIZE_BUFFER = 10,
};

SYSCALL_DEFINE3(syslog, int, type, uaddr_t, buf, int, len)
{
	static int saved_level = -1;
	char *kbuf;
	size_t n;
	int err;

	if (type != SYSLOG_ACTION_SIZE_BUFFER && !capable(CAP_SYSLOG))
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (!buf)
			return -EINVAL;
		kbuf = kmalloc(dmesg_size());
		if (!kbuf)
			return -ENOMEM;
		n = dmesg_read(kbuf, dmesg_size(), true);
		/* The newest len bytes, as Linux returns. */
		if (n > (size_t)len) {
			memmove(kbuf, kbuf + n - (size_t)len, (size_t)len);
			n = (size_t)len;
		}
		err = copy_to_user(buf, kbuf, n);
		kfree(kbuf);
		if (err)
			return err;
		if (type == SYSLOG_ACTION_READ_CLEAR)
			dmesg_clear();
		return (long)n;
	case SYSLOG_ACTION_CLEAR:
		dmesg_clear();
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		if (saved_level < 0)
			saved_level = console_loglevel;
		console_loglevel = 1;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		if (saved_level >= 0) {
			console_loglevel = saved_level;
			saved_level = -1;
		}
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len < 1 ? 1 : len;
		saved_level = -1;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return 0;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return (long)dmesg_size();
	default:
		/* SYSLOG_ACTION_READ (a blocking, consuming read) is not offered. */
		return -EINVAL;
	}
}
