// SPDX-License-Identifier: GPL-2.0
/*
 * The console (character device 5:1, /dev/console): umk's standard input
 * and output. It is a terminal only when both are host terminals; when
 * either is a pipe or a file the console is a plain byte stream, as
 * programs see a redirected stdin natively: ENOTTY for terminal requests,
 * EOF when umk's stdin ends, bytes passed through unchanged.
 *
 * As a terminal it is a tty driver under umk's own line discipline. The
 * host terminal is in raw mode (host-glue/tty.c) and umk does all the
 * processing. Two host threads serve it:
 *
 *  - console-in reads umk's stdin and feeds the bytes to the tty under the
 *    big kernel lock, so that echo and ISIG signals happen as keys arrive,
 *    whether or not anyone reads; when the line discipline is full it
 *    stops reading until unthrottled (an eventfd). It also follows the host
 *    terminal's size (SIGWINCH through a signalfd: TIOCGWINSZ, then SIGWINCH
 *    to the foreground group) and takes raw mode back after a stop.
 *  - console-out writes the output ring (guest output and echoes, queued
 *    by write() without sleeping) to umk's stdout, outside the big lock,
 *    pausing while output is stopped (^S); it wakes writers waiting for
 *    room through tty_wakeup. While the ring is empty, write() sends
 *    straight to the host terminal, through a non-blocking descriptor of
 *    its own, and queues only what the terminal does not take at once.
 *
 * At shutdown the ring is drained (for at most a second) before the host
 * terminal's settings are restored.
 */
#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <linux/signal.h>
#include <linux/time.h>
#include <umk/console.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/init.h>
#include <umk/kernel.h>
#include <umk/poll.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/shutdown.h>
#include <umk/slab.h>
#include <umk/time.h>
#include <umk/tty.h>
#include <umk/uaccess.h>

#define CONSOLE_MAJOR 5
#define CONSOLE_MINOR 1
#define HOST_IN 0
#define HOST_OUT 1
#define OUT_SIZE 16384
/* The most bytes output processing makes of one (a tab expanded to 8 spaces). */
#define OPOST_MAX 8
/* A queue shorter than this makes writers and pollers go on (Linux's value). */
#define WAKEUP_CHARS 256
#define DRAIN_NS (1000 * 1000 * 1000ULL)

static struct {
	bool is_tty; /* host stdin and stdout are both terminals */
	struct inode *inode;
	struct tty *tty;
	int unthrottle_efd; /* console-in waits on it while the tty is full */
	int signal_fd; /* SIGWINCH, SIGCONT */
	int direct_fd; /* the host terminal opened again, non-blocking; -1: none */

	/* The output ring; out_lock (not the big lock) protects it. */
	struct host_mutex out_lock;
	struct host_cond out_cond; /* data queued, output restarted, output written */
	size_t out_head, out_tail; /* free-running */
	bool out_stopped; /* ^S */
	bool out_busy; /* console-out is writing (outside the lock) */
	bool want_wakeup; /* a writer or poller waits for room or a drain */
	bool out_broken; /* writing to the host failed: output is discarded */
	bool shutting_down;
	u8 out[OUT_SIZE];
} con = { .unthrottle_efd = -1, .signal_fd = -1, .direct_fd = -1 };

/* --- the console as a plain byte stream -------------------------------------- */

static ssize_t stream_read(struct file *f, struct iov_iter *to, loff_t *pos)
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

static ssize_t stream_write(struct file *f, struct iov_iter *from, loff_t *pos)
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

static unsigned int stream_poll(struct file *f, struct poll_table *pt)
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

static const struct file_operations stream_fops = {
	.read_iter = stream_read,
	.write_iter = stream_write,
	.poll = stream_poll,
};

/* --- the tty driver: output ------------------------------------------------ */

static size_t out_count(void)
{
	return con.out_head - con.out_tail;
}

/*
 * Queues output for console-out. When nothing is queued or being written,
 * it first writes what the host terminal takes at once (non-blocking):
 * most writes then cost no hand-over to the thread.
 */
static size_t con_write(struct tty *tty, const u8 *buf, size_t n)
{
	size_t done = 0, room;

	host_mutex_lock(&con.out_lock);
	if (con.direct_fd >= 0 && !out_count() && !con.out_busy && !con.out_stopped &&
	    !con.out_broken) {
		long w = host_write(con.direct_fd, buf, n);

		if (w > 0)
			done = (size_t)w;
	}
	room = OUT_SIZE - out_count();
	n = min(n - done, room);
	for (size_t i = 0; i < n; i++)
		con.out[(con.out_head + i) % OUT_SIZE] = buf[done + i];
	con.out_head += n;
	if (n)
		host_cond_broadcast(&con.out_cond);
	host_mutex_unlock(&con.out_lock);
	return done + n;
}

