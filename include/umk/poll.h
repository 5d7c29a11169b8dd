/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Polling files: a file's poll operation returns the events ready now and
 * records in the poll table what the caller may sleep on until that could
 * change. So far that is host descriptors (the console waits on umk's
 * standard input); kernel wait queues join when pipes and event files do.
 */
#ifndef _UMK_POLL_H
#define _UMK_POLL_H

#include <asm/poll.h>
#include <umk/types.h>

#define POLL_HOST_MAX 8

struct poll_table {
	int nhost;
	struct {
		int fd;
		short events;
	} host[POLL_HOST_MAX];
};

/* Registers host descriptor fd as something a poller can sleep on. */
void poll_wait_host(struct poll_table *pt, int fd, short events);

/* What files without a poll operation report: always readable and writable. */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

#endif
