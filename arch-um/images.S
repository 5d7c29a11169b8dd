/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The images umk carries inside itself: the stub (executed as the zygote,
 * inherited by every guest host process) and the vDSO (mapped into every
 * guest image).
 */
	.section .rodata.images, "a"
	.balign 4096
	.globl stub_image_start, stub_image_end
stub_image_start:
	.incbin IMAGE_STUB
stub_image_end:
	.balign 4096
	.globl vdso_image_start, vdso_image_end
vdso_image_start:
	.incbin IMAGE_VDSO
vdso_image_end:

	.section .note.GNU-stack, "", @progbits
