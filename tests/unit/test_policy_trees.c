/*
 * test_policy_trees.c - the policies' search trees against brute force.
 *
 * EEVDF (dltree.h) and prio (augtree.h) find their pick in a tree, lottery in a
 * wide tree of partial ticket sums (sumtree.h), rather than by walking
 * every ready task, and HRRN compares only the heads of its
 * groups of equal service that are on the staircase (shorter service, or
 * longer wait, than every other). Over seeded random sequences of operations,
 * driven through each policy's own hooks on a queue of our own, every pick
 * is compared with what a walk over every queued task gives (the algorithm
 * the trees replaced), and the trees' invariants are checked: search order,
 * heap order of the priorities, parent links, the cached first node and
 * every cached subtree value.
 *
 * The policies' files are included here so that their internals can be
 * reached; their registry symbols are renamed so as not to meet the
 * library's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define eevdf_policy   test_eevdf_policy
#define hrrn_policy    test_hrrn_policy
#define lottery_policy test_lottery_policy
#define prio_policy    test_prio_policy
#include "policy/eevdf.c"
#include "policy/hrrn.c"
#include "policy/lottery.c"
#include "policy/prio.c"

#include "base/rng.h"

/* ---- the tree alone --------------------------------------------------- */

struct inode {
	struct augtree_node n; /* first */
	uint32_t key;
	uint32_t id;
	uint64_t sum; /* of the keys of its subtree */
	bool in;
};

static bool inode_less(const struct augtree_node *a, const struct augtree_node *b)
{
	return ((const struct inode *)a)->key < ((const struct inode *)b)->key;
}

static bool inode_update(struct augtree_node *a)
{
	struct inode *x = (struct inode *)a;
	uint64_t old = x->sum;

	x->sum = x->key;
	if (a->left)
		x->sum += ((struct inode *)a->left)->sum;
	if (a->right)
		x->sum += ((struct inode *)a->right)->sum;
	return x->sum != old;
}

/*
 * Check the shape under n: parent links, heap order of the priorities,
 * search order (less never puts a node before one on its left), and the
 * cached values (check_node). Returns the number of nodes.
 */
static uint32_t tree_check(const struct augtree_node *n, const struct augtree_node *parent,
			   augtree_less_fn less, void (*check_node)(const struct augtree_node *))
{
	uint32_t count = 0;

	if (!n)
		return 0;
	assert_ptr_equal(n->parent, parent);
	if (parent)
		assert_true(n->prio <= parent->prio);
	if (n->left)
		assert_false(less(n, n->left));
	if (n->right)
		assert_false(less(n->right, n));
	count += tree_check(n->left, n, less, check_node);
	count += tree_check(n->right, n, less, check_node);
	check_node(n);
	return count + 1;
}

static void tree_check_all(const struct augtree *t, augtree_less_fn less,
			   void (*check_node)(const struct augtree_node *))
{
	const struct augtree_node *first = t->root, *prev = NULL;
	uint32_t walked = 0;

	assert_int_equal(tree_check(t->root, NULL, less, check_node), t->len);
	while (first && first->left)
		first = first->left;
	assert_ptr_equal(t->first, first);
	for (const struct augtree_node *n = t->first; n; n = augtree_next(n)) {
		if (prev)
			assert_false(less(n, prev));
		prev = n;
		walked++;
	}
	assert_int_equal(walked, t->len);
}

static void inode_check(const struct augtree_node *a)
{
	const struct inode *x = (const struct inode *)a;
	uint64_t sum = x->key;

	if (a->left)
		sum += ((const struct inode *)a->left)->sum;
	if (a->right)
		sum += ((const struct inode *)a->right)->sum;
	assert_true(x->in);
	assert_int_equal(x->sum, sum);
}

/* Random inserts (with many equal keys) and removals; equal keys in insertion order. */
static void test_augtree_random(void **state)
{
	enum { N = 300, STEPS = 20000 };
	struct inode *nodes = g_new0(struct inode, N);
	struct augtree t = { 0 };
	struct rng r;
	uint32_t stamp[N] = { 0 }, clock = 0;

	rng_seed_named(&r, 1, "augtree", 0);
	for (uint32_t i = 0; i < N; i++)
		nodes[i].id = i;
	for (int step = 0; step < STEPS; step++) {
		struct inode *x = &nodes[rng_below(&r, N)];

		if (x->in) {
			augtree_remove(&t, &x->n, inode_update);
			x->in = false;
		} else {
			x->key = rng_below(&r, 40);
			x->in = true;
			stamp[x->id] = ++clock;
			augtree_insert(&t, &x->n, inode_less, inode_update);
		}
		if (step % 97 == 0 || step == STEPS - 1) {
			const struct augtree_node *prev = NULL;

			tree_check_all(&t, inode_less, inode_check);
			for (const struct augtree_node *n = t.first; n; n = augtree_next(n)) {
				const struct inode *a = (const struct inode *)prev,
						   *b = (const struct inode *)n;

				if (a && a->key == b->key)
					assert_true(stamp[a->id] < stamp[b->id]);
				prev = n;
			}
		}
	}
	g_free(nodes);
}

/* ---- a queue of our own ----------------------------------------------- */

#define MAXT 160

