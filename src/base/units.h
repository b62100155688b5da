/*
 * units.h - the one home for writing times and sizes as people read them.
 *
 * Every formatter works in integers (no locale, no rounding drift), so the
 * same value prints the same bytes on every machine. Two families:
 *
 *   - rounded, for reports and explanations: "4.00 ms", "1.5 MiB";
 *   - exact, as a scenario file would write the value: "250 us", "64 KiB"
 *     (used to show defaults and effective parameters).
 */
#ifndef SCHEDLAB_UNITS_H
#define SCHEDLAB_UNITS_H

#include <glib.h>
#include <stdint.h>

#include "base/simtime.h"

/* t in the largest of s, ms, us that it reaches, two decimals: "4.00 ms",
 * "750.00 us"; below 1 us in ns: "12 ns"; SIM_TIME_INF: "unlimited". */
void units_time(GString *out, sim_time_t t);
/* t in `unit` (SIM_NS, SIM_US, SIM_MS or SIM_S; anything else is shown in ns)
 * with two decimals, halves away from zero: "5.67 ms". */
void units_time_in(GString *out, sim_time_t t, sim_time_t unit);
/* The same number without its suffix: "5.67". */
void units_number_in(GString *out, sim_time_t t, sim_time_t unit);
/* The suffix of a unit: "ns", "us", "ms" or "s". */
const char *units_suffix(sim_time_t unit);
/* A duration as a scenario would write it, exactly: "4 ms", "1500 us", "7 ns". */
void units_duration_exact(GString *out, sim_time_t ns);

/* "512 B", "1.5 MiB": bytes in B, KiB, MiB or GiB with one decimal. Free it. */
char *units_bytes_text(uint64_t bytes);
/* A size as a scenario would write it, exactly: "64 KiB", "1000 B". */
void units_size_exact(GString *out, uint64_t bytes);

#endif
