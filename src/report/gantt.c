/*
 * gantt.c - the --gantt sink: run intervals per CPU, drawn as a textbook
 * Gantt chart in ASCII.
 *
 * Collecting. Run intervals come from the tracker of runs.h (a REC_DISPATCH
 * on a CPU opens an interval for its task at the record's time; the next
 * PREEMPT, EXPIRE, YIELD, BLOCK or EXIT of that task on that CPU closes it,
 * and so do another DISPATCH and an IDLE of the CPU). An interval still open when the chart is drawn ends at the end of the run.
 * The tracker follows carriers: a carrier thread's interval is cut at each
 * REC_RUN and at its user task's BLOCK or EXIT, and each piece is drawn as
 * the coroutine, goroutine or request it ran (the user tasks are tasks of the
 * run, with their letter and legend entry, within GANTT_MAX_TASKS).
 * Intervals of zero length are dropped (nothing ran). Counter records are ignored, and
 * a switch cost is drawn as part of the run it leads to (the dispatch record
 * comes when the switch starts), and the table reports switch time. Memory
 * grows with the number of dispatches; the CLI only attaches this sink to
 * scenarios of at most GANTT_MAX_TASKS tasks.
 *
 * Drawing, the exact chart. Every time at which some CPU's lane changes
 * (a run starts or ends) is a boundary, shared by all lanes so that they stay
 * aligned; each boundary takes one column, where a lane that changes there
 * draws '|' and the others go on drawing what they were drawing. The gap
 * between boundaries b and b' gets round(b' * s) - round(b * s) columns at
 * the scale s (rounding the absolute positions, so that rounding errors do
 * not add up), but at least
 *   - one column, so that the shortest run stays visible;
 *   - as many as the axis label of b has characters, so that labels never
 *     touch ("24  27  30");
 *   - for a run that ends at b', enough columns since its start to hold the
 *     task's name.
 * Scales are tried from the finest: 4 and 2 columns per time unit (only
 * while the chart stays within GANTT_ZOOM_WIDTH columns: small charts are
 * magnified, not large ones), then 1 column per 1, 2, 5, 10, 20, 50 ...
 * units, until the chart fits in GANTT_WIDTH columns. If no scale fits with
 * names in the lanes, the lanes show one symbol per task (A, B, ... then a,
 * b, ... then 0-9) repeated over the run, with a legend; if that fails too,
 * labels stop claiming room and are placed left to right where they fit, the
 * last boundary always labelled. Idle time is '.'. The axis ends with the
 * unit. For FCFS on P1 = 24, P2 = 3, P3 = 3 ms:
 *
 *   cpu0 |P1                      |P2 |P3 |
 *        0                        24  27  30 ms
 *
 * Drawing, the sampled chart. With more boundaries than GANTT_WIDTH columns
 * can separate, the exact chart is impossible; the lanes are then cut into
 * at most GANTT_SAMPLED_COLS columns of a round length (1, 2 or 5 times a
 * power of ten ns), each showing the symbol of what ran longest in it ('.'
 * when idle was longest; ties go to the task with the lowest index, and to
 * any task over idle). Short runs may vanish; a note says so, and a task
 * that is in no column at all is named below the legend. The axis has a
 * label every GANTT_SAMPLED_TICK columns and one at the end.
 */
#include <string.h>

#include "base/units.h"
#include "report/report.h"
#include "report/runs.h"

#define GANTT_WIDTH	   100 /* no line of a chart is wider */
#define GANTT_ZOOM_WIDTH   60  /* ... nor of a magnified one */
#define GANTT_SAMPLED_COLS 80  /* columns of a sampled chart */
#define GANTT_SAMPLED_TICK 10  /* columns between labels of a sampled chart */

