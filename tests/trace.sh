#!/bin/sh
# --trace: the Chrome trace-event file parses as JSON (python3), holds one
# "X" slice per run interval (one per dispatch line of --explain), the same
# bytes on every run; a failed run leaves no file. python3 is a requirement
# of the suite (bootstrap.sh installs it): a missing python3 fails.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1

command -v python3 >/dev/null 2>&1
tap_result $? "python3 is installed"

check_trace() { # NAME SCENARIO ARGS...
	name=$1
	scen=$2
	shift 2
	"$SCHEDLAB" run "$scen" "$@" --trace "$tap_tmp/$name.json" > /dev/null 2>&1
	tap_result $? "$name: run --trace exits 0"
	python3 -m json.tool "$tap_tmp/$name.json" > /dev/null 2>&1
	tap_result $? "$name: the trace is valid JSON"
	slices=$(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))
ev = t["traceEvents"]
assert all(e["ph"] in "MXiCbe" for e in ev)
assert all(e["dur"] >= 0 for e in ev if e["ph"] == "X")
print(sum(1 for e in ev if e["ph"] == "X"))' "$tap_tmp/$name.json" 2>&1)
	dispatches=$("$SCHEDLAB" run "$scen" "$@" --explain | grep -c '  dispatch  ')
	[ "$slices" = "$dispatches" ]
	tap_result $? "$name: one slice per run interval ($slices slices, $dispatches dispatches)"
	"$SCHEDLAB" run "$scen" "$@" --trace "$tap_tmp/$name-2.json" > /dev/null 2>&1
	cmp -s "$tap_tmp/$name.json" "$tap_tmp/$name-2.json"
	tap_result $? "$name: the same bytes on a second run"
}

check_trace showcase scenarios/showcase.ini
check_trace random tests/golden/random-workload.ini --cpus 4
python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
names = {e["args"]["name"] for e in ev if e["ph"] == "M" and e["name"] == "thread_name"}
assert names == {"cpu0", "cpu1", "cpu2", "cpu3", "events"}, names
assert any(e["ph"] == "C" and e["name"] == "memory" for e in ev)
assert any(e["ph"] == "C" and e["name"].startswith("run queue") for e in ev)
assert any(e["ph"] == "i" and e["name"].startswith("wake ") for e in ev)
' "$tap_tmp/random.json"
tap_result $? "random: a track per CPU, memory and queue counters, wake-ups"

# Three busy loops on two CPUs rotate by periodic balancing (a hand count:
# loads 2048 and 1024, average 1536, imbalance 512): each migration in the
# trace says which balance moved it and with what loads.
"$SCHEDLAB" run scenarios/validate/balance-three-loops.ini --trace "$tap_tmp/b3.json" > /dev/null 2>&1
python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
mig = [e for e in ev if e.get("cat") == "migrate"]
assert mig, "no migration"
assert all(e["args"]["reason"].startswith("periodic balance: cpu") for e in mig), mig[0]
assert any("imbalance 512" in e["args"]["reason"] for e in mig), mig[0]
' "$tap_tmp/b3.json"
tap_result $? "a migration in the trace carries its reason: the balance, the loads, the imbalance"

"$SCHEDLAB" run scenarios/showcase.ini --trace "$tap_tmp/new/sub/t.json" > /dev/null 2>&1
[ $? -eq 0 ] && [ -s "$tap_tmp/new/sub/t.json" ]
tap_result $? "a trace into a missing folder creates it, as --out and --plot do"
mkdir "$tap_tmp/oom"
"$SCHEDLAB" run tests/data/out-of-memory.ini --trace "$tap_tmp/oom" > "$tap_tmp/out" 2> "$tap_tmp/err"
[ $? -eq 2 ] && [ ! -s "$tap_tmp/out" ] && grep -q "not a folder" "$tap_tmp/err"
tap_result $? "a trace onto a folder is bad input (exit 2), found before the run"
"$SCHEDLAB" run tests/data/out-of-memory.ini --trace "$tap_tmp/oom/t.json" > /dev/null 2>&1
[ $? -eq 1 ] && [ -z "$(ls -A "$tap_tmp/oom")" ]
tap_result $? "a failed run (out of memory) exits 1 and leaves no file"

