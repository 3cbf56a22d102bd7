# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# A version that never becomes healthy (/up answers 500): kamal-proxy refuses
# it, the deploy fails with the container's logs shown, the old version keeps
# serving and the lock is released.
check_not "deploy --skip-push --version unhealthy fails" sx deploy --skip-push --version unhealthy
check_log "... with kamal-proxy's error, Kamal's messages and the container's logs" "$LOG" \
	"Failed to boot web on" "First web container is unhealthy on" \
	"GET /up 500" "Error: target failed to become healthy within configured timeout (10s)" \
	"ERROR (SSHKit::Command::Failed): " "Exception while executing on host" "Releasing the deploy lock..."
check_log "... and the worker was not booted" "$LOG" "First web container is unhealthy, not booting worker on $A3" "Halted at barrier"
check_eq "app1 still answers v2" v2 version_at "$A1"
check_eq "app2 still answers v2" v2 version_at "$A2"
for h in app1 app2; do
	check "$h: kamal-proxy still routes to v2" routed "$h" fleet-app-web fleet-app-web-v2
	check_eq "$h: the unhealthy container was stopped" exited on "$h" "docker inspect -f '{{.State.Status}}' fleet-app-web-unhealthy"
done
check "app3: the worker still runs v3" running app3 fleet-app-worker-v3
check "the deploy lock was released" lock_gone app1
check "lock status agrees" sx lock status
check_log "... 'There is no deploy lock'" "$LOG" "There is no deploy lock"
