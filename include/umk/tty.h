/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Terminals (drivers/tty/). A struct tty is one terminal: its termios,
 * window size, the session it controls and that session's foreground
 * process group, and the state of its line discipline (n_tty, the only
 * one). Under it sits a driver (the host console today, pseudo-terminal
 * halves later) that moves bytes to and from the device through a small
 * operations table; above it the tty core (tty_io.c) gives the guest its
 * file operations, its ioctls and POSIX job control.
 *
 * Data flow: the driver hands received bytes to tty_receive(), which runs
 * the line discipline (editing, echo, signals) and wakes readers; guest
 * writes go through output processing (OPOST) into the driver's write().
 * Everything here runs under the big kernel lock; drivers call in from
 * their own host threads after taking it. Driver operations never sleep.
 */
#ifndef _UMK_TTY_H
#define _UMK_TTY_H

#include <asm/termbits.h>
#include <asm/termios.h>
#include <umk/sched.h>
#include <umk/types.h>

struct file;
struct tty;
struct n_tty;

/* What a driver does for the tty core. Called with the kernel lock held. */
struct tty_operations {
	/* Queues up to n bytes for the device; returns how many it took. */
	size_t (*write)(struct tty *tty, const u8 *buf, size_t n);
	/*
	 * How many bytes write() would take now. When it answers less than a
	 * caller needs, the driver calls tty_wakeup() once room has grown.
	 */
	size_t (*write_room)(struct tty *tty);
	/* Output queued and not yet sent (TIOCOUTQ, drains); tty_wakeup when it falls to 0. */
	size_t (*chars_in_buffer)(struct tty *tty);
	/* Discards the output not yet sent. */
	void (*flush_buffer)(struct tty *tty);
	/* Output flow control (VSTOP/VSTART with IXON, TCOOFF/TCOON). */
	void (*stop)(struct tty *tty);
	void (*start)(struct tty *tty);
	/* tty_receive() refused bytes earlier and the line discipline has room again. */
	void (*unthrottle)(struct tty *tty);
	/* termios changed; old holds the previous settings. Optional. */
	void (*set_termios)(struct tty *tty, const struct ktermios *old);
	/* The driver's own ioctls; -ENOIOCTLCMD for what it does not know. Optional. */
	long (*ioctl)(struct tty *tty, struct file *f, unsigned int cmd, u64 arg);
	/* The last open file of the tty was closed. Optional. */
	void (*close)(struct tty *tty);
	/* The last reference is gone: free driver_data. Optional. */
	void (*cleanup)(struct tty *tty);
};

struct tty_driver {
	const char *name; /* "console" */
	unsigned int major, minor; /* the device number TIOCGDEV reports */
	const struct tty_operations *ops;
	struct ktermios init_termios;
};

/* Protected by the kernel lock. */
struct tty {
	int refcount; /* tty_kref_get/put: open files, sessions, the driver */
	int count; /* open files */
	const struct tty_driver *driver;
	void *driver_data;

	struct ktermios termios;
	struct winsize winsize;

	/* job control: the session this is the controlling tty of, and its
	 * foreground process group (0: none) */
	pid_t session, pgrp;

	bool stopped; /* output stopped by VSTOP or TCOOFF */
	bool tco_stopped; /* ... by TCOOFF: only TCOON restarts it */
	bool throttled; /* tty_receive() refused input: unthrottle when room returns */
	bool hung_up; /* the device is gone: reads see EOF, writes EIO */
	bool exclusive; /* TIOCEXCL: further opens need CAP_SYS_ADMIN */

	struct wait_queue_head read_wait; /* input arrived, or hangup */
	struct wait_queue_head write_wait; /* output room, drained, restarted */

	struct n_tty *ldisc; /* line discipline state (drivers/tty/n_tty.c) */

	/* How ISIG characters and window changes signal a process group:
	 * kill_pgrp (umk/signal.h); the KUnit suite replaces it. */
	int (*kill_pgrp)(pid_t pgrp, int sig, bool from_kernel);
};

/* The termios of a Linux console: ICANON, ECHO, ISIG, ICRNL, OPOST|ONLCR, B38400. */
extern const struct ktermios tty_std_termios;

/* --- for drivers ----------------------------------------------------------- */

/* A new tty with one reference, the driver's termios and an 80x24 window; NULL. */
struct tty *tty_alloc(const struct tty_driver *driver, void *driver_data);
struct tty *tty_kref_get(struct tty *tty); /* NULL-safe */
void tty_kref_put(struct tty *tty); /* NULL-safe */

/*
 * Bytes from the device: runs them through the line discipline (input
 * flags, editing, echo, ISIG signals, flow control) and wakes readers.
 * Returns how many it took: fewer than n when its buffer is full, and then
 * tty->throttled is set and ops->unthrottle is called once there is room.
 */
size_t tty_receive(struct tty *tty, const u8 *buf, size_t n);
/* The driver has output room again, or has drained: wakes writers and pollers. */
void tty_wakeup(struct tty *tty);
/* The device changed size (the host terminal was resized): SIGWINCH if it differs. */
void tty_set_winsize(struct tty *tty, const struct winsize *ws);
/*
 * The device went away (the host terminal closed): reads return 0, writes
 * -EIO, and the controlling session is sent SIGHUP and SIGCONT and loses it.
 */
void tty_hangup(struct tty *tty);

/*
 * Makes f an open file of tty (the driver's open calls this from its
 * file_operations open): takes a reference, sets f's operations to the
 * tty's, and, unless noctty, makes tty the controlling tty of current's
 * session when current leads a session that has none and tty has no
 * session. 0 or -errno (-EBUSY: TIOCEXCL).
 */
int tty_open_file(struct tty *tty, struct file *f, bool noctty);
/* The tty behind a file, or NULL if it is not a tty. */
struct tty *tty_from_file(const struct file *f);

/* --- for the process model (kernel/) ------------------------------------- */

/*
 * Makes the tty behind f the controlling tty of t's session, with t's
 * process group in the foreground, as a session leader's open without
 * O_NOCTTY does: for init's console. -ENOTTY if f is not a tty, -EPERM if
 * t leads no session or its session has a tty, or the tty has a session.
 */
int tty_set_ctty(struct task *t, struct file *f);

/*
 * The leader of a session exits (exit.c, when its thread group is dead):
 * SIGHUP and SIGCONT to the foreground process group of its controlling
 * tty, which then controls no session; every process of the session loses
 * its controlling tty. Kernel lock held.
 */
void tty_session_leader_exit(struct task *leader);

/*
 * Drops p's controlling tty (setsid, TIOCNOTTY of a non-leader): puts the
 * reference signal->tty holds and clears it.
 */
void proc_clear_tty(struct task *p);

#endif
