/*
 * pipe-throughput [MIB]: bulk transfer through a pipe between two processes:
 * the child writes MIB MiB (default 1024) in 64 KiB writes, the parent reads
 * it in 64 KiB reads. Prints "pipe-throughput R MiB/s".
 *
 * The clock starts when the first chunk arrives (that chunk is not counted),
 * so fork and the child's start-up are not part of the figure. Without pipes
 * or fork (umk today) it reports n/a.
 */
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define CHUNK (64 * 1024)

static char buf[CHUNK];

static void __attribute__((noreturn)) writer(int out, long long total)
{
	memset(buf, 'x', sizeof(buf));
	for (long long sent = 0; sent < total;) {
		ssize_t w = write(out, buf, CHUNK);

		if (w <= 0)
			_exit(1);
		sent += w;
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	long long total = (long long)count_arg(argc, argv, 1, 1024) << 20;
	long long received = 0, first = 0;
	double t0 = 0, t1;
	int fds[2], status;
	ssize_t r;
	pid_t pid;

	if (pipe(fds) < 0)
		not_available("pipe-throughput", "MiB/s", "pipe", errno);
	pid = fork();
	if (pid < 0)
		not_available("pipe-throughput", "MiB/s", "fork", errno);
	if (pid == 0) {
		close(fds[0]);
		writer(fds[1], total);
	}
	close(fds[1]);

	while ((r = read(fds[0], buf, CHUNK)) > 0) {
		if (first == 0) {
			first = r;
			t0 = now_seconds();
		}
		received += r;
	}
	t1 = now_seconds();
	if (r < 0)
		fail("pipe-throughput", "read", errno);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    received != total)
		fail("pipe-throughput", "the writer failed", errno);
	report("pipe-throughput", (received - first) / (t1 - t0) / (1 << 20), "MiB/s");
	return 0;
}
