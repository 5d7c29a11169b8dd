// SPDX-License-Identifier: GPL-2.0
/*
 * poll, ppoll, select and pselect6, on one engine: a pass asks every file
 * which events are ready (its poll operation) and what to sleep on; with
 * nothing ready the task sleeps on all of that until a file may have
 * changed, the timeout passes, or it is woken. Files without a poll
 * operation are always ready, as Linux treats them.
 */
#include <linux/posix_types.h>
#include <linux/time.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/poll.h>
#include <umk/sched.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/time.h>
#include <umk/uaccess.h>

#define POLLIN_SET (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET (POLLPRI)

void poll_wait_host(struct poll_table *pt, int fd, short events)
{
	if (!pt)
		return;
	for (int i = 0; i < pt->nhost; i++) {
		if (pt->host[i].fd == fd) {
			pt->host[i].events |= events;
			return;
		}
	}
	if (pt->nhost < POLL_HOST_MAX) {
		pt->host[pt->nhost].fd = fd;
		pt->host[pt->nhost].events = events;
		pt->nhost++;
	}
}

/* The events ready on fd now, POLLNVAL for a bad descriptor. */
static unsigned int file_poll(int fd, struct poll_table *pt)
{
	struct file *f = fget(fd);
	unsigned int mask;

	if (!f)
		return POLLNVAL;
	if (f->mode & FMODE_PATH)
		mask = POLLNVAL;
	else if (f->f_op && f->f_op->poll)
		mask = f->f_op->poll(f, pt);
	else
		mask = DEFAULT_POLLMASK;
	fput(f);
	return mask;
}

/*
 * Sleeps until something in pt may have changed or the deadline (ns since
 * boot; 0: none) passes. Returns 0, or -ERESTARTNOHAND for a signal: a
 * handler makes it EINTR, anything else restarts the call (as Linux).
 */
static int poll_sleep(struct poll_table *pt, u64 deadline)
{
	struct host_pollfd fds[POLL_HOST_MAX];
	int r;

	if (pt->error) {
		/* Not registered everywhere: look again soon rather than never. */
		u64 soon = ktime_get_ns() + 10 * NSEC_PER_MSEC;

		if (!deadline || deadline > soon)
			deadline = soon;
	}
	for (int i = 0; i < pt->nhost; i++) {
		fds[i].fd = pt->host[i].fd;
		fds[i].events = pt->host[i].events;
		fds[i].revents = 0;
	}
	r = task_wait_host(fds, pt->nhost, deadline);
	return r == -ERESTARTSYS ? -ERESTARTNOHAND : 0;
}

/* The deadline in ns since boot for a relative timeout (NULL: none, 0: now). */
static u64 deadline_after(s64 ns)
{
	return ktime_get_ns() + (u64)ns;
}

/* One pass of poll(2) over fds; returns how many have events. */
static int poll_pass(struct pollfd *fds, unsigned int n, struct poll_table *pt)
{
	int count = 0;

	for (unsigned int i = 0; i < n; i++) {
		unsigned int mask;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		mask = file_poll(fds[i].fd, pt);
		/* POLLERR, POLLHUP and POLLNVAL are reported whether asked or not. */
		mask &= (unsigned int)(unsigned short)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
		fds[i].revents = (short)mask;
		if (mask)
			count++;
	}
	return count;
}

/* deadline: ns since boot; 0 means return at once; UINT64_MAX means never. */
static long do_poll(uaddr_t ufds, unsigned int nfds, u64 deadline)
{
	struct pollfd *fds;
	long r;

	if (nfds > task_rlimit(current, RLIMIT_NOFILE))
		return -EINVAL;
	fds = kcalloc(nfds ? nfds : 1, sizeof(*fds));
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		kfree(fds);
		return -EFAULT;
	}
	for (;;) {
		struct poll_table pt = { 0 };

		r = poll_pass(fds, nfds, &pt);
		if (r || !deadline || (deadline != UINT64_MAX && ktime_get_ns() >= deadline)) {
			poll_freewait(&pt);
			break;
		}
		r = poll_sleep(&pt, deadline == UINT64_MAX ? 0 : deadline);
		poll_freewait(&pt);
		if (r)
			break;
	}
	/* revents are written back even when nothing was ready. */
	for (unsigned int i = 0; i < nfds && r >= 0; i++)
		if (put_user(fds[i].revents,
			     ufds + i * sizeof(*fds) + offsetof(struct pollfd, revents)))
			r = -EFAULT;
	kfree(fds);
	return r;
}

