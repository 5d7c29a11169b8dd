/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Credentials: a guest task's user and group ids. The capability model is
 * simple: a task whose effective uid is 0 has every capability, and file
 * access checks use the fs ids (fsuid 0 overrides permission bits as
 * CAP_DAC_OVERRIDE does). Guests start as root.
 *
 * A struct cred is shared and immutable once published: to change ids, copy
 * it (cred_prepare), change the copy, and install it (cred_commit).
 */
#ifndef _UMK_CRED_H
#define _UMK_CRED_H

#include <umk/types.h>

#define NGROUPS_MAX 65536
#define OVERFLOW_UID 65534
#define OVERFLOW_GID 65534

struct cred {
	int refcount;
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	int ngroups;
	gid_t *groups; /* sorted */
};

enum capability {
	CAP_CHOWN = 0,
	CAP_DAC_OVERRIDE = 1,
	CAP_DAC_READ_SEARCH = 2,
	CAP_FOWNER = 3,
	CAP_FSETID = 4,
	CAP_KILL = 5,
	CAP_SETGID = 6,
	CAP_SETUID = 7,
	CAP_SYS_CHROOT = 18,
	CAP_SYS_PTRACE = 19,
	CAP_SYS_ADMIN = 21,
	CAP_SYS_NICE = 23,
	CAP_SYS_RESOURCE = 24,
	CAP_SYS_TIME = 25,
	CAP_MKNOD = 27,
	CAP_SYSLOG = 34,
};

struct cred *cred_alloc_root(void);
struct cred *cred_prepare(const struct cred *old); /* a private copy, or NULL */
void cred_commit(struct cred *new); /* installs into current */
struct cred *cred_get(struct cred *c);
void cred_put(struct cred *c);

/* Whether current has the capability (effective uid 0). */
bool capable(enum capability cap);
/* Whether current is in group g (fsgid or supplementary). */
bool in_group_p(gid_t g);

#endif
