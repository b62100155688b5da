#!/bin/sh
# Interrupts leave nothing behind: SIGTERM or SIGINT during --trace removes
# the temporary and keeps the previous trace; during --plot, gnuplot is
# stopped, the previous image is kept and no render folder is left; the
# status is 143 (SIGTERM) or 130 (SIGINT), as for a process killed by them.
# SIGINT is sent through python3 (a requirement of the suite), because a
# background job of a non-interactive shell starts with SIGINT ignored.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1
long=tests/data/long-rr.ini

# wait_for DIR PATTERN: until a name of DIR (hidden ones too) matches PATTERN, 10 s at most.
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		ls -A "$1" | grep -q "$2" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# SIGTERM during --trace.
mkdir "$tap_tmp/t"
echo previous > "$tap_tmp/t/run.json"
"$SCHEDLAB" run "$long" --trace "$tap_tmp/t/run.json" --format csv > /dev/null 2>&1 &
pid=$!
wait_for "$tap_tmp/t" '^\.run\.json\.'
tap_result $? "the trace is written to a temporary"
kill -TERM $pid
wait $pid
st=$?
[ $st -eq 143 ]
tap_result $? "SIGTERM: status 143 (got $st)"
[ "$(ls -A "$tap_tmp/t")" = run.json ] && [ "$(cat "$tap_tmp/t/run.json")" = previous ]
tap_result $? "SIGTERM: no temporary left, the previous trace intact"
tap_diag "$(ls -A "$tap_tmp/t")"

# SIGINT during --trace, with SIGINT at its default disposition.
rc=$(python3 - "$tap_tmp/t" "$SCHEDLAB" run "$long" --trace "$tap_tmp/t/run.json" --format csv <<'PY'
import os, signal, subprocess, sys, time
d = sys.argv[1]
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
for _ in range(200):
    if any(n.startswith(".run.json.") for n in os.listdir(d)):
        break
    time.sleep(0.05)
p.send_signal(signal.SIGINT)
print(p.wait())
PY
)
[ "$rc" = -2 ]
tap_result $? "SIGINT: killed by SIGINT, status 130 in a shell (python: $rc)"
[ "$(ls -A "$tap_tmp/t")" = run.json ] && [ "$(cat "$tap_tmp/t/run.json")" = previous ]
tap_result $? "SIGINT: no temporary left, the previous trace intact"

# SIGTERM while gnuplot renders: a gnuplot that starts an image and hangs.
mkdir "$tap_tmp/bin" "$tap_tmp/p"
cat > "$tap_tmp/bin/gnuplot" <<SH
#!/bin/sh
echo \$\$ > "$tap_tmp/gnuplot.pid"
: > gantt.png
exec sleep 60
SH
chmod +x "$tap_tmp/bin/gnuplot"
echo previous > "$tap_tmp/p/gantt.png"
PATH="$tap_tmp/bin:$PATH" "$SCHEDLAB" run scenarios/showcase.ini --plot "$tap_tmp/p" > /dev/null 2>&1 &
pid=$!
wait_for "$tap_tmp" '^gnuplot\.pid$'
tap_result $? "gnuplot was started"
sleep 0.1
kill -TERM $pid
wait $pid
st=$?
[ $st -eq 143 ]
tap_result $? "SIGTERM during --plot: status 143 (got $st)"
gp=$(cat "$tap_tmp/gnuplot.pid" 2> /dev/null)
gone=1
i=0
while [ -n "$gp" ] && [ $i -lt 100 ]; do
	state=$(ps -o stat= -p "$gp" 2> /dev/null)
	case "$state" in '' | Z*) gone=0 && break ;; esac
	sleep 0.05
	i=$((i + 1))
done
[ $gone -eq 0 ] || kill -KILL "$gp" 2> /dev/null
tap_result $gone "gnuplot is stopped with schedlab"
[ "$(cat "$tap_tmp/p/gantt.png")" = previous ]
tap_result $? "the previous image is intact"
! ls -A "$tap_tmp/p" | grep -q '^\.'
tap_result $? "no render folder or temporary is left"
tap_diag "$(ls -A "$tap_tmp/p")"
tap_done
