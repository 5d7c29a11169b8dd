/*
 * files: reading files and asking about them, on the fixture files in
 * /tests/data (tests/fixtures/ in the source tree). lines.txt holds 300 lines
 * "line NNN: the quick brown fox jumps over the lazy dog\n", 54 bytes each, so
 * the program knows every byte without trusting read(); link is a symlink to
 * it. Nothing is written: the root is read-only under umk but not natively.
 *
 * Covers read, pread, readv, lseek (SET, CUR, END), fstat/stat/lstat, statx,
 * readlink/readlinkat, access/faccessat, and the errors a
 * program meets most: ENOENT, ENOTDIR, EISDIR, EBADF, EFAULT, EINVAL,
 * ENAMETOOLONG, EACCES.
 */
/* build: pie */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "guest.h"

#define DATA "/tests/data"
#define LINE_LEN 54
#define NR_LINES 300
#define FILE_SIZE (LINE_LEN * NR_LINES)

/* The kernel's struct statx, declared here because musl 1.2.3 has no statx(). */
struct statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct kstatx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, pad1;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};

#define KSTATX_BASIC_STATS 0x7ffU
#define KAT_STATX_SYNC_AS_STAT 0

static char expected[FILE_SIZE + 1];

static void make_expected(void)
{
	for (int i = 0; i < NR_LINES; i++)
		snprintf(expected + i * LINE_LEN, LINE_LEN + 1,
			 "line %03d: the quick brown fox jumps over the lazy dog\n", i + 1);
}

static const char *type_name(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "regular file";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symlink";
	case S_IFCHR:
		return "character device";
	case S_IFBLK:
		return "block device";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	}
	return "unknown";
}

static void print_stat(const char *what, const struct stat *st)
{
	printf("%s type: %s\n", what, type_name(st->st_mode));
	printf("%s permissions: %04o\n", what, (unsigned)(st->st_mode & 07777));
	if (S_ISREG(st->st_mode)) {
		printf("%s size: %lld\n", what, (long long)st->st_size);
		printf("%s nlink: %lu\n", what, (unsigned long)st->st_nlink);
		printf("%s blocks cover size: %s\n", what,
		       yes_no(st->st_blocks * 512 >= st->st_size));
	}
	if (S_ISLNK(st->st_mode))
		printf("%s size: %lld\n", what, (long long)st->st_size);
	printf("%s blksize > 0: %s\n", what, yes_no(st->st_blksize > 0));
}

static void test_read(int fd)
{
	static char buf[FILE_SIZE + 100];
	ssize_t n, total = 0;

	n = read(fd, buf, 100);
	printf("read 100: %zd, matches: %s\n", n, yes_no(n == 100 && !memcmp(buf, expected, 100)));
	while ((n = read(fd, buf + 100 + total, sizeof(buf) - 100 - total)) > 0)
		total += n;
	printf("read to end: %zd more, matches: %s\n", total,
	       yes_no(total + 100 == FILE_SIZE && !memcmp(buf, expected, FILE_SIZE)));
	printf("read at end: %zd\n", read(fd, buf, 10));
}

