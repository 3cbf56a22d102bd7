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

load0=$(cut -d' ' -f1-3 /proc/loadavg)
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
	echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)'); load average (1, 5, 15 min) $load0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work shares the machine)."
	echo "Figures: median [min–max] of several runs on this machine, in one run of \`make bench\`."
	echo
	echo "| measure | sextant | reference | ratio | goal | result |"
	echo "|---|---|---|---|---|---|"
	cat "$BENCH_ROWS"
	if [ -f bench/notes.md ]; then
		echo
		cat bench/notes.md
	fi
} > bench/results.md
rm -f "$BENCH_ROWS"
cat bench/results.md
