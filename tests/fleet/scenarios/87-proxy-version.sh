# shellcheck shell=bash disable=SC2016,SC2154,SC2034
# proxy boot reads the running kamal-proxy's image tag and refuses one below
# v0.9.2 as Kamal does (Gem::Version: v0.9.2-rc1 is a prerelease, so older), and
# a tag that is no version at all (latest); either way nothing else is run on
# that host, the lock is released and the real proxy keeps serving. The real
# proxy is renamed aside meanwhile and a container of the same image, retagged,
# takes its name (created, never started: only its Config.Image is read).
on app1 "docker rename kamal-proxy kamal-proxy-held"
for tag in v0.9.2-rc1 latest; do
	on app1 "docker tag basecamp/kamal-proxy:v0.9.2 basecamp/kamal-proxy:$tag &&
		docker create --name kamal-proxy basecamp/kamal-proxy:$tag >/dev/null"
	check_not "proxy boot with kamal-proxy:$tag running on app1 fails" sx proxy boot
	case $tag in
	latest) want="Malformed version number string latest (the tag of the running kamal-proxy image); run \`kamal proxy reboot\` to replace it with v0.9.2" ;;
	*) want="kamal-proxy version $tag is too old, run \`kamal proxy reboot\` in order to update to at least v0.9.2" ;;
	esac
	check_log "... naming the host and what to do" "$LOG" "Exception while executing on host $A1: $want" \
		"Releasing the deploy lock"
	check_not "... before anything else is run on app1" \
		grep -E "Running (mkdir -p .kamal/proxy/apps-config|docker container start kamal-proxy).* on $A1\$" "$LOG"
	check "... the lock is released" lock_gone app1
	on app1 "docker rm kamal-proxy >/dev/null && docker rmi basecamp/kamal-proxy:$tag >/dev/null"
done
on app1 "docker rename kamal-proxy-held kamal-proxy"
check_eq "app1 still answers v2 through the real proxy" v2 version_at "$A1"
check "proxy boot with v0.9.2 running passes the check" sx proxy boot
check "... and runs what the failed boots did not (the pattern above can match)" \
	grep -E "Running (mkdir -p .kamal/proxy/apps-config|docker container start kamal-proxy).* on $A1\$" "$LOG"
