// SPDX-License-Identifier: GPL-2.0
/*
 * Pipes and FIFOs: pipe(2) and pipe2(2), reading, writing, polling, FIONREAD,
 * F_GETPIPE_SZ / F_SETPIPE_SZ, and the open of a FIFO. It owns struct
 * pipe_inode_info (umk/pipe.h), which hangs off an inode's i_pipe: the inode
 * of an anonymous pipe lives on pipefs, an internal file system that is
 * never mounted; a FIFO's inode lives on any file system. The bytes are in a
 * ring of page slots (fs/pipe_ring.c).
 *
 * Semantics follow Linux's fs/pipe.c: reads block while the pipe is empty
 * and has writers, and return what is there; writes of at most PIPE_BUF
 * bytes are atomic; a write with no reader left gets EPIPE and SIGPIPE; the
 * last reader or writer to close wakes the other side.
 */
#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/init.h>
#include <umk/pipe.h>
#include <umk/poll.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/syscalls.h>
#include <umk/time.h>
#include <umk/uaccess.h>
#include <umk/wait.h>

unsigned int pipe_max_size = 1048576;

/* F_SETPIPE_SZ refuses sizes above this whoever asks (Linux: round_pipe_size). */
#define PIPE_SIZE_LIMIT (1U << 31)

/* pipefs: the super block of anonymous pipe inodes, for their st_dev. */
static struct super_block pipefs_sb = { .refcount = 1 };

static int pipefs_init(void)
{
	pipefs_sb.dev = get_anon_dev();
	return 0;
}
fs_initcall(pipefs_init);

static bool inode_is_pipefs(const struct inode *inode)
{
	return inode->sb == &pipefs_sb;
}

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe));
	unsigned int slots = PIPE_DEF_BUFFERS;

	if (!pipe)
		return NULL;
	/* A pipe-max-size below the default also bounds new pipes (Linux). */
	if (slots * PAGE_SIZE > pipe_max_size && !capable(CAP_SYS_RESOURCE))
		slots = pipe_max_size >> PAGE_SHIFT;
	if (pipe_ring_init(&pipe->ring, slots)) {
		kfree(pipe);
		return NULL;
	}
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	pipe->r_counter = pipe->w_counter = 1;
	return pipe;
}

static void free_pipe_info(struct pipe_inode_info *pipe)
{
	pipe_ring_free(&pipe->ring);
	kfree(pipe);
}

/* Drops one open file's hold on inode's pipe; the last one frees it. */
static void put_pipe_info(struct inode *inode, struct pipe_inode_info *pipe)
{
	if (--pipe->files)
		return;
	if (inode->i_pipe == pipe)
		inode->i_pipe = NULL;
	free_pipe_info(pipe);
}

struct pipe_inode_info *get_pipe_info(const struct file *f)
{
	return f && f->f_op == &pipefifo_fops ? f->private_data : NULL;
}

/* Pipes are streams: no position, no pread/pwrite (ESPIPE). */
static void stream_open(struct file *f)
{
	f->mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
}

/*
 * Anonymous pipes keep their inode times the way Linux's pipefs does; a
 * FIFO's times belong to its file system, which updates them itself.
 */
static void pipe_touch(struct file *f, bool modified)
{
	struct inode *inode = f->inode;
	s64 ns;
	struct timespec64 now;

	if (!inode || !inode_is_pipefs(inode))
		return;
	ns = ktime_get_real_ns();
	now.sec = ns / NSEC_PER_SEC;
	now.nsec = ns % NSEC_PER_SEC;
	if (modified)
		inode->mtime = inode->ctime = now;
	else
		inode->atime = now;
}

