/*
 * thread [COUNT]: the cost of a thread: pthread_create of a thread that
 * returns at once, then pthread_join; COUNT times (default 5000). Prints
 * "thread US us".
 */
#include <pthread.h>
#include "bench.h"

static void *nothing(void *arg)
{
	return arg;
}

static void cycles(long n)
{
	for (long i = 0; i < n; i++) {
		pthread_t t;
		int err = pthread_create(&t, NULL, nothing, NULL);

		if (err)
			not_available("thread", "us", "pthread_create", err);
		if ((err = pthread_join(t, NULL)))
			fail("thread", "pthread_join", err);
	}
}

int main(int argc, char **argv)
{
	long n = count_arg(argc, argv, 1, 5000);
	double t0, t1;

	cycles(n / 20 + 1); /* warm-up */
	t0 = now_seconds();
	cycles(n);
	t1 = now_seconds();
	report("thread", (t1 - t0) * 1e6 / n, "us");
	return 0;
}
