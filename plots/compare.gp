# compare.gp - policies (or models) side by side: mean times and p99 latency.
# Variables set by schedlab above: title, unit, unitname, what, datafile
# (name avg_turnaround_ns avg_waiting_ns avg_response_ns p99_ns throughput_per_s).
set title title
set ylabel sprintf("time (%s)", unitname)
set xlabel what
set yrange [0 : *]
set grid ytics lc rgb "#dddddd"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border lc rgb "#ffffff"
set boxwidth 0.9
set key outside top center horizontal
plot datafile using ($2 / unit):xtic(1) title "mean turnaround", \
     '' using ($3 / unit) title "mean waiting", \
     '' using ($4 / unit) title "mean response", \
     '' using ($5 / unit) title "p99 turnaround"
