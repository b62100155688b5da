/*
 * runs.c - the run-interval tracker (runs.h): per CPU, the interval open now
 * (when following carriers, the piece of it open now), and per carrier, the
 * user task it runs.
 *
 * A lane keeps the interval it has open as the span it will hand out when
 * the interval closes, so closing it fills in only its end and what closed
 * it. Each opening takes the other of the lane's two spans (with its own
 * name buffer), so a closed interval's span lasts while the lane opens
 * again: a DISPATCH closes one interval and opens the next.
 */
#include <glib.h>
#include <string.h>

#include "report/runs.h"

struct run_lane {
	bool open;
	unsigned cur;		  /* spans[cur]: the interval open now, or the last */
	uint32_t carrier;	  /* the task dispatched */
	struct run_span spans[2]; /* cpu and name set once: names[0], names[1] */
	char names[2][RUN_NAME_MAX];
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
 * g_strlcpy(dst, src ? src : "?", RUN_NAME_MAX) for src of len bytes; the
 * length copied.
 */
static uint32_t copy_name(char *dst, const char *src, size_t len)
{
	if (!src) {
		src = "?";
		len = 1;
	}
	if (len > RUN_NAME_MAX - 1)
		len = RUN_NAME_MAX - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return (uint32_t)len;
}

/*
 * copy_name for a name of the core's (task_name_len given): its buffer is
 * RECORD_NAME_ROOM bytes, so it is copied in one known-size move, with no
 * call, and cut after.
 */
static uint32_t copy_core_name(char *dst, const char *src, size_t len)
{
	G_STATIC_ASSERT(RECORD_NAME_ROOM >= RUN_NAME_MAX);
	memcpy(dst, src, RUN_NAME_MAX);
	if (len > RUN_NAME_MAX - 1)
		len = RUN_NAME_MAX - 1;
	dst[len] = '\0';
	return (uint32_t)len;
}

/* The lane opens an interval of task at t (its name is set next, lane_name_set). */
static void lane_open(struct run_tracker *rt, struct run_lane *l, uint32_t task, sim_time_t t,
		      sim_time_t switch_ns)
{
	struct run_span *sp = &l->spans[l->cur ^= 1];

	sp->task = task;
	sp->carrier = l->carrier;
	sp->start = t;
	sp->switch_ns = switch_ns;
	l->open = true;
	rt->running++;
}

/* The name of the interval the lane has just opened: src, of len bytes. */
static void lane_name_set(struct run_lane *l, const char *src, size_t len)
{
	l->spans[l->cur].name_len = copy_name(l->names[l->cur], src, len);
}

/*
 * The name of the interval the lane has just opened, from the record that
 * opened it: the core's in one move, any other the long way (not inlined:
 * the path of the core's names makes no call).
 */
static G_GNUC_NO_INLINE void lane_name_other(struct run_lane *l, const struct record *r)
{
	lane_name_set(l, r->task_name, record_name_len(r));
}

static inline void lane_name_from(struct run_lane *l, const struct record *r)
{
	if (G_LIKELY(r->task_name_len))
		l->spans[l->cur].name_len =
			copy_core_name(l->names[l->cur], r->task_name, r->task_name_len);
	else
		lane_name_other(l, r);
}

/* The lane's open interval ends at t, closed by stop: its span. */
static struct run_span *lane_close(struct run_tracker *rt, struct run_lane *l, sim_time_t t,
				   enum record_kind stop)
{
	struct run_span *sp = &l->spans[l->cur];

	sp->end = t > sp->start ? t : sp->start;
	sp->stop = stop;
	sp->blocked_for = 0;
	sp->blocked_on = NULL;
	l->open = false;
	rt->running--;
	return sp;
}

struct run_tracker *run_tracker_new(uint32_t ncpus)
{
	struct run_tracker *rt = g_new0(struct run_tracker, 1);

	rt->ncpus = ncpus;
	rt->lanes = g_new0(struct run_lane, ncpus ? ncpus : 1);
	for (uint32_t i = 0; i < ncpus; i++) {
		for (unsigned k = 0; k < 2; k++) {
			rt->lanes[i].spans[k].cpu = (int)i;
			rt->lanes[i].spans[k].name = rt->lanes[i].names[k];
		}
	}
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
 * t, and one that shows what carrier runs now starts: the piece that ended,
 * unless the next would show the same task, or carrier does not run (NULL).
 */
static struct run_span *cut(struct run_tracker *rt, uint32_t carrier, int cpu, sim_time_t t,
			    enum record_kind stop)
{
	const struct run_user *u = user_of(rt, carrier);
	uint32_t task = u ? u->user : carrier;
	struct run_lane *l = NULL;
	struct run_span *closed;

