/*
 * common.c - what the sub-commands share: scenario options, loading, output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/hostmem.h"
#include "base/units.h"
#include "cli/cli.h"
#include "policy/policy.h"
#include "scenario/scenario.h"
#include "sim/sim.h"

void cli_add_scenario_options(GOptionContext *ctx, struct scenario_opts *opts)
{
	GOptionEntry entries[] = {
		{ "policy", 'p', 0, G_OPTION_ARG_FILENAME, &opts->policy,
		  "Use policy P instead of the scenario's (see 'schedlab policies')", "P" },
		{ "cpus", 'c', 0, G_OPTION_ARG_FILENAME, &opts->cpus, "Simulate N CPUs", "N" },
		{ "model", 'm', 0, G_OPTION_ARG_FILENAME, &opts->model,
		  "Cost model: a built-in name (teaching, default) or a model file", "M" },
		{ "seed", 's', 0, G_OPTION_ARG_FILENAME, &opts->seed,
		  "Seed of every random stream (unsigned 64-bit)", "S" },
		{ "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opts->sets,
		  "Override a scenario key, e.g. --set rr.quantum=2 or --set 'task P1.burst=5' "
		  "(repeatable)",
		  "GROUP.KEY=VALUE" },
		{ "max-events", 0, 0, G_OPTION_ARG_FILENAME, &opts->max_events,
		  "Fail (exit 1) once a run has handled N events, however long it would go on",
		  "N" },
		{ 0 },
	};
	/* In the command's own --help: the options a first run needs. */
	g_option_context_add_main_entries(ctx, entries, NULL);
}

void cli_scenario_opts_clear(struct scenario_opts *opts)
{
	g_free(opts->policy);
	g_free(opts->model);
	g_free(opts->seed);
	g_free(opts->cpus);
	g_free(opts->max_events);
	g_strfreev(opts->sets);
	memset(opts, 0, sizeof(*opts));
}

gboolean cli_parse_count(const char *text, guint64 min, guint64 max, guint64 *out)
{
	return text && g_ascii_isdigit(*text) &&
	       g_ascii_string_to_unsigned(text, 10, min, max, out, NULL);
}

gboolean cli_scenario_overrides(const char *cmd, const struct scenario_opts *opts,
				struct scenario_overrides *ov)
{
	guint64 n;

	*ov = (struct scenario_overrides){
		.policy = opts->policy,
		.model = opts->model,
		.sets = (const char *const *)opts->sets,
		.serve = opts->serve,
		.variant_sets = opts->variant_sets,
		.variant = opts->variant,
	};
	if (opts->cpus) {
		if (!cli_parse_count(opts->cpus, 1, SCENARIO_MAX_CPUS, &n)) {
			cli_usage_error(cmd, "--cpus %s: must be a whole number between 1 and %u",
					opts->cpus, SCENARIO_MAX_CPUS);
			return FALSE;
		}
		ov->cpus = (uint32_t)n;
	}
	if (opts->max_events) {
		if (!cli_parse_count(opts->max_events, 0, G_MAXUINT64, &n)) {
			cli_usage_error(cmd,
					"--max-events %s: must be a whole number of events (0: no "
					"limit)",
					opts->max_events);
			return FALSE;
		}
		ov->max_events = n;
	}
	if (opts->seed) {
		guint64 seed;

		if (!g_ascii_string_to_unsigned(opts->seed, 10, 0, G_MAXUINT64, &seed, NULL)) {
			cli_usage_error(cmd, "--seed %s: not an unsigned 64-bit integer",
					opts->seed);
			return FALSE;
		}
		ov->has_seed = TRUE;
		ov->seed = seed;
	}
	return TRUE;
}

struct scenario *cli_load_scenario(const char *cmd, const char *path,
				   const struct scenario_opts *opts, int *status)
{
	struct scenario_overrides ov;
	g_autoptr(GError) err = NULL;
	struct scenario *sc;

	*status = EXIT_BAD_INPUT;
	if (!cli_scenario_overrides(cmd, opts, &ov))
		return NULL;
	sc = scenario_load(path, &ov, &err);
	if (!sc) {
		g_printerr("%s\n", err->message);
		/* a file too large for this host is not a mistake in it */
		if (g_error_matches(err, SCENARIO_ERROR, SCENARIO_ERROR_MEMORY))
			*status = EXIT_SIM_FAILED;
		return NULL;
	}
	*status = EXIT_OK;
	return sc;
}

gboolean cli_parse_format(const char *cmd, const char *s, enum cli_format *f)
{
	if (!s || !strcmp(s, "table"))
		*f = CLI_FORMAT_TABLE;
	else if (!strcmp(s, "csv"))
		*f = CLI_FORMAT_CSV;
	else if (!strcmp(s, "json"))
		*f = CLI_FORMAT_JSON;
	else {
		cli_usage_error(cmd, "--format %s: expected table, csv or json", s);
		return FALSE;
	}
	return TRUE;
}

char **cli_args(int argc, char **argv, const char *numeric)
{
	GPtrArray *a = g_ptr_array_new();
	bool options = true;

	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "--"))
			options = false;
		/* "-j2": "-j" "2", for a short option of a number only (a value of
		 * another option never looks like this) */
		if (options && i > 0 && s[0] == '-' && s[1] && strchr(numeric, s[1]) && s[2] &&
		    strspn(s + 2, "0123456789") == strlen(s + 2)) {
			g_ptr_array_add(a, g_strndup(s, 2));
			g_ptr_array_add(a, g_strdup(s + 2));
			continue;
		}
		g_ptr_array_add(a, g_strdup(s));
	}
	g_ptr_array_add(a, NULL);
	return (char **)g_ptr_array_free(a, FALSE);
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

