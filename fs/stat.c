// SPDX-License-Identifier: GPL-2.0
/*
 * File attributes and symlink targets: stat, fstat, lstat, newfstatat,
 * statx, readlink, readlinkat.
 */
#include <asm/stat.h>
#include <linux/stat.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

static void fill_from_inode(struct inode *i, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->ino = i->ino;
	st->dev = i->sb ? i->sb->dev : 0;
	st->rdev = i->rdev;
	st->mode = i->mode;
	st->nlink = i->nlink;
	st->uid = i->uid;
	st->gid = i->gid;
	st->size = i->size;
	st->blocks = i->blocks;
	st->blksize = i->blksize;
	st->atime = i->atime;
	st->mtime = i->mtime;
	st->ctime = i->ctime;
}

static int inode_getattr(struct dentry *d, struct inode *i, struct kstat *st)
{
	if (d && i->i_op && i->i_op->getattr) {
		int err = i->i_op->getattr(d, NULL);

		if (err)
			return err;
	}
	fill_from_inode(i, st);
	return 0;
}

int vfs_getattr(const struct path *p, struct kstat *st)
{
	return inode_getattr(p->dentry, p->dentry->inode, st);
}

/* The attributes of an open file (it may have no path: the console). */
static int file_getattr(struct file *f, struct kstat *st)
{
	if (f->path.dentry)
		return vfs_getattr(&f->path, st);
	if (!f->inode)
		return -EBADF;
	fill_from_inode(f->inode, st);
	return 0;
}

/* Looks up (dirfd, upath) with AT_* flags and gets its attributes. */
static int stat_at(int dirfd, uaddr_t upath, int flags, struct kstat *st)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	char *name;
	struct path p;
	int err;

	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup = 0;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	if (!upath && (flags & AT_EMPTY_PATH))
		name = NULL; /* Linux 6.11: a NULL path with AT_EMPTY_PATH is the descriptor */
	else {
		name = getname(upath);
		if (IS_ERR(name))
			return (int)PTR_ERR(name);
	}
	if ((!name || !*name) && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		struct file *f = fget(dirfd);

		putname(name);
		if (!f)
			return -EBADF;
		err = file_getattr(f, st);
		fput(f);
		return err;
	}
	err = user_path_at(dirfd, name ? name : "", lookup, &p);
	putname(name);
	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}

static int put_stat(const struct kstat *k, uaddr_t ubuf)
{
	struct stat s;

	memset(&s, 0, sizeof(s));
	s.st_dev = new_encode_dev(k->dev);
	s.st_ino = k->ino;
	s.st_nlink = k->nlink;
	s.st_mode = k->mode;
	s.st_uid = k->uid;
	s.st_gid = k->gid;
	s.st_rdev = new_encode_dev(k->rdev);
	s.st_size = (long)k->size;
	s.st_blksize = k->blksize;
	s.st_blocks = (long)k->blocks;
	s.st_atime = (unsigned long)k->atime.sec;
	s.st_atime_nsec = (unsigned long)k->atime.nsec;
	s.st_mtime = (unsigned long)k->mtime.sec;
	s.st_mtime_nsec = (unsigned long)k->mtime.nsec;
	s.st_ctime = (unsigned long)k->ctime.sec;
	s.st_ctime_nsec = (unsigned long)k->ctime.nsec;
	return copy_to_user(ubuf, &s, sizeof(s));
}

SYSCALL_DEFINE2(stat, uaddr_t, path, uaddr_t, buf)
{
	struct kstat k;
	int err = stat_at(AT_FDCWD, path, 0, &k);

	return err ? err : put_stat(&k, buf);
}

SYSCALL_DEFINE2(lstat, uaddr_t, path, uaddr_t, buf)
{
	struct kstat k;
	int err = stat_at(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, &k);

	return err ? err : put_stat(&k, buf);
}

SYSCALL_DEFINE2(fstat, int, fd, uaddr_t, buf)
{
	struct file *f = fget(fd);
	struct kstat k;
	int err;

	if (!f)
		return -EBADF;
	err = file_getattr(f, &k);
	fput(f);
	return err ? err : put_stat(&k, buf);
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, uaddr_t, path, uaddr_t, buf, int, flags)
{
	struct kstat k;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	err = stat_at(dirfd, path, flags, &k);
	return err ? err : put_stat(&k, buf);
}

SYSCALL_DEFINE5(statx, int, dirfd, uaddr_t, path, int, flags, unsigned int, mask, uaddr_t, buf)
{
	struct kstat k;
	struct statx sx;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	err = stat_at(dirfd, path, flags, &k);
	if (err)
		return err;
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = k.blksize;
	sx.stx_nlink = k.nlink;
	sx.stx_uid = k.uid;
	sx.stx_gid = k.gid;
	sx.stx_mode = (u16)k.mode;
	sx.stx_ino = k.ino;
	sx.stx_size = k.size;
	sx.stx_blocks = k.blocks;
	sx.stx_atime.tv_sec = k.atime.sec;
	sx.stx_atime.tv_nsec = (u32)k.atime.nsec;
	sx.stx_mtime.tv_sec = k.mtime.sec;
	sx.stx_mtime.tv_nsec = (u32)k.mtime.nsec;
	sx.stx_ctime.tv_sec = k.ctime.sec;
	sx.stx_ctime.tv_nsec = (u32)k.ctime.nsec;
	if (k.has_btime) {
		sx.stx_mask |= STATX_BTIME;
		sx.stx_btime.tv_sec = k.btime.sec;
		sx.stx_btime.tv_nsec = (u32)k.btime.nsec;
	}
	sx.stx_rdev_major = MAJOR(k.rdev);
	sx.stx_rdev_minor = MINOR(k.rdev);
	sx.stx_dev_major = MAJOR(k.dev);
	sx.stx_dev_minor = MINOR(k.dev);
	return copy_to_user(buf, &sx, sizeof(sx));
}

static long do_readlinkat(int dirfd, uaddr_t upath, uaddr_t ubuf, int size)
{
	char *name, *buf;
	struct path p;
	struct inode *inode;
	long n;

	if (size <= 0)
		return -EINVAL;
	name = getname(upath);
	if (IS_ERR(name))
		return PTR_ERR(name);
	n = user_path_at(dirfd, name, LOOKUP_EMPTY, &p);
	putname(name);
	if (n)
		return n;
	inode = p.dentry->inode;
	if (!S_ISLNK(inode->mode) || !inode->i_op || !inode->i_op->readlink) {
		path_put(&p);
		return -EINVAL;
	}
	buf = kmalloc(PATH_MAX);
	if (!buf) {
		path_put(&p);
		return -ENOMEM;
	}
	n = inode->i_op->readlink(p.dentry, buf, PATH_MAX);
	path_put(&p);
	if (n > size)
		n = size;
	if (n > 0 && copy_to_user(ubuf, buf, (size_t)n))
		n = -EFAULT;
	kfree(buf);
	return n;
}

SYSCALL_DEFINE3(readlink, uaddr_t, path, uaddr_t, buf, int, size)
{
	return do_readlinkat(AT_FDCWD, path, buf, size);
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, uaddr_t, path, uaddr_t, buf, int, size)
{
	return do_readlinkat(dirfd, path, buf, size);
}