struct world {
	struct policy pol;
	struct rq rq;
	struct rng draw; /* the test's choices */
	struct rng policy_rng;
	struct task tasks[MAXT];
	uint64_t privs[MAXT][32]; /* task->priv areas */
	uint32_t ntasks;
};

static void world_init(struct world *w, const struct policy_ops *ops, const void *conf,
		       uint64_t seed)
{
	memset(w, 0, sizeof(*w));
	w->pol.ops = ops;
	w->pol.conf = conf;
	w->pol.ncpus = 1;
	w->rq.policy = &w->pol;
	w->rq.priv = g_malloc0(ops->rq_priv_size);
	w->rq.cpu = 0;
	w->rq.rng = &w->policy_rng;
	rng_seed_named(&w->draw, seed, "trees", 0);
	rng_seed_named(&w->policy_rng, seed, "policy", 0);
	assert_true(ops->task_priv_size <= sizeof(w->privs[0]));
}

static struct task *world_new_task(struct world *w)
{
	struct task *t;

	if (w->ntasks == MAXT)
		return NULL;
	t = &w->tasks[w->ntasks];
	t->id = w->ntasks;
	t->priv = w->privs[w->ntasks];
	t->state = TASK_NEW;
	t->tickets = 1;
	w->ntasks++;
	return t;
}

static struct task *world_random_in(struct world *w, enum task_state st)
{
	uint32_t n = 0, k;

	for (uint32_t i = 0; i < w->ntasks; i++)
		n += w->tasks[i].state == st;
	if (!n)
		return NULL;
	k = rng_below(&w->draw, n);
	for (uint32_t i = 0; i < w->ntasks; i++)
		if (w->tasks[i].state == st && k-- == 0)
			return &w->tasks[i];
	return NULL;
}

static void world_enqueue(struct world *w, struct task *t, unsigned flags)
{
	t->state = TASK_READY;
	t->ready_since = w->rq.now;
	w->pol.ops->enqueue(&w->rq, t, flags);
	w->rq.nr_queued++;
}

static void world_free(struct world *w)
{
	if (w->pol.ops->release)
		w->pol.ops->release(&w->rq);
	g_free(w->rq.priv);
}

/* ---- EEVDF ------------------------------------------------------------ */

/* Is node a before b among candidates? Earliest deadline, then earliest entry. */
static bool eevdf_before(const struct dltree *t, uint32_t a, uint32_t b)
{
	return dltree_earlier(t, dltree_at(t, a)->deadline, a, dltree_at(t, b)->deadline, b);
}

/* The earliest (deadline, seq) of the subtree under i, by brute force. */
static uint32_t eevdf_subtree_min(const struct dltree *t, uint32_t i)
{
	const struct dltree_node *n = dltree_at(t, i);
	uint32_t m = i, c;

	if (n->left && eevdf_before(t, (c = eevdf_subtree_min(t, n->left)), m))
		m = c;
	if (n->right && eevdf_before(t, (c = eevdf_subtree_min(t, n->right)), m))
		m = c;
	return m;
}

/*
 * The subtree under i: links, heap order, the cached earliest deadline, and
 * each node a copy of its task's key and deadline. Its size.
 */
static uint32_t dltree_check(const struct eevdf_rq *q, uint32_t i, uint32_t parent)
{
	const struct dltree *t = &q->tree;
	const struct dltree_node *n;
	const struct eevdf_task *et;
	uint32_t m = i;

	if (!i)
		return 0;
	n = dltree_at(t, i);
	et = n->item;
	assert_int_equal(n->parent, parent);
	assert_int_equal(et->node, i);
	assert_int_equal(n->vruntime, et->vruntime);
	assert_int_equal(n->deadline, et->deadline);
	assert_int_equal(n->id, et->task->id);
	if (parent)
		assert_true(dltree_at(t, parent)->prio >= n->prio);
	if (n->left && eevdf_before(t, dltree_at(t, n->left)->min, m))
		m = dltree_at(t, n->left)->min;
	if (n->right && eevdf_before(t, dltree_at(t, n->right)->min, m))
		m = dltree_at(t, n->right)->min;
	assert_int_equal(n->min, m);
	assert_int_equal(n->min_deadline, dltree_at(t, m)->deadline);
	if (!parent)
		assert_int_equal(n->min,
				 eevdf_subtree_min(t, i)); /* the whole tree, from scratch */
	return 1 + dltree_check(q, n->left, i) + dltree_check(q, n->right, i);
}

/* The whole tree: the nodes' invariants, the order, the leftmost cached, the length. */
static void dltree_check_all(const struct eevdf_rq *q)
{
	const struct dltree *t = &q->tree;
	uint32_t first = t->root, prev = 0, k = 0;

	assert_int_equal(dltree_check(q, t->root, 0), t->len);
	while (first && dltree_at(t, first)->left)
		first = dltree_at(t, first)->left;
	assert_int_equal(t->first, first);
	for (uint32_t i = t->first; i; i = dltree_next(t, i)) {
		if (prev)
			assert_true(dltree_less(t, prev, i));
		prev = i;
		k++;
	}
	assert_int_equal(k, t->len);
}

/* The pick as it was: every queued task, eligible ones compared. */
static struct eevdf_task *eevdf_pick_brute(const struct rq *rq, struct eevdf_task *curr)
{
	const struct eevdf_conf *conf = rq->policy->conf;
	const struct eevdf_rq *q = rq->priv;
	const struct dltree *t = &q->tree;
	uint32_t best = 0;

