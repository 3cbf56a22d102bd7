# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# setup on fresh hosts: kamal-proxy boots, v1 of the web role on app1 and app2.

check "setup --skip-push --version v1 on fresh hosts" sx setup --skip-push --version v1
check_log "setup said what Kamal says" "$LOG" "Acquiring the deploy lock..." "Ensure Docker is installed..." \
	"Ensure kamal-proxy is running..." "Detect stale containers..." \
	"Start container with version v1 (or reboot if already running)..." "Releasing the deploy lock..." "Finished all in"
for h in app1 app2; do
	addr=$A1; [[ $h == app2 ]] && addr=$A2
	check "$h: kamal-proxy runs" running "$h" kamal-proxy
	check "$h: fleet-app-web-v1 runs" running "$h" fleet-app-web-v1
	check_eq "$h: labels service|role|destination (empty)" "fleet-app|web|" \
		on "$h" "docker inspect -f '{{index .Config.Labels \"service\"}}|{{index .Config.Labels \"role\"}}|{{index .Config.Labels \"destination\"}}' fleet-app-web-v1"
	check_eq "$h: env file .kamal/apps/fleet-app/env/roles/web.env is mode 600" 600 \
		mode_of "$h" .kamal/apps/fleet-app/env/roles/web.env
	check_eq "$h: the env file holds the secret only" "SECRET_TOKEN=e2e-s3cr3t" \
		on "$h" cat .kamal/apps/fleet-app/env/roles/web.env
	check "$h: KAMAL_*, env.clear and the secret reach the container" env_has "$h" fleet-app-web-v1 \
		KAMAL_CONTAINER_NAME=fleet-app-web-v1 KAMAL_VERSION=v1 "KAMAL_HOST=$addr" \
		"E2E_NOTE=fleet suite" SECRET_TOKEN=e2e-s3cr3t
	check "$h: kamal-proxy routes fleet-app-web to the v1 container" routed "$h" fleet-app-web fleet-app-web-v1
done
check_eq "app1 answers v1 through kamal-proxy" v1 version_at "$A1"
check_eq "app2 answers v1 through kamal-proxy" v1 version_at "$A2"
check "app3 (no role yet) has no container" no_containers app3
check "the deploy lock is gone from the primary host" lock_gone app1
check "audit log: pulled, booted (role-tagged), tagged latest, by the git user" audit_has app1 fleet-app \
	'^\[[0-9TZ:-]+\] \[e2e@sextant.test\] Pulled image with version v1$' \
	'\] \[e2e@sextant.test\] \[web\] Booted app version v1$' \
	"Tagging $FLEET_REGISTRY/fleet/app:v1 as the latest image$"
check_eq "latest is tagged on the hosts" "$FLEET_REGISTRY/fleet/app:latest" \
	on app2 "docker image ls --format '{{.Repository}}:{{.Tag}}' $FLEET_REGISTRY/fleet/app:latest"
check "setup ran the pre-deploy and post-deploy hooks" test -s "$E2E_HOOKS/pre-deploy.env" -a -s "$E2E_HOOKS/post-deploy.env"
