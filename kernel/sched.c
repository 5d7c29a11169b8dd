// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks, task threads and the big kernel lock (DESIGN §2).
 *
 * Every guest thread has a task thread: a host thread in umk that owns the
 * guest thread's trap handle, and loops: drop the kernel lock, trap_run,
 * take the lock, serve the trap. Sleeping is a wait on the task's host
 * condition variable with the kernel lock as its mutex, so a sleep drops the
 * lock atomically. The host scheduler does all scheduling.
 */
#include <linux/signal.h>
#include <linux/time.h>
#include <umk/init.h>
#include <umk/errno.h>
#include <umk/kernel.h>
#include <umk/mm.h>
#include <umk/panic.h>
#include <umk/poll.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/syscall.h>
#include <umk/time.h>
#include <umk/trap.h>

__thread struct task *current;
struct task *init_task;

static struct host_mutex big_lock;
static __thread bool lock_held;

static int sched_init(void)
{
	host_mutex_init(&big_lock);
	return 0;
}
early_initcall(sched_init);

void kernel_lock(void)
{
	host_mutex_lock(&big_lock);
	lock_held = true;
}

void kernel_unlock(void)
{
	lock_held = false;
	host_mutex_unlock(&big_lock);
}

bool kernel_lock_held(void)
{
	return lock_held;
}

int task_sleep(u64 deadline_ns, bool interruptible)
{
	struct task *t = current;
	int ret = 0;

	while (!t->woken) {
		if ((interruptible && t->sig_pending) || t->fatal) {
			ret = -ERESTARTSYS;
			break;
		}
		lock_held = false;
		if (deadline_ns) {
			u64 now = ktime_get_ns();
			struct host_timespec abs;

			if (now >= deadline_ns) {
				lock_held = true;
				ret = -ETIMEDOUT;
				break;
			}
			abs.sec = (s64)((deadline_ns + boot_monotonic_ns) / NSEC_PER_SEC);
			abs.nsec = (s64)((deadline_ns + boot_monotonic_ns) % NSEC_PER_SEC);
			host_cond_timedwait(&t->wait_cond, &big_lock, &abs);
		} else {
			host_cond_wait(&t->wait_cond, &big_lock);
		}
		lock_held = true;
	}
	t->woken = false;
	return ret;
}

void task_wake(struct task *t)
{
	t->woken = true;
	host_cond_signal(&t->wait_cond);
	if (t->wake_efd >= 0)
		host_eventfd_signal(t->wake_efd);
}

int task_wait_host(struct host_pollfd *fds, int n, u64 deadline_ns)
{
	struct task *t = current;
	struct host_pollfd set[POLL_HOST_MAX + 1];
	int timeout = -1, r;

	if (n > POLL_HOST_MAX)
		return -EINVAL;
	if (t->wake_efd < 0) {
		t->wake_efd = host_eventfd();
		if (t->wake_efd < 0)
			return t->wake_efd;
	}
	if (t->fatal || t->sig_pending)
		return -ERESTARTSYS;
	if (t->woken) {
		t->woken = false;
		return 0;
	}
	if (deadline_ns) {
		u64 now = ktime_get_ns();

		if (now >= deadline_ns)
			return 0;
		/* Rounded up: never wake before the deadline. */
		timeout = (int)min_t(u64, (deadline_ns - now + 999999) / 1000000, INT32_MAX);
	}
	for (int i = 0; i < n; i++)
		set[i] = fds[i];
	set[n] = (struct host_pollfd){ .fd = t->wake_efd, .events = POLLIN };
	lock_held = false;
	host_mutex_unlock(&big_lock);
	r = host_poll(set, n + 1, timeout);
	host_mutex_lock(&big_lock);
	lock_held = true;
	if (set[n].revents) {
		u64 drain;

		host_read(t->wake_efd, &drain, sizeof(drain));
	}
	t->woken = false;
	if (t->fatal || t->sig_pending)
		return -ERESTARTSYS;
	for (int i = 0; i < n; i++)
		fds[i].revents = set[i].revents;
	if (r < 0 && r != -EINTR)
		return r;
	for (int i = 0; i < n; i++)
		if (fds[i].revents)
			return 1;
	return 0;
}

