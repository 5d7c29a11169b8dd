// SPDX-License-Identifier: GPL-2.0
/*
 * Character devices: drivers register file operations for a range of
 * (major, minor) numbers; opening a character-device inode, on any file
 * system, opens the registered driver (never a host device node).
 */
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/slab.h>

#include "internal.h"

struct chrdev {
	unsigned int major, minor, count;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
};

static LIST_HEAD(chrdevs);

int register_chrdev(unsigned int major, unsigned int minor, unsigned int count, const char *name,
		    const struct file_operations *fops)
{
	struct chrdev *c = kzalloc(sizeof(*c));

	if (!c)
		return -ENOMEM;
	c->major = major;
	c->minor = minor;
	c->count = count;
	c->name = name;
	c->fops = fops;
	list_add_tail(&c->list, &chrdevs);
	return 0;
}

const struct file_operations *chrdev_fops(dev_t dev)
{
	struct chrdev *c;

	list_for_each_entry (c, &chrdevs, list)
		if (c->major == MAJOR(dev) && MINOR(dev) >= c->minor &&
		    MINOR(dev) - c->minor < c->count)
			return c->fops;
	return NULL;
}

static int chrdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *fops = chrdev_fops(inode->rdev);

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(inode, f) : 0;
}

const struct file_operations chrdev_open_fops = {
	.open = chrdev_open,
};

static int bad_special_open(struct inode *inode, struct file *f)
{
	return -ENXIO;
}

const struct file_operations bad_special_fops = {
	.open = bad_special_open,
};
