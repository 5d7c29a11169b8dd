/*
 * rlimit: resource limits as yes/no facts (their values are inherited from
 * whoever started the tests natively, so only their sanity is printed), and
 * that getrlimit, prlimit and the old and new calls agree with each other.
 */
#include <stdio.h>
#include <sys/resource.h>

#include "guest.h"

static void check(const char *name, int resource)
{
	struct rlimit get, pr;

	if (getrlimit(resource, &get) < 0) {
		printf("getrlimit %s: %s\n", name, errno_name(errno));
		return;
	}
	printf("%s soft > 0: %s\n", name, yes_no(get.rlim_cur > 0));
	printf("%s soft <= hard: %s\n", name, yes_no(get.rlim_cur <= get.rlim_max));
	if (prlimit(0, resource, NULL, &pr) < 0) {
		printf("prlimit %s: %s\n", name, errno_name(errno));
		return;
	}
	printf("%s prlimit agrees with getrlimit: %s\n", name,
	       yes_no(pr.rlim_cur == get.rlim_cur && pr.rlim_max == get.rlim_max));
}

int main(void)
{
	struct rlimit lim, now;

	check("NOFILE", RLIMIT_NOFILE);
	check("STACK", RLIMIT_STACK);
	check("AS", RLIMIT_AS);

	/* Lowering a soft limit is always allowed, and reads back. */
	getrlimit(RLIMIT_NOFILE, &lim);
	lim.rlim_cur = 64;
	report("setrlimit NOFILE soft 64", setrlimit(RLIMIT_NOFILE, &lim));
	getrlimit(RLIMIT_NOFILE, &now);
	printf("NOFILE soft reads back 64: %s\n", yes_no(now.rlim_cur == 64));
	lim.rlim_cur = 50;
	lim.rlim_max = 40;
	report("setrlimit soft above hard", setrlimit(RLIMIT_NOFILE, &lim));
	report("getrlimit bad resource", getrlimit(1000, &lim));
	return 0;
}
