/*
 * env.c - where the figures were measured: the [environment] record, and
 * what the CPU states about its TLB.
 *
 * The CPU's name and flags come from /proc/cpuinfo; PCID from its `pcid`
 * and `invpcid` flags (Linux uses PCIDs since 4.14 and keeps
 * TLB_NR_DYN_ASIDS = 6 address spaces per CPU, arch/x86/include/asm/
 * tlbflush.h); page-table isolation from
 * /sys/devices/system/cpu/vulnerabilities/meltdown (kernel
 * Documentation/admin-guide/hw-vuln); the hypervisor from CPUID leaf
 * 0x40000000 or the `hypervisor` flag; HZ from the kernel's configuration
 * (/boot/config-RELEASE or /proc/config.gz), which is the only place user
 * space can read it (sysconf(_SC_CLK_TCK) is USER_HZ, always 100).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "config.h"
#include "probe/probe.h"

/* The value of the first "key\t: value" line of /proc/cpuinfo; NULL when absent. */
static char *cpuinfo(const char *key)
{
	g_autofree char *text = NULL;
	size_t klen = strlen(key);

	if (!g_file_get_contents("/proc/cpuinfo", &text, NULL, NULL))
		return NULL;
	for (char *line = text; line && *line;) {
		char *next = strchr(line, '\n');

		if (next)
			*next = '\0';
		if (!strncmp(line, key, klen) &&
		    (line[klen] == '\t' || line[klen] == ' ' || line[klen] == ':')) {
			char *colon = strchr(line, ':');

			if (colon)
				return g_strstrip(g_strdup(colon + 1));
		}
		line = next ? next + 1 : NULL;
	}
	return NULL;
}

static bool has_flag(const char *flags, const char *flag)
{
	g_auto(GStrv) words = flags ? g_strsplit(flags, " ", -1) : NULL;

	return words && g_strv_contains((const char *const *)words, flag);
}

uint32_t probe_pcid_slots(void)
{
#if defined(__x86_64__)
	g_autofree char *flags = cpuinfo("flags");

	/* No pcid: every change of address space flushes (0 behaves as 1). */
	return has_flag(flags, "pcid") ? 6 : 0;
#elif defined(__aarch64__)
	/* ASIDs: Linux gives every mm its own (arch/arm64/mm/context.c); no flush per switch. */
	return 4096;
#else
	return 0;
#endif
}

uint32_t probe_cpuid_tlb_entries(void)
{
#if defined(__x86_64__)
	unsigned a, b, c, d, max_ext;
	char vendor[13];

	__cpuid(0, a, b, c, d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	if (!strcmp(vendor, "AuthenticAMD") || !strcmp(vendor, "HygonGenuine")) {
		/* Fn8000_0006 EBX[27:16]: L2 data TLB entries for 4 KiB pages (AMD APM vol. 3). */
		__cpuid(0x80000000, max_ext, b, c, d);
		if (max_ext >= 0x80000006) {
			__cpuid(0x80000006, a, b, c, d);
			if ((b >> 16) & 0xfff)
				return (b >> 16) & 0xfff;
		}
		/* Fn8000_0005 EBX[23:16]: L1 data TLB entries for 4 KiB pages. */
		if (max_ext >= 0x80000005) {
			__cpuid(0x80000005, a, b, c, d);
			return (b >> 16) & 0xff;
		}
		return 0;
	}
	if (!strcmp(vendor, "GenuineIntel") && a >= 0x18) {
		/* Leaf 0x18: deterministic address translation parameters (Intel SDM vol. 2A). */
		unsigned best = 0, subleaves;

		__cpuid_count(0x18, 0, subleaves, b, c, d);
		for (unsigned s = 0; s <= subleaves && s < 64; s++) {
			unsigned type, level, entries;

			__cpuid_count(0x18, s, a, b, c, d);
			type = d & 0x1f; /* 1 data, 2 instruction, 3 unified */
			level = (d >> 5) & 0x7;
			if ((type != 1 && type != 3) || !(b & 1)) /* 4 KiB pages */
				continue;
			entries = ((b >> 16) & 0xffff) * c;
			if (level >= 1 && entries > best)
				best = entries;
		}
		return best;
	}
#endif
	return 0;
}

static char *hypervisor(const char *flags)
{
#if defined(__x86_64__)
	if (has_flag(flags, "hypervisor")) {
		unsigned a, b, c, d;
		char sig[13];

		__cpuid(0x40000000, a, b, c, d);
		memcpy(sig, &b, 4);
		memcpy(sig + 4, &c, 4);
		memcpy(sig + 8, &d, 4);
		sig[12] = '\0';
		/* "KVMKVMKVM", "Microsoft Hv", "VMwareVMware", "XenVMMXenVMM", "TCGTCGTCGTCG" */
		for (int i = 0; i < 12; i++)
			if ((unsigned char)sig[i] < 0x20 || (unsigned char)sig[i] > 0x7e)
				sig[i] = '\0';
		return g_strdup_printf("yes (CPUID signature \"%s\")", sig);
	}
#endif
	{
		g_autofree char *type = NULL;

		if (g_file_get_contents("/sys/hypervisor/type", &type, NULL, NULL))
			return g_strdup_printf("yes (%s)", g_strstrip(type));
	}
#if defined(__x86_64__)
	return g_strdup("none");
#else
	return g_strdup("unknown");
#endif
}

/* CONFIG_HZ from a kernel configuration's text. */
static char *hz_from(const char *text, const char *where)
{
	const char *s = strstr(text, "\nCONFIG_HZ=");

	if (!s)
		return NULL;
	return g_strdup_printf("%ld (CONFIG_HZ, %s)", strtol(s + 11, NULL, 10), where);
}

static char *kernel_hz(const char *release)
{
	g_autofree char *path = g_strdup_printf("/boot/config-%s", release);
	g_autofree char *text = NULL;
	g_autofree char *out = NULL;
	char *argv[] = { (char *)"gzip", (char *)"-dc", (char *)"/proc/config.gz", NULL };
	gint status = 0;
	char *hz;

	if (g_file_get_contents(path, &text, NULL, NULL) && (hz = hz_from(text, path)))
		return hz;
	if (g_file_test("/proc/config.gz", G_FILE_TEST_EXISTS) &&
	    g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
			 NULL, &out, NULL, &status, NULL) &&
	    status == 0 && (hz = hz_from(out, "/proc/config.gz")))
		return hz;
	return g_strdup("unknown (no readable kernel configuration)");
}

