// SPDX-License-Identifier: GPL-2.0
/*
 * Ending tasks: exit and exit_group mark the task, and its task thread then
 * ends the guest thread (killing the whole host process for a group exit),
 * waits until the host thread is gone, and releases what the task held.
 * When init's last thread is gone the kernel shuts down with its status.
 */
#include <linux/signal.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/kernel.h>
#include <umk/mm.h>
#include <umk/printk.h>
#include <umk/signal.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/syscalls.h>
#include <umk/trap.h>

void do_exit(int wait_status)
{
	current->exiting = true;
	current->exit_code = wait_status;
}

void do_group_exit(int wait_status)
{
	struct signal_struct *sig = current->signal;

	if (sig && !sig->group_exit) {
		sig->group_exit = true;
		sig->group_exit_code = wait_status;
	}
	do_exit(sig ? sig->group_exit_code : wait_status);
}

static void exit_signal_struct(struct task *t, bool last)
{
	sighand_put(t->sighand);
	t->sighand = NULL;
	flush_sigqueue(&t->pending);
	list_del_init(&t->thread_node);
	if (last) {
		flush_sigqueue(&t->signal->shared_pending);
		kfree(t->signal);
	}
	t->signal = NULL;
}

void exit_task(struct task *t)
{
	struct signal_struct *sig = t->signal;
	bool last = !sig || --sig->nr_threads == 0;
	int status = sig && sig->group_exit ? sig->group_exit_code : t->exit_code;

	if (t->trap) {
		/* End the host thread: the whole host process when the group goes. */
		if (t->mm && (last || (sig && sig->group_exit)))
			as_kill(t->mm->as);
		kernel_unlock();
		trap_thread_release(t->trap);
		kernel_lock();
		t->trap = NULL;
	}
	if (t->mm) {
		mm_put(t->mm);
		t->mm = NULL;
	}
	if (t->files) {
		files_put(t->files);
		t->files = NULL;
	}
	if (t->fs) {
		fs_struct_put(t->fs);
		t->fs = NULL;
	}
	exit_signal_struct(t, last);
	t->state = TASK_DEAD;
	if (last && t == init_task)
		kernel_shutdown(status);
	task_put(t);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit((code & 0xff) << 8);
	return 0;
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_group_exit((code & 0xff) << 8);
	return 0;
}
