/*
 * pss: the memory a running instance costs the host, for bench/run.
 *
 *   pss [-v] PID
 *
 * Sums the proportional set size (Pss in /proc/N/smaps_rollup) of PID and of
 * every descendant of PID, and prints two lines on stdout: the total in KiB,
 * then the pids it found (PID first). -v also lists each process on stderr.
 *
 * Processes that share one address space (clone with CLONE_VM but without
 * CLONE_THREAD, as UML's helpers are) each report that whole address space,
 * so an address space is counted once: kcmp(KCMP_VM) tells which processes
 * share one. Threads are not processes here: /proc lists thread-group leaders.
 *
 * Exit status 0; 1 when a process's smaps_rollup cannot be read (not ours and
 * we are not root) or kcmp is refused, so the total would be wrong; 2 on bad
 * usage.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <linux/kcmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_PROCS 4096

static int verbose;

/* The parent of PID from /proc/PID/stat, or -1 when it is gone. */
static int parent_of(int pid)
{
	char path[64], buf[1024], *p;
	FILE *f;
	int ppid = -1;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* "pid (comm) state ppid ...": comm may hold spaces and parentheses. */
	p = strrchr(buf, ')');
	if (p && sscanf(p + 1, " %*c %d", &ppid) != 1)
		ppid = -1;
	return ppid;
}

/* Fills TREE with ROOT and its descendants (breadth first); returns how many. */
static int find_tree(int root, int *tree)
{
	static int pids[MAX_PROCS], ppids[MAX_PROCS];
	int nprocs = 0, ntree = 0;
	struct dirent *de;
	DIR *d = opendir("/proc");

	if (!d) {
		perror("pss: /proc");
		exit(1);
	}
	while ((de = readdir(d)) && nprocs < MAX_PROCS) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pids[nprocs] = atoi(de->d_name);
		ppids[nprocs] = parent_of(pids[nprocs]);
		nprocs++;
	}
	closedir(d);

	tree[ntree++] = root;
	for (int i = 0; i < ntree; i++)
		for (int j = 0; j < nprocs; j++)
			if (ppids[j] == tree[i] && ntree < MAX_PROCS)
				tree[ntree++] = pids[j];
	return ntree;
}

/* PID's Pss in KiB; -1 when PID is gone, -2 when it cannot be read. */
static long pss_of(int pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", pid);
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT || errno == ESRCH ? -1 : -2;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Pss: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static void comm_of(int pid, char *comm, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	comm[0] = '\0';
	f = fopen(path, "r");
	if (f) {
		if (fgets(comm, size, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	static int tree[MAX_PROCS], counted[MAX_PROCS];
	int ntree, ncounted = 0, root, status = 0;
	long total = 0;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		argv++;
		argc--;
	}
	if (argc != 2 || (root = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: pss [-v] PID\n");
		return 2;
	}

	ntree = find_tree(root, tree);
	for (int i = 0; i < ntree; i++) {
		int pid = tree[i], shares = 0;
		long kib;
		char comm[64];

		for (int j = 0; j < ncounted && !shares; j++) {
			long same = syscall(SYS_kcmp, pid, counted[j], KCMP_VM, 0, 0);

			if (same < 0 && errno != ESRCH) {
				fprintf(stderr, "pss: kcmp %d %d: %s\n", pid, counted[j],
					strerror(errno));
				status = 1;
			}
			if (same == 0)
				shares = counted[j];
		}
		comm_of(pid, comm, sizeof(comm));
		if (shares) {
			if (verbose)
				fprintf(stderr, "  %7d %-16s shares %d's memory\n", pid, comm,
					shares);
			continue;
		}
		kib = pss_of(pid);
		if (kib == -2) {
			fprintf(stderr, "pss: cannot read /proc/%d/smaps_rollup\n", pid);
			status = 1;
		}
		if (kib < 0)
			continue;
		if (verbose)
			fprintf(stderr, "  %7d %-16s %8ld KiB\n", pid, comm, kib);
		counted[ncounted++] = pid;
		total += kib;
	}

	printf("%ld\n", total);
	for (int i = 0; i < ntree; i++)
		printf("%d%c", tree[i], i + 1 < ntree ? ' ' : '\n');
	return status;
}
