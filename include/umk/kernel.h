/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Booting and stopping the kernel (kernel/main.c).
 */
#ifndef _UMK_KERNEL_H
#define _UMK_KERNEL_H

#include <umk/types.h>

/*
 * Boots the guest with init_argv[0..init_argc) as init's extra arguments
 * and returns umk's exit status: init's, 128+N if init was killed by signal
 * N, 2 for a bad command line, 1 when booting failed.
 */
int start_kernel(char **init_argv, int init_argc);

/*
 * Asks the boot thread to shut the kernel down; umk exits with the status
 * derived from wait_status (init's exit code, or 128+N for signal N).
 * Any thread, with or without the kernel lock.
 */
void kernel_shutdown(int wait_status);

/* The guest's boot time (host CLOCK_MONOTONIC, ns), for uptime and clocks. */
extern u64 boot_monotonic_ns;

#endif
