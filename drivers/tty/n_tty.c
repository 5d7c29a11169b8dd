// SPDX-License-Identifier: GPL-2.0
/*
 * n_tty: the line discipline, with Linux's semantics. Input from the
 * driver goes through the input flags (ISTRIP, IUCLC, IGNCR, ICRNL, INLCR),
 * flow control (IXON, IXANY), signal characters (ISIG: VINTR, VQUIT,
 * VSUSP to the foreground process group, flushing unless NOFLSH), and in
 * canonical mode line editing (VERASE, VKILL, VWERASE, VLNEXT, VREPRINT,
 * VEOF, VEOL, VEOL2), with echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHONL,
 * ECHOCTL, ECHOPRT), into a 4 KiB read buffer. Reads take one line at a
 * time in canonical mode and follow VMIN/VTIME otherwise. Output and echo
 * go through output processing (OPOST: ONLCR, OCRNL, ONOCR, ONLRET, OLCUC,
 * XTABS) to the driver, which tracks the cursor column for tab erasure.
 *
 * Unlike Linux, echoes are written to the driver at once rather than kept
 * in an echo buffer: an echo the driver has no room for is lost.
 */
#include <linux/fcntl.h>
#include <linux/signal.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/kernel.h>
#include <umk/poll.h>
#include <umk/signal.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/time.h>
#include <umk/uaccess.h>
#include <umk/wait.h>

#include "tty_internal.h"

#define MASK(x) ((x) & (N_TTY_BUF_SIZE - 1))
/* _POSIX_VDISABLE, and in the buffer the mark VEOF leaves (a line end returning nothing). */
#define DISABLED_CHAR 0
#define NSEC_PER_DECISECOND 100000000ULL
/* One write() moves at most this much at a time, as Linux's tty_write. */
#define WRITE_CHUNK 2048

struct n_tty {
	/*
	 * The read buffer: a ring indexed by free-running counters. In
	 * canonical mode [read_tail, canon_head) holds complete lines and
	 * [canon_head, read_head) the line being edited; eol marks where
	 * each line ends.
	 */
	size_t read_head, read_tail, canon_head;
	u8 buf[N_TTY_BUF_SIZE];
	u8 eol[N_TTY_BUF_SIZE / 8];
	/* The characters that need more than storing, for the current termios. */
	u8 char_map[256 / 8];
	bool icanon;
	bool lnext; /* the next character is literal (after VLNEXT) */
	bool erasing; /* inside a \...\ run of ECHOPRT erasures */
	bool push; /* a line was closed by switching to canonical mode */
	/* The output column, and the one where the current input line began. */
	unsigned int column, canon_column;
};

/* --- characters, as Linux's ctype classifies them (Latin-1 above 127) ------ */

static bool is_cntrl(u8 c)
{
	return c < 32 || c == 127;
}

static bool is_upper(u8 c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 192 && c <= 222 && c != 215);
}

static bool is_lower(u8 c)
{
	return (c >= 'a' && c <= 'z') || (c >= 223 && c != 247);
}

static bool is_alnum(u8 c)
{
	return (c >= '0' && c <= '9') || is_upper(c) || is_lower(c);
}

static u8 to_lower(u8 c)
{
	return is_upper(c) ? (u8)(c + 32) : c;
}

static u8 to_upper(u8 c)
{
	return is_lower(c) ? (u8)(c - 32) : c;
}

/* A UTF-8 continuation byte, when the tty is in UTF-8 mode. */
static bool is_continuation(const struct tty *tty, u8 c)
{
	return I_FLAG(tty, IUTF8) && (c & 0xc0) == 0x80;
}

/* --- the read buffer -------------------------------------------------------- */

static size_t read_cnt(const struct n_tty *ld)
{
	return ld->read_head - ld->read_tail;
}

static u8 read_buf(const struct n_tty *ld, size_t i)
{
	return ld->buf[MASK(i)];
}

static bool eol_test(const struct n_tty *ld, size_t i)
{
	return ld->eol[MASK(i) / 8] & (1u << (MASK(i) % 8));
}

static void eol_set(struct n_tty *ld, size_t i)
{
	ld->eol[MASK(i) / 8] |= (u8)(1u << (MASK(i) % 8));
}

static void eol_clear(struct n_tty *ld, size_t i)
{
	ld->eol[MASK(i) / 8] &= (u8) ~(1u << (MASK(i) % 8));
}

