// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the sleeping half of fs/pipe.c: a reader asleep on an
 * empty pipe, a writer asleep on a full one and a FIFO open waiting for its
 * partner are each run on a second host thread (a "sleeper", standing in for
 * a task), while the test's own thread plays the other side under the
 * kernel lock: data, room, the last writer's close, the other side's open,
 * or a signal must end the sleep with the result Linux gives.
 *
 * A sleeper's task holds only what task_sleep uses (its condition variable
 * and flags); nothing here may send it a signal for real (no signal
 * struct), so SIGPIPE cases stay in the guest tests.
 */
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/kunit.h>
#include <umk/pipe.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/uaccess.h>
#include <umk/wait.h>

#define TIMEOUT_MS 3000

enum sleeper_op { OP_READ, OP_WRITE, OP_OPEN };

struct sleeper {
	struct task task;
	enum sleeper_op op;
	struct file *f;
	struct inode *inode; /* OP_OPEN */
	size_t len;
	long ret;
	bool done; /* kernel lock */
	char buf[65536 + 8192];
};

static void sleeper_main(void *arg)
{
	struct sleeper *s = arg;
	struct kvec v;
	struct iov_iter it;
	loff_t pos = 0;

	kernel_lock();
	current = &s->task;
	iov_iter_kernel(&it, &v, s->buf, s->len);
	if (s->op == OP_READ)
		s->ret = vfs_read(s->f, &it, &pos);
	else if (s->op == OP_WRITE)
		s->ret = vfs_write(s->f, &it, &pos);
	else
		s->ret = fifo_open(s->inode, s->f);
	current = NULL;
	s->done = true;
	kernel_unlock();
	host_thread_exit();
}

static void sleep_ms(long ms)
{
	struct host_timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	host_nanosleep(&ts);
}

static void sleeper_free(struct sleeper *s)
{
	cred_put(s->task.cred);
	kfree(s);
}

/* Starts op on f (of inode, for OP_OPEN) in a sleeper thread. Kernel lock not held. */
static struct sleeper *start(enum sleeper_op op, struct file *f, struct inode *inode, size_t len)
{
	struct sleeper *s = kzalloc(sizeof(*s));

	if (!s)
		return NULL;
	s->op = op;
	s->f = f;
	s->inode = inode;
	s->len = len;
	s->task.wake_efd = -1;
	s->task.cred = cred_alloc_root();
	host_cond_init(&s->task.wait_cond);
	memset(s->buf, 'w', sizeof(s->buf));
	if (!s->task.cred || host_thread_create(sleeper_main, s, "pipe-test")) {
		sleeper_free(s);
		return NULL;
	}
	return s;
}

/* Whether the sleeper is done (or, with wq, asleep on it) within the timeout. */
static bool wait_for(struct sleeper *s, struct wait_queue_head *wq)
{
	for (int ms = 0; ms < TIMEOUT_MS; ms++) {
		bool seen;

		kernel_lock();
		seen = s->done || (wq && waitqueue_active(wq));
		kernel_unlock();
		if (seen)
			return true;
		sleep_ms(1);
	}
	return false;
}

static bool is_done(struct sleeper *s)
{
	bool done;

	kernel_lock();
	done = s->done;
	kernel_unlock();
	return done;
}

/*
 * Waits for the sleeper to finish and returns its result; frees it. A
 * sleeper that never finishes fails the test and is left (its thread still
 * uses it).
 */
static long finish(struct kunit *t, struct sleeper *s)
{
	long ret;

	if (!wait_for(s, NULL)) {
		kunit_fail(t, __FILE__, __LINE__, "the sleeper never finished");
		return -ETIMEDOUT;
	}
	ret = s->ret;
	sleeper_free(s);
	return ret;
}

/* Sends the sleeper what a signal would: pending, and a wake-up. */
static void fake_signal(struct sleeper *s)
{
	kernel_lock();
	s->task.sig_pending = true;
	task_wake(&s->task);
	kernel_unlock();
}

static long rw(struct file *f, const char *data, size_t len, bool write)
{
	struct kvec v;
	struct iov_iter it;
	loff_t pos = 0;
	long r;

	kernel_lock();
	iov_iter_kernel(&it, &v, (void *)data, len);
	r = write ? vfs_write(f, &it, &pos) : vfs_read(f, &it, &pos);
	kernel_unlock();
	return r;
}

static struct pipe_inode_info *make_pipe(struct kunit *t, struct file **files)
{
	int err;

	kernel_lock();
	err = create_pipe_files(files, 0);
	kernel_unlock();
	KUNIT_EXPECT_EQ(t, err, 0);
	return err ? NULL : get_pipe_info(files[0]);
}