/* May sleep. */
static ssize_t pipe_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct pipe_inode_info *pipe = f->private_data;
	long ret;

	for (;;) {
		if (!pipe_ring_empty(&pipe->ring)) {
			ret = pipe_ring_read(&pipe->ring, to);
			break;
		}
		if (!pipe->writers)
			return 0; /* end of file */
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		/* The pipe (and its queues) live while f is open: the caller holds f. */
		if (wait_event_interruptible(pipe->rd_wait,
					     !pipe_ring_empty(&pipe->ring) || !pipe->writers))
			return -ERESTARTSYS;
	}
	if (ret > 0) {
		wake_up(&pipe->wr_wait);
		pipe_touch(f, false);
	}
	return ret;
}

/* A write found no reader: Linux sends SIGPIPE with si_code SI_USER, from the writer itself. */
static void sigpipe(void)
{
	if (current)
		send_sig(SIGPIPE, current, false);
}

/* May sleep. */
static ssize_t pipe_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct pipe_inode_info *pipe = f->private_data;
	long ret, n;

	if (!pipe->readers) {
		sigpipe();
		return -EPIPE;
	}
	ret = pipe_ring_merge(&pipe->ring, from);
	if (ret < 0)
		return ret;
	while (from->count) {
		if (!pipe->readers) {
			sigpipe();
			if (!ret)
				ret = -EPIPE;
			break;
		}
		if (!pipe_ring_full(&pipe->ring)) {
			n = pipe_ring_push(&pipe->ring, from, f->flags & O_DIRECT);
			if (n < 0) {
				if (!ret)
					ret = n;
				break;
			}
			ret += n;
			continue;
		}
		if (f->flags & O_NONBLOCK) {
			if (!ret)
				ret = -EAGAIN;
			break;
		}
		/* Full: let readers drain what is there, then wait for room. */
		wake_up(&pipe->rd_wait);
		if (wait_event_interruptible(pipe->wr_wait,
					     !pipe_ring_full(&pipe->ring) || !pipe->readers)) {
			if (!ret)
				ret = -ERESTARTSYS;
			break;
		}
	}
	if (ret > 0) {
		wake_up(&pipe->rd_wait);
		pipe_touch(f, true);
	}
	return ret;
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_inode_info *pipe = f->private_data;
	unsigned int mask = 0;

	if (f->mode & FMODE_READ) {
		poll_wait(f, &pipe->rd_wait, pt);
		if (!pipe_ring_empty(&pipe->ring))
			mask |= POLLIN | POLLRDNORM;
		/* A FIFO reader opened before any writer sees no hang-up until one came. */
		if (!pipe->writers && f->f_pipe != pipe->w_counter)
			mask |= POLLHUP;
	}
	if (f->mode & FMODE_WRITE) {
		poll_wait(f, &pipe->wr_wait, pt);
		/* A free slot takes at least PIPE_BUF bytes. */
		if (!pipe_ring_full(&pipe->ring))
			mask |= POLLOUT | POLLWRNORM;
		if (!pipe->readers)
			mask |= POLLERR;
	}
	return mask;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct pipe_inode_info *pipe = f->private_data;
	int count;

	switch (cmd) {
	case FIONREAD:
		count = (int)pipe_ring_bytes(&pipe->ring);
		return put_user(count, (uaddr_t)arg);
	default:
		return -ENOIOCTLCMD;
	}
}

static void pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe = f->private_data;

	if (!pipe)
		return;
	if (f->mode & FMODE_READ)
		pipe->readers--;
	if (f->mode & FMODE_WRITE)
		pipe->writers--;
	/* The last of one side: the other side sees EOF, EPIPE, POLLHUP or POLLERR. */
	if (!pipe->readers != !pipe->writers) {
		wake_up(&pipe->rd_wait);
		wake_up(&pipe->wr_wait);
	}
	put_pipe_info(inode, pipe);
}

/* --- FIFOs ------------------------------------------------------------------ */

/* Wakes FIFO opens waiting for the other side (they sleep on rd_wait). */
static void wake_up_partner(struct pipe_inode_info *pipe)
{
	wake_up(&pipe->rd_wait);
}

