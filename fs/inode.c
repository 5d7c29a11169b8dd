// SPDX-License-Identifier: GPL-2.0
/*
 * Inodes: allocation, reference counting, special files, and the generic
 * permission check on mode bits with the caller's fs credentials.
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

int inode_permission(struct inode *inode, int mask)
{
	const struct cred *c = current ? current->cred : NULL;
	uid_t uid;
	umode_t mode = inode->mode;
	int need = mask & (MAY_READ | MAY_WRITE | MAY_EXEC);
	int have;

	if (!c)
		return 0; /* the kernel itself (boot) */
	if ((mask & MAY_WRITE) && inode->sb && (inode->sb->flags & SB_RDONLY) &&
	    (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
		return -EROFS;
	if (inode->i_op && inode->i_op->permission) {
		int err = inode->i_op->permission(inode, mask);

		if (err)
			return err;
	}
	uid = (mask & MAY_ACCESS) ? c->uid : c->fsuid;
	if (uid == inode->uid)
		have = (mode >> 6) & 7;
	else if ((mask & MAY_ACCESS) ? (c->gid == inode->gid || in_group_p(inode->gid))
				     : in_group_p(inode->gid))
		have = (mode >> 3) & 7;
	else
		have = mode & 7;
	if ((have & need) == need)
		return 0;
	/* Root overrides everything except executing a file with no x bit at all. */
	if (uid == 0) {
		if (!(need & MAY_EXEC) || S_ISDIR(mode) || (mode & 0111))
			return 0;
	}
	return -EACCES;
}
