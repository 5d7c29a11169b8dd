/*
 * dirs: reading directories and moving between them, on the fixture tree in
 * /tests/data (tests/fixtures/ in the source tree):
 *
 *   dir/{a.txt, b.txt, link-to-a -> a.txt, sub/c.txt}    dirlink -> dir
 *
 * Directory order is the file system's business, so entries are printed
 * sorted, each with its d_type. Also reads with raw getdents64 in small
 * buffers, and checks getcwd across chdir, fchdir and a symlinked folder.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest.h"

#define DATA "/tests/data"
#define MAX_ENTRIES 64

struct entry {
	char name[256];
	unsigned char type;
};

/* The kernel's struct linux_dirent64, as getdents64 fills the buffer. */
struct kdirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static const char *dtype_name(unsigned char type)
{
	switch (type) {
	case DT_REG:
		return "regular";
	case DT_DIR:
		return "directory";
	case DT_LNK:
		return "symlink";
	case DT_CHR:
		return "chardev";
	case DT_BLK:
		return "blockdev";
	case DT_FIFO:
		return "fifo";
	case DT_SOCK:
		return "socket";
	case DT_UNKNOWN:
		return "unknown";
	}
	return "?";
}

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Lists PATH with opendir/readdir, sorted; returns the number of entries. */
static int list_dir(const char *path)
{
	static struct entry entries[MAX_ENTRIES];
	struct dirent *d;
	int n = 0, again = 0;
	DIR *dir = opendir(path);

	if (!dir) {
		printf("opendir %s: %s\n", path, errno_name(errno));
		return -1;
	}
	while ((d = readdir(dir)) && n < MAX_ENTRIES) {
		snprintf(entries[n].name, sizeof(entries[n].name), "%s", d->d_name);
		entries[n++].type = d->d_type;
	}
	qsort(entries, n, sizeof(entries[0]), compare_entries);
	printf("%s: %d entries\n", path, n);
	for (int i = 0; i < n; i++)
		printf("  %s %s\n", entries[i].name, dtype_name(entries[i].type));

	rewinddir(dir);
	while (readdir(dir))
		again++;
	printf("%s: rewinddir reads %s\n", path,
	       again == n ? "the same count" : "a different count");
	closedir(dir);
	return n;
}

/* Reads PATH with getdents64 BUFSIZE bytes at a time; prints how many entries. */
static void getdents_in_pieces(const char *path, size_t bufsize)
{
	char buf[4096] __attribute__((aligned(8)));
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	int entries = 0, calls = 0;
	long n;

	while ((n = syscall(SYS_getdents64, fd, buf, bufsize)) > 0) {
		calls++;
		for (long off = 0; off < n;) {
			struct kdirent64 *d = (struct kdirent64 *)(buf + off);

			entries++;
			off += d->d_reclen;
		}
	}
	printf("getdents64 %s in %zu-byte reads: %d entries, more than one read: %s, end: %s\n",
	       path, bufsize, entries, yes_no(calls > 1), n == 0 ? "0" : errno_name(errno));
	close(fd);
}

static void print_cwd(const char *after)
{
	char buf[4096];

	if (getcwd(buf, sizeof(buf)))
		printf("getcwd after %s: %s\n", after, buf);
	else
		printf("getcwd after %s: %s\n", after, errno_name(errno));
}

static void test_getdents_errors(void)
{
	char buf[4096] __attribute__((aligned(8)));
	int fd = open(DATA "/dir", O_RDONLY | O_DIRECTORY);
	int file = open(DATA "/lines.txt", O_RDONLY);

	report("getdents64 into 8 bytes", syscall(SYS_getdents64, fd, buf, 8));
	report("getdents64 bad buffer", syscall(SYS_getdents64, fd, BAD_PTR, sizeof(buf)));
	report("getdents64 on a file", syscall(SYS_getdents64, file, buf, sizeof(buf)));
	report("getdents64 bad fd", syscall(SYS_getdents64, -1, buf, sizeof(buf)));
	report("opendir a file", opendir(DATA "/lines.txt") ? 0 : -1);
	report("opendir missing", opendir(DATA "/missing") ? 0 : -1);
	close(file);
	close(fd);
}

static void test_cwd(void)
{
	char small[4];
	int root = open("/", O_RDONLY | O_DIRECTORY);

	print_cwd("start");
	report("chdir " DATA "/dir", chdir(DATA "/dir"));
	print_cwd("chdir");
	report("chdir sub", chdir("sub"));
	print_cwd("chdir sub");
	report("open c.txt relative", open("c.txt", O_RDONLY));
	report("chdir ..", chdir(".."));
	print_cwd("chdir ..");
	report("fchdir /", fchdir(root));
	print_cwd("fchdir /");
	report("chdir dirlink", chdir(DATA "/dirlink"));
	print_cwd("chdir dirlink");
	report("chdir a file", chdir(DATA "/lines.txt"));
	report("chdir missing", chdir(DATA "/missing"));
	report("fchdir a file", fchdir(open(DATA "/lines.txt", O_RDONLY)));
	report("fchdir bad fd", fchdir(-1));
	print_cwd("failed calls");
	report("getcwd into 4 bytes", getcwd(small, sizeof(small)) ? 0 : -1);
	report("chdir /", chdir("/"));
	print_cwd("chdir /");
	report("chdir ..", chdir(".."));
	print_cwd("chdir .. at /");
	close(root);
}

int main(void)
{
	list_dir(DATA "/dir");
	list_dir(DATA "/dir/sub");
	list_dir(DATA "/dirlink/");
	getdents_in_pieces(DATA "/dir", 64);
	getdents_in_pieces(DATA "/dir", 4096);
	test_getdents_errors();
	test_cwd();
	return 0;
}
