#!/bin/sh
# Host memory and work are bounded: a scenario whose run cannot fit in the
# memory the host leaves (here ulimit -v 1 GiB) is refused before it runs,
# exit 1, with a message, never an abort; a group with a horizon counts the
# tasks that arrive, not its count; a scenario file too large to load is
# refused the same way; --max-events stops a run that would go on for years
# (exit 1, naming the flag), and so does a program that never lets time pass;
# the progress line shows the expected work.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$tap_tmp" || exit 1

printf '[scenario]\npolicy = fcfs\n[group g]\ncount = 10000000\nburst = 1\n' > ten.ini
printf '[scenario]\npolicy = fcfs\nhorizon = 1s\n[group g]\ncount = 10000000\nburst = 0.1ms\narrival = poisson(1000/s)\n' > horizon.ini
awk 'BEGIN { print "[scenario]\npolicy = fcfs"; for (i = 0; i < 1000000; i++) printf "[task t%d]\nburst = 1\n", i }' > big.ini

# A sanitizer build reserves terabytes of address space: no ulimit -v there.
if (ulimit -v 1048576 && "$SCHEDLAB" --version) > /dev/null 2>&1; then
	(ulimit -v 1048576 && exec "$SCHEDLAB" run ten.ini --format csv) > out 2> err
	st=$?
	[ $st -eq 1 ] && [ ! -s out ] && grep -q "the run needs about .* more than .*(ulimit -v)" err
	tap_result $? "10 M tasks under ulimit -v 1 GiB: refused before the run (exit 1, got $st)"
	tap_diag "$(cat err)"
	(ulimit -v 1048576 && exec "$SCHEDLAB" compare ten.ini --policies fcfs,rr) > out 2> err
	st=$?
	[ $st -eq 1 ] && grep -q "the run needs about" err
	tap_result $? "compare too: refused (exit 1, got $st)"
	(ulimit -v 1048576 && exec "$SCHEDLAB" run horizon.ini --format csv) > out 2> err
	st=$?
	[ $st -eq 0 ] && [ "$(wc -l < out)" -gt 900 ]
	tap_result $? "10 M tasks at 1000/s with a 1 s horizon: what arrives fits (exit $st)"
	(ulimit -v 1048576 && exec "$SCHEDLAB" check big.ini) > out 2> err
	st=$?
	[ $st -eq 1 ] && grep -q "big.ini: loading it needs about .* (1000001 groups" err
	tap_result $? "a scenario file too large to load here: refused (exit 1, got $st)"
	tap_diag "$(cat err)"
else
	for t in 1 2 3 4; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - ulimit -v test $t # SKIP the program cannot start under ulimit -v (sanitizers)"
	done
fi

printf '[scenario]\npolicy = rr\n[rr]\nquantum = 1ns\n[group g]\ncount = 9\nburst = 1000000s\n' > years.ini
"$SCHEDLAB" run years.ini --max-events 100000 > out 2> err
st=$?
[ $st -eq 1 ] && [ ! -s out ] && grep -q -- "--max-events 100000: stopped at the limit of 100000 events" err
tap_result $? "--max-events: exit 1 ($st) naming the flag, nothing printed"
"$SCHEDLAB" sweep years.ini --vary rr.quantum=1ns,2ns --max-events 1000 > out 2> err
st=$?
[ $st -eq 1 ] && grep -q -- "--max-events 1000" err
tap_result $? "sweep --max-events: exit 1 ($st)"
"$SCHEDLAB" sweep years.ini --vary rr.quantum=1ns,2ns --max-events 1000 --emit-jobs jobs > out 2> /dev/null
grep -q -- "--max-events 1000 " out
tap_result $? "--emit-jobs passes --max-events on"
"$SCHEDLAB" run years.ini --max-events -1 > /dev/null 2> err
[ $? -eq 2 ]
tap_result $? "--max-events -1 is bad input"

# Operations that take no time, repeated, would hold the clock at one
# instant inside one event, where neither the horizon nor --max-events
# stops the run: the core fails it (exit 1) after 10^8 of them in a row
# (SCHED_MAX_INSTANT_STEPS), naming the task and the instant. A computes
# 1 ms, then locks and unlocks m on its CPU (its driver goes from op to op):
# it stops at t = 1 ms, after 3 events (arrival, dispatch, end of the cpu
# op). B arrives at 2 ms and yields before it has a CPU, each yield a step of
# the core's that does nothing: it stops at t = 2 ms, after its arrival.
# (Without the limit neither run ever ends: hence the timeout.)
# no_progress INI TASK AT WHY: the run fails (exit 1), nothing on stdout,
# the message naming TASK, the instant AT and WHY.
no_progress() {
	timeout 300 "$SCHEDLAB" run "$1" --max-events 1000 > out 2> err
	st=$?
	[ $st -eq 1 ] && [ ! -s out ] &&
		[ "$(cat err)" = "$1: task $2 ran 100000000 operations at t = $3 without time passing: $4" ]
	tap_result $? "$1: 10^8 operations without time passing fail the run (exit 1, got $st)"
	tap_diag "$(cat err)"
}
printf '[scenario]\nhorizon = 1s\n[mutex m]\n[task A]\nprogram = cpu 1ms; repeat 4294967295 { repeat 4294967295 { lock m; unlock m } }\n' > lock.ini
printf '[scenario]\nhorizon = 1s\n[task B]\narrival = 2ms\nprogram = repeat 4294967295 { yield }\n' > yield.ini
no_progress lock.ini A "1.00 ms" "its program never waits or computes"
no_progress yield.ini B "2.00 ms" "its program never waits or computes"
# The same in a runtime: a coroutine that only yields, alone on its loop,
# goes back to the loop's ready queue and is run again at once; so is a
# goroutine on Go's M. The loop's thread (M) is the task that fails, at 0.
printf '[scenario]\n[task C]\nkind = coroutine\nprogram = repeat 4294967295 { yield }\n' > co.ini
printf '[scenario]\n[group g]\ncount = 2\nprogram = repeat 4294967295 { yield }\nserve = mn\n' > go.ini
no_progress co.ini "C.loop[0]" "0 ns" "the coroutines or goroutines it runs never wait or compute"
no_progress go.ini "g.M[0]" "0 ns" "the coroutines or goroutines it runs never wait or compute"
SCHEDLAB_PROGRESS=always "$SCHEDLAB" run years.ini --max-events 3000000 > /dev/null 2> err
grep -q "t = .* of ~2500.00 hours\|t = .* of ~" err
tap_result $? "the progress line shows the expected work (t = ... of ~...)"
tap_diag "$(tr '\r' '\n' < err | grep 'of ~' | tail -1)"
tap_done
