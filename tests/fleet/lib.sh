# tests/fleet/lib.sh — helpers for the fleet scenarios (sourced by run.sh).
# shellcheck shell=bash
#
# Every check prints "PASS  what" or "FAIL  what" (with the evidence indented)
# and is counted; `finish` prints "N passed, N failed". Server state is read
# with OpenSSH through the fleet's own ssh_config (not with sextant), so a bug
# in sextant's SSH cannot hide a bug in what it did.

pass=0 fail=0 skipped=0 out=""

say() { printf '%s\n' "$*"; }
indent() { sed 's/^/      /' | head -n "${INDENT_LINES:-30}"; }

# check "what" cmd... — passes when cmd exits 0
check() {
	local what=$1
	shift
	if out=$("$@" 2>&1); then
		pass=$((pass + 1))
		say "PASS  $what"
	else
		fail=$((fail + 1))
		say "FAIL  $what"
		printf '%s\n' "$out" | indent
	fi
}

# check_not "what" cmd... — passes when cmd fails
check_not() {
	local what=$1
	shift
	if out=$("$@" 2>&1); then
		fail=$((fail + 1))
		say "FAIL  $what (it succeeded)"
		printf '%s\n' "$out" | indent
	else
		pass=$((pass + 1))
		say "PASS  $what"
	fi
}

# check_eq "what" expected cmd... — passes when cmd's stdout (stripped) is expected
check_eq() {
	local what=$1 want=$2 got
	shift 2
	got=$("$@" 2>&1)
	got=$(printf '%s' "$got" | sed -e 's/[[:space:]]*$//')
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		say "PASS  $what"
	else
		fail=$((fail + 1))
		say "FAIL  $what"
		printf 'wanted: %s\ngot:    %s\n' "$want" "$got" | indent
	fi
}

# check_log "what" file pattern... — the file (a command's output) has every
# fixed string; shows the file's tail when not
check_log() {
	local what=$1 file=$2 p missing=""
	shift 2
	for p in "$@"; do
		grep -qF -- "$p" "$file" || missing="$missing
missing: $p"
	done
	if [ -z "$missing" ]; then
		pass=$((pass + 1))
		say "PASS  $what"
	else
		fail=$((fail + 1))
		say "FAIL  $what"
		{ printf '%s\n' "${missing#?}"; echo "--- $file (last lines):"; tail -n 25 "$file"; } | indent
	fi
}

skip() {	# skip "what" "why"
	skipped=$((skipped + 1))
	say "SKIP  $1: $2"
}

note() { say "      $*"; }

# on HOST CMD — run CMD on a fleet host as root with OpenSSH
on() {
	local h=$1
	shift
	ssh -F "$FLEET_SSH_CONFIG" "root@$h" "$@"
}

# sx ARGS... — sextant in the project directory with the suite's environment;
# output to $LOG (overwritten), exit status returned. SX_TIMEOUT bounds it.
sx() {
	local rc=0
	(cd "$P" && timeout "${SX_TIMEOUT:-300}" "$SEXTANT" "$@") >"$LOG" 2>&1 || rc=$?
	# every run, for the record (kept with FLEET_KEEP=1)
	{ printf '\n##### %s sextant %s (exit %d)\n' "$(date -u +%H:%M:%S)" "$*" "$rc"; cat "$LOG"; } >>"$T/sextant.log"
	return "$rc"
}

# version_at ADDR [HOST_HEADER] — what /version answers through kamal-proxy
version_at() {
	if [ -n "${2:-}" ]; then
		curl -fsS --max-time 5 -H "Host: $2" "http://$1/version"
	else
		curl -fsS --max-time 5 "http://$1/version"
	fi
}

# proxy_targets HOST — `kamal-proxy list` without colours: "service host path target state tls"
proxy_targets() {
	on "$1" 'docker exec kamal-proxy kamal-proxy list' | sed 's/\x1b\[[0-9;]*m//g'
}

# running HOST NAME — the container NAME runs on HOST
running() {
	[ "$(on "$1" "docker inspect -f '{{.State.Running}}' '$2'" 2>/dev/null)" = true ]
}

# label HOST CONTAINER KEY — a label's value
label() {
	on "$1" "docker inspect -f '{{index .Config.Labels \"$3\"}}' '$2'"
}

# states HOST NAME... — the containers' states on one line ("running exited")
states() {
	local h=$1
	shift
	on "$h" "docker inspect -f '{{.State.Status}}' $*" | tr '\n' ' ' | sed 's/ $//'
}

# absent HOST NAME — no container of that exact name (running or not)
absent() {
	[ -z "$(on "$1" "docker ps -aq --filter 'name=^$2\$'")" ]
}

# lock_gone HOST [SD] — no deploy lock directory on HOST
lock_gone() {
	on "$1" "test ! -e .kamal/lock-${2:-fleet-app}"
}

# mode_of HOST PATH — octal permission bits
mode_of() {
	on "$1" "stat -c %a '$2'"
}

# container_env HOST NAME — the container's environment, one per line
container_env() {
	on "$1" "docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' '$2'"
}
# env_has HOST NAME LINE... — the container's environment has every line
env_has() {
	local h=$1 n=$2 l env
	shift 2
	env=$(container_env "$h" "$n") || return 1
	for l in "$@"; do
		grep -qxF -- "$l" <<<"$env" || { echo "no '$l' in:"; echo "$env"; return 1; }
	done
}
# routed HOST SERVICE CONTAINER — kamal-proxy sends SERVICE to CONTAINER's id
routed() {
	local cid list
	cid=$(on "$1" "docker container ls --all --filter 'name=^$3\$' --quiet") || return 1
	list=$(proxy_targets "$1") || return 1
	grep -qE "^$2 .*$cid:80 +running" <<<"$list" || { echo "want $2 -> $cid:80 in:"; echo "$list"; return 1; }
}
audit_has() {	# audit_has HOST SD REGEX...
	local h=$1 sd=$2 a r
	shift 2
	a=$(on "$h" "cat .kamal/$sd-audit.log") || return 1
	for r in "$@"; do
		grep -qE -- "$r" <<<"$a" || { echo "no /$r/ in:"; echo "$a"; return 1; }
	done
}
no_containers() { [ -z "$(on "$1" docker ps -aq)" ]; }

# hook_env HOOK LINE — the environment a hook wrote has LINE (hook_env_re: a regex)
hook_env() { grep -qxF -- "$2" "$E2E_HOOKS/$1.env" || { echo "no '$2' in $1.env:"; cat "$E2E_HOOKS/$1.env"; return 1; }; }
hook_env_re() { grep -qxE -- "$2" "$E2E_HOOKS/$1.env" || { echo "no /$2/ in $1.env:"; cat "$E2E_HOOKS/$1.env"; return 1; }; }

finish() {
	say "fleet suite took $((SECONDS - T0)) s ($skipped skipped)"
	say "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
