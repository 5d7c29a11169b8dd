// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the VMA tree (mm/vma.c): lookups, merging, splitting on
 * removal and protection changes, and free-range search. Tree only: no
 * guest process is involved.
 */
#include <umk/errno.h>
#include <umk/kunit.h>
#include <umk/mm.h>
#include <umk/slab.h>
#include <umk/trap.h>

#define K(x) ((uaddr_t)(x) << 12) /* page number to address */
#define RW (VM_READ | VM_WRITE)

static int vma_test_init(struct kunit *t)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return -ENOMEM;
	mm->vmas = RB_ROOT;
	mm->mmap_base = K(0x10000);
	t->priv = mm;
	return 0;
}

static void vma_test_exit(struct kunit *t)
{
	struct mm *mm = t->priv;
	struct vma *v;

	while ((v = vma_first(mm))) {
		rb_erase(&v->rb, &mm->vmas);
		vma_free(v);
	}
	kfree(mm);
}

static void add(struct mm *mm, uaddr_t s, uaddr_t e, unsigned long flags)
{
	vma_insert(mm, vma_alloc(s, e, flags, NULL, 0));
}

/* The tree as "start-end:flags" pairs, in order, for comparison. */
static int count(struct mm *mm)
{
	int n = 0;

	for (struct vma *v = vma_first(mm); v; v = vma_next(v))
		n++;
	return n;
}

static void finds_the_containing_or_next_vma(struct kunit *t)
{
	struct mm *mm = t->priv;

	add(mm, K(10), K(20), RW);
	add(mm, K(30), K(40), VM_READ);
	KUNIT_EXPECT_EQ(t, vma_find(mm, K(5))->start, K(10));
	KUNIT_EXPECT_EQ(t, vma_find(mm, K(15))->start, K(10));
	KUNIT_EXPECT_EQ(t, vma_find(mm, K(20))->start, K(30));
	KUNIT_EXPECT_NULL(t, vma_find(mm, K(40)));
	KUNIT_EXPECT_NULL(t, vma_lookup(mm, K(25)));
	KUNIT_EXPECT_NOT_NULL(t, vma_lookup(mm, K(39)));
}

static void merges_compatible_neighbours(struct kunit *t)
{
	struct mm *mm = t->priv;

	add(mm, K(10), K(20), RW);
	add(mm, K(30), K(40), RW);
	add(mm, K(20), K(30), RW); /* fills the gap: all three become one */
	KUNIT_EXPECT_EQ(t, count(mm), 1);
	KUNIT_EXPECT_EQ(t, vma_first(mm)->start, K(10));
	KUNIT_EXPECT_EQ(t, vma_first(mm)->end, K(40));
	add(mm, K(40), K(50), VM_READ); /* different protection: no merge */
	KUNIT_EXPECT_EQ(t, count(mm), 2);
}

static void never_merges_stacks(struct kunit *t)
{
	struct mm *mm = t->priv;

	add(mm, K(10), K(20), RW | VM_STACK);
	add(mm, K(20), K(30), RW | VM_STACK);
	KUNIT_EXPECT_EQ(t, count(mm), 2);
}

static void removing_the_middle_splits_in_two(struct kunit *t)
{
	struct mm *mm = t->priv;
	struct vma *a, *b;

	add(mm, K(10), K(40), RW);
	KUNIT_ASSERT_EQ(t, vma_remove_range(mm, K(20), K(30)), 0);
	KUNIT_ASSERT_EQ(t, count(mm), 2);
	a = vma_first(mm);
	b = vma_next(a);
	KUNIT_EXPECT_EQ(t, a->start, K(10));
	KUNIT_EXPECT_EQ(t, a->end, K(20));
	KUNIT_EXPECT_EQ(t, b->start, K(30));
	KUNIT_EXPECT_EQ(t, b->end, K(40));
	KUNIT_EXPECT_EQ(t, mm->map_count, 2);
}

static void removing_across_vmas_trims_both_ends(struct kunit *t)
{
	struct mm *mm = t->priv;

	add(mm, K(10), K(20), RW);
	add(mm, K(25), K(35), VM_READ);
	add(mm, K(40), K(50), RW);
	KUNIT_ASSERT_EQ(t, vma_remove_range(mm, K(15), K(45)), 0);
	KUNIT_EXPECT_EQ(t, count(mm), 2);
	KUNIT_EXPECT_EQ(t, vma_first(mm)->end, K(15));
	KUNIT_EXPECT_EQ(t, vma_next(vma_first(mm))->start, K(45));
	KUNIT_EXPECT_TRUE(t, vma_range_mapped(mm, K(10), K(15)));
	KUNIT_EXPECT_FALSE(t, vma_range_mapped(mm, K(10), K(16)));
}

