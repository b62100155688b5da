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
[ "$(wc -l < "$tap_tmp/list")" -ge 5 ]
tap_result $? "it lists the workloads"

timeout 120 "$SCHEDLAB" validate --model models/default.ini --workloads thread-storm --quick \
	--reps 6 --max-error 1000000 > "$tap_tmp/out" 2> "$tap_tmp/err"
tap_result $? "validate on the thread storm exits 0"
grep -q '^thread-storm .* n=6 .*%' "$tap_tmp/out"
tap_result $? "it prints measured with its interval, predicted and the error"
grep -q 'judged' "$tap_tmp/out"
tap_result $? "it says how many workloads it judged and which are left"

"$SCHEDLAB" validate --workloads thread-storm > /dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "validate without --model is bad input (exit 2)"
"$SCHEDLAB" validate --model models/default.ini --workloads nosuch > /dev/null 2> "$tap_tmp/err"
[ $? -eq 2 ] && grep -q "unknown workload 'nosuch'" "$tap_tmp/err"
tap_result $? "an unknown workload is bad input"
tap_done
