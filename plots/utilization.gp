# utilization.gp - CPU utilisation over time.
# Variables set by schedlab above: title, unit, unitname, ncpus, datafile
# (start_ns width_ns busy_percent ready_tasks memory_max_bytes).
set title title
set xlabel sprintf("time (%s)", unitname)
set ylabel sprintf("CPU busy (%% of %d CPUs, switch cost included)", ncpus)
set yrange [0 : 105]
set xrange [0 : *]
set grid lc rgb "#dddddd"
set key off
set style fill solid 0.35 noborder
plot datafile using (($1 + $2 / 2) / unit):3 with filledcurves y1=0 lc rgb "#2ca02c", \
     datafile using (($1 + $2 / 2) / unit):3 with lines lw 1.5 lc rgb "#2ca02c"