/* Sleeps until *cnt moves (the other side opened): 0 or -ERESTARTSYS. May sleep. */
static int wait_for_partner(struct pipe_inode_info *pipe, const unsigned int *cnt)
{
	unsigned int cur = *cnt;

	return wait_event_interruptible(pipe->rd_wait, *cnt != cur);
}

int fifo_open(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *pipe = inode->i_pipe;
	bool is_pipe = inode_is_pipefs(inode);
	int err;

	if (pipe) {
		pipe->files++;
	} else {
		pipe = alloc_pipe_info();
		if (!pipe)
			return -ENOMEM;
		pipe->files = 1;
		inode->i_pipe = pipe;
	}
	f->private_data = pipe;
	f->f_pipe = 0;
	stream_open(f);

	switch (f->mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		pipe->r_counter++;
		if (pipe->readers++ == 0)
			wake_up_partner(pipe);
		if (!is_pipe && !pipe->writers) {
			if (f->flags & O_NONBLOCK) {
				/* POSIX: open at once; no POLLHUP until a writer has come. */
				f->f_pipe = pipe->w_counter;
			} else if (wait_for_partner(pipe, &pipe->w_counter)) {
				if (!--pipe->readers)
					wake_up(&pipe->wr_wait);
				err = -ERESTARTSYS;
				goto out_put;
			}
		}
		break;
	case FMODE_WRITE:
		/* POSIX: a non-blocking open for writing with no reader fails. */
		err = -ENXIO;
		if (!is_pipe && (f->flags & O_NONBLOCK) && !pipe->readers)
			goto out_put;
		pipe->w_counter++;
		if (pipe->writers++ == 0)
			wake_up_partner(pipe);
		if (!is_pipe && !pipe->readers && wait_for_partner(pipe, &pipe->r_counter)) {
			if (!--pipe->writers)
				wake_up(&pipe->rd_wait);
			err = -ERESTARTSYS;
			goto out_put;
		}
		break;
	case FMODE_READ | FMODE_WRITE:
		/* Linux never blocks O_RDWR: the opener can talk to itself. */
		pipe->readers++;
		pipe->writers++;
		pipe->r_counter++;
		pipe->w_counter++;
		if (pipe->readers == 1 || pipe->writers == 1)
			wake_up_partner(pipe);
		break;
	default:
		err = -EINVAL;
		goto out_put;
	}
	return 0;

out_put:
	f->private_data = NULL;
	put_pipe_info(inode, pipe);
	return err;
}

const struct file_operations pipefifo_fops = {
	.open = fifo_open,
	.release = pipe_release,
	.read_iter = pipe_read,
	.write_iter = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
};

/* --- anonymous pipes ------------------------------------------------------- */

/* A pipefs inode with a new pipe that no file holds yet. */
static struct inode *get_pipe_inode(void)
{
	struct inode *inode = inode_alloc(&pipefs_sb);
	s64 ns = ktime_get_real_ns();

	if (!inode)
		return NULL;
	inode->i_pipe = alloc_pipe_info();
	if (!inode->i_pipe) {
		iput(inode);
		return NULL;
	}
	inode->ino = get_next_ino();
	inode->mode = S_IFIFO | S_IRUSR | S_IWUSR;
	inode->uid = current ? current->cred->fsuid : 0;
	inode->gid = current ? current->cred->fsgid : 0;
	inode->blksize = PAGE_SIZE;
	inode->atime.sec = ns / NSEC_PER_SEC;
	inode->atime.nsec = ns % NSEC_PER_SEC;
	inode->mtime = inode->ctime = inode->atime;
	inode->i_fop = &pipefifo_fops;
	return inode;
}

/* One end of inode's pipe, counted as a reader or a writer. */
static struct file *pipe_end(struct inode *inode, unsigned int flags)
{
	struct pipe_inode_info *pipe = inode->i_pipe;
	struct file *f = alloc_file(inode, &pipefifo_fops, flags);

