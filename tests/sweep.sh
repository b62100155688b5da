#!/bin/sh
# sweep: the CSV is the same bytes for -j 1 and -j 4; a 200-point sweep
# finishes and draws its progress bar when stderr is a terminal (script(1)
# gives it one); bad --vary and invalid points are bad input (exit 2),
# named; --emit-jobs run through GNU parallel and merged with --collect give
# the local sweep's CSV. GNU parallel is a requirement of the suite
# (bootstrap.sh installs it): a missing parallel fails, never skips.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1

random=tests/golden/random-workload.ini
vary="--vary rr.quantum=1,4,16 --vary scenario.cpus=1..2"

# shellcheck disable=SC2086
"$SCHEDLAB" sweep "$random" $vary --reps 3 -j 1 > "$tap_tmp/j1.csv" 2> "$tap_tmp/err"
tap_result $? "sweep -j 1 exits 0"
# shellcheck disable=SC2086
"$SCHEDLAB" sweep "$random" $vary --reps 3 -j 4 > "$tap_tmp/j4.csv" 2>> "$tap_tmp/err"
tap_result $? "sweep -j 4 exits 0"
cmp -s "$tap_tmp/j1.csv" "$tap_tmp/j4.csv"
tap_result $? "the CSV is the same bytes for -j 1 and -j 4"
# shellcheck disable=SC2086
"$SCHEDLAB" sweep "$random" $vary -r3 -j4 > "$tap_tmp/j4b.csv" 2>> "$tap_tmp/err"
[ $? -eq 0 ] && cmp -s "$tap_tmp/j4.csv" "$tap_tmp/j4b.csv"
tap_result $? "-j4 -r3 read as -j 4 -r 3, as getopt users expect"
[ "$(wc -l < "$tap_tmp/j1.csv")" -eq 7 ]
tap_result $? "one header and one row per point (6 points)"
head -1 "$tap_tmp/j1.csv" | grep -q '^point,rr.quantum,scenario.cpus,reps,throughput_per_s_mean,throughput_per_s_ci95,'
tap_result $? "the header names the varied keys, reps, then mean and ci95 per metric"
sed -n 2p "$tap_tmp/j1.csv" | grep -q '^0,1,1,3,'
tap_result $? "point 0 takes the first value of every --vary"
[ ! -s "$tap_tmp/err" ]
tap_result $? "no progress bar when stderr is not a terminal"

# Repetition r runs with seed + r: one repetition with --seed 2025 is the
# second repetition of a sweep seeded 2024.
"$SCHEDLAB" run "$random" --set rr.quantum=4 --seed 2025 --format json > "$tap_tmp/run.json"
thr=$(grep -m1 '"throughput_per_s"' "$tap_tmp/run.json" | sed 's/.*: *//; s/,$//')
"$SCHEDLAB" sweep "$random" --vary rr.quantum=4 --seed 2025 | cut -d, -f4 | tail -1 > "$tap_tmp/thr"
[ "$(cat "$tap_tmp/thr")" = "$thr" ]
tap_result $? "a point's throughput is the run's ($thr)"

# A scenario that serves requests: the request metrics are columns (after
# the others), so that a capacity planner can sweep workers or queue; a
# scenario that serves none has no such columns.
served=scenarios/capacity/spike.ini
"$SCHEDLAB" sweep "$served" --vary 'group req.workers=10,50' --vary 'group req.queue=100,1000' \
	> "$tap_tmp/served.csv" 2> "$tap_tmp/err"
