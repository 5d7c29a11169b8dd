/*
 * uname: the two uname(2) fields a Linux-compatible kernel on x86-64 must
 * report. The others (release, version, node name) are the host's business.
 */
#include <stdio.h>
#include <sys/utsname.h>

#include "guest.h"

int main(void)
{
	struct utsname u;

	if (uname(&u) < 0) {
		printf("uname: %s\n", errno_name(errno));
		return 1;
	}
	printf("sysname: %s\n", u.sysname);
	printf("machine: %s\n", u.machine);
	return 0;
}
