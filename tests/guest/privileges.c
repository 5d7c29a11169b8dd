/*
 * privileges: credentials as root and after giving root up, in one
 * process. The set*id calls and who may make them; the saved ids that let a
 * process go back; supplementary groups; capabilities (capget, capset,
 * keep_caps, the bounding set) and how changing ids changes them; the fs
 * ids; and the permission checks that follow: owner, group and other bits,
 * directory search and read, CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, and
 * access(2) answering for the real ids. Files come from /tests/perm
 * (tests/Makefile gives them fixed modes). The last step gives root up for
 * good. (tests/guest/creds.c gives root up in children.)
 *
 * With the argument "nproc-exec" (tests/e2e/creds.list): a setuid onto a uid
 * over RLIMIT_NPROC succeeds, and the next execve fails with EAGAIN.
 */
/* oracle: uids */
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest.h"

/* <linux/capability.h>, which musl-gcc does not see. */
#define _LINUX_CAPABILITY_VERSION_1 0x19980330
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
#define CAP_CHOWN 0
#define CAP_KILL 5
#define CAP_SETUID 7

struct __user_cap_header_struct {
	uint32_t version;
	int pid;
};

struct __user_cap_data_struct {
	uint32_t effective, permitted, inheritable;
};

#define ALL_CAPS ((1ULL << 41) - 1) /* capabilities 0..40 */
#define BIT(c) (1ULL << (c))

struct caps {
	uint64_t eff, perm, inh;
};

static int get_caps(struct caps *c)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	c->eff = d[0].effective | (uint64_t)d[1].effective << 32;
	c->perm = d[0].permitted | (uint64_t)d[1].permitted << 32;
	c->inh = d[0].inheritable | (uint64_t)d[1].inheritable << 32;
	return 0;
}

static long set_caps(uint64_t eff, uint64_t perm, uint64_t inh)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (uint32_t)eff, (uint32_t)perm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(perm >> 32), (uint32_t)(inh >> 32) },
	};

	return syscall(SYS_capset, &h, d);
}

static const char *caps_name(uint64_t set)
{
	if ((set & ALL_CAPS) == ALL_CAPS)
		return "all";
	if (set == 0)
		return "none";
	return "some";
}

static void show_caps(const char *when)
{
	struct caps c;

	if (get_caps(&c) < 0) {
		printf("capget %s: %s\n", when, errno_name(errno));
		return;
	}
	printf("capabilities %s: effective %s, permitted %s, inheritable %s\n", when,
	       caps_name(c.eff), caps_name(c.perm), caps_name(c.inh));
}

static void show_ids(const char *when)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("ids %s: uid %u %u %u fsuid %u, gid %u %u %u fsgid %u\n", when, (unsigned)r,
	       (unsigned)e, (unsigned)s, (unsigned)setfsuid(-1), (unsigned)gr, (unsigned)ge,
	       (unsigned)gs, (unsigned)setfsgid(-1));
}

/* open(path, O_RDONLY) as a fact: ok or the errno name. */
static void try_open(const char *what, const char *path, int flags)
{
	int fd = open(path, flags);

	printf("%s: %s\n", what, fd < 0 ? errno_name(errno) : "ok");
	if (fd >= 0)
		close(fd);
}

static void try_stat(const char *what, const char *path)
{
	struct stat st;

	report(what, stat(path, &st));
}

static void try_access(const char *what, const char *path, int mode, int flags)
{
	report(what, faccessat(AT_FDCWD, path, mode, flags));
}

