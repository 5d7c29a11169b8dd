/*
 * sigfault: signals raised by the CPU. Each fault reaches a handler with
 * the x86 facts Linux gives it: si_code, si_addr (the faulting address, or
 * the faulting instruction), and in the ucontext the trap number, the page
 * fault error code and the instruction pointer. SIGSEGV for unmapped,
 * read-only, PROT_NONE and non-executable memory and a non-canonical
 * address; SIGBUS past the end of a mapped file; SIGFPE for integer and
 * (unmasked) SSE division by zero; SIGILL for ud2; SIGTRAP for int3. The
 * handler recovers with siglongjmp, or edits the saved instruction pointer
 * and returns. A fault that cannot be handled (blocked, ignored, in the
 * handler itself) kills. Vector registers (xmm, and ymm with AVX), MXCSR and
 * the x87 control word survive handlers that clobber them, synchronous or
 * not, and the signal frame holds them for the handler to read and change.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "guest.h"

#define PAGE 4096
#define LINES "/tests/data/lines.txt" /* 16200 bytes: 3 pages and a part */

enum { RECOVER_LONGJMP, RECOVER_SKIP, RECOVER_RETURN };

static sigjmp_buf env;
static volatile int recover = RECOVER_LONGJMP;
static volatile int skip_bytes;
static struct {
	int sig, code;
	void *addr;
	unsigned long rip, err, trapno;
	int count;
} fault;

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	fault.sig = sig;
	fault.code = si->si_code;
	fault.addr = si->si_addr;
	fault.rip = (unsigned long)uc->uc_mcontext.gregs[REG_RIP];
	fault.err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
	fault.trapno = (unsigned long)uc->uc_mcontext.gregs[REG_TRAPNO];
	fault.count++;
	if (recover == RECOVER_LONGJMP)
		siglongjmp(env, 1);
	if (recover == RECOVER_SKIP)
		uc->uc_mcontext.gregs[REG_RIP] += skip_bytes;
}

static void catch_faults(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP };
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static const char *code_name(int sig, int code)
{
	if (code == SI_KERNEL)
		return "SI_KERNEL";
	switch (sig) {
	case SIGSEGV:
		return code == SEGV_MAPERR   ? "SEGV_MAPERR"
		       : code == SEGV_ACCERR ? "SEGV_ACCERR"
					     : "?";
	case SIGBUS:
		return code == BUS_ADRERR ? "BUS_ADRERR" : code == BUS_ADRALN ? "BUS_ADRALN" : "?";
	case SIGFPE:
		return code == FPE_INTDIV ? "FPE_INTDIV" : code == FPE_FLTDIV ? "FPE_FLTDIV" : "?";
	case SIGILL:
		return code == ILL_ILLOPN ? "ILL_ILLOPN" : code == ILL_ILLOPC ? "ILL_ILLOPC" : "?";
	case SIGTRAP:
		return code == TRAP_BRKPT ? "TRAP_BRKPT" : "?";
	}
	return "?";
}

/* ---- memory faults -------------------------------------------------------- */

static char *volatile target;

static void read_target(void)
{
	(void)*(volatile char *)target;
}

static void write_target(void)
{
	*(volatile char *)target = 1;
}

static void call_target(void)
{
	((void (*)(void))target)();
}

/* Runs FN with TARGET; returns whether it faulted (recovered by longjmp). */
static int probe(void (*fn)(void), char *where)
{
	memset(&fault, 0, sizeof(fault));
	recover = RECOVER_LONGJMP;
	target = where;
	if (sigsetjmp(env, 1) == 0) {
		fn();
		return 0;
	}
	return 1;
}

/* One line per fault: the signal, its code, whether si_addr is WHERE, the
 * trap number and the page fault error code (bit 0 protection, 1 write,
 * 2 user mode, 4 instruction fetch). */
