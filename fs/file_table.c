// SPDX-License-Identifier: GPL-2.0
/*
 * Open file descriptions (struct file): created by opening a path or by a
 * driver, shared by dup and fork, released with the last reference.
 */
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/slab.h>

static unsigned int mode_of(unsigned int flags)
{
	unsigned int acc = flags & O_ACCMODE;
	unsigned int m = FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;

	if (flags & O_PATH)
		return FMODE_PATH;
	if (acc == O_RDONLY || acc == O_RDWR)
		m |= FMODE_READ;
	if (acc == O_WRONLY || acc == O_RDWR)
		m |= FMODE_WRITE;
	return m;
}

static struct file *file_new(struct inode *inode, const struct file_operations *fop,
			     unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->refcount = 1;
	f->inode = inode ? iget(inode) : NULL;
	f->f_op = fop;
	/* O_NOCTTY stays for the open method to see (a tty's), then goes. */
	f->flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC);
	f->mode = mode_of(flags);
	return f;
}

struct file *alloc_file(struct inode *inode, const struct file_operations *fop, unsigned int flags)
{
	struct file *f = file_new(inode, fop, flags & ~O_NOCTTY);

	return f ? f : ERR_PTR(-ENOMEM);
}

struct file *dentry_open(const struct path *path, unsigned int flags)
{
	struct inode *inode = path->dentry->inode;
	struct file *f;
	int err;

	if (!inode)
		return ERR_PTR(-ENOENT);
	f = file_new(inode, inode->i_fop, flags);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->path = *path;
	path_get(&f->path);
	if (flags & O_PATH) {
		f->f_op = NULL;
		return f;
	}
	if (f->f_op && f->f_op->open) {
		err = f->f_op->open(inode, f);
		if (err) {
			f->f_op = NULL; /* no release: open failed */
			fput(f);
			return ERR_PTR(err);
		}
	}
	f->flags &= ~O_NOCTTY;
	return f;
}

struct file *get_file(struct file *f)
{
	f->refcount++;
	return f;
}

void fput(struct file *f)
{
	if (!f || --f->refcount > 0)
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->inode, f);
	if (f->path.dentry)
		path_put(&f->path);
	iput(f->inode);
	kfree(f);
}
