// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping umk's vDSO (arch-um/vdso/) into guest images. The image lives in
 * one sealed read-only memfd made at boot; every guest maps it privately,
 * so the host shares its pages among all of them.
 */
#include <linux/elf.h>
#include <linux/mman.h>
#include <umk/binfmt.h>
#include <umk/errno.h>
#include <umk/init.h>
#include <umk/mm.h>
#include <umk/printk.h>

#include "internal.h"

static int vdso_fd = -1;
static size_t vdso_len;

static int vdso_init(void)
{
	size_t len = (uintptr_t)vdso_image_end - (uintptr_t)vdso_image_start;
	Elf64_Ehdr eh;

	if (len < sizeof(eh))
		return -ENOEXEC;
	__builtin_memcpy(&eh, vdso_image_start, sizeof(eh));
	if (__builtin_memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_type != ET_DYN)
		return -ENOEXEC;
	vdso_len = PAGE_ALIGN(len);
	vdso_fd = host_memfd_sealed("umk-vdso", vdso_image_start, len);
	return vdso_fd < 0 ? vdso_fd : 0;
}
arch_initcall(vdso_init);

long arch_setup_vdso(struct mm *mm)
{
	long addr = vma_find_free(mm, 0, vdso_len);

	if (addr < 0)
		return addr;
	return mm_map_host(mm, (uaddr_t)addr, vdso_len, PROT_READ | PROT_EXEC, vdso_fd, VM_VDSO);
}
