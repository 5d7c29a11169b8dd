/*
 * fork: making processes and reaping them. fork gives the child a copy of
 * the memory (copy-on-write) and shares the open files with it; wait4 and
 * waitid report how a child ended, in the kernel's status encoding; vfork,
 * clone(CLONE_VM | CLONE_VFORK) and posix_spawn lend the parent's memory to a
 * child while the parent waits; orphans go to init (this program, pid 1) or
 * to a subreaper; process groups and sessions.
 *
 * A child prints only while its parent waits for it, so the order of the
 * lines is fixed; pids are compared, never printed.
 */
/* build: pie */
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

#define LINES "/tests/data/lines.txt"

static char *const true_argv[] = { "true", NULL };
static char *const no_env[] = { NULL };

static const char *cld_name(int code)
{
	switch (code) {
	case CLD_EXITED:
		return "CLD_EXITED";
	case CLD_KILLED:
		return "CLD_KILLED";
	case CLD_DUMPED:
		return "CLD_DUMPED";
	case CLD_STOPPED:
		return "CLD_STOPPED";
	case CLD_CONTINUED:
		return "CLD_CONTINUED";
	case 0:
		return "0";
	}
	return "?";
}

/* A child that waits until its parent closes (or writes to) the pipe P,
 * then exits with STATUS. The parent closes P[0]. */
static pid_t child_waiting_on(int p[2], int status)
{
	pid_t pid = guest_fork();
	char c;

	if (pid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(status);
	}
	close(p[0]);
	return pid;
}

/* fork returns twice: 0 in the child, the child's pid in the parent. */
static void test_fork_returns(void)
{
	pid_t parent = getpid(), a, b;
	int sa, sb;

	a = guest_fork();
	if (a == 0)
		_exit(getppid() == parent && getpid() != parent ? 10 : 11);
	b = guest_fork();
	if (b == 0)
		_exit(getppid() == parent && getpid() != parent ? 10 : 11);
	sa = wait_for(a);
	sb = wait_for(b);
	printf("fork returns the child's pid to the parent: %s\n", yes_no(a > 0 && a != parent));
	printf("two forks return different pids: %s\n", yes_no(b > 0 && a != b));
	printf("in each child fork returned 0, getppid() is the parent's getpid(): %s\n",
	       yes_no(sa == 10 << 8 && sb == 10 << 8));
}

/* wait4's status word: the exit status in bits 8-15, nothing else. */
static void test_exit_statuses(void)
{
	static const int codes[] = { 0, 1, 42, 255, 256, -1 };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		struct rusage ru;
		int status = -1;
		pid_t pid = guest_fork(), r;

		if (pid == 0)
			_exit(codes[i]);
		r = wait4(pid, &status, 0, &ru);
		printf("_exit(%d): wait4 returns the child: %s, WIFEXITED %s, WEXITSTATUS %d, %s\n",
		       codes[i], yes_no(r == pid), yes_no(WIFEXITED(status)), WEXITSTATUS(status),
		       status_string(status));
	}
}

/* WNOHANG, and what wait4 says when there is nothing to wait for. */
static void test_wait_errors(void)
{
	int p[2], status = 0;
	pid_t pid, r;

	pipe(p);
	pid = child_waiting_on(p, 9);
	r = wait4(pid, &status, WNOHANG, NULL);
	printf("wait4 WNOHANG on a running child: %d\n", (int)r);
	r = wait4(-1, &status, WNOHANG, NULL);
	printf("wait4(-1) WNOHANG on a running child: %d\n", (int)r);
	report("wait4 bad options", wait4(pid, &status, 0x100, NULL));
	close(p[1]); /* the child's read ends: it exits 9 */
	r = wait4(pid, &status, 0, NULL);
	printf("then wait4 blocks until it exits: %s, %s\n", yes_no(r == pid),
	       status_string(status));
	report("wait4 it again", wait4(pid, &status, 0, NULL));
	report("wait4(-1) with no children", wait4(-1, &status, 0, NULL));
	report("wait4(-1) WNOHANG with no children", wait4(-1, &status, WNOHANG, NULL));
	report("wait4 on itself", wait4(getpid(), &status, 0, NULL));
	report("waitpid NULL status, no children", waitpid(-1, NULL, 0));
}

