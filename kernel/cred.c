// SPDX-License-Identifier: GPL-2.0
/*
 * Credentials and the uid/gid system calls, with Linux's rules for who may
 * set what: a task with CAP_SETUID (euid 0) may set any id; others may only
 * move between their real, effective and saved ids. The fs ids follow the
 * effective ids.
 */
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/sort.h>
#include <umk/string.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

struct cred *cred_alloc_root(void)
{
	struct cred *c = kzalloc(sizeof(*c));

	if (c)
		c->refcount = 1;
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
	struct cred *old = current->cred;

	current->cred = new;
	cred_put(old);
}

bool capable(enum capability cap)
{
	return current && current->cred->euid == 0;
}

bool in_group_p(gid_t g)
{
	const struct cred *c = current->cred;

	if (c->fsgid == g)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == g)
			return true;
	return false;
}

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
	struct cred *n = cred_prepare(current->cred);
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

/* setfsuid/setfsgid return the old value and never fail loudly. */
static long do_setfsid(bool user, u32 id)
{
	const struct cred *c = current->cred;
	u32 old = user ? c->fsuid : c->fsgid;
	bool ok = user ? (id == c->uid || id == c->euid || id == c->suid || id == c->fsuid)
		       : (id == c->gid || id == c->egid || id == c->sgid || id == c->fsgid);
	struct cred *n;

	if (id == (u32)-1 || (!ok && !capable(user ? CAP_SETUID : CAP_SETGID)))
		return old;
	n = cred_prepare(c);
	if (!n)
		return old;
	if (user)
		n->fsuid = id;
	else
		n->fsgid = id;
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
