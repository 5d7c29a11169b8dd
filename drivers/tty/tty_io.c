// SPDX-License-Identifier: GPL-2.0
/*
 * The tty core: struct tty and its lifetime, the file operations of every
 * terminal, the terminal ioctls (termios, window size, flushing, flow
 * control, the process-group and session requests) and POSIX job control
 * (background reads get SIGTTIN, background writes with TOSTOP and
 * background termios changes get SIGTTOU). It also owns the link between
 * a session and its controlling tty: tty->session and tty->pgrp on one
 * side, signal_struct.tty (a counted reference) on the other. /dev/tty
 * (5:0) opens the caller's controlling tty.
 *
 * Unlike Linux, the console's files are subject to job control: umk's
 * console is the terminal itself, not an alias of one (Linux exempts
 * /dev/console files because there they redirect to a real tty).
 */
#include <asm/ioctls.h>
#include <linux/fcntl.h>
#include <linux/signal.h>
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/init.h>
#include <umk/kernel.h>
#include <umk/poll.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/uaccess.h>
#include <umk/wait.h>

#include "tty_internal.h"

#define TTYAUX_MAJOR 5 /* 5:0 /dev/tty, 5:1 /dev/console */
#define N_TTY 0 /* the line discipline number TIOCGETD reports */

const struct ktermios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	/* ^C ^\ DEL ^U ^D, VTIME 0, VMIN 1, ^Q ^S ^Z ^R ^O ^W ^V; VEOL, VEOL2 unset */
	.c_cc = "\003\034\177\025\004\0\1\0\021\023\032\0\022\017\027\026\0",
	.c_ispeed = 38400,
	.c_ospeed = 38400,
};

static const struct file_operations tty_fops;

/* --- lifetime ------------------------------------------------------------------- */

struct tty *tty_alloc(const struct tty_driver *driver, void *driver_data)
{
	struct tty *tty = kzalloc(sizeof(*tty));

	if (!tty)
		return NULL;
	tty->refcount = 1;
	tty->driver = driver;
	tty->driver_data = driver_data;
	tty->termios = driver->init_termios;
	tty->kill_pgrp = kill_pgrp;
	init_waitqueue_head(&tty->read_wait);
	init_waitqueue_head(&tty->write_wait);
	if (n_tty_open(tty)) {
		kfree(tty);
		return NULL;
	}
	return tty;
}

struct tty *tty_kref_get(struct tty *tty)
{
	if (tty)
		tty->refcount++;
	return tty;
}

void tty_kref_put(struct tty *tty)
{
	if (!tty || --tty->refcount > 0)
		return;
	n_tty_close(tty);
	if (tty->driver->ops->cleanup)
		tty->driver->ops->cleanup(tty);
	kfree(tty);
}

/* --- sessions and controlling ttys ------------------------------------------ */

static bool is_session_leader(const struct task *t)
{
	return t->signal && t->signal->session == t->tgid;
}

/* Makes tty the controlling tty of t's session, t's group in the foreground. */
static void proc_set_tty(struct task *t, struct tty *tty)
{
	tty->session = t->signal->session;
	tty->pgrp = t->signal->pgrp;
	proc_clear_tty(t);
	t->signal->tty = tty_kref_get(tty);
}

void proc_clear_tty(struct task *p)
{
	if (!p->signal)
		return;
	tty_kref_put(p->signal->tty);
	p->signal->tty = NULL;
}

/* Every process of session sid loses its controlling tty. */
static void session_clear_tty(pid_t sid)
{
	struct task *p;

	for_each_process (p)
		if (p->signal->session == sid)
			proc_clear_tty(p);
}

/*
 * The session of tty gives it up: SIGHUP and SIGCONT to the foreground
 * group, then no session controls it and none of its processes has it.
 */
static void disassociate(struct tty *tty, pid_t sid, bool from_kernel)
{
	pid_t pgrp = tty->pgrp;

	tty_kref_get(tty);
	if (pgrp) {
		tty->kill_pgrp(pgrp, SIGHUP, from_kernel);
		tty->kill_pgrp(pgrp, SIGCONT, from_kernel);
	}
	if (tty->session == sid) {
		tty->session = 0;
		tty->pgrp = 0;
	}
	session_clear_tty(sid);
	tty_kref_put(tty);
}

void tty_session_leader_exit(struct task *leader)
{
	if (leader->signal && leader->signal->tty)
		disassociate(leader->signal->tty, leader->signal->session, true);
}