static void print_fault(const char *what, int faulted, const void *where)
{
	if (!faulted) {
		printf("%s: no fault\n", what);
		return;
	}
	printf("%s: %s %s, si_addr is the address: %s, trapno %lu, error code 0x%lx\n", what,
	       signal_name(fault.sig), code_name(fault.sig, fault.code),
	       yes_no(fault.addr == where), fault.trapno, fault.err);
}

static void test_segv(void)
{
	char *gone = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *noexec = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int f;

	munmap(gone, PAGE);
	noexec[0] = (char)0xc3; /* ret */

	f = probe(read_target, gone + 123);
	print_fault("read of an unmapped page", f, gone + 123);
	f = probe(write_target, gone + 5);
	print_fault("write to an unmapped page", f, gone + 5);
	f = probe(read_target, (char *)16);
	print_fault("read of address 16", f, (char *)16);
	f = probe(write_target, ro + 100);
	print_fault("write to a read-only page", f, ro + 100);
	printf("reading it is fine: %s\n", yes_no(!probe(read_target, ro + 100)));
	f = probe(read_target, none + 7);
	print_fault("read of a PROT_NONE page", f, none + 7);
	f = probe(call_target, noexec);
	print_fault("call into a page without PROT_EXEC", f, noexec);
	printf("the instruction pointer is that page: %s\n",
	       yes_no(fault.rip == (unsigned long)noexec));
	mprotect(noexec, PAGE, PROT_READ | PROT_EXEC);
	printf("after mprotect PROT_EXEC the call returns: %s\n",
	       yes_no(!probe(call_target, noexec)));
	/* Not a page fault: a general protection fault, which has no address. */
	f = probe(read_target, (char *)0x8000000000000000UL);
	printf("read of a non-canonical address: %s %s, si_addr 0: %s, trapno %lu\n",
	       signal_name(fault.sig), code_name(fault.sig, fault.code),
	       yes_no(f && fault.addr == NULL), fault.trapno);

	munmap(ro, PAGE);
	munmap(none, PAGE);
	munmap(noexec, PAGE);
}

static void test_sigbus(void)
{
	int fd = open(LINES, O_RDONLY);
	char *map = mmap(NULL, 5 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, 5 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	int f;

	close(fd);
	printf("the file's last byte: %s\n", yes_no(map[16199] == '\n'));
	f = probe(read_target, map + 16200);
	printf("past the end of the file in its last page: %s\n",
	       f					   ? "fault"
	       : map[16200] == 0 && map[PAGE * 4 - 1] == 0 ? "reads zeros"
							   : "data");
	f = probe(read_target, map + 4 * PAGE + 10);
	print_fault("a page past the end of a private file mapping", f, map + 4 * PAGE + 10);
	f = probe(read_target, shared + 4 * PAGE);
	print_fault("a page past the end of a shared file mapping", f, shared + 4 * PAGE);
	munmap(map, 5 * PAGE);
	munmap(shared, 5 * PAGE);
}

/* ---- instruction faults ---------------------------------------------------- */

static void test_fpe(void)
{
	static unsigned long insn;
	volatile int faulted = 0;
	int lo, hi;

	memset(&fault, 0, sizeof(fault));
	recover = RECOVER_LONGJMP;
	if (sigsetjmp(env, 1) == 0) {
		lo = 7;
		hi = 0;
		__asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
				 "mov %%rcx, %[insn]\n\t"
				 "1: idivl %[d]"
				 : [insn] "=m"(insn), "+a"(lo), "+d"(hi)
				 : [d] "r"(0)
				 : "rcx", "memory");
	} else {
		faulted = 1;
	}
	printf("integer division by zero: %s %s, si_addr is the instruction: %s, trapno %lu\n",
	       faulted ? signal_name(fault.sig) : "no fault", code_name(fault.sig, fault.code),
	       yes_no(fault.addr == (void *)insn), fault.trapno);

	memset(&fault, 0, sizeof(fault));
	faulted = 0;
	if (sigsetjmp(env, 1) == 0) {
		lo = INT32_MIN;
		hi = -1;
		__asm__ volatile("1: idivl %[d]" : "+a"(lo), "+d"(hi) : [d] "r"(-1) : "memory");
	} else {
		faulted = 1;
	}
	printf("INT_MIN / -1: %s %s\n", faulted ? signal_name(fault.sig) : "no fault",
	       code_name(fault.sig, fault.code));

	/* SSE division by zero is masked by default; unmasked, it traps. */
	memset(&fault, 0, sizeof(fault));
	faulted = 0;
	if (sigsetjmp(env, 1) == 0) {
		unsigned mxcsr = 0x1f80 & ~(1u << 9); /* unmask ZE */
		double one = 1.0, zero = 0.0;

		__asm__ volatile("ldmxcsr %[m]\n\t"
				 "lea 1f(%%rip), %%rcx\n\t"
				 "mov %%rcx, %[insn]\n\t"
				 "1: divsd %[z], %[x]"
				 : [insn] "=m"(insn), [x] "+x"(one)
				 : [m] "m"(mxcsr), [z] "x"(zero)
				 : "rcx", "memory");
	} else {
		faulted = 1;
	}
	{
		unsigned mxcsr = 0x1f80;

		__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr));
	}
	printf("SSE division by zero, unmasked: %s %s, si_addr is the instruction: %s, trapno "
	       "%lu\n",
	       faulted ? signal_name(fault.sig) : "no fault", code_name(fault.sig, fault.code),
	       yes_no(fault.addr == (void *)insn), fault.trapno);
}

