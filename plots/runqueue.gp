# runqueue.gp - the run-queue length (READY tasks, all queues) over time.
# Variables set by schedlab above: title, unit, unitname, datafile
# (start_ns width_ns busy_percent ready_tasks memory_max_bytes).
set title title
set xlabel sprintf("time (%s)", unitname)
set ylabel "READY tasks waiting (mean per interval)"
set yrange [0 : *]
set xrange [0 : *]
set grid lc rgb "#dddddd"
set key off
plot datafile using (($1 + $2 / 2) / unit):4 with lines lw 1.5 lc rgb "#ff7f0e"
