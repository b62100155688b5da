/*
 * mlfq.c - the multi-level feedback queue.
 *
 * Corbató's idea (CTSS, 1962) in the form OSTEP ch. 8 teaches, with its five
 * rules:
 *
 *   1. If Priority(A) > Priority(B), A runs (B doesn't).
 *   2. If Priority(A) = Priority(B), A and B run in round robin with the
 *      quantum of their level.
 *   3. A task that enters the system is placed at the top level.
 *   4. Once a task has used up its allotment at a level (however many times
 *      it gave up the CPU on the way), it moves down one level.
 *   5. After some period S, every task moves back to the top level.
 *
 * Levels are numbered from 0, the top. `quantum` and `allotment` take one
 * value for every level or a list with one value per level, top first
 * (`quantum = 10,20,40`); an allotment of 0 means one quantum of the level.
 * A task's quantum and allotment are both consumed by running: when its
 * quantum is used up it goes to the tail of its level with a new one; when
 * its allotment is used up it moves down a level with the new level's
 * quantum and allotment (at the bottom it starts afresh there). Giving the
 * CPU up keeps what is left of both (rule 4), unless `io_reset = true`, the
 * gameable rule 4b of the chapter's first version (OSTEP's mlfq.py -S): "if a
 * job gives up the CPU before the time slice is up, it stays at the same
 * priority level". A job whose quantum ends at the instant it starts I/O did
 * not give the CPU up before its slice was up: as in mlfq.py -S, its
 * quantum and allotment are reset and then that quantum is charged, so with
 * an allotment of one quantum it still moves down. A
 * task back from I/O joins the tail of its level, or its head with
 * `io_front = true` (mlfq.py -I). `boost = S` is rule 5 (mlfq.py -B): at
 * every multiple of S, the tasks of the lower levels join the tail of the
 * top level, lowest level first, and every task, running, ready or blocked,
 * gets the top level's quantum and allotment.
 *
 * The queues behave as mlfq.py's lists: the running task stays at the head
 * of its level while it runs, so a task preempted by one of a higher level
 * keeps its place and the rest of its quantum, and an expired task goes to
 * the tail before the tasks that arrive at that same instant. With
 * `demote_alone = true` and no I/O the results equal mlfq.py's (tests check
 * it against the script's own numbers).
 *
 * Conventions of other books, each a parameter (docs/scenario-format.md,
 * "Conventions that change textbook answers"):
 *
 *   demote_alone = false        no demotion when nothing else is ready
 *                               (Stallings, "Operating Systems", 9th ed., 9.2,
 *                               "Feedback"): a task alone keeps its level.
 *   preempt_on_arrival = false  a task entering a higher level waits for the
 *                               running task's quantum to end (Stallings).
 *   new_first = true            a task arriving as a quantum expires is
 *                               queued before the expired task (Stallings),
 *                               as [rr] new_first.
 *
 * With the three set so, Stallings' Table 9.5 feedback answers come out:
 * mean turnaround 10.00 with q = 1, 10.60 with q = 2^i.
 *
 * The boost is driven by the core's tick (period S) while a CPU runs and
 * checked lazily by every hook, so an idle spell over a multiple of S boosts
 * too. Blocked tasks are boosted when they come back: each task remembers
 * the last boost instant it has had, so that this works across CPUs.
 */
#include "base/units.h"
#include "policy/fifo.h"
#include "policy/policy.h"

#define MLFQ_MAX_LEVELS PARAM_LIST_MAX

struct mlfq_conf {
	uint32_t levels;
	struct param_durations quantum;	  /* one, or one per level, top first */
	struct param_durations allotment; /* the same; 0: one quantum */
	sim_time_t boost;		  /* rule 5 period; 0: never */
	bool io_reset;			  /* giving up the CPU resets quantum and allotment */
	bool io_front;			  /* back from I/O: head of its level */
	bool demote_alone;		  /* demote even when nothing else is ready */
	bool preempt_on_arrival;	  /* a higher level preempts at once */
	bool new_first;			  /* arrivals at an expiry go before the expired */
};

