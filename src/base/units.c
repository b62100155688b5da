/*
 * units.c - times and sizes as text; see units.h.
 */
#include "base/units.h"

#include <inttypes.h>

void units_time(GString *out, sim_time_t t)
{
	static const struct {
		sim_time_t unit;
		const char *suffix;
	} units[] = { { SIM_S, "s" }, { SIM_MS, "ms" }, { SIM_US, "us" } };

	if (t == SIM_TIME_INF) {
		g_string_append(out, "unlimited");
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		sim_time_t u = units[i].unit;

		if (t >= u || t <= -u) {
			/* Two decimals, computed in integers: no locale, no rounding drift;
			 * the whole units apart, so that no time near 2^63 ns overflows. */
			uint64_t mag = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
			uint64_t whole = mag / (uint64_t)u;
			uint64_t hundredths =
				(mag % (uint64_t)u * 100 + (uint64_t)u / 2) / (uint64_t)u;

			if (hundredths == 100) {
				whole++;
				hundredths = 0;
			}
			g_string_append_printf(out, "%s%" PRIu64 ".%02" PRIu64 " %s",
					       t < 0 ? "-" : "", whole, hundredths,
					       units[i].suffix);
			return;
		}
	}
	g_string_append_printf(out, "%" G_GINT64_FORMAT " ns", t);
}

/* The unit shown: one of ns, us, ms, s; anything else is shown in ns. */
static sim_time_t unit_of(sim_time_t unit)
{
	switch (unit) {
	case SIM_NS:
	case SIM_US:
	case SIM_MS:
	case SIM_S:
		return unit;
	default:
		return SIM_NS;
	}
}

const char *units_suffix(sim_time_t unit)
{
	switch (unit_of(unit)) {
	case SIM_S:
		return "s";
	case SIM_MS:
		return "ms";
	case SIM_US:
		return "us";
	default:
		return "ns";
	}
}

void units_number_in(GString *out, sim_time_t t, sim_time_t unit)
{
	uint64_t mag, whole, rem, hundredths;

	unit = unit_of(unit);
	/* |t| as unsigned, INT64_MIN included */
	mag = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
	whole = mag / (uint64_t)unit;
	rem = mag % (uint64_t)unit;
	hundredths = (rem * 100 + (uint64_t)unit / 2) / (uint64_t)unit;
	if (hundredths == 100) {
		whole++;
		hundredths = 0;
	}
	g_string_append_printf(out, "%s%" PRIu64 ".%02" PRIu64,
			       t < 0 && (whole || hundredths) ? "-" : "", whole, hundredths);
}

void units_time_in(GString *out, sim_time_t t, sim_time_t unit)
{
	units_number_in(out, t, unit);
	g_string_append_c(out, ' ');
	g_string_append(out, units_suffix(unit));
}

void units_duration_exact(GString *out, sim_time_t ns)
{
	static const struct {
		sim_time_t unit;
		const char *name;
	} units[] = { { SIM_S, "s" }, { SIM_MS, "ms" }, { SIM_US, "us" } };

	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		if (ns != 0 && ns % units[i].unit == 0) {
			g_string_append_printf(out, "%" G_GINT64_FORMAT " %s", ns / units[i].unit,
					       units[i].name);
			return;
		}
	}
	g_string_append_printf(out, "%" G_GINT64_FORMAT " ns", ns);
}

char *units_bytes_text(uint64_t bytes)
{
	static const char *const suffix[] = { "B", "KiB", "MiB", "GiB" };
	unsigned k = 0;
	uint64_t div = 1, tenths;

	if (bytes < 1024)
		return g_strdup_printf("%" PRIu64 " B", bytes);
	while (k < 3 && bytes >= div * 1024) {
		div *= 1024;
		k++;
	}
	for (;;) {
		tenths = bytes / div * 10 + (bytes % div * 10 + div / 2) / div;
		if (tenths < 10240 || k == 3)
			break;
		div *= 1024; /* 1023.96 KiB is shown as 1.0 MiB */
		k++;
	}
	return g_strdup_printf("%" PRIu64 ".%" PRIu64 " %s", tenths / 10, tenths % 10, suffix[k]);
}

void units_size_exact(GString *out, uint64_t bytes)
{
	static const char *const units[] = { "TiB", "GiB", "MiB", "KiB" };

	for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
		uint64_t u = (uint64_t)1 << (10 * (4 - i));

		if (bytes != 0 && bytes % u == 0) {
			g_string_append_printf(out, "%" G_GUINT64_FORMAT " %s", bytes / u,
					       units[i]);
			return;
		}
	}
	g_string_append_printf(out, "%" G_GUINT64_FORMAT " B", bytes);
}
