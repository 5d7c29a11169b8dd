// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF loader's checks and mappings: header and program-header
 * validation (everything in an image is hostile input), and mapping the
 * PT_LOAD segments of an executable or its interpreter into a new mm.
 * fs/exec.c drives it.
 */
#include <linux/mman.h>
#include <umk/binfmt.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/mm.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/trap.h>
#include <umk/uaccess.h>

#include "exec.h"

/* Linux refuses program header tables larger than this. */
#define ELF_MAX_PHDR_SIZE 65536

int elf_check_header(const Elf64_Ehdr *eh, u64 file_size)
{
	u64 table;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum < 1)
		return -ENOEXEC;
	table = (u64)eh->e_phnum * sizeof(Elf64_Phdr);
	if (table > ELF_MAX_PHDR_SIZE)
		return -ENOEXEC;
	if (eh->e_phoff > file_size || table > file_size - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}

int elf_check_phdrs(struct elf_image *img, u64 task_size)
{
	bool any_load = false;
	u64 lo = ~0ULL, hi = 0;

	img->has_interp = false;
	img->exec_stack = false;
	img->phdr_vaddr = 0;
	for (int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &img->ph[i];
		u64 end;

		switch (p->p_type) {
		case PT_LOAD:
			if (p->p_filesz > p->p_memsz)
				return -ENOEXEC;
			if ((p->p_vaddr & ~PAGE_MASK) != (p->p_offset & ~PAGE_MASK))
				return -ENOEXEC;
			if (check_add_overflow(p->p_vaddr, p->p_memsz, &end) || end > task_size)
				return -ENOEXEC;
			if (p->p_offset + p->p_filesz < p->p_offset)
				return -ENOEXEC;
			if (!p->p_memsz)
				break;
			any_load = true;
			lo = min(lo, ALIGN_DOWN(p->p_vaddr, PAGE_SIZE));
			hi = max(hi, PAGE_ALIGN(end));
			/* The program headers are visible where a segment maps the table. */
			if (img->eh.e_phoff >= p->p_offset &&
			    img->eh.e_phoff - p->p_offset < p->p_filesz)
				img->phdr_vaddr = p->p_vaddr + (img->eh.e_phoff - p->p_offset);
			break;
		case PT_INTERP:
			/* Linux: one interpreter path, NUL-terminated, 2..PATH_MAX bytes. */
			if (img->has_interp || p->p_filesz < 2 || p->p_filesz > PATH_MAX)
				return -ENOEXEC;
			img->has_interp = true;
			img->interp_off = p->p_offset;
			img->interp_len = p->p_filesz;
			break;
		case PT_GNU_STACK:
			img->exec_stack = p->p_flags & PF_X;
			break;
		}
	}
	for (int i = 0; i < img->eh.e_phnum; i++)
		if (img->ph[i].p_type == PT_PHDR)
			img->phdr_vaddr = img->ph[i].p_vaddr;
	if (!any_load)
		return -ENOEXEC;
	img->lo = lo;
	img->hi = hi;
	return 0;
}

int elf_read_image(struct file *file, struct elf_image *img)
{
	u64 size = file->inode ? file->inode->size : 0;
	size_t table;
	ssize_t n;
	int err;

	memset(img, 0, sizeof(*img));
	n = kernel_read(file, &img->eh, sizeof(img->eh), 0);
	if (n < 0)
		return (int)n;
	if ((size_t)n < sizeof(img->eh))
		return -ENOEXEC;
	err = elf_check_header(&img->eh, size);
	if (err)
		return err;
	table = (size_t)img->eh.e_phnum * sizeof(Elf64_Phdr);
	img->ph = kmalloc(table);
	if (!img->ph)
		return -ENOMEM;
	n = kernel_read(file, img->ph, table, (loff_t)img->eh.e_phoff);
	if (n < 0 || (size_t)n != table)
		return n < 0 ? (int)n : -EIO;
	return elf_check_phdrs(img, as_task_size());
}

void elf_free_image(struct elf_image *img)
{
	kfree(img->ph);
	img->ph = NULL;
}

static int prot_of(u32 pflags)
{
	return ((pflags & PF_R) ? PROT_READ : 0) | ((pflags & PF_W) ? PROT_WRITE : 0) |
	       ((pflags & PF_X) ? PROT_EXEC : 0);
}

/* Zeroes [addr, addr+len) in the guest, even on a page mapped read-only. */
static int zero_guest(struct mm *mm, uaddr_t addr, size_t len)
{
	static const char zeros[PAGE_SIZE];

	if (!as_write(mm->as, addr, zeros, len))
		return 0;
	return as_poke(mm->as, addr, zeros, len);
}

int elf_map_image(struct mm *mm, struct file *file, const struct elf_image *img, u64 bias,
		  struct elf_layout *out)
{
	memset(out, 0, sizeof(*out));
	out->start_code = ~0ULL;
	for (int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &img->ph[i];
		uaddr_t vaddr = p->p_vaddr + bias, start = ALIGN_DOWN(vaddr, PAGE_SIZE);
		uaddr_t file_end = vaddr + p->p_filesz, mem_end = vaddr + p->p_memsz;
		uaddr_t bss = start;
		int prot = prot_of(p->p_flags);
		long r;

		if (p->p_type != PT_LOAD || !p->p_memsz)
			continue;
		if (p->p_filesz) {
			r = mm_map(mm, start, PAGE_ALIGN(file_end) - start, prot, MAP_PRIVATE, file,
				   ALIGN_DOWN(p->p_offset, PAGE_SIZE), 0);
			if (r < 0)
				return (int)r;
			bss = PAGE_ALIGN(file_end);
			/* The rest of the last file page belongs to .bss: zero it. */
			if (p->p_memsz > p->p_filesz && (file_end & ~PAGE_MASK) &&
			    zero_guest(mm, file_end, PAGE_SIZE - (file_end & ~PAGE_MASK)) &&
			    (p->p_flags & PF_W))
				return -EFAULT;
		}
		if (PAGE_ALIGN(mem_end) > bss) {
			r = mm_map(mm, bss, PAGE_ALIGN(mem_end) - bss, prot,
				   MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, 0);
			if (r < 0)
				return (int)r;
		}
		if (p->p_flags & PF_X) {
			out->start_code = min(out->start_code, start);
			out->end_code = max(out->end_code, file_end);
		} else {
			if (!out->start_data)
				out->start_data = vaddr;
			out->end_data = max(out->end_data, file_end);
		}
		out->brk = max(out->brk, mem_end);
	}
	if (out->start_code == ~0ULL)
		out->start_code = out->end_code = 0;
	out->entry = img->eh.e_entry + bias;
	out->phdr = img->phdr_vaddr ? img->phdr_vaddr + bias : 0;
	return 0;
}