struct mlfq_task {
	struct fifo_node node;
	uint32_t level;	       /* 0 is the top */
	sim_time_t ticks_left; /* of its quantum */
	sim_time_t allot_left; /* of its allotment at this level */
	sim_time_t seen_boost; /* the last boost instant it has had */
	bool init;	       /* placed once (rule 3 done) */
	bool listed;	       /* in a level's list (ready or running) */
	bool running;	       /* listed, but on a CPU */
	bool front;	       /* came back from I/O to the head of its level */
	bool exhausted;	       /* quantum or allotment used up, not yet acted on */
	bool repick;	       /* boosted while running: decide again */
	uint8_t moved;	       /* MLFQ_MOVED_*: what its last expiry did, for explain */
	sim_time_t boosted_at; /* boosted while running at this instant, else -1 */
};

/* What an expiry did to a task's level. */
enum { MLFQ_MOVED_NONE, MLFQ_MOVED_DEMOTED, MLFQ_MOVED_KEPT_ALONE };

struct mlfq_rq {
	struct fifo level[MLFQ_MAX_LEVELS];
	uint32_t nready;       /* listed and not running */
	sim_time_t last_boost; /* the instant of the latest boost (a multiple of S) */
	sim_time_t next_boost; /* the next multiple of boost; 0: not set */
};

static sim_time_t mlfq_quantum(const struct mlfq_conf *conf, uint32_t lvl)
{
	return conf->quantum.n == 1 ? conf->quantum.v[0] : conf->quantum.v[lvl];
}

static sim_time_t mlfq_allotment(const struct mlfq_conf *conf, uint32_t lvl)
{
	sim_time_t a = conf->allotment.n == 1 ? conf->allotment.v[0] : conf->allotment.v[lvl];

	return a ? a : mlfq_quantum(conf, lvl);
}

/* Put t at level lvl with a whole quantum and allotment. */
static void mlfq_reset(const struct mlfq_conf *conf, struct mlfq_task *mt, uint32_t lvl)
{
	mt->level = lvl;
	mt->ticks_left = mlfq_quantum(conf, lvl);
	mt->allot_left = mlfq_allotment(conf, lvl);
	mt->exhausted = false;
}

/* Rule 5: lower levels join the top's tail, lowest first; everyone restarts. */
static void mlfq_boost(struct rq *rq)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	struct mlfq_rq *q = rq->priv;

	for (uint32_t lvl = conf->levels - 1; lvl > 0; lvl--) {
		struct fifo_node *n;

		while ((n = q->level[lvl].head)) {
			fifo_remove(&q->level[lvl], n);
			fifo_push_tail(&q->level[0], n);
		}
	}
	for (struct fifo_node *n = q->level[0].head; n; n = n->next) {
		struct mlfq_task *mt = n->task->priv;

		mlfq_reset(conf, mt, 0);
		mt->seen_boost = q->last_boost;
		if (mt->running) {
			/* What it ran before the boost must not eat its new quantum. */
			mt->repick = true;
			mt->boosted_at = q->last_boost;
		}
	}
}

static void mlfq_maybe_boost(struct rq *rq)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	struct mlfq_rq *q = rq->priv;

	if (!conf->boost)
		return;
	if (!q->next_boost)
		q->next_boost = conf->boost;
	if (rq->now < q->next_boost)
		return;
	q->last_boost = rq->now / conf->boost * conf->boost;
	q->next_boost = sim_time_add(q->last_boost, conf->boost); /* SIM_TIME_INF: past the end */
	mlfq_boost(rq);
}

/* Act on a used-up quantum or allotment; to the tail of its level if asked. */
static void mlfq_expire(struct rq *rq, struct mlfq_task *mt, bool requeue)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	struct mlfq_rq *q = rq->priv;
	uint32_t old = mt->level;

	mt->moved = MLFQ_MOVED_NONE;
	if (!conf->demote_alone && q->nready == 0) {
		if (mt->allot_left <= 0 && mt->level + 1 < conf->levels)
			mt->moved = MLFQ_MOVED_KEPT_ALONE;
		mlfq_reset(conf, mt, mt->level); /* alone: stays, starts afresh */
	} else if (mt->allot_left <= 0) {
		if (mt->level + 1 < conf->levels)
			mt->moved = MLFQ_MOVED_DEMOTED;
		mlfq_reset(conf, mt, MIN(mt->level + 1, conf->levels - 1));
	} else {
		mt->ticks_left = mlfq_quantum(conf, mt->level);
	}
	mt->exhausted = false;
	if (requeue && mt->listed) {
		fifo_remove(&q->level[old], &mt->node);
		fifo_push_tail(&q->level[mt->level], &mt->node);
	}
}

