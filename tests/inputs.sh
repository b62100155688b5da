#!/bin/sh
# Inputs are read as files only: trace() and model = refuse a FIFO (at once,
# never blocking) and a device; a line quoted from a file is a short,
# escaped excerpt (no terminal escape reaches the terminal); a 10 MB key or
# value is cut in its message. The scenario itself may come from a pipe.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$tap_tmp" || exit 1

mkfifo fifo.csv fifo.ini
printf '[scenario]\npolicy = fcfs\n[group g]\ncount = 2\nburst = 1\narrival = trace(fifo.csv)\n' > trace-fifo.ini
timeout 20 "$SCHEDLAB" check trace-fifo.ini > /dev/null 2> err
st=$?
[ $st -eq 2 ] && grep -q "trace file 'fifo.csv': a FIFO, not a regular file" err
tap_result $? "trace(FIFO): refused at once (exit 2, got $st)"
printf '[scenario]\npolicy = fcfs\nmodel = ./fifo.ini\n[task a]\nburst = 1\n' > model-fifo.ini
timeout 20 "$SCHEDLAB" check model-fifo.ini > /dev/null 2> err
st=$?
[ $st -eq 2 ] && grep -q "model file './fifo.ini': a FIFO, not a regular file" err
tap_result $? "model = FIFO: refused at once (exit 2, got $st)"
timeout 20 "$SCHEDLAB" check model-fifo.ini --model /dev/zero.ini > /dev/null 2> err
st=$?
[ $st -eq 2 ]
tap_result $? "--model naming no regular file: refused (exit 2, got $st)"
printf '[scenario]\npolicy = fcfs\n[group g]\ncount = 2\nburst = 1\narrival = trace(/dev/zero)\n' > trace-dev.ini
timeout 20 "$SCHEDLAB" check trace-dev.ini > /dev/null 2> err
st=$?
[ $st -eq 2 ] && grep -q "a device, not a regular file" err
tap_result $? "trace(/dev/zero): refused at once (exit 2, got $st)"

printf '1\n\033[31mRED\033]0;title\007%s\n' "$(head -c 5000 /dev/zero | tr '\0' x)" > esc.csv
printf '[scenario]\npolicy = fcfs\n[group g]\ncount = 2\nburst = 1\narrival = trace(esc.csv)\n' > esc.ini
"$SCHEDLAB" check esc.ini > /dev/null 2> err
st=$?
[ $st -eq 2 ] && ! grep -q "$(printf '\033')" err && grep -q "'\\\\x1b\[31mRED\\\\x1b\]0;title\\\\x07xx*\.\.\.'" err &&
	[ "$(wc -c < err)" -lt 200 ]
tap_result $? "a line of a trace is quoted escaped and short ($(wc -c < err) bytes)"
tap_diag "$(cat err)"

big=$(head -c 10000000 /dev/zero | tr '\0' x)
printf '[scenario]\npolicy = fcfs\n%s = 1\n[task a]\nburst = 1\n' "$big" > key.ini
"$SCHEDLAB" check key.ini > /dev/null 2> err
st=$?
[ $st -eq 2 ] && [ "$(wc -c < err)" -lt 1100 ] && grep -q "unknown key" err
tap_result $? "a 10 MB key is cut in its message ($(wc -c < err) bytes)"
printf '[scenario]\npolicy = fcfs\n[task a]\nburst = %s\n' "$big" > value.ini
"$SCHEDLAB" check value.ini > /dev/null 2> err
st=$?
[ $st -eq 2 ] && [ "$(wc -c < err)" -lt 1100 ]
tap_result $? "a 10 MB value is cut in its message ($(wc -c < err) bytes)"
printf '[scenario]\npolicy = fcfs\n[task a]\nburst = 1\n' > ok.ini
"$SCHEDLAB" check ok.ini --set "task a.burst=$(head -c 100000 /dev/zero | tr '\0' y)" > /dev/null 2> err
st=$?
[ $st -eq 2 ] && [ "$(wc -c < err)" -lt 1100 ]
tap_result $? "a long --set value is cut in its message ($(wc -c < err) bytes)"

cat ok.ini | "$SCHEDLAB" check /dev/stdin > out 2>&1
tap_result $? "a scenario may come from a pipe (/dev/stdin)"
# Options are read as bytes: under LC_ALL=C a value in UTF-8 is taken as it
# is (GLib's conversion from the locale's character set refused it with
# "Invalid byte sequence in conversion input"), and a byte that is not UTF-8
# is refused by the option's own message, shown as \xNN.
printf '[scenario]\npolicy = fcfs\n[group g]\nburst = 1\n' > plain.ini
LC_ALL=C "$SCHEDLAB" run --set 'scenario.name=café' plain.ini > out 2> err
st=$?
[ $st -eq 0 ] && grep -q '^scenario café ' out
tap_result $? "LC_ALL=C: --set with a name in UTF-8 taken as it is (exit $st)"
tap_diag "$(cat err)"
LC_ALL=C "$SCHEDLAB" run --format "$(printf 'j\377')" plain.ini > out 2> err
st=$?
[ $st -eq 2 ] && [ "$(cat err)" = 'schedlab run: --format j\xff: expected table, csv or json' ]
tap_result $? "LC_ALL=C: a byte that is not UTF-8 in --format: the option's message (exit $st)"
tap_diag "$(cat err)"
LC_ALL=C "$SCHEDLAB" run --policy "$(printf '\377')" plain.ini > out 2> err
st=$?
[ $st -eq 2 ] && grep -q "^--policy \\\\xff: unknown policy '\\\\xff'" err
tap_result $? "LC_ALL=C: a byte that is not UTF-8 in --policy: shown as \\xff (exit $st)"
tap_diag "$(cat err)"

tap_done
