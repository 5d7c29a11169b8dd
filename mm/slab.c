// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel memory allocation, backed by the host's allocator (so ASan sees
 * every kernel object). Callers always handle NULL.
 */
#include <host/host.h>
#include <umk/slab.h>

void *kmalloc(size_t size)
{
	return host_malloc(size ? size : 1);
}

void *kzalloc(size_t size)
{
	return host_calloc(1, size ? size : 1);
}

void *kcalloc(size_t n, size_t size)
{
	return host_calloc(n ? n : 1, size ? size : 1);
}

void *krealloc(void *p, size_t size)
{
	return host_realloc(p, size ? size : 1);
}

void kfree(const void *p)
{
	host_free((void *)p);
}
