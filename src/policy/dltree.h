/*
 * dltree.h - EEVDF's queue: a treap ordered by (vruntime, id) whose nodes
 * cache the earliest (deadline, entry) of their subtree, packed in one
 * array that the queue owns.
 *
 * The algorithm is augtree.h's (a treap, Seidel and Aragon, "Randomized
 * search trees", Algorithmica 1996, with the value of each subtree kept as
 * the kernel keeps se->min_deadline through min_deadline_update() and
 * RB_DECLARE_CALLBACKS in kernel/sched/fair.c, 6.6), with the key and the
 * cached value fixed, and with the nodes laid out for a queue of many
 * thousand tasks: a node is 64 bytes, one cache line, aligned, and holds
 * all that a descent, a rotation or the recomputing of an ancestor reads
 * (the key, the deadline, the subtree's earliest deadline and the node that
 * holds it, the entry number that breaks ties in deadline, the links as
 * 32-bit indices, the heap priority); the nodes of the queued tasks are
 * packed together, a task's node taken from the array's free list when it
 * enters the tree and given back when it leaves, so that a path from the
 * root reads one line per node and no task's slot. The owner's item (the
 * task's policy area) is read only for the node a search ends on.
 *
 * Index 0 is "none". The array doubles when it is full (posix_memalign,
 * 64-byte lines), so nothing is allocated once the queue has reached its
 * largest size; dltree_release gives it back. As in augtree.h the
 * priorities come from a counter run through splitmix64's finaliser, so
 * the shape is the same on every run, and no result depends on it.
 *
 * Every operation recomputes the cached value of each node whose subtree
 * changed, from the bottom up, and stops climbing at the first node whose
 * value is what it was (propagate() of include/linux/rbtree_augmented.h):
 * a queued node's deadline never changes, so its subtree's earliest is
 * known by the node that holds it. The first (leftmost) node is cached, as
 * rb_root_cached does.
 */
#ifndef SCHEDLAB_DLTREE_H
#define SCHEDLAB_DLTREE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy/augtree.h"

struct dltree_node {
	uint64_t vruntime;	      /* the key; ties by id */
	uint64_t deadline;	      /* virtual */
	uint64_t min_deadline;	      /* the earliest (deadline, seq) of the subtree, */
	uint64_t seq;		      /* entry number: ties in deadline go to the lower */
	uint32_t left, right, parent; /* indices, 0: none */
	uint32_t min;		      /* the node holding min_deadline */
	uint32_t prio;		      /* heap order: a parent's is at least its children's */
	uint32_t id;		      /* the task's id */
	void *item;		      /* the owner's */
};

G_STATIC_ASSERT(sizeof(struct dltree_node) == 64);

struct dltree {
	struct dltree_node *node; /* [cap], 64-byte aligned; node[0] unused */
	uint32_t cap;		  /* nodes allocated, node[0] included */
	uint32_t used;		  /* nodes ever handed out, node[0] included */
	uint32_t free;		  /* the first free node, linked through `left` */
	uint32_t root;
	uint32_t first; /* the leftmost node, 0 when empty */
	uint32_t len;
	uint32_t gen; /* insertions so far: the priorities' source */
};

static inline void dltree_release(struct dltree *t)
{
	free(t->node);
	*t = (struct dltree){ 0 };
}

static inline struct dltree_node *dltree_at(const struct dltree *t, uint32_t i)
{
	return &t->node[i];
}

static inline void *dltree_item(const struct dltree *t, uint32_t i)
{
	return t->node[i].item;
}

/* Does node a come before b in the order of the keys: vruntime (wrapping), then id? */
static inline bool dltree_less(const struct dltree *t, uint32_t a, uint32_t b)
{
	const struct dltree_node *x = &t->node[a], *y = &t->node[b];
	int64_t d = (int64_t)(x->vruntime - y->vruntime);

	if (d)
		return d < 0;
	return x->id < y->id;
}

/*
 * Does node a, of deadline deadline_a, come before b, of deadline_b?
 * Earliest deadline, then the one that entered the tree first: the
 * kernel's tree is keyed by deadline (6.8+) and __enqueue_entity() puts an
 * equal key after those already there. The deadlines are passed so that a
 * cached copy is compared; the seqs, in the nodes too, are read on a tie.
 */
static inline bool dltree_earlier(const struct dltree *t, uint64_t deadline_a, uint32_t a,
				  uint64_t deadline_b, uint32_t b)
{
	int64_t d = (int64_t)(deadline_a - deadline_b);

	if (d)
		return d < 0;
	return t->node[a].seq < t->node[b].seq;
}

