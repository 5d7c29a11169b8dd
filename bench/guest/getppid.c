/*
 * getppid [CALLS]: the cost of getppid(), CALLS times in a tight loop (default
 * 1000000). Prints "getppid US us": microseconds per call.
 *
 * Next to `null` this shows what a backend gains by answering simple
 * identity calls without the kernel's task thread (the seccomp stub may).
 */
#include <unistd.h>
#include "bench.h"

static void calls(long n)
{
	for (long i = 0; i < n; i++)
		if (getppid() < 0)
			fail("getppid", "getppid", errno);
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 1000000);
	double t0, t1;

	calls(n / 20 + 1); /* warm-up */
	t0 = now_seconds();
	calls(n);
	t1 = now_seconds();
	report("getppid", (t1 - t0) * 1e6 / n, "us");
	return 0;
}
