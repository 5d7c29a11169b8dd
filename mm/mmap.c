// SPDX-License-Identifier: GPL-2.0
/*
 * Guest address spaces and the mmap family: mmap, munmap, mprotect, brk,
 * madvise, and stack growth on faults. Each change is made on the guest's
 * host process (as_map & co.) and in the VMA tree, host first, so the tree
 * never claims a mapping the host lacks.
 *
 * Commit accounting: private writable mappings (VM_ACCOUNT) are charged
 * against mem= (default: the host's RAM) and refused with ENOMEM beyond it.
 * RLIMIT_AS bounds all of a process's mappings, RLIMIT_DATA its private
 * writable ones (and brk), as Linux's may_expand_vm does.
 */
#include <linux/mman.h>
#include <linux/resource.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/mm.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/trap.h>

static u64 mem_limit;
static bool mem_given; /* mem= was on the command line */
static int set_mem(const char *val, const struct kernel_param *kp)
{
	u64 v;

	if (!val || kstrtosize(val, &v) || v < (16ULL << 20))
		return -EINVAL;
	mem_limit = v;
	mem_given = true;
	return 0;
}
custom_param(mem, "mem", set_mem, "guest memory: commit limit, e.g. mem=512M (at least 16M)");

/* Bytes committed by every mm (all under the kernel lock). */
static u64 committed_total;

u64 mm_commit_limit(void)
{
	if (!mem_limit)
		mem_limit = host_total_ram() ? host_total_ram() : 1ULL << 30;
	return mem_limit;
}

u64 mm_host_as_limit(void)
{
	u64 v;

	if (!mem_given)
		return 0;
	v = max(4 * mem_limit, mem_limit + (4ULL << 30));
	return v + (512ULL << 20);
}

u64 mm_committed_total(void)
{
	return committed_total;
}

void mm_account(struct mm *mm, u64 before)
{
	committed_total += mm->committed - before;
}

struct mm *mm_alloc(struct as *as)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->refcount = 1;
	mm->as = as;
	mm->vmas = RB_ROOT;
	return mm;
}

int mm_fork(struct mm *old, struct mm **out)
{
	struct mm *mm;
	struct as *as;
	int err;

	if (old->committed && committed_total + old->committed > mm_commit_limit())
		return -ENOMEM;
	err = as_fork(old->as, &as);
	if (err)
		return err;
	mm = mm_alloc(as);
	if (!mm) {
		as_put(as);
		return -ENOMEM;
	}
	/* The host copied the memory; umk copies its description of it. */
	for (struct vma *v = vma_first(old); v; v = vma_next(v)) {
		struct vma *c = vma_alloc(v->start, v->end, v->flags, v->file, v->off);

		if (!c) {
			mm_put(mm);
			return -ENOMEM;
		}
		vma_insert(mm, c);
	}
	committed_total += mm->committed; /* vma_insert counted it */
	mm->mmap_base = old->mmap_base;
	mm->start_code = old->start_code;
	mm->end_code = old->end_code;
	mm->start_data = old->start_data;
	mm->end_data = old->end_data;
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->stack_top = old->stack_top;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->vdso_base = old->vdso_base;
	mm->exe_file = old->exe_file ? get_file(old->exe_file) : NULL;
	*out = mm;
	return 0;
}

void mm_get(struct mm *mm)
{
	mm->refcount++;
}

void mm_put(struct mm *mm)
{
	struct vma *v;

	if (--mm->refcount > 0)
		return;
	committed_total -= mm->committed;
	while ((v = vma_first(mm))) {
		rb_erase(&v->rb, &mm->vmas);
		vma_free(v);
	}
	if (mm->exe_file)
		fput(mm->exe_file);
	as_put(mm->as);
	kfree(mm);
}

/* Linux's is_data_mapping: private, writable, not a stack (RLIMIT_DATA counts these). */
static bool vm_is_data(unsigned long vmf)
{
	return (vmf & VM_WRITE) && !(vmf & (VM_SHARED | VM_MAYSHARE | VM_GROWSDOWN | VM_STACK));
}

