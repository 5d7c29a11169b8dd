/*
 * threads: clone(CLONE_THREAD) through pthreads, and futexes. 64 threads
 * contending on a mutex (a futex underneath) count exactly; every thread has
 * its own tid and the process's pid; a signal sent to a thread that spins in
 * user code runs the handler in that thread; thread exit clears the tid
 * word and wakes its futex (CLONE_CHILD_CLEARTID, which pthread_join waits
 * on, tried raw too); FUTEX_WAIT times out and checks its word; FUTEX_WAKE
 * wakes as many as asked and says how many; condition variables; thread-local
 * storage; a robust mutex whose owner died; exit and fatal signals end every
 * thread.
 */
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

/* From <linux/futex.h>, which musl-gcc does not see. */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

#define NTHREADS 64
#define ROUNDS 2000

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static long futex(void *word, int op, int val, const struct timespec *timeout)
{
	return syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static pthread_attr_t small_stack;

/* ---- a mutex under contention; tids and pids ------------------------------ */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static pid_t tids[NTHREADS], pids[NTHREADS];
static pthread_barrier_t start_line;

static void *count_up(void *arg)
{
	int i = (int)(intptr_t)arg;

	tids[i] = gettid_();
	pids[i] = getpid();
	pthread_barrier_wait(&start_line);
	for (int r = 0; r < ROUNDS; r++) {
		pthread_mutex_lock(&lock);
		counter++;
		if (r % 100 == 0)
			sched_yield(); /* hold the lock across a switch now and then */
		pthread_mutex_unlock(&lock);
	}
	return (void *)(intptr_t)(i + 1000);
}

static void test_contention(void)
{
	pthread_t t[NTHREADS];
	int distinct = 1, same_pid = 1, joined = 1;

	pthread_barrier_init(&start_line, NULL, NTHREADS);
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], &small_stack, count_up, (void *)(intptr_t)i) != 0)
			printf("pthread_create %d failed\n", i);
	for (int i = 0; i < NTHREADS; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		joined &= ret == (void *)(intptr_t)(i + 1000);
	}
	for (int i = 0; i < NTHREADS; i++) {
		same_pid &= pids[i] == getpid();
		distinct &= tids[i] != getpid() && tids[i] > 0;
		for (int j = 0; j < i; j++)
			distinct &= tids[i] != tids[j];
	}
	pthread_barrier_destroy(&start_line);
	printf("%d threads x %d locked increments: counter %ld\n", NTHREADS, ROUNDS, counter);
	printf("pthread_join returns each thread's value: %s\n", yes_no(joined));
	printf("every thread has its own tid, none the pid: %s\n", yes_no(distinct));
	printf("every thread has the process's pid: %s\n", yes_no(same_pid));
	printf("in the main thread gettid() == getpid(): %s\n", yes_no(gettid_() == getpid()));
}

/* ---- a signal to a thread that spins in user code ------------------------- */

static volatile sig_atomic_t got_signal;
static pid_t handler_tid;

static void on_usr1(int sig)
{
	(void)sig;
	handler_tid = gettid_();
	__atomic_thread_fence(__ATOMIC_RELEASE);
	got_signal = 1;
}

static pid_t spinner_tid;
static volatile int spinner_ready;

static void *spin_until_signalled(void *arg)
{
	(void)arg;
	spinner_tid = gettid_();
	spinner_ready = 1;
	while (!got_signal)
		; /* no system call: only an interrupt of user code stops this */
	return NULL;
}

static void test_signal_to_spinner(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	pthread_t t;

	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&t, &small_stack, spin_until_signalled, NULL);
	while (!spinner_ready)
		sched_yield();
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	printf("pthread_kill to a thread spinning in user code: the handler ran in that thread: "
	       "%s\n",
	       yes_no(got_signal && handler_tid == spinner_tid));
}

/* ---- CLONE_CHILD_CLEARTID, raw -------------------------------------------- */

static volatile pid_t child_tid_word = -1, parent_tid_word;
static volatile int raw_thread_ran;

static int raw_thread(void *arg)
{
	(void)arg;
	raw_thread_ran = 1;
	/* Exit this thread alone (not exit_group): no libc below. */
	for (;;)
		syscall(SYS_exit, 0);
	return 0;
}

