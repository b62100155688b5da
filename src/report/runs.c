/*
 * runs.c - the run-interval tracker (runs.h): per CPU, the interval open now.
 */
#include <glib.h>
#include <string.h>

#include "report/runs.h"

struct run_lane {
	bool open;
	uint32_t task;
	sim_time_t start, switch_ns;
	char name[RUN_NAME_MAX];
};

struct run_tracker {
	uint32_t ncpus;
	uint32_t running;		/* lanes open */
	uint32_t next_close;		/* run_tracker_close_next's position */
	char closed_name[RUN_NAME_MAX]; /* the name a returned span points to */
	struct run_lane *lanes;
};

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
	g_free(rt);
}

static void lane_close(struct run_tracker *rt, struct run_lane *l, int cpu, sim_time_t t,
		       enum record_kind stop, struct run_span *span)
{
	memcpy(rt->closed_name, l->name, sizeof(rt->closed_name));
	*span = (struct run_span){
		.cpu = cpu,
		.task = l->task,
		.name = rt->closed_name,
		.start = l->start,
		.end = t > l->start ? t : l->start,
		.switch_ns = l->switch_ns,
		.stop = stop,
	};
	l->open = false;
	rt->running--;
}

bool run_tracker_feed(struct run_tracker *rt, const struct record *r, struct run_span *span)
{
	struct run_lane *l;
	bool closed = false;

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
		l->task = r->task;
		l->start = r->time;
		l->switch_ns = r->length;
		g_strlcpy(l->name, r->task_name ? r->task_name : "?", sizeof(l->name));
		rt->running++;
		return closed;
	case REC_PREEMPT:
	case REC_EXPIRE:
	case REC_YIELD:
	case REC_BLOCK:
	case REC_EXIT:
		if (!l->open || l->task != r->task)
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
