// SPDX-License-Identifier: GPL-2.0
/*
 * capget and capset: reading any task's capability sets, and changing
 * one's own within Linux's rules (nothing gained beyond the permitted set,
 * inheritable bits only from the permitted or bounding set).
 */
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/sched.h>
#include <umk/syscalls.h>
#include <umk/uaccess.h>

/*
 * The guest ABI (<linux/capability.h>, which cannot be included here: its
 * CAP_* macros would rewrite the enum in umk/cred.h).
 */
#define LINUX_CAPABILITY_VERSION_1 0x19980330
#define LINUX_CAPABILITY_VERSION_2 0x20071026
#define LINUX_CAPABILITY_VERSION_3 0x20080522

struct cap_header {
	u32 version;
	s32 pid;
};

struct cap_data {
	u32 effective, permitted, inheritable;
};

/*
 * Checks the header's version: how many cap_data words it takes, or
 * -EINVAL after writing the version the kernel prefers back (that is how
 * libcap asks). -EFAULT for a bad header.
 */
static int cap_words(uaddr_t hdr)
{
	u32 version;

	if (get_user(version, hdr))
		return -EFAULT;
	switch (version) {
	case LINUX_CAPABILITY_VERSION_1:
		return 1;
	case LINUX_CAPABILITY_VERSION_2:
	case LINUX_CAPABILITY_VERSION_3:
		return 2;
	}
	if (put_user((u32)LINUX_CAPABILITY_VERSION_3, hdr))
		return -EFAULT;
	return -EINVAL;
}

SYSCALL_DEFINE2(capget, uaddr_t, hdr, uaddr_t, data)
{
	struct cap_data d[2];
	const struct cred *c;
	struct task *t;
	s32 pid;
	int words = cap_words(hdr);

	/* A NULL data pointer asks only which version the kernel wants. */
	if (!data || words < 0)
		return !data && words == -EINVAL ? 0 : words;
	if (get_user(pid, hdr + 4))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	t = pid ? task_find(pid) : current;
	if (!t || !t->cred || t->state == TASK_DEAD)
		return -ESRCH;
	c = t->cred;
	for (int i = 0; i < 2; i++) {
		d[i].effective = (u32)(c->cap_effective >> (32 * i));
		d[i].permitted = (u32)(c->cap_permitted >> (32 * i));
		d[i].inheritable = (u32)(c->cap_inheritable >> (32 * i));
	}
	return copy_to_user(data, d, (size_t)words * sizeof(d[0]));
}

static bool cap_subset(u64 a, u64 b)
{
	return !(a & ~b);
}

SYSCALL_DEFINE2(capset, uaddr_t, hdr, uaddr_t, data)
{
	struct cap_data d[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	const struct cred *old = current->cred;
	u64 eff, perm, inh;
	struct cred *n;
	s32 pid;
	int words = cap_words(hdr);

	if (words < 0)
		return words;
	if (get_user(pid, hdr + 4))
		return -EFAULT;
	/* Only one's own sets may change. */
	if (pid != 0 && pid != current->pid)
		return -EPERM;
	if (copy_from_user(d, data, (size_t)words * sizeof(d[0])))
		return -EFAULT;
	/* Bits past the last capability are dropped silently, as Linux does. */
	eff = ((u64)d[1].effective << 32 | d[0].effective) & CAP_FULL_SET;
	perm = ((u64)d[1].permitted << 32 | d[0].permitted) & CAP_FULL_SET;
	inh = ((u64)d[1].inheritable << 32 | d[0].inheritable) & CAP_FULL_SET;

	/* Linux's cap_capset. */
	if (!capable(CAP_SETPCAP) && !cap_subset(inh, old->cap_inheritable | old->cap_permitted))
		return -EPERM;
	if (!cap_subset(inh, old->cap_inheritable | old->cap_bset))
		return -EPERM;
	if (!cap_subset(perm, old->cap_permitted))
		return -EPERM;
	if (!cap_subset(eff, perm))
		return -EPERM;
	n = cred_prepare(old);
	if (!n)
		return -ENOMEM;
	n->cap_effective = eff;
	n->cap_permitted = perm;
	n->cap_inheritable = inh;
	cred_commit(n);
	return 0;
}