/* waitid: the siginfo_t it fills, WNOWAIT, WNOHANG, P_PID and P_ALL. */
static void test_waitid(void)
{
	siginfo_t si;
	int p[2], status = 0, r;
	pid_t pid;

	pid = guest_fork();
	if (pid == 0)
		_exit(7);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED);
	printf("waitid P_PID WEXITED: %s, si_signo %s, si_code %s, si_status %d, si_pid is the "
	       "child: %s, si_uid %d\n",
	       r == 0 ? "ok" : errno_name(errno), signal_name(si.si_signo), cld_name(si.si_code),
	       si.si_status, yes_no(si.si_pid == pid), (int)si.si_uid);
	report("waitid it again", waitid(P_PID, pid, &si, WEXITED));

	/* WNOWAIT reports the zombie and leaves it to be waited for again. */
	pid = guest_fork();
	if (pid == 0)
		_exit(8);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	printf("waitid WNOWAIT: %s, si_code %s, si_status %d\n", r == 0 ? "ok" : errno_name(errno),
	       cld_name(si.si_code), si.si_status);
	printf("the zombie still exists (kill 0): %s\n", yes_no(kill(pid, 0) == 0));
	memset(&si, 0, sizeof(si));
	r = waitid(P_ALL, 0, &si, WEXITED);
	printf("waitid P_ALL gets it again: %s, si_status %d, si_pid is the child: %s\n",
	       r == 0 ? "ok" : errno_name(errno), si.si_status, yes_no(si.si_pid == pid));
	report("kill 0 after it is reaped", kill(pid, 0));

	/* WNOHANG with nothing to report: returns 0 and clears si_signo and si_pid. */
	pipe(p);
	pid = child_waiting_on(p, 0);
	memset(&si, 0x55, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED | WNOHANG);
	printf("waitid WNOHANG on a running child: %d, si_signo %d, si_pid %d\n", r, si.si_signo,
	       (int)si.si_pid);
	report("waitid without WEXITED, WSTOPPED or WCONTINUED", waitid(P_PID, pid, &si, 0));
	report("waitid bad idtype", waitid((idtype_t)42, pid, &si, WEXITED));

	/* A child killed by a signal: CLD_KILLED with the signal as si_status. */
	kill(pid, SIGTERM);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED);
	printf("waitid on a child killed by SIGTERM: %s, si_code %s, si_status %s\n",
	       r == 0 ? "ok" : errno_name(errno), cld_name(si.si_code), signal_name(si.si_status));
	close(p[1]);
	report("waitid P_ALL with no children", waitid(P_ALL, 0, &si, WEXITED));
	(void)status;
}

/* Memory is copied: after fork neither side sees the other's writes, except
 * in a MAP_SHARED mapping. */
static char static_data[32] = "the parent's data";

