# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# The read-only and interactive commands against the running fleet: web v2 on
# app1+app2, worker v3 on app3. Outputs are Kamal's `App Host: H` blocks.

check "app exec --version v3 'busybox env' (a new container per host and role)" sx app exec --version v3 'busybox env'
check_log "... prints each host's output under its header, with the env file's secret" "$LOG" \
	"Launching command with version v3 from new container..." \
	"App Host: $A1" "App Host: $A2" "App Host: $A3" "SECRET_TOKEN=e2e-s3cr3t" "E2E_NOTE=fleet suite"
check "... the exec containers get no KAMAL_* variables (as Kamal's)" sh -c "! grep -q '^KAMAL_' '$LOG'"
check "... and removed themselves (--rm)" sh -c "[ -z \"\$(ssh -F '$FLEET_SSH_CONFIG' root@app1 docker ps -aq --filter name=fleet-app-web-exec-)\" ]"
check "... audited" audit_has app3 fleet-app "\\] \\[e2e@sextant.test\\] Executed cmd 'busybox env' on app version v3$"
check "app exec -e FOO:bar -r web" sx app exec --version v3 -r web -e FOO:bar 'busybox env'
check_log "... passes --env FOO=\"bar\"" "$LOG" '--env FOO="bar"' "FOO=bar"
check "app exec --reuse -r worker (in the running container)" sx app exec --reuse -r worker 'busybox hostname'
check_log "... found the running version and ran in that container" "$LOG" \
	"Get current version of running container..." "Launching command with version v3 from existing container..." \
	"docker exec fleet-app-worker-v3 busybox hostname" "$A3-"
check "... audited with the role" audit_has app3 fleet-app "\\[worker\\] Executed cmd 'busybox hostname' on app version v3$"
check "app exec --detach -r web" sx app exec --detach --version v3 -r web 'busybox sleep 20'
check "... leaves a running fleet-app-web-exec-v3-<6 hex> container" sh -c "
	ssh -F '$FLEET_SSH_CONFIG' root@app1 docker ps --format '{{.Names}}' | grep -qE '^fleet-app-web-exec-v3-[0-9a-f]{6}\$'"
on app1 "docker ps -q --filter name=fleet-app-web-exec- | xargs -r docker rm -f" >/dev/null 2>&1
on app2 "docker ps -q --filter name=fleet-app-web-exec- | xargs -r docker rm -f" >/dev/null 2>&1
raw_out() { (cd "$P" && "$SEXTANT" app exec --raw --version v3 -r web -h "$A1" 'busybox printf raw-bytes'); }
check_eq "app exec --raw writes the bytes only" raw-bytes raw_out
check_not "app exec --detach --reuse is refused" sx app exec --detach --reuse 'busybox true'
check_log "... with Kamal's message" "$LOG" "Detach is not compatible with reuse"
check_not "app exec without a command is refused" sx app exec
check_log "... with Kamal's message" "$LOG" "No command provided. You must specify a command to execute."
check "app exec -i (the system ssh, as Kamal)" sx app exec -i --version v3 'busybox echo interactive-ok' </dev/null
check_log "... ran on the primary host through ssh" "$LOG" \
	"Launching interactive command with version v3 via SSH from new container on $A1..." "interactive-ok"
check "app exec -i --reuse -r worker" sx app exec -i --reuse -r worker 'busybox echo reuse-ok' </dev/null
check_log "... in the running worker container" "$LOG" "with version v3 via SSH from existing container on $A3..." "reuse-ok"

check "app logs -r web -n 5" sx app logs -r web -n 5
check_log "... per host" "$LOG" "App Host: $A1" "App Host: $A2" "GET /up 200" "xargs docker logs --timestamps --tail 5 2>&1"
check "app logs --grep listening" sx app logs --grep listening
check_log "... only matching lines, all roles" "$LOG" "grep 'listening'" "fleet-app v2 listening on :80" "fleet-app v3 listening on :8081"
check "app logs --container-id of the worker" sx app logs -r worker --container-id "$(on app3 docker container ls --filter name=^fleet-app-worker-v3\$ --quiet)" -n 1
check_log "... reads that container" "$LOG" "App Host: $A3"
SX_TIMEOUT=6 sx app logs -f -n 2 </dev/null
check_log "app logs -f follows on the primary host through ssh" "$LOG" "Following logs on $A1..." "--tail 2 --follow 2>&1" "GET /up 200"

check "app version -q" sx app version -q
check "... -q prints the versions only (no command lines, no host headers)" \
	sh -c "! grep -qE 'INFO|Host:' '$LOG' && grep -qx v2 '$LOG' && grep -qx v3 '$LOG'"
check "app version" sx app version
check_log "... v2 on the web hosts, v3 on the worker" "$LOG" "App Host: $A1
v2" "App Host: $A3
v3"
check "app containers -h app1's address" sx app containers -h "$A1"
check_log "... lists every container of the service there" "$LOG" "fleet-app-web-v2" "fleet-app-web-v3" "fleet-app-web-unhealthy"
check "app images" sx app images -h "$A1"
check_log "... shows the repository's images" "$LOG" "$FLEET_REGISTRY/fleet/app"
check "app details" sx app details
check_log "... running containers per role" "$LOG" "fleet-app-web-v2" "fleet-app-worker-v3"
check "proxy details" sx proxy details
check_log "... on the proxy hosts only" "$LOG" "Proxy Host: $A1" "Proxy Host: $A2" "kamal-proxy run"
check "... not on the worker host" sh -c "! grep -q 'Proxy Host: $A3' '$LOG'"
check "proxy logs -n 3" sx proxy logs -n 3
check_log "... kamal-proxy's JSON log" "$LOG" "Proxy Host: $A1" '"msg":"Request"'
check "details (proxy, app, accessories)" sx details
check_log "... all of it" "$LOG" "Proxy Host: $A1" "App Host: $A3" "fleet-app-worker-v3"
check "audit" sx audit
check_log "... the last lines of every host's audit log" "$LOG" "App Host: $A2" "[e2e@sextant.test] [web] Booted app version v2"
check "server exec 'cat /etc/hostname'" sx server exec 'cat /etc/hostname'
check_log "... on every host" "$LOG" "Running 'cat /etc/hostname' on $A1, $A2, $A3..." "App Host: $A2
app2"
check "... audited with the host" audit_has app2 fleet-app "Executed cmd 'cat /etc/hostname' on $A2$"
check "server exec -i (the system ssh)" sx server exec -i hostname </dev/null
check_log "... on the primary host" "$LOG" "Running 'hostname' on $A1 interactively..." "app1"
check "lock status" sx lock status
check_log "... no lock" "$LOG" "There is no deploy lock"
check "build details" sx build details
check_log "... names the builder (and says there is no buildx)" "$LOG" "Builder: kamal-local-docker-container" "docker build"
