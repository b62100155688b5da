/*
 * tasks.c - the core's per-task storage, and how a task arrives.
 *
 * A task lives in a slot: its PCB (struct task, what policies see), the
 * core's part (struct sched_task: its event, its queue links), its driver's
 * area and its policy's area, in one block. Slots are found by task id
 * through a table of chunks of TASK_CHUNK slots; a chunk is taken, zeroed,
 * the first time one of its ids is created. So a scenario of ten million
 * tasks of which a few thousand arrive before the horizon holds a few
 * chunks, not ten million slots; ids keep the order of the file (groups in
 * file order, then index), whatever order tasks are created in; and a task
 * never moves, so policies may keep pointers to it. Ids beyond those
 * expected at the start (a runtime's worker threads) grow the table of
 * chunks, never the chunks.
 *
 * When the chunks of the ids expected at the start make 2 MiB or more,
 * they are cut from one mapping on huge pages (bigmem.h), reserved at the
 * start and written, so taken from the host, only as chunks are used;
 * beyond TASK_REGION_MAX bytes, for ids that come later and for smaller
 * runs, each chunk is allocated on its own.
 *
 * Arrival: the task takes its memory; a task that arrives on its own pays
 * its creation (fork, pthread_create, a coroutine's frame) before it is
 * READY, while a spawned task's parent has paid it already; then a process
 * runs its start (the model's process_start: a forked child's way back
 * from fork and its first writes to pages it shares with its parent, which
 * copy them), and its driver says what it does first.
 */
#include <string.h>

#include "base/bigmem.h"
#include "base/units.h"
#include "sched/sched_int.h"

/* The most address space the chunks' one mapping reserves. */
#define TASK_REGION_MAX ((size_t)4 << 30)
/* The most address spaces counted from the start (4 MiB of address space). */
#define PID_SLOTS_MAX (1u << 20)

static void on_task(struct event *ev, void *ctx);

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static size_t chunk_bytes(const struct sched *s)
{
	return s->slot_size * TASK_CHUNK;
}

static size_t region_bytes(const struct sched *s)
{
	return s->region_chunks * chunk_bytes(s);
}

void tasks_init(struct sched *s, uint32_t ids, size_t priv_size, size_t ext_size)
{
	s->priv_size = round8(priv_size);
	s->ext_size = round8(ext_size);
	s->priv_offset = SLOT_EXT_OFFSET + s->ext_size;
	if (balance_loads(s)) {
		s->load_offset = s->priv_offset;
		s->priv_offset += round8(sizeof(struct task_load));
	}
	s->slot_size = s->priv_offset + s->priv_size;
	s->ids = ids;
	s->nchunks = (ids + TASK_CHUNK - 1) >> TASK_CHUNK_SHIFT;
	s->chunks = g_new0(char *, MAX(s->nchunks, 1));
	s->region_chunks = (uint32_t)MIN(s->nchunks, TASK_REGION_MAX / chunk_bytes(s));
	/* live tasks per address space: a task of those expected makes one at
	 * most; zeroed by the allocator, so that an array too large for its
	 * heap takes pages only where a process lives (costs_memory_take grows
	 * it past PID_SLOTS_MAX, or for more) */
	s->npid_slots = CLAMP(ids, 1, PID_SLOTS_MAX);
	s->pid_live = g_new0(uint32_t, s->npid_slots);
	/* below 2 MiB, or no mapping: every chunk on its own, as those beyond */
	if (region_bytes(s) < BIGMEM_HUGE || !(s->region = bigmem_alloc0(region_bytes(s))))
		s->region_chunks = 0;
}

void tasks_release(struct sched *s)
{
	for (uint32_t i = s->region_chunks; i < s->nchunks; i++)
		g_free(s->chunks[i]);
	bigmem_free(s->region, region_bytes(s));
	g_free(s->chunks);
	g_free(s->pid_live);
}

G_STATIC_ASSERT(SCHED_TASK_CHUNK == TASK_CHUNK);

