/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console: the host terminal (or pipe, or file) behind umk's standard
 * input and output, as the character device 5:1.
 */
#ifndef _UMK_CONSOLE_H
#define _UMK_CONSOLE_H

struct file;

/* Opens the console for init's descriptors 0, 1 and 2. */
struct file *console_open(void);

#endif
