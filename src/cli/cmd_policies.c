/*
 * cmd_policies.c - `schedlab policies`: the registry, with parameters.
 */
#include "cli/cli.h"
#include "policy/policy.h"
#include "scenario/params.h"

int cmd_policies(int argc, char **argv)
{
	gboolean names = FALSE;
	const GOptionEntry entries[] = {
		{ "names", 0, 0, G_OPTION_ARG_NONE, &names,
		  "print only the names, one per line, in the registry's order", NULL },
		{ 0 },
	};
	g_autoptr(GOptionContext) ctx = g_option_context_new("[POLICY] - list scheduling policies");
	g_autoptr(GError) err = NULL;
	GString *out = g_string_new(NULL);
	int status = EXIT_OK;

	g_option_context_set_summary(ctx,
				     "List every policy with its parameters and their "
				     "defaults, or only POLICY. Parameters are set in a group "
				     "named after the policy, e.g.\n\n  [rr]\n  quantum = 4\n\n"
				     "or on the command line with --set rr.quantum=4.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		g_string_free(out, TRUE);
		return cli_usage_error("policies", "%s", err->message);
	}
	if (argc > 2) {
		g_string_free(out, TRUE);
		return cli_usage_error("policies", "expected at most one policy name");
	}
	for (const struct policy_ops *const *p = policy_all(); *p; p++) {
		if (argc == 2 && g_strcmp0((*p)->name, argv[1]))
			continue;
		if (names) {
			g_string_append_printf(out, "%s\n", (*p)->name);
			continue;
		}
		g_string_append_printf(out, "%s\n    %s\n", (*p)->name, (*p)->summary);
		params_describe(*p, out);
		g_string_append_c(out, '\n');
	}
	if (argc == 2 && !policy_find(argv[1]))
		status = cli_usage_error("policies", "'%s' is not a policy", argv[1]);
	else if (!cli_write_stdout(out))
		status = EXIT_SIM_FAILED;
	g_string_free(out, TRUE);
	return status;
}
