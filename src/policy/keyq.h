/*
 * keyq.h - ready tasks ordered by a static key, for the textbook policies.
 *
 * SJF, SRTF, LJF, LRTF and stride order their ready tasks by one number that
 * does not change while the task waits (its next burst, what is left of it,
 * its pass), then by a tie-breaker (its arrival), then by task id: the
 * scenario files' convention for ties, "earlier arrival first, then the
 * order of the file" (docs/scenario-format.md). A policy that wants the
 * largest first stores the negated key.
 *
 * A task that yields goes behind every task of equal key (keyq_push_behind),
 * as POSIX sched_yield() moves a thread "to the end of the thread list for
 * its priority" (IEEE Std 1003.1-2017); among such tasks the one that
 * yielded first goes first (their tie is the instant they yielded).
 *
 * The queue is a pairing heap (pheap.h) whose nodes live in the task's
 * private area.
 */
#ifndef SCHEDLAB_KEYQ_H
#define SCHEDLAB_KEYQ_H

#include <glib.h>

#include "policy/pheap.h"
#include "task/task.h"

struct keyq_node {
	struct pheap_node hn; /* first: the heap links */
	struct task *task;    /* the task queued */
	int64_t key;	      /* smaller runs first */
	int64_t tie;	      /* then smaller; usually the arrival time */
	bool behind;	      /* yielded: after every node of equal key */
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
	if (x->behind != y->behind)
		return !x->behind;
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
	n->behind = false;
	pheap_insert(q, &n->hn, keyq_less);
}

/* Queue a task that yielded at `now`: behind every task of equal key. */
static inline void keyq_push_behind(struct pheap *q, struct keyq_node *n, struct task *t,
				    int64_t key, sim_time_t now)
{
	n->task = t;
	n->key = key;
	n->tie = now;
	n->behind = true;
	pheap_insert(q, &n->hn, keyq_less);
}

/*
 * For explain, after `picked` was popped: when the task that now heads the
 * queue has the same key, how the tie went, "; ties with B, which arrived
 * later". Nothing when no task ties.
 */
static inline void keyq_explain_tie(const struct pheap *q, const struct keyq_node *picked,
				    GString *why)
{
	const struct pheap_node *n = pheap_peek(q);
	const struct keyq_node *next;
	char name[TASK_NAME_MAX];

	if (!n || keyq_of(n)->key != picked->key)
		return;
	next = keyq_of(n);
	task_format_name(next->task, name, sizeof(name));
	g_string_append_printf(why, "; ties with %s, which ", name);
	if (next->behind != picked->behind)
		g_string_append(why, "yielded and waits behind its equals");
	else if (next->tie != picked->tie)
		g_string_append(why, picked->behind ? "yielded later" : "arrived later");
	else if (picked->behind)
		g_string_append(why, "yielded at the same time but comes later in the file");
	else
		g_string_append(why, "arrived at the same time but comes later in the file");
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