int tty_set_ctty(struct task *t, struct file *f)
{
	struct tty *tty = tty_from_file(f);

	if (!tty)
		return -ENOTTY;
	if (!is_session_leader(t) || t->signal->tty || tty->session)
		return -EPERM;
	proc_set_tty(t, tty);
	return 0;
}

/* --- job control ---------------------------------------------------------------- */

int tty_check_change(struct tty *tty, int sig)
{
	struct task *t = current;
	pid_t pgrp;

	if (!t || !t->signal || t->signal->tty != tty)
		return 0;
	pgrp = t->signal->pgrp;
	if (!tty->pgrp || pgrp == tty->pgrp)
		return 0;
	/* A background reader that cannot be stopped gets EIO; a writer goes on. */
	if (sig_blocked_or_ignored(t, sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (is_orphaned_pgrp(pgrp))
		return -EIO;
	tty->kill_pgrp(pgrp, sig, true);
	return -ERESTARTSYS;
}

/* --- for drivers ------------------------------------------------------------------- */

size_t tty_receive(struct tty *tty, const u8 *buf, size_t n)
{
	if (tty->hung_up)
		return n;
	return n_tty_receive(tty, buf, n);
}

void tty_wakeup(struct tty *tty)
{
	wake_up(&tty->write_wait);
}

void tty_set_winsize(struct tty *tty, const struct winsize *ws)
{
	if (!memcmp(ws, &tty->winsize, sizeof(*ws)))
		return;
	if (tty->pgrp)
		tty->kill_pgrp(tty->pgrp, SIGWINCH, true);
	tty->winsize = *ws;
}

void tty_hangup(struct tty *tty)
{
	struct task *leader;

	if (tty->hung_up)
		return;
	tty->hung_up = true;
	if (tty->session) {
		leader = task_find(tty->session);
		if (leader && leader->signal && leader->signal->tty == tty) {
			send_sig(SIGHUP, leader, true);
			send_sig(SIGCONT, leader, true);
		}
		disassociate(tty, tty->session, true);
	}
	wake_up(&tty->read_wait);
	wake_up(&tty->write_wait);
}

void tty_stop(struct tty *tty)
{
	if (tty->stopped)
		return;
	tty->stopped = true;
	if (tty->driver->ops->stop)
		tty->driver->ops->stop(tty);
}

void tty_start(struct tty *tty)
{
	if (!tty->stopped || tty->tco_stopped)
		return;
	tty->stopped = false;
	if (tty->driver->ops->start)
		tty->driver->ops->start(tty);
	tty_wakeup(tty);
}

/* Waits until the driver has sent everything queued. May sleep. */
static int tty_wait_until_sent(struct tty *tty)
{
	return wait_event_interruptible(tty->write_wait,
					!tty->driver->ops->chars_in_buffer(tty) || tty->hung_up);
}

/* --- files ------------------------------------------------------------------------- */

struct tty *tty_from_file(const struct file *f)
{
	return f && f->f_op == &tty_fops ? f->private_data : NULL;
}

int tty_open_file(struct tty *tty, struct file *f, bool noctty)
{
	struct task *t = current;

	if (tty->exclusive && !capable(CAP_SYS_ADMIN))
		return -EBUSY;
	f->f_op = &tty_fops;
	f->private_data = tty_kref_get(tty);
	f->mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	tty->count++;
	/*
	 * A session leader without a controlling tty acquires one it opens,
	 * if no other session has it; not through a write-only descriptor.
	 */
	if (!noctty && !(f->flags & O_NOCTTY) && t && is_session_leader(t) && !t->signal->tty &&
	    !tty->session && (f->mode & FMODE_READ))
		proc_set_tty(t, tty);
	return 0;
}

static void tty_release(struct inode *inode, struct file *f)
{
	struct tty *tty = f->private_data;

	if (--tty->count == 0 && tty->driver->ops->close)
		tty->driver->ops->close(tty);
	tty_kref_put(tty);
}

static ssize_t tty_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct tty *tty = f->private_data;
	int err = tty_check_change(tty, SIGTTIN);

	if (err)
		return err;
	return n_tty_read(tty, f, to);
}

static ssize_t tty_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct tty *tty = f->private_data;

	if (tty->hung_up)
		return -EIO;
	if (L_FLAG(tty, TOSTOP)) {
		int err = tty_check_change(tty, SIGTTOU);

		if (err)
			return err;
	}
	return n_tty_write(tty, f, from);
}

static unsigned int tty_poll(struct file *f, struct poll_table *pt)
{
	return n_tty_poll(f->private_data, f, pt);
}

/* --- termios ------------------------------------------------------------------------- */

