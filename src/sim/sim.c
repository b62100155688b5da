/*
 * sim.c - building the world of a scenario on a scheduler core; see sim.h.
 *
 * Groups. Each [task] and [group] of the scenario becomes a task_group that
 * its tasks share (name, program, memory, working set, affinity). Task ids
 * are fixed by the file whatever the order of creation: groups in file
 * order, then index; they order every tie ("earlier arrival first, then the
 * order tasks are listed in the file").
 *
 * Address spaces. Tasks naming the same `process` share one; a [task]'s own
 * address space bears its name, so that threads may join it; every other
 * task of a [group] has its own, numbered as tasks are created.
 *
 * Arrivals are generated lazily. Each group that arrives on its own has one
 * timer, in the core's arrival phase, keyed by the id of the task it will
 * create: when it fires, the task is created and arrives, and the timer is
 * set for the group's next task. Every group draws its arrivals from its own
 * stream ("NAME/arrival"), in index order, exactly as if they were all drawn
 * at the start; because the arrival phase orders an instant's arrivals by
 * id, tasks that arrive together do so in file order. A uniform arrival
 * process draws every instant at the start (its instants are not in index
 * order) and sorts them; the others draw one gap at a time. Nothing is
 * created beyond the horizon.
 *
 * Spawned tasks (arrival = spawn) are created by their parent's `spawn` op,
 * in index order, and arrive once the parent has paid their creation.
 *
 * Runtimes (src/runtime). A served group (serve = ...) gets a runtime of
 * its model; the coroutines of one process, one event loop; the threads of
 * one process with gil = true, one interpreter lock. Such a group's
 * arrivals are handed to its runtime, which creates, queues or rejects
 * them and runs them on carriers of its own, kernel tasks with ids after
 * the scenario's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/units.h"
#include "scenario/objects.h"
#include "sim/sim_int.h"

/* --------------------------------------------------------------- groups */

static uint32_t pid_of(GHashTable *names, uint32_t *npids, const char *process)
{
	gpointer v;

	if (g_hash_table_lookup_extended(names, process, NULL, &v))
		return GPOINTER_TO_UINT(v);
	g_hash_table_insert(names, (gpointer)process, GUINT_TO_POINTER(*npids));
	return (*npids)++;
}

/* Create task `index` of group g with its attributes. */
static struct task *create(struct sim *s, struct sim_group *g, uint32_t index)
{
	const struct group_conf *conf = g->conf;
	struct task *t = sched_task_new(s->core, g->first + index, &g->tg, index, s->prog_driver);

	if (!t)
		return NULL; /* the run has failed: no memory left */
	t->kind = (uint8_t)conf->kind;
	t->pid = g->pid != UINT32_MAX ? g->pid : s->npids++;
	sim_program_init(s, t);
	return t;
}

bool sim_spawn(struct sim *s, struct task *parent, uint32_t gi, sim_time_t *cost)
{
	struct sim_group *g = &s->groups[gi];
	struct task *child;

	if (g->next >= g->conf->count) {
		char name[TASK_NAME_MAX];
		g_autoptr(GString) at = g_string_new(NULL);

		units_time(at, sched_now(s->core));
		task_format_name(parent, name, sizeof(name));
		sched_fail(s->core, SIM_ERROR_SPAWN_LIMIT,
			   "spawn at %s: task %s spawns a task of group '%s', whose %u task%s "
			   "all exist already; raise its count",
			   at->str, name, g->conf->name, g->conf->count,
			   g->conf->count == 1 ? "" : "s");
		return false;
	}
	if (g->rt) {
		/* A coroutine: its frame is created by the parent, then its loop runs it. */
		struct task probe = { .group = &g->tg, .kind = TASK_COROUTINE };
		uint32_t index = g->next++;

		*cost = sched_create_cost(s->core, &probe, parent);
		runtime_arrive(g->rt, &g->tg, g->first + index, index,
			       sim_time_add(sched_now(s->core), *cost), parent);
		return true;
	}
	child = create(s, g, g->next++);
	if (!child)
		return false;
	child->parent = parent;
	*cost = sched_create_cost(s->core, child, parent);
	sched_arrive_at(s->core, child, sim_time_add(sched_now(s->core), *cost));
	return true;
}

