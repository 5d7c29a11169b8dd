// SPDX-License-Identifier: GPL-2.0
/*
 * File descriptor tables and the calls that only manage descriptors:
 * close. A table grows on demand up to RLIMIT_NOFILE.
 */
#include <linux/resource.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>

#define BITS_PER_LONG 64

static int expand(struct files_struct *files, unsigned int need);

struct files_struct *files_alloc(void)
{
	struct files_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refcount = 1;
	return fs;
}

struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *files = files_alloc();

	if (!files)
		return NULL;
	if (old->max_fds && expand(files, old->max_fds)) {
		files_put(files);
		return NULL;
	}
	for (unsigned int i = 0; i < old->max_fds; i++)
		if (old->fd[i])
			files->fd[i] = get_file(old->fd[i]);
	if (old->max_fds)
		memcpy(files->cloexec, old->cloexec, old->max_fds / BITS_PER_LONG * sizeof(long));
	return files;
}

void files_put(struct files_struct *files)
{
	if (--files->refcount > 0)
		return;
	for (unsigned int i = 0; i < files->max_fds; i++)
		if (files->fd[i])
			fput(files->fd[i]);
	kfree(files->fd);
	kfree(files->cloexec);
	kfree(files);
}

static int expand(struct files_struct *files, unsigned int need)
{
	unsigned int n = files->max_fds ? files->max_fds : 64;
	struct file **fd;
	unsigned long *ce;

	while (n < need)
		n *= 2;
	fd = kcalloc(n, sizeof(*fd));
	ce = kcalloc(n / BITS_PER_LONG, sizeof(*ce));
	if (!fd || !ce) {
		kfree(fd);
		kfree(ce);
		return -ENOMEM;
	}
	if (files->max_fds) {
		memcpy(fd, files->fd, files->max_fds * sizeof(*fd));
		memcpy(ce, files->cloexec, files->max_fds / BITS_PER_LONG * sizeof(*ce));
	}
	kfree(files->fd);
	kfree(files->cloexec);
	files->fd = fd;
	files->cloexec = ce;
	files->max_fds = n;
	return 0;
}

static void set_cloexec(struct files_struct *files, unsigned int fd, bool on)
{
	if (on)
		files->cloexec[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
	else
		files->cloexec[fd / BITS_PER_LONG] &= ~(1UL << (fd % BITS_PER_LONG));
}

int files_install(struct files_struct *files, struct file *f, int minfd, u64 limit, bool cloexec)
{
	unsigned int fd;

	if (minfd < 0 || (u64)minfd >= limit) {
		fput(f);
		return -EMFILE;
	}
	for (fd = (unsigned int)minfd; fd < files->max_fds && files->fd[fd]; fd++)
		;
	if (fd >= limit) {
		fput(f);
		return -EMFILE;
	}
	if (fd >= files->max_fds && expand(files, fd + 1)) {
		fput(f);
		return -ENOMEM;
	}
	files->fd[fd] = f;
	set_cloexec(files, fd, cloexec);
	return (int)fd;
}

int fd_install_lowest(struct file *f, int minfd, bool cloexec)
{
	return files_install(current->files, f, minfd, task_rlimit(current, RLIMIT_NOFILE),
			     cloexec);
}

struct file *fget(int fd)
{
	struct files_struct *files = current->files;

	if (fd < 0 || (unsigned int)fd >= files->max_fds || !files->fd[fd])
		return NULL;
	return get_file(files->fd[fd]);
}

int close_fd(int fd)
{
	struct files_struct *files = current->files;
	struct file *f;

	if (fd < 0 || (unsigned int)fd >= files->max_fds || !files->fd[fd])
		return -EBADF;
	f = files->fd[fd];
	files->fd[fd] = NULL;
	set_cloexec(files, (unsigned int)fd, false);
	fput(f);
	return 0;
}

void files_close_on_exec(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < files->max_fds; fd++) {
		if (files->fd[fd] &&
		    (files->cloexec[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG)))) {
			fput(files->fd[fd]);
			files->fd[fd] = NULL;
			set_cloexec(files, fd, false);
		}
	}
}

SYSCALL_DEFINE1(close, int, fd)
{
	return close_fd(fd);
}

int files_replace(struct files_struct *files, int fd, struct file *f, bool cloexec)
{
	struct file *old;

	if (fd < 0) {
		fput(f);
		return -EBADF;
	}
	if ((unsigned int)fd >= files->max_fds && expand(files, (unsigned int)fd + 1)) {
		fput(f);
		return -ENOMEM;
	}
	old = files->fd[fd];
	files->fd[fd] = f;
	set_cloexec(files, (unsigned int)fd, cloexec);
	if (old)
		fput(old);
	return fd;
}

bool fd_get_cloexec(int fd)
{
	struct files_struct *files = current->files;

	if (fd < 0 || (unsigned int)fd >= files->max_fds)
		return false;
	return files->cloexec[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

int fd_set_cloexec(int fd, bool on)
{
	struct files_struct *files = current->files;

	if (fd < 0 || (unsigned int)fd >= files->max_fds || !files->fd[fd])
		return -EBADF;
	set_cloexec(files, (unsigned int)fd, on);
	return 0;
}