static void test_ill_trap(void)
{
	unsigned long at, after;

	/* ud2: the handler skips it by moving the saved instruction pointer. */
	memset(&fault, 0, sizeof(fault));
	recover = RECOVER_SKIP;
	skip_bytes = 2;
	__asm__ volatile("lea 1f(%%rip), %0\n\t"
			 "lea 2f(%%rip), %1\n\t"
			 "1: ud2\n\t"
			 "2:"
			 : "=&r"(at), "=&r"(after)
			 :
			 : "memory");
	printf("ud2: %s %s, si_addr is the instruction: %s, rip is it: %s, trapno %lu\n",
	       signal_name(fault.sig), code_name(fault.sig, fault.code),
	       yes_no(fault.addr == (void *)at), yes_no(fault.rip == at), fault.trapno);
	printf("the handler moved rip past it and execution went on: %s\n",
	       yes_no(fault.count == 1));

	/* int3: a trap, so the saved rip is already past the instruction. */
	memset(&fault, 0, sizeof(fault));
	recover = RECOVER_RETURN;
	__asm__ volatile("lea 1f(%%rip), %0\n\t"
			 "lea 2f(%%rip), %1\n\t"
			 "1: int3\n\t"
			 "2:"
			 : "=&r"(at), "=&r"(after)
			 :
			 : "memory");
	printf("int3: %s %s, rip is the next instruction: %s, trapno %lu, execution went on: %s\n",
	       signal_name(fault.sig), code_name(fault.sig, fault.code), yes_no(fault.rip == after),
	       fault.trapno, yes_no(fault.count == 1));
	recover = RECOVER_LONGJMP;
}

/* ---- recovering, and faults that cannot be handled -------------------------- */

static void test_recovery(void)
{
	char *gone = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int recovered = 0;
	sigset_t mask;

	munmap(gone, PAGE);
	for (int i = 0; i < 100; i++)
		recovered += probe(read_target, gone + i);
	printf("100 faults, each recovered with siglongjmp: %d\n", recovered);
	sigprocmask(SIG_SETMASK, NULL, &mask);
	printf("sigsetjmp(env, 1): SIGSEGV unblocked again after siglongjmp: %s\n",
	       yes_no(!sigismember(&mask, SIGSEGV)));

	target = gone;
	recover = RECOVER_LONGJMP;
	if (sigsetjmp(env, 0) == 0)
		read_target();
	sigprocmask(SIG_SETMASK, NULL, &mask);
	printf("sigsetjmp(env, 0): SIGSEGV still blocked, as in the handler: %s\n",
	       yes_no(sigismember(&mask, SIGSEGV)));
	sigemptyset(&mask);
	sigprocmask(SIG_SETMASK, &mask, NULL);
}

