// SPDX-License-Identifier: GPL-2.0
/*
 * Heapsort: worst case O(n log n), constant extra space.
 */
#include <umk/sort.h>

static void swap_bytes(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Sifts element i down in the heap of n elements. */
static void sift_down(char *base, size_t i, size_t n, size_t size,
		      int (*cmp)(const void *, const void *))
{
	for (;;) {
		size_t largest = i, l = 2 * i + 1, r = 2 * i + 2;

		if (l < n && cmp(base + l * size, base + largest * size) > 0)
			largest = l;
		if (r < n && cmp(base + r * size, base + largest * size) > 0)
			largest = r;
		if (largest == i)
			return;
		swap_bytes(base + i * size, base + largest * size, size);
		i = largest;
	}
}

void sort(void *base, size_t n, size_t size, int (*cmp)(const void *a, const void *b))
{
	char *b = base;

	if (n < 2)
		return;
	for (size_t i = n / 2; i-- > 0;)
		sift_down(b, i, n, size, cmp);
	for (size_t end = n - 1; end > 0; end--) {
		swap_bytes(b, b + end * size, size);
		sift_down(b, 0, end, size, cmp);
	}
}
