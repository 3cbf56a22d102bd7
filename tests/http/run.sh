#!/usr/bin/env bash
# tests/http/run.sh — src/http against real servers on loopback only:
#   - a scripted HTTP/1.1 server (server.py): keep-alive, chunked + trailers,
#     close-delimited, byte-at-a-time, redirects, stalls, limits, IPv4/IPv6;
#   - TLS with a test CA made here by openssl: good, IP SAN, expired, wrong name,
#     untrusted, SSL_CERT_FILE / SSL_CERT_DIR / system bundle;
#   - Debian's real docker-registry (distribution 2.8): plain, htpasswd Basic
#     auth (bcrypt), HTTPS with the test CA, and the Bearer token flow with
#     tokenserver.py; images pushed by the API (regpush.py), then manifest
#     HEAD/GET and platform checks through tests/http/httpget.c.
# Ends with "N passed, N failed". Needs: openssl, python3, docker-registry,
# htpasswd (apache2-utils); installs the last two with apt-get when root.
set -u
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
HERE=tests/http
T=$(mktemp -d /tmp/sextant-http.XXXXXX)
pids=()
pass=0 fail=0

cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
	fail=$((fail + 1)); echo "FAIL $1"
	if [ -n "${2:-}" ] && [ -f "$2" ]; then sed 's/^/     | /' "$2" | head -25; fi
}
# expect NAME REGEX CMD...: the command's output must match every ';;'-separated regex.
expect() {
	local name=$1 pats=$2 p rc=0
	shift 2
	"$@" >"$T/out" 2>&1
	IFS=$'\n'
	for p in $(printf '%s\n' "$pats" | sed 's/;;/\n/g'); do
		grep -qE -- "$p" "$T/out" || rc=1
	done
	unset IFS
	grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T/out" && rc=1
	if [ $rc -eq 0 ]; then ok "$name"; else echo "     (wanted: $pats)"; bad "$name" "$T/out"; fi
}
die() { echo "run.sh: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

need_pkg() {	# binary package
	command -v "$1" >/dev/null 2>&1 && return 0
	[ "$(id -u)" = 0 ] || return 1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1 ||
	{ apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null 2>&1; }
	command -v "$1" >/dev/null 2>&1
}
need_pkg openssl openssl || die "openssl missing"
need_pkg python3 python3 || die "python3 missing"
need_pkg docker-registry docker-registry || die "docker-registry missing (apt-get install docker-registry)"
need_pkg htpasswd apache2-utils || die "htpasswd missing (apt-get install apache2-utils)"

# ---- build the driver from the project's core and http objects ----
# SANITIZE=1: the same sources built with gcc -fsanitize=address,undefined (leaks included).
if [ "${SANITIZE:-0}" = 1 ]; then
	make -s -f vendor/vendor.mk VENDOR=build/vendor-host VENDOR_CC=gcc >/dev/null 2>&1
	gcc -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor-host/bearssl/src/inc -Wall -Wextra -Werror \
		-Wno-unused-parameter -Wno-format-truncation -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
		-o "$T/httpget" $HERE/httpget.c src/core/*.c src/http/*.c \
		build/vendor-host/bearssl/libbearssl.a -lpthread || die "building httpget (sanitizers) failed"
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
else
	objs=$(ls src/core/*.c src/http/*.c | sed "s|^src/|$BUILD/obj/|; s|\.c$|.o|")
	make -s BUILD="$BUILD" $objs >/dev/null || die "building src/core and src/http failed"
	musl-gcc -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor/bearssl/src/inc -Wall -Wextra -Werror \
		-Wno-unused-parameter -O1 -o "$T/httpget" $HERE/httpget.c $objs \
		build/vendor/bearssl/libbearssl.a -static -lpthread || die "building httpget failed"
fi
G=$T/httpget

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_file() { local i; for i in $(seq 1 100); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1; }
wait_port() {	# host port
	local i
	for i in $(seq 1 100); do
		python3 -c "import socket,sys; socket.create_connection(('$1', $2), 0.2)" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
start_server() {	# name args... -> sets PORT
	local name=$1
	shift
	python3 $HERE/server.py --port-file "$T/$name.port" "$@" >"$T/$name.log" 2>&1 &
	pids+=($!)
	wait_file "$T/$name.port" || die "server $name did not start"
	PORT=$(cat "$T/$name.port")
}

# ---- certificates (a test CA made now; nothing checked in) ----
mkdir -p "$T/pki" "$T/pki/dir" "$T/pki/ca"
P=$T/pki
(
	set -e
	cd "$P"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
		-subj "/CN=sextant test CA" -addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca2.key -out ca2.pem -days 30 \
		-subj "/CN=some other CA" -addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
	mk() {	# name san ca [startdate enddate]
		openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" \
			-out "$1.csr" -subj "/CN=$1" 2>/dev/null
		printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' "$2" >"$1.ext"
		if [ $# -ge 5 ]; then
			printf '[ca]\ndefault_ca=d\n[d]\ndatabase=%s/ca/index.txt\nnew_certs_dir=%s/ca\nserial=%s/ca/serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n' "$P" "$P" "$P" >ca.cnf
			: >ca/index.txt
			echo 1000 >ca/serial
			openssl ca -batch -config ca.cnf -cert "$3.pem" -keyfile "$3.key" -in "$1.csr" \
				-out "$1.pem" -startdate "$4" -enddate "$5" -extfile "$1.ext" -notext 2>/dev/null
		else
			openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial \
				-days 30 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
		fi
	}
	mk good "DNS:localhost,IP:127.0.0.1,IP:::1" ca
	mk wrongname "DNS:wrong.example" ca
	mk expired "DNS:localhost,IP:127.0.0.1" ca 20200101000000Z 20210101000000Z
	mk untrusted "DNS:localhost,IP:127.0.0.1" ca2
	cp ca.pem dir/testca.pem
	echo "not a certificate" >dir/README
	# the token signer (a self-signed RSA key the registry trusts for JWTs)
	openssl req -x509 -newkey rsa:2048 -nodes -keyout tok.key -out tok.pem -days 30 \
		-subj "/CN=token signer" 2>/dev/null
) || die "making certificates failed"
export SSL_CERT_FILE=$P/ca.pem
unset SSL_CERT_DIR

echo "# HTTP/1.1"
start_server plain --cross "http://127.0.0.1:1"
HP=$PORT
start_server cross
XP=$PORT
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null
rm -f "$T/plain.port"
start_server plain --cross "http://127.0.0.1:$XP"
HP=$PORT
H=http://127.0.0.1:$HP

expect "content-length body" '^status: 200 OK;;body-bytes: 12;;^hello conn=' $G get $H/hello --body
expect "keep-alive: 3 requests, 1 connection" '^dials: 1 reuses: 2$;;reused: 1' $G get $H/hello --repeat 3
expect "chunked body with extension and trailer" '^hello, world$;;^trailer: X-Checksum: abc$' $G get $H/chunked --body
expect "close-delimited body" '^until close$;;keep-alive: 0' $G get $H/close --body
expect "byte-at-a-time server" '^abcdef$;;^header: X-Slow: yes$' $G get $H/slow --body
expect "redirects followed (301/302/307/308, relative Location)" '^landed$;;^redirects: 4 ;;url: http://127.0.0.1:[0-9]+/redirect/0$' $G get $H/redirect/4 --body
expect "redirects bounded" '^error: protocol: .*more than 2 redirects' $G get $H/redirect/4 --max-redirects 2
expect "redirect loop stops" '^error: protocol: .*more than 5 redirects' $G get $H/loop
expect "redirect not followed when disabled" '^status: 302 Found$;;redirects: 0' $G get $H/redirect/4 --max-redirects 0
expect "303 after POST becomes GET without body" '^GET /echo;;^body=$' $G get $H/see-other --method POST --data payload --body
expect "POST body sent with Content-Length" '^POST /echo;;^Content-Length: 7$;;^body=payload$' $G get $H/echo --method POST --data payload --body
expect "cross-origin redirect drops Authorization, keeps other fields" '^X-Keep: 1$;;^url: http://127.0.0.1:'"$XP"'/echo$' \
	$G get $H/cross -H "Authorization: Bearer secret" -H "X-Keep: 1" --body
if grep -q "Authorization" "$T/out"; then bad "cross-origin Authorization really absent" "$T/out"; else ok "cross-origin Authorization really absent"; fi
expect "same-origin redirect keeps Authorization" '^Authorization: Bearer s$' $G get $H/see-other -H "Authorization: Bearer s" --body
expect "first-byte deadline" '^error: timeout: .*no response within 300 ms' $G get $H/stall --first-byte-timeout 300
expect "whole-request deadline" '^error: timeout: ' $G get $H/stall --timeout 400
expect "truncated body is an error" '^error: protocol: .*closed after 9 of 100 body bytes' $G get $H/truncated
expect "body over the limit" '^error: range: .*over the limit of 1000000 bytes' $G get $H/big --max-body 1000000
expect "body truncated on request" '^body-bytes: 3145728 \(truncated\)' $G get $H/big --max-body 1000 --truncate
expect "header over the cap" '^error: range: .*header line longer than 8192 bytes' $G get $H/bigheader
expect "Host override" '^host=app.example.com$' $G get $H/host --host-header app.example.com --body
expect "Connection: close honoured" '^dials: 2 reuses: 0$' $G get $H/oneshot --repeat 2
expect "stale kept-alive connection retried once" '^dials: 2 reuses: 1$;;^status: 200' $G get $H/sneaky --repeat 2
expect "request header injection refused" '^error: invalid: .*X-Bad' $G get $H/echo -H $'X-Bad: a\r\nInjected: 1'
expect "connection refused names the address" '^error: io: .*cannot connect to 127.0.0.1 port 1 \(127.0.0.1:1: Connection refused\)' $G get http://127.0.0.1:1/
expect "localhost tries each address" '^status: 200 OK' $G get http://localhost:$HP/hello
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
	start_server v6 --bind ::1
	expect "IPv6 literal" '^status: 200 OK;;^url: http://\[::1\]:[0-9]+/hello$' $G get "http://[::1]:$PORT/hello"
else
	echo "skip IPv6 (no ::1 here)"
fi

echo "# TLS"
start_server tls-good --cert $P/good.pem --key $P/good.key
TG=$PORT
start_server tls-wrong --cert $P/wrongname.pem --key $P/wrongname.key
TW=$PORT
start_server tls-expired --cert $P/expired.pem --key $P/expired.key
TE=$PORT
start_server tls-untrusted --cert $P/untrusted.pem --key $P/untrusted.key
TU=$PORT
expect "TLS good certificate (DNS name, SNI)" '^status: 200 OK;;^hello conn=' $G get https://localhost:$TG/hello --body
expect "TLS good certificate (IP SAN)" '^status: 200 OK' $G get https://127.0.0.1:$TG/hello
if [ -f "$T/v6.port" ]; then
	start_server tls-v6 --bind ::1 --cert $P/good.pem --key $P/good.key
	expect "TLS over IPv6 literal (IP SAN ::1)" '^status: 200 OK' $G get "https://[::1]:$PORT/hello"
fi
expect "TLS keep-alive" '^dials: 1 reuses: 2$' $G get https://localhost:$TG/hello --repeat 3
expect "TLS chunked + trailer" '^hello, world$;;^trailer: X-Checksum: abc$' $G get https://localhost:$TG/chunked --body
expect "TLS close-delimited" '^until close$' $G get https://localhost:$TG/close --body
expect "TLS byte-at-a-time" '^abcdef$' $G get https://localhost:$TG/slow --body
expect "TLS wrong name" '^error: crypto: .*certificate of localhost is not valid for the name localhost' $G get https://localhost:$TW/hello
expect "TLS IP not in SAN" '^error: crypto: .*certificate of 127.0.0.1 is not valid for the name 127.0.0.1' $G get https://127.0.0.1:$TW/hello
expect "TLS expired" '^error: crypto: .*certificate of localhost has expired or is not yet valid' $G get https://localhost:$TE/hello
expect "TLS untrusted CA" "^error: crypto: .*certificate of localhost is not trusted: .*SSL_CERT_FILE=$P/ca.pem" $G get https://localhost:$TU/hello
expect "TLS verify time in the future" '^error: crypto: .*has expired' $G get https://localhost:$TG/hello --verify-time 4102444800
expect "TLS name override (tls_name)" '^status: 200 OK' $G get https://127.0.0.1:$TG/hello --tls-name localhost
expect "SSL_CERT_DIR honoured" '^status: 200 OK' env -u SSL_CERT_FILE SSL_CERT_DIR=$P/dir $G get https://localhost:$TG/hello
expect "system bundle does not trust the test CA" '^error: crypto: .*not trusted: its chain does not lead to a CA in /etc/ssl' env -u SSL_CERT_FILE -u SSL_CERT_DIR $G get https://localhost:$TG/hello
expect "SSL_CERT_FILE missing file" "^error: not-?found: .*$T/nope.pem" env SSL_CERT_FILE=$T/nope.pem $G get https://localhost:$TG/hello
expect "https to a plain HTTP port" '^error: protocol: .*TLS with 127.0.0.1 failed: the server answered in plain HTTP, not TLS' $G get https://127.0.0.1:$HP/hello --timeout 3000
expect "http to a TLS port" '^error: ' $G get http://127.0.0.1:$TG/hello --timeout 2000

echo "# health probes (post-switch verification shape)"
expect "probe: 2xx with latency" '^probe: status=200 ok=1 first-byte-ms=[0-9]+ total-ms=[0-9]+ location= body=hello conn=' $G probe $H/hello
expect "probe: redirect reported, not followed" '^probe: status=307 ok=0 .*location=/redirect/0' $G probe $H/redirect/1
expect "probe: Host header and TLS name through an IP address" '^probe: status=200 ok=1 .*body=hello' $G probe https://127.0.0.1:$TG/hello --host-header localhost
expect "probe: wrong TLS name through an IP address" '^error: crypto: .*not valid for the name app.example' $G probe https://127.0.0.1:$TG/hello --host-header app.example
expect "probe: silent server times out" '^probe: status=0 ok=0;;^error: timeout: ' $G probe $H/stall --timeout 300
expect "probe: refused" '^error: io: .*Connection refused' $G probe http://127.0.0.1:1/up

echo "# registry (docker-registry $(docker-registry --version 2>/dev/null | awk '{print $3}'))"
STORE=$T/registry-data
mkdir -p "$STORE"
htpasswd -Bbn -C 4 tester s3cret >"$T/htpasswd" 2>/dev/null
start_registry() {	# name port extra-yaml
	cat >"$T/$1.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $STORE
http:
  addr: 127.0.0.1:$2
  secret: sextant-test-secret
$3
YML
	docker-registry serve "$T/$1.yml" >"$T/$1.log" 2>&1 &
	pids+=($!)
	wait_port 127.0.0.1 "$2" || { cat "$T/$1.log"; die "registry $1 did not start"; }
}
RP=$(free_port)
start_registry plain "$RP" ""
python3 $HERE/regpush.py "http://127.0.0.1:$RP" >"$T/push.log" 2>&1 || { cat "$T/push.log"; die "pushing test images failed"; }
R=127.0.0.1:$RP
expect "image reference parsing" '^server: 127.0.0.1:5000;;^repo: team/app;;^ref: v1' $G image 127.0.0.1:5000/team/app:v1
expect "image reference: Docker Hub library" '^server: \(hub\);;^repo: library/nginx;;^ref: latest' $G image nginx
expect "ping plain registry" '^ping: ok auth=1' $G registry $R --insecure ping
expect "HEAD manifest" "^media-type: application/vnd.docker.distribution.manifest.v2\+json;;^digest: $(awk '/app:v1/{print $3}' "$T/push.log")" $G registry $R --insecure head app v1
expect "GET Docker v2 manifest -> platform from config" '^platform: linux/amd64 ;;^index: 0' $G registry $R --insecure get app v1
expect "GET OCI index (attestation skipped)" '^media-type: application/vnd.oci.image.index.v1\+json;;^platform: linux/amd64 sha256:;;^platform: linux/arm64/v8 sha256:;;^index: 1' $G registry $R --insecure get app multi
if grep -q unknown "$T/out"; then bad "attestation entry not listed" "$T/out"; else ok "attestation entry not listed"; fi
expect "GET Docker manifest list" '^media-type: application/vnd.docker.distribution.manifest.list.v2\+json;;^platform: linux/arm/v7' $G registry $R --insecure get app list
expect "GET OCI image manifest" '^media-type: application/vnd.oci.image.manifest.v1\+json;;^platform: linux/arm64 ' $G registry $R --insecure get team/tools oci
expect "GET by digest" '^platform: linux/amd64' $G registry $R --insecure get app "$(awk '/app:v1/{print $3}' "$T/push.log")"
expect "check: single-arch image has its platform" "^found: $R/app:v1 is a Docker image manifest \(sha256:[0-9a-f]{64}\) for linux/amd64$" $G registry $R --insecure check app v1 linux/amd64
expect "check: missing platform refused with what was found" "^error: not-?found: image $R/app:v1 in registry $R has no linux/arm64: it is a Docker image manifest \(sha256:.*for linux/amd64" $G registry $R --insecure check app v1 linux/amd64 linux/arm64
expect "check: index has both platforms" "^found: $R/app:multi is a OCI image index .* for linux/amd64, linux/arm64/v8$" $G registry $R --insecure check app multi amd64 arm64
expect "check: arm/v7 from a manifest list" '^found: .*linux/arm/v7' $G registry $R --insecure check app list linux/arm/v7 linux/amd64
expect "check: arm64 without variant satisfies arm64/v8" '^found: ' $G registry $R --insecure check team/tools oci linux/arm64/v8
expect "check: missing tag" "^error: not-?found: image $R/app:nope not found in registry $R \(MANIFEST_UNKNOWN: manifest unknown\)" $G registry $R --insecure check app nope linux/amd64
expect "check: missing repository" "^error: not-?found: image $R/ghost:v1 not found in registry $R \((NAME_UNKNOWN|MANIFEST_UNKNOWN)" $G registry $R --insecure check ghost v1
expect "check: invalid reference refused before any request" '^error: invalid: invalid repository name;;requests: 0' $G registry $R --insecure check ../etc v1
expect "keep-alive across registry requests" '^requests: 2 token-fetches: 0 dials: 1 reuses: 1' $G registry $R --insecure check app v1 linux/amd64

BP=$(free_port)
start_registry basic "$BP" "auth:
  htpasswd:
    realm: sextant-test
    path: $T/htpasswd"
B=127.0.0.1:$BP
expect "Basic: no credentials" "^error: auth: registry $B wants credentials \(Basic\)" $G registry $B --insecure check app v1 linux/amd64
expect "Basic: wrong password" "^error: auth: registry $B refused the credentials of user tester" $G registry $B --insecure --user tester --password wrong check app v1
expect "Basic: good credentials" "^found: $B/app:v1 is a Docker image manifest" $G registry $B --insecure --user tester --password s3cret check app v1 linux/amd64
expect "Basic: login check good" '^login: ok' $G registry $B --insecure --user tester --password s3cret login
expect "Basic: login check bad" '^error: auth: ' $G registry $B --insecure --user tester --password nope login
mkdir -p "$T/dockercfg"
printf '{"auths": {"https://%s/v1/": {"auth": "%s"}}, "credsStore": ""}\n' "$B" "$(printf tester:s3cret | base64)" >"$T/dockercfg/config.json"
expect "Basic: credentials from docker config.json" "^credentials: user tester from $T/dockercfg/config.json;;^found: " $G registry $B --insecure --docker-config "$T/dockercfg/config.json" check app multi linux/arm64
expect "Basic: DOCKER_CONFIG honoured" "^credentials: user tester from $T/dockercfg/config.json" env DOCKER_CONFIG=$T/dockercfg $G registry $B --insecure --default-docker-config ping
printf '{"auths": {}, "credsStore": "desktop"}\n' >"$T/dockercfg/helper.json"
expect "Basic: credential helper named when no entry" "^error: auth: registry $B wants credentials .*docker-credential-desktop" $G registry $B --insecure --docker-config "$T/dockercfg/helper.json" ping
printf '{"auths": {"%s": {"auth": "%s"}},\n  oops}\n' "$B" "$(printf tester:s3cret | base64)" >"$T/dockercfg/bad.json"
expect "Basic: malformed docker config names file:line:col" "^error: parse: invalid JSON: .*\[$T/dockercfg/bad.json:2:3\]" $G registry $B --insecure --docker-config "$T/dockercfg/bad.json" ping

SP=$(free_port)
start_registry tls "$SP" "  tls:
    certificate: $P/good.pem
    key: $P/good.key
auth:
  htpasswd:
    realm: sextant-test
    path: $T/htpasswd"
expect "HTTPS registry with test CA + Basic" "^base: https://localhost:$SP;;^found: localhost:$SP/app:multi is a OCI image index" $G registry localhost:$SP --user tester --password s3cret check app multi linux/amd64 linux/arm64
expect "HTTPS registry by IP (IP SAN)" '^found: ' $G registry 127.0.0.1:$SP --user tester --password s3cret check app v1 amd64
expect "HTTPS registry untrusted without the CA" '^error: crypto: .*not trusted' env -u SSL_CERT_FILE $G registry localhost:$SP --user tester --password s3cret ping

echo 0 >"$T/tokcount"
python3 $HERE/tokenserver.py --port-file "$T/tok.port" --key $P/tok.key --issuer sextant-test-issuer \
	--user tester --password s3cret --count-file "$T/tokcount" --cert $P/good.pem --tls-key $P/good.key \
	>"$T/tok.log" 2>&1 &
pids+=($!)
wait_file "$T/tok.port" || die "token server did not start"
TP=$(cat "$T/tok.port")
KP=$(free_port)
start_registry token "$KP" "  tls:
    certificate: $P/good.pem
    key: $P/good.key
auth:
  token:
    realm: https://localhost:$TP/token
    service: sextant-test
    issuer: sextant-test-issuer
    rootcertbundle: $P/tok.pem"
K=localhost:$KP
expect "Bearer: ping with token" '^ping: ok auth=3;;token-fetches: 1' $G registry $K --user tester --password s3cret ping
expect "Bearer: check (manifest + config blob, one token for the scope)" "^found: $K/app:v1 is a Docker image manifest;;token-fetches: 1 " $G registry $K --user tester --password s3cret check app v1 linux/amd64
expect "Bearer: index check" "^found: $K/app:multi is a OCI image index" $G registry $K --user tester --password s3cret check app multi linux/amd64 linux/arm64
expect "Bearer: wrong password refused by the token service" "^error: auth: registry $K: the token service https://localhost:$TP/token refused the credentials of user tester" $G registry $K --user tester --password wrong check app v1
expect "Bearer: no credentials" "^error: auth: registry $K: the token service .* wants credentials" $G registry $K check app v1
expect "Bearer: login check" '^login: ok' $G registry $K --user tester --password s3cret login
expect "Bearer: missing tag" "^error: not-?found: image $K/app:nope not found" $G registry $K --user tester --password s3cret check app nope
expect "Bearer: missing platform" "^error: not-?found: image $K/app:list in registry $K has no linux/arm64" $G registry $K --user tester --password s3cret check app list linux/arm64

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
