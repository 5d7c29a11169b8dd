/*
 * exec: execve from a forked child. The new program gets exactly the argv
 * and envp it was given and keeps the pid; close-on-exec descriptors are
 * closed and the others kept with their offsets; caught signals are reset
 * while ignored ones, the mask and pending signals stay; #! scripts run
 * their interpreter (with its optional argument, and nested); an exec in a
 * multithreaded process ends the other threads, even from a thread that is
 * not the main one; the exit status of the new program is what wait sees.
 *
 * The program runs itself again for the other side: `exec MODE ...` (argv[1]
 * is the mode) prints what the new program observes, while the parent
 * waits. Its own path is argv[0], which init gets from the kernel.
 */
/* build: pie */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

#define LINES "/tests/data/lines.txt"
#define SCRIPTS "/tests/data/scripts"

extern char **environ;
static const char *self;
static char *const no_env[] = { NULL };

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---- the exec'd side ------------------------------------------------------ */

/* Prints its arguments and environment; exits 42. */
static int mode_args(int argc, char **argv)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	char comm[16] = "", *base;
	int n = 0;

	printf("exec'd: argc %d\n", argc);
	printf("exec'd: argv[0]: %s\n", argv[0]);
	for (int i = 1; i < argc; i++)
		printf("exec'd: argv[%d]: [%s]\n", i, argv[i]);
	printf("exec'd: argv[argc] is NULL: %s\n", yes_no(argv[argc] == NULL));
	for (char **e = environ; *e; e++, n++)
		printf("exec'd: environment: [%s]\n", *e);
	printf("exec'd: %d environment strings\n", n);
	printf("exec'd: AT_EXECFN is the path given to execve: %s\n",
	       yes_no(execfn && strncmp(execfn, "/tests/exec.", 12) == 0));
	/* The name is the file's, not argv[0]'s. */
	base = execfn ? strrchr(execfn, '/') + 1 : "";
	prctl(PR_GET_NAME, comm);
	printf("exec'd: its name is the file name: %s\n", yes_no(strncmp(comm, base, 15) == 0));
	printf("exec'd: its parent is init: %s\n", yes_no(getppid() == 1));
	return 42;
}

/* Which of the descriptors the parent set up made it through the exec. */
static int mode_fds(void)
{
	static const struct {
		int fd;
		const char *what;
	} fds[] = {
		{ 0, "stdin" },
		{ 1, "stdout" },
		{ 2, "stderr" },
		{ 10, "opened O_CLOEXEC" },
		{ 11, "opened without O_CLOEXEC" },
		{ 12, "pipe2 O_CLOEXEC" },
		{ 13, "F_SETFD FD_CLOEXEC" },
		{ 14, "dup of the O_CLOEXEC one" },
		{ 15, "F_SETFD 0 on an O_CLOEXEC one" },
	};

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		int flags = fcntl(fds[i].fd, F_GETFD);

		printf("exec'd: fd %d (%s): %s\n", fds[i].fd, fds[i].what,
		       flags < 0 ? errno_name(errno) : "open");
	}
	printf("exec'd: fd 11 keeps its offset: %s\n", yes_no(lseek(11, 0, SEEK_CUR) == 123));
	printf("exec'd: fd 11 is still not close-on-exec: %s\n", yes_no(fcntl(11, F_GETFD) == 0));
	return 0;
}

/* Run by fexecve: the kernel names the program /dev/fd/N. (Its comm, the
 * name, is "N" before Linux 6.x and the file's name since: not printed.) */
static int mode_execfn(void)
{
	const char *execfn = (const char *)getauxval(AT_EXECFN);

	printf("exec'd: AT_EXECFN: %s\n", execfn ? execfn : "(none)");
	return 44;
}

/* Signal state across exec: handlers reset, the rest kept. */
static int mode_signals(void)
{
	struct sigaction sa;
	sigset_t mask, pending;
	stack_t ss;

	sigaction(SIGUSR1, NULL, &sa);
	printf("exec'd: a caught signal is reset to SIG_DFL: %s\n",
	       yes_no(sa.sa_handler == SIG_DFL));
	sigaction(SIGUSR2, NULL, &sa);
	printf("exec'd: an ignored signal stays ignored: %s\n", yes_no(sa.sa_handler == SIG_IGN));
	sigprocmask(SIG_SETMASK, NULL, &mask);
	printf("exec'd: the blocked signal is still blocked: %s\n",
	       yes_no(sigismember(&mask, SIGHUP)));
	sigpending(&pending);
	printf("exec'd: the pending signal is still pending: %s\n",
	       yes_no(sigismember(&pending, SIGHUP)));
	sigaltstack(NULL, &ss);
	printf("exec'd: the alternate signal stack is gone: %s\n",
	       yes_no(ss.ss_flags & SS_DISABLE));
	printf("exec'd: the alarm survives exec: %s\n", yes_no(alarm(0) > 0));
	return 0;
}

