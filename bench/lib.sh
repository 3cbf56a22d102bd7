# Shared helpers for bench/*.sh. Each benchmark appends rows to $BENCH_ROWS:
#   measure | sextant | reference | ratio | goal | pass/fail
# Figures are medians of several runs, with min and max in brackets.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

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

# cpu_ms N CMD... -> N user+sys CPU times in ms (bench/runstat.py: wait4 rusage,
# microseconds; GNU time only prints 10 ms steps)
cpu_ms() {
	local n=$1; shift
	/usr/bin/python3 "$BENCH_DIR/runstat.py" "$n" "$@" | awk '{ print $2 }'
}

# verdict VALUE OP GOAL -> pass/fail  (OP: le or ge)
verdict() {
	awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN {
		ok = (op == "le") ? (v <= g) : (v >= g); print ok ? "pass" : "fail" }'
}

# num X -> X rounded to a readable precision (4 significant digits, no exponent)
num() {
	awk -v x="$1" 'BEGIN {
		if (x !~ /^-?[0-9.]+$/) { print x; exit }
		a = (x < 0) ? -x : x
		if (a >= 1000) printf "%.0f\n", x
		else if (a >= 100) printf "%.1f\n", x
		else if (a >= 10) printf "%.2f\n", x
		else printf "%.3f\n", x }'
}

fmt3() { # median min max -> "M [min–max]"
	printf '%s [%s–%s]' "$(num "$1")" "$(num "$2")" "$(num "$3")"
}

# hf_ms N CMD... -> N wall times in ms (one per line), measured by hyperfine -N
# (no shell between hyperfine and the program, 3 warm-up runs; its timer is finer
# than date(1) + fork). Falls back to wall_ms without hyperfine. Arguments must
# not need quoting beyond what printf %q gives.
hf_ms() {
	local n=$1 j cmd; shift
	if ! command -v hyperfine >/dev/null; then
		wall_ms "$n" "$@"
		return
	fi
	cmd=$(printf '%q ' "$@")
	j=$(mktemp)
	if hyperfine -N --style none --warmup 3 --runs "$n" --export-json "$j" "$cmd" >/dev/null 2>&1; then
		jq -r '.results[0].times[] | . * 1000 | (. * 1000 | round) / 1000' "$j"
	fi
	rm -f "$j"
}

# ratio A B -> A/B with two decimals
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.2f\n", a / b }'
}

# rss_max_kb N CMD... -> the largest peak RSS in KiB over N runs
rss_max_kb() {
	local n=$1 i m=0 r; shift
	for ((i = 0; i < n; i++)); do
		r=$(rss_kb "$@")
		[[ $r =~ ^[0-9]+$ ]] && ((r > m)) && m=$r
	done
	echo "$m"
}

# load -> "load L1 L5" for the notes column of slow measures
load_now() {
	awk '{ printf "load %s %s", $1, $2 }' /proc/loadavg
}
