/*
 * hostmem.h - how much memory this process may still take on the host.
 *
 * Before a run, schedlab estimates what a scenario needs (sim_estimate) and
 * refuses what cannot fit, rather than dying of a failed allocation half-way
 * (GLib aborts when malloc fails). The bound is the smallest of: the
 * address-space limit (ulimit -v) less the address space in use, the data
 * limit (ulimit -d) less the data in use, the cgroup's memory.max less its
 * memory.current, and the host's physical memory. Fixed figures, not the
 * memory free at the moment, so that a scenario is refused or not whatever
 * else runs.
 */
#ifndef SCHEDLAB_HOSTMEM_H
#define SCHEDLAB_HOSTMEM_H

#include <stdint.h>

/* Bytes this process may still allocate; *what names the bound ("ulimit -v"). */
uint64_t hostmem_available(const char **what);

#endif
