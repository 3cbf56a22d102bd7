#!/usr/bin/env bash
# make bench: runs every bench/NN-*.sh, collects their rows into bench/results.md
# (measure, sextant, reference, ratio, goal, pass/fail) and prints it.
# Benchmarks measure; they never fail the build. BENCH_ONLY=NN runs one.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD SEXTANT="$PWD/$BUILD/sextant"
export BENCH_ROWS; BENCH_ROWS=$(mktemp)
command -v bc >/dev/null || { echo "bench: needs bc (apt-get install bc)"; exit 1; }

for b in bench/[0-9][0-9]-*.sh; do
	[ -e "$b" ] || continue
	if [ -n "${BENCH_ONLY:-}" ] && [[ "$(basename "$b")" != "$BENCH_ONLY"* ]]; then continue; fi
	echo "== $(basename "$b")" >&2
	bash "$b" || echo "bench: $b exited $? (its rows may be missing)" >&2
done

{
	echo "# sextant benchmarks"
	echo
	echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); $(date -u +%Y-%m-%dT%H:%MZ)."
	echo "Figures: median [min–max] of several runs on this machine, in one run of \`make bench\`."
	echo
	echo "| measure | sextant | reference | ratio | goal | result |"
	echo "|---|---|---|---|---|---|"
	cat "$BENCH_ROWS"
} > bench/results.md
rm -f "$BENCH_ROWS"
cat bench/results.md