void cli_progress_show(const char *what, uint64_t permille, const char *rest)
{
	enum { WIDTH = 30 };
	char bar[WIDTH + 1];
	unsigned filled = (unsigned)(MIN(permille, 1000) * WIDTH / 1000);

	memset(bar, '#', filled);
	memset(bar + filled, '-', WIDTH - filled);
	bar[WIDTH] = '\0';
	fprintf(stderr, "\r%s [%s] %3u%%  %s", what, bar, (unsigned)(MIN(permille, 1000) / 10),
		rest);
	fflush(stderr);
}

void cli_progress_erase(void)
{
	/* "\r", spaces, "\r" */
	fprintf(stderr, "\r%*s\r", 130, "");
	fflush(stderr);
}

static void progress_draw(void *ctx, const struct sim_progress *sp)
{
	struct cli_progress *p = ctx;
	gint64 t = g_get_monotonic_time();
	uint64_t permille;
	g_autoptr(GString) now = g_string_new(NULL);
	g_autofree char *rest = NULL;

	if (!p->forced && (t - p->start < 250000 || t - p->last < 100000))
		return;
	p->last = t;
	/*
	 * Done tasks, or simulated time against the horizon (or, without one,
	 * the expected end: never more than 99 % by it): whichever is further.
	 */
	permille = sp->ntasks ? sp->completed * 1000 / sp->ntasks : 0;
	if (sp->expected != SIM_TIME_INF && sp->expected > 0) {
		uint64_t by_time = (uint64_t)(sp->now / (sp->expected / 1000 + 1));
		uint64_t cap = sp->horizon != SIM_TIME_INF ? 1000 : 990;

		if (by_time > permille)
			permille = by_time > cap ? cap : by_time;
	}
	units_time(now, sp->now);
	/* the expected work: simulated time to go, when it is known */
	if (sp->expected > 0 && sp->expected != SIM_TIME_INF) {
		g_string_append(now, " of ~");
		units_time(now, sp->expected);
	}
	rest = g_strdup_printf("%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
			       " tasks done, t = %s, %.1f M events ",
			       sp->completed, sp->ntasks, now->str, (double)sp->events / 1e6);
	cli_progress_show(p->what, permille, rest);
	p->drawn = TRUE;
}

bool cli_check_memory(const char *cmd, const struct sim *sim, uint64_t out_per_task)
{
	struct sim_estimate e;
	const char *what;
	uint64_t need, avail = hostmem_available(&what);
	g_autofree char *need_s = NULL, *avail_s = NULL, *each_s = NULL;

	sim_estimate(sim, &e);
	need = e.bytes + e.tasks * out_per_task;
	if (need <= avail)
		return true;
	need_s = units_bytes_text(need);
	avail_s = units_bytes_text(avail);
	each_s = units_bytes_text(e.tasks ? need / e.tasks : need);
	g_printerr("schedlab %s: the run needs about %s of memory (%" G_GUINT64_FORMAT
		   " tasks at about %s each), more than the %s left under %s; lower the "
		   "tasks' counts or set a horizon\n",
		   cmd, need_s, e.tasks, each_s, avail_s, what);
	return false;
}

bool cli_progress_wanted(gboolean *forced)
{
	const char *env = g_getenv("SCHEDLAB_PROGRESS");

	bool always = env && !strcmp(env, "always");

	if (forced)
		*forced = always;
	if (env && !strcmp(env, "never"))
		return false;
	return always || isatty(STDERR_FILENO);
}

void cli_progress_attach(struct cli_progress *p, struct sim *sim, const char *what)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->start = p->last = g_get_monotonic_time();
	if (cli_progress_wanted(&p->forced))
		sim_set_progress(sim, progress_draw, p);
}

void cli_progress_done(struct cli_progress *p)
{
	if (!p->drawn)
		return;
	cli_progress_erase();
	p->drawn = FALSE;
}

static gboolean stdout_reported; /* its failure was named already */
static int stdout_errno;	 /* the reason of the first failed write, 0: none */

/* g_print's handler: as GLib's, but the reason of a failure is kept. */
static void print_stdout(const gchar *s)
{
	if ((fputs(s, stdout) == EOF || fflush(stdout) != 0) && !stdout_errno)
		stdout_errno = errno;
}

void cli_stdout_init(void)
{
	g_set_print_handler(print_stdout);
	atexit(cli_check_stdout);
}

/*
 * The text to stdout in one write(2) call (more only when the kernel takes
 * part of it), after what stdio holds. Through stdio, whose buffer is a few
 * KiB, a piece of a streamed report (64 KiB) went out in three calls: the
 * buffer's rest, the whole blocks, and the tail, kept and flushed alone.
 */
gboolean cli_write_stdout(const GString *out)
{
	const char *p = out->str;
	gsize left = out->len;

	if (fflush(stdout) != 0)
		goto failed;
	while (left > 0) {
		ssize_t n = write(STDOUT_FILENO, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			goto failed;
		}
		p += n;
		left -= (gsize)n;
	}
	return TRUE;
failed:
	g_printerr("schedlab: cannot write the output: %s\n", g_strerror(errno));
	stdout_reported = TRUE;
	return FALSE;
}

void cli_check_stdout(void)
{
	int e;

	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return;
	e = stdout_errno ? stdout_errno : errno;
	if (!stdout_reported)
		g_printerr("schedlab: cannot write the output: %s\n",
			   e ? g_strerror(e) : "write error");
	_exit(EXIT_SIM_FAILED);
}
