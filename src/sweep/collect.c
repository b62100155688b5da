/*
 * collect.c - --emit-jobs and --collect: a sweep spread over machines, and
 * the CSV reader that brings it back (collect.h).
 */
#include "config.h"

#include <string.h>

#include "scenario/parse.h"
#include "sweep/collect.h"

/* A point file holds a header and a row: far less than this. */
#define COLLECT_MAX_BYTES ((size_t)1 << 20)

/* Split one CSV line into fields (RFC 4180 quoting); NULL if malformed. */
GPtrArray *sweep_csv_split(const char *line)
{
	GPtrArray *f = g_ptr_array_new_with_free_func(g_free);
	GString *cur = g_string_new(NULL);
	const char *s = line;

	for (;;) {
		g_string_truncate(cur, 0);
		if (*s == '"') {
			for (s++;; s++) {
				if (!*s)
					goto bad;
				if (*s == '"') {
					if (s[1] != '"')
						break;
					s++;
				}
				g_string_append_c(cur, *s);
			}
			s++;
		} else {
			while (*s && *s != ',')
				g_string_append_c(cur, *s++);
		}
		g_ptr_array_add(f, g_strdup(cur->str));
		if (!*s)
			break;
		if (*s != ',')
			goto bad;
		s++;
	}
	g_string_free(cur, TRUE);
	return f;
bad:
	g_string_free(cur, TRUE);
	g_ptr_array_unref(f);
	return NULL;
}

static char *abs_path(const char *p)
{
	g_autofree char *cwd = NULL;

	if (g_path_is_absolute(p))
		return g_canonicalize_filename(p, NULL);
	cwd = g_get_current_dir();
	return g_canonicalize_filename(p, cwd);
}

static char *self_path(void)
{
	char *p = g_file_read_link("/proc/self/exe", NULL);

	return p ? p : g_strdup("schedlab");
}

/* --vary spec with an @FILE made absolute, so that the job runs anywhere. */
static char *portable_spec(const struct sweep_axis *a)
{
	const char *eq = strchr(a->spec, '=');
	const char *at = strchr(eq, '@');
	g_autofree char *file = NULL, *abs = NULL, *head = NULL;
	const char *close;

	if (!at)
		return g_strdup(a->spec);
	close = strchr(at, '}');
	file = close ? g_strndup(at + 1, (gsize)(close - at - 1)) : g_strdup(at + 1);
	abs = abs_path(file);
	head = g_strndup(a->spec, (gsize)(at - a->spec) + 1);
	return g_strconcat(head, abs, close ? close : "", NULL);
}

/*
 * A control character (a newline above all) in an argument of a job line:
 * single quotes keep every other byte inside the argument, but a newline
 * would end the line, and GNU parallel and the Slurm recipe (sed -n Kp |
 * sh) read one job per line: the rest would run as a command of its own.
 */
static bool check_arg(const char *arg, const char *what, GError **error)
{
	GString *q;

	for (const char *c = arg; *c; c++) {
		unsigned char b = (unsigned char)*c;

		if (b >= 0x20 && b != 0x7f)
			continue;
		q = g_string_new(NULL);
		for (const char *d = arg; *d && q->len < 200; d++) {
			unsigned char e = (unsigned char)*d;

			if (e == '\n')
				g_string_append(q, "\\n");
			else if (e < 0x20 || e == 0x7f)
				g_string_append_printf(q, "\\x%02x", e);
			else
				g_string_append_c(q, *d);
		}
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
			    "--emit-jobs: %s '%s%s' holds a control character (\\x%02x): a job is "
			    "one line of shell, which cannot hold it safely; rename it",
			    what, q->str, q->len >= 200 ? "..." : "", b);
		g_string_free(q, TRUE);
		return false;
	}
	return true;
}

