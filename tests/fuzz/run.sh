#!/usr/bin/env bash
# Builds every libFuzzer target tests/fuzz/fuzz_*.c and runs each for FUZZ_SECONDS
# (default 10) from its committed seed corpus tests/fuzz/corpus/<target>/.
#
# A target names the sources it needs in a comment near its top:
#     // sources: src/core/*.c src/ssh/key.c ...
# (globs allowed). It is built with clang, -fsanitize=fuzzer,address,undefined, against
# the host-compiled vendor libraries. A crash, leak, timeout or OOM fails the target; its
# reproducer is left in build/fuzz/<target>/.
#
#   FUZZ_SECONDS=3600 tests/fuzz/run.sh fuzz_config    # one target, one CPU-hour
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
SECS=${FUZZ_SECONDS:-10}
OUT=$BUILD/fuzz
mkdir -p "$OUT"
pass=0; fail=0

make -s -f vendor/vendor.mk VENDOR=build/vendor-host VENDOR_CC=gcc >/dev/null
VH=build/vendor-host
INC="-Isrc -I$VH/bearssl/src/inc -I$VH/libyaml/src/include -DYAML_DECLARE_STATIC -D_GNU_SOURCE -std=c11"

targets=()
if [ $# -gt 0 ]; then targets=("$@"); else
	for f in tests/fuzz/fuzz_*.c; do [ -e "$f" ] && targets+=("$(basename "$f" .c)"); done
fi

for t in "${targets[@]}"; do
	src=tests/fuzz/$t.c
	line=$(grep -m1 -E '^(//|/?\*) *sources:' "$src" | sed -E 's/^.*sources://; s/\*\/.*$//')
	if [ -z "$line" ]; then
		echo "FAIL $t: no '// sources:' line"; fail=$((fail + 1)); continue
	fi
	# shellcheck disable=SC2086
	files=$(ls $line 2>/dev/null | grep -v '^src/main.c$' | sort -u)
	objs=$(for f in $files; do printf "%s " "$OUT/obj/${f%.c}.o"; done)
	mkdir -p "$OUT/$t"
	# Sources are compiled once into a shared object cache (tests/fuzz/fuzz.mk).
	if ! make -s -j"$(nproc)" -f tests/fuzz/fuzz.mk OUT="$OUT" OBJS="$objs" >"$OUT/$t/build.log" 2>&1 ||
	   ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined $INC \
		"$src" $objs "$VH/bearssl/libbearssl.a" "$VH/libyaml/libyaml.a" -lpthread -lm \
		-o "$OUT/$t/$t" 2>>"$OUT/$t/build.log"; then
		echo "FAIL $t: build failed (see $OUT/$t/build.log)"; tail -5 "$OUT/$t/build.log"
		fail=$((fail + 1)); continue
	fi
	work=$OUT/$t/corpus; mkdir -p "$work"
	[ -d "tests/fuzz/corpus/$t" ] && cp -n tests/fuzz/corpus/$t/* "$work/" 2>/dev/null
	echo "== $t (${SECS}s)"
	if (cd "$OUT/$t" && ./$t -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 corpus >run.log 2>&1); then
		grep -E 'stat::number_of_executed_units' "$OUT/$t/run.log" | sed 's/^/    /'
		pass=$((pass + 1))
	else
		echo "FAIL $t: fuzzer found a problem:"; grep -E 'ERROR|SUMMARY|Test unit written' "$OUT/$t/run.log" | head -5
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
