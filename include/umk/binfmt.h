/* SPDX-License-Identifier: GPL-2.0 */
/*
 * execve and the ELF loader. An exec never replaces a host process in
 * place: the new image is built in a blank host process from the zygote,
 * and only once it is complete does the old host process die (DESIGN §4),
 * so every error is returned to the old program.
 */
#ifndef _UMK_BINFMT_H
#define _UMK_BINFMT_H

#include <linux/elf.h>
#include <umk/types.h>

struct file;
struct mm;

/* What the loader knows about one ELF image after checking it. */
struct elf_image {
	Elf64_Ehdr eh;
	Elf64_Phdr *ph; /* eh.e_phnum entries, kmalloc'd */
	u64 lo, hi; /* page-aligned span of the PT_LOAD segments (unbiased) */
	bool has_interp;
	u64 interp_off, interp_len; /* PT_INTERP's file range */
	bool exec_stack; /* PT_GNU_STACK has PF_X */
	u64 phdr_vaddr; /* where the program headers are mapped, 0 if not */
};

/*
 * Checks an ELF header the way Linux's loader does: 64-bit little-endian
 * x86-64, ET_EXEC or ET_DYN, sane program header table inside the file.
 * Returns 0 or -ENOEXEC.
 */
int elf_check_header(const Elf64_Ehdr *eh, u64 file_size);
/*
 * Checks the program headers (PT_LOAD ranges and alignment, one PT_INTERP)
 * and fills the span, interpreter and stack fields of img. 0 or -ENOEXEC
 * (-EINVAL for a bad PT_INTERP, as Linux).
 */
int elf_check_phdrs(struct elf_image *img, u64 task_size);

/* The guest's ELF_ET_DYN_BASE: where a PIE with an interpreter is loaded. */
#define ELF_ET_DYN_BASE 0x555555554000UL

/*
 * Replaces current's program with filename (a kernel string) and the given
 * NULL-terminated argument and environment arrays. On success current runs
 * the new image at its next trap_run. May sleep.
 */
int kernel_execve(const char *filename, const char *const *argv, const char *const *envp);

/* arch-um: maps umk's vDSO into mm near its top; returns its address or -errno. */
long arch_setup_vdso(struct mm *mm);

#endif
