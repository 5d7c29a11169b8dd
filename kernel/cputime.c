// SPDX-License-Identifier: GPL-2.0
/*
 * Guest CPU time and what is built on it: getrusage, times, the CPU-time
 * clocks (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID and the
 * pid-encoded clocks of clock_getcpuclockid), and RLIMIT_CPU.
 *
 * A guest thread's time is its host thread's: its schedstat run time (ns),
 * split into user and system time in the proportion of the host's tick
 * samples (its stat), as Linux's cputime_adjust splits. A guest process's
 * time is its host process's CPU clock, which counts exited threads too,
 * plus the time of the host processes it left by exec (signal_struct);
 * when the process ends, the total stays there (cputime_exit).
 *
 * RLIMIT_CPU is checked by a host thread of umk's own, started the first
 * time a process gets a finite limit: it wakes when some limited process
 * could next reach its limit, sends SIGXCPU at the soft limit (and every
 * second after, raising the soft limit by one second as Linux does) and
 * SIGKILL at the hard one.
 */
#include <linux/resource.h>
#include <linux/signal.h>
#include <linux/time.h>
#include <umk/errno.h>
#include <umk/kernel.h>
#include <umk/mm.h>
#include <umk/resource.h>
#include <umk/sched.h>
#include <umk/signal.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/time.h>
#include <umk/trap.h>
#include <umk/uaccess.h>

/* The CPU-time clock ids (Linux's CPUCLOCK encoding). */
#define CPUCLOCK_PROF 0 /* user + system */
#define CPUCLOCK_VIRT 1 /* user */
#define CPUCLOCK_SCHED 2 /* time on a CPU */
#define CPUCLOCK_MAX 3
#define CPUCLOCK_PERTHREAD 4
#define MAKE_PROCESS_CPUCLOCK(pid, which) ((int)((~(unsigned int)(pid) << 3) | (which)))

/* The pid in a (negative) CPU clock id: ~(clk >> 3) with an arithmetic shift. */
static pid_t cpuclock_pid(int clk)
{
	return (pid_t) ~(((u32)clk >> 3) | 0xe0000000u);
}

/* Guest clock ticks: times(2) and AT_CLKTCK count in USER_HZ. */
#define USER_HZ 100
#define NSEC_PER_TICK (NSEC_PER_SEC / USER_HZ)

/* x * num / den for num <= den, without overflow (and without 128-bit division). */
static u64 scale(u64 x, u64 num, u64 den)
{
	while (den >= (1ULL << 32)) {
		num >>= 1;
		den >>= 1;
	}
	return x / den * num + x % den * num / den;
}

/* The system part of runtime: the host's sampled system share of it. */
static u64 split_stime(u64 runtime, const struct host_thread_stat *st)
{
	u64 ticks = st->utime_ns + st->stime_ns;

	if (!ticks)
		return 0;
	if (st->stime_ns >= ticks)
		return runtime;
	return scale(runtime, st->stime_ns, ticks);
}

/*
 * The host process and thread behind t, when they can be looked at: by t's
 * own task thread, or by another while t runs (an exiting task's handles
 * go away while its task thread drops the kernel lock).
 */
static bool host_thread_of(struct task *t, int *pid, int *tid)
{
	if (!t->trap || !t->mm)
		return false;
	if (t != current && (t->exiting || t->state != TASK_RUNNING))
		return false;
	*pid = as_host_pid(t->mm->as);
	*tid = trap_thread_host_tid(t->trap);
	return *pid > 0 && *tid > 0;
}

/* The host time of t's current host thread; split into user and system time if asked. */
static void host_thread_time(struct task *t, struct cputime *ct, bool split)
{
	struct host_thread_stat st = { 0, 0, -1 };
	u64 run;
	int pid, tid;
	bool have_run;

	ct->utime_ns = ct->stime_ns = 0;
	if (!host_thread_of(t, &pid, &tid))
		return;
	have_run = host_thread_runtime(pid, tid, &run) == 0;
	if ((split || !have_run) && host_thread_stat(pid, tid, &st))
		return;
	if (!have_run)
		run = st.utime_ns + st.stime_ns;
	ct->stime_ns = split ? split_stime(run, &st) : 0;
	ct->utime_ns = run - ct->stime_ns;
}

void task_cputime(struct task *t, struct cputime *ct)
{
	host_thread_time(t, ct, true);
	ct->utime_ns += t->exec_utime_ns;
	ct->stime_ns += t->exec_stime_ns;
}