/* Bytes of mm's VMAs, and of its data VMAs, outside [start, end). */
static void mm_vm_bytes(struct mm *mm, uaddr_t start, uaddr_t end, u64 *total, u64 *data)
{
	*total = *data = 0;
	for (struct vma *v = vma_first(mm); v; v = vma_next(v)) {
		u64 len = v->end - v->start;

		if (v->start < end && v->end > start)
			len -= min(v->end, end) - max(v->start, start);
		*total += len;
		if (vm_is_data(v->flags))
			*data += len;
	}
}

bool mm_may_expand(struct mm *mm, unsigned long vmf, u64 len, uaddr_t start, uaddr_t end)
{
	u64 as_limit, data_limit, total, data;

	if (!current || !current->signal)
		return true;
	as_limit = task_rlimit(current, RLIMIT_AS);
	data_limit = task_rlimit(current, RLIMIT_DATA);
	if (as_limit == RLIM_INFINITY && (data_limit == RLIM_INFINITY || !vm_is_data(vmf)))
		return true;
	mm_vm_bytes(mm, start, end, &total, &data);
	if (as_limit != RLIM_INFINITY && total + len > as_limit)
		return false;
	if (vm_is_data(vmf) && data_limit != RLIM_INFINITY && data + len > data_limit) {
		/* Linux lets a zero soft limit through up to the hard one (for Valgrind). */
		return data_limit == 0 && data + len <= task_rlimit_max(current, RLIMIT_DATA);
	}
	return true;
}

