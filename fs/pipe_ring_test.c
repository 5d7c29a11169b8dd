// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the pipe ring (fs/pipe_ring.c): how writes are cut into
 * page slots and merged, what fills the ring, how reads free slots and
 * consume packets, and resizing. Writes here are what pipe_write does
 * without waiting: a merge, then new slots until the ring is full.
 */
#include <umk/errno.h>
#include <umk/kunit.h>
#include <umk/pipe.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/uaccess.h>

#define BIG (PIPE_DEF_BUFFERS * PAGE_SIZE + 3 * PAGE_SIZE)

struct ring_fixture {
	struct pipe_ring r;
	char in[BIG], out[BIG];
};

static int ring_init(struct kunit *t)
{
	struct ring_fixture *f = kzalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	if (pipe_ring_init(&f->r, PIPE_DEF_BUFFERS)) {
		kfree(f);
		return -ENOMEM;
	}
	for (size_t i = 0; i < BIG; i++)
		f->in[i] = (char)(i * 7 + i / 251);
	t->priv = f;
	return 0;
}

static void ring_exit(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	pipe_ring_free(&f->r);
	kfree(f);
}

/* A non-blocking write of len bytes from the fixture's pattern at off. */
static long put(struct kunit *t, size_t off, size_t len, bool packet)
{
	struct ring_fixture *f = t->priv;
	struct kvec v;
	struct iov_iter it;
	long done, n;

	iov_iter_kernel(&it, &v, f->in + off, len);
	done = pipe_ring_merge(&f->r, &it);
	while (done >= 0 && it.count && !pipe_ring_full(&f->r)) {
		n = pipe_ring_push(&f->r, &it, packet);
		if (n < 0)
			return n;
		done += n;
	}
	return done;
}

/* Reads up to len bytes into the fixture's out buffer at off. */
static long get(struct kunit *t, size_t off, size_t len)
{
	struct ring_fixture *f = t->priv;
	struct kvec v;
	struct iov_iter it;

	iov_iter_kernel(&it, &v, f->out + off, len);
	return pipe_ring_read(&f->r, &it);
}

static void starts_empty(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_EXPECT_TRUE(t, pipe_ring_empty(&f->r));
	KUNIT_EXPECT_FALSE(t, pipe_ring_full(&f->r));
	KUNIT_EXPECT_EQ(t, pipe_ring_bytes(&f->r), 0);
	KUNIT_EXPECT_EQ(t, get(t, 0, 10), 0);
}

static void small_writes_merge_into_one_slot(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	for (int i = 0; i < 100; i++)
		KUNIT_ASSERT_EQ(t, put(t, (size_t)i * 10, 10, false), 10);
	KUNIT_EXPECT_EQ(t, pipe_ring_occupancy(&f->r), 1);
	KUNIT_EXPECT_EQ(t, pipe_ring_bytes(&f->r), 1000);
	KUNIT_EXPECT_EQ(t, get(t, 0, 2000), 1000);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, 1000);
	KUNIT_EXPECT_TRUE(t, pipe_ring_empty(&f->r));
}

static void a_write_that_does_not_fit_the_last_page_takes_a_new_slot(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_ASSERT_EQ(t, put(t, 0, 100, false), 100);
	KUNIT_ASSERT_EQ(t, put(t, 100, 3996, false), 3996); /* exactly fills page 0 */
	KUNIT_EXPECT_EQ(t, pipe_ring_occupancy(&f->r), 1);
	KUNIT_ASSERT_EQ(t, put(t, 4096, 1, false), 1);
	KUNIT_EXPECT_EQ(t, pipe_ring_occupancy(&f->r), 2);
	/* 1 + 4096 > PAGE_SIZE: the atomic write goes whole into slot 3. */
	KUNIT_ASSERT_EQ(t, put(t, 4097, 4096, false), 4096);
	KUNIT_EXPECT_EQ(t, pipe_ring_occupancy(&f->r), 3);
	KUNIT_EXPECT_EQ(t, get(t, 0, BIG), 8193);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, 8193);
}

