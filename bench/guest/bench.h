/*
 * Helpers shared by the benchmark guests in bench/guest/.
 *
 * Every guest is a static program that measures one thing and prints exactly
 * one result line on stdout, "NAME VALUE UNIT" (e.g. "null 0.113 us"), which
 * bench/run picks out of whatever else the instance prints (a UML console,
 * umk's kernel warnings). A guest that finds its peer cannot do what it needs
 * (no fork, no pipes, no writable directory) prints "NAME n/a UNIT", says why
 * on a line starting with "# ", and exits with status 77. Any other failure
 * is reported on a "# " line with status 1.
 *
 * Times come from CLOCK_MONOTONIC inside the guest, so instance start-up and
 * shut-down are never part of a guest's figure.
 */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXIT_NOT_AVAILABLE 77

static inline double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline void report(const char *name, double value, const char *unit)
{
	printf("%s %.6g %s\n", name, value, unit);
	fflush(stdout);
}

/* The peer lacks something the benchmark needs: prints the n/a line and exits. */
static inline void __attribute__((noreturn))
not_available(const char *name, const char *unit, const char *what, int err)
{
	printf("# %s: %s: %s\n", name, what, strerror(err));
	printf("%s n/a %s\n", name, unit);
	fflush(stdout);
	exit(EXIT_NOT_AVAILABLE);
}

/* Something that should have worked did not: says what and exits 1. */
static inline void __attribute__((noreturn)) fail(const char *name, const char *what, int err)
{
	printf("# %s: %s: %s\n", name, what, strerror(err));
	fflush(stdout);
	exit(1);
}

/* argv[i] as a positive count, or DEFAULT when it is absent. */
static inline long count_arg(int argc, char **argv, int i, long def)
{
	char *end;
	long n;

	if (argc <= i)
		return def;
	n = strtol(argv[i], &end, 10);
	if (*end != '\0' || n <= 0) {
		fprintf(stderr, "%s: bad count '%s'\n", argv[0], argv[i]);
		exit(2);
	}
	return n;
}

#endif
