/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pipes and FIFOs (fs/pipe.c, fs/pipe_ring.c). A pipe is a ring of slots,
 * each holding part of one page of data, shaped like Linux's pipe_buffer
 * ring so that what a guest can observe carries over: a pipe holds 16 pages
 * by default (F_GETPIPE_SZ 65536), small writes are merged into the last
 * page, a write of at most PIPE_BUF bytes is merged whole or takes a fresh
 * slot (so it is atomic), and the pipe is full when every slot is used even
 * if the pages are not.
 *
 * The pipe object hangs off an inode (i_pipe): the pipefs inode of an
 * anonymous pipe, or a FIFO's inode on any file system, whose files are
 * opened through fifo_open. Everything is protected by the kernel lock.
 */
#ifndef _UMK_PIPE_H
#define _UMK_PIPE_H

#include <umk/sched.h>
#include <umk/types.h>

struct file;
struct inode;
struct iov_iter;

#define PIPE_DEF_BUFFERS 16 /* slots of a new pipe: 64 KiB */
#define PIPE_BUF_SIZE 4096 /* PIPE_BUF: writes up to this size are atomic */

/* --- the ring (fs/pipe_ring.c): data only, no tasks, no sleeping -------- */

#define PIPE_BUF_FLAG_CAN_MERGE 0x1 /* later writes may append to this slot */
#define PIPE_BUF_FLAG_PACKET 0x2 /* O_DIRECT: one write, consumed by one read */

struct pipe_buffer {
	char *page; /* PAGE_SIZE bytes */
	u32 offset, len; /* the data: page[offset, offset + len) */
	u32 flags; /* PIPE_BUF_FLAG_* */
};

struct pipe_ring {
	struct pipe_buffer *bufs; /* nr_slots of them */
	unsigned int nr_slots; /* a power of two */
	unsigned int head, tail; /* free-running: slots [tail, head) hold data */
	char *spare; /* a free page kept for the next slot */
};

/* Allocates nr_slots (a power of two) empty slots; pages come with data. */
int pipe_ring_init(struct pipe_ring *r, unsigned int nr_slots);
void pipe_ring_free(struct pipe_ring *r);

static inline unsigned int pipe_ring_occupancy(const struct pipe_ring *r)
{
	return r->head - r->tail;
}

static inline bool pipe_ring_empty(const struct pipe_ring *r)
{
	return r->head == r->tail;
}

static inline bool pipe_ring_full(const struct pipe_ring *r)
{
	return pipe_ring_occupancy(r) >= r->nr_slots;
}

/* Bytes held (FIONREAD). */
size_t pipe_ring_bytes(const struct pipe_ring *r);
/*
 * The first step of a write: if the ring is not empty and the write's
 * length modulo a page fits after the data of the last slot (one that can
 * merge), appends that many bytes there. Returns the bytes taken (maybe 0),
 * or -EFAULT (nothing is kept).
 */
long pipe_ring_merge(struct pipe_ring *r, struct iov_iter *from);
/*
 * Fills a new slot (the ring must not be full) with up to a page from
 * from, marked as a packet or as mergeable. Returns the bytes taken, or
 * -ENOMEM / -EFAULT (nothing is kept).
 */
long pipe_ring_push(struct pipe_ring *r, struct iov_iter *from, bool packet);
/*
 * Moves data from the oldest slots into to, freeing the slots it empties,
 * until to is full or the ring empty; a packet slot ends the read and is
 * consumed whole even if to holds less. Returns the bytes moved, or -EFAULT
 * if a fault stopped it before any (what was not copied stays).
 */
long pipe_ring_read(struct pipe_ring *r, struct iov_iter *to);
/* Changes the number of slots, keeping the data: -EBUSY if more are in use. */
int pipe_ring_resize(struct pipe_ring *r, unsigned int nr_slots);

/* --- pipes (fs/pipe.c) ------------------------------------------------------ */

struct pipe_inode_info {
	struct pipe_ring ring;
	unsigned int readers, writers; /* open files that read / write */
	unsigned int files; /* open files of any mode: the last frees the pipe */
	/* How many readers / writers ever opened: a FIFO open waits for the
	 * other side's count to move, and POLLHUP needs a writer seen. */
	unsigned int r_counter, w_counter;
	struct wait_queue_head rd_wait; /* readers, pollers for input, FIFO opens */
	struct wait_queue_head wr_wait; /* writers, pollers for output */
};

/* The largest size F_SETPIPE_SZ grants without CAP_SYS_RESOURCE (/proc/sys/fs/pipe-max-size). */
extern unsigned int pipe_max_size;

/*
 * The file operations of every pipe and FIFO: init_special_inode gives them
 * to FIFO inodes, whose open is fifo_open (POSIX blocking opens).
 */
extern const struct file_operations pipefifo_fops;
/*
 * Opens a FIFO (or, through /proc/PID/fd, an anonymous pipe): attaches the
 * inode's pipe, creating it on the first open. O_RDONLY waits for a writer
 * and O_WRONLY for a reader unless O_NONBLOCK (then O_WRONLY without a
 * reader fails with ENXIO); O_RDWR never waits. 0, -ENXIO, -EINVAL,
 * -ENOMEM or -ERESTARTSYS. May sleep.
 */
int fifo_open(struct inode *inode, struct file *f);

/* The pipe behind f, or NULL if f is no pipe or FIFO. */
struct pipe_inode_info *get_pipe_info(const struct file *f);

/*
 * A new anonymous pipe: res[0] its read end, res[1] its write end, both
 * with the O_NONBLOCK of flags, the write end with its O_DIRECT. 0 or -ENOMEM.
 */
int create_pipe_files(struct file **res, int flags);

/* F_GETPIPE_SZ and F_SETPIPE_SZ (fs/fcntl.c): -EBADF if f is no pipe. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned int arg);

#endif
