/*
 * runs.c - the run-interval tracker (runs.h): per CPU, the interval open now
 * (when following carriers, the piece of it open now), and per carrier, the
 * user task it runs.
 */
#include <glib.h>
#include <string.h>

#include "report/runs.h"

struct run_lane {
	bool open;
	uint32_t task;	  /* what the piece shows: carrier, or the user task it runs */
	uint32_t carrier; /* the task dispatched */
	sim_time_t start, switch_ns;
	/* The task's name: names[cur]. Each opening writes the other one, so a
	 * closed interval's name lasts while the lane opens again. */
	char names[2][RUN_NAME_MAX];
	unsigned cur;
	char carrier_name[RUN_NAME_MAX]; /* carrier's, when following carriers */
};

/* The user task a carrier runs now (following carriers). */
struct run_user {
	uint32_t user;
	char name[RUN_NAME_MAX];
};

struct run_tracker {
	uint32_t ncpus;
	uint32_t running;    /* lanes open */
	uint32_t next_close; /* run_tracker_close_next's position */
	struct run_lane *lanes;
	GHashTable *users;    /* following carriers: carrier id -> struct run_user */
	GHashTable *carriers; /* user id -> carrier id + 1 */
};

/*
 * g_strlcpy(dst, src ? src : "?", RUN_NAME_MAX), a byte at a time: names are
 * a few bytes, shorter than a call of strlen and memcpy.
 */
