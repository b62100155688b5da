/*
 * test_runs.c - what loads also runs: a deterministic slice of the fuzz
 * target tests/fuzz/fuzz_run.c.
 *
 * Shipped scenarios, and changes of one byte of them to troublesome bytes
 * at regular places, are loaded under every registered policy with a short
 * horizon and a bound on events, and each one that loads is run into every
 * output at once: --explain, the Gantt chart, the trace, the table, CSV and
 * JSON (run_all.h). A run may end normally or fail as the model says; none
 * may crash, assert or leak (the suite also runs under ASan and UBSan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "../fuzz/run_all.h"

static const char *const files[] = {
	"scenarios/showcase.ini",	   "tests/golden/random-workload.ini",
	"scenarios/sync/dining-naive.ini", "scenarios/sync/producer-consumer.ini",
	"scenarios/capacity/starving.ini",
};

static const char bytes[] = { '0', '9', ';', '\n' };

/* Byte changes at this many evenly spread places of each file. */
#define PLACES 12

static void test_what_loads_runs_under_every_policy_into_every_output(void **state)
{
	g_autofree char *dir = g_dir_make_tmp("schedlab-runs-XXXXXX", NULL);
	g_autofree char *trace = NULL;
	struct run_all_counts n = { 0 };

	assert_non_null(dir);
	trace = g_build_filename(dir, "t.json", NULL);
	for (size_t f = 0; f < G_N_ELEMENTS(files); f++) {
		g_autofree char *path = g_build_filename(SRCDIR, files[f], NULL);
		g_autofree char *text = NULL;
		gsize len;

		assert_true(g_file_get_contents(path, &text, &len, NULL));
		/* relative paths (trace(), model =) are taken from the file's folder */
		run_all(path, text, len, trace, &n);
		for (size_t k = 0; k < PLACES; k++) {
			size_t i = (k * 7919 + 13) % len;
			char keep = text[i];

			for (size_t b = 0; b < sizeof(bytes); b++) {
				text[i] = bytes[b];
				run_all(path, text, len, trace, &n);
			}
			text[i] = keep;
		}
	}
	g_unlink(trace);
	g_rmdir(dir);
	/* The slice reaches runs, both kinds of ending, and refusals. */
	assert_true(n.loaded > 500);
	assert_true(n.ran > 300);
	assert_true(n.failed > 0);
	assert_true(n.refused > 0);
	print_message("# loaded %u, refused %u, ran %u, failed %u\n", n.loaded, n.refused, n.ran,
		      n.failed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_loads_runs_under_every_policy_into_every_output),
	};

	/* A g_return_if_fail or a warning is a defect here too. */
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
