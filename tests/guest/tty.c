/*
 * tty: the console as a terminal, or not.
 *
 * Without arguments (the e2e test: stdin is /dev/null, stdout a pipe) the
 * console is a byte stream: every terminal request fails with ENOTTY, as
 * natively on a pipe or /dev/null.
 *
 * With a mode argument it is driven through a real pseudo-terminal by
 * tests/host/tty.sh, as init on umk's terminal console:
 *   info    termios defaults, the process-group and session requests
 *   sigint  a SIGINT handler; Ctrl-C interrupts read and flushes typeahead
 *   winch   a SIGWINCH handler; prints the window size before and after
 *   raw     non-canonical input with VMIN/VTIME
 *   jobs    job control between processes: background reads and writes,
 *           the foreground group, sessions (its output is the same natively
 *           on a pty, where its group is orphaned as init's is)
 *   leader  a session leader's exit hangs up its foreground group and frees
 *           the tty for another session
 */
#include <poll.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

/* The kernel's struct termios2 (TCGETS2), which the libcs do not all give. */
struct k_termios2 {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[19];
	unsigned int c_ispeed, c_ospeed;
};
#define K_TCGETS2 _IOR('T', 0x2A, struct k_termios2)
#define K_TIOCGDEV _IOR('T', 0x32, unsigned int)
#define K_TIOCGEXCL _IOR('T', 0x40, int)

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: interrupted reads fail with EINTR */
	sigaction(sig, &sa, NULL);
}

/* --- no terminal ---------------------------------------------------------------- */

static void not_a_tty(void)
{
	struct termios t;
	struct winsize ws;
	int v = 0;

	printf("isatty(0): %s\n", yes_no(isatty(0)));
	printf("isatty(1): %s\n", yes_no(isatty(1)));
	report("tcgetattr", tcgetattr(0, &t));
	report("tcsetattr", tcsetattr(0, TCSANOW, &t));
	report("TIOCGWINSZ", ioctl(0, TIOCGWINSZ, &ws));
	report("TIOCGPGRP", ioctl(0, TIOCGPGRP, &v));
	report("TIOCSPGRP", ioctl(0, TIOCSPGRP, &v));
	report("TIOCGSID", ioctl(0, TIOCGSID, &v));
	report("TIOCSCTTY", ioctl(0, TIOCSCTTY, 0));
	report("TIOCNOTTY", ioctl(0, TIOCNOTTY));
	report("TCFLSH", ioctl(0, TCFLSH, TCIFLUSH));
	report("tcdrain(1)", tcdrain(1));
	report("TIOCOUTQ(1)", ioctl(1, TIOCOUTQ, &v));
}

/* --- info ------------------------------------------------------------------------- */

struct flag {
	unsigned int bit;
	const char *name;
};

/* clang-format off */
#define F(x) { x, #x }
static const struct flag iflags[] = { F(IGNBRK), F(BRKINT), F(IGNPAR), F(PARMRK), F(INPCK),
	F(ISTRIP), F(INLCR), F(IGNCR), F(ICRNL), F(IXON), F(IXANY), F(IXOFF), F(IMAXBEL),
	{ 0x4000, "IUTF8" }, { 0, NULL } };
static const struct flag oflags[] = { F(OPOST), F(ONLCR), F(OCRNL), F(ONOCR), F(ONLRET),
	{ 0, NULL } };
static const struct flag lflags[] = { F(ISIG), F(ICANON), F(ECHO), F(ECHOE), F(ECHOK),
	F(ECHONL), F(NOFLSH), F(TOSTOP), F(ECHOCTL), F(ECHOPRT), F(ECHOKE), F(IEXTEN),
	{ 0, NULL } };
static const struct flag cflags[] = { F(CSTOPB), F(CREAD), F(PARENB), F(HUPCL), F(CLOCAL),
	{ 0, NULL } };
#undef F
/* clang-format on */

static void print_flags(const char *what, unsigned int v, const struct flag *f)
{
	printf("%s:", what);
	for (; f->name; f++)
		if (v & f->bit)
			printf(" %s", f->name);
	printf("\n");
}

static void print_cc(const char *name, unsigned char c)
{
	if (c == 0)
		printf(" %s=undef", name);
	else if (c < 32 || c == 127)
		printf(" %s=^%c", name, c ^ 0100);
	else
		printf(" %s=%c", name, c);
}

