# latency-cdf.gp - the cumulative distribution of latency (turnaround) on a log axis.
# Variables set by schedlab above: title, unit, unitname, datafile
# (turnaround_ns fraction_of_completed_tasks).
set title title
set xlabel sprintf("latency: turnaround time (%s, log scale)", unitname)
set ylabel "fraction of completed tasks"
set logscale x
set yrange [0 : 1.02]
set ytics 0.1
set grid xtics ytics mxtics lc rgb "#dddddd"
set key bottom right
plot datafile using ($1 / unit):2 with steps lw 2 lc rgb "#1f77b4" title "turnaround"