u64 task_cputime_ns(struct task *t, bool user_only)
{
	struct cputime ct;

	host_thread_time(t, &ct, user_only);
	if (user_only)
		return ct.utime_ns + t->exec_utime_ns;
	return ct.utime_ns + ct.stime_ns + t->exec_utime_ns + t->exec_stime_ns;
}

/* The host process of t's process, if one of its threads can be looked at. */
static int group_host_pid(struct task *t)
{
	struct task *p;
	int pid, tid;

	if (!t->signal || t->signal->group_exit || t->signal->cputime_kept)
		return -1;
	if (t->signal == (current ? current->signal : NULL) && host_thread_of(current, &pid, &tid))
		return pid;
	list_for_each_entry (p, &t->signal->threads, thread_node)
		if (host_thread_of(p, &pid, &tid))
			return pid;
	return -1;
}

/* The time of host process pid, all its threads, split as above. */
static void host_process_time(int pid, struct cputime *ct)
{
	struct host_thread_stat st = { 0, 0, -1 };
	struct host_timespec ts;
	u64 run;

	ct->utime_ns = ct->stime_ns = 0;
	if (pid <= 0 || host_thread_stat(pid, 0, &st))
		return;
	if (host_clock_gettime(MAKE_PROCESS_CPUCLOCK(pid, CPUCLOCK_SCHED), &ts) == 0)
		run = (u64)ts.sec * NSEC_PER_SEC + (u64)ts.nsec;
	else
		run = st.utime_ns + st.stime_ns;
	ct->stime_ns = split_stime(run, &st);
	ct->utime_ns = run - ct->stime_ns;
}

void thread_group_cputime(struct task *t, struct cputime *ct)
{
	struct signal_struct *sig = t->signal;
	struct cputime h;

	ct->utime_ns = ct->stime_ns = 0;
	if (!sig)
		return;
	host_process_time(group_host_pid(t), &h);
	ct->utime_ns = sig->utime_ns + h.utime_ns;
	ct->stime_ns = sig->stime_ns + h.stime_ns;
}

/* Keeps the time and peak memory of t's host process in its signal_struct. */
static void fold_host_process(struct task *t)
{
	struct signal_struct *sig = t->signal;
	struct cputime h;
	long hwm;
	int pid;

	if (!t->mm)
		return;
	pid = as_host_pid(t->mm->as);
	host_process_time(pid, &h);
	sig->utime_ns += h.utime_ns;
	sig->stime_ns += h.stime_ns;
	hwm = host_proc_hwm_kb(pid);
	if (hwm > 0 && (u64)hwm > sig->maxrss_kb)
		sig->maxrss_kb = (u64)hwm;
}

void cputime_exec(struct task *t, bool mm_shared)
{
	struct cputime ct;

	/* This thread's own time goes on in its new host thread... */
	host_thread_time(t, &ct, true);
	t->exec_utime_ns += ct.utime_ns;
	t->exec_stime_ns += ct.stime_ns;
	if (!t->signal)
		return;
	/* ...and its process's in its new host process. A vfork child's host
	 * process is its parent's: its own thread's time is all it takes. */
	if (mm_shared) {
		t->signal->utime_ns += ct.utime_ns;
		t->signal->stime_ns += ct.stime_ns;
	} else {
		fold_host_process(t);
	}
}

void cputime_exit(struct task *t, bool mm_shared)
{
	struct signal_struct *sig = t->signal;
	struct cputime ct;

	if (!sig || sig->cputime_kept)
		return;
	if (mm_shared) {
		/* A vfork child that never exec'd: its thread is all it had. */
		task_cputime(t, &ct);
		sig->utime_ns += ct.utime_ns;
		sig->stime_ns += ct.stime_ns;
	} else {
		fold_host_process(t);
	}
	sig->cputime_kept = true;
}

void cputime_reap(struct signal_struct *reaper, const struct signal_struct *child)
{
	reaper->cutime_ns += child->utime_ns + child->cutime_ns;
	reaper->cstime_ns += child->stime_ns + child->cstime_ns;
	reaper->cmaxrss_kb = max(reaper->cmaxrss_kb, max(child->maxrss_kb, child->cmaxrss_kb));
}

/* --- getrusage and times --------------------------------------------------- */