static void info(void)
{
	struct termios t, t2;
	struct k_termios2 k2;
	struct winsize ws, big = { .ws_row = 30, .ws_col = 100 };
	unsigned int dev = 0;
	int v = -1, me = getpid();
	char buf[16];
	long n;

	printf("isatty: %s\n", yes_no(isatty(0)));
	tcgetattr(0, &t);
	print_flags("iflag", t.c_iflag, iflags);
	print_flags("oflag", t.c_oflag, oflags);
	print_flags("lflag", t.c_lflag, lflags);
	print_flags("cflag", t.c_cflag, cflags);
	printf("CS8: %s, B38400: %s\n", yes_no((t.c_cflag & CSIZE) == CS8),
	       yes_no(cfgetospeed(&t) == B38400 && cfgetispeed(&t) == B38400));
	printf("cc:");
	print_cc("intr", t.c_cc[VINTR]);
	print_cc("quit", t.c_cc[VQUIT]);
	print_cc("erase", t.c_cc[VERASE]);
	print_cc("kill", t.c_cc[VKILL]);
	print_cc("eof", t.c_cc[VEOF]);
	print_cc("eol", t.c_cc[VEOL]);
	print_cc("eol2", t.c_cc[VEOL2]);
	print_cc("start", t.c_cc[VSTART]);
	print_cc("stop", t.c_cc[VSTOP]);
	print_cc("susp", t.c_cc[VSUSP]);
	print_cc("rprnt", t.c_cc[VREPRINT]);
	print_cc("werase", t.c_cc[VWERASE]);
	print_cc("lnext", t.c_cc[VLNEXT]);
	print_cc("discard", t.c_cc[VDISCARD]);
	printf(" min=%d time=%d\n", t.c_cc[VMIN], t.c_cc[VTIME]);
	report("TCGETS2", ioctl(0, K_TCGETS2, &k2));
	printf("speeds: %u %u\n", k2.c_ispeed, k2.c_ospeed);
	ioctl(0, K_TIOCGDEV, &dev);
	printf("TIOCGDEV: %u:%u\n", major(dev), minor(dev));
	ioctl(0, TIOCGETD, &v);
	printf("TIOCGETD: %d\n", v);
	ioctl(0, TIOCGWINSZ, &ws);
	printf("winsize: %dx%d\n", ws.ws_row, ws.ws_col);

	printf("foreground group is mine: %s\n", yes_no(tcgetpgrp(0) == me));
	printf("session is mine: %s\n", yes_no(tcgetsid(0) == me));
	report("TIOCSPGRP to my group", tcsetpgrp(0, me));
	v = -1;
	report("TIOCSPGRP -1", ioctl(0, TIOCSPGRP, &v));
	v = 0;
	report("TIOCSPGRP 0", ioctl(0, TIOCSPGRP, &v));
	v = 77777;
	report("TIOCSPGRP to nobody", ioctl(0, TIOCSPGRP, &v));
	report("TIOCSPGRP bad pointer", ioctl(0, TIOCSPGRP, BAD_PTR));
	report("TIOCSCTTY when it is mine", ioctl(0, TIOCSCTTY, 0));
	signal(SIGHUP, SIG_IGN); /* TIOCNOTTY by a session leader hangs up the foreground */
	report("TIOCNOTTY", ioctl(0, TIOCNOTTY));
	report("TIOCGPGRP after TIOCNOTTY", ioctl(0, TIOCGPGRP, &v));
	report("TIOCGSID after TIOCNOTTY", ioctl(0, TIOCGSID, &v));
	report("TIOCNOTTY again", ioctl(0, TIOCNOTTY));
	report("TIOCSCTTY", ioctl(0, TIOCSCTTY, 0));
	printf("foreground group is mine again: %s\n", yes_no(tcgetpgrp(0) == me));

	report("TCFLSH 7", ioctl(0, TCFLSH, 7));
	report("TCXONC 9", ioctl(0, TCXONC, 9));
	report("TCFLSH TCIFLUSH", tcflush(0, TCIFLUSH));
	report("TIOCSETD 1", ioctl(0, TIOCSETD, &(int){ 1 }));
	report("TIOCEXCL", ioctl(0, TIOCEXCL));
	v = 0;
	ioctl(0, K_TIOCGEXCL, &v);
	printf("TIOCGEXCL: %d\n", v);
	report("TIOCNXCL", ioctl(0, TIOCNXCL));
	report("TCSBRK", tcsendbreak(0, 0));
	report("tcdrain", tcdrain(1));
	report("TIOCOUTQ", ioctl(1, TIOCOUTQ, &v));
	report("TCGETS bad pointer", ioctl(0, TCGETS, BAD_PTR));
	report("TCSETS bad pointer", ioctl(0, TCSETS, BAD_PTR));
	report("lseek", lseek(0, 0, SEEK_SET));
	report("TIOCSTI bad pointer", ioctl(0, TIOCSTI, BAD_PTR));
	report("TIOCSWINSZ bad pointer", ioctl(0, TIOCSWINSZ, BAD_PTR));
	report("write bad pointer", write(1, BAD_PTR, 10));
	report("unknown request", ioctl(0, _IO('T', 0x7f)));
	/* Any control characters and VMIN/VTIME are taken. */
	t2 = t;
	memset(t2.c_cc, 0xff, sizeof(t2.c_cc));
	report("tcsetattr with every c_cc 0xff", tcsetattr(0, TCSANOW, &t2));
	report("tcsetattr back", tcsetattr(0, TCSANOW, &t));

	catch(SIGWINCH);
	report("TIOCSWINSZ", ioctl(0, TIOCSWINSZ, &big));
	ioctl(0, TIOCGWINSZ, &ws);
	printf("winsize: %dx%d, SIGWINCH: %s\n", ws.ws_row, ws.ws_col,
	       yes_no(got_signal == SIGWINCH));

	/* Faked input, read back without echo; FIONREAD counts the complete line. */
	t2 = t;
	t2.c_lflag &= ~(tcflag_t)ECHO;
	report("tcsetattr -echo", tcsetattr(0, TCSANOW, &t2));
	ioctl(0, TIOCSTI, "x");
	ioctl(0, TIOCSTI, "y");
	ioctl(0, FIONREAD, &v);
	printf("FIONREAD before the newline: %d\n", v);
	ioctl(0, TIOCSTI, "\n");
	ioctl(0, FIONREAD, &v);
	printf("FIONREAD after: %d\n", v);
	n = read(0, buf, sizeof(buf));
	printf("read: %ld %s\n", n, n == 3 && !memcmp(buf, "xy\n", 3) ? "xy\\n" : "?");
	report("tcsetattr back", tcsetattr(0, TCSANOW, &t));
	printf("done\n");
}

