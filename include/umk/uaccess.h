/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel access to the current task's guest memory. Guest addresses are
 * integers; nothing here dereferences one. A bad address is -EFAULT, never
 * a crash. Every length is checked by the caller before it sizes an
 * allocation.
 */
#ifndef _UMK_UACCESS_H
#define _UMK_UACCESS_H

#include <umk/types.h>

#define PATH_MAX 4096
#define NAME_MAX 255
/* Linux caps one read/write at this many bytes. */
#define MAX_RW_COUNT (INT32_MAX & PAGE_MASK)
#define UIO_MAXIOV 1024

int copy_from_user(void *dst, uaddr_t src, size_t len);
int copy_to_user(uaddr_t dst, const void *src, size_t len);
int clear_user(uaddr_t dst, size_t len);

/*
 * Copies a NUL-terminated string of at most max bytes (terminator included)
 * into dst. Returns its length, -ENAMETOOLONG if no NUL within max bytes,
 * or -EFAULT.
 */
long strncpy_from_user(char *dst, uaddr_t src, size_t max);

/* Allocates and copies a path (at most PATH_MAX with its NUL); ERR_PTR on error. */
char *getname(uaddr_t upath);
void putname(char *name);

#define get_user(var, uaddr) copy_from_user(&(var), (uaddr), sizeof(var))
#define put_user(val, uaddr)                                                                       \
	({                                                                                         \
		__typeof__(val) __pv = (val);                                                      \
		copy_to_user((uaddr), &__pv, sizeof(__pv));                                        \
	})

/* A gather/scatter list over guest or kernel memory, consumed front to back. */
struct kvec {
	u64 base; /* a guest address, or a kernel pointer cast to u64 */
	size_t len;
};

struct iov_iter {
	bool user; /* guest memory of current's mm, or kernel memory */
	const struct kvec *vec;
	unsigned int nr_segs;
	size_t seg_offset; /* into vec[0] */
	size_t count; /* bytes left */
};

void iov_iter_kernel(struct iov_iter *i, struct kvec *vec, void *buf, size_t len);
void iov_iter_user(struct iov_iter *i, struct kvec *vec, uaddr_t buf, size_t len);
/*
 * Imports a guest iovec array (readv/writev): validates count and lengths
 * as Linux does (EINVAL for a negative total or count > UIO_MAXIOV, total
 * capped at MAX_RW_COUNT). On success *vecp is allocated (kfree it).
 */
long import_iovec(uaddr_t uvec, unsigned long count, struct kvec **vecp, struct iov_iter *i);

/* Copy into / out of the iterator; return bytes copied (short on a fault). */
size_t copy_to_iter(const void *src, size_t len, struct iov_iter *i);
size_t copy_from_iter(void *dst, size_t len, struct iov_iter *i);

#endif
