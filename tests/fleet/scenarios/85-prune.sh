# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# prune all with retain_containers: 1 — stopped containers beyond the newest
# one go, and images no container uses (except latest) with them.
CFG_RETAIN=1
config_write
exited_count() { on "$1" "docker ps -aq --filter label=service=fleet-app --filter status=exited | wc -l"; }
note "stopped app containers on app1 before: $(exited_count app1)"
check "app1 has an image of v1 before pruning" on app1 "docker image inspect $FLEET_REGISTRY/fleet/app:v1 >/dev/null"
check "prune all" sx prune all --version v2
check_log "... Kamal's commands" "$LOG" "tail -n +2 | while read container_id; do docker rm \$container_id; done" \
	"docker image prune --force --filter label=service=fleet-app"
for h in app1 app2; do
	check_eq "$h: one stopped app container is kept" 1 exited_count "$h"
	check "$h: fleet-app-web-v2 still runs" running "$h" fleet-app-web-v2
	check_not "$h: the v1 image (no container left) is gone" on "$h" "docker image inspect $FLEET_REGISTRY/fleet/app:v1 >/dev/null 2>&1"
	check "$h: the latest image stays" on "$h" "docker image inspect $FLEET_REGISTRY/fleet/app:latest >/dev/null"
done
check "app3: the worker and the accessory are untouched" sh -c "
	[ \"\$(ssh -F '$FLEET_SSH_CONFIG' root@app3 docker inspect -f '{{.State.Running}}' fleet-app-worker-v3 fleet-app-cache | tr '\n' ' ')\" = 'true true ' ]"
check "audit: pruned" audit_has app1 fleet-app 'Pruned containers$' 'Pruned images$'
check "the deploy lock is gone" lock_gone app1
