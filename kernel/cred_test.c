// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for credentials (kernel/cred.c): who may set which ids, and
 * what changing them does to the capability sets (Linux's setuid fixup,
 * keep_caps, the fs capabilities), the credentials execve gives, and the
 * RLIMIT_NPROC count. The system calls run on a fake current task.
 */
#include <linux/resource.h>
#include <umk/cred.h>
#include <umk/errno.h>
#include <umk/kunit.h>
#include <umk/sched.h>
#include <umk/slab.h>
#include <umk/syscalls.h>

#include "internal.h"

#define NONE ((u64)(u32)-1)

struct cred_fixture {
	struct task task;
	struct signal_struct sig;
	struct task *saved;
};

static int cred_test_init(struct kunit *t)
{
	struct cred_fixture *f = kzalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->task.cred = cred_alloc_root();
	if (!f->task.cred) {
		kfree(f);
		return -ENOMEM;
	}
	f->task.signal = &f->sig;
	f->task.state = TASK_RUNNING;
	rlimits_init_default(f->sig.rlim);
	f->saved = current;
	current = &f->task;
	t->priv = f;
	return 0;
}

static void cred_test_exit(struct kunit *t)
{
	struct cred_fixture *f = t->priv;

	current = f->saved;
	cred_put(f->task.cred);
	kfree(f);
}

static long call3(long (*fn)(const struct syscall_args *), u64 a0, u64 a1, u64 a2)
{
	struct syscall_args a = { .nr = 0, .a = { a0, a1, a2, 0, 0, 0 } };

	return fn(&a);
}

static const struct cred *cur(void)
{
	return current->cred;
}

static void root_starts_with_every_capability(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, CAP_FULL_SET);
	KUNIT_EXPECT_EQ(t, cur()->cap_permitted, CAP_FULL_SET);
	KUNIT_EXPECT_EQ(t, cur()->cap_bset, CAP_FULL_SET);
	KUNIT_EXPECT_EQ(t, cur()->cap_inheritable, 0);
	KUNIT_EXPECT_TRUE(t, capable(CAP_SYS_ADMIN));
	KUNIT_EXPECT_FALSE(t, capable(CAP_LAST_CAP + 1));
}

static void setuid_to_a_user_drops_every_capability(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, call3(sys_setuid, 1000, 0, 0), 0);
	KUNIT_EXPECT_EQ(t, cur()->uid, 1000);
	KUNIT_EXPECT_EQ(t, cur()->euid, 1000);
	KUNIT_EXPECT_EQ(t, cur()->suid, 1000);
	KUNIT_EXPECT_EQ(t, cur()->fsuid, 1000);
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_permitted, 0);
	KUNIT_EXPECT_EQ(t, call3(sys_setuid, 0, 0, 0), -EPERM);
	KUNIT_EXPECT_EQ(t, call3(sys_setresuid, NONE, NONE, 0), -EPERM);
	KUNIT_EXPECT_EQ(t, call3(sys_setgroups, 0, 0, 0), -EPERM);
}

static void seteuid_keeps_the_permitted_set_for_the_way_back(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, call3(sys_setresuid, NONE, 1000, NONE), 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_permitted, CAP_FULL_SET);
	KUNIT_EXPECT_FALSE(t, capable(CAP_DAC_OVERRIDE));
	KUNIT_EXPECT_EQ(t, call3(sys_setresuid, NONE, 0, NONE), 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, CAP_FULL_SET);
}

static void keep_caps_keeps_the_permitted_set(struct kunit *t)
{
	current->keep_caps = true;
	KUNIT_EXPECT_EQ(t, call3(sys_setresuid, 1000, 1000, 1000), 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_permitted, CAP_FULL_SET);
	/* ...until the next execve, which gives a user nothing. */
	{
		bool secure = true;
		struct cred *n = prepare_exec_creds(&secure);

		KUNIT_ASSERT_NOT_NULL(t, n);
		KUNIT_EXPECT_EQ(t, n->cap_permitted, 0);
		KUNIT_EXPECT_EQ(t, n->cap_effective, 0);
		KUNIT_EXPECT_FALSE(t, secure);
		cred_put(n);
	}
}

