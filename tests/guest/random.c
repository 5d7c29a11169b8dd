/*
 * random: getrandom(2). Two 32-byte reads must differ (a repeat has odds of
 * 2^-256), and the flags and errors behave as on Linux.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "guest.h"

int main(void)
{
	unsigned char a[32], b[32], zero[32] = { 0 };
	ssize_t na = getrandom(a, sizeof(a), 0);
	ssize_t nb = getrandom(b, sizeof(b), 0);

	printf("getrandom 32 bytes: %zd\n", na);
	printf("again: %zd\n", nb);
	printf("the two differ: %s\n", yes_no(memcmp(a, b, sizeof(a)) != 0));
	printf("not all zero: %s\n", yes_no(memcmp(a, zero, sizeof(a)) != 0));
	printf("GRND_NONBLOCK: %zd\n", getrandom(a, sizeof(a), GRND_NONBLOCK));
	printf("GRND_RANDOM: %zd\n", getrandom(a, 16, GRND_RANDOM));
	printf("length 0: %zd\n", getrandom(a, 0, 0));
	report("bad flags", getrandom(a, sizeof(a), 0x100));
	report("bad buffer", getrandom(BAD_PTR, sizeof(a), 0));
	return 0;
}
