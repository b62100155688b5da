/*
 * cleanup.c - the registry of temporaries and children (cleanup.h).
 *
 * A slot is free (0), being filled or emptied by one thread (BUSY), or
 * holds a path or a pid (PATH, CHILD). Threads claim a free slot with a
 * compare-and-swap, fill it, then publish its kind; cleanup_run acts only on
 * published slots, and the path is copied into the slot, so that nothing it
 * reads is ever freed under it.
 */
#include "base/cleanup.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

enum { SLOT_FREE, SLOT_BUSY, SLOT_PATH, SLOT_CHILD };

static struct slot {
	int state; /* accessed with g_atomic_int_* only */
	pid_t pid;
	char path[CLEANUP_PATH_MAX];
} slots[CLEANUP_SLOTS];

static int claim(void)
{
	for (int i = 0; i < CLEANUP_SLOTS; i++)
		if (g_atomic_int_compare_and_exchange(&slots[i].state, SLOT_FREE, SLOT_BUSY))
			return i;
	return -1;
}

int cleanup_path(const char *path)
{
	size_t n = strlen(path);
	int i;

	if (n >= CLEANUP_PATH_MAX || (i = claim()) < 0)
		return -1;
	memcpy(slots[i].path, path, n + 1);
	g_atomic_int_set(&slots[i].state, SLOT_PATH);
	return i;
}

int cleanup_child(pid_t pid)
{
	int i = claim();

	if (i < 0)
		return -1;
	slots[i].pid = pid;
	g_atomic_int_set(&slots[i].state, SLOT_CHILD);
	return i;
}

void cleanup_forget(int slot)
{
	if (slot < 0 || slot >= CLEANUP_SLOTS)
		return;
	g_atomic_int_set(&slots[slot].state, SLOT_FREE);
}

void cleanup_run(void)
{
	int saved = errno;

	for (int i = 0; i < CLEANUP_SLOTS; i++) {
		int st = g_atomic_int_get(&slots[i].state);

		if (st == SLOT_CHILD)
			kill(slots[i].pid, SIGTERM);
		else if (st == SLOT_PATH)
			unlink(slots[i].path);
	}
	/* folders were entered before the files in them: empty now */
	for (int i = CLEANUP_SLOTS - 1; i >= 0; i--)
		if (g_atomic_int_get(&slots[i].state) == SLOT_PATH)
			rmdir(slots[i].path);
	errno = saved;
}

void cleanup_hold(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, old);
}

void cleanup_release(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

void cleanup_child_setup(void *unused)
{
	sigset_t none;

	(void)unused;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
