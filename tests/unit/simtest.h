/*
 * simtest.h - running a scenario from a unit test.
 *
 * Include after <cmocka.h>. Every failure (a scenario error, a failed run)
 * fails the calling test with its message.
 */
#ifndef SCHEDLAB_SIMTEST_H
#define SCHEDLAB_SIMTEST_H

#include <string.h>

#include "scenario/scenario.h"
#include "sched/result.h"
#include "sim/sim.h"

/*
 * Load `text` (named SRCDIR/tests/unit/inline.ini, so that relative paths in
 * it are taken from tests/unit) or, when text is NULL, the file `path`, with
 * the overrides ov (may be NULL); run it into sink (may be NULL); fill *res.
 */
static inline void simtest_run(const char *path, const char *text,
			       const struct scenario_overrides *ov, const struct record_sink *sink,
			       struct run_result *res)
{
	GError *err = NULL;
	struct scenario *sc;
	struct sim *sim;

	if (text)
		sc = scenario_load_data(SRCDIR "/tests/unit/inline.ini", text, strlen(text), ov,
					&err);
	else
		sc = scenario_load(path, ov, &err);
	if (!sc)
		fail_msg("scenario: %s", err->message);
	sim = sim_new(sc, sink, &err);
	assert_non_null(sim);
	if (!sim_run(sim, &err))
		fail_msg("run: %s", err->message);
	sim_result(sim, res);
	sim_free(sim);
	scenario_free(sc);
}

/*
 * The same for a run that must fail: load (which must succeed), run into
 * sink (may be NULL; which must not succeed), and return the run's error
 * for the caller to check and free.
 */
static inline GError *simtest_fails_into(const char *path, const char *text,
					 const struct scenario_overrides *ov,
					 const struct record_sink *sink)
{
	GError *err = NULL;
	struct scenario *sc;
	struct sim *sim;

	if (text)
		sc = scenario_load_data(SRCDIR "/tests/unit/inline.ini", text, strlen(text), ov,
					&err);
	else
		sc = scenario_load(path, ov, &err);
	if (!sc)
		fail_msg("scenario: %s", err->message);
	sim = sim_new(sc, sink, &err);
	assert_non_null(sim);
	assert_false(sim_run(sim, &err));
	assert_non_null(err);
	sim_free(sim);
	scenario_free(sc);
	return err;
}

static inline GError *simtest_fails(const char *path, const char *text,
				    const struct scenario_overrides *ov)
{
	return simtest_fails_into(path, text, ov, NULL);
}

#endif