/* A task's symbol is the one at its index in the run's task array. */
static const char symbols[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
G_STATIC_ASSERT(sizeof(symbols) - 1 >= GANTT_MAX_TASKS);

#define WHO_IDLE    (-1) /* nothing ran */
#define WHO_UNKNOWN (-2) /* a task id the run_result does not have */

struct gantt_iv {
	sim_time_t start, end;
	uint32_t task; /* task id */
};

struct gantt {
	uint32_t ncpus;
	sim_time_t unit;	/* the scenario's time unit, for the axis */
	sim_time_t last;	/* time of the latest record */
	struct run_tracker *rt; /* the interval open on each CPU (runs.h) */
	GArray **ivs;		/* per CPU: struct gantt_iv, in time order, closed only */
};

struct gantt *gantt_new(uint32_t ncpus, sim_time_t unit)
{
	struct gantt *g = g_new0(struct gantt, 1);

	g->ncpus = ncpus;
	g->unit = unit;
	g->rt = run_tracker_new(ncpus);
	run_tracker_follow_carriers(g->rt); /* a carrier's box shows its user tasks */
	g->ivs = g_new0(GArray *, ncpus);
	for (uint32_t i = 0; i < ncpus; i++)
		g->ivs[i] = g_array_new(FALSE, FALSE, sizeof(struct gantt_iv));
	return g;
}

void gantt_free(struct gantt *g)
{
	if (!g)
		return;
	for (uint32_t i = 0; i < g->ncpus; i++)
		g_array_free(g->ivs[i], TRUE);
	g_free(g->ivs);
	run_tracker_free(g->rt);
	g_free(g);
}

static void gantt_emit(void *ctx, const struct record *r)
{
	struct gantt *g = ctx;
	struct run_span sp;

	if (r->time > g->last)
		g->last = r->time;
	if (run_tracker_feed(g->rt, r, &sp) && sp.end > sp.start) {
		struct gantt_iv iv = { .start = sp.start, .end = sp.end, .task = sp.task };

		g_array_append_val(g->ivs[sp.cpu], iv);
	}
}

struct record_sink gantt_sink(struct gantt *g)
{
	return (struct record_sink){ .emit = gantt_emit, .ctx = g, .want_why = false };
}

/* ------------------------------------------------------------- drawing */

/* A stretch of a lane: a run of one task or idle time. */
struct seg {
	sim_time_t start, end;
	int who;      /* index in r->tasks, WHO_IDLE or WHO_UNKNOWN */
	guint si, ei; /* indices of its start and end among the boundaries */
};

struct chart {
	const struct run_result *r;
	sim_time_t unit, end;
	uint32_t nlanes;
	GArray **lanes;	   /* of struct seg, covering [0, end) */
	GArray *bounds;	   /* sim_time_t: sorted, unique, 0 and end included */
	GPtrArray *labels; /* axis text of each boundary */
	gsize prefix;	   /* width of the lane names and the space after */
	const char *suffix;
	bool shown[GANTT_MAX_TASKS + 2]; /* who + 2 appears in the chart */
};

static int who_of(const struct run_result *r, uint32_t id)
{
	if (id < r->ntasks && r->tasks[id].id == id)
		return (int)id;
	for (uint32_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].id == id)
			return (int)i;
	return WHO_UNKNOWN;
}

static char who_symbol(int who)
{
	return who >= 0 ? symbols[who] : who == WHO_IDLE ? '.' : '?';
}

static const char *who_name(const struct chart *c, int who)
{
	if (who >= 0 && c->r->tasks[who].name)
		return c->r->tasks[who].name;
	return who == WHO_IDLE ? "idle" : "?";
}

/* A time on the axis: in the unit, at most two decimals, no trailing zeros. */
static char *axis_label(sim_time_t t, sim_time_t unit)
{
	GString *s = g_string_new(NULL);
	char *space;

	units_time_in(s, t, unit);
	space = strchr(s->str, ' ');
	if (space)
		g_string_truncate(s, (gsize)(space - s->str));
	while (s->len && s->str[s->len - 1] == '0')
		g_string_truncate(s, s->len - 1);
	if (s->len && s->str[s->len - 1] == '.')
		g_string_truncate(s, s->len - 1);
	return g_string_free(s, FALSE);
}

static void push_seg(GArray *a, sim_time_t start, sim_time_t end, int who)
{
	struct seg s = { .start = start, .end = end, .who = who };

	if (end > start)
		g_array_append_val(a, s);
}

static int cmp_time(gconstpointer a, gconstpointer b)
{
	sim_time_t x = *(const sim_time_t *)a, y = *(const sim_time_t *)b;

	return x < y ? -1 : x > y;
}