tap_result $? "a sweep of a served scenario's workers and queue exits 0"
head -1 "$tap_tmp/served.csv" | grep -q ',overloaded_mean,overloaded_ci95,requests_completed_mean,requests_completed_ci95,requests_rejected_mean,requests_rejected_ci95,request_throughput_per_s_mean,request_throughput_per_s_ci95,request_latency_p50_ns_mean,request_latency_p50_ns_ci95,request_latency_p90_ns_mean,request_latency_p90_ns_ci95,request_latency_p99_ns_mean,request_latency_p99_ns_ci95,request_latency_max_ns_mean,request_latency_max_ns_ci95,status,message$'
tap_result $? "a served sweep's CSV has the request metrics"
col=$(head -1 "$tap_tmp/served.csv" | tr , '\n' | grep -n '^requests_rejected_mean$' | cut -d: -f1)
rej=$(sed -n 2p "$tap_tmp/served.csv" | cut -d, -f"$col")
[ "${rej%.*}" -gt 0 ] 2> /dev/null
tap_result $? "ten workers and a queue of 100 reject requests ($rej)"
! head -1 "$tap_tmp/j1.csv" | grep -q request
tap_result $? "a sweep that serves no requests has no request columns"
"$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 --target request_latency_p99_ns=1ms \
	> /dev/null 2> "$tap_tmp/err"
[ $? -eq 2 ] && grep -q 'serves no requests' "$tap_tmp/err"
tap_result $? "--target on a request metric without requests is bad input"

# 200 points with the progress bar on a terminal.
if command -v script > /dev/null 2>&1; then
	script -qec "'$SCHEDLAB' sweep scenarios/showcase.ini --vary rr.quantum=1..200 -j 2 --out '$tap_tmp/200.csv'" /dev/null > "$tap_tmp/tty" 2>&1
	tap_result $? "a 200-point sweep on a terminal exits 0"
	[ "$(wc -l < "$tap_tmp/200.csv")" -eq 201 ]
	tap_result $? "the 200-point sweep has 200 rows"
	grep -q 'sweep \[########################################\] 200/200 runs' "$tap_tmp/tty"
	tap_result $? "the progress bar was drawn and reached 200/200"
else
	tap_result 1 "script(1) is needed to give the sweep a terminal (util-linux)"
fi

# Bad input.
"$SCHEDLAB" sweep "$random" --vary rr.quantum=5..1 > /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "range '5..1' is empty" "$tap_tmp/bad"
tap_result $? "a bad --vary is bad input (exit 2) with a message"
"$SCHEDLAB" sweep "$random" --vary rr.quantum=4,0 > /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "point 1 (rr.quantum=0)" "$tap_tmp/bad"
tap_result $? "an invalid point is bad input (exit 2), named"
"$SCHEDLAB" sweep "$random" > /dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "a sweep without --vary is bad input"
"$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 --point -5 > "$tap_tmp/out" 2> "$tap_tmp/bad"
[ $? -eq 2 ] && [ ! -s "$tap_tmp/out" ] && grep -q -- "--point -5" "$tap_tmp/bad"
tap_result $? "a negative --point is bad input, not the whole sweep"
"$SCHEDLAB" sweep "$random" --vary rr.quantum=1..100000 --reps 1000 > /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "spread them with --emit-jobs" "$tap_tmp/bad"
tap_result $? "more runs than a local sweep holds is bad input, at once"
mkdir "$tap_tmp/outdir"
touch "$tap_tmp/afile"
for bad in "--out $tap_tmp/outdir" "--out $tap_tmp/afile/x.csv" "--plot $tap_tmp/afile"; do
	# shellcheck disable=SC2086
	"$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 $bad > "$tap_tmp/out" 2> "$tap_tmp/bad"
	[ $? -eq 2 ] && [ ! -s "$tap_tmp/out" ] && [ -s "$tap_tmp/bad" ]
	tap_result $? "sweep $bad: bad input (exit 2) before any run, nothing printed"
done
"$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 --emit-jobs "$tap_tmp/j" --out "$tap_tmp/j.csv" \
	> /dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "--emit-jobs with --out is bad input (the jobs go to standard output)"
