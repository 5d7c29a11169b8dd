// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for what a child inherits of its parent's scheduling
 * attributes (kernel/sched_syscalls.c, sched_fork): everything, except
 * what SCHED_RESET_ON_FORK resets, and its own CPU time.
 */
#include <linux/sched.h>
#include <umk/kunit.h>
#include <umk/sched.h>
#include <umk/slab.h>

static void a_child_inherits_policy_nice_and_cpus(struct kunit *t)
{
	struct task *p = kunit_kzalloc(t, sizeof(*p)), *c = kunit_kzalloc(t, sizeof(*c));

	KUNIT_ASSERT_NOT_NULL(t, p);
	KUNIT_ASSERT_NOT_NULL(t, c);
	p->nice = -3;
	p->sched_policy = SCHED_FIFO;
	p->rt_priority = 7;
	p->cpus_allowed[0] = 2;
	c->exec_utime_ns = 99;
	c->nproc_exceeded = true;
	sched_fork(c, p);
	KUNIT_EXPECT_EQ(t, c->nice, -3);
	KUNIT_EXPECT_EQ(t, c->sched_policy, SCHED_FIFO);
	KUNIT_EXPECT_EQ(t, c->rt_priority, 7);
	KUNIT_EXPECT_EQ(t, c->cpus_allowed[0], 2);
	KUNIT_EXPECT_EQ(t, c->exec_utime_ns, 0);
	KUNIT_EXPECT_FALSE(t, c->nproc_exceeded);
}

static void reset_on_fork_gives_a_normal_child(struct kunit *t)
{
	struct task *p = kunit_kzalloc(t, sizeof(*p)), *c = kunit_kzalloc(t, sizeof(*c));

	KUNIT_ASSERT_NOT_NULL(t, p);
	KUNIT_ASSERT_NOT_NULL(t, c);
	p->nice = -3;
	p->sched_policy = SCHED_RR;
	p->rt_priority = 7;
	p->sched_reset_on_fork = true;
	sched_fork(c, p);
	KUNIT_EXPECT_EQ(t, c->sched_policy, SCHED_NORMAL);
	KUNIT_EXPECT_EQ(t, c->rt_priority, 0);
	KUNIT_EXPECT_EQ(t, c->nice, 0);
	KUNIT_EXPECT_FALSE(t, c->sched_reset_on_fork);
	/* A normal parent's child keeps a positive nice, loses a negative one. */
	p->sched_policy = SCHED_BATCH;
	p->rt_priority = 0;
	p->nice = 5;
	sched_fork(c, p);
	KUNIT_EXPECT_EQ(t, c->sched_policy, SCHED_BATCH);
	KUNIT_EXPECT_EQ(t, c->nice, 5);
	p->nice = -5;
	sched_fork(c, p);
	KUNIT_EXPECT_EQ(t, c->nice, 0);
}

static const struct kunit_case sched_fork_cases[] = {
	KUNIT_CASE(a_child_inherits_policy_nice_and_cpus),
	KUNIT_CASE(reset_on_fork_gives_a_normal_child),
	{},
};

static const struct kunit_suite sched_fork_suite = {
	.name = "sched_fork",
	.cases = sched_fork_cases,
};
kunit_test_suite(sched_fork_suite);
