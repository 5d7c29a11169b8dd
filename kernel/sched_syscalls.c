// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduling system calls: nice values (getpriority, setpriority),
 * policies and priorities (sched_setscheduler & co.), CPU affinity and
 * getcpu, sched_yield. The host schedules guest threads, so umk records
 * what the guest asks, with Linux's argument and permission rules, and
 * reports it back; CPU affinity is also applied to the guest's host thread
 * where the host allows it. umk's CPUs are the host's that umk may use.
 */
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/time.h>
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/init.h>
#include <umk/mm.h>
#include <umk/sched.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/trap.h>
#include <umk/uaccess.h>

#define MIN_NICE (-20)
#define MAX_NICE 19
#define MAX_RT_PRIO 100
/* SCHED_RR's time slice (Linux's sched_rr_timeslice, 100 ms). */
#define RR_TIMESLICE_NS (100 * NSEC_PER_MSEC)
/* What umk reports as a fair task's slice (a tick of a 250 Hz kernel). */
#define FAIR_SLICE_NS (4 * NSEC_PER_MSEC)

struct sched_param_abi {
	int sched_priority;
};

/* --- CPUs -------------------------------------------------------------------- */

static u64 umk_cpus[TASK_CPUS_LONGS]; /* the CPUs umk itself may run on */
static unsigned int nr_cpu_ids;

static int cpus_init(void)
{
	unsigned int highest = 0;

	if (host_getaffinity(0, umk_cpus, TASK_CPUS_LONGS) < 0) {
		memset(umk_cpus, 0, sizeof(umk_cpus));
		umk_cpus[0] = 1;
	}
	for (unsigned int i = 0; i < TASK_CPUS_MAX; i++)
		if (umk_cpus[i / 64] & (1ULL << (i % 64)))
			highest = i + 1;
	nr_cpu_ids = clamp((unsigned int)host_cpu_count(), highest, (unsigned int)TASK_CPUS_MAX);
	return 0;
}
core_initcall(cpus_init);

/* Bytes of a CPU mask in the ABI: Linux's cpumask_size(), whole longs. */
static unsigned int cpumask_size(void)
{
	return (nr_cpu_ids + 63) / 64 * 8;
}

static bool mask_empty(const u64 *m)
{
	for (int i = 0; i < TASK_CPUS_LONGS; i++)
		if (m[i])
			return false;
	return true;
}

/* The CPUs t may run on. */
static void task_cpus(const struct task *t, u64 *mask)
{
	bool all = mask_empty(t->cpus_allowed);

	for (int i = 0; i < TASK_CPUS_LONGS; i++)
		mask[i] = umk_cpus[i] & (all ? ~0ULL : t->cpus_allowed[i]);
}

/* Pins t's host thread to its CPUs, as far as the host lets umk (best effort). */
static void apply_affinity(struct task *t)
{
	u64 mask[TASK_CPUS_LONGS];
	int tid;

	if (!t->trap || (t != current && (t->exiting || t->state != TASK_RUNNING)))
		return;
	tid = trap_thread_host_tid(t->trap);
	if (tid <= 0)
		return;
	task_cpus(t, mask);
	host_setaffinity(tid, mask, TASK_CPUS_LONGS);
}

void sched_exec(struct task *t)
{
	/* A new host process starts with the zygote's CPUs: give it the task's. */
	if (!mask_empty(t->cpus_allowed))
		apply_affinity(t);
}

void sched_fork(struct task *child, const struct task *parent)
{
	child->nice = parent->nice;
	child->sched_policy = parent->sched_policy;
	child->rt_priority = parent->rt_priority;
	child->sched_reset_on_fork = parent->sched_reset_on_fork;
	memcpy(child->cpus_allowed, parent->cpus_allowed, sizeof(child->cpus_allowed));
	child->exec_utime_ns = child->exec_stime_ns = 0;
	child->nproc_exceeded = false;
	/* SCHED_RESET_ON_FORK: the child starts as an ordinary task, at nice 0 at most. */
	if (child->sched_reset_on_fork) {
		if (child->sched_policy == SCHED_FIFO || child->sched_policy == SCHED_RR ||
		    child->sched_policy == SCHED_DEADLINE) {
			child->sched_policy = SCHED_NORMAL;
			child->rt_priority = 0;
			child->nice = 0;
		} else if (child->nice < 0) {
			child->nice = 0;
		}
		child->sched_reset_on_fork = false;
	}
}

/* The task pid names for the sched_* calls (0: the caller); NULL if none. */
static struct task *find_task(pid_t pid)
{
	struct task *t = pid ? task_find(pid) : current;

	if (!t || t->state == TASK_DEAD || !t->signal || !t->cred)
		return NULL;
	return t;
}

/* Linux's check_same_owner: the caller's euid is t's real or effective uid. */
static bool same_owner(const struct task *t)
{
	const struct cred *c = current->cred;

	return c->euid == t->cred->euid || c->euid == t->cred->uid;
}

