/*
 * pheap.h - an intrusive pairing heap of tasks for policies.
 *
 * SJF, SRTF, LJF, LRTF, stride and CFS keep their ready tasks ordered by a
 * key (a burst length, a pass, a virtual runtime), and HRRN each group of
 * tasks of equal service by how long they have waited. A pairing heap
 * (Fredman, Sedgewick, Sleator, Tarjan, "The pairing heap: a new form of
 * self-adjusting heap", Algorithmica 1986) does it with three pointers per
 * node and no array: the node lives in the policy's per-task private area,
 * so queuing never allocates and needs no teardown. Insert and peek are
 * O(1), pop and remove O(log n) amortised.
 *
 * The order is the caller's `less`, which must be a strict total order
 * (break every tie, finally by task id): then the minimum is one task,
 * whatever shape the heap has, and runs are deterministic.
 *
 * Shape: each node has its first child, its next sibling and `prev`, which
 * is its left sibling or, for a first child, its parent. A root has neither
 * prev nor next.
 */
#ifndef SCHEDLAB_PHEAP_H
#define SCHEDLAB_PHEAP_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pheap_node {
	struct pheap_node *child, *next, *prev;
};

typedef bool (*pheap_less_fn)(const struct pheap_node *a, const struct pheap_node *b);

struct pheap {
	struct pheap_node *root;
	uint32_t len;
};

/* Link two roots: the greater becomes the first child of the smaller. */
static inline struct pheap_node *pheap_meld(struct pheap_node *a, struct pheap_node *b,
					    pheap_less_fn less)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (less(b, a)) {
		struct pheap_node *t = a;

		a = b;
		b = t;
	}
	b->prev = a;
	b->next = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	a->next = a->prev = NULL;
	return a;
}

/* The two-pass pairing of a list of siblings into one root. */
static inline struct pheap_node *pheap_merge_pairs(struct pheap_node *first, pheap_less_fn less)
{
	struct pheap_node *acc = NULL, *n = first, *root;

	/* Pass 1, left to right: meld pairs; stack the results on acc. */
	while (n) {
		struct pheap_node *a = n, *b = n->next, *m;

		n = b ? b->next : NULL;
		a->next = a->prev = NULL;
		if (b)
			b->next = b->prev = NULL;
		m = pheap_meld(a, b, less);
		m->next = acc;
		acc = m;
	}
	/* Pass 2, right to left: meld the stack into one root. */
	root = acc;
	if (!root)
		return NULL;
	acc = acc->next;
	root->next = NULL;
	while (acc) {
		struct pheap_node *nx = acc->next;

		acc->next = NULL;
		root = pheap_meld(root, acc, less);
		acc = nx;
	}
	return root;
}

static inline void pheap_insert(struct pheap *h, struct pheap_node *n, pheap_less_fn less)
{
	n->child = n->next = n->prev = NULL;
	h->root = pheap_meld(h->root, n, less);
	h->len++;
}

static inline struct pheap_node *pheap_peek(const struct pheap *h)
{
	return h->root;
}

/* Take n (any node of h) out of h. */
static inline void pheap_remove(struct pheap *h, struct pheap_node *n, pheap_less_fn less)
{
	struct pheap_node *sub;

	g_assert(h->len > 0);
	if (n == h->root) {
		h->root = pheap_merge_pairs(n->child, less);
		if (h->root)
			h->root->prev = NULL;
	} else {
		if (n->prev->child == n)
			n->prev->child = n->next;
		else
			n->prev->next = n->next;
		if (n->next)
			n->next->prev = n->prev;
		sub = pheap_merge_pairs(n->child, less);
		h->root = pheap_meld(h->root, sub, less);
	}
	n->child = n->next = n->prev = NULL;
	h->len--;
}

static inline struct pheap_node *pheap_pop(struct pheap *h, pheap_less_fn less)
{
	struct pheap_node *n = h->root;

	if (n)
		pheap_remove(h, n, less);
	return n;
}

/*
 * Preorder walk for pruned searches: the node after n, not descending
 * into n's children when `descend` is false (every descendant of a node is
 * no smaller than it, so a search for nodes under a bound can skip them).
 */
static inline struct pheap_node *pheap_walk_next(struct pheap_node *n, bool descend)
{
	if (descend && n->child)
		return n->child;
	while (n) {
		struct pheap_node *p;

		if (n->next)
			return n->next;
		/* Climb: back over the left siblings to the parent. */
		p = n;
		while (p->prev && p->prev->child != p)
			p = p->prev;
		n = p->prev;
	}
	return NULL;
}

#endif
