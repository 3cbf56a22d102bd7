# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# remove: the app, kamal-proxy, the accessory (container, image, directory) and
# the app's directories go from every host.
check_not "remove without -y, answering N, does nothing" sh -c "cd '$P' && echo N | '$SEXTANT' remove | grep -q Aborted && ! ssh -F '$FLEET_SSH_CONFIG' root@app1 docker inspect fleet-app-web-v2 >/dev/null 2>&1"
check "remove -y" sx remove -y --version v2
check_log "... Kamal's sequence" "$LOG" "docker exec kamal-proxy kamal-proxy remove fleet-app-web" \
	"docker container prune --force --filter label=service=fleet-app --filter label=destination= --filter label=role=web" \
	"docker image prune --all --force --filter label=service=fleet-app" \
	"docker container prune --force --filter label=org.opencontainers.image.title=kamal-proxy" \
	"rm -rf fleet-app-cache" "docker logout $FLEET_REGISTRY"
for h in app1 app2 app3; do
	check "$h: no container is left" no_containers "$h"
	check "$h: no app image is left" sh -c "[ -z \"\$(ssh -F '$FLEET_SSH_CONFIG' root@$h docker image ls -q $FLEET_REGISTRY/fleet/app)\" ]"
	check "$h: .kamal/apps/fleet-app is gone" on "$h" test ! -e .kamal/apps/fleet-app
	check "$h: .kamal/proxy is gone" on "$h" test ! -e .kamal/proxy
	check "$h: the audit log stays (as Kamal leaves it)" on "$h" test -s .kamal/fleet-app-audit.log
done
check "app3: the accessory's directory is gone" on app3 test ! -e fleet-app-cache
check "the kamal-proxy image is gone (image prune of its title label)" sh -c "[ -z \"\$(ssh -F '$FLEET_SSH_CONFIG' root@app1 docker image ls -q basecamp/kamal-proxy)\" ]"
check "the deploy lock is gone" lock_gone app1
check_eq "nothing answers on app1 any more" "" sh -c "curl -fsS --max-time 3 http://$A1/version 2>/dev/null"