/* --- interactive modes --------------------------------------------------------- */

static void sigint(void)
{
	char buf[64];
	long n;
	int v = -1;

	catch(SIGINT);
	printf("ready\n");
	n = read(0, buf, sizeof(buf));
	printf("read: %s, SIGINT caught: %s\n", n < 0 ? errno_name(errno) : "data",
	       yes_no(got_signal == SIGINT));
	ioctl(0, FIONREAD, &v);
	printf("typeahead flushed: %s\n", yes_no(v == 0));
}

static void winch(void)
{
	struct winsize ws;

	catch(SIGWINCH);
	ioctl(0, TIOCGWINSZ, &ws);
	printf("winsize %dx%d\n", ws.ws_row, ws.ws_col);
	printf("ready\n");
	while (!got_signal)
		pause();
	ioctl(0, TIOCGWINSZ, &ws);
	printf("SIGWINCH, winsize %dx%d\n", ws.ws_row, ws.ws_col);
}

static void raw(void)
{
	struct termios saved, t;
	struct timespec t0, t1;
	struct pollfd pfd;
	unsigned char c[3];
	long n, ms;

	tcgetattr(0, &saved);
	t = saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG);
	t.c_iflag &= ~(tcflag_t)ICRNL;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &t);
	printf("ready\n");
	for (int i = 0; i < 3; i++)
		if (read(0, &c[i], 1) != 1)
			return;
	printf("got %02x %02x %02x\n", c[0], c[1], c[2]);

	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 3;
	tcsetattr(0, TCSANOW, &t);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = read(0, c, 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	printf("VTIME read: %ld after 0.3 s: %s\n", n, yes_no(ms >= 250));

	/* poll sleeps until a key arrives. */
	pfd.fd = 0;
	pfd.events = POLLIN;
	printf("poll without input: %d\n", poll(&pfd, 1, 100));
	printf("polling\n");
	n = poll(&pfd, 1, 10000);
	printf("poll: %ld, POLLIN: %s, read: %ld\n", n, yes_no(pfd.revents & POLLIN), read(0, c, 3));
	tcsetattr(0, TCSAFLUSH, &saved);
	printf("restored\n");
}

/* In a child: a background group of the session, not orphaned (its parent is in the session). */
static void background_child(void)
{
	struct termios t;
	long n;
	int err;
	char c;

	setpgid(0, 0);
	catch(SIGTTIN);
	printf("background read: %s", read(0, &c, 1) < 0 ? errno_name(errno) : "data");
	printf(", SIGTTIN: %s\n", yes_no(got_signal == SIGTTIN));
	signal(SIGTTIN, SIG_IGN);
	printf("background read ignoring SIGTTIN: %s\n",
	       read(0, &c, 1) < 0 ? errno_name(errno) : "data");

	got_signal = 0;
	catch(SIGTTOU);
	tcgetattr(0, &t);
	t.c_lflag |= TOSTOP;
	report("background tcsetattr", tcsetattr(0, TCSANOW, &t));
	printf("SIGTTOU: %s\n", yes_no(got_signal == SIGTTOU));
	signal(SIGTTOU, SIG_IGN);
	report("background tcsetattr ignoring SIGTTOU", tcsetattr(0, TCSANOW, &t));
	report("background write with TOSTOP ignoring SIGTTOU", write(1, "", 0));
	got_signal = 0;
	catch(SIGTTOU);
	/* Printing waits until TOSTOP is off again: printf would be stopped too. */
	n = write(1, "x\n", 2);
	err = errno;
	signal(SIGTTOU, SIG_IGN);
	t.c_lflag &= ~(tcflag_t)TOSTOP;
	tcsetattr(0, TCSANOW, &t);
	printf("background write with TOSTOP: %s, SIGTTOU: %s\n", n < 0 ? errno_name(err) : "ok",
	       yes_no(got_signal == SIGTTOU));
	report("background TIOCSPGRP to itself ignoring SIGTTOU", tcsetpgrp(0, getpid()));
	report("and back", tcsetpgrp(0, getppid()));
	_exit(0);
}

