// SPDX-License-Identifier: GPL-2.0
/*
 * hostfs: a host directory as a guest file system (DESIGN §5).
 *
 * Every hostfs inode holds a host O_PATH descriptor of its file. A lookup
 * opens exactly one name relative to its parent's descriptor with
 * O_PATH|O_NOFOLLOW, and the VFS does "..", "." and symlinks itself, so
 * resolution can never leave the host directory: not through "..", not
 * through an absolute or relative symlink, not through a rename racing
 * with a lookup (descriptors, not paths, are followed). Opening a file
 * reopens its descriptor through /proc/self/fd with the access needed.
 *
 * Owners: files of the user running umk show as root:root; any other host
 * owner shows as the overflow id 65534 (nobody), as `unshare -r` shows
 * them. Device nodes are presented as devices and open umk's own drivers,
 * never the host's.
 *
 * This version mounts read-only; writing, with guest owners and modes kept
 * in a user.* xattr, comes with the read-write VFS.
 */
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <umk/abi.h>
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/init.h>
#include <umk/mm.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/uaccess.h>

#define HOSTFS_IO_CHUNK (64 * 1024)

struct hostfs_sb {
	u32 host_uid, host_gid; /* umk's own ids on the host */
};

struct hostfs_inode {
	int fd; /* O_PATH|O_NOFOLLOW on the host file */
	u64 host_dev; /* with host ino: the file's identity, for revalidation */
};

/* Per open file: a host descriptor with real access. */
struct hostfs_file {
	int fd;
	loff_t host_dir_pos; /* where the host directory stream stands */
};

static const struct inode_operations hostfs_dir_iops, hostfs_file_iops, hostfs_link_iops;
static const struct file_operations hostfs_dir_fops, hostfs_file_fops;
static const struct dentry_operations hostfs_dops;

static struct hostfs_inode *HI(const struct inode *i)
{
	return i->private;
}

static dev_t host_dev_decode(u64 d)
{
	/* glibc's dev_t encoding */
	u64 ma = ((d >> 8) & 0xfff) | ((d >> 32) & ~0xfffULL);
	u64 mi = (d & 0xff) | ((d >> 12) & ~0xffULL);

	return MKDEV(ma, mi);
}

static void fill_attrs(struct inode *inode, const struct host_stat *st)
{
	struct hostfs_sb *hs = inode->sb->fs_info;

	inode->ino = st->ino;
	inode->nlink = (u32)st->nlink;
	inode->uid = st->uid == hs->host_uid ? 0 : OVERFLOW_UID;
	inode->gid = st->gid == hs->host_gid ? 0 : OVERFLOW_GID;
	inode->size = st->size;
	inode->blocks = st->blocks;
	inode->blksize = st->blksize;
	inode->atime = (struct timespec64){ st->atime_sec, st->atime_nsec };
	inode->mtime = (struct timespec64){ st->mtime_sec, st->mtime_nsec };
	inode->ctime = (struct timespec64){ st->ctime_sec, st->ctime_nsec };
	inode->mode = st->mode;
	HI(inode)->host_dev = st->dev;
}

/* Makes an inode for the host O_PATH descriptor fd (which moves in). */
static struct inode *hostfs_iget(struct super_block *sb, int fd, const struct host_stat *st)
{
	struct inode *inode = inode_alloc(sb);
	struct hostfs_inode *hi = kzalloc(sizeof(*hi));

	if (!inode || !hi) {
		kfree(inode);
		kfree(hi);
		host_close(fd);
		return NULL;
	}
	hi->fd = fd;
	inode->private = hi;
	fill_attrs(inode, st);
	switch (st->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &hostfs_dir_iops;
		inode->i_fop = &hostfs_dir_fops;
		break;
	case S_IFREG:
		inode->i_op = &hostfs_file_iops;
		inode->i_fop = &hostfs_file_fops;
		break;
	case S_IFLNK:
		inode->i_op = &hostfs_link_iops;
		break;
	default:
		inode->i_op = &hostfs_file_iops;
		init_special_inode(inode, st->mode, host_dev_decode(st->rdev));
	}
	return inode;
}

static void hostfs_evict(struct inode *inode)
{
	struct hostfs_inode *hi = HI(inode);

	if (hi) {
		host_close(hi->fd);
		kfree(hi);
	}
}

/* --- lookups and attributes ------------------------------------------------- */

