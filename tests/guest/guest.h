/*
 * Helpers shared by the guest programs in tests/guest/.
 *
 * A guest program prints what it observes, one fact per line, and its output
 * is compared with what the same program printed when run natively. So facts
 * must read the same under glibc and musl: errno values are printed by their
 * symbolic name (never strerror(), whose text differs between the libcs),
 * booleans as yes/no, and nothing host-specific (addresses, pids, times) is
 * printed raw.
 */
#ifndef GUEST_H
#define GUEST_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* An address that is never mapped, hidden from the compiler so that it
 * does not warn about passing it: the way to provoke EFAULT. */
static volatile unsigned long guest_bad_addr __attribute__((unused)) = 1;
#define BAD_PTR ((void *)guest_bad_addr)

/* The errno values the programs meet, by name. */
/* clang-format off */
#define E(name) { name, #name }
static const struct {
	int value;
	const char *name;
} guest_errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC),
	E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(EBUSY), E(EEXIST),
	E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE), E(ERANGE),
	E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(EOVERFLOW), E(EOPNOTSUPP),
};
#undef E
/* clang-format on */

static inline const char *errno_name(int e)
{
	static char other[32];

	if (e == 0)
		return "0";
	for (size_t i = 0; i < sizeof(guest_errnos) / sizeof(guest_errnos[0]); i++)
		if (guest_errnos[i].value == e)
			return guest_errnos[i].name;
	snprintf(other, sizeof(other), "errno %d", e);
	return other;
}

static inline const char *yes_no(int b)
{
	return b ? "yes" : "no";
}

/*
 * Prints "WHAT: ok" when a call that returns -1 and sets errno succeeded
 * (ret >= 0), or "WHAT: ENAME" when it failed. The return value itself is not
 * printed: file descriptors and addresses are not facts worth pinning.
 */
static inline void report(const char *what, long ret)
{
	printf("%s: %s\n", what, ret < 0 ? errno_name(errno) : "ok");
}

#endif
