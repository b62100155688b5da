/*
 * runtime.c - the registry of execution models, the one runtime driver, and
 * what every model shares: admission and its counts, a task's program in a
 * runtime's words, carriers, parking on a timer, FIFOs; see runtime.h.
 *
 * Admission. A request that arrives while `queue` requests already wait
 * for a carrier is turned away: counted, recorded (a `reject` record with
 * the reason) and never created, as a server's full accept backlog or a
 * pool's full queue refuses work. What "waiting" means is the model's
 * (ops->waiting): queued for a pool's worker, a coroutine or goroutine that
 * has not yet run.
 *
 * Programs. A runtime's tasks run their programs here, not in the program
 * driver (src/sim/driver.c), but draw from the same streams (named after
 * the group and the task's index), so that a task draws the same durations
 * whichever way it is served. They pay none of the system calls the program
 * driver charges (a yield's, a sleep's [switch] sleep): a coroutine's or
 * goroutine's sleep parks it on a timer of its runtime (asyncio's
 * call_later, Go's timers), not a nanosleep(2) of its own; the threads of
 * the other models pay no system call for any op, their yields included: a
 * runtime models what its requests do, not each call its threads make.
 *
 * Crediting. A carrier's STEP_RUN is the model's own work (a coroutine
 * switch, a coroutine's creation) followed by CPU of the user task it runs.
 * The core calls the driver's charge as it accounts the carrier's time; the
 * model's work is taken first and the rest is credited to the user task,
 * so that a run cut by the horizon still credits what ran.
 */
#include "runtime/runtime.h"

#include <stdarg.h>
#include <string.h>

#include "machine/model.h"

extern const struct runtime_ops process_per_request_runtime;
extern const struct runtime_ops thread_per_request_runtime;
extern const struct runtime_ops threadpool_runtime;
extern const struct runtime_ops eventloop_runtime;
extern const struct runtime_ops mn_runtime;

static const struct runtime_ops *const registry[] = {
	&process_per_request_runtime,
	&thread_per_request_runtime,
	&threadpool_runtime,
	&eventloop_runtime,
	&mn_runtime,
	NULL,
};

const struct runtime_ops *const *runtime_all(void)
{
	return registry;
}

const struct runtime_ops *runtime_find(const char *name)
{
	for (const struct runtime_ops *const *r = registry; *r; r++)
		if (!strcmp((*r)->name, name))
			return *r;
	return NULL;
}

/* Carriers of one kind ("loop", "worker", "M") share a group named after it. */
#define RT_MAX_CARRIER_GROUPS 4

struct runtime {
	const struct runtime_ops *ops;
	struct runtime_env env;
	void *priv;
	struct runtime_stats stats;
	uint64_t ended; /* admitted tasks that have ended */
	struct task_group carriers[RT_MAX_CARRIER_GROUPS];
	unsigned ncarrier_groups;
	uint64_t working_set; /* its carriers': the largest of its groups' */
	GString *why;
};

size_t runtime_ext_size(void)
{
	return sizeof(struct rt_task);
}

struct runtime *runtime_new(const struct runtime_ops *ops, const struct runtime_env *env)
{
	struct runtime *rt = g_new0(struct runtime, 1);

	rt->ops = ops;
	rt->env = *env;
	rt->priv = ops->priv_size ? g_malloc0(ops->priv_size) : NULL;
	rt->working_set = env->tg->working_set;
	rt->why = g_string_new(NULL);
	return rt;
}

void runtime_expect(struct runtime *rt, uint64_t n, const struct task_group *tg, uint32_t first)
{
	(void)first;
	rt->env.expected += n;
	rt->working_set = MAX(rt->working_set, tg->working_set);
}

void runtime_setup(struct runtime *rt)
{
	if (rt->ops->setup)
		rt->ops->setup(rt);
}

void runtime_free(struct runtime *rt)
{
	if (!rt)
		return;
	if (rt->ops->release)
		rt->ops->release(rt);
	for (unsigned i = 0; i < rt->ncarrier_groups; i++)
		g_free((char *)rt->carriers[i].name);
	g_string_free(rt->why, TRUE);
	g_free(rt->priv);
	g_free(rt);
}

void runtime_get_stats(const struct runtime *rt, struct runtime_stats *out)
{
	*out = rt->stats;
}

void *runtime_priv(const struct runtime *rt)
{
	return rt->priv;
}

const struct runtime_env *runtime_env(const struct runtime *rt)
{
	return &rt->env;
}

struct sched *runtime_core(const struct runtime *rt)
{
	return rt->env.core;
}

struct runtime_stats *runtime_stats_of(struct runtime *rt)
{
	return &rt->stats;
}

uint64_t runtime_live(const struct runtime *rt)
{
	return rt->stats.arrived - rt->stats.rejected - rt->ended;
}

bool runtime_done(const struct runtime *rt)
{
	return rt->stats.arrived >= rt->env.expected && runtime_live(rt) == 0;
}

