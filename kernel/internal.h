/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel/ private declarations.
 */
#ifndef _KERNEL_INTERNAL_H
#define _KERNEL_INTERNAL_H

#include <umk/sched.h>

/* Creates init (pid 1) and starts it running path (or the default list). */
int start_init(const char *path, char **argv, int argc);
/* Linux's default resource limits for init. */
void rlimits_init_default(struct krlimit *rlim);

#endif
