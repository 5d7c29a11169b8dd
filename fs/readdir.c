// SPDX-License-Identifier: GPL-2.0
/*
 * getdents64: directory entries as struct linux_dirent64 records.
 */
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/slab.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

#define GETDENTS_MAX (64 * 1024)

SYSCALL_DEFINE3(getdents64, int, fd, uaddr_t, dirp, unsigned int, count)
{
	struct file *f = fget(fd);
	size_t len = min_t(size_t, count, GETDENTS_MAX);
	void *buf;
	long n;

	if (!f)
		return -EBADF;
	if (f->mode & FMODE_PATH) {
		fput(f);
		return -EBADF;
	}
	if (!f->inode || !inode_is_dir(f->inode) || !f->f_op || !f->f_op->iterate) {
		fput(f);
		return -ENOTDIR;
	}
	buf = kmalloc(len ? len : 1);
	if (!buf) {
		fput(f);
		return -ENOMEM;
	}
	n = f->f_op->iterate(f, buf, len);
	if (n > 0 && copy_to_user(dirp, buf, (size_t)n))
		n = -EFAULT;
	kfree(buf);
	fput(f);
	return n;
}
