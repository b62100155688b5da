#!/bin/sh
# Textbook answers: every scenario in scenarios/textbook/ states its source
# and published answer in its comments, and one or more machine-readable
# lines that this script checks against `schedlab run`:
#
#   # check: KEY VALUE                 summary KEY of --format json equals VALUE
#   # check: task NAME KEY VALUE [TOL] task NAME's KEY is VALUE (within TOL)
#   # check: order A B C ...           the first dispatches, in order (--explain)
#   # check: predictions X Y ...       the predicted bursts of successive
#                                      dispatches, in ms (--explain)
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir/scenarios/textbook" || exit 1

for f in *.ini; do
	if ! grep -q '^# check:' "$f"; then
		tap_result 1 "$f: no '# check:' line"
		continue
	fi
	if ! "$SCHEDLAB" run "$f" --format json > "$tap_tmp/json" 2> "$tap_tmp/err"; then
		tap_result 1 "$f: schedlab run failed"
		tap_diag "$(cat "$tap_tmp/err")"
		continue
	fi
	"$SCHEDLAB" run "$f" --explain > "$tap_tmp/explain" 2>&1
	grep '^# check:' "$f" | sed 's/^# check: *//' > "$tap_tmp/checks"
	while read -r what a b c d; do
		case "$what" in
		task)
			got=$(awk -v name="\"name\": \"$a\"," -v key="\"$b\":" '
				index($0, name) { inside = 1 }
				inside && index($0, key) { v = $2; sub(/,$/, "", v); print v; exit }
			' "$tap_tmp/json")
			want=$c
			tol=${d:-0}
			desc="$f: task $a $b = $want"
			;;
		order)
			want="$a $b $c $d"
			got=$(awk '$4 == "dispatch" { printf "%s%s", n++ ? " " : "", $5 }' \
				"$tap_tmp/explain")
			want=$(grep '^# check: order' "$f" | sed 's/^# check: order *//')
			n=$(echo "$want" | wc -w)
			got=$(echo "$got" | tr ' ' '\n' | head -n "$n" | tr '\n' ' ' | sed 's/ $//')
			tol=
			desc="$f: run order $want"
			;;
		predictions)
			want=$(grep '^# check: predictions' "$f" | sed 's/^# check: predictions *//')
			got=$(sed -n 's/.*predicted burst \([0-9.]*\) ms.*/\1/p' "$tap_tmp/explain" |
				tr '\n' ' ' | sed 's/ $//')
			tol=
			desc="$f: predictions $want"
			;;
		*)
			got=$(awk -v key="\"$what\":" 'index($0, key) { v = $2; sub(/,$/, "", v); print v; exit }' \
				"$tap_tmp/json")
			want=$a
			tol=0
			desc="$f: $what = $want"
			;;
		esac
		if [ -n "$tol" ]; then
			[ -n "$got" ] && [ "$got" -ge $((want - tol)) ] && [ "$got" -le $((want + tol)) ]
		else
			[ "$got" = "$want" ]
		fi
		status=$?
		tap_result $status "$desc"
		[ $status -eq 0 ] || tap_diag "got: $got"
	done < "$tap_tmp/checks"
done
tap_done
