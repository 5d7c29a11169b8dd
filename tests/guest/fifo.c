/*
 * fifo: a named pipe, /tests/data/fifo (tests/Makefile makes it), opened by
 * one process: O_RDONLY|O_NONBLOCK opens at once and reads end of file,
 * O_WRONLY|O_NONBLOCK fails with ENXIO until there is a reader, O_RDWR never
 * waits, data goes from one open to another, POLLHUP comes only after a
 * writer has come and gone, the data dies with the last open, and a FIFO is
 * a pipe to fstat, lseek and F_GETPIPE_SZ.
 *
 * With the argument "blocking" it checks the opens that wait for the other
 * side, which need a second process (tests/e2e/pipes.list).
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define FIFO "/tests/data/fifo"

static void show_poll(const char *what, int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };

	poll(&p, 1, 0);
	printf("%s:%s%s%s%s%s\n", what, p.revents ? "" : " none", p.revents & POLLIN ? " IN" : "",
	       p.revents & POLLOUT ? " OUT" : "", p.revents & POLLHUP ? " HUP" : "",
	       p.revents & POLLERR ? " ERR" : "");
}

static int nread(int fd)
{
	int n = -1;

	return ioctl(fd, FIONREAD, &n) < 0 ? -errno : n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* Opens that wait: each side is let through by the other's open. */
static int blocking(void)
{
	struct sigaction sa = { 0 };
	char buf[16];
	pid_t pid;
	int fd, st;
	long n;

	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		fd = open(FIFO, O_WRONLY);
		write(fd, "from the child", 14);
		_exit(0);
	}
	fd = open(FIFO, O_RDONLY);
	printf("O_RDONLY open waited for a writer: %s\n", yes_no(fd >= 0));
	n = read(fd, buf, sizeof(buf));
	printf("read: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	waitpid(pid, &st, 0);
	printf("then end of file: %ld\n", (long)read(fd, buf, sizeof(buf)));
	close(fd);

	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		fd = open(FIFO, O_RDONLY);
		n = read(fd, buf, sizeof(buf));
		_exit(n == 5 && !memcmp(buf, "hello", 5) ? 0 : 1);
	}
	fd = open(FIFO, O_WRONLY);
	printf("O_WRONLY open waited for a reader: %s\n", yes_no(fd >= 0));
	printf("write: %ld\n", (long)write(fd, "hello", 5));
	waitpid(pid, &st, 0);
	printf("the reader got it: %s\n", yes_no(WIFEXITED(st) && WEXITSTATUS(st) == 0));
	close(fd);

	/* A signal ends the wait: EINTR without SA_RESTART. The child signals
	 * until it is killed, in case the first signal comes before the open. */
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		for (;;) {
			sleep_ms(100);
			kill(getppid(), SIGUSR1);
		}
	}
	report("O_RDONLY open interrupted", open(FIFO, O_RDONLY));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	fd = open(FIFO, O_WRONLY | O_NONBLOCK);
	report("and no reader was left behind: O_WRONLY|O_NONBLOCK", fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct stat st, fst;
	int r, w, rw, r2;
	char buf[16];
	long n;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "blocking"))
		return blocking();

	report("stat", stat(FIFO, &st));
	printf("S_ISFIFO: %s, mode %o, size %ld\n", yes_no(S_ISFIFO(st.st_mode)),
	       (unsigned int)(st.st_mode & 07777), (long)st.st_size);

	report("O_WRONLY|O_NONBLOCK without a reader", open(FIFO, O_WRONLY | O_NONBLOCK));
	r = open(FIFO, O_RDONLY | O_NONBLOCK);
	report("O_RDONLY|O_NONBLOCK", r);
	show_poll("no writer yet", r);
	printf("read with no writer: %ld\n", (long)read(r, buf, sizeof(buf)));

	w = open(FIFO, O_WRONLY | O_NONBLOCK);
	report("O_WRONLY|O_NONBLOCK with a reader", w);
	show_poll("a writer, read end", r);
	show_poll("a writer, write end", w);
	report("read with a writer and no data", read(r, buf, sizeof(buf)));
	printf("write: %ld\n", (long)write(w, "hello", 5));
	show_poll("data, read end", r);
	n = read(r, buf, sizeof(buf));
	printf("read: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);

	report("fstat", fstat(r, &fst));
	printf("the same inode as the path: %s, S_ISFIFO %s\n",
	       yes_no(fst.st_ino == st.st_ino && fst.st_dev == st.st_dev),
	       yes_no(S_ISFIFO(fst.st_mode)));
	printf("F_GETPIPE_SZ: %d\n", fcntl(r, F_GETPIPE_SZ));
	report("lseek", lseek(r, 0, SEEK_SET));

	close(w);
	show_poll("the writer gone, read end", r);
	printf("read: %ld\n", (long)read(r, buf, sizeof(buf)));

	/* O_RDWR never waits; a blocking O_RDONLY open with a writer does not either. */
	rw = open(FIFO, O_RDWR);
	report("O_RDWR", rw);
	show_poll("O_RDWR", rw);
	r2 = open(FIFO, O_RDONLY);
	report("blocking O_RDONLY with a writer", r2);
	printf("write: %ld\n", (long)write(rw, "abc", 3));
	printf("FIONREAD on the other reader: %d\n", nread(r2));
	n = read(r, buf, sizeof(buf));
	printf("the first reader reads: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	write(rw, "left", 4);
	close(r);
	close(r2);
	close(rw);
	rw = open(FIFO, O_RDWR);
	printf("after every open closed, the data is gone: FIONREAD %d\n", nread(rw));
	close(rw);
	return 0;
}
