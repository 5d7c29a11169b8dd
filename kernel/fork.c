// SPDX-License-Identifier: GPL-2.0
/*
 * Thread bookkeeping system calls that come before the process model:
 * set_tid_address, the robust-futex list registration, and rseq.
 */
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

/* struct robust_list_head: three words. */
#define ROBUST_LIST_HEAD_SIZE 24

SYSCALL_DEFINE1(set_tid_address, uaddr_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

SYSCALL_DEFINE2(set_robust_list, uaddr_t, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	current->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, pid_t, pid, uaddr_t, uhead, uaddr_t, ulen)
{
	struct task *t = pid ? task_find(pid) : current;
	u64 len = ROBUST_LIST_HEAD_SIZE;

	if (!t)
		return -ESRCH;
	if (t != current && !capable(CAP_SYS_PTRACE) && t->cred->uid != current->cred->uid)
		return -EPERM;
	if (put_user(len, ulen) || put_user(t->robust_list, uhead))
		return -EFAULT;
	return 0;
}

/*
 * Restartable sequences are not offered: glibc and musl both fall back
 * when registration fails with ENOSYS.
 */
SYSCALL_DEFINE4(rseq, uaddr_t, rseq, u32, len, int, flags, u32, sig)
{
	return -ENOSYS;
}
