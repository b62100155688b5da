#!/bin/sh
# Bad input: for each NAME.ini here, `schedlab check NAME.ini` (or the
# command named in NAME.cmd, such as run; with the extra arguments of
# NAME.args, one per line, if that file exists) must exit
# with status 2 and print exactly NAME.err on standard error. Commands run in
# this folder, so the file names in the messages are stable.
#
# A NAME.err may write @POLICIES@ for the list of registered policies as the
# messages spell it ("fcfs, sjf ... and stride", from `schedlab policies
# --names`), so that registering a policy changes no file here.
#
# To record the messages again after an intended change of wording:
#   ERRORS_UPDATE=1 tests/errors/run-errors.sh    (then review git diff)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir/tests/errors" || exit 1

# "a, b and c"
policies=$("$SCHEDLAB" policies --names | awk '
	{ name[NR] = $0 }
	END { for (i = 1; i <= NR; i++) printf "%s%s", (i == 1 ? "" : i == NR ? " and " : ", "), name[i] }')

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
		awk -v list="$policies" '{
			if (list != "" && (i = index($0, list)) > 0)
				$0 = substr($0, 1, i - 1) "@POLICIES@" substr($0, i + length(list))
			print
		}' "$tap_tmp/$name.err" > "$name.err"
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
	awk -v list="$policies" '{
		if ((i = index($0, "@POLICIES@")) > 0)
			$0 = substr($0, 1, i - 1) list substr($0, i + 10)
		print
	}' "$name.err" > "$tap_tmp/$name.expected"
	if cmp -s "$tap_tmp/$name.err" "$tap_tmp/$name.expected"; then
		tap_result 0 "$name"
	else
		tap_result 1 "$name: standard error differs from $name.err"
		tap_diag "$(diff -u "$tap_tmp/$name.expected" "$tap_tmp/$name.err" | head -20)"
	fi
done
tap_done