static void setfsuid_moves_the_fs_capabilities(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, call3(sys_setfsuid, 1000, 0, 0), 0);
	KUNIT_EXPECT_FALSE(t, capable(CAP_DAC_OVERRIDE));
	KUNIT_EXPECT_FALSE(t, capable(CAP_CHOWN));
	KUNIT_EXPECT_TRUE(t, capable(CAP_SETUID));
	KUNIT_EXPECT_EQ(t, call3(sys_setfsuid, NONE, 0, 0), 1000);
	KUNIT_EXPECT_EQ(t, call3(sys_setfsuid, 0, 0, 0), 1000);
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, CAP_FULL_SET);
}

static void an_unprivileged_setuid_moves_the_effective_uid_only(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, call3(sys_setresuid, 1000, 1000, 0), 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, 0);
	KUNIT_EXPECT_EQ(t, call3(sys_setuid, 2000, 0, 0), -EPERM);
	KUNIT_EXPECT_EQ(t, call3(sys_setuid, 0, 0, 0), 0); /* the saved uid */
	KUNIT_EXPECT_EQ(t, cur()->uid, 1000);
	KUNIT_EXPECT_EQ(t, cur()->euid, 0);
	KUNIT_EXPECT_EQ(t, cur()->suid, 0);
	KUNIT_EXPECT_EQ(t, cur()->cap_effective, CAP_FULL_SET);
}

static void setreuid_saves_the_new_effective_uid(struct kunit *t)
{
	KUNIT_EXPECT_EQ(t, call3(sys_setreuid, 1000, 2000, 0), 0);
	KUNIT_EXPECT_EQ(t, cur()->uid, 1000);
	KUNIT_EXPECT_EQ(t, cur()->euid, 2000);
	KUNIT_EXPECT_EQ(t, cur()->suid, 2000);
	/* Back to the real uid: the saved uid stays. */
	KUNIT_EXPECT_EQ(t, call3(sys_setreuid, NONE, 1000, 0), 0);
	KUNIT_EXPECT_EQ(t, cur()->suid, 2000);
	KUNIT_EXPECT_EQ(t, call3(sys_setreuid, 3000, NONE, 0), -EPERM);
}

static void exec_gives_root_every_capability_back(struct kunit *t)
{
	bool secure = true;
	struct cred *n;

	KUNIT_EXPECT_EQ(t, call3(sys_setresuid, 1000, 0, 1000), 0);
	n = prepare_exec_creds(&secure);
	KUNIT_ASSERT_NOT_NULL(t, n);
	KUNIT_EXPECT_EQ(t, n->cap_effective, CAP_FULL_SET);
	KUNIT_EXPECT_EQ(t, n->suid, 0); /* the saved uid becomes the effective one */
	KUNIT_EXPECT_TRUE(t, secure); /* more privilege than the real uid has */
	cred_put(n);
}

/* Puts n fake tasks of real uid uid on the task list. */
static struct task *fake_tasks(int n, uid_t uid, struct cred **c)
{
	struct task *tasks = kcalloc((size_t)n, sizeof(*tasks));

	*c = cred_alloc_root();
	if (!tasks || !*c) {
		kfree(tasks);
		return NULL;
	}
	(*c)->uid = uid;
	for (int i = 0; i < n; i++) {
		tasks[i].state = TASK_RUNNING;
		tasks[i].cred = *c;
		list_add(&tasks[i].all, &task_list);
	}
	return tasks;
}

