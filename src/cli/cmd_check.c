/*
 * cmd_check.c - `schedlab check SCENARIO`: validate without running.
 */
#include "cli/cli.h"
#include "scenario/scenario.h"

int cmd_check(int argc, char **argv)
{
	struct scenario_opts opts = { 0 };
	g_autoptr(GOptionContext) ctx = g_option_context_new("SCENARIO - validate a scenario file");
	g_autoptr(GError) err = NULL;
	struct scenario *sc;
	int status = EXIT_OK;

	g_option_context_set_summary(ctx,
				     "Load SCENARIO with the given overrides and report the "
				     "first error as FILE:LINE: [group] key: what is wrong.\n"
				     "Nothing is simulated. Exit status 0 when the file is valid, "
				     "2 otherwise.");
	cli_add_scenario_options(ctx, &opts);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		cli_scenario_opts_clear(&opts);
		return cli_usage_error("check", "%s", err->message);
	}
	if (argc != 2) {
		cli_scenario_opts_clear(&opts);
		return cli_usage_error("check",
				       "expected one scenario file; see 'schedlab check --help'");
	}
	sc = cli_load_scenario("check", argv[1], &opts, &status);
	if (sc) {
		g_print("%s: ok (%" G_GUINT64_FORMAT " task%s, policy %s, %u cpu%s, model %s)\n",
			argv[1], sc->ntasks, sc->ntasks == 1 ? "" : "s", sc->policy->name, sc->cpus,
			sc->cpus == 1 ? "" : "s", sc->model.name);
		if (sc->model.description)
			g_print("model %s: %s\n", sc->model.name, sc->model.description);
		/* what was checked: the overrides, not the values they replaced */
		if (sc->replaced)
			g_print("%s", sc->replaced);
		scenario_free(sc);
	}
	cli_scenario_opts_clear(&opts);
	return status;
}
