/*
 * malloc: memory, from the libc allocator down to the system calls under it.
 *
 * The allocator: many small blocks that must not overlap, a 64 MiB block
 * touched page by page, calloc's zeroes, realloc growing and shrinking. Then
 * the calls themselves: brk moved by hand (and put back before malloc could
 * notice), anonymous mmap/munmap/mprotect/mremap, MAP_FIXED inside a
 * reservation, a private mapping of the fixture /tests/data/lines.txt checked
 * byte for byte (and written to, which must not reach the file), and the
 * errors of each call.
 */
/* build: pie */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest.h"

#define PAGE 4096UL
#define NR_SMALL 20000
#define BIG (64UL << 20)
#define LINE_LEN 54
#define FILE_SIZE (LINE_LEN * 300)

static unsigned char *small[NR_SMALL];

static size_t small_size(int i)
{
	return (size_t)(i * 7919) % 200 + 1;
}

static void test_small_blocks(void)
{
	void *brk_before = sbrk(0);
	int intact = 1;

	for (int i = 0; i < NR_SMALL; i++) {
		small[i] = malloc(small_size(i));
		if (!small[i]) {
			printf("malloc small block %d failed\n", i);
			exit(1);
		}
		memset(small[i], i & 0xff, small_size(i));
	}
	/* Overlapping blocks would have overwritten each other's pattern. */
	for (int i = 0; i < NR_SMALL; i++)
		for (size_t j = 0; j < small_size(i); j++)
			intact &= small[i][j] == (i & 0xff);
	printf("%d small blocks intact: %s\n", NR_SMALL, yes_no(intact));
	printf("sbrk(0) never decreases while they live: %s\n",
	       yes_no((uintptr_t)sbrk(0) >= (uintptr_t)brk_before));
	for (int i = 0; i < NR_SMALL; i += 2)
		free(small[i]);
	for (int i = 0; i < NR_SMALL; i += 2)
		small[i] = malloc(small_size(i) * 2);
	for (int i = 0; i < NR_SMALL; i++)
		free(small[i]);
	printf("freed and reallocated half, then freed all: yes\n");
}

static void test_big_block(void)
{
	unsigned char *p = malloc(BIG);
	unsigned long sum = 0, want = 0;

	if (!p) {
		printf("malloc 64 MiB: failed\n");
		return;
	}
	for (size_t off = 0; off < BIG; off += PAGE)
		p[off] = (off / PAGE) & 0xff;
	for (size_t off = 0; off < BIG; off += PAGE) {
		sum += p[off];
		want += (off / PAGE) & 0xff;
	}
	printf("64 MiB block touched page by page: %s\n", yes_no(sum == want));
	free(p);

	p = calloc(1, 4 << 20);
	int zero = p != NULL;
	for (size_t i = 0; p && i < (4 << 20); i++)
		zero &= p[i] == 0;
	printf("calloc 4 MiB is zeroed: %s\n", yes_no(zero));
	free(p);
}

static void test_realloc(void)
{
	size_t size = 16;
	unsigned char *p = malloc(size), *q;
	int kept = 1;

	for (size_t i = 0; i < size; i++)
		p[i] = i & 0xff;
	while (size < (32 << 20)) {
		size_t old = size;

		size *= 2;
		q = realloc(p, size);
		if (!q) {
			printf("realloc to %zu: failed\n", size);
			free(p);
			return;
		}
		p = q;
		for (size_t i = 0; i < old; i++)
			kept &= p[i] == (i & 0xff);
		for (size_t i = old; i < size; i++)
			p[i] = i & 0xff;
	}
	printf("realloc 16 B -> 32 MiB keeps the contents: %s\n", yes_no(kept));
	q = realloc(p, 100);
	if (q) {
		p = q;
		for (size_t i = 0; i < 100; i++)
			kept &= p[i] == (i & 0xff);
	}
	printf("realloc shrinking keeps the prefix: %s\n", yes_no(q && kept));
	free(p);
}

/* Raw brk, before malloc has used it (glibc and musl both cache the break). */
static void test_brk(void)
{
	uintptr_t start = syscall(SYS_brk, 0), grown;
	int usable = 0;

	printf("sbrk(0) is brk(0): %s\n", yes_no((uintptr_t)sbrk(0) == start));
	grown = syscall(SYS_brk, start + 64 * PAGE);
	printf("brk grows by 64 pages: %s\n", yes_no(grown == start + 64 * PAGE));
	if (grown == start + 64 * PAGE) {
		volatile unsigned char *p = (unsigned char *)start;

		usable = p[0] == 0 && p[64 * PAGE - 1] == 0;
		p[0] = 1;
		p[64 * PAGE - 1] = 2;
		usable &= p[0] == 1 && p[64 * PAGE - 1] == 2;
	}
	printf("grown break is usable and zeroed first: %s\n", yes_no(usable));
	printf("brk below the start is refused: %s\n",
	       yes_no((uintptr_t)syscall(SYS_brk, PAGE) == grown));
	printf("brk shrinks back: %s\n", yes_no((uintptr_t)syscall(SYS_brk, start) == start));
}