static void close_file(struct file *f)
{
	kernel_lock();
	fput(f);
	kernel_unlock();
}

static void a_reader_sleeps_until_data_arrives(struct kunit *t)
{
	struct file *p[2];
	struct pipe_inode_info *pipe = make_pipe(t, p);
	struct sleeper *s;

	KUNIT_ASSERT_NOT_NULL(t, pipe);
	s = start(OP_READ, p[0], NULL, 100);
	KUNIT_ASSERT_NOT_NULL(t, s);
	KUNIT_EXPECT_TRUE(t, wait_for(s, &pipe->rd_wait));
	KUNIT_EXPECT_FALSE(t, is_done(s));
	KUNIT_EXPECT_EQ(t, rw(p[1], "hello", 5, true), 5);
	KUNIT_EXPECT_EQ(t, finish(t, s), 5);
	close_file(p[0]);
	close_file(p[1]);
}

static void the_last_writer_closing_wakes_a_reader_with_eof(struct kunit *t)
{
	struct file *p[2];
	struct pipe_inode_info *pipe = make_pipe(t, p);
	struct sleeper *s;

	KUNIT_ASSERT_NOT_NULL(t, pipe);
	s = start(OP_READ, p[0], NULL, 100);
	KUNIT_ASSERT_NOT_NULL(t, s);
	KUNIT_EXPECT_TRUE(t, wait_for(s, &pipe->rd_wait));
	close_file(p[1]);
	KUNIT_EXPECT_EQ(t, finish(t, s), 0);
	close_file(p[0]);
}

static void a_writer_sleeps_until_a_reader_frees_a_page(struct kunit *t)
{
	static char data[65536], out[65536];
	struct file *p[2];
	struct pipe_inode_info *pipe = make_pipe(t, p);
	struct sleeper *s;

	KUNIT_ASSERT_NOT_NULL(t, pipe);
	KUNIT_ASSERT_EQ(t, rw(p[1], data, sizeof(data), true), 65536);
	s = start(OP_WRITE, p[1], NULL, 4096);
	KUNIT_ASSERT_NOT_NULL(t, s);
	KUNIT_EXPECT_TRUE(t, wait_for(s, &pipe->wr_wait));
	/* Part of a page read frees no slot: the writer sleeps on. */
	KUNIT_EXPECT_EQ(t, rw(p[0], out, 100, false), 100);
	sleep_ms(20);
	KUNIT_EXPECT_FALSE(t, is_done(s));
	KUNIT_EXPECT_EQ(t, rw(p[0], out, 3996, false), 3996);
	KUNIT_EXPECT_EQ(t, finish(t, s), 4096);
	KUNIT_EXPECT_EQ(t, rw(p[0], out, sizeof(out), false), 65536);
	close_file(p[0]);
	close_file(p[1]);
}

static void a_signal_ends_a_sleep_with_erestartsys(struct kunit *t)
{
	struct file *p[2];
	struct pipe_inode_info *pipe = make_pipe(t, p);
	struct sleeper *s;

	KUNIT_ASSERT_NOT_NULL(t, pipe);
	s = start(OP_READ, p[0], NULL, 100);
	KUNIT_ASSERT_NOT_NULL(t, s);
	KUNIT_EXPECT_TRUE(t, wait_for(s, &pipe->rd_wait));
	fake_signal(s);
	KUNIT_EXPECT_EQ(t, finish(t, s), -ERESTARTSYS);
	/* Nothing was lost or left queued. */
	KUNIT_EXPECT_FALSE(t, waitqueue_active(&pipe->rd_wait));
	close_file(p[0]);
	close_file(p[1]);
}

static void a_signal_after_some_progress_returns_the_partial_count(struct kunit *t)
{
	static char out[65536];
	struct file *p[2];
	struct pipe_inode_info *pipe = make_pipe(t, p);
	struct sleeper *s;

	KUNIT_ASSERT_NOT_NULL(t, pipe);
	s = start(OP_WRITE, p[1], NULL, 65536 + 8192);
	KUNIT_ASSERT_NOT_NULL(t, s);
	KUNIT_EXPECT_TRUE(t, wait_for(s, &pipe->wr_wait));
	fake_signal(s);
	KUNIT_EXPECT_EQ(t, finish(t, s), 65536);
	KUNIT_EXPECT_EQ(t, rw(p[0], out, sizeof(out), false), 65536);
	close_file(p[0]);
	close_file(p[1]);
}

/* A FIFO inode on no file system, opened without a path. */
static struct file *fifo_file(struct inode *inode, unsigned int flags)
{
	struct file *f;

	kernel_lock();
	f = alloc_file(inode, inode->i_fop, flags);
	kernel_unlock();
	return IS_ERR(f) ? NULL : f;
}

