/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between fs/exec.c and fs/binfmt_elf.c.
 */
#ifndef _FS_EXEC_H
#define _FS_EXEC_H

#include <umk/binfmt.h>

struct file;
struct mm;

/* Where an image landed. */
struct elf_layout {
	u64 entry, phdr;
	u64 start_code, end_code, start_data, end_data;
	u64 brk; /* end of its highest segment */
};

/* Reads and checks the ELF headers of file into img (free with elf_free_image). */
int elf_read_image(struct file *file, struct elf_image *img);
void elf_free_image(struct elf_image *img);
/* Maps img's segments at bias into mm. */
int elf_map_image(struct mm *mm, struct file *file, const struct elf_image *img, u64 bias,
		  struct elf_layout *out);

#endif