static void mlfq_unlist(struct mlfq_rq *q, struct mlfq_task *mt, uint32_t old_level)
{
	fifo_remove(&q->level[old_level], &mt->node);
	mt->listed = false;
}

static void mlfq_enqueue(struct rq *rq, struct task *t, unsigned flags)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	struct mlfq_rq *q = rq->priv;
	struct mlfq_task *mt = t->priv;

	mlfq_maybe_boost(rq);
	if (mt->listed) {
		/* Back from the CPU with its place kept (preempted or expired). */
		g_assert(mt->running);
		mt->running = false;
		mt->repick = false;
		if (mt->exhausted)
			mlfq_expire(rq, mt, true);
		q->nready++;
		return;
	}
	mt->node.task = t;
	if (!mt->init || mt->seen_boost < q->last_boost) {
		mlfq_reset(conf, mt, 0); /* rule 3, or boosted while away */
		mt->seen_boost = q->last_boost;
		mt->init = true;
	}
	mt->front = (flags & ENQ_WAKEUP) && conf->io_front;
	if (mt->front)
		fifo_push_head(&q->level[mt->level], &mt->node);
	else
		fifo_push_tail(&q->level[mt->level], &mt->node);
	mt->listed = true;
	mt->running = false;
	q->nready++;
}

static void mlfq_dequeue(struct rq *rq, const struct task *t, unsigned flags)
{
	struct mlfq_rq *q = rq->priv;
	struct mlfq_task *mt = t->priv;

	g_assert(mt->listed && !mt->running);
	mlfq_unlist(q, mt, mt->level);
	q->nready--;
}

static struct task *mlfq_pick_next(struct rq *rq)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	struct mlfq_rq *q = rq->priv;

	mlfq_maybe_boost(rq);
	for (uint32_t lvl = 0; lvl < conf->levels; lvl++) {
		for (struct fifo_node *n = q->level[lvl].head; n; n = n->next) {
			struct mlfq_task *mt = n->task->priv;

			if (mt->running)
				continue; /* another CPU's (one queue for all CPUs) */
			mt->running = true;
			mt->front = false;
			mt->repick = false;
			mt->boosted_at = -1;
			q->nready--;
			return n->task;
		}
	}
	return NULL;
}

static void mlfq_update_curr(struct rq *rq, const struct task *curr, sim_time_t delta)
{
	struct mlfq_task *mt = curr->priv;

	/* The core charges (now - delta, now]; a boost inside it resets the count. */
	if (mt->boosted_at >= 0) {
		if (mt->boosted_at > rq->now - delta)
			delta = rq->now - mt->boosted_at;
		mt->boosted_at = -1;
	}
	mt->ticks_left -= delta;
	mt->allot_left -= delta;
	if (mt->ticks_left <= 0 || mt->allot_left <= 0)
		mt->exhausted = true;
}

static void mlfq_put_prev(struct rq *rq, const struct task *t, sim_time_t ran)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	struct mlfq_rq *q = rq->priv;
	struct mlfq_task *mt = t->priv;
	uint32_t old_level = mt->level;

	mt->moved = MLFQ_MOVED_NONE;
	if (t->remaining == 0) {
		/* Its burst is over: it blocks, yields or exits. */
		if (conf->io_reset) {
			bool quantum_over = mt->ticks_left <= 0;

			/*
			 * Rule 4b resets what is left at the level, but a
			 * quantum that ends at the very instant of the I/O was
			 * not given up "before the time slice is up": it is
			 * still charged to the fresh allotment, and may demote
			 * (mlfq.py -S resets, then takes the ended quantum
			 * off the allotment).
			 */
			mlfq_reset(conf, mt, mt->level);
			if (quantum_over) {
				mt->ticks_left = 0;
				mt->allot_left -= mlfq_quantum(conf, mt->level);
				mlfq_expire(rq, mt, false);
			}
		} else if (mt->exhausted) {
			mlfq_expire(rq, mt, false);
		}
		mlfq_unlist(q, mt, old_level);
		mt->running = false;
	} else if (mt->exhausted && !conf->new_first) {
		/* Expired: to the tail now, before this instant's arrivals. */
		mlfq_expire(rq, mt, true);
	}
	mlfq_maybe_boost(rq);
}

