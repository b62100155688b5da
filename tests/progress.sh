#!/bin/sh
# The progress line of a long run: drawn on stderr (forced here with
# SCHEDLAB_PROGRESS=always, as stderr is not a terminal in the suite),
# erased at the end, and never changing standard output.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1
long=tests/data/long-rr.ini

SCHEDLAB_PROGRESS=always "$SCHEDLAB" run "$long" --format csv > "$tap_tmp/with" 2> "$tap_tmp/err"
tap_result $? "a run with the progress line exits 0"
grep -q "run \[" "$tap_tmp/err" && grep -q "/20000 tasks done, t = " "$tap_tmp/err"
tap_result $? "the progress line shows tasks done and simulated time"
[ "$(tail -c 1 "$tap_tmp/err" | od -An -c | tr -d ' ')" = '\r' ]
tap_result $? "the line is erased at the end"
SCHEDLAB_PROGRESS=never "$SCHEDLAB" run "$long" --format csv > "$tap_tmp/without" 2> "$tap_tmp/err2"
cmp -s "$tap_tmp/with" "$tap_tmp/without"
tap_result $? "standard output is the same with and without it"
[ ! -s "$tap_tmp/err2" ]
tap_result $? "SCHEDLAB_PROGRESS=never draws nothing"
"$SCHEDLAB" run "$long" --format csv > /dev/null 2> "$tap_tmp/err3"
[ ! -s "$tap_tmp/err3" ]
tap_result $? "nothing is drawn when stderr is not a terminal"

# validate: a line through the passes of its workloads, erased before the table.
SCHEDLAB_PROGRESS=always "$SCHEDLAB" validate --model models/default.ini --workloads coro-pingpong \
	--quick --reps 3 > "$tap_tmp/vout" 2> "$tap_tmp/verr"
tap_result $? "validate with the progress line exits 0"
grep -q 'validate \[.*pass 1 of 3, coro-pingpong' "$tap_tmp/verr" &&
	grep -q 'validate \[.*66%  pass 3 of 3, coro-pingpong' "$tap_tmp/verr" &&
	[ "$(tail -c 1 "$tap_tmp/verr" | od -An -c | tr -d ' ')" = '\r' ] &&
	! grep -q "$(printf '\r')" "$tap_tmp/vout"
tap_result $? "validate's line shows each pass and workload, and is erased; the table has none"
tap_done
