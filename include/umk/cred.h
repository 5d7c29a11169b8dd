/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Credentials: a guest task's user and group ids, supplementary groups and
 * capability sets, with Linux's rules (kernel/cred.c, kernel/capability.c).
 *
 * Capabilities are Linux's sets, in one user namespace: root (uid 0) starts
 * with all of them, and they follow the ids as Linux's "setuid fixup" makes
 * them: a process whose real, effective and saved uids all leave 0 loses
 * its permitted and effective sets (unless PR_SET_KEEPCAPS), one whose
 * effective uid leaves 0 loses its effective set and gets the permitted one
 * back when it returns to 0, and the file-system capabilities follow the fs
 * uid. execve gives root all of them again and others none (there are no
 * file capabilities). Permission checks ask capable(), never "uid == 0".
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
	/* capability sets: bit n is capability n */
	u64 cap_inheritable, cap_permitted, cap_effective, cap_bset;
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
	CAP_SETPCAP = 8,
	CAP_LINUX_IMMUTABLE = 9,
	CAP_NET_BIND_SERVICE = 10,
	CAP_NET_BROADCAST = 11,
	CAP_NET_ADMIN = 12,
	CAP_NET_RAW = 13,
	CAP_IPC_LOCK = 14,
	CAP_IPC_OWNER = 15,
	CAP_SYS_MODULE = 16,
	CAP_SYS_RAWIO = 17,
	CAP_SYS_CHROOT = 18,
	CAP_SYS_PTRACE = 19,
	CAP_SYS_PACCT = 20,
	CAP_SYS_ADMIN = 21,
	CAP_SYS_BOOT = 22,
	CAP_SYS_NICE = 23,
	CAP_SYS_RESOURCE = 24,
	CAP_SYS_TIME = 25,
	CAP_SYS_TTY_CONFIG = 26,
	CAP_MKNOD = 27,
	CAP_LEASE = 28,
	CAP_AUDIT_WRITE = 29,
	CAP_AUDIT_CONTROL = 30,
	CAP_SETFCAP = 31,
	CAP_MAC_OVERRIDE = 32,
	CAP_MAC_ADMIN = 33,
	CAP_SYSLOG = 34,
	CAP_WAKE_ALARM = 35,
	CAP_BLOCK_SUSPEND = 36,
	CAP_AUDIT_READ = 37,
	CAP_PERFMON = 38,
	CAP_BPF = 39,
	CAP_CHECKPOINT_RESTORE = 40,
};

#define CAP_LAST_CAP CAP_CHECKPOINT_RESTORE
#define CAP_TO_MASK(cap) (1ULL << (cap))
/* Every capability there is. */
#define CAP_FULL_SET (CAP_TO_MASK(CAP_LAST_CAP + 1) - 1)
/* The capabilities that follow the fs uid (Linux's CAP_FS_SET). */
#define CAP_FS_SET                                                                                 \
	(CAP_TO_MASK(CAP_CHOWN) | CAP_TO_MASK(CAP_MKNOD) | CAP_TO_MASK(CAP_DAC_OVERRIDE) |         \
	 CAP_TO_MASK(CAP_DAC_READ_SEARCH) | CAP_TO_MASK(CAP_FOWNER) | CAP_TO_MASK(CAP_FSETID) |    \
	 CAP_TO_MASK(CAP_MAC_OVERRIDE) | CAP_TO_MASK(CAP_LINUX_IMMUTABLE))

static inline bool cap_valid(long cap)
{
	return cap >= 0 && cap <= CAP_LAST_CAP;
}

struct cred *cred_alloc_root(void);
struct cred *cred_prepare(const struct cred *old); /* a private copy, or NULL */
/*
 * Installs new (whose reference moves in) as current's credentials. As
 * Linux's commit_creds: when the effective or fs ids change or permitted
 * capabilities are gained, the process stops being dumpable and its
 * parent-death signal is cleared.
 */
void cred_commit(struct cred *new);
struct cred *cred_get(struct cred *c);
void cred_put(struct cred *c);

/*
 * Runs what follows with other credentials (access(2) checks with the real
 * ids): override_creds takes over the caller's reference to c and returns
 * the credentials it replaced, which revert_creds puts back.
 */
struct cred *override_creds(struct cred *c);
void revert_creds(struct cred *old);

/* Whether current has the capability in its effective set. */
bool capable(enum capability cap);
bool cred_capable(const struct cred *c, enum capability cap);
/* Whether current is in group g (fsgid or supplementary). */
bool in_group_p(gid_t g);
/* Whether c's supplementary groups hold g. */
bool groups_search(const struct cred *c, gid_t g);

/*
 * The credentials execve gives (no set-id bits or file capabilities yet):
 * root's capability sets are refilled from the bounding set, everyone
 * else's are emptied. *secure says whether the new program must get
 * AT_SECURE. Returns a private copy to commit with exec_commit_creds, or
 * NULL (out of memory).
 */
struct cred *prepare_exec_creds(bool *secure);
/* At the point of no return of an exec: installs new, resets keep_caps and dumpable. */
void exec_commit_creds(struct cred *new, bool secure);

/*
 * RLIMIT_NPROC: whether a process with credentials c (current's) may not
 * fork because the tasks whose real uid is c->uid have reached current's
 * RLIMIT_NPROC. Real uid 0 and CAP_SYS_RESOURCE or CAP_SYS_ADMIN ignore it.
 * (Linux counts threads too, and zombies until they are reaped.)
 */
bool nproc_would_exceed(const struct cred *c);
/*
 * At execve: -EAGAIN if a set*uid call found the new real uid over its
 * RLIMIT_NPROC and it still is (Linux's PF_NPROC_EXCEEDED), else 0.
 */
int exec_check_nproc(void);

#endif