static unsigned long prot_to_vm(int prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* Committed bytes of the VMAs in [start, end) (they are about to be replaced). */
static u64 committed_in(struct mm *mm, uaddr_t start, uaddr_t end)
{
	u64 n = 0;

	for (struct vma *v = vma_find(mm, start); v && v->start < end; v = vma_next(v))
		if (v->flags & VM_ACCOUNT)
			n += min(v->end, end) - max(v->start, start);
	return n;
}

long mm_map(struct mm *mm, uaddr_t addr, size_t len, int prot, int flags, struct file *file,
	    u64 off, unsigned long vm_extra)
{
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	unsigned long vmf = prot_to_vm(prot) | vm_extra;
	struct vma *v;
	int hostfd = -1, hostflags;
	u64 hostoff = 0, charge = 0, old_before = mm->committed;
	long r;

	if (shared)
		vmf |= VM_SHARED | VM_MAYSHARE;
	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (flags & MAP_NORESERVE)
		vmf |= VM_NORESERVE;
	if (!shared && (prot & PROT_WRITE) && !(flags & MAP_NORESERVE))
		vmf |= VM_ACCOUNT;
	if (!mm_may_expand(mm, vmf, len, addr, addr + len))
		return -ENOMEM;
	if (vmf & VM_ACCOUNT) {
		u64 freed = committed_in(mm, addr, addr + len);

		charge = len;
		if (committed_total - freed + charge > mm_commit_limit())
			return -ENOMEM;
	}
	v = vma_alloc(addr, addr + len, vmf, file, off);
	if (!v)
		return -ENOMEM;
	if (file) {
		r = file->f_op->mmap_host ? file->f_op->mmap_host(file, v, &hostfd, &hostoff)
					  : -ENODEV;
		if (r)
			goto fail;
	}
	/* No host descriptor (a file like /dev/zero): anonymous memory. */
	hostflags = (shared ? MAP_SHARED : MAP_PRIVATE) | (hostfd < 0 ? MAP_ANONYMOUS : 0) |
		    (flags & MAP_NORESERVE);
	r = as_map(mm->as, addr, len, prot, hostflags, hostfd, hostoff);
	if (r < 0)
		goto fail;
	r = vma_remove_range(mm, addr, addr + len);
	if (r) {
		/* Out of memory splitting the old VMAs: the range is ours now anyway. */
		as_unmap(mm->as, addr, len);
		goto fail;
	}
	vma_insert(mm, v);
	committed_total += mm->committed - old_before;
	return (long)addr;
fail:
	vma_free(v);
	return r;
}

long mm_map_host(struct mm *mm, uaddr_t addr, size_t len, int prot, int hostfd,
		 unsigned long vm_extra)
{
	struct vma *v = vma_alloc(addr, addr + len, prot_to_vm(prot) | vm_extra, NULL, 0);
	long r;

	if (!v)
		return -ENOMEM;
	r = as_map(mm->as, addr, len, prot, MAP_PRIVATE, hostfd, 0);
	if (r >= 0)
		r = vma_remove_range(mm, addr, addr + len);
	if (r < 0) {
		vma_free(v);
		return r;
	}
	vma_insert(mm, v);
	return (long)addr;
}

int mm_unmap(struct mm *mm, uaddr_t addr, size_t len)
{
	u64 before = mm->committed;
	int err;

	if (!vma_find(mm, addr) || vma_find(mm, addr)->start >= addr + len)
		return 0; /* nothing mapped there: as Linux, success */
	err = as_unmap(mm->as, addr, len);
	if (err)
		return err;
	err = vma_remove_range(mm, addr, addr + len);
	committed_total -= before - mm->committed;
	return err;
}

int mm_protect(struct mm *mm, uaddr_t addr, size_t len, int prot)
{
	u64 before = mm->committed;
	u64 would, data;
	int err;

	if (!vma_range_mapped(mm, addr, addr + len))
		return -ENOMEM;
	/* Making private memory writable charges it, and may make it data: check first. */
	would = data = 0;
	if (prot & PROT_WRITE) {
		for (struct vma *v = vma_find(mm, addr); v && v->start < addr + len;
		     v = vma_next(v)) {
			u64 n = min(v->end, addr + len) - max(v->start, addr);

			if (!(v->flags & (VM_ACCOUNT | VM_SHARED | VM_NORESERVE)))
				would += n;
			if (!vm_is_data(v->flags) && vm_is_data(v->flags | VM_WRITE))
				data += n;
		}
	}
	if (would && committed_total + would > mm_commit_limit())
		return -ENOMEM;
	if (data && !mm_may_expand(mm, VM_WRITE, data, 0, 0) && mm_may_expand(mm, 0, data, 0, 0))
		return -ENOMEM;
	err = as_protect(mm->as, addr, len, prot);
	if (err)
		return err;
	err = vma_protect_range(mm, addr, addr + len, prot_to_vm(prot));
	committed_total += mm->committed - before;
	return err;
}

int mm_fault(struct mm *mm, uaddr_t addr, bool write)
{
	struct vma *v = vma_find(mm, addr), *prev;
	uaddr_t new_start;
	u64 limit;
	long r;

	if (!v || v->start <= addr || !(v->flags & VM_GROWSDOWN))
		return -EFAULT;
	/* Grow to the faulting page, and a little more to save faults. */
	new_start = ALIGN_DOWN(addr, PAGE_SIZE);
	if (v->start - new_start < 16 * PAGE_SIZE && v->start > 16 * PAGE_SIZE)
		new_start = min(new_start, v->start - 16 * PAGE_SIZE);
	limit = current ? task_rlimit(current, RLIMIT_STACK) : 8UL << 20;
	if (v->end - ALIGN_DOWN(addr, PAGE_SIZE) > limit)
		return -EFAULT;
	if (v->end - new_start > limit)
		new_start = v->end - ALIGN_DOWN(limit, PAGE_SIZE);
	prev = vma_prev(v);
	if (prev && prev->end + STACK_GUARD_GAP > ALIGN_DOWN(addr, PAGE_SIZE))
		return -EFAULT;
	if (prev && prev->end + STACK_GUARD_GAP > new_start)
		new_start = prev->end + STACK_GUARD_GAP;
	if (committed_total + (v->start - new_start) > mm_commit_limit())
		return -EFAULT;
	if (!mm_may_expand(mm, v->flags, v->start - new_start, 0, 0))
		return -EFAULT;
	r = as_map(mm->as, new_start, v->start - new_start, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r < 0)
		return -EFAULT;
	if (v->flags & VM_ACCOUNT) {
		mm->committed += v->start - new_start;
		committed_total += v->start - new_start;
	}
	v->start = new_start;
	return 0;
}

/* --- system calls --------------------------------------------------------- */

#define MMAP_MIN_ADDR 0x10000UL

static long do_mmap(uaddr_t addr, size_t len, int prot, int flags, int fd, u64 off)
{
	struct mm *mm = current->mm;
	struct file *file = NULL;
	int type = flags & MAP_TYPE;
	long r;

	if (!len)
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE) {
		unsigned known = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
				 MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED |
				 MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK |
				 MAP_HUGETLB | MAP_FIXED_NOREPLACE | MAP_32BIT;

		if (flags & ~known)
			return -EOPNOTSUPP;
		flags = (flags & ~MAP_TYPE) | MAP_SHARED;
	}
	if (flags & MAP_HUGETLB)
		return -EINVAL; /* no huge pages in the guest */
	if (len > as_task_size())
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (!(flags & MAP_ANONYMOUS) && off + len < off)
		return -EOVERFLOW;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > as_task_size() - len)
			return -ENOMEM;
		if (addr < MMAP_MIN_ADDR)
			return -EPERM;
		if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED)) {
			struct vma *v = vma_find(mm, addr);

			if (v && v->start < addr + len)
				return -EEXIST;
		}
	}
	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
		r = -EACCES;
		if (!(file->mode & FMODE_READ))
			goto out;
		if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
		    (!(file->mode & FMODE_WRITE) || (file->flags & O_APPEND)))
			goto out;
		r = -EPERM;
		if ((prot & PROT_EXEC) && (file->path.mnt && (file->path.mnt->flags & MNT_NOEXEC)))
			goto out;
		r = -ENODEV;
		if (!file->f_op->mmap_host)
			goto out;
	} else {
		off = 0;
	}
	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		r = vma_find_free(mm, addr, len);
		if (r < 0)
			goto out;
		addr = (uaddr_t)r;
	}
	r = mm_map(mm, addr, len, prot, flags, file, off, 0);
