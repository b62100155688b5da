/*
 * fenwick.h - a line of weighted items in a packed array, with the item
 * that holds the k-th unit of weight found in O(log n).
 *
 * Lottery scheduling draws a number below the total of the ready tasks'
 * tickets and gives the CPU to the first task, in the order they became
 * ready, whose running sum exceeds it; for many clients Waldspurger and
 * Weihl propose "a tree of partial ticket sums" ("Lottery Scheduling",
 * OSDI 1994, section 4.2). This is that tree as a Fenwick tree (P. M.
 * Fenwick, "A new data structure for cumulative frequency tables",
 * Software: Practice and Experience 24(3), 1994): positions 1..cap of the
 * line, in the order the items joined it; sum[i] holds the weights of the
 * positions (i - lowbit(i), i], so adding to a position touches the
 * log2(cap) entries i, i + lowbit(i), ..., and the first position whose
 * prefix sum exceeds k is found by one descent over the bits of cap
 * (Fenwick's section 4, "finding the index of a given cumulative
 * frequency"). The tree is implicit: no links, no balancing; and the line
 * is one array of 8-byte sums, one of 4-byte weights and one of item
 * pointers, a few megabytes for 100,000 items, whose upper levels stay in
 * the cache, where a linked tree's nodes would be spread over every task's
 * slot.
 *
 * An item that leaves leaves a hole (its weight set to 0) that keeps the
 * order of the others. The next item goes after the last position used;
 * when that is the end of the array, the line is compacted (the items
 * slide down over the holes, in order) and the array doubled if less than
 * half of it would then be free, so a compaction, O(cap), comes after at
 * least cap / 2 joins: O(1) amortised, and nothing is allocated once the
 * line has reached its largest size. An emptied line starts again at
 * position 1 without a compaction.
 *
 * The owner keeps each item's position (fenwick_append returns it; a
 * compaction reports the new ones through `moved`).
 */
#ifndef SCHEDLAB_FENWICK_H
#define SCHEDLAB_FENWICK_H

#include <glib.h>
#include <stdint.h>

struct fenwick {
	uint64_t *sum;	/* [1..cap]: weights of the positions (i - lowbit(i), i] */
	uint32_t *own;	/* [1..cap]: each position's weight, 0 for a hole */
	void **at;	/* [1..cap]: each position's item, NULL for a hole */
	uint32_t cap;	/* positions, a power of two (0 before the first join) */
	uint32_t end;	/* positions used: the next item goes at end + 1 */
	uint32_t len;	/* items in the line */
	uint64_t total; /* their weights */
};

typedef void (*fenwick_moved_fn)(void *item, uint32_t pos);

static inline void fenwick_release(struct fenwick *f)
{
	g_free(f->sum);
	g_free(f->own);
	g_free(f->at);
	*f = (struct fenwick){ 0 };
}

static inline void fenwick_add(struct fenwick *f, uint32_t pos, uint64_t delta)
{
	for (uint32_t i = pos; i <= f->cap; i += i & -i)
		f->sum[i] += delta; /* a removal adds -w, modulo 2^64 */
}

/* Slide the items down over the holes, in order, into an array of cap >= 2 * (len + 1). */
static inline void fenwick_compact(struct fenwick *f, fenwick_moved_fn moved)
{
	uint32_t cap = f->cap ? f->cap : 64, n = 0;

	while (cap < 2 * (f->len + 1)) {
		g_assert(cap <= UINT32_MAX / 4);
		cap *= 2;
	}
	if (cap != f->cap) {
		/* Index 0 is unused: positions are 1-based, as lowbit needs. */
		f->sum = g_renew(uint64_t, f->sum, (gsize)cap + 1);
		f->own = g_renew(uint32_t, f->own, (gsize)cap + 1);
		f->at = g_renew(void *, f->at, (gsize)cap + 1);
	}
	for (uint32_t i = 1; i <= f->end; i++) {
		if (!f->at[i])
			continue;
		n++;
		if (n != i) {
			f->at[n] = f->at[i];
			f->own[n] = f->own[i];
			moved(f->at[n], n);
		}
	}
	g_assert(n == f->len);
	for (uint32_t i = n + 1; i <= cap; i++) {
		f->at[i] = NULL;
		f->own[i] = 0;
	}
	/* The sums in O(cap): each position hands its partial sum to its parent. */
	for (uint32_t i = 1; i <= cap; i++)
		f->sum[i] = f->own[i];
	for (uint32_t i = 1; i <= cap; i++) {
		uint32_t up = i + (i & -i);

		if (up <= cap)
			f->sum[up] += f->sum[i];
	}
	f->cap = cap;
	f->end = n;
}

/* Put item, of weight w, at the end of the line: its position. */
static inline uint32_t fenwick_append(struct fenwick *f, void *item, uint32_t w,
				      fenwick_moved_fn moved)
{
	uint32_t pos;

	g_assert(item);
	if (f->end == f->cap)
		fenwick_compact(f, moved);
	pos = ++f->end;
	f->at[pos] = item;
	f->own[pos] = w;
	fenwick_add(f, pos, w);
	f->len++;
	f->total += w;
	return pos;
}

/* Take the item at pos out of the line. */
static inline void fenwick_remove(struct fenwick *f, uint32_t pos)
{
	g_assert(pos >= 1 && pos <= f->end && f->at[pos]);
	fenwick_add(f, pos, -(uint64_t)f->own[pos]);
	f->total -= f->own[pos];
	f->at[pos] = NULL;
	f->own[pos] = 0;
	if (--f->len == 0)
		f->end = 0; /* every sum is 0 again */
}

/*
 * The position of the first item whose running sum, in line order, exceeds
 * k (< total); *low is the sum of the weights before it.
 */
static inline uint32_t fenwick_find(const struct fenwick *f, uint64_t k, uint64_t *low)
{
	uint32_t pos = 0;
	uint64_t rest = k;

	g_assert(k < f->total);
	for (uint32_t step = f->cap; step; step >>= 1) {
		uint32_t next = pos + step;

		if (next <= f->cap && f->sum[next] <= rest) {
			pos = next;
			rest -= f->sum[next];
		}
	}
	*low = k - rest;
	return pos + 1;
}

static inline void *fenwick_item(const struct fenwick *f, uint32_t pos)
{
	return f->at[pos];
}

#endif