static void fault_in_handler(int sig)
{
	(void)sig;
	(void)*(volatile char *)target;
}

/* In a child: set things up as HOW says, then read TARGET. */
static void unhandled(const char *what, int how)
{
	pid_t c = guest_fork();

	if (c == 0) {
		struct sigaction sa = { .sa_handler = SIG_IGN };
		struct rlimit zero = { 0, 0 };
		sigset_t segv;

		setrlimit(RLIMIT_CORE, &zero);
		prctl(PR_SET_DUMPABLE, 0); /* no core whatever core_pattern says */
		sigemptyset(&segv);
		sigaddset(&segv, SIGSEGV);
		if (how == 0) {
			sigprocmask(SIG_BLOCK, &segv, NULL);
		} else if (how == 1) {
			sigaction(SIGSEGV, &sa, NULL);
		} else if (how == 2) {
			sa.sa_handler = fault_in_handler;
			sigaction(SIGSEGV, &sa, NULL);
		} else {
			sa.sa_handler = SIG_DFL;
			sigaction(SIGSEGV, &sa, NULL);
			sigaction(SIGTRAP, &sa, NULL);
			sigaction(SIGILL, &sa, NULL);
		}
		if (how == 4)
			__asm__ volatile("int3");
		else if (how == 5)
			__asm__ volatile("ud2");
		read_target();
		_exit(0);
	}
	printf("%s: %s\n", what, status_string(wait_for(c)));
}

static void test_unhandled(void)
{
	target = (char *)16;
	unhandled("a fault with SIGSEGV blocked", 0);
	unhandled("a fault with SIGSEGV ignored", 1);
	unhandled("a fault in the SIGSEGV handler", 2);
	unhandled("a fault, default action", 3);
	unhandled("int3, default action", 4);
	unhandled("ud2, default action", 5);
}

/* ---- vector registers across handlers -------------------------------------- */