	if (IS_ERR(f))
		return f;
	stream_open(f);
	f->private_data = pipe;
	f->f_pipe = 0;
	pipe->files++;
	if (f->mode & FMODE_READ)
		pipe->readers++;
	if (f->mode & FMODE_WRITE)
		pipe->writers++;
	return f;
}

int create_pipe_files(struct file **res, int flags)
{
	struct inode *inode = get_pipe_inode();
	unsigned int nonblock = (unsigned int)flags & O_NONBLOCK;
	struct file *r, *w;
	int err;

	if (!inode)
		return -ENOMEM;
	/* Packet mode is a property of writes: Linux gives O_DIRECT to the write end only. */
	w = pipe_end(inode, O_WRONLY | nonblock | ((unsigned int)flags & O_DIRECT));
	if (IS_ERR(w)) {
		err = (int)PTR_ERR(w);
		free_pipe_info(inode->i_pipe);
		inode->i_pipe = NULL;
		goto out;
	}
	r = pipe_end(inode, O_RDONLY | nonblock);
	if (IS_ERR(r)) {
		err = (int)PTR_ERR(r);
		fput(w); /* the last file: frees the pipe */
		goto out;
	}
	res[0] = r;
	res[1] = w;
	err = 0;
out:
	iput(inode); /* the files hold it now */
	return err;
}

static long do_pipe2(uaddr_t ufds, int flags)
{
	struct file *files[2];
	int fd[2];
	int err;

	/* O_NOTIFICATION_PIPE (watch queues) is not supported: EINVAL, as without CONFIG_WATCH_QUEUE. */
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	fd[0] = fd_install_lowest(files[0], 0, flags & O_CLOEXEC);
	if (fd[0] < 0) {
		fput(files[1]);
		return fd[0];
	}
	fd[1] = fd_install_lowest(files[1], 0, flags & O_CLOEXEC);
	if (fd[1] < 0) {
		close_fd(fd[0]);
		return fd[1];
	}
	/* Nothing else runs while we hold the kernel lock: no one saw the fds. */
	if (copy_to_user(ufds, fd, sizeof(fd))) {
		close_fd(fd[0]);
		close_fd(fd[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE1(pipe, uaddr_t, fds)
{
	return do_pipe2(fds, 0);
}

SYSCALL_DEFINE2(pipe2, uaddr_t, fds, int, flags)
{
	return do_pipe2(fds, flags);
}

/* --- F_GETPIPE_SZ / F_SETPIPE_SZ ------------------------------------------ */

/* A size in bytes as Linux rounds it: at least a page, a power of two; 0 if too big. */
static unsigned int round_pipe_size(unsigned int size)
{
	unsigned int r = PAGE_SIZE;

	if (size > PIPE_SIZE_LIMIT)
		return 0;
	while (r < size)
		r <<= 1;
	return r;
}

static long pipe_set_size(struct pipe_inode_info *pipe, unsigned int arg)
{
	unsigned int size = round_pipe_size(arg);
	unsigned int nr_slots = size >> PAGE_SHIFT;
	int err;

	if (!nr_slots)
		return -EINVAL;
	/* Growing past pipe-max-size takes CAP_SYS_RESOURCE; shrinking never does. */
	if (nr_slots > pipe->ring.nr_slots && size > pipe_max_size && !capable(CAP_SYS_RESOURCE))
		return -EPERM;
	err = pipe_ring_resize(&pipe->ring, nr_slots);
	if (err)
		return err;
	wake_up(&pipe->wr_wait); /* there may be room now */
	return (long)nr_slots * (long)PAGE_SIZE;
}

long pipe_fcntl(struct file *f, unsigned int cmd, unsigned int arg)
{
	struct pipe_inode_info *pipe = get_pipe_info(f);

	if (!pipe)
		return -EBADF;
	switch (cmd) {
	case F_SETPIPE_SZ:
		return pipe_set_size(pipe, arg);
	case F_GETPIPE_SZ:
		return (long)pipe->ring.nr_slots * (long)PAGE_SIZE;
	default:
		return -EINVAL;
	}
}