# Outputs never replace what is not a regular file; links are followed.
for dev in /dev/null /dev/zero; do
	before=$(ls -l "$dev" | cut -c1)
	"$SCHEDLAB" run scenarios/showcase.ini --trace "$dev" > /dev/null 2>&1
	st=$?
	[ $st -eq 0 ] && [ "$(ls -l "$dev" | cut -c1)" = "$before" ] && [ "$before" = c ]
	tap_result $? "--trace $dev writes in place: still a character device (exit $st)"
done
mkfifo "$tap_tmp/fifo"
cat "$tap_tmp/fifo" > "$tap_tmp/from-fifo" &
"$SCHEDLAB" run scenarios/showcase.ini --trace "$tap_tmp/fifo" > /dev/null 2>&1
st=$?
wait
[ $st -eq 0 ] && [ -p "$tap_tmp/fifo" ] && python3 -m json.tool "$tap_tmp/from-fifo" > /dev/null 2>&1
tap_result $? "--trace FIFO writes into the FIFO, which stays a FIFO"
"$SCHEDLAB" run scenarios/showcase.ini --trace - > "$tap_tmp/stdout.json" 2>/dev/null
head -c 17 "$tap_tmp/stdout.json" | grep -q '^{"displayTimeUnit'
tap_result $? "--trace - writes the trace on standard output"
echo old > "$tap_tmp/target.json"
ln -s target.json "$tap_tmp/link.json"
"$SCHEDLAB" run scenarios/showcase.ini --trace "$tap_tmp/link.json" > /dev/null 2>&1
[ -L "$tap_tmp/link.json" ] && python3 -m json.tool "$tap_tmp/target.json" > /dev/null 2>&1
tap_result $? "--trace LINK writes the link's target; the link stays"

# Write errors: seen at once, named, nothing left behind, exit 1.
"$SCHEDLAB" run tests/data/long-rr.ini --trace /dev/full --format csv > "$tap_tmp/out" 2> "$tap_tmp/err"
st=$?
[ $st -eq 1 ] && [ ! -s "$tap_tmp/out" ] && grep -q "No space left on device" "$tap_tmp/err"
tap_result $? "--trace /dev/full: exit 1 ($st), 'No space left on device', no report"
mkdir "$tap_tmp/full"
echo previous > "$tap_tmp/full/t.json"
(
	trap '' XFSZ
	ulimit -f 64 # 32 KiB: the long trace does not fit
	exec "$SCHEDLAB" run tests/data/long-rr.ini --trace "$tap_tmp/full/t.json" --format csv
) > "$tap_tmp/out" 2> "$tap_tmp/err"
st=$?
[ $st -eq 1 ] && grep -q "File too large" "$tap_tmp/err" &&
	[ "$(cat "$tap_tmp/full/t.json")" = previous ] && [ "$(ls -A "$tap_tmp/full")" = t.json ]
tap_result $? "a trace that does not fit: exit 1 ($st), the reason, the old file intact, no temporary"
tap_diag "$(cat "$tap_tmp/err")"

# A trace of 512 MiB or more gets a note on how to open it; a small one none.
"$SCHEDLAB" run tests/data/long-rr.ini --trace "$tap_tmp/small.json" > /dev/null 2> "$tap_tmp/err"
[ $? -eq 0 ] && ! grep -q "trace_processor" "$tap_tmp/err"
tap_result $? "a small trace: no note"
cat > "$tap_tmp/big.ini" <<'INI'
[scenario]
policy = rr
[rr]
quantum = 1ms
[group a_task_name_long_enough_to_make_each_slice_of_the_trace_larger]
count = 2000
burst = 1600ms
INI
# through a FIFO, counted as it comes: 570 MiB need not fit on the disk
mkfifo "$tap_tmp/big.fifo"
wc -c < "$tap_tmp/big.fifo" > "$tap_tmp/size" &
"$SCHEDLAB" run "$tap_tmp/big.ini" --trace "$tap_tmp/big.fifo" > /dev/null 2> "$tap_tmp/err"
st=$?
# a run that never opened the FIFO would leave wc waiting for a writer: be one
exec 3<> "$tap_tmp/big.fifo"
exec 3>&-
wait
size=$(cat "$tap_tmp/size")
[ $st -eq 0 ] && [ "$size" -ge 536870912 ] &&
	grep -q "^trace: .* written to $tap_tmp/big.fifo; Perfetto's web UI may run out of memory" "$tap_tmp/err" &&
	grep -q "^  trace_processor --httpd '$tap_tmp/big.fifo'$" "$tap_tmp/err"
tap_result $? "a trace of $size bytes: a note on how to open it"
tap_diag "$(cat "$tap_tmp/err")"
tap_done
