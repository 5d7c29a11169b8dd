/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host-glue API: the only way kernel-side code reaches the host.
 *
 * Rules: plain C types only (no libc type crosses this line); every function
 * returns 0 or a non-negative value on success and -errno on failure, never
 * sets errno, and retries EINTR itself unless it says otherwise. Flag and
 * constant values are Linux's own (the host and the guest ABI are both
 * x86-64 Linux), taken on the kernel side from the UAPI headers.
 */
#ifndef _HOST_HOST_H
#define _HOST_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- process lifetime, diagnostics -------------------------------------- */

/* Exits umk at once with status (no atexit handlers beyond libc's flush; the
 * host terminal's settings are restored). */
__attribute__((noreturn)) void host_exit(int status);
/* Writes a backtrace of the calling host thread to stderr. */
void host_backtrace(void);
/*
 * Called once, first thing in main(), before any thread exists: raises
 * RLIMIT_NOFILE to its hard limit, ignores SIGPIPE, blocks the signals that
 * ask umk to stop (SIGINT, SIGTERM, SIGHUP, SIGQUIT) and those about the
 * terminal (SIGWINCH, SIGCONT) in every thread, and installs a
 * crash handler that restores the terminal and prints a backtrace.
 */
int host_early_init(void);
/* A non-blocking eventfd, and a way to signal it. */
int host_eventfd(void);
int host_eventfd_signal(int efd);
/*
 * Sleeps until efd is signalled (returns 0) or umk is asked to stop by one
 * of the blocked signals (returns that signal's number).
 */
int host_wait_shutdown(int efd);
/* A description of an error number ("No such file or directory"). */
const char *host_strerror(int err);
/* Total physical memory of the host, in bytes. */
uint64_t host_total_ram(void);
int host_getpid(void);
int host_gettid(void);
uint32_t host_geteuid(void);
uint32_t host_getegid(void);
/* The host's AT_HWCAP / AT_HWCAP2 / AT_MINSIGSTKSZ values. */
uint64_t host_getauxval(unsigned long type);

/* --- files --------------------------------------------------------------- */

struct host_stat {
	uint64_t dev, ino, nlink, rdev, size, blocks;
	uint32_t mode, uid, gid, blksize;
	int64_t atime_sec, mtime_sec, ctime_sec;
	int64_t atime_nsec, mtime_nsec, ctime_nsec;
};

int host_openat(int dirfd, const char *path, int flags, unsigned int mode);
/* Opens the file behind fd (which may be O_PATH) again with flags, through /proc/self/fd. */
int host_reopen(int fd, int flags);
int host_close(int fd);
long host_read(int fd, void *buf, size_t len);
long host_write(int fd, const void *buf, size_t len);
/* Writes the whole buffer (retrying short writes); 0 or -errno. */
int host_write_all(int fd, const void *buf, size_t len);
long host_pread(int fd, void *buf, size_t len, int64_t off);
long host_pwrite(int fd, const void *buf, size_t len, int64_t off);
int64_t host_lseek(int fd, int64_t off, int whence);
int host_fstatat(int dirfd, const char *path, struct host_stat *st, int flags);
long host_getdents64(int fd, void *buf, size_t len);
long host_readlinkat(int dirfd, const char *path, char *buf, size_t len);
long host_fgetxattr(int fd, const char *name, void *buf, size_t len);
/* A raw ioctl; arg points to the kernel-ABI structure the request takes. */
int host_ioctl(int fd, unsigned long req, void *arg);
bool host_isatty(int fd);
int host_memfd_create(const char *name, unsigned int flags);
int host_ftruncate(int fd, int64_t len);
/* A sealed, read-only memfd holding a copy of buf. */
int host_memfd_sealed(const char *name, const void *buf, size_t len);
/* Returns the lowest RLIMIT_NOFILE-visible max of host descriptors. */
long host_nofile_limit(void);

struct host_pollfd {
	int fd;
	short events, revents;
};

/*
 * poll(2) on host descriptors for at most timeout_ms (-1: no limit):
 * returns the number ready, 0 on timeout, or -errno. Not restarted after a
 * signal (-EINTR).
 */
int host_poll(struct host_pollfd *fds, int n, int timeout_ms);

/* --- the host terminal (the console) ----------------------------------- */

