/*
 * creds: credentials and per-process limits. As root the program sets its
 * supplementary groups; children give up root (setresuid to 1000) and then
 * cannot take it back, open a root-only file (/tests/data/secret.txt, mode
 * 0600), or signal init; a temporary drop through the effective uid comes
 * back; setreuid's saved-uid rules. RLIMIT_NOFILE makes open fail with
 * EMFILE; prlimit reads and sets another process's limits; RLIMIT_NPROC
 * stops a fork bomb of an ordinary user (root is exempt); getrusage, times,
 * sched_yield, sched_getaffinity, getcpu, and prctl names, PDEATHSIG and
 * NO_NEW_PRIVS.
 *
 * Each test that changes credentials runs in a child, which prints while
 * its parent waits.
 */
/* oracle: uids */
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define SECRET "/tests/data/secret.txt"
#define LINES "/tests/data/lines.txt"

static void print_ids(const char *who)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	getresuid(&r, &e, &s);
	getresgid(&rg, &eg, &sg);
	printf("%s: uids %u %u %u, gids %u %u %u\n", who, (unsigned)r, (unsigned)e, (unsigned)s,
	       (unsigned)rg, (unsigned)eg, (unsigned)sg);
}

static void try_open(const char *what, const char *path)
{
	int fd = open(path, O_RDONLY);

	report(what, fd);
	if (fd >= 0)
		close(fd);
}

/* Gives up root for good: gids, groups, then uids. */
static void become_1000(void)
{
	report("setresgid(1000, 1000, 1000)", setresgid(1000, 1000, 1000));
	report("setgroups(0, NULL)", setgroups(0, NULL));
	report("setresuid(1000, 1000, 1000)", setresuid(1000, 1000, 1000));
}

static double cpu_seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void spin_cpu(double seconds)
{
	double end = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) + seconds;
	volatile unsigned long n = 0;

	while (cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) < end)
		n++;
}

/* ---- groups ------------------------------------------------------------------- */

static void test_groups(void)
{
	gid_t set[3] = { 10, 20, 30 }, got[8] = { 0 };
	int n;

	report("setgroups {10, 20, 30}", setgroups(3, set));
	n = getgroups(8, got);
	printf("getgroups: %d: %u %u %u\n", n, (unsigned)got[0], (unsigned)got[1],
	       (unsigned)got[2]);
	printf("getgroups(0, NULL) counts them: %d\n", getgroups(0, NULL));
	report("getgroups into 2 entries", getgroups(2, got));
	report("setgroups of 65537 groups", syscall(SYS_setgroups, 65537, set));
	report("setgroups(0, NULL)", setgroups(0, NULL));
	printf("now getgroups: %d\n", getgroups(0, NULL));
}

/* ---- giving up root -------------------------------------------------------------- */

static void test_drop(void)
{
	pid_t c = guest_fork();

	if (c == 0) {
		struct rlimit lim = { 100, 1000 };

		setrlimit(RLIMIT_NOFILE, &lim); /* as root: a hard limit to try to raise */
		become_1000();
		print_ids("after the drop");
		report("setuid(0)", setuid(0));
		report("seteuid(0)", seteuid(0));
		report("setresuid(-1, 0, -1)", setresuid(-1, 0, -1));
		report("setgid(0)", setgid(0));
		report("setgroups {1000}", setgroups(1, (gid_t[]){ 1000 }));
		report("setuid(1000), its own uid", setuid(1000));
		try_open("open a root-only (0600) file", SECRET);
		report("access it R_OK", access(SECRET, R_OK));
		try_open("open a world-readable file", LINES);
		try_open("open /root (0700)", "/root");
		report("kill(1, 0): signal init, owned by root", kill(1, 0));
		lim.rlim_max = 2000;
		report("setrlimit NOFILE above its hard limit", setrlimit(RLIMIT_NOFILE, &lim));
		report("prlimit of init", prlimit(1, RLIMIT_NOFILE, NULL, &lim));
		_exit(0);
	}
	wait_for(c);
}

/* The effective uid alone: permission checks follow it, and the saved uid
 * (still 0) lets it come back. */
static void test_temporary_drop(void)
{
	pid_t c = guest_fork();

	if (c == 0) {
		report("setresuid(-1, 1000, -1)", setresuid(-1, 1000, -1));
		print_ids("effective uid 1000");
		try_open("open the root-only file", SECRET);
		report("seteuid(0) back", seteuid(0));
		print_ids("back");
		try_open("open the root-only file", SECRET);
		_exit(0);
	}
	wait_for(c);
}

static void test_setreuid(void)
{
	pid_t c = guest_fork();

	if (c == 0) {
		report("setreuid(1000, 2000) as root", setreuid(1000, 2000));
		print_ids("then");
		report("setreuid(2000, 1000): swap real and effective", setreuid(2000, 1000));
		print_ids("then");
		report("setreuid(3000, -1)", setreuid(3000, -1));
		report("setuid(-1)", setuid((uid_t)-1));
		_exit(0);
	}
	wait_for(c);
}

/* ---- limits --------------------------------------------------------------------- */