static const u32 baud_table[] = { 0,	   50,	    75,	     110,     134,     150,	200,
				  300,	   600,	    1200,    1800,    2400,    4800,	9600,
				  19200,   38400,   57600,   115200,  230400,  460800,	500000,
				  576000,  921600,  1000000, 1152000, 1500000, 2000000, 2500000,
				  3000000, 3500000, 4000000 };

/* The speed a CBAUD value stands for; BOTHER: the explicit one. */
static u32 cbaud_speed(tcflag_t cbaud, u32 explicit_speed)
{
	if (cbaud == BOTHER)
		return explicit_speed;
	if (cbaud & CBAUDEX) {
		cbaud &= ~CBAUDEX;
		cbaud = cbaud < 1 ? 0 : cbaud + 15;
	}
	return cbaud < ARRAY_SIZE(baud_table) ? baud_table[cbaud] : 0;
}

/* Fills c_ispeed and c_ospeed from the baud bits of c_cflag, as Linux does on every set. */
static void termios_set_speeds(struct ktermios *t)
{
	tcflag_t ibaud = (t->c_cflag >> IBSHIFT) & CBAUD;

	t->c_ospeed = cbaud_speed(t->c_cflag & CBAUD, t->c_ospeed);
	t->c_ispeed = ibaud == B0 ? t->c_ospeed : cbaud_speed(ibaud, t->c_ispeed);
}

static void tty_set_termios(struct tty *tty, const struct ktermios *new)
{
	struct ktermios old = tty->termios;

	tty->termios = *new;
	if (tty->driver->ops->set_termios)
		tty->driver->ops->set_termios(tty, &old);
	n_tty_set_termios(tty, &old);
}

#define TERMIOS_FLUSH 1
#define TERMIOS_WAIT 2
#define TERMIOS_TERMIO 4 /* struct termio */
#define TERMIOS_OLD 8 /* struct termios, no speeds */