	if (curr && !eevdf_eligible(q, curr->vruntime))
		curr = NULL;
	if (curr && conf->run_to_parity && curr->parity == curr->deadline)
		return curr;
	for (uint32_t i = t->first; i; i = dltree_next(t, i)) {
		const struct eevdf_task *et = ev_of(q, i);

		if (eevdf_eligible(q, et->vruntime) && (!best || eevdf_before(t, i, best)))
			best = i;
	}
	if (!best || (curr && fair_vdiff(curr->deadline, ev_of(q, best)->deadline) < 0))
		return curr ? curr : t->first ? ev_of(q, t->first) : NULL;
	return ev_of(q, best);
}

static void eevdf_compare(struct world *w, struct task *curr)
{
	const struct eevdf_rq *q = w->rq.priv;
	struct eevdf_task *c = curr ? curr->priv : NULL;

	dltree_check_all(q);
	assert_ptr_equal(eevdf_pick(&w->rq, NULL), eevdf_pick_brute(&w->rq, NULL));
	if (c)
		assert_ptr_equal(eevdf_pick(&w->rq, c), eevdf_pick_brute(&w->rq, c));
}

static void eevdf_random_run(const struct eevdf_conf *conf, uint64_t seed, int steps)
{
	struct world *w = g_new(struct world, 1);
	struct task *curr = NULL;
	uint32_t picks = 0, delayed_seen = 0;

	world_init(w, &eevdf_policy, conf, seed);
	for (int step = 0; step < steps; step++) {
		uint32_t op = rng_below(&w->draw, 100);
		struct task *t;

		if (op < 12) {
			/* An arrival. */
			t = world_new_task(w);
			if (t) {
				t->nice = (int16_t)((int)rng_below(&w->draw, 40) - 20);
				if (rng_below(&w->draw, 2))
					t->nice = 0;
				world_enqueue(w, t, ENQ_NEW);
			}
		} else if (op < 30) {
			/* A blocked task wakes up (perhaps still in the tree: DELAY_DEQUEUE). */
			t = world_random_in(w, TASK_BLOCKED);
			if (t) {
				if (!eevdf_still_queued(&w->rq, t))
					w->rq.nr_queued++;
				t->state = TASK_READY;
				t->ready_since = w->rq.now;
				eevdf_policy.enqueue(&w->rq, t, ENQ_WAKEUP);
			}
		} else if (op < 38) {
			/* A ready task leaves: migrated or killed. */
			t = world_random_in(w, TASK_READY);
			if (t) {
				eevdf_policy.dequeue(
					&w->rq, t, rng_below(&w->draw, 2) ? DEQ_MIGRATE : DEQ_EXIT);
				w->rq.nr_queued--;
				/* Mostly back later as a wake-up, as a migrated task would be. */
				t->state = rng_below(&w->draw, 8) ? TASK_BLOCKED : TASK_TERMINATED;
			}
		} else if (op < 60) {
			/* Time passes for the running task. */
			w->rq.now += 1 + rng_below(&w->draw, 3 * SIM_MS);
			if (curr) {
				eevdf_policy.update_curr(&w->rq, curr, 0);
				if (rng_below(&w->draw, 4) == 0)
					(void)eevdf_policy.tick(&w->rq, curr);
			}
		} else if (op < 80 && curr) {
			/* The running task stops: expired, preempted, yielded, blocked, exited. */
			static const unsigned flags[] = { ENQ_EXPIRED,	 ENQ_EXPIRED,	ENQ_EXPIRED,
							  ENQ_PREEMPTED, ENQ_PREEMPTED, ENQ_YIELD };
			uint32_t how = rng_below(&w->draw, 10);

			w->rq.now += rng_below(&w->draw, SIM_MS);
			curr->remaining = how < 6 ? 1 + rng_below(&w->draw, SIM_MS) : 0;
			curr->state = how < 6	? TASK_READY
				      : how < 9 ? TASK_BLOCKED
						: TASK_TERMINATED;
			eevdf_policy.put_prev(&w->rq, curr, 0);
			if (how < 6)
				world_enqueue(w, curr, flags[how]);
			curr = NULL;
		} else if (!curr) {
			/* The CPU picks. */
			t = eevdf_policy.pick_next(&w->rq);
			if (t) {
				w->rq.nr_queued--;
				t->state = TASK_RUNNING;
				curr = t;
				picks++;
			}
		}
		w->rq.curr = curr;
		delayed_seen += ((const struct eevdf_rq *)w->rq.priv)->nr_delayed > 0;
		eevdf_compare(w, curr);
	}
	assert_true(picks > (uint32_t)steps / 20);
	if (conf->kernel >= EEVDF_6_12)
		assert_true(delayed_seen > 0);
	world_free(w);
	g_free(w);
}

static void test_eevdf_tree_pick_is_the_walk(void **state)
{
	static const struct eevdf_conf confs[] = {
		{ .tick_hz = 250, .kernel = EEVDF_6_18, .run_to_parity = true, .place_lag = true },
		{ .tick_hz = 0, .kernel = EEVDF_6_12, .run_to_parity = false, .place_lag = true },
		{ .tick_hz = 1000, .kernel = EEVDF_6_6, .run_to_parity = true, .place_lag = true },
		{ .tick_hz = 100,
		  .kernel = EEVDF_6_18,
		  .run_to_parity = false,
		  .place_lag = false,
		  .base_slice = 100 * SIM_US },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(confs); i++)
		for (uint64_t seed = 1; seed <= 3; seed++)
			eevdf_random_run(&confs[i], seed * 10 + i, 6000);
}