static void test_anon_mmap(void)
{
	size_t len = 256 * PAGE;
	unsigned char *p =
		mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int zero = 1, kept = 1;

	report("mmap anonymous 1 MiB", p == MAP_FAILED ? -1 : 0);
	if (p == MAP_FAILED)
		return;
	printf("mmap page aligned: %s\n", yes_no(((uintptr_t)p & (PAGE - 1)) == 0));
	for (size_t i = 0; i < len; i++)
		zero &= p[i] == 0;
	printf("anonymous memory is zeroed: %s\n", yes_no(zero));
	for (size_t i = 0; i < len; i += 512)
		p[i] = 0x5a;
	report("mprotect read-only", mprotect(p, len, PROT_READ));
	for (size_t i = 0; i < len; i += 512)
		kept &= p[i] == 0x5a;
	printf("read-only memory still reads: %s\n", yes_no(kept));
	report("mprotect read-write", mprotect(p, len, PROT_READ | PROT_WRITE));
	p[len - 1] = 7;
	printf("writable again: %s\n", yes_no(p[len - 1] == 7));

	p = mremap(p, len, 4 * len, MREMAP_MAYMOVE);
	report("mremap grow x4", p == MAP_FAILED ? -1 : 0);
	if (p == MAP_FAILED)
		return;
	printf("mremap keeps the contents: %s\n", yes_no(p[0] == 0x5a && p[len - 1] == 7));
	printf("mremap grown part is zeroed: %s\n", yes_no(p[len] == 0 && p[4 * len - 1] == 0));
	report("munmap middle page", munmap(p + PAGE, PAGE));
	report("munmap", munmap(p, 4 * len));
	report("munmap again", munmap(p, 4 * len));
}

static void test_fixed(void)
{
	unsigned char *res = mmap(NULL, 3 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *mid;

	if (res == MAP_FAILED) {
		printf("mmap reservation: %s\n", errno_name(errno));
		return;
	}
	mid = mmap(res + PAGE, PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED lands where asked: %s\n", yes_no(mid == res + PAGE));
	mid[0] = 1;
	printf("MAP_FIXED page is writable: %s\n", yes_no(mid[0] == 1));
	munmap(res, 3 * PAGE);
}

static void test_mmap_errors(void)
{
	int fd = open("/tests/data/lines.txt", O_RDONLY);

	report("mmap length 0",
	       mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
	report("mmap neither private nor shared",
	       mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
	report("mmap bad fd",
	       mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED ? -1 : 0);
	report("mmap unaligned offset",
	       mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? -1 : 0);
	report("mmap shared writable on a read-only fd",
	       mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0);
	report("mmap a directory", mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE,
					open("/tests/data/dir", O_RDONLY), 0) == MAP_FAILED
					   ? -1
					   : 0);
	report("munmap unaligned", munmap((void *)(PAGE + 1), PAGE));
	report("munmap length 0", munmap((void *)PAGE, 0));
	/* Raw: musl's mprotect() rounds the address down itself. */
	report("mprotect unaligned", syscall(SYS_mprotect, PAGE + 1, PAGE, PROT_READ));
	report("mprotect unmapped", syscall(SYS_mprotect, PAGE, PAGE, PROT_READ));
	close(fd);
}

static void test_file_mmap(void)
{
	static char want[FILE_SIZE + 1];
	int fd = open("/tests/data/lines.txt", O_RDONLY);
	char *p, *q;
	char line[16];
	int zero = 1;

	for (int i = 0; i < 300; i++)
		snprintf(want + i * LINE_LEN, LINE_LEN + 1,
			 "line %03d: the quick brown fox jumps over the lazy dog\n", i + 1);
	p = mmap(NULL, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	report("mmap lines.txt private", p == MAP_FAILED ? -1 : 0);
	if (p == MAP_FAILED)
		return;
	printf("mapped bytes match the file: %s\n", yes_no(memcmp(p, want, FILE_SIZE) == 0));
	/* The rest of the last page reads as zeroes. */
	for (size_t i = FILE_SIZE; i < (FILE_SIZE + PAGE - 1) / PAGE * PAGE; i++)
		zero &= p[i] == 0;
	printf("bytes past the end of the file are zero: %s\n", yes_no(zero));
	memcpy(p, "LINE", 4);
	printf("private mapping is writable: %s\n", yes_no(memcmp(p, "LINE 001", 8) == 0));
	pread(fd, line, 8, 0);
	printf("the file does not see the write: %s\n", yes_no(memcmp(line, "line 001", 8) == 0));

	q = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 2 * PAGE);
	report("mmap lines.txt at offset 8192", q == MAP_FAILED ? -1 : 0);
	if (q != MAP_FAILED) {
		printf("offset mapping matches: %s\n",
		       yes_no(memcmp(q, want + 2 * PAGE, PAGE) == 0));
		munmap(q, PAGE);
	}
	close(fd);
	printf("mapping outlives close: %s\n", yes_no(memcmp(p + 100, want + 100, 1000) == 0));
	munmap(p, FILE_SIZE);
}

int main(void)
{
	test_brk();
	test_small_blocks();
	test_big_block();
	test_realloc();
	test_anon_mmap();
	test_fixed();
	test_mmap_errors();
	test_file_mmap();
	return 0;
}
