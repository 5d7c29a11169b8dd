/*
 * Helpers shared by the guest programs in tests/guest/.
 *
 * A guest program prints what it observes, one fact per line, and its output
 * is compared with what the same program printed when run natively. So facts
 * must read the same under glibc and musl: errno values are printed by their
 * symbolic name (never strerror(), whose text differs between the libcs),
 * booleans as yes/no, and nothing host-specific (addresses, pids, times) is
 * printed raw.
 */
#ifndef GUEST_H
#define GUEST_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* An address that is never mapped, hidden from the compiler so that it
 * does not warn about passing it: the way to provoke EFAULT. */
static volatile unsigned long guest_bad_addr __attribute__((unused)) = 1;
#define BAD_PTR ((void *)guest_bad_addr)

/* The errno values the programs meet, by name. */
/* clang-format off */
#define E(name) { name, #name }
static const struct {
	int value;
	const char *name;
} guest_errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC),
	E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST),
	E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(ERANGE),
	E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(EOVERFLOW), E(EOPNOTSUPP),
	E(ETIMEDOUT), E(EOWNERDEAD), E(EDEADLK),
};
#undef E
/* clang-format on */

static inline const char *errno_name(int e)
{
	static char other[32];

	if (e == 0)
		return "0";
	for (size_t i = 0; i < sizeof(guest_errnos) / sizeof(guest_errnos[0]); i++)
		if (guest_errnos[i].value == e)
			return guest_errnos[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

static inline const char *yes_no(int b)
{
	return b ? "yes" : "no";
}

/*
 * Prints "WHAT: ok" when a call that returns -1 and sets errno succeeded
 * (ret >= 0), or "WHAT: ENAME" when it failed. The return value itself is not
 * printed: file descriptors and addresses are not facts worth pinning.
 */
static inline void report(const char *what, long ret)
{
	printf("%s: %s\n", what, ret < 0 ? errno_name(errno) : "ok");
}

/*
 * Signal names: the numbers of the standard signals are the kernel's, but
 * SIGRTMIN is not (glibc keeps two real-time signals for itself, musl
 * three), so real-time signals are named relative to it.
 */
static inline const char *signal_name(int sig)
{
	/* clang-format off */
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
		[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
		[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV",
		[SIGUSR2] = "SIGUSR2", [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM",
		[SIGTERM] = "SIGTERM", [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",
		[SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP",
		[SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU",
		[SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
		[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO", [SIGPWR] = "SIGPWR", [SIGSYS] = "SIGSYS",
	};
	/* clang-format on */
	static char other[32];

	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		snprintf(other, sizeof(other), "SIGRTMIN+%d", sig - SIGRTMIN);
		return other;
	}
	if (sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])) && names[sig])
		return names[sig];
	snprintf(other, sizeof(other), "signal %d", sig);
	return other;
}

/*
 * A wait status in words, with the status word itself (the kernel's
 * encoding, which the W* macros only decode): "exited 42 (0x2a00)",
 * "killed by SIGTERM (0x000f)", "stopped by SIGSTOP (0x137f)"...
 */
static inline const char *status_string(int status)
{
	static char text[80];
	int n = 0;

	if (WIFEXITED(status))
		n = snprintf(text, sizeof(text), "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		n = snprintf(text, sizeof(text), "killed by %s%s", signal_name(WTERMSIG(status)),
			     WCOREDUMP(status) ? ", core dumped" : "");
	else if (WIFSTOPPED(status))
		n = snprintf(text, sizeof(text), "stopped by %s", signal_name(WSTOPSIG(status)));
	else if (WIFCONTINUED(status))
		n = snprintf(text, sizeof(text), "continued");
	snprintf(text + n, sizeof(text) - n, "%s(0x%04x)", n ? " " : "", (unsigned)status);
	return text;
}

/*
 * fork() with stdout flushed first, so that nothing buffered is printed
 * twice. The programs that fork make stdout line buffered too: a child
 * prints only while its parent waits for it, so the order is fixed.
 */
static inline pid_t guest_fork(void)
{
	fflush(stdout);
	fflush(stderr);
	return fork();
}

/* Waits for child PID (retrying EINTR); returns its wait status, or -1. */
static inline int wait_for(pid_t pid)
{
	int status;
	pid_t r;

	do
		r = waitpid(pid, &status, 0);
	while (r < 0 && errno == EINTR);
	return r == pid ? status : -1;
}

#endif
