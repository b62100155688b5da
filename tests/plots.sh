#!/bin/sh
# Charts: run --plot and sweep --plot render every chart as a non-empty PNG
# of the expected pixel size (read from the PNG's IHDR, bytes 16-23), or an
# SVG; the data files are the same bytes on every run; a 200-task Gantt
# chart renders; without gnuplot the data and scripts are written and a note
# says how to render them. gnuplot is a requirement of the suite (CI and
# bootstrap.sh install gnuplot-nox): a missing gnuplot fails, never skips.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
tap_tmpdir
cd "$top_srcdir" || exit 1

command -v gnuplot >/dev/null 2>&1
tap_result $? "gnuplot is installed (Debian: gnuplot-nox)"

# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk.
png_size() {
	od -An -tu1 -j16 -N8 "$1" |
		awk '{ printf "%dx%d\n", $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }'
}

# check_png FILE WxH
check_png() {
	if [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' ')" = "89504e470d0a1a0a" ]; then
		size=$(png_size "$1")
		[ "$size" = "$2" ]
		tap_result $? "$(basename "$1"): a PNG of $2 (got $size)"
	else
		tap_result 1 "$(basename "$1"): a non-empty PNG"
	fi
}

showcase=scenarios/showcase.ini
out=$tap_tmp/run
"$SCHEDLAB" run "$showcase" --plot "$out" > /dev/null 2> "$tap_tmp/notes"
tap_result $? "run --plot exits 0"
grep -q "wrote 5 charts to $out" "$tap_tmp/notes"
tap_result $? "run --plot says which charts it wrote"
check_png "$out/gantt.png" 1200x400
for c in latency-cdf utilization runqueue memory; do
	check_png "$out/$c.png" 1000x600
done
for c in gantt latency-cdf utilization runqueue memory; do
	grep -q "set title title" "$out/$c.gp" && grep -q "^title = '.*showcase" "$out/$c.gp" &&
		grep -q "set xlabel" "$out/$c.gp" && grep -q "set ylabel" "$out/$c.gp"
	tap_result $? "$c.gp has a title and labelled axes"
done