/* ---- lottery ---------------------------------------------------------- */

/*
 * The line's invariants: every ready task at its position, in the order
 * they became ready, holes elsewhere, and each sum of every level the sum
 * of its group of the level below.
 */
static void lottery_line_check(const struct lottery_rq *q, GPtrArray *line)
{
	const struct sumtree *f = &q->line;
	uint32_t k = 0, n = f->cap;
	uint64_t total = 0;

	assert_true(f->end <= f->cap);
	for (uint32_t i = 0; i < f->cap; i++) {
		const struct task *t = f->at[i];

		if (i >= f->end)
			assert_null(t);
		if (t) {
			assert_true(k < line->len);
			assert_ptr_equal(t, g_ptr_array_index(line, k));
			assert_int_equal(((const struct lottery_task *)t->priv)->pos, i);
			assert_int_equal(f->own[i], t->tickets);
			total += t->tickets;
			k++;
		} else {
			assert_int_equal(f->own[i], 0);
		}
	}
	for (uint32_t l = 0; l < f->depth; l++) {
		for (uint32_t g = 0; g * SUMTREE_FAN < n; g++) {
			uint64_t s = 0;

			for (uint32_t j = g * SUMTREE_FAN; j < (g + 1) * SUMTREE_FAN && j < n; j++)
				s += l ? f->sum[f->off[l - 1] + j] : f->own[j];
			assert_int_equal(f->sum[f->off[l] + g], s);
		}
		n = (n + SUMTREE_FAN - 1) / SUMTREE_FAN;
	}
	if (f->cap)
		assert_int_equal(n, 1);
	assert_int_equal(k, line->len);
	assert_int_equal(f->len, line->len);
	assert_int_equal(f->total, total);
	if (f->depth)
		assert_int_equal(f->sum[f->off[f->depth - 1]], total);
}

/* sumtree.h alone, large: four levels of sums and more, compactions and growth. */
struct sitem {
	uint32_t pos;
	uint32_t w;
	bool in;
};

static void sitem_moved(void *item, uint32_t pos)
{
	((struct sitem *)item)->pos = pos;
}

static void test_sumtree_find_is_the_walk_at_scale(void **state)
{
	enum { N = 30000 };
	struct sitem *items = g_new0(struct sitem, N);
	struct sumtree f = { 0 };
	struct rng r;

	rng_seed_named(&r, 11, "sumtree", 0);
	for (int step = 0; step < 200000; step++) {
		struct sitem *it = &items[rng_below(&r, N)];

		if (!it->in) {
			/* Mostly join; a burst of leaves every so often empties much of it. */
			if (step % 50000 < 40000 || !rng_below(&r, 4)) {
				it->w = 1 + rng_below(&r, 1000);
				it->pos = sumtree_append(&f, it, it->w, sitem_moved);
				it->in = true;
			}
		} else if (step % 50000 >= 40000 || !rng_below(&r, 3)) {
			sumtree_remove(&f, it->pos);
			it->in = false;
		}
		if (step % 997 == 0 && f.len) {
			/* Every position in order: a few draws land on the walk's answer. */
			uint64_t sum = 0, low;

			for (uint32_t i = 0; i < f.end; i++) {
				const struct sitem *x = f.at[i];

				if (!x)
					continue;
				assert_int_equal(x->pos, i);
				if (rng_below(&r, 64) == 0) {
					uint64_t k = sum + rng_below(&r, x->w);

					assert_int_equal(sumtree_find(&f, k, &low), i);
					assert_int_equal(low, sum);
				}
				sum += x->w;
			}
			assert_int_equal(sum, f.total);
			assert_int_equal(f.sum[f.off[f.depth - 1]], sum);
		}
	}
	assert_true(f.depth >= 5);
	sumtree_release(&f);
	g_free(items);
}

static void test_lottery_tree_draw_is_the_walk(void **state)
{
	static const struct lottery_conf conf = { .quantum = SIM_MS };
	struct world *w = g_new(struct world, 1);
	GPtrArray *line = g_ptr_array_new(); /* ready tasks in the order they became ready */

	world_init(w, &lottery_policy, &conf, 7);
	for (int step = 0; step < 20000; step++) {
		uint32_t op = rng_below(&w->draw, 10);
		const struct lottery_rq *q = w->rq.priv;
		struct task *t;

		if (op < 4) {
			t = world_new_task(w);
			if (!t)
				t = world_random_in(w, TASK_BLOCKED);
			if (t) {
				t->tickets = rng_below(&w->draw, 4) ? 1 + rng_below(&w->draw, 300)
								    : 1 + rng_below(&w->draw, 3);
				world_enqueue(w, t, ENQ_WAKEUP);
				g_ptr_array_add(line, t);
			}
		} else if (op < 6 && line->len) {
			t = g_ptr_array_index(line, rng_below(&w->draw, line->len));
			lottery_policy.dequeue(&w->rq, t, DEQ_EXIT);
			g_ptr_array_remove(line, t);
			t->state = TASK_BLOCKED;
		} else if (line->len) {
			/* Every ticket number of a few draws maps as the walk maps it. */
			uint64_t sum = 0, low = 0;

			for (guint i = 0; i < line->len; i++) {
				struct task *x = g_ptr_array_index(line, i);

				for (int k = 0; k < 3; k++) {
					uint64_t win = sum + rng_below(&w->draw, x->tickets);

					assert_ptr_equal(
						sumtree_item(&q->line,
							     sumtree_find(&q->line, win, &low)),
						x);
					assert_int_equal(low, sum);
				}
				sum += x->tickets;
			}
			assert_int_equal(sum, q->line.total);
			t = lottery_policy.pick_next(&w->rq);
			assert_non_null(t);
			assert_true(q->drawn >= q->low && q->drawn < q->low + t->tickets);
			g_ptr_array_remove(line, t);
			t->state = TASK_BLOCKED;
		}
		lottery_line_check(q, line);
	}
	g_ptr_array_free(line, true);
	world_free(w);
	g_free(w);
}