static int hostfs_lookup(struct inode *dir, struct dentry *dentry)
{
	struct host_stat st;
	struct inode *inode;
	int fd, err;

	/* One component, never followed: the VFS handles symlinks and "..". */
	if (memchr(dentry->name, '/', dentry->name_len) || !strcmp(dentry->name, ".") ||
	    !strcmp(dentry->name, ".."))
		return -EINVAL;
	fd = host_openat(HI(dir)->fd, dentry->name, O_PATH | O_NOFOLLOW, 0);
	if (fd == -ENOENT)
		return 0; /* negative */
	if (fd < 0)
		return fd;
	err = host_fstatat(fd, "", &st, AT_EMPTY_PATH);
	if (err) {
		host_close(fd);
		return err;
	}
	inode = hostfs_iget(dir->sb, fd, &st);
	if (!inode)
		return -ENOMEM;
	dentry->inode = inode;
	return 0;
}

/* A cached dentry is right while the host name still leads to the same file. */
static bool hostfs_revalidate(struct dentry *d)
{
	struct host_stat st;
	int err;

	if (d->parent == d || !d->parent->inode)
		return true;
	err = host_fstatat(HI(d->parent->inode)->fd, d->name, &st, AT_SYMLINK_NOFOLLOW);
	if (!d->inode)
		return err == -ENOENT;
	return !err && st.ino == d->inode->ino && st.dev == HI(d->inode)->host_dev &&
	       (st.mode & S_IFMT) == (d->inode->mode & S_IFMT);
}

static int hostfs_getattr(struct dentry *d, struct kstat *unused)
{
	struct host_stat st;
	int err = host_fstatat(HI(d->inode)->fd, "", &st, AT_EMPTY_PATH);

	if (err)
		return err;
	fill_attrs(d->inode, &st);
	return 0;
}

static long hostfs_readlink(struct dentry *d, char *buf, size_t len)
{
	return host_readlinkat(HI(d->inode)->fd, "", buf, len);
}

/* --- open files --------------------------------------------------------- */

static int hostfs_open(struct inode *inode, struct file *f)
{
	struct hostfs_file *hf = kzalloc(sizeof(*hf));
	int flags = (f->mode & FMODE_WRITE) ? ((f->mode & FMODE_READ) ? O_RDWR : O_WRONLY)
					    : O_RDONLY;

	if (!hf)
		return -ENOMEM;
	if (inode_is_dir(inode))
		flags = O_RDONLY | O_DIRECTORY;
	hf->fd = host_reopen(HI(inode)->fd, flags);
	if (hf->fd < 0) {
		int err = hf->fd;

		kfree(hf);
		return err;
	}
	f->private_data = hf;
	return 0;
}

static void hostfs_release(struct inode *inode, struct file *f)
{
	struct hostfs_file *hf = f->private_data;

	if (hf) {
		host_close(hf->fd);
		kfree(hf);
	}
}

static ssize_t hostfs_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct hostfs_file *hf = f->private_data;
	char *buf = kmalloc(HOSTFS_IO_CHUNK);
	ssize_t done = 0;

	if (!buf)
		return -ENOMEM;
	while (to->count) {
		size_t want = min_t(size_t, to->count, HOSTFS_IO_CHUNK), got;
		long n;

		kernel_unlock();
		n = host_pread(hf->fd, buf, want, *pos);
		kernel_lock();
		if (n < 0) {
			if (!done)
				done = n;
			break;
		}
		if (n == 0)
			break;
		got = copy_to_iter(buf, (size_t)n, to);
		*pos += (loff_t)got;
		done += (ssize_t)got;
		if (got < (size_t)n) {
			if (!done)
				done = -EFAULT;
			break;
		}
		if ((size_t)n < want)
			break;
	}
	kfree(buf);
	return done;
}

static loff_t hostfs_llseek(struct file *f, loff_t off, int whence)
{
	struct hostfs_file *hf = f->private_data;

	if (whence == SEEK_END || whence == SEEK_DATA || whence == SEEK_HOLE) {
		struct host_stat st;

		if (!host_fstatat(hf->fd, "", &st, AT_EMPTY_PATH))
			f->inode->size = st.size;
	}
	return generic_file_llseek(f, off, whence);
}

static int hostfs_mmap_host(struct file *f, struct vma *vma, int *hostfd, u64 *off)
{
	struct hostfs_file *hf = f->private_data;

	/* A shared writable mapping would need a writable descriptor. */
	if ((vma->flags & VM_SHARED) && (vma->flags & VM_WRITE) && !(f->mode & FMODE_WRITE))
		return -EACCES;
	*hostfd = hf->fd;
	*off = vma->off;
	return 0;
}

