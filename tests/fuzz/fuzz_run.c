/*
 * fuzz_run.c - a libFuzzer target that loads *and runs* what it is given:
 * every input that loads as a scenario is run under every policy, with a
 * short horizon and a bound on events, into every output at once (run_all.h).
 *
 * Not part of `make check` (it needs clang's libFuzzer); build and run it as
 * tests/fuzz/README.md says. tests/unit/test_runs.c runs a deterministic
 * slice of it in the suite.
 */
#include <stdint.h>

#include "run_all.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_all_counts n = { 0 };

	run_all("f.ini", (const char *)data, size, "/dev/null", &n);
	return 0;
}
