// SPDX-License-Identifier: GPL-2.0
/*
 * The zygote (DESIGN §2): one blank stub process per instance, started from
 * the stub image carried in umk. It is never a guest task; it forks every
 * blank guest host process on request, from a clean state, so no guest host
 * process is ever forked from a task thread or inherits anything of umk's.
 *
 * The protocol (stub/abi.h): umk sends ZYGOTE_INIT once with the guest
 * seccomp filter, then ZYGOTE_SPAWN with one end of a fresh socket pair for
 * each blank process. The new process says hello on that socket, and the
 * kernel attaches its pid (SCM_CREDENTIALS), so umk learns the pid without
 * trusting anything the zygote says.
 */
#include <linux/filter.h>
#include <linux/signal.h>
#include <linux/auxvec.h>
#include <linux/resource.h>
#include <asm/hwcap2.h>
#include <linux/wait.h>
#include <umk/errno.h>
#include <umk/params.h>
#include <umk/mm.h>
#include <umk/printk.h>
#include <umk/string.h>

#include "internal.h"

static bool sandbox_ns = true;
named_param(sandbox_ns, "sandbox.ns", sandbox_ns, bool,
	    "run guest host processes in new user/pid/net/mount/ipc/uts namespaces when the host "
	    "allows it (default 1)");

static struct {
	struct host_mutex lock; /* serializes spawn requests */
	int pid, pidfd, sock;
	bool namespaces;
} zygote = { .pid = -1, .pidfd = -1, .sock = -1 };

int zygote_start(void)
{
	static struct zygote_msg init;
	int sv[2], err, n;

	host_mutex_init(&zygote.lock);
	err = host_socketpair(sv);
	if (err)
		return err;
	zygote.namespaces = sandbox_ns;
	err = host_spawn_image(stub_image_start,
			       (uintptr_t)stub_image_end - (uintptr_t)stub_image_start, sv[1],
			       &zygote.pidfd, &zygote.namespaces);
	host_close(sv[1]);
	if (err < 0) {
		host_close(sv[0]);
		return err;
	}
	zygote.pid = err;
	zygote.sock = sv[0];

	memset(&init, 0, sizeof(init));
	init.op = ZYGOTE_INIT;
	init.mode = trap_backend == TRAP_SECCOMP ? STUB_MODE_SECCOMP : STUB_MODE_PTRACE;
	init.fsgsbase = (host_getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
	/* Host limits on every guest host process (the stub sets them before its
	 * filter): a few descriptors, no core dumps, and what backs mem=. */
	init.rlimit_nofile = 16;
	init.rlimit_as = mm_host_as_limit();
	init.rlimit_nproc = min_t(u64, host_getrlimit(RLIMIT_NPROC), 65536);
	n = guest_filter_build((struct sock_filter *)init.filter, ZYGOTE_FILTER_MAX,
			       stub.text_start, stub.text_end);
	if (n < 0)
		return n;
	init.filter_len = (u32)n;
	err = (int)host_send_fds(zygote.sock, &init, sizeof(init), NULL, 0);
	if (err < 0)
		return err;
	pr_info("zygote: host pid %d, guest filter %d instructions, %s\n", zygote.pid, n,
		zygote.namespaces ? "in new user/pid/net/mount/ipc/uts namespaces"
				  : "without namespaces");
	return 0;
}

int zygote_spawn(int *pid, int *pidfd, int *ctl, void **shared)
{
	struct zygote_msg req = { .op = ZYGOTE_SPAWN };
	struct stub_hello hello;
	int sv[2], fds[2], memfd = -1, err;
	long n;

	*shared = NULL;
	err = host_socketpair(sv);
	if (err)
		return err;
	err = host_set_passcred(sv[0]);
	if (err)
		goto out_close;
	fds[0] = sv[1];
	if (trap_backend == TRAP_SECCOMP) {
		/* The thread areas, shared between the stub and umk. */
		memfd = host_memfd_create("umk-threads", 0);
		if (memfd < 0 || host_ftruncate(memfd, (s64)(STUB_THREADS * STUB_THREAD_AREA))) {
			err = memfd < 0 ? memfd : -ENOMEM;
			goto out_close;
		}
		*shared = host_mmap_shared(memfd, STUB_THREADS * STUB_THREAD_AREA);
		if (!*shared) {
			err = -ENOMEM;
			goto out_close;
		}
		fds[1] = memfd;
	}
	host_mutex_lock(&zygote.lock);
	n = host_send_fds(zygote.sock, &req, sizeof(req), fds, memfd >= 0 ? 2 : 1);
	host_mutex_unlock(&zygote.lock);
	host_close(sv[1]);
	sv[1] = -1;
	if (memfd >= 0) {
		host_close(memfd);
		memfd = -1;
	}
	if (n < 0) {
		err = (int)n;
		goto out_close;
	}
	/* The new process says hello; or the zygote says why it could not fork. */
	n = host_recv_cred(sv[0], &hello, sizeof(hello), pid);
	if (n == sizeof(hello) && hello.magic == STUB_SPAWN_FAILED) {
		err = hello.version && hello.version < 4096 ? -(int)hello.version : -EIO;
		goto out_close;
	}
	if (n != sizeof(hello) || hello.magic != STUB_MAGIC || *pid <= 0) {
		/* EOF: the new process died setting itself up. */
		pr_warn("zygote: a new guest process died before saying hello (%ld)\n", n);
		err = n < 0 ? (int)n : -EIO;
		goto out_close;
	}
	*pidfd = host_pidfd_open(*pid);
	*ctl = sv[0];
	return 0;
out_close:
	host_close(sv[0]);
	if (sv[1] >= 0)
		host_close(sv[1]);
	if (memfd >= 0)
		host_close(memfd);
	if (*shared) {
		host_munmap(*shared, STUB_THREADS * STUB_THREAD_AREA);
		*shared = NULL;
	}
	return err;
}

void zygote_kill(void)
{
	if (zygote.pid > 0)
		host_kill(zygote.pid, SIGKILL);
}

void zygote_reap(void)
{
	int status;

	/*
	 * Bounded: as the init of a pid namespace, the zygote's exit waits for
	 * every process in it to be reaped, and a traced guest zombie only by
	 * its tracer. umk's exit releases those; never wait forever for them.
	 */
	if (zygote.pid > 0 && (zygote.pidfd < 0 || host_pidfd_wait(zygote.pidfd, 2000)) &&
	    host_waitpid(zygote.pid, &status, WNOHANG) == zygote.pid)
		zygote.pid = -1;
}
