// SPDX-License-Identifier: GPL-2.0
/*
 * The dentry cache. A dentry names an inode (or, negative, the absence of
 * one) in a parent directory and holds a reference on that parent. Lookups
 * go through a hash of (parent, name). Dentries nobody uses stay cached on
 * an LRU list up to a bound, so that host resources behind their inodes
 * (hostfs keeps a host descriptor per inode) stay bounded too.
 */
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

#include "internal.h"

#define DHASH_BITS 12
#define DHASH_SIZE (1U << DHASH_BITS)
#define DCACHE_MAX_UNUSED 4096

static struct list_head dhash[DHASH_SIZE];
static LIST_HEAD(dlru);
static int nr_unused;
static bool dcache_ready;

void dcache_init(void)
{
	if (dcache_ready)
		return;
	for (unsigned i = 0; i < DHASH_SIZE; i++)
		INIT_LIST_HEAD(&dhash[i]);
	dcache_ready = true;
}

static unsigned int d_hash(const struct dentry *parent, const char *name, size_t len)
{
	u64 h = 0xcbf29ce484222325ULL ^ (u64)(uintptr_t)parent;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 0x100000001b3ULL;
	}
	return (unsigned int)(h ^ (h >> 32)) & (DHASH_SIZE - 1);
}

static void d_unhash(struct dentry *d)
{
	if (!d->unhashed) {
		list_del_init(&d->hash);
		d->unhashed = true;
	}
}

/* Frees d and drops its parent's reference, iteratively up the tree. */
static void d_free_chain(struct dentry *d)
{
	while (d) {
		struct dentry *parent = d->parent;

		d_unhash(d);
		if (!list_empty(&d->lru)) {
			list_del_init(&d->lru);
			nr_unused--;
		}
		iput(d->inode);
		kfree(d->name);
		kfree(d);
		if (parent == d || --parent->refcount > 0)
			return;
		/* The parent is unused now: cache it or free it too. */
		if (!parent->unhashed && parent->inode) {
			list_add_tail(&parent->lru, &dlru);
			nr_unused++;
			return;
		}
		d = parent;
	}
}

struct dentry *dget(struct dentry *d)
{
	if (d->refcount++ == 0 && !list_empty(&d->lru)) {
		list_del_init(&d->lru);
		nr_unused--;
	}
	return d;
}

void dput(struct dentry *d)
{
	if (!d || --d->refcount > 0)
		return;
	if (d->parent == d)
		return; /* a root: its super block frees it */
	if (d->unhashed || !d->inode) {
		d_free_chain(d);
		return;
	}
	list_add_tail(&d->lru, &dlru);
	nr_unused++;
	if (nr_unused > DCACHE_MAX_UNUSED)
		dcache_shrink(DCACHE_MAX_UNUSED * 3 / 4);
}

void dcache_shrink(int keep)
{
	while (nr_unused > keep && !list_empty(&dlru)) {
		struct dentry *d = list_first_entry(&dlru, struct dentry, lru);

		list_del_init(&d->lru);
		nr_unused--;
		d_free_chain(d);
	}
}

int dcache_unused_count(void)
{
	return nr_unused;
}

static struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->name = kstrndup(name, len);
	if (!d->name) {
		kfree(d);
		return NULL;
	}
	d->name_len = len;
	d->refcount = 1;
	INIT_LIST_HEAD(&d->lru);
	INIT_LIST_HEAD(&d->hash);
	if (parent) {
		d->parent = dget(parent);
		d->sb = parent->sb;
		d->d_op = parent->d_op;
		list_add(&d->hash, &dhash[d_hash(parent, name, len)]);
	} else {
		d->parent = d;
		d->unhashed = true;
	}
	return d;
}

struct dentry *d_make_root(struct inode *inode)
{
	struct dentry *d;

	dcache_init();
	d = d_alloc(NULL, "/", 1);
	if (!d)
		return NULL;
	d->inode = inode;
	d->sb = inode->sb;
	return d;
}

static struct dentry *d_find(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d;

	list_for_each_entry (d, &dhash[d_hash(parent, name, len)], hash)
		if (d->parent == parent && d->name_len == len && !memcmp(d->name, name, len))
			return d;
	return NULL;
}

struct dentry *d_lookup_child(struct dentry *parent, const char *name, size_t len)
{
	struct inode *dir = parent->inode;
	struct dentry *d;
	int err;

	if (len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	d = d_find(parent, name, len);
	if (d) {
		dget(d);
		if (!d->d_op || !d->d_op->revalidate || d->d_op->revalidate(d))
			return d;
		d_unhash(d); /* stale: whoever holds it keeps it, lookups get a fresh one */
		dput(d);
	}
	if (!dir || !inode_is_dir(dir) || !dir->i_op || !dir->i_op->lookup)
		return ERR_PTR(-ENOTDIR);
	d = d_alloc(parent, name, len);
	if (!d)
		return ERR_PTR(-ENOMEM);
	err = dir->i_op->lookup(dir, d);
	if (err) {
		d_unhash(d);
		dput(d);
		return ERR_PTR(err);
	}
	return d;
}

/* --- paths to strings ------------------------------------------------------- */

char *d_path(const struct path *p, const struct path *root, char *buf, size_t len)
{
	struct dentry *d = p->dentry;
	struct mount *m = p->mnt;
	char *end = buf + len, *at = end;
	bool any = false;

	if (len < 2)
		return ERR_PTR(-ENAMETOOLONG);
	*--at = '\0';
	for (;;) {
		if (d == root->dentry && m == root->mnt)
			break;
		if (d == m->root) {
			if (m->parent == m) {
				/* Reached the real root without passing the caller's root. */
				break;
			}
			d = m->mountpoint;
			m = m->parent;
			continue;
		}
		if ((size_t)(at - buf) < d->name_len + 1)
			return ERR_PTR(-ENAMETOOLONG);
		at -= d->name_len;
		memcpy(at, d->name, d->name_len);
		*--at = '/';
		any = true;
		d = d->parent;
	}
	if (!any)
		*--at = '/';
	return at;
}

SYSCALL_DEFINE2(getcwd, uaddr_t, ubuf, size_t, size)
{
	char *buf = kmalloc(PATH_MAX), *p;
	long len;

	if (!buf)
		return -ENOMEM;
	p = d_path(&current->fs->pwd, &current->fs->root, buf, PATH_MAX);
	if (IS_ERR(p)) {
		kfree(buf);
		return PTR_ERR(p);
	}
	len = (long)strlen(p) + 1;
	if ((size_t)len > size)
		len = -ERANGE;
	else if (copy_to_user(ubuf, p, (size_t)len))
		len = -EFAULT;
	kfree(buf);
	return len;
}
