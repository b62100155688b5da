# sweep-throughput.gp - throughput against the swept parameter, with 95 %
# confidence intervals over the repetitions.
# Variables set by schedlab above: title, xkey, xnumeric, xlog, ncurves,
# curve(i) (the title of curve i), datafile
# (blocks, one per curve: x xlabel thr_mean thr_ci p99_ns_mean p99_ns_ci flag).
set title title
set xlabel xkey
set ylabel "throughput (completed tasks per simulated second)"
set yrange [0 : *]
set grid lc rgb "#dddddd"
set key top left
set bars small
if (xlog) set logscale x
if (xnumeric) {
	set offsets graph 0.03, graph 0.03, 0, 0
	plot for [i = 1 : ncurves] datafile index (i - 1) using 1:3:4 \
		with yerrorlines lw 1.5 pt 7 ps 0.8 title curve(i)
} else {
	set offsets 0.5, 0.5, 0, 0
	plot for [i = 1 : ncurves] datafile index (i - 1) using 1:3:4:xtic(2) \
		with yerrorbars lw 1.5 pt 7 ps 1.2 title curve(i)
}
