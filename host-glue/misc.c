// SPDX-License-Identifier: GPL-2.0
/*
 * host-glue: process-wide host services for umk itself — start-up, exit,
 * backtraces, the signals that ask umk to stop, memory, randomness, time.
 */
#include <errno.h>
#include <execinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <host/host.h>

/* ASan prints its own report on a crash: umk's handler is for other builds. */
#if !defined(__SANITIZE_ADDRESS__)
#if defined(__has_feature)
#if !__has_feature(address_sanitizer)
#define UMK_CRASH_HANDLER 1
#endif
#else
#define UMK_CRASH_HANDLER 1
#endif
#endif

static int stop_sigfd = -1;

void host_exit(int status)
{
	host_tty_restore();
	fflush(stdout);
	fflush(stderr);
	_exit(status);
}

void host_backtrace(void)
{
	void *frames[64];
	int n = backtrace(frames, 64);

	backtrace_symbols_fd(frames, n, 2);
}

#ifdef UMK_CRASH_HANDLER
static void crash_handler(int sig, siginfo_t *si, void *uc)
{
	char msg[128];
	int n = snprintf(msg, sizeof(msg), "umk: fatal host signal %d (%s) at address %p in umk\n",
			 sig, strsignal(sig), si->si_addr);

	(void)uc;
	host_tty_restore();
	if (n > 0)
		(void)!write(2, msg, (size_t)n);
	host_backtrace();
	signal(sig, SIG_DFL);
	raise(sig);
}
#endif

int host_early_init(void)
{
	struct rlimit rl;
	sigset_t stop, blocked;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaddset(&stop, SIGQUIT);
	/* And the terminal's signals, for the console (host-glue/tty.c). */
	blocked = stop;
	sigaddset(&blocked, SIGWINCH);
	sigaddset(&blocked, SIGCONT);
	if (sigprocmask(SIG_BLOCK, &blocked, NULL) < 0)
		return -errno;
	stop_sigfd = signalfd(-1, &stop, SFD_CLOEXEC);
	if (stop_sigfd < 0)
		return -errno;
#ifdef UMK_CRASH_HANDLER
	{
		static const int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE };
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = crash_handler;
		sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
		for (unsigned i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
			sigaction(fatal[i], &sa, NULL);
	}
#endif
	return 0;
}

int host_eventfd(void)
{
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	return fd < 0 ? -errno : fd;
}

int host_eventfd_signal(int efd)
{
	uint64_t one = 1;

	return write(efd, &one, sizeof(one)) == sizeof(one) ? 0 : -errno;
}

int host_wait_shutdown(int efd)
{
	struct pollfd p[2] = { { .fd = efd, .events = POLLIN },
			       { .fd = stop_sigfd, .events = POLLIN } };

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (p[1].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(stop_sigfd, &si, sizeof(si)) == sizeof(si))
				return (int)si.ssi_signo;
		}
		if (p[0].revents & POLLIN)
			return 0;
	}
}

const char *host_strerror(int err)
{
	return strerror(err < 0 ? -err : err);
}

uint64_t host_total_ram(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : 0;
}

int host_getpid(void)
{
	return getpid();
}

uint32_t host_geteuid(void)
{
	return geteuid();
}

uint32_t host_getegid(void)
{
	return getegid();
}

int host_gettid(void)
{
	return gettid();
}

uint64_t host_getauxval(unsigned long type)
{
	return getauxval(type);
}

void *host_malloc(size_t size)
{
	return malloc(size);
}

void *host_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

void *host_realloc(void *p, size_t size)
{
	return realloc(p, size);
}

void host_free(void *p)
{
	free(p);
}

int host_getrandom(void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int host_clock_gettime(int clockid, struct host_timespec *ts)
{
	struct timespec t;

	if (clock_gettime(clockid, &t) < 0)
		return -errno;
	ts->sec = t.tv_sec;
	ts->nsec = t.tv_nsec;
	return 0;
}

void host_nanosleep(const struct host_timespec *ts)
{
	struct timespec t = { .tv_sec = ts->sec, .tv_nsec = ts->nsec };

	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

int host_clock_getres(int clockid, struct host_timespec *ts)
{
	struct timespec t;

	if (clock_getres(clockid, &t) < 0)
		return -errno;
	ts->sec = t.tv_sec;
	ts->nsec = t.tv_nsec;
	return 0;
}
