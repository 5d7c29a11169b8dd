/*
 * forkexec [COUNT]: the cost of running a program: fork, the child execs
 * `true` (a tiny static program next to this one: /bench/true in the
 * benchmark root), the parent waits for it; COUNT times (default 500).
 * Prints "forkexec US us".
 */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

static char prog[4096];

static void cycles(long n)
{
	for (long i = 0; i < n; i++) {
		int status;
		pid_t p = fork();

		if (p < 0)
			not_available("forkexec", "us", "fork", errno);
		if (p == 0) {
			execl(prog, "true", (char *)0);
			_exit(127);
		}
		if (waitpid(p, &status, 0) != p || !WIFEXITED(status) || WEXITSTATUS(status))
			fail("forkexec", "the child", errno);
	}
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 500);
	char *slash = strrchr(argv[0], '/');
	double t0, t1;

	/* argv[0]'s directory: the benchmark root's /bench, or its host path natively. */
	snprintf(prog, sizeof(prog), "%.*strue", slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
	cycles(n / 20 + 1); /* warm-up */
	t0 = now_seconds();
	cycles(n);
	t1 = now_seconds();
	report("forkexec", (t1 - t0) * 1e6 / n, "us");
	return 0;
}