/* poll interrupted by a signal without a handler goes on to the same deadline. */
static long poll_restart(struct restart_block *rb)
{
	long r;

	rb->fn = NULL;
	r = do_poll((uaddr_t)rb->arg[0], (unsigned int)rb->arg[1], rb->arg[2]);
	if (r == -ERESTARTNOHAND) {
		rb->fn = poll_restart;
		return -ERESTART_RESTARTBLOCK;
	}
	return r;
}

SYSCALL_DEFINE3(poll, uaddr_t, ufds, unsigned int, nfds, int, timeout_ms)
{
	u64 deadline = UINT64_MAX;
	long r;

	if (timeout_ms >= 0)
		deadline = timeout_ms ? deadline_after((s64)timeout_ms * 1000000) : 0;
	r = do_poll(ufds, nfds, deadline);
	if (r == -ERESTARTNOHAND && deadline != UINT64_MAX) {
		struct restart_block *rb = &current->restart_block;

		rb->fn = poll_restart;
		rb->arg[0] = ufds;
		rb->arg[1] = nfds;
		rb->arg[2] = deadline;
		return -ERESTART_RESTARTBLOCK;
	}
	return r;
}

/* ppoll and pselect6 report the time left in their timespec, as Linux does. */
static void put_time_left(uaddr_t uts, u64 deadline)
{
	struct __kernel_timespec ts;
	u64 now, left;

	if (!uts || !deadline || deadline == UINT64_MAX)
		return;
	now = ktime_get_ns();
	left = now < deadline ? deadline - now : 0;
	ts.tv_sec = (s64)(left / NSEC_PER_SEC);
	ts.tv_nsec = (s64)(left % NSEC_PER_SEC);
	copy_to_user(uts, &ts, sizeof(ts));
}

