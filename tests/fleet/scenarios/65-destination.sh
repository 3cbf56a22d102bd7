# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# A second destination (-d staging) of the same service beside production:
# its own container names, labels, env files, lock, audit log and kamal-proxy
# service (with a host, so both share the proxies).
cat >"$P/config/deploy.staging.yml" <<EOF2
servers:
  web:
    - $A2
proxy:
  host: staging.test
EOF2
printf 'REGISTRY_PASSWORD=%s\nSECRET_TOKEN=staging-s3cr3t\n' "$FLEET_REGISTRY_PASSWORD" >"$P/.kamal/secrets.staging"
rm -f "$E2E_HOOKS/pre-deploy.env"
check "deploy -d staging --skip-push --version v1" sx deploy -d staging --skip-push --version v1
check "app2: fleet-app-web-staging-v1 runs" running app2 fleet-app-web-staging-v1
check "app3: fleet-app-worker-staging-v1 runs (servers merge with deploy.yml's)" running app3 fleet-app-worker-staging-v1
check_eq "app2: labels service|role|destination" "fleet-app|web|staging" \
	on app2 "docker inspect -f '{{index .Config.Labels \"service\"}}|{{index .Config.Labels \"role\"}}|{{index .Config.Labels \"destination\"}}' fleet-app-web-staging-v1"
check "app2: KAMAL_DESTINATION reaches the container" env_has app2 fleet-app-web-staging-v1 KAMAL_DESTINATION=staging SECRET_TOKEN=staging-s3cr3t
check_eq "app2: its env file (mode 600) in .kamal/apps/fleet-app-staging" 600 mode_of app2 .kamal/apps/fleet-app-staging/env/roles/web.env
check_eq "... holds staging's secret" "SECRET_TOKEN=staging-s3cr3t" on app2 cat .kamal/apps/fleet-app-staging/env/roles/web.env
check "app2: kamal-proxy has fleet-app-web-staging for host staging.test" sh -c "
	ssh -F '$FLEET_SSH_CONFIG' root@app2 docker exec kamal-proxy kamal-proxy list | sed 's/\x1b\[[0-9;]*m//g' | grep -qE '^fleet-app-web-staging +staging.test '"
check_eq "app2 answers v1 for Host: staging.test" v1 version_at "$A2" staging.test
check_eq "... and v2 (production) for any other host" v2 version_at "$A2"
check "app1 (not in staging) has no staging container" absent app1 fleet-app-web-staging-v1
check "staging's lock (.kamal/lock-fleet-app-staging) is gone" lock_gone app2 fleet-app-staging
check "staging's audit log is its own, tagged [staging]" audit_has app2 fleet-app-staging '\[e2e@sextant.test\] \[staging\] \[web\] Booted app version v1$'
check "the hooks saw KAMAL_DESTINATION=staging" hook_env pre-deploy KAMAL_DESTINATION=staging
check "app version -d staging" sx app version -d staging
check_log "... v1 on app2 and app3" "$LOG" "App Host: $A2
v1" "App Host: $A3
v1"
check "remove -d staging -y" sx remove -d staging -y --version v1
check_log "... keeps kamal-proxy, production still uses it" "$LOG" \
	"Not removing the proxy, as other apps are installed, ignore this check with kamal proxy remove --force"
check "app2: staging containers are gone" absent app2 fleet-app-web-staging-v1
check "app3: staging worker is gone" absent app3 fleet-app-worker-staging-v1
check "app2: .kamal/apps/fleet-app-staging is gone" on app2 test ! -e .kamal/apps/fleet-app-staging
check_eq "production still answers v2 on app2" v2 version_at "$A2"
check "production containers are untouched" running app2 fleet-app-web-v2
rm -f "$P/config/deploy.staging.yml"
