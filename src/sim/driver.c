/*
 * driver.c - the program driver: what a task's program asks of the core.
 *
 * A task of a scenario runs its program (task/program.h). The core asks
 * what the task does next; this driver walks the program from where the
 * task is (program_next handles loops) and answers with a step:
 *
 *   cpu D       run for a draw of D (a draw of zero needs no CPU: next op)
 *   io D        sleep for a draw of D: the device answers after D
 *   sleep D     the same, on a timer; once woken, compute for the timed
 *               sleep's own CPU ([switch] sleep, 0 in a teaching model)
 *   syscall D   the same, in a blocking system call
 *   yield       sched_yield(2): compute for the call ([switch] yield, or
 *               syscall when the model has no yield; 0 in a teaching
 *               model), then give the CPU up and stay runnable
 *   spawn G     create the next task of group G; the parent computes for
 *               the creation time (fork, pthread_create ...), then goes on
 *   atomic D    run for a draw of D: a short step that never blocks
 *   lock M, send P N ...   an op on an object: handed to src/sync, which
 *               answers done (next op; first, when the op made system
 *               calls, a run of their cost: sync.c) or a wait on one of
 *               its queues
 *   exit, end   terminate
 *
 * Operations that take no time follow one another in one answer, each
 * counted toward the core's limit (sched_step_go_on): a program that
 * repeats nothing else fails the run instead of holding the clock.
 *
 * A task acts on an object only on a CPU. When the driver is asked while
 * the task is not running (it arrives, or it is woken) and its next op is
 * an object's, it answers STEP_READY and keeps the op pending: the op is
 * executed once the task is dispatched. A task woken from an object's queue
 * resumes the same op (sync.h says how each kind finishes or retries it).
 *
 * Each task draws its durations from its own stream, named after its group
 * and index, so a task's draws do not depend on what others do.
 *
 * `syscall D` and `io D` are charged no system-call cost: D is the whole
 * call as the scenario writes it, a blocking call or a device's answer,
 * with no timer of the task's. `sleep D` is a timer: D is the time asked
 * for, and the model's [switch] sleep what nanosleep(2) costs its caller's
 * CPU besides the switches — entering, arming the hrtimer
 * (hrtimer_nanosleep() in kernel/time/hrtimer.c; in a virtual machine,
 * programming the timer traps to the hypervisor) and returning once woken.
 * It is charged once the task is woken, before its next op, as sync ops
 * charge their system calls once done (sync.c); under EEVDF a short sleeper
 * among N busy tasks waits about N times the CPU it is charged per wake-up,
 * so that CPU counts. `yield` is charged its call: the call is all it does,
 * and a sched_yield ping-pong pays it on every switch. The runtimes
 * (src/runtime/) charge neither: a coroutine's or goroutine's sleep is a
 * timer of its runtime, not a nanosleep(2) of its own (runtime.c).
 */
#include "sim/sim_int.h"

/*
 * The driver's area of a task: where it is, its draws and its pending op,
 * in as few bytes as the scenario needs, for every task carries it:
 *
 *   struct sync_task   when the scenario has objects (sync.h: where the
 *                      objects find the task; without objects nothing
 *                      would ever use one)
 *   struct prog_state  the next op and the pending one
 *   uint64_t rng       the state of its stream of draws, when some program
 *                      draws a duration from a distribution (a constant
 *                      needs none); the stream's increment is its group's
 *                      key and its index (rng_keyed_inc), put back for a draw
 *   uint32_t loops[]   iterations left per open repeat, as deep as the
 *                      deepest program nests (none without repeat)
 *
 * The layout is the scenario's (sim_program_layout), the same for every task.
 */
struct prog_state {
	uint32_t pc;	  /* the cursor: index of the next op */
	uint32_t pending; /* PENDING_OP: 1 + index of an object's op to do or resume once
			   * running, 0: none; PENDING_PAID: that yield's system call was charged;
			   * PENDING_SLEPT: woken from a sleep, its CPU ([switch] sleep) is due */
};

