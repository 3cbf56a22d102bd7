#!/usr/bin/env bash
# bench/upload/build.sh — links bench/upload/upload.c against the objects of
# $BUILD/sextant (every $BUILD/obj/*/*.o: the same -O2 musl build, minus main.o)
# into $BUILD/bench-upload/upload. Run after `make BUILD=$BUILD`.
set -eu
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
out=$BUILD/bench-upload
mkdir -p "$out"
[ -e "$BUILD/obj/fleet/sshexec.o" ] || make --no-print-directory BUILD="$BUILD" >/dev/null
musl-gcc -O2 -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor/bearssl/src/inc \
	-Wall -Wextra -Wno-unused-parameter -Werror -c bench/upload/upload.c -o "$out/upload.o"
musl-gcc -static -s -o "$out/upload" "$out/upload.o" "$BUILD"/obj/*/*.o \
	build/vendor/bearssl/libbearssl.a build/vendor/libyaml/libyaml.a -lpthread