/* --- pids and the task table ----------------------------------------------- */

#define PID_MAX 4194304
#define PID_HASH 1024

static struct list_head pid_hash[PID_HASH];
LIST_HEAD(task_list);
static int nr_tasks;
static pid_t last_pid;

struct pid_entry {
	struct list_head node;
	pid_t pid;
	struct task *task;
};

static int pid_table_init(void)
{
	for (int i = 0; i < PID_HASH; i++)
		INIT_LIST_HEAD(&pid_hash[i]);
	return 0;
}
core_initcall(pid_table_init);

struct task *task_find(pid_t pid)
{
	struct pid_entry *e;

	if (pid <= 0)
		return NULL;
	list_for_each_entry (e, &pid_hash[pid % PID_HASH], node)
		if (e->pid == pid)
			return e->task;
	return NULL;
}

static pid_t pid_alloc(struct task *t)
{
	struct pid_entry *e = kzalloc(sizeof(*e));

	if (!e)
		return -ENOMEM;
	for (int tries = 0; tries < PID_MAX; tries++) {
		pid_t pid = last_pid + 1;

		if (pid >= PID_MAX)
			pid = 300; /* Linux wraps above the low numbers too */
		last_pid = pid;
		if (!task_find(pid)) {
			e->pid = pid;
			e->task = t;
			list_add(&e->node, &pid_hash[pid % PID_HASH]);
			return pid;
		}
	}
	kfree(e);
	return -EAGAIN;
}

static void pid_free(pid_t pid)
{
	struct pid_entry *e;

	list_for_each_entry (e, &pid_hash[pid % PID_HASH], node) {
		if (e->pid == pid) {
			list_del(&e->node);
			kfree(e);
			return;
		}
	}
}

void task_exchange_pids(struct task *a, struct task *b)
{
	struct pid_entry *ea = NULL, *eb = NULL, *e;
	pid_t pa = a->pid;

	list_for_each_entry (e, &pid_hash[a->pid % PID_HASH], node)
		if (e->pid == a->pid)
			ea = e;
	list_for_each_entry (e, &pid_hash[b->pid % PID_HASH], node)
		if (e->pid == b->pid)
			eb = e;
	if (!ea || !eb)
		return;
	ea->task = b;
	eb->task = a;
	a->pid = b->pid;
	b->pid = pa;
}

void kill_all_tasks(void)
{
	struct task *t;

	list_for_each_entry (t, &task_list, all) {
		t->fatal = true;
		t->sig_pending = true; /* every interruptible sleep ends too */
		task_wake(t);
	}
}

int task_count(void)
{
	return nr_tasks;
}

/* Task threads still running (kernel lock held). */
static int nr_task_threads;

int task_threads_running(void)
{
	return nr_task_threads;
}

struct task *task_alloc(void)
{
	struct task *t = kzalloc(sizeof(*t));
	pid_t pid;

	if (!t)
		return NULL;
	pid = pid_alloc(t);
	if (pid < 0) {
		kfree(t);
		return NULL;
	}
	t->pid = t->tgid = pid;
	t->group_leader = t;
	t->refcount = 1;
	t->state = TASK_NEW;
	t->wake_efd = -1;
	t->exit_signal = SIGCHLD;
	t->sas_ss_flags = SS_DISABLE;
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->thread_node);
	init_sigpending(&t->pending);
	INIT_LIST_HEAD(&t->vfork_wait.head);
	host_cond_init(&t->wait_cond);
	list_add_tail(&t->all, &task_list);
	nr_tasks++;
	return t;
}

void task_get(struct task *t)
{
	t->refcount++;
}