const char *runtime_why(struct runtime *rt, const char *fmt, ...)
{
	va_list ap;

	if (!sched_wants_why(rt->env.core))
		return NULL;
	g_string_truncate(rt->why, 0);
	va_start(ap, fmt);
	g_string_append_vprintf(rt->why, fmt, ap);
	va_end(ap);
	return rt->why->str;
}

/* ------------------------------------------------------------ arrivals */

static void on_spawned(struct sched *s, struct sched_timer *tm)
{
	struct rt_task *r = (struct rt_task *)((char *)tm - offsetof(struct rt_task, timer));

	(void)s;
	r->rt->ops->submit(r->rt, r->self);
}

/* May a request arriving now be taken? */
static bool admit(const struct runtime *rt)
{
	if (!rt->env.requests)
		return true;
	if (rt->ops->admit)
		return rt->ops->admit(rt);
	return !rt->env.conf.queue || !rt->ops->waiting ||
	       rt->ops->waiting(rt) < rt->env.conf.queue;
}

struct task *runtime_arrive(struct runtime *rt, const struct task_group *tg, uint32_t id,
			    uint32_t index, sim_time_t at, const struct task *parent)
{
	struct sched *s = rt->env.core;
	uint32_t waiting = rt->ops->waiting ? rt->ops->waiting(rt) : 0;
	struct task *t;
	struct rt_task *r;

	rt->stats.arrived++;
	if (!admit(rt)) {
		char name[TASK_NAME_MAX];

		rt->stats.rejected++;
		if (sched_wants_why(s)) {
			struct task_group g = *tg;
			struct task probe = { .group = &g, .index = index };

			task_format_name(&probe, name, sizeof(name));
			sched_user_record(
				s, REC_REJECT, NULL,
				runtime_why(rt, "%s: %s: queue full (%u waiting, queue = %u)", name,
					    rt->ops->name, waiting, rt->env.conf.queue));
		}
		return NULL;
	}
	t = sched_task_new(s, id, tg, index, rt->env.driver);
	t->pid = rt->env.pid;
	t->role = rt->env.requests ? TASK_ROLE_REQUEST : TASK_ROLE_TASK;
	t->arrival = at;
	t->parent = parent;
	r = rt_of(t);
	r->rt = rt;
	r->self = t;
	r->next = RT_NONE;
	r->user = RT_NONE;
	rng_seed_named(&r->rng, rt->env.seed, tg->name, index);
	if (at > sched_now(s)) {
		sched_timer_init(&r->timer, on_spawned);
		sched_timer_at(s, &r->timer, at);
		return t;
	}
	rt->ops->submit(rt, t);
	return t;
}

void runtime_user_exit(struct runtime *rt, struct task *u)
{
	rt->ended++;
	sched_user_state(rt->env.core, u, TASK_TERMINATED, NULL, 0, NULL);
}

void runtime_task_exit(struct runtime *rt, struct task *t)
{
	(void)t;
	rt->ended++;
}

/* ------------------------------------------------------------ programs */

enum rt_act rt_prog_next(struct task *t, sim_time_t *len, const char **why)
{
	struct rt_task *r = rt_of(t);
	const struct program *p = t->group->prog;

	for (;;) {
		const struct op *op = program_next(p, &r->cur);

		if (!op)
			return RT_EXIT;
		switch (op->kind) {
		case OP_CPU:
		case OP_ATOMIC: /* a short computation: the same to a runtime */
			*len = dist_sample(&op->dur, &r->rng);
			if (*len == 0)
				continue;
			return RT_CPU;
		case OP_IO:
		case OP_SLEEP:
			*len = dist_sample(&op->dur, &r->rng);
			*why = op_name(op->kind);
			return RT_AWAIT;
		case OP_SYSCALL:
			*len = dist_sample(&op->dur, &r->rng);
			*why = "syscall";
			return RT_SYSCALL;
		case OP_YIELD:
			return RT_YIELD;
		case OP_EXIT:
			return RT_EXIT;
		default:
			/* scenario_load refuses the others in a runtime's groups. */
			g_assert_not_reached();
		}
	}
}

enum rt_act rt_user_next(struct task *t, sim_time_t *len, const char **why)
{
	struct rt_task *r = rt_of(t);

	if (r->left > 0) {
		*len = r->left;
		return RT_CPU;
	}
	return rt_prog_next(t, len, why);
}

/* ------------------------------------------------------------ carriers */

