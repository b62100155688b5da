/*
 * test_mutations.c - bad input never crashes: a deterministic slice of the
 * fuzzing in tests/fuzz/.
 *
 * For a few shipped scenarios, every truncation and every change of one
 * byte to each of a few troublesome bytes (NUL, a bracket, '=', ';', a
 * brace, a digit, a non-UTF-8 byte, a line break) must load or fail with a
 * FILE:LINE message of the scenario error domain: never crash, assert or
 * leak (the suite also runs under ASan and UBSan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "scenario/scenario.h"

static const char *const files[] = {
	"scenarios/showcase.ini",
	"scenarios/textbook/silberschatz-rr.ini",
	"scenarios/textbook/ostep-stride.ini",
	"scenarios/claims/memory-10k.ini",
	"tests/golden/random-workload.ini",
};

static const char bytes[] = { '\0', '[', '=', ';', '{', '9', '\xff', '\n' };

static unsigned loaded, refused;

static void try_text(const char *text, size_t len)
{
	GError *err = NULL;
	struct scenario *sc = scenario_load_data(SRCDIR "/scenarios/m.ini", text, len, NULL, &err);

	if (sc) {
		loaded++;
		scenario_free(sc);
		return;
	}
	refused++;
	assert_non_null(err);
	assert_true(err->domain == SCENARIO_ERROR);
	/* Every message names the file it is about. */
	assert_true(strstr(err->message, "m.ini") || strstr(err->message, ".csv") ||
		    strstr(err->message, ".ini"));
	g_error_free(err);
}

static void test_truncations_and_byte_changes_never_crash(void **state)
{
	for (size_t f = 0; f < G_N_ELEMENTS(files); f++) {
		g_autofree char *path = g_build_filename(SRCDIR, files[f], NULL);
		g_autofree char *text = NULL;
		gsize len;

		assert_true(g_file_get_contents(path, &text, &len, NULL));
		for (size_t n = 0; n <= len; n++)
			try_text(text, n);
		for (size_t i = 0; i < len; i++) {
			char keep = text[i];

			for (size_t b = 0; b < sizeof(bytes); b++) {
				text[i] = bytes[b];
				try_text(text, len);
			}
			text[i] = keep;
		}
	}
	/* Both outcomes happened: the mutations reach past the first checks. */
	assert_true(loaded > 100);
	assert_true(refused > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncations_and_byte_changes_never_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