void sched_task_release_below(struct sched *s, uint32_t end, size_t keep)
{
	/*
	 * The run is over; a run stopped early (--max-events, a failure) still
	 * has events queued, embedded in the slots about to go: drop them
	 * while their owners exist, not in sched_free after.
	 */
	engine_release(&s->eng);
	uint32_t below = MIN(end >> TASK_CHUNK_SHIFT, s->nchunks);

	for (uint32_t i = 0; i < below; i++) {
		if (i >= s->region_chunks)
			g_free(s->chunks[i]);
		s->chunks[i] = NULL;
	}
	/* whole pages only: one call for all, so that none between two chunks stays */
	bigmem_release(s->region, region_bytes(s), keep,
		       MIN(below, s->region_chunks) * chunk_bytes(s));
}

void *sched_task_region(const struct sched *s, size_t *size)
{
	if (!s->region || s->region_chunks < s->nchunks)
		return NULL;
	*size = region_bytes(s);
	return s->region;
}

void sched_task_region_give(struct sched *s)
{
	for (uint32_t i = 0; i < s->region_chunks; i++)
		s->chunks[i] = NULL;
	s->region = NULL;
}

size_t sched_task_bytes(const struct sched *s)
{
	/* The slot and the task's place in the event heap. */
	return s->slot_size + sizeof(struct evq_slot);
}

uint32_t sched_task_ids(const struct sched *s)
{
	return s->ids;
}

struct task *sched_task_get(const struct sched *s, uint32_t id)
{
	struct task *t;

	if (id >= s->ids || !s->chunks[id >> TASK_CHUNK_SHIFT])
		return NULL;
	t = task_at(s, id);
	return t->group ? t : NULL;
}

void *sched_task_ext(const struct task *t)
{
	return (char *)t + SLOT_EXT_OFFSET;
}

static struct task *no_memory(struct sched *s, uint32_t id)
{
	g_autoptr(GString) at = g_string_new(NULL);

	units_time(at, s->eng.now);
	sched_fail(s, SIM_ERROR_HOST_MEMORY,
		   "the host has no memory left for task %u at t = %s (%" G_GUINT64_FORMAT
		   " tasks exist); lower the tasks' counts or set a horizon",
		   id, at->str, s->created);
	return NULL;
}

struct task *sched_task_new(struct sched *s, uint32_t id, const struct task_group *g,
			    uint32_t index, unsigned driver)
{
	uint32_t ci = id >> TASK_CHUNK_SHIFT;
	struct sched_task *st;
	char *slot;

	g_assert(id != NO_TASK && g && driver < s->ndrivers);
	if (ci >= s->nchunks) {
		uint32_t n = MAX(ci + 1, s->nchunks * 2);
		char **more = g_try_renew(char *, s->chunks, n);

		if (!more)
			return no_memory(s, id);
		s->chunks = more;
		memset(s->chunks + s->nchunks, 0, (n - s->nchunks) * sizeof(char *));
		s->nchunks = n;
	}
	/* how many tasks exist comes from the input: a failed allocation fails the run */
	if (!s->chunks[ci]) {
		if (ci < s->region_chunks)
			s->chunks[ci] = s->region + ci * chunk_bytes(s);
		else if (!(s->chunks[ci] = g_try_malloc0(chunk_bytes(s))))
			return no_memory(s, id);
	}
	if (id >= s->ids)
		s->ids = id + 1;
	st = (struct sched_task *)task_at(s, id);
	g_assert(!st->pub.group); /* each id is created once: its slot is as zeroed */
	slot = (char *)st;
	task_init(&st->pub, g, id, index);
	st->pub.priv = s->priv_size ? slot + s->priv_offset : NULL;
	st->driver = (uint8_t)driver;
	st->qprev = st->qnext = NO_TASK;
	st->wait_obj = NO_TASK;
	if (s->load_offset)
		load_of(s, &st->pub)->cpu = -1;
	event_init(&st->ev, on_task, TEV_ARRIVE);
	s->created++;
	return &st->pub;
}

/* ------------------------------------------------------------- arrival */

