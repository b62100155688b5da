/*
 * keyq.h - ready tasks ordered by a static key, for the textbook policies.
 *
 * SJF, SRTF, LJF, LRTF and stride order their ready tasks by one number that
 * does not change while the task waits (its next burst, what is left of it,
 * its pass), then by a tie-breaker (its arrival), then by task id: the
 * convention of DESIGN.md 5, "earlier arrival first, then the order of the
 * file". A policy that wants the largest first stores the negated key.
 *
 * The queue is a pairing heap (pheap.h) whose nodes live in the task's
 * private area.
 */
#ifndef SCHEDLAB_KEYQ_H
#define SCHEDLAB_KEYQ_H

#include "policy/pheap.h"
#include "task/task.h"

struct keyq_node {
	struct pheap_node hn; /* first: the heap links */
	struct task *task;    /* the task queued */
	int64_t key;	      /* smaller runs first */
	int64_t tie;	      /* then smaller; usually the arrival time */
};

static inline const struct keyq_node *keyq_of(const struct pheap_node *n)
{
	return (const struct keyq_node *)n;
}

static inline bool keyq_less(const struct pheap_node *a, const struct pheap_node *b)
{
	const struct keyq_node *x = keyq_of(a), *y = keyq_of(b);

	if (x->key != y->key)
		return x->key < y->key;
	if (x->tie != y->tie)
		return x->tie < y->tie;
	return x->task->id < y->task->id;
}

static inline void keyq_push(struct pheap *q, struct keyq_node *n, struct task *t, int64_t key,
			     int64_t tie)
{
	n->task = t;
	n->key = key;
	n->tie = tie;
	pheap_insert(q, &n->hn, keyq_less);
}

static inline void keyq_remove(struct pheap *q, struct keyq_node *n)
{
	pheap_remove(q, &n->hn, keyq_less);
}

static inline struct task *keyq_peek(const struct pheap *q)
{
	const struct pheap_node *n = pheap_peek(q);

	return n ? keyq_of(n)->task : NULL;
}

static inline struct task *keyq_pop(struct pheap *q)
{
	struct pheap_node *n = pheap_pop(q, keyq_less);

	return n ? keyq_of(n)->task : NULL;
}

#endif