SYSCALL_DEFINE0(sched_yield)
{
	/* The host schedules guest threads: nothing to give up here. */
	return 0;
}

SYSCALL_DEFINE3(sched_getaffinity, pid_t, pid, unsigned int, len, uaddr_t, umask)
{
	u64 mask[TASK_CPUS_LONGS];
	struct task *t;
	unsigned int n;

	if ((u64)len * 8 < nr_cpu_ids || (len & 7))
		return -EINVAL;
	t = find_task(pid);
	if (!t)
		return -ESRCH;
	task_cpus(t, mask);
	n = min(len, cpumask_size());
	if (copy_to_user(umask, mask, n))
		return -EFAULT;
	return n;
}

SYSCALL_DEFINE3(sched_setaffinity, pid_t, pid, unsigned int, len, uaddr_t, umask)
{
	u64 mask[TASK_CPUS_LONGS];
	struct task *t;

	/* A short mask means no CPU past it; a long one is cut to the CPUs there are. */
	memset(mask, 0, sizeof(mask));
	if (copy_from_user(mask, umask, min(len, cpumask_size())))
		return -EFAULT;
	t = find_task(pid);
	if (!t)
		return -ESRCH;
	if (!same_owner(t) && !capable(CAP_SYS_NICE))
		return -EPERM;
	for (int i = 0; i < TASK_CPUS_LONGS; i++)
		mask[i] &= umk_cpus[i];
	if (mask_empty(mask))
		return -EINVAL;
	memcpy(t->cpus_allowed, mask, sizeof(mask));
	apply_affinity(t);
	return 0;
}

/*
 * The CPU the caller's host thread last ran on, if that is one of the
 * task's (its host thread moves only when it next runs), else the task's
 * first CPU. One NUMA node.
 */
SYSCALL_DEFINE3(getcpu, uaddr_t, ucpu, uaddr_t, unode, uaddr_t, cache)
{
	struct task *t = current;
	struct host_thread_stat st = { 0, 0, -1 };
	u64 mask[TASK_CPUS_LONGS];
	int err = 0, cpu = -1;

	task_cpus(t, mask);
	if (t->trap && t->mm &&
	    !host_thread_stat(as_host_pid(t->mm->as), trap_thread_host_tid(t->trap), &st))
		cpu = st.cpu;
	if (cpu < 0 || cpu >= TASK_CPUS_MAX || !(mask[cpu / 64] & (1ULL << (cpu % 64)))) {
		cpu = 0;
		while (cpu < TASK_CPUS_MAX - 1 && !(mask[cpu / 64] & (1ULL << (cpu % 64))))
			cpu++;
	}
	if (ucpu && put_user((u32)cpu, ucpu))
		err = -EFAULT;
	if (unode && put_user((u32)0, unode))
		err = -EFAULT;
	return err;
}

/* --- nice values ------------------------------------------------------------- */

/* Linux's can_nice: RLIMIT_NICE allows nice values down to 20 - limit. */
static bool can_nice(const struct task *t, int nice)
{
	return (u64)(20 - nice) <= task_rlimit(t, RLIMIT_NICE) || capable(CAP_SYS_NICE);
}

/* Linux's set_one_prio: error carries -ESRCH until some task matched. */
static int set_one_prio(struct task *t, int nice, int error)
{
	const struct cred *c = current->cred;

	if (t->cred->uid != c->euid && t->cred->euid != c->euid && !capable(CAP_SYS_NICE))
		return -EPERM;
	if (nice < t->nice && !can_nice(t, nice))
		return -EACCES;
	t->nice = nice;
	return error == -ESRCH ? 0 : error;
}

/* Whether t is one of the tasks (which, who) names, who already resolved from 0. */
static bool prio_match(const struct task *t, int which, u32 who)
{
	if (t->state == TASK_DEAD || !t->signal || !t->cred)
		return false;
	if (which == PRIO_PGRP)
		return t->signal->pgrp == (pid_t)who;
	return t->cred->uid == who;
}

static u32 prio_who(int which, int who)
{
	if (who)
		return (u32)who;
	return which == PRIO_PGRP ? (u32)current->signal->pgrp : current->cred->uid;
}

SYSCALL_DEFINE3(setpriority, int, which, int, who, int, nice)
{
	int error = -ESRCH;
	struct task *t;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	nice = clamp(nice, MIN_NICE, MAX_NICE);
	if (which == PRIO_PROCESS) {
		/* One thread: its id, or the caller. */
		t = find_task(who);
		return t ? set_one_prio(t, nice, error) : -ESRCH;
	}
	list_for_each_entry (t, &task_list, all)
		if (prio_match(t, which, prio_who(which, who)))
			error = set_one_prio(t, nice, error);
	return error;
}