/*
 * Among many tasks a pick also guesses the next winner on a copy of the
 * stream, to fetch its slot early: the draws must be those of the stream
 * alone, one number a pick, whatever the guess. A shadow stream seeded as
 * the policy's gives every winning number: Lemire's draw below the pool.
 */
static void test_lottery_guess_leaves_the_draws(void **state)
{
	enum { N = LOTTERY_FORESEE + LOTTERY_FORESEE / 2 };
	static const struct lottery_conf conf = { .quantum = SIM_MS };
	struct world *w = g_new(struct world, 1);
	struct task *ts = g_new0(struct task, N);
	struct lottery_task *lts = g_new0(struct lottery_task, N);
	struct rng shadow;
	uint32_t out = 0; /* tasks taken and not put back */

	world_init(w, &lottery_policy, &conf, 5);
	for (uint32_t i = 0; i < N; i++) {
		ts[i].id = i;
		ts[i].priv = &lts[i];
		ts[i].tickets = 1 + i % 250;
		world_enqueue(w, &ts[i], ENQ_NEW);
	}
	shadow = w->policy_rng;
	for (int pick = 0; pick < 3000; pick++) {
		const struct lottery_rq *q = w->rq.priv;
		uint64_t total = q->line.total;
		uint32_t expect = rng_below(&shadow, (uint32_t)total);
		struct task *t = lottery_policy.pick_next(&w->rq);

		assert_non_null(t);
		assert_int_equal(q->drawn, expect);
		assert_int_equal(q->pool, total);
		assert_true(expect >= q->low && expect < q->low + t->tickets);
		assert_memory_equal(&shadow, &w->policy_rng, sizeof(shadow));
		/* mostly back to the line; every fifth sleeps, one sleeper wakes */
		if (pick % 5 == 0) {
			t->state = TASK_BLOCKED;
			out++;
		} else {
			world_enqueue(w, t, ENQ_PREEMPTED);
		}
		if (pick % 5 == 3 && out) {
			for (uint32_t i = 0; i < N; i++) {
				if (ts[i].state == TASK_BLOCKED) {
					world_enqueue(w, &ts[i], ENQ_WAKEUP);
					out--;
					break;
				}
			}
		}
		assert_true(q->line.len >= LOTTERY_FORESEE);
	}
	world_free(w);
	g_free(lts);
	g_free(ts);
	g_free(w);
}

/*
 * When every winner is back in the line before the next draw, the pool the
 * guesses assume is the real one, and they are exact: the next winner is
 * the task at the guessed position (past the line: the winner itself, back
 * at its end), and the one after it the task that the second number finds
 * in the line as it was (the next winner's range skipped), though that
 * line has changed by then. The tickets differ from task to task, so a
 * number mapped one range too far or too near would find another task.
 */
static void test_lottery_guesses_the_next_two_winners(void **state)
{
	enum { N = LOTTERY_FORESEE + 500 };
	static const struct lottery_conf conf = { .quantum = SIM_MS };
	struct world *w = g_new(struct world, 1);
	struct task *ts = g_new0(struct task, N);
	struct lottery_task *lts = g_new0(struct lottery_task, N);
	const struct task *next = NULL, *after = NULL, *then = NULL;
	int seen_next = 0, seen_after = 0;

	world_init(w, &lottery_policy, &conf, 9);
	for (uint32_t i = 0; i < N; i++) {
		ts[i].id = i;
		ts[i].priv = &lts[i];
		ts[i].tickets = 1 + (i * 37) % 199;
		world_enqueue(w, &ts[i], ENQ_NEW);
	}
	for (int pick = 0; pick < 3000; pick++) {
		const struct lottery_rq *q = w->rq.priv;
		struct task *t = lottery_policy.pick_next(&w->rq);
		struct lottery_guess g = lottery_guess(q, w->rq.rng, t->tickets);
		uint64_t low;

		assert_non_null(t);
		if (next) {
			assert_ptr_equal(t, next);
			seen_next++;
		}
		if (after) {
			assert_ptr_equal(t, after);
			seen_after++;
		}
		/* past the line: the numbers of the winner, back at its end */
		next = g.pos == q->line.end ? t : sumtree_item(&q->line, g.pos);
		after = then;
		then = g.then == LOTTERY_NO_GUESS
			       ? NULL
			       : sumtree_item(&q->line, sumtree_find(&q->line, g.then, &low));
		world_enqueue(w, t, ENQ_PREEMPTED);
	}
	assert_int_equal(seen_next, 2999);
	assert_true(seen_after > 2900);
	world_free(w);
	g_free(lts);
	g_free(ts);
	g_free(w);
}

