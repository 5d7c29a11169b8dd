// SPDX-License-Identifier: GPL-2.0
/*
 * Booting the kernel: check the command line's host resources, run the
 * initcalls, mount the root, start init, and wait until init's exit (or a
 * signal to umk) shuts everything down. umk exits with init's status.
 */
#include <linux/fcntl.h>
#include <linux/signal.h>
#include <linux/time.h>
#include <umk/errno.h>
#include <umk/file.h>
#include <umk/fs.h>
#include <umk/init.h>
#include <umk/kernel.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/sched.h>
#include <umk/shutdown.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/trap.h>

#include "internal.h"

static const char *root_dir;
core_param(root, root_dir, charp, "host directory to boot as the root file system (hostfs)");

static const char *init_path;
core_param(init, init_path, charp, "program to run as init (default: /sbin/init, /bin/sh, ...)");

static int set_rootfstype(const char *val, const struct kernel_param *kp)
{
	return val && !strcmp(val, "hostfs") ? 0 : -EINVAL;
}
custom_param(rootfstype, "rootfstype", set_rootfstype, "root file system type: hostfs");

u64 boot_monotonic_ns;
static int shutdown_efd = -1;
static int shutdown_status = -1;

/* One line on stderr, before anything started: exit status 2. */
#define usage_fail(...) (fdprintk(2, __VA_ARGS__), 2)

void kernel_shutdown(int wait_status)
{
	int code = wait_status & 0x7f;

	/* The first reason to stop wins: init's status, or the signal to umk. */
	if (shutdown_status < 0)
		shutdown_status = code ? 128 + code : (wait_status >> 8) & 0xff;
	host_eventfd_signal(shutdown_efd);
}

static void kill_guests(void)
{
	trap_kill_all();
}
static struct shutdown_hook kill_guests_hook = { .fn = kill_guests };

/*
 * After the guests were killed: gives their task threads a moment to see
 * them die and reap them (only a tracer can), so that no guest host process
 * is left a zombie when umk exits. Bounded: a task thread blocked in host
 * I/O does not hold up the exit.
 */
static void wait_for_tasks(void)
{
	struct host_timespec ts = { 0, 0 };
	u64 start = printk_clock_ns();

	kernel_lock();
	kill_all_tasks();
	kernel_unlock();
	for (;;) {
		int n;

		kernel_lock();
		n = task_threads_running();
		kernel_unlock();
		if (!n || printk_clock_ns() - start > 500 * 1000 * 1000ULL)
			return;
		ts.nsec = 2 * 1000 * 1000;
		host_nanosleep(&ts);
	}
}

static int boot_clock_init(void)
{
	struct host_timespec ts;

	host_clock_gettime(CLOCK_MONOTONIC, &ts);
	boot_monotonic_ns = (u64)ts.sec * NSEC_PER_SEC + (u64)ts.nsec;
	return 0;
}
early_initcall(boot_clock_init);

int start_kernel(char **init_argv, int init_argc)
{
	int fd, err, sig;

	/* Everything the command line names must exist before anything starts. */
	if (!root_dir)
		return usage_fail("umk: no root file system: give root=DIR\n");
	fd = host_openat(AT_FDCWD, root_dir, O_PATH | O_DIRECTORY, 0);
	if (fd < 0)
		return usage_fail("umk: root=%s: %s\n", root_dir, host_strerror(fd));
	host_close(fd);

	shutdown_hook_register(&kill_guests_hook);
	shutdown_efd = host_eventfd();
	if (shutdown_efd < 0)
		return usage_fail("umk: cannot create an eventfd\n");
	pr_info("umk: booting, root=%s\n", root_dir);
	err = do_initcalls(INITCALL_CORE, INITCALL_LATE);
	if (err) {
		pr_emerg("umk: boot failed (%d)\n", err);
		emergency_shutdown();
		return 1;
	}
	err = mount_root("hostfs", root_dir, SB_RDONLY, NULL);
	if (err) {
		pr_emerg("umk: cannot mount root=%s: %d\n", root_dir, err);
		emergency_shutdown();
		return 1;
	}
	kernel_lock();
	err = start_init(init_path, init_argv, init_argc);
	kernel_unlock();
	if (err) {
		pr_emerg("umk: cannot start init: %d\n", err);
		emergency_shutdown();
		return 1;
	}
	sig = host_wait_shutdown(shutdown_efd);
	if (sig > 0 && shutdown_status < 0) {
		pr_notice("umk: signal %d received, shutting down\n", sig);
		shutdown_status = 128 + sig;
	}
	emergency_shutdown();
	wait_for_tasks();
	trap_stop_zygote();
	return shutdown_status;
}
