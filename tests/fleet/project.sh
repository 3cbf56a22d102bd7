# tests/fleet/project.sh — the project the fleet scenarios deploy (sourced by run.sh).
# shellcheck shell=bash
#
# A Kamal project for the fleet app (tests/fleet/app): web role on app1+app2,
# later a worker role (no proxy) on app3 and an accessory with files and
# directories, in a git repository. The Dockerfile adds a static busybox so `app exec` has commands
# to run (the fleet's own images are FROM scratch with the app only).
#
# config_write rewrites config/deploy.yml from these switches:
#   CFG_WORKER=1     servers.worker on app3 (cmd /fleet-app, no proxy)
#   CFG_ACCESSORY=1  accessories.cache on app3 (files + directories, port 8080)
#   CFG_RETAIN=N     retain_containers
#   CFG_PROXY=user@host  ssh.proxy (the bastion scenario)

CFG_WORKER=0 CFG_ACCESSORY=0 CFG_RETAIN=5 CFG_PROXY=""

config_write() {
	{
		cat <<EOF
service: fleet-app
image: fleet/app
servers:
  web:
    - $A1
    - $A2
EOF
		if [[ $CFG_WORKER == 1 ]]; then
			cat <<EOF
  worker:
    hosts:
      - $A3
    cmd: /fleet-app
    env:
      clear:
        PORT: 8081
EOF
		fi
		cat <<EOF
registry:
  server: $FLEET_REGISTRY
  username: $FLEET_REGISTRY_USER
  password:
    - REGISTRY_PASSWORD
proxy:
  app_port: 80
  healthcheck:
    interval: 1
ssh:
  keys: [$FLEET_SSH_KEY]
  config: $FLEET_SSH_CONFIG
EOF
		[[ -n $CFG_PROXY ]] && echo "  proxy: $CFG_PROXY"
		cat <<EOF
builder:
  arch: amd64
  args:
    APP_VERSION: v3
env:
  clear:
    E2E_NOTE: "fleet suite"
  secret:
    - SECRET_TOKEN
deploy_timeout: 10
drain_timeout: 2
readiness_delay: 1
retain_containers: $CFG_RETAIN
x-sextant:
  registry:
    insecure: true
EOF
		if [[ $CFG_ACCESSORY == 1 ]]; then
			cat <<EOF
accessories:
  cache:
    image: $FLEET_REGISTRY/fleet/app:v3
    host: $A3
    port: "8080:8080"
    env:
      clear:
        PORT: 8080
        APP_VERSION: cache
      secret:
        - SECRET_TOKEN
    files:
      - config/cache.conf:/etc/cache.conf
      - config/motd.erb:/etc/motd
    directories:
      - data:/data
EOF
		fi
	} >"$P/config/deploy.yml"
}

project_init() {
	mkdir -p "$P/config" "$P/.kamal/hooks"
	printf 'REGISTRY_PASSWORD=%s\nSECRET_TOKEN=e2e-s3cr3t\n' "$FLEET_REGISTRY_PASSWORD" >"$P/.kamal/secrets"
	cp "$FLEET_APP_CONTEXT/fleet-app" "$P/fleet-app"
	cp /bin/busybox "$P/busybox" 2>/dev/null || note "no /bin/busybox (apt-get install busybox-static): exec checks will fail"
	cat >"$P/Dockerfile" <<'EOF'
FROM scratch
ARG APP_VERSION=built
COPY fleet-app /fleet-app
COPY busybox /bin/busybox
ENV PORT=80 APP_VERSION=$APP_VERSION PATH=/bin
EXPOSE 80
CMD ["/fleet-app"]
EOF
	printf 'maxmemory 1mb\n' >"$P/config/cache.conf"
	printf 'service <%%= "fleet" + "-app" %%>, port <%%= 4000 * 2 + 80 %%>\n' >"$P/config/motd.erb"
	# hooks: their environment is written where the scenarios can read it
	cat >"$P/.kamal/hooks/pre-deploy" <<'EOF'
#!/bin/sh
env | grep -E '^(KAMAL_[A-Z_]*|SECRET_TOKEN)=' | sort >"$E2E_HOOKS/pre-deploy.env"
if [ -e "$E2E_HOOKS/sleep" ]; then sleep 60; fi
if [ -e "$E2E_HOOKS/fail" ]; then echo "pre-deploy refused by the test" >&2; exit 3; fi
exit 0
EOF
	cat >"$P/.kamal/hooks/post-deploy" <<'EOF'
#!/bin/sh
env | grep -E '^KAMAL_[A-Z_]*=' | sort >"$E2E_HOOKS/post-deploy.env"
EOF
	chmod 0755 "$P/.kamal/hooks/pre-deploy" "$P/.kamal/hooks/post-deploy"
	config_write
	# a git repository, as Kamal projects are: the version of commands given no
	# --version is the commit, and builds run from a clone (in $TMPDIR)
	(cd "$P" && git init -q -b main && git add -A && git commit -q -m "fleet suite project")
}