static int has_avx(void)
{
	unsigned a, b, c, d;

	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	if (!(c & (1u << 27)) || !(c & (1u << 28))) /* OSXSAVE, AVX */
		return 0;
	__asm__("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	return (a & 6) == 6;
}

static int avx;
static unsigned char in[16][32], out[16][32], frame_xmm[16][16];
static unsigned handler_mxcsr;
static unsigned short handler_fcw;
static volatile sig_atomic_t vec_done;
static int edit_frame;

/* Reads the interrupted xmm registers from the frame, clobbers every vector
 * register, and optionally changes the saved xmm15. */
static void vector_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	static const unsigned char junk[32] = { 0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef,
						0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef,
						0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef,
						0xde, 0xad, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef };

	(void)sig;
	(void)si;
	__asm__ volatile("stmxcsr %0\n\tfnstcw %1" : "=m"(handler_mxcsr), "=m"(handler_fcw));
	if (uc->uc_mcontext.fpregs)
		for (int i = 0; i < 16; i++)
			memcpy(frame_xmm[i], uc->uc_mcontext.fpregs->_xmm[i].element, 16);
	if (avx)
		__asm__ volatile("vmovdqu %0, %%ymm0\n\t"
				 "vmovdqa %%ymm0, %%ymm1\n\tvmovdqa %%ymm0, %%ymm2\n\t"
				 "vmovdqa %%ymm0, %%ymm3\n\tvmovdqa %%ymm0, %%ymm4\n\t"
				 "vmovdqa %%ymm0, %%ymm5\n\tvmovdqa %%ymm0, %%ymm6\n\t"
				 "vmovdqa %%ymm0, %%ymm7\n\tvmovdqa %%ymm0, %%ymm8\n\t"
				 "vmovdqa %%ymm0, %%ymm9\n\tvmovdqa %%ymm0, %%ymm10\n\t"
				 "vmovdqa %%ymm0, %%ymm11\n\tvmovdqa %%ymm0, %%ymm12\n\t"
				 "vmovdqa %%ymm0, %%ymm13\n\tvmovdqa %%ymm0, %%ymm14\n\t"
				 "vmovdqa %%ymm0, %%ymm15"
				 :
				 : "m"(junk)
				 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
				   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
				   "xmm15");
	else
		__asm__ volatile("movdqu %0, %%xmm0\n\t"
				 "movdqa %%xmm0, %%xmm1\n\tmovdqa %%xmm0, %%xmm2\n\t"
				 "movdqa %%xmm0, %%xmm3\n\tmovdqa %%xmm0, %%xmm4\n\t"
				 "movdqa %%xmm0, %%xmm5\n\tmovdqa %%xmm0, %%xmm6\n\t"
				 "movdqa %%xmm0, %%xmm7\n\tmovdqa %%xmm0, %%xmm8\n\t"
				 "movdqa %%xmm0, %%xmm9\n\tmovdqa %%xmm0, %%xmm10\n\t"
				 "movdqa %%xmm0, %%xmm11\n\tmovdqa %%xmm0, %%xmm12\n\t"
				 "movdqa %%xmm0, %%xmm13\n\tmovdqa %%xmm0, %%xmm14\n\t"
				 "movdqa %%xmm0, %%xmm15"
				 :
				 : "m"(junk)
				 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
				   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14",
				   "xmm15");
	/* A non-default MXCSR and x87 control word in the handler, too. */
	{
		unsigned m = 0x1f80 | 0x2000;
		unsigned short cw = 0x007f;

		__asm__ volatile("ldmxcsr %0\n\tfldcw %1" : : "m"(m), "m"(cw));
	}
	if (edit_frame && uc->uc_mcontext.fpregs)
		memset(uc->uc_mcontext.fpregs->_xmm[15].element, 0x5a, 16);
	if (si->si_signo == SIGILL)
		uc->uc_mcontext.gregs[REG_RIP] += 2;
	vec_done = 1;
}

/* clang-format off */
#define LOADY(i) "vmovdqu " #i "*32(%[in]), %%ymm" #i "\n\t"
#define STOREY(i) "vmovdqu %%ymm" #i ", " #i "*32(%[out])\n\t"
#define LOADX(i) "movdqu " #i "*32(%[in]), %%xmm" #i "\n\t"
#define STOREX(i) "movdqu %%xmm" #i ", " #i "*32(%[out])\n\t"
#define ALL(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) \
	M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#define VREGS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
	"xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
/* clang-format on */

/* What the asm blocks below use besides the registers. */
static long kill_nr = SYS_kill, kill_pid, kill_sig = SIGUSR1;

/*
 * Loads the registers, lets EVENT happen (asm text: ud2, a kill system call,
 * or a spin until the handler has run), stores them. MXCSR (round toward
 * zero) and the x87 control word (53-bit precision) too.
 */
#define VECTOR_OPERANDS                                                                            \
	:                                                                                          \
	: [in] "r"(in), [out] "r"(out), [nr] "m"(kill_nr), [pid] "m"(kill_pid),                    \
	  [sig] "m"(kill_sig), [done] "m"(vec_done)                                                \
	: "memory", "rax", "rdi", "rsi", "rcx", "r11", VREGS
#define WITH_VECTORS(event)                                                                        \
	do {                                                                                       \
		unsigned mxcsr_in = 0x1f80 | 0x6000, mxcsr_out = 0;                                \
		unsigned short fcw_in = 0x027f, fcw_out = 0;                                       \
		__asm__ volatile("ldmxcsr %[mi]\n\tfldcw %[fi]"                                    \
				 :                                                                 \
				 : [mi] "m"(mxcsr_in), [fi] "m"(fcw_in));                          \
		if (avx)                                                                           \
			__asm__ volatile(ALL(LOADY) event ALL(STOREY) VECTOR_OPERANDS);            \
		else                                                                               \
			__asm__ volatile(ALL(LOADX) event ALL(STOREX) VECTOR_OPERANDS);            \
		__asm__ volatile("stmxcsr %[mo]\n\tfnstcw %[fo]"                                   \
				 : [mo] "=m"(mxcsr_out), [fo] "=m"(fcw_out));                      \
		control_ok = mxcsr_out == mxcsr_in && fcw_out == fcw_in;                           \
		mxcsr_in = 0x1f80;                                                                 \
		__asm__ volatile("ldmxcsr %0" : : "m"(mxcsr_in));                                  \
	} while (0)

