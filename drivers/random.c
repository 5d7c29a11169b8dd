// SPDX-License-Identifier: GPL-2.0
/*
 * getrandom(2): bytes from the host's random source, which is always
 * initialized by the time umk runs.
 */
#include <host/host.h>
#include <umk/errno.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define GRND_INSECURE 0x4

SYSCALL_DEFINE3(getrandom, uaddr_t, ubuf, size_t, len, unsigned int, flags)
{
	char buf[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	len = min_t(size_t, len, MAX_RW_COUNT);
	while (done < len) {
		size_t n = min(len - done, sizeof(buf));

		if (host_getrandom(buf, n))
			return done ? (long)done : -EIO;
		if (copy_to_user(ubuf + done, buf, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}
