/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sort(): an in-place heapsort (O(n log n) worst case, no allocation), so a
 * guest-sized array can never make the kernel spend quadratic time.
 */
#ifndef _UMK_SORT_H
#define _UMK_SORT_H

#include <umk/types.h>

void sort(void *base, size_t n, size_t size, int (*cmp)(const void *a, const void *b));

#endif
