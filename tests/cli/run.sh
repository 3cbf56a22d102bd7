#!/usr/bin/env bash
# CLI checks on the built binary: static linking, the command tree, Thor conventions,
# usage errors and their exit codes, the `kamal` drop-in name.
set -u
cd "$(dirname "$0")/../.."
S=${SEXTANT:-$PWD/build/sextant}
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect RC "description" cmd...  — runs cmd, stores stdout/stderr in $out/$err
expect() {
	local want=$1 desc=$2; shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
	out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
	if [ "$rc" -eq "$want" ]; then ok; else bad "$desc: exit $rc, wanted $want; stderr: $err"; fi
}
has() { # has "desc" haystack needle
	if [[ "$2" == *"$3"* ]]; then ok; else bad "$1: missing '$3' in: $2"; fi
}

# The binary itself
if file "$S" | grep -q 'statically linked'; then ok; else bad "not statically linked: $(file "$S")"; fi
if readelf -l "$S" | grep -q INTERP; then bad "has PT_INTERP"; else ok; fi
if readelf -S "$S" | grep -q '\.symtab'; then bad "not stripped"; else ok; fi

expect 0 "version" "$S" version; has "version" "$out" "sextant 0.1.0 (kamal 2.12.0 compatible)"
ln -s "$S" "$tmp/kamal"
expect 0 "kamal version" "$tmp/kamal" version; [ "$out" = "2.12.0" ] && ok || bad "kamal version printed '$out'"
expect 0 "help" "$S" help; has "help lists deploy" "$out" "sextant deploy"
expect 0 "kamal help" "$tmp/kamal" help; has "help uses invoked name" "$out" "kamal deploy"
expect 0 "no args" "$S"; has "no args shows commands" "$out" "Commands:"
expect 0 "help app" "$S" help app; has "help app" "$out" "app stale-containers"
expect 0 "app alone" "$S" app; has "group help" "$out" "sextant app boot"
expect 0 "help app boot" "$S" app help boot; has "sub help" "$out" "Usage:"
expect 0 "--help on command" "$S" deploy --help; has "deploy --help" "$out" "--skip-push"

# Every command of Kamal 2.12's tree is registered (spec/kamal.md §3.2-3.3).
for c in setup deploy redeploy "rollback 1" details audit config docs init remove upgrade version \
	"accessory boot x" "accessory reboot x" "accessory start x" "accessory stop x" "accessory restart x" \
	"accessory details x" "accessory exec" "accessory logs x" "accessory remove x" "accessory upgrade x" \
	"app boot" "app start" "app stop" "app details" "app exec" "app containers" "app stale_containers" \
	"app images" "app logs" "app remove" "app live" "app maintenance" "app version" \
	"build deliver" "build push" "build pull" "build create" "build remove" "build details" "build dev" \
	"lock status" "lock release" "proxy boot" "proxy reboot" "proxy start" "proxy stop" "proxy restart" \
	"proxy details" "proxy logs" "proxy remove" "prune all" "prune images" "prune containers" \
	"registry setup" "registry remove" "registry login" "registry logout" "secrets print" \
	"server exec" "server bootstrap"; do
	# shellcheck disable=SC2086
	"$S" $c --help >"$tmp/out" 2>&1 && grep -q '^Usage:' "$tmp/out" && ok || bad "command '$c' not registered"
done

# Thor conventions
expect 0 "dash/underscore command" "$S" app stale-containers --help
expect 0 "underscore option" "$S" deploy --skip_push --help
expect 1 "unknown command" "$S" delpoy; has "unknown command message" "$err" 'Could not find command "delpoy".'
has "closest command" "$err" 'Did you mean?  "deploy"'
expect 1 "unknown subcommand" "$S" app bot; has "unknown sub" "$err" 'Could not find command "bot" in "app" namespace.'
has "closest sub" "$err" '"boot"'
expect 1 "unknown option" "$S" deploy --skip-pus; has "unknown option" "$err" 'Unknown switches "--skip-pus"'
has "closest option" "$err" '"--skip-push"'
expect 1 "missing argument" "$S" rollback; has "arity" "$err" 'was called with no arguments'
expect 1 "too many arguments" "$S" version extra; has "arity 2" "$err" 'was called with arguments ["extra"]'
expect 1 "required option" "$S" lock acquire; has "required" "$err" "No value provided for required options '--message'"
expect 1 "numeric option" "$S" deploy --lock-wait-timeout abc; has "numeric" "$err" "Expected numeric value for '--lock-wait-timeout'"
expect 1 "missing value" "$S" deploy -d; has "missing value" "$err" "No value provided for option '--destination'"

# Every command of the table has a handler: none may answer "not implemented".
if "$S" help 2>&1 | grep -q 'not implemented'; then bad "help mentions unimplemented commands"; else ok; fi
for g in accessory app build lock proxy prune registry secrets server; do
	"$S" help "$g" >"$tmp/out" 2>&1
	for sub in $(sed -n "s/^  sextant $g \([a-z_-]*\).*/\1/p" "$tmp/out" | grep -v '^help$'); do
		if "$S" "$g" "$sub" --help 2>&1 | grep -q 'not implemented yet'; then bad "$g $sub is not implemented"; else ok; fi
	done
done

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
