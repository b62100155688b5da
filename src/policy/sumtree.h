/*
 * sumtree.h - a line of weighted items in packed arrays, with the item that
 * holds the k-th unit of weight found in O(log n).
 *
 * Lottery scheduling draws a number below the total of the ready tasks'
 * tickets and gives the CPU to the first task, in the order they became
 * ready, whose running sum exceeds it; for many clients Waldspurger and
 * Weihl propose "a tree of partial ticket sums" ("Lottery Scheduling",
 * OSDI 1994, section 4.2), which finds that task in O(lg n). Here that
 * tree is implicit and wide, as a B-tree is wide (Bayer and McCreight,
 * "Organization and maintenance of large ordered indexes", Acta
 * Informatica 1972) so that a descent reads few cache lines: the positions
 * of the line are its leaves (each item's weight, `own`, beside the item,
 * SUMTREE_LEAF_FAN of them in a 64-byte line), the level above holds the
 * sums of each line of leaves, and every level above that the sums of
 * groups of SUMTREE_FAN consecutive entries of the level below, one line
 * per group, up to a level of one entry, the total. Finding the k-th unit
 * reads one line per level, the last of which holds the item found, and
 * adding or taking an item's weight writes one entry per level: 1 + log8
 * of (the positions / 4) lines, 6 for 100,000 positions, whose upper
 * levels stay in the cache, where a linked tree's nodes (2 ln n of them on
 * a path) would be spread over every task's slot.
 *
 * An item that leaves leaves a hole (its weight set to 0) that keeps the
 * order of the others. The next item goes after the last position used;
 * when that is the end of the arrays, the line is compacted (the items
 * slide down over the holes, in order) and the arrays doubled if less than
 * half of them would then be free, so a compaction, O(cap), comes after at
 * least cap / 2 joins: O(1) amortised, and nothing is allocated once the
 * line has reached its largest size. An emptied line starts again at
 * position 0 without a compaction.
 *
 * The owner keeps each item's position (sumtree_append returns it; a
 * compaction reports the new ones through `moved`).
 */
#ifndef SCHEDLAB_SUMTREE_H
#define SCHEDLAB_SUMTREE_H

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SUMTREE_FAN	 8  /* entries of a group: 8 sums of 8 bytes, one cache line */
#define SUMTREE_LEAF_FAN 4  /* leaves of a group: 4 of 16 bytes, one cache line */
#define SUMTREE_LEVELS	 12 /* enough for 2^32 positions */

struct sumtree_leaf {
	uint32_t own; /* the position's weight, 0 for a hole */
	void *item;   /* the position's item, NULL for a hole */
};

G_STATIC_ASSERT(sizeof(struct sumtree_leaf) * SUMTREE_LEAF_FAN == 64);

struct sumtree {
	struct sumtree_leaf *leaf;    /* [cap], 64-byte aligned: the positions */
	uint64_t *sum;		      /* the levels of sums, the finest first */
	uint32_t cap;		      /* positions, a power of two (0 before the first join) */
	uint32_t end;		      /* positions used: the next item goes at `end` */
	uint32_t len;		      /* items in the line */
	uint32_t depth;		      /* levels of sums; the last one has one entry, the total */
	uint64_t total;		      /* the weights of the items */
	uint32_t off[SUMTREE_LEVELS]; /* where each level starts in sum[] */
};

typedef void (*sumtree_moved_fn)(void *item, uint32_t pos);

static inline void sumtree_release(struct sumtree *f)
{
	free(f->leaf);
	g_free(f->sum);
	*f = (struct sumtree){ 0 };
}

/* Add delta (modulo 2^64: a removal adds -w) to pos and every sum above it. */
static inline void sumtree_add(struct sumtree *f, uint32_t pos, uint64_t delta)
{
	f->leaf[pos].own += (uint32_t)delta;
	pos /= SUMTREE_LEAF_FAN;
	for (uint32_t l = 0; l < f->depth; l++) {
		f->sum[f->off[l] + pos] += delta;
		pos /= SUMTREE_FAN;
	}
}

