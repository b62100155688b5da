/*
 * lottery.c - lottery scheduling.
 *
 * Waldspurger and Weihl, "Lottery Scheduling: Flexible Proportional-Share
 * Resource Management" (OSDI 1994); OSTEP ch. 9. Each task holds `tickets`
 * (default 100). At every decision the scheduler draws a winning number
 * uniformly in [0, T) where T is the sum of the ready tasks' tickets, then
 * walks the ready queue adding up tickets; the first task whose running sum
 * exceeds the number wins and runs for one `quantum` (default 10 ms). A
 * task's expected share of the CPU is its tickets / T; the number of wins in
 * n draws is binomial, so over short spans the shares are only roughly
 * right, and the wait before a first win is geometric (OSTEP 9.1's
 * "unfairness" metric).
 *
 * The draw is an integer from the scenario's own deterministic stream
 * (rq->rng, PCG32 seeded from the scenario's seed and the policy's name)
 * with Lemire's unbiased method: the same seed gives the same draws on
 * every machine and build. The queue is in the order tasks became ready.
 * Ticket transfer, currencies and compensation tickets are not modelled.
 *
 * The walk to the winner is O(n). For large numbers of clients the paper
 * proposes "a tree of partial ticket sums" (section 4.2), which finds the
 * holder of a number in O(lg n): here an implicit tree of fan-out 8 over
 * the ready tasks in the order they became ready (sumtree.h), packed in
 * arrays of its own.
 * Its descent finds the task the walk would find, the first whose running
 * sum exceeds the number, and the ticket range it holds, [sum before it,
 * sum before it + its tickets).
 */
#include "policy/policy.h"
#include "policy/sumtree.h"

struct lottery_conf {
	sim_time_t quantum; /* a winner's turn */
};

/*
 * The line holds the tasks themselves, so that a draw reads the winner's
 * slot once, through its caller, and not this area too (another cache line
 * of a slot that, among many tasks, is rarely in the cache).
 */
struct lottery_task {
	uint32_t pos; /* its position in the line, while ready */
};

/*
 * The next draw as guessed (lottery_foresee): if the real one draws the
 * same number from the same pool, and nothing has left the line nor moved
 * in it since (only joined it, at its end), the winner is the task found
 * then, and the descent need not be made again.
 */
struct lottery_ahead {
	uint64_t drawn;	 /* the number */
	uint64_t pool;	 /* the pool it was drawn from, 0: no guess */
	uint64_t low;	 /* the first number of the task that holds it */
	uint64_t shifts; /* line.shifts then */
	uint32_t pos;	 /* that task's position */
};

/*
 * The draw after the next as guessed, found down to its group of positions
 * (lottery_foresee): if the next guess draws the same number, and nothing
 * but the next winner as guessed has left the line since, nor moved in it,
 * that guess finds the number in the same group without the levels of sums.
 */
struct lottery_then {
	uint64_t drawn;	 /* the number */
	uint64_t rest;	 /* what is left of it in its group, the next winner out */
	uint64_t shifts; /* line.shifts once the next winner is out, UINT64_MAX: none */
	uint32_t group;	 /* the group */
};

struct lottery_rq {
	struct sumtree line; /* ready tasks in the order they became ready, by tickets */
	uint64_t drawn;	     /* the last winning number, for explain */
	uint64_t pool;	     /* T at the last draw */
	uint64_t low;	     /* the winner's first ticket number */
	struct lottery_ahead ahead;
	struct lottery_then then;
};

/* A compaction of the line moved task t to pos. */
static void lottery_moved(void *t, uint32_t pos)
{
	((struct lottery_task *)((struct task *)t)->priv)->pos = pos;
}

static void lottery_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	struct lottery_rq *q = rq->priv;
	struct lottery_task *lt = t->priv;

	lt->pos = sumtree_append(&q->line, t, t->tickets, lottery_moved);
}

static void lottery_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct lottery_rq *q = rq->priv;
	struct lottery_task *lt = t->priv;

	sumtree_remove(&q->line, lt->pos);
}

