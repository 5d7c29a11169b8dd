/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Polling files: a file's poll operation returns the events ready now and
 * records in the poll table what the caller may sleep on until that could
 * change: host descriptors (the console waits on umk's standard input) and
 * kernel wait queues (pipes, event files: poll_wait). The table may be
 * NULL (a caller that only wants the events): both helpers accept that.
 */
#ifndef _UMK_POLL_H
#define _UMK_POLL_H

#include <asm/poll.h>
#include <umk/types.h>

#define POLL_HOST_MAX 8

struct poll_entry;
struct file;
struct wait_queue_head;

struct poll_table {
	int nhost;
	struct {
		int fd;
		short events;
	} host[POLL_HOST_MAX];
	struct poll_entry *entries; /* wait-queue registrations */
	bool error; /* a registration failed: sleep briefly, not for ever */
};

/* Registers host descriptor fd as something a poller can sleep on. */
void poll_wait_host(struct poll_table *pt, int fd, short events);
/* Registers the poller on wq, a queue of file f (held until poll_freewait). */
void poll_wait(struct file *f, struct wait_queue_head *wq, struct poll_table *pt);
/* Ends every registration of pt. */
void poll_freewait(struct poll_table *pt);

/* What files without a poll operation report: always readable and writable. */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

#endif
