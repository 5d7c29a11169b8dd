/*
 * timeit: the host-side stopwatch of bench/run, for the figures no guest can
 * measure itself (start-up time; the wall time of several instances at once).
 *
 *   timeit [-n COPIES] [-o FILE] [-t SECONDS] CMD [ARG...]
 *
 * Starts COPIES copies of CMD (default 1) at once, each with fork + execvp,
 * waits for all of them and writes the wall time from just before the first
 * fork to just after the last exit, in seconds, to FILE (default: stderr).
 * The copies inherit stdin, stdout and stderr (and the process group, so
 * that a ^C reaches them). After SECONDS (default 600) the copies still
 * running are sent SIGTERM, and SIGKILL 5 seconds later.
 *
 * Exit status: 0 when every copy exited 0, otherwise the status of the first
 * copy (in start order) that did not, encoded as a shell does (128+N for
 * signal N); 125 when timeit itself fails, 124 after a time-out.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: timeit [-n COPIES] [-o FILE] [-t SECONDS] CMD [ARG...]\n");
	exit(125);
}

int main(int argc, char **argv)
{
	const char *out_path = NULL;
	int copies = 1, timeout = 600, opt, running, result = 0, timed_out = 0;
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART: waitpid returns */
	pid_t *pids;
	int *statuses;
	double t0, t1;
	FILE *out = stderr;

	while ((opt = getopt(argc, argv, "+n:o:t:")) != -1) {
		switch (opt) {
		case 'n':
			copies = atoi(optarg);
			break;
		case 'o':
			out_path = optarg;
			break;
		case 't':
			timeout = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || copies < 1 || timeout < 1)
		usage();
	pids = calloc(copies, sizeof(*pids));
	statuses = calloc(copies, sizeof(*statuses));
	if (!pids || !statuses)
		return 125;
	sigaction(SIGALRM, &sa, NULL);

	t0 = now();
	for (int i = 0; i < copies; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("timeit: fork");
			return 125;
		}
		if (pids[i] == 0) {
			execvp(argv[optind], argv + optind);
			fprintf(stderr, "timeit: %s: %s\n", argv[optind], strerror(errno));
			_exit(errno == ENOENT ? 127 : 126);
		}
	}
	alarm(timeout);
	for (running = copies; running > 0;) {
		int status;
		pid_t pid = waitpid(-1, &status, 0);

		if (pid < 0 && errno == EINTR) {
			/* First alarm: ask politely; later ones: kill. */
			timed_out = 1;
			for (int i = 0; i < copies; i++)
				if (pids[i] > 0)
					kill(pids[i], alarms > 1 ? SIGKILL : SIGTERM);
			alarm(5);
			continue;
		}
		if (pid < 0) {
			perror("timeit: waitpid");
			return 125;
		}
		for (int i = 0; i < copies; i++) {
			if (pids[i] == pid) {
				statuses[i] = WIFEXITED(status) ? WEXITSTATUS(status)
								: 128 + WTERMSIG(status);
				pids[i] = -pid;
				running--;
			}
		}
	}
	t1 = now();

	if (out_path && !(out = fopen(out_path, "w"))) {
		perror(out_path);
		return 125;
	}
	fprintf(out, "%.6f\n", t1 - t0);
	if (out != stderr)
		fclose(out);
	for (int i = 0; i < copies && !result; i++)
		result = statuses[i];
	return timed_out ? 124 : result;
}
