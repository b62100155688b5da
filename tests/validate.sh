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

# The fork storm's mirror with the default model: the parent pays its own
# creation (100 us, it arrives without a parent), then 200 forks of 100 us
# each; the children exit at once (process_exit 0): 100 + 200 x 100 us.
"$SCHEDLAB" run scenarios/validate/fork-storm.ini > "$tap_tmp/out" 2>&1
grep -q '^makespan  *20100\.00 us' "$tap_tmp/out"
tap_result $? "the fork storm's mirror takes 20100 us with the default model"

# A process's exit runs on its own CPU for process_exit, the parent pays
# process (fork and reap) per child. One CPU, no switch costs: the parent's
# creation 80 us (no CPU), its two forks 2 x 80, its own exit 120 and its
# two children's exits 2 x 120 keep the CPU busy: 80 + 160 + 120 + 240.
printf '%s\n' '[scenario]' 'model = teaching' 'cpus = 1' 'time_unit = us' '[create]' 'process = 80us' \
	'process_exit = 120us' '[task parent]' 'program = repeat 2 { spawn kids }' \
	'[group kids]' 'count = 2' 'arrival = spawn' 'program = exit' > "$tap_tmp/exit.ini"
"$SCHEDLAB" run "$tap_tmp/exit.ini" > "$tap_tmp/out" 2>&1
grep -q '^makespan  *600\.00 us' "$tap_tmp/out" && grep -q '^kids\[0\] .* 120\.00 ' "$tap_tmp/out"
tap_result $? "a process's exit costs process_exit on its CPU (600 us by hand)"

# A process first runs for process_start (fork's return, its first writes),
# on its own CPU, before its program, as it runs its exit at the end. One
# CPU: the parent's creation 80 us (no CPU), its start 30, its two forks
# 2 x 80 and its exit 120; each child's start 30 and exit 120:
# 80 + 30 + 160 + 120 + 2 x 150 = 690, and a child's CPU time 150.
printf '%s\n' '[scenario]' 'model = teaching' 'cpus = 1' 'time_unit = us' '[create]' 'process = 80us' \
	'process_start = 30us' 'process_exit = 120us' '[task parent]' \
	'program = repeat 2 { spawn kids }' '[group kids]' 'count = 2' 'arrival = spawn' \
	'program = exit' > "$tap_tmp/start.ini"
"$SCHEDLAB" run "$tap_tmp/start.ini" > "$tap_tmp/out" 2>&1
grep -q '^makespan  *690\.00 us' "$tap_tmp/out" && grep -q '^kids\[0\] .* 150\.00 ' "$tap_tmp/out" &&
	grep -q '^parent .* 310\.00 ' "$tap_tmp/out"
tap_result $? "a process's start costs process_start on its CPU (690 us by hand)"

# A process that may only run on one CPU, the one its parent may only run
# on, pays the *_one_cpu figures. The run above with process_one_cpu 40 us,
# process_start_one_cpu 10 and process_exit_one_cpu 50, on one CPU: 40 + 10
# + 2 x 40 + 50 + 2 x (10 + 50) = 300, a child's CPU time 60, the parent's
# 10 + 2 x 40 + 50 = 140. On 2 CPUs with parent and children pinned to
# CPU 1, the same. With the parent on CPU 1 and its children on CPU 0, the
# children pay the figures of a family spread over CPUs and the parent
# (no parent of its own, one CPU) its own: it arrives at 40, starts until
# 50, forks until 130 and 210, exits until 260; CPU 0 runs the children's
# 2 x (30 + 120) from 130 without a pause: 430, a child's CPU 150, the
# parent's 10 + 2 x 80 + 50 = 220.
for run in '1 any any 300 60 140' '2 1 1 300 60 140' '2 1 0 430 150 220'; do
	set -- $run
	printf '%s\n' '[scenario]' 'model = teaching' "cpus = $1" 'time_unit = us' '[create]' \
		'process = 80us' 'process_start = 30us' 'process_exit = 120us' \
		'process_one_cpu = 40us' 'process_start_one_cpu = 10us' 'process_exit_one_cpu = 50us' \
		'[task parent]' 'program = repeat 2 { spawn kids }' '[group kids]' 'count = 2' \
		'arrival = spawn' 'program = exit' > "$tap_tmp/one.ini"
	[ "$2" = any ] ||
		sed -i "s/^\[task parent\]/&\ncpus = $2/; s/^\[group kids\]/&\ncpus = $3/" "$tap_tmp/one.ini"
	"$SCHEDLAB" run "$tap_tmp/one.ini" > "$tap_tmp/out" 2>&1
	grep -q "^makespan  *$4\.00 us" "$tap_tmp/out" && grep -q "^kids\[0\] .* $5\.00 " "$tap_tmp/out" &&
		grep -q "^parent .* $6\.00 " "$tap_tmp/out"
	tap_result $? "$1 CPU(s), parent on CPU $2, children on $3: makespan $4 us by hand, CPU $5 and $6"