static char *loadavg(void)
{
	g_autofree char *text = NULL;
	g_auto(GStrv) w = NULL;

	if (!g_file_get_contents("/proc/loadavg", &text, NULL, NULL))
		return g_strdup("?");
	w = g_strsplit(g_strstrip(text), " ", 4);
	if (g_strv_length(w) < 3)
		return g_strdup("?");
	return g_strdup_printf("%s %s %s", w[0], w[1], w[2]);
}

void probe_environment(struct model *m)
{
	struct utsname u;
	g_autofree char *flags = cpuinfo("flags");
	g_autofree char *meltdown = NULL;
	cpu_set_t set;
	char date[32];
	time_t now = time(NULL);
	struct tm tm;

	m->env_cpu = cpuinfo("model name");
	if (!m->env_cpu)
		m->env_cpu = cpuinfo("Hardware");
	if (uname(&u) == 0) {
		m->env_kernel =
			g_strdup_printf("%s %s %s %s", u.sysname, u.release, u.version, u.machine);
		m->env_hz = kernel_hz(u.release);
		if (!m->env_cpu)
			m->env_cpu = g_strdup(u.machine);
	}
	m->env_cores = g_strdup_printf(
		"%ld online, %d usable by the probe", sysconf(_SC_NPROCESSORS_ONLN),
		sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set)
							     : (int)sysconf(_SC_NPROCESSORS_ONLN));
#if defined(__x86_64__)
	m->env_pcid = g_strdup_printf("pcid %s, invpcid %s", has_flag(flags, "pcid") ? "yes" : "no",
				      has_flag(flags, "invpcid") ? "yes" : "no");
#else
	m->env_pcid = g_strdup("not x86");
#endif
	if (g_file_get_contents("/sys/devices/system/cpu/vulnerabilities/meltdown", &meltdown, NULL,
				NULL))
		m->env_pti = g_strdup_printf("%s (vulnerabilities/meltdown)", g_strstrip(meltdown));
	else
		m->env_pti = g_strdup(has_flag(flags, "pti") ? "pti flag set" : "unknown");
	m->env_virt = hypervisor(flags);
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	m->env_date = g_strdup(date);
	m->env_version = g_strdup(PACKAGE_VERSION);
	m->env_load = loadavg();
}

/* The load average after the probe, appended to what it was before. */
void probe_environment_end(struct model *m, const char *noisy)
{
	g_autofree char *after = loadavg();
	char *load = g_strdup_printf("%s before, %s after", m->env_load ? m->env_load : "?", after);

	g_free(m->env_load);
	m->env_load = load;
	g_free(m->env_noisy);
	m->env_noisy = g_strdup(noisy && *noisy ? noisy : "none");
}
