/*
 * errors: system calls given bad file descriptors, bad pointers, bad numbers
 * and impossible requests, each printed with the errno name it fails with.
 * A kernel must fail these exactly as Linux does, and must not crash the
 * caller: an EFAULT is an error return, never a signal.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

/* The kernel's struct sigaction for rt_sigaction(2), which libcs wrap differently. */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};

static const char *volatile null_path = NULL;
static char *const no_args[] = { "x", NULL };
static char *const no_env[] = { NULL };

static void bad_fds(void)
{
	struct stat st;
	char buf[8];

	report("read(-1)", read(-1, buf, sizeof(buf)));
	report("write(-1)", write(-1, "x", 1));
	report("close(-1)", close(-1));
	report("close(1000)", close(1000));
	report("lseek(-1)", lseek(-1, 0, SEEK_SET));
	report("fstat(1000)", syscall(SYS_fstat, 1000, &st));
}

static void bad_pointers(void)
{
	struct timespec ts;

	report("write(1, bad, 5)", write(1, BAD_PTR, 5));
	report("open(NULL)", open(null_path, O_RDONLY));
	report("open(bad)", open(BAD_PTR, O_RDONLY));
	report("stat(bad path)", syscall(SYS_stat, BAD_PTR, &ts));
	report("uname(bad)", syscall(SYS_uname, BAD_PTR));
	report("clock_gettime(bad)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD_PTR));
	report("nanosleep(bad)", syscall(SYS_nanosleep, BAD_PTR, NULL));
	report("getcwd(bad, 100)", syscall(SYS_getcwd, BAD_PTR, 100));
}

static void bad_values(void)
{
	struct ksigaction ignore = { .handler = SIG_IGN };
	struct timespec ts = { 0, 2000000000 };
	char small[1];
	int fd = open("/tests/data/lines.txt", O_RDONLY);

	report("syscall(100000)", syscall(100000));
	report("syscall(-1)", syscall(-1));
	report("open(\"\")", open("", O_RDONLY));
	report("open missing", open("/nonexistent", O_RDONLY));
	report("clock_gettime(1234)", syscall(SYS_clock_gettime, 1234, &ts));
	report("nanosleep(tv_nsec = 2e9)", syscall(SYS_nanosleep, &ts, NULL));
	report("getcwd(buf, 1)", syscall(SYS_getcwd, small, 1));
	report("ioctl(TCGETS) on a file", ioctl(fd, TCGETS, &ts));
	report("rt_sigaction(0)", syscall(SYS_rt_sigaction, 0, NULL, NULL, 8));
	report("rt_sigaction(65)", syscall(SYS_rt_sigaction, 65, NULL, NULL, 8));
	report("rt_sigaction(SIGKILL, ignore)",
	       syscall(SYS_rt_sigaction, SIGKILL, &ignore, NULL, 8));
	report("rt_sigaction sigsetsize 4", syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4));
	close(fd);
}

/* execve failures return to the caller, before the point of no return. */
static void bad_execs(void)
{
	report("execve missing", execve("/nonexistent", no_args, no_env));
	report("execve a directory", execve("/tests", no_args, no_env));
	report("execve a non-executable file", execve("/tests/data/lines.txt", no_args, no_env));
	report("execve through a file", execve("/tests/data/lines.txt/x", no_args, no_env));
	report("execve bad path", execve(BAD_PTR, no_args, no_env));
	report("execve bad argv", execve("/bin/busybox", BAD_PTR, no_env));
}

int main(void)
{
	bad_fds();
	bad_pointers();
	bad_values();
	bad_execs();
	return 0;
}
