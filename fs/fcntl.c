// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor duplication and fcntl: dup, dup2, dup3 and the fcntl commands
 * on descriptor and file-status flags, and pipe sizes (fs/pipe.c). Record
 * locks come with the file systems that need them.
 */
#include <linux/fcntl.h>
#include <linux/resource.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/pipe.h>
#include <umk/sched.h>
#include <umk/syscalls.h>

/* The status flags F_SETFL may change (Linux's SETFL_MASK). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_NDELAY | FASYNC | O_DIRECT | O_NOATIME)

static long do_dup2(int oldfd, int newfd, bool cloexec)
{
	struct file *f;

	if (newfd < 0 || (u64)newfd >= task_rlimit(current, RLIMIT_NOFILE))
		return -EBADF;
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	return files_replace(current->files, newfd, f, cloexec);
}

SYSCALL_DEFINE1(dup, int, fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return fd_install_lowest(f, 0, false);
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return do_dup2(oldfd, newfd, false);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup2(oldfd, newfd, flags & O_CLOEXEC);
}

static long set_fl(struct file *f, unsigned int arg)
{
	if ((arg & O_NOATIME) && !(f->flags & O_NOATIME) && f->inode &&
	    current->cred->fsuid != f->inode->uid && !capable(CAP_FOWNER))
		return -EPERM;
	f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
	return 0;
}

SYSCALL_DEFINE3(fcntl, int, fd, unsigned int, cmd, u64, arg)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	/* An O_PATH descriptor allows only the descriptor-level commands. */
	if ((f->mode & FMODE_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC && cmd != F_GETFD &&
	    cmd != F_SETFD && cmd != F_GETFL) {
		fput(f);
		return -EBADF;
	}
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= task_rlimit(current, RLIMIT_NOFILE)) {
			r = -EINVAL;
			break;
		}
		r = fd_install_lowest(get_file(f), (int)arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		r = fd_get_cloexec(fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		r = fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = f->flags;
		break;
	case F_SETFL:
		r = set_fl(f, (unsigned int)arg);
		break;
	case F_GETOWN:
	case F_GETSIG:
		r = 0;
		break;
	case F_SETOWN:
	case F_SETSIG:
		r = 0; /* SIGIO arrives with signals; the owner is accepted */
		break;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		/* Linux takes the size as an unsigned int: higher bits are dropped. */
		r = pipe_fcntl(f, cmd, (unsigned int)arg);
		break;
	default:
		/* Record locks, leases, seals: with the file systems that have them. */
		r = -EINVAL;
	}
	fput(f);
	return r;
}