static void test_copy_on_write(void)
{
	size_t heap_size = 1 << 20, anon_size = 4 * 4096;
	char *heap = malloc(heap_size);
	char *anon =
		mmap(NULL, anon_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char stack_data[32] = "on the parent's stack";
	int go[2], status, parent_kept;
	pid_t pid;
	char c;

	memset(heap, 'p', heap_size);
	memset(anon, 'p', anon_size);
	strcpy(shared, "before fork");
	pipe(go);

	pid = guest_fork();
	if (pid == 0) {
		int ok;

		/* The child writes everywhere, and sees its own writes. */
		strcpy(static_data, "the child's data");
		strcpy(stack_data, "on the child's stack");
		memset(heap, 'c', heap_size);
		memset(anon, 'c', anon_size);
		strcpy(shared, "written by the child");
		ok = heap[heap_size - 1] == 'c' && anon[anon_size - 1] == 'c' &&
		     strcmp(static_data, "the child's data") == 0;
		/* Then waits for the parent's writes, which it must not see. */
		read(go[0], &c, 1);
		ok = ok && heap[0] == 'c' && anon[0] == 'c' &&
		     strcmp(stack_data, "on the child's stack") == 0;
		_exit(ok ? 0 : 1);
	}
	/* Give the child time to write first: nothing printed depends on it. */
	while (strcmp(shared, "written by the child") != 0)
		sched_yield();
	parent_kept = strcmp(static_data, "the parent's data") == 0 && heap[7] == 'p' &&
		      anon[4096 * 3] == 'p' && strcmp(stack_data, "on the parent's stack") == 0;
	memset(heap, 'P', heap_size);
	memset(anon, 'P', anon_size);
	write(go[1], "x", 1);
	status = wait_for(pid);
	printf("the child's writes stay in the child (static, stack, heap, private mapping): %s\n",
	       yes_no(parent_kept));
	printf("the parent's writes after fork stay in the parent: %s\n", yes_no(status == 0));
	printf("a MAP_SHARED mapping is shared: %s\n", yes_no(strcmp(shared, "written by the "
									     "child") == 0));
	close(go[0]);
	close(go[1]);
	munmap(anon, anon_size);
	munmap(shared, 4096);
	free(heap);
}

/* The descriptor table is copied but the open files are shared: one offset,
 * one set of status flags; descriptor flags and closing are per table. */
static void test_shared_files(void)
{
	int fd = open(LINES, O_RDONLY), p[2], status;
	char buf[128] = "";
	pid_t pid;

	pid = guest_fork();
	if (pid == 0)
		_exit(read(fd, buf, 100) == 100 ? 0 : 1);
	status = wait_for(pid);
	printf("the child reads 100 bytes: %s; the parent's offset is now 100: %s\n",
	       yes_no(status == 0), yes_no(lseek(fd, 0, SEEK_CUR) == 100));

	pid = guest_fork();
	if (pid == 0) {
		lseek(fd, 1000, SEEK_SET);
		fcntl(fd, F_SETFL, O_NONBLOCK);
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		close(fd);
		_exit(0);
	}
	wait_for(pid);
	printf("the child's lseek moves the parent's offset: %s\n",
	       yes_no(lseek(fd, 0, SEEK_CUR) == 1000));
	printf("the child's F_SETFL O_NONBLOCK shows in the parent: %s\n",
	       yes_no(fcntl(fd, F_GETFL) & O_NONBLOCK));
	printf("the child's F_SETFD FD_CLOEXEC does not: %s\n",
	       yes_no(!(fcntl(fd, F_GETFD) & FD_CLOEXEC)));
	printf("the child's close does not close it in the parent: %s\n",
	       yes_no(read(fd, buf, 4) == 4));
	close(fd);

	pipe(p);
	pid = guest_fork();
	if (pid == 0) {
		close(p[0]);
		write(p[1], "hello", 5);
		_exit(0);
	}
	close(p[1]);
	memset(buf, 0, sizeof(buf));
	read(p[0], buf, sizeof(buf) - 1);
	wait_for(pid);
	printf("a pipe across fork carries: %s\n", buf);
	printf("then reads end of file once the child is gone: %s\n",
	       yes_no(read(p[0], buf, 1) == 0));
	close(p[0]);
}

/* vfork: the child borrows the parent's memory and the parent sleeps until
 * the child exits or execs. */
static volatile int marker;

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	/* Raw: no libc state is touched in a vfork child. */
	syscall(SYS_nanosleep, &ts, NULL);
}

static void test_vfork(void)
{
	pid_t pid;
	int status, seen;

	marker = 0;
	pid = vfork();
	if (pid == 0) {
		/* The parent is asleep: it sees this write only after _exit. */
		sleep_ms(100);
		marker = 1;
		_exit(5);
	}
	seen = marker;
	status = wait_for(pid);
	printf("vfork: the parent resumes after the child's _exit and sees its write: %s\n",
	       yes_no(seen == 1));
	printf("vfork child: %s\n", status_string(status));

	marker = 0;
	pid = vfork();
	if (pid == 0) {
		sleep_ms(100);
		marker = 2;
		execve("/bin/busybox", true_argv, no_env);
		_exit(127);
	}
	seen = marker;
	status = wait_for(pid);
	printf("vfork then execve: the parent resumes with the child's write: %s, child %s\n",
	       yes_no(seen == 2), status_string(status));
}

/* clone(CLONE_VM | CLONE_VFORK), as posix_spawn does it: a child on its own
 * stack in the parent's memory. */
static char clone_stack[64 * 1024] __attribute__((aligned(16)));

static int clone_exec(void *arg)
{
	sleep_ms(100);
	marker = 3;
	if (arg)
		_exit(4);
	execve("/bin/busybox", true_argv, no_env);
	_exit(127);
}

