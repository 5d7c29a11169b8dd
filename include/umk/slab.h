/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel memory allocation. Backed by the host allocator through host-glue;
 * every allocation can fail and every caller handles NULL.
 */
#ifndef _UMK_SLAB_H
#define _UMK_SLAB_H

#include <umk/types.h>

void *kmalloc(size_t size) __attribute__((malloc, alloc_size(1)));
void *kzalloc(size_t size) __attribute__((malloc, alloc_size(1)));
void *kcalloc(size_t n, size_t size) __attribute__((malloc, alloc_size(1, 2)));
void *krealloc(void *p, size_t size);
void kfree(const void *p);

#endif
