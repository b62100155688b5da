#!/bin/sh
# Golden transcripts: for each NAME.args (the arguments of one schedlab
# command, one per line), the command's standard output must equal NAME.out
# byte for byte and its exit status must be 0, or the number in NAME.status
# (1 for a run that ends in a deadlock and still reports). Commands run in
# this folder, so scenario paths in the transcripts are stable.
#
# To record new transcripts after an intended change of output:
#   GOLDEN_UPDATE=1 tests/golden/run-golden.sh    (then review git diff)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir/tests/golden" || exit 1

for args in *.args; do
	name=${args%.args}
	set --
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in '#'* | '') continue ;; esac
		set -- "$@" "$line"
	done < "$args"
	"$SCHEDLAB" "$@" > "$tap_tmp/$name.out" 2> "$tap_tmp/$name.err"
	status=$?
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		cp "$tap_tmp/$name.out" "$name.out"
	fi
	expected=0
	[ -f "$name.status" ] && expected=$(cat "$name.status")
	if [ "$status" -ne "$expected" ]; then
		tap_result 1 "$name: exit status $status, expected $expected"
		tap_diag "$(cat "$tap_tmp/$name.err")"
		continue
	fi
	if cmp -s "$tap_tmp/$name.out" "$name.out"; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name: output differs from $name.out"
		tap_diag "$(diff -u "$name.out" "$tap_tmp/$name.out" | head -40)"
	fi
done
tap_done
