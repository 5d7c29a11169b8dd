/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside drivers/tty: the line discipline's interface to the tty core, and
 * the core's helpers the line discipline uses. Kernel lock held throughout.
 */
#ifndef _DRIVERS_TTY_INTERNAL_H
#define _DRIVERS_TTY_INTERNAL_H

#include <umk/tty.h>

struct iov_iter;
struct poll_table;

#define N_TTY_BUF_SIZE 4096
/* Output below this many queued bytes makes a tty writable for poll. */
#define WAKEUP_CHARS 256

#define I_FLAG(tty, f) (((tty)->termios.c_iflag & (f)) != 0)
#define O_FLAG(tty, f) (((tty)->termios.c_oflag & (f)) != 0)
#define L_FLAG(tty, f) (((tty)->termios.c_lflag & (f)) != 0)
#define CC(tty, v) ((tty)->termios.c_cc[v])

/* --- n_tty.c: the line discipline ----------------------------------------- */

int n_tty_open(struct tty *tty);
void n_tty_close(struct tty *tty);
/* Input from the device; see tty_receive. */
size_t n_tty_receive(struct tty *tty, const u8 *buf, size_t n);
/* read/write/poll of a tty file (job control already checked for read). May sleep. */
ssize_t n_tty_read(struct tty *tty, struct file *f, struct iov_iter *to);
ssize_t n_tty_write(struct tty *tty, struct file *f, struct iov_iter *from);
unsigned int n_tty_poll(struct tty *tty, struct file *f, struct poll_table *pt);
/* termios changed (old: the previous settings, NULL when opening). */
void n_tty_set_termios(struct tty *tty, const struct ktermios *old);
/* Discards buffered input (TCIFLUSH, ISIG, TCSETSF). */
void n_tty_flush_input(struct tty *tty);
/* FIONREAD: bytes a read could return (in canonical mode, complete lines). */
unsigned int n_tty_inq(struct tty *tty);
/* Writes c to the device as if the line discipline echoed it (TCIOFF/TCION). */
void n_tty_send_char(struct tty *tty, u8 c);

/* --- tty_io.c: the core ------------------------------------------------------- */

/* Output flow control. */
void tty_stop(struct tty *tty);
void tty_start(struct tty *tty);
/*
 * POSIX job control for an operation on tty by current: 0 to go on, or
 * -ERESTARTSYS after sending sig (SIGTTIN, SIGTTOU) to current's process
 * group when it is in the background, or -EIO when it cannot be stopped.
 */
int tty_check_change(struct tty *tty, int sig);
/* The tty is hung up (reads return 0, writes -EIO). */
static inline bool tty_hung_up(const struct tty *tty)
{
	return tty->hung_up;
}

#endif
