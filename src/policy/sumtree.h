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
 * of the line are its leaves (each item's weight, `own`), and every level
 * above holds the sums of groups of SUMTREE_FAN consecutive entries of the
 * level below, one 64-byte line per group, up to a level of one entry, the
 * total. Finding the k-th unit reads one line per level, adding or taking
 * an item's weight writes one entry per level: log8 of the positions, 6 for
 * 100,000 items, whose upper levels stay in the cache, where a linked
 * tree's nodes (2 ln n of them on a path) would be spread over every task's
 * slot.
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

#define SUMTREE_FAN	      8	   /* entries of a group: 8 sums of 8 bytes, one cache line */
#define SUMTREE_LEVELS	      12   /* enough for 2^32 positions */
#define SUMTREE_COMPACT_AHEAD 16   /* items a compaction asks the cache for ahead of moved() */
#define SUMTREE_COMPACT_FAR   4096 /* ... in a line of at least so many positions */

struct sumtree {
	uint32_t *own;		      /* [cap]: each position's weight, 0 for a hole */
	void **at;		      /* [cap]: each position's item, NULL for a hole */
	uint64_t *sum;		      /* the levels of sums, the finest first */
	uint32_t cap;		      /* positions, a power of two (0 before the first join) */
	uint32_t end;		      /* positions used: the next item goes at `end` */
	uint32_t len;		      /* items in the line */
	uint32_t depth;		      /* levels of sums; the last one has one entry, the total */
	uint64_t total;		      /* the weights of the items */
	uint64_t shifts;	      /* removals and compactions so far: what moves an item's
				       * range of units or its position (an append moves neither) */
	uint32_t off[SUMTREE_LEVELS]; /* where each level starts in sum[] */
};

typedef void (*sumtree_moved_fn)(void *item, uint32_t pos);

static inline void sumtree_release(struct sumtree *f)
{
	free(f->own);
	free(f->at);
	free(f->sum);
	*f = (struct sumtree){ 0 };
}

/*
 * n entries of size bytes on a 64-byte boundary, so that a group of sums or
 * of items (64 bytes) is one cache line and a group of weights (32 bytes)
 * half of one: malloc's large blocks start 16 bytes into a page, which
 * would split them over two lines.
 */
static inline void *sumtree_alloc(size_t n, size_t size)
{
	void *mem = NULL;

	if (posix_memalign(&mem, 64, n * size))
		g_error("sumtree: out of memory for %zu entries", n);
	return mem;
}

/* Add delta (modulo 2^64: a removal adds -w) to pos and every sum above it. */
static inline void sumtree_add(struct sumtree *f, uint32_t pos, uint64_t delta)
{
	f->own[pos] += (uint32_t)delta;
	for (uint32_t l = 0; l < f->depth; l++) {
		pos /= SUMTREE_FAN;
		f->sum[f->off[l] + pos] += delta;
	}
}

/* The sums of every level from the weights, in O(cap). */
static inline void sumtree_build(struct sumtree *f)
{
	uint32_t n = f->cap;

	for (uint32_t l = 0; l < f->depth; l++) {
		uint64_t *up = f->sum + f->off[l];

		for (uint32_t i = 0; i < n; i += SUMTREE_FAN) {
			uint64_t s = 0;

			for (uint32_t j = i; j < i + SUMTREE_FAN && j < n; j++)
				s += l ? f->sum[f->off[l - 1] + j] : f->own[j];
			up[i / SUMTREE_FAN] = s;
		}
		n = (n + SUMTREE_FAN - 1) / SUMTREE_FAN;
	}
}

/* Slide the items down over the holes, in order, into arrays of cap >= 2 * (len + 1). */
static inline void sumtree_compact(struct sumtree *f, sumtree_moved_fn moved)
{
	uint32_t cap = f->cap ? f->cap : 64, n = 0, ask = 0;

	while (cap < 2 * (f->len + 1)) {
		g_assert(cap <= UINT32_MAX / 4);
		cap *= 2;
	}
	if (cap != f->cap) {
		uint32_t size = 0, m = cap, depth = 0;
		uint32_t *own = sumtree_alloc(cap, sizeof(*own));
		void **at = sumtree_alloc(cap, sizeof(*at));

		do {
			m = (m + SUMTREE_FAN - 1) / SUMTREE_FAN;
			f->off[depth++] = size;
			size += m;
		} while (m > 1);
		f->depth = depth;
		if (f->end) {
			memcpy(own, f->own, f->end * sizeof(*own));
			memcpy(at, f->at, f->end * sizeof(*at));
		}
		free(f->own);
		free(f->at);
		free(f->sum);
		f->own = own;
		f->at = at;
		f->sum = sumtree_alloc(size, sizeof(*f->sum));
	}
	/* moved() most likely reads the item, and the items of a long line
	 * are scattered in memory: one miss after another, unless each is
	 * asked for some items ahead (a hole, NULL, asks for nothing: a
	 * prefetch never faults); those of a short line stay in the cache */
	if (f->end >= SUMTREE_COMPACT_FAR)
		ask = f->end - SUMTREE_COMPACT_AHEAD;
	for (uint32_t i = 0; i < f->end; i++) {
		if (i < ask)
			__builtin_prefetch(f->at[i + SUMTREE_COMPACT_AHEAD]);
		if (!f->at[i])
			continue;
		if (n != i) {
			f->at[n] = f->at[i];
			f->own[n] = f->own[i];
			moved(f->at[n], n);
		}
		n++;
	}
	g_assert(n == f->len);
	for (uint32_t i = n; i < cap; i++) {
		f->at[i] = NULL;
		f->own[i] = 0;
	}
	f->cap = cap;
	f->end = n;
	f->shifts++;
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
	f->at[pos] = item;
	sumtree_add(f, pos, w);
	f->len++;
	f->total += w;
	return pos;
}

/* Take the item at pos out of the line. */
static inline void sumtree_remove(struct sumtree *f, uint32_t pos)
{
	uint32_t w;

	g_assert(pos < f->end && f->at[pos]);
	w = f->own[pos];
	sumtree_add(f, pos, -(uint64_t)w);
	f->total -= w;
	f->at[pos] = NULL;
	f->shifts++;
	if (--f->len == 0)
		f->end = 0; /* every sum is 0 again */
}

/*
 * The group of SUMTREE_FAN positions that holds unit k (< total), from the
 * levels of sums alone: in each group, from the top, the first entry whose
 * sum exceeds what is left of k; *rest is what is left of k in the group.
 */
static inline uint32_t sumtree_descend(const struct sumtree *f, uint64_t *rest)
{
	uint32_t i = 0;

	for (uint32_t l = f->depth - 1; l-- > 0;) {
		const uint64_t *s = f->sum + f->off[l];

		for (i *= SUMTREE_FAN; *rest >= s[i]; i++)
			*rest -= s[i];
	}
	return i;
}

/*
 * sumtree_find(k) in the group of unit k, where rest is what is left of k
 * (sumtree_descend): the group's weights, in order, down to the one that
 * exceeds what is left of k.
 */
static inline uint32_t sumtree_find_in(const struct sumtree *f, uint32_t group, uint64_t rest,
				       uint64_t k, uint64_t *low)
{
	uint32_t i;

	for (i = group * SUMTREE_FAN; rest >= f->own[i]; i++)
		rest -= f->own[i];
	g_assert(i < (group + 1) * SUMTREE_FAN);
	*low = k - rest;
	return i;
}

/*
 * The position of the first item whose running sum, in line order, exceeds
 * k (< total); *low is the sum of the weights before it.
 */
static inline uint32_t sumtree_find(const struct sumtree *f, uint64_t k, uint64_t *low)
{
	uint64_t rest = k;
	uint32_t group;

	g_assert(k < f->total);
	group = sumtree_descend(f, &rest);
	return sumtree_find_in(f, group, rest, k, low);
}

/*
 * Ask the cache for the lines that sumtree_find(k) would read last, the
 * weights and the items of the group that holds unit k (< total), without
 * reading them: a later find of k, or item, need not wait for them. *rest
 * is k on the way in, what is left of it in the group on the way out; the
 * group, as sumtree_descend.
 */
static inline uint32_t sumtree_prefetch(const struct sumtree *f, uint64_t *rest)
{
	uint32_t i = sumtree_descend(f, rest);

	__builtin_prefetch(f->own + i * SUMTREE_FAN);
	__builtin_prefetch(f->at + i * SUMTREE_FAN);
	return i;
}

static inline void *sumtree_item(const struct sumtree *f, uint32_t pos)
{
	return f->at[pos];
}

#endif
