#!/usr/bin/env bash
# Runs every test suite and ends with one line "N passed, N failed".
#
# Suites: the unit tests (static musl build, then the ASan+UBSan build), the CLI
# checks, then every tests/*/run.sh in name order. Each suite prints its own closing
# "... N passed, N failed" line; this script adds them up. A suite that exits
# non-zero without such a line counts as one failure.
#
#   SUITES="unit cli"   run only these (names: unit asan cli <dir under tests/> interop-asan)
#   SKIP="fleet"        skip these
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD SEXTANT="$PWD/$BUILD/sextant"

total_pass=0
total_fail=0
summary=()

# tests/QUARANTINE: suites not run unless named in SUITES (each line: name reason).
quarantined() {
	[ -f tests/QUARANTINE ] && grep -v '^#' tests/QUARANTINE | awk -v s="$1" '$1 == s {found=1} END {exit !found}'
}

want() {
	local s=$1
	if [ -n "${SUITES:-}" ] && [[ " $SUITES " != *" $s "* ]]; then return 1; fi
	if [ -n "${SKIP:-}" ] && [[ " $SKIP " == *" $s "* ]]; then return 1; fi
	if [ -z "${SUITES:-}" ] && quarantined "$s"; then
		echo "== suite $s QUARANTINED (not run): $(grep -v '^#' tests/QUARANTINE | awk -v s="$s" '$1 == s {$1=""; print substr($0, 2)}')"
		summary+=("$(printf '%-14s quarantined, not run (tests/QUARANTINE)' "$s")")
		return 1
	fi
	return 0
}

run_suite() {
	local name=$1; shift
	local log; log=$(mktemp)
	local start=$SECONDS
	echo "== suite $name"
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	local line; line=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	local p=0 f=0
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*passed, }; f=${f%% failed*}
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "suite $name exited $rc without reporting a failure: counted as 1 failure"
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	summary+=("$(printf '%-14s %6d passed %4d failed  %4ds' "$name" "$p" "$f" $((SECONDS - start)))")
	rm -f "$log"
}

want unit && run_suite unit "$BUILD/unit-tests"
want asan && run_suite asan env ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 "$BUILD/unit-tests-asan"
for dir in tests/*/; do
	name=$(basename "$dir")
	[ -x "$dir/run.sh" ] || continue
	want "$name" || continue
	run_suite "$name" "$dir/run.sh"
done
# The interop suite again with the whole tool built under ASan+UBSan (LSan on):
# every protocol path against real OpenSSH, Dropbear and TinySSH, sanitized.
want interop-asan && run_suite interop-asan env INTEROP_BIN="$BUILD/sextant-asan" \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 tests/interop/run.sh

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
