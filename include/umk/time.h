/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest time. CLOCK_MONOTONIC and CLOCK_BOOTTIME count from umk's boot;
 * CLOCK_REALTIME is the host's plus an offset the guest's root may set
 * (clock_settime changes the guest's clock, never the host's).
 */
#ifndef _UMK_TIME_H
#define _UMK_TIME_H

#include <umk/types.h>

/* Nanoseconds since boot (the guest's CLOCK_MONOTONIC). */
u64 ktime_get_ns(void);
/* The guest's CLOCK_REALTIME in nanoseconds since the epoch. */
s64 ktime_get_real_ns(void);
/* Reads guest clock clk of task t into *ns; -EINVAL for an unknown clock. */
int kclock_gettime(int clk, s64 *ns);

#endif