static bool char_special(const struct n_tty *ld, u8 c)
{
	return ld->char_map[c / 8] & (1u << (c % 8));
}

static void char_map_set(struct n_tty *ld, u8 c)
{
	ld->char_map[c / 8] |= (u8)(1u << (c % 8));
}

/* Stores c; false when the ring is full (receiving made room: never). */
static bool put_char(struct n_tty *ld, u8 c)
{
	if (read_cnt(ld) >= N_TTY_BUF_SIZE)
		return false;
	ld->buf[MASK(ld->read_head)] = c;
	ld->read_head++;
	return true;
}

/*
 * Makes room for the next byte from the driver, as Linux does: the buffer
 * takes 4095 bytes, except that in canonical mode a line that fills it
 * alone goes on being edited, each new character replacing its last (so
 * that a line end can always be typed). false: no room, throttle.
 */
static bool make_room(struct n_tty *ld)
{
	if (read_cnt(ld) < N_TTY_BUF_SIZE - 1)
		return true;
	if (!ld->icanon || ld->canon_head != ld->read_tail)
		return false;
	if (read_cnt(ld) == N_TTY_BUF_SIZE)
		ld->read_head--;
	return true;
}

/* Whether make_room would succeed. */
static bool has_room(const struct n_tty *ld)
{
	return read_cnt(ld) < N_TTY_BUF_SIZE - 1 || (ld->icanon && ld->canon_head == ld->read_tail);
}

static void reset_buffer(struct n_tty *ld)
{
	ld->read_head = ld->read_tail = ld->canon_head = 0;
	memset(ld->eol, 0, sizeof(ld->eol));
	ld->erasing = false;
	ld->lnext = false;
	ld->push = false;
}

/* After input was consumed: lets a driver that was refused send more. */
static void check_unthrottle(struct tty *tty)
{
	if (tty->throttled && has_room(tty->ldisc)) {
		tty->throttled = false;
		if (tty->driver->ops->unthrottle)
			tty->driver->ops->unthrottle(tty);
	}
}

/*
 * Whether a read would find something: a complete line in canonical mode,
 * else at least one byte (VMIN bytes for poll when VTIME is 0, as Linux).
 */
static bool input_available(const struct tty *tty, bool poll)
{
	const struct n_tty *ld = tty->ldisc;
	size_t amt = poll && !CC(tty, VTIME) && CC(tty, VMIN) ? CC(tty, VMIN) : 1;

	if (ld->icanon)
		return ld->canon_head != ld->read_tail;
	return read_cnt(ld) >= amt;
}

/* --- output processing and echo ----------------------------------------- */

static void out_bytes(struct tty *tty, const u8 *b, size_t n)
{
	if (n)
		tty->driver->ops->write(tty, b, n);
}

/*
 * OPOST processing of c into out (at most 8 bytes, no more than space):
 * returns the bytes to send, or -1 when they would not fit (nothing
 * changed then). Tracks the cursor column.
 */
static int opost_char(struct tty *tty, u8 c, u8 *out, size_t space)
{
	struct n_tty *ld = tty->ldisc;
	unsigned int spaces;

	if (!space)
		return -1;
	switch (c) {
	case '\n':
		if (O_FLAG(tty, ONLRET))
			ld->column = 0;
		if (O_FLAG(tty, ONLCR)) {
			if (space < 2)
				return -1;
			ld->canon_column = ld->column = 0;
			out[0] = '\r';
			out[1] = '\n';
			return 2;
		}
		ld->canon_column = ld->column;
		break;
	case '\r':
		if (O_FLAG(tty, ONOCR) && ld->column == 0)
			return 0;
		if (O_FLAG(tty, OCRNL)) {
			c = '\n';
			if (O_FLAG(tty, ONLRET))
				ld->canon_column = ld->column = 0;
			break;
		}
		ld->canon_column = ld->column = 0;
		break;
	case '\t':
		spaces = 8 - (ld->column & 7);
		if ((tty->termios.c_oflag & TABDLY) == XTABS) {
			if (space < spaces)
				return -1;
			ld->column += spaces;
			memset(out, ' ', spaces);
			return (int)spaces;
		}
		ld->column += spaces;
		break;
	case '\b':
		if (ld->column > 0)
			ld->column--;
		break;
	default:
		if (!is_cntrl(c)) {
			if (O_FLAG(tty, OLCUC))
				c = to_upper(c);
			if (!is_continuation(tty, c))
				ld->column++;
		}
		break;
	}
	out[0] = c;
	return 1;
}

