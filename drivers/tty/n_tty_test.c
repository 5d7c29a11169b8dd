// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the line discipline (drivers/tty/n_tty.c) and the tty
 * core's job control: a tty on a test driver that records what is written
 * to the device (echo and output), with signals to process groups
 * recorded instead of sent. Input is fed as the console driver feeds it;
 * reads are non-blocking so that no case sleeps.
 */
#include <linux/fcntl.h>
#include <linux/signal.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/kunit.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/string.h>
#include <umk/uaccess.h>

#include "tty_internal.h"

#define FG_PGRP 42

struct ttest {
	struct tty *tty;
	char out[8192]; /* what reached the device */
	size_t out_len;
	size_t room; /* what the device accepts */
	int flushes, stops, starts, unthrottles;
	int sig[8];
	pid_t sig_pgrp[8];
	int nsig;
	struct file file;
	struct task fake;
	struct task *saved_current;
	char rd[N_TTY_BUF_SIZE + 1]; /* the last read */
};

static struct ttest *tt;

static size_t t_write(struct tty *tty, const u8 *buf, size_t n)
{
	n = min(n, tt->room);
	n = min(n, sizeof(tt->out) - 1 - tt->out_len);
	memcpy(tt->out + tt->out_len, buf, n);
	tt->out_len += n;
	tt->room -= n;
	return n;
}

static size_t t_write_room(struct tty *tty)
{
	return tt->room;
}

static size_t t_chars_in_buffer(struct tty *tty)
{
	return 0;
}

/* Output not sent yet is gone: all of it, here. */
static void t_flush(struct tty *tty)
{
	tt->flushes++;
	tt->out_len = 0;
}

static void t_stop(struct tty *tty)
{
	tt->stops++;
}

static void t_start(struct tty *tty)
{
	tt->starts++;
}

static void t_unthrottle(struct tty *tty)
{
	tt->unthrottles++;
}

static const struct tty_operations t_ops = {
	.write = t_write,
	.write_room = t_write_room,
	.chars_in_buffer = t_chars_in_buffer,
	.flush_buffer = t_flush,
	.stop = t_stop,
	.start = t_start,
	.unthrottle = t_unthrottle,
};

static struct tty_driver t_driver = {
	.name = "test",
	.ops = &t_ops,
};

static int t_kill_pgrp(pid_t pgrp, int sig, bool from_kernel)
{
	if (tt->nsig < (int)ARRAY_SIZE(tt->sig)) {
		tt->sig[tt->nsig] = sig;
		tt->sig_pgrp[tt->nsig] = pgrp;
		tt->nsig++;
	}
	return 0;
}

static int n_tty_test_init(struct kunit *test)
{
	tt = kunit_kzalloc(test, sizeof(*tt));
	if (!tt)
		return -ENOMEM;
	t_driver.init_termios = tty_std_termios;
	tt->tty = tty_alloc(&t_driver, tt);
	if (!tt->tty)
		return -ENOMEM;
	tt->tty->kill_pgrp = t_kill_pgrp;
	tt->tty->pgrp = FG_PGRP;
	tt->room = sizeof(tt->out);
	tt->file.flags = O_RDWR | O_NONBLOCK;
	tt->saved_current = current;
	current = &tt->fake;
	return 0;
}

static void n_tty_test_exit(struct kunit *test)
{
	current = tt->saved_current;
	tty_kref_put(tt->tty);
	tt = NULL;
}

/* Feeds s as if typed; returns how many bytes the tty took. */
static size_t feed_n(const char *s, size_t n)
{
	return tty_receive(tt->tty, (const u8 *)s, n);
}

static size_t feed(const char *s)
{
	return feed_n(s, strlen(s));
}