# A folder nobody may write into: read-only for a user, /sys (read-only) for root.
ro=$tap_tmp/ro
mkdir "$ro" && chmod 555 "$ro"
[ -w "$ro" ] && ro=/sys
"$SCHEDLAB" sweep "$random" --vary rr.quantum=1,2 --emit-jobs "$ro" > "$tap_tmp/out" 2> "$tap_tmp/bad"
[ $? -eq 2 ] && [ ! -s "$tap_tmp/out" ] && grep -q "write into" "$tap_tmp/bad"
tap_result $? "--emit-jobs into a folder that cannot be written is bad input"
chmod 755 "$tap_tmp/ro"

# Beyond one machine: the jobs through GNU parallel, merged.
command -v parallel > /dev/null 2>&1
tap_result $? "GNU parallel is installed"
vary2="--vary group web.arrival=poisson({25,50,100}/s) --vary scenario.cpus=1,2"
"$SCHEDLAB" sweep "$random" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 2 --emit-jobs "$tap_tmp/jobs" > "$tap_tmp/jobs.txt" 2> /dev/null
tap_result $? "--emit-jobs exits 0"
[ "$(wc -l < "$tap_tmp/jobs.txt")" -eq 6 ] && grep -q -- "--point 5 --out '$tap_tmp/jobs/point-5.csv'" "$tap_tmp/jobs.txt"
tap_result $? "--emit-jobs prints one command per point"
(cd / && parallel --will-cite -j 2 < "$tap_tmp/jobs.txt")
tap_result $? "GNU parallel runs the jobs (from another folder)"
"$SCHEDLAB" sweep "$random" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 2 --collect "$tap_tmp/jobs" > "$tap_tmp/collected.csv"
tap_result $? "--collect exits 0"
"$SCHEDLAB" sweep "$random" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 2 > "$tap_tmp/local.csv"
cmp -s "$tap_tmp/collected.csv" "$tap_tmp/local.csv"
tap_result $? "the merged CSV equals the local sweep's"
"$SCHEDLAB" sweep "$random" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 3 --collect "$tap_tmp/jobs" > /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "holds 2 repetitions of point 0, not --reps 3" "$tap_tmp/bad"
tap_result $? "--collect with another --reps than the jobs' is bad input"
"$SCHEDLAB" sweep "$random" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 2 --set rr.quantum=7 --collect "$tap_tmp/jobs" \
	> /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "comes from another sweep: its overrides differ" "$tap_tmp/bad"
tap_result $? "--collect refuses results of other --set overrides, saying so"
cp "$random" "$tap_tmp/edited.ini" && echo "# edited" >> "$tap_tmp/edited.ini"
"$SCHEDLAB" sweep "$tap_tmp/edited.ini" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 2 --collect "$tap_tmp/jobs" > /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "the scenario file's bytes differ" "$tap_tmp/bad"
tap_result $? "--collect refuses results of an edited scenario, saying so"
"$SCHEDLAB" sweep "$random" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 2 --collect "$tap_tmp/nojobs" > /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "nojobs: no such folder" "$tap_tmp/bad"
tap_result $? "--collect of a missing folder says so"
rm "$tap_tmp/jobs/point-3.csv"
"$SCHEDLAB" sweep "$random" --vary 'group web.arrival=poisson({25,50,100}/s)' \
	--vary scenario.cpus=1,2 --reps 2 --collect "$tap_tmp/jobs" > /dev/null 2> "$tap_tmp/bad"
[ $? -eq 2 ] && grep -q "1 of the 6 points have no file" "$tap_tmp/bad"
tap_result $? "--collect names what is missing"

# Names that a shell would read as code: every argument stays an argument.
weird="$tap_tmp/it's \"q\" \$(touch PWNED1) \`touch PWNED2\`; touch PWNED3 &"
mkdir -p "$weird" "$tap_tmp/cwd"
cp "$random" "$weird/s;\$(touch PWNED4).ini"
cp models/default.ini "$weird/m\`touch PWNED5\`.ini"
printf '1\n4\n' > "$weird/q'\$(touch PWNED6).txt"
"$SCHEDLAB" sweep "$weird/s;\$(touch PWNED4).ini" --vary "rr.quantum=@$weird/q'\$(touch PWNED6).txt" \
	--model "$weird/m\`touch PWNED5\`.ini" --emit-jobs "$weird/jobs \$(touch PWNED7)" \
	> "$tap_tmp/wjobs.txt" 2> /dev/null
