#!/bin/sh
# Determinism: the same scenario and seed give the same bytes on every run
# and from builds at -O0 and -O2 (tests/schedlab-O0, tests/schedlab-O2, built
# by `make check` from the same sources), in every output format.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1
O0="$top_builddir/tests/schedlab-O0"
O2="$top_builddir/tests/schedlab-O2"

check() { # NAME ARGS...
	name=$1
	shift
	"$SCHEDLAB" "$@" > "$tap_tmp/a" 2>&1
	"$SCHEDLAB" "$@" > "$tap_tmp/b" 2>&1
	"$O0" "$@" > "$tap_tmp/o0" 2>&1
	"$O2" "$@" > "$tap_tmp/o2" 2>&1
	cmp -s "$tap_tmp/a" "$tap_tmp/b"
	tap_result $? "$name: two runs give the same bytes"
	cmp -s "$tap_tmp/o0" "$tap_tmp/o2"
	tap_result $? "$name: -O0 and -O2 builds give the same bytes"
	cmp -s "$tap_tmp/a" "$tap_tmp/o2"
	tap_result $? "$name: the installed build agrees with -O2"
	[ -s "$tap_tmp/a" ]
	tap_result $? "$name: produced output"
}

random=tests/golden/random-workload.ini
check "random json" run "$random" --format json
check "random explain" run "$random" --explain --format table
check "random csv seed 7" run "$random" --format csv --seed 7
check "random 4 cpus" run "$random" --format json --cpus 4 --set rr.quantum=3
check "showcase" run scenarios/showcase.ini --gantt --explain
check "sweep 3 reps -j 3" sweep "$random" --vary rr.quantum=2,8 --vary scenario.cpus=1..3 --reps 3 -j 3
# Every registered policy, from the registry itself: a new one is checked
# without an edit here.
all=$("$SCHEDLAB" policies --names | paste -sd, -)
[ -n "$all" ] && [ "$all" != "${all#*,}" ]
tap_result $? "policies --names lists the policies: $all"
check "every policy" compare "$random" --policies "$all" --format json
check "every policy, 4 cpus" compare "$random" --policies "$all" --format csv --cpus 4
check "cfs explain" run scenarios/textbook/ostep-cfs.ini --explain
check "eevdf nice" run "$random" --policy eevdf --explain --set eevdf.tick_hz=0
for p in $("$SCHEDLAB" policies --names); do
	check "$p explain" run "$random" --policy "$p" --explain --format csv
done
tap_done