static void test_lseek(int fd)
{
	char buf[16] = "";

	printf("lseek SET 54: %lld\n", (long long)lseek(fd, LINE_LEN, SEEK_SET));
	printf("read 9: \"%.*s\"\n", (int)read(fd, buf, 9), buf);
	printf("lseek CUR 0: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
	printf("lseek CUR -9: %lld\n", (long long)lseek(fd, -9, SEEK_CUR));
	printf("lseek END 0: %lld\n", (long long)lseek(fd, 0, SEEK_END));
	printf("lseek END -54: %lld\n", (long long)lseek(fd, -LINE_LEN, SEEK_END));
	printf("read 9: \"%.*s\"\n", (int)read(fd, buf, 9), buf);
	printf("lseek past end: %lld\n", (long long)lseek(fd, FILE_SIZE + 1000, SEEK_SET));
	printf("read past end: %zd\n", read(fd, buf, 9));
	report("lseek to -1", lseek(fd, -1, SEEK_SET));
	report("lseek whence 99", lseek(fd, 0, 99));
}

static void test_pread_readv(int fd)
{
	char buf[16] = "", a[8] = "", b[8] = "";
	struct iovec iov[2] = { { a, 5 }, { b, 4 } };
	off_t before;

	lseek(fd, 1000, SEEK_SET);
	printf("pread 9 at 540: %zd \"%.9s\"\n", pread(fd, buf, 9, 10 * LINE_LEN), buf);
	printf("pread at end: %zd\n", pread(fd, buf, 9, FILE_SIZE));
	printf("pread keeps the offset: %s\n", yes_no(lseek(fd, 0, SEEK_CUR) == 1000));
	report("pread at -1", pread(fd, buf, 9, -1));

	lseek(fd, 0, SEEK_SET);
	printf("readv 5+4: %zd \"%.5s\" \"%.4s\"\n", readv(fd, iov, 2), a, b);
	before = lseek(fd, 0, SEEK_CUR);
	printf("readv advances the offset: %s\n", yes_no(before == 9));
	printf("preadv 5+4 at 54: %zd \"%.5s\" \"%.4s\"\n", preadv(fd, iov, 2, LINE_LEN), a, b);
}

static void test_stat(int fd)
{
	struct stat fst, st, lst;

	if (fstat(fd, &fst) == 0)
		print_stat("fstat lines.txt", &fst);
	if (stat(DATA "/lines.txt", &st) == 0)
		printf("stat and fstat agree: %s\n",
		       yes_no(st.st_ino == fst.st_ino && st.st_dev == fst.st_dev &&
			      st.st_size == fst.st_size && st.st_mode == fst.st_mode));
	if (stat(DATA "/link", &st) == 0)
		printf("stat follows the link: %s\n", yes_no(st.st_ino == fst.st_ino));
	if (lstat(DATA "/link", &lst) == 0)
		print_stat("lstat link", &lst);
	if (stat(DATA "/dir", &st) == 0)
		print_stat("stat dir", &st);
	if (fstatat(AT_FDCWD, DATA "/link", &lst, AT_SYMLINK_NOFOLLOW) == 0)
		printf("fstatat NOFOLLOW: %s\n", type_name(lst.st_mode));
	report("stat missing", stat(DATA "/missing", &st));
	report("stat through a file", stat(DATA "/lines.txt/x", &st));
	report("stat empty path", stat("", &st));
	/* Raw: musl's stat() goes through a buffer of its own and would crash. */
	report("stat bad buffer", syscall(SYS_stat, DATA "/lines.txt", BAD_PTR));
	report("fstat bad fd", fstat(-1, &st));
}

static void test_statx(int fd)
{
	struct kstatx sx;
	long ret;

	memset(&sx, 0, sizeof(sx));
	ret = syscall(SYS_statx, AT_FDCWD, DATA "/lines.txt", KAT_STATX_SYNC_AS_STAT,
		      KSTATX_BASIC_STATS, &sx);
	report("statx lines.txt", ret);
	if (ret == 0) {
		printf("statx basic stats: %s\n",
		       yes_no((sx.stx_mask & KSTATX_BASIC_STATS) == KSTATX_BASIC_STATS));
		printf("statx type: %s\n", type_name(sx.stx_mode));
		printf("statx size: %llu\n", (unsigned long long)sx.stx_size);
		printf("statx nlink: %u\n", sx.stx_nlink);
	}
	memset(&sx, 0, sizeof(sx));
	ret = syscall(SYS_statx, AT_FDCWD, DATA "/link", AT_SYMLINK_NOFOLLOW, KSTATX_BASIC_STATS,
		      &sx);
	printf("statx NOFOLLOW link: %s\n", ret == 0 ? type_name(sx.stx_mode) : errno_name(errno));
	memset(&sx, 0, sizeof(sx));
	ret = syscall(SYS_statx, fd, "", AT_EMPTY_PATH, KSTATX_BASIC_STATS, &sx);
	printf("statx EMPTY_PATH size: %llu\n", ret == 0 ? (unsigned long long)sx.stx_size : 0ULL);
	report("statx bad flags", syscall(SYS_statx, AT_FDCWD, DATA "/lines.txt", 0x80000000,
					  KSTATX_BASIC_STATS, &sx));
}

static void test_readlink(void)
{
	char buf[64];
	ssize_t n;
	int dirfd;

	n = readlink(DATA "/link", buf, sizeof(buf));
	printf("readlink link: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
	n = readlink(DATA "/link", buf, 4);
	printf("readlink into 4 bytes: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
	dirfd = open(DATA, O_RDONLY | O_DIRECTORY);
	n = readlinkat(dirfd, "link", buf, sizeof(buf));
	printf("readlinkat link: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
	n = readlinkat(dirfd, "dir/link-to-a", buf, sizeof(buf));
	printf("readlinkat dir/link-to-a: %zd \"%.*s\"\n", n, n > 0 ? (int)n : 0, buf);
	close(dirfd);
	report("readlink regular file", readlink(DATA "/lines.txt", buf, sizeof(buf)));
	report("readlink missing", readlink(DATA "/missing", buf, sizeof(buf)));
	report("readlink bad buffer", readlink(DATA "/link", BAD_PTR, sizeof(buf)));
}

static void test_access(void)
{
	int dirfd = open(DATA, O_RDONLY | O_DIRECTORY);

	/* Not W_OK: umk's root is read-only (EROFS), the native one is not. */
	report("access lines.txt R_OK", access(DATA "/lines.txt", R_OK));
	report("access lines.txt F_OK", access(DATA "/lines.txt", F_OK));
	/* Even root needs an execute bit somewhere to pass X_OK on a file. */
	report("access lines.txt X_OK", access(DATA "/lines.txt", X_OK));
	report("access /bin/busybox X_OK", access("/bin/busybox", X_OK));
	report("access dir X_OK", access(DATA "/dir", X_OK));
	report("access missing", access(DATA "/missing", F_OK));
	report("access bad mode", access(DATA "/lines.txt", 0100));
	report("faccessat lines.txt R_OK", faccessat(dirfd, "lines.txt", R_OK, 0));
	report("faccessat missing", faccessat(dirfd, "missing", R_OK, 0));
	report("faccessat bad dirfd", faccessat(-1, "lines.txt", R_OK, 0));
	report("faccessat absolute, bad dirfd", faccessat(-1, DATA "/lines.txt", R_OK, 0));
	close(dirfd);
}

static void test_open_errors(void)
{
	char name[300], path[5000];
	char buf[16];
	int fd;

	report("open missing", open(DATA "/missing", O_RDONLY));
	report("open through a file", open(DATA "/lines.txt/x", O_RDONLY));
	report("open file O_DIRECTORY", open(DATA "/lines.txt", O_RDONLY | O_DIRECTORY));
	report("open dir for writing", open(DATA "/dir", O_WRONLY));
	report("open bad path pointer", open(BAD_PTR, O_RDONLY));

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	snprintf(path, sizeof(path), DATA "/%s", name);
	report("open 299-byte name", open(path, O_RDONLY));
	memset(path, 'p', sizeof(path) - 1);
	path[0] = '/';
	path[sizeof(path) - 1] = '\0';
	report("open 4999-byte path", open(path, O_RDONLY));

	fd = open(DATA "/dir", O_RDONLY);
	report("open dir O_RDONLY", fd);
	report("read a directory", read(fd, buf, sizeof(buf)));
	close(fd);

	fd = open(DATA "/lines.txt", O_RDONLY);
	report("read into a bad buffer", read(fd, BAD_PTR, 10));
	report("write to a read-only fd", write(fd, "x", 1));
	report("close", close(fd));
	report("close again", close(fd));
	report("read a closed fd", read(fd, buf, sizeof(buf)));
	report("openat relative, bad dirfd", openat(1000, "lines.txt", O_RDONLY));

	fd = open(DATA "/lines.txt", O_RDONLY);
	report("openat a file as dirfd", openat(fd, "x", O_RDONLY));
	close(fd);
}

int main(void)
{
	int fd;

	make_expected();
	fd = open(DATA "/lines.txt", O_RDONLY);
	report("open lines.txt", fd);
	if (fd < 0)
		return 1;
	test_read(fd);
	test_lseek(fd);
	test_pread_readv(fd);
	test_stat(fd);
	test_statx(fd);
	close(fd);
	test_readlink();
	test_access();
	test_open_errors();
	return 0;
}
