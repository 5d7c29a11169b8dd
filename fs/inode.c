// SPDX-License-Identifier: GPL-2.0
/*
 * Inodes: allocation, reference counting, special files, and the generic
 * permission check on mode bits with the caller's fs credentials and
 * capabilities.
 */
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/pipe.h>
#include <umk/sched.h>
#include <umk/slab.h>

#include "internal.h"

struct inode *inode_alloc(struct super_block *sb)
{
	struct inode *i = kzalloc(sizeof(*i));

	if (!i)
		return NULL;
	i->sb = sb;
	i->refcount = 1;
	i->blksize = 4096;
	i->nlink = 1;
	return i;
}

struct inode *iget(struct inode *inode)
{
	inode->refcount++;
	return inode;
}

u64 get_next_ino(void)
{
	static u64 last;

	return ++last;
}

void iput(struct inode *inode)
{
	if (!inode || --inode->refcount > 0)
		return;
	if (inode->sb && inode->sb->s_op && inode->sb->s_op->evict_inode)
		inode->sb->s_op->evict_inode(inode);
	kfree(inode);
}

void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->mode = mode;
	inode->rdev = rdev;
	if (S_ISCHR(mode))
		inode->i_fop = &chrdev_open_fops;
	else if (S_ISFIFO(mode))
		inode->i_fop = &pipefifo_fops;
	else
		inode->i_fop = &bad_special_fops; /* block devices, sockets: later */
}

/*
 * Linux's acl_permission_check: the owner's bits if the fs uid owns the
 * inode, else the group's if the caller is in its group (fs gid or a
 * supplementary group), else the others'.
 */
static int mode_permission(const struct cred *c, const struct inode *inode, int mask)
{
	umode_t mode = inode->mode;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (c->fsuid == inode->uid)
		mode >>= 6;
	else if (c->fsgid == inode->gid || groups_search(c, inode->gid))
		mode >>= 3;
	return (mask & ~mode & 7) ? -EACCES : 0;
}

/*
 * Linux's generic_permission: mode bits, then the capabilities that
 * override them. CAP_DAC_READ_SEARCH lets one read any file and read and
 * search any directory; CAP_DAC_OVERRIDE lets one read and write anything
 * and search any directory, and execute a file that has some execute bit.
 */
static int generic_permission(const struct cred *c, const struct inode *inode, int mask)
{
	int err = mode_permission(c, inode, mask);

	if (err != -EACCES)
		return err;
	if (S_ISDIR(inode->mode)) {
		if (!(mask & MAY_WRITE) && cred_capable(c, CAP_DAC_READ_SEARCH))
			return 0;
		return cred_capable(c, CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (mask == MAY_READ && cred_capable(c, CAP_DAC_READ_SEARCH))
		return 0;
	if ((!(mask & MAY_EXEC) || (inode->mode & 0111)) && cred_capable(c, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

int inode_permission(struct inode *inode, int mask)
{
	const struct cred *c = current ? current->cred : NULL;

	if (!c)
		return 0; /* the kernel itself (boot) */
	if ((mask & MAY_WRITE) && inode->sb && (inode->sb->flags & SB_RDONLY) &&
	    (S_ISREG(inode->mode) || S_ISDIR(inode->mode) || S_ISLNK(inode->mode)))
		return -EROFS;
	if (inode->i_op && inode->i_op->permission) {
		int err = inode->i_op->permission(inode, mask);

		if (err)
			return err;
	}
	return generic_permission(c, inode, mask);
}
