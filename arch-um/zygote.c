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
	n = guest_filter_build((struct sock_filter *)init.filter, ZYGOTE_FILTER_MAX, &stub);
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

bool zygote_in_namespaces(void)
{
	return zygote.namespaces;
}

int guest_channel_open(struct guest_channel *c)
{
	int sv[2], err;

	c->umk_end = c->guest_end = c->memfd = -1;
	c->shared = NULL;
	err = host_socketpair(sv);
	if (err)
		return err;
	c->umk_end = sv[0];
	c->guest_end = sv[1];
	err = host_set_passcred(sv[0]);
	if (err)
		goto fail;
	if (trap_backend == TRAP_SECCOMP) {
		/* The thread areas, shared between the stub and umk. */
		c->memfd = host_memfd_create("umk-threads", 0);
		if (c->memfd < 0 ||
		    host_ftruncate(c->memfd, (s64)(STUB_THREADS * STUB_THREAD_AREA))) {
			err = c->memfd < 0 ? c->memfd : -ENOMEM;
			goto fail;
		}
		c->shared = host_mmap_shared(c->memfd, STUB_THREADS * STUB_THREAD_AREA);
		if (!c->shared) {
			err = -ENOMEM;
			goto fail;
		}
	}
	return 0;
fail:
	guest_channel_close(c);
	return err;
}

void guest_channel_sent(struct guest_channel *c)
{
	if (c->guest_end >= 0)
		host_close(c->guest_end);
	if (c->memfd >= 0)
		host_close(c->memfd);
	c->guest_end = c->memfd = -1;
}

void guest_channel_close(struct guest_channel *c)
{
	guest_channel_sent(c);
	if (c->umk_end >= 0)
		host_close(c->umk_end);
	if (c->shared)
		host_munmap(c->shared, STUB_THREADS * STUB_THREAD_AREA);
	c->umk_end = -1;
	c->shared = NULL;
}

int guest_channel_hello(int umk_end, int *pid)
{
	struct stub_hello hello;
	long n = host_recv_cred(umk_end, &hello, sizeof(hello), pid);

	if (n == sizeof(hello) && hello.magic == STUB_SPAWN_FAILED) {
		if (hello.version & STUB_SETUP_STEP) {
			pr_warn("umk: a new guest process failed its set-up (step %u)\n",
				hello.version & ~STUB_SETUP_STEP);
			return -EIO;
		}
		return hello.version && hello.version < 4096 ? -(int)hello.version : -EIO;
	}
	if (n != sizeof(hello) || hello.magic != STUB_MAGIC || *pid <= 0) {
		/* EOF: the new process died setting itself up. */
		pr_warn("umk: a new guest process died before saying hello (%ld)\n", n);
		return n < 0 ? (int)n : -EIO;
	}
	return 0;
}

int zygote_spawn(int *pid, int *pidfd, int *ctl, void **shared)
{
	struct zygote_msg req = { .op = ZYGOTE_SPAWN };
	struct guest_channel c;
	int fds[2], err;
	long n;

	*shared = NULL;
	err = guest_channel_open(&c);
	if (err)
		return err;
	fds[0] = c.guest_end;
	fds[1] = c.memfd;
	host_mutex_lock(&zygote.lock);
	n = host_send_fds(zygote.sock, &req, sizeof(req), fds, c.memfd >= 0 ? 2 : 1);
	host_mutex_unlock(&zygote.lock);
	guest_channel_sent(&c);
	if (n < 0) {
		guest_channel_close(&c);
		return (int)n;
	}
	/* The new process says hello; or the zygote says why it could not fork. */
	err = guest_channel_hello(c.umk_end, pid);
	if (err) {
		guest_channel_close(&c);
		return err;
	}
	*pidfd = host_pidfd_open(*pid);
	*ctl = c.umk_end;
	*shared = c.shared;
	return 0;
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
