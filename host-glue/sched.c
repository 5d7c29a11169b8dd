// SPDX-License-Identifier: GPL-2.0
/*
 * host-glue: the host's CPUs, host-thread CPU affinity, and the host's
 * accounting of guest host threads: their CPU time and the CPU they last
 * ran on (/proc/PID/task/TID/schedstat and stat), and a process's peak
 * resident memory (/proc/PID/status). Guest threads live in other host
 * processes, whose thread CPU clocks the host does not let umk read, but
 * whose /proc files it does.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <host/host.h>

int host_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? (int)n : 1;
}

int host_getaffinity(int tid, uint64_t *mask, size_t nwords)
{
	cpu_set_t *set;
	size_t ncpus = nwords * 64, size = CPU_ALLOC_SIZE(ncpus);
	int err = 0;

	set = CPU_ALLOC(ncpus);
	if (!set)
		return -ENOMEM;
	CPU_ZERO_S(size, set);
	if (sched_getaffinity(tid, size, set) < 0)
		err = -errno;
	memset(mask, 0, nwords * sizeof(*mask));
	for (size_t i = 0; !err && i < ncpus; i++)
		if (CPU_ISSET_S(i, size, set))
			mask[i / 64] |= 1ULL << (i % 64);
	CPU_FREE(set);
	return err;
}

int host_setaffinity(int tid, const uint64_t *mask, size_t nwords)
{
	cpu_set_t *set;
	size_t ncpus = nwords * 64, size = CPU_ALLOC_SIZE(ncpus);
	int err = 0;

	set = CPU_ALLOC(ncpus);
	if (!set)
		return -ENOMEM;
	CPU_ZERO_S(size, set);
	for (size_t i = 0; i < ncpus; i++)
		if (mask[i / 64] & (1ULL << (i % 64)))
			CPU_SET_S(i, size, set);
	if (sched_setaffinity(tid, size, set) < 0)
		err = -errno;
	CPU_FREE(set);
	return err;
}

/* Reads a small /proc file into buf (terminated); its length or -errno. */
static long read_proc(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, size - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int host_thread_runtime(int pid, int tid, uint64_t *ns)
{
	char path[64], buf[128], *end;
	unsigned long long v;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", pid, tid);
	n = read_proc(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	v = strtoull(buf, &end, 10);
	if (end == buf)
		return -EIO;
	*ns = v;
	return 0;
}

int host_thread_stat(int pid, int tid, struct host_thread_stat *st)
{
	char path[64], buf[1024], *p;
	unsigned long utime, stime;
	long tick = sysconf(_SC_CLK_TCK);
	int cpu, field;
	long n;

	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	n = read_proc(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	/* "pid (comm) state ...": comm may hold anything but ends at the last ')'. */
	p = strrchr(buf, ')');
	if (!p || tick <= 0)
		return -EIO;
	p++;
	/* Field 3 (state) comes next; utime and stime are 14 and 15, the CPU 39. */
	utime = stime = 0;
	cpu = -1;
	for (field = 3; field <= 39 && *p; field++) {
		char *end;
		unsigned long v;

		while (*p == ' ')
			p++;
		v = strtoul(p, &end, 10);
		if (field == 14)
			utime = v;
		else if (field == 15)
			stime = v;
		else if (field == 39 && end != p)
			cpu = (int)v;
		p = strchr(p, ' ');
		if (!p)
			break;
	}
	if (field < 15)
		return -EIO;
	st->utime_ns = (uint64_t)utime * (1000000000ULL / (uint64_t)tick);
	st->stime_ns = (uint64_t)stime * (1000000000ULL / (uint64_t)tick);
	st->cpu = cpu;
	return 0;
}

long host_proc_hwm_kb(int pid)
{
	char path[64], buf[4096], *p;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	n = read_proc(path, buf, sizeof(buf));
	if (n < 0)
		return n;
	p = strstr(buf, "\nVmHWM:");
	if (!p)
		return -ENOENT;
	return strtol(p + 7, NULL, 10);
}
