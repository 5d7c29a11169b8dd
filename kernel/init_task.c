// SPDX-License-Identifier: GPL-2.0
/*
 * Creating init, the guest's pid 1: root credentials, the root directory,
 * the console on descriptors 0, 1 and 2, Linux's default limits, and the
 * init program run by the kernel's own execve. Like Linux, without init=
 * umk tries /sbin/init, /etc/init, /bin/init and /bin/sh in turn.
 */
#include <linux/fcntl.h>
#include <umk/binfmt.h>
#include <umk/console.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/kernel.h>
#include <umk/signal.h>
#include <umk/wait.h>
#include <umk/printk.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/tty.h>

#include "internal.h"

static const char *const default_inits[] = { "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };
static const char *const init_envp[] = { "HOME=/", "TERM=linux", NULL };

static struct {
	const char *path; /* NULL: try default_inits */
	char **argv; /* extra arguments after "--" */
	int argc;
} init_cmd;

static int run_init_program(const char *path)
{
	const char **argv = kcalloc((size_t)init_cmd.argc + 2, sizeof(char *));
	int err;

	if (!argv)
		return -ENOMEM;
	argv[0] = path;
	for (int i = 0; i < init_cmd.argc; i++)
		argv[i + 1] = init_cmd.argv[i];
	err = kernel_execve(path, argv, init_envp);
	kfree(argv);
	return err;
}

static void init_failed(const char *path, int err)
{
	const char *name = errno_name(err);

	fdprintk(2, "umk: cannot run init %s: %s (%s)\n", path, host_strerror(err),
		 name ? name : "?");
}

/* Runs on init's task thread with the kernel lock held. */
static int init_start(struct task *t)
{
	int err = -ENOENT;

	if (init_cmd.path) {
		err = run_init_program(init_cmd.path);
		if (err)
			init_failed(init_cmd.path, err);
	} else {
		for (size_t i = 0; i < ARRAY_SIZE(default_inits); i++) {
			err = run_init_program(default_inits[i]);
			if (!err)
				break;
		}
		if (err)
			init_failed("(/sbin/init, /etc/init, /bin/init, /bin/sh)", err);
	}
	if (err) {
		/* As a shell does: 127 for "not found", 126 for "cannot execute". */
		do_group_exit((err == -ENOENT ? 127 : 126) << 8);
		return err;
	}
	return 0;
}

int start_init(const char *path, char **argv, int argc)
{
	struct task *t;
	struct file *con;
	struct path root;
	int err = -ENOMEM;

	init_cmd.path = path;
	init_cmd.argv = argv;
	init_cmd.argc = argc;

	t = task_alloc();
	if (!t)
		return -ENOMEM;
	task_set_comm(t, path ? path : "init");
	t->cred = cred_alloc_root();
	t->signal = kzalloc(sizeof(*t->signal));
	t->sighand = kzalloc(sizeof(*t->sighand));
	t->files = files_alloc();
	if (!t->cred || !t->signal || !t->sighand || !t->files)
		goto fail;
	t->signal->refcount = 1;
	t->signal->nr_threads = 1;
	INIT_LIST_HEAD(&t->signal->threads);
	list_add_tail(&t->thread_node, &t->signal->threads);
	init_sigpending(&t->signal->shared_pending);
	init_waitqueue_head(&t->signal->wait_chldexit);
	t->exit_signal = -1; /* init has no parent to tell */
	t->signal->pgrp = t->signal->session = t->pid;
	t->sighand->refcount = 1;
	rlimits_init_default(t->signal->rlim);
	t->dumpable = true;
	get_root_path(&root);
	t->fs = fs_struct_alloc(&root);
	path_put(&root);
	if (!t->fs)
		goto fail;

	/* The console on 0, 1 and 2, as Linux's init gets /dev/console. */
	con = console_open();
	if (IS_ERR(con)) {
		err = (int)PTR_ERR(con);
		goto fail;
	}
	/*
	 * A terminal console is the controlling tty of init's session, with
	 * init's group in the foreground, as Linux's init has its console
	 * after setsid and TIOCSCTTY (a byte-stream console is no tty).
	 */
	tty_set_ctty(t, con);
	for (int fd = 0; fd < 3; fd++) {
		err = files_install(t->files, fd < 2 ? get_file(con) : con, 0, 3, false);
		if (err != fd) {
			if (fd < 2)
				fput(con);
			err = err < 0 ? err : -EIO;
			goto fail;
		}
	}
	init_task = t;
	err = task_start(t, init_start);
	if (err) {
		init_task = NULL;
		goto fail;
	}
	return 0;
fail:
	t->state = TASK_DEAD;
	if (t->files)
		files_put(t->files);
	if (t->fs)
		fs_struct_put(t->fs);
	if (t->signal)
		proc_clear_tty(t);
	kfree(t->signal);
	kfree(t->sighand);
	task_put(t);
	return err;
}
