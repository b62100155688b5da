/*
 * main.c - the schedlab program: sub-command dispatch, --help, --version.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "scenario/scenario.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *numeric; /* its short options of a number: "-j2" reads as "-j 2" */
} commands[] = {
	{ "run", cmd_run, "simulate a scenario and print its results", "cs" },
	{ "check", cmd_check, "validate a scenario file without running it", "cs" },
	{ "policies", cmd_policies, "list the scheduling policies and their parameters", "" },
	{ "compare", cmd_compare, "run a scenario under several policies, side by side", "cs" },
	{ "sweep", cmd_sweep, "run a grid of what-if variations, one CSV row per point", "jrcs" },
	{ "validate", cmd_validate, "run native workloads against their simulations", "" },
};

static void set_prgname(const char *command);

/* Run a command on argv with "-j2" split as "-j 2" (cli_args). */
static int run_command(const struct command *c, int argc, char **argv)
{
	char **owned = cli_args(argc, argv, c->numeric);
	guint n = g_strv_length(owned);
	/* GOption moves the pointers it parses out of the array: free from the copy */
	char **args = g_memdup2(owned, (n + 1) * sizeof(char *));
	int status;

	set_prgname(c->name);
	status = c->fn((int)n, args);
	g_free(args);
	g_strfreev(owned);
	return status;
}

static void print_help(FILE *f)
{
	fprintf(f, "Usage: schedlab COMMAND [OPTION...] [ARG...]\n\n"
		   "A deterministic discrete-event simulator of operating-system scheduling.\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n"
		   "Run 'schedlab COMMAND --help' for a command's options.\n"
		   "Scenario files are described in scenario-format.md and schedlab(1).\n\n"
		   "Exit status: 0 success, 1 the simulation failed, 2 bad input.\n");
}

/* "Usage: schedlab run [OPTION...] SCENARIO" in a command's --help. */
static void set_prgname(const char *command)
{
	g_autofree char *name = g_strdup_printf("schedlab %s", command);

	g_set_prgname(name);
}

/*
 * Every message to standard error, as it is: its bytes are not converted to
 * the locale's character set (GLib's own handler would turn a name in UTF-8
 * into question marks under LC_ALL=C), but a byte that is not UTF-8 is
 * shown as \xNN. The options are read as bytes (not converted either,
 * which would refuse a byte with a message naming no option), so a value
 * quoted in a message may hold any.
 */
static void print_err(const char *s)
{
	const char *end;

	while (!g_utf8_validate(s, -1, &end)) {
		fwrite(s, 1, (size_t)(end - s), stderr);
		fprintf(stderr, "\\x%02x", (unsigned char)*end);
		s = end + 1;
	}
	fputs(s, stderr);
}

int main(int argc, char **argv)
{
	/*
	 * Numbers are printed by hand and every other category stays "C", so
	 * output bytes never depend on the locale; only the character set is
	 * the user's, so that --help prints its ellipses on a UTF-8 terminal.
	 */
	setlocale(LC_ALL, "C");
	setlocale(LC_CTYPE, "");
	g_set_printerr_handler(print_err);
	cli_signals_install();
	cli_stdout_init();
	if (argc < 2) {
		print_help(stderr);
		return EXIT_BAD_INPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			char *sub[] = { argv[2], (char *)"--help", NULL };

			for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
				if (!strcmp(commands[i].name, argv[2])) {
					set_prgname(argv[2]);
					return commands[i].fn(2, sub);
				}
			}
		}
		print_help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("schedlab %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
		if (!strcmp(commands[i].name, argv[1]))
			return run_command(&commands[i], argc - 1, argv + 1);
	}
	fprintf(stderr, "schedlab: '%s' is not a command; see 'schedlab --help'\n", argv[1]);
	return EXIT_BAD_INPUT;
}
