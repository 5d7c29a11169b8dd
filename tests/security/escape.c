/*
 * escape: a guest program that tries to reach the host from inside umk, one
 * way per run (argv[1] names it), and prints what it got. tests/security/run
 * checks from the host that nothing was reached: no host file read or
 * written, no host process signalled, no host network connection.
 *
 *   host-file PATH   read PATH (a host file outside the guest's root) through
 *                    libc, a raw `syscall` instruction, int $0x80 (i386
 *                    open), and call the vsyscall page
 *   sysenter PATH    the same through sysenter (SIGILL where it is invalid)
 *   gadget PATH NR A...
 *                    jump into the stub's `syscall` gadget (found from the
 *                    stub header at its fixed address) with rax = NR and the
 *                    arguments A...: a number, or PATH (the host path),
 *                    STUB, STUBTEXT or THREADS (stub addresses)
 *   scribble         overwrite the stub's control page and signal stack with
 *                    garbage between system calls, many times
 *   kill-all PID     kill(-1, SIGKILL) and kill(PID, SIGKILL) through libc and
 *                    a raw `syscall`
 *   net PORT         connect to 127.0.0.1:PORT
 *
 * Single-threaded: the variants with several threads at once come with the
 * process model (clone).
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define STUB_BASE 0x7ff000000000UL
#define STUB_THREADS_BASE (STUB_BASE + 0x1000000UL)

struct stub_header {
	uint64_t magic;
	uint32_t version, size;
	uint64_t text_start, text_end, image_end, syscall_gadget, atomic_entry, atomic_end;
};

static char path_low[4096]; /* below 4 GiB, for int $0x80 */

static const char *err_name(long r)
{
	static char buf[64];

	if (r >= 0) {
		snprintf(buf, sizeof(buf), "returned %ld", r);
		return buf;
	}
	snprintf(buf, sizeof(buf), "error %ld (%s)", -r, strerror((int)-r));
	return buf;
}

static void try_read(const char *how, long fd)
{
	char buf[64] = "";

	if (fd < 0) {
		printf("%s: %s\n", how, err_name(fd));
		return;
	}
	/* A descriptor: whatever it names, show what reading it gives. */
	long n = read((int)fd, buf, sizeof(buf) - 1);
	printf("%s: fd %ld, read %ld: %s\n", how, fd, n, n > 0 ? buf : "");
}

static long raw_syscall(long nr, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}

static int host_file(const char *path)
{
	long r;
	int fd;

	strncpy(path_low, path, sizeof(path_low) - 1);
	fd = open(path, O_RDONLY);
	try_read("libc open", fd < 0 ? -errno : fd);
	try_read("raw syscall openat", raw_syscall(SYS_openat, AT_FDCWD, (long)path, O_RDONLY));
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(5L), "b"(path_low), "c"(0L) : "memory");
	try_read("int $0x80 open", r);
	{
		long (*vtime)(long *) = (long (*)(long *))0xffffffffff600400;

		printf("vsyscall time: %s\n", vtime(0) > 0 ? "a time" : "no time");
	}
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	printf("libc create: %s\n", fd < 0 ? strerror(errno) : "created");
	return 0;
}

static int sysenter(const char *path)
{
	long r, flags = 0;

	strncpy(path_low, path, sizeof(path_low) - 1);
	fflush(stdout);
	__asm__ volatile("sysenter" : "=a"(r), "+c"(flags) : "a"(5L), "b"(path_low) : "memory", "r11");
	try_read("sysenter open", r);
	return 0;
}

static long arg_value(const char *s, const char *path)
{
	const struct stub_header *h = (const void *)STUB_BASE;

	if (!strcmp(s, "PATH"))
		return (long)path;
	if (!strcmp(s, "STUB"))
		return (long)STUB_BASE;
	if (!strcmp(s, "STUBTEXT"))
		return (long)h->text_start;
	if (!strcmp(s, "THREADS"))
		return (long)STUB_THREADS_BASE;
	return strtol(s, NULL, 0);
}

/* Jumps to the stub's syscall gadget with the registers given; never returns. */
static int gadget(int argc, char **argv)
{
	const struct stub_header *h = (const void *)STUB_BASE;
	const char *path = argv[2];
	static uint64_t target;
	long a[7] = { 0 };

	printf("stub magic %s, gadget %s\n", h->magic == 0x31627574736b6d75ULL ? "ok" : "?",
	       h->syscall_gadget ? "found" : "missing");
	for (int i = 0; i < 7 && i + 3 < argc; i++)
		a[i] = arg_value(argv[i + 3], path);
	fflush(stdout);
	target = h->syscall_gadget;
	{
		register long r10 __asm__("r10") = a[4];
		register long r8 __asm__("r8") = a[5];
		register long r9 __asm__("r9") = a[6];

		__asm__ volatile("jmp *%[g]"
				 :
				 : [g] "m"(target), "a"(a[0]), "D"(a[1]), "S"(a[2]), "d"(a[3]),
				   "r"(r10), "r"(r8), "r"(r9)
				 : "memory");
	}
	return 0;
}

static int scribble(void)
{
	volatile uint64_t *page = (volatile uint64_t *)STUB_THREADS_BASE;
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	for (int round = 0; round < 2000; round++) {
		for (int i = 0; i < 512; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			page[i] = x;
		}
		getppid();
	}
	printf("survived\n");
	return 0;
}

static int kill_all(const char *pid)
{
	int r = kill(-1, SIGKILL);

	printf("kill(-1): %s\n", r < 0 ? strerror(errno) : "ok");
	r = kill(atoi(pid), SIGKILL);
	printf("kill(sentinel): %s\n", r < 0 ? strerror(errno) : "ok");
	printf("raw kill(-1): %s\n", err_name(raw_syscall(SYS_kill, -1, SIGKILL, 0)));
	return 0;
}

static int net(const char *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int s = socket(AF_INET, SOCK_STREAM, 0);

	printf("socket: %s\n", s < 0 ? strerror(errno) : "ok");
	if (s >= 0)
		printf("connect: %s\n",
		       connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 ? strerror(errno) : "ok");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "host-file") && argc > 2)
		return host_file(argv[2]);
	if (!strcmp(argv[1], "sysenter") && argc > 2)
		return sysenter(argv[2]);
	if (!strcmp(argv[1], "gadget") && argc > 3)
		return gadget(argc, argv);
	if (!strcmp(argv[1], "scribble"))
		return scribble();
	if (!strcmp(argv[1], "kill-all") && argc > 2)
		return kill_all(argv[2]);
	if (!strcmp(argv[1], "net") && argc > 2)
		return net(argv[2]);
	return 2;
}
