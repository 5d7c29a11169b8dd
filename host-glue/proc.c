// SPDX-License-Identifier: GPL-2.0
/*
 * host-glue: host processes — starting the zygote from an in-memory image,
 * control sockets with descriptor passing and sender credentials, signals,
 * explicit waits, pidfds and another process's memory.
 *
 * umk never waits for "any child": every wait names one pid (DESIGN §2).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <host/host.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Writes s to the /proc file path; 0 or -1. Async-signal-safe. */
static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

/*
 * In a new user namespace: maps the creator's uid and gid to themselves,
 * so the process has no more privilege than before (none at all after exec
 * unless the creator was root). Async-signal-safe.
 */
static int map_ids(uid_t uid, gid_t gid)
{
	char line[64];
	int n;

	if (write_file("/proc/self/setgroups", "deny") < 0)
		return -1;
	n = snprintf(line, sizeof(line), "%u %u 1\n", (unsigned)uid, (unsigned)uid);
	if (n <= 0 || write_file("/proc/self/uid_map", line) < 0)
		return -1;
	n = snprintf(line, sizeof(line), "%u %u 1\n", (unsigned)gid, (unsigned)gid);
	if (n <= 0 || write_file("/proc/self/gid_map", line) < 0)
		return -1;
	return 0;
}

/* Runs in the forked child before exec: only async-signal-safe calls. */
static void spawn_child(int memfd, int ctlfd, pid_t parent, bool new_pidns)
{
	static char *const argv[] = { "umk-zygote", NULL };
	static char *const envp[] = { NULL };
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;
	int m, c;

	/* In a new pid namespace the parent is outside it: getppid() is 0. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != (new_pidns ? 0 : parent))
		_exit(127);
	for (int sig = 1; sig < 65; sig++)
		sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	/* Move both descriptors out of the way, then into their slots. */
	m = fcntl(memfd, F_DUPFD_CLOEXEC, 100);
	c = fcntl(ctlfd, F_DUPFD, 200);
	if (m < 0 || c < 0 || dup2(c, 3) != 3 || dup3(m, 4, O_CLOEXEC) != 4)
		_exit(127);
	if (syscall(SYS_close_range, 5, ~0U, 0) < 0)
		for (int fd = 5; fd < 1024; fd++)
			close(fd);
	close(0);
	close(1);
	close(2);
	syscall(SYS_execveat, 4, "", argv, envp, AT_EMPTY_PATH);
	_exit(127);
}

int host_spawn_image(const void *img, size_t len, int ctlfd, int *pidfd, bool *namespaces)
{
	const long ns = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS | CLONE_NEWIPC |
			CLONE_NEWUTS;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int memfd, err, ready[2];
	pid_t parent = getpid(), pid = -1;
	const char *p = img;
	size_t left = len;

	*pidfd = -1;
	memfd = memfd_create("umk-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (memfd < 0)
		return -errno;
	while (left) {
		ssize_t n = write(memfd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			goto out;
		}
		p += n;
		left -= (size_t)n;
	}
	fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	if (*namespaces) {
		/* The child reports on a pipe whether it could map its ids. */
		if (pipe2(ready, O_CLOEXEC) < 0) {
			err = -errno;
			goto out;
		}
		pid = (pid_t)syscall(SYS_clone, ns | SIGCHLD, 0, 0, 0, 0);
		if (pid == 0) {
			char ok = map_ids(uid, gid) == 0 ? 'y' : 'n';

			(void)!write(ready[1], &ok, 1);
			if (ok != 'y')
				_exit(126);
			spawn_child(memfd, ctlfd, parent, true);
		}
		close(ready[1]);
		if (pid > 0) {
			char ok = 'n';
			int status;

			if (read(ready[0], &ok, 1) != 1 || ok != 'y') {
				waitpid(pid, &status, 0);
				pid = -1;
			}
		}
		close(ready[0]);
		if (pid < 0)
			*namespaces = false; /* refused here: run without them */
	}
	if (pid < 0) {
		pid = fork();
		if (pid < 0) {
			err = -errno;
			goto out;
		}
		if (pid == 0)
			spawn_child(memfd, ctlfd, parent, false);
	}
	*pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	err = pid;
out:
	close(memfd);
	return err;
}

int host_socketpair(int sv[2])
{
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ? -errno : 0;
}

int host_set_passcred(int fd)
{
	int one = 1;

	return setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0 ? -errno : 0;
}

long host_send_fds(int sock, const void *buf, size_t len, const int *fds, int nfds)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (nfds < 0 || nfds > 4)
		return -EINVAL;
	if (nfds) {
		struct cmsghdr *c;

		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

long host_recv_cred(int sock, void *buf, size_t len, int *pid)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(16 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	ssize_t n;

	*pid = -1;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type == SCM_CREDENTIALS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct ucred))) {
			struct ucred cr;

			memcpy(&cr, CMSG_DATA(c), sizeof(cr));
			*pid = cr.pid;
		} else if (c->cmsg_type == SCM_RIGHTS) {
			/* umk never accepts descriptors from a guest process. */
			size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			int fds[16];

			memcpy(fds, CMSG_DATA(c), k * sizeof(int));
			for (size_t i = 0; i < k && i < 16; i++)
				close(fds[i]);
		}
	}
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	return n;
}