/*
 * Saves fd's terminal settings (the first time) and puts the terminal in
 * raw mode: no echo, no signals, no canonical input, no output processing.
 * -ESHUTDOWN once host_tty_restore has run.
 */
int host_tty_make_raw(int fd);
/*
 * Puts back the settings host_tty_make_raw saved, for good (idempotent; a
 * no-op if nothing was saved). Async-signal-safe: the crash handler and
 * host_exit call it too.
 */
void host_tty_restore(void);
/*
 * A non-blocking signalfd for SIGWINCH (the terminal was resized) and
 * SIGCONT (umk was continued after a stop: a shell may have reset the
 * terminal), blocked in every thread from host_early_init on; -errno.
 */
int host_tty_signal_fd(void);
/* Reads one signal from a signalfd: its number, 0 if none is pending, or -errno. */
int host_signalfd_read(int fd);

/* --- memory of umk itself ------------------------------------------------ */

void *host_malloc(size_t size);
void *host_calloc(size_t n, size_t size);
void *host_realloc(void *p, size_t size);
void host_free(void *p);
int host_getrandom(void *buf, size_t len);

/* --- time ---------------------------------------------------------------- */

struct host_timespec {
	int64_t sec;
	int64_t nsec;
};

int host_clock_gettime(int clockid, struct host_timespec *ts);
int host_clock_getres(int clockid, struct host_timespec *ts);
/* Sleeps for the relative time ts (restarting after signals). */
void host_nanosleep(const struct host_timespec *ts);

/* --- threads and the kernel's locks -------------------------------------- */

/* Opaque storage for a pthread mutex / condition variable (host-glue checks the sizes). */
struct host_mutex {
	_Alignas(8) unsigned char opaque[64];
};
struct host_cond {
	_Alignas(8) unsigned char opaque[64];
};

int host_thread_create(void (*fn)(void *), void *arg, const char *name);
/* Names the calling host thread (15 characters at most are kept). */
void host_thread_set_name(const char *name);
__attribute__((noreturn)) void host_thread_exit(void);

void host_mutex_init(struct host_mutex *m);
void host_mutex_lock(struct host_mutex *m);
void host_mutex_unlock(struct host_mutex *m);
void host_cond_init(struct host_cond *c);
void host_cond_wait(struct host_cond *c, struct host_mutex *m);
/* Waits until the CLOCK_MONOTONIC deadline; returns 0 or -ETIMEDOUT. */
int host_cond_timedwait(struct host_cond *c, struct host_mutex *m, const struct host_timespec *abs);
void host_cond_signal(struct host_cond *c);
void host_cond_broadcast(struct host_cond *c);

/* --- host processes ------------------------------------------------------ */

/*
 * Starts a fresh host process running the static ELF image img (copied to a
 * sealed memfd and executed from it) with ctlfd as its descriptor 3 and no
 * other descriptor, in a new session, killed when the calling thread exits.
 * With *namespaces set it first tries new user, pid, network, mount, IPC
 * and UTS namespaces (the caller's ids mapped to themselves), and clears
 * *namespaces if the host refuses them and the process runs without.
 * Returns its host pid; *pidfd receives a pidfd for it (or -1).
 */
int host_spawn_image(const void *img, size_t len, int ctlfd, int *pidfd, bool *namespaces);
/* A SOCK_SEQPACKET socket pair, close-on-exec. */
int host_socketpair(int sv[2]);
/* Makes the socket report each sender's pid (SO_PASSCRED). */
int host_set_passcred(int fd);
/* Sends one message with up to 4 descriptors attached. */
long host_send_fds(int sock, const void *buf, size_t len, const int *fds, int nfds);
/*
 * Receives one message; *pid is the sender's pid in umk's pid namespace
 * (from SCM_CREDENTIALS), or -1. Returns the length (0 at EOF) or -errno.
 */
long host_recv_cred(int sock, void *buf, size_t len, int *pid);
int host_kill(int pid, int sig);
int host_tgkill(int tgid, int tid, int sig);
/* waitpid(pid, status, flags) on one explicit pid; never -1. */
int host_waitpid(int pid, int *status, int flags);
int host_pidfd_open(int pid);
/*
 * The host tid (in umk's pid namespace) of the thread of process pid whose
 * tid is ns_tid in its own pid namespace (/proc/PID/task/ * /status NSpid),
 * skipping the nknown tids in known. -ESRCH if there is none.
 */
