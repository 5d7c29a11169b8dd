// SPDX-License-Identifier: GPL-2.0
/*
 * Signal dispositions and masks. rt_sigaction and rt_sigprocmask record
 * what the guest asks for with Linux's checks; delivery comes with the
 * process model.
 */
#include <linux/signal.h>
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

#define SIGMASK(sig) (1ULL << ((sig)-1))
#define UNBLOCKABLE (SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))

SYSCALL_DEFINE4(rt_sigaction, int, sig, uaddr_t, uact, uaddr_t, uoact, size_t, sigsetsize)
{
	struct k_sigaction act, *k;

	if (sigsetsize != sizeof(ksigset_t))
		return -EINVAL;
	if (sig < 1 || sig > KNSIG)
		return -EINVAL;
	if (uact && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof(act)))
		return -EFAULT;
	k = &current->sighand->action[sig - 1];
	if (uoact && copy_to_user(uoact, k, sizeof(*k)))
		return -EFAULT;
	if (uact) {
		act.mask &= ~UNBLOCKABLE;
		*k = act;
	}
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uaddr_t, uset, uaddr_t, uoset, size_t, sigsetsize)
{
	ksigset_t set, old = current->blocked;

	if (sigsetsize != sizeof(ksigset_t))
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		set &= ~UNBLOCKABLE;
		switch (how) {
		case SIG_BLOCK:
			current->blocked |= set;
			break;
		case SIG_UNBLOCK:
			current->blocked &= ~set;
			break;
		case SIG_SETMASK:
			current->blocked = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (uoset && copy_to_user(uoset, &old, sizeof(old))) {
		current->blocked = old;
		return -EFAULT;
	}
	return 0;
}