/* The sums of every level above the first from the first's, in O(cap / 4). */
static inline void sumtree_build(struct sumtree *f)
{
	uint32_t n = (f->cap + SUMTREE_LEAF_FAN - 1) / SUMTREE_LEAF_FAN;

	for (uint32_t l = 1; l < f->depth; l++) {
		const uint64_t *below = f->sum + f->off[l - 1];
		uint64_t *up = f->sum + f->off[l];

		for (uint32_t i = 0; i < n; i += SUMTREE_FAN) {
			uint64_t s = 0;

			for (uint32_t j = i; j < i + SUMTREE_FAN && j < n; j++)
				s += below[j];
			up[i / SUMTREE_FAN] = s;
		}
		n = (n + SUMTREE_FAN - 1) / SUMTREE_FAN;
	}
}

/* Slide the items down over the holes, in order, into arrays of cap >= 2 * (len + 1). */
static inline void sumtree_compact(struct sumtree *f, sumtree_moved_fn moved)
{
	uint32_t cap = f->cap ? f->cap : 64, n = 0;
	uint64_t *first;

	while (cap < 2 * (f->len + 1)) {
		g_assert(cap <= UINT32_MAX / 4);
		cap *= 2;
	}
	if (cap != f->cap) {
		uint32_t size = 0, m = cap, depth = 0;

		void *mem = NULL;

		do {
			uint32_t fan = depth ? SUMTREE_FAN : SUMTREE_LEAF_FAN;

			m = (m + fan - 1) / fan;
			f->off[depth++] = size;
			size += m;
		} while (m > 1);
		f->depth = depth;
		if (posix_memalign(&mem, 64, (size_t)cap * sizeof(struct sumtree_leaf)))
			g_error("sumtree: out of memory for %u positions", cap);
		if (f->end)
			memcpy(mem, f->leaf, (size_t)f->end * sizeof(struct sumtree_leaf));
		free(f->leaf);
		f->leaf = mem;
		f->sum = g_renew(uint64_t, f->sum, size);
	}
	/* The first level of sums as the items slide, so that the leaves are read once. */
	first = f->sum + f->off[0];
	memset(first, 0, (cap + SUMTREE_LEAF_FAN - 1) / SUMTREE_LEAF_FAN * sizeof(*first));
	for (uint32_t i = 0; i < f->end; i++) {
		if (!f->leaf[i].item)
			continue;
		if (n != i) {
			f->leaf[n] = f->leaf[i];
			moved(f->leaf[n].item, n);
		}
		first[n / SUMTREE_LEAF_FAN] += f->leaf[n].own;
		n++;
	}
	g_assert(n == f->len);
	for (uint32_t i = n; i < cap; i++)
		f->leaf[i] = (struct sumtree_leaf){ 0 };
	f->cap = cap;
	f->end = n;
	sumtree_build(f);
}

/* Put item, of weight w, at the end of the line: its position. */
static inline uint32_t sumtree_append(struct sumtree *f, void *item, uint32_t w,
				      sumtree_moved_fn moved)
{
	uint32_t pos;

	g_assert(item);
	if (f->end == f->cap)
		sumtree_compact(f, moved);
	pos = f->end++;
	f->leaf[pos].item = item;
	sumtree_add(f, pos, w);
	f->len++;
	f->total += w;
	return pos;
}

/* Take the item at pos out of the line. */
static inline void sumtree_remove(struct sumtree *f, uint32_t pos)
{
	uint32_t w;

	g_assert(pos < f->end && f->leaf[pos].item);
	w = f->leaf[pos].own;
	sumtree_add(f, pos, -(uint64_t)w);
	f->total -= w;
	f->leaf[pos].item = NULL;
	if (--f->len == 0)
		f->end = 0; /* every sum is 0 again */
}

/*
 * The position of the first item whose running sum, in line order, exceeds
 * k (< total); *low is the sum of the weights before it. From the top: in
 * each group, the first entry whose sum exceeds what is left of k; last,
 * in a line of leaves.
 */
static inline uint32_t sumtree_find(const struct sumtree *f, uint64_t k, uint64_t *low)
{
	uint32_t i = 0;
	uint64_t rest = k;

	g_assert(k < f->total);
	for (uint32_t l = f->depth - 1; l-- > 0;) {
		const uint64_t *s = f->sum + f->off[l];

		for (i *= SUMTREE_FAN; rest >= s[i]; i++)
			rest -= s[i];
	}
	for (i *= SUMTREE_LEAF_FAN; rest >= f->leaf[i].own; i++)
		rest -= f->leaf[i].own;
	*low = k - rest;
	return i;
}

static inline void *sumtree_item(const struct sumtree *f, uint32_t pos)
{
	return f->leaf[pos].item;
}

#endif
