/*
 * smallfile [CYCLES [DIR]]: small-file churn in a writable directory (default
 * /tmp): CYCLES times (default 20000) create a file, write 4 KiB to it, close
 * it, stat it and unlink it. Prints "smallfile US us": microseconds per cycle.
 *
 * Where DIR cannot be written (umk's read-only root today: EROFS) it reports
 * n/a.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bench.h"

static char data[4096];

static void cycle(const char *path)
{
	struct stat st;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		fail("smallfile", "open(O_CREAT)", errno);
	if (write(fd, data, sizeof(data)) != sizeof(data))
		fail("smallfile", "write", errno);
	if (close(fd) < 0)
		fail("smallfile", "close", errno);
	if (stat(path, &st) < 0)
		fail("smallfile", "stat", errno);
	if (unlink(path) < 0)
		fail("smallfile", "unlink", errno);
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 20000);
	const char *dir = argc > 2 ? argv[2] : "/tmp";
	char path[4096];
	double t0, t1;
	int fd;

	memset(data, 'x', sizeof(data));
	snprintf(path, sizeof(path), "%s/smallfile.%d", dir, (int)getpid());
	/* A first create tells "cannot write here" apart from a real failure. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		not_available("smallfile", "us", dir, errno);
	close(fd);
	if (unlink(path) < 0)
		not_available("smallfile", "us", "unlink", errno);

	for (long i = 0; i < n / 20 + 1; i++) /* warm-up */
		cycle(path);
	t0 = now_seconds();
	for (long i = 0; i < n; i++)
		cycle(path);
	t1 = now_seconds();
	report("smallfile", (t1 - t0) * 1e6 / n, "us");
	return 0;
}
