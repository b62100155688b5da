# compare-throughput.gp - policies (or models) side by side: throughput.
# Variables set by schedlab above: title, what, datafile
# (name avg_turnaround_ns avg_waiting_ns avg_response_ns p99_ns throughput_per_s).
set title title
set ylabel "throughput (completed tasks per simulated second)"
set xlabel what
set yrange [0 : *]
set grid ytics lc rgb "#dddddd"
set style data histograms
set style fill solid 0.85 border lc rgb "#ffffff"
set boxwidth 0.6
set key off
plot datafile using 6:xtic(1) lc rgb "#1f77b4" notitle