/* ------------------------------------------------------------- arrivals */

/* The arrival instant of task `index` of g; called in the order of creation. */
static sim_time_t arrival_of(struct sim_group *g, uint32_t index)
{
	const struct arrival *a = &g->conf->arrival;

	switch (a->kind) {
	case ARRIVAL_AT:
		return a->at;
	case ARRIVAL_EVERY:
	case ARRIVAL_POISSON:
		if (a->kind == ARRIVAL_POISSON || index > 0)
			g->last = sim_time_add(g->last, dist_sample(&a->gap, &g->rng));
		return g->last;
	case ARRIVAL_UNIFORM:
		return g->times[index];
	case ARRIVAL_TRACE:
		g_assert(index < a->ntimes);
		return a->times[index];
	case ARRIVAL_SPAWN:
		break;
	}
	g_assert_not_reached();
}

/* Which task of g is the k-th to arrive. */
static uint32_t kth(const struct sim_group *g, uint32_t k)
{
	return g->order ? g->order[k] : k;
}

static void set_next_arrival(struct sim *s, struct sim_group *g)
{
	uint32_t index;

	if (g->next >= g->conf->count)
		return;
	index = kth(g, g->next);
	sched_timer_arrival(s->core, &g->gen, arrival_of(g, index), g->first + index);
}

static void on_arrival(struct sched *core, struct sched_timer *tm)
{
	struct sim_group *g = (struct sim_group *)((char *)tm - offsetof(struct sim_group, gen));
	struct task *t;

	if (g->rt) {
		uint32_t index = kth(g, g->next++);

		set_next_arrival(g->sim, g);
		runtime_arrive(g->rt, &g->tg, g->first + index, index, sched_now(core), NULL);
		return;
	}
	t = create(g->sim, g, kth(g, g->next++));

	if (!t)
		return;
	t->arrival = sched_now(core);
	set_next_arrival(g->sim, g);
	sched_arrive(core, t);
}