static void nproc_counts_the_tasks_of_the_real_uid(struct kunit *t)
{
	struct cred *other, *user = cred_alloc_root();
	struct task *tasks = fake_tasks(2, 1000, &other);

	KUNIT_ASSERT_NOT_NULL(t, user);
	KUNIT_ASSERT_NOT_NULL(t, tasks);
	user->uid = user->euid = 1000;
	user->cap_effective = user->cap_permitted = 0;
	current->signal->rlim[RLIMIT_NPROC].cur = 3;
	KUNIT_EXPECT_FALSE(t, nproc_would_exceed(user)); /* 2 + the new one */
	current->signal->rlim[RLIMIT_NPROC].cur = 2;
	KUNIT_EXPECT_TRUE(t, nproc_would_exceed(user));
	tasks[0].state = TASK_DEAD; /* released tasks do not count */
	KUNIT_EXPECT_FALSE(t, nproc_would_exceed(user));
	tasks[0].state = TASK_ZOMBIE; /* unreaped ones do */
	KUNIT_EXPECT_TRUE(t, nproc_would_exceed(user));
	user->cap_effective = CAP_TO_MASK(CAP_SYS_RESOURCE);
	KUNIT_EXPECT_FALSE(t, nproc_would_exceed(user));
	user->cap_effective = 0;
	user->uid = 0;
	KUNIT_EXPECT_FALSE(t, nproc_would_exceed(user)); /* root is not counted */
	for (int i = 0; i < 2; i++)
		list_del(&tasks[i].all);
	kfree(tasks);
	cred_put(other);
	cred_put(user);
}

static void a_setuid_over_nproc_fails_the_next_exec(struct kunit *t)
{
	struct cred *other;
	struct task *tasks = fake_tasks(2, 1000, &other);

	KUNIT_ASSERT_NOT_NULL(t, tasks);
	current->signal->rlim[RLIMIT_NPROC].cur = 1;
	KUNIT_EXPECT_EQ(t, call3(sys_setuid, 1000, 0, 0), 0);
	KUNIT_EXPECT_TRUE(t, current->nproc_exceeded);
	KUNIT_EXPECT_EQ(t, exec_check_nproc(), -EAGAIN);
	for (int i = 0; i < 2; i++)
		list_del(&tasks[i].all);
	KUNIT_EXPECT_EQ(t, exec_check_nproc(), 0);
	KUNIT_EXPECT_FALSE(t, current->nproc_exceeded);
	kfree(tasks);
	cred_put(other);
}

static void changing_the_effective_uid_clears_pdeathsig_and_dumpable(struct kunit *t)
{
	current->pdeath_signal = 10;
	current->dumpable = true;
	KUNIT_EXPECT_EQ(t, call3(sys_setgid, 0, 0, 0), 0); /* no change: nothing happens */
	KUNIT_EXPECT_EQ(t, current->pdeath_signal, 10);
	KUNIT_EXPECT_EQ(t, call3(sys_setresuid, NONE, 5, NONE), 0);
	KUNIT_EXPECT_EQ(t, current->pdeath_signal, 0);
	KUNIT_EXPECT_FALSE(t, current->dumpable);
}

static const struct kunit_case cred_cases[] = {
	KUNIT_CASE(root_starts_with_every_capability),
	KUNIT_CASE(setuid_to_a_user_drops_every_capability),
	KUNIT_CASE(seteuid_keeps_the_permitted_set_for_the_way_back),
	KUNIT_CASE(keep_caps_keeps_the_permitted_set),
	KUNIT_CASE(setfsuid_moves_the_fs_capabilities),
	KUNIT_CASE(an_unprivileged_setuid_moves_the_effective_uid_only),
	KUNIT_CASE(setreuid_saves_the_new_effective_uid),
	KUNIT_CASE(exec_gives_root_every_capability_back),
	KUNIT_CASE(nproc_counts_the_tasks_of_the_real_uid),
	KUNIT_CASE(a_setuid_over_nproc_fails_the_next_exec),
	KUNIT_CASE(changing_the_effective_uid_clears_pdeathsig_and_dumpable),
	{},
};

static const struct kunit_suite cred_suite = {
	.name = "cred",
	.cases = cred_cases,
	.init = cred_test_init,
	.exit = cred_test_exit,
};
kunit_test_suite(cred_suite);