struct task *runtime_carrier_new(struct runtime *rt, const char *what, uint32_t index,
				 enum task_kind kind, uint32_t pid, uint32_t slot,
				 sched_timer_fn fn)
{
	struct sched *s = rt->env.core;
	g_autofree char *name = g_strdup_printf("%s.%s", rt->env.name, what);
	struct task_group *g = NULL;
	struct task *t;
	struct rt_task *r;

	for (unsigned i = 0; i < rt->ncarrier_groups; i++)
		if (!strcmp(rt->carriers[i].name, name))
			g = &rt->carriers[i];
	if (!g) {
		g_assert(rt->ncarrier_groups < RT_MAX_CARRIER_GROUPS);
		g = &rt->carriers[rt->ncarrier_groups++];
		g->name = g_steal_pointer(&name);
		g->count = UINT32_MAX;
		/*
		 * The group's attributes are its carriers': `cpus` pins them, and
		 * the policy weighs them by its priority, nice and tickets (the
		 * coroutine groups of one process agree on these, scenario_load
		 * checks); a carrier touches the working set of what it runs.
		 */
		g->affinity = rt->env.tg->affinity;
		g->priority = rt->env.tg->priority;
		g->nice = rt->env.tg->nice;
		g->tickets = rt->env.tg->tickets;
		g->working_set = rt->working_set;
	}
	t = sched_task_new(s, sched_task_ids(s), g, index, rt->env.driver);
	t->kind = (uint8_t)kind;
	t->pid = pid;
	t->role = TASK_ROLE_CARRIER;
	t->arrival = sched_now(s);
	r = rt_of(t);
	r->rt = rt;
	r->self = t;
	r->next = RT_NONE;
	r->user = RT_NONE;
	r->last = RT_NONE;
	r->slot = slot;
	if (fn)
		sched_timer_init(&r->timer, fn);
	sched_arrive(s, t);
	return t;
}

void rt_carrier_run(struct task *carrier, struct task *u, sim_time_t overhead, sim_time_t cpu,
		    struct step *out)
{
	struct rt_task *c = rt_of(carrier);

	c->user = u ? u->id : RT_NONE;
	c->overhead = overhead;
	if (u && cpu)
		rt_of(u)->left = cpu;
	out->kind = STEP_RUN;
	out->len = overhead + cpu;
}

static void on_user_timer(struct sched *s, struct sched_timer *tm)
{
	struct rt_task *r = (struct rt_task *)((char *)tm - offsetof(struct rt_task, timer));

	sched_user_state(s, r->self, TASK_READY, NULL, 0, NULL);
	r->rt->ops->wake(r->rt, r->self);
}

void runtime_park(struct runtime *rt, struct task *u, sim_time_t len, const char *why)
{
	struct rt_task *r = rt_of(u);
	struct sched *s = rt->env.core;

	sched_user_state(s, u, TASK_BLOCKED, NULL, len, why);
	sched_timer_init(&r->timer, on_user_timer);
	sched_timer_at(s, &r->timer, sim_time_add(sched_now(s), len));
}

/* --------------------------------------------------------------- FIFOs */

void rt_fifo_init(struct rt_fifo *q)
{
	q->head = q->tail = RT_NONE;
	q->len = 0;
}

void rt_fifo_push(struct sched *s, struct rt_fifo *q, struct task *t)
{
	rt_of(t)->next = RT_NONE;
	if (q->tail != RT_NONE)
		rt_of(sched_task_get(s, q->tail))->next = t->id;
	else
		q->head = t->id;
	q->tail = t->id;
	q->len++;
}

void rt_fifo_push_head(struct sched *s, struct rt_fifo *q, struct task *t)
{
	(void)s;
	rt_of(t)->next = q->head;
	q->head = t->id;
	if (q->tail == RT_NONE)
		q->tail = t->id;
	q->len++;
}

struct task *rt_fifo_pop(struct sched *s, struct rt_fifo *q)
{
	struct task *t;

	if (q->head == RT_NONE)
		return NULL;
	t = sched_task_get(s, q->head);
	q->head = rt_of(t)->next;
	if (q->head == RT_NONE)
		q->tail = RT_NONE;
	rt_of(t)->next = RT_NONE;
	q->len--;
	return t;
}

void rt_fifo_splice(struct sched *s, struct rt_fifo *to, struct rt_fifo *from)
{
	if (!from->len)
		return;
	if (to->tail != RT_NONE)
		rt_of(sched_task_get(s, to->tail))->next = from->head;
	else
		to->head = from->head;
	to->tail = from->tail;
	to->len += from->len;
	rt_fifo_init(from);
}

/* ------------------------------------------------------------ the driver */

static void driver_next(void *self, struct sched *s, struct task *t, struct step *out)
{
	struct rt_task *r = rt_of(t);

	(void)self;
	(void)s;
	r->rt->ops->next(r->rt, t, out);
}

static void driver_charge(void *self, struct task *t, sim_time_t ran)
{
	struct rt_task *c = rt_of(t);
	sim_time_t model = MIN(ran, c->overhead);
	struct task *u;

	(void)self;
	c->overhead -= model;
	ran -= model;
	if (!ran || c->user == RT_NONE)
		return;
	u = sched_task_get(c->rt->env.core, c->user);
	if (u != t) {
		/* a carrier running a user task: the task's CPU */
		sched_user_charge(u, ran);
		g_assert(rt_of(u)->left >= ran);
		rt_of(u)->left -= ran;
	}
}

const struct driver_ops runtime_driver = {
	.name = "runtime",
	.next = driver_next,
	.charge = driver_charge,
};
