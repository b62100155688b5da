#!/bin/sh
# Bad input: for each NAME.ini here, `schedlab check NAME.ini` (or the
# command named in NAME.cmd, such as run; with the extra arguments of
# NAME.args, one per line, if that file exists) must exit
# with status 2 and print exactly NAME.err on standard error. Commands run in
# this folder, so the file names in the messages are stable.
#
# To record the messages again after an intended change of wording:
#   ERRORS_UPDATE=1 tests/errors/run-errors.sh    (then review git diff)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir/tests/errors" || exit 1

for ini in *.ini; do
	name=${ini%.ini}
	cmd=check
	[ -f "$name.cmd" ] && cmd=$(cat "$name.cmd")
	set -- "$cmd" "$ini"
	if [ -f "$name.args" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			case "$line" in '#'* | '') continue ;; esac
			set -- "$@" "$line"
		done < "$name.args"
	fi
	"$SCHEDLAB" "$@" > "$tap_tmp/$name.out" 2> "$tap_tmp/$name.err"
	status=$?
	if [ -n "${ERRORS_UPDATE:-}" ]; then
		cp "$tap_tmp/$name.err" "$name.err"
	fi
	if [ "$status" -ne 2 ]; then
		tap_result 1 "$name: exit status $status, expected 2"
		tap_diag "$(cat "$tap_tmp/$name.out" "$tap_tmp/$name.err")"
		continue
	fi
	if [ ! -f "$name.err" ]; then
		tap_result 1 "$name: $name.err is missing"
		tap_diag "$(cat "$tap_tmp/$name.err")"
		continue
	fi
	if cmp -s "$tap_tmp/$name.err" "$name.err"; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name: standard error differs from $name.err"
		tap_diag "$(diff -u "$name.err" "$tap_tmp/$name.err" | head -20)"
	fi
done
tap_done
