/*
 * cpulimit: RLIMIT_CPU. At the soft limit (1 s of CPU) the process gets
 * SIGXCPU, and its soft limit goes up by a second, as Linux raises it, so
 * that SIGXCPU comes again a second later.
 *
 * With the argument "kill" (tests/e2e/creds.list, as it needs a child): a
 * child over its hard limit is killed with SIGKILL.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

static volatile sig_atomic_t xcpu;

static void on_xcpu(int sig)
{
	(void)sig;
	xcpu++;
}

static long long ns_of(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Spins for at most 20 s of wall time, or until SIGXCPU came `until` times. */
static void spin_until(int until)
{
	long long wall = ns_of(CLOCK_MONOTONIC);
	volatile unsigned long spin = 0;

	while (xcpu < until && ns_of(CLOCK_MONOTONIC) - wall < 20000000000LL)
		for (int i = 0; i < 1000000; i++)
			spin++;
}

static int kill_child(void)
{
	struct rlimit r = { 1, 1 };
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setrlimit(RLIMIT_CPU, &r);
		spin_until(1); /* never: SIGKILL at the hard limit first */
		printf("child: still running\n");
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("child with RLIMIT_CPU 1 1: killed by SIGKILL: %s\n",
	       yes_no(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit r = { 1, RLIM_INFINITY };
	struct sigaction sa;
	long long cpu;

	if (argc > 1 && !strcmp(argv[1], "kill"))
		return kill_child();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_xcpu;
	sigaction(SIGXCPU, &sa, NULL);
	report("setrlimit CPU 1 unlimited", setrlimit(RLIMIT_CPU, &r));
	spin_until(1);
	cpu = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	printf("SIGXCPU: %s\n", yes_no(xcpu == 1));
	/* Linux checks at its clock ticks, on sampled time: loose bounds. */
	printf("after 0.5 to 1.6 s of CPU: %s\n", yes_no(cpu >= 500000000LL && cpu < 1600000000LL));
	getrlimit(RLIMIT_CPU, &r);
	printf("soft limit now: %lu\n", (unsigned long)r.rlim_cur);
	spin_until(2);
	cpu = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	printf("SIGXCPU again: %s\n", yes_no(xcpu == 2));
	printf("after 1.5 to 2.6 s of CPU: %s\n", yes_no(cpu >= 1500000000LL && cpu < 2600000000LL));
	getrlimit(RLIMIT_CPU, &r);
	printf("soft limit now: %lu\n", (unsigned long)r.rlim_cur);
	return 0;
}
