// SPDX-License-Identifier: GPL-2.0
/*
 * host-glue: the host terminal behind umk's console. umk's own line
 * discipline does all terminal processing, so the host terminal is put in
 * raw mode at boot and its settings are restored on every way out: the
 * shutdown hook, host_exit and the crash handler. The signals about the
 * terminal (SIGWINCH: resized; SIGCONT: continued after a stop, when a shell
 * may have reset the terminal, so raw mode is applied again) are blocked in
 * every thread from host_early_init and read from a signalfd.
 */
#include <errno.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

#include <host/host.h>

static struct {
	volatile int fd; /* -1: nothing saved */
	struct termios saved;
	volatile int raw; /* the terminal is in raw mode now */
	volatile int restored; /* for good: host_tty_make_raw does nothing more */
} term = { .fd = -1 };

int host_tty_make_raw(int fd)
{
	struct termios t;

	if (term.restored)
		return -ESHUTDOWN;
	if (term.fd < 0) {
		if (tcgetattr(fd, &term.saved) < 0)
			return -errno;
		term.fd = fd;
	}
	/* cfmakeraw, spelled out. */
	t = term.saved;
	t.c_iflag &= ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
				 IXOFF | IXANY);
	t.c_oflag &= ~(unsigned)OPOST;
	t.c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag &= ~(unsigned)(CSIZE | PARENB);
	t.c_cflag |= CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	while (tcsetattr(term.fd, TCSANOW, &t) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	term.raw = 1;
	return 0;
}

/* Async-signal-safe: only tcsetattr (an ioctl). */
void host_tty_restore(void)
{
	int saved_errno = errno;

	term.restored = 1;
	if (term.fd >= 0 && term.raw) {
		tcsetattr(term.fd, TCSANOW, &term.saved);
		term.raw = 0;
	}
	errno = saved_errno;
}

int host_tty_signal_fd(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGWINCH);
	sigaddset(&set, SIGCONT);
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

int host_signalfd_read(int fd)
{
	struct signalfd_siginfo si;
	ssize_t n;

	do
		n = read(fd, &si, sizeof(si));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	return n == sizeof(si) ? (int)si.ssi_signo : 0;
}
