# sweep-p99.gp - a latency metric (turnaround p99 by default, or the metric of
# --target) against the swept parameter, with 95 % confidence intervals over
# the repetitions. Overloaded points (the backlog grew through the run: their
# latency only measures how long a finite run takes to drain) are circled in
# red; failed points (out of memory, deadlock) have no value. A log scale
# when the values span two decades (or --log-y), and the --target line.
# Variables set by schedlab above: title, unit, unitname, xkey, xnumeric,
# xlog, ylog, ymetric, target_ns, ncurves, curve(i), datafile
# (blocks, one per curve: x xlabel thr_mean thr_ci p99_ns_mean p99_ns_ci flag).
set title title
set xlabel xkey
set ylabel sprintf("%s (%s)", ymetric, unitname)
set grid lc rgb "#dddddd"
set key top left
set bars small
if (xlog) set logscale x
if (ylog) {
	set logscale y
	set ylabel sprintf("%s (%s, log scale)", ymetric, unitname)
} else {
	set yrange [0 : *]
}
over(f, y) = (f == 1 ? y : NaN)
if (target_ns > 0) {
	set arrow from graph 0, first (target_ns / unit) to graph 1, first (target_ns / unit) \
		nohead lc rgb "#d62728" dt 2 lw 1.5 front
	set label sprintf("target %g %s", target_ns / unit, unitname) \
		at graph 0.99, first (target_ns / unit) right offset 0, 0.7 tc rgb "#d62728" front
}
if (xnumeric) {
	set offsets graph 0.03, graph 0.03, 0, 0
	plot for [i = 1 : ncurves] datafile index (i - 1) using 1:($5 / unit):($6 / unit) \
		with yerrorlines lw 1.5 pt 7 ps 0.8 title curve(i), \
	     for [i = 1 : ncurves] datafile index (i - 1) using 1:(over($7, $5 / unit)) \
		with points pt 6 ps 2.2 lw 2 lc rgb "#d62728" title (i == 1 ? "overloaded" : "")
} else {
	set offsets 0.5, 0.5, 0, 0
	plot for [i = 1 : ncurves] datafile index (i - 1) using 1:($5 / unit):($6 / unit):xtic(2) \
		with yerrorbars lw 1.5 pt 7 ps 1.2 title curve(i), \
	     for [i = 1 : ncurves] datafile index (i - 1) using 1:(over($7, $5 / unit)) \
		with points pt 6 ps 2.2 lw 2 lc rgb "#d62728" title (i == 1 ? "overloaded" : "")
}
