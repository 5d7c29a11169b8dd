// SPDX-License-Identifier: GPL-2.0
/*
 * The VMA tree: each mm's mappings in a red-black tree keyed by start
 * address, non-overlapping. These functions change only the tree (the
 * host mapping is mm/mmap.c's business), so the KUnit suite can test them
 * without a guest. Adjacent VMAs that would behave identically are merged,
 * as Linux merges them, so /proc/pid/maps reads the same.
 */
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/mm.h>
#include <umk/slab.h>
#include <umk/trap.h>

struct vma *vma_alloc(uaddr_t start, uaddr_t end, unsigned long flags, struct file *file, u64 off)
{
	struct vma *v = kzalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->start = start;
	v->end = end;
	v->flags = flags;
	v->file = file ? get_file(file) : NULL;
	v->off = off;
	return v;
}

void vma_free(struct vma *v)
{
	if (v->file)
		fput(v->file);
	kfree(v);
}

static struct vma *to_vma(struct rb_node *n)
{
	return n ? rb_entry(n, struct vma, rb) : NULL;
}

struct vma *vma_first(struct mm *mm)
{
	return to_vma(rb_first(&mm->vmas));
}

struct vma *vma_next(struct vma *v)
{
	return to_vma(rb_next(&v->rb));
}

struct vma *vma_prev(struct vma *v)
{
	return to_vma(rb_prev(&v->rb));
}

struct vma *vma_find(struct mm *mm, uaddr_t addr)
{
	struct rb_node *n = mm->vmas.node;
	struct vma *best = NULL;

	while (n) {
		struct vma *v = to_vma(n);

		if (v->end > addr) {
			best = v;
			if (v->start <= addr)
				break;
			n = n->left;
		} else {
			n = n->right;
		}
	}
	return best;
}

struct vma *vma_lookup(struct mm *mm, uaddr_t addr)
{
	struct vma *v = vma_find(mm, addr);

	return v && v->start <= addr ? v : NULL;
}

static void tree_insert(struct mm *mm, struct vma *v)
{
	struct rb_node **link = &mm->vmas.node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = v->start < to_vma(parent)->start ? &parent->left : &parent->right;
	}
	rb_link_node(&v->rb, parent, link);
	rb_insert_color(&v->rb, &mm->vmas);
	mm->map_count++;
}

static void tree_remove(struct mm *mm, struct vma *v)
{
	rb_erase(&v->rb, &mm->vmas);
	mm->map_count--;
}

/* Whether b can be merged onto the end of a. */
static bool can_merge(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->flags != b->flags || a->file != b->file)
		return false;
	if (a->flags & (VM_STACK | VM_VDSO))
		return false;
	return !a->file || a->off + (a->end - a->start) == b->off;
}

static void account(struct mm *mm, const struct vma *v, bool add)
{
	if (v->flags & VM_ACCOUNT) {
		if (add)
			mm->committed += v->end - v->start;
		else
			mm->committed -= v->end - v->start;
	}
}

void vma_insert(struct mm *mm, struct vma *v)
{
	struct vma *prev, *next;

	account(mm, v, true);
	tree_insert(mm, v);
	prev = vma_prev(v);
	next = vma_next(v);
	if (next && can_merge(v, next)) {
		v->end = next->end;
		tree_remove(mm, next);
		vma_free(next);
	}
	if (prev && can_merge(prev, v)) {
		prev->end = v->end;
		tree_remove(mm, v);
		vma_free(v);
	}
}

/* Splits v at addr (strictly inside it); v keeps the low part. NULL when out of memory. */
static struct vma *split(struct mm *mm, struct vma *v, uaddr_t addr)
{
	struct vma *hi = vma_alloc(addr, v->end, v->flags, v->file, v->off + (addr - v->start));

	if (!hi)
		return NULL;
	v->end = addr;
	tree_insert(mm, hi);
	return hi;
}

/* How many extra VMAs splitting at start and end would create. */
static int splits_needed(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma *a = vma_lookup(mm, start), *b = vma_lookup(mm, end - 1);
	int n = 0;

	if (a && a->start < start)
		n++;
	if (b && b->end > end)
		n++;
	return n;
}

/* Makes start and end VMA boundaries. All-or-nothing. */
static int split_at(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma *a = vma_lookup(mm, start), *b;
	int need = splits_needed(mm, start, end);

	if (mm->map_count + need > MAX_MAP_COUNT)
		return -ENOMEM;
	if (a && a->start < start && !split(mm, a, start))
		return -ENOMEM;
	b = vma_lookup(mm, end - 1);
	if (b && b->end > end && !split(mm, b, end))
		return -ENOMEM; /* the first split stays: it changes nothing observable */
	return 0;
}