# The same run writes the same data.
"$SCHEDLAB" run "$showcase" --plot "$tap_tmp/run2" > /dev/null 2>&1
same=0
for f in "$out"/*.dat "$out"/*.gp; do
	cmp -s "$f" "$tap_tmp/run2/$(basename "$f")" || same=1
done
tap_result $same "run --plot: data and scripts are the same bytes on a second run"

# SVG.
"$SCHEDLAB" run "$showcase" --plot "$tap_tmp/svg" --plot-format svg > /dev/null 2>&1
grep -q '<svg' "$tap_tmp/svg/gantt.svg" && grep -q 'width="1000"' "$tap_tmp/svg/memory.svg"
tap_result $? "--plot-format svg writes SVG charts"
"$SCHEDLAB" run "$showcase" --plot "$tap_tmp/x" --plot-format gif > /dev/null 2>&1
[ $? -eq 2 ]
tap_result $? "--plot-format gif is bad input (exit 2)"

# A file where the folder should be: bad input, found before the run.
touch "$tap_tmp/afile"
"$SCHEDLAB" run "$showcase" --plot "$tap_tmp/afile" > "$tap_tmp/out" 2> "$tap_tmp/bad"
[ $? -eq 2 ] && [ ! -s "$tap_tmp/out" ] && grep -q "not a folder" "$tap_tmp/bad"
tap_result $? "run --plot FILE is bad input (exit 2), nothing printed"
"$SCHEDLAB" compare "$showcase" --policies fcfs,rr --plot "$tap_tmp/afile" > "$tap_tmp/out" \
	2> "$tap_tmp/bad"
[ $? -eq 2 ] && [ ! -s "$tap_tmp/out" ] && grep -q "not a folder" "$tap_tmp/bad"
tap_result $? "compare --plot FILE is bad input (exit 2), nothing printed"

# 200 tasks on 4 CPUs: one lane per CPU, 1200 x 360 -> at least 400 high.
cat > "$tap_tmp/many.ini" <<'INI'
[scenario]
name = two-hundred-tasks
policy = rr
cpus = 4
[rr]
quantum = 3
[group t]
count = 200
arrival = every(1)
program = cpu 4; io 2; cpu 3
INI
"$SCHEDLAB" run "$tap_tmp/many.ini" --plot "$tap_tmp/many" > /dev/null 2>&1
tap_result $? "run --plot of 200 tasks on 4 CPUs"
check_png "$tap_tmp/many/gantt.png" 1200x400
[ "$(grep -v '^#' "$tap_tmp/many/gantt.dat" | cut -d' ' -f5 | sort -u | wc -l)" -eq 200 ]
tap_result $? "the 200-task Gantt data holds every task"

# A Gantt chart of thousands of tasks (and more intervals than are kept)
# aggregates instead of going blank, and says so.
sed -e 's/count = 200/count = 60000/' -e 's/quantum = 3/quantum = 1/' "$tap_tmp/many.ini" \
	> "$tap_tmp/huge.ini"
"$SCHEDLAB" run "$tap_tmp/huge.ini" --plot "$tap_tmp/huge" > /dev/null 2>&1
tap_result $? "run --plot of 60000 tasks on 4 CPUs"
check_png "$tap_tmp/huge/gantt.png" 1200x400
grep -q "^title = .*60000 tasks, aggregated" "$tap_tmp/huge/gantt.gp"
tap_result $? "the large Gantt chart's title says it is aggregated"
# the share of the plot area's pixels that are not white (a PNG decoded here)
painted=$(python3 - "$tap_tmp/huge/gantt.png" <<'PY'
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
pos, idat = 8, b""
while pos < len(d):
    n, kind = struct.unpack(">I4s", d[pos:pos + 8])
    body = d[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ctype]
raw, stride, prev, rows = zlib.decompress(idat), w * bpp, bytearray(w * bpp), []
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
# the lanes: the middle of the chart, inside the axes
x0, x1, y0, y1 = 100, 1100, 60, 330
n = sum(1 for y in range(y0, y1) for x in range(x0, x1) if rows[y][x * bpp:x * bpp + 3] != b"\xff\xff\xff")
print(n * 100 // ((x1 - x0) * (y1 - y0)))
PY
)
[ "${painted:-0}" -ge 40 ]
tap_result $? "the large Gantt chart is not blank ($painted % of its lanes painted)"

# Without gnuplot: data and scripts, and how to render them.
PATH=/nonexistent "$SCHEDLAB" run "$showcase" --plot "$tap_tmp/nognuplot" > /dev/null 2> "$tap_tmp/nog"
tap_result $? "run --plot without gnuplot exits 0"
grep -q "gnuplot is not installed" "$tap_tmp/nog" && grep -q "gnuplot \*.gp" "$tap_tmp/nog"
tap_result $? "without gnuplot a note says how to render"
PATH=/nonexistent "$SCHEDLAB" run "$showcase" --plot "$tap_tmp/no gnuplot" > /dev/null 2> "$tap_tmp/nog"
grep -q "cd '$tap_tmp/no gnuplot' && gnuplot \*.gp" "$tap_tmp/nog"
tap_result $? "the note quotes a folder with a space for the shell"
[ -s "$tap_tmp/nognuplot/gantt.dat" ] && [ -s "$tap_tmp/nognuplot/gantt.gp" ] &&
	[ ! -e "$tap_tmp/nognuplot/gantt.png" ]
tap_result $? "without gnuplot the data and script are written, no image"
(cd "$tap_tmp/nognuplot" && gnuplot ./*.gp) 2>/dev/null
check_png "$tap_tmp/nognuplot/gantt.png" 1200x400

# Sweep charts.
"$SCHEDLAB" sweep "$showcase" --vary rr.quantum=2,5,10 --vary scenario.model=teaching,default \
	--reps 2 -j 2 --plot "$tap_tmp/sweep" > /dev/null 2>&1
tap_result $? "sweep --plot exits 0"
check_png "$tap_tmp/sweep/sweep-throughput.png" 1000x600
check_png "$tap_tmp/sweep/sweep-p99.png" 1000x600
"$SCHEDLAB" sweep "$showcase" --vary scenario.policy=fcfs,rr --plot "$tap_tmp/sweep2" > /dev/null 2>&1
check_png "$tap_tmp/sweep2/sweep-p99.png" 1000x600
# The p99 axis: linear when the values span less than two decades (the
# quanta 2, 5, 10 of the showcase), logarithmic with --log-y; the
# throughput axis stays linear either way.
"$SCHEDLAB" sweep "$showcase" --vary rr.quantum=2,5,10 --plot "$tap_tmp/lin" > /dev/null 2>&1 &&
	grep -qx "ylog = 0" "$tap_tmp/lin/sweep-p99.gp"
tap_result $? "sweep --plot: a p99 axis over less than two decades is linear"
"$SCHEDLAB" sweep "$showcase" --vary rr.quantum=2,5,10 --log-y --plot "$tap_tmp/log" > /dev/null 2>&1 &&
	grep -qx "ylog = 1" "$tap_tmp/log/sweep-p99.gp" &&
	grep -qx "ylog = 0" "$tap_tmp/log/sweep-throughput.gp"
tap_result $? "sweep --log-y: the p99 axis is logarithmic, throughput's is not"
check_png "$tap_tmp/log/sweep-p99.png" 1000x600
# A sweep whose every point the model stops (a deadlock) has no figure to
# draw: exit 0, as its CSV, and a note per chart instead of a gnuplot error.
printf '[scenario]\n[task A]\nprogram = lock m; lock m\n[mutex m]\n' > "$tap_tmp/deadlock.ini"
"$SCHEDLAB" sweep "$tap_tmp/deadlock.ini" --vary scenario.cpus=1,2 --plot "$tap_tmp/dead" \
	> /dev/null 2> "$tap_tmp/notes"
[ $? -eq 0 ] && grep -q "^sweep-throughput: no point has a throughput; no chart" "$tap_tmp/notes" &&
	grep -q "^sweep-p99: no point has a turnaround p99; no chart" "$tap_tmp/notes" &&
	[ ! -e "$tap_tmp/dead/sweep-p99.png" ]
tap_result $? "sweep --plot with every point deadlocked: exit 0, no chart, a note for each"

# Comparison charts.
"$SCHEDLAB" compare "$showcase" --policies fcfs,rr,cfs --plot "$tap_tmp/compare" > /dev/null \
	2> "$tap_tmp/notes"
tap_result $? "compare --plot exits 0"
grep -q "wrote 2 charts to $tap_tmp/compare" "$tap_tmp/notes"
tap_result $? "compare --plot says which charts it wrote"
check_png "$tap_tmp/compare/compare.png" 1000x600
check_png "$tap_tmp/compare/compare-throughput.png" 1000x600
"$SCHEDLAB" compare "$showcase" --policies fcfs,rr --plot "$tap_tmp/compare-svg" \
	--plot-format svg > /dev/null 2>&1
grep -q "<svg" "$tap_tmp/compare-svg/compare.svg"
tap_result $? "compare --plot-format svg writes SVG"
tap_done
