/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printk: kernel messages with a level, a timestamp since boot, kept in the
 * dmesg ring buffer and printed to the console (host stderr) when their
 * level is below the console log level (loglevel=, quiet).
 */
#ifndef _UMK_PRINTK_H
#define _UMK_PRINTK_H

#include <stdarg.h>
#include <umk/types.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"

#define LOGLEVEL_DEFAULT 4 /* for messages without a level */
#define CONSOLE_LOGLEVEL_DEFAULT 7
#define CONSOLE_LOGLEVEL_QUIET 4

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#define pr_warn_once(fmt, ...)                                                                     \
	({                                                                                         \
		static bool __warned;                                                              \
		if (!__warned) {                                                                   \
			__warned = true;                                                           \
			pr_warn(fmt, ##__VA_ARGS__);                                               \
		}                                                                                  \
	})

/* The console log level: messages with a level below it reach the console. */
extern int console_loglevel;

/*
 * The host terminal is in raw mode (the console tty does the terminal's
 * work): messages to umk's stdout and stderr end lines with \r\n.
 */
void printk_set_crlf(bool on);

/*
 * Formats straight to a host descriptor of umk's (1: stdout, 2: stderr),
 * bypassing the log: for command-line errors, usage text and KTAP output.
 * Lines longer than 1 KiB are cut.
 */
int fdprintk(int hostfd, const char *fmt, ...) __printf(2, 3);

/* kvsnprintf and friends: the kernel's printf (lib/vsprintf.c). */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Like ksnprintf, but returns the number of bytes actually written. */
int kscnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int kvscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* Allocates the formatted string with kmalloc; NULL when out of memory. */
char *kasprintf(const char *fmt, ...) __printf(1, 2);

/*
 * The dmesg ring buffer. dmesg_read copies the formatted log ("<6>[    0.001234] text\n"
 * per record, or without the <N> prefix) from the oldest record on.
 */
size_t dmesg_read(char *buf, size_t len, bool with_level);
size_t dmesg_size(void);
void dmesg_clear(void);
/* Prints the whole ring buffer to the console (used by panic and gdb). */
void dmesg_dump_to_console(void);

/* Nanoseconds since boot, for timestamps. */
u64 printk_clock_ns(void);

#endif
