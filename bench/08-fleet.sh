#!/usr/bin/env bash
# At fleet scale, on the test fleet (ci/fleet, its own names and addresses so it
# never meets another fleet on this machine):
#   1. `sextant server exec 'true'` across 50 and 140 light hosts, direct, against
#      OpenSSH `ssh HOST true` for the same hosts in parallel (xargs -P 30; sextant
#      also starts at most 30 connections at once, sshkit.max_concurrent_starts).
#      The fleet allows at most 140 light hosts (its private /24 holds app hosts at
#      .11-.109 and light hosts at .111-.250), so the issue's 200 are measured as
#      200 connections: the 140 hosts, and 60 of them again as the user deploy.
#   2. `deploy --skip-push` of the fleet's pulled image (fleet/app v1, v2 in turn)
#      to its 3 app hosts: the first deploy (boots kamal-proxy) and the next ones.
#   3. The same server exec through one bastion (fleet switched to --air-gapped:
#      the hosts are reachable only through it), sextant with ssh.proxy against
#      `ssh -J root@bastion` in parallel. n/a while sextant cannot do ProxyJump.
# Wall time and client CPU (the process and every child it waited for: for
# OpenSSH that is xargs and all its ssh processes) by bench/runstat.py; sextant's
# peak RSS by GNU time (largest of 3 runs).
#
# As for the loopback benchmark, OpenSSH is measured with the key exchange sextant
# uses (curve25519-sha256) — the goal is judged on that — and, for information,
# with its default (sntrup761x25519-sha512, which costs much more CPU on both
# sides, and both sides share this machine's cores).
#
# BENCH_FLEET_RUNS (default 5; OpenSSH's default-kex runs: 3), BENCH_FLEET_KEEP=1
# leaves the fleet up, BENCH_FLEET_PREFIX/NET/STATE override the identity (else
# the first free of sxb/10.83, sxb2/10.87, sxb3/10.88, state /tmp/sextant-fleet-bench-PREFIX).
set -u
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$BENCH_DIR/.." && pwd)
FLEET=$ROOT/ci/fleet
S=$SEXTANT
n=${BENCH_FLEET_RUNS:-5}
LIGHT=140 SIZES="50 140 200"

