/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues: a task sleeps on a queue until a condition holds; whoever
 * changes the condition wakes the queue. Everything runs under the big
 * kernel lock, so checking the condition and going to sleep cannot race
 * with a wake-up (task_sleep drops the lock atomically).
 *
 *	err = wait_event_interruptible(pipe->wait, pipe->len > 0);
 *	if (err)
 *		return err;	// -ERESTARTSYS: a signal, or the task is killed
 *
 * Pollable files register their queues with poll_wait() (umk/poll.h).
 */
#ifndef _UMK_WAIT_H
#define _UMK_WAIT_H

#include <umk/list.h>
#include <umk/sched.h>
#include <umk/types.h>

/* struct wait_queue_head is in umk/sched.h (signal_struct embeds one). */

struct wait_queue_entry {
	struct list_head node;
	struct task *task;
};

#define WAIT_QUEUE_HEAD_INIT(name)                                                                 \
	{                                                                                          \
		LIST_HEAD_INIT((name).head)                                                        \
	}
#define DECLARE_WAIT_QUEUE_HEAD(name) struct wait_queue_head name = WAIT_QUEUE_HEAD_INIT(name)

static inline void init_waitqueue_head(struct wait_queue_head *wq)
{
	INIT_LIST_HEAD(&wq->head);
}

static inline bool waitqueue_active(const struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

/* Queues e for task t (current, usually). Kernel lock held. */
void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *e, struct task *t);
void remove_wait_queue(struct wait_queue_entry *e);

/* Wakes every task on wq. Kernel lock held. */
void wake_up(struct wait_queue_head *wq);

/*
 * Sleeps on wq until cond holds (0), the deadline passes (-ETIMEDOUT; ns
 * since boot, 0 for none), a signal is pending if interruptible, or the
 * task is being killed (-ERESTARTSYS for both). cond is checked first and
 * after every wake-up, with the kernel lock held.
 */
#define __wait_event(wq, cond, deadline, interruptible)                                            \
	({                                                                                         \
		struct wait_queue_entry __we;                                                      \
		int __r = 0;                                                                       \
		if (!(cond)) {                                                                     \
			add_wait_queue(&(wq), &__we, current);                                     \
			while (!(cond)) {                                                          \
				__r = task_sleep((deadline), (interruptible));                     \
				if (__r) {                                                         \
					if (cond)                                                  \
						__r = 0;                                           \
					break;                                                     \
				}                                                                  \
			}                                                                          \
			remove_wait_queue(&__we);                                                  \
		}                                                                                  \
		__r;                                                                               \
	})

#define wait_event_interruptible(wq, cond) __wait_event(wq, cond, 0, true)
#define wait_event_interruptible_deadline(wq, cond, deadline) __wait_event(wq, cond, deadline, true)
/* Ends only for cond or a kill: -ERESTARTSYS then. */
#define wait_event_killable(wq, cond) __wait_event(wq, cond, 0, false)

#endif
