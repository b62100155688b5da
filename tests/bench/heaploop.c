/* heaploop.c - the floor: RR on one CPU as a bare binary-heap event loop. */
#include "heaploop.h"

#include <stdlib.h>

struct hev {
	int64_t time;
	uint64_t seq;
	uint32_t task, kind; /* kind 0: slice ends, 1: dispatch */
};
#define BEFORE(a, b) ((a).time < (b).time || ((a).time == (b).time && (a).seq < (b).seq))

static void push(struct hev *h, uint32_t *n, struct hev e)
{
	uint32_t i = (*n)++;
	for (; i && BEFORE(e, h[(i - 1) / 2]); i = (i - 1) / 2)
		h[i] = h[(i - 1) / 2];
	h[i] = e;
}

static struct hev pop(struct hev *h, uint32_t *n)
{
	struct hev top = h[0], last = h[--*n];
	uint32_t i = 0, c;
	for (; (c = 2 * i + 1) < *n; i = c) {
		c += c + 1 < *n && BEFORE(h[c + 1], h[c]);
		if (!BEFORE(h[c], last))
			break;
		h[i] = h[c];
	}
	h[i] = last;
	return top;
}

uint64_t heaploop_rr(uint32_t ntasks, uint32_t quanta, int64_t quantum, int64_t *sum_turnaround)
{
	struct hev *h = malloc(sizeof(*h) * 4);
	uint32_t *ring = malloc(sizeof(*ring) * ntasks), *left = malloc(sizeof(*left) * ntasks);
	uint32_t n = 0, head = 0, len = ntasks, curr = UINT32_MAX;
	uint64_t seq = 0, events = 0;
	for (uint32_t i = 0; i < ntasks; i++)
		ring[i] = i, left[i] = quanta;
	push(h, &n, (struct hev){ 0, seq++, 0, 1 });
	*sum_turnaround = 0;
	while (n) {
		struct hev e = pop(h, &n);
		events++;
		if (e.kind == 0) { /* the slice ends: exit, or back to the tail */
			if (--left[curr])
				ring[(head + len++) % ntasks] = curr;
			else
				*sum_turnaround += e.time;
			curr = UINT32_MAX;
			push(h, &n, (struct hev){ e.time, seq++ | 1ull << 62, 0, 1 });
		} else if (len) { /* dispatch: the head runs one quantum */
			curr = ring[head], head = (head + 1) % ntasks, len--;
			push(h, &n, (struct hev){ e.time + quantum, seq++, curr, 0 });
		}
	}
	free(h), free(ring), free(left);
	return events;
}