bool sweep_emit_jobs(const struct sweep_plan *plan, const char *seed, const char *dir, GString *out,
		     GError **error)
{
	const struct scenario_overrides *opts = &plan->base;
	const struct sweep_grid *g = plan->grid;
	g_autofree char *self = self_path();
	g_autofree char *scen = abs_path(plan->path);
	g_autofree char *adir = abs_path(dir);
	GString *common = g_string_new(NULL);
	bool ok = false;

#define ARG(s, what)                                                                               \
	do {                                                                                       \
		g_autofree char *q_ = NULL;                                                        \
		if (!check_arg(s, what, error))                                                    \
			goto out;                                                                  \
		q_ = g_shell_quote(s);                                                             \
		g_string_append_printf(common, " %s", q_);                                         \
	} while (0)
	ARG(self, "the path of this program");
	g_string_append(common, " sweep");
	ARG(scen, "the scenario's path");
	for (guint a = 0; a < g->axes->len; a++) {
		g_autofree char *spec = portable_spec(g->axes->pdata[a]);

		g_string_append(common, " --vary");
		ARG(spec, "--vary");
	}
	if (opts->policy) {
		g_string_append(common, " --policy");
		ARG(opts->policy, "--policy");
	}
	if (opts->model) {
		g_autofree char *m = g_file_test(opts->model, G_FILE_TEST_IS_REGULAR)
					     ? abs_path(opts->model)
					     : g_strdup(opts->model);

		g_string_append(common, " --model");
		ARG(m, "--model");
	}
	if (opts->cpus)
		g_string_append_printf(common, " --cpus %" G_GINT64_FORMAT, (gint64)opts->cpus);
	if (opts->max_events)
		g_string_append_printf(common, " --max-events %" G_GUINT64_FORMAT,
				       opts->max_events);
	if (seed) {
		g_string_append(common, " --seed");
		ARG(seed, "--seed");
	}
	for (const char *const *s = opts->sets; s && *s; s++) {
		g_string_append(common, " --set");
		ARG(*s, "--set");
	}
	if (plan->group) {
		g_string_append(common, " --group");
		ARG(plan->group, "--group");
	}
	if (!check_arg(adir, "the jobs' folder", error))
		goto out;
	g_string_append_printf(common, " --reps %u -j 1", plan->reps);
	for (guint p = 0; p < g->npoints; p++) {
		g_autofree char *file = g_strdup_printf("%s/point-%u.csv", adir, p);
		g_autofree char *qfile = g_shell_quote(file);

		g_string_append_printf(out, "%s --point %u --out %s #", common->str + 1, p, qfile);
		for (guint a = 0; a < g->axes->len; a++) {
			g_autofree char *set = sweep_grid_set(g, p, a);

			/* a comment for people: no control character may end it */
			for (char *c = set; *c; c++)
				if ((unsigned char)*c < 0x20 || *c == 0x7f)
					*c = ' ';
			g_string_append_printf(out, " %s", set);
		}
		g_string_append_c(out, '\n');
	}
	ok = true;
out:
#undef ARG
	g_string_free(common, TRUE);
	return ok;
}

/* 16 hex digits of the SHA-256 of text. */
static char *hash16(const char *text, gsize len)
{
	g_autofree char *full =
		g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);

	return g_strndup(full, 16);
}

/* 16 hex digits of the SHA-256 of a file's bytes, or of `name` when it cannot be read. */
static char *hash_file(const char *path, const char *name)
{
	g_autofree char *text = NULL;
	gsize len = 0;

	if (path && g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
	    g_file_get_contents(path, &text, &len, NULL))
		return hash16(text, len);
	return hash16(name ? name : "", name ? strlen(name) : 0);
}

char *sweep_fingerprint(const struct sweep_plan *plan)
{
	const struct scenario_overrides *o = &plan->base;
	g_autoptr(GString) ov = g_string_new(NULL);
	g_autofree char *scen = hash_file(plan->path, "");
	g_autofree char *model = hash_file(o->model, o->model);
	g_autofree char *ovh = NULL;

	/* each part on its own line, so that no two settings read alike */
	for (guint a = 0; a < plan->grid->axes->len; a++)
		g_string_append_printf(
			ov, "vary %s\n",
			((const struct sweep_axis *)plan->grid->axes->pdata[a])->spec);
	for (const char *const *s = o->sets; s && *s; s++)
		g_string_append_printf(ov, "set %s\n", *s);
	g_string_append_printf(ov, "policy %s\ncpus %" G_GINT64_FORMAT "\n",
			       o->policy ? o->policy : "", (gint64)o->cpus);
	if (o->has_seed)
		g_string_append_printf(ov, "seed %" G_GUINT64_FORMAT "\n", o->seed);
	/* --reps is checked on its own, with its own message */
	g_string_append_printf(ov, "group %s\nmax-events %" G_GUINT64_FORMAT "\n",
			       plan->group ? plan->group : "", o->max_events);
	ovh = hash16(ov->str, ov->len);
	return g_strdup_printf("schedlab-sweep version=%s scenario=%s overrides=%s model=%s",
			       PACKAGE_VERSION, scen, ovh, model);
}

/* The first part of two fingerprints that differs, for a message. */
static const char *fingerprint_diff(const char *a, const char *b)
{
	static const char *const parts[] = { "version=", "scenario=", "overrides=", "model=" };
	static const char *const what[] = {
		"another version of schedlab made it",
		"the scenario file's bytes differ (edited since?)",
		("its overrides differ (--vary, --set, --policy, --cpus, --seed, --group, "
		 "--max-events)"),
		"its model differs (--model, or the model file's bytes)",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
		const char *x = strstr(a, parts[i]), *y = strstr(b, parts[i]);
		size_t nx = x ? strcspn(x, " ") : 0, ny = y ? strcspn(y, " ") : 0;

		if (!x || !y || nx != ny || strncmp(x, y, nx))
			return what[i];
	}
	return "it differs";
}

