#!/usr/bin/env bash
# tests/fleet/run.sh — the fleet suite (part of `make test`): sextant deploying
# for real to the test fleet (ci/fleet: real sshd, dockerd, registry and
# kamal-proxy per host), then checking what is really on the servers —
# containers, names, labels, env files and their modes, the lock directory, the
# audit log, kamal-proxy's targets, what the proxy answers — not exit codes only.
#
#   1. tests/fleet/check-fleet.sh (the fleet's own self-checks, its own fleet)
#   2. a 3-host fleet of its own (prefix sxe, 10.79.x, state /tmp/sextant-fleet-e2e)
#   3. the scenarios of tests/fleet/scenarios/*.sh, in name order, sharing one
#      project directory: setup -> deploy v2 (lock, hooks, no failed request) ->
#      deploy v3 built locally with a worker role -> rollback -> a version that
#      never gets healthy -> exec/logs/details -> accessories with files and
#      directories -> Ctrl-C and failing hooks -> prune -> remove ->
#      destinations -> the air-gapped bastion
#   4. the fleet is torn down (always: trap)
#
# Ends with "N passed, N failed"; exits non-zero if anything failed.
# Run as root, after ci/bootstrap and ci/bootstrap-fleet.
#
#   FLEET_KEEP=1          leave the fleet up at the end (debugging)
#   E2E_SKIP_CHECK_FLEET=1  do not run check-fleet.sh first
#   E2E_ONLY="10 20"      run only the scenarios whose names start with these
#   E2E_FLEET_PREFIX / E2E_FLEET_NET / E2E_FLEET_STATE  another fleet identity
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FLEET=$REPO/ci/fleet
BUILD=${BUILD:-build}
SEXTANT=${SEXTANT:-$REPO/$BUILD/sextant}
# shellcheck disable=SC2034  # lib.sh's finish reads it
T0=$SECONDS

# shellcheck source=tests/fleet/lib.sh
. "$HERE/lib.sh"

if [[ $EUID -ne 0 ]]; then
	say "fleet suite: must run as root (the fleet needs namespaces); run ci/bootstrap-fleet first"
	say "0 passed, 1 failed"
	exit 1
fi
if [[ ! -x $SEXTANT ]]; then
	say "fleet suite: no sextant binary at $SEXTANT (make first)"
	say "0 passed, 1 failed"
	exit 1
fi
SEXTANT=$(cd "$(dirname "$SEXTANT")" && pwd)/$(basename "$SEXTANT")

# ------------------------------------------------------------------ 1. check-fleet
if [[ ${E2E_SKIP_CHECK_FLEET:-0} != 1 ]]; then
	say "== check-fleet.sh (the fleet's self-checks, on a fleet of its own)"
	t=$SECONDS
	cf_log=$(mktemp)
	env -u FLEET_PREFIX -u FLEET_NET -u FLEET_STATE -u FLEET_KEEP "$HERE/check-fleet.sh" >"$cf_log" 2>&1
	cf_rc=$?
	sed 's/^/  /' "$cf_log"
	line=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$cf_log" | tail -n 1)
	rm -f "$cf_log"
	if [[ -n $line ]]; then
		pass=$((pass + ${line%% passed*}))
		f=${line#*passed, }
		fail=$((fail + ${f%% failed*}))
	fi
	if [[ $cf_rc -ne 0 && ( -z $line || ${f%% failed*} -eq 0 ) ]]; then
		fail=$((fail + 1))
		say "FAIL  check-fleet.sh exited $cf_rc"
	fi
	say "      (check-fleet took $((SECONDS - t)) s)"
fi

# ------------------------------------------------------------------ 2. our fleet
# Never a developer's fleet (sxf, 10.77) nor check-fleet's (sxc, 10.78): an
# exported FLEET_* from `eval "$(ci/fleet env)"` is deliberately ignored.
export FLEET_PREFIX=${E2E_FLEET_PREFIX:-sxe} FLEET_NET=${E2E_FLEET_NET:-10.79}
export FLEET_STATE=${E2E_FLEET_STATE:-/tmp/sextant-fleet-e2e}
T=$(mktemp -d /tmp/sextant-e2e.XXXXXX)
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
	if [[ ${FLEET_KEEP:-0} == 1 ]]; then
		say "fleet left up (FLEET_KEEP=1): FLEET_PREFIX=$FLEET_PREFIX FLEET_NET=$FLEET_NET FLEET_STATE=$FLEET_STATE ci/fleet down; project in $T"
	else
		"$FLEET" down >/dev/null 2>&1 || true
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "== fleet: 3 app hosts (prefix $FLEET_PREFIX, $FLEET_NET.x)"
t=$SECONDS
if ! "$FLEET" up 3 >"$T/up.log" 2>&1; then
	fail=$((fail + 1))
	say "FAIL  ci/fleet up 3"
	tail -n 30 "$T/up.log" | indent
	finish
fi
say "      (up took $((SECONDS - t)) s)"
eval "$("$FLEET" env)"
# shellcheck disable=SC2034  # read by project.sh and the scenarios
A1=$FLEET_ADDR_APP1 A2=$FLEET_ADDR_APP2 A3=$FLEET_ADDR_APP3

# The deploying side: its own HOME (known_hosts for sextant's SSH, no ~/.kamal
# of the machine's), git identity for audit lines, and docker talking to the
# fleet's builder daemon (there is no buildx: sextant falls back to docker build).
export HOME=$T/home
mkdir -p "$HOME/.ssh" && cp "$FLEET_KNOWN_HOSTS" "$HOME/.ssh/known_hosts"
export GIT_CONFIG_GLOBAL=$T/gitconfig GIT_CONFIG_NOSYSTEM=1
git config --file "$GIT_CONFIG_GLOBAL" user.email e2e@sextant.test
git config --file "$GIT_CONFIG_GLOBAL" user.name "E2E Tester"
export DOCKER_HOST=$FLEET_DOCKER_HOST DOCKER_CONFIG=$FLEET_DOCKER_CONFIG
export NO_COLOR=1
export E2E_HOOKS=$T/hooks TMPDIR=$T/tmp
mkdir -p "$E2E_HOOKS" "$TMPDIR"
# shellcheck disable=SC2034
P=$T/app LOG=$T/out.log

# ------------------------------------------------------------------ 3. scenarios
# shellcheck source=tests/fleet/project.sh
. "$HERE/project.sh"
project_init
for sc in "$HERE"/scenarios/*.sh; do
	name=$(basename "$sc" .sh)
	if [[ -n ${E2E_ONLY:-} ]]; then
		want=0
		for o in $E2E_ONLY; do [[ $name == "$o"* ]] && want=1; done
		((want)) || continue
	fi
	say "== $name"
	t=$SECONDS
	# shellcheck source=/dev/null
	. "$sc"
	say "      ($name took $((SECONDS - t)) s)"
done

finish