/* A non-blocking read of at most n bytes: what it returned, or "EAGAIN"... */
static const char *rd_n(size_t n)
{
	struct kvec kv;
	struct iov_iter it;
	ssize_t r;

	iov_iter_kernel(&it, &kv, tt->rd, n);
	r = n_tty_read(tt->tty, &tt->file, &it);
	if (r < 0)
		return r == -EAGAIN ? "EAGAIN" : "error";
	tt->rd[r] = 0;
	return tt->rd;
}

static const char *rd(void)
{
	return rd_n(N_TTY_BUF_SIZE);
}

/* What reached the device since the last call. */
static const char *out(void)
{
	tt->out[tt->out_len] = 0;
	tt->out_len = 0;
	return tt->out;
}

static void set_lflag(tcflag_t on, tcflag_t off)
{
	struct ktermios old = tt->tty->termios;

	tt->tty->termios.c_lflag = (tt->tty->termios.c_lflag | on) & ~off;
	n_tty_set_termios(tt->tty, &old);
}

static void set_iflag(tcflag_t on, tcflag_t off)
{
	struct ktermios old = tt->tty->termios;

	tt->tty->termios.c_iflag = (tt->tty->termios.c_iflag | on) & ~off;
	n_tty_set_termios(tt->tty, &old);
}

static void set_oflag(tcflag_t on, tcflag_t off)
{
	struct ktermios old = tt->tty->termios;

	tt->tty->termios.c_oflag = (tt->tty->termios.c_oflag | on) & ~off;
	n_tty_set_termios(tt->tty, &old);
}

static void set_cc(int i, cc_t v)
{
	struct ktermios old = tt->tty->termios;

	tt->tty->termios.c_cc[i] = v;
	n_tty_set_termios(tt->tty, &old);
}

static ssize_t wr(const char *s)
{
	struct kvec kv;
	struct iov_iter it;

	iov_iter_kernel(&it, &kv, (void *)s, strlen(s));
	return n_tty_write(tt->tty, &tt->file, &it);
}

/* --- canonical mode ------------------------------------------------------------ */

static void canonical_read_waits_for_the_newline(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, feed("abc"), 3);
	KUNIT_EXPECT_STREQ(t, rd(), "EAGAIN");
	feed("\r");
	KUNIT_EXPECT_STREQ(t, rd(), "abc\n");
	KUNIT_EXPECT_STREQ(t, out(), "abc\r\n");
}

static void canonical_read_returns_one_line_at_a_time(struct kunit *t)
{
	feed("one\ntwo\n");
	KUNIT_EXPECT_STREQ(t, rd(), "one\n");
	KUNIT_EXPECT_STREQ(t, rd(), "two\n");
	KUNIT_EXPECT_STREQ(t, rd(), "EAGAIN");
}

static void a_short_read_leaves_the_rest_of_the_line(struct kunit *t)
{
	feed("abcdef\n");
	KUNIT_EXPECT_STREQ(t, rd_n(3), "abc");
	KUNIT_EXPECT_STREQ(t, rd(), "def\n");
}

static void erase_removes_the_last_character(struct kunit *t)
{
	feed("helo\x7flo world\r");
	KUNIT_EXPECT_STREQ(t, rd(), "hello world\n");
	KUNIT_EXPECT_STREQ(t, out(), "helo\b \blo world\r\n");
}

static void erase_at_line_start_does_nothing(struct kunit *t)
{
	feed("\x7f\x7fx\n");
	KUNIT_EXPECT_STREQ(t, rd(), "x\n");
	KUNIT_EXPECT_STREQ(t, out(), "x\r\n");
}

static void erase_without_echoe_echoes_the_erase_character(struct kunit *t)
{
	set_lflag(0, ECHOE);
	feed("ab\x7f\n");
	KUNIT_EXPECT_STREQ(t, rd(), "a\n");
	KUNIT_EXPECT_STREQ(t, out(), "ab^?\r\n");
}

static void erase_of_a_control_character_erases_its_two_columns(struct kunit *t)
{
	feed("a\x01\x7f\n");
	KUNIT_EXPECT_STREQ(t, rd(), "a\n");
	KUNIT_EXPECT_STREQ(t, out(), "a^A\b \b\b \b\r\n");
}