/* Echoes c as it is (through OPOST when set). */
static void echo_raw(struct tty *tty, u8 c)
{
	u8 out[8];
	int n;

	if (!O_FLAG(tty, OPOST)) {
		out_bytes(tty, &c, 1);
		return;
	}
	n = opost_char(tty, c, out, sizeof(out));
	if (n > 0)
		out_bytes(tty, out, (size_t)n);
}

/* Echoes c, control characters as ^X with ECHOCTL. */
static void echo_char(struct tty *tty, u8 c)
{
	if (L_FLAG(tty, ECHOCTL) && is_cntrl(c) && c != '\t') {
		u8 pair[2] = { '^', (u8)(c ^ 0100) };

		out_bytes(tty, pair, 2);
		tty->ldisc->column += 2;
		return;
	}
	echo_raw(tty, c);
}

/* Ends an ECHOPRT erasure run with '/'. */
static void finish_erasing(struct tty *tty)
{
	if (tty->ldisc->erasing) {
		echo_raw(tty, '/');
		tty->ldisc->erasing = false;
	}
}

static void echo_erase(struct tty *tty)
{
	echo_raw(tty, '\b');
	echo_raw(tty, ' ');
	echo_raw(tty, '\b');
}

/* Backs the cursor over an erased tab: to the tab stop before it. */
static void echo_erase_tab(struct tty *tty)
{
	struct n_tty *ld = tty->ldisc;
	unsigned int num_chars = 0, num_bs;
	bool after_tab = false;
	size_t tail = ld->read_head;

	/* The columns the characters since the line start, or the last tab, use. */
	while (tail != ld->canon_head) {
		u8 c = read_buf(ld, --tail);

		if (c == '\t') {
			after_tab = true;
			break;
		} else if (is_cntrl(c)) {
			if (L_FLAG(tty, ECHOCTL))
				num_chars += 2;
		} else if (!is_continuation(tty, c)) {
			num_chars++;
		}
	}
	if (!after_tab)
		num_chars += ld->canon_column;
	num_bs = 8 - (num_chars & 7);
	while (num_bs--) {
		u8 bs = '\b';

		out_bytes(tty, &bs, 1);
		if (ld->column > 0)
			ld->column--;
	}
}

/* --- canonical editing ---------------------------------------------------- */

enum erase_kind { ERASE, WERASE, KILL };

/* VERASE, VWERASE or VKILL: removes from the line being edited, echoing the erasure. */
static void eraser(struct tty *tty, u8 c)
{
	struct n_tty *ld = tty->ldisc;
	enum erase_kind kind;
	int seen_alnums = 0;

	if (ld->read_head == ld->canon_head)
		return; /* nothing to erase */
	if (c == CC(tty, VERASE)) {
		kind = ERASE;
	} else if (c == CC(tty, VWERASE)) {
		kind = WERASE;
	} else {
		if (!L_FLAG(tty, ECHO)) {
			ld->read_head = ld->canon_head;
			return;
		}
		if (!L_FLAG(tty, ECHOK) || !L_FLAG(tty, ECHOKE) || !L_FLAG(tty, ECHOE)) {
			ld->read_head = ld->canon_head;
			finish_erasing(tty);
			echo_char(tty, CC(tty, VKILL));
			/* ECHOK without ECHOKE: the kill character, then a newline. */
			if (L_FLAG(tty, ECHOK))
				echo_raw(tty, '\n');
			return;
		}
		kind = KILL;
	}

	while (ld->read_head != ld->canon_head) {
		size_t head = ld->read_head, cnt;

		/* A whole (UTF-8) character, never part of one. */
		do
			c = read_buf(ld, --head);
		while (is_continuation(tty, c) && head != ld->canon_head);
		if (is_continuation(tty, c))
			break;
		if (kind == WERASE) {
			/* A word: alphanumerics and '_', after any other characters (BSD's ALTWERASE). */
			if (is_alnum(c) || c == '_')
				seen_alnums++;
			else if (seen_alnums)
				break;
		}
		cnt = ld->read_head - head;
		ld->read_head = head;
		if (L_FLAG(tty, ECHO)) {
			if (L_FLAG(tty, ECHOPRT)) {
				if (!ld->erasing) {
					echo_raw(tty, '\\');
					ld->erasing = true;
				}
				echo_char(tty, c);
				while (--cnt > 0) {
					echo_raw(tty, read_buf(ld, ++head));
					if (ld->column > 0)
						ld->column--;
				}
			} else if (kind == ERASE && !L_FLAG(tty, ECHOE)) {
				echo_char(tty, CC(tty, VERASE));
			} else if (c == '\t') {
				echo_erase_tab(tty);
			} else {
				if (is_cntrl(c) && L_FLAG(tty, ECHOCTL))
					echo_erase(tty);
				if (!is_cntrl(c) || L_FLAG(tty, ECHOCTL))
					echo_erase(tty);
			}
		}
		if (kind == ERASE)
			break;
	}
	if (ld->read_head == ld->canon_head && L_FLAG(tty, ECHO))
		finish_erasing(tty);
}

