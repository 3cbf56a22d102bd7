#!/usr/bin/env bash
# tests/registry/run.sh — sextant's own HTTP on the test fleet (issue 9):
#
#   1. SSH direct-tcpip tunnels (src/ssh/tunnel.c) through tunnelget.c: a page
#      served on a fleet host's loopback only, 20 MB by checksum, 8 threads on
#      one connection, keep-alive, a refused port, a deadline, a host behind;
#   2. the registry pre-flight: deploy / redeploy / setup / build pull of a tag
#      the registry lacks are refused before any server is touched (no SSH
#      login in the hosts' sshd logs, no lock, no container); rollback only
#      reports it; a present tag passes; a missing platform; a build + push
#      then the check; x-sextant switches; the plain-HTTP rule;
#   3. `registry login` against the registry: right and wrong credentials;
#   4. post-switch verification through kamal-proxy: status and latency per
#      host (text and --json), a path that fails (report / fail), a Host that
#      routes nowhere, TLS with SNI and a private CA, off; bad x-sextant refused
#      with file:line:col; --dry-run plans unchanged by x-sextant.
#
# Its own fleet (2 app hosts; prefix sxq, 10.87.x, /tmp/sextant-fleet-registry;
# REG_FLEET_PREFIX / REG_FLEET_NET / REG_FLEET_STATE override), always torn
# down (FLEET_KEEP=1 keeps it). Server state is read with `ci/fleet exec`,
# never over SSH, so that "no SSH login" can be checked in sshd's log.
# Ends with "N passed, N failed". Run as root after ci/bootstrap-fleet.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FLEET=$REPO/ci/fleet
BUILD=${BUILD:-build}
SEXTANT=${SEXTANT:-$REPO/$BUILD/sextant}
T0=$SECONDS
pass=0 fail=0 out=""

