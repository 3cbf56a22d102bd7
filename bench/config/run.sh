#!/usr/bin/env bash
# bench/config/run.sh — builds bench/config/bench.c (musl, -O2, static, like
# sextant) and times config_load() on the generated 1,000-host, 50-role project.
# Goal (issue 4): under 20 ms. Appends a row to $BENCH_ROWS inside `make bench`.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$BUILD/bench-config
mkdir -p "$out"
make --no-print-directory build/vendor/libyaml/libyaml.a >/dev/null
musl-gcc -O2 -std=c11 -D_GNU_SOURCE -DYAML_DECLARE_STATIC -Isrc -Ibuild/vendor/libyaml/src/include -Ibuild/vendor/bearssl/src/inc \
	-Wall -Wextra -Wno-unused-parameter -Wno-format-truncation -Werror \
	-o "$out/bench" bench/config/bench.c src/config/*.c src/core/*.c src/cli/commands.c \
	build/vendor/libyaml/libyaml.a build/vendor/bearssl/libbearssl.a -static -lpthread
"$out/bench" | tee "$out/results.tsv"
if [ -n "${BENCH_ROWS:-}" ]; then
	. bench/lib.sh
	while IFS=$'\t' read -r name med lo hi unit; do
		row "$name ($unit)" "$(fmt3 "$med" "$lo" "$hi")" "—" "—" "< 20" "$(verdict "$med" le 20)"
	done < "$out/results.tsv"
fi
