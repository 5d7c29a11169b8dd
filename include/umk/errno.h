/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error numbers: the guest ABI's (UAPI) plus the kernel-internal restart
 * codes, which never reach a guest.
 */
#ifndef _UMK_ERRNO_H
#define _UMK_ERRNO_H

#include <asm-generic/errno.h>
#include <umk/types.h>

#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ENOIOCTLCMD 515
#define ERESTART_RESTARTBLOCK 516

#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

/* Returns the name of an errno ("ENOENT"), or NULL. */
const char *errno_name(int err);

#endif