static void erase_of_a_tab_backs_up_to_the_tab_stop(struct kunit *t)
{
	feed("ab\t\x7f\n");
	KUNIT_EXPECT_STREQ(t, rd(), "ab\n");
	KUNIT_EXPECT_STREQ(t, out(), "ab\t\b\b\b\b\b\b\r\n");
}

static void erase_takes_a_whole_utf8_character(struct kunit *t)
{
	set_iflag(IUTF8, 0);
	feed("a\xc3\xa9\x7f\n");
	KUNIT_EXPECT_STREQ(t, rd(), "a\n");
	KUNIT_EXPECT_STREQ(t, out(), "a\xc3\xa9\b \b\r\n");
}

static void kill_erases_the_line(struct kunit *t)
{
	feed("abc\x15xy\n");
	KUNIT_EXPECT_STREQ(t, rd(), "xy\n");
	KUNIT_EXPECT_STREQ(t, out(), "abc\b \b\b \b\b \bxy\r\n");
}

static void kill_without_echoke_echoes_kill_and_newline(struct kunit *t)
{
	set_lflag(0, ECHOKE);
	feed("abc\x15xy\n");
	KUNIT_EXPECT_STREQ(t, rd(), "xy\n");
	KUNIT_EXPECT_STREQ(t, out(), "abc^U\r\nxy\r\n");
}

static void werase_erases_the_last_word(struct kunit *t)
{
	feed("one two  \x17three\n");
	KUNIT_EXPECT_STREQ(t, rd(), "one three\n");
}

static void werase_needs_iexten(struct kunit *t)
{
	set_lflag(0, IEXTEN);
	feed("a\x17\n");
	KUNIT_EXPECT_STREQ(t, rd(), "a\x17\n");
}

static void eof_on_an_empty_line_reads_zero(struct kunit *t)
{
	feed("\x04");
	KUNIT_EXPECT_STREQ(t, rd(), "");
	KUNIT_EXPECT_STREQ(t, rd(), "EAGAIN");
	KUNIT_EXPECT_STREQ(t, out(), "");
}

static void eof_after_text_ends_the_line_without_a_newline(struct kunit *t)
{
	feed("ab\x04");
	KUNIT_EXPECT_STREQ(t, rd(), "ab");
	KUNIT_EXPECT_STREQ(t, rd(), "EAGAIN");
}

static void a_read_that_fills_its_buffer_skips_the_eof_mark(struct kunit *t)
{
	feed("ab\x04\n");
	KUNIT_EXPECT_STREQ(t, rd_n(2), "ab");
	KUNIT_EXPECT_STREQ(t, rd(), "\n");
}

static void eol_and_eol2_end_lines(struct kunit *t)
{
	set_cc(VEOL, ';');
	set_cc(VEOL2, '|');
	feed("ab;cd|");
	KUNIT_EXPECT_STREQ(t, rd(), "ab;");
	KUNIT_EXPECT_STREQ(t, rd(), "cd|");
	KUNIT_EXPECT_STREQ(t, out(), "ab;cd|");
}

static void lnext_makes_the_next_character_literal(struct kunit *t)
{
	feed("a\x16\x03\x16\x7f\x16\nb\n");
	KUNIT_EXPECT_STREQ(t, rd(), "a\x03\x7f\nb\n");
	KUNIT_EXPECT_EQ(t, tt->nsig, 0);
	KUNIT_EXPECT_STREQ(t, out(), "a^\b^C^\b^?^\b^Jb\r\n");
}

static void reprint_echoes_the_line_again(struct kunit *t)
{
	feed("ab\x12");
	KUNIT_EXPECT_STREQ(t, out(), "ab^R\r\nab");
}