/* Ends the line being edited with c (DISABLED_CHAR for VEOF) and wakes readers. */
static void end_line(struct tty *tty, u8 c)
{
	struct n_tty *ld = tty->ldisc;

	if (!put_char(ld, c))
		return;
	eol_set(ld, ld->read_head - 1);
	ld->canon_head = ld->read_head;
	wake_up(&tty->read_wait);
}

/* VREPRINT: the line so far again, on a new line. */
static void reprint(struct tty *tty, u8 c)
{
	struct n_tty *ld = tty->ldisc;

	finish_erasing(tty);
	echo_char(tty, c);
	echo_raw(tty, '\n');
	for (size_t i = ld->canon_head; i != ld->read_head; i++)
		echo_char(tty, read_buf(ld, i));
}

/* --- receiving ------------------------------------------------------------- */

/* ISIG: signals the foreground process group and, unless NOFLSH, flushes both ways. */
static void isig(struct tty *tty, int sig)
{
	if (tty->pgrp)
		tty->kill_pgrp(tty->pgrp, sig, true);
	if (!L_FLAG(tty, NOFLSH)) {
		n_tty_flush_input(tty);
		if (tty->driver->ops->flush_buffer)
			tty->driver->ops->flush_buffer(tty);
	}
}

static void receive_signal_char(struct tty *tty, int sig, u8 c)
{
	isig(tty, sig);
	if (I_FLAG(tty, IXON))
		tty_start(tty);
	if (L_FLAG(tty, ECHO))
		echo_char(tty, c);
}

/* Stores c, echoing it: what an ordinary character does. */
static void receive_plain(struct tty *tty, u8 c)
{
	struct n_tty *ld = tty->ldisc;

	if (tty->stopped && !tty->tco_stopped && I_FLAG(tty, IXON) && I_FLAG(tty, IXANY))
		tty_start(tty);
	if (L_FLAG(tty, ECHO)) {
		finish_erasing(tty);
		if (ld->canon_head == ld->read_head)
			ld->canon_column = ld->column;
		echo_char(tty, c);
	}
	if (c == 0xff && I_FLAG(tty, PARMRK))
		put_char(ld, c);
	put_char(ld, c);
}

