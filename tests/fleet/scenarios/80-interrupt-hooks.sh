# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# Ctrl-C while the lock is held, and a failing hook: the lock is released
# either way and nothing else changes.

# Ctrl-C: the terminal sends SIGINT to the whole foreground process group
# (sextant and its hook); emulated with setsid + kill -INT -PGID.
touch "$E2E_HOOKS/sleep"
rm -f "$E2E_HOOKS/pre-deploy.env"
(cd "$P" && exec setsid "$SEXTANT" deploy --skip-push --version v1 >"$T/int.log" 2>&1) &
int_pid=$!
held=0
for _ in $(seq 100); do
	if on app1 test -d .kamal/lock-fleet-app 2>/dev/null && [ -s "$E2E_HOOKS/pre-deploy.env" ] &&
		grep -q KAMAL_VERSION=v1 "$E2E_HOOKS/pre-deploy.env"; then
		held=1
		break
	fi
	sleep 0.2
done
check "the deploy holds the lock and sits in its pre-deploy hook" test "$held" = 1
kill -INT -- "-$int_pid" 2>/dev/null
int_rc=0
wait "$int_pid" || int_rc=$?
rm -f "$E2E_HOOKS/sleep"
check_eq "Ctrl-C: sextant exits 130" 130 echo "$int_rc"
check_log "Ctrl-C: it stopped at the next step and released the lock on the way out" "$T/int.log" \
	"Interrupted by SIGINT: finishing the steps running now, then releasing the deploy lock" \
	"Releasing the deploy lock..."
check "Ctrl-C: no lock directory is left" lock_gone app1
check_eq "Ctrl-C: app1 still answers v2 (nothing booted)" v2 version_at "$A1"

# A failing pre-deploy hook aborts the deploy inside the lock.
touch "$E2E_HOOKS/fail"
check_not "deploy with a failing pre-deploy hook fails" sx deploy --skip-push --version v1
rm -f "$E2E_HOOKS/fail"
check_log "... with Kamal's HookError text" "$LOG" 'Hook `pre-deploy` failed:' "pre-deploy refused by the test" \
	"Releasing the deploy lock..."
check "... the lock is released" lock_gone app1
check_eq "... nothing was deployed (app2 answers v2)" v2 version_at "$A2"
rm -f "$E2E_HOOKS/pre-deploy.env"
check "deploy -H (skip hooks) -r web --json" sx deploy --skip-push --version v2 -H -r web --json
check "... ran no hook" test ! -e "$E2E_HOOKS/pre-deploy.env"
check "... and deployed" running app1 fleet-app-web-v2
# --json: one event per line, command start/finish with host, duration and exit status
json_events() {
	python3 - "$LOG" <<'PY'
import json, sys
starts = finishes = 0
for n, line in enumerate(open(sys.argv[1]), 1):
    ev = json.loads(line)
    if ev.get("event") == "command_start":
        starts += 1
        assert ev.get("host") and ev.get("command") and ev.get("id"), line
    if ev.get("event") == "command_finish":
        finishes += 1
        assert isinstance(ev.get("exit_status"), int) and isinstance(ev.get("duration"), float), line
assert starts > 10 and starts == finishes, (starts, finishes)
print(starts, "commands")
PY
}
check "... printed only JSON events, every command started and finished" json_events
