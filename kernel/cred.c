// SPDX-License-Identifier: GPL-2.0
/*
 * Credentials and the uid/gid system calls, with Linux's rules for who may
 * set what: a task with CAP_SETUID (CAP_SETGID for groups) may set any id;
 * others may only move between their real, effective and saved ids. The fs
 * ids follow the effective ids. Changing uids changes capabilities the way
 * Linux's "setuid fixup" does (see umk/cred.h); changing the real uid may
 * flag the task for RLIMIT_NPROC at its next execve.
 */
#include <linux/resource.h>
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/sort.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

/* Linux's fs.suid_dumpable default: a process that changed ids is not dumpable. */
#define SUID_DUMPABLE 0
/* Linux's _STK_LIM: a secure exec's stack limit is at most this. */
#define STK_LIM (8UL << 20)

struct cred *cred_alloc_root(void)
{
	struct cred *c = kzalloc(sizeof(*c));

	if (!c)
		return NULL;
	c->refcount = 1;
	c->cap_permitted = c->cap_effective = c->cap_bset = CAP_FULL_SET;
	return c;
}

struct cred *cred_prepare(const struct cred *old)
{
	struct cred *c = kmalloc(sizeof(*c));

	if (!c)
		return NULL;
	*c = *old;
	c->refcount = 1;
	c->groups = NULL;
	if (old->ngroups) {
		c->groups = kcalloc((size_t)old->ngroups, sizeof(gid_t));
		if (!c->groups) {
			kfree(c);
			return NULL;
		}
		memcpy(c->groups, old->groups, (size_t)old->ngroups * sizeof(gid_t));
	}
	return c;
}

struct cred *cred_get(struct cred *c)
{
	c->refcount++;
	return c;
}

void cred_put(struct cred *c)
{
	if (--c->refcount > 0)
		return;
	kfree(c->groups);
	kfree(c);
}

void cred_commit(struct cred *new)
{
	struct task *t = current;
	struct cred *old = t->cred;

	if (new->euid != old->euid || new->egid != old->egid || new->fsuid != old->fsuid ||
	    new->fsgid != old->fsgid || (new->cap_permitted & ~old->cap_permitted)) {
		t->dumpable = SUID_DUMPABLE;
		t->pdeath_signal = 0;
	}
	t->cred = new;
	cred_put(old);
}

struct cred *override_creds(struct cred *c)
{
	struct cred *old = current->cred;

	current->cred = c;
	return old;
}

void revert_creds(struct cred *old)
{
	struct cred *c = current->cred;

	current->cred = old;
	cred_put(c);
}

bool cred_capable(const struct cred *c, enum capability cap)
{
	return cap_valid(cap) && (c->cap_effective & CAP_TO_MASK(cap));
}

bool capable(enum capability cap)
{
	return current && cred_capable(current->cred, cap);
}

