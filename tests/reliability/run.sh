#!/usr/bin/env bash
# tests/reliability/run.sh — issue 10: zero downtime under load, injected faults and
# security properties of real deploys, with figures.
#
# Brings up a fleet of its own (3 app hosts; prefix sxr, addresses 10.91.x, state
# /tmp/sxrel-fleet — other fleets are left alone), deploys the fleet app with sextant
# (over its own SSH client) while wrk drives traffic through kamal-proxy, injects
# faults, and always tears the fleet down. Prints PASS/FAIL per check, a block of
# figures, and ends with "N passed, N failed"; exits non-zero if anything failed.
# Run as root (the fleet needs namespaces).
#
# Settings (environment):
#   SEXTANT           the binary (default build/sextant; make test sets it)
#   REL_DEPLOYS       consecutive deploys under load (default 4 in CI; the issue's
#                     figure is 10: REL_DEPLOYS=10)
#   REL_HANG_BOUND    seconds a deploy may take to give up on a host that stopped
#                     answering (default 150: Kamal's 30 s keepalive, 3 unanswered, + slack)
#   REL_SECTIONS      subset of "load faults hang signals security hostkey" (default all)
#   REL_KEEP=1        leave the fleet and the work dir for debugging
#   REL_REUSE=1       use the suite's fleet if it is already up (after REL_KEEP=1)
#   REL_FLEET_PREFIX, REL_FLEET_NET, REL_FLEET_STATE   the fleet's names; default: the first
#                     of sxr/10.91, sxs/10.92, sxt/10.93, sxu/10.94 that no other run of
#                     this suite holds (flock /tmp/sxrel-<prefix>.lock for the whole run:
#                     `make test` started by someone else meanwhile gets its own fleet)
#   WRK_CONNS, WRK_DELAY_MS   load per host: connections, pause between requests (2, 10 ms)
set -uo pipefail
# shellcheck disable=SC2034  # variables used by the sourced section files

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FLEET=$REPO/ci/fleet
# Never FLEET_* from the caller's environment: `eval "$(ci/fleet env)"` exports the
# developer's fleet, and this suite tears its fleet down. The fleet is chosen below.
unset FLEET_PREFIX FLEET_NET FLEET_STATE
SEXTANT=${SEXTANT:-$REPO/build/sextant}
[[ $SEXTANT == /* ]] || SEXTANT=$REPO/$SEXTANT
REL_DEPLOYS=${REL_DEPLOYS:-4}
REL_HANG_BOUND=${REL_HANG_BOUND:-150}
REL_SECTIONS=${REL_SECTIONS:-load faults hang signals security hostkey}
WRK_CONNS=${WRK_CONNS:-2}
WRK_DELAY_MS=${WRK_DELAY_MS:-10}
SERVICE=fleet-app
T0=$SECONDS
BG_PIDS=()
CLEANUPS=()

# shellcheck source=tests/reliability/lib.sh
. "$HERE/lib.sh"

finish() {
	section "figures"
	printf '  %s\n' "${FIGURES[@]}"
	say "reliability suite took $((SECONDS - T0)) s"
	say "$pass passed, $fail failed"
	((fail == 0))
	exit
}
want() { [[ " $REL_SECTIONS " == *" $1 "* ]]; }

FLEET_PICKED=0
cleanup() {
	local p c
	for c in "${CLEANUPS[@]}"; do eval "$c" >/dev/null 2>&1; done
	for p in "${BG_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
	# only the fleet this run picked and locked (never ci/fleet's default one)
	((FLEET_PICKED)) || return 0
	if [[ ${REL_KEEP:-0} != 1 ]]; then
		"$FLEET" down >/dev/null 2>&1
		[[ -n ${W:-} && -d $W ]] && rm -rf "$W"
	else
		say "kept: fleet $FLEET_STATE (ci/fleet with FLEET_PREFIX=$FLEET_PREFIX FLEET_NET=$FLEET_NET FLEET_STATE=$FLEET_STATE), work dir ${W:-}"
	fi
	ip route del unreachable "$FLEET_NET.0.0/16" metric 4242 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $EUID -ne 0 ]]; then
	say "reliability: must run as root (the fleet needs namespaces); run ci/bootstrap-fleet first"
	say "0 passed, 1 failed"
	exit 1
fi
if [[ ! -x $SEXTANT ]]; then
	say "reliability: no sextant binary at $SEXTANT (make, or set SEXTANT)"
	say "0 passed, 1 failed"
	exit 1
fi
if ! command -v wrk >/dev/null; then
	say "reliability: installing wrk (Debian package)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 ||
		{ say "reliability: wrk is missing and apt-get install wrk failed"; say "0 passed, 1 failed"; exit 1; }
fi

# One fleet per run: a concurrent run (another `make test`) must neither tear this
# fleet down nor deploy to it. The lock is fd 9 (ci/fleet re-opens fd 9 for its own
# lock and starts its daemons with 9<&-, so they do not inherit ours).
pick_fleet() {
	local cand p n
	if [[ -n ${REL_FLEET_PREFIX:-} ]]; then
		cand="$REL_FLEET_PREFIX/${REL_FLEET_NET:-10.91}"
	else
		cand="sxr/10.91 sxs/10.92 sxt/10.93 sxu/10.94"
	fi
	for c in $cand; do
		p=${c%/*} n=${c#*/}
		exec 9>>"/tmp/sxrel-$p.lock"
		if flock -n 9; then
			# a fleet of someone else's on that network (not this suite's): skip it
			if [[ -z ${REL_FLEET_PREFIX:-} ]] && ip -br addr 2>/dev/null | grep -v "^${p}p" | grep -q " $n\.[01]\."; then
				exec 9>&-
				continue
			fi
			export FLEET_PREFIX=$p FLEET_NET=$n FLEET_STATE=${REL_FLEET_STATE:-/tmp/sxrel-fleet-$p}
			FLEET_PICKED=1
			return 0
		fi
		exec 9>&-
	done
	return 1
}
if ! pick_fleet; then
	say "reliability: every fleet identity ($([[ -n ${REL_FLEET_PREFIX:-} ]] && echo "$REL_FLEET_PREFIX" || echo "sxr..sxu")) is held by another run of this suite"
	say "0 passed, 1 failed"
	exit 1
