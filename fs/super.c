// SPDX-License-Identifier: GPL-2.0
/*
 * File system types, super blocks and mounts. A mount attaches a super
 * block's root at a dentry of its parent mount; the root mount is its own
 * parent. Mounting from the guest (mount(2)) arrives with the full VFS.
 */
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>

#include "internal.h"

static LIST_HEAD(fs_types);
static LIST_HEAD(mounts);
struct mount *root_mount;

int register_filesystem(struct file_system_type *fs)
{
	if (get_fs_type(fs->name))
		return -EBUSY;
	list_add_tail(&fs->list, &fs_types);
	return 0;
}

const struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs;

	list_for_each_entry (fs, &fs_types, list)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

dev_t get_anon_dev(void)
{
	static unsigned int next = 16;

	return MKDEV(0, next++);
}

int mount_root(const char *fstype, const char *source, int flags, const void *data)
{
	const struct file_system_type *fs = get_fs_type(fstype);
	struct super_block *sb;
	struct mount *m;

	if (!fs)
		return -ENODEV;
	dcache_init();
	sb = fs->mount(fs, flags, source, data);
	if (IS_ERR(sb))
		return (int)PTR_ERR(sb);
	m = kzalloc(sizeof(*m));
	if (!m) {
		fs->kill_sb(sb);
		return -ENOMEM;
	}
	m->parent = m;
	m->root = dget(sb->root);
	m->mountpoint = dget(sb->root);
	m->sb = sb;
	m->flags = (flags & SB_RDONLY) ? MNT_RDONLY : 0;
	m->refcount = 1;
	list_add_tail(&m->list, &mounts);
	root_mount = m;
	pr_info("VFS: mounted root (%s file system)%s.\n", fstype,
		(flags & SB_RDONLY) ? " readonly" : "");
	return 0;
}

struct mount *vfs_mount_at(const struct path *mp, struct super_block *sb, unsigned long mnt_flags)
{
	struct mount *m;

	if (!mp->dentry->inode || !inode_is_dir(mp->dentry->inode))
		return ERR_PTR(-ENOTDIR);
	m = kzalloc(sizeof(*m));
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->parent = mntget(mp->mnt);
	m->mountpoint = dget(mp->dentry);
	m->root = dget(sb->root);
	m->sb = sb;
	m->flags = mnt_flags;
	m->refcount = 1;
	mp->dentry->mounted = true;
	list_add_tail(&m->list, &mounts);
	return m;
}

void vfs_umount(struct mount *m)
{
	struct mount *o;
	bool still = false;

	list_del(&m->list);
	list_for_each_entry (o, &mounts, list)
		if (o->mountpoint == m->mountpoint)
			still = true;
	m->mountpoint->mounted = still;
	dput(m->mountpoint);
	dput(m->root);
	mntput(m->parent);
	kfree(m);
}

struct mount *lookup_mnt(const struct path *p)
{
	struct mount *m;

	if (!p->dentry->mounted)
		return NULL;
	list_for_each_entry (m, &mounts, list)
		if (m->parent == p->mnt && m->mountpoint == p->dentry && m != p->mnt)
			return m;
	return NULL;
}

struct mount *mntget(struct mount *m)
{
	m->refcount++;
	return m;
}

void mntput(struct mount *m)
{
	if (m)
		m->refcount--;
}

void path_get(const struct path *p)
{
	mntget(p->mnt);
	dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	mntput(p->mnt);
}

bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

void get_root_path(struct path *p)
{
	p->mnt = root_mount;
	p->dentry = root_mount->root;
	path_get(p);
}

struct fs_struct *fs_struct_alloc(const struct path *root)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->refcount = 1;
	fs->root = *root;
	fs->pwd = *root;
	path_get(&fs->root);
	path_get(&fs->pwd);
	fs->umask = 022;
	return fs;
}

struct fs_struct *fs_struct_copy(const struct fs_struct *old)
{
	struct fs_struct *fs = fs_struct_alloc(&old->root);

	if (!fs)
		return NULL;
	path_put(&fs->pwd);
	fs->pwd = old->pwd;
	path_get(&fs->pwd);
	fs->umask = old->umask;
	return fs;
}

void fs_struct_put(struct fs_struct *fs)
{
	if (--fs->refcount > 0)
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}
