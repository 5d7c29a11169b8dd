// SPDX-License-Identifier: GPL-2.0
/*
 * Wait queues (umk/wait.h) and the wait-queue half of polling: a poll pass
 * registers the caller on the queues of the files it asks, and the sleep
 * that follows ends when any of them is woken.
 */
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/poll.h>
#include <umk/slab.h>
#include <umk/wait.h>

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e, struct task *t)
{
	e->task = t;
	list_add_tail(&e->node, &wq->head);
}

void remove_wait_queue(struct wait_queue_entry *e)
{
	list_del_init(&e->node);
}

void wake_up(struct wait_queue_head *wq)
{
	struct wait_queue_entry *e;

	list_for_each_entry (e, &wq->head, node)
		task_wake(e->task);
}

/* One registration of a poller on a file's queue; holds the file. */
struct poll_entry {
	struct wait_queue_entry wait;
	struct wait_queue_head *wq;
	struct file *file;
	struct poll_entry *next;
};

void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt)
{
	struct poll_entry *e;

	if (!pt || !wq)
		return;
	for (e = pt->entries; e; e = e->next)
		if (e->wq == wq)
			return;
	e = kmalloc(sizeof(*e));
	if (!e) {
		pt->error = true; /* the poller then sleeps briefly and asks again */
		return;
	}
	e->wq = wq;
	e->file = f;
	get_file(f);
	add_wait_queue(wq, &e->wait, current);
	e->next = pt->entries;
	pt->entries = e;
}

void poll_freewait(struct poll_table *pt)
{
	struct poll_entry *e = pt->entries, *next;

	for (; e; e = next) {
		next = e->next;
		remove_wait_queue(&e->wait);
		fput(e->file);
		kfree(e);
	}
	pt->entries = NULL;
}