static sim_time_t mlfq_slice(const struct rq *rq, const struct task *t)
{
	const struct mlfq_task *mt = t->priv;

	return MAX(1, MIN(mt->ticks_left, mt->allot_left));
}

static bool mlfq_wakeup_preempt(const struct rq *rq, const struct task *curr,
				const struct task *woken)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	const struct mlfq_task *c = curr->priv, *w = woken->priv;

	if (!conf->preempt_on_arrival)
		return false;
	return w->level < c->level || (w->level == c->level && w->front);
}

/* Why woken preempts curr: a higher level, or the head of curr's (io_front). */
static void mlfq_explain_preempt(const struct rq *rq, const struct task *curr,
				 const struct task *by, GString *why)
{
	const struct mlfq_task *c = curr->priv, *w = by->priv;
	char name[TASK_NAME_MAX];

	task_format_name(by, name, sizeof(name));
	if (w->level < c->level)
		g_string_append_printf(why, "mlfq: %s is ready at level %u, above its level %u",
				       name, w->level, c->level);
	else
		g_string_append_printf(why,
				       "mlfq: %s is back from I/O at the head of its level %u "
				       "(io_front)",
				       name, c->level);
}

static sim_time_t mlfq_tick_period(const struct policy *p)
{
	const struct mlfq_conf *conf = p->conf;

	return conf->boost;
}

/* The boost tick: a running task that was boosted is decided again. */
static bool mlfq_tick(struct rq *rq, const struct task *curr)
{
	struct mlfq_task *mt = curr->priv;

	mlfq_maybe_boost(rq);
	return mt->repick;
}

static void mlfq_explain(const struct rq *rq, const struct task *picked, GString *why)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	const struct mlfq_rq *q = rq->priv;
	const struct mlfq_task *mt;
	uint32_t behind = 0;

	if (!picked) {
		g_string_append(why, "mlfq: every level empty");
		return;
	}
	mt = picked->priv;
	for (const struct fifo_node *n = q->level[mt->level].head; n; n = n->next)
		if (!((const struct mlfq_task *)n->task->priv)->running)
			behind++;
	g_string_append_printf(why, "mlfq: head of level %u of %u (%u behind it); quantum left ",
			       mt->level, conf->levels, behind);
	units_time(why, mt->ticks_left);
	g_string_append(why, ", allotment left ");
	units_time(why, mt->allot_left);
	if (mt->moved == MLFQ_MOVED_DEMOTED)
		g_string_append_printf(why,
				       "; demoted from level %u when it used up its allotment "
				       "there (rule 4)",
				       mt->level - 1);
	else if (mt->moved == MLFQ_MOVED_KEPT_ALONE)
		g_string_append(why, "; it used up its allotment but stays at its level, as no "
				     "other task was ready (demote_alone = false)");
	if (conf->boost && q->last_boost > 0 && q->last_boost == rq->now) {
		g_string_append(why, "; every task boosted to level 0 now (rule 5, every ");
		units_time(why, conf->boost);
		g_string_append_c(why, ')');
	}
}

/* The boost tick took curr off: rule 5, not a used-up quantum. */
static bool mlfq_explain_tick(const struct rq *rq, const struct task *curr, GString *why)
{
	const struct mlfq_conf *conf = rq->policy->conf;
	const struct mlfq_rq *q = rq->priv;
	const struct mlfq_task *mt = curr->priv;

	if (!mt->repick)
		return false;
	g_string_append(why, "mlfq: priority boost at ");
	units_time(why, q->last_boost);
	g_string_append(why, " (rule 5, every ");
	units_time(why, conf->boost);
	g_string_append(why, "): every task back to level 0, and the choice made again");
	return true;
}

