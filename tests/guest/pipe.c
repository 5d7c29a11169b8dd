/*
 * pipe: anonymous pipes in one process. pipe and pipe2 (flags, errors, the
 * descriptors they take), reading and writing (partial reads, readv and
 * writev, faults), O_NONBLOCK (EAGAIN on an empty and on a full pipe,
 * exactly 65536 bytes fit, small writes are atomic, large ones partial),
 * how writes are cut into pages as Linux cuts them, F_GETPIPE_SZ and
 * F_SETPIPE_SZ, FIONREAD, poll and select states, end of file, EPIPE with
 * SIGPIPE ignored, caught and blocked, fstat, dup, and packet mode
 * (O_DIRECT).
 *
 * With an argument it runs one of the tests that need more processes (see
 * tests/e2e/pipes.list) or, with "limits", what only umk can show
 * (tests/e2e/pipe-limits.expected): pipe sizes beyond pipe-max-size; with
 * "block-read", "block-write" or "block-poll" it sleeps for ever in a pipe
 * (tests/host/sigterm-in-pipe-wait.sh).
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define PAGE 4096
static char big[1 << 21];
static char buf[1 << 21];

static int nread(int fd)
{
	int n = -1;

	if (ioctl(fd, FIONREAD, &n) < 0)
		return -errno;
	return n;
}

/* Reads everything there is from a non-blocking or closed pipe; returns the count. */
static long drain(int fd)
{
	long total = 0, n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	return total;
}

static void show_events(const char *what, short ev)
{
	static const struct {
		short bit;
		const char *name;
	} names[] = { { POLLIN, "IN" },	    { POLLRDNORM, "RDNORM" }, { POLLOUT, "OUT" },
		      { POLLWRNORM, "WRNORM" }, { POLLERR, "ERR" },	      { POLLHUP, "HUP" },
		      { POLLNVAL, "NVAL" },	    { POLLPRI, "PRI" } };

	printf("%s:", what);
	if (!ev)
		printf(" none");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ev & names[i].bit)
			printf(" %s", names[i].name);
	printf("\n");
}

static void show_poll(const char *what, int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM, 0 };
	int r = poll(&p, 1, 0);

	if (r < 0)
		printf("%s: poll %s\n", what, errno_name(errno));
	else
		show_events(what, p.revents);
}