static void a_large_write_merges_only_its_tail(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_ASSERT_EQ(t, put(t, 0, 10, false), 10);
	/* 10000 = 2 pages + 1808: 1808 merge after the 10 bytes, then 2 pages. */
	KUNIT_ASSERT_EQ(t, put(t, 10, 10000, false), 10000);
	KUNIT_EXPECT_EQ(t, pipe_ring_occupancy(&f->r), 3);
	KUNIT_EXPECT_EQ(t, get(t, 0, BIG), 10010);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, 10010);
}

static void holds_sixteen_full_pages(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_EXPECT_EQ(t, put(t, 0, BIG, false), PIPE_DEF_BUFFERS * PAGE_SIZE);
	KUNIT_EXPECT_TRUE(t, pipe_ring_full(&f->r));
	KUNIT_EXPECT_EQ(t, put(t, 0, 1, false), 0);
	KUNIT_EXPECT_EQ(t, pipe_ring_bytes(&f->r), 65536);
	KUNIT_EXPECT_EQ(t, get(t, 0, BIG), 65536);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, 65536);
}

static void writes_that_leave_room_in_each_page_fill_it_sooner(struct kunit *t)
{
	struct ring_fixture *f = t->priv;
	long total = 0, n;

	/* Four 1000-byte writes per page; the fifth needs a new slot. */
	while ((n = put(t, (size_t)total, 1000, false)) == 1000)
		total += n;
	KUNIT_EXPECT_EQ(t, n, 0);
	KUNIT_EXPECT_TRUE(t, pipe_ring_full(&f->r));
	KUNIT_EXPECT_EQ(t, total, PIPE_DEF_BUFFERS * 4000);
	/* ... but a write that fits the last page still goes in. */
	KUNIT_EXPECT_EQ(t, put(t, 0, 96, false), 96);
	KUNIT_EXPECT_EQ(t, put(t, 0, 1, false), 0);
}

static void reading_frees_slots_for_writers(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_ASSERT_EQ(t, put(t, 0, BIG, false), 65536);
	KUNIT_EXPECT_EQ(t, get(t, 0, 100), 100);
	KUNIT_EXPECT_TRUE(t, pipe_ring_full(&f->r)); /* page 0 is not empty yet */
	KUNIT_EXPECT_EQ(t, get(t, 100, 3996), 3996);
	KUNIT_EXPECT_FALSE(t, pipe_ring_full(&f->r));
	KUNIT_EXPECT_EQ(t, put(t, 65536, 5000, false), 4096);
	KUNIT_EXPECT_EQ(t, get(t, 4096, BIG), 65536);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, 65536 + 4096);
}

static void packets_do_not_merge_and_are_read_one_at_a_time(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_ASSERT_EQ(t, put(t, 0, 3, true), 3);
	KUNIT_ASSERT_EQ(t, put(t, 3, 5, true), 5);
	KUNIT_EXPECT_EQ(t, pipe_ring_occupancy(&f->r), 2);
	KUNIT_EXPECT_EQ(t, get(t, 0, 100), 3);
	KUNIT_EXPECT_EQ(t, get(t, 3, 100), 5);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, 8);
	KUNIT_EXPECT_TRUE(t, pipe_ring_empty(&f->r));
}

static void a_short_read_discards_the_rest_of_a_packet(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_ASSERT_EQ(t, put(t, 0, 10, true), 10);
	KUNIT_ASSERT_EQ(t, put(t, 10, 10, true), 10);
	KUNIT_EXPECT_EQ(t, get(t, 0, 4), 4);
	KUNIT_EXPECT_EQ(t, pipe_ring_bytes(&f->r), 10);
	KUNIT_EXPECT_EQ(t, get(t, 4, 100), 10);
	KUNIT_EXPECT_MEMEQ(t, f->out + 4, f->in + 10, 10);
}

