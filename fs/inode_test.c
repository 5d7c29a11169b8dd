// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the permission check (fs/inode.c, Linux's
 * generic_permission): owner, group and other bits with the fs ids and
 * supplementary groups, and what CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
 * override, on inodes and credentials made here.
 */
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/fs.h>
#include <umk/kunit.h>
#include <umk/sched.h>
#include <umk/slab.h>

struct perm_fixture {
	struct task task;
	struct cred cred;
	struct inode inode;
	gid_t groups[2];
	struct task *saved;
};

/* A user 1000:1000 in no other group, without capabilities. */
static int perm_test_init(struct kunit *t)
{
	struct perm_fixture *f = kzalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->cred.refcount = 1;
	f->cred.uid = f->cred.euid = f->cred.suid = f->cred.fsuid = 1000;
	f->cred.gid = f->cred.egid = f->cred.sgid = f->cred.fsgid = 1000;
	f->cred.groups = f->groups;
	f->task.cred = &f->cred;
	f->inode.uid = 5;
	f->inode.gid = 6;
	f->inode.refcount = 1;
	f->saved = current;
	current = &f->task;
	t->priv = f;
	return 0;
}

static void perm_test_exit(struct kunit *t)
{
	struct perm_fixture *f = t->priv;

	current = f->saved;
	kfree(f);
}

static int check(struct kunit *t, umode_t mode, int mask)
{
	struct perm_fixture *f = t->priv;

	f->inode.mode = mode;
	return inode_permission(&f->inode, mask);
}

static void others_get_the_other_bits(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0604, MAY_READ), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0604, MAY_WRITE), -EACCES);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0771, MAY_EXEC), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0770, MAY_EXEC), -EACCES);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0606, MAY_READ | MAY_WRITE), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0604, MAY_READ | MAY_WRITE), -EACCES);
}

static void the_owner_gets_the_owner_bits_only(struct kunit *t)
{
	struct perm_fixture *f = t->priv;

	f->cred.fsuid = 5;
	f->cred.fsgid = 6;
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0600, MAY_READ | MAY_WRITE), 0);
	/* Neither the group's nor the others' bits help the owner. */
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0077, MAY_READ), -EACCES);
	/* The real uid does not count; the fs uid does. */
	f->cred.uid = 5;
	f->cred.fsuid = 1000;
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0600, MAY_READ), -EACCES);
}

static void group_members_get_the_group_bits(struct kunit *t)
{
	struct perm_fixture *f = t->priv;

	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0640, MAY_READ), -EACCES);
	f->cred.fsgid = 6;
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0640, MAY_READ), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0604, MAY_READ), -EACCES); /* not the others' */
	f->cred.fsgid = 1000;
	f->groups[0] = 2;
	f->groups[1] = 6;
	f->cred.ngroups = 2;
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0640, MAY_READ), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0640, MAY_WRITE), -EACCES);
}

static void dac_override_reads_writes_and_searches_anything(struct kunit *t)
{
	struct perm_fixture *f = t->priv;

	f->cred.cap_effective = CAP_TO_MASK(CAP_DAC_OVERRIDE);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0000, MAY_READ | MAY_WRITE), 0);
	/* Executing takes some execute bit. */
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0000, MAY_EXEC), -EACCES);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0010, MAY_EXEC), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFDIR | 0000, MAY_EXEC | MAY_WRITE), 0);
}

static void dac_read_search_reads_files_and_searches_directories(struct kunit *t)
{
	struct perm_fixture *f = t->priv;

	f->cred.cap_effective = CAP_TO_MASK(CAP_DAC_READ_SEARCH);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0000, MAY_READ), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0000, MAY_WRITE), -EACCES);
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0111, MAY_READ | MAY_EXEC), -EACCES);
	KUNIT_EXPECT_EQ(t, check(t, S_IFDIR | 0000, MAY_READ | MAY_EXEC), 0);
	KUNIT_EXPECT_EQ(t, check(t, S_IFDIR | 0000, MAY_WRITE), -EACCES);
}

static void uid_zero_without_capabilities_is_an_ordinary_user(struct kunit *t)
{
	struct perm_fixture *f = t->priv;

	f->cred.uid = f->cred.euid = f->cred.fsuid = 0;
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0600, MAY_READ), -EACCES);
	f->cred.cap_effective = CAP_FULL_SET;
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0600, MAY_READ), 0);
}

static void writing_on_a_read_only_file_system_is_erofs(struct kunit *t)
{
	struct perm_fixture *f = t->priv;
	struct super_block sb = { .flags = SB_RDONLY };

	f->inode.sb = &sb;
	f->cred.cap_effective = CAP_FULL_SET;
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0666, MAY_WRITE), -EROFS);
	KUNIT_EXPECT_EQ(t, check(t, S_IFCHR | 0666, MAY_WRITE), 0); /* devices stay writable */
	KUNIT_EXPECT_EQ(t, check(t, S_IFREG | 0666, MAY_READ), 0);
	f->inode.sb = NULL;
}

static const struct kunit_case perm_cases[] = {
	KUNIT_CASE(others_get_the_other_bits),
	KUNIT_CASE(the_owner_gets_the_owner_bits_only),
	KUNIT_CASE(group_members_get_the_group_bits),
	KUNIT_CASE(dac_override_reads_writes_and_searches_anything),
	KUNIT_CASE(dac_read_search_reads_files_and_searches_directories),
	KUNIT_CASE(uid_zero_without_capabilities_is_an_ordinary_user),
	KUNIT_CASE(writing_on_a_read_only_file_system_is_erofs),
	{},
};

static const struct kunit_suite perm_suite = {
	.name = "inode_permission",
	.cases = perm_cases,
	.init = perm_test_init,
	.exit = perm_test_exit,
};
kunit_test_suite(perm_suite);
