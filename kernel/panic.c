// SPDX-License-Identifier: GPL-2.0
/*
 * panic() and WARN. A panic prints the message and a host backtrace, stops
 * every guest host process, and exits umk with UMK_EXIT_PANIC.
 */
#include <stdarg.h>
#include <host/host.h>
#include <umk/panic.h>
#include <umk/shutdown.h>

void panic(const char *fmt, ...)
{
	static bool in_panic;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	kvscnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (in_panic) {
		host_write_all(2, "umk: nested panic\n", 18);
		host_exit(UMK_EXIT_PANIC);
	}
	in_panic = true;
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	host_backtrace();
	emergency_shutdown();
	host_exit(UMK_EXIT_PANIC);
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	pr_warn("WARNING: %s at %s:%d\n", cond, file, line);
	host_backtrace();
}

static struct shutdown_hook *hooks;

void shutdown_hook_register(struct shutdown_hook *hook)
{
	hook->next = hooks;
	hooks = hook;
}

void emergency_shutdown(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	for (struct shutdown_hook *h = hooks; h; h = h->next)
		h->fn();
}