done

# The exit grows with the process's memory (process_exit_per_mib), as the
# fork with its parent's (process_per_mib). One CPU: the parent (3 MiB)
# arrives after its own creation, 80 + 3 x 5; its two forks 2 x 95; its
# exit 120 + 3 x 10; its children's (2 MiB each) 2 x (120 + 2 x 10):
# 95 + 190 + 150 + 280.
printf '%s\n' '[scenario]' 'model = teaching' 'cpus = 1' 'time_unit = us' '[create]' 'process = 80us' \
	'process_per_mib = 5us' 'process_exit = 120us' 'process_exit_per_mib = 10us' '[task parent]' \
	'memory = 3MiB' 'program = repeat 2 { spawn kids }' '[group kids]' 'count = 2' \
	'arrival = spawn' 'memory = 2MiB' 'program = exit' > "$tap_tmp/exitmib.ini"
"$SCHEDLAB" run "$tap_tmp/exitmib.ini" > "$tap_tmp/out" 2>&1
grep -q '^makespan  *715\.00 us' "$tap_tmp/out" && grep -q '^kids\[0\] .* 140\.00 ' "$tap_tmp/out" &&
	grep -q '^parent .* 340\.00 ' "$tap_tmp/out"
tap_result $? "an exit costs process_exit_per_mib per MiB of its memory (715 us by hand)"

# A child placed on another, idle, CPU than its parent's is sent there
# (wake_up_new_task): it pays remote_wakeup before it runs. The parent's
# creation 10 us, its fork 10 us: the child arrives at 20 us while the
# parent computes on, lands on the idle CPU, and ends at 20 + 3 + 5 us.
printf '%s\n' '[scenario]' 'model = teaching' 'cpus = 2' 'time_unit = us' '[create]' \
	'process = 10us' '[switch]' 'remote_wakeup = 3us' '[task parent]' \
	'program = spawn kids; cpu 100us' '[group kids]' 'count = 1' 'arrival = spawn' \
	'program = cpu 5us' > "$tap_tmp/newtask.ini"
"$SCHEDLAB" run "$tap_tmp/newtask.ini" > "$tap_tmp/out" 2>&1
grep -q '^kids\[0\]  *20\.00  *23\.00  *28\.00 ' "$tap_tmp/out" &&
	grep -q '(1 remote wakeups)' "$tap_tmp/out"
tap_result $? "a child placed on another idle CPU than its parent's pays a remote wake-up"

# Two processes yield 10 times each on one CPU: every yield is the call
# (yield, 300 ns) and a switch after a yield (yield_switch, 700 ns, not the
# process switch's 2 us); the last one to run switches once more when the
# other exits (a process switch): 20 x 0.3 + 20 x 0.7 + 2 = 22 us. Without
# the two figures (an older model), a yield is a syscall (150 ns) and a
# process switch: 20 x 0.15 + 20 x 2 + 2 = 45 us.
printf '%s\n' '[scenario]' 'model = teaching' 'cpus = 1' 'time_unit = us' '[switch]' 'process = 2us' \
	'syscall = 150ns' 'yield = 300ns' 'yield_switch = 700ns' '[group yielders]' 'count = 2' \
	'program = repeat 10 { yield }' > "$tap_tmp/yield.ini"
"$SCHEDLAB" run "$tap_tmp/yield.ini" > "$tap_tmp/out" 2>&1
grep -q '^makespan  *22\.00 us' "$tap_tmp/out"
tap_result $? "a yield costs the yield figure and its switch yield_switch (22 us by hand)"
"$SCHEDLAB" run "$tap_tmp/yield.ini" --set switch.yield=0 --set switch.yield_switch=0 \
	> "$tap_tmp/out" 2>&1
grep -q '^makespan  *45\.00 us' "$tap_tmp/out"
tap_result $? "without them a yield costs syscall and a process switch (45 us by hand)"

