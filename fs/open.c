// SPDX-License-Identifier: GPL-2.0
/*
 * Opening files and the calls that check or change where a task stands:
 * open, openat, access, faccessat(2), chdir, fchdir. Creating files arrives
 * with writable file systems; on a read-only one Linux's answer (EROFS)
 * is given.
 */
#include <linux/fcntl.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif
#define VALID_OPEN_FLAGS                                                                           \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC |     \
	 FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC |      \
	 __O_SYNC | O_PATH | __O_TMPFILE)

/*
 * Whether the directory that would hold name exists (for O_CREAT on a name
 * that does not): 0 if it does, else the lookup error.
 */
static int parent_exists(int dirfd, const char *name)
{
	size_t len = strlen(name);
	char *parent;
	struct path p;
	int err;

	while (len > 1 && name[len - 1] == '/')
		len--;
	while (len && name[len - 1] != '/')
		len--;
	if (!len)
		parent = kstrdup(".");
	else
		parent = kstrndup(name, len);
	if (!parent)
		return -ENOMEM;
	err = user_path_at(dirfd, parent, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	kfree(parent);
	if (!err)
		path_put(&p);
	return err;
}

static int may_open(const struct path *p, unsigned int flags)
{
	struct inode *inode = p->dentry->inode;
	unsigned int acc = flags & O_ACCMODE;
	int mask = 0;

	if (flags & O_PATH)
		return 0;
	if (S_ISLNK(inode->mode))
		return -ELOOP;
	if (S_ISDIR(inode->mode) && (acc != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
		return -EISDIR;
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= MAY_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	if (acc == 3)
		return -EINVAL; /* O_ACCMODE 3 is only for ioctl-only device opens */
	if ((S_ISCHR(inode->mode) || S_ISBLK(inode->mode)) && (p->mnt->flags & MNT_NODEV))
		return -EACCES;
	if ((mask & MAY_WRITE) && (p->mnt->flags & MNT_RDONLY) &&
	    (S_ISREG(inode->mode) || S_ISDIR(inode->mode)))
		return -EROFS;
	return inode_permission(inode, mask);
}

struct file *do_filp_open(int dirfd, const char *name, unsigned int flags, umode_t mode)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct path p;
	struct file *f;
	int err;

	if (flags & ~VALID_OPEN_FLAGS)
		flags &= VALID_OPEN_FLAGS; /* Linux ignores unknown open flags */
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if ((flags & __O_TMPFILE) == __O_TMPFILE) {
		if ((flags & O_TMPFILE) != O_TMPFILE || !(flags & O_ACCMODE) || (flags & O_CREAT))
			return ERR_PTR(-EINVAL);
	}
	if (flags & O_NOFOLLOW)
		lookup &= ~LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lookup |= LOOKUP_DIRECTORY;
	if ((flags & O_CREAT) && (flags & O_EXCL))
		lookup &= ~LOOKUP_FOLLOW; /* O_EXCL: a symlink counts as existing */

	err = user_path_at(dirfd, name, lookup, &p);
	if (flags & __O_TMPFILE) {
		/* An unnamed file in the directory p: needs a writable file system. */
		if (err)
			return ERR_PTR(err);
		err = (p.mnt->flags & MNT_RDONLY) ? -EROFS : -EOPNOTSUPP;
		path_put(&p);
		return ERR_PTR(err);
	}
	if (err == -ENOENT && (flags & O_CREAT)) {
		/* Creating: the parent must exist; then the file system decides. */
		err = parent_exists(dirfd, name);
		if (!err)
			err = -EROFS;
		return ERR_PTR(err);
	}
	if (err)
		return ERR_PTR(err);
	if ((flags & O_CREAT) && (flags & O_EXCL)) {
		path_put(&p);
		return ERR_PTR(-EEXIST);
	}
	err = may_open(&p, flags);
	if (err) {
		path_put(&p);
		return ERR_PTR(err);
	}
	f = dentry_open(&p, flags);
	path_put(&p);
	return f;
}

struct file *filp_open_kernel(const char *name, unsigned int flags)
{
	struct path p;
	struct file *f;
	int err = kern_path(name, LOOKUP_FOLLOW, &p);

	if (err)
		return ERR_PTR(err);
	f = dentry_open(&p, flags);
	path_put(&p);
	return f;
}

static long do_sys_open(int dirfd, uaddr_t uname, unsigned int flags, umode_t mode)
{
	char *name = getname(uname);
	struct file *f;

	if (IS_ERR(name))
		return PTR_ERR(name);
	f = do_filp_open(dirfd, name, flags, mode);
	putname(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	return fd_install_lowest(f, 0, flags & O_CLOEXEC);
}

SYSCALL_DEFINE3(open, uaddr_t, name, int, flags, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, name, (unsigned int)flags | O_LARGEFILE, mode);
}

SYSCALL_DEFINE4(openat, int, dirfd, uaddr_t, name, int, flags, umode_t, mode)
{
	return do_sys_open(dirfd, name, (unsigned int)flags | O_LARGEFILE, mode);
}

/* --- access ------------------------------------------------------------- */

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/*
 * Linux's access_override_creds: access(2) asks what the real ids could do.
 * The fs ids become the real ones, and the capabilities those of the real
 * uid: root's permitted set, nothing for anyone else.
 */
static struct cred *access_override_creds(void)
{
	struct cred *c = cred_prepare(current->cred);

	if (!c)
		return NULL;
	c->fsuid = c->uid;
	c->fsgid = c->gid;
	c->cap_effective = c->uid == 0 ? c->cap_permitted : 0;
	return override_creds(c);
}

static long do_faccessat(int dirfd, uaddr_t uname, int mode, int flags)
{
	unsigned int lookup = LOOKUP_FOLLOW;
	struct cred *saved = NULL;
	struct inode *inode;
	char *name;
	struct path p;
	int err, mask;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lookup = 0;
	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	name = getname(uname);
	if (IS_ERR(name))
		return PTR_ERR(name);
	/* The whole lookup runs with the real ids, directory search included. */
	if (!(flags & AT_EACCESS)) {
		saved = access_override_creds();
		if (!saved) {
			putname(name);
			return -ENOMEM;
		}
	}
	err = user_path_at(dirfd, name, lookup, &p);
	putname(name);
	if (err)
		goto out;
	inode = p.dentry->inode;
	mask = ((mode & R_OK) ? MAY_READ : 0) | ((mode & W_OK) ? MAY_WRITE : 0) |
	       ((mode & X_OK) ? MAY_EXEC : 0) | MAY_ACCESS;
	/* Linux's order: noexec, permission bits, then a read-only mount. */
	err = -EACCES;
	if ((mode & X_OK) && S_ISREG(inode->mode) && (p.mnt->flags & MNT_NOEXEC))
		goto out_put;
	err = inode_permission(inode, mask);
	if (!err && (mode & W_OK) && (p.mnt->flags & MNT_RDONLY) &&
	    (S_ISREG(inode->mode) || S_ISDIR(inode->mode) || S_ISLNK(inode->mode)))
		err = -EROFS;
out_put:
	path_put(&p);
out:
	if (saved)
		revert_creds(saved);
	return err;
}

SYSCALL_DEFINE2(access, uaddr_t, name, int, mode)
{
	return do_faccessat(AT_FDCWD, name, mode, 0);
}

SYSCALL_DEFINE3(faccessat, int, dirfd, uaddr_t, name, int, mode)
{
	return do_faccessat(dirfd, name, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dirfd, uaddr_t, name, int, mode, int, flags)
{
	return do_faccessat(dirfd, name, mode, flags);
}

/* --- the working directory -------------------------------------------------- */

static long set_pwd(struct path *p)
{
	int err;

	if (!p->dentry->inode || !inode_is_dir(p->dentry->inode))
		return -ENOTDIR;
	err = inode_permission(p->dentry->inode, MAY_EXEC);
	if (err)
		return err;
	path_put(&current->fs->pwd);
	current->fs->pwd = *p;
	path_get(p);
	return 0;
}

SYSCALL_DEFINE1(chdir, uaddr_t, uname)
{
	char *name = getname(uname);
	struct path p;
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = user_path_at(AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	putname(name);
	if (err)
		return err;
	err = set_pwd(&p);
	path_put(&p);
	return err;
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *f = fget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = f->path.dentry ? set_pwd(&f->path) : -ENOTDIR;
	fput(f);
	return err;
}