bool groups_search(const struct cred *c, gid_t g)
{
	int lo = 0, hi = c->ngroups;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (c->groups[mid] == g)
			return true;
		if (c->groups[mid] < g)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool in_group_p(gid_t g)
{
	const struct cred *c = current->cred;

	return c->fsgid == g || groups_search(c, g);
}

/* --- RLIMIT_NPROC --------------------------------------------------------- */

/* Tasks whose real uid is uid, threads and unreaped zombies included. */
static u64 nproc_count(uid_t uid)
{
	struct task *t;
	u64 n = 0;

	list_for_each_entry (t, &task_list, all)
		if (t->state != TASK_DEAD && t->cred && t->cred->uid == uid)
			n++;
	return n;
}

bool nproc_would_exceed(const struct cred *c)
{
	if (c->uid == 0 || cred_capable(c, CAP_SYS_RESOURCE) || cred_capable(c, CAP_SYS_ADMIN))
		return false;
	/* Linux counts the new task too: fork fails when the count would pass the limit. */
	return nproc_count(c->uid) + 1 > task_rlimit(current, RLIMIT_NPROC);
}

/* Linux's flag_nproc_exceeded: at a change of real uid, note whether the new one is over. */
static void flag_nproc_exceeded(const struct cred *new, const struct cred *old)
{
	if (new->uid == old->uid)
		return;
	current->nproc_exceeded = new->uid != 0 &&
				  nproc_count(new->uid) > task_rlimit(current, RLIMIT_NPROC);
}

int exec_check_nproc(void)
{
	struct task *t = current;

	if (t->nproc_exceeded && nproc_count(t->cred->uid) > task_rlimit(t, RLIMIT_NPROC))
		return -EAGAIN;
	t->nproc_exceeded = false;
	return 0;
}

/* --- the id system calls ---------------------------------------------------- */

SYSCALL_DEFINE0(getuid)
{
	return current->cred->uid;
}

SYSCALL_DEFINE0(geteuid)
{
	return current->cred->euid;
}

SYSCALL_DEFINE0(getgid)
{
	return current->cred->gid;
}

SYSCALL_DEFINE0(getegid)
{
	return current->cred->egid;
}

/*
 * Linux's cap_emulate_setxuid: leaving uid 0 in all of the real, effective
 * and saved uids drops the permitted and effective sets (unless keep_caps);
 * the effective set empties when the effective uid leaves 0 and is refilled
 * from the permitted set when it comes back.
 */
static void fixup_setuid_caps(struct cred *n, const struct cred *old)
{
	bool had_root = old->uid == 0 || old->euid == 0 || old->suid == 0;
	bool has_root = n->uid == 0 || n->euid == 0 || n->suid == 0;

	if (had_root && !has_root && !current->keep_caps) {
		n->cap_permitted = 0;
		n->cap_effective = 0;
	}
	if (old->euid == 0 && n->euid != 0)
		n->cap_effective = 0;
	if (old->euid != 0 && n->euid == 0)
		n->cap_effective = n->cap_permitted;
}

/*
 * The one rule behind setuid, setreuid and setresuid: each new id (or -1
 * for "unchanged") must be one of the current real/effective/saved ids,
 * unless the caller has the capability.
 */
static bool id_allowed(u32 id, u32 r, u32 e, u32 s, enum capability cap)
{
	return id == (u32)-1 || id == r || id == e || id == s || capable(cap);
}

static long set_ids(bool user, u32 r, u32 e, u32 s)
{
	const struct cred *old = current->cred;
	struct cred *n = cred_prepare(old);
	u32 *pr, *pe, *ps, *pfs;

	if (!n)
		return -ENOMEM;
	if (user) {
		pr = &n->uid;
		pe = &n->euid;
		ps = &n->suid;
		pfs = &n->fsuid;
	} else {
		pr = &n->gid;
		pe = &n->egid;
		ps = &n->sgid;
		pfs = &n->fsgid;
	}
	if (r != (u32)-1)
		*pr = r;
	if (e != (u32)-1)
		*pe = e;
	if (s != (u32)-1)
		*ps = s;
	*pfs = *pe;
	if (user) {
		fixup_setuid_caps(n, old);
		flag_nproc_exceeded(n, old);
	}
	cred_commit(n);
	return 0;
}

static long do_setresid(bool user, u32 r, u32 e, u32 s)
{
	const struct cred *c = current->cred;
	u32 cr = user ? c->uid : c->gid, ce = user ? c->euid : c->egid;
	u32 cs = user ? c->suid : c->sgid;
	enum capability cap = user ? CAP_SETUID : CAP_SETGID;

	if (!id_allowed(r, cr, ce, cs, cap) || !id_allowed(e, cr, ce, cs, cap) ||
	    !id_allowed(s, cr, ce, cs, cap))
		return -EPERM;
	return set_ids(user, r, e, s);
}

static long do_setreid(bool user, u32 r, u32 e)
{
	const struct cred *c = current->cred;
	u32 cr = user ? c->uid : c->gid, ce = user ? c->euid : c->egid;
	u32 cs = user ? c->suid : c->sgid, s = (u32)-1;
	enum capability cap = user ? CAP_SETUID : CAP_SETGID;

	/* The real id may become the effective one; the effective any of three. */
	if (r != (u32)-1 && r != cr && r != ce && !capable(cap))
		return -EPERM;
	if (!id_allowed(e, cr, ce, cs, cap))
		return -EPERM;
	/* Linux: the saved id follows the new effective id when the real id is
	 * set, or the effective id is set to something other than the old real id. */
	if (r != (u32)-1 || (e != (u32)-1 && e != cr))
		s = e != (u32)-1 ? e : ce;
	return set_ids(user, r, e, s);
}

static long do_setid(bool user, u32 id)
{
	const struct cred *c = current->cred;

	if (id == (u32)-1)
		return -EINVAL;
	if (capable(user ? CAP_SETUID : CAP_SETGID))
		return set_ids(user, id, id, id);
	if (id != (user ? c->uid : c->gid) && id != (user ? c->suid : c->sgid))
		return -EPERM;
	return set_ids(user, (u32)-1, id, (u32)-1);
}

SYSCALL_DEFINE1(setuid, uid_t, uid)
{
	return do_setid(true, uid);
}

SYSCALL_DEFINE1(setgid, gid_t, gid)
{
	return do_setid(false, gid);
}

SYSCALL_DEFINE2(setreuid, uid_t, r, uid_t, e)
{
	return do_setreid(true, r, e);
}

SYSCALL_DEFINE2(setregid, gid_t, r, gid_t, e)
{
	return do_setreid(false, r, e);
}

SYSCALL_DEFINE3(setresuid, uid_t, r, uid_t, e, uid_t, s)
{
	return do_setresid(true, r, e, s);
}

SYSCALL_DEFINE3(setresgid, gid_t, r, gid_t, e, gid_t, s)
{
	return do_setresid(false, r, e, s);
}

static long put_res(uaddr_t r, uaddr_t e, uaddr_t s, u32 vr, u32 ve, u32 vs)
{
	if (put_user(vr, r) || put_user(ve, e) || put_user(vs, s))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, uaddr_t, r, uaddr_t, e, uaddr_t, s)
{
	const struct cred *c = current->cred;

	return put_res(r, e, s, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE3(getresgid, uaddr_t, r, uaddr_t, e, uaddr_t, s)
{
	const struct cred *c = current->cred;

	return put_res(r, e, s, c->gid, c->egid, c->sgid);
}

/*
 * setfsuid/setfsgid return the old value and never fail loudly. Like
 * Linux, the fs capabilities leave the effective set when the fs uid
 * leaves 0, and come back (as far as permitted) when it returns.
 */
static long do_setfsid(bool user, u32 id)
{
	const struct cred *c = current->cred;
	u32 old = user ? c->fsuid : c->fsgid;
	bool ok = user ? (id == c->uid || id == c->euid || id == c->suid || id == c->fsuid)
		       : (id == c->gid || id == c->egid || id == c->sgid || id == c->fsgid);
	struct cred *n;

	if (id == (u32)-1 || id == old || (!ok && !capable(user ? CAP_SETUID : CAP_SETGID)))
		return old;
	n = cred_prepare(c);
	if (!n)
		return old;
	if (user) {
		n->fsuid = id;
		if (old == 0 && id != 0)
			n->cap_effective &= ~CAP_FS_SET;
		if (old != 0 && id == 0)
			n->cap_effective |= n->cap_permitted & CAP_FS_SET;
	} else {
		n->fsgid = id;
	}
	cred_commit(n);
	return old;
}

SYSCALL_DEFINE1(setfsuid, uid_t, id)
{
	return do_setfsid(true, id);
}

SYSCALL_DEFINE1(setfsgid, gid_t, id)
{
	return do_setfsid(false, id);
}

SYSCALL_DEFINE2(getgroups, int, size, uaddr_t, list)
{
	const struct cred *c = current->cred;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(list, c->groups, (size_t)c->ngroups * sizeof(gid_t)))
		return -EFAULT;
	return c->ngroups;
}

static int gid_cmp(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

SYSCALL_DEFINE2(setgroups, int, size, uaddr_t, list)
{
	struct cred *n;
	gid_t *g = NULL;

	if (!capable(CAP_SETGID))
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (size) {
		g = kcalloc((size_t)size, sizeof(gid_t));
		if (!g)
			return -ENOMEM;
		if (copy_from_user(g, list, (size_t)size * sizeof(gid_t))) {
			kfree(g);
			return -EFAULT;
		}
		/* (gid_t)-1 is no group (Linux: an invalid kgid). */
		for (int i = 0; i < size; i++) {
			if (g[i] == (gid_t)-1) {
				kfree(g);
				return -EINVAL;
			}
		}
		sort(g, (size_t)size, sizeof(gid_t), gid_cmp); /* Linux keeps them sorted */
	}
	n = cred_prepare(current->cred);
	if (!n) {
		kfree(g);
		return -ENOMEM;
	}
	kfree(n->groups);
	n->groups = g;
	n->ngroups = size;
	cred_commit(n);
	return 0;
}

/* --- execve ------------------------------------------------------------------ */

/*
 * Linux's cap_bprm_creds_from_file for a file without set-id bits or file
 * capabilities: root (real or effective uid 0) gets its bounding and
 * inheritable sets as permitted, effective too if its effective uid is 0;
 * everyone else gets nothing. The saved and fs ids become the effective ones.
 */
struct cred *prepare_exec_creds(bool *secure)
{
	const struct cred *old = current->cred;
	struct cred *n = cred_prepare(old);
	bool effective = n && n->euid == 0;

	if (!n)
		return NULL;
	n->cap_permitted = 0;
	if (n->euid == 0 || n->uid == 0)
		n->cap_permitted = old->cap_bset | old->cap_inheritable;
	n->cap_effective = effective ? n->cap_permitted : 0;
	n->suid = n->fsuid = n->euid;
	n->sgid = n->fsgid = n->egid;
	/* A program that gains capabilities over its real uid runs "secure". */
	*secure = n->uid != 0 && (effective || n->cap_permitted);
	return n;
}

void exec_commit_creds(struct cred *new, bool secure)
{
	struct task *t = current;
	const struct cred *old = t->cred;

	if (secure) {
		t->pdeath_signal = 0;
		if (t->signal->rlim[RLIMIT_STACK].cur > STK_LIM)
			t->signal->rlim[RLIMIT_STACK].cur = STK_LIM;
	}
	/* Linux decides with the ids before the exec. */
	t->dumpable = old->euid == old->uid && old->egid == old->gid ? 1 : SUID_DUMPABLE;
	t->keep_caps = false;
	cred_commit(new);
}