# A timed sleep costs its task [switch] sleep of CPU once woken; io does
# not. Two CPUs, one task each, nothing else costs: the sleeper's three
# rounds are 100 us asleep, then 10 us for the sleep and its 20 us of cpu:
# it ends at 3 x 130 = 390 us with 3 x 30 = 90 us of CPU; the io task at
# 3 x 120 = 360 us with 60 us. Without the figure both are the io task.
printf '%s\n' '[scenario]' 'model = teaching' 'cpus = 2' 'time_unit = us' '[switch]' 'sleep = 10us' \
	'[task sleeper]' 'program = repeat 3 { sleep 100us; cpu 20us }' '[task disk]' \
	'program = repeat 3 { io 100us; cpu 20us }' > "$tap_tmp/sleep.ini"
"$SCHEDLAB" run "$tap_tmp/sleep.ini" > "$tap_tmp/out" 2>&1
grep -q '^sleeper  *0\.00  *100\.00  *390\.00  *390\.00  *0\.00  *100\.00  *90\.00 ' "$tap_tmp/out" &&
	grep -q '^disk  *0\.00  *100\.00  *360\.00  *360\.00  *0\.00  *100\.00  *60\.00 ' "$tap_tmp/out"
tap_result $? "a sleep costs [switch] sleep of CPU once woken, an io nothing (390 and 360 us by hand)"
"$SCHEDLAB" run "$tap_tmp/sleep.ini" --set switch.sleep=0 > "$tap_tmp/out" 2>&1
grep -q '^sleeper  *0\.00  *100\.00  *360\.00  *360\.00  *0\.00  *100\.00  *60\.00 ' "$tap_tmp/out"
tap_result $? "without it a sleep costs nothing but its time (360 us by hand)"

# The sleeper mirror charges it too: 201 sleeps of 15 us and 200 x 5 us of
# cpu are 4015 us of the sleeper's CPU, and among two busy loops under
# EEVDF it waits longer per wake-up than with the default model's 0.
"$SCHEDLAB" run scenarios/validate/sleeper-delay.ini --set switch.sleep=15us \
	--set scenario.time_unit=us > "$tap_tmp/out" 2>&1
grep -q '^sleeper .* 4015\.00  *201  *0$' "$tap_tmp/out"
tap_result $? "the sleeper mirror's sleeper computes 201 x 15 + 200 x 5 = 4015 us"
wait_with=$(awk '$1 == "sleeper" { print $6; exit }' "$tap_tmp/out")
"$SCHEDLAB" run scenarios/validate/sleeper-delay.ini --set scenario.time_unit=us \
	> "$tap_tmp/out" 2>&1
wait_without=$(awk '$1 == "sleeper" { print $6; exit }' "$tap_tmp/out")
awk -v a="$wait_with" -v b="$wait_without" 'BEGIN { exit !(b > 0 && a > 1.5 * b) }'
tap_result $? "and waits longer for it ($wait_with us against $wait_without us)"

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
# Natively the kernel may run the free pair on one CPU for a while (other
# tasks on the partner's CPU): the row is then not judged, and says how
# often it happened against the mirror's 0 % (and what the rest took, when
# some runs had a rest).
free_row=$(grep '^pipe-threads .*free on all CPUs' "$tap_tmp/out")
case $free_row in
*'on one CPU in'*)
	case $free_row in
	*'the mirror in 0 %)' | *'the mirror in 0 %; the others took about '*'s)') true ;;
	*) false ;;
	esac
	;;
*) true ;;
esac
tap_result $? "a free pair placed otherwise than its mirror is named with the mirror's 0 %"

# hackbench, pinned to one CPU (the costs alone) and free on all CPUs.
timeout 120 "$SCHEDLAB" validate --model models/default.ini --workloads hackbench --quick \
	--reps 6 --max-error 1000000 > "$tap_tmp/out" 2> "$tap_tmp/err"
tap_result $? "validate on hackbench exits 0"
grep -q '^hackbench .*per message, pinned to one CPU .* n=6 .*%' "$tap_tmp/out" &&
	grep -q '^hackbench .*per message, free on all CPUs .* n=6 .*%' "$tap_tmp/out"
tap_result $? "it prints hackbench pinned to one CPU and free on all CPUs"

# The free mirror keeps the two on two CPUs, as select_idle_sibling() does
# on an idle machine: every message but the first (sent before pong waits)
# wakes its reader on the other, idle, CPU: 2 x 100 - 1 remote wake-ups.
"$SCHEDLAB" run scenarios/validate/pipe-pingpong.ini --set scenario.cpus=2 \
	--set 'task ping.program=repeat 100 { send ab 4; recv ba 4 }' \
	--set 'task pong.program=repeat 100 { recv ab 4; send ba 4 }' > "$tap_tmp/out" 2>&1
