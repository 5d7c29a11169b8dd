// SPDX-License-Identifier: GPL-2.0
/*
 * host-glue: ptrace requests, one wrapper per request the ptrace trap
 * backend uses. Only a tracee's own tracer thread may call them.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>

#include <host/host.h>

_Static_assert(sizeof(struct user_regs_struct) == 27 * 8, "user_regs_struct layout");

static int ret(long r)
{
	return r < 0 ? -errno : 0;
}

int host_ptrace_seize(int tid, unsigned long options)
{
	return ret(ptrace(PTRACE_SEIZE, tid, 0, options));
}

int host_ptrace_interrupt(int tid)
{
	return ret(ptrace(PTRACE_INTERRUPT, tid, 0, 0));
}

int host_ptrace_resume(long request, int tid, int sig)
{
	return ret(ptrace((enum __ptrace_request)request, tid, 0, (long)sig));
}

int host_ptrace_getregs(int tid, void *regs)
{
	return ret(ptrace(PTRACE_GETREGS, tid, 0, regs));
}

int host_ptrace_setregs(int tid, const void *regs)
{
	return ret(ptrace(PTRACE_SETREGS, tid, 0, regs));
}

int host_ptrace_getregset(int tid, unsigned int type, void *buf, size_t *len)
{
	struct iovec iov = { .iov_base = buf, .iov_len = *len };
	long r = ptrace(PTRACE_GETREGSET, tid, (long)type, &iov);

	if (r < 0)
		return -errno;
	*len = iov.iov_len;
	return 0;
}

int host_ptrace_setregset(int tid, unsigned int type, const void *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };

	return ret(ptrace(PTRACE_SETREGSET, tid, (long)type, &iov));
}

int host_ptrace_getsiginfo(int tid, void *siginfo)
{
	return ret(ptrace(PTRACE_GETSIGINFO, tid, 0, siginfo));
}

long host_ptrace_get_syscall_info(int tid, void *buf, size_t len)
{
	long r = ptrace(PTRACE_GET_SYSCALL_INFO, tid, len, buf);

	return r < 0 ? -errno : r;
}

int host_ptrace_geteventmsg(int tid, unsigned long *msg)
{
	return ret(ptrace(PTRACE_GETEVENTMSG, tid, 0, msg));
}

int host_ptrace_pokeuser(int tid, unsigned long offset, unsigned long value)
{
	return ret(ptrace(PTRACE_POKEUSER, tid, offset, value));
}