/*
 * Among many tasks the winner's slot is rarely in the cache, and nothing
 * tells which it will be until the draw: a miss at every decision. So, once
 * a winner is out, the next draws are made ahead on a copy of the stream
 * (the stream itself does not move: the real draws are the same numbers),
 * and what they would read is fetched while the winner runs. By the next
 * decision the pool has most often grown by about the winner's tickets (it
 * comes back to the line, or it sleeps and another wakes up, each at the
 * line's end), and Lemire's draw scales the number by the pool: the guesses
 * are made against that pool, and hit the real winners most of the time.
 *
 * The guess of the next draw is a descent of the tree, whose last lines,
 * the winner's group of weights and of items, are as rarely in the cache as
 * its slot: read at once, they would stall the pick on two misses in a row
 * before the slot could even be asked for. So they are asked for one
 * decision earlier, from the guess of the draw after the next: the number
 * it would draw, mapped onto the line as it is now (the next winner will
 * have left its range, and whoever joins goes after every task now in the
 * line), down the levels of sums only (sumtree_prefetch). When that
 * decision comes, its guess finds those lines in the cache and fetches the
 * slot at once, a whole decision before it is used.
 *
 * Guessing costs two draws and a descent and a half, some 400
 * instructions; when the guesses hold, the real draw need not descend
 * again (struct lottery_ahead), nor the next guess through the levels of
 * sums (struct lottery_then), and what is left is two draws, a descent
 * through the sums and a group's weights. Below LOTTERY_FORESEE tasks (a few hundred KiB of
 * slots, which stay in the caches) it would cost more than the misses it
 * saves.
 */
#define LOTTERY_FORESEE	 2048
#define LOTTERY_NO_GUESS UINT64_MAX

struct lottery_guess {
	uint64_t pool;	/* the pool guessed for the next draw */
	uint64_t drawn; /* the number it would draw */
	uint64_t low;	/* the first number of the task that holds it */
	/* the number the draw after the next would find in the line as it is
	 * now, LOTTERY_NO_GUESS: none */
	uint64_t then;
	uint64_t then_drawn; /* that draw's own number */
	uint32_t pos;	     /* the next winner's position, the line's end: none */
};

/* The guesses after a winner of `tickets` is out (never the stream's own). */
static struct lottery_guess lottery_guess(const struct lottery_rq *q, const struct rng *stream,
					  uint32_t tickets)
{
	struct rng ahead = *stream;
	uint64_t total = q->line.total, pool = total + tickets, k, low;
	struct lottery_guess g = { .pos = q->line.end, .then = LOTTERY_NO_GUESS };

	if (q->line.len < LOTTERY_FORESEE || pool > UINT32_MAX)
		return g;
	k = rng_below(&ahead, (uint32_t)pool);
	if (k >= total)
		return g; /* the guess is a task not in the line yet */
	if (k == q->then.drawn && q->line.shifts == q->then.shifts)
		g.pos = sumtree_find_in(&q->line, q->then.group, q->then.rest, k, &low);
	else
		g.pos = sumtree_find(&q->line, k, &low);
	g.pool = pool;
	g.drawn = k;
	g.low = low;
	/* The draw after: the pool as it is guessed for the next one (the
	 * next winner out and someone back), the numbers from the next
	 * winner's on one range further in the line as it is now. */
	k = g.then_drawn = rng_below(&ahead, (uint32_t)pool);
	if (k >= low)
		k += q->line.own[g.pos];
	if (k < total)
		g.then = k;
	return g;
}

static void lottery_foresee(struct lottery_rq *q, const struct rng *stream, uint32_t tickets)
{
	struct lottery_guess g = lottery_guess(q, stream, tickets);
	const char *t;

	q->then.shifts = LOTTERY_NO_GUESS;
	if (g.pos == q->line.end) {
		q->ahead.pool = 0;
		return;
	}
	q->ahead = (struct lottery_ahead){ g.drawn, g.pool, g.low, q->line.shifts, g.pos };
	t = sumtree_item(&q->line, g.pos);
	/* its slot: the task, the core's and the driver's parts, some 250
	 * bytes from t, over five cache lines at most */
	for (unsigned i = 0; i < 5; i++)
		__builtin_prefetch(t + 64 * i);
	if (g.then != LOTTERY_NO_GUESS) {
		uint64_t rest = g.then;
		uint32_t group = sumtree_prefetch(&q->line, &rest);

		/* once the next winner is out, its tickets are no longer
		 * before the number in the group if they were */
		if (g.then_drawn >= g.low && g.pos / SUMTREE_FAN == group)
			rest -= q->line.own[g.pos];
		q->then = (struct lottery_then){ g.then_drawn, rest, q->line.shifts + 1, group };
	}
}