fi
# While this run lasts no packet for the fleet's addresses may leave through a real
# interface, even if its fleet vanished (ci/fleet's own unreachable route goes with
# `down`): a route of our own, less preferred than the fleet's bridges.
ip route add unreachable "$FLEET_NET.0.0/16" metric 4242 2>/dev/null

W=$(mktemp -d /tmp/sxrel-work.XXXXXX)

# ------------------------------------------------------------------ fleet
section "fleet"
[[ ${REL_REUSE:-0} == 1 ]] || "$FLEET" down >/dev/null 2>&1
t=$SECONDS
if "$FLEET" up 3 >"$W/fleet-up.log" 2>&1; then
	ok "ci/fleet up 3 (own fleet $FLEET_PREFIX, $FLEET_NET.x) in $((SECONDS - t)) s"
else
	bad "ci/fleet up 3" "$(tail -n 20 "$W/fleet-up.log")"
	finish
fi
eval "$("$FLEET" env)"
HOSTS=(app1 app2 app3)
PRIMARY=app1
REG_PASS_RE=$(printf '%s' "$FLEET_REGISTRY_PASSWORD" | sed 's/[.[\*^$/]/\\&/g')
CANARY=sxrel-canary-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')

# A home of its own: known_hosts for the three hosts (by address, as deploy.yml
# names them), nothing from the caller's ~/.ssh.
mkdir -p "$W/home/.ssh" "$W/proj/config" "$W/proj/.kamal/hooks"
chmod 700 "$W/home/.ssh"
for h in "${HOSTS[@]}"; do
	grep "^$h," "$FLEET_KNOWN_HOSTS" | awk '{ n = split($1, a, ","); print a[n], $2, $3 }'
done >"$W/home/.ssh/known_hosts"
# ...and an ssh_config naming every file (deploy.yml's ssh.config points here, so
# nothing depends on how ~ is expanded): StrictHostKeyChecking yes, so a file other
# than this known_hosts can never be written (the caller's ~/.ssh stays untouched).
cat >"$W/home/.ssh/config" <<EOF
Host *
  IdentityFile $FLEET_SSH_KEY
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $W/home/.ssh/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  HashKnownHosts no
EOF