/* Returns 20 - nice (1..40) of the highest-priority task named; libc converts it back. */
SYSCALL_DEFINE2(getpriority, int, which, int, who)
{
	long best = -ESRCH;
	struct task *t;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (which == PRIO_PROCESS) {
		t = find_task(who);
		return t ? 20 - t->nice : -ESRCH;
	}
	list_for_each_entry (t, &task_list, all)
		if (prio_match(t, which, prio_who(which, who)) && 20 - t->nice > best)
			best = 20 - t->nice;
	return best;
}

/* --- policies ------------------------------------------------------------------ */

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static bool valid_policy(int policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_BATCH || policy == SCHED_IDLE ||
	       rt_policy(policy);
}

/*
 * Linux's __sched_setscheduler for the policies umk records (SCHED_DEADLINE
 * is not offered: -EINVAL). policy -1 keeps the policy (sched_setparam).
 */
static int set_scheduler(struct task *t, int policy, u32 prio)
{
	bool reset_on_fork;

	if (policy < 0) {
		policy = t->sched_policy;
		reset_on_fork = t->sched_reset_on_fork;
	} else {
		reset_on_fork = policy & SCHED_RESET_ON_FORK;
		policy &= ~SCHED_RESET_ON_FORK;
		if (!valid_policy(policy))
			return -EINVAL;
	}
	/* FIFO and RR take 1..99; the others 0. */
	if (prio > MAX_RT_PRIO - 1 || rt_policy(policy) != (prio != 0))
		return -EINVAL;
	if (!capable(CAP_SYS_NICE)) {
		u64 rlim_rtprio = task_rlimit(t, RLIMIT_RTPRIO);

		if (rt_policy(policy)) {
			if (policy != t->sched_policy && !rlim_rtprio)
				return -EPERM;
			if (prio > (u32)t->rt_priority && prio > rlim_rtprio)
				return -EPERM;
		}
		/* SCHED_IDLE counts as nice 20: leaving it needs RLIMIT_NICE to allow the nice. */
		if (t->sched_policy == SCHED_IDLE && policy != SCHED_IDLE && !can_nice(t, t->nice))
			return -EPERM;
		if (!same_owner(t))
			return -EPERM;
		if (t->sched_reset_on_fork && !reset_on_fork)
			return -EPERM;
	}
	t->sched_policy = policy;
	t->rt_priority = (int)prio;
	t->sched_reset_on_fork = reset_on_fork;
	return 0;
}

static long do_sched_setscheduler(pid_t pid, int policy, uaddr_t uparam)
{
	struct sched_param_abi p;
	struct task *t;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&p, uparam, sizeof(p)))
		return -EFAULT;
	t = find_task(pid);
	if (!t)
		return -ESRCH;
	return set_scheduler(t, policy, (u32)p.sched_priority);
}

SYSCALL_DEFINE3(sched_setscheduler, pid_t, pid, int, policy, uaddr_t, uparam)
{
	if (policy < 0)
		return -EINVAL;
	return do_sched_setscheduler(pid, policy, uparam);
}

SYSCALL_DEFINE2(sched_setparam, pid_t, pid, uaddr_t, uparam)
{
	return do_sched_setscheduler(pid, -1, uparam);
}

SYSCALL_DEFINE1(sched_getscheduler, pid_t, pid)
{
	struct task *t;

	if (pid < 0)
		return -EINVAL;
	t = find_task(pid);
	if (!t)
		return -ESRCH;
	return t->sched_policy | (t->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

SYSCALL_DEFINE2(sched_getparam, pid_t, pid, uaddr_t, uparam)
{
	struct sched_param_abi p = { 0 };
	struct task *t;

	if (!uparam || pid < 0)
		return -EINVAL;
	t = find_task(pid);
	if (!t)
		return -ESRCH;
	if (rt_policy(t->sched_policy))
		p.sched_priority = t->rt_priority;
	return copy_to_user(uparam, &p, sizeof(p));
}

SYSCALL_DEFINE1(sched_get_priority_max, int, policy)
{
	if (rt_policy(policy))
		return MAX_RT_PRIO - 1;
	return valid_policy(policy) || policy == SCHED_DEADLINE ? 0 : -EINVAL;
}

SYSCALL_DEFINE1(sched_get_priority_min, int, policy)
{
	if (rt_policy(policy))
		return 1;
	return valid_policy(policy) || policy == SCHED_DEADLINE ? 0 : -EINVAL;
}

SYSCALL_DEFINE2(sched_rr_get_interval, pid_t, pid, uaddr_t, uts)
{
	struct __kernel_timespec ts = { 0, 0 };
	struct task *t;

	if (pid < 0)
		return -EINVAL;
	t = find_task(pid);
	if (!t)
		return -ESRCH;
	if (t->sched_policy == SCHED_RR)
		ts.tv_nsec = RR_TIMESLICE_NS;
	else if (t->sched_policy != SCHED_FIFO)
		ts.tv_nsec = FAIR_SLICE_NS;
	return copy_to_user(uts, &ts, sizeof(ts));
}