static void test_create(void)
{
	int p[2], q[2], fd;

	report("pipe", pipe(p));
	printf("fds: %d %d\n", p[0], p[1]);
	printf("read end F_GETFL: %#x\n", fcntl(p[0], F_GETFL));
	printf("write end F_GETFL: %#x\n", fcntl(p[1], F_GETFL));
	printf("FD_CLOEXEC: %d %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
	close(p[0]);
	close(p[1]);

	report("raw pipe", syscall(SYS_pipe, p));
	printf("fds: %d %d\n", p[0], p[1]);
	close(p[0]);
	close(p[1]);

	report("pipe2 O_CLOEXEC", pipe2(p, O_CLOEXEC));
	printf("FD_CLOEXEC: %d %d\n", fcntl(p[0], F_GETFD), fcntl(p[1], F_GETFD));
	close(p[0]);
	close(p[1]);
	report("pipe2 O_NONBLOCK", pipe2(p, O_NONBLOCK));
	printf("F_GETFL: %#x %#x\n", fcntl(p[0], F_GETFL), fcntl(p[1], F_GETFL));
	close(p[0]);
	close(p[1]);
	report("pipe2 O_DIRECT", pipe2(p, O_DIRECT));
	printf("F_GETFL: %#x %#x\n", fcntl(p[0], F_GETFL), fcntl(p[1], F_GETFL));
	close(p[0]);
	close(p[1]);
	report("pipe2 all three flags", pipe2(p, O_CLOEXEC | O_NONBLOCK | O_DIRECT));
	close(p[0]);
	close(p[1]);

	report("pipe2 O_APPEND", pipe2(p, O_APPEND));
	report("pipe2 O_RDWR", pipe2(p, O_RDWR));
	report("pipe2 0x1", syscall(SYS_pipe2, p, 1));
	report("pipe2 bad pointer", syscall(SYS_pipe2, BAD_PTR, 0));
	report("pipe bad pointer", syscall(SYS_pipe, BAD_PTR));
	fd = dup(0);
	printf("nothing left open after EFAULT: %s\n", yes_no(fd == 3));
	close(fd);

	/* Creating and closing many pipes leaves nothing behind. */
	for (int i = 0; i < 2000; i++) {
		if (pipe(q) < 0) {
			printf("pipe %d: %s\n", i, errno_name(errno));
			break;
		}
		close(q[0]);
		close(q[1]);
	}
	fd = dup(0);
	printf("2000 pipes later the lowest fd is 3: %s\n", yes_no(fd == 3));
	close(fd);
}

static void test_read_write(void)
{
	int p[2];
	char a[4], b[10];
	struct iovec out[3] = { { "ab", 2 }, { "cde", 3 }, { "f", 1 } };
	struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct iovec half_bad[2] = { { a, 2 }, { BAD_PTR, 10 } };
	long n;

	pipe(p);
	printf("write 5: %ld\n", (long)write(p[1], "hello", 5));
	printf("FIONREAD: %d\n", nread(p[0]));
	n = read(p[0], buf, 100);
	printf("read 100: %ld '%.*s'\n", n, (int)n, buf);
	printf("FIONREAD: %d\n", nread(p[0]));

	write(p[1], "0123456789", 10);
	n = read(p[0], buf, 4);
	printf("partial read: %ld '%.*s', %d left\n", n, (int)n, buf, nread(p[0]));
	n = read(p[0], buf, 100);
	printf("rest: %ld '%.*s'\n", n, (int)n, buf);

	printf("writev: %ld\n", (long)writev(p[1], out, 3));
	n = readv(p[0], in, 2);
	printf("readv: %ld '%.4s' '%.2s'\n", n, a, b);

	printf("write 0 bytes: %ld\n", (long)write(p[1], "", 0));
	printf("read 0 bytes: %ld\n", (long)read(p[0], buf, 0));
	report("read from the write end", read(p[1], buf, 1));
	report("write to the read end", write(p[0], "x", 1));
	report("lseek", lseek(p[0], 0, SEEK_CUR));
	report("pread", pread(p[0], buf, 1, 0));
	report("pwrite", pwrite(p[1], "x", 1, 0));

	write(p[1], "abcdef", 6);
	report("read into a bad buffer", read(p[0], BAD_PTR, 6));
	printf("the data stays: %d\n", nread(p[0]));
	report("readv half into a bad buffer", readv(p[0], half_bad, 2));
	printf("the data stays: %d\n", nread(p[0]));
	report("write from a bad buffer", write(p[1], BAD_PTR, 6));
	printf("nothing was added: %d\n", nread(p[0]));
	report("FIONREAD to a bad pointer", ioctl(p[0], FIONREAD, BAD_PTR));
	report("unknown ioctl", ioctl(p[0], 0x5401 /* TCGETS */, buf));
	n = read(p[0], buf, 100);
	printf("read: %ld '%.*s'\n", n, (int)n, buf);
	close(p[0]);
	close(p[1]);
}

static void test_nonblocking(void)
{
	int p[2];
	long total = 0, n;

	pipe2(p, O_NONBLOCK);
	report("read from an empty pipe", read(p[0], buf, 1));
	while ((n = write(p[1], big, PAGE)) > 0)
		total += n;
	printf("filled with 4096-byte writes: %ld, then %s\n", total, errno_name(errno));
	printf("FIONREAD: %d\n", nread(p[0]));
	report("one more byte", write(p[1], "x", 1));
	printf("one read takes it all: %ld\n", (long)read(p[0], buf, sizeof(buf)));
	report("then", read(p[0], buf, 1));

	printf("a 100000-byte write into an empty pipe: %ld\n", (long)write(p[1], big, 100000));
	printf("drained: %ld\n", drain(p[0]));

	/* Each page takes four 1000-byte writes; the fifth needs a new page. */
	total = 0;
	while ((n = write(p[1], big, 1000)) > 0)
		total += n;
	printf("filled with 1000-byte writes: %ld, then %s\n", total, errno_name(errno));
	printf("a 96-byte write still fits the last page: %ld\n", (long)write(p[1], big, 96));
	report("then one byte", write(p[1], "x", 1));
	printf("drained: %ld\n", drain(p[0]));

	/* 15 full pages and 100 bytes: 3996 bytes of room, all in the last page. */
	printf("15 pages and 100 bytes: %ld\n", (long)write(p[1], big, 15 * PAGE + 100));
	report("an atomic write of 4000 bytes", write(p[1], big, 4000));
	printf("an atomic write of 3996 bytes: %ld\n", (long)write(p[1], big, 3996));
	report("a write of 4097 bytes", write(p[1], big, 4097));
	printf("drained: %ld\n", drain(p[0]));

	/* A large write takes what fits, page by page. */
	printf("15 pages: %ld\n", (long)write(p[1], big, 15 * PAGE));
	printf("a 10000-byte write: %ld\n", (long)write(p[1], big, 10000));
	printf("drained: %ld\n", drain(p[0]));

	/* Reading part of a page does not make room: the page is still in use. */
	write(p[1], big, 16 * PAGE);
	read(p[0], buf, 100);
	report("after reading 100 bytes of a full pipe", write(p[1], big, 1));
	read(p[0], buf, PAGE - 100);
	printf("after reading the first page: %ld\n", (long)write(p[1], big, 2 * PAGE));
	printf("drained: %ld\n", drain(p[0]));

	/* O_NONBLOCK can be cleared and set again (F_SETFL, FIONBIO). */
	fcntl(p[0], F_SETFL, 0);
	printf("read end F_GETFL: %#x\n", fcntl(p[0], F_GETFL));
	n = 1;
	ioctl(p[0], FIONBIO, &n);
	printf("after FIONBIO: %#x\n", fcntl(p[0], F_GETFL));
	report("read", read(p[0], buf, 1));
	close(p[0]);
	close(p[1]);
}

static void test_sizes(void)
{
	int p[2], fd;
	long n;

	pipe2(p, O_NONBLOCK);
	printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	printf("of the write end: %d\n", fcntl(p[1], F_GETPIPE_SZ));
	printf("F_SETPIPE_SZ 0: %d\n", fcntl(p[1], F_SETPIPE_SZ, 0));
	printf("F_GETPIPE_SZ: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	printf("one page holds: %ld\n", (long)write(p[1], big, 3 * PAGE));
	printf("drained: %ld\n", drain(p[0]));
	printf("F_SETPIPE_SZ 5000: %d\n", fcntl(p[0], F_SETPIPE_SZ, 5000));
	printf("F_SETPIPE_SZ 65537: %d\n", fcntl(p[0], F_SETPIPE_SZ, 65537));
	printf("F_SETPIPE_SZ 1 MiB: %d\n", fcntl(p[0], F_SETPIPE_SZ, 1 << 20));
	printf("it holds: %ld\n", (long)write(p[1], big, sizeof(big)));
	printf("drained: %ld\n", drain(p[0]));
	report("F_SETPIPE_SZ 2^31 + 1", syscall(SYS_fcntl, p[0], F_SETPIPE_SZ, 0x80000001UL));
	/* Linux takes the size as an unsigned int: the high bits are dropped. */
	printf("F_SETPIPE_SZ 2^32 + 4096: %ld\n",
	       syscall(SYS_fcntl, p[0], F_SETPIPE_SZ, 0x100001000UL));

	fcntl(p[0], F_SETPIPE_SZ, 65536);
	write(p[1], big, 3 * PAGE);
	report("shrinking below 3 pages in use to 1", fcntl(p[0], F_SETPIPE_SZ, PAGE));
	report("to 2", fcntl(p[0], F_SETPIPE_SZ, 2 * PAGE));
	printf("to 4: %d\n", fcntl(p[0], F_SETPIPE_SZ, 4 * PAGE));
	n = read(p[0], buf, sizeof(buf));
	printf("the data survives: %ld, %s\n", n, yes_no(n == 3 * PAGE && !memcmp(buf, big, n)));
	/* Pages, not bytes, count: 3 writes of 1 byte in packet mode take 3 pages. */
	fcntl(p[1], F_SETFL, O_NONBLOCK | O_DIRECT);
	write(p[1], "a", 1);
	write(p[1], "b", 1);
	write(p[1], "c", 1);
	report("3 packets of 1 byte, shrinking to 2 pages", fcntl(p[0], F_SETPIPE_SZ, 2 * PAGE));
	printf("drained: %ld\n", drain(p[0]));
	close(p[0]);
	close(p[1]);

	fd = open("/tests/data/lines.txt", O_RDONLY);
	report("F_GETPIPE_SZ on a file", fcntl(fd, F_GETPIPE_SZ));
	report("F_SETPIPE_SZ on a file", fcntl(fd, F_SETPIPE_SZ, PAGE));
	close(fd);
}

static void test_poll(void)
{
	int p[2], r;
	fd_set rd, wr;
	struct timeval tv = { 0, 0 };

	pipe2(p, O_NONBLOCK);
	show_poll("empty, read end", p[0]);
	{
		struct pollfd pf = { p[0], POLLIN, 0 };
		struct timespec t0, t1;
		long ms;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		r = poll(&pf, 1, 50);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		printf("poll for input, 50 ms: %d, waited %s\n", r, yes_no(ms >= 45));
	}
	show_poll("empty, write end", p[1]);
	write(p[1], "x", 1);
	show_poll("with data, read end", p[0]);
	show_poll("with data, write end", p[1]);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &rd);
	FD_SET(p[0], &wr);
	FD_SET(p[1], &wr);
	r = select(p[1] + 1, &rd, &wr, NULL, &tv);
	printf("select: %d, read end readable %s, write end readable %s, read end writable %s, "
	       "write end writable %s\n",
	       r, yes_no(FD_ISSET(p[0], &rd)), yes_no(FD_ISSET(p[1], &rd)),
	       yes_no(FD_ISSET(p[0], &wr)), yes_no(FD_ISSET(p[1], &wr)));
	write(p[1], big, sizeof(big));
	show_poll("full, write end", p[1]);
	read(p[0], buf, 100);
	show_poll("100 bytes read, write end", p[1]);
	read(p[0], buf, PAGE);
	show_poll("a page read, write end", p[1]);
	close(p[1]);
	show_poll("writer closed, data left, read end", p[0]);
	printf("drained: %ld\n", drain(p[0]));
	show_poll("writer closed, empty, read end", p[0]);
	printf("read at end of file: %ld\n", (long)read(p[0], buf, 1));
	printf("and again: %ld\n", (long)read(p[0], buf, 1));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	printf("select: %d, readable %s\n", r, yes_no(FD_ISSET(p[0], &rd)));
	close(p[0]);

	pipe(p);
	close(p[0]);
	show_poll("reader closed, write end", p[1]);
	close(p[1]);
}

static volatile sig_atomic_t got_signo, got_code, got_self, got_count;

static void on_sigpipe(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_signo = sig;
	got_code = si->si_code;
	got_self = si->si_pid == getpid();
	got_count++;
}

static void test_epipe(void)
{
	struct sigaction sa = { 0 };
	sigset_t set;
	int p[2];

	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	write(p[1], "x", 1);
	close(p[0]);
	report("write with SIGPIPE ignored", write(p[1], "y", 1));

	sa.sa_sigaction = on_sigpipe;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGPIPE, &sa, NULL);
	report("write with a handler", write(p[1], "y", 1));
	printf("handler ran: %d time(s), SIGPIPE %s, si_code SI_USER %s, si_pid is ours %s\n",
	       (int)got_count, yes_no(got_signo == SIGPIPE), yes_no(got_code == SI_USER),
	       yes_no(got_self));
	report("writev with a handler", writev(p[1], &(struct iovec){ "z", 1 }, 1));
	printf("handler ran: %d time(s)\n", (int)got_count);
	printf("a write of 0 bytes: %ld\n", (long)write(p[1], "", 0));
	printf("handler ran: %d time(s)\n", (int)got_count);

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	report("write with SIGPIPE blocked", write(p[1], "y", 1));
	sigpending(&set);
	printf("SIGPIPE pending: %s, handler ran: %d time(s)\n", yes_no(sigismember(&set, SIGPIPE)),
	       (int)got_count);
	signal(SIGPIPE, SIG_IGN); /* discards the pending one */
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	sigpending(&set);
	printf("after SIG_IGN: pending %s, handler ran: %d time(s)\n",
	       yes_no(sigismember(&set, SIGPIPE)), (int)got_count);
	close(p[1]);
}

