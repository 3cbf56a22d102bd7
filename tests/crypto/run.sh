#!/usr/bin/env bash
# tests/crypto/run.sh — builds and runs the libsodium differential test
# (tests/crypto/ed25519_diff.c) with the host gcc. Test-only: libsodium never goes
# into sextant. Needs Debian's libsodium-dev. Last line: "N passed, N failed".
# ED25519_DIFF_CASES (default 100000) and ED25519_DIFF_SEED (hex) override.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$BUILD/crypto-diff
mkdir -p "$out"
if [ ! -e /usr/include/sodium.h ]; then
	echo "tests/crypto: libsodium-dev missing (apt-get install -y libsodium-dev)"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! make --no-print-directory build/vendor-host/bearssl/libbearssl.a >"$out/vendor.log" 2>&1; then
	cat "$out/vendor.log"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! gcc -O2 -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor-host/bearssl/src/inc \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-o "$out/ed25519_diff" tests/crypto/ed25519_diff.c src/crypto/*.c src/core/wipe.c \
	src/core/rand.c build/vendor-host/bearssl/libbearssl.a -lsodium -lpthread; then
	echo "0 passed, 1 failed"
	exit 1
fi
"$out/ed25519_diff" "${ED25519_DIFF_CASES:-100000}" ${ED25519_DIFF_SEED:-}