/* c is in the char map: flow control, signals, CR/NL mapping, editing. */
static void receive_special(struct tty *tty, u8 c)
{
	struct n_tty *ld = tty->ldisc;

	if (I_FLAG(tty, IXON)) {
		if (c == CC(tty, VSTART)) {
			tty_start(tty);
			return;
		}
		if (c == CC(tty, VSTOP)) {
			tty_stop(tty);
			return;
		}
	}
	if (L_FLAG(tty, ISIG)) {
		if (c == CC(tty, VINTR)) {
			receive_signal_char(tty, SIGINT, c);
			return;
		}
		if (c == CC(tty, VQUIT)) {
			receive_signal_char(tty, SIGQUIT, c);
			return;
		}
		if (c == CC(tty, VSUSP)) {
			receive_signal_char(tty, SIGTSTP, c);
			return;
		}
	}
	if (tty->stopped && !tty->tco_stopped && I_FLAG(tty, IXON) && I_FLAG(tty, IXANY))
		tty_start(tty);
	if (c == '\r') {
		if (I_FLAG(tty, IGNCR))
			return;
		if (I_FLAG(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_FLAG(tty, INLCR)) {
		c = '\r';
	}

	if (ld->icanon) {
		if (c == CC(tty, VERASE) || c == CC(tty, VKILL) ||
		    (c == CC(tty, VWERASE) && L_FLAG(tty, IEXTEN))) {
			eraser(tty, c);
			return;
		}
		if (c == CC(tty, VLNEXT) && L_FLAG(tty, IEXTEN)) {
			ld->lnext = true;
			if (L_FLAG(tty, ECHO)) {
				finish_erasing(tty);
				if (L_FLAG(tty, ECHOCTL)) {
					echo_raw(tty, '^');
					echo_raw(tty, '\b');
				}
			}
			return;
		}
		if (c == CC(tty, VREPRINT) && L_FLAG(tty, ECHO) && L_FLAG(tty, IEXTEN)) {
			reprint(tty, c);
			return;
		}
		if (c == '\n') {
			if (L_FLAG(tty, ECHO) || L_FLAG(tty, ECHONL))
				echo_raw(tty, '\n');
			end_line(tty, c);
			return;
		}
		if (c == CC(tty, VEOF)) {
			end_line(tty, DISABLED_CHAR);
			return;
		}
		if (c == CC(tty, VEOL) || (c == CC(tty, VEOL2) && L_FLAG(tty, IEXTEN))) {
			if (L_FLAG(tty, ECHO)) {
				if (ld->canon_head == ld->read_head)
					ld->canon_column = ld->column;
				echo_char(tty, c);
			}
			if (c == 0xff && I_FLAG(tty, PARMRK))
				put_char(ld, c);
			end_line(tty, c);
			return;
		}
	}

	if (L_FLAG(tty, ECHO)) {
		finish_erasing(tty);
		if (c == '\n') {
			echo_raw(tty, '\n');
		} else {
			if (ld->canon_head == ld->read_head)
				ld->canon_column = ld->column;
			echo_char(tty, c);
		}
	}
	if (c == 0xff && I_FLAG(tty, PARMRK))
		put_char(ld, c);
	put_char(ld, c);
}

static void receive_byte(struct tty *tty, u8 c)
{
	struct n_tty *ld = tty->ldisc;

	if (I_FLAG(tty, ISTRIP))
		c &= 0x7f;
	if (I_FLAG(tty, IUCLC) && L_FLAG(tty, IEXTEN))
		c = to_lower(c);
	if (ld->lnext) {
		ld->lnext = false;
		receive_plain(tty, c);
	} else if (char_special(ld, c)) {
		receive_special(tty, c);
	} else {
		receive_plain(tty, c);
	}
}

size_t n_tty_receive(struct tty *tty, const u8 *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!make_room(tty->ldisc)) {
			tty->throttled = true;
			break;
		}
		receive_byte(tty, buf[i]);
	}
	if (input_available(tty, false))
		wake_up(&tty->read_wait);
	return i;
}

/* --- reading ---------------------------------------------------------------- */

/*
 * Canonical mode: copies at most nr bytes of the first complete line (its
 * terminator included, a VEOF mark not) into kb and consumes them.
 * *more: the line goes on past nr bytes.
 */
static size_t canon_copy(struct n_tty *ld, u8 *kb, size_t nr, bool *more)
{
	size_t n = min(nr, ld->canon_head - ld->read_tail), i, used, copied;
	bool found = false;

	for (i = 0; i < n; i++) {
		if (eol_test(ld, ld->read_tail + i)) {
			found = true;
			break;
		}
	}
	used = found ? i + 1 : n;
	copied = found && read_buf(ld, ld->read_tail + i) == DISABLED_CHAR ? i : used;
	for (size_t k = 0; k < copied; k++)
		kb[k] = read_buf(ld, ld->read_tail + k);
	if (found) {
		eol_clear(ld, ld->read_tail + i);
		ld->push = false;
	}
	ld->read_tail += used;
	*more = !found && ld->read_tail != ld->canon_head;
	return copied;
}

/* A read that filled its buffer just before a VEOF mark consumes the mark (as Linux). */
static void canon_skip_eof(struct n_tty *ld)
{
	if (ld->read_tail == ld->canon_head || !eol_test(ld, ld->read_tail) ||
	    read_buf(ld, ld->read_tail) != DISABLED_CHAR)
		return;
	eol_clear(ld, ld->read_tail);
	ld->read_tail++;
}

