// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for lib/rbtree.c: insertion, erasure and in-order walks keep
 * the red-black invariants and the key order.
 */
#include <umk/kunit.h>
#include <umk/rbtree.h>

struct item {
	struct rb_node node;
	int key;
};

static void insert(struct rb_root *root, struct item *it)
{
	struct rb_node **link = &root->node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, node)->key ? &parent->left
									  : &parent->right;
	}
	rb_link_node(&it->node, parent, link);
	rb_insert_color(&it->node, root);
}

static bool in_order(const struct rb_root *root, int *count)
{
	int prev = -1, n = 0;

	for (struct rb_node *p = rb_first(root); p; p = rb_next(p), n++) {
		int k = rb_entry(p, struct item, node)->key;

		if (k < prev)
			return false;
		prev = k;
	}
	*count = n;
	return true;
}

/* A fixed pseudo-random permutation of 0..n-1 (multiplicative step, n prime-free). */
static int perm(int i, int n)
{
	return (int)(((long)i * 7919) % n);
}

static void stays_balanced_under_inserts(struct kunit *t)
{
	enum { N = 1000 };
	struct item *items = kunit_kzalloc(t, N * sizeof(*items));
	struct rb_root root = RB_ROOT;
	int count = 0;

	KUNIT_ASSERT_NOT_NULL(t, items);
	for (int i = 0; i < N; i++) {
		items[i].key = perm(i, N);
		insert(&root, &items[i]);
	}
	KUNIT_EXPECT_GT(t, rb_check(&root), 0);
	KUNIT_EXPECT_TRUE(t, in_order(&root, &count));
	KUNIT_EXPECT_EQ(t, count, N);
	KUNIT_EXPECT_EQ(t, rb_entry(rb_first(&root), struct item, node)->key, 0);
	KUNIT_EXPECT_EQ(t, rb_entry(rb_last(&root), struct item, node)->key, N - 1);
}

static void stays_balanced_under_erases(struct kunit *t)
{
	enum { N = 997 };
	struct item *items = kunit_kzalloc(t, N * sizeof(*items));
	struct rb_root root = RB_ROOT;
	int count = 0;

	KUNIT_ASSERT_NOT_NULL(t, items);
	for (int i = 0; i < N; i++) {
		items[i].key = i;
		insert(&root, &items[i]);
	}
	/* Erase every third key in a scrambled order, checking as we go. */
	for (int i = 0; i < N; i++) {
		int k = perm(i, N);

		if (k % 3)
			continue;
		rb_erase(&items[k].node, &root);
		if (rb_check(&root) < 0) {
			KUNIT_EXPECT_GE(t, rb_check(&root), 0);
			return;
		}
	}
	KUNIT_EXPECT_TRUE(t, in_order(&root, &count));
	KUNIT_EXPECT_EQ(t, count, N - (N + 2) / 3);
	for (struct rb_node *p = rb_first(&root); p; p = rb_next(p))
		KUNIT_EXPECT_NE(t, rb_entry(p, struct item, node)->key % 3, 0);
}

static void walks_backwards(struct kunit *t)
{
	struct item items[5];
	struct rb_root root = RB_ROOT;
	int expect = 4;

	for (int i = 0; i < 5; i++) {
		items[i].key = i;
		insert(&root, &items[i]);
	}
	for (struct rb_node *p = rb_last(&root); p; p = rb_prev(p))
		KUNIT_EXPECT_EQ(t, rb_entry(p, struct item, node)->key, expect--);
	KUNIT_EXPECT_EQ(t, expect, -1);
}

static void empties_completely(struct kunit *t)
{
	struct item items[64];
	struct rb_root root = RB_ROOT;

	for (int i = 0; i < 64; i++) {
		items[i].key = perm(i, 64);
		insert(&root, &items[i]);
	}
	for (int i = 0; i < 64; i++)
		rb_erase(&items[i].node, &root);
	KUNIT_EXPECT_NULL(t, root.node);
	KUNIT_EXPECT_NULL(t, rb_first(&root));
}

static const struct kunit_case rbtree_cases[] = {
	KUNIT_CASE(stays_balanced_under_inserts),
	KUNIT_CASE(stays_balanced_under_erases),
	KUNIT_CASE(walks_backwards),
	KUNIT_CASE(empties_completely),
	{},
};

static const struct kunit_suite rbtree_suite = { .name = "rbtree", .cases = rbtree_cases };
kunit_test_suite(rbtree_suite);