static void test_cleartid(void)
{
	static char stack[64 * 1024] __attribute__((aligned(16)));
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	pid_t tid;
	int waits = 0;

	tid = clone(raw_thread, stack + sizeof(stack), flags, NULL, &parent_tid_word, NULL,
		    &child_tid_word);
	printf("clone(CLONE_THREAD | CLONE_PARENT_SETTID): the tid is written: %s\n",
	       yes_no(tid > 0 && parent_tid_word == tid));
	/* The kernel zeroes the word at the thread's exit and wakes it. */
	while (child_tid_word != 0) {
		futex((void *)&child_tid_word, FUTEX_WAIT, child_tid_word, NULL);
		waits++;
	}
	printf("CLONE_CHILD_CLEARTID: the word is 0 once the thread has exited: %s\n",
	       yes_no(raw_thread_ran && child_tid_word == 0));
}

/* ---- futex WAIT and WAKE --------------------------------------------------- */

static int word;
static volatile int waiting;
static int wait_results[4];

static void *futex_waiter(void *arg)
{
	int i = (int)(intptr_t)arg;

	__atomic_add_fetch(&waiting, 1, __ATOMIC_SEQ_CST);
	wait_results[i] = (int)futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL);
	return NULL;
}

static void test_futex(void)
{
	struct timespec t0, t1, timeout = { 0, 50 * 1000000 };
	pthread_t t[4];
	long r, woken;
	int misaligned[2];

	word = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = futex(&word, FUTEX_WAIT_PRIVATE, 0, &timeout);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("FUTEX_WAIT 50 ms, nobody wakes it: %s, after at least 45 ms: %s\n",
	       r < 0 ? errno_name(errno) : "woken",
	       yes_no((t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec >=
		      45000000L));
	report("FUTEX_WAIT when the word is not the value",
	       futex(&word, FUTEX_WAIT_PRIVATE, 1, &timeout));
	printf("FUTEX_WAKE with no waiters: %ld\n", futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL));
	report("FUTEX_WAIT on a misaligned address",
	       futex((char *)misaligned + 1, FUTEX_WAIT_PRIVATE, 0, &timeout));
	report("FUTEX_WAIT on an unmapped address",
	       futex((int *)(16 * guest_bad_addr), FUTEX_WAIT_PRIVATE, 0, &timeout));
	report("futex bad operation", futex(&word, 99, 0, NULL));

	/* Four waiters; wake 2, then the rest. A waiter counts itself just
	 * before it sleeps, and nothing tells when it is asleep: 200 ms more
	 * is plenty (the one timing assumption of this program). */
	waiting = 0;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], &small_stack, futex_waiter, (void *)(intptr_t)i);
	while (waiting < 4)
		sleep_ms(10);
	sleep_ms(200);
	woken = futex(&word, FUTEX_WAKE_PRIVATE, 2, NULL);
	printf("4 waiters, FUTEX_WAKE 2: %ld woken\n", woken);
	r = futex(&word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL);
	printf("then FUTEX_WAKE INT_MAX: %ld woken\n", r);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("each waiter returned 0: %s\n", yes_no(!wait_results[0] && !wait_results[1] &&
						      !wait_results[2] && !wait_results[3]));

	/* FUTEX_WAIT_BITSET with an absolute CLOCK_MONOTONIC deadline, as
	 * glibc's timed waits use it. */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	t0.tv_nsec += 30 * 1000000;
	if (t0.tv_nsec >= 1000000000L) {
		t0.tv_sec++;
		t0.tv_nsec -= 1000000000L;
	}
	r = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 0, &t0, NULL,
		    FUTEX_BITSET_MATCH_ANY);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("FUTEX_WAIT_BITSET to an absolute deadline: %s, not before it: %s\n",
	       r < 0 ? errno_name(errno) : "woken",
	       yes_no(t1.tv_sec > t0.tv_sec ||
		      (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec)));
}

/* ---- condition variables --------------------------------------------------- */

static pthread_mutex_t cv_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn, volleys;

static void *ping_pong(void *arg)
{
	int me = (int)(intptr_t)arg;

	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&cv_lock);
		while (turn != me)
			pthread_cond_wait(&cv, &cv_lock);
		volleys++;
		turn = !me;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&cv_lock);
	}
	return NULL;
}

