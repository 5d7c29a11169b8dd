/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Red-black trees. The caller walks the tree to find where a node belongs,
 * links it with rb_link_node() and rebalances with rb_insert_color(); the
 * tree never compares keys itself.
 */
#ifndef _UMK_RBTREE_H
#define _UMK_RBTREE_H

#include <umk/types.h>

struct rb_node {
	struct rb_node *parent;
	struct rb_node *left, *right;
	bool red;
};

struct rb_root {
	struct rb_node *node;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member)                                                           \
	({                                                                                         \
		struct rb_node *_p = (ptr);                                                        \
		_p ? rb_entry(_p, type, member) : NULL;                                            \
	})

static inline void rb_link_node(struct rb_node *node, struct rb_node *parent, struct rb_node **link)
{
	node->parent = parent;
	node->left = node->right = NULL;
	node->red = true;
	*link = node;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* Checks the red-black invariants; returns the black height, or -1 if broken. */
int rb_check(const struct rb_root *root);

#endif
