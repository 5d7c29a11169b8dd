// SPDX-License-Identifier: GPL-2.0
/*
 * mremap: shrink, grow in place, or move a mapping with its contents. The
 * host moves the pages (as_remap), so moving costs no copy.
 */
#include <linux/mman.h>
#include <umk/errno.h>
#include <umk/mm.h>
#include <umk/sched.h>
#include <umk/syscalls.h>
#include <umk/trap.h>

/* Moves [old, old+old_len) of v to [new_addr, new_addr+new_len). */
static long move_vma(struct mm *mm, struct vma *v, uaddr_t old, size_t old_len, uaddr_t new_addr,
		     size_t new_len)
{
	struct vma *nv;
	u64 before = mm->committed;
	long r;

	if ((v->flags & VM_ACCOUNT) && new_len > old_len &&
	    mm_committed_total() + (new_len - old_len) > mm_commit_limit())
		return -ENOMEM;
	if (new_len > old_len && !mm_may_expand(mm, v->flags, new_len - old_len, 0, 0))
		return -ENOMEM;
	nv = vma_alloc(new_addr, new_addr + new_len, v->flags, v->file, v->off + (old - v->start));
	if (!nv)
		return -ENOMEM;
	r = as_remap(mm->as, old, old_len, new_len, new_addr);
	if (r < 0) {
		vma_free(nv);
		return r;
	}
	/* The host moved the pages: make the tree say the same. */
	if (vma_remove_range(mm, old, old + old_len) ||
	    vma_remove_range(mm, new_addr, new_addr + new_len)) {
		vma_free(nv);
		return -ENOMEM;
	}
	vma_insert(mm, nv);
	mm_account(mm, before);
	return (long)new_addr;
}

/* Grows v's tail [old, old+old_len) in place to new_len; the space after it is free. */
static long grow_in_place(struct mm *mm, struct vma *v, uaddr_t old, size_t old_len, size_t new_len)
{
	u64 before = mm->committed;
	struct vma *tail;
	long r;

	if ((v->flags & VM_ACCOUNT) &&
	    mm_committed_total() + (new_len - old_len) > mm_commit_limit())
		return -ENOMEM;
	if (!mm_may_expand(mm, v->flags, new_len - old_len, 0, 0))
		return -ENOMEM;
	tail = vma_alloc(old + old_len, old + new_len, v->flags, v->file,
			 v->off + (old + old_len - v->start));
	if (!tail)
		return -ENOMEM;
	r = as_remap(mm->as, old, old_len, new_len, old);
	if (r < 0) {
		vma_free(tail);
		return r;
	}
	vma_insert(mm, tail);
	mm_account(mm, before);
	return (long)old;
}

SYSCALL_DEFINE5(mremap, uaddr_t, old, size_t, old_len, size_t, new_len, int, flags, uaddr_t,
		new_addr)
{
	struct mm *mm = current->mm;
	struct vma *v, *next;
	long r;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL; /* MREMAP_DONTUNMAP is not offered */
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (old & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || !old_len)
		return -EINVAL; /* old_len 0 duplicates shared mappings: not offered */
	if (old_len > as_task_size() || old > as_task_size() - old_len || new_len > as_task_size())
		return -EINVAL;
	v = vma_lookup(mm, old);
	if (!v || old + old_len > v->end)
		return -EFAULT;
	if (flags & MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_addr > as_task_size() - new_len)
			return -EINVAL;
		if (new_addr < old + old_len && old < new_addr + new_len)
			return -EINVAL; /* the ranges overlap */
		return move_vma(mm, v, old, old_len, new_addr, new_len);
	}
	if (new_len <= old_len) {
		if (new_len < old_len) {
			r = mm_unmap(mm, old + new_len, old_len - new_len);
			if (r)
				return r;
		}
		return (long)old;
	}
	next = vma_find(mm, old + old_len);
	if (old + old_len == v->end && old <= as_task_size() - new_len &&
	    (!next || next->start >= old + new_len))
		return grow_in_place(mm, v, old, old_len, new_len);
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	r = vma_find_free(mm, 0, new_len);
	if (r < 0)
		return r;
	return move_vma(mm, v, old, old_len, (uaddr_t)r, new_len);
}