static struct __kernel_old_timeval ns_to_timeval(u64 ns)
{
	struct __kernel_old_timeval tv = { .tv_sec = (long)(ns / NSEC_PER_SEC),
					   .tv_usec = (long)(ns % NSEC_PER_SEC / 1000) };

	return tv;
}

/* Peak resident memory (KiB) of the host process behind t's process now. */
static u64 current_hwm_kb(struct task *t)
{
	long hwm = host_proc_hwm_kb(group_host_pid(t));

	return hwm > 0 ? (u64)hwm : 0;
}

void task_rusage(struct task *t, int who, struct rusage *ru)
{
	struct signal_struct *sig = t->signal;
	struct cputime ct = { 0, 0 };
	u64 maxrss = 0;

	memset(ru, 0, sizeof(*ru));
	if (!sig)
		return;
	switch (who) {
	case RUSAGE_THREAD:
		task_cputime(t, &ct);
		maxrss = max(sig->maxrss_kb, current_hwm_kb(t));
		break;
	case RUSAGE_CHILDREN:
		ct.utime_ns = sig->cutime_ns;
		ct.stime_ns = sig->cstime_ns;
		maxrss = sig->cmaxrss_kb;
		break;
	case RUSAGE_SELF:
	case RUSAGE_BOTH:
		thread_group_cputime(t, &ct);
		maxrss = max(sig->maxrss_kb, current_hwm_kb(t));
		if (who == RUSAGE_BOTH) {
			ct.utime_ns += sig->cutime_ns;
			ct.stime_ns += sig->cstime_ns;
			maxrss = max(maxrss, sig->cmaxrss_kb);
		}
		break;
	}
	ru->ru_utime = ns_to_timeval(ct.utime_ns);
	ru->ru_stime = ns_to_timeval(ct.stime_ns);
	ru->ru_maxrss = (long)maxrss;
}

SYSCALL_DEFINE2(getrusage, int, who, uaddr_t, uru)
{
	struct rusage ru;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	task_rusage(current, who, &ru);
	return copy_to_user(uru, &ru, sizeof(ru));
}

struct tms_abi {
	long tms_utime, tms_stime, tms_cutime, tms_cstime;
};

/*
 * times(2) counts from Linux's "arbitrary point in the past": its jiffies
 * start 300 s short of wrapping 32 bits, so programs meet the wrap early.
 * umk's jiffies tick at USER_HZ.
 */
#define INITIAL_TICKS ((u64)(u32)(-300 * USER_HZ))

SYSCALL_DEFINE1(times, uaddr_t, ubuf)
{
	if (ubuf) {
		struct signal_struct *sig = current->signal;
		struct cputime ct;
		struct tms_abi tms;

		thread_group_cputime(current, &ct);
		tms.tms_utime = (long)(ct.utime_ns / NSEC_PER_TICK);
		tms.tms_stime = (long)(ct.stime_ns / NSEC_PER_TICK);
		tms.tms_cutime = (long)(sig->cutime_ns / NSEC_PER_TICK);
		tms.tms_cstime = (long)(sig->cstime_ns / NSEC_PER_TICK);
		if (copy_to_user(ubuf, &tms, sizeof(tms)))
			return -EFAULT;
	}
	return (long)(INITIAL_TICKS + ktime_get_ns() / NSEC_PER_TICK);
}

/* --- CPU-time clocks ------------------------------------------------------- */

/*
 * The task whose clock clk is (Linux's pid_for_clock): a thread of the
 * caller's process for a thread clock, a process for a process clock (or
 * the caller's own thread id, when reading). NULL: -EINVAL.
 */
static struct task *cpu_clock_task(int clk, bool gettime)
{
	struct task *t;
	pid_t pid;

	if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
		return current;
	if (clk >= 0 || (clk & 3) >= CPUCLOCK_MAX)
		return NULL;
	pid = cpuclock_pid(clk);
	if (pid == 0)
		return current;
	t = task_find(pid);
	if (!t || !t->signal || t->state == TASK_DEAD)
		return NULL;
	if (clk & CPUCLOCK_PERTHREAD)
		return t->signal == current->signal ? t : NULL;
	if (gettime && t == current)
		return current;
	return t == t->group_leader ? t : NULL;
}