/* Reads a timespec timeout: 0 with *deadline set, or -EINVAL / -EFAULT. */
static int get_timeout(uaddr_t uts, u64 *deadline)
{
	struct __kernel_timespec ts;

	*deadline = UINT64_MAX;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if (!ts.tv_sec && !ts.tv_nsec)
		*deadline = 0;
	else if (ts.tv_sec < INT64_MAX / NSEC_PER_SEC / 2)
		*deadline = deadline_after(ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
	return 0;
}

/*
 * The signal mask of ppoll/pselect6: in force while the call waits, and
 * restored after it (after the handler of a signal that ended it).
 */
static int set_user_sigmask(uaddr_t umask, size_t size)
{
	ksigset_t mask;

	if (!umask)
		return 0;
	if (size != sizeof(ksigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	set_restore_sigmask(mask);
	return 0;
}

SYSCALL_DEFINE5(ppoll, uaddr_t, ufds, unsigned int, nfds, uaddr_t, uts, uaddr_t, umask, size_t,
		sigsetsize)
{
	u64 deadline;
	int err = get_timeout(uts, &deadline);

	if (!err)
		err = set_user_sigmask(umask, sigsetsize);
	if (err)
		return err;
	err = (int)do_poll(ufds, nfds, deadline);
	put_time_left(uts, deadline);
	return err;
}

/* --- select --------------------------------------------------------------- */

#define BITS_PER_LONG 64
#define FDS_LONGS(n) DIV_ROUND_UP((size_t)(n), BITS_PER_LONG)

static bool fd_isset(const unsigned long *set, int fd)
{
	return set && (set[fd / BITS_PER_LONG] >> (fd % BITS_PER_LONG)) & 1;
}

static long do_select(int n, uaddr_t uin, uaddr_t uout, uaddr_t uex, u64 deadline)
{
	size_t words;
	unsigned long *in = NULL, *out = NULL, *ex = NULL, *res;
	long r = -ENOMEM;

	if (n < 0)
		return -EINVAL;
	/* Linux looks no further than the descriptor table's current size. */
	if ((unsigned int)n > current->files->max_fds)
		n = (int)current->files->max_fds;
	words = FDS_LONGS(n);
	res = kcalloc(3 * (words ? words : 1), sizeof(long));
	if (!res)
		return -ENOMEM;
	if (uin) {
		in = kcalloc(words ? words : 1, sizeof(long));
		if (!in || copy_from_user(in, uin, words * sizeof(long)))
			goto out;
	}
	if (uout) {
		out = kcalloc(words ? words : 1, sizeof(long));
		if (!out || copy_from_user(out, uout, words * sizeof(long)))
			goto out;
	}
	if (uex) {
		ex = kcalloc(words ? words : 1, sizeof(long));
		if (!ex || copy_from_user(ex, uex, words * sizeof(long)))
			goto out;
	}
	for (;;) {
		struct poll_table pt = { 0 };
		int count = 0;

		memset(res, 0, 3 * words * sizeof(long));
		for (int fd = 0; fd < n; fd++) {
			bool wi = fd_isset(in, fd), wo = fd_isset(out, fd), we = fd_isset(ex, fd);
			unsigned int mask;

			if (!wi && !wo && !we)
				continue;
			mask = file_poll(fd, &pt);
			if (mask & POLLNVAL) {
				poll_freewait(&pt);
				r = -EBADF;
				goto out;
			}
			if (wi && (mask & POLLIN_SET)) {
				res[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
				count++;
			}
			if (wo && (mask & POLLOUT_SET)) {
				res[words + fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
				count++;
			}
			if (we && (mask & POLLEX_SET)) {
				res[2 * words + fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
				count++;
			}
		}
		r = count;
		if (count || !deadline || (deadline != UINT64_MAX && ktime_get_ns() >= deadline)) {
			poll_freewait(&pt);
			break;
		}
		r = poll_sleep(&pt, deadline == UINT64_MAX ? 0 : deadline);
		poll_freewait(&pt);
		if (r)
			goto out;
	}
	if ((uin && copy_to_user(uin, res, words * sizeof(long))) ||
	    (uout && copy_to_user(uout, res + words, words * sizeof(long))) ||
	    (uex && copy_to_user(uex, res + 2 * words, words * sizeof(long))))
		r = -EFAULT;
out:
	kfree(in);
	kfree(out);
	kfree(ex);
	kfree(res);
	return r;
}

SYSCALL_DEFINE5(select, int, n, uaddr_t, uin, uaddr_t, uout, uaddr_t, uex, uaddr_t, utv)
{
	struct __kernel_old_timeval tv;
	u64 deadline = UINT64_MAX;
	long r;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		/* Linux normalizes microseconds past a second instead of refusing them. */
		deadline = tv.tv_sec || tv.tv_usec ? deadline_after(tv.tv_sec * NSEC_PER_SEC +
								    tv.tv_usec * NSEC_PER_USEC)
						   : 0;
	}
	r = do_select(n, uin, uout, uex, deadline);
	if (utv && (r >= 0 || r == -ERESTARTNOHAND) && deadline && deadline != UINT64_MAX) {
		/* select reports the time left, as Linux does. */
		u64 now = ktime_get_ns(), left = now < deadline ? deadline - now : 0;

		tv.tv_sec = (s64)(left / NSEC_PER_SEC);
		tv.tv_usec = (s64)(left % NSEC_PER_SEC / NSEC_PER_USEC);
		copy_to_user(utv, &tv, sizeof(tv));
	}
	return r;
}

SYSCALL_DEFINE6(pselect6, int, n, uaddr_t, uin, uaddr_t, uout, uaddr_t, uex, uaddr_t, uts, uaddr_t,
		usig)
{
	u64 deadline;
	int err = get_timeout(uts, &deadline);

	if (err)
		return err;
	if (usig) {
		struct {
			u64 mask;
			u64 size;
		} s;

		if (copy_from_user(&s, usig, sizeof(s)))
			return -EFAULT;
		err = set_user_sigmask(s.mask, s.size);
		if (err)
			return err;
	}
	err = (int)do_select(n, uin, uout, uex, deadline);
	put_time_left(uts, deadline);
	return err;
}
