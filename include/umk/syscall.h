/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Serving a trapped system call (kernel/syscall.c).
 */
#ifndef _UMK_SYSCALL_H
#define _UMK_SYSCALL_H

#include <umk/sched.h>
#include <umk/trap.h>

/*
 * Runs the handler for ev's system call and returns its result, which may
 * be a kernel-internal -ERESTART* code: signal_deliver() (umk/signal.h)
 * turns it into the guest's return value or a restart.
 */
long syscall_dispatch(struct task *t, const struct trap_event *ev);

#endif