/*
 * A pick whose draw is the one guessed, from the pool guessed, takes the
 * task found then, if the line has only grown since; a guess whose number
 * is the one the last pick guessed for the draw after, searches only the
 * group found then, if only that pick's winner has left since. Tasks also
 * leave the line unpicked here (dequeue), some right after a guess, and
 * the line is compacted along the way: every winner must still be the
 * walk's, and both shortcuts must have been taken often enough to be
 * tried. Tickets from 1 to `most`; a winner is out for a while one time in
 * `out_one_in`, else back at once, and `wake` in 20 steps wake one.
 */
static void lottery_found_ahead_run(uint64_t seed, uint32_t most, uint32_t out_one_in,
				    uint32_t wake, uint32_t *ahead_taken, uint32_t *then_taken)
{
	enum { N = 2 * LOTTERY_FORESEE };
	static const struct lottery_conf conf = { .quantum = SIM_MS };
	struct world *w = g_new(struct world, 1);
	struct task *ts = g_new0(struct task, N);
	struct lottery_task *lts = g_new0(struct lottery_task, N);
	GPtrArray *line = g_ptr_array_new(); /* ready tasks in the order they became ready */
	GPtrArray *out = g_ptr_array_new();  /* the others */
	const struct lottery_rq *q;
	struct rng shadow;
	uint32_t ahead = 0, then = 0, compactions = 0;

	world_init(w, &lottery_policy, &conf, seed);
	q = w->rq.priv;
	for (uint32_t i = 0; i < N; i++) {
		ts[i].id = i;
		ts[i].priv = &lts[i];
		ts[i].tickets = 1 + rng_below(&w->draw, most);
		world_enqueue(w, &ts[i], ENQ_NEW);
		g_ptr_array_add(line, &ts[i]);
	}
	shadow = w->policy_rng;
	for (int step = 0; step < 30000; step++) {
		uint32_t op = rng_below(&w->draw, 20), end = q->line.end;
		struct task *t;

		if (op == 0 && line->len > LOTTERY_FORESEE + 1) {
			t = g_ptr_array_index(line, rng_below(&w->draw, line->len));
			lottery_policy.dequeue(&w->rq, t, DEQ_EXIT);
			g_ptr_array_remove(line, t);
			g_ptr_array_add(out, t);
		} else if (op < 1 + wake && out->len) {
			t = g_ptr_array_steal_index_fast(out, rng_below(&w->draw, out->len));
			world_enqueue(w, t, ENQ_WAKEUP);
			g_ptr_array_add(line, t);
		} else {
			uint64_t total = q->line.total, sum = 0;
			uint32_t k = rng_below(&shadow, (uint32_t)total);
			struct lottery_then last = q->then;
			struct rng guess;
			struct task *x = NULL;

			bool used = k == q->ahead.drawn && total == q->ahead.pool &&
				    q->line.shifts == q->ahead.shifts;

			ahead += used;
			for (guint i = 0; i < line->len && !x; i++) {
				struct task *y = g_ptr_array_index(line, i);

				if (k < sum + y->tickets)
					x = y;
				sum += y->tickets;
			}
			t = lottery_policy.pick_next(&w->rq);
			assert_ptr_equal(t, x);
			assert_int_equal(q->drawn, k);
			assert_int_equal(q->low, sum - x->tickets);
			/* the number the pick's guess drew, as it drew it */
			guess = shadow;
			then += used && line->len - 1 >= LOTTERY_FORESEE &&
				rng_below(&guess, (uint32_t)(q->line.total + t->tickets)) ==
					last.drawn &&
				q->line.shifts == last.shifts;
			g_ptr_array_remove(line, t);
			/* mostly back to the line at once, else out for a while */
			if (rng_below(&w->draw, out_one_in)) {
				world_enqueue(w, t, ENQ_PREEMPTED);
				g_ptr_array_add(line, t);
			} else {
				g_ptr_array_add(out, t);
			}
		}
		compactions += q->line.end < end && q->line.len;
		if (step % 1000 == 0)
			lottery_line_check(q, line);
	}
	lottery_line_check(q, line);
	assert_true(compactions >= 2);
	*ahead_taken = ahead;
	*then_taken = then;
	g_ptr_array_free(out, true);
	g_ptr_array_free(line, true);
	world_free(w);
	g_free(lts);
	g_free(ts);
	g_free(w);
}

static void test_lottery_found_ahead_is_the_walk(void **state)
{
	uint32_t ahead, then;

	/* mostly the pool guessed */
	lottery_found_ahead_run(13, 300, 8, 3, &ahead, &then);
	assert_true(ahead > 10000);
	assert_true(then > 10000);
	/* one ticket each, and winners out half the time: guesses that draw
	 * the same numbers from a pool one ticket off, another winner */
	lottery_found_ahead_run(17, 1, 2, 8, &ahead, &then);
	assert_true(ahead > 2000);
	assert_true(then > 1000);
}