static void test_capget(void)
{
	struct __user_cap_header_struct h = { 0, 0 };
	struct __user_cap_data_struct d[2];
	struct caps c;

	show_caps("as root");
	report("capget with version 0", syscall(SYS_capget, &h, d));
	printf("capget wrote back version 3: %s\n",
	       yes_no(h.version == _LINUX_CAPABILITY_VERSION_3));
	h.version = 0;
	report("capget version 0, no data", syscall(SYS_capget, &h, NULL));
	h.version = _LINUX_CAPABILITY_VERSION_1;
	report("capget version 1", syscall(SYS_capget, &h, d));
	printf("version 1 effective is the low 32: %s\n", yes_no(d[0].effective == 0xffffffff));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = getpid();
	report("capget of its own pid", syscall(SYS_capget, &h, d));
	h.pid = -1;
	report("capget pid -1", syscall(SYS_capget, &h, d));
	h.pid = 99999;
	report("capget of no such pid", syscall(SYS_capget, &h, d));
	h.pid = 0;
	report("capget to a bad address", syscall(SYS_capget, &h, BAD_PTR));
	report("capget from a bad header", syscall(SYS_capget, BAD_PTR, d));
	h.pid = 99999;
	report("capset of another pid", syscall(SYS_capset, &h, d));
	printf("bounding set holds CAP_SETUID: %d\n", prctl(PR_CAPBSET_READ, CAP_SETUID, 0, 0, 0));
	report("bounding set of capability 63", prctl(PR_CAPBSET_READ, 63, 0, 0, 0));

	/* capset: dropping and taking back within the permitted set. */
	get_caps(&c);
	report("capset without CAP_CHOWN in effective",
	       set_caps(c.eff & ~BIT(CAP_CHOWN), c.perm, c.inh));
	show_caps("without CAP_CHOWN");
	report("capset effective back", set_caps(c.perm, c.perm, c.inh));
	report("capset effective beyond permitted",
	       set_caps(c.perm, c.perm & ~BIT(CAP_CHOWN), c.inh));
	report("capset inheritable CAP_KILL", set_caps(c.perm, c.perm, BIT(CAP_KILL)));
	report("capset bits past the last capability", set_caps(~0ULL, c.perm, 0));
	show_caps("after setting them all");
}

static void test_groups(void)
{
	gid_t g[] = { 30, 10, 20 }, out[8], bad[] = { 5, (gid_t)-1 };

	report("setgroups 30 10 20", setgroups(3, g));
	printf("getgroups count: %d\n", getgroups(0, NULL));
	report("getgroups into 2", getgroups(2, out));
	if (getgroups(8, out) == 3)
		printf("getgroups: %u %u %u\n", (unsigned)out[0], (unsigned)out[1],
		       (unsigned)out[2]);
	report("setgroups NGROUPS_MAX + 1", syscall(SYS_setgroups, 65537, g));
	report("setgroups -1", syscall(SYS_setgroups, -1, g));
	report("setgroups with gid -1", setgroups(2, bad));
	report("setgroups from a bad address", syscall(SYS_setgroups, 2, BAD_PTR));
	report("getgroups to a bad address", syscall(SYS_getgroups, 8, BAD_PTR));
	report("setgroups none", setgroups(0, NULL));
	printf("getgroups count now: %d\n", getgroups(0, NULL));
}

/* Root's access to files it does not own the bits of: the DAC capabilities. */
static void test_root_permissions(void)
{
	try_access("root: access none R_OK", "/tests/perm/none", R_OK, 0);
	try_access("root: access none X_OK", "/tests/perm/none", X_OK, 0);
	try_access("root: access xonly X_OK", "/tests/perm/xonly", X_OK, 0);
	try_access("root: access xonly R_OK", "/tests/perm/xonly", R_OK, 0);
	try_access("root: access bad/noexec X_OK", "/tests/bad/noexec", X_OK, 0);
	try_open("root: open secret", "/tests/perm/secret", O_RDONLY);
	try_stat("root: stat search/inside", "/tests/perm/search/inside");
	try_stat("root: stat list/inside", "/tests/perm/list/inside");
	try_open("root: open the search-only directory", "/tests/perm/search",
		 O_RDONLY | O_DIRECTORY);
}

/* As an unprivileged fs uid: the mode bits alone. */
static void test_user_permissions(const char *who)
{
	char what[128];

#define WHAT(s) (snprintf(what, sizeof(what), "%s: %s", who, s), what)
	try_open(WHAT("open secret"), "/tests/perm/secret", O_RDONLY);
	try_open(WHAT("open group"), "/tests/perm/group", O_RDONLY);
	try_open(WHAT("open a file others may read"), "/tests/data/lines.txt", O_RDONLY);
	try_stat(WHAT("stat search/inside"), "/tests/perm/search/inside");
	try_open(WHAT("open search/inside"), "/tests/perm/search/inside", O_RDONLY);
	try_open(WHAT("list the search-only directory"), "/tests/perm/search",
		 O_RDONLY | O_DIRECTORY);
	try_open(WHAT("list the read-only directory"), "/tests/perm/list", O_RDONLY | O_DIRECTORY);
	try_stat(WHAT("stat list/inside"), "/tests/perm/list/inside");
	try_stat(WHAT("stat /root/x"), "/root/x");
	try_access(WHAT("access xonly X_OK"), "/tests/perm/xonly", X_OK, AT_EACCESS);
	try_access(WHAT("access xonly R_OK"), "/tests/perm/xonly", R_OK, AT_EACCESS);
	try_access(WHAT("access none R_OK"), "/tests/perm/none", R_OK, AT_EACCESS);
#undef WHAT
}