static void test_condvar(void)
{
	pthread_t a, b;
	struct timespec deadline;
	int r;

	pthread_create(&a, &small_stack, ping_pong, (void *)0);
	pthread_create(&b, &small_stack, ping_pong, (void *)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("condition variable ping-pong, 1000 rounds each: %d volleys\n", volleys);

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 50 * 1000000;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&cv_lock);
	r = pthread_cond_timedwait(&cv, &cv_lock, &deadline);
	pthread_mutex_unlock(&cv_lock);
	printf("pthread_cond_timedwait 50 ms, no signal: %s\n", errno_name(r));
}

/* ---- thread-local storage --------------------------------------------------- */

static __thread int tls_value = 5;
static __thread char tls_buffer[64];
static int tls_ok[8], tls_initial[8];

static void *use_tls(void *arg)
{
	int i = (int)(intptr_t)arg;

	tls_initial[i] = tls_value == 5 && tls_buffer[0] == 0;
	tls_value = i * 10;
	snprintf(tls_buffer, sizeof(tls_buffer), "thread %d", i);
	for (int n = 0; n < 20; n++)
		sched_yield();
	tls_ok[i] = tls_value == i * 10 && strcmp(tls_buffer, "thread ") > 0 &&
		    atoi(tls_buffer + 7) == i;
	return NULL;
}

static void test_tls(void)
{
	pthread_t t[8];
	int ok = 1, initial = 1;

	tls_value = 99;
	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], &small_stack, use_tls, (void *)(intptr_t)i);
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		ok &= tls_ok[i];
		initial &= tls_initial[i];
	}
	printf("a new thread starts with the initial TLS values: %s\n", yes_no(initial));
	printf("each thread keeps its own TLS values: %s\n", yes_no(ok));
	printf("the main thread's value is untouched: %d\n", tls_value);
}

/* ---- a robust mutex whose owner died --------------------------------------- */

static void test_robust(void)
{
	pthread_mutex_t *m =
		mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t attr;
	pid_t c;
	int r;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &attr);
	c = guest_fork();
	if (c == 0) {
		pthread_mutex_lock(m);
		_exit(0); /* dies holding it: the kernel walks its robust list */
	}
	wait_for(c);
	r = pthread_mutex_lock(m);
	printf("locking a robust mutex whose owner process died: %s\n", errno_name(r));
	if (r == EOWNERDEAD) {
		pthread_mutex_consistent(m);
		pthread_mutex_unlock(m);
	}
	r = pthread_mutex_lock(m);
	printf("then consistent, unlocked, locked again: %s\n", r ? errno_name(r) : "ok");
	pthread_mutex_unlock(m);
	munmap(m, sizeof(*m));
}

/* ---- the end of a multithreaded process ------------------------------------ */

static void *exit_three(void *arg)
{
	(void)arg;
	sleep_ms(50);
	exit(3);
}

static void *block_forever(void *arg)
{
	int *fd = arg;
	char c;

	read(*fd, &c, 1);
	return NULL;
}

static void test_process_end(void)
{
	pid_t c;
	int p[2];

	/* exit() from a thread ends every thread, the blocked main one too. */
	pipe(p);
	c = guest_fork();
	if (c == 0) {
		pthread_t t;
		char ch;

		close(p[1]);
		pthread_create(&t, &small_stack, exit_three, NULL);
		read(p[0], &ch, 1);
		_exit(9);
	}
	printf("exit(3) from a thread, main blocked in read: %s\n", status_string(wait_for(c)));

	/* A fatal signal ends every thread. */
	c = guest_fork();
	if (c == 0) {
		pthread_t t[3];

		close(p[1]);
		for (int i = 0; i < 3; i++)
			pthread_create(&t[i], &small_stack, block_forever, &p[0]);
		for (;;)
			pause();
	}
	sleep_ms(100);
	kill(c, SIGTERM);
	printf("SIGTERM to a process of 4 threads: %s\n", status_string(wait_for(c)));

	/* pthread_exit from main: the process lives on until the last thread. */
	c = guest_fork();
	if (c == 0) {
		pthread_t t;

		pthread_create(&t, &small_stack, exit_three, NULL);
		pthread_exit(NULL);
	}
	printf("pthread_exit in main, another thread calls exit(3): %s\n",
	       status_string(wait_for(c)));
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_attr_init(&small_stack);
	pthread_attr_setstacksize(&small_stack, 256 * 1024);
	test_contention();
	test_signal_to_spinner();
	test_cleartid();
	test_futex();
	test_condvar();
	test_tls();
	test_robust();
	test_process_end();
	return 0;
}