/* Opens f as dentry_open does; a failed open is dropped without its release. */
static int open_fifo(struct inode *inode, struct file *f)
{
	int err;

	kernel_lock();
	err = fifo_open(inode, f);
	if (err) {
		f->f_op = NULL;
		fput(f);
	}
	kernel_unlock();
	return err;
}

/* inode's pipe once a sleeper's open has made it (or NULL after the timeout). */
static struct pipe_inode_info *wait_pipe(struct inode *inode)
{
	for (int ms = 0; ms < TIMEOUT_MS; ms++) {
		struct pipe_inode_info *pipe;

		kernel_lock();
		pipe = inode->i_pipe;
		kernel_unlock();
		if (pipe)
			return pipe;
		sleep_ms(1);
	}
	return NULL;
}

/* Drops a file whose open failed: no release, as dentry_open does. */
static void drop_unopened(struct file *f)
{
	kernel_lock();
	f->f_op = NULL;
	fput(f);
	kernel_unlock();
}

static void a_fifo_reader_waits_for_a_writer(struct kunit *t)
{
	struct inode *inode = inode_alloc(NULL);
	struct pipe_inode_info *pipe;
	struct file *r, *w, *w2;
	struct sleeper *s;

	KUNIT_ASSERT_NOT_NULL(t, inode);
	init_special_inode(inode, S_IFIFO | 0600, 0);
	KUNIT_EXPECT_PTR_EQ(t, inode->i_fop, &pipefifo_fops);
	r = fifo_file(inode, O_RDONLY);
	KUNIT_ASSERT_NOT_NULL(t, r);
	s = start(OP_OPEN, r, inode, 0);
	KUNIT_ASSERT_NOT_NULL(t, s);
	/* The open creates the pipe, then waits on its read queue. */
	pipe = wait_pipe(inode);
	KUNIT_ASSERT_NOT_NULL(t, pipe);
	KUNIT_EXPECT_TRUE(t, wait_for(s, &pipe->rd_wait));
	KUNIT_EXPECT_FALSE(t, is_done(s));
	/* With a reader there, a non-blocking writer opens at once and lets it through. */
	w = fifo_file(inode, O_WRONLY | O_NONBLOCK);
	KUNIT_ASSERT_NOT_NULL(t, w);
	KUNIT_EXPECT_EQ(t, open_fifo(inode, w), 0);
	KUNIT_EXPECT_EQ(t, finish(t, s), 0);
	KUNIT_EXPECT_EQ(t, rw(w, "abc", 3, true), 3);
	KUNIT_EXPECT_EQ(t, pipe->readers, 1);
	KUNIT_EXPECT_EQ(t, pipe->writers, 1);
	KUNIT_EXPECT_EQ(t, pipe->files, 2);
	close_file(r);
	close_file(w);
	KUNIT_EXPECT_NULL(t, inode->i_pipe); /* the data died with the last open */

	/* An interrupted open leaves no reader behind: a writer then gets ENXIO. */
	r = fifo_file(inode, O_RDONLY);
	KUNIT_ASSERT_NOT_NULL(t, r);
	s = start(OP_OPEN, r, inode, 0);
	KUNIT_ASSERT_NOT_NULL(t, s);
	pipe = wait_pipe(inode);
	KUNIT_ASSERT_NOT_NULL(t, pipe);
	KUNIT_EXPECT_TRUE(t, wait_for(s, &pipe->rd_wait));
	fake_signal(s);
	KUNIT_EXPECT_EQ(t, finish(t, s), -ERESTARTSYS);
	KUNIT_EXPECT_NULL(t, inode->i_pipe);
	drop_unopened(r);
	w2 = fifo_file(inode, O_WRONLY | O_NONBLOCK);
	KUNIT_ASSERT_NOT_NULL(t, w2);
	KUNIT_EXPECT_EQ(t, open_fifo(inode, w2), -ENXIO); /* and w2 is dropped */
	KUNIT_EXPECT_NULL(t, inode->i_pipe);
	kernel_lock();
	iput(inode);
	kernel_unlock();
}

static const struct kunit_case pipe_cases[] = {
	KUNIT_CASE(a_reader_sleeps_until_data_arrives),
	KUNIT_CASE(the_last_writer_closing_wakes_a_reader_with_eof),
	KUNIT_CASE(a_writer_sleeps_until_a_reader_frees_a_page),
	KUNIT_CASE(a_signal_ends_a_sleep_with_erestartsys),
	KUNIT_CASE(a_signal_after_some_progress_returns_the_partial_count),
	KUNIT_CASE(a_fifo_reader_waits_for_a_writer),
	{},
};

static const struct kunit_suite pipe_suite = { .name = "pipe", .cases = pipe_cases };
kunit_test_suite(pipe_suite);
