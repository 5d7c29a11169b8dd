// SPDX-License-Identifier: GPL-2.0
/*
 * printk and the dmesg ring buffer. Every message becomes one record
 * "<level>[seconds.micros] text\n" in a ring of lines (the oldest whole
 * lines are dropped when it fills); records whose level is below the
 * console log level are also written to the console, which for kernel
 * messages is umk's host stderr.
 */
#include <stdarg.h>
#include <host/host.h>
#include <linux/time.h>
#include <umk/errno.h>
#include <umk/params.h>
#include <umk/printk.h>
#include <umk/string.h>

#define LOG_BUF_SIZE (256 * 1024)
#define LINE_MAX 1024

int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;

static struct {
	struct host_mutex lock;
	bool lock_ready;
	char buf[LOG_BUF_SIZE];
	size_t head; /* index of the oldest byte */
	size_t len; /* bytes in use */
	u64 boot_ns;
} log;

u64 printk_clock_ns(void)
{
	struct host_timespec ts;

	if (host_clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (u64)ts.sec * NSEC_PER_SEC + (u64)ts.nsec - log.boot_ns;
}

static void log_lock(void)
{
	if (!log.lock_ready) {
		/* The first printk runs before any thread exists. */
		struct host_timespec ts;

		host_mutex_init(&log.lock);
		if (host_clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
			log.boot_ns = (u64)ts.sec * NSEC_PER_SEC + (u64)ts.nsec;
		log.lock_ready = true;
	}
	host_mutex_lock(&log.lock);
}

static void log_unlock(void)
{
	host_mutex_unlock(&log.lock);
}

/* The host terminal is in raw mode (the console's tty does the processing). */
static volatile bool console_crlf;

void printk_set_crlf(bool on)
{
	console_crlf = on;
}

/*
 * Writes s to umk's stdout or stderr, ending lines with \r\n when the
 * terminal is raw: converted in pieces of whole lines where they fit, so
 * that a message is not cut by the console's output.
 */
static void console_write(int hostfd, const char *s, size_t n)
{
	char buf[1024];
	size_t len = 0;

	if (!console_crlf || (hostfd != 1 && hostfd != 2)) {
		host_write_all(hostfd, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (len + 2 > sizeof(buf)) {
			host_write_all(hostfd, buf, len);
			len = 0;
		}
		if (s[i] == '\n' && (!i || s[i - 1] != '\r'))
			buf[len++] = '\r';
		buf[len++] = s[i];
	}
	host_write_all(hostfd, buf, len);
}

/* Drops whole lines from the front until n more bytes fit. Caller holds the lock. */
static void log_make_room(size_t n)
{
	while (log.len && LOG_BUF_SIZE - log.len < n) {
		while (log.len) {
			char c = log.buf[log.head];

			log.head = (log.head + 1) % LOG_BUF_SIZE;
			log.len--;
			if (c == '\n')
				break;
		}
	}
}

static void log_append(const char *s, size_t n)
{
	if (n > LOG_BUF_SIZE)
		return;
	log_make_room(n);
	for (size_t i = 0; i < n; i++)
		log.buf[(log.head + log.len + i) % LOG_BUF_SIZE] = s[i];
	log.len += n;
}

int vprintk(const char *fmt, va_list ap)
{
	char line[LINE_MAX + 48];
	int level = LOGLEVEL_DEFAULT, hdr, n;
	u64 ns;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	log_lock();
	ns = printk_clock_ns();
	hdr = kscnprintf(line, sizeof(line), "<%d>[%5llu.%06llu] ", level,
			 (unsigned long long)(ns / NSEC_PER_SEC),
			 (unsigned long long)(ns % NSEC_PER_SEC / 1000));
	n = hdr + kvscnprintf(line + hdr, LINE_MAX, fmt, ap);
	if (n == hdr || line[n - 1] != '\n')
		line[n++] = '\n';
	log_append(line, (size_t)n);
	if (level < console_loglevel) {
		/* The "<N>" prefix is for dmesg readers, not the console. */
		int skip = line[2] == '>' ? 3 : 0;

		console_write(2, line + skip, (size_t)(n - skip));
	}
	log_unlock();
	return n - hdr;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

int fdprintk(int hostfd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(hostfd, buf, (size_t)n);
	return n;
}

size_t dmesg_size(void)
{
	return LOG_BUF_SIZE;
}

size_t dmesg_read(char *buf, size_t len, bool with_level)
{
	size_t out = 0;
	bool line_start = true;

	log_lock();
	for (size_t i = 0; i < log.len && out < len; i++) {
		char c = log.buf[(log.head + i) % LOG_BUF_SIZE];

		if (line_start && !with_level && c == '<') {
			/* skip "<N>" */
			i += 2;
			continue;
		}
		buf[out++] = c;
		line_start = c == '\n';
	}
	log_unlock();
	return out;
}

void dmesg_clear(void)
{
	log_lock();
	log.head = 0;
	log.len = 0;
	log_unlock();
}

void dmesg_dump_to_console(void)
{
	static char tmp[LOG_BUF_SIZE];
	size_t n = dmesg_read(tmp, sizeof(tmp), false);

	console_write(2, tmp, n);
}

static int set_loglevel(const char *val, const struct kernel_param *kp)
{
	int v;

	if (!val || kstrtoint(val, 10, &v) || v < 0 || v > 8)
		return -EINVAL;
	console_loglevel = v;
	return 0;
}
custom_param(loglevel, "loglevel", set_loglevel,
	     "console log level 0-8: messages below it reach the console (default 7)");

static int set_quiet(const char *val, const struct kernel_param *kp)
{
	if (val)
		return -EINVAL;
	console_loglevel = CONSOLE_LOGLEVEL_QUIET;
	return 0;
}
custom_param(quiet, "quiet", set_quiet, "only warnings and errors reach the console");