static pid_t fork_or_die(void)
{
	pid_t p = fork();

	if (p < 0) {
		printf("fork: %s\n", errno_name(errno));
		exit(1);
	}
	return p;
}

static void jobs(void)
{
	pid_t me = getpid(), p;
	int v, status;
	char c;

	p = fork_or_die();
	if (!p)
		background_child();
	waitpid(p, &status, 0);
	printf("foreground group is mine: %s\n", yes_no(tcgetpgrp(0) == me));

	/* Another group of the session in the foreground. */
	p = fork_or_die();
	if (!p) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(p, p);
	report("TIOCSPGRP to a child's group", tcsetpgrp(0, p));
	printf("the foreground group is the child's: %s\n", yes_no(tcgetpgrp(0) == p));
	/* This group has no parent in the session: orphaned, it cannot be stopped. */
	catch(SIGTTIN);
	printf("background read of an orphaned group: %s\n",
	       read(0, &c, 1) < 0 ? errno_name(errno) : "data");
	report("TIOCSPGRP back from the background", tcsetpgrp(0, me));
	signal(SIGTTOU, SIG_IGN);
	report("TIOCSPGRP back ignoring SIGTTOU", tcsetpgrp(0, me));
	signal(SIGTTOU, SIG_DFL);
	kill(p, SIGKILL);
	waitpid(p, &status, 0);

	/* A new session has no controlling tty and cannot take this one. */
	p = fork_or_die();
	if (!p) {
		report("setsid", setsid());
		report("TIOCGPGRP in a new session", ioctl(0, TIOCGPGRP, &v));
		report("TIOCSCTTY of another session's tty", ioctl(0, TIOCSCTTY, 0));
		_exit(0);
	}
	waitpid(p, &status, 0);
	p = fork_or_die();
	if (!p) {
		setsid();
		for (;;)
			pause();
	}
	usleep(100 * 1000);
	report("TIOCSPGRP to another session's group", tcsetpgrp(0, p));
	kill(p, SIGKILL);
	waitpid(p, &status, 0);
	printf("done\n");
}

static void leader(void)
{
	struct pollfd pfd;
	int pipefd[2], status;
	pid_t p, g;
	char c;

	signal(SIGHUP, SIG_IGN); /* giving the tty up hangs up our own foreground group */
	report("TIOCNOTTY", ioctl(0, TIOCNOTTY));
	if (pipe(pipefd) < 0)
		return;
	p = fork_or_die();
	if (!p) {
		setsid();
		report("a new session leader takes the tty", ioctl(0, TIOCSCTTY, 0));
		g = fork_or_die();
		if (!g) {
			catch(SIGHUP);
			if (write(pipefd[1], "r", 1) != 1)
				_exit(1);
			for (int i = 0; i < 50 && !got_signal; i++)
				usleep(100 * 1000);
			_exit(got_signal && write(pipefd[1], "h", 1) == 1 ? 0 : 1);
		}
		if (read(pipefd[0], &c, 1) != 1)
			_exit(1);
		_exit(0); /* the session leader goes; its foreground group stays */
	}
	waitpid(p, &status, 0);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	printf("the foreground group got SIGHUP: %s\n",
	       yes_no(poll(&pfd, 1, 5000) == 1 && read(pipefd[0], &c, 1) == 1 && c == 'h'));
	report("TIOCSCTTY once the leader is gone", ioctl(0, TIOCSCTTY, 0));
	printf("done\n");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!*mode) {
		not_a_tty();
		return 0;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	if (!strcmp(mode, "info"))
		info();
	else if (!strcmp(mode, "sigint"))
		sigint();
	else if (!strcmp(mode, "winch"))
		winch();
	else if (!strcmp(mode, "raw"))
		raw();
	else if (!strcmp(mode, "jobs"))
		jobs();
	else if (!strcmp(mode, "leader"))
		leader();
	else
		return 2;
	return 0;
}