static guint bound_index(const struct chart *c, sim_time_t t)
{
	guint lo = 0, hi = c->bounds->len - 1;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;

		if (g_array_index(c->bounds, sim_time_t, mid) < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Lanes of segments covering [0, end), and the shared boundaries. False if nothing ran. */
static bool chart_build(struct chart *c, const struct gantt *g, const struct run_result *r)
{
	bool ran = false;
	char name[32];

	c->r = r;
	/* the scale and the labels use the unit the suffix names */
	switch (g->unit) {
	case SIM_US:
	case SIM_MS:
	case SIM_S:
		c->unit = g->unit;
		break;
	default:
		c->unit = SIM_NS;
		break;
	}
	c->suffix = units_suffix(c->unit);
	c->end = r->end > g->last ? r->end : g->last;
	c->nlanes = g->ncpus;
	c->lanes = g_new0(GArray *, g->ncpus);
	c->bounds = g_array_new(FALSE, FALSE, sizeof(sim_time_t));
	c->labels = g_ptr_array_new_with_free_func(g_free);
	g_snprintf(name, sizeof(name), "cpu%u", g->ncpus ? g->ncpus - 1 : 0);
	c->prefix = strlen(name) + 1;

	for (uint32_t i = 0; i < g->ncpus; i++) {
		const GArray *ivs = g->ivs[i];
		GArray *a = g_array_new(FALSE, FALSE, sizeof(struct seg));
		sim_time_t t = 0, open_start;
		uint32_t open_task;

		for (guint k = 0; k <= ivs->len; k++) {
			struct gantt_iv iv;

			if (k < ivs->len)
				iv = g_array_index(ivs, struct gantt_iv, k);
			else if (run_tracker_open(g->rt, i, &open_task, &open_start))
				iv = (struct gantt_iv){ open_start, c->end, open_task };
			else
				break;
			if (iv.start < t)
				iv.start = t; /* records out of order: never overlap */
			if (iv.end > c->end)
				iv.end = c->end;
			if (iv.end <= iv.start)
				continue;
			push_seg(a, t, iv.start, WHO_IDLE);
			push_seg(a, iv.start, iv.end, who_of(r, iv.task));
			t = iv.end;
			ran = true;
		}
		push_seg(a, t, c->end, WHO_IDLE);
		c->lanes[i] = a;
	}
	if (!ran)
		return false;

	for (uint32_t i = 0; i < c->nlanes; i++) {
		for (guint k = 0; k < c->lanes[i]->len; k++) {
			const struct seg *s = &g_array_index(c->lanes[i], struct seg, k);

			g_array_append_val(c->bounds, s->start);
		}
	}
	g_array_append_val(c->bounds, c->end);
	g_array_sort(c->bounds, cmp_time);
	for (guint k = 1, n = 1; k <= c->bounds->len; k++) {
		if (k == c->bounds->len) {
			g_array_set_size(c->bounds, n);
			break;
		}
		if (g_array_index(c->bounds, sim_time_t, k) !=
		    g_array_index(c->bounds, sim_time_t, n - 1))
			g_array_index(c->bounds, sim_time_t, n++) =
				g_array_index(c->bounds, sim_time_t, k);
	}
	for (uint32_t i = 0; i < c->nlanes; i++) {
		for (guint k = 0; k < c->lanes[i]->len; k++) {
			struct seg *s = &g_array_index(c->lanes[i], struct seg, k);

			s->si = bound_index(c, s->start);
			s->ei = bound_index(c, s->end);
		}
	}
	for (guint k = 0; k < c->bounds->len; k++)
		g_ptr_array_add(c->labels,
				axis_label(g_array_index(c->bounds, sim_time_t, k), c->unit));
	return true;
}

static void chart_release(struct chart *c)
{
	for (uint32_t i = 0; c->lanes && i < c->nlanes; i++)
		g_array_free(c->lanes[i], TRUE);
	g_free(c->lanes);
	if (c->bounds)
		g_array_free(c->bounds, TRUE);
	if (c->labels)
		g_ptr_array_unref(c->labels);
}

static void lane_name(const struct chart *c, GString *out, uint32_t i)
{
	gsize start = out->len;

	g_string_append_printf(out, "cpu%u", i);
	while (out->len - start < c->prefix)
		g_string_append_c(out, ' ');
}

static void rstrip(GString *s)
{
	while (s->len && s->str[s->len - 1] == ' ')
		g_string_truncate(s, s->len - 1);
}

static void legend_item(const struct chart *c, GString *out, GString *line, char symbol,
			const char *name)
{
	gsize width = (line->len ? 2 : 0) + 2 + strlen(name);

	if (line->len && c->prefix + line->len + width > GANTT_WIDTH) {
		g_string_append_printf(out, "%*s%s\n", (int)c->prefix, "", line->str);
		g_string_truncate(line, 0);
	}
	g_string_append_printf(line, "%s%c=%s", line->len ? "  " : "", symbol, name);
}

/* "A=P1  B=P2  .=idle": the symbols drawn, in task order, wrapped. */
static void legend(const struct chart *c, GString *out)
{
	GString *line = g_string_new(NULL);

	for (int w = 0; w < (int)c->r->ntasks; w++)
		if (c->shown[w + 2])
			legend_item(c, out, line, who_symbol(w), who_name(c, w));
	if (c->shown[WHO_UNKNOWN + 2])
		legend_item(c, out, line, who_symbol(WHO_UNKNOWN), "unknown task");
	if (c->shown[WHO_IDLE + 2])
		legend_item(c, out, line, who_symbol(WHO_IDLE), "idle");
	if (line->len)
		g_string_append_printf(out, "%*s%s\n", (int)c->prefix, "", line->str);
	g_string_free(line, TRUE);
}

/* ----------------------------------------------------- the exact chart */

/* round(t * num / den) for t >= 0, without overflow for the scales tried. */
static uint64_t scaled(sim_time_t t, uint64_t num, uint64_t den)
{
	uint64_t u = (uint64_t)t;

	return u / den * num + (u % den * num + den / 2) / den;
}

/*
 * Columns of every boundary at num/den columns per ns, within `limit`
 * columns of line. `names` asks room for the names, `room` for the labels.
 */
static bool place(const struct chart *c, bool names, bool room, uint64_t num, uint64_t den,
		  gsize limit, gint64 *x)
{
	guint n = c->bounds->len - 1;
	gsize last_label = strlen(g_ptr_array_index(c->labels, n));
	gint64 max = (gint64)limit - (gint64)c->prefix - 1;

	if ((uint64_t)c->end / den > (uint64_t)max)
		return false;
	x[0] = 0;
	for (guint k = 0; k < n; k++) {
		sim_time_t a = g_array_index(c->bounds, sim_time_t, k);
		sim_time_t b = g_array_index(c->bounds, sim_time_t, k + 1);
		gint64 w = (gint64)(scaled(b, num, den) - scaled(a, num, den));

		if (w < 1)
			w = 1;
		if (room)
			w = MAX(w, (gint64)strlen(g_ptr_array_index(c->labels, k)));
		x[k + 1] = x[k] + 1 + w;
		for (uint32_t i = 0; i < c->nlanes; i++) {
			for (guint j = 0; j < c->lanes[i]->len; j++) {
				const struct seg *s = &g_array_index(c->lanes[i], struct seg, j);
				gint64 need = 1;

				if (s->ei != k + 1)
					continue;
				if (names && s->who != WHO_IDLE)
					need = (gint64)strlen(who_name(c, s->who));
				x[k + 1] = MAX(x[k + 1], x[s->si] + 1 + need);
			}
		}
		if (x[k + 1] > max)
			return false;
	}
	/* the axis: the last label and " ms" after the last bar */
	return c->prefix + (gsize)x[n] + last_label + 1 + strlen(c->suffix) <= limit;
}

/*
 * Which boundaries get a label: left to right where they fit one space after
 * the previous one (all of them when place() made room), then the end, which
 * always has one, takes the place of the labels it would touch.
 */
static void choose_labels(const struct chart *c, const gint64 *x, bool *on)
{
	guint n = c->bounds->len - 1;
	gint64 free_from = 0; /* first column a label may start at */

	for (guint k = 0; k < n; k++) {
		on[k] = x[k] >= free_from;
		if (on[k])
			free_from = x[k] + (gint64)strlen(g_ptr_array_index(c->labels, k)) + 1;
	}
	on[n] = true;
	for (guint k = n; k-- > 0;) {
		if (!on[k])
			continue;
		if (x[k] + (gint64)strlen(g_ptr_array_index(c->labels, k)) + 1 <= x[n])
			break;
		on[k] = false;
	}
}

static void draw_exact(struct chart *c, bool names, const gint64 *x, GString *out)
{
	guint n = c->bounds->len - 1;
	gsize width = (gsize)x[n] + 1;
	char *buf = g_malloc(width + 1);
	bool *on = g_new0(bool, n + 1);
	GString *axis = g_string_new(NULL);

	for (uint32_t i = 0; i < c->nlanes; i++) {
		memset(buf, ' ', width);
		buf[width] = '\0';
		for (guint j = 0; j < c->lanes[i]->len; j++) {
			const struct seg *s = &g_array_index(c->lanes[i], struct seg, j);
			gint64 from = x[s->si] + 1, to = x[s->ei];

			c->shown[s->who + 2] = true;
			buf[x[s->si]] = '|';
			if (s->who == WHO_IDLE || !names)
				memset(buf + from, who_symbol(s->who), (size_t)(to - from));
			else
				memcpy(buf + from, who_name(c, s->who),
				       strlen(who_name(c, s->who)));
		}
		buf[width - 1] = '|';
		lane_name(c, out, i);
		g_string_append(out, buf);
		g_string_append_c(out, '\n');
	}

	choose_labels(c, x, on);
	g_string_append_printf(axis, "%*s", (int)c->prefix, "");
	for (guint k = 0; k <= n; k++) {
		const char *l = g_ptr_array_index(c->labels, k);
		gsize at = c->prefix + (gsize)x[k];

		if (!on[k])
			continue;
		while (axis->len < at)
			g_string_append_c(axis, ' ');
		g_string_append(axis, l);
	}
	rstrip(axis);
	g_string_append_printf(out, "%s %s\n", axis->str, c->suffix);
	if (!names)
		legend(c, out);
	g_string_free(axis, TRUE);
	g_free(on);
	g_free(buf);
}

/* Try the scales from the finest; true when a chart was drawn. */
static bool try_exact(struct chart *c, bool names, bool room, GString *out)
{
	guint n = c->bounds->len - 1;
	gint64 *x = g_new(gint64, n + 1);
	uint64_t unit = (uint64_t)c->unit;
	bool drawn = false;

	for (unsigned step = 0;; step++) {
		/* 4, 2 columns per unit, then 1 column per 1, 2, 5, 10, 20, 50 ... units */
		static const uint64_t mant[] = { 1, 2, 5 };
		uint64_t num = 1, per = 1, den;

		if (step < 2) {
			num = step == 0 ? 4 : 2;
		} else {
			per = mant[(step - 2) % 3];
			for (unsigned e = 0; e < (step - 2) / 3; e++)
				per *= 10;
		}
		if (per > (uint64_t)INT64_MAX / unit)
			break;
		den = per * unit;
		if (place(c, names, room, num, den, num > 1 ? GANTT_ZOOM_WIDTH : GANTT_WIDTH, x)) {
			draw_exact(c, names, x, out);
			drawn = true;
			break;
		}
		if (step >= 2 && scaled(c->end, num, den) == 0)
			break; /* every gap is at its least width already */
	}
	g_free(x);
	return drawn;
}

/* --------------------------------------------------- the sampled chart */

/*
 * The tasks that ran but are in no column of a sampled chart (never the
 * longest in one): named, so that a task that had its share in short runs
 * is not taken for one that never ran.
 */
static void unshown(const struct chart *c, GString *out)
{
	GString *line = g_string_new(NULL);
	bool ran[GANTT_MAX_TASKS] = { false };

	for (uint32_t i = 0; i < c->nlanes; i++)
		for (guint k = 0; k < c->lanes[i]->len; k++) {
			int who = g_array_index(c->lanes[i], struct seg, k).who;

			if (who >= 0)
				ran[who] = true;
		}
	for (int w = 0; w < (int)c->r->ntasks; w++) {
		const char *name = who_name(c, w);

		if (!ran[w] || c->shown[w + 2])
			continue;
		if (!line->len) {
			g_string_append_printf(line, "not drawn, never the longest in a column: %s",
					       name);
			continue;
		}
		if (c->prefix + line->len + 2 + strlen(name) > GANTT_WIDTH) {
			g_string_append_printf(out, "%*s%s\n", (int)c->prefix, "", line->str);
			g_string_truncate(line, 0);
			g_string_append(line, name);
			continue;
		}
		g_string_append_printf(line, "  %s", name);
	}
	if (line->len)
		g_string_append_printf(out, "%*s%s\n", (int)c->prefix, "", line->str);
	g_string_free(line, TRUE);
}

static void draw_sampled(struct chart *c, GString *out)
{
	static const uint64_t mant[] = { 1, 2, 5 };
	uint64_t col = 1; /* ns per column: 1, 2, 5 times a power of ten */
	uint64_t ncols;
	sim_time_t acc[GANTT_MAX_TASKS + 2]; /* time of each who + 2 in a column */
	GString *axis = g_string_new(NULL), *len = g_string_new(NULL);
	sim_time_t len_unit = c->unit;
	gint64 free_from = 0;

	for (unsigned step = 0;; step++) {
		col = mant[step % 3];
		for (unsigned e = 0; e < step / 3; e++)
			col *= 10;
		if (((uint64_t)c->end + col - 1) / col <= GANTT_SAMPLED_COLS)
			break;
	}
	ncols = ((uint64_t)c->end + col - 1) / col;

	for (uint32_t i = 0; i < c->nlanes; i++) {
		GArray *a = c->lanes[i];
		guint p = 0; /* first segment not over before the column */

		lane_name(c, out, i);
		g_string_append_c(out, '|');
		for (uint64_t j = 0; j < ncols; j++) {
			sim_time_t from = (sim_time_t)(j * col);
			sim_time_t to = MIN((sim_time_t)((j + 1) * col), c->end);
			sim_time_t most = 0;
			int best = WHO_IDLE;

			memset(acc, 0, sizeof(acc));
			while (p < a->len && g_array_index(a, struct seg, p).end <= from)
				p++;
			for (guint q = p; q < a->len; q++) {
				const struct seg *s = &g_array_index(a, struct seg, q);

				if (s->start >= to)
					break;
				acc[s->who + 2] += MIN(s->end, to) - MAX(s->start, from);
			}
			/* the longest; ties go to the lowest index, and any task beats idle */
			for (int w = 0; w < (int)c->r->ntasks; w++) {
				if (acc[w + 2] > most) {
					most = acc[w + 2];
					best = w;
				}
			}
			if (acc[WHO_UNKNOWN + 2] > most) {
				most = acc[WHO_UNKNOWN + 2];
				best = WHO_UNKNOWN;
			}
			if (acc[WHO_IDLE + 2] > most)
				best = WHO_IDLE;
			c->shown[best + 2] = true;
			g_string_append_c(out, who_symbol(best));
		}
		g_string_append(out, "|\n");
	}

	/*
	 * A label every GANTT_SAMPLED_TICK columns, where it fits, and one at
	 * the end of the chart, which always has one, as in the exact chart:
	 * a tick label it would touch gives way.
	 */
	g_string_append_printf(axis, "%*s", (int)c->prefix, "");
	{
		g_autofree char *last = axis_label(c->end, c->unit);
		uint64_t last_at = ncols; /* where the end's label starts, as j * col's at j */
		gsize kept = axis->len;	  /* the axis up to the last tick label that fits */

		for (uint64_t j = 0; j < ncols; j += GANTT_SAMPLED_TICK) {
			g_autofree char *l = axis_label((sim_time_t)(j * col), c->unit);

			if ((gint64)j < free_from)
				continue;
			if (j + strlen(l) + 1 > last_at && j > 0)
				break; /* it would touch the end's label */
			while (axis->len < c->prefix + j)
				g_string_append_c(axis, ' ');
			g_string_append(axis, l);
			kept = axis->len;
			free_from = (gint64)(j + strlen(l) + 1);
		}
		g_string_truncate(axis, kept);
		if (axis->len > c->prefix && axis->len >= c->prefix + last_at)
			g_string_append_c(axis, ' '); /* labels never touch */
		while (axis->len < c->prefix + last_at)
			g_string_append_c(axis, ' ');
		g_string_append(axis, last);
	}
	g_string_append_printf(out, "%s %s\n", axis->str, c->suffix);

	while (len_unit > SIM_NS && (sim_time_t)col < len_unit)
		len_unit /= 1000;
	units_time_in(len, (sim_time_t)col, len_unit);
	g_string_append_printf(out,
			       "%*s(one column is %s and shows what ran longest in it; "
			       "shorter runs are not drawn)\n",
			       (int)c->prefix, "", len->str);
	legend(c, out);
	unshown(c, out);
	g_string_free(len, TRUE);
	g_string_free(axis, TRUE);
}

bool gantt_render(const struct gantt *g, const struct run_result *r, GString *out)
{
	struct chart c = { 0 };

	if (r->ntasks > GANTT_MAX_TASKS) {
		g_string_append_printf(out,
				       "gantt: %" G_GUINT32_FORMAT " tasks is more than the %u a "
				       "chart can show; use --format csv for all the figures\n",
				       r->ntasks, GANTT_MAX_TASKS);
		return false;
	}
	g_return_val_if_fail(g, false);
	if (!chart_build(&c, g, r)) {
		g_string_append(out, "gantt: no task ran\n");
		chart_release(&c);
		return true;
	}
	/* n gaps take at least 2n + 1 columns: a bar and a character each, and a last bar */
	if (c.prefix + 2 * (c.bounds->len - 1) + 1 > GANTT_WIDTH ||
	    (!try_exact(&c, true, true, out) && !try_exact(&c, false, true, out) &&
	     !try_exact(&c, false, false, out)))
		draw_sampled(&c, out);
	chart_release(&c);
	return true;
}