say() { printf '%s\n' "$*"; }
indent() { sed 's/^/      /' | head -n "${INDENT_LINES:-30}"; }
ok() { pass=$((pass + 1)); say "PASS  $1"; }
bad() { fail=$((fail + 1)); say "FAIL  $1"; }
check() {	# check "what" cmd... — passes when cmd exits 0
	local what=$1
	shift
	if out=$("$@" 2>&1); then ok "$what"; else bad "$what"; printf '%s\n' "$out" | indent; fi
}
# check_log "what" file [!]pattern... — the file has every fixed string (none of the ! ones)
check_log() {
	local what=$1 file=$2 p missing=""
	shift 2
	for p in "$@"; do
		if [[ $p == !* ]]; then
			grep -qF -- "${p#!}" "$file" && missing="$missing
unwanted: ${p#!}"
		else
			grep -qF -- "$p" "$file" || missing="$missing
missing: $p"
		fi
	done
	if [ -z "$missing" ]; then
		ok "$what"
	else
		bad "$what"
		{ printf '%s\n' "${missing#?}"; echo "--- $file (last lines):"; tail -n 25 "$file"; } | indent
	fi
}
finish() {
	say "registry suite took $((SECONDS - T0)) s"
	say "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

if [[ $EUID -ne 0 ]]; then
	say "registry suite: must run as root (the fleet needs namespaces); run ci/bootstrap-fleet first"
	say "0 passed, 1 failed"
	exit 1
fi
if [[ ! -x $SEXTANT ]]; then
	say "registry suite: no sextant binary at $SEXTANT (make first)"
	say "0 passed, 1 failed"
	exit 1
fi
SEXTANT=$(cd "$(dirname "$SEXTANT")" && pwd)/$(basename "$SEXTANT")

# ------------------------------------------------------------------ the fleet
export FLEET_PREFIX=${REG_FLEET_PREFIX:-sxq} FLEET_NET=${REG_FLEET_NET:-10.87}
export FLEET_STATE=${REG_FLEET_STATE:-/tmp/sextant-fleet-registry}
T=$(mktemp -d /tmp/sextant-registry.XXXXXX)
www_pid=""
cleanup() {
	if [[ -n $www_pid ]]; then kill "$www_pid" 2>/dev/null; wait "$www_pid" 2>/dev/null; fi
	if [[ ${FLEET_KEEP:-0} == 1 ]]; then
		say "fleet left up (FLEET_KEEP=1): FLEET_PREFIX=$FLEET_PREFIX FLEET_NET=$FLEET_NET FLEET_STATE=$FLEET_STATE ci/fleet down; files in $T"
	else
		"$FLEET" down >/dev/null 2>&1 || true
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the tunnel driver, from the objects of this build
(cd "$REPO" && make -s BUILD="$BUILD" "$BUILD/sextant" >/dev/null) || { bad "make $BUILD/sextant"; finish; }
if ! (cd "$REPO" && musl-gcc -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor/bearssl/src/inc -Wall -Wextra \
	-Werror -Wno-unused-parameter -O1 -o "$T/tunnelget" tests/registry/tunnelget.c \
	$(ls "$BUILD"/obj/*/*.o) build/vendor/bearssl/libbearssl.a build/vendor/libyaml/libyaml.a \
	-static -lpthread) >"$T/cc.log" 2>&1; then
	bad "building tests/registry/tunnelget.c"
	indent <"$T/cc.log"
	finish
fi

say "== fleet: 2 app hosts (prefix $FLEET_PREFIX, $FLEET_NET.x)"
t=$SECONDS
if ! "$FLEET" up 2 >"$T/up.log" 2>&1; then
	bad "ci/fleet up 2"
	tail -n 30 "$T/up.log" | indent
	finish
fi
say "      (up took $((SECONDS - t)) s)"
eval "$("$FLEET" env)"
A1=$FLEET_ADDR_APP1 A2=$FLEET_ADDR_APP2

# host state, read without SSH
# (the deploying side's DOCKER_HOST names the builder: not for the hosts' docker)
fx() { local h=$1; shift; env -u DOCKER_HOST -u DOCKER_CONFIG "$FLEET" exec "$h" sh -c "$*"; }
logins() { fx "$1" 'grep -c "Accepted publickey" /var/log/sshd.log || true'; }
containers() { fx "$1" 'docker ps -aq | wc -l'; }
no_lock() { fx "$1" 'test -z "$(ls -d /root/.kamal/lock-* 2>/dev/null)"'; }
snapshot() { echo "$(logins app1) $(logins app2) $(containers app1) $(containers app2)"; }
# untouched BEFORE — nothing changed on either host since the snapshot BEFORE
untouched() {
	local now
	now=$(snapshot)
	[ "$now" = "$1" ] || { echo "before (logins app1 app2, containers app1 app2): $1"; echo "after:  $now"; return 1; }
	no_lock app1 && no_lock app2 || { echo "a deploy lock exists"; return 1; }
}

# ------------------------------------------------------------------ the project
export HOME=$T/home
mkdir -p "$HOME/.ssh" && cp "$FLEET_KNOWN_HOSTS" "$HOME/.ssh/known_hosts"
export GIT_CONFIG_GLOBAL=$T/gitconfig GIT_CONFIG_NOSYSTEM=1
git config --file "$GIT_CONFIG_GLOBAL" user.email registry@sextant.test
git config --file "$GIT_CONFIG_GLOBAL" user.name "Registry Tester"
export DOCKER_HOST=$FLEET_DOCKER_HOST DOCKER_CONFIG=$FLEET_DOCKER_CONFIG NO_COLOR=1
unset SSL_CERT_FILE SSL_CERT_DIR
P=$T/app
LOG=$T/out.log
mkdir -p "$P/config" "$P/.kamal"

# a test CA and a certificate for app.test (kamal-proxy's custom TLS)
mkdir -p "$T/tls"
(
	cd "$T/tls" &&
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 \
		-subj "/CN=sextant registry suite CA" &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout app.key -out app.csr -subj "/CN=app.test" &&
	printf 'subjectAltName=DNS:app.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >ext &&
	openssl x509 -req -in app.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out app.pem -days 2 -extfile ext
) >"$T/tls.log" 2>&1 || { bad "making the test CA"; indent <"$T/tls.log"; }
{
	printf 'REGISTRY_PASSWORD=%s\n' "$FLEET_REGISTRY_PASSWORD"
	printf 'CERT_PEM="%s"\n' "$(cat "$T/tls/app.pem")"
	printf 'KEY_PEM="%s"\n' "$(cat "$T/tls/app.key")"
} >"$P/.kamal/secrets"

# config USER ARCH PROXY_EXTRA XSEXTANT — writes config/deploy.yml
CFG_USER=$FLEET_REGISTRY_USER CFG_ARCH=amd64 CFG_PROXY="" CFG_XS="x-sextant:
  registry:
    insecure: true"
config() {
	cat >"$P/config/deploy.yml" <<EOF
service: fleet-app
image: fleet/app
servers:
  web:
    - $A1
    - $A2
registry:
  server: $FLEET_REGISTRY
  username: $CFG_USER
  password:
    - REGISTRY_PASSWORD
proxy:
  app_port: 80
  healthcheck:
    interval: 1
$CFG_PROXY
ssh:
  keys: [$FLEET_SSH_KEY]
builder:
  arch: $CFG_ARCH
deploy_timeout: 10
drain_timeout: 2
readiness_delay: 1
$CFG_XS
EOF
}
config
cp "$FLEET_APP_CONTEXT/fleet-app" "$P/fleet-app"
cat >"$P/Dockerfile" <<'EOF'
FROM scratch
ARG APP_VERSION=built
COPY fleet-app /fleet-app
ENV PORT=80 APP_VERSION=$APP_VERSION
EXPOSE 80
CMD ["/fleet-app"]
EOF
(cd "$P" && git init -q -b main && git add Dockerfile fleet-app && git commit -q -m "registry suite project")
sx() { (cd "$P" && timeout "${SX_TIMEOUT:-120}" "$SEXTANT" "$@") >"$LOG" 2>&1; }

# ------------------------------------------------------------------ 2. pre-flight refusals
say "== registry pre-flight: a missing tag stops every command before any server is touched"
before=$(snapshot)
for cmd in "deploy --skip-push" "redeploy --skip-push" "setup --skip-push" "build pull"; do
	# shellcheck disable=SC2086
	sx $cmd --version v9-missing
	rc=$?
	cp "$LOG" "$T/refusal.log"
	check "$cmd of a missing tag exits 1" test "$rc" -eq 1
	check_log "... says image, tag, registry and what the registry said" "$T/refusal.log" \
		"registry pre-flight: image $FLEET_REGISTRY/fleet/app:v9-missing not found in registry $FLEET_REGISTRY" \
		"MANIFEST_UNKNOWN" "x-sextant: { preflight: false } skips this check" \
		"nothing was changed on any server" "!Acquiring the deploy lock" "!Running "
done
check "... and no SSH login, no lock, no container on either host (sshd logs, docker ps -a)" untouched "$before"
sx deploy --skip-push --version v9-missing --json
check_log "--json: a preflight event with ok false and the latency" "$LOG" \
	'"event":"preflight"' '"ok":false' '"latency_ms":' '"image":"'"$FLEET_REGISTRY"'/fleet/app:v9-missing"'

CFG_ARCH=arm64 config
sx deploy --skip-push --version v1
cp "$LOG" "$T/arch.log"
check_log "builder.arch arm64 against an amd64-only image: refused, naming what is there" "$T/arch.log" \
	"image $FLEET_REGISTRY/fleet/app:v1 in registry $FLEET_REGISTRY has no arm64" "for linux/amd64"
CFG_ARCH=amd64 config
check "... still nothing touched" untouched "$before"

# ------------------------------------------------------------------ 3. registry login
say "== registry login checks the credentials with the registry"
sx registry login --skip-local
check_log "right credentials: accepted by the registry, then Kamal's login on the servers" "$LOG" \
	"Registry $FLEET_REGISTRY accepts the credentials of $FLEET_REGISTRY_USER" "docker login $FLEET_REGISTRY"
before=$(snapshot)
sed -i 's/^REGISTRY_PASSWORD=.*/REGISTRY_PASSWORD=wrong-password/' "$P/.kamal/secrets"
sx registry login --skip-local
rc=$?
check "wrong password: exits 1" test "$rc" -eq 1
check_log "... refused by the registry, naming the user; no docker login anywhere" "$LOG" \
	"refused the credentials of user $FLEET_REGISTRY_USER" "!docker login"
sx deploy --skip-push --version v1
check_log "... and the pre-flight of a deploy stops on them too" "$LOG" \
	"refused the credentials of user $FLEET_REGISTRY_USER" "!Acquiring the deploy lock"
sed -i "s/^REGISTRY_PASSWORD=.*/REGISTRY_PASSWORD=$FLEET_REGISTRY_PASSWORD/" "$P/.kamal/secrets"
CFG_USER=nobody config
sx registry login --skip-local
rc=$?
check "unknown user: exits 1" test "$rc" -eq 1
check_log "... refused, naming the user" "$LOG" "refused the credentials of user nobody"
CFG_USER=$FLEET_REGISTRY_USER config
check "... no server touched by any of these" untouched "$before"

# ------------------------------------------------------------------ 2b. pre-flight passing + verification
say "== a present tag passes; every switched host is verified through kamal-proxy"
sx setup --skip-push --version v1
rc=$?
cp "$LOG" "$T/setup.log"
check "setup --skip-push v1 succeeds" test "$rc" -eq 0
check_log "pre-flight line: what the registry has, platform, latency" "$T/setup.log" \
	"Registry pre-flight: $FLEET_REGISTRY/fleet/app:v1 is a Docker image manifest (sha256:" "for linux/amd64 (" "plain HTTP)"
check_log "... printed once, before the lock" "$T/setup.log" "Acquiring the deploy lock"
check "... once" test "$(grep -c 'Registry pre-flight' "$T/setup.log")" -eq 1
check "... before the lock" test "$(grep -n 'Registry pre-flight' "$T/setup.log" | cut -d: -f1)" -lt \
	"$(grep -n 'Acquiring the deploy lock' "$T/setup.log" | cut -d: -f1)"
check_log "verification of both hosts: status and latency" "$T/setup.log" \
	"Verified web on $A1 through kamal-proxy: GET http://$A1/up -> 200 (" \
	"Verified web on $A2 through kamal-proxy: GET http://$A2/up -> 200 ("
check "... after kamal-proxy switched (the deploy command came first)" test \
	"$(grep -n "Verified web on $A1" "$T/setup.log" | cut -d: -f1)" -gt \
	"$(grep -n "kamal-proxy deploy fleet-app-web .* on $A1" "$T/setup.log" | head -n1 | cut -d: -f1)"
check "the app answers v1" sh -c "[ \"\$(curl -fsS --max-time 5 http://$A1/version)\" = v1 ]"
grep -o 'Registry pre-flight: .*' "$T/setup.log" | sed 's/^/      /'
grep -o 'Verified web on .*' "$T/setup.log" | sed 's/^/      /'

sx deploy --skip-push --version v2 --json
rc=$?
cp "$LOG" "$T/json.log"
check "deploy --skip-push v2 --json succeeds" test "$rc" -eq 0
check "--json: one verify event per host, status 200, ok, latency_ms" sh -c "
	for h in $A1 $A2; do
		grep '\"event\":\"verify\"' '$T/json.log' | grep '\"host\":\"'\$h'\"' | grep '\"status\":200' |
			grep '\"ok\":true' | grep -qE '\"latency_ms\":[0-9]+' || { echo \"no verify event for \$h\"; exit 1; }
	done"
check_log "--json: a preflight event with ok true" "$T/json.log" '"event":"preflight"' '"ok":true' '"scheme":"http"'

sx rollback v9-missing
rc=$?
cp "$LOG" "$T/rollback.log"
check "rollback to a version the registry lacks: only reported (a rollback never pulls), Kamal's exit 0" \
	test "$rc" -eq 0
check_log "... the pre-flight warning, before the lock, then Kamal's own answer" "$T/rollback.log" \
	"Registry pre-flight: image $FLEET_REGISTRY/fleet/app:v9-missing not found in registry $FLEET_REGISTRY" \
	"going on: a rollback uses the image already on the servers" \
	"The app version 'v9-missing' is not available as a container"
check "... warning before the lock" test "$(grep -n 'Registry pre-flight' "$T/rollback.log" | cut -d: -f1)" -lt \
	"$(grep -n 'Acquiring the deploy lock' "$T/rollback.log" | cut -d: -f1)"

# ------------------------------------------------------------------ 1. tunnels
say "== SSH direct-tcpip tunnels (tunnelget)"
TG="$T/tunnelget -H $A1 -i $FLEET_SSH_KEY -k $FLEET_KNOWN_HOSTS"	# no spaces in these paths
fx app1 'mkdir -p /tmp/www && echo "served on app1 loopback only" >/tmp/www/page.txt && head -c 20000000 /dev/urandom >/tmp/www/big'
big_sum=$(fx app1 'sha256sum /tmp/www/big' | cut -d' ' -f1)
env -u DOCKER_HOST "$FLEET" exec app1 sh -c 'cd /tmp/www && exec python3 -m http.server --bind 127.0.0.1 8088' >"$T/www.log" 2>&1 &
www_pid=$!
for _ in $(seq 50); do fx app1 'python3 -c "import socket; socket.create_connection((\"127.0.0.1\", 8088), 1)"' 2>/dev/null && break; sleep 0.1; done
check "the page is not reachable from here (127.0.0.1 inside app1 only)" \
	sh -c "! curl -fsS --max-time 2 http://$A1:8088/page.txt"
check "... but through a tunnel it is" sh -c "$TG http://127.0.0.1:8088/page.txt --body | grep -qx 'body: served on app1 loopback only'"
check "20 MB through one channel, byte for byte (sha256)" sh -c "
	o=\$($TG http://127.0.0.1:8088/big) && echo \"\$o\" | grep -qx 'bytes: 20000000' && echo \"\$o\" | grep -qx 'sha256: $big_sum'"
check "8 threads at once on one SSH connection: 8 channels, every body right" sh -c "
	o=\$($TG http://127.0.0.1:8088/big --threads 8) &&
	[ \"\$(echo \"\$o\" | grep -cx 'sha256: $big_sum')\" = 8 ] && echo \"\$o\" | grep -qx 'channels: 8'"
check "keep-alive: 20 requests over one channel" sh -c "
	o=\$($TG http://127.0.0.1:80/up --repeat 20) && echo \"\$o\" | grep -qx 'reused: 19' && echo \"\$o\" | grep -qx 'channels: 1'"
check "a host behind the server ($A1 -> $A2:80)" sh -c "$TG http://$A2:80/version --body | grep -qx 'body: v2'"
check "a closed port: the server's refusal, named" sh -c "
	o=\$($TG http://127.0.0.1:8099/); echo \"\$o\"; echo \"\$o\" | grep -q 'could not connect to 127.0.0.1:8099: connect failed'"
check "a deadline: a 3 s answer with a 1 s timeout fails in about 1 s" sh -c "
	o=\$($TG http://127.0.0.1:80/sleep/3000 --timeout 1000); echo \"\$o\"
	echo \"\$o\" | grep -q 'error: timeout' && ms=\$(echo \"\$o\" | sed -n 's/^ms: //p') && [ \"\$ms\" -ge 950 ] && [ \"\$ms\" -lt 2500 ]"

# ------------------------------------------------------------------ 4. verification failures
say "== verification failures: reported (default) or failing the deploy (x-sextant verify: fail)"
CFG_XS="x-sextant:
  registry: { insecure: true }
  verify: { path: /nonexistent }" config
sx deploy --skip-push --version v1
rc=$?
check "verify.path /nonexistent (report): the deploy still succeeds" test "$rc" -eq 0
check_log "... and each host's failure is reported with the status" "$LOG" \
	"Verification of web on $A1 failed: GET http://$A1/nonexistent through kamal-proxy answered 404" \
	"Verification of web on $A2 failed: GET http://$A2/nonexistent through kamal-proxy answered 404"
CFG_XS="x-sextant:
  registry: { insecure: true }
  verify: { path: /nonexistent, mode: fail }" config
sx deploy --skip-push --version v2
rc=$?
cp "$LOG" "$T/vfail.log"
check "verify mode fail: the deploy exits 1" test "$rc" -eq 1
check_log "... naming the host, the request and the status; the lock is released" "$T/vfail.log" \
	"post-switch verification failed for web on" "(x-sextant verify: fail): GET http://" "answered 404" \
	"Releasing the deploy lock"
check "... no lock left" no_lock app1
CFG_XS="x-sextant:
  registry: { insecure: true }
  verify: off" config
sx deploy --skip-push --version v1
check_log "verify: off: no request, no line" "$LOG" "!Verified" "!Verification of" "Finished all in"

# kamal-proxy terminating TLS for app.test with a certificate of the suite's CA
CFG_PROXY="  host: app.test
  ssl:
    certificate_pem: CERT_PEM
    private_key_pem: KEY_PEM" CFG_XS="x-sextant:
  registry: { insecure: true }" config
SSL_CERT_FILE=$T/tls/ca.pem sx deploy --skip-push --version v2
rc=$?
cp "$LOG" "$T/tls.log"
check "TLS: deploy with kamal-proxy terminating TLS for app.test succeeds" test "$rc" -eq 0
check_log "... verified over TLS with SNI app.test and the private CA (SSL_CERT_FILE)" "$T/tls.log" \
	"Verified web on $A1 through kamal-proxy: GET https://app.test/up -> 200 (" \
	"Verified web on $A2 through kamal-proxy: GET https://app.test/up -> 200 ("
grep -o 'Verified web on .*' "$T/tls.log" | sed 's/^/      /'
sx deploy --skip-push --version v1
check_log "... without the CA: reported as untrusted, deploy not failed" "$LOG" \
	"Verification of web on $A1 failed: GET https://app.test/up through kamal-proxy got no answer" \
	"is not trusted" "Finished all in"
CFG_PROXY="  host: app.test" CFG_XS="x-sextant:
  registry: { insecure: true }" config
sx deploy --skip-push --version v2
check_log "plain HTTP with a proxy host: Host app.test sent" "$LOG" \
	"Verified web on $A1 through kamal-proxy: GET http://app.test/up -> 200 ("
CFG_PROXY="  host: app.test" CFG_XS="x-sextant:
  registry: { insecure: true }
  verify: { host: nowhere.test }" config
sx deploy --skip-push --version v1
check_log "a Host that routes nowhere (verify.host nowhere.test): kamal-proxy's 404, reported" "$LOG" \
	"Verification of web on $A1 failed: GET http://nowhere.test/up through kamal-proxy answered 404" \
	"Finished all in"
CFG_PROXY="" CFG_XS="x-sextant:
  registry: { insecure: true }" config

# ------------------------------------------------------------------ 2c. build + push, then the check
say "== deploy with a build: the check comes after the push and before the pull"
sx deploy --version v3
rc=$?
cp "$LOG" "$T/build.log"
check "deploy v3 (built here, pushed) succeeds" test "$rc" -eq 0
check "... push, then pre-flight, then the pull on the servers" sh -c "
	p=\$(grep -n 'docker push' '$T/build.log' | head -n1 | cut -d: -f1)
	c=\$(grep -n 'Registry pre-flight: $FLEET_REGISTRY/fleet/app:v3' '$T/build.log' | cut -d: -f1)
	l=\$(grep -n 'docker pull $FLEET_REGISTRY/fleet/app:v3' '$T/build.log' | head -n1 | cut -d: -f1)
	echo \"push \$p check \$c pull \$l\"; [ -n \"\$p\" ] && [ -n \"\$c\" ] && [ -n \"\$l\" ] && [ \"\$p\" -lt \"\$c\" ] && [ \"\$c\" -lt \"\$l\" ]"
check "the app answers with the built image (APP_VERSION built)" sh -c "[ \"\$(curl -fsS --max-time 5 http://$A1/version)\" = built ]"

# ------------------------------------------------------------------ x-sextant switches and rules
say "== x-sextant: skipping, the plain-HTTP rule, validation, dry runs"
CFG_XS="x-sextant:
  preflight: false
  registry: { insecure: true }" config
sx build pull --version v9-missing
check_log "preflight: false: no check; Kamal's own pull fails instead" "$LOG" \
	"!Registry pre-flight" "docker pull $FLEET_REGISTRY/fleet/app:v9-missing"
CFG_XS="" config
sx build pull --version v1
rc=$?
check "no x-sextant, a plain-HTTP registry at a public address: not asked over HTTP, the pull goes on" test "$rc" -eq 0
check_log "... with a warning saying why and what to set" "$LOG" \
	"Registry pre-flight skipped: cannot check $FLEET_REGISTRY/fleet/app:v1" \
	"set x-sextant: { registry: { insecure: true } }"
CFG_XS="x-sextant:
  verify: { mode: loud }" config
before=$(snapshot)
sx deploy --skip-push --version v1
rc=$?
check "a bad x-sextant value: exits 1 before anything" test "$rc" -eq 1
check_log "... naming file:line:col and the allowed values" "$LOG" \
	"config/deploy.yml:" "x-sextant: verify must be report, fail or off"
sx app boot --version v1
check_log "... app boot too" "$LOG" "x-sextant: verify must be report, fail or off" "!Acquiring"
check "... nothing touched" untouched "$before"
CFG_XS="" config
export SEXTANT_TEST_RANDOM_HEX=0123456789abcdef
sx deploy --skip-push --version v1 --dry-run
cp "$LOG" "$T/plain.plan"
CFG_XS="x-sextant:
  registry: { insecure: true }
  verify: { mode: fail, path: /x }" config
sx deploy --skip-push --version v1 --dry-run
check "--dry-run plans are the same with x-sextant (no pre-flight, no verification in plans)" \
	diff "$T/plain.plan" "$LOG"

finish
