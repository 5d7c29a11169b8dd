/*
 * pipe-latency [ROUNDS]: ping-pong between two processes over a pair of pipes:
 * the parent writes one byte, the child reads it and writes it back, ROUNDS
 * times (default 100000). Prints "pipe-latency US us": microseconds per round
 * trip (two writes, two reads, two wake-ups).
 *
 * Without pipes or fork (umk today) it reports n/a.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

static void __attribute__((noreturn)) echo_child(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			_exit(1);
	_exit(0);
}

static void rounds(int out, int in, long n)
{
	char c = 'x';

	for (long i = 0; i < n; i++)
		if (write(out, &c, 1) != 1 || read(in, &c, 1) != 1)
			fail("pipe-latency", "ping-pong", errno);
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 100000);
	int ping[2], pong[2], status;
	double t0, t1;
	pid_t pid;

	if (pipe(ping) < 0 || pipe(pong) < 0)
		not_available("pipe-latency", "us", "pipe", errno);
	pid = fork();
	if (pid < 0)
		not_available("pipe-latency", "us", "fork", errno);
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		echo_child(ping[0], pong[1]);
	}
	close(ping[0]);
	close(pong[1]);

	rounds(ping[1], pong[0], n / 20 + 1); /* warm-up */
	t0 = now_seconds();
	rounds(ping[1], pong[0], n);
	t1 = now_seconds();

	close(ping[1]); /* EOF ends the child */
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail("pipe-latency", "the child failed", errno);
	report("pipe-latency", (t1 - t0) * 1e6 / n, "us");
	return 0;
}