static void test_fsids(void)
{
	printf("setfsuid 1000 returns: %d\n", setfsuid(1000));
	printf("setfsuid -1 returns: %d\n", setfsuid(-1));
	show_caps("with fsuid 1000");
	test_user_permissions("fsuid 1000");
	printf("setfsuid 0 returns: %d\n", setfsuid(0));
	show_caps("with fsuid 0 again");
	try_open("fsuid 0: open secret", "/tests/perm/secret", O_RDONLY);
	printf("setfsgid 5 returns: %d\n", setfsgid(5));
	printf("setfsgid 0 returns: %d\n", setfsgid(0));
}

/* euid 1000 with the saved uid 0: unprivileged now, root again later. */
static void test_effective(void)
{
	gid_t zero = 0;

	report("seteuid 1000", seteuid(1000));
	show_ids("after seteuid 1000");
	show_caps("after seteuid 1000");
	printf("dumpable after seteuid: %s\n",
	       prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1 ? "1" : "not 1");
	test_user_permissions("euid 1000");
	/* access(2) asks for the real uid, 0: root's capabilities. */
	try_access("euid 1000: access none R_OK for the real uid", "/tests/perm/none", R_OK, 0);
	try_access("euid 1000: access secret R_OK for the real uid", "/tests/perm/secret", R_OK, 0);
	try_access("euid 1000: access /root X_OK for the real uid", "/root", X_OK, 0);
	report("euid 1000: setgroups", setgroups(1, &zero));
	report("euid 1000: setgid 5", setgid(5));
	report("euid 1000: setuid 2000", setuid(2000));
	report("euid 1000: capset raising effective", set_caps(ALL_CAPS, ALL_CAPS, 0));
	report("euid 1000: seteuid 0 (the saved uid)", seteuid(0));
	show_ids("back to euid 0");
	show_caps("back to euid 0");

	/* The group bits: by egid, by a supplementary group, or not at all. */
	report("setgroups none", setgroups(0, NULL));
	report("setegid 1000", setegid(1000));
	report("seteuid 1000 again", seteuid(1000));
	try_open("no group 0: open group", "/tests/perm/group", O_RDONLY);
	report("seteuid 0", seteuid(0));
	report("setgroups 0", setgroups(1, &zero));
	report("seteuid 1000 again", seteuid(1000));
	try_open("supplementary group 0: open group", "/tests/perm/group", O_RDONLY);
	report("seteuid 0", seteuid(0));
	report("setgroups none", setgroups(0, NULL));
	report("setegid 0", setegid(0));
	report("seteuid 1000 again", seteuid(1000));
	try_open("egid 0: open group", "/tests/perm/group", O_RDONLY);
	report("seteuid 0", seteuid(0));

	/* The real uid 1000, the effective 0: access(2) answers for uid 1000. */
	report("setresuid 1000 0 0", setresuid(1000, 0, 0));
	try_open("ruid 1000, euid 0: open secret", "/tests/perm/secret", O_RDONLY);
	try_access("ruid 1000: access secret R_OK", "/tests/perm/secret", R_OK, 0);
	try_access("ruid 1000: access secret R_OK, AT_EACCESS", "/tests/perm/secret", R_OK,
		   AT_EACCESS);
	report("setresuid 0 0 0", setresuid(0, 0, 0));
}

static void test_setid_rules(void)
{
	report("setreuid 1000 -1", setreuid(1000, -1));
	show_ids("after setreuid 1000 -1");
	report("setreuid -1 0", setreuid(-1, 0));
	show_ids("after setreuid -1 0");
	report("setreuid 0 0", setreuid(0, 0));
	report("setresgid 7 8 9", setresgid(7, 8, 9));
	show_ids("after setresgid 7 8 9");
	report("setregid 9 -1", setregid(9, -1));
	show_ids("after setregid 9 -1");
	report("setgid 0", setgid(0));
	show_ids("after setgid 0");
	report("setuid -1", setuid(-1));
	report("setresuid 0 0 0 (no change)", setresuid(0, 0, 0));
}

