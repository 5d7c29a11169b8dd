// SPDX-License-Identifier: GPL-2.0
/*
 * The data of a pipe: a ring of slots, each holding a range of one page.
 * This file only moves bytes between the ring and iterators and sizes the
 * ring; who may read or write, waiting and signals are fs/pipe.c's.
 *
 * The slot discipline is Linux's, because a guest can see it: how many
 * bytes fit before a non-blocking write gets EAGAIN depends on how writes
 * were cut into pages, not only on the byte count.
 */
#include <umk/errno.h>
#include <umk/pipe.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/uaccess.h>

static struct pipe_buffer *slot(const struct pipe_ring *r, unsigned int n)
{
	return &r->bufs[n & (r->nr_slots - 1)];
}

int pipe_ring_init(struct pipe_ring *r, unsigned int nr_slots)
{
	memset(r, 0, sizeof(*r));
	r->bufs = kcalloc(nr_slots, sizeof(*r->bufs));
	if (!r->bufs)
		return -ENOMEM;
	r->nr_slots = nr_slots;
	return 0;
}

void pipe_ring_free(struct pipe_ring *r)
{
	for (unsigned int n = r->tail; n != r->head; n++)
		kfree(slot(r, n)->page);
	kfree(r->spare);
	kfree(r->bufs);
	memset(r, 0, sizeof(*r));
}

size_t pipe_ring_bytes(const struct pipe_ring *r)
{
	size_t bytes = 0;

	for (unsigned int n = r->tail; n != r->head; n++)
		bytes += slot(r, n)->len;
	return bytes;
}

/* A page for a new slot: the spare one if there is one. */
static char *page_get(struct pipe_ring *r)
{
	char *page = r->spare;

	if (page) {
		r->spare = NULL;
		return page;
	}
	return kmalloc(PAGE_SIZE);
}

/* Keeps one free page for the next write; a pipe in steady use allocates nothing. */
static void page_put(struct pipe_ring *r, char *page)
{
	if (!r->spare)
		r->spare = page;
	else
		kfree(page);
}

long pipe_ring_merge(struct pipe_ring *r, struct iov_iter *from)
{
	/*
	 * Only the part of the write past its last page boundary is merged:
	 * the rest then goes in whole pages, and a write of PIPE_BUF bytes or
	 * less lands in one slot or in none.
	 */
	size_t chars = from->count & (PAGE_SIZE - 1);
	struct pipe_buffer *last;
	size_t end;

	if (!chars || pipe_ring_empty(r))
		return 0;
	last = slot(r, r->head - 1);
	end = last->offset + last->len;
	if (!(last->flags & PIPE_BUF_FLAG_CAN_MERGE) || end + chars > PAGE_SIZE)
		return 0;
	if (copy_from_iter(last->page + end, chars, from) != chars)
		return -EFAULT;
	last->len += (u32)chars;
	return (long)chars;
}

long pipe_ring_push(struct pipe_ring *r, struct iov_iter *from, bool packet)
{
	struct pipe_buffer *buf;
	char *page;
	size_t n;

	if (pipe_ring_full(r) || !from->count)
		return 0;
	page = page_get(r);
	if (!page)
		return -ENOMEM;
	n = copy_from_iter(page, PAGE_SIZE, from);
	if (!n || (n < PAGE_SIZE && from->count)) {
		page_put(r, page);
		return -EFAULT;
	}
	buf = slot(r, r->head);
	buf->page = page;
	buf->offset = 0;
	buf->len = (u32)n;
	buf->flags = packet ? PIPE_BUF_FLAG_PACKET : PIPE_BUF_FLAG_CAN_MERGE;
	r->head++;
	return (long)n;
}

/* Frees the oldest slot, which the reader emptied. */
static void slot_release(struct pipe_ring *r)
{
	struct pipe_buffer *buf = slot(r, r->tail);

	page_put(r, buf->page);
	memset(buf, 0, sizeof(*buf));
	r->tail++;
}

long pipe_ring_read(struct pipe_ring *r, struct iov_iter *to)
{
	long done = 0;

	while (!pipe_ring_empty(r) && to->count) {
		struct pipe_buffer *buf = slot(r, r->tail);
		size_t chars = min_t(size_t, buf->len, to->count);

		if (copy_to_iter(buf->page + buf->offset, chars, to) != chars)
			return done ? done : -EFAULT;
		done += (long)chars;
		buf->offset += (u32)chars;
		buf->len -= (u32)chars;
		if (buf->flags & PIPE_BUF_FLAG_PACKET) {
			/* A packet is read by one read: what did not fit is gone. */
			slot_release(r);
			break;
		}
		if (!buf->len)
			slot_release(r);
	}
	return done;
}

int pipe_ring_resize(struct pipe_ring *r, unsigned int nr_slots)
{
	unsigned int used = pipe_ring_occupancy(r);
	struct pipe_buffer *bufs;

	if (nr_slots < used)
		return -EBUSY;
	if (nr_slots == r->nr_slots)
		return 0;
	bufs = kcalloc(nr_slots, sizeof(*bufs));
	if (!bufs)
		return -ENOMEM;
	for (unsigned int i = 0; i < used; i++)
		bufs[i] = *slot(r, r->tail + i);
	kfree(r->bufs);
	r->bufs = bufs;
	r->nr_slots = nr_slots;
	r->tail = 0;
	r->head = used;
	return 0;
}
