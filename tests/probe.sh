#!/bin/sh
# schedlab-probe --quick: a model file that parses, with every key and each
# value within the plausible ranges of docs/model-format.md ("Plausible
# ranges"); never exact values, so a loaded machine cannot fail it. Then an
# interrupted probe leaves no child and no file behind.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
: "${SCHEDLAB_PROBE:=$top_builddir/schedlab-probe}"
model=$tap_tmp/host.ini

# Bounded: --quick stops refining after 20 s; 240 s allows for a sanitizer build on a busy host.
timeout 240 "$SCHEDLAB_PROBE" --quick --quiet --out "$model" > "$tap_tmp/table" 2> "$tap_tmp/err"
status=$?
tap_result $status "schedlab-probe --quick exits 0"
[ $status -eq 0 ] || tap_diag "$(cat "$tap_tmp/err")"
[ -s "$model" ] && ! ls "$model".tmp-* > /dev/null 2>&1
tap_result $? "it writes the model file and no temporary file"
grep -q '^switch.process ' "$tap_tmp/table"
tap_result $? "it prints a table of the results"

printf '[scenario]\nmodel = host.ini\ncpus = 2\n[task A]\nburst = 5\n[task B]\nburst = 5\n' \
	> "$tap_tmp/s.ini"
"$SCHEDLAB" check "$tap_tmp/s.ini" > /dev/null 2> "$tap_tmp/check"
tap_result $? "the model parses (schedlab check)"
[ -s "$tap_tmp/check" ] && tap_diag "$(cat "$tap_tmp/check")"
"$SCHEDLAB" run "$tap_tmp/s.ini" --model "$model" > /dev/null
tap_result $? "schedlab run --model loads it"

# Every key, and its value in range: GROUP KEY MIN MAX (ns for durations, bytes for sizes).
ranges='create process 1000 1000000000
create process_per_mib 0 100000000
create process_start 0 1000000000
create process_exit 0 1000000000
create process_exit_per_mib 0 100000000
create process_one_cpu 0 1000000000
create process_start_one_cpu 0 1000000000
create process_exit_one_cpu 0 1000000000
create thread 500 100000000
create coroutine 0 1000000
switch process 0 1000000
switch thread 0 1000000
switch coroutine 0 100000
switch remote_wakeup 0 10000000
switch syscall 5 100000
switch ipc_remote 0 100000
switch yield 5 100000
switch yield_switch 0 1000000
switch sleep 50 1000000
tlb entries 0 1048576
tlb pcid_slots 0 4096
tlb refill_per_page 0 10000
tlb page_size 4096 1073741824
memory process 0 68719476736
memory thread 0 68719476736
memory coroutine 0 68719476736
memory ram 1048576 1125899906842624
measured syscall_null 5 100000
measured pipe_rw 10 1000000
measured pipe_round_trip_process 100 10000000
measured pipe_round_trip_thread 100 10000000
measured pipe_round_trip_remote 0 10000000
measured pipe_cross 0 1000000
measured pipe_switch_process 0 1000000
measured pipe_switch_thread 0 1000000
measured futex_switch_process 0 1000000
measured futex_switch_thread 0 1000000
measured yield_pingpong 5 1000000
measured swapcontext 1 100000
measured fork_small 1000 1000000000
measured fork_large 1000 1000000000
measured fork_large_size 1048576 1073741824
measured posix_spawn 1000 1000000000
measured thread_serial 500 100000000
measured tlb_refill_after_switch 0 10000'
# GROUP KEY -> the median in ns or bytes, "n=N" dropped; "missing" when absent.
value() {
	awk -v g="$1" -v k="$2" '
		/^\[/ { grp = substr($0, 2, length($0) - 2); next }
		grp == g && $1 == k && $2 == "=" {
			v = $3; u = $4; m = 1
			if (u == "us") m = 1000; else if (u == "ms") m = 1000000
			else if (u == "s") m = 1000000000; else if (u == "KiB") m = 1024
			else if (u == "MiB") m = 1048576; else if (u == "GiB") m = 1073741824
			else if (u == "TiB") m = 1099511627776
			printf "%.0f\n", v * m; found = 1; exit
		}
		END { if (!found) print "missing" }' "$model"
}
bad=
echo "$ranges" | {
	while read -r g k lo hi; do
		v=$(value "$g" "$k")
		if [ "$v" = missing ]; then
			echo "[$g] $k: missing"
		elif awk -v v="$v" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(v < lo || v > hi) }'; then
			# A figure measured while other tasks took its CPU (the
			# suite runs in parallel) may leave the range, but then the
			# probe must say so: [environment] noisy names it.
			if grep -q "^noisy = .*\b$g\.$k (" "$model"; then
				echo "[$g] $k = $v: outside [$lo, $hi], flagged noisy" >&2
			else
				echo "[$g] $k = $v: outside [$lo, $hi], not flagged noisy"
			fi
		fi
	done
} > "$tap_tmp/bad" 2> "$tap_tmp/noisy"
[ ! -s "$tap_tmp/bad" ]
tap_result $? "every cost key is present, within its plausible range or flagged noisy"
[ -s "$tap_tmp/bad" ] && tap_diag "$(cat "$tap_tmp/bad")"
[ -s "$tap_tmp/noisy" ] && tap_diag "$(cat "$tap_tmp/noisy")"