/* --- directories ---------------------------------------------------------- */

static long hostfs_iterate(struct file *f, void *buf, size_t len)
{
	struct hostfs_file *hf = f->private_data;
	long n;
	size_t at = 0;

	if (f->pos != hf->host_dir_pos) {
		s64 r = host_lseek(hf->fd, f->pos, SEEK_SET);

		if (r < 0)
			return r;
		hf->host_dir_pos = f->pos;
	}
	n = host_getdents64(hf->fd, buf, len);
	if (n < 0)
		return n == -EINVAL ? -EINVAL : n;
	/* The records are already in the guest's format; note where they end. */
	while (at < (size_t)n) {
		struct linux_dirent64 *d = (struct linux_dirent64 *)((char *)buf + at);

		if (d->d_reclen < sizeof(*d) || at + d->d_reclen > (size_t)n)
			return -EIO;
		f->pos = d->d_off;
		at += d->d_reclen;
	}
	hf->host_dir_pos = f->pos;
	return n;
}

static loff_t hostfs_dir_llseek(struct file *f, loff_t off, int whence)
{
	/* Directory positions are the host's opaque cookies. */
	switch (whence) {
	case SEEK_SET:
		if (off < 0)
			return -EINVAL;
		f->pos = off;
		return off;
	case SEEK_CUR:
		if (off == 0)
			return f->pos;
		if (f->pos + off < 0)
			return -EINVAL;
		f->pos += off;
		return f->pos;
	}
	return -EINVAL;
}

static const struct inode_operations hostfs_dir_iops = {
	.lookup = hostfs_lookup,
	.getattr = hostfs_getattr,
};

static const struct inode_operations hostfs_file_iops = {
	.getattr = hostfs_getattr,
};

static const struct inode_operations hostfs_link_iops = {
	.readlink = hostfs_readlink,
	.getattr = hostfs_getattr,
};

static const struct file_operations hostfs_dir_fops = {
	.open = hostfs_open,
	.release = hostfs_release,
	.iterate = hostfs_iterate,
	.llseek = hostfs_dir_llseek,
};

static const struct file_operations hostfs_file_fops = {
	.open = hostfs_open,
	.release = hostfs_release,
	.read_iter = hostfs_read,
	.llseek = hostfs_llseek,
	.mmap_host = hostfs_mmap_host,
};

static const struct dentry_operations hostfs_dops = {
	.revalidate = hostfs_revalidate,
};

static const struct super_operations hostfs_sops = {
	.evict_inode = hostfs_evict,
};

/* --- mounting ---------------------------------------------------------------- */

static struct super_block *hostfs_mount(const struct file_system_type *fs, int flags,
					const char *source, const void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb));
	struct hostfs_sb *hs = kzalloc(sizeof(*hs));
	struct host_stat st;
	struct inode *root;
	int fd, err = -ENOMEM;

	if (!sb || !hs)
		goto fail;
	fd = host_openat(AT_FDCWD, source, O_PATH | O_DIRECTORY, 0);
	if (fd < 0) {
		err = fd;
		goto fail;
	}
	err = host_fstatat(fd, "", &st, AT_EMPTY_PATH);
	if (err) {
		host_close(fd);
		goto fail;
	}
	hs->host_uid = host_geteuid();
	hs->host_gid = host_getegid();
	sb->type = fs;
	sb->s_op = &hostfs_sops;
	sb->fs_info = hs;
	sb->dev = get_anon_dev();
	sb->flags = flags & SB_RDONLY;
	sb->refcount = 1;
	root = hostfs_iget(sb, fd, &st);
	if (!root) {
		err = -ENOMEM;
		goto fail;
	}
	sb->root = d_make_root(root);
	if (!sb->root) {
		iput(root);
		err = -ENOMEM;
		goto fail;
	}
	sb->root->d_op = &hostfs_dops;
	return sb;
fail:
	kfree(sb);
	kfree(hs);
	return ERR_PTR(err);
}

static void hostfs_kill_sb(struct super_block *sb)
{
	kfree(sb->fs_info);
	kfree(sb);
}

static struct file_system_type hostfs_type = {
	.name = "hostfs",
	.mount = hostfs_mount,
	.kill_sb = hostfs_kill_sb,
};

static int hostfs_init(void)
{
	return register_filesystem(&hostfs_type);
}
fs_initcall(hostfs_init);
