#!/usr/bin/env bash
# Golden suites: runs every tests/golden/*/run.sh and adds up their
# "N passed, N failed" lines.
set -u
cd "$(dirname "$0")"
p=0 f=0
for s in */run.sh; do
	[ -x "$s" ] || continue
	out=$("./$s" 2>&1); rc=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep -oE '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -n "$line" ]; then
		p=$((p + ${line%% passed*}))
		x=${line#*passed, }; f=$((f + ${x%% failed*}))
	elif [ "$rc" -ne 0 ]; then
		f=$((f + 1))
	fi
done
echo "golden: $p passed, $f failed"
[ "$f" -eq 0 ]
