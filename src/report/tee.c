/*
 * tee.c - the tee that fans one record stream out to several sinks
 * (--explain, --gantt, --trace and --plot in the same run).
 */
#include <glib.h>

#include "report/report.h"

/*
 * Each sink sees the record as it would without the tee: a sink that did
 * not ask for reasons gets why == NULL, as record.h promises, except for a
 * migration, whose reason is always given.
 */
static inline bool strip_why(const struct record *r)
{
	return r->why && r->kind != REC_MIGRATE;
}

static void tee_emit(void *ctx, const struct record *r)
{
	struct record_tee *tee = ctx;

	for (unsigned i = 0; i < tee->n; i++) {
		const struct record_sink *s = &tee->sinks[i];
		struct record copy;

		if (!s->emit)
			continue;
		if (s->want_why || !strip_why(r)) {
			s->emit(s->ctx, r);
		} else {
			copy = *r;
			copy.why = NULL;
			s->emit(s->ctx, &copy);
		}
		if (s->halt && *s->halt)
			tee->halt = true;
	}
}

/* One sink that did not ask for reasons: only the stripping of `why` is left. */
static void tee_one_emit(void *ctx, const struct record *r)
{
	const struct record_sink *s = ctx;
	struct record copy;

	if (G_LIKELY(!strip_why(r))) {
		s->emit(s->ctx, r);
		return;
	}
	copy = *r;
	copy.why = NULL;
	s->emit(s->ctx, &copy);
}

struct record_sink record_tee_sink(struct record_tee *tee)
{
	struct record_sink sink = {
		.emit = tee_emit, .ctx = tee, .want_why = false, .halt = &tee->halt
	};

	g_return_val_if_fail(tee->n <= G_N_ELEMENTS(tee->sinks), sink);
	/* One sink (the usual case: --trace alone) needs no loop: it is handed
	 * the records itself when it asked for reasons or reads none, else
	 * through a stripper. */
	if (tee->n == 1 && tee->sinks[0].emit) {
		if (tee->sinks[0].want_why || tee->sinks[0].why_unread)
			return tee->sinks[0];
		return (struct record_sink){ .emit = tee_one_emit,
					     .ctx = &tee->sinks[0],
					     .want_why = false,
					     .halt = tee->sinks[0].halt };
	}
	for (unsigned i = 0; i < tee->n; i++)
		if (tee->sinks[i].emit && tee->sinks[i].want_why)
			sink.want_why = true;
	return sink;
}