static bool mlfq_check(const void *c, const char **key, GString *msg)
{
	const struct mlfq_conf *conf = c;

	if (conf->quantum.n != 1 && conf->quantum.n != conf->levels) {
		*key = "quantum";
		g_string_append_printf(msg, "%u values for %u levels: give one, or one per level",
				       conf->quantum.n, conf->levels);
		return false;
	}
	if (conf->allotment.n != 1 && conf->allotment.n != conf->levels) {
		*key = "allotment";
		g_string_append_printf(msg, "%u values for %u levels: give one, or one per level",
				       conf->allotment.n, conf->levels);
		return false;
	}
	return true;
}

static const struct param mlfq_params[] = {
	{
		.name = "levels",
		.type = PARAM_UINT,
		.def = "3",
		.help = "number of queues (level 0 is the top)",
		.offset = offsetof(struct mlfq_conf, levels),
		.min = 1,
		.max = MLFQ_MAX_LEVELS,
	},
	{
		.name = "quantum",
		.type = PARAM_DURATION_LIST,
		.def = "10ms",
		.help = "time slice: one for all levels or one per level, top first",
		.offset = offsetof(struct mlfq_conf, quantum),
		.min = 1,
	},
	{
		.name = "allotment",
		.type = PARAM_DURATION_LIST,
		.def = "0",
		.help = "time at a level before demotion (rule 4), one or per level; 0: one "
			"quantum",
		.offset = offsetof(struct mlfq_conf, allotment),
	},
	{
		.name = "boost",
		.type = PARAM_DURATION,
		.def = "0",
		.help = "every task back to the top at each multiple of this (rule 5); 0: never",
		.offset = offsetof(struct mlfq_conf, boost),
	},
	{
		.name = "io_reset",
		.type = PARAM_BOOL,
		.def = "false",
		.help = "giving up the CPU resets quantum and allotment (old rule 4b, mlfq.py -S)",
		.offset = offsetof(struct mlfq_conf, io_reset),
	},
	{
		.name = "io_front",
		.type = PARAM_BOOL,
		.def = "false",
		.help = "a task back from I/O goes to the head of its level (mlfq.py -I)",
		.offset = offsetof(struct mlfq_conf, io_front),
	},
	{
		.name = "demote_alone",
		.type = PARAM_BOOL,
		.def = "true",
		.help = "demote even when nothing else is ready (OSTEP); false: Stallings",
		.offset = offsetof(struct mlfq_conf, demote_alone),
	},
	{
		.name = "preempt_on_arrival",
		.type = PARAM_BOOL,
		.def = "true",
		.help = "a task entering a higher level preempts at once (OSTEP); false: Stallings",
		.offset = offsetof(struct mlfq_conf, preempt_on_arrival),
	},
	{
		.name = "new_first",
		.type = PARAM_BOOL,
		.def = "false",
		.help = "a task arriving as a quantum expires goes before the expired one "
			"(Stallings)",
		.offset = offsetof(struct mlfq_conf, new_first),
	},
	{ 0 },
};

const struct policy_ops mlfq_policy = {
	.name = "mlfq",
	.summary = "multi-level feedback queue: OSTEP's rules 1-5, Stallings' feedback variants",
	.params = mlfq_params,
	.conf_size = sizeof(struct mlfq_conf),
	.rq_priv_size = sizeof(struct mlfq_rq),
	.task_priv_size = sizeof(struct mlfq_task),
	.check = mlfq_check,
	.enqueue = mlfq_enqueue,
	.dequeue = mlfq_dequeue,
	.pick_next = mlfq_pick_next,
	.put_prev = mlfq_put_prev,
	.update_curr = mlfq_update_curr,
	.slice = mlfq_slice,
	.wakeup_preempt = mlfq_wakeup_preempt,
	.explain_preempt = mlfq_explain_preempt,
	.tick_period = mlfq_tick_period,
	.tick = mlfq_tick,
	.explain_tick = mlfq_explain_tick,
	.explain = mlfq_explain,
};
