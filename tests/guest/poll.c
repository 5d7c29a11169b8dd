/*
 * poll: poll, ppoll and select on what a program has before pipes: regular
 * files (always ready), standard input at end of file (the runner gives
 * /dev/null), bad descriptors, and timeouts with nothing to wait for.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

int main(void)
{
	int fd = open("/tests/data/lines.txt", O_RDONLY);
	struct pollfd p[3] = { { fd, POLLIN | POLLOUT, 0 }, { 0, POLLIN, 0 }, { 999, POLLIN, 0 } };
	struct timespec t0, ts = { 0, 100 * 1000 * 1000 };
	struct timeval tv = { 0, 0 };
	fd_set rd, wr;
	int r;

	r = poll(p, 3, 1000);
	printf("poll: %d\n", r);
	printf("file: POLLIN %s POLLOUT %s\n", yes_no(p[0].revents & POLLIN),
	       yes_no(p[0].revents & POLLOUT));
	printf("stdin at EOF is readable: %s\n", yes_no(p[1].revents & (POLLIN | POLLHUP)));
	printf("bad fd: POLLNVAL %s\n", yes_no(p[2].revents & POLLNVAL));

	p[0].fd = -1;
	r = poll(p, 1, 0);
	printf("negative fd ignored: %d revents %d\n", r, p[0].revents);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = poll(NULL, 0, 100);
	printf("poll(nothing, 100 ms): %d, waited: %s\n", r, yes_no(ms_since(&t0) >= 95));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = ppoll(NULL, 0, &ts, NULL);
	printf("ppoll(nothing, 100 ms): %d, waited: %s\n", r, yes_no(ms_since(&t0) >= 95));
	ts.tv_nsec = 2000000000L;
	report("ppoll bad timeout", syscall(SYS_ppoll, NULL, 0, &ts, NULL, 8));
	report("poll(bad pointer)", poll(BAD_PTR, 1, 0));

	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fd, &rd);
	FD_SET(fd, &wr);
	r = select(fd + 1, &rd, &wr, NULL, &tv);
	printf("select: %d, read %s write %s\n", r, yes_no(FD_ISSET(fd, &rd)),
	       yes_no(FD_ISSET(fd, &wr)));
	FD_ZERO(&rd);
	FD_SET(900, &rd);
	report("select on a closed fd", select(901, &rd, NULL, NULL, &tv));
	report("select(-1)", select(-1, NULL, NULL, NULL, &tv));
	tv.tv_usec = 50000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = select(0, NULL, NULL, NULL, &tv);
	printf("select(nothing, 50 ms): %d, waited: %s\n", r, yes_no(ms_since(&t0) >= 45));
	return 0;
}