static void test_fstat(void)
{
	int p[2], q[2];
	struct stat r, w, o;

	pipe(p);
	pipe(q);
	write(p[1], "hello", 5);
	fstat(p[0], &r);
	fstat(p[1], &w);
	fstat(q[0], &o);
	printf("S_ISFIFO: %s %s\n", yes_no(S_ISFIFO(r.st_mode)), yes_no(S_ISFIFO(w.st_mode)));
	printf("mode: %o\n", (unsigned int)(r.st_mode & 07777));
	printf("nlink %ld, size %ld, uid %d, gid %d, rdev %ld, blksize %ld, blocks %ld\n",
	       (long)r.st_nlink, (long)r.st_size, (int)r.st_uid, (int)r.st_gid, (long)r.st_rdev,
	       (long)r.st_blksize, (long)r.st_blocks);
	printf("both ends are one inode: %s\n",
	       yes_no(r.st_ino == w.st_ino && r.st_dev == w.st_dev));
	printf("another pipe: another inode %s, same device %s\n", yes_no(o.st_ino != r.st_ino),
	       yes_no(o.st_dev == r.st_dev));
	printf("times set: %s\n", yes_no(r.st_mtime > 0 && r.st_ctime > 0 && r.st_atime > 0));
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

static void test_dup(void)
{
	int p[2], d;

	pipe2(p, O_NONBLOCK);
	d = dup(p[1]);
	close(p[1]);
	show_poll("write end closed but dup'ed, read end", p[0]);
	printf("write through the dup: %ld\n", (long)write(d, "abc", 3));
	printf("read: %ld\n", (long)read(p[0], buf, 10));
	report("read with the writer still open", read(p[0], buf, 10));
	close(d);
	printf("read after the dup is closed: %ld\n", (long)read(p[0], buf, 10));

	pipe(p);
	d = fcntl(p[0], F_DUPFD_CLOEXEC, 10);
	close(p[0]);
	printf("read end closed but dup'ed: write %ld\n", (long)write(p[1], "abc", 3));
	printf("read through the dup: %ld\n", (long)read(d, buf, 10));
	close(d);
	report("and now closed", write(p[1], "abc", 3));
	close(p[1]);
}

static void test_packets(void)
{
	int p[2];
	long n;

	pipe2(p, O_DIRECT | O_NONBLOCK);
	write(p[1], "abc", 3);
	write(p[1], "defgh", 5);
	printf("FIONREAD: %d\n", nread(p[0]));
	n = read(p[0], buf, 100);
	printf("first packet: %ld '%.*s'\n", n, (int)n, buf);
	n = read(p[0], buf, 100);
	printf("second packet: %ld '%.*s'\n", n, (int)n, buf);
	write(p[1], "0123456789", 10);
	n = read(p[0], buf, 4);
	printf("short read of a packet: %ld '%.*s'\n", n, (int)n, buf);
	report("the rest is gone", read(p[0], buf, 100));
	printf("a 5000-byte packet write: %ld\n", (long)write(p[1], big, 5000));
	printf("first read: %ld\n", (long)read(p[0], buf, sizeof(buf)));
	printf("second read: %ld\n", (long)read(p[0], buf, sizeof(buf)));
	/* 16 packets fill the pipe, however small. */
	for (n = 0; write(p[1], "p", 1) == 1; n++)
		;
	printf("1-byte packets that fit: %ld, FIONREAD %d\n", n, nread(p[0]));
	printf("drained: %ld\n", drain(p[0]));
	/* Without O_DIRECT the writes merge again. */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	write(p[1], "abc", 3);
	write(p[1], "defgh", 5);
	n = read(p[0], buf, 100);
	printf("without O_DIRECT: %ld '%.*s'\n", n, (int)n, buf);
	close(p[0]);
	close(p[1]);
}

/* --- with more processes (tests/e2e/pipes.list) ----------------------------- */

static unsigned int checksum(const unsigned char *p, size_t n, unsigned int sum)
{
	while (n--)
		sum = sum * 31 + *p++;
	return sum;
}

static const char *wait_status(pid_t pid)
{
	static char s[64];
	int st;

	if (waitpid(pid, &st, 0) != pid)
		snprintf(s, sizeof(s), "waitpid %s", errno_name(errno));
	else if (WIFEXITED(st))
		snprintf(s, sizeof(s), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(s, sizeof(s), "killed by %s", WTERMSIG(st) == SIGPIPE ? "SIGPIPE" : "another");
	else
		snprintf(s, sizeof(s), "status %#x", st);
	return s;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* A child writes 1 MiB in uneven pieces; the parent reads it in others. */
static int mp_one_mib(void)
{
	int p[2];
	size_t total = 0, size = 1 << 20;
	unsigned int sum = 0;
	pid_t pid;

	for (size_t i = 0; i < size; i++)
		big[i] = (char)(i * 13 + i / 4093);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		for (size_t off = 0, k = 1; off < size; k++) {
			size_t n = (k * 7919) % 20000 + 1;
			ssize_t w;

			if (n > size - off)
				n = size - off;
			w = write(p[1], big + off, n);
			if (w != (ssize_t)n)
				_exit(1);
			off += n;
		}
		_exit(0);
	}
	close(p[1]);
	for (size_t k = 1;; k++) {
		ssize_t n = read(p[0], buf, (k * 104729) % 30000 + 1);

		if (n <= 0) {
			if (n < 0)
				printf("read: %s\n", errno_name(errno));
			break;
		}
		sum = checksum((unsigned char *)buf, (size_t)n, sum);
		total += (size_t)n;
	}
	printf("received %zu bytes, checksum %s\n", total,
	       yes_no(sum == checksum((unsigned char *)big, size, 0)));
	printf("writer: %s\n", wait_status(pid));
	close(p[0]);
	return 0;
}

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* Blocking reads, writes and polls woken by another process. */
static int mp_wake(void)
{
	struct sigaction sa = { 0 };
	struct pollfd pf;
	int p[2];
	pid_t pid;
	long n;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		write(p[1], "ping", 4);
		_exit(0);
	}
	n = read(p[0], buf, 100);
	printf("blocking read woken by a writer: %ld '%.*s'\n", n, (int)(n > 0 ? n : 0), buf);
	printf("writer: %s\n", wait_status(pid));

	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		write(p[1], "pong", 4);
		_exit(0);
	}
	pf = (struct pollfd){ p[0], POLLIN, 0 };
	printf("poll woken by a writer: %d\n", poll(&pf, 1, 5000));
	show_events("revents", pf.revents);
	read(p[0], buf, 100);
	printf("writer: %s\n", wait_status(pid));

	/* A blocked writer, woken by a reader making room. */
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		_exit(read(p[0], buf, PAGE) == PAGE ? 0 : 1);
	}
	n = write(p[1], big, 16 * PAGE);
	n += write(p[1], big, PAGE);
	printf("blocking write woken by a reader: %ld\n", n);
	printf("reader: %s\n", wait_status(pid));
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	printf("drained: %ld\n", drain(p[0]));
	fcntl(p[0], F_SETFL, 0);

	/* A blocked reader whose last writer goes away reads end of file. */
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		_exit(0);
	}
	close(p[1]); /* the child's copy is the last writer */
	printf("read once the child exits: %ld\n", (long)read(p[0], buf, 100));
	printf("child: %s\n", wait_status(pid));
	close(p[0]);

	/*
	 * A signal interrupts a blocking read: EINTR without SA_RESTART. The
	 * child signals until it is killed, in case the first signal comes
	 * before the read.
	 */
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		for (;;) {
			sleep_ms(100);
			kill(getppid(), SIGUSR1);
		}
	}
	report("read interrupted by a signal", read(p[0], buf, 100));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("handler ran: %s\n", yes_no(got_usr1 > 0));
	got_usr1 = 0;

	/* With SA_RESTART the read goes on and gets the data. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		sleep_ms(100);
		kill(getppid(), SIGUSR1);
		sleep_ms(100);
		write(p[1], "late", 4);
		_exit(0);
	}
	n = read(p[0], buf, 100);
	printf("restarted read: %ld '%.*s', handler ran: %s\n", n, (int)(n > 0 ? n : 0), buf,
	       yes_no(got_usr1 > 0));
	printf("child: %s\n", wait_status(pid));
	close(p[0]);
	close(p[1]);
	return 0;
}

/* A writer blocked on a full pipe is killed by SIGPIPE when its reader exits. */
static int mp_sigpipe(void)
{
	pid_t reader, writer;
	int p[2];

	pipe(p);
	reader = fork();
	if (reader == 0) {
		close(p[1]);
		_exit(read(p[0], buf, 1) == 1 ? 0 : 1);
	}
	writer = fork();
	if (writer == 0) {
		close(p[0]);
		for (;;)
			write(p[1], big, sizeof(big));
	}
	close(p[0]);
	close(p[1]);
	printf("reader: %s\n", wait_status(reader));
	printf("writer: %s\n", wait_status(writer));
	return 0;
}

