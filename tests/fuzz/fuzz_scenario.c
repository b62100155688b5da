/*
 * fuzz_scenario.c - a libFuzzer target for everything that reads user text:
 * scenario files, model files, --set overrides, and each value parser.
 *
 * Not part of `make check` (it needs clang's libFuzzer); build and run it
 * as tests/fuzz/README.md says. Every input must end in a loaded scenario
 * or a GError with a message: never a crash, an assertion, a leak or a
 * hang. tests/unit/test_mutations.c runs a deterministic slice of the same
 * idea in the suite.
 */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "scenario/model_load.h"
#include "scenario/parse.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_values(const char *s, const uint8_t *data, size_t size)
{
	GString *msg = g_string_new(NULL);
	sim_time_t t, *times;
	uint64_t u;
	int64_t i;
	bool b, whole;
	double d;
	struct dist di;
	struct program p;
	struct arrival a;
	uint32_t n;

	parse_duration(s, SIM_MS, DIST_MAX_DRAW, 0, &t, msg);
	parse_size(s, UINT64_MAX, &u, msg);
	parse_uint(s, 0, UINT64_MAX, &u, msg);
	parse_int(s, INT64_MIN, INT64_MAX, &i, msg);
	parse_bool(s, &b, msg);
	parse_double(s, &d, msg);
	parse_name(s, true, msg);
	parse_dist(s, SIM_US, PARSE_POSITIVE, &di, msg);
	if (parse_program(s, SIM_MS, &p, msg)) {
		program_cpu_total(&p);
		program_clear(&p);
	}
	/* No trace(): it would read files named by the input. */
	if (!strstr(s, "trace") && parse_arrival(s, SIM_MS, NULL, &a, msg, &whole))
		g_free(a.times);
	if (parse_trace("t.csv", (const char *)data, size, SIM_MS, &times, &n, msg))
		g_free(times);
	g_string_free(msg, TRUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char base[] = "[scenario]\npolicy = rr\n[rr]\nquantum = 4\n"
				   "[task P1]\nburst = 24\n";
	char *s = g_strndup((const char *)data, size);
	const char *sets[] = { s, NULL };
	struct scenario_overrides ov = { .sets = sets };
	GError *err = NULL;
	struct scenario *sc;
	struct model m;

	sc = scenario_load_data("f.ini", (const char *)data, size, NULL, &err);
	if (sc) {
		scenario_free(sc);
	} else {
		g_assert(err && err->message[0]);
		g_clear_error(&err);
	}
	if (model_load_data(&m, "m.ini", (const char *)data, size, &err))
		model_clear(&m);
	else
		g_clear_error(&err);
	if (g_utf8_validate(s, -1, NULL)) {
		sc = scenario_load_data("b.ini", base, strlen(base), &ov, &err);
		if (sc)
			scenario_free(sc);
		else
			g_clear_error(&err);
	}
	parse_values(s, data, size);
	g_free(s);
	return 0;
}
