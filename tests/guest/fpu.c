/*
 * fpu: the kernel keeps a program's vector and x87 state intact across
 * system calls, including ones that make umk run code in the guest's host
 * process (mmap and munmap). xmm0-15 (and the upper halves of ymm0-15 where
 * the CPU has AVX), MXCSR and the x87 control word are loaded with patterns,
 * then checked after the calls, all within one asm block so the compiler
 * cannot touch them in between.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "guest.h"

static int has_avx(void)
{
	unsigned a, b, c, d;

	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 27)) || !(c & (1u << 28))) /* OSXSAVE, AVX */
		return 0;
	__asm__("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	return (a & 6) == 6; /* the OS saves xmm and ymm state */
}

/* Makes a system call with every vector register live around it. */
#define SYSCALL_KEEPING(nr, a0, a1, a2, a3, a4, a5, ret)                                            \
	do {                                                                                       \
		register long r10 __asm__("r10") = (a3);                                           \
		register long r8 __asm__("r8") = (a4);                                             \
		register long r9 __asm__("r9") = (a5);                                             \
		__asm__ volatile("syscall"                                                         \
				 : "=a"(ret)                                                       \
				 : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8), "r"(r9)  \
				 : "rcx", "r11", "memory");                                        \
	} while (0)

static unsigned char in[16][32], out[16][32];

#define LOAD(i) "vmovdqu " #i "*32(%0), %%ymm" #i "\n\t"
#define STORE(i) "vmovdqu %%ymm" #i ", " #i "*32(%0)\n\t"
#define LOADX(i) "movdqu " #i "*32(%0), %%xmm" #i "\n\t"
#define STOREX(i) "movdqu %%xmm" #i ", " #i "*32(%0)\n\t"

int main(void)
{
	int avx = has_avx();
	uint32_t mxcsr_in = 0x1f80 | 0x6000, mxcsr_out = 0; /* round toward zero */
	uint16_t fcw_in = 0x027f, fcw_out = 0;		     /* 53-bit precision */
	long r;
	void *p;
	int xmm_ok;

	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 32; j++)
			in[i][j] = (unsigned char)(i * 37 + j * 11 + 1);

	__asm__ volatile("ldmxcsr %0\n\tfldcw %1" : : "m"(mxcsr_in), "m"(fcw_in));
	if (avx)
		__asm__ volatile(LOAD(0) LOAD(1) LOAD(2) LOAD(3) LOAD(4) LOAD(5) LOAD(6) LOAD(7)
				 LOAD(8) LOAD(9) LOAD(10) LOAD(11) LOAD(12) LOAD(13) LOAD(14)
				 LOAD(15)
				 :
				 : "r"(in)
				 : "memory");
	else
		__asm__ volatile(LOADX(0) LOADX(1) LOADX(2) LOADX(3) LOADX(4) LOADX(5) LOADX(6)
				 LOADX(7) LOADX(8) LOADX(9) LOADX(10) LOADX(11) LOADX(12)
				 LOADX(13) LOADX(14) LOADX(15)
				 :
				 : "r"(in)
				 : "memory");
	SYSCALL_KEEPING(SYS_getpid, 0, 0, 0, 0, 0, 0, r);
	SYSCALL_KEEPING(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0, r);
	p = (void *)r;
	SYSCALL_KEEPING(SYS_mprotect, (long)p, 4096, PROT_READ, 0, 0, 0, r);
	SYSCALL_KEEPING(SYS_munmap, (long)p, 4096, 0, 0, 0, 0, r);
	SYSCALL_KEEPING(SYS_uname, 0, 0, 0, 0, 0, 0, r); /* EFAULT: an error path */
	if (avx)
		__asm__ volatile(STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5) STORE(6)
				 STORE(7) STORE(8) STORE(9) STORE(10) STORE(11) STORE(12) STORE(13)
				 STORE(14) STORE(15)
				 :
				 : "r"(out)
				 : "memory");
	else
		__asm__ volatile(STOREX(0) STOREX(1) STOREX(2) STOREX(3) STOREX(4) STOREX(5)
				 STOREX(6) STOREX(7) STOREX(8) STOREX(9) STOREX(10) STOREX(11)
				 STOREX(12) STOREX(13) STOREX(14) STOREX(15)
				 :
				 : "r"(out)
				 : "memory");
	__asm__ volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(mxcsr_out), "=m"(fcw_out));

	xmm_ok = 1;
	for (int i = 0; i < 16; i++)
		xmm_ok &= !memcmp(in[i], out[i], 16);
	printf("xmm0-15 intact: %s\n", yes_no(xmm_ok));
	printf("ymm upper halves intact (or no AVX): %s\n",
	       yes_no(!avx || !memcmp(in, out, sizeof(in))));
	printf("MXCSR intact: %s\n", yes_no(mxcsr_out == mxcsr_in));
	printf("x87 control word intact: %s\n", yes_no(fcw_out == fcw_in));
	return 0;
}
