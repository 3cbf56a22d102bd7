# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# rollback: to a version that is not there as a container (nothing happens, exit 0), then the
# web role back to v2 (the worker never ran v2, so -r web, as one would).
# (`unhealthy` is in the registry, so sextant's registry pre-flight lets it through,
# but no container of it exists yet)
check "rollback unhealthy (no such container) exits 0" sx rollback unhealthy
check_log "... saying the version is not available" "$LOG" \
	"The app version 'unhealthy' is not available as a container (use 'kamal app containers' for available versions)"
check_eq "app1 still answers v3" v3 version_at "$A1"
check "rollback v2 -r web" sx rollback v2 -r web
check_log "... renames the stopped v2 container out of the way" "$LOG" "Renaming container v2 to v2_replaced_"
for h in app1 app2; do
	check_eq "$h: fleet-app-web-v2 runs again, v3 stopped" "running exited" states "$h" fleet-app-web-v2 fleet-app-web-v3
	check "$h: the old v2 container is kept as v2_replaced_<16 hex>" sh -c "
		ssh -F '$FLEET_SSH_CONFIG' root@$h docker ps -a --format '{{.Names}}' | grep -qE '^fleet-app-web-v2_replaced_[0-9a-f]{16}\$'"
	check "$h: kamal-proxy routes to v2" routed "$h" fleet-app-web fleet-app-web-v2
done
check_eq "app2 answers v2" v2 version_at "$A2"
check "app3: the worker (not selected) still runs v3" running app3 fleet-app-worker-v3
check "the rollback ran pre-deploy with KAMAL_ROLES=web" hook_env pre-deploy KAMAL_ROLES=web
check "the deploy lock is gone" lock_gone app1
