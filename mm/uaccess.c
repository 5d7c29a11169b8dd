// SPDX-License-Identifier: GPL-2.0
/*
 * uaccess: the kernel's only way into the current task's guest memory,
 * over the trap backend's as_read/as_write (process_vm_readv/writev). A
 * bad guest address is -EFAULT, never a crash; strings are read a page at
 * a time so that a short string at the end of a mapping is not refused.
 */
#include <umk/errno.h>
#include <umk/mm.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/trap.h>
#include <umk/uaccess.h>

static struct as *current_as(void)
{
	return current && current->mm ? current->mm->as : NULL;
}

int copy_from_user(void *dst, uaddr_t src, size_t len)
{
	struct as *as = current_as();

	if (!len)
		return 0;
	return as ? as_read(as, dst, src, len) : -EFAULT;
}

int copy_to_user(uaddr_t dst, const void *src, size_t len)
{
	struct as *as = current_as();

	if (!len)
		return 0;
	return as ? as_write(as, dst, src, len) : -EFAULT;
}

int clear_user(uaddr_t dst, size_t len)
{
	static const char zeros[4096];

	while (len) {
		size_t n = min(len, sizeof(zeros));

		if (copy_to_user(dst, zeros, n))
			return -EFAULT;
		dst += n;
		len -= n;
	}
	return 0;
}

long strncpy_from_user(char *dst, uaddr_t src, size_t max)
{
	struct as *as = current_as();
	size_t done = 0;

	if (!as)
		return -EFAULT;
	while (done < max) {
		size_t chunk = min(max - done, PAGE_SIZE - ((src + done) & ~PAGE_MASK));
		long n = as_read_partial(as, dst + done, src + done, chunk);
		char *nul;

		if (n <= 0)
			return -EFAULT;
		nul = memchr(dst + done, 0, (size_t)n);
		if (nul)
			return (long)(nul - dst);
		done += (size_t)n;
		if ((size_t)n < chunk)
			return -EFAULT;
	}
	return -ENAMETOOLONG;
}

char *getname(uaddr_t upath)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	if (!buf)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(buf, upath, PATH_MAX);
	if (n < 0) {
		kfree(buf);
		return ERR_PTR(n);
	}
	return buf;
}

void putname(char *name)
{
	if (!IS_ERR_OR_NULL(name))
		kfree(name);
}

/* --- iov_iter ---------------------------------------------------------------- */

void iov_iter_kernel(struct iov_iter *i, struct kvec *vec, void *buf, size_t len)
{
	vec->base = (u64)(uintptr_t)buf;
	vec->len = len;
	i->user = false;
	i->vec = vec;
	i->nr_segs = 1;
	i->seg_offset = 0;
	i->count = len;
}

void iov_iter_user(struct iov_iter *i, struct kvec *vec, uaddr_t buf, size_t len)
{
	iov_iter_kernel(i, vec, NULL, len);
	vec->base = buf;
	i->user = true;
}

long import_iovec(uaddr_t uvec, unsigned long count, struct kvec **vecp, struct iov_iter *i)
{
	struct kvec *vec;
	size_t total = 0;

	*vecp = NULL;
	if (count > UIO_MAXIOV)
		return -EINVAL;
	vec = kcalloc(count ? count : 1, sizeof(*vec));
	if (!vec)
		return -ENOMEM;
	if (copy_from_user(vec, uvec, count * sizeof(*vec))) {
		kfree(vec);
		return -EFAULT;
	}
	for (unsigned long k = 0; k < count; k++) {
		if ((s64)vec[k].len < 0) {
			kfree(vec);
			return -EINVAL;
		}
		/* Linux truncates the total at MAX_RW_COUNT rather than failing. */
		if (vec[k].len > MAX_RW_COUNT - total)
			vec[k].len = MAX_RW_COUNT - total;
		total += vec[k].len;
	}
	i->user = true;
	i->vec = vec;
	i->nr_segs = (unsigned int)count;
	i->seg_offset = 0;
	i->count = total;
	*vecp = vec;
	return (long)total;
}

/* Copies between kbuf and guest memory at uaddr up to the first bad byte. */
static size_t copy_user_partial(uaddr_t uaddr, void *kbuf, size_t len, bool to_user)
{
	struct as *as = current_as();
	long n;

	if (!as)
		return 0;
	n = to_user ? as_write_partial(as, uaddr, kbuf, len)
		    : as_read_partial(as, kbuf, uaddr, len);
	return n > 0 ? (size_t)n : 0;
}

/* Moves len bytes between kbuf and the iterator; to_iter: kbuf -> iterator. */
static size_t iter_copy(struct iov_iter *i, void *kbuf, size_t len, bool to_iter)
{
	size_t done = 0;

	while (done < len && i->count && i->nr_segs) {
		const struct kvec *v = i->vec;
		size_t n = min(len - done, v->len - i->seg_offset);

		if (n) {
			u64 at = v->base + i->seg_offset;
			char *k = (char *)kbuf + done;
			size_t got = n;

			/* Guest memory: up to the first inaccessible byte, as Linux. */
			if (i->user)
				got = copy_user_partial(at, k, n, to_iter);
			else if (to_iter)
				memcpy((void *)(uintptr_t)at, k, n);
			else
				memcpy(k, (void *)(uintptr_t)at, n);
			done += got;
			i->seg_offset += got;
			i->count -= got;
			if (got < n)
				break;
		}
		if (i->seg_offset == v->len) {
			i->vec++;
			i->nr_segs--;
			i->seg_offset = 0;
		}
	}
	return done;
}

size_t copy_to_iter(const void *src, size_t len, struct iov_iter *i)
{
	return iter_copy(i, (void *)src, len, true);
}

size_t copy_from_iter(void *dst, size_t len, struct iov_iter *i)
{
	return iter_copy(i, dst, len, false);
}
