/*
 * throughput4 [CALLS]: system-call throughput of 4 processes on however many
 * CPUs the peer has (2 on the reference machine), so that a backend whose
 * hand-over spins on a CPU its own guest needs shows up. Forks 4 children that
 * each make CALLS null calls (fcntl(fd, F_GETFD), as `null`; default 1000000)
 * and waits for them. Prints "throughput4 K kcalls/s": thousands of calls per
 * second for the four together, from the first fork to the last exit.
 *
 * Without fork (umk today) it reports n/a, and bench/run measures the same
 * load as 4 instances of `null` started at once instead.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define PROCS 4

static void __attribute__((noreturn)) child(long n)
{
	int fd = open("/", O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		_exit(1);
	for (long i = 0; i < n; i++)
		if (fcntl(fd, F_GETFD) < 0)
			_exit(1);
	_exit(0);
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 1000000);
	pid_t pids[PROCS];
	double t0, t1;
	int status;

	t0 = now_seconds();
	for (int i = 0; i < PROCS; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			int err = errno;

			for (int j = 0; j < i; j++)
				kill(pids[j], SIGKILL);
			if (i == 0)
				not_available("throughput4", "kcalls/s", "fork", err);
			fail("throughput4", "fork", err);
		}
		if (pids[i] == 0)
			child(n);
	}
	for (int i = 0; i < PROCS; i++)
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			fail("throughput4", "a child failed", errno);
	t1 = now_seconds();
	report("throughput4", PROCS * n / (t1 - t0) / 1e3, "kcalls/s");
	return 0;
}
