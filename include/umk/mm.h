/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest address spaces (DESIGN §4): umk keeps each one's VMAs in its own
 * red-black tree and applies every change to the guest's host process
 * through the trap backend (as_map, as_unmap, ...). Private anonymous
 * memory is host private anonymous memory, so faults and copy-on-write cost
 * what they cost natively.
 *
 * The tree functions (vma_*) touch only the tree; mm_* functions change the
 * tree and the host mapping together. All under the kernel lock.
 */
#ifndef _UMK_MM_H
#define _UMK_MM_H

#include <umk/rbtree.h>
#include <umk/types.h>

struct as;
struct file;

/* vma->flags */
#define VM_READ 0x1
#define VM_WRITE 0x2
#define VM_EXEC 0x4
#define VM_SHARED 0x8
#define VM_MAYREAD 0x10
#define VM_MAYWRITE 0x20
#define VM_MAYEXEC 0x40
#define VM_MAYSHARE 0x80
#define VM_GROWSDOWN 0x100
#define VM_ACCOUNT 0x1000 /* counted in mm->committed */
#define VM_NORESERVE 0x2000
#define VM_STACK 0x4000 /* the main thread's stack */
#define VM_HEAP 0x8000 /* the brk area */
#define VM_VDSO 0x10000
#define VM_SPECIAL (VM_STACK | VM_HEAP | VM_VDSO)

struct vma {
	struct rb_node rb;
	uaddr_t start, end; /* [start, end), page aligned */
	unsigned long flags;
	struct file *file; /* NULL for anonymous memory */
	u64 off; /* file offset of start */
};

struct mm {
	int refcount;
	struct as *as;
	struct rb_root vmas;
	int map_count;
	u64 committed; /* bytes of VM_ACCOUNT mappings */

	uaddr_t mmap_base; /* top-down placement starts below this */
	uaddr_t start_code, end_code, start_data, end_data;
	uaddr_t start_brk, brk; /* the heap: [start_brk, brk) */
	uaddr_t start_stack, stack_top;
	uaddr_t arg_start, arg_end, env_start, env_end;
	uaddr_t vdso_base;
	struct file *exe_file;
};

/* The most guest mappings one mm may have (Linux's default max_map_count). */
#define MAX_MAP_COUNT 65530
/* Linux keeps this much room below a stack that grows down. */
#define STACK_GUARD_GAP (256UL << PAGE_SHIFT)

/* --- the tree ------------------------------------------------------------- */

/* The first VMA with end > addr, or NULL. */
struct vma *vma_find(struct mm *mm, uaddr_t addr);
/* The VMA containing addr, or NULL. */
struct vma *vma_lookup(struct mm *mm, uaddr_t addr);
struct vma *vma_next(struct vma *v);
struct vma *vma_prev(struct vma *v);
struct vma *vma_first(struct mm *mm);
/* Inserts v, which must not overlap any VMA; merges it with compatible neighbours. */
void vma_insert(struct mm *mm, struct vma *v);
/*
 * Removes [start, end) from the tree, splitting VMAs that straddle its
 * edges. Returns 0, or -ENOMEM (a split needed memory, or the map count
 * would pass MAX_MAP_COUNT): the tree is then unchanged.
 */
int vma_remove_range(struct mm *mm, uaddr_t start, uaddr_t end);
/*
 * Sets the protection bits (VM_READ|VM_WRITE|VM_EXEC) of [start, end),
 * which must be fully mapped (-ENOMEM otherwise, tree unchanged).
 */
int vma_protect_range(struct mm *mm, uaddr_t start, uaddr_t end, unsigned long prot_flags);
/* Whether [start, end) is fully covered by VMAs without holes. */
bool vma_range_mapped(struct mm *mm, uaddr_t start, uaddr_t end);
/*
 * Finds a free, page-aligned range of len bytes: at hint if it fits
 * there, else the highest one below mm->mmap_base (keeping the stack guard
 * gap). Returns its start, or -ENOMEM.
 */
long vma_find_free(struct mm *mm, uaddr_t hint, size_t len);
struct vma *vma_alloc(uaddr_t start, uaddr_t end, unsigned long flags, struct file *file, u64 off);
void vma_free(struct vma *v);

/* --- address spaces ----------------------------------------------------- */

/* A new, empty mm over a blank host process (as: the caller's reference moves in). */
struct mm *mm_alloc(struct as *as);
/*
 * fork: a host fork of old's address space (as_fork; the caller owns a
 * stopped thread of it) and a copy of its description. May sleep.
 */
int mm_fork(struct mm *old, struct mm **out);
void mm_get(struct mm *mm);
void mm_put(struct mm *mm);

/*
 * Maps [addr, addr+len) in mm and its host process: anonymous when file is
 * NULL. prot: PROT_*; flags: MAP_PRIVATE/MAP_SHARED, MAP_ANONYMOUS,
 * MAP_NORESERVE, MAP_GROWSDOWN; vm_extra: VM_STACK and friends. Replaces
 * whatever was there. Returns addr or -errno.
 */
long mm_map(struct mm *mm, uaddr_t addr, size_t len, int prot, int flags, struct file *file,
	    u64 off, unsigned long vm_extra);
/*
 * Maps a host descriptor of umk's own (the vDSO) privately at addr, as a
 * VMA with no guest file; vm_extra says what it is (VM_VDSO).
 */
long mm_map_host(struct mm *mm, uaddr_t addr, size_t len, int prot, int hostfd,
		 unsigned long vm_extra);
int mm_unmap(struct mm *mm, uaddr_t addr, size_t len);
int mm_protect(struct mm *mm, uaddr_t addr, size_t len, int prot);

/*
 * Handles a guest page fault at addr (write: whether it was a write):
 * grows a VM_GROWSDOWN stack down to addr when RLIMIT_STACK allows.
 * Returns 0 when the access can be retried, -EFAULT otherwise.
 */
int mm_fault(struct mm *mm, uaddr_t addr, bool write);

/*
 * Linux's may_expand_vm: whether mm may gain len bytes of a mapping with
 * flags vmf in place of what [start, end) holds, under current's RLIMIT_AS
 * and (for private writable memory) RLIMIT_DATA.
 */
bool mm_may_expand(struct mm *mm, unsigned long vmf, u64 len, uaddr_t start, uaddr_t end);

/* Adds what mm's commit changed since it was `before` to the global total. */
void mm_account(struct mm *mm, u64 before);

/*
 * The host RLIMIT_AS for guest host processes backing mem= (0 without
 * mem=): room for reservations beyond the commit limit, and the stub.
 */
u64 mm_host_as_limit(void);

/* The commit limit in bytes (mem=, else the host's RAM). */
u64 mm_commit_limit(void);
u64 mm_committed_total(void);

#endif
