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
 * The driver's area of a task: where it is, its draws and its pending op.
 * When the scenario has objects, the area starts with the task's struct
 * sync_task, where the objects find it (sync.h); without objects nothing
 * would ever use one, and a task does not carry it.
 */
struct prog_state {
	struct prog_cursor cur;	  /* where the task is in its program */
	struct rng rng;		  /* its draws */
	const struct op *pending; /* an object's op to do or resume once running */
	bool paid;		  /* a pending yield's system call was charged */
	bool slept;		  /* woken from a sleep: its CPU ([switch] sleep) is due */
};

static size_t sync_part(const struct scenario *sc)
{
	return sc->nobjects ? (sizeof(struct sync_task) + 7) & ~(size_t)7 : 0;
}

size_t sim_program_ext_size(const struct scenario *sc)
{
	return sync_part(sc) + sizeof(struct prog_state);
}

static struct prog_state *prog_of(const struct sim *s, const struct task *t)
{
	return (struct prog_state *)((char *)sched_task_ext(t) + sync_part(s->sc));
}

void sim_program_init(const struct sim *s, struct task *t)
{
	struct prog_state *ps = prog_of(s, t);

	rng_seed_named(&ps->rng, s->sc->seed, t->group->name, t->index);
}

static void program_step(void *self, struct sched *core, struct task *t, struct step *out)
{
	struct sim *s = self;
	struct prog_state *ps = prog_of(s, t);
	const struct program *p = t->group->prog;

	(void)core;
	if (ps->slept) {
		/* Back from nanosleep(2): its own CPU first, then the next op. */
		ps->slept = false;
		out->kind = STEP_RUN;
		out->len = s->sc->model.sleep.median;
		return;
	}
	for (;;) {
		const struct op *op = ps->pending ? ps->pending : program_next(p, &ps->cur);
		sim_time_t d;

		ps->pending = NULL;
		if (op && op_names_object(op->kind)) {
			if (t->state != TASK_RUNNING) {
				ps->pending = op; /* act once on a CPU */
				out->kind = STEP_READY;
				return;
			}
			if (!sync_op(s->sync, t, op, op_object(op, t->index), out)) {
				out->kind = STEP_EXIT; /* the run stops */
				return;
			}
			if (out->kind == STEP_RUN) {
				if (out->len == 0)
					continue; /* done: the next op */
				return;		  /* done: its system calls, then the next op */
			}
			ps->pending = op; /* resumed after the wake-up */
			return;
		}
		if (!op) {
			out->kind = STEP_EXIT;
			return;
		}
		switch (op->kind) {
		case OP_CPU:
		case OP_ATOMIC:
			d = dist_sample(&op->dur, &ps->rng);
			if (d == 0)
				continue; /* a draw of zero (a clamped normal) needs no CPU */
			out->kind = STEP_RUN;
			out->len = d;
			return;
		case OP_IO:
		case OP_SLEEP:
		case OP_SYSCALL: /* a thread blocked in the kernel: the same to the core */
			out->kind = STEP_SLEEP;
			out->len = dist_sample(&op->dur, &ps->rng);
			out->why = op_name(op->kind);
			ps->slept = op->kind == OP_SLEEP && s->sc->model.sleep.median > 0;
			return;
		case OP_YIELD:
			d = s->sc->model.yield.median > 0 ? s->sc->model.yield.median
							  : s->sc->model.syscall.median;
			if (!ps->paid && d > 0) {
				ps->paid = true; /* sched_yield(2) enters the kernel first */
				ps->pending = op;
				out->kind = STEP_RUN;
				out->len = d;
				return;
			}
			ps->paid = false;
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
			if (d == 0)
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
