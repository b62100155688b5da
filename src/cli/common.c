/*
 * common.c - what the sub-commands share: scenario options, loading, output.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "scenario/scenario.h"

void cli_add_scenario_options(GOptionContext *ctx, struct scenario_opts *opts)
{
	GOptionEntry entries[] = {
		{ "policy", 'p', 0, G_OPTION_ARG_STRING, &opts->policy,
		  "Use policy P instead of the scenario's (see 'schedlab policies')", "P" },
		{ "cpus", 'c', 0, G_OPTION_ARG_INT64, &opts->cpus, "Simulate N CPUs", "N" },
		{ "model", 'm', 0, G_OPTION_ARG_STRING, &opts->model,
		  "Cost model: a built-in name (teaching, default) or a model file", "M" },
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &opts->seed,
		  "Seed of every random stream (unsigned 64-bit)", "S" },
		{ "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opts->sets,
		  "Override a scenario key, e.g. --set rr.quantum=2 or --set 'task P1.burst=5' "
		  "(repeatable)",
		  "GROUP.KEY=VALUE" },
		{ NULL },
	};
	GOptionGroup *group = g_option_group_new(
		"scenario", "Scenario options:", "Options that change the scenario", NULL, NULL);

	g_option_group_add_entries(group, entries);
	g_option_context_add_group(ctx, group);
}

void cli_scenario_opts_clear(struct scenario_opts *opts)
{
	g_free(opts->policy);
	g_free(opts->model);
	g_free(opts->seed);
	g_strfreev(opts->sets);
	memset(opts, 0, sizeof(*opts));
}

struct scenario *cli_load_scenario(const char *path, const struct scenario_opts *opts)
{
	struct scenario_overrides ov = {
		.policy = opts->policy,
		.model = opts->model,
		.cpus = opts->cpus,
		.sets = (const char *const *)opts->sets,
	};
	g_autoptr(GError) err = NULL;
	struct scenario *sc;

	if (opts->cpus < 0 || (opts->cpus > 0 && opts->cpus > SCENARIO_MAX_CPUS)) {
		g_printerr("--cpus %" G_GINT64_FORMAT ": must be between 1 and %u\n", opts->cpus,
			   SCENARIO_MAX_CPUS);
		return NULL;
	}
	if (opts->seed) {
		guint64 seed;

		if (!g_ascii_string_to_unsigned(opts->seed, 10, 0, G_MAXUINT64, &seed, &err)) {
			g_printerr("--seed %s: not an unsigned 64-bit integer\n", opts->seed);
			return NULL;
		}
		ov.has_seed = TRUE;
		ov.seed = seed;
	}
	sc = scenario_load(path, &ov, &err);
	if (!sc)
		g_printerr("%s\n", err->message);
	return sc;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_printerr("schedlab %s: %s\n", cmd, msg);
	return EXIT_BAD_INPUT;
}

gboolean cli_write_stdout(const GString *out)
{
	if (fwrite(out->str, 1, out->len, stdout) != out->len || fflush(stdout) != 0) {
		g_printerr("schedlab: cannot write the output: %s\n", g_strerror(errno));
		return FALSE;
	}
	return TRUE;
}
