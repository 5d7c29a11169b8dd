/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stub's assembly: its header (at STUB_BASE, first thing in the text),
 * the zygote's entry point, the injection gadget, the signal restorer, the
 * park trap, and the atomic operations umk runs inside the guest address
 * space (as_atomic) in two forms: ending in int3 for injection under
 * trap=ptrace, and as a C-callable function for the seccomp handler.
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

/* umk points rip here with rax and the argument registers set (ptrace). */
	.globl stub_syscall_gadget
stub_syscall_gadget:
	syscall
	int3

/* The restorer of every stub signal handler. */
	.globl stub_sigreturn
stub_sigreturn:
	mov $15, %eax /* __NR_rt_sigreturn */
	syscall
	ud2

/*
 * void stub_return(struct stub_ucontext *uc): back to the guest with the
 * context in the signal frame uc, without rt_sigreturn (a system call and
 * the kernel's copy of the frame: most of the cost of a trap). The handler
 * runs with an empty mask (SA_NODEFER), so the mask needs no restoring;
 * the FPU state comes back with xrstor (fxrstor for a legacy frame), rip,
 * rsp and the flags with iretq, so no guest memory is written.
 *
 * [stub_return, stub_return_end) is restartable: an interrupt signal
 * arriving in it sends the thread back to its start (stub_signal), and the
 * start looks for an interrupt not yet reported before going on, so none
 * is lost between the check and the guest.
 */
	.globl stub_return, stub_return_end
	.type stub_return, @function
stub_return:
	/* A stack below the frame, which a restart finds intact. */
	lea -256(%rdi), %rsp
	and $-16, %rsp
	mov %rdi, %rsi
	and $-STUB_THREAD_AREA, %rsi /* the control page */
	mov SH_INTR_GEN(%rsi), %eax
	cmp SH_INTR_ACK(%rsi), %eax
	jne 2f
	mov UC_FPSTATE(%rdi), %rcx
	test %rcx, %rcx
	jz 1f
	testq $UC_FP_XSTATE, UC_FLAGS(%rdi)
	jz 3f
	mov $-1, %eax
	mov $-1, %edx
	xrstor64 (%rcx)
	jmp 1f
3:	fxrstor64 (%rcx)
1:	/* the iretq frame: ss, rsp, rflags, cs, rip */
	xor %eax, %eax
	mov %ss, %ax
	push %rax
	pushq UC_RSP(%rdi)
	pushfq
	pop %rax
	and $~STUB_FIX_EFLAGS, %rax
	and $~0x4000, %rax /* NT: iretq faults with it set */
	mov UC_EFLAGS(%rdi), %rdx
	and $STUB_FIX_EFLAGS, %rdx
	or %rdx, %rax
	push %rax
	xor %eax, %eax
	mov %cs, %ax
	push %rax
	pushq UC_RIP(%rdi)
	/* clear NT in the current flags before iretq (a no-op when unset) */
	pushfq
	andq $~0x4000, (%rsp)
	popfq
	mov UC_R8(%rdi), %r8
	mov UC_R9(%rdi), %r9
	mov UC_R10(%rdi), %r10
	mov UC_R11(%rdi), %r11
	mov UC_R12(%rdi), %r12
	mov UC_R13(%rdi), %r13
	mov UC_R14(%rdi), %r14
	mov UC_R15(%rdi), %r15
	mov UC_RSI(%rdi), %rsi
	mov UC_RBP(%rdi), %rbp
	mov UC_RBX(%rdi), %rbx
	mov UC_RDX(%rdi), %rdx
	mov UC_RAX(%rdi), %rax
	mov UC_RCX(%rdi), %rcx
	mov UC_RDI(%rdi), %rdi
	iretq
2:	call stub_interrupted /* reports it, serves, and comes back here */
	ud2
stub_return_end:

/*
 * A parked blank thread traps here once umk says go: the SIGILL handler
 * recognizes the address and reports the frame as the thread's first
 * context, which umk fills with the new program's registers.
 */
	.globl stub_park_trap
stub_park_trap:
	ud2

/*
 * The atomics: edi = op, rsi = guest address, edx = argument, ecx =
 * expected value (cmpxchg). The old value ends in eax. \end is what closes
 * each path: int3 (injection) or a zero-extending return.
 */
.macro atomic_ops end
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
	\end
2:	mov %edx, %eax
	xchg %eax, (%rsi)
	\end
3:	mov %edx, %eax
	lock xadd %eax, (%rsi)
	\end
4:	mov (%rsi), %eax
41:	mov %eax, %r8d
	or %edx, %r8d
	lock cmpxchg %r8d, (%rsi)
	jnz 41b
	\end
5:	mov (%rsi), %eax
51:	mov %edx, %r8d
	not %r8d
	and %eax, %r8d
	lock cmpxchg %r8d, (%rsi)
	jnz 51b
	\end
6:	mov (%rsi), %eax
61:	mov %eax, %r8d
	xor %edx, %r8d
	lock cmpxchg %r8d, (%rsi)
	jnz 61b
	\end
7:	mov (%rsi), %eax
	\end
.endm

.macro end_int3
	int3
.endm
.macro end_ret
	mov %eax, %eax
	ret
.endm

/* A bad address faults in here and umk turns the fault into -EFAULT. */
	.globl stub_atomic_entry
stub_atomic_entry:
	atomic_ops end_int3
	.globl stub_atomic_end
stub_atomic_end:
	ud2

/*
 * long stub_atomic_c(op, uaddr, arg, cmp): the old value, or -EFAULT when
 * the address faults: the stub's SIGSEGV handler sees the fault inside
 * [stub_atomic_c, stub_atomic_c_end) and resumes at stub_atomic_fault.
 */
	.globl stub_atomic_c, stub_atomic_c_end, stub_atomic_fault
	.type stub_atomic_c, @function
stub_atomic_c:
	atomic_ops end_ret
stub_atomic_c_end:
stub_atomic_fault:
	mov $-14, %rax
	ret

/*
 * size_t stub_copy(void *dst, const void *src, size_t n): the count copied
 * before the first byte that faults (the handler resumes a fault inside
 * [stub_copy, stub_copy_end) at stub_copy_fault, rcx = what is left).
 */
	.globl stub_copy, stub_copy_end, stub_copy_fault
	.type stub_copy, @function
stub_copy:
	mov %rdx, %rcx
	mov %rdx, %rax
	rep movsb
	ret
stub_copy_end:
stub_copy_fault:
	sub %rcx, %rax
	ret

	.section .note.GNU-stack, "", @progbits
