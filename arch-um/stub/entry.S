/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stub's assembly: its header (at STUB_BASE, first thing in the text),
 * the zygote's entry point, the injection gadget and the atomic operations
 * umk runs inside the guest address space (as_atomic).
 */
#include "abi.h"

	.section .stub_header, "a"
	.balign 8
	.globl stub_header
stub_header:
	.quad STUB_MAGIC
	.long STUB_VERSION
	.long stub_header_end - stub_header
	.quad __stub_text_start
	.quad __stub_text_end
	.quad __stub_image_end
	.quad stub_syscall_gadget
	.quad stub_atomic_entry
	.quad stub_atomic_end
stub_header_end:

	.text
	.globl stub_start
	.type stub_start, @function
/* Entered from the host's exec: drop the host stack for the stub's own. */
stub_start:
	lea zygote_stack+65536(%rip), %rsp
	xor %ebp, %ebp
	call zygote_main
	ud2

/* umk points rip here with rax and the argument registers set. */
	.globl stub_syscall_gadget
stub_syscall_gadget:
	syscall
	int3

/*
 * as_atomic: edi = op, rsi = guest address, edx = argument, ecx = expected
 * value (cmpxchg). Leaves the old value in eax and stops at int3. A bad
 * address faults here and umk turns the fault into -EFAULT.
 */
	.globl stub_atomic_entry
stub_atomic_entry:
	cmp $STUB_ATOMIC_CMPXCHG32, %edi
	je 1f
	cmp $STUB_ATOMIC_XCHG32, %edi
	je 2f
	cmp $STUB_ATOMIC_ADD32, %edi
	je 3f
	cmp $STUB_ATOMIC_OR32, %edi
	je 4f
	cmp $STUB_ATOMIC_ANDN32, %edi
	je 5f
	cmp $STUB_ATOMIC_XOR32, %edi
	je 6f
	cmp $STUB_ATOMIC_LOAD32, %edi
	je 7f
	ud2
1:	mov %ecx, %eax
	lock cmpxchg %edx, (%rsi)
	int3
2:	mov %edx, %eax
	xchg %eax, (%rsi)
	int3
3:	mov %edx, %eax
	lock xadd %eax, (%rsi)
	int3
4:	mov (%rsi), %eax
41:	mov %eax, %r8d
	or %edx, %r8d
	lock cmpxchg %r8d, (%rsi)
	jnz 41b
	int3
5:	mov (%rsi), %eax
51:	mov %edx, %r8d
	not %r8d
	and %eax, %r8d
	lock cmpxchg %r8d, (%rsi)
	jnz 51b
	int3
6:	mov (%rsi), %eax
61:	mov %eax, %r8d
	xor %edx, %r8d
	lock cmpxchg %r8d, (%rsi)
	jnz 61b
	int3
7:	mov (%rsi), %eax
	int3
	.globl stub_atomic_end
stub_atomic_end:
	ud2

	.section .note.GNU-stack, "", @progbits