/* Non-canonical mode: copies at most nr buffered bytes. */
static size_t raw_copy(struct n_tty *ld, u8 *kb, size_t nr)
{
	size_t n = min(nr, read_cnt(ld));

	for (size_t k = 0; k < n; k++)
		kb[k] = read_buf(ld, ld->read_tail + k);
	ld->read_tail += n;
	return n;
}

ssize_t n_tty_read(struct tty *tty, struct file *f, struct iov_iter *to)
{
	struct n_tty *ld = tty->ldisc;
	u8 kbuf[N_TTY_BUF_SIZE];
	size_t copied = 0, minimum = 0;
	u64 time_ns = 0, deadline = 0;
	bool no_wait = false;
	ssize_t ret = 0;

	/* VMIN/VTIME: POSIX's four cases, as Linux implements them. */
	if (!ld->icanon) {
		minimum = CC(tty, VMIN);
		if (minimum) {
			/* An inter-byte timer, from the first byte on. */
			time_ns = CC(tty, VTIME) * NSEC_PER_DECISECOND;
		} else {
			u64 timeout = CC(tty, VTIME) * NSEC_PER_DECISECOND;

			no_wait = !timeout;
			if (timeout)
				deadline = ktime_get_ns() + timeout;
			minimum = 1;
		}
	}

	while (to->count) {
		size_t nr = min(to->count, sizeof(kbuf)), n;
		bool more = false;

		if (!input_available(tty, false)) {
			int err;

			if (tty_hung_up(tty) || no_wait)
				break;
			if (f->flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			err = wait_event_interruptible_deadline(
				tty->read_wait, input_available(tty, false) || tty_hung_up(tty),
				deadline);
			if (err == -ETIMEDOUT)
				break;
			if (err) {
				ret = err;
				break;
			}
			continue;
		}
		if (ld->icanon) {
			n = canon_copy(ld, kbuf, nr, &more);
			if (more && n == nr && n == to->count)
				canon_skip_eof(ld);
		} else {
			n = raw_copy(ld, kbuf, nr);
		}
		check_unthrottle(tty);
		if (n && copy_to_iter(kbuf, n, to) != n) {
			ret = -EFAULT;
			break;
		}
		copied += n;
		if (ld->icanon) {
			if (!more || !to->count)
				break; /* one line per read */
			continue;
		}
		if (copied >= minimum)
			break;
		if (time_ns)
			deadline = ktime_get_ns() + time_ns;
	}
	return copied ? (ssize_t)copied : ret;
}

/* --- writing ---------------------------------------------------------------- */

/*
 * Writes what it can of buf[0..n) to the driver now, through OPOST when
 * set; returns how many bytes of buf it took.
 */
static size_t write_some(struct tty *tty, const u8 *buf, size_t n)
{
	const struct tty_operations *ops = tty->driver->ops;
	size_t room = ops->write_room(tty), used = 0, olen = 0;
	u8 obuf[WRITE_CHUNK];

	if (!O_FLAG(tty, OPOST))
		return ops->write(tty, buf, min(n, room));
	room = min(room, sizeof(obuf));
	while (used < n) {
		int k = opost_char(tty, buf[used], obuf + olen, room - olen);

		if (k < 0)
			break;
		olen += (size_t)k;
		used++;
	}
	out_bytes(tty, obuf, olen);
	return used;
}

ssize_t n_tty_write(struct tty *tty, struct file *f, struct iov_iter *from)
{
	const struct tty_operations *ops = tty->driver->ops;
	u8 chunk[WRITE_CHUNK];
	size_t len = 0, off = 0, written = 0, room;
	ssize_t ret = 0;

	for (;;) {
		if (off == len) {
			if (!from->count)
				break;
			len = copy_from_iter(chunk, min(from->count, sizeof(chunk)), from);
			off = 0;
			if (!len) {
				ret = -EFAULT;
				break;
			}
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		if (tty_hung_up(tty)) {
			ret = -EIO;
			break;
		}
		room = ops->write_room(tty);
		if (room) {
			size_t n = write_some(tty, chunk + off, len - off);

			off += n;
			written += n;
			if (n)
				continue;
		}
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		/* Until there is more room than was too little (a CRLF needs 2). */
		ret = wait_event_interruptible(tty->write_wait,
					       ops->write_room(tty) > room || tty_hung_up(tty));
		if (ret)
			break;
	}
	return written ? (ssize_t)written : ret;
}

void n_tty_send_char(struct tty *tty, u8 c)
{
	out_bytes(tty, &c, 1);
}

/* --- the rest ------------------------------------------------------------------ */

unsigned int n_tty_poll(struct tty *tty, struct file *f, struct poll_table *pt)
{
	const struct tty_operations *ops = tty->driver->ops;
	unsigned int mask = 0;

	if (tty_hung_up(tty))
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
	poll_wait(f, &tty->read_wait, pt);
	poll_wait(f, &tty->write_wait, pt);
	if (input_available(tty, true))
		mask |= POLLIN | POLLRDNORM;
	if (ops->chars_in_buffer(tty) < WAKEUP_CHARS && ops->write_room(tty) > 0)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

void n_tty_flush_input(struct tty *tty)
{
	reset_buffer(tty->ldisc);
	check_unthrottle(tty);
}

unsigned int n_tty_inq(struct tty *tty)
{
	struct n_tty *ld = tty->ldisc;
	size_t nr;

	if (!ld->icanon)
		return (unsigned int)read_cnt(ld);
	nr = ld->canon_head - ld->read_tail;
	/* VEOF marks are not data. */
	for (size_t i = ld->read_tail; i != ld->canon_head; i++)
		if (eol_test(ld, i) && read_buf(ld, i) == DISABLED_CHAR)
			nr--;
	return (unsigned int)nr;
}

void n_tty_set_termios(struct tty *tty, const struct ktermios *old)
{
	struct n_tty *ld = tty->ldisc;

	if (!old || ((old->c_lflag ^ tty->termios.c_lflag) & ICANON)) {
		/*
		 * Entering canonical mode makes what was typed one line
		 * (pushed); leaving it makes every byte readable.
		 */
		memset(ld->eol, 0, sizeof(ld->eol));
		if (!L_FLAG(tty, ICANON) || !read_cnt(ld)) {
			ld->canon_head = ld->read_tail;
			ld->push = false;
		} else {
			eol_set(ld, ld->read_head - 1);
			ld->canon_head = ld->read_head;
			ld->push = true;
		}
		ld->erasing = false;
		ld->lnext = false;
	}
	ld->icanon = L_FLAG(tty, ICANON);

	memset(ld->char_map, 0, sizeof(ld->char_map));
	if (I_FLAG(tty, IGNCR) || I_FLAG(tty, ICRNL))
		char_map_set(ld, '\r');
	if (I_FLAG(tty, INLCR))
		char_map_set(ld, '\n');
	if (L_FLAG(tty, ICANON)) {
		char_map_set(ld, CC(tty, VERASE));
		char_map_set(ld, CC(tty, VKILL));
		char_map_set(ld, CC(tty, VEOF));
		char_map_set(ld, '\n');
		char_map_set(ld, CC(tty, VEOL));
		if (L_FLAG(tty, IEXTEN)) {
			char_map_set(ld, CC(tty, VWERASE));
			char_map_set(ld, CC(tty, VLNEXT));
			char_map_set(ld, CC(tty, VEOL2));
			if (L_FLAG(tty, ECHO))
				char_map_set(ld, CC(tty, VREPRINT));
		}
	}
	if (I_FLAG(tty, IXON)) {
		char_map_set(ld, CC(tty, VSTART));
		char_map_set(ld, CC(tty, VSTOP));
	}
	if (L_FLAG(tty, ISIG)) {
		char_map_set(ld, CC(tty, VINTR));
		char_map_set(ld, CC(tty, VQUIT));
		char_map_set(ld, CC(tty, VSUSP));
	}
	ld->char_map[DISABLED_CHAR / 8] &= (u8) ~(1u << (DISABLED_CHAR % 8));

	/* Output stopped by VSTOP restarts when IXON goes off. */
	if (old && (old->c_iflag & IXON) && !I_FLAG(tty, IXON) && !tty->tco_stopped)
		tty_start(tty);
	check_unthrottle(tty);
	wake_up(&tty->read_wait);
	wake_up(&tty->write_wait);
}

int n_tty_open(struct tty *tty)
{
	tty->ldisc = kzalloc(sizeof(*tty->ldisc));
	if (!tty->ldisc)
		return -ENOMEM;
	n_tty_set_termios(tty, NULL);
	return 0;
}

void n_tty_close(struct tty *tty)
{
	kfree(tty->ldisc);
	tty->ldisc = NULL;
}
