#!/usr/bin/env bash
# The crypto primitives on their own (bench/crypto): per-op times and throughput.
# bench/crypto names x25519 after the BearSSL code it measured when it was
# written; x25519() is now crypto/x25519.c's own ladder, so the row says so.
set -u
[ -n "${BENCH_ROWS:-}" ] || exec bash "$(dirname "$0")/crypto/run.sh"
rows=$BENCH_ROWS
BENCH_ROWS=$(mktemp)
export BENCH_ROWS
bash "$(dirname "$0")/crypto/run.sh"
sed 's/x25519 (BearSSL m31)/x25519 (crypto\/x25519.c, radix 2^51)/' "$BENCH_ROWS" >> "$rows"
rm -f "$BENCH_ROWS"
