/*
 * evq.c - binary min-heap of intrusive events; see evq.h.
 *
 * The order key packs the phase into the top 8 bits of a 64-bit word and the
 * insertion counter into the low 56, so a comparison is two integer compares.
 * 2^56 insertions is beyond any run (at 10^9 events/s it is two years).
 */
#include "engine/evq.h"

#include <glib.h>

void evq_init(struct evq *q)
{
	q->heap = NULL;
	q->len = 0;
	q->cap = 0;
	q->seq = 0;
	q->front.ev = NULL;
}

void evq_release(struct evq *q)
{
	for (uint32_t i = 0; i < q->len; i++)
		q->heap[i].ev->index = EVQ_NOT_QUEUED;
	if (q->front.ev)
		q->front.ev->index = EVQ_NOT_QUEUED;
	g_free(q->heap);
	evq_init(q);
}

void event_init(struct event *ev, event_fn fn, uint32_t tag)
{
	ev->time = 0;
	ev->key = 0;
	ev->fn = fn;
	ev->index = EVQ_NOT_QUEUED;
	ev->tag = tag;
}

/*
 * The sifts take the moving event as three scalars, kept in registers, and
 * write it once where it stops.
 */
static void sift_up(struct evq *q, uint32_t i, sim_time_t time, uint64_t key, struct event *ev)
{
	struct evq_slot *h = q->heap;

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!evq_before(time, key, &h[parent]))
			break;
		h[i] = h[parent];
		h[i].ev->index = i;
		i = parent;
	}
	h[i].time = time;
	h[i].key = key;
	h[i].ev = ev;
	ev->index = i;
}

static void sift_down(struct evq *q, uint32_t i, sim_time_t time, uint64_t key, struct event *ev)
{
	struct evq_slot *h = q->heap;
	uint32_t len = q->len;

	for (;;) {
		uint32_t child = 2 * i + 1;

		if (child >= len)
			break;
		if (child + 1 < len && evq_before(h[child + 1].time, h[child + 1].key, &h[child]))
			child++;
		if (!evq_before(h[child].time, h[child].key, &(struct evq_slot){ time, key, ev }))
			break;
		h[i] = h[child];
		h[i].ev->index = i;
		i = child;
	}
	h[i].time = time;
	h[i].key = key;
	h[i].ev = ev;
	ev->index = i;
}

static void heap_push(struct evq *q, sim_time_t time, uint64_t key, struct event *ev)
{
	if (q->len == q->cap) {
		g_assert(q->cap < UINT32_MAX / 2);
		q->cap = q->cap ? q->cap * 2 : 64;
		q->heap = g_renew(struct evq_slot, q->heap, q->cap);
	}
	sift_up(q, q->len++, time, key, ev);
}

/*
 * evq_push_keyed's other cases, ev's time and key set: ev goes to the heap,
 * or to the front when it comes before the event there, which joins the
 * heap.
 */
void evq_push_slow(struct evq *q, struct event *ev)
{
	sim_time_t t = ev->time;
	uint64_t key = ev->key;

	if (q->front.ev) {
		struct evq_slot f = q->front;

		if (!evq_before(t, key, &f)) {
			heap_push(q, t, key, ev);
			return;
		}
		/* ev comes first: the one in front joins the heap. */
		heap_push(q, f.time, f.key, f.ev);
	} else if (q->len && !evq_before(t, key, &q->heap[0])) {
		heap_push(q, t, key, ev);
		return;
	}
	q->front.time = t;
	q->front.key = key;
	q->front.ev = ev;
	ev->index = EVQ_FRONT;
}

/* Take the heap's last element and put it where the removed one was. */
static void refill(struct evq *q, uint32_t i)
{
	struct evq_slot *last = &q->heap[--q->len];

	if (i == q->len)
		return;
	if (i > 0 && evq_before(last->time, last->key, &q->heap[(i - 1) / 2]))
		sift_up(q, i, last->time, last->key, last->ev);
	else
		sift_down(q, i, last->time, last->key, last->ev);
}

void evq_cancel(struct evq *q, struct event *ev)
{
	uint32_t i = ev->index;

	if (i == EVQ_FRONT) {
		g_assert(q->front.ev == ev);
		ev->index = EVQ_NOT_QUEUED;
		q->front.ev = NULL;
		return;
	}
	g_assert(i < q->len && q->heap[i].ev == ev);
	ev->index = EVQ_NOT_QUEUED;
	refill(q, i);
}

/* evq_pop with nothing in front. */
struct event *evq_pop_heap(struct evq *q)
{
	struct event *ev;

	if (!q->len)
		return NULL;
	ev = q->heap[0].ev;
	ev->index = EVQ_NOT_QUEUED;
	refill(q, 0);
	return ev;
}

union evq_pool_slot {
	struct event ev;
	union evq_pool_slot *next;
};

void evq_pool_init(struct evq_pool *p, size_t slab_events)
{
	p->free = NULL;
	p->slabs = NULL;
	p->nslabs = 0;
	p->slab_events = slab_events ? slab_events : 256;
}

void evq_pool_release(struct evq_pool *p)
{
	for (size_t i = 0; i < p->nslabs; i++)
		g_free(p->slabs[i]);
	g_free(p->slabs);
	evq_pool_init(p, p->slab_events);
}

struct event *evq_pool_get(struct evq_pool *p)
{
	union evq_pool_slot *s;

	if (!p->free) {
		union evq_pool_slot *slab = g_new(union evq_pool_slot, p->slab_events);

		p->slabs = g_renew(void *, p->slabs, p->nslabs + 1);
		p->slabs[p->nslabs++] = slab;
		for (size_t i = p->slab_events; i-- > 0;) {
			slab[i].next = p->free;
			p->free = &slab[i];
		}
	}
	s = p->free;
	p->free = s->next;
	event_init(&s->ev, NULL, 0);
	return &s->ev;
}

void evq_pool_put(struct evq_pool *p, struct event *ev)
{
	union evq_pool_slot *s = (union evq_pool_slot *)ev;

	g_assert(!event_pending(ev));
	s->next = p->free;
	p->free = s;
}