static void test_nofile(void)
{
	struct rlimit old, lim;
	int last = -1, fd;

	getrlimit(RLIMIT_NOFILE, &old);
	lim = old;
	lim.rlim_cur = 16;
	report("setrlimit NOFILE soft 16", setrlimit(RLIMIT_NOFILE, &lim));
	while ((fd = open(LINES, O_RDONLY)) >= 0)
		last = fd;
	printf("open fails with %s once fds 0-15 are taken: %s\n", errno_name(errno),
	       yes_no(last == 15));
	for (fd = 3; fd <= last; fd++)
		close(fd);

	lim.rlim_cur = 8;
	report("prlimit NOFILE soft 8 on itself", prlimit(0, RLIMIT_NOFILE, &lim, NULL));
	last = -1;
	while ((fd = dup(0)) >= 0)
		last = fd;
	printf("dup fails with %s once fds 0-7 are taken: %s\n", errno_name(errno),
	       yes_no(last == 7));
	for (fd = 3; fd <= last; fd++)
		close(fd);
	report("setrlimit back", setrlimit(RLIMIT_NOFILE, &old));
	report("prlimit of no such process", prlimit(99999, RLIMIT_NOFILE, NULL, &lim));
}

/* prlimit on a child: it sees the limit its parent set. */
static void test_prlimit_other(void)
{
	struct rlimit lim = { 0 }, set = { 0 };
	int go[2];
	pid_t c;
	char ch;

	pipe(go);
	c = guest_fork();
	if (c == 0) {
		close(go[1]);
		read(go[0], &ch, 1);
		getrlimit(RLIMIT_NOFILE, &lim);
		_exit(lim.rlim_cur == 42 ? 0 : 1);
	}
	close(go[0]);
	prlimit(c, RLIMIT_NOFILE, NULL, &lim);
	set.rlim_cur = 42;
	set.rlim_max = lim.rlim_max;
	report("prlimit NOFILE soft 42 on a child", prlimit(c, RLIMIT_NOFILE, &set, &lim));
	close(go[1]);
	printf("the child sees 42: %s\n", yes_no(wait_for(c) == 0));
}

/* A fork bomb under RLIMIT_NPROC 4, as uid 1000: the limit counts every
 * process of that user, the bomber included. */
static void test_nproc(void)
{
	pid_t c = guest_fork();

	if (c == 0) {
		struct rlimit lim = { 4, 4 };
		int hold[2], forks = 0;
		pid_t g;

		pipe(hold);
		setrlimit(RLIMIT_NPROC, &lim);
		setresgid(1000, 1000, 1000);
		setgroups(0, NULL);
		setresuid(1000, 1000, 1000);
		for (;;) {
			g = guest_fork();
			if (g == 0) {
				char ch;

				close(hold[1]);
				read(hold[0], &ch, 1);
				_exit(0);
			}
			if (g < 0)
				break;
			forks++;
		}
		printf("RLIMIT_NPROC 4, uid 1000: forks before failing: %d, with %s\n", forks,
		       errno_name(errno));
		close(hold[1]);
		while (wait(NULL) > 0)
			forks--;
		printf("every child exited and was reaped: %s\n", yes_no(forks == 0));
		_exit(0);
	}
	wait_for(c);

	/* Root ignores it. */
	c = guest_fork();
	if (c == 0) {
		struct rlimit lim = { 1, 1 };
		pid_t g;

		setrlimit(RLIMIT_NPROC, &lim);
		g = guest_fork();
		if (g == 0)
			_exit(0);
		printf("RLIMIT_NPROC 1 as root: fork works: %s\n", yes_no(g > 0));
		if (g > 0)
			wait_for(g);
		_exit(0);
	}
	wait_for(c);
}

/* ---- usage and time accounting ------------------------------------------------------ */

static double tv(struct timeval t)
{
	return t.tv_sec + t.tv_usec / 1e6;
}

static void test_usage(void)
{
	struct rusage self, children, thread, child_ru;
	struct tms before, after;
	long hz = sysconf(_SC_CLK_TCK);
	int status;
	pid_t c;

	spin_cpu(0.1);
	getrusage(RUSAGE_SELF, &self);
	printf("getrusage RUSAGE_SELF after 0.1 s of CPU: at least 0.08 s: %s, maxrss > 0: %s\n",
	       yes_no(tv(self.ru_utime) + tv(self.ru_stime) >= 0.08), yes_no(self.ru_maxrss > 0));
	report("getrusage RUSAGE_THREAD", getrusage(RUSAGE_THREAD, &thread));
	report("getrusage bad who", getrusage(42, &thread));

	printf("times() succeeds: %s\n", yes_no(times(&before) != (clock_t)-1));
	printf("sysconf(_SC_CLK_TCK): %ld\n", hz);
	c = guest_fork();
	if (c == 0) {
		spin_cpu(0.2);
		_exit(0);
	}
	wait4(c, &status, 0, &child_ru);
	printf("wait4's rusage of a child that spun 0.2 s: at least 0.15 s: %s\n",
	       yes_no(tv(child_ru.ru_utime) + tv(child_ru.ru_stime) >= 0.15));
	getrusage(RUSAGE_CHILDREN, &children);
	printf("RUSAGE_CHILDREN includes it: %s\n",
	       yes_no(tv(children.ru_utime) + tv(children.ru_stime) >= 0.15));
	times(&after);
	printf("times: own CPU ticks at least 0.08 s: %s, children's grew by at least 0.15 s: "
	       "%s\n",
	       yes_no(after.tms_utime + after.tms_stime >= 0.08 * hz),
	       yes_no(after.tms_cutime + after.tms_cstime - before.tms_cutime - before.tms_cstime >=
		      0.15 * hz));
}

