/*
 * restart: what a signal does to a blocking system call. Without
 * SA_RESTART a handled signal makes read (and wait4) fail with EINTR; with
 * SA_RESTART the call goes on as if nothing happened and completes when its
 * data arrives; the calls Linux never restarts (nanosleep, poll, select,
 * pause) fail with EINTR either way, nanosleep reporting the time left;
 * and a stop and continue, which runs no handler, restarts the call even
 * without SA_RESTART.
 *
 * To be sure the signal lands while the call blocks, the data the call
 * waits for is sent only after the handler has run: the handler writes to a
 * pipe a helper child waits on. Durations are checked loosely, as yes/no.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

static volatile sig_atomic_t alarms;
static int notify_fd = -1;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
	if (notify_fd >= 0)
		write(notify_fd, "a", 1);
}

static void catch_alarm(int flags)
{
	struct sigaction sa = { .sa_handler = on_alarm, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarms = 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SIGALRM once, after MS milliseconds. */
static void alarm_ms(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, ms % 1000 * 1000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

/*
 * A helper child that waits until the parent's SIGALRM handler has run (it
 * writes to the pipe NOTIFY), then writes "data" to OUT, or just exits if
 * OUT is -1. The parent's handler is armed by setting notify_fd.
 */
static pid_t after_the_signal(int notify[2], int out)
{
	pid_t pid = guest_fork();
	char c;

	if (pid == 0) {
		close(notify[1]);
		if (read(notify[0], &c, 1) == 1 && out >= 0)
			write(out, "data", 4);
		_exit(0);
	}
	close(notify[0]);
	notify_fd = notify[1];
	return pid;
}

static void done_with(pid_t helper)
{
	close(notify_fd);
	notify_fd = -1;
	wait_for(helper);
}

static void test_read(void)
{
	int p[2], n[2];
	char buf[8] = "";
	double t0;
	ssize_t r;
	pid_t helper;

	/* No SA_RESTART: alarm(1) ends the read with EINTR. */
	catch_alarm(0);
	pipe(p);
	t0 = now();
	alarm(1);
	r = read(p[0], buf, sizeof(buf));
	printf("read on an empty pipe, SIGALRM from alarm(1), no SA_RESTART: %s, handler ran: %s\n",
	       r < 0 ? errno_name(errno) : "returned", yes_no(alarms == 1));
	printf("after about a second: %s\n", yes_no(now() - t0 > 0.9 && now() - t0 < 10));

	/* SA_RESTART: the read goes on and gets the data written after. */
	catch_alarm(SA_RESTART);
	pipe(n);
	helper = after_the_signal(n, p[1]);
	t0 = now();
	alarm(1);
	r = read(p[0], buf, sizeof(buf));
	printf("the same with SA_RESTART: read returns %d bytes \"%.*s\", handler ran: %s, after "
	       "about a second: %s\n",
	       (int)r, r > 0 ? (int)r : 0, buf, yes_no(alarms == 1),
	       yes_no(now() - t0 > 0.9 && now() - t0 < 10));
	done_with(helper);
	close(p[0]);
	close(p[1]);
}

static void test_wait(void)
{
	int n[2], status;
	pid_t helper, r;

	for (int restart = 0; restart <= 1; restart++) {
		catch_alarm(restart ? SA_RESTART : 0);
		pipe(n);
		helper = after_the_signal(n, -1);
		alarm_ms(200);
		r = waitpid(helper, &status, 0);
		printf("waitpid for a child that exits after the signal, %s: %s\n",
		       restart ? "SA_RESTART" : "no SA_RESTART",
		       r == helper ? "returns the child" : errno_name(errno));
		done_with(helper);
	}
}

/* Calls that fail with EINTR whatever SA_RESTART says. */
static void test_never_restarted(void)
{
	struct timespec req = { 2, 0 }, rem = { 0, 0 };
	struct pollfd pfd;
	fd_set rfds;
	struct timeval tv = { 5, 0 };
	double left;
	int p[2], r;

	catch_alarm(SA_RESTART);
	alarm_ms(500);
	r = nanosleep(&req, &rem);
	left = rem.tv_sec + rem.tv_nsec / 1e9;
	printf("nanosleep 2 s, SIGALRM after 0.5 s, SA_RESTART: %s, handler ran: %s\n",
	       r < 0 ? errno_name(errno) : "returned", yes_no(alarms == 1));
	printf("the time left is about 1.5 s (1.0 to 1.55): %s\n",
	       yes_no(left > 1.0 && left < 1.55));

	alarm_ms(500);
	memset(&rem, 0, sizeof(rem));
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
	left = rem.tv_sec + rem.tv_nsec / 1e9;
	printf("clock_nanosleep relative: %s, the time left is about 1.5 s: %s\n", errno_name(r),
	       yes_no(left > 1.0 && left < 1.55));

	{
		struct timespec deadline;

		clock_gettime(CLOCK_MONOTONIC, &deadline);
		deadline.tv_sec += 2;
		rem.tv_sec = 42;
		alarm_ms(200);
		r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, &rem);
		printf("clock_nanosleep TIMER_ABSTIME: %s, the remaining time is left alone: %s\n",
		       errno_name(r), yes_no(rem.tv_sec == 42));
	}

	pipe(p);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	alarm_ms(200);
	r = poll(&pfd, 1, 5000);
	printf("poll, SA_RESTART: %s\n", r < 0 ? errno_name(errno) : "returned");
	FD_ZERO(&rfds);
	FD_SET(p[0], &rfds);
	alarm_ms(200);
	r = select(p[0] + 1, &rfds, NULL, NULL, &tv);
	printf("select, SA_RESTART: %s\n", r < 0 ? errno_name(errno) : "returned");
	alarm_ms(200);
	r = pause();
	printf("pause, SA_RESTART: %s\n", r < 0 ? errno_name(errno) : "returned");
	close(p[0]);
	close(p[1]);
}

/* A stop and a continue run no handler: the read is restarted even
 * without SA_RESTART, and gets its data. */
static void test_stop_continue(void)
{
	int p[2], status;
	pid_t c;

	pipe(p);
	c = guest_fork();
	if (c == 0) {
		char buf[8];
		ssize_t r;

		close(p[1]);
		r = read(p[0], buf, sizeof(buf));
		_exit(r == 4 ? 0 : r < 0 && errno == EINTR ? 2 : 1);
	}
	close(p[0]);
	{
		struct timespec ms = { 0, 100 * 1000000 };

		nanosleep(&ms, NULL); /* likely in read by now; fine if not */
	}
	kill(c, SIGSTOP);
	waitpid(c, &status, WUNTRACED);
	kill(c, SIGCONT);
	waitpid(c, &status, WCONTINUED);
	write(p[1], "data", 4);
	status = wait_for(c);
	printf("a read stopped and continued: %s\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0   ? "gets its data"
	       : WIFEXITED(status) && WEXITSTATUS(status) == 2 ? "EINTR"
							       : status_string(status));
	close(p[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_read();
	test_wait();
	test_never_restarted();
	test_stop_continue();
	return 0;
}