/* ---- prio ------------------------------------------------------------- */

static void prio_level_check(const struct augtree_node *n)
{
	const struct prio_task *h = pt_of_level(n);

	assert_ptr_equal(h->line.head, &h->node);
}

/*
 * The pick as it was: one line in the order tasks were queued, the least
 * (aged urgency, place) first met.
 */
static struct task *prio_pick_brute(struct world *w, GPtrArray *line)
{
	const struct prio_conf *conf = w->pol.conf;
	struct task *best = NULL;
	int64_t bu = 0;

	for (guint i = 0; i < line->len; i++) {
		struct task *t = g_ptr_array_index(line, i);
		int64_t u = prio_urgency(conf, t, w->rq.now);
		const struct prio_task *a = t->priv;

		if (!best || u < bu ||
		    (u == bu && a->seq < ((const struct prio_task *)best->priv)->seq)) {
			best = t;
			bu = u;
		}
	}
	return best;
}

static void prio_check_lines(struct world *w, GPtrArray *line)
{
	const struct prio_rq *q = w->rq.priv;
	uint32_t n = 0;

	tree_check_all(&q->levels, prio_level_less, prio_level_check);
	for (const struct augtree_node *l = q->levels.first; l; l = augtree_next(l)) {
		const struct prio_task *h = pt_of_level(l), *prev = NULL;

		for (const struct fifo_node *x = h->line.head; x; x = x->next) {
			const struct prio_task *pt = pt_of(x);

			assert_int_equal(pt->key, h->key);
			if (prev)
				assert_true(prio_line_before(prev, pt));
			prev = pt;
			n++;
		}
		assert_int_equal(n > 0, true);
	}
	assert_int_equal(n, line->len);
	assert_int_equal(q->nready, line->len);
}

static void prio_random_run(const struct prio_conf *conf, uint64_t seed, uint32_t spread)
{
	struct world *w = g_new(struct world, 1);
	GPtrArray *line = g_ptr_array_new();
	struct task *curr = NULL;

	world_init(w, &prio_policy, conf, seed);
	for (int step = 0; step < 8000; step++) {
		uint32_t op = rng_below(&w->draw, 100);
		struct task *t;

		w->rq.now += rng_below(&w->draw, SIM_MS);
		if (op < 25) {
			t = world_new_task(w);
			if (!t)
				t = world_random_in(w, TASK_BLOCKED);
			if (t) {
				if (spread == UINT32_MAX)
					t->priority = (int32_t)(rng_u32(&w->draw) >>
								rng_below(&w->draw, 32));
				else
					t->priority = (int32_t)rng_below(&w->draw, spread);
				world_enqueue(w, t, ENQ_WAKEUP);
				g_ptr_array_add(line, t);
			}
		} else if (op < 33 && line->len) {
			/* Priority inheritance: out and back at a new priority. */
			t = g_ptr_array_index(line, rng_below(&w->draw, line->len));
			prio_policy.dequeue(&w->rq, t, DEQ_SAVE);
			g_ptr_array_remove(line, t);
			t->priority = spread == UINT32_MAX ? (int32_t)rng_u32(&w->draw)
							   : (int32_t)rng_below(&w->draw, spread);
			world_enqueue(w, t, ENQ_RESTORE);
			g_ptr_array_add(line, t);
		} else if (op < 40 && line->len) {
			t = g_ptr_array_index(line, rng_below(&w->draw, line->len));
			prio_policy.dequeue(&w->rq, t, DEQ_EXIT);
			g_ptr_array_remove(line, t);
			t->state = TASK_BLOCKED;
		} else if (op < 70 && curr) {
			/* The running task stops: preempted (keeps its place), expired, blocked. */
			uint32_t how = rng_below(&w->draw, 4);

			if (conf->aging && rng_below(&w->draw, 2))
				(void)prio_policy.tick(&w->rq, curr);
			curr->remaining = how < 2 ? 1 : 0;
			prio_policy.put_prev(&w->rq, curr, rng_below(&w->draw, 2 * SIM_MS));
			if (how < 2) {
				world_enqueue(w, curr, how == 0 ? ENQ_PREEMPTED : ENQ_EXPIRED);
				g_ptr_array_add(line, curr);
			} else {
				curr->state = TASK_BLOCKED;
				((struct prio_task *)curr->priv)->keep_seq = false;
			}
			curr = NULL;
		} else if (!curr) {
			struct task *want = prio_pick_brute(w, line);

			t = prio_policy.pick_next(&w->rq);
			assert_ptr_equal(t, want);
			if (t) {
				g_ptr_array_remove(line, t);
				t->state = TASK_RUNNING;
				(void)prio_policy.slice(&w->rq, t);
				curr = t;
			}
		}
		if (step % 7 == 0)
			prio_check_lines(w, line);
	}
	g_ptr_array_free(line, true);
	world_free(w);
	g_free(w);
}