int cpu_clock_get(int clk, s64 *ns)
{
	struct task *t = current ? cpu_clock_task(clk, true) : NULL;
	bool thread = clk == CLOCK_THREAD_CPUTIME_ID || (clk < 0 && (clk & CPUCLOCK_PERTHREAD));
	int which = clk >= 0 ? CPUCLOCK_SCHED : (clk & 3);
	struct cputime ct;

	if (!t)
		return -EINVAL;
	if (thread)
		task_cputime(t, &ct);
	else
		thread_group_cputime(t, &ct);
	*ns = (s64)(which == CPUCLOCK_VIRT ? ct.utime_ns : ct.utime_ns + ct.stime_ns);
	return 0;
}

int cpu_clock_getres(int clk, s64 *ns)
{
	struct host_timespec tick;

	if (!current || !cpu_clock_task(clk, false))
		return -EINVAL;
	/* Time on a CPU is counted in ns; user and system time in host ticks. */
	if (clk >= 0 || (clk & 3) == CPUCLOCK_SCHED) {
		*ns = 1;
		return 0;
	}
	if (host_clock_getres(CLOCK_REALTIME_COARSE, &tick) < 0 || tick.sec < 0)
		tick = (struct host_timespec){ 0, NSEC_PER_TICK };
	*ns = tick.sec * NSEC_PER_SEC + tick.nsec;
	return 0;
}

/* --- RLIMIT_CPU ---------------------------------------------------------------- */

#define CPU_CHECK_MIN_NS (10 * NSEC_PER_MSEC)
#define CPU_CHECK_MAX_NS (250 * NSEC_PER_MSEC)

static struct host_mutex checker_mutex;
static struct host_cond checker_cond;
static bool checker_started, checker_kicked;

static u64 secs_to_ns(u64 s)
{
	return s >= RLIM_INFINITY / NSEC_PER_SEC ? RLIM_INFINITY : s * NSEC_PER_SEC;
}

/*
 * Linux's check_process_timers for RLIMIT_CPU, for every process that has
 * a limit. Returns when to look again (ns since boot), or 0 for never.
 */
static u64 check_cpu_limits(u64 now)
{
	struct task *p;
	u64 next = 0;

	for_each_process (p) {
		struct krlimit *r = &p->signal->rlim[RLIMIT_CPU];
		struct cputime ct;
		u64 used, soft, hard, left, wait;
		int threads = max(p->signal->nr_threads, 1);

		if (r->cur == RLIM_INFINITY || p->signal->group_exit)
			continue;
		thread_group_cputime(p, &ct);
		used = ct.utime_ns + ct.stime_ns;
		soft = secs_to_ns(r->cur);
		hard = r->max == RLIM_INFINITY ? RLIM_INFINITY : secs_to_ns(r->max);
		if (used >= hard) {
			send_sig(SIGKILL, p, true);
			continue;
		}
		if (used >= soft) {
			send_sig(SIGXCPU, p, true);
			r->cur++;
			soft = secs_to_ns(r->cur);
		}
		left = min(soft, hard) > used ? min(soft, hard) - used : 0;
		/* Each thread adds at most 1 ns of CPU time per ns. */
		wait = clamp(left / (u64)threads, CPU_CHECK_MIN_NS, CPU_CHECK_MAX_NS);
		if (!next || now + wait < next)
			next = now + wait;
	}
	return next;
}

static void cpu_limit_checker(void *unused)
{
	for (;;) {
		u64 next;

		kernel_lock();
		next = check_cpu_limits(ktime_get_ns());
		kernel_unlock();

		host_mutex_lock(&checker_mutex);
		if (!checker_kicked) {
			if (next) {
				struct host_timespec abs = {
					.sec = (s64)((next + boot_monotonic_ns) / NSEC_PER_SEC),
					.nsec = (s64)((next + boot_monotonic_ns) % NSEC_PER_SEC),
				};

				host_cond_timedwait(&checker_cond, &checker_mutex, &abs);
			} else {
				host_cond_wait(&checker_cond, &checker_mutex);
			}
		}
		checker_kicked = false;
		host_mutex_unlock(&checker_mutex);
	}
}

void rlimit_cpu_update(void)
{
	if (!checker_started) {
		host_mutex_init(&checker_mutex);
		host_cond_init(&checker_cond);
		if (host_thread_create(cpu_limit_checker, NULL, "umk-cpulimit"))
			return;
		checker_started = true;
		return;
	}
	host_mutex_lock(&checker_mutex);
	checker_kicked = true;
	host_cond_signal(&checker_cond);
	host_mutex_unlock(&checker_mutex);
}
