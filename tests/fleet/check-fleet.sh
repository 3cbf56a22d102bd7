#!/usr/bin/env bash
# tests/fleet/check-fleet.sh — checks of the test fleet itself (ci/fleet), with
# OpenSSH and the docker CLI. Run as root after ci/bootstrap-fleet. Brings a
# fleet up (3 app hosts, 2 light hosts), checks it, switches it to air-gapped
# and back, tears it down and checks that nothing is left. Prints PASS/FAIL per
# check and ends with "N passed, N failed"; exits non-zero if anything failed.
#
# It uses a fleet of its own (prefix sxc, addresses 10.78.x, state
# /tmp/sextant-fleet-check) so that a developer's or the e2e tests' fleet (sxf,
# 10.77.x) is left alone; FLEET_PREFIX/FLEET_NET/FLEET_STATE override that.
# FLEET_KEEP=1 leaves the fleet up at the end (for debugging); the final
# "down leaves nothing behind" checks are then skipped.
set -uo pipefail
export FLEET_PREFIX=${FLEET_PREFIX:-sxc} FLEET_NET=${FLEET_NET:-10.78} FLEET_STATE=${FLEET_STATE:-/tmp/sextant-fleet-check}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
FLEET=$REPO/ci/fleet
pass=0 fail=0 out=""
T0=$SECONDS

say() { printf '%s\n' "$*"; }
indent() { sed 's/^/      /' | head -n 25; }
check() {	# check "what" cmd... — passes when cmd exits 0
	local what=$1
	shift
	if out=$("$@" 2>&1); then
		pass=$((pass + 1))
		say "PASS  $what"
	else
		fail=$((fail + 1))
		say "FAIL  $what"
		printf '%s\n' "$out" | indent
	fi
}
check_not() {	# check_not "what" cmd... — passes when cmd fails
	local what=$1
	shift
	if out=$("$@" 2>&1); then
		fail=$((fail + 1))
		say "FAIL  $what (it succeeded)"
		printf '%s\n' "$out" | indent
	else
		pass=$((pass + 1))
		say "PASS  $what"
	fi
}
finish() {
	say "fleet checks took $((SECONDS - T0)) s"
	say "$pass passed, $fail failed"
	((fail == 0))
	exit
}

if [[ $EUID -ne 0 ]]; then
	say "check-fleet: must run as root (the fleet needs namespaces); run ci/bootstrap-fleet first"
	say "0 passed, 1 failed"
	exit 1
fi

