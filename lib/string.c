// SPDX-License-Identifier: GPL-2.0
/*
 * String helpers that are not inline: bounded copies, duplication, number
 * parsing for the command line and /proc-style input, and glob matching.
 */
#include <umk/errno.h>
#include <umk/slab.h>
#include <umk/string.h>

long strscpy(char *dst, const char *src, size_t size)
{
	size_t i;

	if (!size)
		return -E2BIG;
	for (i = 0; i < size - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
	return src[i] ? -E2BIG : (long)i;
}

char *kstrndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p = kmalloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

char *kstrdup(const char *s)
{
	return kstrndup(s, (size_t)-1);
}

int kstrtou64(const char *s, unsigned int base, u64 *res)
{
	u64 v = 0;
	bool any = false;

	if (*s == '+')
		s++;
	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
			base = 16;
			s += 2;
		} else if (s[0] == '0' && s[1]) {
			base = 8;
			s++;
		} else {
			base = 10;
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
		s += 2;
	}
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else if (*s == '\n' && !s[1] && any)
			break; /* like Linux: one trailing newline is accepted */
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (check_mul_overflow(v, (u64)base, &v) || check_add_overflow(v, (u64)d, &v))
			return -ERANGE;
		any = true;
	}
	if (!any)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtos64(const char *s, unsigned int base, s64 *res)
{
	bool neg = *s == '-';
	u64 v;
	int err = kstrtou64(neg ? s + 1 : s, base, &v);

	if (err)
		return err;
	if (neg ? v > (u64)INT64_MAX + 1 : v > (u64)INT64_MAX)
		return -ERANGE;
	*res = neg ? (s64)(0 - v) : (s64)v;
	return 0;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	u64 v;
	int err = kstrtou64(s, base, &v);

	if (err)
		return err;
	if (v > UINT32_MAX)
		return -ERANGE;
	*res = (unsigned int)v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	s64 v;
	int err = kstrtos64(s, base, &v);

	if (err)
		return err;
	if (v > INT32_MAX || v < INT32_MIN)
		return -ERANGE;
	*res = (int)v;
	return 0;
}

int kstrtosize(const char *s, u64 *res)
{
	char num[32];
	size_t n = strlen(s);
	unsigned shift = 0;
	u64 v;
	int err;

	if (!n || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	case 't':
	case 'T':
		shift = 40;
		break;
	}
	if (shift)
		num[--n] = '\0';
	err = kstrtou64(num, 0, &v);
	if (err)
		return err;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	*res = v << shift;
	return 0;
}

static bool class_match(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool neg = false, hit = false;

	if (*p == '!' || *p == '^') {
		neg = true;
		p++;
	}
	if (*p == ']') { /* a leading ']' is literal */
		hit |= c == ']';
		p++;
	}
	for (; *p && *p != ']'; p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hit |= c >= p[0] && c <= p[2];
			p += 2;
		} else {
			hit |= c == *p;
		}
	}
	*pp = *p ? p : p - 1;
	return hit != neg;
}

bool glob_match(const char *pat, const char *str)
{
	const char *star_p = NULL, *star_s = NULL;

	while (*str) {
		if (*pat == '*') {
			star_p = ++pat;
			star_s = str;
			continue;
		}
		if (*pat == '?' || (*pat == '[' && class_match(&pat, *str)) ||
		    (*pat != '[' && *pat == *str)) {
			pat++;
			str++;
			continue;
		}
		if (!star_p)
			return false;
		pat = star_p;
		str = ++star_s;
	}
	while (*pat == '*')
		pat++;
	return !*pat;
}