static void a_line_longer_than_the_buffer_is_cut(struct kunit *t)
{
	char *line = kunit_kzalloc(t, 5002);

	memset(line, 'x', 5000);
	line[4500] = 'y';
	line[5000] = '\n';
	KUNIT_EXPECT_EQ(t, feed(line), 5001);
	/* Everything is echoed; past 4095 each character replaced the last. */
	KUNIT_EXPECT_EQ(t, strlen(out()), 5002);
	KUNIT_EXPECT_EQ(t, strlen(rd()), N_TTY_BUF_SIZE);
	KUNIT_EXPECT_EQ(t, tt->rd[N_TTY_BUF_SIZE - 2], 'x');
	KUNIT_EXPECT_EQ(t, tt->rd[N_TTY_BUF_SIZE - 1], '\n');
}

static void fionread_counts_complete_lines(struct kunit *t)
{
	feed("ab\ncd");
	KUNIT_EXPECT_EQ(t, n_tty_inq(tt->tty), 3);
	feed("\x04");
	KUNIT_EXPECT_EQ(t, n_tty_inq(tt->tty), 5);
}

/* --- echo ---------------------------------------------------------------- */

static void without_echo_nothing_is_echoed(struct kunit *t)
{
	set_lflag(0, ECHO);
	feed("secret\n");
	KUNIT_EXPECT_STREQ(t, rd(), "secret\n");
	KUNIT_EXPECT_STREQ(t, out(), "");
}

static void echonl_echoes_newlines_only(struct kunit *t)
{
	set_lflag(ECHONL, ECHO);
	feed("secret\n");
	KUNIT_EXPECT_STREQ(t, out(), "\r\n");
}

static void echoctl_off_echoes_control_characters_as_they_are(struct kunit *t)
{
	set_lflag(0, ECHOCTL);
	feed("\x01\x1b\n");
	KUNIT_EXPECT_STREQ(t, out(), "\x01\x1b\r\n");
}

/* --- signals ---------------------------------------------------------------- */

static void intr_signals_the_foreground_group_and_flushes(struct kunit *t)
{
	feed("abc\x03");
	KUNIT_ASSERT_EQ(t, tt->nsig, 1);
	KUNIT_EXPECT_EQ(t, tt->sig[0], SIGINT);
	KUNIT_EXPECT_EQ(t, tt->sig_pgrp[0], FG_PGRP);
	KUNIT_EXPECT_EQ(t, tt->flushes, 1);
	KUNIT_EXPECT_STREQ(t, out(), "^C"); /* the echo of abc was flushed */
	feed("\n");
	KUNIT_EXPECT_STREQ(t, rd(), "\n");
}

static void quit_and_susp_send_sigquit_and_sigtstp(struct kunit *t)
{
	feed("\x1c\x1a");
	KUNIT_ASSERT_EQ(t, tt->nsig, 2);
	KUNIT_EXPECT_EQ(t, tt->sig[0], SIGQUIT);
	KUNIT_EXPECT_EQ(t, tt->sig[1], SIGTSTP);
	KUNIT_EXPECT_STREQ(t, out(), "^Z"); /* ^Z flushed the echo of ^\\ */
}

static void noflsh_keeps_the_input(struct kunit *t)
{
	set_lflag(NOFLSH, 0);
	feed("abc\x03\n");
	KUNIT_EXPECT_EQ(t, tt->nsig, 1);
	KUNIT_EXPECT_EQ(t, tt->flushes, 0);
	KUNIT_EXPECT_STREQ(t, rd(), "abc\n");
}

static void without_isig_intr_is_data(struct kunit *t)
{
	set_lflag(0, ISIG);
	feed("\x03\n");
	KUNIT_EXPECT_EQ(t, tt->nsig, 0);
	KUNIT_EXPECT_STREQ(t, rd(), "\x03\n");
}

static void no_foreground_group_no_signal(struct kunit *t)
{
	tt->tty->pgrp = 0;
	feed("\x03");
	KUNIT_EXPECT_EQ(t, tt->nsig, 0);
}

