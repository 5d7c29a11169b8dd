// SPDX-License-Identifier: GPL-2.0
/*
 * Path resolution, as Linux resolves: component by component from the
 * root (absolute paths) or a starting directory, with "." and "..", mount
 * points in both directions, symlinks substituted into the rest of the
 * path (at most 40 per lookup, then ELOOP), search permission checked on
 * every directory passed through, and ".." never climbing above the
 * caller's root.
 */
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/uaccess.h>

#include "internal.h"

#define MAXSYMLINKS 40

/* Moves p down through any mounts stacked on it. */
static void follow_mounts(struct path *p)
{
	struct mount *m;

	while (p->dentry->mounted && (m = lookup_mnt(p))) {
		struct path down = { mntget(m), dget(m->root) };

		path_put(p);
		*p = down;
	}
}

/* ".." from p: never above root, up through mount roots. */
static void follow_dotdot(struct path *p, const struct path *root)
{
	for (;;) {
		struct path up;

		if (path_equal(p, root))
			return;
		if (p->dentry != p->mnt->root) {
			up.mnt = mntget(p->mnt);
			up.dentry = dget(p->dentry->parent);
			path_put(p);
			*p = up;
			break;
		}
		if (p->mnt->parent == p->mnt)
			return; /* the real root: ".." stays */
		up.mnt = mntget(p->mnt->parent);
		up.dentry = dget(p->mnt->mountpoint);
		path_put(p);
		*p = up;
	}
	follow_mounts(p);
}

/* Reads the target of the symlink at d into buf (terminated); returns its length. */
static long read_link(struct dentry *d, char *buf, size_t size)
{
	struct inode *inode = d->inode;
	long n;

	if (!inode->i_op || !inode->i_op->readlink)
		return -EINVAL;
	n = inode->i_op->readlink(d, buf, size);
	if (n < 0)
		return n;
	if ((size_t)n >= size)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return n;
}

int path_lookup_nd(struct nameidata *nd, const char *name, unsigned int flags, struct path *out)
{
	char *buf, *tmp = NULL, *pos;
	struct path cur;
	int links = 0, err = 0;
	bool must_be_dir = flags & LOOKUP_DIRECTORY;
	size_t namelen = strlen(name);

	if (!namelen) {
		if (!(flags & LOOKUP_EMPTY))
			return -ENOENT;
		*out = nd->start;
		path_get(out);
		return 0;
	}
	if (namelen >= PATH_MAX)
		return -ENAMETOOLONG;
	buf = kmalloc(PATH_MAX);
	tmp = kmalloc(PATH_MAX);
	if (!buf || !tmp) {
		err = -ENOMEM;
		goto out_free;
	}
	memcpy(buf, name, namelen + 1);
	cur = name[0] == '/' ? nd->root : nd->start;
	path_get(&cur);
	pos = buf;

	for (;;) {
		const char *comp;
		size_t len;
		bool last, trailing;
		struct dentry *d;
		struct path next;
		struct inode *inode;

		while (*pos == '/')
			pos++;
		if (!*pos)
			break;
		comp = pos;
		while (*pos && *pos != '/')
			pos++;
		len = (size_t)(pos - comp);
		trailing = *pos == '/';
		{
			const char *rest = pos;

			while (*rest == '/')
				rest++;
			last = !*rest;
		}
		if (last && trailing)
			must_be_dir = true;

		inode = cur.dentry->inode;
		if (!inode || !inode_is_dir(inode)) {
			err = -ENOTDIR;
			goto out_put;
		}
		err = inode_permission(inode, MAY_EXEC);
		if (err)
			goto out_put;
		if (len > NAME_MAX) {
			err = -ENAMETOOLONG;
			goto out_put;
		}
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			follow_dotdot(&cur, &nd->root);
			continue;
		}
		d = d_lookup_child(cur.dentry, comp, len);
		if (IS_ERR(d)) {
			err = (int)PTR_ERR(d);
			goto out_put;
		}
		next.mnt = mntget(cur.mnt);
		next.dentry = d;
		follow_mounts(&next);
		inode = next.dentry->inode;
		if (!inode) {
			path_put(&next);
			err = -ENOENT;
			goto out_put;
		}
		if (S_ISLNK(inode->mode) && (!last || trailing || (flags & LOOKUP_FOLLOW))) {
			long n;
			size_t restlen = strlen(pos);

			if (++links > MAXSYMLINKS) {
				path_put(&next);
				err = -ELOOP;
				goto out_put;
			}
			n = read_link(next.dentry, tmp, PATH_MAX);
			path_put(&next);
			if (n < 0) {
				err = (int)n;
				goto out_put;
			}
			if (n == 0) {
				err = -ENOENT;
				goto out_put;
			}
			/* The rest of the path now follows the link's target. */
			if ((size_t)n + restlen >= PATH_MAX) {
				err = -ENAMETOOLONG;
				goto out_put;
			}
			memcpy(tmp + n, pos, restlen + 1);
			if (tmp[0] == '/') {
				path_put(&cur);
				cur = nd->root;
				path_get(&cur);
			}
			{
				char *swap = buf;

				buf = tmp;
				tmp = swap;
			}
			pos = buf;
			continue;
		}
		path_put(&cur);
		cur = next;
	}
	if (must_be_dir && (!cur.dentry->inode || !inode_is_dir(cur.dentry->inode))) {
		err = -ENOTDIR;
		goto out_put;
	}
	*out = cur;
	goto out_free;
out_put:
	path_put(&cur);
out_free:
	kfree(buf);
	kfree(tmp);
	return err;
}

int user_path_at(int dirfd, const char *name, unsigned int flags, struct path *out)
{
	struct nameidata nd = { .root = current->fs->root, .start = current->fs->pwd };
	struct file *f = NULL;
	int err;

	if (name[0] != '/' && dirfd != AT_FDCWD) {
		f = fget(dirfd);
		if (!f)
			return -EBADF;
		/* An empty path names the descriptor itself, whatever it is. */
		if (name[0] && (!f->inode || !inode_is_dir(f->inode) || !f->path.dentry)) {
			fput(f);
			return -ENOTDIR;
		}
		if (!f->path.dentry) {
			fput(f);
			return -EBADF;
		}
		nd.start = f->path;
	}
	err = path_lookup_nd(&nd, name, flags, out);
	if (f)
		fput(f);
	return err;
}

int kern_path(const char *name, unsigned int flags, struct path *out)
{
	struct nameidata nd;
	int err;

	get_root_path(&nd.root);
	nd.start = nd.root;
	err = path_lookup_nd(&nd, name, flags, out);
	path_put(&nd.root);
	return err;
}
