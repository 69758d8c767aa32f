# bench/apply.gp: apply time against N, log-log, one line per contender.
set terminal pngcairo size 900,560 noenhanced font ",11"
set output outfile
set logscale xy
set xlabel "revisions (N)"
set ylabel "apply all, ms (median)"
set key left top
set grid
plot for [c=2:8] datafile using 1:c with linespoints lw 2 pt 7 title columnhead(c)
