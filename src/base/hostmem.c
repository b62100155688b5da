/*
 * hostmem.c - the memory a process may still take (hostmem.h).
 */
#include "base/hostmem.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

/* Fields of /proc/self/statm, in bytes: 0 size, 5 data; 0 when unknown. */
static uint64_t statm(int field)
{
	unsigned long v[7] = { 0 };
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		   &v[6]) != 7)
		v[field] = 0;
	fclose(f);
	return (uint64_t)v[field] * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* A number in a file of the cgroup file system; false when none ("max"). */
static bool cgroup_value(const char *name, uint64_t *v)
{
	g_autofree char *path = g_build_filename("/sys/fs/cgroup", name, NULL);
	g_autofree char *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return false;
	g_strstrip(text);
	return g_ascii_string_to_unsigned(text, 10, 0, G_MAXUINT64, v, NULL);
}

static void bound(uint64_t *avail, const char **what, uint64_t limit, uint64_t used,
		  const char *name)
{
	uint64_t left = limit > used ? limit - used : 0;

	if (left < *avail) {
		*avail = left;
		*what = name;
	}
}

uint64_t hostmem_available(const char **what)
{
	uint64_t avail = UINT64_MAX, max, cur;
	struct rlimit rl;
	long pages = sysconf(_SC_PHYS_PAGES);

	*what = "no limit";
	if (pages > 0)
		bound(&avail, what, (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE), 0,
		      "the host's physical memory");
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		bound(&avail, what, rl.rlim_cur, statm(0), "the address-space limit (ulimit -v)");
	if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		bound(&avail, what, rl.rlim_cur, statm(5), "the data limit (ulimit -d)");
	if (cgroup_value("memory.max", &max)) {
		if (!cgroup_value("memory.current", &cur))
			cur = 0;
		bound(&avail, what, max, cur, "the cgroup's memory limit (memory.max)");
	}
	return avail;
}
