#!/usr/bin/env bash
# Golden --dry-run plans: for every case directory here, copy its project/ tree to
# a scratch directory outside any git repository, run each <name>.args command line
# there as `sextant <args> --dry-run` (the file holds shell words), and compare stdout byte for byte with
# <name>.plan (and the exit status with <name>.status, default 0).
#
# Fixed inputs (spec/examples/README.md): time 2024-01-01T00:00:00Z
# (SOURCE_DATE_EPOCH), git user "Deploy User" <deployer@example.com>, random hex
# 0123456789abcdef... (SEXTANT_TEST_RANDOM_HEX), local docker arch amd64; a case's
# env file adds variables.
#
#   GOLDEN_UPDATE=1  rewrite the .plan files from the current output (review the diff!)
#   CASE=name        run only that case
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bin=${SEXTANT:-$root/${BUILD:-build}/sextant}
[ -x "$bin" ] || { echo "no binary at $bin"; echo "0 passed, 1 failed"; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/sextant-golden-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
cat > "$scratch/gitconfig" <<'G'
[user]
	name = Deploy User
	email = deployer@example.com
G
pass=0 fail=0
for dir in "$here"/*/; do
	case=$(basename "$dir")
	[ -d "$dir/project" ] || continue
	[ -n "${CASE:-}" ] && [ "$CASE" != "$case" ] && continue
	for args in "$dir"/*.args; do
		[ -e "$args" ] || continue
		name=$(basename "$args" .args)
		work="$scratch/$case-$name"
		rm -rf "$work"; mkdir -p "$work"
		cp -a "$dir/project/." "$work/"
		want_status=0
		[ -f "$dir/$name.status" ] && want_status=$(cat "$dir/$name.status")
		envs=()
		if [ -f "$dir/env" ]; then
			while IFS= read -r l; do [ -n "$l" ] && envs+=("$l"); done < "$dir/env"
		fi
		# the .args file holds shell words (quotes allowed)
		eval "argv=($(cat "$args"))"
		got="$scratch/got"
		( cd "$work" && env -i PATH="$PATH" HOME="$scratch" TMPDIR="$scratch" \
			GIT_CONFIG_GLOBAL="$scratch/gitconfig" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$scratch" \
			SOURCE_DATE_EPOCH=1704067200 SEXTANT_TEST_RANDOM_HEX=0123456789abcdef SEXTANT_DOCKER_ARCH=amd64 \
			"${envs[@]}" "$bin" "${argv[@]}" --dry-run ) > "$got" 2> "$scratch/err"
		status=$?
		if [ -n "${GOLDEN_UPDATE:-}" ]; then
			cp "$got" "$dir/$name.plan"
			if [ "$status" -ne 0 ]; then echo "$status" > "$dir/$name.status"; else rm -f "$dir/$name.status"; fi
			want_status=$status
		fi
		if [ "$status" -eq "$want_status" ] && cmp -s "$got" "$dir/$name.plan"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAIL $case/$name (exit $status, want $want_status)"
			diff -u "$dir/$name.plan" "$got" | head -40
			sed 's/^/  stderr: /' "$scratch/err" | head -10
		fi
	done
done
echo "plans: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
