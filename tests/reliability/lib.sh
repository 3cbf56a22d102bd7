# tests/reliability/lib.sh — helpers for run.sh (sourced; bash).
# shellcheck disable=SC2034  # SX_* are read by the sourcing scripts
#
# Everything here acts on the suite's own fleet (REL_* settings in run.sh) and on
# processes this suite started, always by PID.

# ------------------------------------------------------------------ reporting
pass=0 fail=0
FIGURES=()
say() { printf '%s\n' "$*"; }
indent() { sed 's/^/      /' | head -n "${1:-30}"; }
ok() { pass=$((pass + 1)); say "PASS  $1"; }
bad() {	# bad "what" "why..." — the why is shown indented
	fail=$((fail + 1))
	say "FAIL  $1"
	shift
	[[ $# -gt 0 ]] && printf '%s\n' "$@" | indent 40
	return 0
}
expect() {	# expect "what" cond-cmd... — passes when the command exits 0
	local what=$1 o
	shift
	if o=$("$@" 2>&1); then ok "$what"; else bad "$what" "$o"; fi
}
figure() { FIGURES+=("$*"); say "      figure: $*"; }
section() { say ""; say "== $* (at $((SECONDS - T0)) s)"; }
# Secrets must not reach the test's own output either.
mask() { sed -e "s/$REG_PASS_RE/[REGISTRY-PASSWORD]/g" -e "s/$CANARY/[CANARY]/g"; }

# ------------------------------------------------------------------ time
now_ms() { date +%s%3N; }
secs_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }

# ------------------------------------------------------------------ fleet access
# hexec HOST 'shell text' — inside the host's namespaces, without SSH (works while
# its sshd is dead, stopped or distrusted).
hexec() { "$FLEET" exec "$1" sh -c "$2"; }
addr_of() { local v="FLEET_ADDR_${1^^}"; echo "${!v}"; }
served() { curl -s --max-time 3 "http://$(addr_of "$1")/version" 2>/dev/null; }
running_names() {	# the service's running containers on HOST, sorted, space-separated
	hexec "$1" "docker ps --filter label=service=$SERVICE --format '{{.Names}}'" 2>/dev/null | sort | tr '\n' ' ' | sed 's/ $//'
}
host_state() { printf '%s: serves "%s", running [%s]' "$1" "$(served "$1")" "$(running_names "$1")"; }
consistent() {	# consistent HOST [VERSION] — one app container runs, it is the one served
	local h=$1 want=${2:-} v names
	v=$(served "$h")
	names=$(running_names "$h")
	if [[ -z $v ]]; then echo "$h: nothing served on port 80 (running [$names])"; return 1; fi
	if [[ $names != "$SERVICE-web-$v" ]]; then
		echo "$h: serves $v but the running app containers are [$names] (want exactly $SERVICE-web-$v)"
		return 1
	fi
	if [[ -n $want && $v != "$want" ]]; then echo "$h: serves $v, want $want"; return 1; fi
	return 0
}
all_consistent() {	# all_consistent [VERSION] [HOST...]
	local want=${1:-} h r=0
	shift || true
	local hosts=("$@")
	((${#hosts[@]})) || hosts=("${HOSTS[@]}")
	for h in "${hosts[@]}"; do consistent "$h" "$want" || r=1; done
	return $r
}
lock_free() {
	if hexec "$PRIMARY" "test -e /root/.kamal/lock-$SERVICE" 2>/dev/null; then
		echo "the deploy lock /root/.kamal/lock-$SERVICE is still on $PRIMARY:"
		hexec "$PRIMARY" "cat /root/.kamal/lock-$SERVICE/details | base64 -d" 2>&1 | head -5
		return 1
	fi
	return 0
}

# ------------------------------------------------------------------ sextant
SX_N=0
SXLOG=""
SXPID=""
# sx LOGNAME args... — runs sextant in the project, output in $W/sx-<n>-LOGNAME.log
# (kept: every log is scanned for secrets at the end). Sets SX_RC, SXLOG, SX_SECS.
sx() {
	local name=$1 t0
	shift
	SX_N=$((SX_N + 1))
	SXLOG=$W/sx-$(printf %02d $SX_N)-$name.log
	t0=$(now_ms)
	(cd "$W/proj" && env -u SSH_AUTH_SOCK HOME="$W/home" "$SEXTANT" "$@") >"$SXLOG" 2>&1
	SX_RC=$?
	SX_SECS=$(secs_since "$t0")
	return 0
}
# sx_bg LOGNAME args... — the same in the background, as its own process group
# (what a terminal's Ctrl-C reaches). Sets SXPID, SXLOG, SX_T0.
sx_bg() {
	local name=$1
	shift
	SX_N=$((SX_N + 1))
	SXLOG=$W/sx-$(printf %02d $SX_N)-$name.log
	SX_T0=$(now_ms)
	(cd "$W/proj" && exec env -u SSH_AUTH_SOCK HOME="$W/home" setsid "$SEXTANT" "$@") >"$SXLOG" 2>&1 9>&- &
	SXPID=$!
	BG_PIDS+=("$SXPID")
}
# sx_wait SECONDS — waits for the background sextant; SX_RC = its status, 124 if still running.
sx_wait() {
	local limit=$1 t0
	t0=$(now_ms)
	while kill -0 "$SXPID" 2>/dev/null; do
		if (($(now_ms) - t0 > limit * 1000)); then SX_RC=124; return 0; fi
		sleep 0.1
	done
	wait "$SXPID"
	SX_RC=$?
	SX_SECS=$(secs_since "$SX_T0")
	return 0
}
sx_kill() {	# ends the background sextant for good (TERM, then KILL)
	kill -0 "$SXPID" 2>/dev/null || { wait "$SXPID" 2>/dev/null; return 0; }
	kill -TERM "$SXPID" 2>/dev/null
	sx_wait 10
	if [[ $SX_RC == 124 ]]; then kill -KILL "$SXPID" 2>/dev/null; sx_wait 5; fi
}
# wait_log REGEX SECONDS — until the running sextant's log matches (ERE).
wait_log() {
	local re=$1 limit=$2 t0
	t0=$(now_ms)
	until grep -qE -- "$re" "$SXLOG" 2>/dev/null; do
		(($(now_ms) - t0 > limit * 1000)) && return 1
		kill -0 "$SXPID" 2>/dev/null || { grep -qE -- "$re" "$SXLOG" 2>/dev/null; return; }
		sleep 0.05
	done
}
log_tail() { mask <"$SXLOG" | tail -n "${1:-15}"; }

# Brings the fleet back to "VERSION everywhere, lock free" after a fault left it
# elsewhere (only when needed; nothing is checked here).
restore() {
	local want=$1
	if ! lock_free >/dev/null; then sx restore-lock lock release; fi
	if ! all_consistent "$want" >/dev/null 2>&1; then
		sx restore deploy --skip-push --version "$want"
		if [[ $SX_RC != 0 ]]; then say "      (restore: deploy $want failed, exit $SX_RC)"; log_tail 8 | indent; fi
	fi
}

# ------------------------------------------------------------------ load (wrk)
LOAD_PIDS=()
LOAD_HOSTS=()
# load_start NAME HOST... — one wrk per host on /version through kamal-proxy.
load_start() {
	local name=$1 h
	shift
	LOAD_NAME=$name
	LOAD_PIDS=()
	LOAD_HOSTS=("$@")
	for h in "$@"; do
		WRK_DELAY_MS=$WRK_DELAY_MS wrk -t1 -c"$WRK_CONNS" -d3600s --timeout 5s -s "$HERE/count.lua" \
			"http://$(addr_of "$h")/version" >"$W/wrk-$name-$h.log" 2>&1 9>&- &
		LOAD_PIDS+=($!)
		BG_PIDS+=($!)
	done
	sleep 0.5
}
# load_stop — stops them (SIGINT: wrk prints its summary) and sets LOAD_REQS,
# LOAD_NON2XX, LOAD_SOCKERR (totals), LOAD_TEXT (per host) and LOAD_ERRTEXT.
load_stop() {
	local i h f req n2 se line
	LOAD_REQS=0 LOAD_NON2XX=0 LOAD_SOCKERR=0 LOAD_TEXT="" LOAD_ERRTEXT=""
	for i in "${!LOAD_PIDS[@]}"; do kill -INT "${LOAD_PIDS[$i]}" 2>/dev/null; done
	for i in "${!LOAD_PIDS[@]}"; do
		wait "${LOAD_PIDS[$i]}" 2>/dev/null
		h=${LOAD_HOSTS[$i]}
		f=$W/wrk-$LOAD_NAME-$h.log
		req=$(sed -nE 's/^ *([0-9]+) requests in .*/\1/p' "$f")
		n2=$(sed -nE 's/^ *Non-2xx or 3xx responses: *([0-9]+).*/\1/p' "$f")
		line=$(grep -E '^ *Socket errors:' "$f")
		se=$(echo "$line" | grep -oE '[0-9]+' | awk '{ s += $1 } END { print s + 0 }')
		[[ -n $req ]] || { req=0; LOAD_ERRTEXT+="$h: wrk printed no summary: $(tail -2 "$f" | tr '\n' ' '); "; se=$((se + 1)); }
		LOAD_REQS=$((LOAD_REQS + req))
		LOAD_NON2XX=$((LOAD_NON2XX + ${n2:-0}))
		LOAD_SOCKERR=$((LOAD_SOCKERR + se))
		LOAD_TEXT+="$h: $req requests, ${n2:-0} non-2xx, $se socket errors${line:+ (${line#"${line%%[![:space:]]*}"})}; $(grep -oE 'statuses=[^ ]* versions=[^ ]* maxlat_ms=[^ ]*' "$f"). "
	done
	LOAD_PIDS=()
}
load_zero() {	# load_zero "what" — the check: zero non-2xx and zero socket errors
	local what=$1
	if ((LOAD_REQS > 0 && LOAD_NON2XX == 0 && LOAD_SOCKERR == 0)); then
		ok "$what: $LOAD_REQS requests, 0 non-2xx, 0 socket errors"
	else
		bad "$what: $LOAD_REQS requests, $LOAD_NON2XX non-2xx, $LOAD_SOCKERR socket errors" "$LOAD_TEXT" "$LOAD_ERRTEXT"
	fi
	figure "$what: $LOAD_TEXT"
}
lock_says() {	# lock_says TEXT — the lock on the primary exists and its details contain TEXT
	local d
	d=$(hexec "$PRIMARY" "base64 -d /root/.kamal/lock-$SERVICE/details" 2>&1) || { echo "no lock: $d"; return 1; }
	[[ $d == *"$1"* ]] || { echo "lock details: $d"; return 1; }
}
