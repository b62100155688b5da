/*
 * main.c - schedlab-probe: measure this host and write a model file.
 *
 *     schedlab-probe [--out FILE] [--quick] [--quiet]
 *
 * Runs every measurement (probe.h) in turn, with a line per result on
 * stderr, prints a table of the results on stdout and writes the model
 * file (default models/host-HOSTNAME.ini) through a temporary file renamed
 * at the end, so an interrupted probe leaves neither a partial file nor a
 * temporary one. --quick takes the fewest samples of short batches and
 * finishes in well under 30 s; the full probe in under 5 minutes.
 *
 * Exit status: 0 the model was written, 1 it could not be, 2 bad options.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/units.h"
#include "config.h"
#include "machine/model_write.h"
#include "probe/probe.h"

/* The keys of the summary table: group.key, what, the figure in m. */
struct row {
	const char *key;
	const struct figure *f;
};

static void print_table(const struct model *m)
{
	const struct row rows[] = {
		{ "switch.syscall", &m->syscall },
		{ "switch.process", &m->switch_process },
		{ "switch.thread", &m->switch_thread },
		{ "switch.coroutine", &m->switch_coroutine },
		{ "switch.remote_wakeup", &m->remote_wakeup },
		{ "switch.sleep", &m->sleep },
		{ "create.process", &m->create_process },
		{ "create.process_per_mib", &m->create_process_per_mib },
		{ "create.process_start", &m->create_process_start },
		{ "create.process_exit", &m->create_process_exit },
		{ "create.process_exit_per_mib", &m->create_process_exit_per_mib },
		{ "create.process_one_cpu", &m->create_process_one_cpu },
		{ "create.process_start_one_cpu", &m->create_process_start_one_cpu },
		{ "create.process_exit_one_cpu", &m->create_process_exit_one_cpu },
		{ "create.thread", &m->create_thread },
		{ "create.coroutine", &m->create_coroutine },
		{ "tlb.refill_per_page", &m->tlb_refill_per_page },
		{ "measured.syscall_null", &m->measured.syscall_null },
		{ "measured.pipe_rw", &m->measured.pipe_rw },
		{ "measured.pipe_round_trip_process", &m->measured.pipe_round_trip_process },
		{ "measured.pipe_round_trip_thread", &m->measured.pipe_round_trip_thread },
		{ "measured.pipe_round_trip_remote", &m->measured.pipe_round_trip_remote },
		{ "measured.futex_switch_process", &m->measured.futex_switch_process },
		{ "measured.futex_switch_thread", &m->measured.futex_switch_thread },
		{ "measured.swapcontext", &m->measured.swapcontext },
		{ "measured.fork_small", &m->measured.fork_small },
		{ "measured.fork_large", &m->measured.fork_large },
		{ "measured.posix_spawn", &m->measured.posix_spawn },
		{ "measured.thread_serial", &m->measured.thread_serial },
		{ "measured.tlb_refill_after_switch", &m->measured.tlb_refill_after_switch },
	};
	GString *out = g_string_new(NULL);

	g_string_append_printf(out, "%-34s %12s %12s %12s %8s %4s  %s\n", "key", "median", "lo",
			       "hi", "spread", "n", "noise");
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		const struct figure *f = rows[i].f;
		g_autoptr(GString) a = g_string_new(NULL);
		g_autoptr(GString) b = g_string_new(NULL);
		g_autoptr(GString) c = g_string_new(NULL);
		g_autofree char *needle = g_strdup_printf("%s (", rows[i].key);
		const char *flag = m->env_noisy ? strstr(m->env_noisy, needle) : NULL;
		double spread =
			stats_relative_spread((double)f->median, (double)f->lo, (double)f->hi);

		if (!f->n) {
			g_string_append_printf(out, "%-34s %12s\n", rows[i].key, "not measured");
			continue;
		}
		units_time(a, f->median);
		units_time(b, f->lo);
		units_time(c, f->hi);
		if (spread > 9.99)
			g_string_append_printf(out, "%-34s %12s %12s %12s %8s %4u  %s\n",
					       rows[i].key, a->str, b->str, c->str, ">999 %", f->n,
					       flag ? "NOISY" : "");
		else
			g_string_append_printf(out, "%-34s %12s %12s %12s %6.1f %% %4u  %s\n",
					       rows[i].key, a->str, b->str, c->str, spread * 100,
					       f->n, flag ? "NOISY" : "");
	}
	g_string_append_printf(
		out,
		"tlb.entries = %u, tlb.pcid_slots = %u, memory.thread = %" G_GUINT64_FORMAT
		" B, memory.process = %" G_GUINT64_FORMAT " B\n",
		m->tlb_entries, m->tlb_pcid_slots, m->mem_thread, m->mem_process);
	if (m->env_noisy)
		g_string_append_printf(out, "noisy: %s\n", m->env_noisy);
	fwrite(out->str, 1, out->len, stdout);
	fflush(stdout);
	g_string_free(out, TRUE);
}

/* Write m to path through a temporary file the guard removes if a signal comes. */
static bool write_model(const struct model *m, const char *path, GError **error)
{
	g_autofree char *tmp = g_strdup_printf("%s.tmp-%d", path, (int)getpid());
	GString *text = g_string_new(NULL);
	FILE *f;
	bool ok;

	model_write(text, m);
	guard_set_temp(tmp);
	f = fopen(tmp, "w");
	if (!f) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot write '%s': %s", tmp, g_strerror(errno));
		guard_set_temp(NULL);
		g_string_free(text, TRUE);
		return false;
	}
	ok = fwrite(text->str, 1, text->len, f) == text->len;
	ok &= fclose(f) == 0;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
			    "cannot write '%s': %s", path, g_strerror(errno));
		unlink(tmp);
	}
	guard_set_temp(NULL);
	g_string_free(text, TRUE);
	return ok;
}