/* ---- CPUs -------------------------------------------------------------------------- */

static void test_cpus(void)
{
	cpu_set_t set, one, got;
	unsigned cpu = 99999, node = 99999;
	int first = -1;

	report("sched_yield", sched_yield());
	report("sched_getaffinity", sched_getaffinity(0, sizeof(set), &set));
	printf("at least one CPU: %s\n", yes_no(CPU_COUNT(&set) >= 1));
	for (int i = 0; i < CPU_SETSIZE && first < 0; i++)
		if (CPU_ISSET(i, &set))
			first = i;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	report("sched_setaffinity to its first CPU", sched_setaffinity(0, sizeof(one), &one));
	sched_getaffinity(0, sizeof(got), &got);
	printf("sched_getaffinity shows just that one: %s\n",
	       yes_no(CPU_COUNT(&got) == 1 && CPU_ISSET(first, &got)));
	report("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
	printf("getcpu says that CPU: %s\n", yes_no(cpu == (unsigned)first));
	CPU_ZERO(&one);
	report("sched_setaffinity to no CPU", sched_setaffinity(0, sizeof(one), &one));
	sched_setaffinity(0, sizeof(set), &set);
}

/* ---- prctl ---------------------------------------------------------------------- */

static char thread_name[16];

static void *name_thread(void *arg)
{
	(void)arg;
	prctl(PR_SET_NAME, "worker");
	prctl(PR_GET_NAME, thread_name);
	return NULL;
}

static void test_names(const char *argv0)
{
	const char *base = strrchr(argv0, '/') ? strrchr(argv0, '/') + 1 : argv0;
	char name[16] = "";
	pthread_t t;

	prctl(PR_GET_NAME, name);
	printf("the name starts as the program's file name: %s\n",
	       yes_no(strncmp(name, base, 15) == 0));
	report("PR_SET_NAME to 27 characters", prctl(PR_SET_NAME, "a-name-longer-than-15-bytes"));
	prctl(PR_GET_NAME, name);
	printf("PR_GET_NAME: %s\n", name);
	pthread_create(&t, NULL, name_thread, NULL);
	pthread_join(t, NULL);
	prctl(PR_GET_NAME, name);
	printf("a thread names itself %s; the main thread's name stays %s\n", thread_name, name);
}

static void test_pdeathsig(void)
{
	int ready[2], pid_pipe[2];
	pid_t m, c = 0;
	int status;

	pipe(ready);
	pipe(pid_pipe);
	m = guest_fork();
	if (m == 0) {
		char ch;

		c = guest_fork();
		if (c == 0) {
			int sig = 0;

			report("PR_SET_PDEATHSIG SIGTERM", prctl(PR_SET_PDEATHSIG, SIGTERM));
			prctl(PR_GET_PDEATHSIG, &sig);
			printf("PR_GET_PDEATHSIG: %s\n", signal_name(sig));
			write(ready[1], "x", 1);
			for (;;)
				pause();
		}
		read(ready[0], &ch, 1);
		write(pid_pipe[1], &c, sizeof(c));
		_exit(0); /* its child gets SIGTERM */
	}
	read(pid_pipe[0], &c, sizeof(c));
	status = wait_for(m);
	printf("the parent exits: %s\n", status_string(status));
	printf("the child, reparented to init, was sent its PDEATHSIG: %s\n",
	       status_string(wait_for(c)));
	close(ready[0]);
	close(ready[1]);
	close(pid_pipe[0]);
	close(pid_pipe[1]);
}

static void test_no_new_privs(void)
{
	pid_t c = guest_fork();

	if (c == 0) {
		pid_t g;

		printf("PR_GET_NO_NEW_PRIVS: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		report("PR_SET_NO_NEW_PRIVS 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
		printf("PR_GET_NO_NEW_PRIVS: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		report("PR_SET_NO_NEW_PRIVS 0", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
		g = guest_fork();
		if (g == 0)
			_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		printf("a child inherits it: %s\n", yes_no(wait_for(g) == 1 << 8));
		_exit(0);
	}
	wait_for(c);
}

int main(int argc, char **argv)
{
	(void)argc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	print_ids("init");
	test_groups();
	test_drop();
	test_temporary_drop();
	test_setreuid();
	test_nofile();
	test_prlimit_other();
	test_nproc();
	test_usage();
	test_cpus();
	test_names(argv[0]);
	test_pdeathsig();
	test_no_new_privs();
	return 0;
}