[ $? -eq 0 ] && [ "$(wc -l < "$tap_tmp/wjobs.txt")" -eq 2 ]
tap_result $? "--emit-jobs with quotes, \$(...), backticks and ; in every path: two lines"
(cd "$tap_tmp/cwd" && parallel --will-cite -j 2 < "$tap_tmp/wjobs.txt") > /dev/null 2>&1
tap_result $? "GNU parallel runs them"
(cd "$tap_tmp/cwd" && sed -n 2p "$tap_tmp/wjobs.txt" | sh) > /dev/null 2>&1
tap_result $? "the Slurm recipe (sed -n Kp | sh) runs one"
[ -z "$(find "$tap_tmp" -name 'PWNED*')" ] && [ -z "$(ls -A "$tap_tmp/cwd")" ]
tap_result $? "no part of a name ran as a command"
"$SCHEDLAB" sweep "$weird/s;\$(touch PWNED4).ini" --vary "rr.quantum=@$weird/q'\$(touch PWNED6).txt" \
	--model "$weird/m\`touch PWNED5\`.ini" --collect "$weird/jobs \$(touch PWNED7)" > "$tap_tmp/wc.csv"
[ $? -eq 0 ] && [ "$(wc -l < "$tap_tmp/wc.csv")" -eq 3 ]
tap_result $? "--collect merges them"
nl="$tap_tmp/new
line"
mkdir -p "$nl"
cp "$random" "$nl/s.ini"
for args in "SCEN=$nl/s.ini" "--emit-jobs=$nl/jobs" "--model=$nl/m.ini" "--vary=rr.quantum=@$nl/q.txt" \
	"--set=rr.quantum=1
