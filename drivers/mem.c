// SPDX-License-Identifier: GPL-2.0
/*
 * The memory devices of major 1: null (3), zero (5), full (7), random (8)
 * and urandom (9), with Linux's behaviour; randomness comes from the host.
 */
#include <linux/fcntl.h>
#include <host/host.h>
#include <umk/errno.h>
#include <umk/string.h>
#include <umk/fs.h>
#include <umk/init.h>
#include <umk/mm.h>
#include <umk/uaccess.h>

#define MEM_MAJOR 1

static ssize_t null_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return 0;
}

static ssize_t sink_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	size_t n = from->count;

	from->count = 0;
	return (ssize_t)n;
}

static ssize_t full_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return -ENOSPC;
}

static loff_t null_llseek(struct file *f, loff_t off, int whence)
{
	f->pos = 0;
	return 0;
}

static ssize_t fill_read(struct iov_iter *to, bool random)
{
	char buf[4096];
	ssize_t done = 0;

	while (to->count) {
		size_t n = min(to->count, sizeof(buf)), c;

		if (random) {
			if (host_getrandom(buf, n))
				return done ? done : -EIO;
		} else {
			memset(buf, 0, n);
		}
		c = copy_to_iter(buf, n, to);
		done += (ssize_t)c;
		if (c < n)
			return done ? done : -EFAULT;
		/* Long reads of random data stop early, as Linux's may. */
		if (random && done >= (1 << 20))
			break;
	}
	return done;
}

static ssize_t zero_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return fill_read(to, false);
}

static ssize_t random_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return fill_read(to, true);
}

/* A private mapping of /dev/zero is anonymous memory. */
static int zero_mmap_host(struct file *f, struct vma *v, int *hostfd, u64 *off)
{
	*hostfd = -1;
	*off = 0;
	return 0;
}

static const struct file_operations null_fops = {
	.read_iter = null_read,
	.write_iter = sink_write,
	.llseek = null_llseek,
};

static const struct file_operations zero_fops = {
	.read_iter = zero_read,
	.write_iter = sink_write,
	.llseek = null_llseek,
	.mmap_host = zero_mmap_host,
};

static const struct file_operations full_fops = {
	.read_iter = zero_read,
	.write_iter = full_write,
	.llseek = null_llseek,
};

static const struct file_operations random_fops = {
	.read_iter = random_read,
	.write_iter = sink_write,
	.llseek = null_llseek,
};

static int mem_devices_init(void)
{
	int err = register_chrdev(MEM_MAJOR, 3, 1, "null", &null_fops);

	if (!err)
		err = register_chrdev(MEM_MAJOR, 5, 1, "zero", &zero_fops);
	if (!err)
		err = register_chrdev(MEM_MAJOR, 7, 1, "full", &full_fops);
	if (!err)
		err = register_chrdev(MEM_MAJOR, 8, 2, "random", &random_fops);
	return err;
}
device_initcall(mem_devices_init);
