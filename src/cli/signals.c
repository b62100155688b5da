/*
 * signals.c - what an interrupted schedlab leaves behind: nothing.
 *
 * On SIGINT, SIGTERM, SIGHUP or SIGPIPE the handler removes the temporary
 * files of the outputs being written and stops the children being waited
 * for (base/cleanup.h: the trace's temporary, a chart's data, gnuplot and
 * its image), then dies of the same signal, so that the caller sees what
 * happened (a shell's $? is 130 for SIGINT, 143 for SIGTERM) and a shell
 * loop interrupted by ^C stops. The previous outputs are intact: they are
 * only ever replaced by a rename (report/outfile.h).
 *
 * A signal ignored when the program starts stays ignored (nohup, a
 * background job of a non-interactive shell), as the GNU coding standards
 * ask; SIGTERM is always caught.
 */
#include <signal.h>
#include <string.h>

#include "base/cleanup.h"
#include "cli/cli.h"

static void on_signal(int sig)
{
	struct sigaction dfl;

	cleanup_run();
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	/* blocked while this handler runs: delivered, with its default action, on return */
	raise(sig);
}

void cli_signals_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
		struct sigaction old;

		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN &&
		    sigs[i] != SIGTERM)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}