static int compare(int edited)
{
	int width = avx ? 32 : 16;

	for (int i = 0; i < 16; i++) {
		unsigned char want[32];

		memcpy(want, in[i], 32);
		if (edited && i == 15)
			memset(want, 0x5a, 16);
		if (memcmp(out[i], want, width) != 0)
			return 0;
	}
	return 1;
}

static int frame_matches(void)
{
	for (int i = 0; i < 16; i++)
		if (memcmp(frame_xmm[i], in[i], 16) != 0)
			return 0;
	return 1;
}

static void *spin_sender(void *arg)
{
	pthread_t main_thread = *(pthread_t *)arg;
	struct timespec ms = { 0, 1000000 };

	while (!vec_done) {
		pthread_kill(main_thread, SIGUSR1);
		nanosleep(&ms, NULL);
	}
	return NULL;
}

static void test_vectors(void)
{
	struct sigaction sa = { .sa_sigaction = vector_handler, .sa_flags = SA_SIGINFO };
	int control_ok = 0;
	pthread_t self = pthread_self(), t;

	avx = has_avx();
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 32; j++)
			in[i][j] = (unsigned char)(i * 29 + j * 7 + 3);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);

	/* A fault in the middle of vector code. */
	memset(out, 0, sizeof(out));
	vec_done = 0;
	WITH_VECTORS("ud2\n\t");
	printf("ud2 in vector code, the handler clobbering every vector register: registers "
	       "intact after sigreturn: %s, MXCSR and x87 control word intact: %s\n",
	       yes_no(vec_done && compare(0)), yes_no(control_ok));
	printf("the handler starts with the default MXCSR and x87 control word: %s\n",
	       yes_no(handler_mxcsr == 0x1f80 && handler_fcw == 0x037f));
	printf("the signal frame holds the interrupted xmm registers: %s\n",
	       yes_no(frame_matches()));

	/* A signal delivered on return from a system call (kill to itself). */
	memset(out, 0, sizeof(out));
	vec_done = 0;
	kill_pid = getpid();
	WITH_VECTORS("mov %[nr], %%rax\n\tmov %[pid], %%rdi\n\tmov %[sig], %%rsi\n\tsyscall\n\t");
	printf("a signal on return from kill(): registers intact: %s, controls intact: %s\n",
	       yes_no(vec_done && compare(0)), yes_no(control_ok));

	/* A signal from another thread while this one spins in user code. */
	memset(out, 0, sizeof(out));
	vec_done = 0;
	pthread_create(&t, NULL, spin_sender, &self);
	WITH_VECTORS("1: cmpl $0, %[done]\n\tje 1b\n\t");
	pthread_join(t, NULL);
	printf("a signal interrupting a spin in user code: registers intact: %s, controls "
	       "intact: %s\n",
	       yes_no(compare(0)), yes_no(control_ok));

	/* The handler changes the saved xmm15: sigreturn loads the change. */
	memset(out, 0, sizeof(out));
	vec_done = 0;
	edit_frame = 1;
	WITH_VECTORS("ud2\n\t");
	edit_frame = 0;
	printf("xmm15 changed in the signal frame: the change is loaded, the rest intact: %s\n",
	       yes_no(vec_done && compare(1)));
	catch_faults();
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	catch_faults();
	test_segv();
	test_sigbus();
	test_fpe();
	test_ill_trap();
	test_recovery();
	test_unhandled();
	test_vectors();
	return 0;
}