static int by_time_then_index(const void *a, const void *b, void *ctx)
{
	const sim_time_t *times = ctx;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;

	if (times[i] != times[j])
		return times[i] < times[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* A uniform process: every instant drawn now, in index order, then sorted. */
static void draw_uniform(struct sim_group *g)
{
	const struct arrival *a = &g->conf->arrival;
	uint32_t n = g->conf->count;

	g->times = g_new(sim_time_t, n);
	g->order = g_new(uint32_t, n);
	for (uint32_t i = 0; i < n; i++) {
		sim_time_t t =
			a->lo + (sim_time_t)(rng_double(&g->rng) * (double)(a->hi - a->lo + 1));

		g->times[i] = t > a->hi ? a->hi : t;
		g->order[i] = i;
	}
	g_qsort_with_data(g->order, (gint)n, sizeof(uint32_t), by_time_then_index, g->times);
}

/* ------------------------------------------------------------- runtimes */

/* The runtime of ops already made for address space pid, or NULL. */
static struct runtime *runtime_of_pid(struct sim *s, const struct runtime_ops *ops, uint32_t pid)
{
	for (guint i = 0; i < s->runtimes->len; i++) {
		struct runtime *rt = g_ptr_array_index(s->runtimes, i);

		if (runtime_env(rt)->conf.ops == ops && runtime_env(rt)->pid == pid)
			return rt;
	}
	return NULL;
}

/* Give g the runtime its tasks arrive to, if any. */
static void attach_runtime(struct sim *s, struct sim_group *g, GHashTable *names)
{
	const struct group_conf *conf = g->conf;
	const struct runtime_ops *ops = conf->serve.ops;
	struct runtime_env env = {
		.core = s->core,
		.model = &s->sc->model,
		.conf = conf->serve,
		.name = conf->name,
		.tg = &g->tg,
		.first = g->first,
		.pid = g->pid,
		.npids = &s->npids,
		.seed = s->sc->seed,
		.ncpus = s->sc->cpus,
		.expected = conf->count,
		.driver = s->rt_driver,
		.requests = ops != NULL,
	};

	if (ops) {
		/* The server's address space: `process`, or one named after the group. */
		env.pid = g->pid =
			pid_of(names, &s->npids, conf->process ? conf->process : conf->name);
	} else if (conf->kind == TASK_COROUTINE || conf->serve.gil) {
		ops = conf->kind == TASK_COROUTINE ? &coroutines_runtime : &gil_runtime;
		g->rt = runtime_of_pid(s, ops, g->pid);
		if (g->rt) {
			runtime_expect(g->rt, conf->count, &g->tg, g->first);
			return;
		}
		env.name = conf->process;
	} else {
		return;
	}
	env.conf.ops = ops;
	g->rt = runtime_new(ops, &env);
	g_ptr_array_add(s->runtimes, g->rt);
}

/* ----------------------------------------------------------- the world */

/* The scenario's objects as src/sync sees them (ids: their order in the file). */
static struct sync_conf *sync_confs(const struct scenario *sc)
{
	struct sync_conf *objs = g_new0(struct sync_conf, MAX(sc->nobjects, 1));

	for (uint32_t i = 0; i < sc->nobjects; i++) {
		const struct object_conf *o = &sc->objects[i];

		objs[i] = (struct sync_conf){
			.name = o->name,
			.kind = object_kinds[o->kind].kind,
			.barging = o->handoff == OBJECT_HANDOFF_BARGING,
			.inherit = o->protocol == OBJECT_PROTOCOL_INHERIT,
			.prefer_writers = o->prefer == OBJECT_PREFER_WRITERS,
			.value = o->value,
			.capacity = o->capacity,
			.mutex = o->mutex_id,
		};
	}
	return objs;
}

/* Whether some group's tasks run on a runtime (see attach_runtime). */
static bool uses_runtimes(const struct scenario *sc)
{
	for (uint32_t gi = 0; gi < sc->ngroups; gi++) {
		const struct group_conf *g = &sc->groups[gi];

		if (g->serve.ops || g->kind == TASK_COROUTINE || g->serve.gil)
			return true;
	}
	return false;
}

struct sim *sim_new(const struct scenario *sc, const struct record_sink *sink, GError **error)
{
	struct sim *s = g_new0(struct sim, 1);
	g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
	size_t prog_ext = (s->sc = sc, sim_program_layout(s));
	struct sched_config cfg = {
		.policy = sc->policy,
		.policy_conf = sc->policy_conf,
		.ncpus = sc->cpus,
		.global_queue = sc->global_queue,
		.model = &sc->model,
		.seed = sc->seed,
		.horizon = sc->horizon,
		.max_events = sc->max_events,
		.ids = (uint32_t)sc->ntasks,
		/* Every task carries its driver's area: a runtime's only where
		 * one runs. */
		.task_ext_size = uses_runtimes(sc) ? MAX(prog_ext, runtime_ext_size()) : prog_ext,
		.sink = sink,
		.warmup = sc->warmup,
		/* only a mutex's priority inheritance changes priorities */
		.fixed_priorities = sc->nobjects == 0,
	};
	uint32_t id = 0;

	(void)error;
	s->sc = sc;
	s->core = sched_new(&cfg);
	s->prog_driver = sched_driver_add(s->core, &sim_program_driver, s);
	s->rt_driver = sched_driver_add(s->core, &runtime_driver, NULL);
	s->runtimes = g_ptr_array_new_with_free_func((GDestroyNotify)runtime_free);
	s->objs = sync_confs(sc);
	s->sync = sync_world_new(s->core, s->objs, sc->nobjects, sc->model.syscall.median,
				 sc->model.ipc_remote.median);
	s->ngroups = sc->ngroups;
	s->groups = g_new0(struct sim_group, sc->ngroups);
	for (uint32_t gi = 0; gi < sc->ngroups; gi++) {
		const struct group_conf *conf = &sc->groups[gi];
		struct sim_group *g = &s->groups[gi];

		g->tg = (struct task_group){
			.name = conf->name,
			.prog = &conf->program,
			.count = conf->count,
			.single = conf->single,
			.memory = conf->memory,
			.working_set = conf->working_set,
			.affinity = conf->affinity,
			.gid = gi + 1,
			.priority = conf->priority,
			.tickets = conf->tickets,
			.nice = (int16_t)conf->nice, /* -20..19, checked by scenario_load */
		};
		g->conf = conf;
		g->sim = s;
		g->first = id;
		id += conf->count;
		/* A [task] process's address space bears its name, so threads
		 * and coroutines may join it (process = NAME). */
		if (conf->process)
			g->pid = pid_of(names, &s->npids, conf->process);
		else if (conf->single)
			g->pid = pid_of(names, &s->npids, conf->name);
		else
			g->pid = UINT32_MAX;
	}
	/* Runtimes, and their carriers, before the first arrival. */
	for (uint32_t gi = 0; gi < sc->ngroups; gi++)
		attach_runtime(s, &s->groups[gi], names);
	for (guint i = 0; i < s->runtimes->len; i++)
		runtime_setup(g_ptr_array_index(s->runtimes, i));
	/* Arrivals, once every shared address space has its number. */
	for (uint32_t gi = 0; gi < sc->ngroups; gi++) {
		struct sim_group *g = &s->groups[gi];
		g_autofree char *stream = g_strdup_printf("%s/arrival", g->conf->name);

		if (g->conf->arrival.kind == ARRIVAL_SPAWN || g->conf->count == 0)
			continue;
		rng_seed_named(&g->rng, sc->seed, stream, 0);
		g->last = g->conf->arrival.at;
		if (g->conf->arrival.kind == ARRIVAL_UNIFORM)
			draw_uniform(g);
		sched_timer_init(&g->gen, on_arrival);
		set_next_arrival(s, g);
	}
	return s;
}

bool sim_run(struct sim *s, GError **error)
{
	GError *e = NULL;

	if (!sched_run(s->core, &e)) {
		if (g_error_matches(e, SIM_ERROR, SIM_ERROR_EVENT_LIMIT))
			g_prefix_error(&e, "--max-events %" G_GUINT64_FORMAT ": ",
				       s->sc->max_events);
		g_propagate_error(error, e);
		return false;
	}
	/* Events ran out before the horizon: are tasks blocked for good? */
	return sched_horizon_hit(s->core) || sync_check_stalled(s->sync, error);
}

/* A task's result takes no more room than its slot (sched_task_region). */
G_STATIC_ASSERT(sizeof(struct task_result) <= sizeof(struct task));

/*
 * The results. With `take`, each chunk of the core's task slots is given
 * back as soon as its tasks are copied, so that a large run never holds its
 * tasks twice (the sim is then good for sim_free only). When the slots lie
 * in one mapping, the results are written over them from its start, each
 * below the slot it is read from, and the mapping becomes the results':
 * memory the run has already touched, where new memory would cost a page
 * fault for every 51 tasks.
 */
static void result(struct sim *s, struct run_result *out, bool take)
{
	uint32_t ids = sched_task_ids(s->core), n = 0;
	uint64_t completed = 0;
	sim_time_t last = 0;
	GStringChunk *names;
	size_t map = 0, keep;
	void *region = take ? sched_task_region(s->core, &map) : NULL;

	memset(out, 0, sizeof(*out));
	sched_result(s->core, out);
	out->scenario = g_strdup(s->sc->name);
	out->policy = g_strdup(s->sc->policy->name);
	out->model = g_strdup(s->sc->model.name ? s->sc->model.name : "");
	out->seed = s->sc->seed;
	out->time_unit = s->sc->time_unit;
	for (guint i = 0; i < s->runtimes->len; i++) {
		const struct runtime *rt = g_ptr_array_index(s->runtimes, i);
		const struct runtime_env *env = runtime_env(rt);
		struct runtime_stats st;

		runtime_get_stats(rt, &st);
		out->runtimes = true;
		if (env->requests) {
			out->served = true;
			out->requests += st.arrived;
			out->requests_rejected += st.rejected;
		}
		if (env->conf.ops != &gil_runtime)
			out->coroutine_switches += st.switches;
	}
	sync_result(s->sync, out);
	out->ngroups = s->ngroups;
	out->groups = g_new0(struct group_result, MAX(s->ngroups, 1));
	for (uint32_t gi = 0; gi < s->ngroups; gi++) {
		const struct hist *h = sched_group_latency(s->core, gi + 1);

		out->groups[gi].name = g_strdup(s->groups[gi].tg.name);
		out->groups[gi].sched_latency = h ? hist_copy(h) : NULL;
		sched_group_warmup(s->core, gi + 1, &out->groups[gi]);
	}
	for (uint32_t id = 0; id < ids; id++)
		n += sched_task_get(s->core, id) != NULL;
	out->ntasks = n;
	out->tasks = region ? region : g_new0(struct task_result, MAX(n, 1));
	/* the pages the results will take stay, those under the slots after go */
	keep = region ? n * sizeof(*out->tasks) : 0;
	/* every name in one arena: names are short, a block each would double them */
	out->names = names = g_string_chunk_new(MIN(MAX(n, 1u) * 16, 1u << 16));
	n = 0;
	for (uint32_t id = 0; id < ids; id++) {
		const struct task *t = sched_task_get(s->core, id);
		struct task_result res = { 0 }, *r = &res;
		char name[TASK_NAME_MAX];

		if (take && id > 0 && id % SCHED_TASK_CHUNK == 0)
			sched_task_release_below(s->core, id, keep);
		if (!t)
			continue;
		task_format_name(t, name, sizeof(name));
		r->name = g_string_chunk_insert(names, name);
		r->id = t->id;
		r->kind = task_kind_name(t->kind);
		r->arrival = t->arrival;
		r->first_run = t->first_run;
		r->completion = task_completion(t);
		r->cpu = t->cpu_time;
		r->waiting = t->wait_time;
		r->voluntary = t->nvcsw;
		r->involuntary = t->nivcsw;
		r->group = t->group ? t->group->gid : 0;
		r->carrier = t->role == TASK_ROLE_CARRIER;
		r->request = t->role == TASK_ROLE_REQUEST;
		/* t's slot may lie under it: t is not read again */
		out->tasks[n++] = res;
		if (r->carrier)
			continue; /* a runtime's thread, not a task of the scenario */
		if (r->completion != SIM_TIME_NONE)
			completed++;
		if (r->completion > last)
			last = r->completion;
	}
	if (take)
		sched_task_release_below(s->core, ids, keep);
	if (region) {
		sched_task_region_give(s->core);
		out->tasks_map = map;
	}
	/* Every task of the scenario ended (or was turned away): the last end. */
	out->makespan = completed + out->requests_rejected == s->sc->ntasks ? last : out->end;
}

void sim_result(const struct sim *s, struct run_result *out)
{
	result((struct sim *)s, out, false);
}

void sim_result_take(struct sim *s, struct run_result *out)
{
	result(s, out, true);
}

/* Tasks of g expected to arrive by the horizon h (SIM_TIME_INF: all). */
static uint64_t expected_tasks(const struct group_conf *g, sim_time_t h)
{
	const struct arrival *a = &g->arrival;
	uint64_t n = g->count;

	if (h == SIM_TIME_INF)
		return n;
	switch (a->kind) {
	case ARRIVAL_AT:
		return a->at <= h ? n : 0;
	case ARRIVAL_EVERY:
	case ARRIVAL_POISSON: {
		sim_time_t gap = dist_mean(&a->gap);
		double k;

		if (h < a->at)
			return 0;
		if (gap <= 0)
			return n;
		k = (double)(h - a->at) / (double)gap + 1;
		/* a Poisson count's spread: four standard deviations, and some */
		if (a->kind == ARRIVAL_POISSON)
			k += 4 * sqrt(k) + 16;
		return k < (double)n ? (uint64_t)k : n;
	}
	case ARRIVAL_UNIFORM:
		if (h < a->lo)
			return 0;
		return h >= a->hi ? n
				  : MIN(n, (uint64_t)((double)n * (double)(h - a->lo + 1) /
						      (double)(a->hi - a->lo + 1)) +
						   16);
	case ARRIVAL_TRACE: {
		uint64_t k = 0;

		while (k < a->ntimes && a->times[k] <= h)
			k++;
		return MIN(n, k);
	}
	case ARRIVAL_SPAWN:
		break;
	}
	return n;
}

void sim_estimate(const struct sim *s, struct sim_estimate *e)
{
	const struct scenario *sc = s->sc;
	/* a task's slot and heap place, its result and name, its share of the tables */
	uint64_t per_task = sim_bytes_per_task(s) + sizeof(struct task_result) + 32;

	memset(e, 0, sizeof(*e));
	for (uint32_t gi = 0; gi < sc->ngroups; gi++) {
		const struct group_conf *g = &sc->groups[gi];
		uint64_t n = expected_tasks(g, sc->horizon);
		sim_time_t cpu = program_cpu_mean(&g->program);

		e->tasks += n;
		e->bytes += n * per_task;
		/* a uniform process draws every instant at the start */
		if (g->arrival.kind == ARRIVAL_UNIFORM)
			e->bytes += (uint64_t)g->count * (sizeof(sim_time_t) + sizeof(uint32_t));
		if (cpu > 0)
			e->work = sim_time_add(e->work, cpu > SIM_TIME_INF / (sim_time_t)MAX(n, 1)
								? SIM_TIME_INF
								: cpu * (sim_time_t)n);
	}
	e->end = sc->horizon != SIM_TIME_INF ? sc->horizon : e->work / MAX(sc->cpus, 1u);
}

static void on_progress(void *ctx)
{
	struct sim *s = ctx;
	struct sim_progress p = {
		.now = sched_now(s->core),
		.horizon = sched_horizon(s->core),
		.completed = sched_completed(s->core),
		.ntasks = s->sc->ntasks,
		.events = sched_events(s->core),
		.expected = s->expected_end,
	};

	s->progress(s->progress_ctx, &p);
}

void sim_set_progress(struct sim *s, void (*fn)(void *ctx, const struct sim_progress *p), void *ctx)
{
	struct sim_estimate e;

	sim_estimate(s, &e);
	s->expected_end = e.end;
	s->progress = fn;
	s->progress_ctx = ctx;
	sched_set_progress(s->core, fn ? on_progress : NULL, s);
}

bool sim_check_objects(const struct sim *s, GString *msg)
{
	return sync_check_invariants(s->sync, msg);
}

size_t sim_bytes_per_task(const struct sim *s)
{
	return sched_task_bytes(s->core);
}

void sim_free(struct sim *s)
{
	if (!s)
		return;
	sync_world_free(s->sync);
	g_free(s->objs);
	sched_free(s->core);
	g_ptr_array_free(s->runtimes, TRUE);
	for (uint32_t gi = 0; gi < s->ngroups; gi++) {
		g_free(s->groups[gi].times);
		g_free(s->groups[gi].order);
	}
	g_free(s->groups);
	g_free(s);
}