# Measured figures carry their interval and at least 11 samples.
awk '/^\[(create|switch|measured)\]/ { on = 1; next } /^\[/ { on = 0 }
	on && / n=/ { n = $NF; sub("n=", "", n); if (n + 0 < 11) { print; bad = 1 } }
	END { exit bad }' "$model" > "$tap_tmp/few"
tap_result $? "every measured figure has at least 11 samples"
[ -s "$tap_tmp/few" ] && tap_diag "$(cat "$tap_tmp/few")"
grep -q '^process = .* \[.*, .*\] n=' "$model"
tap_result $? "figures are written with their interval"
# Three passes by default: a figure measured in each counts the batches of all
# three, at least 3 x 11.
grep -q '^description = .*3 passes' "$model" &&
	awk '/^\[switch\]/ { on = 1; next } /^\[/ { on = 0 }
		on && $1 == "process" { n = $NF; sub("n=", "", n); found = 1; exit !(n + 0 >= 33) }
		END { if (!found) exit 1 }' "$model"
tap_result $? "the figures are those of three passes (at least 33 samples)"
"$SCHEDLAB_PROBE" --passes 0 --quiet --out "$tap_tmp/none.ini" > /dev/null 2> "$tap_tmp/passes"
status=$?
[ $status -eq 2 ] && grep -q -- '--passes 0: expected 1 to 9' "$tap_tmp/passes" &&
	[ ! -e "$tap_tmp/none.ini" ]
tap_result $? "--passes 0 is refused (exit 2), and nothing is written"

for k in cpu cores kernel hz pcid pti virtualization date version load noisy; do
	grep -q "^$k = ." "$model" || echo "$k"
done > "$tap_tmp/env"
[ ! -s "$tap_tmp/env" ]
tap_result $? "the [environment] record is complete"
[ -s "$tap_tmp/env" ] && tap_diag "missing: $(cat "$tap_tmp/env")"

# Interrupted: SIGINT during the ping-pongs, SIGTERM during fork; the
# progress on stderr says when the probe is there.
for sig in INT TERM; do
	out=$tap_tmp/int-$sig.ini
	if [ $sig = INT ]; then stage='pipe round trip'; else stage='fork+exit+wait'; fi
	"$SCHEDLAB_PROBE" --quick --out "$out" > /dev/null 2> "$tap_tmp/int-err" &
	pid=$!
	i=0
	while [ $i -lt 600 ] && ! grep -q "$stage" "$tap_tmp/int-err" 2> /dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -"$sig" "$pid"
	wait "$pid"
	status=$?
	sleep 0.2
	left=$(pgrep -f -- "$out" | wc -l)
	[ "$status" -ne 0 ] && [ "$left" -eq 0 ] && [ ! -e "$out" ] && ! ls "$out".tmp-* > /dev/null 2>&1
	tap_result $? "SIG$sig stops the probe with no child and no file left (status $status)"
done
tap_done