static void protecting_splits_then_merges_back(struct kunit *t)
{
	struct mm *mm = t->priv;

	/* A private writable mapping is charged (VM_ACCOUNT), as mm_map makes it. */
	add(mm, K(10), K(40), RW | VM_ACCOUNT);
	KUNIT_EXPECT_EQ(t, mm->committed, (u64)K(30));
	KUNIT_ASSERT_EQ(t, vma_protect_range(mm, K(20), K(30), VM_READ), 0);
	KUNIT_EXPECT_EQ(t, count(mm), 3);
	/* Linux keeps the charge when it becomes read-only. */
	KUNIT_EXPECT_EQ(t, mm->committed, (u64)K(30));
	KUNIT_EXPECT_EQ(t, vma_lookup(mm, K(25))->flags & (VM_READ | VM_WRITE), VM_READ);
	KUNIT_ASSERT_EQ(t, vma_protect_range(mm, K(20), K(30), RW), 0);
	KUNIT_EXPECT_EQ(t, count(mm), 1);
	KUNIT_EXPECT_EQ(t, mm->committed, (u64)K(30));
}

static void protecting_a_hole_fails_unchanged(struct kunit *t)
{
	struct mm *mm = t->priv;

	add(mm, K(10), K(20), RW);
	add(mm, K(30), K(40), RW);
	KUNIT_EXPECT_EQ(t, vma_protect_range(mm, K(15), K(35), VM_READ), -ENOMEM);
	KUNIT_EXPECT_EQ(t, count(mm), 2);
	KUNIT_EXPECT_EQ(t, vma_first(mm)->flags, (unsigned long)RW);
}

static void refuses_splits_past_the_map_count(struct kunit *t)
{
	struct mm *mm = t->priv;

	add(mm, K(10), K(40), RW);
	mm->map_count = MAX_MAP_COUNT;
	KUNIT_EXPECT_EQ(t, vma_remove_range(mm, K(20), K(30)), -ENOMEM);
	KUNIT_EXPECT_EQ(t, vma_protect_range(mm, K(20), K(30), VM_READ), -ENOMEM);
	mm->map_count = 1;
	KUNIT_EXPECT_EQ(t, count(mm), 1);
}

static void finds_free_space_top_down(struct kunit *t)
{
	struct mm *mm = t->priv;

	/* Nothing mapped: just below mmap_base. */
	KUNIT_EXPECT_EQ(t, vma_find_free(mm, 0, K(4)), (long)K(0x10000 - 4));
	add(mm, K(0xfff0), K(0x10000), RW);
	KUNIT_EXPECT_EQ(t, vma_find_free(mm, 0, K(4)), (long)K(0xfff0 - 4));
	/* A free hint is honoured; a taken one is not. */
	KUNIT_EXPECT_EQ(t, vma_find_free(mm, K(0x500), K(4)), (long)K(0x500));
	KUNIT_EXPECT_EQ(t, vma_find_free(mm, K(0xfff1), K(4)), (long)K(0xfff0 - 4));
	/* Too big for anything. */
	KUNIT_EXPECT_EQ(t, vma_find_free(mm, 0, as_task_size()), -ENOMEM);
}

static void keeps_the_guard_gap_below_a_stack(struct kunit *t)
{
	struct mm *mm = t->priv;
	long r;

	add(mm, K(0xf000), K(0x10000), RW | VM_GROWSDOWN | VM_STACK);
	r = vma_find_free(mm, 0, K(1));
	KUNIT_EXPECT_LE(t, (uaddr_t)r + K(1), K(0xf000) - STACK_GUARD_GAP);
}

static const struct kunit_case vma_cases[] = {
	KUNIT_CASE(finds_the_containing_or_next_vma),
	KUNIT_CASE(merges_compatible_neighbours),
	KUNIT_CASE(never_merges_stacks),
	KUNIT_CASE(removing_the_middle_splits_in_two),
	KUNIT_CASE(removing_across_vmas_trims_both_ends),
	KUNIT_CASE(protecting_splits_then_merges_back),
	KUNIT_CASE(protecting_a_hole_fails_unchanged),
	KUNIT_CASE(refuses_splits_past_the_map_count),
	KUNIT_CASE(finds_free_space_top_down),
	KUNIT_CASE(keeps_the_guard_gap_below_a_stack),
	{},
};

static const struct kunit_suite vma_suite = {
	.name = "vma",
	.cases = vma_cases,
	.init = vma_test_init,
	.exit = vma_test_exit,
};
kunit_test_suite(vma_suite);