void sched_arrive(struct sched *s, struct task *t)
{
	struct sched_task *st = st_of(t);
	sim_time_t cost;

	if (!costs_memory_take(s, t))
		return;
	sched_backlog_arrive(s, t);
	st->starting = costs_start(s, t) > 0;
	/* A spawned task's parent has paid its creation already. */
	cost = !t->parent ? costs_create(s, t, NULL) : 0;
	sched_emit(s, REC_ARRIVE, NULL, t, cost,
		   cost ? sched_why_time(s, "creation takes ", cost) : NULL);
	if (cost) {
		st->ev.fn = on_task;
		st->ev.tag = TEV_CREATED;
		engine_after(&s->eng, &st->ev, cost, EV_PHASE_WAKEUP);
		return;
	}
	sched_advance(s, t, NULL, ENQ_NEW);
}

void sched_arrive_at(struct sched *s, struct task *t, sim_time_t at)
{
	struct sched_task *st = st_of(t);

	t->arrival = at;
	st->ev.tag = TEV_ARRIVE;
	engine_at(&s->eng, &st->ev, at, EV_PHASE_WAKEUP);
}

sim_time_t sched_create_cost(const struct sched *s, const struct task *t, const struct task *parent)
{
	return costs_create(s, t, parent);
}

/* A task's event: arrival, end of creation, end of a sleep. */
static void on_task(struct event *ev, void *ctx)
{
	struct sched *s = ctx;
	struct task *t =
		&((struct sched_task *)((char *)ev - offsetof(struct sched_task, ev)))->pub;

	switch (ev->tag) {
	case TEV_ARRIVE:
		sched_arrive(s, t);
		return;
	case TEV_CREATED:
		sched_advance(s, t, NULL, ENQ_NEW);
		return;
	case TEV_WAKE:
		sched_emit(s, REC_WAKE, NULL, t, 0, NULL);
		sched_advance(s, t, NULL, ENQ_WAKEUP);
		return;
	default:
		g_assert_not_reached();
	}
}

/* ---------------------------------------------------- user-level tasks */

bool sched_user_arrive(struct sched *s, struct task *t)
{
	g_assert(t->state == TASK_NEW);
	t->user = true;
	if (!costs_memory_take(s, t))
		return false;
	t->state = TASK_READY;
	t->ready_since = s->eng.now;
	sched_backlog_arrive(s, t);
	sched_emit(s, REC_ARRIVE, NULL, t, 0, NULL);
	return true;
}

void sched_user_state(struct sched *s, struct task *t, int state, const struct task *carrier,
		      sim_time_t len, const char *why)
{
	sim_time_t now = s->eng.now;

	g_assert(t->user && t->state != TASK_TERMINATED);
	if (t->state == TASK_READY) {
		t->wait_time += now - t->ready_since;
		if (state == TASK_RUNNING)
			sched_note_latency(s, t, now - t->ready_since);
	}
	switch (state) {
	case TASK_READY:
		t->ready_since = now;
		break;
	case TASK_RUNNING:
		if (t->first_run == SIM_TIME_NONE)
			t->first_run = now;
		if (carrier)
			t->cpu = carrier->cpu;
		sched_emit_run(s,
			       carrier && carrier->state == TASK_RUNNING && carrier->cpu >= 0
				       ? &s->cpus[carrier->cpu]
				       : NULL,
			       t, carrier, why);
		break;
	case TASK_BLOCKED:
		t->last_ran = now;
		sched_emit(s, REC_BLOCK, NULL, t, len, why);
		break;
	case TASK_TERMINATED:
		t->last_ran = now; /* its completion (task_completion) */
		s->completed++;
		sched_backlog_leave(s, t);
		costs_memory_release(s, t);
		t->state = TASK_TERMINATED;
		sched_emit(s, REC_EXIT, NULL, t, 0, why);
		return;
	default:
		g_assert_not_reached();
	}
	t->state = (uint8_t)state;
}

void sched_user_charge(struct task *t, sim_time_t ran)
{
	t->cpu_time += ran;
}

void sched_user_record(struct sched *s, int kind, const struct task *t, const char *why)
{
	sched_emit(s, (enum record_kind)kind, NULL, t, 0, why);
}

bool sched_wants_why(const struct sched *s)
{
	return want_why(s);
}