static void a_new_window_size_sends_sigwinch(struct kunit *t)
{
	struct winsize ws = { .ws_row = 50, .ws_col = 132 };

	tty_set_winsize(tt->tty, &ws);
	tty_set_winsize(tt->tty, &ws);
	KUNIT_ASSERT_EQ(t, tt->nsig, 1);
	KUNIT_EXPECT_EQ(t, tt->sig[0], SIGWINCH);
	KUNIT_EXPECT_EQ(t, tt->tty->winsize.ws_col, 132);
}

/* --- input flags -------------------------------------------------------------- */

static void icrnl_igncr_and_inlcr_map_input(struct kunit *t)
{
	set_iflag(0, ICRNL);
	feed("a\rb\n");
	KUNIT_EXPECT_STREQ(t, rd(), "a\rb\n");
	set_iflag(IGNCR, 0);
	feed("a\rb\n");
	KUNIT_EXPECT_STREQ(t, rd(), "ab\n");
	set_iflag(INLCR, IGNCR);
	feed("a\n\x04");
	KUNIT_EXPECT_STREQ(t, rd(), "a\r");
}

static void istrip_clears_the_eighth_bit(struct kunit *t)
{
	set_iflag(ISTRIP, 0);
	feed("\xe1\n");
	KUNIT_EXPECT_STREQ(t, rd(), "a\n");
}

static void ixon_stops_and_starts_output(struct kunit *t)
{
	feed("\x13");
	KUNIT_EXPECT_TRUE(t, tt->tty->stopped);
	KUNIT_EXPECT_EQ(t, tt->stops, 1);
	feed("\x11x\n");
	KUNIT_EXPECT_FALSE(t, tt->tty->stopped);
	KUNIT_EXPECT_EQ(t, tt->starts, 1);
	KUNIT_EXPECT_STREQ(t, rd(), "x\n");
}

/* --- non-canonical mode --------------------------------------------------- */

static void noncanonical_bytes_are_readable_at_once(struct kunit *t)
{
	set_lflag(0, ICANON);
	feed("xy");
	KUNIT_EXPECT_STREQ(t, rd(), "xy");
	KUNIT_EXPECT_STREQ(t, out(), "xy");
}

static void vmin_zero_vtime_zero_returns_zero_at_once(struct kunit *t)
{
	set_lflag(0, ICANON);
	set_cc(VMIN, 0);
	KUNIT_EXPECT_STREQ(t, rd(), "");
}

static void leaving_canonical_mode_makes_the_partial_line_readable(struct kunit *t)
{
	feed("ab");
	set_lflag(0, ICANON);
	KUNIT_EXPECT_STREQ(t, rd(), "ab");
}

static void entering_canonical_mode_pushes_what_was_typed(struct kunit *t)
{
	set_lflag(0, ICANON);
	feed("ab");
	set_lflag(ICANON, 0);
	KUNIT_EXPECT_EQ(t, n_tty_inq(tt->tty), 2);
	KUNIT_EXPECT_STREQ(t, rd(), "ab");
}

static void a_full_buffer_throttles_until_read(struct kunit *t)
{
	char *data = kunit_kzalloc(t, 5000);

	memset(data, 'z', 5000);
	set_lflag(0, ICANON | ECHO);
	KUNIT_EXPECT_EQ(t, feed_n(data, 5000), N_TTY_BUF_SIZE - 1);
	KUNIT_EXPECT_TRUE(t, tt->tty->throttled);
	KUNIT_EXPECT_EQ(t, tt->unthrottles, 0);
	KUNIT_EXPECT_EQ(t, strlen(rd_n(100)), 100);
	KUNIT_EXPECT_FALSE(t, tt->tty->throttled);
	KUNIT_EXPECT_EQ(t, tt->unthrottles, 1);
}

/* --- output ----------------------------------------------------------------- */