int vma_remove_range(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma *v;
	int err;

	if (start >= end)
		return 0;
	/* Removing the middle of one VMA leaves two: one more than before. */
	v = vma_lookup(mm, start);
	if (v && v->start < start && v->end > end && mm->map_count + 1 > MAX_MAP_COUNT)
		return -ENOMEM;
	err = split_at(mm, start, end);
	if (err)
		return err;
	v = vma_find(mm, start);
	while (v && v->start < end) {
		struct vma *next = vma_next(v);

		account(mm, v, false);
		tree_remove(mm, v);
		vma_free(v);
		v = next;
	}
	return 0;
}

bool vma_range_mapped(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma *v = vma_find(mm, start);
	uaddr_t at = start;

	while (at < end) {
		if (!v || v->start > at)
			return false;
		at = v->end;
		v = vma_next(v);
	}
	return true;
}

int vma_protect_range(struct mm *mm, uaddr_t start, uaddr_t end, unsigned long prot)
{
	struct vma *v, *prev;
	int err;

	if (!vma_range_mapped(mm, start, end))
		return -ENOMEM;
	err = split_at(mm, start, end);
	if (err)
		return err;
	for (v = vma_find(mm, start); v && v->start < end; v = vma_next(v)) {
		bool was_acct = v->flags & VM_ACCOUNT;
		bool acct = !(v->flags & (VM_SHARED | VM_NORESERVE)) && (prot & VM_WRITE);

		account(mm, v, false);
		v->flags = (v->flags & ~(VM_READ | VM_WRITE | VM_EXEC | VM_ACCOUNT)) | prot;
		/* Linux charges a private mapping once it becomes writable. */
		if (acct || was_acct)
			v->flags |= VM_ACCOUNT;
		account(mm, v, true);
	}
	/* Merge what became equal, around and inside the range. */
	v = vma_lookup(mm, start);
	prev = v ? vma_prev(v) : NULL;
	v = prev ? prev : v;
	while (v && v->start <= end) {
		struct vma *next = vma_next(v);

		if (next && can_merge(v, next)) {
			v->end = next->end;
			tree_remove(mm, next);
			vma_free(next);
			continue;
		}
		v = next;
	}
	return 0;
}

/* The lowest address umk maps for a guest (the host's vm.mmap_min_addr). */
#define MMAP_MIN_ADDR 0x10000UL

/* Where the gap below v ends: its start, less the guard gap under a stack. */
static uaddr_t gap_top(const struct vma *v)
{
	if (!(v->flags & VM_GROWSDOWN))
		return v->start;
	return v->start > STACK_GUARD_GAP ? v->start - STACK_GUARD_GAP : 0;
}

long vma_find_free(struct mm *mm, uaddr_t hint, size_t len)
{
	uaddr_t limit = mm->mmap_base ? mm->mmap_base : as_task_size();
	uaddr_t gap_end;
	struct vma *v, *prev;

	if (!len || len > as_task_size() - MMAP_MIN_ADDR)
		return -ENOMEM;
	if (hint >= MMAP_MIN_ADDR && hint <= as_task_size() - len) {
		hint = PAGE_ALIGN(hint);
		v = vma_find(mm, hint);
		if (hint <= as_task_size() - len && (!v || gap_top(v) >= hint + len)) {
			prev = v ? vma_prev(v) : to_vma(rb_last(&mm->vmas));
			if (!prev || prev->end <= hint)
				return (long)hint;
		}
	}
	/* Top-down from the limit: try the gap below each VMA in turn. */
	v = vma_find(mm, limit - 1);
	if (v && v->start < limit) {
		gap_end = gap_top(v);
		prev = vma_prev(v);
	} else {
		gap_end = limit;
		prev = v ? vma_prev(v) : to_vma(rb_last(&mm->vmas));
	}
	for (;;) {
		uaddr_t gap_start = prev ? max(prev->end, MMAP_MIN_ADDR) : MMAP_MIN_ADDR;

		if (gap_end > gap_start && gap_end - gap_start >= len)
			return (long)(gap_end - len);
		if (!prev)
			return -ENOMEM;
		gap_end = gap_top(prev);
		prev = vma_prev(prev);
	}
}
