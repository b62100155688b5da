/*
 * program.c - the life cycle and the names of programs; see program.h.
 *
 * Parsing lives in scenario/program_parse.c and the meaning of each op in its
 * driver (src/sim/driver.c): this file walks a program's control flow,
 * frees a program, names its operations and sums its CPU demand. It knows
 * nothing of scenarios, schedulers or random draws.
 */
#include "task/program.h"

#include <glib.h>
#include <string.h>

const struct op *program_next(const struct program *p, struct prog_cursor *cur)
{
	for (;;) {
		const struct op *op;

		if (cur->pc >= p->len)
			return NULL;
		op = &p->ops[cur->pc];
		switch (op->kind) {
		case OP_REPEAT:
			g_assert(op->loop.depth < PROGRAM_MAX_DEPTH && op->loop.count >= 1);
			cur->loops[op->loop.depth] = op->loop.count;
			cur->pc++;
			continue;
		case OP_END_REPEAT:
			if (--cur->loops[op->loop.depth] > 0)
				cur->pc = op->loop.jump + 1;
			else
				cur->pc++;
			continue;
		case OP_EXIT:
			cur->pc = p->len;
			return op;
		default:
			cur->pc++;
			return op;
		}
	}
}

void program_clear(struct program *p)
{
	if (!p)
		return;
	if (p->names)
		for (uint32_t i = 0; i < p->len; i++)
			g_free(p->names[i]);
	g_free(p->names);
	g_free(p->ops);
	memset(p, 0, sizeof(*p));
}

const char *op_name(enum op_kind k)
{
	static const char *const names[] = {
		[OP_CPU] = "cpu",	  [OP_IO] = "io",
		[OP_SLEEP] = "sleep",	  [OP_YIELD] = "yield",
		[OP_REPEAT] = "repeat",	  [OP_END_REPEAT] = "end",
		[OP_EXIT] = "exit",	  [OP_LOCK] = "lock",
		[OP_UNLOCK] = "unlock",	  [OP_WAIT] = "wait",
		[OP_POST] = "post",	  [OP_SEND] = "send",
		[OP_RECV] = "recv",	  [OP_SPAWN] = "spawn",
		[OP_ATOMIC] = "atomic",	  [OP_COND_WAIT] = "cond_wait",
		[OP_SIGNAL] = "signal",	  [OP_BROADCAST] = "broadcast",
		[OP_RDLOCK] = "rdlock",	  [OP_WRLOCK] = "wrlock",
		[OP_SYSCALL] = "syscall",
	};

	g_return_val_if_fail((unsigned)k < G_N_ELEMENTS(names), "?");
	return names[k];
}

/* a * b for non-negative values, saturating at SIM_TIME_INF. */
static sim_time_t mul_sat(sim_time_t a, sim_time_t b)
{
	if (a == 0 || b == 0)
		return 0;
	return a > SIM_TIME_INF / b ? SIM_TIME_INF : a * b;
}

/*
 * The first exit the program reaches is the first one in text order: every
 * loop runs at least once, so execution meets text positions in increasing
 * order until then. An op before that exit runs once per iteration of each
 * loop that closes before the exit; the loops still open at the exit are in
 * their first iteration when it ends the program, so they count once.
 */
static sim_time_t cpu_sum(const struct program *p, bool mean)
{
	uint32_t end = p->len;
	sim_time_t mult[PROGRAM_MAX_DEPTH + 1];
	int depth = 0;
	sim_time_t total = 0;

	for (uint32_t i = 0; i < p->len; i++) {
		if ((p->ops[i].kind == OP_CPU || p->ops[i].kind == OP_ATOMIC) && !mean &&
		    !dist_is_const(&p->ops[i].dur))
			return -1;
		if (p->ops[i].kind == OP_EXIT && end == p->len)
			end = i;
	}
	mult[0] = 1;
	for (uint32_t i = 0; i < end; i++) {
		const struct op *op = &p->ops[i];

		switch (op->kind) {
		case OP_CPU:
		case OP_ATOMIC:
			total = sim_time_add(total, mul_sat(mean ? dist_mean(&op->dur) : op->dur.a,
							    mult[depth]));
			break;
		case OP_REPEAT:
			g_assert(depth < PROGRAM_MAX_DEPTH);
			/* op->loop.jump - 1 is the loop's OP_END_REPEAT. */
			mult[depth + 1] = op->loop.jump - 1 < end
						  ? mul_sat(mult[depth], op->loop.count)
						  : mult[depth];
			depth++;
			break;
		case OP_END_REPEAT:
			g_assert(depth > 0);
			depth--;
			break;
		default:
			break;
		}
	}
	return total;
}

sim_time_t program_cpu_total(const struct program *p)
{
	return cpu_sum(p, false);
}

sim_time_t program_cpu_mean(const struct program *p)
{
	return cpu_sum(p, true);
}
