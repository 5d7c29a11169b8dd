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
	.quad stub_fork_gadget
	.quad stub_fork_end
	.quad stub_clone_gadget
	.quad stub_clone_end
	.quad stub_fork_site_c
	.quad stub_fork_site_gadget
	.quad stub_clone_site_c
	.quad stub_clone_site_gadget
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
 * fork and new threads. Each has two forms: a C-callable one the seccomp
 * handler runs, and a gadget umk injects under ptrace (no stack use: the
 * stack is the guest's, whose red zone must stay intact; ends in int3).
 * Only these four `syscall` instructions may call clone (the filter checks
 * the address), so every child starts in the code below, never in guest
 * code: a forked child switches to its own thread areas and parks; a new
 * thread starts on its own area's stack and parks. umk then adopts them.
 *
 * The clone arguments: flags, new stack, parent tid, child tid, tls.
 */
.macro fork_clone
	mov $STUB_CLONE_FORK, %edi
	xor %esi, %esi
	xor %edx, %edx
	movabs $(STUB_THREADS_BASE + SH_TID_WORD), %r10
	xor %r8d, %r8d
	mov $56, %eax /* __NR_clone */
.endm

/* long stub_fork(int ctl_slot, int mem_slot): the child's pid, or -errno. */
	.globl stub_fork
	.type stub_fork, @function
stub_fork:
	push %rbx
	push %r12
	mov %edi, %ebx
	mov %esi, %r12d
	fork_clone
	.globl stub_fork_site_c
stub_fork_site_c:
	syscall
	test %rax, %rax
	jz fork_child
	pop %r12
	pop %rbx
	ret

	.globl stub_fork_gadget, stub_fork_end
stub_fork_gadget:
	mov %edi, %ebx
	mov %esi, %r12d
	fork_clone
	.globl stub_fork_site_gadget
stub_fork_site_gadget:
	syscall
	test %rax, %rax
	jz fork_child
stub_fork_end:
	int3

/*
 * The forked child: ebx = its control socket slot, r12d = its thread memfd
 * slot or -1. Its stack is still its parent's (the same memory under
 * seccomp, whose thread areas are shared): nothing touches it. The thread
 * areas become the child's own memfd first, then area 0 is the stack.
 */
fork_child:
	test %r12d, %r12d
	js 1f
	mov $9, %eax /* __NR_mmap */
	movabs $STUB_THREADS_BASE, %rdi
	mov $(STUB_THREADS * STUB_THREAD_AREA), %esi
	mov $3, %edx /* PROT_READ | PROT_WRITE */
	mov $0x11, %r10d /* MAP_SHARED | MAP_FIXED */
	movslq %r12d, %r8
	xor %r9d, %r9d
	syscall
	movabs $STUB_THREADS_BASE, %rdi
	cmp %rdi, %rax
	jne 2f
1:	movabs $(STUB_THREADS_BASE + STUB_THREAD_AREA), %rsp
	mov %ebx, %edi
	mov %r12d, %esi
	call stub_fork_child
2:	mov $231, %eax /* __NR_exit_group */
	mov $127, %edi
	syscall
	ud2

/* Thread area slot in edi: new stack at the area's top, tid word in it. */
.macro thread_clone
	mov %edi, %ebx
	movslq %edi, %rdi
	shl $16, %rdi /* STUB_THREAD_AREA */
	movabs $STUB_THREADS_BASE, %rax
	add %rax, %rdi
	lea STUB_THREAD_AREA(%rdi), %rsi
	lea SH_TID_WORD(%rdi), %r10
	mov $STUB_CLONE_THREAD, %edi
	xor %edx, %edx
	xor %r8d, %r8d
	mov $56, %eax /* __NR_clone */
.endm

/* long stub_clone_thread(int slot): the new thread's tid, or -errno. */
	.globl stub_clone_thread
	.type stub_clone_thread, @function
stub_clone_thread:
	push %rbx
	thread_clone
	.globl stub_clone_site_c
stub_clone_site_c:
	syscall
	test %rax, %rax
	jz thread_child
	pop %rbx
	ret

	.globl stub_clone_gadget, stub_clone_end
stub_clone_gadget:
	thread_clone
	.globl stub_clone_site_gadget
stub_clone_site_gadget:
	syscall
	test %rax, %rax
	jz thread_child
stub_clone_end:
	int3

/* The new thread: rsp is its area's top, ebx its slot. */
thread_child:
	mov %ebx, %edi
	call stub_thread_main
	mov $60, %eax /* __NR_exit */
	xor %edi, %edi
	syscall
	ud2

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
