// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the address-space limits (mm/mmap.c, Linux's
 * may_expand_vm): RLIMIT_AS counts every mapping, RLIMIT_DATA the private
 * writable ones that are not stacks; a range a mapping replaces is not
 * counted twice. Tree only, on a fake current task's limits.
 */
#include <linux/resource.h>
#include <umk/errno.h>
#include <umk/kunit.h>
#include <umk/mm.h>
#include <umk/sched.h>
#include <umk/slab.h>

#define K(x) ((uaddr_t)(x) << 12) /* page number to address */
#define RW (VM_READ | VM_WRITE)

struct limits_fixture {
	struct mm mm;
	struct task task;
	struct signal_struct sig;
	struct task *saved;
};

static int limits_test_init(struct kunit *t)
{
	struct limits_fixture *f = kzalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->mm.vmas = RB_ROOT;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		f->sig.rlim[i].cur = f->sig.rlim[i].max = RLIM_INFINITY;
	f->task.signal = &f->sig;
	f->saved = current;
	current = &f->task;
	/* 10 pages each: private writable, read-only, shared writable, a stack. */
	vma_insert(&f->mm, vma_alloc(K(10), K(20), RW, NULL, 0));
	vma_insert(&f->mm, vma_alloc(K(30), K(40), VM_READ, NULL, 0));
	vma_insert(&f->mm, vma_alloc(K(50), K(60), RW | VM_SHARED | VM_MAYSHARE, NULL, 0));
	vma_insert(&f->mm, vma_alloc(K(70), K(80), RW | VM_GROWSDOWN | VM_STACK, NULL, 0));
	t->priv = f;
	return 0;
}

static void limits_test_exit(struct kunit *t)
{
	struct limits_fixture *f = t->priv;
	struct vma *v;

	current = f->saved;
	while ((v = vma_first(&f->mm))) {
		rb_erase(&v->rb, &f->mm.vmas);
		vma_free(v);
	}
	kfree(f);
}

static void no_limits_allow_anything(struct kunit *t)
{
	struct limits_fixture *f = t->priv;

	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, RW, K(1000000), 0, 0));
}

static void the_address_space_limit_counts_every_mapping(struct kunit *t)
{
	struct limits_fixture *f = t->priv;

	f->sig.rlim[RLIMIT_AS].cur = K(50);
	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, VM_READ, K(10), 0, 0));
	KUNIT_EXPECT_FALSE(t, mm_may_expand(&f->mm, VM_READ, K(11), 0, 0));
	/* Mapped over 5 pages of what is there: those are not counted twice. */
	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, VM_READ, K(15), K(15), K(30)));
}

static void the_data_limit_counts_private_writable_memory(struct kunit *t)
{
	struct limits_fixture *f = t->priv;

	f->sig.rlim[RLIMIT_DATA].cur = K(15);
	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, RW, K(5), 0, 0));
	KUNIT_EXPECT_FALSE(t, mm_may_expand(&f->mm, RW, K(6), 0, 0));
	/* Read-only, shared and stack memory are not data. */
	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, VM_READ, K(100), 0, 0));
	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, RW | VM_SHARED, K(100), 0, 0));
	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, RW | VM_GROWSDOWN, K(100), 0, 0));
}

static void a_zero_data_limit_lets_mappings_up_to_the_hard_one(struct kunit *t)
{
	struct limits_fixture *f = t->priv;

	f->sig.rlim[RLIMIT_DATA].cur = 0;
	f->sig.rlim[RLIMIT_DATA].max = K(20);
	KUNIT_EXPECT_TRUE(t, mm_may_expand(&f->mm, RW, K(10), 0, 0));
	KUNIT_EXPECT_FALSE(t, mm_may_expand(&f->mm, RW, K(11), 0, 0));
}

static const struct kunit_case limits_cases[] = {
	KUNIT_CASE(no_limits_allow_anything),
	KUNIT_CASE(the_address_space_limit_counts_every_mapping),
	KUNIT_CASE(the_data_limit_counts_private_writable_memory),
	KUNIT_CASE(a_zero_data_limit_lets_mappings_up_to_the_hard_one),
	{},
};

static const struct kunit_suite limits_suite = {
	.name = "mm_limits",
	.cases = limits_cases,
	.init = limits_test_init,
	.exit = limits_test_exit,
};
kunit_test_suite(limits_suite);
