/*
 * augtree.h - an intrusive balanced search tree with a value kept per
 * subtree, for policies whose pick is a search over an ordered set.
 *
 * EEVDF picks the earliest deadline among the tasks whose vruntime is at
 * most the queue's average. Linux 6.6 keeps its tasks in an rbtree ordered
 * by vruntime and caches in every node the earliest deadline of its subtree
 * (se->min_deadline, kept by min_deadline_update() through
 * RB_DECLARE_CALLBACKS of include/linux/rbtree_augmented.h, in
 * kernel/sched/fair.c; 6.8 turned it round: keyed by deadline, caching
 * min_vruntime, min_vruntime_update()), so that __pick_eevdf() descends
 * one path instead of visiting every eligible task; EEVDF keeps its tasks
 * in dltree.h, this tree with its key and value fixed and its nodes packed
 * in an array of the queue's. Prio keeps its levels and HRRN its groups of
 * equal service in one (no cached value for prio, the earliest ready time
 * of the groups' heads for HRRN). (Lottery's partial ticket sums need no
 * search by key: they are in sumtree.h.)
 *
 * The tree here is a treap (Seidel and Aragon, "Randomized search trees",
 * Algorithmica 1996): a binary search tree in the caller's order that is
 * also a max-heap in a priority drawn when a node is inserted. Its expected
 * depth is O(log n) whatever the order of the insertions, and it needs no
 * colour cases: insert is a descent and rotations up, remove rotations down
 * and a splice. The priorities come from a counter of the tree run through
 * a fixed mixing function (splitmix64's finaliser), so the shape, like
 * everything else, is the same on every run; and no result depends on the
 * shape, only the cost does.
 *
 * The caller gives two functions, which the compiler inlines (every entry
 * point is static inline and takes them as constants):
 *
 *   less(a, b)  the strict order of the keys; a node equal to others goes
 *               after them (as the kernel's rb_add() does);
 *   update(n)   recompute n's cached value from n itself and its children,
 *               which are up to date (the "compute" of RB_DECLARE_CALLBACKS),
 *               and say whether it changed.
 *
 * Every operation calls update on each node whose subtree changed, from
 * the bottom up, and stops climbing at the first node whose value is what
 * it was (as the callbacks' propagate() does): the value must be a function
 * of the set of nodes in the subtree (a minimum, a sum), so that the nodes
 * above, which saw the same value, are still right. The first (leftmost) node is cached, as rb_root_cached
 * does. Nodes live in the policy's per-task private area: no allocation.
 */
#ifndef SCHEDLAB_AUGTREE_H
#define SCHEDLAB_AUGTREE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct augtree_node {
	struct augtree_node *left, *right, *parent;
	uint64_t prio; /* heap order: a parent's is at least its children's */
};

struct augtree {
	struct augtree_node *root;
	struct augtree_node *first; /* the leftmost node, NULL when empty */
	uint64_t gen;		    /* insertions so far: the priorities' source */
	uint32_t len;
};

typedef bool (*augtree_less_fn)(const struct augtree_node *a, const struct augtree_node *b);
typedef bool (*augtree_update_fn)(struct augtree_node *n);

/* splitmix64's output function (Steele, Lea, Flood, OOPSLA 2014). */
static inline uint64_t augtree_mix(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* x takes its parent's place; the parent becomes x's child. */
static inline void augtree_rotate_up(struct augtree *t, struct augtree_node *x,
				     augtree_update_fn update)
{
	struct augtree_node *p = x->parent, *g = p->parent;

	if (p->left == x) {
		p->left = x->right;
		if (x->right)
			x->right->parent = p;
		x->right = p;
	} else {
		p->right = x->left;
		if (x->left)
			x->left->parent = p;
		x->left = p;
	}
	p->parent = x;
	x->parent = g;
	if (!g)
		t->root = x;
	else if (g->left == p)
		g->left = x;
	else
		g->right = x;
	(void)update(p);
	(void)update(x);
}

/* Recompute the cached values from n up, until one is unchanged. */
static inline void augtree_propagate(struct augtree_node *n, augtree_update_fn update)
{
	for (; n; n = n->parent)
		if (!update(n))
			return;
}

static inline void augtree_insert(struct augtree *t, struct augtree_node *n, augtree_less_fn less,
				  augtree_update_fn update)
{
	struct augtree_node **link = &t->root, *p = NULL;
	bool leftmost = true;

	while (*link) {
		p = *link;
		if (less(n, p)) {
			link = &p->left;
		} else {
			link = &p->right;
			leftmost = false;
		}
	}
	n->left = n->right = NULL;
	n->parent = p;
	n->prio = augtree_mix(++t->gen);
	*link = n;
	if (leftmost)
		t->first = n;
	t->len++;
	(void)update(n);
	while (n->parent && n->prio > n->parent->prio)
		augtree_rotate_up(t, n, update);
	augtree_propagate(n->parent, update);
}

/* The node after n in order, or NULL. */
static inline struct augtree_node *augtree_next(const struct augtree_node *n)
{
	if (n->right) {
		n = n->right;
		while (n->left)
			n = n->left;
		return (struct augtree_node *)n;
	}
	while (n->parent && n->parent->right == n)
		n = n->parent;
	return n->parent;
}

/* Take n (a node of t) out of t. */
static inline void augtree_remove(struct augtree *t, struct augtree_node *n,
				  augtree_update_fn update)
{
	struct augtree_node *child, *p;

	g_assert(t->len > 0);
	if (t->first == n)
		t->first = augtree_next(n);
	/* Rotate n down, under its child of higher priority, until it has one child at most. */
	while (n->left && n->right)
		augtree_rotate_up(t, n->left->prio > n->right->prio ? n->left : n->right, update);
	child = n->left ? n->left : n->right;
	p = n->parent;
	if (child)
		child->parent = p;
	if (!p)
		t->root = child;
	else if (p->left == n)
		p->left = child;
	else
		p->right = child;
	n->left = n->right = n->parent = NULL;
	t->len--;
	augtree_propagate(p, update);
}

/*
 * Put n in old's place, with old's links and priority (no search): for a
 * node whose key equals old's, as when a queue's representative changes.
 */
static inline void augtree_replace(struct augtree *t, struct augtree_node *old,
				   struct augtree_node *n, augtree_update_fn update)
{
	*n = *old;
	if (n->left)
		n->left->parent = n;
	if (n->right)
		n->right->parent = n;
	if (!n->parent)
		t->root = n;
	else if (n->parent->left == old)
		n->parent->left = n;
	else
		n->parent->right = n;
	if (t->first == old)
		t->first = n;
	old->left = old->right = old->parent = NULL;
	(void)update(n);
	augtree_propagate(n->parent, update);
}

static inline struct augtree_node *augtree_first(const struct augtree *t)
{
	return t->first;
}

#endif
