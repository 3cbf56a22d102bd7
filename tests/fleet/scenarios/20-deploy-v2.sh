# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# deploy v2: first against a held lock (refused, then waited for), with hooks,
# and no request failing while the containers switch.

# A manual lock: deploy refuses at once, --lock-wait refuses too (not automatic).
check "lock acquire -m (manual lock)" sx lock acquire -m "e2e manual lock" --version v1
check "lock status shows who holds it" sh -c "cd '$P' && '$SEXTANT' lock status | grep -q 'Locked by: E2E Tester at' && cd '$P' && '$SEXTANT' lock status | grep -qx 'Message: e2e manual lock'"
check_not "deploy while the lock is held fails" sx deploy --skip-push --version v2
check_log "... with Kamal's messages" "$LOG" "Deploy lock already in place!" "Locked by: E2E Tester at" \
	"ERROR (Kamal::Cli::LockError): Deploy lock found. Run 'kamal lock help' for more information"
check_not "deploy --lock-wait does not wait for a manual lock" sx deploy --skip-push --version v2 --lock-wait --lock-wait-interval 1
check_log "... and says why" "$LOG" "Deploy lock is held by:" "Deploy lock held manually, not waiting"
check_eq "the lock is still the manual one" "Message: e2e manual lock" on app1 "base64 -d .kamal/lock-fleet-app/details | tail -n 1"
check "lock release" sx lock release
check_log "... says so" "$LOG" "Released the deploy lock"
check "lock release again: there is none" sx lock release
check_log "... says so" "$LOG" "There is no deploy lock"

# An automatic lock released 3 s later: deploy --lock-wait waits and deploys.
check "lock acquire -m 'Automatic deploy lock' (as another deploy would)" sx lock acquire -m "Automatic deploy lock" --version v1
( sleep 3; cd "$P" && "$SEXTANT" lock release >/dev/null 2>&1 ) &
releaser=$!
rm -f "$E2E_HOOKS/pre-deploy.env" "$E2E_HOOKS/post-deploy.env"
# requests through both proxies during the whole deploy: none may fail
load_pid=""
(
	ok=0 bad=0
	while [ ! -e "$T/load.stop" ]; do
		for a in "$A1" "$A2"; do
			if curl -fsS --max-time 5 "http://$a/version" >/dev/null 2>&1; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
		done
	done
	echo "$ok $bad" >"$T/load.result"
) &
load_pid=$!
check "deploy --skip-push --version v2 --lock-wait waits for the lock, then deploys" \
	sx deploy --skip-push --version v2 --lock-wait --lock-wait-interval 1 --lock-wait-timeout 60
touch "$T/load.stop"
wait "$load_pid" 2>/dev/null
wait "$releaser" 2>/dev/null
rm -f "$T/load.stop"
check_log "... after Kamal's waiting messages" "$LOG" "Acquiring the deploy lock (waiting up to 60s)..." \
	"Deploy lock is held by:" "Message: Automatic deploy lock" "Retrying in 1s ("
read -r load_ok load_bad <"$T/load.result"
note "requests during the deploy: $load_ok answered, $load_bad failed"
check "no request failed while v1 was replaced by v2 ($load_ok requests)" test "$load_bad" -eq 0 -a "$load_ok" -gt 0
for h in app1 app2; do
	check "$h: fleet-app-web-v2 runs" running "$h" fleet-app-web-v2
	check_eq "$h: fleet-app-web-v1 is stopped, not removed" exited on "$h" "docker inspect -f '{{.State.Status}}' fleet-app-web-v1"
	check "$h: kamal-proxy routes to v2" routed "$h" fleet-app-web fleet-app-web-v2
done
check_eq "app1 answers v2" v2 version_at "$A1"
check "the deploy lock is gone" lock_gone app1
check "audit log has the v2 boot" audit_has app2 fleet-app '\[web\] Booted app version v2$'

# Hooks ran with Kamal's environment (spec §7).
check "pre-deploy: KAMAL_COMMAND=deploy, no KAMAL_SUBCOMMAND" sh -c "grep -qx KAMAL_COMMAND=deploy '$E2E_HOOKS/pre-deploy.env' && ! grep -q ^KAMAL_SUBCOMMAND= '$E2E_HOOKS/pre-deploy.env'"
check "pre-deploy: KAMAL_VERSION=v2" hook_env pre-deploy KAMAL_VERSION=v2
check "pre-deploy: KAMAL_SERVICE=fleet-app" hook_env pre-deploy KAMAL_SERVICE=fleet-app
check "pre-deploy: KAMAL_SERVICE_VERSION=fleet-app@v2" hook_env pre-deploy KAMAL_SERVICE_VERSION=fleet-app@v2
check "pre-deploy: KAMAL_HOSTS=$A1,$A2" hook_env pre-deploy "KAMAL_HOSTS=$A1,$A2"
check "pre-deploy: KAMAL_LOCK=true (inside the lock)" hook_env pre-deploy KAMAL_LOCK=true
check "pre-deploy: KAMAL_PERFORMER is the git email" hook_env pre-deploy KAMAL_PERFORMER=e2e@sextant.test
check "pre-deploy: KAMAL_RECORDED_AT is UTC ISO 8601" hook_env_re pre-deploy 'KAMAL_RECORDED_AT=[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'
check "pre-deploy: the secrets are in its environment" hook_env pre-deploy SECRET_TOKEN=e2e-s3cr3t
check "pre-deploy: no KAMAL_ROLES without -r, no KAMAL_DESTINATION without -d" sh -c "! grep -qE '^KAMAL_(ROLES|DESTINATION)=' '$E2E_HOOKS/pre-deploy.env'"
check "post-deploy: KAMAL_RUNTIME in whole seconds, lock released" sh -c "grep -qxE 'KAMAL_RUNTIME=[0-9]+' '$E2E_HOOKS/post-deploy.env' && grep -qx KAMAL_LOCK=false '$E2E_HOOKS/post-deploy.env'"