	if (cpu >= 0 && (uint32_t)cpu < rt->ncpus && rt->lanes[cpu].open &&
	    rt->lanes[cpu].carrier == carrier)
		l = &rt->lanes[cpu];
	for (uint32_t i = 0; !l && i < rt->ncpus; i++)
		if (rt->lanes[i].open && rt->lanes[i].carrier == carrier)
			l = &rt->lanes[i];
	if (!l || l->spans[l->cur].task == task)
		return NULL;
	closed = lane_close(rt, l, t, stop);
	lane_open(rt, l, task, t > closed->start ? t : closed->start, 0);
	if (u)
		lane_name_set(l, u->name, strlen(u->name));
	else
		lane_name_set(l, l->carrier_name, strlen(l->carrier_name));
	return closed;
}

/* REC_RUN, and a user task's BLOCK or EXIT, when following carriers. */
static G_GNUC_NO_INLINE const struct run_span *follow(struct run_tracker *rt,
						      const struct record *r)
{
	struct run_span *sp;
	gpointer c;

	if (r->kind == REC_RUN) {
		struct run_user *u;

		if (r->carrier == UINT32_MAX)
			return NULL;
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
		return cut(rt, r->carrier, r->cpu, r->time, REC_RUN);
	}
	c = g_hash_table_lookup(rt->carriers, GUINT_TO_POINTER(r->task));
	if (!c)
		return NULL;
	forget_carrier(rt, GPOINTER_TO_UINT(c) - 1);
	sp = cut(rt, GPOINTER_TO_UINT(c) - 1, -1, r->time, r->kind);
	if (!sp)
		return NULL;
	sp->task = r->task; /* it closed the user task's piece */
	if (r->kind == REC_BLOCK) {
		sp->blocked_for = r->length;
		sp->blocked_on = r->wait_on;
	}
	return sp;
}

/*
 * A DISPATCH of a carrier when following carriers: the carrier's name is
 * kept for the pieces cut from its interval, and the piece that opens shows
 * the user task it runs, if any.
 */
static void open_carrier(struct run_tracker *rt, struct run_lane *l, const struct record *r)
{
	const struct run_user *u = user_of(rt, r->task);
	uint32_t n = copy_name(l->carrier_name, r->task_name, record_name_len(r));

	lane_open(rt, l, u ? u->user : r->task, r->time, r->length);
	if (u)
		lane_name_set(l, u->name, strlen(u->name));
	else
		lane_name_set(l, l->carrier_name, n);
}

/*
 * One record: the interval it closed, or NULL. `following` is rt->users
 * != NULL, a constant where this is inlined: the tracker that does not
 * follow carriers gets a copy with no call in it (run_tracker_step).
 */
static G_ALWAYS_INLINE inline const struct run_span *step(struct run_tracker *rt,
							  const struct record *r, bool following)
{
	struct run_lane *l;
	struct run_span *sp;

	if (following &&
	    (r->kind == REC_RUN || (r->cpu < 0 && (r->kind == REC_BLOCK || r->kind == REC_EXIT))))
		return follow(rt, r);
	if (r->cpu < 0 || (uint32_t)r->cpu >= rt->ncpus)
		return NULL;
	l = &rt->lanes[r->cpu];
	switch (r->kind) {
	case REC_DISPATCH:
		sp = l->open ? lane_close(rt, l, r->time, REC_DISPATCH) : NULL;
		l->carrier = r->task;
		if (!following) {
			lane_open(rt, l, r->task, r->time, r->length);
			lane_name_from(l, r);
		} else {
			open_carrier(rt, l, r);
		}
		return sp;
	case REC_PREEMPT:
	case REC_EXPIRE:
	case REC_YIELD:
	case REC_BLOCK:
	case REC_EXIT:
		if (following && r->kind == REC_EXIT)
			forget_carrier(rt, r->task); /* a carrier ends */
		if (!l->open || l->carrier != r->task)
			return NULL;
		sp = lane_close(rt, l, r->time, r->kind);
		if (r->kind == REC_BLOCK) {
			sp->blocked_for = r->length;
			sp->blocked_on = r->wait_on;
		}
		return sp;
	case REC_IDLE:
		return l->open ? lane_close(rt, l, r->time, REC_IDLE) : NULL;
	default:
		return NULL;
	}
}

static G_GNUC_NO_INLINE const struct run_span *step_following(struct run_tracker *rt,
							      const struct record *r)
{
	return step(rt, r, true);
}

const struct run_span *run_tracker_step(struct run_tracker *rt, const struct record *r)
{
	if (G_UNLIKELY(rt->users))
		return step_following(rt, r);
	return step(rt, r, false);
}

bool run_tracker_feed(struct run_tracker *rt, const struct record *r, struct run_span *span)
{
	const struct run_span *sp = run_tracker_step(rt, r);

	if (sp)
		*span = *sp;
	return sp != NULL;
}

bool run_tracker_close_next(struct run_tracker *rt, sim_time_t end, struct run_span *span)
{
	for (; rt->next_close < rt->ncpus; rt->next_close++) {
		struct run_lane *l = &rt->lanes[rt->next_close];

		if (l->open) {
			*span = *lane_close(rt, l, end, REC__COUNT);
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
	*task = l->spans[l->cur].task;
	*start = l->spans[l->cur].start;
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
