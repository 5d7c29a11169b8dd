/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fs/ private declarations.
 */
#ifndef _FS_INTERNAL_H
#define _FS_INTERNAL_H

#include <umk/fs.h>

/* Opens a character device inode through the chrdev registry. */
extern const struct file_operations chrdev_open_fops;
/* Special files umk cannot open yet: ENXIO. */
extern const struct file_operations bad_special_fops;

/* The root mount (fs/super.c). */
extern struct mount *root_mount;

/* Dcache internals shared with fs/super.c. */
void dcache_init(void);

#endif
