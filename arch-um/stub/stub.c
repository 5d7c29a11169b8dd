// SPDX-License-Identifier: GPL-2.0
/*
 * The in-guest stub: a tiny freestanding image at STUB_BASE in every guest
 * host process. This file is its C part:
 *
 *  - the zygote (zygote_main): umk executes the stub image once per
 *    instance; it drops every host mapping but its own, then serves spawn
 *    requests on its descriptor 3 by forking blank processes;
 *  - the blank process (blank_main): keeps only its control socket, limits
 *    itself, installs the guest seccomp filter, says hello to umk and parks
 *    without touching its stack until its task thread adopts it.
 *
 * No libc: system calls are made with inline `syscall` instructions, all of
 * them inside the stub text (the filter allows system calls from nowhere
 * else).
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/unistd.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/resource.h>
#include <linux/seccomp.h>
#include <linux/signal.h>
#include <asm/socket.h>
#include <linux/uio.h>
#include <umk/abi.h>

#include "abi.h"

/* Used by entry.S. */
char zygote_stack[65536] __attribute__((aligned(16)));
void zygote_main(void) __attribute__((noreturn, used));

static struct zygote_msg config; /* the last ZYGOTE_INIT */
static volatile int park_word;

static inline long sys6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

#define sys0(nr) sys6(nr, 0, 0, 0, 0, 0, 0)
#define sys1(nr, a) sys6(nr, (long)(a), 0, 0, 0, 0, 0)
#define sys2(nr, a, b) sys6(nr, (long)(a), (long)(b), 0, 0, 0, 0)
#define sys3(nr, a, b, c) sys6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys4(nr, a, b, c, d) sys6(nr, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

static __attribute__((noreturn)) void die(void)
{
	for (;;)
		sys1(__NR_exit_group, 127);
}

static void stub_memcpy(void *d, const void *s, size_t n)
{
	char *dp = d;
	const char *sp = s;

	while (n--)
		*dp++ = *sp++;
}

/* Receives one message and at most one descriptor (*fd, or -1). */
static long recv_msg(void *buf, size_t len, int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 4)];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct user_msghdr msg = { .msg_iov = (uintptr_t)&iov,
				   .msg_iovlen = 1,
				   .msg_control = (uintptr_t)u.buf,
				   .msg_controllen = sizeof(u.buf) };
	long n = sys3(__NR_recvmsg, STUB_CTL_FD, &msg, MSG_CMSG_CLOEXEC);
	struct cmsghdr *c = (struct cmsghdr *)u.buf;

	*fd = -1;
	if (n < 0)
		return n;
	if (msg.msg_controllen >= sizeof(*c) && c->cmsg_level == SOL_SOCKET &&
	    c->cmsg_type == SCM_RIGHTS && c->cmsg_len >= CMSG_LEN(sizeof(int))) {
		int *fds = (int *)CMSG_DATA(c);
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));

		*fd = fds[0];
		for (int i = 1; i < k; i++)
			sys1(__NR_close, fds[i]);
	}
	return n;
}

static long send_msg(const void *buf, size_t len)
{
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct user_msghdr msg = { .msg_iov = (uintptr_t)&iov, .msg_iovlen = 1 };

	return sys3(__NR_sendmsg, STUB_CTL_FD, &msg, MSG_NOSIGNAL);
}

/* The blank process: runs in the fork child of the zygote; never returns. */
static __attribute__((noreturn)) void blank_main(int ctl)
{
	struct sock_fprog prog = { .len = (unsigned short)config.filter_len,
				   .filter = (struct sock_filter *)config.filter };
	struct rlimit zero = { 0, 0 };
	struct stub_hello hello = { .magic = STUB_MAGIC, .version = STUB_VERSION };
	struct k_sigaction dfl = { 0, 0, 0, 0 };
	long r;

	/* Only the control socket stays, at its fixed slot. */
	if (ctl != STUB_CTL_FD) {
		if (sys2(__NR_dup2, ctl, STUB_CTL_FD) != STUB_CTL_FD)
			die();
		sys1(__NR_close, ctl);
	}
	if (sys3(__NR_close_range, STUB_CTL_FD + 1, ~0U, 0) < 0)
		die();
	for (int fd = 0; fd < STUB_CTL_FD; fd++)
		sys1(__NR_close, fd);
	if (sys2(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL) < 0)
		die();
	/* The zygote ignores SIGCHLD; a guest host process keeps that (its host
	 * children are reaped by the host, umk tracks them itself). */
	for (int sig = 1; sig <= 64; sig++)
		if (sig != SIGCHLD && sig != SIGKILL && sig != SIGSTOP)
			sys4(__NR_rt_sigaction, sig, &dfl, 0, 8);
	sys4(__NR_rt_sigprocmask, SIG_SETMASK, &dfl.mask, 0, 8);
	if (sys2(__NR_setrlimit, RLIMIT_CORE, &zero) < 0)
		die();
	if (config.rlimit_nofile) {
		struct rlimit nofile = { config.rlimit_nofile, config.rlimit_nofile };

		sys2(__NR_setrlimit, RLIMIT_NOFILE, &nofile);
	}
	/* The thread areas: reserved now, since the filter refuses stub-region
	 * mappings later. Untouched pages cost nothing. */
	r = sys6(__NR_mmap, STUB_THREADS_BASE, STUB_THREADS * STUB_THREAD_AREA,
		 PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
	if (r != (long)STUB_THREADS_BASE)
		die();
	if (sys2(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1) < 0)
		die();
	if (!config.filter_len || sys3(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		die();
	if (send_msg(&hello, sizeof(hello)) != sizeof(hello))
		die();
	/* Park: wait for the task thread to adopt this process. */
	for (;;)
		sys4(__NR_futex, &park_word, FUTEX_WAIT_PRIVATE, 0, 0);
}

void zygote_main(void)
{
	struct k_sigaction ign = { (uintptr_t)SIG_IGN, 0, 0, 0 };
	static struct zygote_msg msg;

	/* Drop every host mapping outside the stub region: the host's stack,
	 * vdso and vvar. Nothing else of the host's stays in any guest. */
	sys2(__NR_munmap, 0, STUB_BASE);
	sys2(__NR_munmap, STUB_BASE + STUB_REGION_SIZE,
	     HOST_TASK_SIZE - (STUB_BASE + STUB_REGION_SIZE));
	sys4(__NR_rt_sigaction, SIGCHLD, &ign, 0, 8);

	for (;;) {
		int fd;
		long n = recv_msg(&msg, sizeof(msg), &fd);

		if (n == -4 /* EINTR */)
			continue;
		if (n <= 0)
			sys1(__NR_exit_group, 0); /* umk is gone */
		if (n >= 8 && msg.op == ZYGOTE_INIT && msg.filter_len <= ZYGOTE_FILTER_MAX) {
			stub_memcpy(&config, &msg, sizeof(config));
		} else if (msg.op == ZYGOTE_SPAWN && fd >= 0) {
			long pid = sys6(__NR_clone, STUB_CLONE_FORK, 0, 0, 0, 0, 0);

			if (pid == 0)
				blank_main(fd);
			/* On failure the descriptor closes unused: umk sees EOF. */
		}
		if (fd >= 0)
			sys1(__NR_close, fd);
	}
}
