// SPDX-License-Identifier: GPL-2.0
/*
 * Reading, writing and seeking: read, write, readv, writev, pread64,
 * pwrite64, lseek, with Linux's argument checks (EBADF for the wrong access
 * mode, EINVAL for negative offsets, ESPIPE where seeking makes no sense,
 * counts capped at MAX_RW_COUNT).
 */
#include <linux/fs.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

ssize_t vfs_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	if (!(f->mode & FMODE_READ))
		return -EBADF;
	if (f->inode && inode_is_dir(f->inode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read_iter)
		return -EINVAL;
	if (!to->count)
		return 0;
	return f->f_op->read_iter(f, to, pos);
}

ssize_t vfs_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	if (!(f->mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write_iter)
		return -EINVAL;
	if (!from->count)
		return 0;
	return f->f_op->write_iter(f, from, pos);
}

ssize_t kernel_read(struct file *f, void *buf, size_t len, loff_t pos)
{
	struct kvec v;
	struct iov_iter it;

	iov_iter_kernel(&it, &v, buf, len);
	if (!f->f_op || !f->f_op->read_iter)
		return -EINVAL;
	return f->f_op->read_iter(f, &it, &pos);
}

/* Files without a position (pipes, ttys) keep it at 0; the others use f->pos. */
static long do_rw(int fd, struct iov_iter *it, loff_t *ppos, bool write)
{
	struct file *f = fget(fd);
	loff_t pos;
	ssize_t n;

	if (!f)
		return -EBADF;
	if (f->mode & FMODE_PATH) {
		fput(f);
		return -EBADF;
	}
	if (ppos) {
		if (!(f->mode & (write ? FMODE_PWRITE : FMODE_PREAD)) ||
		    (f->inode && (S_ISFIFO(f->inode->mode) || S_ISSOCK(f->inode->mode)))) {
			fput(f);
			return -ESPIPE;
		}
		pos = *ppos;
	} else {
		pos = f->pos;
	}
	n = write ? vfs_write(f, it, &pos) : vfs_read(f, it, &pos);
	if (!ppos && n >= 0)
		f->pos = pos;
	fput(f);
	return n;
}

static long rw_one(int fd, uaddr_t buf, size_t count, loff_t *ppos, bool write)
{
	struct kvec v;
	struct iov_iter it;

	if ((ssize_t)count < 0)
		return -EINVAL;
	count = min_t(size_t, count, MAX_RW_COUNT);
	iov_iter_user(&it, &v, buf, count);
	return do_rw(fd, &it, ppos, write);
}

static long rw_vec(int fd, uaddr_t uvec, unsigned long vlen, loff_t *ppos, bool write)
{
	struct kvec *vec;
	struct iov_iter it;
	long r = import_iovec(uvec, vlen, &vec, &it);

	if (r < 0)
		return r;
	r = do_rw(fd, &it, ppos, write);
	kfree(vec);
	return r;
}

SYSCALL_DEFINE3(read, int, fd, uaddr_t, buf, size_t, count)
{
	return rw_one(fd, buf, count, NULL, false);
}

SYSCALL_DEFINE3(write, int, fd, uaddr_t, buf, size_t, count)
{
	return rw_one(fd, buf, count, NULL, true);
}

SYSCALL_DEFINE4(pread64, int, fd, uaddr_t, buf, size_t, count, loff_t, pos)
{
	if (pos < 0)
		return -EINVAL;
	return rw_one(fd, buf, count, &pos, false);
}

SYSCALL_DEFINE4(pwrite64, int, fd, uaddr_t, buf, size_t, count, loff_t, pos)
{
	if (pos < 0)
		return -EINVAL;
	return rw_one(fd, buf, count, &pos, true);
}

SYSCALL_DEFINE3(readv, int, fd, uaddr_t, vec, unsigned long, vlen)
{
	return rw_vec(fd, vec, vlen, NULL, false);
}

SYSCALL_DEFINE3(writev, int, fd, uaddr_t, vec, unsigned long, vlen)
{
	return rw_vec(fd, vec, vlen, NULL, true);
}

/*
 * The offset of preadv/pwritev arrives as (low, high) words; on x86-64 the
 * low word holds all 64 bits and the high one is ignored, as in Linux.
 */
static long rw_vec_at(int fd, uaddr_t vec, unsigned long vlen, u64 lo, u64 hi, int flags,
		      bool write)
{
	loff_t pos = (loff_t)lo;

	/* RWF_HIPRI, RWF_DSYNC, RWF_SYNC, RWF_NOWAIT, RWF_APPEND: accepted as hints. */
	if (flags & ~0x1f)
		return -EOPNOTSUPP;
	/* preadv2/pwritev2 with offset -1 use and move the file position. */
	if (pos == -1)
		return rw_vec(fd, vec, vlen, NULL, write);
	if (pos < 0)
		return -EINVAL;
	return rw_vec(fd, vec, vlen, &pos, write);
}

/* preadv and pwritev (unlike their "2" versions) take no -1 offset. */
SYSCALL_DEFINE5(preadv, int, fd, uaddr_t, vec, unsigned long, vlen, u64, lo, u64, hi)
{
	return (loff_t)lo < 0 ? -EINVAL : rw_vec_at(fd, vec, vlen, lo, hi, 0, false);
}

SYSCALL_DEFINE5(pwritev, int, fd, uaddr_t, vec, unsigned long, vlen, u64, lo, u64, hi)
{
	return (loff_t)lo < 0 ? -EINVAL : rw_vec_at(fd, vec, vlen, lo, hi, 0, true);
}

SYSCALL_DEFINE6(preadv2, int, fd, uaddr_t, vec, unsigned long, vlen, u64, lo, u64, hi, int, flags)
{
	return rw_vec_at(fd, vec, vlen, lo, hi, flags, false);
}

SYSCALL_DEFINE6(pwritev2, int, fd, uaddr_t, vec, unsigned long, vlen, u64, lo, u64, hi, int, flags)
{
	return rw_vec_at(fd, vec, vlen, lo, hi, flags, true);
}

loff_t generic_file_llseek(struct file *f, loff_t off, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = f->inode ? (loff_t)f->inode->size : 0;
		break;
	case SEEK_DATA:
	case SEEK_HOLE: {
		loff_t size = f->inode ? (loff_t)f->inode->size : 0;

		/* No holes are reported: data runs to the end. */
		if (off < 0 || off >= size)
			return -ENXIO;
		f->pos = whence == SEEK_DATA ? off : size;
		return f->pos;
	}
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

SYSCALL_DEFINE3(lseek, int, fd, loff_t, off, unsigned int, whence)
{
	struct file *f = fget(fd);
	loff_t r;

	if (!f)
		return -EBADF;
	if (whence > SEEK_MAX)
		r = -EINVAL;
	else if (!(f->mode & FMODE_LSEEK) || (f->mode & FMODE_PATH))
		r = (f->mode & FMODE_PATH) ? -EBADF : -ESPIPE;
	else if (f->f_op && f->f_op->llseek)
		r = f->f_op->llseek(f, off, (int)whence);
	else
		r = -ESPIPE;
	fput(f);
	return r;
}
