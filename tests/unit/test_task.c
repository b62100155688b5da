/*
 * test_task.c - walking a program (ops in order, exit, nested loops) and names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* The kind of the next op that does something, OP__COUNT at the end. */
static enum op_kind next_kind(const struct program *p, struct prog_cursor *cur)
{
	const struct op *op = program_next(p, cur);

	return op ? op->kind : OP__COUNT;
}

static void test_ops_come_in_order_then_the_end(void **state)
{
	struct op ops[] = { op_dur(OP_CPU, 5 * MS), op_dur(OP_IO, 3 * MS), op_dur(OP_SLEEP, 2 * MS),
			    op_dur(OP_CPU, 1 * MS) };
	struct program p = { .ops = ops, .len = 4 };
	struct prog_cursor cur = { 0 };
	const struct op *op;

	op = program_next(&p, &cur);
	assert_ptr_equal(op, &ops[0]);
	assert_int_equal(cur.pc, 1);
	assert_int_equal(next_kind(&p, &cur), OP_IO);
	assert_int_equal(next_kind(&p, &cur), OP_SLEEP);
	op = program_next(&p, &cur);
	assert_ptr_equal(op, &ops[3]);
	assert_null(program_next(&p, &cur));
	/* Past the end it stays at the end. */
	assert_null(program_next(&p, &cur));
}

static void test_exit_skips_the_rest_of_the_program(void **state)
{
	struct op ops[] = { op_plain(OP_YIELD), op_plain(OP_EXIT), op_dur(OP_CPU, 1 * MS) };
	struct program p = { .ops = ops, .len = 3 };
	struct prog_cursor cur = { 0 };

	assert_int_equal(next_kind(&p, &cur), OP_YIELD);
	assert_int_equal(next_kind(&p, &cur), OP_EXIT);
	assert_null(program_next(&p, &cur)); /* the cpu op after exit never runs */
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
	struct program p = { .ops = ops, .len = G_N_ELEMENTS(ops) };
	struct prog_cursor cur = { 0 };

	for (int i = 0; i < 3; i++) {
		assert_ptr_equal(program_next(&p, &cur), &ops[1]);
		for (int j = 0; j < 2; j++)
			assert_ptr_equal(program_next(&p, &cur), &ops[3]);
	}
	assert_ptr_equal(program_next(&p, &cur), &ops[6]);
	assert_null(program_next(&p, &cur));
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
	assert_int_equal(task_format_name(&t, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "P1");
	g.name = "clients";
	g.single = false;
	t.index = 12;
	assert_int_equal(task_format_name(&t, buf, sizeof(buf)), 11);
	assert_string_equal(buf, "clients[12]");
	/* cut to the buffer: the length of what is in it */
	assert_int_equal(task_format_name(&t, buf, 6), 5);
	assert_string_equal(buf, "clien");
	assert_string_equal(task_state_name(TASK_BLOCKED), "blocked");
	assert_string_equal(task_kind_name(TASK_COROUTINE), "coroutine");
}

/*
 * A name rewritten from its index where its group's name ends
 * (task_name_index_at, task_name_put_index) is the name formatted whole, as
 * g_snprintf "%s[%u]" writes it, for group names of every length up to past
 * the buffer and indexes of 1 to 10 digits, and each ends where the length
 * or end it returns says; where the index could be cut, there is no place
 * to rewrite from.
 */
static void test_a_name_rewritten_from_its_index_is_the_whole_name(void **state)
{
	static const uint32_t indexes[] = { 0, 7, 42, 999, 123456, 4294967295u };
	struct op ops[] = { op_dur(OP_CPU, 1) };
	struct program p;
	struct task_group g;
	struct task t;
	char name[TASK_NAME_MAX + 8], whole[TASK_NAME_MAX], want[2 * TASK_NAME_MAX];
	char rewritten[TASK_NAME_MAX];

	setup_task(&t, &g, &p, ops, 1);
	g.single = false;
	g.name = name;
	for (size_t len = 1; len < sizeof(name); len++) {
		size_t at;

		memset(name, 'g', len);
		name[len] = '\0';
		at = task_name_index_at(&g, sizeof(whole));
		if (at)
			assert_int_equal(at, len + 1);
		else
			assert_true(len + 1 + 12 > sizeof(whole)); /* 10 digits, ']' and the NUL */
		t.index = 5;
		task_format_name(&t, rewritten, sizeof(rewritten));
		for (size_t i = 0; i < G_N_ELEMENTS(indexes); i++) {
			size_t n;

			t.index = indexes[i];
			n = task_format_name(&t, whole, sizeof(whole));
			assert_int_equal(n, strlen(whole));
			g_snprintf(want, sizeof(whole), "%s[%u]", name, indexes[i]);
			assert_string_equal(whole, want);
			if (at) {
				char *end = task_name_put_index(rewritten + at, indexes[i]);

				assert_string_equal(rewritten, want);
				assert_ptr_equal(end, rewritten + strlen(want)); /* at the NUL */
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ops_come_in_order_then_the_end),
		cmocka_unit_test(test_exit_skips_the_rest_of_the_program),
		cmocka_unit_test(test_nested_repeat_runs_body_count_times),
		cmocka_unit_test(test_names_of_single_tasks_and_group_members),
		cmocka_unit_test(test_a_name_rewritten_from_its_index_is_the_whole_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