/*
 * The two queries arm a wake-up when their answer may make the caller
 * sleep: a writer with less room than one processed byte can need, a
 * poller or a drain with output queued. The output thread then calls
 * tty_wakeup once the queue is below WAKEUP_CHARS, as Linux's drivers do.
 */
static size_t con_write_room(struct tty *tty)
{
	size_t room;

	host_mutex_lock(&con.out_lock);
	room = OUT_SIZE - out_count();
	if (room < OPOST_MAX)
		con.want_wakeup = true;
	host_mutex_unlock(&con.out_lock);
	return room;
}

static size_t con_chars_in_buffer(struct tty *tty)
{
	size_t n;

	host_mutex_lock(&con.out_lock);
	n = out_count();
	if (n)
		con.want_wakeup = true;
	host_mutex_unlock(&con.out_lock);
	return n;
}

static void con_flush_buffer(struct tty *tty)
{
	host_mutex_lock(&con.out_lock);
	con.out_tail = con.out_head;
	host_cond_broadcast(&con.out_cond);
	host_mutex_unlock(&con.out_lock);
	tty_wakeup(tty);
}

static void con_stop(struct tty *tty)
{
	host_mutex_lock(&con.out_lock);
	con.out_stopped = true;
	host_mutex_unlock(&con.out_lock);
}

static void con_start(struct tty *tty)
{
	host_mutex_lock(&con.out_lock);
	con.out_stopped = false;
	host_cond_broadcast(&con.out_cond);
	host_mutex_unlock(&con.out_lock);
}

static void con_unthrottle(struct tty *tty)
{
	host_eventfd_signal(con.unthrottle_efd);
}

/* The console-out thread: the output ring to umk's stdout. */
static void con_output_thread(void *arg)
{
	u8 chunk[4096];

	for (;;) {
		size_t start, n;
		bool wake;
		int err;

		host_mutex_lock(&con.out_lock);
		while (!out_count() || con.out_stopped)
			host_cond_wait(&con.out_cond, &con.out_lock);
		start = con.out_tail;
		n = min(out_count(), sizeof(chunk));
		for (size_t i = 0; i < n; i++)
			chunk[i] = con.out[(start + i) % OUT_SIZE];
		con.out_busy = true;
		host_mutex_unlock(&con.out_lock);

		err = con.out_broken ? 0 : host_write_all(HOST_OUT, chunk, n);

		host_mutex_lock(&con.out_lock);
		con.out_busy = false;
		if (err)
			con.out_broken = true; /* the terminal is gone: discard from now on */
		if (con.out_tail == start) /* else flushed meanwhile */
			con.out_tail = start + n;
		host_cond_broadcast(&con.out_cond);
		wake = con.want_wakeup && out_count() < WAKEUP_CHARS && !con.shutting_down;
		if (wake)
			con.want_wakeup = false;
		host_mutex_unlock(&con.out_lock);
		if (wake) {
			kernel_lock();
			tty_wakeup(con.tty);
			kernel_unlock();
		}
	}
}

/* --- the tty driver: input ---------------------------------------------------- */

static void con_update_winsize(void)
{
	struct winsize ws;

	if (host_ioctl(HOST_OUT, TIOCGWINSZ, &ws) && host_ioctl(HOST_IN, TIOCGWINSZ, &ws))
		return;
	kernel_lock();
	tty_set_winsize(con.tty, &ws);
	kernel_unlock();
}

static void con_host_signals(void)
{
	int sig;

	while ((sig = host_signalfd_read(con.signal_fd)) > 0) {
		/* Continued: a shell may have reset the terminal while umk was stopped. */
		if (sig == SIGCONT)
			host_tty_make_raw(HOST_IN);
		con_update_winsize();
	}
}

/* The console-in thread: umk's stdin into the line discipline. */
static void con_input_thread(void *arg)
{
	u8 buf[4096];
	size_t len = 0, off = 0;
	bool eof = false;

	for (;;) {
		struct host_pollfd p[3] = { { .fd = con.unthrottle_efd, .events = POLLIN },
					    { .fd = con.signal_fd, .events = POLLIN },
					    { .fd = HOST_IN, .events = POLLIN } };
		/* Read more only when what was read has gone in. */
		int np = !eof && off == len ? 3 : 2;

		if (host_poll(p, np, -1) < 0) {
			struct host_timespec pause = { 0, 10 * 1000 * 1000 };

			host_nanosleep(&pause); /* EINTR; or worse, and then not in a tight loop */
			continue;
		}
		if (p[0].revents) {
			u64 drain;

			host_read(con.unthrottle_efd, &drain, sizeof(drain));
		}
		if (p[1].revents)
			con_host_signals();
		if (np == 3 && p[2].revents) {
			long r = host_read(HOST_IN, buf, sizeof(buf));

			if (r == -EAGAIN || r == -EINTR)
				continue;
			if (r <= 0) {
				/* The host terminal is gone (EOF, EIO): hang the tty up. */
				eof = true;
				kernel_lock();
				tty_hangup(con.tty);
				kernel_unlock();
				continue;
			}
			len = (size_t)r;
			off = 0;
		}
		if (off < len) {
			kernel_lock();
			off += tty_receive(con.tty, buf + off, len - off);
			kernel_unlock();
			if (off == len)
				off = len = 0;
		}
	}
}

