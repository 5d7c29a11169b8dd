/*
 * uaccess: how system calls copy to and from guest memory, at the edges of
 * mappings and across sizes. Buffers end right before an inaccessible page,
 * straddle it, or sit in read-only memory; reads of the program's own file
 * in one call of each size must match a read in small pieces. Under umk the
 * small copies go through the stub and the large ones through
 * process_vm_readv/writev, so both paths and the switch between them meet
 * here. The file read is the glibc build of this program (the largest).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define PAGE 4096

static const char *self = "/tests/uaccess.glibc";
static unsigned char *whole; /* the file, read in small pieces */
static size_t whole_len;

/* Two pages: the first read-write, the second inaccessible. Returns the
 * first byte after the accessible one. */
static char *edge(void)
{
	char *p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED || mprotect(p + PAGE, PAGE, PROT_NONE)) {
		printf("mmap: %s\n", errno_name(errno));
		exit(1);
	}
	return p + PAGE;
}

static void read_whole(void)
{
	int fd = open(self, O_RDONLY);
	ssize_t n;

	whole = malloc(1 << 22);
	while (fd >= 0 && (n = read(fd, whole + whole_len, 512)) > 0)
		whole_len += (size_t)n;
	close(fd);
	printf("own file read in 512-byte pieces: %s\n", yes_no(whole_len > 65536));
}

static void sizes(void)
{
	static const size_t lens[] = { 1,    100,   4095,  4096,  4097,  8192,
				       12288, 16383, 16384, 16385, 20000, 65536 };
	unsigned char *buf = malloc(65536 + 64);

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		/* An odd offset too: copies need not be aligned. */
		for (int off = 0; off < 2; off++) {
			unsigned char *b = buf + off * 7;
			int fd = open(self, O_RDONLY);
			ssize_t n;

			lseek(fd, 1000, SEEK_SET);
			memset(b, 0xa5, lens[i]);
			n = read(fd, b, lens[i]);
			printf("read %zu at +%d: %s, same bytes: %s\n", lens[i], off * 7,
			       n == (ssize_t)lens[i] ? "full" : "short",
			       yes_no(n > 0 && !memcmp(b, whole + 1000, (size_t)n)));
			close(fd);
		}
	}
	free(buf);
}

/* 170 lines in one write: beyond what one copy through the stub takes. */
static void big_write(void)
{
	static char text[170 * 100];

	for (int i = 0; i < 170; i++) {
		memset(text + i * 100, '.', 99);
		memcpy(text + i * 100, "line", 4);
		text[i * 100 + 99] = '\n';
	}
	fflush(stdout);
	printf("write %zu: %zd\n", sizeof(text), write(1, text, sizeof(text)));
}

static void edges(void)
{
	char *end = edge();
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open(self, O_RDONLY);
	struct timespec *ts = (struct timespec *)(end - 8);
	struct stat *st = (struct stat *)(end - sizeof(struct stat));
	struct stat sbuf;
	ssize_t n;

	fflush(stdout);
	n = read(fd, end - 10, 10);
	printf("read 10 ending at the edge: %zd, same bytes: %s\n", n,
	       yes_no(n == 10 && !memcmp(end - 10, whole, 10)));
	n = read(fd, end - 10, 20);
	printf("read 20 across the edge: %s\n", n < 0 ? errno_name(errno) : "some");
	lseek(fd, 0, SEEK_SET);
	report("read into the inaccessible page", read(fd, end, 10));
	report("read into read-only memory", read(fd, ro, 10));
	close(fd);

	memcpy(end - 6, "edge\n", 6);
	fflush(stdout);
	printf("write ending at the edge: %zd\n", write(1, end - 6, 5));
	fflush(stdout);

	memcpy(end - 2, "/", 2);
	report("stat of a path ending at the edge", stat(end - 2, &sbuf));
	memset(end - 8, 'a', 8);
	report("open of a path running into the edge", open(end - 8, O_RDONLY));
	report("stat into a struct ending at the edge", syscall(SYS_stat, "/", st));
	report("stat into a struct across the edge", syscall(SYS_stat, "/", (char *)st + 8));
	report("clock_gettime across the edge", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts));
	report("clock_gettime ending at the edge",
	       syscall(SYS_clock_gettime, CLOCK_MONOTONIC, end - sizeof(struct timespec)));
	report("uname into read-only memory", syscall(SYS_uname, ro));
	report("getcwd of / into 2 bytes at the edge", syscall(SYS_getcwd, end - 2, 100));
	printf("getcwd wrote: %s\n", end - 2);
	report("getcwd into 1 byte at the edge", syscall(SYS_getcwd, end - 1, 100));
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	read_whole();
	sizes();
	big_write();
	edges();
	return 0;
}