static void test_clone_vfork(void)
{
	pid_t pid;
	int status, seen;

	for (int exec = 1; exec >= 0; exec--) {
		marker = 0;
		pid = clone(clone_exec, clone_stack + sizeof(clone_stack),
			    CLONE_VM | CLONE_VFORK | SIGCHLD, exec ? NULL : (void *)1);
		seen = marker;
		status = wait_for(pid);
		printf("clone(CLONE_VM | CLONE_VFORK) then %s: the parent waited: %s, child %s\n",
		       exec ? "execve" : "_exit", yes_no(seen == 3), status_string(status));
	}
}

static void test_posix_spawn(void)
{
	char *const sh_argv[] = { "sh", "-c", "exit 5", NULL };
	char *const echo_argv[] = { "echo", "spawned", NULL };
	char *const missing_argv[] = { "missing", NULL };
	posix_spawn_file_actions_t fa;
	char buf[32] = "";
	int p[2], r, status;
	pid_t pid;

	r = posix_spawn(&pid, "/bin/busybox", NULL, NULL, sh_argv, no_env);
	status = wait_for(pid);
	printf("posix_spawn sh -c 'exit 5': %s, child %s\n", errno_name(r), status_string(status));

	pipe(p);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	r = posix_spawn(&pid, "/bin/busybox", &fa, NULL, echo_argv, no_env);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	status = wait_for(pid);
	printf("posix_spawn echo with stdout on a pipe: %s, the pipe carries: %s", errno_name(r),
	       buf);
	r = posix_spawn(&pid, "/tests/missing", NULL, NULL, missing_argv, no_env);
	printf("posix_spawn a missing file: %s\n", errno_name(r));
	if (r == 0)
		wait_for(pid);
}

/* Orphans are reparented to init, which must reap them. */
static void test_orphans(void)
{
	int p[2], go[2], sa, sb;
	pid_t a, b = 0;
	char c;

	/* A running orphan: its getppid() becomes 1. */
	pipe(p);
	pipe(go);
	a = guest_fork();
	if (a == 0) {
		b = guest_fork();
		if (b == 0) {
			read(go[0], &c, 1);
			_exit(getppid() == 1 ? 0 : 1);
		}
		write(p[1], &b, sizeof(b));
		_exit(0);
	}
	read(p[0], &b, sizeof(b));
	sa = wait_for(a);
	write(go[1], "x", 1);
	sb = wait_for(b);
	printf("the middle process: %s\n", status_string(sa));
	printf("its orphan sees getppid() == 1 and init reaps it: %s\n", yes_no(sb == 0));

	/* A zombie whose parent exits without reaping it: init reaps it. */
	a = guest_fork();
	if (a == 0) {
		siginfo_t si;

		b = guest_fork();
		if (b == 0)
			_exit(6);
		waitid(P_PID, b, &si, WEXITED | WNOWAIT); /* a zombie now */
		write(p[1], &b, sizeof(b));
		_exit(0);
	}
	read(p[0], &b, sizeof(b));
	wait_for(a);
	sb = wait_for(b);
	printf("a zombie whose parent exited is reaped by init: %s\n", status_string(sb));
	report("and nothing is left", waitpid(-1, NULL, WNOHANG));
	close(p[0]);
	close(p[1]);
	close(go[0]);
	close(go[1]);
}

/* PR_SET_CHILD_SUBREAPER: orphans below go to the subreaper, not to init. */
static void test_subreaper(void)
{
	pid_t c = guest_fork();

	if (c == 0) {
		int p[2], go[2], flag = -1, child_flag = -1, sd, se;
		pid_t self = getpid(), d, e = 0;
		char ch;

		printf("PR_SET_CHILD_SUBREAPER: %s\n",
		       prctl(PR_SET_CHILD_SUBREAPER, 1) == 0 ? "ok" : errno_name(errno));
		prctl(PR_GET_CHILD_SUBREAPER, &flag);
		printf("PR_GET_CHILD_SUBREAPER: %d\n", flag);
		pipe(p);
		pipe(go);
		d = guest_fork();
		if (d == 0) {
			e = guest_fork();
			if (e == 0) {
				read(go[0], &ch, 1);
				_exit(getppid() == self ? 0 : 1);
			}
			prctl(PR_GET_CHILD_SUBREAPER, &child_flag);
			write(p[1], &e, sizeof(e));
			_exit(child_flag == 0 ? 0 : 1);
		}
		read(p[0], &e, sizeof(e));
		sd = wait_for(d);
		write(go[1], "x", 1);
		se = wait_for(e);
		printf("the subreaper's child does not inherit the flag: %s\n", yes_no(sd == 0));
		printf("an orphan below a subreaper goes to it, not to init: %s\n",
		       yes_no(se == 0));
		_exit(0);
	}
	wait_for(c);
}