static const struct tty_operations con_ops = {
	.write = con_write,
	.write_room = con_write_room,
	.chars_in_buffer = con_chars_in_buffer,
	.flush_buffer = con_flush_buffer,
	.stop = con_stop,
	.start = con_start,
	.unthrottle = con_unthrottle,
};

static struct tty_driver con_driver = {
	.name = "console",
	.major = CONSOLE_MAJOR,
	.minor = CONSOLE_MINOR,
	.ops = &con_ops,
};

/* --- opening, shutdown, boot ------------------------------------------------------- */

/* Opening /dev/console never makes it a controlling tty (as Linux). */
static int console_dev_open(struct inode *inode, struct file *f)
{
	if (con.is_tty)
		return tty_open_file(con.tty, f, true);
	f->f_op = &stream_fops;
	/* A terminal has no file position. */
	f->mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}

static const struct file_operations console_dev_fops = {
	.open = console_dev_open,
};

struct file *console_open(void)
{
	struct file *f = alloc_file(con.inode, &console_dev_fops, O_RDWR);
	int err;

	if (IS_ERR(f))
		return f;
	err = console_dev_open(con.inode, f);
	if (err) {
		fput(f);
		return ERR_PTR(err);
	}
	return f;
}

/* Writes out what is queued (for at most a second), then gives the host terminal back. */
static void console_shutdown(void)
{
	u64 deadline = ktime_get_ns() + DRAIN_NS;
	struct host_timespec abs;
	size_t target;

	host_mutex_lock(&con.out_lock);
	con.shutting_down = true;
	con.out_stopped = false;
	host_cond_broadcast(&con.out_cond);
	target = con.out_head;
	abs.sec = (s64)((deadline + boot_monotonic_ns) / NSEC_PER_SEC);
	abs.nsec = (s64)((deadline + boot_monotonic_ns) % NSEC_PER_SEC);
	while ((ssize_t)(target - con.out_tail) > 0 && !con.out_broken)
		if (host_cond_timedwait(&con.out_cond, &con.out_lock, &abs))
			break;
	host_mutex_unlock(&con.out_lock);
	host_tty_restore();
	printk_set_crlf(false);
}
static struct shutdown_hook console_hook = { .fn = console_shutdown };

/* The console as a tty: raw host terminal, the two threads. */
static int console_tty_init(void)
{
	int err;

	con_driver.init_termios = tty_std_termios;
	con_driver.init_termios.c_iflag |= IUTF8; /* as Linux's virtual consoles */
	con.tty = tty_alloc(&con_driver, NULL);
	if (!con.tty)
		return -ENOMEM;
	host_mutex_init(&con.out_lock);
	host_cond_init(&con.out_cond);
	con.unthrottle_efd = host_eventfd();
	if (con.unthrottle_efd < 0)
		return con.unthrottle_efd;
	con.signal_fd = host_tty_signal_fd();
	if (con.signal_fd < 0)
		return con.signal_fd;
	if (host_ioctl(HOST_OUT, TIOCGWINSZ, &con.tty->winsize))
		host_ioctl(HOST_IN, TIOCGWINSZ, &con.tty->winsize);
	/* Optional: without it every write goes through console-out. */
	con.direct_fd = host_reopen(HOST_OUT, O_WRONLY | O_NONBLOCK | O_NOCTTY);
	shutdown_hook_register(&console_hook);
	err = host_tty_make_raw(HOST_IN);
	if (err)
		return err;
	printk_set_crlf(host_isatty(2));
	err = host_thread_create(con_output_thread, NULL, "console-out");
	if (!err)
		err = host_thread_create(con_input_thread, NULL, "console-in");
	return err;
}

static int console_init(void)
{
	int err;

	con.inode = inode_alloc(NULL);
	if (!con.inode)
		return -ENOMEM;
	con.inode->mode = S_IFCHR | 0600;
	con.inode->rdev = MKDEV(CONSOLE_MAJOR, CONSOLE_MINOR);
	con.inode->ino = 1;
	con.is_tty = host_isatty(HOST_IN) && host_isatty(HOST_OUT);
	if (con.is_tty) {
		err = console_tty_init();
		if (err) {
			pr_err("console: cannot make the host terminal a tty: %d\n", err);
			return err;
		}
	}
	return register_chrdev(CONSOLE_MAJOR, CONSOLE_MINOR, 1, "console", &console_dev_fops);
}
device_initcall(console_init);
