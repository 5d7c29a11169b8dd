/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stopping umk: an orderly shutdown when init exits or umk is asked to stop,
 * and an emergency one on panic.
 */
#ifndef _UMK_SHUTDOWN_H
#define _UMK_SHUTDOWN_H

#include <umk/types.h>

/*
 * Hooks run at shutdown, most recently registered first; each must be safe
 * to call from any thread, with or without the kernel lock, once.
 */
struct shutdown_hook {
	void (*fn)(void);
	struct shutdown_hook *next;
};
void shutdown_hook_register(struct shutdown_hook *hook);

/* Runs the hooks (kills guest host processes, restores the terminal). */
void emergency_shutdown(void);

#endif