/* --- only under umk (tests/e2e/pipe-limits.expected) ------------------------- */

/*
 * Sizes beyond pipe-max-size: root may take them, others get EPERM. Natively
 * the oracle's root is root only in a user namespace, without
 * CAP_SYS_RESOURCE, so only umk's root can show the first half.
 */
static int limits(void)
{
	int p[2];

	pipe(p);
	printf("root, 2 MiB: %d\n", fcntl(p[0], F_SETPIPE_SZ, 2 << 20));
	/* Raw: the size does not fit fcntl's int. */
	printf("root, 2^31: %ld\n", syscall(SYS_fcntl, p[0], F_SETPIPE_SZ, 1UL << 31));
	printf("back to 64 KiB: %d\n", fcntl(p[0], F_SETPIPE_SZ, 65536));
	report("setuid 1000", setuid(1000));
	report("user, 2 MiB", fcntl(p[0], F_SETPIPE_SZ, 2 << 20));
	printf("user, 1 MiB: %d\n", fcntl(p[0], F_SETPIPE_SZ, 1 << 20));
	printf("user, shrinking to 4 KiB: %d\n", fcntl(p[0], F_SETPIPE_SZ, PAGE));
	close(p[0]);
	close(p[1]);
	pipe(p);
	{
		struct stat st;

		fstat(p[0], &st);
		printf("a pipe of user 1000 is owned by %d:%d\n", (int)st.st_uid, (int)st.st_gid);
	}
	return 0;
}