touch PWNED8"; do
	scen=$random
	set -- --vary rr.quantum=1,2
	case "$args" in
	SCEN=*) scen=${args#SCEN=} ;;
	--emit-jobs=*) ;;
	--model=*) cp models/default.ini "${args#--model=}" && set -- "$@" --model "${args#--model=}" ;;
	--vary=*) printf '1\n2\n' > "$nl/q.txt" && set -- --vary "${args#--vary=}" ;;
	--set=*) set -- "$@" --set "${args#--set=}" ;;
	esac
	jobs=$tap_tmp/nljobs
	case "$args" in --emit-jobs=*) jobs=${args#--emit-jobs=} ;; esac
	"$SCHEDLAB" sweep "$scen" "$@" --emit-jobs "$jobs" > "$tap_tmp/out" 2> "$tap_tmp/bad"
	st=$?
	[ $st -eq 2 ] && [ ! -s "$tap_tmp/out" ] && grep -q 'control character' "$tap_tmp/bad"
	tap_result $? "--emit-jobs: a newline in ${args%%=*}: refused (exit 2, got $st), nothing printed"
done
# --group, --target and the overloaded column, on scenarios whose figures are
# worked by hand in their comments (tests/data/sweep-*.ini).
# col FILE KEY ROW: the field KEY of the header in row ROW (1: the first point)
col() {
	awk -F, -v key="$2" -v row="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == key) c = i }
		NR == row + 1 { print $c }' "$1"
}
groups=tests/data/sweep-groups.ini
"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 > "$tap_tmp/g.csv"
[ $? -eq 0 ] && [ "$(col "$tap_tmp/g.csv" avg_turnaround_ns_mean 1)" = 69250000.0 ] &&
	[ "$(col "$tap_tmp/g.csv" avg_turnaround_ns_mean 2)" = 25750000.0 ]
tap_result $? "the run's mean turnaround: 69.25 ms on 1 CPU, 25.75 ms on 2"
"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 --group web > "$tap_tmp/gw.csv" 2> "$tap_tmp/err"
[ $? -eq 0 ] && [ "$(col "$tap_tmp/gw.csv" avg_turnaround_ns_mean 1)" = 58666666.7 ] &&
	[ "$(col "$tap_tmp/gw.csv" avg_turnaround_ns_mean 2)" = 1000000.0 ] && [ ! -s "$tap_tmp/err" ]
tap_result $? "--group web: web's own mean turnaround, 58.67 ms on 1 CPU, 1 ms on 2"
"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 --group web --emit-jobs "$tap_tmp/gjobs" \
	> "$tap_tmp/gjobs.txt" 2> /dev/null &&
	[ "$(grep -c -- " --group 'web' " "$tap_tmp/gjobs.txt")" -eq 2 ] && sh "$tap_tmp/gjobs.txt" &&
	"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 --group web --collect "$tap_tmp/gjobs" \
		> "$tap_tmp/gwc.csv" && cmp -s "$tap_tmp/gwc.csv" "$tap_tmp/gw.csv"
tap_result $? "--group web through --emit-jobs: each job keeps --group, --collect gives the local CSV"
"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 --group batch > "$tap_tmp/gb.csv"
[ $? -eq 0 ] && [ "$(col "$tap_tmp/gb.csv" avg_turnaround_ns_mean 1)" = 101000000.0 ] &&
	[ "$(col "$tap_tmp/gb.csv" avg_turnaround_ns_mean 2)" = 100000000.0 ]
tap_result $? "--group batch: the batch job's turnaround, 101 ms then 100 ms"
# A figure of the whole run alone is none of a group's: with --group its
# column is empty (as a group's null in run's JSON) and no --target on it;
# whether the run was overloaded stays the run's.
[ "$(col "$tap_tmp/gw.csv" peak_memory_bytes_mean 1)" = "" ] &&
	[ "$(col "$tap_tmp/g.csv" peak_memory_bytes_mean 1)" != "" ] &&
	[ "$(col "$tap_tmp/gw.csv" overloaded_mean 1)" = 0.0 ]
tap_result $? "--group web: the run's peak memory is no figure of the group's, overloaded is the run's"
"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 --group web --target peak_memory_bytes=1MiB \
	> /dev/null 2> "$tap_tmp/err"
st=$?
[ $st -eq 2 ] && grep -q "peak_memory_bytes is the whole run's, not a figure of --group web" "$tap_tmp/err"
tap_result $? "--target on a figure of the whole run with --group: refused (exit 2, got $st)"
"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 --group web --target avg_turnaround_ns=2ms \
	> "$tap_tmp/gt.csv" 2> "$tap_tmp/err"
[ $? -eq 0 ] && cmp -s "$tap_tmp/gt.csv" "$tap_tmp/gw.csv" && [ "$(cat "$tap_tmp/err")" = \
	"schedlab sweep: target avg_turnaround_ns <= 2.00 ms for group web: met first at point 1 (scenario.cpus=2): 1.00 ms" ]
tap_result $? "--target with --group: web meets 2 ms first at 2 CPUs, printed on stderr, the CSV unchanged"
"$SCHEDLAB" sweep "$groups" --vary scenario.cpus=1,2 --target avg_turnaround_ns=20ms > /dev/null 2> "$tap_tmp/err"
[ $? -eq 0 ] && [ "$(cat "$tap_tmp/err")" = \
	"schedlab sweep: target avg_turnaround_ns <= 20.00 ms: met at no point (that ran to its end and was not overloaded)" ]
tap_result $? "--target met nowhere (the run's 25.75 ms is above 20 ms) says so, exit 0"

# A point where no task completes (the horizon before the end of the one
# burst) has no turnaround: its means and percentiles are empty, as JSON's
# null, not 0, and no latency target is met there.
printf '[scenario]\nhorizon = 1\n[task A]\nburst = 10\n' > "$tap_tmp/none.ini"
"$SCHEDLAB" sweep "$tap_tmp/none.ini" --vary scenario.cpus=1,2 --reps 2 \
	--target latency_p99_ns=5ms > "$tap_tmp/none.csv" 2> "$tap_tmp/err"
[ $? -eq 0 ] && [ "$(col "$tap_tmp/none.csv" throughput_per_s_mean 1)" = 0.000000 ] &&
	[ -z "$(col "$tap_tmp/none.csv" avg_turnaround_ns_mean 1)" ] &&
	[ -z "$(col "$tap_tmp/none.csv" latency_p99_ns_mean 2)" ] &&
	[ -z "$(col "$tap_tmp/none.csv" latency_p99_ns_ci95 2)" ] &&
	grep -q "met at no point" "$tap_tmp/err"
tap_result $? "no task completed: turnaround means and percentiles empty, the target not met"

over=tests/data/sweep-overload.ini
"$SCHEDLAB" sweep "$over" --vary scenario.cpus=1,2 > "$tap_tmp/o.csv"
[ $? -eq 0 ] && [ "$(col "$tap_tmp/o.csv" overloaded_mean 1)" = 1.0 ] &&
	[ "$(col "$tap_tmp/o.csv" overloaded_mean 2)" = 0.0 ] &&
	[ "$(col "$tap_tmp/o.csv" avg_turnaround_ns_mean 1)" = 21500000.0 ] &&
	[ "$(col "$tap_tmp/o.csv" avg_turnaround_ns_mean 2)" = 2000000.0 ]
tap_result $? "a demand of 2 CPUs is overloaded on 1 (21.5 ms), not on 2 (2 ms)"
"$SCHEDLAB" sweep "$over" --vary scenario.cpus=1,2 --target avg_turnaround_ns=100ms > /dev/null 2> "$tap_tmp/err"
[ $? -eq 0 ] && [ "$(cat "$tap_tmp/err")" = \
	"schedlab sweep: target avg_turnaround_ns <= 100.00 ms: met first at point 1 (scenario.cpus=2): 2.00 ms" ]
tap_result $? "--target skips the overloaded point though its 21.5 ms meets 100 ms"
"$SCHEDLAB" sweep "$over" --vary scenario.cpus=1 --target avg_turnaround_ns=100ms > /dev/null 2> "$tap_tmp/err"
[ $? -eq 0 ] && grep -q 'met at no point (that ran to its end and was not overloaded)$' "$tap_tmp/err"
tap_result $? "--target: an overloaded point alone meets it nowhere"
"$SCHEDLAB" sweep tests/data/sweep-oom.ini --vary 'group web.memory=16MiB,1MiB' \
	--target avg_turnaround_ns=5ms > "$tap_tmp/m.csv" 2> "$tap_tmp/err"
[ $? -eq 0 ] && [ "$(col "$tap_tmp/m.csv" status 1)" = out-of-memory ] &&
	grep -q '^schedlab sweep: target avg_turnaround_ns <= 5.00 ms: met first at point 1 (group web.memory=1MiB): 1.00 ms$' "$tap_tmp/err"
tap_result $? "--target skips a point the model stopped (out of memory)"
"$SCHEDLAB" sweep tests/data/sweep-partial-oom.ini --vary 'group web.memory=5MiB,1MiB' --reps 2 --seed 2 \
	--target avg_turnaround_ns=100ms > "$tap_tmp/p.csv" 2> "$tap_tmp/err"
[ $? -eq 0 ] && [ "$(col "$tap_tmp/p.csv" status 1)" = out-of-memory ] &&
	[ -n "$(col "$tap_tmp/p.csv" avg_turnaround_ns_mean 1)" ] &&
	grep -q '^schedlab sweep: target avg_turnaround_ns <= 100.00 ms: met first at point 1 (group web.memory=1MiB): ' "$tap_tmp/err"
tap_result $? "--target skips a point one repetition of which ran out of memory, though the other gives it a value"
tap_done