static void onlcr_maps_newline_to_crlf(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, wr("a\nb"), 3);
	KUNIT_EXPECT_STREQ(t, out(), "a\r\nb");
	set_oflag(0, OPOST);
	wr("a\nb");
	KUNIT_EXPECT_STREQ(t, out(), "a\nb");
}

static void ocrnl_and_onocr_map_carriage_returns(struct kunit *t)
{
	set_oflag(OCRNL, ONLCR);
	wr("a\rb");
	KUNIT_EXPECT_STREQ(t, out(), "a\nb");
	/* ONOCR: no carriage return in column 0. */
	set_oflag(ONOCR, OCRNL);
	wr("\r\rx");
	KUNIT_EXPECT_STREQ(t, out(), "\rx");
}

static void xtabs_expands_tabs(struct kunit *t)
{
	set_oflag(XTABS, 0);
	wr("ab\tc");
	KUNIT_EXPECT_STREQ(t, out(), "ab      c");
}

static void a_write_takes_what_fits(struct kunit *t)
{
	tt->room = 4;
	KUNIT_EXPECT_EQ(t, wr("abc\nd"), 3); /* "\r\n" does not fit after abc */
	KUNIT_EXPECT_STREQ(t, out(), "abc");
	tt->room = 0;
	KUNIT_EXPECT_EQ(t, wr("x"), -EAGAIN);
}

/* --- job control --------------------------------------------------------------- */

/* Two processes of session 5: the leader (group 5) and a child in group 7. */
static void job_control_checks(struct kunit *t)
{
	struct signal_struct *sp = kunit_kzalloc(t, sizeof(*sp));
	struct signal_struct *sc = kunit_kzalloc(t, sizeof(*sc));
	struct sighand_struct *sh = kunit_kzalloc(t, sizeof(*sh));
	struct task *p = kunit_kzalloc(t, sizeof(*p)), *c = kunit_kzalloc(t, sizeof(*c));

	KUNIT_ASSERT_TRUE(t, p && c && sp && sc && sh);
	/* On the task list for is_orphaned_pgrp, not in the pid table. */
	p->pid = p->tgid = 5;
	c->pid = c->tgid = 7;
	p->group_leader = p;
	c->group_leader = c;
	list_add_tail(&p->all, &task_list);
	list_add_tail(&c->all, &task_list);
	sp->pgrp = sp->session = 5;
	sc->pgrp = 7;
	sc->session = 5;
	sp->tty = sc->tty = tt->tty;
	p->signal = sp;
	c->signal = sc;
	p->sighand = c->sighand = sh;
	p->state = c->state = TASK_RUNNING;
	c->parent = p;
	tt->tty->session = 5;

	current = c;
	/* Foreground: nothing to do. */
	tt->tty->pgrp = 7;
	KUNIT_EXPECT_EQ(t, tty_check_change(tt->tty, SIGTTIN), 0);
	/* Background: the reader's own group is stopped. */
	tt->tty->pgrp = 5;
	KUNIT_EXPECT_EQ(t, tty_check_change(tt->tty, SIGTTIN), -ERESTARTSYS);
	KUNIT_ASSERT_EQ(t, tt->nsig, 1);
	KUNIT_EXPECT_EQ(t, tt->sig[0], SIGTTIN);
	KUNIT_EXPECT_EQ(t, tt->sig_pgrp[0], 7);
	/* Ignoring SIGTTIN: EIO; ignoring SIGTTOU: the write goes on. */
	sh->action[SIGTTIN - 1].handler = (u64)SIG_IGN;
	sh->action[SIGTTOU - 1].handler = (u64)SIG_IGN;
	KUNIT_EXPECT_EQ(t, tty_check_change(tt->tty, SIGTTIN), -EIO);
	KUNIT_EXPECT_EQ(t, tty_check_change(tt->tty, SIGTTOU), 0);
	sh->action[SIGTTOU - 1].handler = (u64)SIG_DFL;
	/* An orphaned group cannot be stopped: EIO. */
	c->parent = NULL;
	KUNIT_EXPECT_EQ(t, tty_check_change(tt->tty, SIGTTOU), -EIO);
	/* Not the controlling tty: no job control. */
	sc->tty = NULL;
	KUNIT_EXPECT_EQ(t, tty_check_change(tt->tty, SIGTTOU), 0);
	KUNIT_EXPECT_EQ(t, tt->nsig, 1);

	current = &tt->fake;
	list_del(&p->all);
	list_del(&c->all);
}

