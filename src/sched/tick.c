/*
 * tick.c - the policy's periodic tick, one event per tick instant.
 *
 * A running CPU ticks at the multiples of the policy's period (CONFIG_HZ:
 * sched_tick(), formerly scheduler_tick(), on every CPU), so on a machine of many busy CPUs many
 * ticks fall on one instant. Rather than an event of its own per CPU, the
 * ticks of one instant are a batch: one event that serves its CPUs in turn,
 * in the order their ticks were armed. That is the order in which their own
 * events would have left the queue (same time, same phase: by sequence
 * number), so the run is the same, bit for bit, with one heap operation per
 * instant instead of one per CPU; each CPU served still counts as an event
 * (engine_count_next), so event counts and --max-events are unchanged.
 * (CPU order would not do: the ticks of CPUs that share a queue touch that
 * queue in turn, and a tick and the balancer touch the same run queues.)
 *
 * The periodic balancer fires in the same TICK phase (balance.c). Its order
 * among the ticks of its instant is kept too: a tick armed after the
 * balancer's event for the same instant joins a second batch, queued after
 * that event. So an instant has at most two batches, and at most two
 * instants have ticks pending at once (the one being served and the next),
 * hence TICK_BATCHES; one more slot holds the CPUs being served.
 *
 * A CPU's tick is armed when it starts running a task and after each tick,
 * and cancelled when the task stops running (stop_curr). With one CPU there
 * is nothing to gather: its tick is the first batch, without the search.
 */
#include "sched/sched_int.h"

#define NO_CPU UINT32_MAX

/* Unlink c from batch b (its batch). */
static void batch_del(struct sched *s, struct tick_batch *b, struct cpu *c)
{
	if (c->tick_prev != NO_CPU)
		s->cpus[c->tick_prev].tick_next = c->tick_next;
	else
		b->head = c->tick_next;
	if (c->tick_next != NO_CPU)
		s->cpus[c->tick_next].tick_prev = c->tick_prev;
	else
		b->tail = c->tick_prev;
	c->tick_batch = TICK_NONE;
}

/* Every CPU of batch b, in order, ticks; b's event has fired. */
static void on_tick_batch(struct event *ev, void *ctx)
{
	struct sched *s = ctx;
	struct tick_batch *b = &s->ticks[ev->tag], *serving = &s->ticks[TICK_SERVING];
	bool first = true;

	/* Move its CPUs apart, so that b is free for the ticks they arm next. */
	s->tick_live &= (uint8_t) ~(1u << ev->tag);
	*serving = (struct tick_batch){ .head = b->head, .tail = b->tail };
	b->head = b->tail = NO_CPU;
	for (uint32_t id = serving->head; id != NO_CPU; id = s->cpus[id].tick_next)
		s->cpus[id].tick_batch = TICK_SERVING;
	while (serving->head != NO_CPU) {
		struct cpu *c = &s->cpus[serving->head];

		if (!first && !engine_count_next(&s->eng))
			return; /* the run stops here */
		first = false;
		batch_del(s, serving, c);
		sched_tick(s, c);
	}
}

void tick_init(struct sched *s)
{
	for (uint32_t i = 0; i <= TICK_SERVING; i++) {
		event_init(&s->ticks[i].ev, on_tick_batch, i);
		s->ticks[i].head = s->ticks[i].tail = NO_CPU;
	}
	for (uint32_t i = 0; i < s->ncpus; i++)
		s->cpus[i].tick_batch = TICK_NONE;
	s->tick_open = 0;
	s->tick_live = 0;
}

/*
 * The batch a tick armed now for instant `at` joins: the latest batch of
 * that instant, unless the balancer's event for it was queued after that
 * batch's; else a free one, queued now.
 */
static struct tick_batch *batch_for(struct sched *s, sim_time_t at)
{
	struct tick_batch *last = NULL, *open = &s->ticks[s->tick_open];
	unsigned live = s->tick_live, i;

	/* the batch queued last is the latest of its instant */
	if ((live >> s->tick_open & 1) && open->ev.time == at)
		last = open;
	else
		for (unsigned bits = live; bits; bits &= bits - 1) {
			struct tick_batch *b = &s->ticks[__builtin_ctz(bits)];

			if (b->ev.time == at && (!last || b->ev.key > last->ev.key))
				last = b;
		}
	if (last &&
	    !(event_pending(&s->balance_ev) && s->balance_ev.time == at &&
	      event_phase(&s->balance_ev) == EV_PHASE_TICK && s->balance_ev.key > last->ev.key))
		return last;
	i = (unsigned)__builtin_ctz(~live); /* a batch not queued holds no CPU */
	g_assert(i < TICK_BATCHES);	    /* see TICK_BATCHES */
	engine_at(&s->eng, &s->ticks[i].ev, at, EV_PHASE_TICK);
	s->tick_live = (uint8_t)(live | 1u << i);
	s->tick_open = (uint8_t)i;
	return &s->ticks[i];
}

/* tick_arm's work: c's tick is not armed, and there is a tick. */
void tick_arm_timer(struct sched *s, struct cpu *c)
{
	sim_time_t p = s->tick_period, at;
	struct tick_batch *b;

	/* the first multiple of the period after now (a tick at this very
	 * instant has had its phase already when a CPU starts running in the
	 * dispatch phase); SIM_TIME_INF past the largest time, which never
	 * comes: the tick goes when its CPU stops running */
	at = sim_time_next_multiple(s->eng.now, p);
	if (s->ncpus == 1) {
		/* one CPU: its batch is the first, and no balancer shares the phase */
		b = &s->ticks[0];
		engine_at(&s->eng, &b->ev, at, EV_PHASE_TICK);
		b->head = b->tail = c->id;
		c->tick_prev = c->tick_next = NO_CPU;
		c->tick_batch = 0;
		return;
	}
	b = batch_for(s, at);
	c->tick_batch = (uint8_t)(b - s->ticks);
	c->tick_next = NO_CPU;
	c->tick_prev = b->tail;
	if (b->tail != NO_CPU)
		s->cpus[b->tail].tick_next = c->id;
	else
		b->head = c->id;
	b->tail = c->id;
}

/* tick_cancel's work: c's tick is armed. */
void tick_cancel_timer(struct sched *s, struct cpu *c)
{
	struct tick_batch *b = &s->ticks[c->tick_batch];

	if (s->ncpus == 1 && c->tick_batch == 0) {
		engine_cancel(&s->eng, &b->ev); /* the CPU's own, as tick_arm queued it */
		b->head = b->tail = NO_CPU;
		c->tick_batch = TICK_NONE;
		return;
	}
	batch_del(s, b, c);
	if (b->head == NO_CPU && event_pending(&b->ev)) {
		engine_cancel(&s->eng, &b->ev);
		s->tick_live &= (uint8_t) ~(1u << (b - s->ticks));
	}
}
