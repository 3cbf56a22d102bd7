#!/usr/bin/env bash
# tests/fleet/run.sh — the fleet suite (part of `make test`): sextant deploying
# for real to the test fleet (ci/fleet: real sshd, dockerd, registry and
# kamal-proxy per host), then checking what is really on the servers —
# containers, names, labels, env files and their modes, the lock directory, the
# audit log, kamal-proxy's targets, what the proxy answers — not exit codes only.
#
#   1. tests/fleet/check-fleet.sh (the fleet's own self-checks, its own fleet)
#   2. a 3-host fleet of its own (prefix sxe, 10.79.x, state /tmp/sextant-fleet-e2e-sxe;
#      sxe2/10.93, sxe3/10.94, sxe4/10.95 when another run of this suite holds it or
#      another fleet uses the prefix or the addresses)
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

# Fleet identities are claimed with a lock directory holding this run's PID (no
# fd for the fleet's daemons to inherit), so that two runs of this suite at
# once (two people's `make test` on one machine) never share a fleet.
claims=()
claim() {	# claim PREFIX — 0 when this run now owns that fleet identity
	local d=/tmp/sextant-fleet-claim-$1 pid
	if mkdir "$d" 2>/dev/null; then
		echo $$ >"$d/pid"
		claims+=("$d")
		return 0
	fi
	pid=$(cat "$d/pid" 2>/dev/null)
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		return 1	# another run is using it
	fi
	echo $$ >"$d/pid"	# a run that died: take it over
	claims+=("$d")
	return 0
}
# Are NET's addresses (two octets) on bridges of another fleet (another
# engineer's, a benchmark's)? A fleet of our own PREFIX left by an earlier run
# is ours to replace.
in_use() {
	ip -o addr show 2>/dev/null | awk -v n="$2." -v p="$1" \
		'$3 == "inet" && index($4, n) == 1 && $2 != p "pub" && $2 != p "prv" { f = 1 } END { exit !f }'
}
pick() {	# pick "PREFIX NET"... — sets pfx/net to the first identity claimed
	local id
	for id in "$@"; do
		read -r pfx net <<<"$id"
		claim "$pfx" || continue
		if in_use "$pfx" "$net"; then
			rm -rf "${claims[-1]}"
			unset 'claims[-1]'
			continue
		fi
		return 0
	done
	return 1
}
release_claims() {
	local d
	for d in "${claims[@]}"; do rm -rf "$d"; done
	claims=()
}

# ------------------------------------------------------------------ 1. check-fleet
if [[ ${E2E_SKIP_CHECK_FLEET:-0} != 1 ]]; then
	say "== check-fleet.sh (the fleet's self-checks, on a fleet of its own)"
	t=$SECONDS
	cf_log=$(mktemp)
	trap 'release_claims' EXIT
	if pick "sxc 10.78" "sxc2 10.96" "sxc3 10.97"; then
		# (a second run of this suite takes another identity; check-fleet honours these)
		FLEET_PREFIX=$pfx FLEET_NET=$net FLEET_STATE=/tmp/sextant-fleet-check-$pfx \
			env -u FLEET_KEEP "$HERE/check-fleet.sh" >"$cf_log" 2>&1
		cf_rc=$?
	else
		echo "every check-fleet identity is in use by other runs" >"$cf_log"
		cf_rc=1
	fi
	release_claims
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
# exported FLEET_* from `eval "$(ci/fleet env)"` is deliberately ignored. The
# first identity of the list no other run holds, from fresh hosts (down, up).
if [[ -n ${E2E_FLEET_PREFIX:-} ]]; then
	ids=("$E2E_FLEET_PREFIX ${E2E_FLEET_NET:-10.79}")
else
	ids=("sxe 10.79" "sxe2 10.93" "sxe3 10.94" "sxe4 10.95")
fi
if ! pick "${ids[@]}"; then
	say "FAIL  every fleet identity of this suite is in use by other runs: ${ids[*]}"
	say "$pass passed, $((fail + 1)) failed"
	exit 1
fi
export FLEET_PREFIX=$pfx FLEET_NET=$net
export FLEET_STATE=${E2E_FLEET_STATE:-/tmp/sextant-fleet-e2e-$pfx}
T=$(mktemp -d /tmp/sextant-e2e.XXXXXX)
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
	if [[ ${FLEET_KEEP:-0} == 1 ]]; then
		say "fleet left up (FLEET_KEEP=1): FLEET_PREFIX=$FLEET_PREFIX FLEET_NET=$FLEET_NET FLEET_STATE=$FLEET_STATE ci/fleet down; project in $T"
	else
		"$FLEET" down >/dev/null 2>&1 || true
		rm -rf "$T"
	fi
	release_claims
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$FLEET" down >/dev/null 2>&1 || true	# fresh hosts, whatever a kept fleet left

say "== fleet: 3 app hosts (prefix $FLEET_PREFIX, $FLEET_NET.x, state $FLEET_STATE)"
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
