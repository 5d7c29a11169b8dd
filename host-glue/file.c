// SPDX-License-Identifier: GPL-2.0
/*
 * host-glue: host files and descriptors. Each wrapper is one host system
 * call, EINTR retried, errors returned as -errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <host/host.h>

#define RETRY(expr)                                                                                \
	({                                                                                         \
		long __r;                                                                          \
		do                                                                                 \
			__r = (long)(expr);                                                        \
		while (__r < 0 && errno == EINTR);                                                 \
		__r < 0 ? -errno : __r;                                                            \
	})

int host_openat(int dirfd, const char *path, int flags, unsigned int mode)
{
	return (int)RETRY(openat(dirfd, path, flags | O_CLOEXEC, mode));
}

int host_reopen(int fd, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return (int)RETRY(open(path, flags | O_CLOEXEC));
}

int host_close(int fd)
{
	/* close() is not retried: the descriptor is gone even on EINTR. */
	return close(fd) < 0 && errno != EINTR ? -errno : 0;
}

long host_read(int fd, void *buf, size_t len)
{
	return RETRY(read(fd, buf, len));
}

long host_write(int fd, const void *buf, size_t len)
{
	return RETRY(write(fd, buf, len));
}

int host_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		long n = RETRY(write(fd, p, len));

		if (n < 0)
			return (int)n;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

long host_pread(int fd, void *buf, size_t len, int64_t off)
{
	return RETRY(pread(fd, buf, len, off));
}

long host_pwrite(int fd, const void *buf, size_t len, int64_t off)
{
	return RETRY(pwrite(fd, buf, len, off));
}

int64_t host_lseek(int fd, int64_t off, int whence)
{
	off_t r = lseek(fd, off, whence);

	return r < 0 ? -errno : r;
}

int host_fstatat(int dirfd, const char *path, struct host_stat *st, int flags)
{
	struct stat s;

	if (RETRY(fstatat(dirfd, path, &s, flags)) < 0)
		return -errno;
	st->dev = s.st_dev;
	st->ino = s.st_ino;
	st->nlink = s.st_nlink;
	st->rdev = s.st_rdev;
	st->size = (uint64_t)s.st_size;
	st->blocks = (uint64_t)s.st_blocks;
	st->mode = s.st_mode;
	st->uid = s.st_uid;
	st->gid = s.st_gid;
	st->blksize = (uint32_t)s.st_blksize;
	st->atime_sec = s.st_atim.tv_sec;
	st->atime_nsec = s.st_atim.tv_nsec;
	st->mtime_sec = s.st_mtim.tv_sec;
	st->mtime_nsec = s.st_mtim.tv_nsec;
	st->ctime_sec = s.st_ctim.tv_sec;
	st->ctime_nsec = s.st_ctim.tv_nsec;
	return 0;
}

long host_getdents64(int fd, void *buf, size_t len)
{
	return RETRY(syscall(SYS_getdents64, fd, buf, len));
}

long host_readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	return RETRY(readlinkat(dirfd, path, buf, len));
}

long host_fgetxattr(int fd, const char *name, void *buf, size_t len)
{
	return RETRY(fgetxattr(fd, name, buf, len));
}

_Static_assert(sizeof(struct host_pollfd) == sizeof(struct pollfd), "host_pollfd layout");

int host_poll(struct host_pollfd *fds, int n, int timeout_ms)
{
	int r = poll((struct pollfd *)fds, (nfds_t)n, timeout_ms);

	return r < 0 ? -errno : r;
}

int host_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)RETRY(ioctl(fd, req, arg));
}

bool host_isatty(int fd)
{
	return isatty(fd) == 1;
}

int host_memfd_create(const char *name, unsigned int flags)
{
	return (int)RETRY(memfd_create(name, flags | MFD_CLOEXEC));
}

int host_memfd_sealed(const char *name, const void *buf, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING), ro;
	const char *p = buf;

	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? -errno : -EIO;

			close(fd);
			return err;
		}
		p += n;
		len -= (size_t)n;
	}
	fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	ro = host_reopen(fd, O_RDONLY);
	close(fd);
	return ro;
}

int host_ftruncate(int fd, int64_t len)
{
	return (int)RETRY(ftruncate(fd, len));
}

long host_nofile_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return -errno;
	return rl.rlim_cur == RLIM_INFINITY ? 1L << 20 : (long)rl.rlim_cur;
}