/* Every measurement, in turn, into m: one pass. */
static void measure_all(struct probe *p, struct model *m)
{
	static void (*const measurements[])(struct probe *, struct model *) = {
		probe_syscalls, probe_switches, probe_sleep,  probe_coroutines,
		probe_creation, probe_tlb,	probe_memory,
	};

	for (size_t i = 0; i < G_N_ELEMENTS(measurements) && !guard_stopping(); i++)
		measurements[i](p, m);
}

int main(int argc, char **argv)
{
	gboolean quick = FALSE, quiet = FALSE, version = FALSE;
	gint passes = 3;
	g_autofree char *out = NULL;
	GOptionEntry entries[] = {
		{ "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
		  "write the model to FILE (default models/host-HOSTNAME.ini)", "FILE" },
		{ "quick", 'q', 0, G_OPTION_ARG_NONE, &quick,
		  "the fewest samples of short batches: under 30 s", NULL },
		{ "passes", 'p', 0, G_OPTION_ARG_INT, &passes,
		  "measure everything N times over and keep the median of the passes (1 to 9, "
		  "default 3)",
		  "N" },
		{ "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, "no progress on stderr", NULL },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &version, "print the version and exit",
		  NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	g_autoptr(GOptionContext) ctx =
		g_option_context_new("- measure this host's scheduling costs");
	g_autoptr(GError) err = NULL;
	struct probe p = { 0 };
	struct model m = { 0 };
	struct model more[PROBE_MAX_PASSES] = { { 0 } }; /* passes 2..; [0]: a copy of m's */
	char host[256] = "unknown";

	setlocale(LC_ALL, "C");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_summary(
		ctx,
		"Measure what scheduling costs on this machine (system calls, switches, remote "
		"wake-ups, coroutine switches, fork, posix_spawn, threads, TLB refills, "
		"memory per task) and write them as a schedlab model file, each figure with "
		"its median, 95 % interval and sample count, and an [environment] record.\n"
		"Load it with 'schedlab run --model FILE'; check it with 'schedlab validate "
		"--model FILE'.");
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		fprintf(stderr, "schedlab-probe: %s\n", err->message);
		return 2;
	}
	if (version) {
		printf("schedlab-probe %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (passes < 1 || passes > PROBE_MAX_PASSES) {
		fprintf(stderr, "schedlab-probe: --passes %d: expected 1 to %d\n", passes,
			PROBE_MAX_PASSES);
		return 2;
	}
	if (argc > 1) {
		fprintf(stderr, "schedlab-probe: unexpected argument '%s'; see --help\n", argv[1]);
		return 2;
	}
	gethostname(host, sizeof(host) - 1);
	if (!out) {
		g_mkdir_with_parents("models", 0777);
		out = g_strdup_printf("models/host-%s.ini", host);
	}

	guard_install();
	p.quick = quick;
	p.progress = !quiet;
	p.min_samples = 11;
	p.max_samples = quick ? 21 : 51;
	p.batch_ns = quick ? 5000000 : 20000000;
	p.budget_ns = quick ? 500000000 : 5000000000;
	p.start = probe_now();
	/* Past it, the rest takes the fewest samples: 20 s of 30 for --quick, 4 min of 5. */
	p.deadline = p.start + (quick ? 20 : 240) * (int64_t)1000000000;
	p.noisy = g_string_new(NULL);
	probe_cpus_init(&p);

	m.name = g_strdup_printf("host-%s", host);
	m.description = g_strdup_printf("measured on %s by schedlab-probe%s, %d pass%s", host,
					quick ? " --quick" : "", passes, passes > 1 ? "es" : "");
	probe_environment(&m);
	if (p.progress)
		fprintf(stderr, "schedlab-probe: %s, %s; CPUs %d and %d%s\n",
			m.env_cpu ? m.env_cpu : "?", m.env_cores, p.cpu_a, p.cpu_b,
			quick ? "; quick" : "");

	p.passes = (unsigned)passes;
	for (p.pass = 1; p.pass <= p.passes && !guard_stopping(); p.pass++) {
		struct model *into = p.pass == 1 ? &m : &more[p.pass - 1];

		if (p.progress && p.passes > 1)
			fprintf(stderr, "schedlab-probe: %6.1f s  pass %u of %u\n",
				(double)(probe_now() - p.start) / 1e9, p.pass, p.passes);
		measure_all(&p, into);
	}
	if (p.pass > 2) {
		/* passes done (a signal may have cut the last): the figures are their medians */
		more[0] = m;
		probe_merge_passes(&m, more, p.pass - 1, p.noisy);
	}
	probe_environment_end(&m, p.noisy->str);
	g_string_free(p.noisy, TRUE);

	print_table(&m);
	if (!write_model(&m, out, &err)) {
		fprintf(stderr, "schedlab-probe: %s\n", err->message);
		model_clear(&m);
		return 1;
	}
	if (p.progress)
		fprintf(stderr, "schedlab-probe: wrote %s in %.1f s\n", out,
			(double)(probe_now() - p.start) / 1e9);
	model_clear(&m);
	return 0;
}
