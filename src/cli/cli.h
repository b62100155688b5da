/*
 * cli.h - the sub-commands of the schedlab program.
 *
 * Each sub-command parses its own options (GOptionContext, with --help) and
 * returns the process's exit status: 0 success, 1 the simulation failed
 * (out of memory, deadlock), 2 bad input (a scenario error, a bad option).
 * Nothing here or below calls exit(); main does, once.
 */
#ifndef SCHEDLAB_CLI_H
#define SCHEDLAB_CLI_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

enum { EXIT_OK = 0, EXIT_SIM_FAILED = 1, EXIT_BAD_INPUT = 2 };

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_policies(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_validate(int argc, char **argv);

/* The output formats of run and compare. */
enum cli_format { CLI_FORMAT_TABLE, CLI_FORMAT_CSV, CLI_FORMAT_JSON };
/* --format FMT (NULL: table); false, with the usage error printed, when unknown. */
gboolean cli_parse_format(const char *cmd, const char *s, enum cli_format *f);

/* Options every command that loads a scenario shares. */
struct scenario_opts {
	char *policy;
	char *model;
	/* Text, validated by cli_scenario_overrides with the option's own
	 * message; NULL: not given (the scenario's CPUs, no event limit). */
	char *cpus;
	char *seed; /* unsigned 64-bit */
	char **sets;
	const char *serve; /* compare --serve: one model for every served group */
	/* compare --policies rr:quantum=1ms: that variant's GROUP.KEY=VALUE overrides */
	const char *const *variant_sets;
	const char *variant;
	char *max_events; /* 0: none */
};

/* Add --policy --model --cpus --seed --set to ctx; they fill opts. */
void cli_add_scenario_options(GOptionContext *ctx, struct scenario_opts *opts);
void cli_scenario_opts_clear(struct scenario_opts *opts);

/*
 * An option's whole number: decimal digits only, between min and max, into
 * *out; false for anything else (a sign, a space, a unit, out of range).
 */
gboolean cli_parse_count(const char *text, guint64 min, guint64 max, guint64 *out);

struct scenario;
struct scenario_overrides;
/*
 * The options as overrides (pointing into opts), with --cpus and --seed
 * checked: the one place they are. False with cmd's usage error printed.
 */
gboolean cli_scenario_overrides(const char *cmd, const struct scenario_opts *opts,
				struct scenario_overrides *ov);
/*
 * Load `path` with the options applied; prints the error and returns NULL,
 * *status the exit status (2 bad input; 1 when the host lacks the memory to
 * load it).
 */
struct scenario *cli_load_scenario(const char *cmd, const char *path,
				   const struct scenario_opts *opts, int *status);

/*
 * A copy of argv for g_option_context_parse_strv, with the value of a short
 * option of a number split from it as getopt reads it: "-j2" is "-j 2"
 * (numeric lists the letters of those options: "jrcs"). GOption reads only
 * the second form. Free with g_strfreev.
 */
char **cli_args(int argc, char **argv, const char *numeric);

/* Print "schedlab CMD: MESSAGE" to stderr; returns EXIT_BAD_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * A progress line on stderr for a long simulation: shown when stderr is a
 * terminal and the run has lasted a quarter of a second, or always with
 * SCHEDLAB_PROGRESS=always (never with SCHEDLAB_PROGRESS=never). It is
 * erased when the run ends, so it never mixes with the output.
 */
struct sim;
struct cli_progress {
	const char *what; /* "run", "compare rr" */
	gint64 start;	  /* monotonic us */
	gint64 last;	  /* last drawn, monotonic us */
	gboolean forced;  /* SCHEDLAB_PROGRESS=always */
	gboolean drawn;	  /* something is on the line */
};
void cli_progress_attach(struct cli_progress *p, struct sim *sim, const char *what);
/* Whether a progress line is wanted (as above); *forced (may be NULL): SCHEDLAB_PROGRESS=always. */
bool cli_progress_wanted(gboolean *forced);
/* The progress line: "\rWHAT [####----] NN%  REST" on stderr; and its erasure. */
void cli_progress_show(const char *what, uint64_t permille, const char *rest);
void cli_progress_erase(void);

/*
 * Before a run: false, with a message, when what the run is expected to need
 * (sim_estimate, plus out_per_task bytes of report per task) does not fit in
 * the memory the host leaves this process (base/hostmem.h).
 */
bool cli_check_memory(const char *cmd, const struct sim *sim, uint64_t out_per_task);
void cli_progress_done(struct cli_progress *p);

/*
 * Catch SIGINT, SIGTERM, SIGHUP and SIGPIPE (those not ignored at start):
 * remove the temporaries and stop the children of base/cleanup.h, then die
 * of the signal (signals.c).
 */
void cli_signals_install(void);

/* Write all of out to stdout; false (with a message) on a write error. */
gboolean cli_write_stdout(const GString *out);
/*
 * At exit (atexit): flush stdout; if anything written to it failed, name the
 * reason ("No space left on device") and end with status 1, so that
 * `schedlab check f.ini > /dev/full` does not succeed.
 */
void cli_check_stdout(void);
/* Route g_print through a handler that keeps the reason of a failure; atexit(cli_check_stdout). */
void cli_stdout_init(void);

#endif