static const struct kunit_case n_tty_cases[] = {
	KUNIT_CASE(canonical_read_waits_for_the_newline),
	KUNIT_CASE(canonical_read_returns_one_line_at_a_time),
	KUNIT_CASE(a_short_read_leaves_the_rest_of_the_line),
	KUNIT_CASE(erase_removes_the_last_character),
	KUNIT_CASE(erase_at_line_start_does_nothing),
	KUNIT_CASE(erase_without_echoe_echoes_the_erase_character),
	KUNIT_CASE(erase_of_a_control_character_erases_its_two_columns),
	KUNIT_CASE(erase_of_a_tab_backs_up_to_the_tab_stop),
	KUNIT_CASE(erase_takes_a_whole_utf8_character),
	KUNIT_CASE(kill_erases_the_line),
	KUNIT_CASE(kill_without_echoke_echoes_kill_and_newline),
	KUNIT_CASE(werase_erases_the_last_word),
	KUNIT_CASE(werase_needs_iexten),
	KUNIT_CASE(eof_on_an_empty_line_reads_zero),
	KUNIT_CASE(eof_after_text_ends_the_line_without_a_newline),
	KUNIT_CASE(a_read_that_fills_its_buffer_skips_the_eof_mark),
	KUNIT_CASE(eol_and_eol2_end_lines),
	KUNIT_CASE(lnext_makes_the_next_character_literal),
	KUNIT_CASE(reprint_echoes_the_line_again),
	KUNIT_CASE(a_line_longer_than_the_buffer_is_cut),
	KUNIT_CASE(fionread_counts_complete_lines),
	KUNIT_CASE(without_echo_nothing_is_echoed),
	KUNIT_CASE(echonl_echoes_newlines_only),
	KUNIT_CASE(echoctl_off_echoes_control_characters_as_they_are),
	KUNIT_CASE(intr_signals_the_foreground_group_and_flushes),
	KUNIT_CASE(quit_and_susp_send_sigquit_and_sigtstp),
	KUNIT_CASE(noflsh_keeps_the_input),
	KUNIT_CASE(without_isig_intr_is_data),
	KUNIT_CASE(no_foreground_group_no_signal),
	KUNIT_CASE(a_new_window_size_sends_sigwinch),
	KUNIT_CASE(icrnl_igncr_and_inlcr_map_input),
	KUNIT_CASE(istrip_clears_the_eighth_bit),
	KUNIT_CASE(ixon_stops_and_starts_output),
	KUNIT_CASE(noncanonical_bytes_are_readable_at_once),
	KUNIT_CASE(vmin_zero_vtime_zero_returns_zero_at_once),
	KUNIT_CASE(leaving_canonical_mode_makes_the_partial_line_readable),
	KUNIT_CASE(entering_canonical_mode_pushes_what_was_typed),
	KUNIT_CASE(a_full_buffer_throttles_until_read),
	KUNIT_CASE(onlcr_maps_newline_to_crlf),
	KUNIT_CASE(ocrnl_and_onocr_map_carriage_returns),
	KUNIT_CASE(xtabs_expands_tabs),
	KUNIT_CASE(a_write_takes_what_fits),
	KUNIT_CASE(job_control_checks),
	{},
};

static struct kunit_suite n_tty_suite = {
	.name = "n_tty",
	.cases = n_tty_cases,
	.init = n_tty_test_init,
	.exit = n_tty_test_exit,
};
kunit_test_suite(n_tty_suite);
