// SPDX-License-Identifier: GPL-2.0
/*
 * The stub image umk carries: find and check its header (at STUB_BASE,
 * the start of its text segment) so arch-um knows where the stub's entry
 * points are. The image is umk's own, built with it; the checks catch a
 * broken build, not an attacker.
 */
#include <linux/elf.h>
#include <umk/errno.h>
#include <umk/printk.h>
#include <umk/string.h>

#include "internal.h"

struct stub_header stub;

int stub_image_load(void)
{
	const char *img = stub_image_start;
	size_t len = (uintptr_t)stub_image_end - (uintptr_t)stub_image_start;
	Elf64_Ehdr eh;

	if (len < sizeof(eh))
		return -ENOEXEC;
	memcpy(&eh, img, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_phoff > len || eh.e_phnum > (len - eh.e_phoff) / sizeof(Elf64_Phdr))
		return -ENOEXEC;
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_vaddr != STUB_BASE)
			continue;
		if (ph.p_offset > len || len - ph.p_offset < sizeof(stub))
			return -ENOEXEC;
		memcpy(&stub, img + ph.p_offset, sizeof(stub));
		if (stub.magic != STUB_MAGIC || stub.version != STUB_VERSION ||
		    stub.size != sizeof(stub) || stub.text_start != STUB_BASE ||
		    stub.text_end <= stub.text_start || stub.image_end > STUB_BASE + STUB_IMAGE_MAX)
			return -ENOEXEC;
		return 0;
	}
	return -ENOEXEC;
}