/* Read DIR/point-K.csv for every point into rows; false with a message. */
bool sweep_collect(const struct sweep_plan *plan, const char *dir, const char *header, bool served,
		   const char *fingerprint, GPtrArray *rows, GError **error)
{
	const struct sweep_grid *g = plan->grid;
	unsigned reps = plan->reps;
	const struct summary_field *view[SUMMARY_MAX_FIELDS];
	unsigned nmetrics = sweep_metrics(served, view);
	g_autofree char *reps_s = g_strdup_printf("%u", reps);
	guint missing = 0;
	GString *which;

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "--collect %s: no such folder; give the DIR of --emit-jobs", dir);
		return false;
	}
	which = g_string_new(NULL);

	for (guint p = 0; p < g->npoints; p++) {
		g_autofree char *file = g_strdup_printf("%s/point-%u.csv", dir, p);
		g_autofree char *text = NULL;
		g_autoptr(GString) reason = g_string_new(NULL);
		char *nl;
		size_t len, text_skip = 0;
		GPtrArray *f = NULL;

		/* a regular file of a CSV row: a FIFO or a device would block or never end */
		if (!parse_read_file(file, COLLECT_MAX_BYTES, 0, &text, &len, reason)) {
			if (missing++ < 5)
				g_string_append_printf(which, " %u", p);
			continue;
		}
		/* the first line: what the point's result depends on */
		nl = strchr(text, '\n');
		if (fingerprint) {
			size_t n = nl ? (size_t)(nl - text) : strlen(text);

			if (strncmp(text, "# schedlab-sweep ", 17) != 0) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
					    "--collect: %s has no '# schedlab-sweep' line: it was "
					    "not written by this version's --emit-jobs commands",
					    file);
				g_string_free(which, TRUE);
				return false;
			}
			if (n - 2 != strlen(fingerprint) || strncmp(text + 2, fingerprint, n - 2)) {
				g_autofree char *theirs = g_strndup(text + 2, n - 2);

				g_set_error(
					error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
					"--collect: %s comes from another sweep: %s (its line "
					"'%s', this sweep's '%s'); run its jobs again, or "
					"collect with the options and files they were emitted with",
					file, fingerprint_diff(theirs, fingerprint), theirs,
					fingerprint);
				g_string_free(which, TRUE);
				return false;
			}
			text_skip = nl ? (size_t)(nl + 1 - text) : len;
			nl = strchr(text + text_skip, '\n');
		}
		if (!nl || strncmp(text + text_skip, header, strlen(header)) != 0 ||
		    !(f = sweep_csv_split(g_strchomp(nl + 1))) ||
		    f->len != 1 + g->axes->len + 1 + 2 * nmetrics + 2) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				    "--collect: %s is not the output of this sweep's point %u "
				    "(another sweep, or a damaged file?)",
				    file, p);
			if (f)
				g_ptr_array_unref(f);
			g_string_free(which, TRUE);
			return false;
		}
		for (guint a = 0; a < g->axes->len; a++) {
			g_autofree char *v = sweep_grid_value(g, p, a);
			g_autofree char *idx = g_strdup_printf("%u", p);

			if (strcmp(f->pdata[0], idx) || strcmp(f->pdata[1 + a], v)) {
				g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
					    "--collect: %s holds point %s with %s=%s, not point %u "
					    "with %s=%s: was it made by another sweep?",
					    file, (char *)f->pdata[0],
					    ((const struct sweep_axis *)g->axes->pdata[a])->key,
					    (char *)f->pdata[1 + a], p,
					    ((const struct sweep_axis *)g->axes->pdata[a])->key, v);
				g_ptr_array_unref(f);
				g_string_free(which, TRUE);
				return false;
			}
		}
		if (strcmp(f->pdata[1 + g->axes->len], reps_s)) {
			g_set_error(
				error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
				"--collect: %s holds %s repetitions of point %u, not --reps %u: "
				"collect with the --reps of --emit-jobs",
				file, (char *)f->pdata[1 + g->axes->len], p, reps);
			g_ptr_array_unref(f);
			g_string_free(which, TRUE);
			return false;
		}
		g_ptr_array_add(rows, f);
	}
	if (missing) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
			    "--collect: %u of the %u points have no file in %s (points%s%s); "
			    "run their jobs first",
			    missing, g->npoints, dir, which->str, missing > 5 ? " ..." : "");
		g_string_free(which, TRUE);
		return false;
	}
	g_string_free(which, TRUE);
	return true;
}
