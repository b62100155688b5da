# memory.gp - simulated memory in use over time.
# Variables set by schedlab above: title, unit, unitname, datafile
# (start_ns width_ns busy_percent ready_tasks memory_max_bytes).
set title title
set xlabel sprintf("time (%s)", unitname)
set ylabel "memory in use (MiB, most in each interval)"
set yrange [0 : *]
set xrange [0 : *]
set grid lc rgb "#dddddd"
set key off
plot datafile using (($1 + $2 / 2) / unit):($5 / 1048576.0) with steps lw 1.5 lc rgb "#9467bd"
