# gantt.gp - one lane per CPU, a box per run interval, a colour per task.
# Variables set by schedlab above: title, unit (ns per axis unit), unitname,
# ncpus, datafile (cpu start_ns end_ns rgb task name), labelfile (the names
# of the intervals wide enough to hold them: x_ns cpu name), nkey and the
# arrays keyname and keycolour (the tasks' colours, when there are few), and
# aggregated (1: boxes merge runs narrower than 2 pixels; drawn without a
# border, which would hide them).
set title title
set xlabel sprintf("time (%s)", unitname)
set ylabel "CPU"
set yrange [ncpus - 0.5 : -0.5]
set ytics 1
set format y "cpu%.0f"
set mytics 1
set grid xtics lc rgb "#dddddd"
if (nkey > 0) { set key outside right top vertical Left reverse samplen 1.5 } else { set key off }
if (aggregated) { set style fill solid 1.0 noborder } else { set style fill solid 0.9 border lc rgb "#ffffff" }
plot datafile using (($2 + $3) / 2 / unit):1:($2 / unit):($3 / unit):($1 - 0.38):($1 + 0.38):4 \
	with boxxyerror lc rgb variable notitle, \
     labelfile using ($1 / unit):2:3 with labels font ",8" tc rgb "#000000" notitle, \
     for [i = 1 : nkey] NaN with boxes fs solid 0.9 lc rgb keycolour[i] title keyname[i]