cleanup() { [[ ${FLEET_KEEP:-0} == 1 ]] || "$FLEET" down >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

netns_before=$([[ -d /run/netns ]] && echo yes || echo no)
sys_images_before=$(docker -H unix:///var/run/docker.sock images -q 2>/dev/null | sort | tr '\n' ' ')

# ------------------------------------------------------------------ up
"$FLEET" down >/dev/null 2>&1
t=$SECONDS
check "ci/fleet up 3 --light 2 (from nothing)" "$FLEET" up 3 --light 2
say "      (took $((SECONDS - t)) s)"
((fail == 0)) || finish	# nothing else can pass (missing ci/bootstrap-fleet?)
t=$SECONDS
check "a second identical 'up' is a no-op" sh -c "'$FLEET' up 3 --light 2 2>&1 | grep -q 'nothing to do'"
say "      (took $((SECONDS - t)) s)"
if ! env_text=$("$FLEET" env); then
	say "FAIL  ci/fleet env"
	fail=$((fail + 1))
	finish
fi
eval "$env_text"
check "env: every variable tests need is set and its files exist" sh -c '
	for v in FLEET_HOSTS FLEET_HOST_ADDRS FLEET_BASTION FLEET_SSH_CONFIG FLEET_SSH_KEY FLEET_KNOWN_HOSTS \
		FLEET_REGISTRY FLEET_REGISTRY_USER FLEET_REGISTRY_PASSWORD FLEET_DOCKER_HOST FLEET_APP_IMAGE \
		FLEET_APP_CONTEXT FLEET_PROXY_IMAGE FLEET_LIGHT_HOSTS FLEET_PREFIX; do
		eval "x=\${$v:-}"; [ -n "$x" ] || { echo "$v is empty"; exit 1; }
	done
	for f in "$FLEET_SSH_CONFIG" "$FLEET_SSH_KEY" "$FLEET_KNOWN_HOSTS" "$FLEET_APP_CONTEXT/Dockerfile" "$FLEET_APP_CONTEXT/fleet-app"; do
		[ -s "$f" ] || { echo "missing $f"; exit 1; }
	done
	[ "$FLEET_HOSTS" = "app1 app2 app3" ] && [ "$FLEET_LIGHT_HOSTS" = "light1 light2" ]'
check "status lists every host as up with its memory" sh -c "'$FLEET' status | tee /dev/stderr | grep -q '^total: 7/7 hosts ready'"
"$FLEET" status 2>/dev/null | sed 's/^/      /'

SSH=(ssh -F "$FLEET_SSH_CONFIG")
read -ra HOSTS <<<"$FLEET_HOSTS"
read -ra LIGHTS <<<"$FLEET_LIGHT_HOSTS"

# ------------------------------------------------------------------ ssh
check "ssh bastion directly" sh -c "[ \"\$(${SSH[*]} bastion hostname)\" = bastion ]"
for h in "${HOSTS[@]}" "${LIGHTS[@]}"; do
	check "ssh $h directly (root)" sh -c "[ \"\$(${SSH[*]} root@$h hostname)\" = $h ]"
	check "ssh -J bastion $h (deploy)" sh -c "[ \"\$(${SSH[*]} -J bastion deploy@$h 'hostname; id -un' | tr '\n' ' ')\" = '$h deploy ' ]"
done
check "ssh by address with -J root@\$FLEET_BASTION and no alias" \
	sh -c "[ \"\$(${SSH[*]} -J root@$FLEET_BASTION root@$FLEET_ADDR_APP2 hostname)\" = app2 ]"
check "host keys are verified: a wrong known_hosts entry is refused" sh -c "
	sed 's/^app1,[^ ]* .*/app1,$FLEET_ADDR_APP1 $(cut -d' ' -f1,2 "$FLEET_KNOWN_HOSTS" | sed -n 2p)/' '$FLEET_KNOWN_HOSTS' >'$FLEET_STATE/kh-bad'
	! ${SSH[*]} -o UserKnownHostsFile='$FLEET_STATE/kh-bad' app1 true"
check_not "key-only: an unknown key is refused" sh -c "
	rm -f '$FLEET_STATE/other' '$FLEET_STATE/other.pub'; ssh-keygen -q -t ed25519 -N '' -f '$FLEET_STATE/other' &&
	ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -i '$FLEET_STATE/other' \
		-o UserKnownHostsFile='$FLEET_KNOWN_HOSTS' root@$FLEET_ADDR_APP1 true"
check "...while the fleet key with the same options is accepted" \
	ssh -F /dev/null -o BatchMode=yes -o IdentitiesOnly=yes -i "$FLEET_SSH_KEY" \
	-o UserKnownHostsFile="$FLEET_KNOWN_HOSTS" "root@$FLEET_ADDR_APP1" true
check_not "key-only: password authentication is not offered" \
	"${SSH[@]}" -o PreferredAuthentications=password,keyboard-interactive -o PubkeyAuthentication=no app1 true
check "deploy is in group docker and can use the host's daemon" \
	sh -c "${SSH[*]} deploy@app1 'id -nG | grep -qw docker && docker info --format {{.Name}}' | grep -qx app1"
check "scp to and from a host (deploy)" sh -c "
	head -c 100000 /dev/urandom >'$FLEET_STATE/blob' &&
	scp -q -F '$FLEET_SSH_CONFIG' '$FLEET_STATE/blob' deploy@app2:blob &&
	scp -q -F '$FLEET_SSH_CONFIG' deploy@app2:blob '$FLEET_STATE/blob.back' &&
	cmp '$FLEET_STATE/blob' '$FLEET_STATE/blob.back'"

# ------------------------------------------------------------------ docker per host
check "every app host has its own dockerd (name, ID, root)" sh -c "
	for h in ${HOSTS[*]}; do ${SSH[*]} \$h 'docker info --format \"{{.Name}} {{.ID}} {{.DockerRootDir}}\"'; done >'$FLEET_STATE/infos'
	cat '$FLEET_STATE/infos'
	[ \"\$(cut -d' ' -f1 '$FLEET_STATE/infos' | tr '\n' ' ')\" = '${HOSTS[*]} ' ] &&
	[ \"\$(cut -d' ' -f2 '$FLEET_STATE/infos' | sort -u | wc -l)\" = ${#HOSTS[@]} ]"
check "a light host has no dockerd" sh -c "! ${SSH[*]} ${LIGHTS[0]} docker info >/dev/null 2>&1"
for h in "${HOSTS[@]}"; do
	check "$h: docker login + pull from the registry" "${SSH[@]}" "$h" "
		echo '$FLEET_REGISTRY_PASSWORD' | docker login -u '$FLEET_REGISTRY_USER' --password-stdin $FLEET_REGISTRY >/dev/null 2>&1 &&
		docker pull -q $FLEET_APP_IMAGE:v1 && docker pull -q $FLEET_APP_IMAGE:unhealthy"
done
check "$FLEET_PROXY_IMAGE is on every app host (user kamal-proxy, CMD kamal-proxy run, title label)" sh -c "
	for h in ${HOSTS[*]}; do
		c=\$(${SSH[*]} \$h \"docker image inspect $FLEET_PROXY_IMAGE --format '{{json .Config}}'\") || exit 1
		for want in '\"User\":\"kamal-proxy:kamal-proxy\"' '\"Cmd\":[\"kamal-proxy\",\"run\"]' \
			'\"org.opencontainers.image.title\":\"kamal-proxy\"' '\"80/tcp\"' '\"443/tcp\"'; do
			case \$c in *\"\$want\"*) ;; *) echo \"\$h: no \$want in \$c\"; exit 1 ;; esac
		done
	done"
check "containers and names are per host (same name on app1 and app2, invisible elsewhere)" sh -c "
	${SSH[*]} app1 'docker run -d --name same $FLEET_APP_IMAGE:v1' >/dev/null &&
	${SSH[*]} app2 'docker run -d --name same $FLEET_APP_IMAGE:v1' >/dev/null &&
	[ -z \"\$(${SSH[*]} app3 'docker ps -aq --filter name=^same\$')\" ] &&
	${SSH[*]} app1 'docker rm -f same' >/dev/null && ${SSH[*]} app2 'docker rm -f same' >/dev/null"
check "/var/run/docker.sock on a host is that host's own daemon socket" sh -c "
	[ \"\$(${SSH[*]} app3 stat -L -c %i /var/run/docker.sock)\" = \"\$(stat -c %i '$FLEET_STATE/app3/run/docker.sock')\" ] &&
	[ \"\$(${SSH[*]} app2 stat -L -c %i /var/run/docker.sock)\" = \"\$(stat -c %i '$FLEET_STATE/app2/run/docker.sock')\" ]"

# ------------------------------------------------------------------ builder
check "builder: docker build + push from this machine (FLEET_DOCKER_HOST), pull on app3" sh -c "
	export DOCKER_HOST='$FLEET_DOCKER_HOST' DOCKER_CONFIG='$FLEET_DOCKER_CONFIG' DOCKER_BUILDKIT=0
	docker build -q --build-arg APP_VERSION=check --label service=check -t $FLEET_APP_IMAGE:check '$FLEET_APP_CONTEXT' >/dev/null 2>&1 &&
	docker push -q $FLEET_APP_IMAGE:check >/dev/null &&
	${SSH[*]} app3 'docker pull -q $FLEET_APP_IMAGE:check && docker run --rm -d --name chk $FLEET_APP_IMAGE:check >/dev/null &&
		sleep 0.3 && docker exec chk /fleet-app 2>&1 | head -1; docker rm -f chk >/dev/null; docker image inspect -f {{.Config.Labels.service}} $FLEET_APP_IMAGE:check' | grep -qx check"
check "the machine's own docker daemon and /root/.docker are untouched" sh -c "
	[ \"\$(docker -H unix:///var/run/docker.sock images -q 2>/dev/null | sort | tr '\n' ' ')\" = '$sys_images_before' ] &&
	! grep -qs '$FLEET_REGISTRY' /root/.docker/config.json"

# ------------------------------------------------------------------ kamal-proxy, the way Kamal runs it
# kamal proxy boot (legacy options, spec/kamal-proxy.md section 5), then an app
# container on network kamal and `kamal-proxy deploy` inside the proxy container.
proxy_boot='docker network create kamal >/dev/null 2>&1; mkdir -p .kamal/proxy/apps-config &&
docker container start kamal-proxy 2>/dev/null || echo $(cat .kamal/proxy/options 2> /dev/null || echo "--publish 80:80 --publish 443:443 --log-opt max-size=10m") $(cat .kamal/proxy/image 2> /dev/null || echo "basecamp/kamal-proxy"):$(cat .kamal/proxy/image_version 2> /dev/null || echo "v0.9.2") $(cat .kamal/proxy/run_command 2> /dev/null || echo "") | xargs docker run --name kamal-proxy --network kamal --detach --restart unless-stopped --volume kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy --volume $PWD/.kamal/proxy/apps-config:/home/kamal-proxy/.apps-config'
app_deploy() {	# app_deploy HOST VERSION TAG [deploy-timeout]
	local h=$1 v=$2 tag=$3 to=${4:-10s}
	"${SSH[@]}" "$h" "docker run --detach --restart unless-stopped --name web-$v --network kamal --label service=web $FLEET_APP_IMAGE:$tag >/dev/null &&
		cid=\$(docker container ls --all --filter 'name=^web-$v\$' --quiet) &&
		docker exec kamal-proxy kamal-proxy deploy web --target=\"\$cid:80\" --deploy-timeout=\"$to\" --drain-timeout=\"2s\" --buffer-requests --buffer-responses"
}
for h in app1 app2; do
	check "$h: kamal-proxy boots like 'kamal proxy boot' (publishes 80 and 443)" "${SSH[@]}" "$h" "$proxy_boot >/dev/null && docker ps --filter name=^kamal-proxy\$ --format '{{.Ports}}' | grep -q '0.0.0.0:80->80/tcp'"
done
check "app1: deploy v1 behind kamal-proxy" app_deploy app1 v1 v1
check "app2: deploy v2 behind kamal-proxy" app_deploy app2 v2 v2
check "both proxies answer on their own address at once (app1 v1, app2 v2)" sh -c "
	[ \"\$(curl -fsS --max-time 5 http://$FLEET_ADDR_APP1/version)\" = v1 ] &&
	[ \"\$(curl -fsS --max-time 5 http://$FLEET_ADDR_APP2/version)\" = v2 ] &&
	curl -fsS --max-time 5 http://$FLEET_ADDR_APP1/up | grep -qx OK"
check "app1: redeploy v2 through kamal-proxy" app_deploy app1 v2b v2
check "app1 now answers v2" sh -c "[ \"\$(curl -fsS --max-time 5 http://$FLEET_ADDR_APP1/version)\" = v2 ]"
check "app1: redeploy v1 through kamal-proxy" app_deploy app1 v1b v1
check "app1 answers v1 again" sh -c "[ \"\$(curl -fsS --max-time 5 http://$FLEET_ADDR_APP1/version)\" = v1 ]"
check_not "app1: the unhealthy image fails its deploy" app_deploy app1 bad unhealthy 3s
check "app1: after the failed deploy the old version still answers" \
	sh -c "[ \"\$(curl -fsS --max-time 5 http://$FLEET_ADDR_APP1/version)\" = v1 ]"
check "kamal-proxy state persists in its volume, owned by uid 1001" "${SSH[@]}" app1 \
	"stat -c '%u %n' /var/lib/docker/volumes/kamal-proxy-config/_data/kamal-proxy.state | grep -q '^1001 '"
check "app3 sees neither proxy nor app (hosts are isolated)" sh -c "
	[ -z \"\$(${SSH[*]} app3 'docker ps -aq --filter name=kamal-proxy --filter name=web-')\" ] &&
	! curl -fsS --max-time 2 http://$FLEET_ADDR_APP3/ >/dev/null 2>&1"

# ------------------------------------------------------------------ stop / start one host
check "stop app2: unreachable; start app2: proxy and app come back (restart policy)" sh -c "
	'$FLEET' stop app2 2>/dev/null && ! ${SSH[*]} -o ConnectTimeout=3 app2 true 2>/dev/null &&
	'$FLEET' start app2 2>/dev/null && ${SSH[*]} app2 true &&
	for i in \$(seq 50); do v=\$(curl -fsS --max-time 2 http://$FLEET_ADDR_APP2/version 2>/dev/null) && [ \"\$v\" = v2 ] && exit 0; sleep 0.2; done; exit 1"

# ------------------------------------------------------------------ air-gapped
t=$SECONDS
check "up --air-gapped switches in place" sh -c "'$FLEET' up 3 --light 2 --air-gapped 2>&1 | grep -q 'switched to air-gapped'"
say "      (took $((SECONDS - t)) s)"
eval "$("$FLEET" env)"
check "air-gapped: env says so" test "$FLEET_AIR_GAPPED" = 1
check_not "air-gapped: app1 is NOT reachable directly (no route)" \
	ssh -F /dev/null -o BatchMode=yes -o ConnectTimeout=3 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "root@$FLEET_ADDR_APP1" true
check_not "air-gapped: app1:80 is NOT reachable from this machine" curl -fsS --max-time 3 "http://$FLEET_ADDR_APP1/up"
check "air-gapped: ssh app1 works through the bastion (ProxyJump in ssh_config)" \
	sh -c "[ \"\$(${SSH[*]} app1 hostname)\" = app1 ]"
check "air-gapped: ssh -J bastion light1" sh -c "[ \"\$(${SSH[*]} -J bastion light1 hostname)\" = light1 ]"
check "air-gapped: the bastion does not forward from the public side to app hosts" sh -c "
	ip -n ${FLEET_PREFIX}-builder route replace ${FLEET_ADDR_APP1%.*}.0/24 via $FLEET_BASTION &&
	{ ! ip netns exec ${FLEET_PREFIX}-builder curl -sS --max-time 2 telnet://$FLEET_ADDR_APP1:22 </dev/null; r=\$?;
	  ip -n ${FLEET_PREFIX}-builder route del ${FLEET_ADDR_APP1%.*}.0/24; exit \$r; }"
check "air-gapped: app hosts still pull from the registry" "${SSH[@]}" app3 "docker pull -q $FLEET_APP_IMAGE:v2"
check "air-gapped: the app answers through kamal-proxy, seen from app3" \
	sh -c "[ \"\$(${SSH[*]} app3 curl -fsS --max-time 5 http://app1/version)\" = v1 ]"
check "up --direct switches back" sh -c "'$FLEET' up 3 --light 2 --direct 2>&1 | grep -q 'switched to direct' && ${SSH[*]} -o ProxyJump=none app1 true"

# ------------------------------------------------------------------ down
if [[ ${FLEET_KEEP:-0} == 1 ]]; then
	say "FLEET_KEEP=1: fleet left up ($FLEET_STATE)"
	finish
fi
# everything that ran inside the fleet's PID namespaces, to look for after down
pids_file=$(mktemp /tmp/check-fleet-pids.XXXXXX)
while read -r _ kind pid _; do
	[[ $kind == init ]] || continue
	want=$(readlink "/proc/$pid/ns/pid" 2>/dev/null) || continue
	for p in /proc/[0-9]*; do
		[[ $(readlink "$p/ns/pid" 2>/dev/null) == "$want" ]] && echo "${p#/proc/} $(cut -d' ' -f22 "$p/stat" 2>/dev/null)"
	done
done <"$FLEET_STATE/pids" >"$pids_file"
awk '$2 == "registry" { print $3 " " $4 }' "$FLEET_STATE/pids" >>"$pids_file"
say "      ($(wc -l <"$pids_file") fleet processes before down)"
t=$SECONDS
check "ci/fleet down" "$FLEET" down
say "      (took $((SECONDS - t)) s)"
check "down: no fleet process is left" sh -c "
	while read -r p st; do [ \"\$(cut -d' ' -f22 /proc/\$p/stat 2>/dev/null)\" = \"\$st\" ] && { ps -o pid,args -p \$p; exit 1; }; done <'$pids_file'; exit 0"
rm -f "$pids_file"
check "down: no network namespace, link, route or iptables rule is left" sh -c "
	! ip netns list 2>/dev/null | grep -q '^$FLEET_PREFIX-' &&
	! ip -o link show | grep -q ': $FLEET_PREFIX' &&
	! ip route show | grep -q '${FLEET_BASTION%.*.*}\.' &&
	! iptables -w -S FORWARD | grep -q '$FLEET_PREFIX-fleet'"
check "down: no mount, cgroup or state dir is left" sh -c "
	! grep -q '$FLEET_STATE' /proc/self/mountinfo && ! grep -q ' /run/netns/$FLEET_PREFIX-' /proc/self/mountinfo &&
	! ls -d /sys/fs/cgroup/*/$FLEET_PREFIX /sys/fs/cgroup/$FLEET_PREFIX 2>/dev/null | grep -q . &&
	[ ! -e '$FLEET_STATE' ]"
if [[ $netns_before == no ]]; then
	check "down: /run/netns removed (it did not exist before)" test ! -e /run/netns
fi
check "a second down is harmless" "$FLEET" down
finish
