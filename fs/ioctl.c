// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl: the requests every descriptor understands (FIOCLEX, FIONCLEX,
 * FIONBIO, FIOASYNC), then the file's own; ENOTTY for the rest.
 */
#include <asm/ioctls.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, u64, arg)
{
	struct file *f = fget(fd);
	long r;
	int on;

	if (!f)
		return -EBADF;
	if (f->mode & FMODE_PATH) {
		fput(f);
		return -EBADF;
	}
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		r = fd_set_cloexec(fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
	case FIOASYNC:
		r = get_user(on, (uaddr_t)arg);
		if (r)
			break;
		if (cmd == FIONBIO) {
			if (on)
				f->flags |= O_NONBLOCK;
			else
				f->flags &= ~O_NONBLOCK;
		}
		r = 0; /* FIOASYNC: SIGIO delivery arrives with signals */
		break;
	default:
		r = f->f_op && f->f_op->ioctl ? f->f_op->ioctl(f, cmd, arg) : -ENOTTY;
		if (r == -ENOIOCTLCMD)
			r = -ENOTTY;
	}
	fput(f);
	return r;
}
