# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# deploy v3 WITHOUT --skip-push: built locally from the project's Dockerfile
# (plain docker build + push, as there is no buildx here), with a new worker
# role on app3 that runs without kamal-proxy (health from Docker's state).
CFG_WORKER=1
config_write
check "deploy --version v3 (local build + push, worker role added)" sx deploy --version v3
check_log "the build ran from a clone of the repository, as Kamal's does" "$LOG" \
	"Building from a local git clone, so ignoring these uncommitted changes:" "M config/deploy.yml" \
	"Cloning repo into build directory \`$TMPDIR/kamal-clones/fleet-app-"
check_log "the build fell back to docker build + push and said so" "$LOG" \
	'Docker buildx plugin is not installed locally: building with `docker build` and pushing with `docker push` instead' \
	"Running docker build --platform linux/amd64 -t $FLEET_REGISTRY/fleet/app:v3 -t $FLEET_REGISTRY/fleet/app:latest --label service=\"fleet-app\" --build-arg [REDACTED] --file Dockerfile . 2>&1" \
	"Running docker push $FLEET_REGISTRY/fleet/app:v3" "Running docker push $FLEET_REGISTRY/fleet/app:latest"
check_log "the worker was health-checked the way Kamal polls roles without proxy" "$LOG" \
	"Waiting for the first healthy web container before booting worker on $A3..." \
	"Container is running, waiting for readiness delay of 1 seconds" "Container is healthy!"
check "the registry lists the pushed v3" sh -c "curl -fsS -u '$FLEET_REGISTRY_USER:$FLEET_REGISTRY_PASSWORD' http://$FLEET_REGISTRY/v2/fleet/app/tags/list | grep -q '\"v3\"'"
check_eq "the image hosts pulled carries the service label" fleet-app \
	on app3 "docker image inspect -f '{{.Config.Labels.service}}' $FLEET_REGISTRY/fleet/app:v3"
for h in app1 app2; do
	check_eq "$h: fleet-app-web-v3 runs, v2 stopped" "running exited" states "$h" fleet-app-web-v3 fleet-app-web-v2
	check "$h: kamal-proxy routes to v3" routed "$h" fleet-app-web fleet-app-web-v3
done
check_eq "app1 answers v3 (the build arg of deploy.yml)" v3 version_at "$A1"
check "app3: fleet-app-worker-v3 runs" running app3 fleet-app-worker-v3
check_eq "app3: worker labels" "fleet-app|worker|" \
	on app3 "docker inspect -f '{{index .Config.Labels \"service\"}}|{{index .Config.Labels \"role\"}}|{{index .Config.Labels \"destination\"}}' fleet-app-worker-v3"
check_eq "app3: the worker runs its cmd" '["/fleet-app"]' on app3 "docker inspect -f '{{json .Config.Cmd}}' fleet-app-worker-v3"
check "app3: the worker's role env (PORT=8081) reached it" env_has app3 fleet-app-worker-v3 PORT=8081 KAMAL_VERSION=v3
check "app3: no kamal-proxy for a role without proxy" absent app3 kamal-proxy
check "app3: the kamal network exists (proxy boot creates it on every host)" on app3 docker network inspect kamal
check_eq "app3: worker env file is mode 600" 600 mode_of app3 .kamal/apps/fleet-app/env/roles/worker.env
check "the deploy lock is gone" lock_gone app1
