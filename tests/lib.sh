# lib.sh - TAP helpers for the script tests (sourced).
#
# The environment comes from Makefile.am's AM_TESTS_ENVIRONMENT: top_srcdir,
# top_builddir and SCHEDLAB (the program under test).

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${SCHEDLAB:=$top_builddir/schedlab}"

tap_n=0
tap_failed=0

# ok CONDITION-STATUS DESCRIPTION: print one TAP result line.
tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# Print a diagnostic (shown by the TAP driver in the log).
tap_diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

tap_tmpdir() {
	tap_tmp=$(mktemp -d "${TMPDIR:-/tmp}/schedlab-test.XXXXXX")
	trap 'rm -rf "$tap_tmp"' EXIT
}