grep -q '^migrations  *0 (199 remote wakeups)' "$tap_tmp/out"
tap_result $? "the free ping-pong's mirror never puts the two on one CPU (199 remote wake-ups)"

# A model whose host was ten thousand times faster: validate times the
# probe's reference (a pinned pipe round trip) first, says how far the
# host moved, and judges no row that leans on the model's measured costs.
{ cat models/default.ini; printf '%s\n' '[measured]' 'pipe_round_trip_process = 1ns [1ns, 1ns] n=11'; } \
	> "$tap_tmp/moved.ini"
timeout 120 "$SCHEDLAB" validate --model "$tap_tmp/moved.ini" --workloads pipe-threads --quick \
	--reps 6 > "$tap_tmp/out" 2> "$tap_tmp/err"
grep -q '^host: a pinned pipe round trip takes .* now, 1 ns when the model was measured (+' \
	"$tap_tmp/out" &&
	grep -q '^pipe-threads .*pinned.*too noisy to judge (the host moved +[0-9]* % since the probe)' \
	"$tap_tmp/out"
tap_result $? "a host that moved since the probe is said, and its cost rows are not judged"
timeout 120 "$SCHEDLAB" validate --model models/default.ini --workloads pipe-threads --quick \
	--reps 6 > "$tap_tmp/out" 2> "$tap_tmp/err"
! grep -q '^host:' "$tap_tmp/out"
tap_result $? "a model without the probe's reference figure: no comparison of hosts"

# A model whose threads were created ten thousand times faster: validate
# times threads created by bursts of 32, as the probe does, at each pass,
# and does not judge the thread storm, whose figure is [create] thread.
sed '/^\[create\]/,/^\[switch\]/s/^thread = .*/thread = 1ns [1ns, 1ns] n=11/' models/default.ini \
	> "$tap_tmp/threads.ini"
timeout 120 "$SCHEDLAB" validate --model "$tap_tmp/threads.ini" --workloads thread-storm --quick \
	--reps 6 > "$tap_tmp/out" 2> "$tap_tmp/err"
grep -q '^host: creating a thread (by bursts of 32) takes .* now, 1 ns when the model was measured (+' \
	"$tap_tmp/out" &&
	grep -q '^thread-storm .*too noisy to judge (its thread creation moved +[0-9]* % since the probe)' \
	"$tap_tmp/out"
tap_result $? "a host whose thread creation moved since the probe: the thread storm is not judged"

# Passes: two passes of three runs each give the row its six runs, and the
# host's reference is timed at the start of each pass.
timeout 120 "$SCHEDLAB" validate --model "$tap_tmp/moved.ini" --workloads thread-storm --quick \
	--reps 6 --passes 2 > "$tap_tmp/out" 2> "$tap_tmp/err"
grep -q '^model .* 6 runs per workload in 2 passes' "$tap_tmp/out" &&
	grep -q '^thread-storm .* n=6 ' "$tap_tmp/out" &&
	grep -q '^host: .*; in each pass: [0-9.]* [mnu]*s [0-9.]* [mnu]*s$' "$tap_tmp/out"
tap_result $? "the runs are spread over --passes, with the reference timed in each pass"
"$SCHEDLAB" validate --model models/default.ini --workloads thread-storm --reps 2 \
	--passes 3 > /dev/null 2> "$tap_tmp/err"
[ $? -eq 2 ] && grep -q -- '--passes 3 needs at least as many runs' "$tap_tmp/err"
tap_result $? "more passes than runs is bad input"
for pct in -1 nan inf 5x; do
	"$SCHEDLAB" validate --model models/default.ini --workloads thread-storm \
		--max-error "$pct" > /dev/null 2> "$tap_tmp/err"
	[ $? -eq 2 ] && grep -q -- "--max-error $pct: must be a percentage" "$tap_tmp/err"
	tap_result $? "--max-error $pct is bad input, not a bound that judges nothing"
done
"$SCHEDLAB" validate --workloads thread-storm > /dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "validate without --model is bad input (exit 2)"
"$SCHEDLAB" validate --model models/default.ini --workloads nosuch > /dev/null 2> "$tap_tmp/err"
[ $? -eq 2 ] && grep -q "unknown workload 'nosuch'" "$tap_tmp/err"
tap_result $? "an unknown workload is bad input"
tap_done
