#!/bin/sh
# Outputs: standard output's write errors are seen and named (exit 1);
# /dev/stdout is written in place whatever it is (a pipe, a file opened for
# appending) and never replaced; sweep --out creates its folder.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1
random=tests/golden/random-workload.ini

for cmd in "check $random" "run $random" "run --format json $random" "policies" "--help" "sweep $random --vary rr.quantum=1,2"; do
	# shellcheck disable=SC2086
	"$SCHEDLAB" $cmd > /dev/full 2> "$tap_tmp/err"
	st=$?
	[ $st -eq 1 ] && grep -q "No space left on device" "$tap_tmp/err"
	tap_result $? "$cmd > /dev/full: exit 1 ($st), 'No space left on device'"
done

echo first > "$tap_tmp/log.csv"
"$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 --out /dev/stdout >> "$tap_tmp/log.csv"
[ $? -eq 0 ] && [ "$(head -1 "$tap_tmp/log.csv")" = first ] && [ "$(wc -l < "$tap_tmp/log.csv")" -eq 4 ]
tap_result $? "sweep --out /dev/stdout >> FILE appends"
n=$("$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 --out /dev/stdout | wc -l)
[ "$n" -eq 3 ] && [ -L /dev/stdout ] || [ -c /dev/stdout ]
tap_result $? "sweep --out /dev/stdout | ... writes into the pipe ($n lines); /dev/stdout stays"
"$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 --out "$tap_tmp/a/b/s.csv" > /dev/null 2>&1
[ $? -eq 0 ] && [ "$(wc -l < "$tap_tmp/a/b/s.csv")" -eq 3 ]
tap_result $? "sweep --out into a missing folder creates it"
tap_done
