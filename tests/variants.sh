#!/bin/sh
# Variants and parameters in effect: compare --policies rr:quantum=1ms,...
# runs each variant with its parameters (as --set would give them) and every
# output says which; a bad variant is bad input (exit 2) named as written,
# before any run; run --format json records the policy's parameters and the
# model's figures under "parameters".
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1
sc=scenarios/textbook/silberschatz-fcfs.ini

"$SCHEDLAB" compare "$sc" --policies rr:quantum=1ms,rr:quantum=10ms --format csv > "$tap_tmp/csv"
tap_result $? "compare with two rr variants exits 0"
row1=$(grep '^rr:quantum=1ms,' "$tap_tmp/csv")
row10=$(grep '^rr:quantum=10ms,' "$tap_tmp/csv")
case "$row1" in *quantum=1ms\ new_first=true) true ;; *) false ;; esac
tap_result $? "the 1 ms variant's row says quantum=1ms"
case "$row10" in *quantum=10ms\ new_first=true) true ;; *) false ;; esac
tap_result $? "the 10 ms variant's row says quantum=10ms"
[ -n "$row1" ] && [ "$(echo "$row1" | cut -d, -f2-)" != "$(echo "$row10" | cut -d, -f2-)" ] &&
	[ "$(echo "$row1" | cut -d, -f5)" != "$(echo "$row10" | cut -d, -f5)" ]
tap_result $? "the two variants' turnarounds differ"

"$SCHEDLAB" compare "$sc" --policies fcfs,rr:quantum=2ms > "$tap_tmp/table"
grep -q '^rr:quantum=2ms  *quantum=2ms new_first=true$' "$tap_tmp/table" &&
	grep -q '^fcfs  *-$' "$tap_tmp/table"
tap_result $? "the table lists each policy's parameters"

"$SCHEDLAB" compare "$sc" --policies mlfq:quantum=2ms,4ms,8ms:boost=50ms,fcfs --format json \
	> "$tap_tmp/json"
[ $? -eq 0 ] && python3 - "$tap_tmp/json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["policies"]
assert [e["policy"] for e in p] == ["mlfq:quantum=2ms,4ms,8ms:boost=50ms", "fcfs"], p
q = p[0]["parameters"]["policy"]
assert q["name"] == "mlfq" and q["quantum"] == [2000000, 4000000, 8000000], q
assert q["boost"] == 50000000, q
assert p[1]["parameters"]["policy"] == {"name": "fcfs"}, p[1]
assert d["parameters"]["model"]["name"] == "teaching", d["parameters"]
PY
tap_result $? "compare's JSON: a list value, two parameters, the model once"

"$SCHEDLAB" compare "$sc" --policies fcfs,rr:quantom=1ms > "$tap_tmp/out" 2> "$tap_tmp/err"
st=$?
[ $st -eq 2 ] && [ ! -s "$tap_tmp/out" ] &&
	grep -q "^--policies rr:quantom=1ms: \[rr\] quantom: unknown key (did you mean 'quantum'?)" \
		"$tap_tmp/err"
tap_result $? "a misspelt variant key: exit 2 ($st), named, with a suggestion"
"$SCHEDLAB" compare "$sc" --policies rr:quantum=abc > /dev/null 2> "$tap_tmp/err"
st=$?
[ $st -eq 2 ] && grep -q "^--policies rr:quantum=abc: \[rr\] quantum: 'abc' is not a duration" \
	"$tap_tmp/err"
tap_result $? "a bad variant value: exit 2 ($st)"
"$SCHEDLAB" compare "$sc" --policies rr:quantum > /dev/null 2> "$tap_tmp/err"
st=$?
[ $st -eq 2 ] && grep -q "is not KEY=VALUE" "$tap_tmp/err"
tap_result $? "a variant without a value: exit 2 ($st)"
"$SCHEDLAB" compare "$sc" --policies rrr:quantum=1ms > /dev/null 2> "$tap_tmp/err"
st=$?
[ $st -eq 2 ] && grep -q "'rrr' is not a policy" "$tap_tmp/err"
tap_result $? "a variant of no policy: exit 2 ($st)"
"$SCHEDLAB" compare "$sc" --policies fcfs:quantum=1ms > /dev/null 2> "$tap_tmp/err"
st=$?
[ $st -eq 2 ] && grep -q "fcfs has no parameters" "$tap_tmp/err"
tap_result $? "a parameter of a policy that has none: exit 2 ($st)"

"$SCHEDLAB" run "$sc" --policy rr --set rr.quantum=3ms --model default --format json \
	> "$tap_tmp/run.json"
[ $? -eq 0 ] && python3 - "$tap_tmp/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["model"] == "default", d["model"]
p = d["parameters"]
assert p["policy"] == {"name": "rr", "quantum": 3000000, "new_first": True}, p["policy"]
m = p["model"]
assert m["name"] == "default", m
assert m["switch"]["process"] > 0 and "tlb" in m and "memory" in m and "create" in m, m
assert list(d)[-1] == "parameters", list(d)
PY
tap_result $? "run's JSON: the policy's parameters and the model's figures in effect"
tap_done