/* After an exec in a multithreaded process: one thread, the same pid. */
static int mode_pid(const char *before)
{
	printf("exec'd: the pid is kept: %s\n", yes_no(getpid() == atoi(before)));
	printf("exec'd: it is the only thread (gettid() == getpid()): %s\n",
	       yes_no(gettid_() == getpid()));
	return 0;
}

/* ---- the parent's side ---------------------------------------------------- */

/* Runs ARGV (ARGV[0] being the path) in a child with ENVP and waits. */
static void run(const char *path, char *const argv[], char *const envp[])
{
	pid_t pid;
	int status;

	pid = guest_fork();
	if (pid == 0) {
		execve(path, argv, envp);
		printf("execve %s: %s\n", path, errno_name(errno));
		_exit(127);
	}
	status = wait_for(pid);
	printf("wait: %s\n", status_string(status));
}

static void test_args(void)
{
	char *const argv[] = { "renamed", "args", "two words", "", "--", NULL };
	char *const envp[] = { "FOO=bar", "EMPTY=", "X=1=2", NULL };
	char *const argv_noenv[] = { "again", "args", NULL };

	run(self, argv, envp);
	run(self, argv_noenv, no_env);
}

/* Moves FD to number TO, keeping its close-on-exec flag. */
static void move_fd(int fd, int to)
{
	dup3(fd, to, fcntl(fd, F_GETFD) & FD_CLOEXEC ? O_CLOEXEC : 0);
	close(fd);
}

static void test_cloexec(void)
{
	char *const argv[] = { "fds", "fds", NULL };
	int p[2];

	move_fd(open(LINES, O_RDONLY | O_CLOEXEC), 10);
	move_fd(open(LINES, O_RDONLY), 11);
	lseek(11, 123, SEEK_SET);
	pipe2(p, O_CLOEXEC);
	move_fd(p[0], 12);
	move_fd(p[1], 16);
	move_fd(open(LINES, O_RDONLY), 13);
	fcntl(13, F_SETFD, FD_CLOEXEC);
	dup2(10, 14); /* the copy is not close-on-exec */
	dup3(10, 15, O_CLOEXEC);
	fcntl(15, F_SETFD, 0);
	run(self, argv, no_env);
	printf("the parent still has fd 10, close-on-exec: %s\n",
	       yes_no(fcntl(10, F_GETFD) == FD_CLOEXEC));
	for (int fd = 10; fd <= 16; fd++)
		close(fd);
}

static void test_scripts(void)
{
	char *const args_argv[] = { "args.sh", "one", "two words", NULL };
	char *const args_env[] = { "FOO=from execve", NULL };
	char *const plain_argv[] = { "plain.sh", "a", "b", NULL };
	char *const nested_argv[] = { "nested.sh", "x", NULL };
	char *const argv[] = { "script", NULL };

	/* "#!/bin/busybox sh": the interpreter gets "sh", then the script. */
	run(SCRIPTS "/args.sh", args_argv, args_env);
	/* "#!/bin/sh": no interpreter argument. */
	run(SCRIPTS "/plain.sh", plain_argv, no_env);
	/* "#!/tests/data/scripts/plain.sh": an interpreter that is a script. */
	run(SCRIPTS "/nested.sh", nested_argv, no_env);
	report("execve a script whose interpreter is missing",
	       execve(SCRIPTS "/badinterp.sh", argv, no_env));
	report("execve an executable text file without #!",
	       execve(SCRIPTS "/noshebang", argv, no_env));
}

static void test_errors(void)
{
	char *const argv[] = { "x", NULL };

	report("execve a missing file", execve("/tests/missing", argv, no_env));
	report("execve a directory", execve("/tests", argv, no_env));
	report("execve a file without execute permission", execve(LINES, argv, no_env));
	report("execve through a file", execve(LINES "/x", argv, no_env));
	report("execve an empty path", execve("", argv, no_env));
	report("execve a garbage ELF", execve("/tests/bad/garbage", argv, no_env));
	printf("the process goes on after a failed execve: yes\n");
}

