#!/bin/sh
# schedlab validate: the mirror scenarios run with the default model, and
# validate compares one cheap workload (never judging its numbers: a loaded
# machine may make it too noisy to judge, which is an answer too).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1

for f in scenarios/validate/*.ini; do
	"$SCHEDLAB" run "$f" --format csv > /dev/null 2> "$tap_tmp/err"
	tap_result $? "the mirror $(basename "$f") runs with the default model"
done

"$SCHEDLAB" validate --list > "$tap_tmp/list"
tap_result $? "validate --list exits 0"
[ "$(wc -l < "$tap_tmp/list")" -ge 11 ]
tap_result $? "it lists the workloads"
for w in pipe-processes pipe-threads yield-pingpong coro-pingpong hackbench sleeper-random; do
	grep -q "^$w " "$tap_tmp/list"
	tap_result $? "the list has $w"
done

timeout 120 "$SCHEDLAB" validate --model models/default.ini --workloads thread-storm --quick \
	--reps 6 --max-error 1000000 > "$tap_tmp/out" 2> "$tap_tmp/err"
tap_result $? "validate on the thread storm exits 0"
grep -q '^thread-storm .* n=6 .*%' "$tap_tmp/out"
tap_result $? "it prints measured with its interval, predicted and the error"
grep -q 'judged' "$tap_tmp/out"
tap_result $? "it says how many workloads it judged and which are left"

# A pipe workload, cheap: a few thousand round trips between two threads,
# pinned and free, six times each. Its numbers are never judged here.
timeout 120 "$SCHEDLAB" validate --model models/default.ini --workloads pipe-threads --quick \
	--reps 6 --max-error 1000000 > "$tap_tmp/out" 2> "$tap_tmp/err"
tap_result $? "validate on the thread pipe ping-pong exits 0"
grep -q '^pipe-threads .*pinned to one CPU .* n=6 .*%' "$tap_tmp/out" &&
	grep -q '^pipe-threads .*free on all CPUs .* n=6 .*%' "$tap_tmp/out"
tap_result $? "it prints both placements, measured with its interval, predicted and the error"
# With the default model the pinned mirror predicts two thread switches and
# four system calls per round trip: 2 x 1.7 us + 4 x 150 ns.
grep -q '^pipe-threads .*pinned to one CPU .* 4\.00 us ' "$tap_tmp/out"
tap_result $? "the pinned mirror predicts 4.00 us per round trip"

"$SCHEDLAB" validate --workloads thread-storm > /dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "validate without --model is bad input (exit 2)"
"$SCHEDLAB" validate --model models/default.ini --workloads nosuch > /dev/null 2> "$tap_tmp/err"
[ $? -eq 2 ] && grep -q "unknown workload 'nosuch'" "$tap_tmp/err"
tap_result $? "an unknown workload is bad input"
tap_done
