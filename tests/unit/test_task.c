/*
 * test_task.c - the program interpreter: each op, loops, names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib.h>

#include "task/task.h"

#define MS SIM_MS

static struct op op_dur(enum op_kind k, sim_time_t d)
{
	struct op o = { .kind = k, .dur = dist_const(d) };
	return o;
}

static struct op op_plain(enum op_kind k)
{
	struct op o = { .kind = k };
	return o;
}

static void setup_task(struct task *t, struct task_group *g, struct program *p, struct op *ops,
		       uint32_t n)
{
	p->ops = ops;
	p->len = n;
	g->name = "g";
	g->prog = p;
	g->count = 1;
	g->single = true;
	task_init(t, g, 0, 0);
}

static void test_cpu_io_sleep_exit_in_order(void **state)
{
	struct op ops[] = { op_dur(OP_CPU, 5 * MS), op_dur(OP_IO, 3 * MS), op_dur(OP_SLEEP, 2 * MS),
			    op_dur(OP_CPU, 1 * MS) };
	struct program p;
	struct task_group g;
	struct task t;
	sim_time_t d = -1;
	uint32_t sg;

	setup_task(&t, &g, &p, ops, 4);
	assert_int_equal(t.state, TASK_NEW);
	assert_int_equal(task_step(&t, &d, &sg), STEP_CPU);
	assert_int_equal(t.burst, 5 * MS);
	assert_int_equal(t.remaining, 5 * MS);
	t.remaining = 0;
	assert_int_equal(task_step(&t, &d, &sg), STEP_BLOCK);
	assert_int_equal(d, 3 * MS);
	assert_int_equal(task_step(&t, &d, &sg), STEP_BLOCK);
	assert_int_equal(d, 2 * MS);
	assert_int_equal(task_step(&t, &d, &sg), STEP_CPU);
	assert_int_equal(t.burst, 1 * MS);
	assert_int_equal(task_step(&t, &d, &sg), STEP_EXIT);
	/* Past the end it stays terminated. */
	assert_int_equal(task_step(&t, &d, &sg), STEP_EXIT);
}

static void test_yield_and_exit_stop_the_program(void **state)
{
	struct op ops[] = { op_plain(OP_YIELD), op_plain(OP_EXIT), op_dur(OP_CPU, 1 * MS) };
	struct program p;
	struct task_group g;
	struct task t;
	sim_time_t d;
	uint32_t sg;

	setup_task(&t, &g, &p, ops, 3);
	assert_int_equal(task_step(&t, &d, &sg), STEP_YIELD);
	assert_int_equal(task_step(&t, &d, &sg), STEP_EXIT);
	assert_int_equal(task_step(&t, &d, &sg), STEP_EXIT); /* the cpu op after exit never runs */
}

static void test_nested_repeat_runs_body_count_times(void **state)
{
	/* repeat 3 { cpu 1; repeat 2 { io 2 } }; cpu 9 */
	struct op ops[] = {
		{ .kind = OP_REPEAT, .loop = { .count = 3, .jump = 6, .depth = 0 } },
		op_dur(OP_CPU, 1 * MS),
		{ .kind = OP_REPEAT, .loop = { .count = 2, .jump = 5, .depth = 1 } },
		op_dur(OP_IO, 2 * MS),
		{ .kind = OP_END_REPEAT, .loop = { .jump = 2, .depth = 1 } },
		{ .kind = OP_END_REPEAT, .loop = { .jump = 0, .depth = 0 } },
		op_dur(OP_CPU, 9 * MS),
	};
	struct program p;
	struct task_group g;
	struct task t;
	sim_time_t d;
	uint32_t sg;

	setup_task(&t, &g, &p, ops, G_N_ELEMENTS(ops));
	for (int i = 0; i < 3; i++) {
		assert_int_equal(task_step(&t, &d, &sg), STEP_CPU);
		assert_int_equal(t.burst, 1 * MS);
		for (int j = 0; j < 2; j++) {
			assert_int_equal(task_step(&t, &d, &sg), STEP_BLOCK);
			assert_int_equal(d, 2 * MS);
		}
	}
	assert_int_equal(task_step(&t, &d, &sg), STEP_CPU);
	assert_int_equal(t.burst, 9 * MS);
	assert_int_equal(task_step(&t, &d, &sg), STEP_EXIT);
}

static void test_names_of_single_tasks_and_group_members(void **state)
{
	struct op ops[] = { op_dur(OP_CPU, 1) };
	struct program p;
	struct task_group g;
	struct task t;
	char buf[TASK_NAME_MAX];

	setup_task(&t, &g, &p, ops, 1);
	g.name = "P1";
	task_format_name(&t, buf, sizeof(buf));
	assert_string_equal(buf, "P1");
	g.name = "clients";
	g.single = false;
	t.index = 12;
	task_format_name(&t, buf, sizeof(buf));
	assert_string_equal(buf, "clients[12]");
	assert_string_equal(task_state_name(TASK_BLOCKED), "blocked");
	assert_string_equal(task_kind_name(TASK_COROUTINE), "coroutine");
}

static void test_distribution_draws_come_from_the_task_stream(void **state)
{
	struct op ops[] = { { .kind = OP_CPU,
			      .dur = { .kind = DIST_UNIFORM, .a = 1 * MS, .b = 2 * MS } } };
	struct program p;
	struct task_group g;
	struct task a, b;
	sim_time_t d;
	uint32_t sg;

	setup_task(&a, &g, &p, ops, 1);
	b = a;
	rng_seed_named(&a.rng, 7, "g", 0);
	rng_seed_named(&b.rng, 7, "g", 0);
	assert_int_equal(task_step(&a, &d, &sg), STEP_CPU);
	assert_int_equal(task_step(&b, &d, &sg), STEP_CPU);
	assert_int_equal(a.burst, b.burst); /* same stream, same draw */
	assert_true(a.burst >= 1 * MS && a.burst <= 2 * MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpu_io_sleep_exit_in_order),
		cmocka_unit_test(test_yield_and_exit_stop_the_program),
		cmocka_unit_test(test_nested_repeat_runs_body_count_times),
		cmocka_unit_test(test_names_of_single_tasks_and_group_members),
		cmocka_unit_test(test_distribution_draws_come_from_the_task_stream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