#define PENDING_OP    0x3fffffffu
#define PENDING_SLEPT 0x40000000u
#define PENDING_PAID  0x80000000u

/* The deepest repeat of p, 0: none. */
static unsigned program_depth(const struct program *p)
{
	unsigned depth = 0;

	for (uint32_t i = 0; i < p->len; i++)
		if (p->ops[i].kind == OP_REPEAT)
			depth = MAX(depth, p->ops[i].loop.depth + 1u);
	return depth;
}

/* Whether p draws a duration from a distribution. */
static bool program_draws(const struct program *p)
{
	for (uint32_t i = 0; i < p->len; i++) {
		switch (p->ops[i].kind) {
		case OP_CPU:
		case OP_ATOMIC:
		case OP_IO:
		case OP_SLEEP:
		case OP_SYSCALL:
			if (!dist_is_const(&p->ops[i].dur))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

size_t sim_program_layout(struct sim *s)
{
	const struct scenario *sc = s->sc;
	struct sim_prog_layout *l = &s->prog;
	size_t off;

	*l = (struct sim_prog_layout){ 0 };
	for (uint32_t gi = 0; gi < sc->ngroups; gi++) {
		const struct program *p = &sc->groups[gi].program;

		/* pending holds 1 + an op's index in 31 bits: no loadable program comes near */
		g_assert(p->len < PENDING_OP);
		l->depth = MAX(l->depth, program_depth(p));
		l->draws = l->draws || program_draws(p);
	}
	g_assert(l->depth <= PROGRAM_MAX_DEPTH);
	l->state = sc->nobjects ? (sizeof(struct sync_task) + 7) & ~(size_t)7 : 0;
	off = l->state + sizeof(struct prog_state);
	if (l->draws) {
		l->rng = off;
		off += sizeof(uint64_t);
	}
	l->loops = off;
	return off + l->depth * sizeof(uint32_t);
}

static struct prog_state *prog_of(const struct sim *s, const struct task *t)
{
	return (struct prog_state *)((char *)sched_task_ext(t) + s->prog.state);
}

/* Where t's stream keeps its state; only when some program draws. */
static uint64_t *rng_state_of(const struct sim *s, const struct task *t)
{
	g_assert(s->prog.draws);
	return (uint64_t *)((char *)sched_task_ext(t) + s->prog.rng);
}

/* The key of t's group's streams (rng_named_key), worked out once per group. */
static uint64_t rng_key_of(const struct sim *s, const struct task *t)
{
	struct sim_group *g = &s->groups[t->group->gid - 1];

	g_assert(t->group->gid >= 1 && t->group->gid <= s->ngroups && &g->tg == t->group);
	if (!g->prog_keyed) {
		g->prog_key = rng_named_key(s->sc->seed, t->group->name);
		g->prog_keyed = true;
	}
	return g->prog_key;
}

/* A draw of d for t: its stream whole for the draw, its state kept after. */
static sim_time_t draw(const struct sim *s, const struct task *t, const struct dist *d)
{
	uint64_t *state;
	struct rng r;
	sim_time_t v;

	if (dist_is_const(d))
		return dist_sample(d, NULL);
	state = rng_state_of(s, t);
	r.state = *state;
	r.inc = rng_keyed_inc(rng_key_of(s, t), t->index);
	v = dist_sample(d, &r);
	*state = r.state;
	return v;
}

static uint32_t *loops_of(const struct sim *s, const struct task *t)
{
	return (uint32_t *)((char *)sched_task_ext(t) + s->prog.loops);
}

void sim_program_init(const struct sim *s, struct task *t)
{
	struct rng r;

	if (!s->prog.draws)
		return;
	rng_seed_keyed(&r, rng_key_of(s, t), t->index);
	*rng_state_of(s, t) = r.state;
}

/* The next op of t's program (program_next on its cursor), NULL at the end. */
static const struct op *next_op(const struct sim *s, struct task *t, struct prog_state *ps)
{
	struct prog_cursor cur = { .pc = ps->pc };
	uint32_t *loops = loops_of(s, t);
	const struct op *op;

	for (unsigned d = 0; d < s->prog.depth; d++)
		cur.loops[d] = loops[d];
	op = program_next(t->group->prog, &cur);
	ps->pc = cur.pc;
	for (unsigned d = 0; d < s->prog.depth; d++)
		loops[d] = cur.loops[d];
	return op;
}

/* What pending holds for op of p. */
static uint32_t op_index(const struct program *p, const struct op *op)
{
	return (uint32_t)(op - p->ops) + 1;
}

static void program_step(void *self, struct sched *core, struct task *t, struct step *out)
{
	struct sim *s = self;
	struct prog_state *ps = prog_of(s, t);
	const struct program *p = t->group->prog;

	(void)core;
	if (ps->pending & PENDING_SLEPT) {
		/* Back from nanosleep(2): its own CPU first, then the next op. */
		ps->pending &= ~PENDING_SLEPT;
		out->kind = STEP_RUN;
		out->len = s->sc->model.sleep.median;
		return;
	}
	for (;;) {
		uint32_t pending = ps->pending & PENDING_OP;
		const struct op *op = pending ? &p->ops[pending - 1] : next_op(s, t, ps);
		sim_time_t d;

		ps->pending &= PENDING_PAID;
		if (op && op_names_object(op->kind)) {
			if (t->state != TASK_RUNNING) {
				ps->pending |= op_index(p, op); /* act once on a CPU */
				out->kind = STEP_READY;
				return;
			}
			if (!sync_op(s->sync, t, op, op_object(op, t->index), out)) {
				/* the run stops; a wait that closed a deadlock stays
				 * one, for its record (sched_advance) */
				if (out->kind != STEP_WAIT)
					out->kind = STEP_EXIT;
				return;
			}
			if (out->kind == STEP_RUN) {
				if (out->len == 0 && sched_step_go_on(out))
					continue; /* done: the next op */
				return;		  /* done: its system calls, then the next op */
			}
			ps->pending |= op_index(p, op); /* resumed after the wake-up */
			return;
		}
		if (!op) {
			out->kind = STEP_EXIT;
			return;
		}
		switch (op->kind) {
		case OP_CPU:
		case OP_ATOMIC:
			d = draw(s, t, &op->dur);
			if (d == 0 && sched_step_go_on(out))
				continue; /* a draw of zero (a clamped normal) needs no CPU */
			out->kind = STEP_RUN;
			out->len = d;
			return;
		case OP_IO:
		case OP_SLEEP:
		case OP_SYSCALL: /* a thread blocked in the kernel: the same to the core */
			out->kind = STEP_SLEEP;
			out->len = draw(s, t, &op->dur);
			out->why = op_name(op->kind);
			if (op->kind == OP_SLEEP && s->sc->model.sleep.median > 0)
				ps->pending |= PENDING_SLEPT;
			return;
		case OP_YIELD:
			d = s->sc->model.yield.median > 0 ? s->sc->model.yield.median
							  : s->sc->model.syscall.median;
			if (!(ps->pending & PENDING_PAID) && d > 0) {
				/* sched_yield(2) enters the kernel first */
				ps->pending = PENDING_PAID | op_index(p, op);
				out->kind = STEP_RUN;
				out->len = d;
				return;
			}
			ps->pending = 0;
			out->kind = STEP_YIELD;
			return;
		case OP_EXIT:
			out->kind = STEP_EXIT;
			return;
		case OP_SPAWN:
			if (!sim_spawn(s, t, op->spawn.group, &d)) {
				out->kind = STEP_EXIT;
				return;
			}
			if (d == 0 && sched_step_go_on(out))
				continue;
			out->kind = STEP_RUN;
			out->len = d;
			return;
		default:
			/* scenario_load rejects the ops no layer runs yet. */
			g_assert_not_reached();
		}
	}
}

const struct driver_ops sim_program_driver = {
	.name = "program",
	.next = program_step,
};
