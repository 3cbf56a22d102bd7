#!/usr/bin/env bash
# bench/crypto/run.sh [FILTER] — builds bench/crypto/bench.c (musl, -O2, static, as
# sextant itself is built) and prints its figures. When $BENCH_ROWS is set (inside
# `make bench`, via bench/lib.sh) it also appends table rows there.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$BUILD/bench-crypto
mkdir -p "$out"
make --no-print-directory build/vendor/bearssl/libbearssl.a >/dev/null
musl-gcc -O2 -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor/bearssl/src/inc -Wall -Wextra -Wno-unused-parameter -Werror \
	-o "$out/bench" bench/crypto/bench.c src/crypto/*.c src/core/wipe.c src/core/rand.c \
	build/vendor/bearssl/libbearssl.a -static -lpthread
"$out/bench" "${1:-}" | tee "$out/results.tsv"
if [ -n "${BENCH_ROWS:-}" ]; then
	. bench/lib.sh
	grep -v '^#' "$out/results.tsv" | while IFS=$'\t' read -r name med lo hi unit; do
		row "crypto: $name ($unit)" "$(fmt3 "$med" "$lo" "$hi")" "—" "—" "—" "measured"
	done
fi
