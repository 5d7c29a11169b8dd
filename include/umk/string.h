/* SPDX-License-Identifier: GPL-2.0 */
/*
 * String and memory helpers for kernel code. mem* map to the compiler's
 * builtins (which may call the C library's mem* as compiler helpers); str*
 * are static inline so that the kernel defines no symbol the C library
 * defines.
 */
#ifndef _UMK_STRING_H
#define _UMK_STRING_H

#include <umk/types.h>

#define memcpy(d, s, n) __builtin_memcpy(d, s, n)
#define memmove(d, s, n) __builtin_memmove(d, s, n)
#define memset(d, c, n) __builtin_memset(d, c, n)
#define memcmp(a, b, n) __builtin_memcmp(a, b, n)

static inline size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

static inline size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static inline int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static inline int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

static inline char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

static inline char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

static inline bool str_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static inline void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/*
 * Copies at most size-1 bytes of src and always terminates dst (size > 0).
 * Returns the length copied, or -E2BIG if src was truncated (as Linux's
 * strscpy).
 */
long strscpy(char *dst, const char *src, size_t size);

/* Duplicates a string into kmalloc memory; NULL when out of memory. */
char *kstrdup(const char *s);
char *kstrndup(const char *s, size_t max);

/* Parses an unsigned integer in base 10, 16 (0x) or 8 (0): 0 or -EINVAL/-ERANGE. */
int kstrtou64(const char *s, unsigned int base, u64 *res);
int kstrtos64(const char *s, unsigned int base, s64 *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
/* Parses a size with an optional K/M/G/T suffix (powers of 1024). */
int kstrtosize(const char *s, u64 *res);

/* Shell-style glob: '*', '?', '[...]'. */
bool glob_match(const char *pattern, const char *str);

#endif