int host_thread_host_tid(int pid, int ns_tid, const int *known, int nknown);

/* --- ptrace -------------------------------------------------------------- */

int host_ptrace_seize(int tid, unsigned long options);
int host_ptrace_interrupt(int tid);
/* PTRACE_SYSEMU, PTRACE_CONT, PTRACE_DETACH... with a signal to deliver. */
int host_ptrace_resume(long request, int tid, int sig);
/* regs is a user_regs_struct-layout buffer of 27 * 8 bytes. */
int host_ptrace_getregs(int tid, void *regs);
int host_ptrace_setregs(int tid, const void *regs);
/* PTRACE_GETREGSET/SETREGSET; *len is in/out for get. */
int host_ptrace_getregset(int tid, unsigned int type, void *buf, size_t *len);
int host_ptrace_setregset(int tid, unsigned int type, const void *buf, size_t len);
/* siginfo is a 128-byte buffer. */
int host_ptrace_getsiginfo(int tid, void *siginfo);
/* Returns the number of bytes the kernel filled (struct ptrace_syscall_info). */
long host_ptrace_get_syscall_info(int tid, void *buf, size_t len);
int host_ptrace_geteventmsg(int tid, unsigned long *msg);
int host_ptrace_pokeuser(int tid, unsigned long offset, unsigned long value);

/* --- memory shared with guest processes ---------------------------------- */

/* Maps fd MAP_SHARED read-write into umk; NULL on failure. */
void *host_mmap_shared(int fd, size_t len);
void host_munmap(void *p, size_t len);
/*
 * futex(2) on memory shared between processes (never FUTEX_PRIVATE).
 * host_futex_wait sleeps while *addr == val, at most timeout_ns (0: no
 * limit); returns 0 (woken, or the value had changed), -ETIMEDOUT or
 * -EINTR.
 */
int host_futex_wait(uint32_t *addr, uint32_t val, uint64_t timeout_ns);
void host_futex_wake(uint32_t *addr, int n);
int host_pidfd_send_signal(int pidfd, int sig);
/* Whether the process behind pidfd has exited (does not block). */
bool host_pidfd_exited(int pidfd);
/* Waits up to timeout_ms for the process behind pidfd to exit: true if it has. */
bool host_pidfd_wait(int pidfd, int timeout_ms);
/* RLIMIT_* of umk itself (soft value). */
uint64_t host_getrlimit(int resource);

/* epoll, for watching many descriptors from one thread. */
int host_epoll_create(void);
int host_epoll_add(int epfd, int fd, uint64_t data);
void host_epoll_del(int epfd, int fd);
/* Waits for readable descriptors; fills data[] and returns how many, or -errno. */
int host_epoll_wait(int epfd, uint64_t *data, int max, int timeout_ms);

/* --- CPUs and the host's accounting of guest threads ------------------------ */

/* The number of CPU ids the host has (configured CPUs). */
int host_cpu_count(void);
/* sched_getaffinity/sched_setaffinity of host thread tid (0: the caller) as a bitmap of nwords. */
int host_getaffinity(int tid, uint64_t *mask, size_t nwords);
int host_setaffinity(int tid, const uint64_t *mask, size_t nwords);
/* Time host thread tid of process pid has spent on a CPU, in ns (its schedstat). */
int host_thread_runtime(int pid, int tid, uint64_t *ns);

struct host_thread_stat {
	uint64_t utime_ns, stime_ns; /* sampled at the host's clock tick */
	int cpu; /* the CPU it last ran on, or -1 */
};

/*
 * User and system time and last CPU of host thread tid of process pid (its
 * stat); tid 0: of the whole process, exited threads included.
 */
int host_thread_stat(int pid, int tid, struct host_thread_stat *st);
/* Peak resident memory of host process pid in KiB (VmHWM), or -errno. */
long host_proc_hwm_kb(int pid);

/* --- another process's memory -------------------------------------------- */

struct host_iovec {
	uint64_t base;
	uint64_t len;
};

/* Return the bytes transferred (possibly short) or -errno. */
long host_process_vm_read(int pid, void *local, uint64_t remote, size_t len);
long host_process_vm_write(int pid, const void *local, uint64_t remote, size_t len);
/* Opens /proc/<pid>/mem read-write (writes there ignore page protection). */
int host_open_proc_mem(int pid);

#endif
