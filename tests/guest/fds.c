/*
 * fds: the file descriptor table. New descriptors take the lowest free
 * number; dup, dup2, dup3 and F_DUPFD share the open file (its offset) but
 * not the close-on-exec flag; fcntl reads and sets both kinds of flags;
 * RLIMIT_NOFILE caps the table; and the errors of each call. (Pipes come
 * with their own test, with the pipe issue.)
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest.h"

#define LINES "/tests/data/lines.txt"

static int is_cloexec(int fd)
{
	return (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
}

static void test_numbering(void)
{
	int a = open(LINES, O_RDONLY);
	int b = open(LINES, O_RDONLY);
	int c;

	printf("two opens take consecutive numbers: %s\n", yes_no(b == a + 1));
	close(a);
	c = open(LINES, O_RDONLY);
	printf("the lowest free number is reused: %s\n", yes_no(c == a));
	close(b);
	close(c);
}

static void test_dup(void)
{
	int fd = open(LINES, O_RDONLY | O_CLOEXEC);
	int d = dup(fd);
	int other = open(LINES, O_RDONLY);

	printf("O_CLOEXEC sets FD_CLOEXEC: %s\n", yes_no(is_cloexec(fd)));
	printf("dup takes the lowest free number: %s\n", yes_no(d == fd + 1));
	printf("dup clears FD_CLOEXEC: %s\n", yes_no(!is_cloexec(d)));
	lseek(fd, 100, SEEK_SET);
	printf("dup shares the offset: %s\n", yes_no(lseek(d, 0, SEEK_CUR) == 100));

	printf("dup2 onto 50: %d\n", dup2(fd, 50));
	printf("dup2 onto itself: %s\n", yes_no(dup2(fd, fd) == fd));
	printf("dup2 onto an open fd: %s\n", yes_no(dup2(fd, other) == other));
	printf("it now shares the offset: %s\n", yes_no(lseek(other, 0, SEEK_CUR) == 100));
	printf("dup3 O_CLOEXEC onto 51: %d, FD_CLOEXEC: %s\n", dup3(fd, 51, O_CLOEXEC),
	       yes_no(is_cloexec(51)));
	report("dup3 onto itself", dup3(fd, fd, 0));
	/* Raw: musl's dup3() falls back to dup2 when O_CLOEXEC is not asked for. */
	report("dup3 bad flags", syscall(SYS_dup3, fd, 52, 0x1234));
	printf("F_DUPFD from 60: %d\n", fcntl(fd, F_DUPFD, 60));
	printf("F_DUPFD from 60 again: %d\n", fcntl(fd, F_DUPFD, 60));
	printf("F_DUPFD_CLOEXEC from 70: %d, FD_CLOEXEC: %s\n", fcntl(fd, F_DUPFD_CLOEXEC, 70),
	       yes_no(is_cloexec(70)));
	for (int n = 50; n <= 70; n++)
		close(n);
	close(other);
	close(d);
	close(fd);
}

static void test_fcntl(void)
{
	int fd = open(LINES, O_RDONLY);

	report("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
	printf("F_GETFD reads it back: %s\n", yes_no(is_cloexec(fd)));
	fcntl(fd, F_SETFD, 0);
	printf("and clears it: %s\n", yes_no(!is_cloexec(fd)));
	printf("F_GETFL access mode is O_RDONLY: %s\n",
	       yes_no((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY));
	report("F_SETFL O_NONBLOCK", fcntl(fd, F_SETFL, O_NONBLOCK));
	printf("F_GETFL shows O_NONBLOCK: %s\n", yes_no(fcntl(fd, F_GETFL) & O_NONBLOCK));
	report("fcntl bad command", fcntl(fd, 12345));
	close(fd);
}

static void test_errors(void)
{
	int fd = open(LINES, O_RDONLY);

	report("dup(-1)", dup(-1));
	report("dup2(-1, 5)", dup2(-1, 5));
	report("dup2(fd, -1)", dup2(fd, -1));
	report("fcntl(-1, F_GETFD)", fcntl(-1, F_GETFD));
	report("F_DUPFD past RLIMIT_NOFILE", fcntl(fd, F_DUPFD, 1 << 30));
	close(fd);
}

static void test_nofile_limit(void)
{
	struct rlimit old, lim;
	int last = -1, fd;

	getrlimit(RLIMIT_NOFILE, &old);
	lim = old;
	lim.rlim_cur = 20;
	setrlimit(RLIMIT_NOFILE, &lim);
	while ((fd = dup(0 <= last ? last : 1)) >= 0)
		last = fd;
	printf("dup stops below RLIMIT_NOFILE = 20: %s\n", yes_no(last == 19));
	printf("with: %s\n", errno_name(errno));
	for (int n = 3; n < 20; n++)
		close(n);
	setrlimit(RLIMIT_NOFILE, &old);
}

int main(void)
{
	test_numbering();
	test_dup();
	test_fcntl();
	test_errors();
	test_nofile_limit();
	return 0;
}
