// SPDX-License-Identifier: GPL-2.0
/*
 * The console (character device 5:1, /dev/console): guest input comes
 * from umk's standard input and guest output goes to umk's standard
 * output, byte for byte. It is a terminal only when both are host
 * terminals; when either is a pipe or a file the console is a plain byte
 * stream (ENOTTY), so programs behave as they do natively when redirected. This first console forwards terminal requests
 * (TCGETS, TCSETS*, TIOCGWINSZ) to the host terminal and restores the
 * host terminal's settings when umk stops; a line discipline of umk's own
 * comes with the tty layer.
 */
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/fcntl.h>
#include <umk/console.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/init.h>
#include <umk/poll.h>
#include <umk/sched.h>
#include <umk/shutdown.h>
#include <umk/slab.h>
#include <umk/uaccess.h>

#define CONSOLE_MAJOR 5
#define CONSOLE_MINOR 1
#define HOST_IN 0
#define HOST_OUT 1

static struct {
	bool is_tty; /* host stdin and stdout are both terminals */
	bool saved;
	struct termios termios; /* the host terminal's settings at boot */
	struct inode *inode;
} con;

static ssize_t con_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	char buf[4096];
	size_t n = min(to->count, sizeof(buf));
	struct host_pollfd in = { .fd = HOST_IN, .events = POLLIN };
	long r;

	/* Wait until input is there, interruptibly, then read what there is. */
	if (!(f->flags & O_NONBLOCK)) {
		do
			r = task_wait_host(&in, 1, 0);
		while (r == 0);
		if (r < 0)
			return r;
	}
	kernel_unlock();
	r = host_read(HOST_IN, buf, n);
	kernel_lock();
	if (r == -EAGAIN)
		return -EAGAIN;
	if (r < 0)
		return -EIO;
	if (r && copy_to_iter(buf, (size_t)r, to) != (size_t)r)
		return -EFAULT;
	return r;
}

static ssize_t con_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	char buf[4096];
	ssize_t done = 0;

	while (from->count) {
		size_t n = copy_from_iter(buf, min(from->count, sizeof(buf)), from);
		int err;

		if (!n)
			return done ? done : -EFAULT;
		kernel_unlock();
		err = host_write_all(HOST_OUT, buf, n);
		kernel_lock();
		if (err)
			return done ? done : (err == -EPIPE ? -EPIPE : -EIO);
		done += (ssize_t)n;
	}
	return done;
}

static long con_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct termios t;
	struct winsize ws;
	int err;

	if (!con.is_tty)
		return -ENOTTY;
	switch (cmd) {
	case TCGETS:
		err = host_ioctl(HOST_IN, TCGETS, &t);
		if (err)
			return -ENOTTY;
		return copy_to_user(arg, &t, sizeof(t));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_from_user(&t, arg, sizeof(t)))
			return -EFAULT;
		return host_ioctl(HOST_IN, cmd, &t) ? -EINVAL : 0;
	case TIOCGWINSZ:
		err = host_ioctl(HOST_OUT, TIOCGWINSZ, &ws);
		if (err)
			err = host_ioctl(HOST_IN, TIOCGWINSZ, &ws);
		if (err)
			return -ENOTTY;
		return copy_to_user(arg, &ws, sizeof(ws));
	}
	return -ENOTTY;
}

static unsigned int con_poll(struct file *f, struct poll_table *pt)
{
	struct host_pollfd p[2] = { { .fd = HOST_IN, .events = POLLIN },
				    { .fd = HOST_OUT, .events = POLLOUT } };
	unsigned int mask = 0;

	host_poll(p, 2, 0);
	if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
		mask |= POLLIN | POLLRDNORM;
	if (p[1].revents & POLLOUT)
		mask |= POLLOUT | POLLWRNORM;
	if (p[1].revents & (POLLERR | POLLHUP))
		mask |= POLLERR;
	if (!(mask & POLLIN))
		poll_wait_host(pt, HOST_IN, POLLIN);
	if (!(mask & POLLOUT))
		poll_wait_host(pt, HOST_OUT, POLLOUT);
	return mask;
}

static int con_open(struct inode *inode, struct file *f)
{
	/* A terminal has no file position. */
	f->mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}

static const struct file_operations console_fops = {
	.open = con_open,
	.read_iter = con_read,
	.write_iter = con_write,
	.ioctl = con_ioctl,
	.poll = con_poll,
};

struct file *console_open(void)
{
	struct file *f = alloc_file(con.inode, &console_fops, O_RDWR);

	if (!IS_ERR(f))
		con_open(con.inode, f);
	return f;
}

static void console_restore(void)
{
	if (con.saved)
		host_ioctl(HOST_IN, TCSETS, &con.termios);
}
static struct shutdown_hook console_hook = { .fn = console_restore };

static int console_init(void)
{
	con.inode = inode_alloc(NULL);
	if (!con.inode)
		return -ENOMEM;
	con.inode->mode = S_IFCHR | 0600;
	con.inode->rdev = MKDEV(CONSOLE_MAJOR, CONSOLE_MINOR);
	con.inode->ino = 1;
	con.is_tty = host_isatty(HOST_IN) && host_isatty(HOST_OUT);
	if (con.is_tty && host_ioctl(HOST_IN, TCGETS, &con.termios) == 0) {
		con.saved = true;
		shutdown_hook_register(&console_hook);
	}
	return register_chrdev(CONSOLE_MAJOR, CONSOLE_MINOR, 1, "console", &console_fops);
}
device_initcall(console_init);
