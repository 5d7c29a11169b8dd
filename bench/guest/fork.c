/*
 * fork [COUNT]: the cost of creating and ending a process: fork, the child
 * _exits at once, the parent waits for it; COUNT times (default 2000).
 * Prints "fork US us": microseconds per fork+exit+wait.
 */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

static void cycles(long n)
{
	for (long i = 0; i < n; i++) {
		int status;
		pid_t p = fork();

		if (p < 0)
			not_available("fork", "us", "fork", errno);
		if (p == 0)
			_exit(0);
		if (waitpid(p, &status, 0) != p || !WIFEXITED(status))
			fail("fork", "waitpid", errno);
	}
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 2000);
	double t0, t1;

	cycles(n / 20 + 1); /* warm-up */
	t0 = now_seconds();
	cycles(n);
	t1 = now_seconds();
	report("fork", (t1 - t0) * 1e6 / n, "us");
	return 0;
}