static void a_large_packet_write_is_cut_into_pages(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	KUNIT_ASSERT_EQ(t, put(t, 0, 5000, true), 5000);
	KUNIT_EXPECT_EQ(t, pipe_ring_occupancy(&f->r), 2);
	KUNIT_EXPECT_EQ(t, get(t, 0, BIG), 4096);
	KUNIT_EXPECT_EQ(t, get(t, 4096, BIG), 904);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, 5000);
}

static void a_fault_keeps_nothing(struct kunit *t)
{
	struct ring_fixture *f = t->priv;
	struct kvec v;
	struct iov_iter it;

	/* A user iterator with no current task faults at its first byte. */
	iov_iter_user(&it, &v, 0x1000, 100);
	KUNIT_EXPECT_EQ(t, pipe_ring_push(&f->r, &it, false), -EFAULT);
	KUNIT_EXPECT_TRUE(t, pipe_ring_empty(&f->r));
	KUNIT_ASSERT_EQ(t, put(t, 0, 10, false), 10);
	iov_iter_user(&it, &v, 0x1000, 100);
	KUNIT_EXPECT_EQ(t, pipe_ring_merge(&f->r, &it), -EFAULT);
	KUNIT_EXPECT_EQ(t, pipe_ring_bytes(&f->r), 10);
	iov_iter_user(&it, &v, 0x1000, 100);
	KUNIT_EXPECT_EQ(t, pipe_ring_read(&f->r, &it), -EFAULT);
	KUNIT_EXPECT_EQ(t, pipe_ring_bytes(&f->r), 10);
}

static void resizing_keeps_the_data_in_order(struct kunit *t)
{
	struct ring_fixture *f = t->priv;

	/* Wrap the ring: data in slots 14, 15, 0, 1. */
	KUNIT_ASSERT_EQ(t, put(t, 0, 14 * PAGE_SIZE, false), 14 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(t, get(t, 0, 14 * PAGE_SIZE), 14 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(t, put(t, 0, 4 * PAGE_SIZE, false), 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(t, pipe_ring_resize(&f->r, 2), -EBUSY);
	KUNIT_EXPECT_EQ(t, pipe_ring_resize(&f->r, 4), 0);
	KUNIT_EXPECT_TRUE(t, pipe_ring_full(&f->r));
	KUNIT_EXPECT_EQ(t, pipe_ring_resize(&f->r, 64), 0);
	KUNIT_EXPECT_EQ(t, put(t, 4 * PAGE_SIZE, BIG - 4 * PAGE_SIZE, false), BIG - 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(t, get(t, 0, BIG), BIG);
	KUNIT_EXPECT_MEMEQ(t, f->out, f->in, BIG);
}

static const struct kunit_case pipe_ring_cases[] = {
	KUNIT_CASE(starts_empty),
	KUNIT_CASE(small_writes_merge_into_one_slot),
	KUNIT_CASE(a_write_that_does_not_fit_the_last_page_takes_a_new_slot),
	KUNIT_CASE(a_large_write_merges_only_its_tail),
	KUNIT_CASE(holds_sixteen_full_pages),
	KUNIT_CASE(writes_that_leave_room_in_each_page_fill_it_sooner),
	KUNIT_CASE(reading_frees_slots_for_writers),
	KUNIT_CASE(packets_do_not_merge_and_are_read_one_at_a_time),
	KUNIT_CASE(a_short_read_discards_the_rest_of_a_packet),
	KUNIT_CASE(a_large_packet_write_is_cut_into_pages),
	KUNIT_CASE(a_fault_keeps_nothing),
	KUNIT_CASE(resizing_keeps_the_data_in_order),
	{},
};

static const struct kunit_suite pipe_ring_suite = {
	.name = "pipe_ring",
	.cases = pipe_ring_cases,
	.init = ring_init,
	.exit = ring_exit,
};
kunit_test_suite(pipe_ring_suite);