/*
 * Sleeps for ever in a pipe: tests/host/sigterm-in-pipe-wait.sh stops umk
 * meanwhile, which must end the sleep.
 */
static int block(const char *how)
{
	struct pollfd pf;
	int p[2];
	long r = -1;

	pipe(p);
	printf("blocking in %s\n", how);
	if (!strcmp(how, "read")) {
		r = read(p[0], buf, 1);
	} else if (!strcmp(how, "write")) {
		r = write(p[1], big, 65536 + 1);
	} else if (!strcmp(how, "poll")) {
		pf = (struct pollfd){ p[0], POLLIN, 0 };
		r = poll(&pf, 1, -1);
	}
	printf("%s returned %ld\n", how, r);
	return 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		if (!strcmp(argv[1], "one-mib"))
			return mp_one_mib();
		if (!strcmp(argv[1], "wake"))
			return mp_wake();
		if (!strcmp(argv[1], "sigpipe"))
			return mp_sigpipe();
		if (!strcmp(argv[1], "limits"))
			return limits();
		if (!strncmp(argv[1], "block-", 6))
			return block(argv[1] + 6);
		printf("unknown test %s\n", argv[1]);
		return 2;
	}
	memset(big, 'b', sizeof(big));
	for (size_t i = 0; i < sizeof(big); i += 97)
		big[i] = (char)i;
	printf("-- create\n");
	test_create();
	printf("-- read and write\n");
	test_read_write();
	printf("-- O_NONBLOCK\n");
	test_nonblocking();
	printf("-- sizes\n");
	test_sizes();
	printf("-- poll\n");
	test_poll();
	printf("-- EPIPE\n");
	test_epipe();
	printf("-- fstat\n");
	test_fstat();
	printf("-- dup\n");
	test_dup();
	printf("-- packets\n");
	test_packets();
	return 0;
}