int host_kill(int pid, int sig)
{
	if (pid <= 0)
		return -EINVAL; /* never a process group, never everyone */
	return kill(pid, sig) < 0 ? -errno : 0;
}

int host_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	return syscall(SYS_tgkill, tgid, tid, sig) < 0 ? -errno : 0;
}

int host_waitpid(int pid, int *status, int flags)
{
	int r;

	if (pid <= 0)
		return -EINVAL; /* DESIGN §2: explicit waits only */
	do
		r = waitpid(pid, status, flags);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

/* The last number of the NSpid line of a /proc status file, or -1. */
static int nspid_last(int dirfd, const char *name)
{
	char path[64], buf[2048], *line, *end;
	int fd, last = -1;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/status", name);
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	line = strstr(buf, "\nNSpid:");
	if (!line)
		return -1;
	line += 7;
	for (;;) {
		long v = strtol(line, &end, 10);

		if (end == line)
			break;
		last = (int)v;
		line = end;
	}
	return last;
}

int host_thread_host_tid(int pid, int ns_tid, const int *known, int nknown)
{
	char path[64], buf[4096];
	int dirfd, found = -ESRCH;
	long n;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return -errno;
	while (found < 0 && (n = syscall(SYS_getdents64, dirfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n && found < 0;) {
			struct {
				uint64_t ino;
				int64_t off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (void *)(buf + off);
			int tid = atoi(d->name);
			bool skip = tid <= 0;

			off += d->reclen;
			for (int i = 0; i < nknown && !skip; i++)
				skip = known[i] == tid;
			if (!skip && nspid_last(dirfd, d->name) == ns_tid)
				found = tid;
		}
	}
	close(dirfd);
	return found;
}

int host_pidfd_open(int pid)
{
	long r = syscall(SYS_pidfd_open, pid, 0);

	return r < 0 ? -errno : (int)r;
}

long host_process_vm_read(int pid, void *local, uint64_t remote, size_t len)
{
	struct iovec l = { .iov_base = local, .iov_len = len };
	struct iovec r = { .iov_base = (void *)remote, .iov_len = len };
	ssize_t n = process_vm_readv(pid, &l, 1, &r, 1, 0);

	return n < 0 ? -errno : n;
}

long host_process_vm_write(int pid, const void *local, uint64_t remote, size_t len)
{
	struct iovec l = { .iov_base = (void *)local, .iov_len = len };
	struct iovec r = { .iov_base = (void *)remote, .iov_len = len };
	ssize_t n = process_vm_writev(pid, &l, 1, &r, 1, 0);

	return n < 0 ? -errno : n;
}

void *host_mmap_shared(int fd, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	return p == MAP_FAILED ? NULL : p;
}

void host_munmap(void *p, size_t len)
{
	munmap(p, len);
}

int host_futex_wait(uint32_t *addr, uint32_t val, uint64_t timeout_ns)
{
	struct timespec ts = { .tv_sec = (time_t)(timeout_ns / 1000000000u),
			       .tv_nsec = (long)(timeout_ns % 1000000000u) };
	long r = syscall(SYS_futex, addr, FUTEX_WAIT, val, timeout_ns ? &ts : NULL, NULL, 0);

	if (r == 0 || errno == EAGAIN)
		return 0;
	return errno == ETIMEDOUT ? -ETIMEDOUT : -EINTR;
}

void host_futex_wake(uint32_t *addr, int n)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, n, NULL, NULL, 0);
}

int host_pidfd_send_signal(int pidfd, int sig)
{
	return syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0 ? -errno : 0;
}

bool host_pidfd_exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLHUP));
}

bool host_pidfd_wait(int pidfd, int timeout_ms)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int r;

	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	return r == 1 && (p.revents & (POLLIN | POLLHUP));
}

uint64_t host_getrlimit(int resource)
{
	struct rlimit r;

	if (getrlimit(resource, &r) < 0)
		return 0;
	return r.rlim_cur == RLIM_INFINITY ? UINT64_MAX : (uint64_t)r.rlim_cur;
}

int host_epoll_create(void)
{
	int fd = epoll_create1(EPOLL_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int host_epoll_add(int epfd, int fd, uint64_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = data };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

void host_epoll_del(int epfd, int fd)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
}

int host_epoll_wait(int epfd, uint64_t *data, int max, int timeout_ms)
{
	struct epoll_event ev[16];
	int n;

	if (max > 16)
		max = 16;
	n = epoll_wait(epfd, ev, max, timeout_ms);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++)
		data[i] = ev[i].data.u64;
	return n;
}

int host_open_proc_mem(int pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	fd = open(path, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}
