# bench/performance.gp: the scaling chart of docs/performance.md (run by bench/run.sh)
# gnuplot -e "datafile='summary.dat'; output='performance.png'" bench/performance.gp
set terminal pngcairo size 900,560 font "sans,11"
set output output
set title "Median wall time vs instance count (log-log, lower is better)"
set xlabel "MySQL instances (10 per file)"
set ylabel "seconds"
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xrange [0.7:15000]
set grid xtics ytics mxtics mytics lc rgb "#dddddd"
set key top left box opaque
set datafile missing "?"
plot datafile using 1:2 with linespoints lw 2 pt 7 ps 1.2 lc rgb "#1f77b4" title "mysqlrender", \
     datafile using 1:3 with linespoints lw 2 pt 5 ps 1.2 lc rgb "#d62728" title "seed baseline (Jinja2 + PyYAML)", \
     datafile using 1:4 with linespoints lw 2 pt 9 ps 1.4 lc rgb "#2ca02c" title "kubectl kustomize (static YAML)"
