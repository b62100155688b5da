/*
 * fifo.h - an intrusive first-in first-out queue of tasks for policies.
 *
 * FCFS, RR and each level of MLFQ keep their ready tasks in one of these.
 * The node lives in the policy's per-task private area, so queuing never
 * allocates; every operation is O(1) except fifo_insert_before's caller's
 * walk.
 */
#ifndef SCHEDLAB_FIFO_H
#define SCHEDLAB_FIFO_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

struct task;

struct fifo_node {
	struct fifo_node *prev, *next;
	struct task *task; /* the task this node queues */
};

struct fifo {
	struct fifo_node *head, *tail;
	uint32_t len;
};

static inline void fifo_insert_before(struct fifo *q, struct fifo_node *pos, struct fifo_node *n)
{
	/* pos == NULL appends at the tail. */
	n->next = pos;
	n->prev = pos ? pos->prev : q->tail;
	if (n->prev)
		n->prev->next = n;
	else
		q->head = n;
	if (pos)
		pos->prev = n;
	else
		q->tail = n;
	q->len++;
}

static inline void fifo_push_tail(struct fifo *q, struct fifo_node *n)
{
	fifo_insert_before(q, NULL, n);
}

static inline void fifo_push_head(struct fifo *q, struct fifo_node *n)
{
	fifo_insert_before(q, q->head, n);
}

static inline void fifo_remove(struct fifo *q, struct fifo_node *n)
{
	g_assert(q->len > 0);
	if (n->prev)
		n->prev->next = n->next;
	else
		q->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		q->tail = n->prev;
	n->prev = n->next = NULL;
	q->len--;
}

static inline struct task *fifo_pop_head(struct fifo *q)
{
	struct fifo_node *n = q->head;

	if (!n)
		return NULL;
	/* fifo_remove of the head, whose prev is NULL */
	q->head = n->next;
	if (n->next)
		n->next->prev = NULL;
	else
		q->tail = NULL;
	n->next = NULL;
	q->len--;
	return n->task;
}

#endif