static void test_prio_levels_pick_is_the_walk(void **state)
{
	static const struct prio_conf confs[] = {
		{ .order = PRIO_LOW_FIRST },
		{ .order = PRIO_HIGH_FIRST, .preemptive = true, .rr_quantum = SIM_MS },
		{ .order = PRIO_LOW_FIRST, .preemptive = true, .aging = 2 * SIM_MS },
		{ .order = PRIO_HIGH_FIRST, .aging = 5 * SIM_MS },
	};
	static const uint32_t spreads[] = { 1, 4, 140, UINT32_MAX };

	for (size_t i = 0; i < G_N_ELEMENTS(confs); i++)
		for (size_t k = 0; k < G_N_ELEMENTS(spreads); k++)
			prio_random_run(&confs[i], 100 + i * 10 + k, spreads[k]);
}

/* ---- HRRN ------------------------------------------------------------- */

static void hrrn_group_check(const struct augtree_node *n)
{
	const struct hrrn_task *h = ht_of_group(n);
	const struct hrrn_task *prev = NULL;
	uint32_t len = 0;

	assert_ptr_equal(hrrn_members_first(&h->members), h);
	assert_ptr_equal(h->head.task, h->task);
	assert_int_equal(h->ready, h->task->ready_since);
	assert_int_equal(
		h->min_ready,
		MIN(h->ready, MIN(n->left ? ht_of_group(n->left)->min_ready : SIM_TIME_INF,
				  n->right ? ht_of_group(n->right)->min_ready : SIM_TIME_INF)));
	/* The line in the members' order; the heap's members all in the heap. */
	for (const struct fifo_node *m = h->members.line.head; m; m = m->next) {
		const struct hrrn_task *x = m->task->priv;

		assert_false(x->late);
		assert_int_equal(x->need, h->need);
		if (prev)
			assert_true(hrrn_member_before(prev, x));
		prev = x;
		len++;
	}
	for (const struct pheap_node *m = h->members.late.root; m;
	     m = pheap_walk_next((void *)m, true)) {
		assert_true(ht_of(m)->late);
		assert_int_equal(ht_of(m)->need, h->need);
		len++;
	}
	assert_int_equal(len, h->members.len);
}

static void hrrn_random_run(uint64_t seed, uint32_t needs)
{
	struct world *w = g_new(struct world, 1);
	GPtrArray *line = g_ptr_array_new();

	world_init(w, &hrrn_policy, NULL, seed);
	for (int step = 0; step < 8000; step++) {
		uint32_t op = rng_below(&w->draw, 10);
		const struct hrrn_rq *q = w->rq.priv;
		struct task *t;

		w->rq.now += rng_below(&w->draw, 3) ? rng_below(&w->draw, SIM_MS) : 0;
		if (op < 5) {
			t = world_new_task(w);
			if (t)
				t->arrival = w->rq.now - rng_below(&w->draw, 2) * SIM_MS;
			else
				t = world_random_in(w, TASK_BLOCKED);
			if (t) {
				/* Between two bursts (remaining 0) it needs its last burst. */
				t->burst = (1 + rng_below(&w->draw, needs)) * SIM_MS;
				t->remaining = rng_below(&w->draw, 4) ? t->burst : 0;
				world_enqueue(w, t,
					      rng_below(&w->draw, 4) ? ENQ_WAKEUP : ENQ_YIELD);
				g_ptr_array_add(line, t);
			}
		} else if (op < 6 && line->len) {
			t = g_ptr_array_index(line, rng_below(&w->draw, line->len));
			hrrn_policy.dequeue(&w->rq, t, DEQ_EXIT);
			g_ptr_array_remove(line, t);
			t->state = TASK_BLOCKED;
		} else {
			struct task *want = NULL;

			for (guint i = 0; i < line->len; i++) {
				struct task *x = g_ptr_array_index(line, i);

				if (!want || hrrn_before(x, want, w->rq.now))
					want = x;
			}
			t = hrrn_policy.pick_next(&w->rq);
			assert_ptr_equal(t, want);
			if (t) {
				g_ptr_array_remove(line, t);
				t->state = TASK_BLOCKED;
			}
		}
		assert_int_equal(q->nready, line->len);
		if (step % 11 == 0) {
			uint32_t n = 0;

			tree_check_all(&q->groups, hrrn_group_less, hrrn_group_check);
			for (const struct augtree_node *g = q->groups.first; g; g = augtree_next(g))
				n += ht_of_group(g)->members.len;
			assert_int_equal(n, line->len);
			assert_int_equal(q->heads.len, q->groups.len);
			for (const struct fifo_node *h = q->heads.head; h; h = h->next)
				assert_ptr_equal(h, &((struct hrrn_task *)h->task->priv)->head);
		}
	}
	g_ptr_array_free(line, true);
	world_free(w);
	g_free(w);
}

static void test_hrrn_groups_pick_is_the_scan(void **state)
{
	hrrn_random_run(1, 1);
	hrrn_random_run(2, 3);
	hrrn_random_run(3, 20);
	hrrn_random_run(4, 100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_augtree_random),
		cmocka_unit_test(test_eevdf_tree_pick_is_the_walk),
		cmocka_unit_test(test_sumtree_find_is_the_walk_at_scale),
		cmocka_unit_test(test_lottery_tree_draw_is_the_walk),
		cmocka_unit_test(test_lottery_guess_leaves_the_draws),
		cmocka_unit_test(test_lottery_guesses_the_next_two_winners),
		cmocka_unit_test(test_lottery_found_ahead_is_the_walk),
		cmocka_unit_test(test_prio_levels_pick_is_the_walk),
		cmocka_unit_test(test_hrrn_groups_pick_is_the_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
