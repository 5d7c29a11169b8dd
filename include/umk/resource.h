/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource usage and the limits enforced outside their own subsystem:
 * guest CPU time (kernel/cputime.c) with getrusage, times, the CPU-time
 * clocks and RLIMIT_CPU; RLIMIT_FSIZE for writes (kernel/sys.c).
 *
 * Guest CPU time is the host's accounting of the guest's host threads:
 * their time on a CPU (ns) split into user and system time by the host's
 * tick samples, as Linux splits it. umk's own time serving system calls is
 * not counted. A guest process's total is read from its host process (live
 * and exited threads alike) plus what its earlier host processes used
 * before each exec; when it ends, the total is kept in its signal_struct.
 */
#ifndef _UMK_RESOURCE_H
#define _UMK_RESOURCE_H

#include <linux/resource.h>
#include <umk/types.h>

struct task;
struct signal_struct;

struct cputime {
	u64 utime_ns, stime_ns;
};

/* CPU time of thread t since it was created, execs included. Kernel lock held. */
void task_cputime(struct task *t, struct cputime *ct);
/* The same, total (or user time only). */
u64 task_cputime_ns(struct task *t, bool user_only);
/* CPU time of t's whole process: every thread it has or had. */
void thread_group_cputime(struct task *t, struct cputime *ct);

/*
 * Hooks:
 *  - cputime_exec(t, mm_shared): at an exec's point of no return, before
 *    the old host process is killed (fs/exec.c calls it); mm_shared: the
 *    old image is a vfork parent's, whose host process is not the task's.
 *  - cputime_exit(t, mm_shared): in exit_task, where the host process is
 *    killed (the last thread, or a group exit), before as_kill; mm_shared:
 *    it is not killed because another process shares it (a vfork child).
 *    Keeps the process's total and peak memory in t->signal; further calls
 *    do nothing.
 *  - cputime_reap(reaper, child): when a parent reaps a zombie (wait), not
 *    when children are reaped automatically: adds the child's time, and
 *    its own reaped children's, to the reaper's cutime/cstime and cmaxrss.
 */
void cputime_exec(struct task *t, bool mm_shared);
void cputime_exit(struct task *t, bool mm_shared);
void cputime_reap(struct signal_struct *reaper, const struct signal_struct *child);

/*
 * getrusage's data for t: RUSAGE_SELF (its process), RUSAGE_THREAD,
 * RUSAGE_CHILDREN (reaped children), or RUSAGE_BOTH (both: what wait4
 * reports for the child it reaps). Times and ru_maxrss; the rest is 0.
 */
void task_rusage(struct task *t, int who, struct rusage *ru);

/* clock_gettime and clock_getres for CPU-time clocks (the CPUCLOCK encoding). */
int cpu_clock_get(int clk, s64 *ns);
int cpu_clock_getres(int clk, s64 *ns);

/* RLIMIT_CPU of some process changed: (re)arms the checker. Kernel lock held. */
void rlimit_cpu_update(void);

/*
 * RLIMIT_FSIZE for writing *count bytes at pos to a regular file (Linux's
 * generic_write_check_limits): at or past the limit, SIGXFSZ to the
 * process and -EFBIG; else *count is cut to end at the limit. Truncating a
 * file past the limit is the same -EFBIG with SIGXFSZ.
 */
int rlimit_fsize_check(u64 pos, u64 *count);

#endif