/* TCSETS, TCSETS2, TCSETA and their W (drain first) and F (flush input too) forms. May sleep. */
static long set_termios(struct tty *tty, u64 arg, int opt)
{
	struct ktermios t;
	int err = tty_check_change(tty, SIGTTOU);

	if (err)
		return err;
	t = tty->termios;
	if (opt & TERMIOS_TERMIO) {
		struct termio v;

		if (copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		/* termio's 16-bit flags replace the low halves. */
		t.c_iflag = (t.c_iflag & 0xffff0000) | v.c_iflag;
		t.c_oflag = (t.c_oflag & 0xffff0000) | v.c_oflag;
		t.c_cflag = (t.c_cflag & 0xffff0000) | v.c_cflag;
		t.c_lflag = (t.c_lflag & 0xffff0000) | v.c_lflag;
		t.c_line = v.c_line;
		memcpy(t.c_cc, v.c_cc, NCC);
	} else if (opt & TERMIOS_OLD) {
		struct termios v;

		if (copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		memcpy(&t, &v, sizeof(v));
	} else {
		struct termios2 v;

		if (copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		memcpy(&t, &v, sizeof(v));
	}
	termios_set_speeds(&t);
	if (opt & TERMIOS_FLUSH)
		n_tty_flush_input(tty);
	if (opt & TERMIOS_WAIT) {
		err = tty_wait_until_sent(tty);
		if (err)
			return err;
	}
	tty_set_termios(tty, &t);
	return 0;
}

static long get_termios(struct tty *tty, u64 arg, int opt)
{
	if (opt & TERMIOS_TERMIO) {
		struct termio v;

		memset(&v, 0, sizeof(v));
		v.c_iflag = (unsigned short)tty->termios.c_iflag;
		v.c_oflag = (unsigned short)tty->termios.c_oflag;
		v.c_cflag = (unsigned short)tty->termios.c_cflag;
		v.c_lflag = (unsigned short)tty->termios.c_lflag;
		v.c_line = tty->termios.c_line;
		memcpy(v.c_cc, tty->termios.c_cc, NCC);
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	if (opt & TERMIOS_OLD) {
		struct termios v;

		memcpy(&v, &tty->termios, sizeof(v));
		return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
	}
	return copy_to_user(arg, &tty->termios, sizeof(struct termios2)) ? -EFAULT : 0;
}

/* --- the process-group and session requests ---------------------------------- */

static long tiocgpgrp(struct tty *tty, u64 arg)
{
	if (current->signal->tty != tty)
		return -ENOTTY;
	return put_user((int)tty->pgrp, arg) ? -EFAULT : 0;
}

/*
 * The session of process group pgrp: Linux looks up the number as a group,
 * then as a process. 0 if neither exists; -1 if only a session has it.
 */
static pid_t session_of_pgrp(pid_t pgrp)
{
	struct task *p, *t = task_find(pgrp);
	bool is_session = false;

	for_each_process (p)
		if (p->signal->pgrp == pgrp)
			return p->signal->session;
	if (t && t->signal)
		return t->signal->session;
	for_each_process (p)
		if (p->signal->session == pgrp)
			is_session = true;
	return is_session ? -1 : 0;
}

static long tiocspgrp(struct tty *tty, u64 arg)
{
	struct signal_struct *sig = current->signal;
	pid_t pgrp, sid;
	int err = tty_check_change(tty, SIGTTOU);

	if (err == -EIO)
		return -ENOTTY;
	if (err)
		return err;
	if (get_user(pgrp, arg))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	if (sig->tty != tty || tty->session != sig->session)
		return -ENOTTY;
	sid = pgrp ? session_of_pgrp(pgrp) : 0;
	if (!sid)
		return -ESRCH;
	if (sid != sig->session)
		return -EPERM;
	tty->pgrp = pgrp;
	return 0;
}

static long tiocgsid(struct tty *tty, u64 arg)
{
	if (current->signal->tty != tty || !tty->session)
		return -ENOTTY;
	return put_user((int)tty->session, arg) ? -EFAULT : 0;
}

static long tiocsctty(struct tty *tty, struct file *f, u64 arg)
{
	struct task *t = current;

	if (is_session_leader(t) && t->signal->session == tty->session)
		return 0; /* already ours */
	if (!is_session_leader(t) || t->signal->tty)
		return -EPERM;
	if (tty->session) {
		/* Another session's tty: only stolen, with arg 1, by CAP_SYS_ADMIN. */
		if (arg != 1 || !capable(CAP_SYS_ADMIN))
			return -EPERM;
		session_clear_tty(tty->session);
	}
	if (!(f->mode & FMODE_READ) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	proc_set_tty(t, tty);
	return 0;
}

static long tiocnotty(struct tty *tty)
{
	struct task *t = current;

	if (t->signal->tty != tty)
		return -ENOTTY;
	if (is_session_leader(t))
		disassociate(tty, t->signal->session, false);
	proc_clear_tty(t);
	return 0;
}

static long tiocsti(struct tty *tty, u64 arg)
{
	u8 c;

	/* Faking input is for the administrator only. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (get_user(c, arg))
		return -EFAULT;
	tty_receive(tty, &c, 1);
	return 0;
}

/* --- ioctl ------------------------------------------------------------------------ */

static long tty_flush(struct tty *tty, u64 arg)
{
	switch (arg) {
	case TCIFLUSH:
		n_tty_flush_input(tty);
		return 0;
	case TCIOFLUSH:
		n_tty_flush_input(tty);
		fallthrough;
	case TCOFLUSH:
		if (tty->driver->ops->flush_buffer)
			tty->driver->ops->flush_buffer(tty);
		return 0;
	}
	return -EINVAL;
}

static long tty_xonc(struct tty *tty, u64 arg)
{
	switch (arg) {
	case TCOOFF:
		if (!tty->tco_stopped) {
			tty_stop(tty);
			tty->tco_stopped = true;
		}
		return 0;
	case TCOON:
		if (tty->tco_stopped) {
			tty->tco_stopped = false;
			tty_start(tty);
		}
		return 0;
	case TCIOFF:
		if (CC(tty, VSTOP))
			n_tty_send_char(tty, CC(tty, VSTOP));
		return 0;
	case TCION:
		if (CC(tty, VSTART))
			n_tty_send_char(tty, CC(tty, VSTART));
		return 0;
	}
	return -EINVAL;
}

/* The requests of the line discipline and of termios (Linux's n_tty_ioctl, tty_mode_ioctl). */
static long tty_mode_ioctl(struct tty *tty, unsigned int cmd, u64 arg)
{
	struct ktermios t;
	int err, v;

	switch (cmd) {
	case TCGETS:
		return get_termios(tty, arg, TERMIOS_OLD);
	case TCSETSF:
		return set_termios(tty, arg, TERMIOS_FLUSH | TERMIOS_WAIT | TERMIOS_OLD);
	case TCSETSW:
		return set_termios(tty, arg, TERMIOS_WAIT | TERMIOS_OLD);
	case TCSETS:
		return set_termios(tty, arg, TERMIOS_OLD);
	case TCGETS2:
		return get_termios(tty, arg, 0);
	case TCSETSF2:
		return set_termios(tty, arg, TERMIOS_FLUSH | TERMIOS_WAIT);
	case TCSETSW2:
		return set_termios(tty, arg, TERMIOS_WAIT);
	case TCSETS2:
		return set_termios(tty, arg, 0);
	case TCGETA:
		return get_termios(tty, arg, TERMIOS_TERMIO);
	case TCSETAF:
		return set_termios(tty, arg, TERMIOS_FLUSH | TERMIOS_WAIT | TERMIOS_TERMIO);
	case TCSETAW:
		return set_termios(tty, arg, TERMIOS_WAIT | TERMIOS_TERMIO);
	case TCSETA:
		return set_termios(tty, arg, TERMIOS_TERMIO);
	case TIOCGSOFTCAR:
		return put_user((int)((tty->termios.c_cflag & CLOCAL) != 0), arg) ? -EFAULT : 0;
	case TIOCSSOFTCAR:
		if (get_user(v, arg))
			return -EFAULT;
		t = tty->termios;
		t.c_cflag = (t.c_cflag & ~CLOCAL) | (v ? CLOCAL : 0);
		tty_set_termios(tty, &t);
		return 0;
	case TCXONC:
		err = tty_check_change(tty, SIGTTOU);
		return err ? err : tty_xonc(tty, arg);
	case TCFLSH:
		err = tty_check_change(tty, SIGTTOU);
		return err ? err : tty_flush(tty, arg);
	case TIOCINQ:
		return put_user(n_tty_inq(tty), arg) ? -EFAULT : 0;
	case TIOCOUTQ:
		return put_user((int)tty->driver->ops->chars_in_buffer(tty), arg) ? -EFAULT : 0;
	}
	return -ENOIOCTLCMD;
}

/* May sleep (the drains of TCSETSW, TCSBRK). */
static long tty_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct tty *tty = f->private_data;
	struct winsize ws;
	long r;
	int v;

	if (tty->hung_up)
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;

	switch (cmd) {
	case TIOCSBRK:
	case TIOCCBRK:
	case TCSBRK:
	case TCSBRKP:
		r = tty_check_change(tty, SIGTTOU);
		if (r)
			return r;
		if (cmd != TIOCCBRK) {
			/* Drains the output; the break itself is nothing on these devices. */
			if (tty_wait_until_sent(tty))
				return -EINTR;
		}
		return 0;
	case TIOCSTI:
		return tiocsti(tty, arg);
	case TIOCGWINSZ:
		return copy_to_user(arg, &tty->winsize, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		if (copy_from_user(&ws, arg, sizeof(ws)))
			return -EFAULT;
		tty_set_winsize(tty, &ws);
		return 0;
	case TIOCEXCL:
		tty->exclusive = true;
		return 0;
	case TIOCNXCL:
		tty->exclusive = false;
		return 0;
	case TIOCGEXCL:
		return put_user((int)tty->exclusive, arg) ? -EFAULT : 0;
	case TIOCGETD:
		return put_user((int)N_TTY, arg) ? -EFAULT : 0;
	case TIOCSETD:
		if (get_user(v, arg))
			return -EFAULT;
		return v == N_TTY ? 0 : -EINVAL;
	case TIOCVHANGUP:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		tty_hangup(tty);
		return 0;
	case TIOCGDEV:
		v = (int)new_encode_dev(MKDEV(tty->driver->major, tty->driver->minor));
		return put_user((u32)v, arg) ? -EFAULT : 0;
	case TIOCSCTTY:
		return tiocsctty(tty, f, arg);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case TIOCGPGRP:
		return tiocgpgrp(tty, arg);
	case TIOCSPGRP:
		return tiocspgrp(tty, arg);
	case TIOCGSID:
		return tiocgsid(tty, arg);
	}
	if (tty->driver->ops->ioctl) {
		r = tty->driver->ops->ioctl(tty, f, cmd, arg);
		if (r != -ENOIOCTLCMD)
			return r;
	}
	return tty_mode_ioctl(tty, cmd, arg);
}

static const struct file_operations tty_fops = {
	.read_iter = tty_read,
	.write_iter = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
	.release = tty_release,
};

/* --- /dev/tty ---------------------------------------------------------------------- */

/* 5:0: the caller's controlling tty, ENXIO without one; opening it never acquires one. */
static int dev_tty_open(struct inode *inode, struct file *f)
{
	struct tty *tty = current && current->signal ? current->signal->tty : NULL;

	if (!tty)
		return -ENXIO;
	return tty_open_file(tty, f, true);
}

static const struct file_operations dev_tty_fops = {
	.open = dev_tty_open,
};

static int tty_dev_init(void)
{
	return register_chrdev(TTYAUX_MAJOR, 0, 1, "tty", &dev_tty_fops);
}
device_initcall(tty_dev_init);