static struct task *lottery_pick_next(struct rq *rq)
{
	struct lottery_rq *q = rq->priv;
	struct task *t;
	uint64_t winner, total = q->line.total, low = 0;
	uint32_t pos;

	if (!q->line.len)
		return NULL;
	g_assert(total > 0);
	if (total <= UINT32_MAX)
		winner = rng_below(rq->rng, (uint32_t)total);
	else
		winner = rng_u64(rq->rng) % total; /* beyond 2^32 tickets: bias < 2^-32 */
	/* The ready task holding number `winner` when the tasks hold
	 * consecutive ranges in queue order; `low` is its first number. */
	if (winner == q->ahead.drawn && total == q->ahead.pool &&
	    q->line.shifts == q->ahead.shifts) {
		pos = q->ahead.pos; /* found ahead, and still there */
		low = q->ahead.low;
	} else {
		pos = sumtree_find(&q->line, winner, &low);
		q->then.shifts = LOTTERY_NO_GUESS; /* another winner than guessed */
	}
	t = sumtree_item(&q->line, pos);
	q->drawn = winner;
	q->pool = total;
	q->low = low;
	sumtree_remove(&q->line, pos);
	/* a short line's last guesses are left as they are: every pick moves
	 * line.shifts past them */
	if (q->line.len >= LOTTERY_FORESEE)
		lottery_foresee(q, rq->rng, t->tickets);
	return t;
}

static void lottery_release(struct rq *rq)
{
	struct lottery_rq *q = rq->priv;

	sumtree_release(&q->line);
}

static sim_time_t lottery_slice(const struct rq *rq, const struct task *t)
{
	const struct lottery_conf *conf = rq->policy->conf;

	return conf->quantum;
}

/* The most other tasks whose ranges an explanation lists. */
#define LOTTERY_EXPLAIN_OTHERS 8

/*
 * The ranges the other ready tasks held at the draw, in the line's order:
 * those before the winner's place start below its first number, those
 * after it above its last (its place is a hole now, the order kept).
 */
static void explain_others(const struct lottery_rq *q, const struct task *picked, GString *why)
{
	const struct sumtree *f = &q->line;
	uint64_t sum = 0;
	uint32_t listed = 0;

	for (uint32_t pos = 0; pos < f->end; pos++) {
		const struct task *t = f->at[pos];
		uint64_t from;
		char name[TASK_NAME_MAX];

		if (!t || !f->own[pos])
			continue;
		from = sum < q->low ? sum : sum + picked->tickets;
		sum += f->own[pos];
		if (++listed > LOTTERY_EXPLAIN_OTHERS)
			continue;
		task_format_name(t, name, sizeof(name));
		g_string_append_printf(why, "%s%s %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
				       listed == 1 ? "; the others: " : ", ", name, from,
				       from + f->own[pos] - 1);
	}
	if (listed > LOTTERY_EXPLAIN_OTHERS)
		g_string_append_printf(why, " and %u more", listed - LOTTERY_EXPLAIN_OTHERS);
}

static void lottery_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct lottery_rq *q = rq->priv;
	uint64_t permille;

	if (!picked) {
		g_string_append(why, "lottery: no ready task holds a ticket");
		return;
	}
	permille = (picked->tickets * 1000 + q->pool / 2) / q->pool;
	g_string_append_printf(why,
			       "lottery: drew ticket %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
			       "; winner holds %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT
			       " (%u tickets, %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
			       "%% chance)",
			       q->drawn, q->pool, q->low, q->low + picked->tickets - 1,
			       picked->tickets, permille / 10, permille % 10);
	explain_others(q, picked, why);
}

static const struct param lottery_params[] = {
	{
		.name = "quantum",
		.type = PARAM_DURATION,
		.def = "10ms",
		.help = "how long a winner runs before the next draw",
		.offset = offsetof(struct lottery_conf, quantum),
		.min = 1,
	},
	{ 0 },
};

const struct policy_ops lottery_policy = {
	.name = "lottery",
	.summary = "lottery scheduling: a random ticket draw every quantum (task tickets)",
	.params = lottery_params,
	.conf_size = sizeof(struct lottery_conf),
	.rq_priv_size = sizeof(struct lottery_rq),
	.task_priv_size = sizeof(struct lottery_task),
	.enqueue = lottery_enqueue,
	.dequeue = lottery_dequeue,
	.pick_next = lottery_pick_next,
	.release = lottery_release,
	.slice = lottery_slice,
	.explain = lottery_explain,
};