/* min_deadline_update(): the earliest of i and its children's subtrees; changed? */
static inline bool dltree_update(struct dltree *t, uint32_t i)
{
	struct dltree_node *n = &t->node[i];
	uint32_t m = i, old = n->min;
	uint64_t md = n->deadline;

	if (n->left) {
		const struct dltree_node *l = &t->node[n->left];

		if (dltree_earlier(t, l->min_deadline, l->min, md, m)) {
			m = l->min;
			md = l->min_deadline;
		}
	}
	if (n->right) {
		const struct dltree_node *r = &t->node[n->right];

		if (dltree_earlier(t, r->min_deadline, r->min, md, m)) {
			m = r->min;
			md = r->min_deadline;
		}
	}
	n->min = m;
	n->min_deadline = md;
	return m != old;
}

/* x takes its parent's place; the parent becomes x's child. */
static inline void dltree_rotate_up(struct dltree *t, uint32_t x)
{
	struct dltree_node *xn = &t->node[x];
	uint32_t p = xn->parent;
	struct dltree_node *pn = &t->node[p];
	uint32_t g = pn->parent;

	if (pn->left == x) {
		pn->left = xn->right;
		if (xn->right)
			t->node[xn->right].parent = p;
		xn->right = p;
	} else {
		pn->right = xn->left;
		if (xn->left)
			t->node[xn->left].parent = p;
		xn->left = p;
	}
	pn->parent = x;
	xn->parent = g;
	if (!g)
		t->root = x;
	else if (t->node[g].left == p)
		t->node[g].left = x;
	else
		t->node[g].right = x;
	(void)dltree_update(t, p);
	(void)dltree_update(t, x);
}

/* Recompute the cached values from i up, until one is unchanged. */
static inline void dltree_propagate(struct dltree *t, uint32_t i)
{
	for (; i; i = t->node[i].parent)
		if (!dltree_update(t, i))
			return;
}

/* A free node: from the free list, else the next unused one, the array doubled if need be. */
static inline uint32_t dltree_alloc(struct dltree *t)
{
	uint32_t i = t->free;

	if (i) {
		t->free = t->node[i].left;
		return i;
	}
	if (t->used == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 64;
		void *mem = NULL;

		g_assert(t->cap < UINT32_MAX / 2);
		if (posix_memalign(&mem, 64, (size_t)cap * sizeof(struct dltree_node)))
			g_error("dltree: out of memory for %u nodes", cap);
		if (t->cap)
			memcpy(mem, t->node, (size_t)t->cap * sizeof(struct dltree_node));
		free(t->node);
		t->node = mem;
		t->cap = cap;
		if (!t->used)
			t->used = 1; /* node[0]: none */
	}
	return t->used++;
}

/* Put item in t with its key and deadline; seq must grow with each insertion. Its node. */
static inline uint32_t dltree_insert(struct dltree *t, uint64_t vruntime, uint64_t deadline,
				     uint64_t seq, uint32_t id, void *item)
{
	uint32_t i = dltree_alloc(t), p = 0, *link = &t->root;
	struct dltree_node *n = &t->node[i];
	bool leftmost = true;

	*n = (struct dltree_node){
		.vruntime = vruntime,
		.deadline = deadline,
		.seq = seq,
		.id = id,
		.item = item,
		.prio = (uint32_t)(augtree_mix(++t->gen) >> 32),
	};
	while (*link) {
		p = *link;
		if (dltree_less(t, i, p)) {
			link = &t->node[p].left;
		} else {
			link = &t->node[p].right;
			leftmost = false;
		}
	}
	n->parent = p;
	*link = i;
	if (leftmost)
		t->first = i;
	t->len++;
	(void)dltree_update(t, i);
	while (n->parent && n->prio > t->node[n->parent].prio)
		dltree_rotate_up(t, i);
	dltree_propagate(t, n->parent);
	return i;
}

/* The node after i in order, or 0. */
static inline uint32_t dltree_next(const struct dltree *t, uint32_t i)
{
	const struct dltree_node *n = &t->node[i];

	if (n->right) {
		i = n->right;
		while (t->node[i].left)
			i = t->node[i].left;
		return i;
	}
	while (t->node[i].parent && t->node[t->node[i].parent].right == i)
		i = t->node[i].parent;
	return t->node[i].parent;
}

/* Take node i out of t and free it. */
static inline void dltree_remove(struct dltree *t, uint32_t i)
{
	struct dltree_node *n = &t->node[i];
	uint32_t child, p;

	g_assert(t->len > 0 && i > 0 && i < t->used);
	if (t->first == i)
		t->first = dltree_next(t, i);
	/* Rotate i down, under its child of higher priority, until it has one child at most. */
	while (n->left && n->right)
		dltree_rotate_up(t, t->node[n->left].prio > t->node[n->right].prio ? n->left
										   : n->right);
	child = n->left ? n->left : n->right;
	p = n->parent;
	if (child)
		t->node[child].parent = p;
	if (!p)
		t->root = child;
	else if (t->node[p].left == i)
		t->node[p].left = child;
	else
		t->node[p].right = child;
	t->len--;
	dltree_propagate(t, p);
	*n = (struct dltree_node){ .left = t->free };
	t->free = i;
}

#endif