out:
	if (file)
		fput(file);
	return r;
}

SYSCALL_DEFINE6(mmap, uaddr_t, addr, size_t, len, int, prot, int, flags, int, fd, u64, off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return do_mmap(addr, len, prot, flags, fd, off);
}

SYSCALL_DEFINE2(munmap, uaddr_t, addr, size_t, len)
{
	if ((addr & ~PAGE_MASK) || !len || len > as_task_size() || addr > as_task_size() - len)
		return -EINVAL;
	return mm_unmap(current->mm, addr, PAGE_ALIGN(len));
}

SYSCALL_DEFINE3(mprotect, uaddr_t, addr, size_t, len, int, prot)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	if (!len || addr + len < addr || addr + len > as_task_size())
		return -ENOMEM;
	return mm_protect(current->mm, addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
}

SYSCALL_DEFINE1(brk, uaddr_t, brk)
{
	struct mm *mm = current->mm;
	uaddr_t newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	struct vma *next;
	u64 data_limit = task_rlimit(current, RLIMIT_DATA);

	if (brk < mm->start_brk || brk >= as_task_size())
		return (long)mm->brk;
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return (long)brk;
	}
	if (brk < mm->brk) {
		if (mm_unmap(mm, newbrk, oldbrk - newbrk))
			return (long)mm->brk;
		mm->brk = brk;
		return (long)brk;
	}
	/* Linux's check_data_rlimit: the heap and the data segment together. */
	if (data_limit != RLIM_INFINITY &&
	    brk - mm->start_brk + (mm->end_data - mm->start_data) > data_limit)
		return (long)mm->brk;
	next = vma_find(mm, oldbrk);
	if (next && newbrk + ((next->flags & VM_GROWSDOWN) ? STACK_GUARD_GAP : 0) > next->start)
		return (long)mm->brk;
	if (mm_map(mm, oldbrk, newbrk - oldbrk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   NULL, 0, VM_HEAP) < 0)
		return (long)mm->brk;
	mm->brk = brk;
	return (long)brk;
}

SYSCALL_DEFINE3(madvise, uaddr_t, addr, size_t, len, int, advice)
{
	struct mm *mm = current->mm;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (addr + len < addr)
		return -EINVAL;
	if (!len)
		return 0;
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_COLD:
	case MADV_PAGEOUT:
		/* Hints: accepted, with Linux's check that the range is mapped. */
		return vma_range_mapped(mm, addr, addr + len) ? 0 : -ENOMEM;
	case MADV_DONTNEED:
	case MADV_FREE:
		/* Private memory reads back as zeros (DONTNEED) or may (FREE): the host does it. */
		if (!vma_range_mapped(mm, addr, addr + len))
			return -ENOMEM;
		return as_advise(mm->as, addr, len, advice);
	}
	return -EINVAL;
}
