/*
 * int80: two legacy ways into the kernel that a sandbox must not leave open.
 *
 *  - `int $0x80` with eax = 20 is the i386 getpid. umk runs x86-64 guests
 *    only, so it must answer -ENOSYS (-38) rather than run a 32-bit call
 *    table or let the host see the call.
 *  - The vsyscall page's time() at 0xffffffffff600400. The host emulates it
 *    and would return the host's time; umk must return the guest's. The test
 *    sets the guest's CLOCK_REALTIME to 10^9 first, so only a vsyscall that
 *    umk answered reads close to 10^9.
 *
 * This program is for umk only: natively int 0x80 is the host's getpid, and
 * run as root it would set the host's clock. It refuses to touch the clock
 * unless given --set-clock, which only tests/e2e passes. Its expected output
 * is written by hand (tests/e2e/int80.expected), not taken from a native run.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "guest.h"

#define VSYSCALL_TIME 0xffffffffff600400UL
#define GUEST_EPOCH 1000000000L

static long int80(long nr)
{
	long ret;

	asm volatile("int $0x80" : "=a"(ret) : "a"(nr) : "memory");
	return ret;
}

int main(int argc, char **argv)
{
	struct timespec ts = { GUEST_EPOCH, 0 };
	time_t (*vsys_time)(time_t *) = (time_t(*)(time_t *))VSYSCALL_TIME;
	time_t t;

	if (argc != 2 || strcmp(argv[1], "--set-clock") != 0) {
		printf("usage: int80 --set-clock (sets CLOCK_REALTIME: run it under umk only)\n");
		return 2;
	}
	printf("int80 getpid: %ld\n", int80(20));
	fflush(stdout);
	if (clock_settime(CLOCK_REALTIME, &ts) < 0) {
		printf("clock_settime: %s\n", errno_name(errno));
		return 1;
	}
	t = vsys_time(NULL);
	printf("vsyscall time: %s\n", t >= GUEST_EPOCH && t <= GUEST_EPOCH + 100 ? "umk" : "host");
	return 0;
}