/* The exit status of the exec'd program is the child's. */
static void test_status(void)
{
	char *const sh_exit[] = { "sh", "-c", "exit 3", NULL };
	char *const sh_kill[] = { "sh", "-c", "kill -TERM $$", NULL };
	char *const fexec_argv[] = { "fexecve", "execfn", NULL };
	pid_t pid;
	int fd;

	run("/bin/busybox", sh_exit, no_env);
	run("/bin/busybox", sh_kill, no_env);

	/* fexecve: exec a file by descriptor (execveat with AT_EMPTY_PATH). */
	fd = open(self, O_RDONLY | O_CLOEXEC);
	pid = guest_fork();
	if (pid == 0) {
		fexecve(fd, fexec_argv, no_env);
		printf("fexecve: %s\n", errno_name(errno));
		_exit(127);
	}
	printf("fexecve: wait: %s\n", status_string(wait_for(pid)));
	close(fd);
}

static void handler(int sig)
{
	(void)sig;
}

static void test_signals(void)
{
	static char altstack[64 * 1024];
	char *const argv[] = { "signals", "signals", NULL };
	struct sigaction sa = { .sa_handler = handler };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	sigset_t hup;
	pid_t pid;

	pid = guest_fork();
	if (pid == 0) {
		sigaction(SIGUSR1, &sa, NULL);
		sa.sa_handler = SIG_IGN;
		sigaction(SIGUSR2, &sa, NULL);
		sigemptyset(&hup);
		sigaddset(&hup, SIGHUP);
		sigprocmask(SIG_BLOCK, &hup, NULL);
		kill(getpid(), SIGHUP);
		sigaltstack(&ss, NULL);
		alarm(100);
		execve(self, argv, no_env);
		_exit(127);
	}
	printf("wait: %s\n", status_string(wait_for(pid)));
}

/* exec in a multithreaded process. */
static int block_fd = -1;
static volatile int thread_started;
static char pid_text[16];

static void *blocked_thread(void *arg)
{
	char c;

	(void)arg;
	thread_started = 1;
	read(block_fd, &c, 1); /* nothing ever comes */
	return NULL;
}

static void *exec_thread(void *arg)
{
	char *const argv[] = { "pid", "pid", pid_text, NULL };

	(void)arg;
	execve(self, argv, no_env);
	_exit(127);
}

static void test_threads(void)
{
	char *const argv[] = { "pid", "pid", pid_text, NULL };
	pthread_t t;
	pid_t pid;
	int p[2];

	/* The main thread execs while another thread sleeps in read(). */
	pipe(p);
	pid = guest_fork();
	if (pid == 0) {
		block_fd = p[0];
		snprintf(pid_text, sizeof(pid_text), "%d", (int)getpid());
		pthread_create(&t, NULL, blocked_thread, NULL);
		while (!thread_started)
			sched_yield();
		execve(self, argv, no_env);
		_exit(127);
	}
	printf("execve from the main thread, another blocked in read: wait: %s\n",
	       status_string(wait_for(pid)));
	report("and nothing else is left to wait for", waitpid(-1, NULL, WNOHANG));
	close(p[0]);
	close(p[1]);

	/* Another thread execs while the main thread spins in user code: that
	 * thread takes over the process's pid. */
	pid = guest_fork();
	if (pid == 0) {
		volatile unsigned long spins = 0;

		snprintf(pid_text, sizeof(pid_text), "%d", (int)getpid());
		pthread_create(&t, NULL, exec_thread, NULL);
		for (;;)
			spins++;
	}
	printf("execve from a second thread, the main one spinning: wait: %s\n",
	       status_string(wait_for(pid)));
	report("and nothing else is left to wait for", waitpid(-1, NULL, WNOHANG));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "args") == 0)
		return mode_args(argc, argv);
	if (argc > 1 && strcmp(argv[1], "fds") == 0)
		return mode_fds();
	if (argc > 1 && strcmp(argv[1], "execfn") == 0)
		return mode_execfn();
	if (argc > 1 && strcmp(argv[1], "signals") == 0)
		return mode_signals();
	if (argc > 2 && strcmp(argv[1], "pid") == 0)
		return mode_pid(argv[2]);

	self = argv[0];
	test_args();
	test_cloexec();
	test_scripts();
	test_errors();
	test_status();
	test_signals();
	test_threads();
	return 0;
}
