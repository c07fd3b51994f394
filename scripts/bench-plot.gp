# One plot of one measure of make bench, base and patched side by side.
# Usage: gnuplot -c bench-plot.gp DIR SLUG KIND UNIT CLOCK NAME TERM OUT
#   DIR   the plot data of `vhost-harness bench-tables`; SLUG the measure's
#   file name there; KIND "rate" or "latency"; UNIT, CLOCK, NAME as labels;
#   TERM "svg" or "png"; OUT the file to write
# Rates: a bar per kernel at its median, min-max of its runs as an error
# bar, every run as a dot. Latencies: the CDF of the samples per kernel.
dir = ARG1; slug = ARG2; kind = ARG3; unit = ARG4; clock = ARG5; name = ARG6; term = ARG7; out = ARG8
if (term eq "svg") {
	set terminal svg size 640,420 dynamic enhanced font "sans,11" background rgb "white"
} else {
	set terminal pngcairo size 640,420 enhanced font "sans,10" background rgb "white"
}
set output out
set title sprintf("%s (clock: %s)", name, clock) noenhanced
set grid ytics
set key top left
base_color = "#4477aa"
patched_color = "#ee6677"
if (kind eq "rate") {
	set ylabel unit noenhanced
	set style fill solid 0.6 border -1
	set boxwidth 0.5
	set xrange [-0.6:1.6]
	set yrange [0:*]
	set offsets 0, 0, graph 0.08, 0
	set key below
	bars = dir."/".slug.".dat"
	runs = dir."/".slug.".samples.dat"
	plot bars using 0:2:($0 == 0 ? 0x4477aa : 0xee6677):xtic(1) with boxes lc rgb variable notitle, \
	     bars using 0:2:3:4 with yerrorbars lc rgb "black" pt 0 lw 1.5 title "min-max of the runs", \
	     runs using ($1 + 0.12):2 with points pt 7 ps 0.6 lc rgb "#333333" title "runs"
} else {
	set xlabel unit noenhanced
	set ylabel "fraction of samples"
	set yrange [0:1.02]
	set offsets graph 0.05, graph 0.05, 0, 0
	cdf = dir."/".slug.".cdf.dat"
	plot cdf index 0 using 1:2 with steps lw 2 lc rgb base_color title "base", \
	     cdf index 1 using 1:2 with steps lw 2 lc rgb patched_color title "patched"
}
set output