# A fleet identity of our own, claimed as tests/fleet/run.sh claims its: a lock
# directory with our PID, and no other fleet's bridge on the addresses.
claimed=
claim() {	# claim PREFIX NET
	local d=/tmp/sextant-fleet-claim-$1 pid
	if ! mkdir "$d" 2>/dev/null; then
		pid=$(cat "$d/pid" 2>/dev/null)
		[[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && return 1
	fi
	echo $$ > "$d/pid"
	if ip -o addr show 2>/dev/null | awk -v n="$2." -v p="$1" \
		'$3 == "inet" && index($4, n) == 1 && $2 != p "pub" && $2 != p "prv" { f = 1 } END { exit !f }'; then
		rm -rf "$d"
		return 1
	fi
	claimed=$d
}
if [ -n "${BENCH_FLEET_PREFIX:-}" ]; then
	export FLEET_PREFIX=$BENCH_FLEET_PREFIX FLEET_NET=${BENCH_FLEET_NET:-10.83}
else
	for id in "sxb 10.83" "sxb2 10.87" "sxb3 10.88"; do
		read -r p net <<<"$id"
		claim "$p" "$net" && { export FLEET_PREFIX=$p FLEET_NET=$net; break; }
	done
fi
export FLEET_STATE=${BENCH_FLEET_STATE:-/tmp/sextant-fleet-bench-${FLEET_PREFIX:-none}}

na_all() {
	local s
	for s in $SIZES; do
		row "\`server exec true\`, $s hosts, direct" "$1" "—" "—" "≤ 0.8×, RSS < 64 MB" "n/a"
	done
	row "\`deploy --skip-push\`, 3 hosts" "$1" "—" "—" "record" "n/a"
	row "\`server exec true\`, $LIGHT hosts, one bastion" "$1" "—" "—" "≤ 0.6×" "n/a"
}
if [ "$(id -u)" != 0 ]; then na_all "needs root (ci/fleet)"; exit 0; fi
if [ ! -x "$FLEET" ]; then na_all "ci/fleet missing"; exit 0; fi
if [ -z "${FLEET_PREFIX:-}" ]; then na_all "every bench fleet identity is in use"; exit 0; fi

tmp=$(mktemp -d)
cleanup() {
	[ "${BENCH_FLEET_KEEP:-0}" = 1 ] || "$FLEET" down >/dev/null 2>&1
	[ -n "$claimed" ] && rm -rf "$claimed"
	rm -rf "$tmp"
}
trap cleanup EXIT
echo "bench: ci/fleet up 3 --light $LIGHT --direct ($FLEET_PREFIX, $FLEET_NET)" >&2
if ! "$FLEET" up 3 --light "$LIGHT" --direct > "$tmp/up.log" 2>&1; then
	tail -n 5 "$tmp/up.log" >&2
	na_all "ci/fleet up failed"
	exit 0
fi
eval "$("$FLEET" env)"

# The deploying side: its own HOME with the fleet's known_hosts (sextant reads
# ~/.ssh/known_hosts, as Kamal's net-ssh does) and no agent for either client.
export HOME=$tmp/home NO_COLOR=1
unset SSH_AUTH_SOCK
mkdir -p "$HOME/.ssh"
cp "$FLEET_KNOWN_HOSTS" "$HOME/.ssh/known_hosts"
read -ra LADDR <<<"$FLEET_LIGHT_ADDRS"
OSSH=(ssh -F "$FLEET_SSH_CONFIG" -o ControlMaster=no -o ControlPath=none)

# project DIR PROXY HOST... -> a Kamal project whose one role lists the hosts
project() {
	local d=$1 proxy=$2 h
	shift 2
	mkdir -p "$d/config" "$d/.kamal"
	{
		printf 'service: bench\nimage: bench/app\nservers:\n  web:\n'
		for h in "$@"; do printf '    - %s\n' "$h"; done
		printf 'registry:\n  server: %s\n  username: %s\n  password:\n    - REGISTRY_PASSWORD\n' \
			"$FLEET_REGISTRY" "$FLEET_REGISTRY_USER"
		printf 'ssh:\n  keys: [%s]\n  keys_only: true\n' "$FLEET_SSH_KEY"
		[ -n "$proxy" ] && printf '  proxy: %s\n' "$proxy"
		printf 'builder:\n  arch: amd64\n'
	} > "$d/config/deploy.yml"
	echo "REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD" > "$d/.kamal/secrets"
}

# exec_rows LABEL GOAL SEXTANT_PROJECT HOSTS_FILE SSH_EXTRA...
exec_rows() {
	local label=$1 goal=$2 proj=$3 hosts=$4 sm slo shi km klo khi om olo ohi r rss sc kc oc
	shift 4
	local extra=("$@")
	# A first run each, checked: every host must answer.
	if ! (cd "$proj" && "$S" server exec -q true) > "$tmp/first" 2>&1; then
		row "\`server exec true\`, $label" "n/a: $(grep -m1 -iE 'error|not |fail' "$tmp/first" | cut -c1-120)" "—" "—" "$goal" "n/a"
		return
	fi
	(cd "$proj" && python3 "$BENCH_DIR/runstat.py" "$n" "$S" server exec -q true) > "$tmp/s"
	xargs -P 30 -I{} "${OSSH[@]}" "${extra[@]}" -o KexAlgorithms=curve25519-sha256 {} true < "$hosts" ||
		{ row "\`server exec true\`, $label" "—" "ssh failed" "—" "$goal" "n/a"; return; }
	python3 "$BENCH_DIR/runstat.py" -i "$hosts" "$n" xargs -P 30 -I{} "${OSSH[@]}" "${extra[@]}" \
		-o KexAlgorithms=curve25519-sha256 {} true > "$tmp/k"
	python3 "$BENCH_DIR/runstat.py" -i "$hosts" 3 xargs -P 30 -I{} "${OSSH[@]}" "${extra[@]}" {} true > "$tmp/o"
	for f in s k o; do
		awk '{ print $1 / 1000 }' "$tmp/$f" > "$tmp/$f.w"
		awk '{ print $2 / 1000 }' "$tmp/$f" > "$tmp/$f.c"
	done
	read -r sm slo shi < <(stats "$tmp/s.w")
	read -r km klo khi < <(stats "$tmp/k.w")
	read -r om olo ohi < <(stats "$tmp/o.w")
	sc=$(stats "$tmp/s.c" | cut -d' ' -f1)
	kc=$(stats "$tmp/k.c" | cut -d' ' -f1)
	oc=$(stats "$tmp/o.c" | cut -d' ' -f1)
	rss=$(cd "$proj" && rss_max_kb 3 "$S" server exec -q true)
	r=$(ratio "$sm" "$km")
	row "\`server exec true\`, $label (wall s; client CPU s; peak RSS)" \
		"$(fmt3 "$sm" "$slo" "$shi"); CPU $(num "$sc"); RSS $((rss / 1024)) MiB" \
		"ssh -P 30, same kex (curve25519-sha256): $(fmt3 "$km" "$klo" "$khi"); CPU $(num "$kc")" \
		"${r}×" "$goal" "$(verdict "$r" le "${goal_num}")$( ((rss < 65536)) || echo ", RSS fail")"
	r=$(ratio "$sm" "$om")
	row "\`server exec true\`, $label (wall s; client CPU s)" \
		"$(fmt3 "$sm" "$slo" "$shi"); CPU $(num "$sc")" \
		"ssh -P 30, its default kex: $(fmt3 "$om" "$olo" "$ohi"); CPU $(num "$oc")" "${r}×" "(${goal%%,*})" "info"
}

# ---- 1. server exec, direct
for size in $SIZES; do
	hl=("${LADDR[@]:0:$size}") label="$size hosts, direct"
	if ((size > LIGHT)); then
		# More sessions than the fleet has hosts: the first ones again as the
		# other login user, deploy — separate connections and logins for both clients.
		for ((i = 0; i < size - LIGHT; i++)); do hl+=("deploy@${LADDR[i]}"); done
		label="$size connections ($LIGHT hosts + $((size - LIGHT)) again as deploy@), direct"
	fi
	project "$tmp/p$size" "" "${hl[@]}"
	printf '%s\n' "${hl[@]}" > "$tmp/hosts$size"
	goal_num=0.8 exec_rows "$label" "≤ 0.8×, RSS < 64 MB" "$tmp/p$size" "$tmp/hosts$size"
done

# ---- 1b. where the time goes (140 hosts): Kamal's `server exec` runs TWO commands
# per host (the audit line `mkdir -p .kamal && echo ... >> .kamal/SERVICE-audit.log`,
# then the command), the reference one. Both sides saturate the 2 cores, so wall
# time follows the machine's total CPU (client + every sshd and shell it starts).
busy_cpu() {	# CMD... -> "wall_s busy_cpu_s" of the whole machine for one run
	local a b t0 t1
	read -r _ a1 a2 a3 _ _ a6 a7 a8 _ < /proc/stat
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1
	t1=$(date +%s%N)
	read -r _ b1 b2 b3 _ _ b6 a7b b8 _ < /proc/stat
	a=$((a1 + a2 + a3 + a6 + a7 + a8)); b=$((b1 + b2 + b3 + b6 + a7b + b8))
	awk -v w=$((t1 - t0)) -v c=$((b - a)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f %.2f\n", w / 1e9, c / hz }'
}
hl=("${LADDR[@]:0:$LIGHT}")
: > "$tmp/bs"; : > "$tmp/bk"; : > "$tmp/bx"
for ((i = 0; i < n; i++)); do
	(cd "$tmp/p$LIGHT" && busy_cpu "$S" server exec -q true) >> "$tmp/bs"
	busy_cpu xargs -P 30 -I{} "${OSSH[@]}" -o KexAlgorithms=curve25519-sha256 {} true < "$tmp/hosts$LIGHT" >> "$tmp/bk"
	busy_cpu xargs -P 30 -I{} "$S" ssh -i "$FLEET_SSH_KEY" {} true < "$tmp/hosts$LIGHT" >> "$tmp/bx"
done
for f in bs bk bx; do cut -d' ' -f1 "$tmp/$f" > "$tmp/$f.w"; cut -d' ' -f2 "$tmp/$f" > "$tmp/$f.c"; done
read -r sm slo shi < <(stats "$tmp/bs.w"); sc=$(stats "$tmp/bs.c" | cut -d' ' -f1)
read -r km klo khi < <(stats "$tmp/bk.w"); kc=$(stats "$tmp/bk.c" | cut -d' ' -f1)
read -r xm xlo xhi < <(stats "$tmp/bx.w"); xc=$(stats "$tmp/bx.c" | cut -d' ' -f1)
row "$LIGHT hosts, machine CPU (client + servers): \`server exec true\` (2 commands per host, as Kamal) (wall s; busy CPU s)" \
	"$(fmt3 "$sm" "$slo" "$shi"); machine CPU $(num "$sc") s" \
	"ssh -P 30, same kex, 1 command per host: $(fmt3 "$km" "$klo" "$khi"); machine CPU $(num "$kc") s" \
	"$(ratio "$sm" "$km")×" "(≤ 0.8×)" "info"
row "$LIGHT hosts, one command per connection: \`sextant ssh HOST true\` through xargs -P 30 (wall s; busy CPU s)" \
	"$(fmt3 "$xm" "$xlo" "$xhi"); machine CPU $(num "$xc") s" \
	"ssh -P 30, same kex: $(fmt3 "$km" "$klo" "$khi"); machine CPU $(num "$kc") s" \
	"$(ratio "$xm" "$km")×" "(≤ 0.8×)" "info"

# ---- 2. deploy --skip-push to the 3 app hosts
project "$tmp/deploy" "" $FLEET_HOST_ADDRS
sed -i 's|^service: bench|service: fleet-app|; s|^image: bench/app|image: fleet/app|' "$tmp/deploy/config/deploy.yml"
printf 'proxy:\n  app_port: 80\n' >> "$tmp/deploy/config/deploy.yml"
deploy() { (cd "$tmp/deploy" && python3 "$BENCH_DIR/runstat.py" 1 "$S" deploy -q --skip-push --version "$1"); }
if deploy v1 > "$tmp/d0"; then
	: > "$tmp/dw"
	for v in v2 v1 v2 v1 v2; do deploy "$v" >> "$tmp/dw"; done
	cold=$(awk '{ printf "%.2f", $1 / 1000 }' "$tmp/d0")
	awk '{ print $1 / 1000 }' "$tmp/dw" > "$tmp/dw.s"
	read -r m lo hi < <(stats "$tmp/dw.s")
	rss=$(cd "$tmp/deploy" && rss_kb "$S" deploy -q --skip-push --version v1)
	row "\`deploy --skip-push\`, 3 hosts, next versions (s)" "$(fmt3 "$m" "$lo" "$hi") ($(wc -l < "$tmp/dw") runs); peak RSS $((rss / 1024)) MiB" "—" "—" "record" "recorded"
	row "\`deploy --skip-push\`, 3 hosts, first (boots kamal-proxy, pulls) (s)" "$cold" "—" "—" "record" "recorded"
else
	(cd "$tmp/deploy" && "$S" deploy --skip-push --version v1 2>&1 | tail -n 5) >&2
	row "\`deploy --skip-push\`, 3 hosts" "deploy failed (see the log)" "—" "—" "record" "n/a"
fi

# ---- 3. through one bastion
if "$FLEET" up 3 --light "$LIGHT" --air-gapped > "$tmp/up2.log" 2>&1; then
	eval "$("$FLEET" env)"
	project "$tmp/pb" "root@$FLEET_BASTION" "${LADDR[@]:0:$LIGHT}"
	printf '%s\n' "${LADDR[@]:0:$LIGHT}" > "$tmp/hostsb"
	if (cd "$tmp/pb" && "$S" server exec -q true) > "$tmp/first" 2>&1; then
		goal_num=0.6 exec_rows "$LIGHT hosts, one bastion" "≤ 0.6×" "$tmp/pb" "$tmp/hostsb" -J "root@$FLEET_BASTION"
	else
		# Without ProxyJump, sextant ignores ssh.proxy and tries the hosts directly,
		# which an air-gapped fleet does not route.
		why=$(grep -m1 -oE 'ssh: connect to host [^ ]+ port [0-9]+: .*' "$tmp/first" | cut -c1-100)
		if [ -n "$why" ]; then
			row "\`server exec true\`, $LIGHT hosts, one bastion" "n/a: ProxyJump not implemented (ssh.proxy ignored, direct connection failed: $why)" "—" "—" "≤ 0.6×" "n/a"
		else
			why=$(grep -m1 -iE 'error|fail' "$tmp/first" | cut -c1-120)
			row "\`server exec true\`, $LIGHT hosts, one bastion" "failed: ${why:-see the log}" "—" "—" "≤ 0.6×" "fail"
		fi
	fi
else
	row "\`server exec true\`, $LIGHT hosts, one bastion" "ci/fleet up --air-gapped failed" "—" "—" "≤ 0.6×" "n/a"
fi
