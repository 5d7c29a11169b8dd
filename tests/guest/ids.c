/*
 * ids: who init is. Under umk the guest's init runs as root with pid 1 and no
 * parent; the native oracle (unshare -r -p -f chroot) reproduces exactly that.
 * The supplementary groups are the one thing it cannot reproduce (they follow
 * whoever ran the tests), so only their consistency is printed.
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "guest.h"

int main(void)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid, groups[256];
	int count = getgroups(0, NULL);

	printf("getuid: %u\n", (unsigned)getuid());
	printf("geteuid: %u\n", (unsigned)geteuid());
	printf("getgid: %u\n", (unsigned)getgid());
	printf("getegid: %u\n", (unsigned)getegid());
	if (getresuid(&ruid, &euid, &suid) == 0)
		printf("getresuid: %u %u %u\n", (unsigned)ruid, (unsigned)euid, (unsigned)suid);
	if (getresgid(&rgid, &egid, &sgid) == 0)
		printf("getresgid: %u %u %u\n", (unsigned)rgid, (unsigned)egid, (unsigned)sgid);
	printf("getgroups count agrees with the list: %s\n",
	       yes_no(count >= 0 && count <= 256 && getgroups(256, groups) == count));
	report("getgroups negative size", syscall(SYS_getgroups, -1, groups));
	printf("getpid: %d\n", (int)getpid());
	printf("getppid: %d\n", (int)getppid());
	report("setuid(0)", setuid(0));
	report("setgid(0)", setgid(0));
	report("seteuid(0)", seteuid(0));
	printf("getuid after setuid(0): %u\n", (unsigned)getuid());
	return 0;
}