write_config() {	# write_config FILE [extra yaml lines]
	local f=$1
	shift
	{
		cat <<EOF
service: $SERVICE
image: fleet/app
servers:
  web:
    - $FLEET_ADDR_APP1
    - $FLEET_ADDR_APP2
    - $FLEET_ADDR_APP3
registry:
  server: $FLEET_REGISTRY
  username: $FLEET_REGISTRY_USER
  password:
    - REGISTRY_PASSWORD
proxy:
  app_port: 80
env:
  clear:
    # the app listens only after this: a new version takes ~2 s to become
    # healthy, the window the fault checks strike in
    APP_BOOT_DELAY_MS: 2000
  secret:
    - APP_CANARY
ssh:
  keys: [$FLEET_SSH_KEY]
  config: $W/home/.ssh/config
deploy_timeout: 10
builder:
  arch: amd64
EOF
		printf '%s\n' "$@"
	} >"$W/proj/$f"
}
write_config config/deploy.yml
write_config config/deploy-boot.yml "boot:" "  limit: 1" "  wait: 2"
write_secrets() {
	printf 'REGISTRY_PASSWORD=%s\nAPP_CANARY=%s\n' "$FLEET_REGISTRY_PASSWORD" "$CANARY" >"$W/proj/.kamal/secrets"
}
write_secrets
# A git repository, as a real project is (the lock message and version of commands
# without --version come from git, as in Kamal).
printf '.kamal/secrets\n' >"$W/proj/.gitignore"
if ! { git -C "$W/proj" init -q && git -C "$W/proj" config user.name "sxrel" &&
	git -C "$W/proj" config user.email "sxrel@example.invalid" &&
	git -C "$W/proj" add -A && git -C "$W/proj" commit -q -m "fleet app config"; }; then
	bad "git init of the project"
	finish
fi
A1=$FLEET_ADDR_APP1 A2=$FLEET_ADDR_APP2 A3=$FLEET_ADDR_APP3

# ------------------------------------------------------------------ first deploy
section "first deploy"
sx first deploy --skip-push --version v1
if [[ $SX_RC == 0 ]] && o=$(all_consistent v1); then
	ok "deploy v1 to 3 fresh hosts in $SX_SECS s; every host serves v1 through kamal-proxy"
	figure "first deploy (3 hosts, proxy boot included): $SX_SECS s"
else
	bad "deploy v1 to 3 fresh hosts (exit $SX_RC)" "${o:-}" "$(log_tail 20)"
	finish
fi
CUR=v1
other() { [[ $1 == v1 ]] && echo v2 || echo v1; }

# shellcheck source=tests/reliability/load.sh
. "$HERE/load.sh"
# shellcheck source=tests/reliability/faults.sh
. "$HERE/faults.sh"
# shellcheck source=tests/reliability/signals.sh
. "$HERE/signals.sh"
# shellcheck source=tests/reliability/security.sh
. "$HERE/security.sh"

# The fleet must still be the one this run built (bridges, state, host keys).
fleet_alive() {
	local h
	ip link show "${FLEET_PREFIX}prv" >/dev/null 2>&1 && [[ -f $FLEET_STATE/config ]] || return 1
	for h in "${HOSTS[@]}"; do hexec "$h" true >/dev/null 2>&1 || return 1; done
}
for s in load faults hang signals security hostkey; do
	want "$s" || continue
	if ! fleet_alive; then
		bad "the fleet $FLEET_PREFIX ($FLEET_NET.x) vanished before section '$s' (something ran ci/fleet down/up with FLEET_PREFIX=$FLEET_PREFIX?)"
		finish
	fi
	"section_$s"
done

# Every sextant output of the run (text, -v, --json, failures) — no secret.
section "secrets in every output of this run"
leaks=$(grep -l -F -e "$FLEET_REGISTRY_PASSWORD" -e "$CANARY" "$W"/sx-*.log 2>/dev/null)
if [[ -z $leaks ]]; then
	ok "no secret (registry password, env secret) in any of the $(find "$W" -maxdepth 1 -name 'sx-*.log' | wc -l) sextant outputs of this run"
else
	bad "secrets found in sextant output" "$(for f in $leaks; do echo "$(basename "$f"):"; grep -n -F -e "$FLEET_REGISTRY_PASSWORD" -e "$CANARY" "$f" | mask | head -3; done)"
fi
finish