/* keep_caps: giving up every uid 0 keeps the permitted set, nothing effective. */
static void test_keepcaps(void)
{
	struct caps c;

	report("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	printf("PR_GET_KEEPCAPS: %d\n", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	report("PR_SET_KEEPCAPS 2", prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0));
	report("setresuid 1000 1000 1000", setresuid(1000, 1000, 1000));
	show_caps("with keep_caps after dropping uid 0");
	report("setuid 0 without CAP_SETUID in effective", setuid(0));
	get_caps(&c);
	report("capset effective CAP_SETUID", set_caps(BIT(CAP_SETUID), c.perm, c.inh));
	report("setresuid 0 0 0 with CAP_SETUID", setresuid(0, 0, 0));
	show_ids("root again");
	show_caps("root again");
	report("PR_SET_KEEPCAPS 0", prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0));
}

static void test_pdeathsig_cleared(void)
{
	int sig = -1;

	prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
	prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0);
	printf("PR_GET_PDEATHSIG: %d\n", sig);
	report("setresuid -1 1000 -1", setresuid(-1, 1000, -1));
	prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0);
	printf("PR_GET_PDEATHSIG after changing euid: %d\n", sig);
	report("setresuid -1 0 -1", setresuid(-1, 0, -1));
}

/* For good: every id 1000, no capabilities, no way back. */
static void test_drop_for_good(void)
{
	gid_t g[] = { 0 };

	report("setgroups 0", setgroups(1, g));
	report("setgid 1000", setgid(1000));
	report("setuid 1000", setuid(1000));
	show_ids("after setuid 1000");
	show_caps("after setuid 1000");
	report("setuid 0", setuid(0));
	report("seteuid 0", seteuid(0));
	report("setreuid 0 -1", setreuid(0, -1));
	report("setresuid -1 -1 0", setresuid(-1, -1, 0));
	report("setresuid -1 -1 -1", setresuid(-1, -1, -1));
	report("setreuid 1000 1000", setreuid(1000, 1000));
	report("setgid 0", setgid(0));
	report("setgroups", setgroups(1, g));
	printf("setfsuid 0 returns: %d\n", setfsuid(0));
	printf("setfsuid -1 returns: %d\n", setfsuid(-1));
	report("capset effective CAP_SETUID", set_caps(BIT(CAP_SETUID), 0, 0));
	report("capset nothing", set_caps(0, 0, 0));
	report("PR_CAPBSET_DROP without CAP_SETPCAP", prctl(PR_CAPBSET_DROP, CAP_KILL, 0, 0, 0));
	test_user_permissions("uid 1000");
	try_open("uid 1000, group 0: open group", "/tests/perm/group", O_RDONLY);
	try_access("uid 1000: access secret R_OK", "/tests/perm/secret", R_OK, 0);
	try_access("uid 1000: access none R_OK", "/tests/perm/none", R_OK, 0);
}

/* --- the tests that need more processes ------------------------------------------ */

/* A setuid over RLIMIT_NPROC succeeds, and the next execve fails with EAGAIN. */
static int test_nproc_exec(void)
{
	struct rlimit lim = { 2, 2 };
	pid_t kids[3];
	int fds[2];
	char c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pipe(fds) < 0)
		return 1;
	for (int i = 0; i < 3; i++) {
		kids[i] = guest_fork();
		if (kids[i] == 0) {
			setuid(1000);
			close(fds[1]);
			read(fds[0], &c, 1);
			_exit(0);
		}
	}
	usleep(100000); /* the children are uid 1000 now */
	report("setrlimit NPROC 2", setrlimit(RLIMIT_NPROC, &lim));
	report("setuid 1000 with three uid 1000 processes", setuid(1000));
	report("execve", execl("/tests/privileges.musl", "privileges", "none", (char *)NULL));
	close(fds[1]);
	for (int i = 0; i < 3; i++)
		wait_for(kids[i]);
	report("execve once they are gone", execl("/bin/true", "true", (char *)NULL));
	return 1;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		if (!strcmp(argv[1], "nproc-exec"))
			return test_nproc_exec();
		printf("exec'd with %s\n", argv[1]);
		return 0;
	}
	show_ids("at start");
	test_capget();
	test_groups();
	test_root_permissions();
	test_fsids();
	test_setid_rules();
	test_effective();
	test_keepcaps();
	test_pdeathsig_cleared();
	test_drop_for_good();
	return 0;
}
