/*
 * null [CALLS]: the cost of a system call that does nothing but must reach the
 * kernel proper: fcntl(fd, F_GETFD) on a valid descriptor, CALLS times in a
 * tight loop (default 1000000). Prints "null US us": microseconds per call.
 *
 * fcntl is chosen because no trap backend can answer it without the kernel's
 * descriptor table (unlike getpid-like calls a stub may answer by itself), so
 * under umk every call goes all the way to the guest's task thread.
 */
#include <fcntl.h>
#include <unistd.h>
#include "bench.h"

static void calls(int fd, long n)
{
	for (long i = 0; i < n; i++)
		if (fcntl(fd, F_GETFD) < 0)
			fail("null", "fcntl(F_GETFD)", errno);
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 1000000);
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	double t0, t1;

	if (fd < 0)
		fail("null", "open /", errno);
	calls(fd, n / 20 + 1); /* warm-up: caches, CPU frequency, lazy binding */
	t0 = now_seconds();
	calls(fd, n);
	t1 = now_seconds();
	report("null", (t1 - t0) * 1e6 / n, "us");
	return 0;
}