static void copy_name(char *dst, const char *src)
{
	size_t i = 0;

	if (!src)
		src = "?";
	for (; i < RUN_NAME_MAX - 1 && src[i]; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

/* The lane's name buffer for the interval it opens now. */
static char *lane_name_next(struct run_lane *l)
{
	l->cur ^= 1;
	return l->names[l->cur];
}

struct run_tracker *run_tracker_new(uint32_t ncpus)
{
	struct run_tracker *rt = g_new0(struct run_tracker, 1);

	rt->ncpus = ncpus;
	rt->lanes = g_new0(struct run_lane, ncpus ? ncpus : 1);
	return rt;
}

void run_tracker_free(struct run_tracker *rt)
{
	if (!rt)
		return;
	g_free(rt->lanes);
	if (rt->users) {
		g_hash_table_unref(rt->users);
		g_hash_table_unref(rt->carriers);
	}
	g_free(rt);
}

void run_tracker_follow_carriers(struct run_tracker *rt)
{
	if (rt->users)
		return;
	rt->users = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	rt->carriers = g_hash_table_new(g_direct_hash, g_direct_equal);
}

static void lane_close(struct run_tracker *rt, struct run_lane *l, int cpu, sim_time_t t,
		       enum record_kind stop, struct run_span *span)
{
	*span = (struct run_span){
		.cpu = cpu,
		.task = l->task,
		.carrier = l->carrier,
		.name = l->names[l->cur],
		.start = l->start,
		.end = t > l->start ? t : l->start,
		.switch_ns = l->switch_ns,
		.stop = stop,
	};
	l->open = false;
	rt->running--;
}

/* The user task carrier runs now, or NULL. */
static const struct run_user *user_of(const struct run_tracker *rt, uint32_t carrier)
{
	return rt->users ? g_hash_table_lookup(rt->users, GUINT_TO_POINTER(carrier)) : NULL;
}

/* carrier runs no user task (any more). */
static void forget_carrier(struct run_tracker *rt, uint32_t carrier)
{
	const struct run_user *u = user_of(rt, carrier);

	if (!u)
		return;
	g_hash_table_remove(rt->carriers, GUINT_TO_POINTER(u->user));
	g_hash_table_remove(rt->users, GUINT_TO_POINTER(carrier));
}

/*
 * carrier's piece open on a CPU (that of `cpu`, when given, else any) ends at
 * t, and one that shows what carrier runs now starts: fill *span unless the
 * piece would show the same task, or carrier does not run.
 */
static bool cut(struct run_tracker *rt, uint32_t carrier, int cpu, sim_time_t t,
		enum record_kind stop, struct run_span *span)
{
	const struct run_user *u = user_of(rt, carrier);
	uint32_t task = u ? u->user : carrier;
	struct run_lane *l = NULL;

	if (cpu >= 0 && (uint32_t)cpu < rt->ncpus && rt->lanes[cpu].open &&
	    rt->lanes[cpu].carrier == carrier)
		l = &rt->lanes[cpu];
	for (uint32_t i = 0; !l && i < rt->ncpus; i++)
		if (rt->lanes[i].open && rt->lanes[i].carrier == carrier) {
			l = &rt->lanes[i];
			cpu = (int)i;
		}
	if (!l || l->task == task)
		return false;
	lane_close(rt, l, cpu, t, stop, span);
	l->open = true;
	l->task = task;
	l->start = t > span->start ? t : span->start;
	l->switch_ns = 0;
	g_strlcpy(lane_name_next(l), u ? u->name : l->carrier_name, RUN_NAME_MAX);
	rt->running++;
	return true;
}

/* REC_RUN, and a user task's BLOCK or EXIT, when following carriers. */
static bool follow(struct run_tracker *rt, const struct record *r, struct run_span *span)
{
	gpointer c;

	if (r->kind == REC_RUN) {
		struct run_user *u;

		if (r->carrier == UINT32_MAX)
			return false;
		/* the user task leaves the carrier it ran on last, if another */
		c = g_hash_table_lookup(rt->carriers, GUINT_TO_POINTER(r->task));
		if (c && GPOINTER_TO_UINT(c) - 1 != r->carrier)
			forget_carrier(rt, GPOINTER_TO_UINT(c) - 1);
		forget_carrier(rt, r->carrier);
		u = g_new(struct run_user, 1);
		u->user = r->task;
		g_strlcpy(u->name, r->task_name ? r->task_name : "?", sizeof(u->name));
		g_hash_table_insert(rt->users, GUINT_TO_POINTER(r->carrier), u);
		g_hash_table_insert(rt->carriers, GUINT_TO_POINTER(r->task),
				    GUINT_TO_POINTER(r->carrier + 1));
		return cut(rt, r->carrier, r->cpu, r->time, REC_RUN, span);
	}
	c = g_hash_table_lookup(rt->carriers, GUINT_TO_POINTER(r->task));
	if (!c)
		return false;
	forget_carrier(rt, GPOINTER_TO_UINT(c) - 1);
	if (!cut(rt, GPOINTER_TO_UINT(c) - 1, -1, r->time, r->kind, span))
		return false;
	span->task = r->task; /* it closed the user task's piece */
	if (r->kind == REC_BLOCK) {
		span->blocked_for = r->length;
		span->blocked_on = r->wait_on;
	}
	return true;
}

bool run_tracker_feed(struct run_tracker *rt, const struct record *r, struct run_span *span)
{
	struct run_lane *l;
	bool closed = false;

	if (rt->users &&
	    (r->kind == REC_RUN || (r->cpu < 0 && (r->kind == REC_BLOCK || r->kind == REC_EXIT))))
		return follow(rt, r, span);
	if (r->cpu < 0 || (uint32_t)r->cpu >= rt->ncpus)
		return false;
	l = &rt->lanes[r->cpu];
	switch (r->kind) {
	case REC_DISPATCH:
		if (l->open) {
			lane_close(rt, l, r->cpu, r->time, REC_DISPATCH, span);
			closed = true;
		}
		l->open = true;
		l->task = l->carrier = r->task;
		l->start = r->time;
		l->switch_ns = r->length;
		if (!rt->users) {
			copy_name(lane_name_next(l), r->task_name);
		} else {
			/* the carrier's name, for the pieces cut from its interval */
			copy_name(l->carrier_name, r->task_name);
			if (user_of(rt, r->task)) {
				l->task = user_of(rt, r->task)->user;
				copy_name(lane_name_next(l), user_of(rt, r->task)->name);
			} else {
				copy_name(lane_name_next(l), l->carrier_name);
			}
		}
		rt->running++;
		return closed;
	case REC_PREEMPT:
	case REC_EXPIRE:
	case REC_YIELD:
	case REC_BLOCK:
	case REC_EXIT:
		if (r->kind == REC_EXIT)
			forget_carrier(rt, r->task); /* a carrier ends */
		if (!l->open || l->carrier != r->task)
			return false;
		lane_close(rt, l, r->cpu, r->time, r->kind, span);
		if (r->kind == REC_BLOCK) {
			span->blocked_for = r->length;
			span->blocked_on = r->wait_on;
		}
		return true;
	case REC_IDLE:
		if (!l->open)
			return false;
		lane_close(rt, l, r->cpu, r->time, REC_IDLE, span);
		return true;
	default:
		return false;
	}
}

bool run_tracker_close_next(struct run_tracker *rt, sim_time_t end, struct run_span *span)
{
	for (; rt->next_close < rt->ncpus; rt->next_close++) {
		struct run_lane *l = &rt->lanes[rt->next_close];

		if (l->open) {
			lane_close(rt, l, (int)rt->next_close, end, REC__COUNT, span);
			return true;
		}
	}
	rt->next_close = 0;
	return false;
}

bool run_tracker_open(const struct run_tracker *rt, uint32_t cpu, uint32_t *task, sim_time_t *start)
{
	const struct run_lane *l;

	if (cpu >= rt->ncpus || !rt->lanes[cpu].open)
		return false;
	l = &rt->lanes[cpu];
	*task = l->task;
	*start = l->start;
	return true;
}

uint32_t run_tracker_running(const struct run_tracker *rt)
{
	return rt->running;
}

uint32_t run_tracker_ncpus(const struct run_tracker *rt)
{
	return rt->ncpus;
}
