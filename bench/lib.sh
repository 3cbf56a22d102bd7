# Shared helpers for bench/*.sh. Each benchmark appends rows to $BENCH_ROWS:
#   measure | sextant | reference | ratio | goal | pass/fail
# Figures are medians of several runs, with min and max in brackets.

# stats FILE -> "median min max" of the numbers in FILE (one per line)
stats() {
	sort -g "$1" | awk '{a[NR]=$1} END {
		if (NR == 0) { print "nan nan nan"; exit }
		m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
		print m, a[1], a[NR] }'
}

# row MEASURE SEXTANT REFERENCE RATIO GOAL VERDICT
row() {
	printf '| %s | %s | %s | %s | %s | %s |\n' "$@" >> "$BENCH_ROWS"
}

# wall_ms N CMD... -> writes N wall times in ms (one per line) to stdout
wall_ms() {
	local n=$1; shift
	local i s e
	for ((i = 0; i < n; i++)); do
		s=$(date +%s%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s%N)
		echo "scale=3; ($e - $s) / 1000000" | bc
	done
}

# rss_kb CMD... -> peak RSS in KiB (GNU time)
rss_kb() {
	/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
}

# cpu_ms N CMD... -> N user+sys CPU times in ms
cpu_ms() {
	local n=$1; shift
	local i
	for ((i = 0; i < n; i++)); do
		/usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.3f\n", ($1 + $2) * 1000}'
	done
}

# verdict VALUE OP GOAL -> pass/fail  (OP: le or ge)
verdict() {
	awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN {
		ok = (op == "le") ? (v <= g) : (v >= g); print ok ? "pass" : "fail" }'
}

fmt3() { # median min max -> "M [min–max]"
	printf '%s [%s–%s]' "$1" "$2" "$3"
}