/* Process groups and sessions, in a child: init's own group and session
 * are not this test's business. */
static void test_groups(void)
{
	pid_t parent_pgid = getpgid(0), parent_sid = getsid(0), c, d;
	int p[2];
	char ch;

	/* The parent may move a child that has not exec'd into a group of its own. */
	pipe(p);
	d = child_waiting_on(p, 0);
	report("setpgid(child, child) from the parent", setpgid(d, d));
	printf("getpgid(child) is the child's pid: %s\n", yes_no(getpgid(d) == d));
	close(p[1]);
	wait_for(d);

	c = guest_fork();
	if (c == 0) {
		pid_t self = getpid(), g;
		int ack[2], go[2], cloexec[2];
		char *const sleep_argv[] = { "sleep", "100", NULL };

		printf("a child starts in its parent's group and session: %s\n",
		       yes_no(getpgid(0) == parent_pgid && getsid(0) == parent_sid));
		report("setpgid(0, 0)", setpgid(0, 0));
		printf("getpgid(0) and getpgrp() are now its pid: %s\n",
		       yes_no(getpgid(0) == self && getpgrp() == self));
		report("setsid as a group leader", setsid());

		pipe(ack);
		pipe(go);
		g = guest_fork();
		if (g == 0) {
			pid_t me = getpid();

			printf("grandchild: in its parent's new group: %s\n",
			       yes_no(getpgid(0) == self));
			printf("grandchild: setsid returns its pid: %s\n", yes_no(setsid() == me));
			printf("grandchild: it leads the new session and group: %s\n",
			       yes_no(getsid(0) == me && getpgid(0) == me));
			report("grandchild: setpgid into a group of another session",
			       setpgid(0, self));
			write(ack[1], "x", 1);
			read(go[0], &ch, 1);
			_exit(0);
		}
		read(ack[0], &ch, 1);
		printf("getsid(grandchild) is the grandchild: %s\n", yes_no(getsid(g) == g));
		report("setpgid of a session leader", setpgid(g, self));
		write(go[1], "x", 1);
		wait_for(g);

		/* waitpid(-pgid) waits for a child of that group. */
		g = guest_fork();
		if (g == 0)
			_exit(3);
		printf("waitpid(-pgid) reaps a child of the group: %s\n",
		       yes_no(waitpid(-self, NULL, 0) == g));

		/* Once a child has exec'd, its parent can no longer move it. */
		pipe2(cloexec, O_CLOEXEC);
		g = guest_fork();
		if (g == 0) {
			execve("/bin/busybox", sleep_argv, no_env);
			_exit(127);
		}
		close(cloexec[1]);
		read(cloexec[0], &ch, 1); /* end of file: the child has exec'd */
		report("setpgid of a child that has exec'd", setpgid(g, g));
		kill(g, SIGKILL);
		wait_for(g);

		report("setpgid of no such process", setpgid(99999, 0));
		report("setpgid to a negative group", setpgid(0, -1));
		report("getpgid of no such process", getpgid(99999));
		report("getsid of no such process", getsid(99999));
		_exit(0);
	}
	wait_for(c);
}

/* With SIGCHLD ignored, children are reaped as they exit: wait blocks until
 * they all have, then fails with ECHILD. */
static void test_sigchld_ignored(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN }, old;
	pid_t a, b;

	sigaction(SIGCHLD, &sa, &old);
	a = guest_fork();
	if (a == 0)
		_exit(1);
	b = guest_fork();
	if (b == 0) {
		sleep_ms(100);
		_exit(2);
	}
	report("SIGCHLD ignored: wait4 after the children exit", wait4(-1, NULL, 0, NULL));
	report("the children are gone", kill(b, 0));
	sigaction(SIGCHLD, &old, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_fork_returns();
	test_exit_statuses();
	test_wait_errors();
	test_waitid();
	test_copy_on_write();
	test_shared_files();
	test_vfork();
	test_clone_vfork();
	test_posix_spawn();
	test_orphans();
	test_subreaper();
	test_groups();
	test_sigchld_ignored();
	return 0;
}