void task_put(struct task *t)
{
	if (--t->refcount > 0)
		return;
	WARN_ON(t->state != TASK_DEAD && t->state != TASK_NEW);
	list_del(&t->all);
	pid_free(t->pid);
	nr_tasks--;
	if (t->cred)
		cred_put(t->cred);
	if (t->wake_efd >= 0)
		host_close(t->wake_efd);
	kfree(t);
}

void task_set_comm(struct task *t, const char *name)
{
	const char *slash = strrchr(name, '/');

	strscpy(t->comm, slash ? slash + 1 : name, sizeof(t->comm));
}

/* --- the task thread ------------------------------------------------------ */

struct task_start {
	struct task *task;
	int (*fn)(struct task *t);
};

static void task_thread_name(struct task *t)
{
	char name[16];

	ksnprintf(name, sizeof(name), "%d:%s", t->pid, t->comm);
	host_thread_set_name(name);
}

void task_update_thread_name(struct task *t)
{
	if (t == current)
		task_thread_name(t);
}

static void handle_fault(struct task *t, const struct trap_event *ev)
{
	int sig = ev->fault.signo;

	/* SIGSEGV on a growable stack: extend it and retry the access. */
	if ((sig == SIGSEGV || sig == SIGBUS) && t->mm &&
	    mm_fault(t->mm, ev->fault.addr, false) == 0)
		return;
	if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE && sig != SIGILL && sig != SIGTRAP)
		sig = SIGSEGV;
	t->fault_addr = ev->fault.addr;
	t->fault_err = ev->fault.err;
	t->fault_trapno = ev->fault.trapno;
	force_sig_fault(sig, ev->fault.code, ev->fault.addr);
}

/* Runs the guest until the task exits. Called and returns with the kernel lock. */
static void task_loop(struct task *t)
{
	while (!t->exiting) {
		struct trap_event ev;
		int err;

		t->in_user = true;
		kernel_unlock();
		err = trap_run(t->trap, &ev);
		kernel_lock();
		t->in_user = false;
		if (err) {
			pr_err("%s[%d]: trap backend failed: %d\n", t->comm, t->pid, err);
			do_group_exit(SIGKILL);
			break;
		}
		switch (ev.kind) {
		case TRAP_SYSCALL:
			signal_deliver(t, syscall_dispatch(t, &ev));
			break;
		case TRAP_FAULT:
			handle_fault(t, &ev);
			signal_deliver(t, 0);
			break;
		case TRAP_INTERRUPT:
			signal_deliver(t, 0);
			break;
		case TRAP_EXIT:
			/* Killed from outside umk (host SIGKILL): a group exit by SIGKILL. */
			do_group_exit(SIGKILL);
			break;
		}
	}
}

static void task_thread(void *arg)
{
	struct task_start s = *(struct task_start *)arg;
	struct task *t = s.task;
	int err;

	kfree(arg);
	current = t;
	kernel_lock();
	t->host_tid = host_gettid();
	task_thread_name(t);
	err = s.fn(t);
	if (err) {
		/* The start function reported and chose an exit status. */
		if (!t->exiting)
			do_group_exit(SIGKILL);
	} else {
		t->state = TASK_RUNNING;
		/* Signals sent while it was starting wait for it: notice them now. */
		recalc_sigpending(t);
		task_thread_name(t);
		task_loop(t);
	}
	exit_task(t);
	current = NULL;
	nr_task_threads--;
	kernel_unlock();
}

int task_start(struct task *t, int (*fn)(struct task *t))
{
	struct task_start *s = kmalloc(sizeof(*s));
	char name[16];
	int err;

	if (!s)
		return -ENOMEM;
	s->task = t;
	s->fn = fn;
	ksnprintf(name, sizeof(name), "%d:%s", t->pid, t->comm);
	err = host_thread_create(task_thread, s, name);
	if (err)
		kfree(s);
	else
		nr_task_threads++; /* counted from now: shutdown waits for it */
	return err;
}
