# tests/reliability/faults.sh — injected faults (sourced by run.sh).
#
# Each fault: the deploy stops with a clear error naming the host (exit != 0), the
# deploy lock is released, the hosts that were not hit are consistent (one app
# container running and it is the one kamal-proxy serves), and once the fault is
# repaired a rerun completes.

sshd_pids() { hexec "$1" 'for p in /proc/[0-9]*; do [ "$(cat $p/comm 2>/dev/null)" = sshd ] && echo ${p#/proc/}; done' | tr '\n' ' '; }
sshd_start() {	# (re)starts HOST's sshd as ci/lib/fleet-host-init does, waits until it listens
	local h=$1
	hexec "$h" 'mkdir -p -m 0755 /run/sshd; setsid /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config </dev/null >>/var/log/sshd.log 2>&1 &' </dev/null >/dev/null 2>&1 9>&-
	for _ in $(seq 100); do
		hexec "$h" "grep -q ' 00000000:0016 .* 0A ' /proc/net/tcp" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
host_link() { echo "${FLEET_PREFIX}a${1#app}"; }	# root-side veth of an app host (ci/fleet's naming)
accepted_count() { hexec "$1" "grep -c 'Accepted publickey' /var/log/sshd.log" 2>/dev/null || echo 0; }

# after_failure "what" HOSTS-NOT-HIT... — the common checks after a failed deploy.
after_failure() {
	local what=$1 o
	shift
	if [[ $SX_RC != 0 && $SX_RC != 124 ]]; then
		ok "$what: deploy stopped with exit $SX_RC after $SX_SECS s"
	else
		bad "$what: deploy exit $SX_RC (want a failure)" "$(log_tail 10)"
	fi
	expect "$what: deploy lock released" lock_free
	if o=$(all_consistent "" "$@" 2>&1); then
		ok "$what: hosts not hit are consistent ($(for h in "$@"; do printf '%s ' "$(host_state "$h")"; done))"
	else
		bad "$what: hosts not hit are consistent" "$o"
	fi
}
rerun() {	# rerun "what" VERSION — the deploy completes once the fault is repaired
	local what=$1 v=$2 o
	sx "rerun" deploy --skip-push --version "$v"
	if [[ $SX_RC == 0 ]] && o=$(all_consistent "$v"); then
		ok "$what: rerun completes in $SX_SECS s; every host serves $v"
		CUR=$v
	else
		bad "$what: rerun (exit $SX_RC)" "${o:-}" "$(log_tail 12)"
		restore "$v"
		CUR=$v
	fi
}

section_faults() {
	local v o n0 t

	# ---------------------------------------------------------- sshd killed
	section "fault: sshd on app2 killed mid-deploy (load on app1, app2)"
	v=$(other "$CUR")
	load_start sshdkill app1 app2
	sx_bg sshd-killed deploy --skip-push --version "$v"
	if wait_log "kamal-proxy deploy .* on $A2\$" 40; then
		sleep 0.3
		hexec app2 "kill -KILL $(sshd_pids app2)"
		t=$(now_ms)
		sx_wait 60
		figure "sshd killed on app2 during 'kamal-proxy deploy': sextant exited $SX_RC, $(secs_since "$t") s after the kill"
	else
		bad "sshd killed: the deploy never reached kamal-proxy deploy on app2" "$(log_tail 10)"
		sx_wait 60
	fi
	load_stop
	if [[ $SX_RC == 124 ]]; then
		bad "sshd killed on app2: sextant still running 60 s after the kill" "$(log_tail 6)"
		sx_kill
	fi
	after_failure "sshd killed on app2" app1 app3
	if grep -qE "(on host |as [^ ]*@)$A2" "$SXLOG"; then
		ok "sshd killed on app2: the error names the host ($(grep -m1 -E "on host $A2|@$A2" "$SXLOG" | mask | sed 's/^ *//' | cut -c1-160))"
	else
		bad "sshd killed on app2: the error names the host $A2" "$(log_tail 6)"
	fi
	figure "sshd killed on app2: app2 afterwards: $(host_state app2)"
	load_zero "sshd killed on app2 mid-deploy (kamal-proxy keeps serving)"
	expect "sshd restarted on app2" sshd_start app2
	rerun "sshd killed on app2" "$v"

	# ---------------------------------------------------------- unhealthy
	section "fault: a version that never becomes healthy (image tag 'unhealthy'), under load"
	load_start unhealthy app1 app2
	sx unhealthy deploy --skip-push --version unhealthy
	load_stop
	after_failure "unhealthy version" app1 app2 app3
	expect "unhealthy version: the old version $CUR keeps serving everywhere" all_consistent "$CUR"
	# the app logs "fleet-app unhealthy listening on :80 (up=500)" and each "GET /up 500"
	if grep -q 'listening on :80 (up=500)' "$SXLOG" && grep -q 'GET /up 500' "$SXLOG" &&
		grep -q 'target failed to become healthy' "$SXLOG"; then
		ok "unhealthy version: the failure shows the container's logs ($(grep -c 'GET /up 500' "$SXLOG") health-check lines) and kamal-proxy's 'target failed to become healthy'"
	else
		bad "unhealthy version: the failure shows the container's logs" "$(log_tail 15)"
	fi
	if o=$(for h in "${HOSTS[@]}"; do hexec "$h" "docker ps --filter name=$SERVICE-web-unhealthy --format '{{.Names}}'"; done) && [[ -z $o ]]; then
		ok "unhealthy version: no unhealthy container left running"
	else
		bad "unhealthy version: unhealthy containers left running" "$o"
	fi
	load_zero "unhealthy version deploy (old version serving)"
	figure "unhealthy version: deploy failed after $SX_SECS s (deploy_timeout 10 s)"

	# ---------------------------------------------------------- registry down
	section "fault: registry down (port 5000 refuses connections)"
	v=$(other "$CUR")
	nsenter --net="/run/netns/$FLEET_PREFIX-registry" iptables -I INPUT -p tcp --dport 5000 -j REJECT --reject-with tcp-reset
	CLEANUPS+=("nsenter --net=/run/netns/$FLEET_PREFIX-registry iptables -D INPUT -p tcp --dport 5000 -j REJECT --reject-with tcp-reset")
	sx registry-down deploy --skip-push --version "$v"
	nsenter --net="/run/netns/$FLEET_PREFIX-registry" iptables -D INPUT -p tcp --dport 5000 -j REJECT --reject-with tcp-reset
	after_failure "registry down" app1 app2 app3
	expect "registry down: the old version $CUR keeps serving everywhere" all_consistent "$CUR"
	if grep -qiE "connection refused|registry" "$SXLOG" && grep -q 'ERROR' "$SXLOG"; then
		ok "registry down: the error says so ($(grep -A4 'ERROR' "$SXLOG" | grep -m1 -iE 'refused|registry' | mask | sed 's/^ *//' | cut -c1-170))"
	else
		bad "registry down: the error names the registry" "$(log_tail 8)"
	fi
	rerun "registry down" "$v"

	# ---------------------------------------------------------- secret command failing
	section "fault: a secret command failing (\$(...) in .kamal/secrets)"
	v=$(other "$CUR")
	printf 'REGISTRY_PASSWORD=%s\nAPP_CANARY=$(echo sxrel-secret-helper-failed >&2; exit 3)\n' "$FLEET_REGISTRY_PASSWORD" >"$W/proj/.kamal/secrets"
	n0=$(accepted_count app1)
	sx secret-fails deploy --skip-push --version "$v"
	write_secrets
	if [[ $SX_RC != 0 ]]; then
		ok "secret command failing: deploy refused (exit $SX_RC): $(grep -m1 -iE 'secret|error' "$SXLOG" | mask | cut -c1-160)"
		expect "secret command failing: lock released" lock_free
		expect "secret command failing: every host still serves $CUR" all_consistent "$CUR"
	elif grep -qE 'secret.*(exit|status) *3' "$SXLOG"; then
		# Kamal (dotenv) substitutes a failing command's output (here empty) and goes on;
		# sextant does the same but says so.
		ok "secret command failing: deploy went ahead as Kamal does (empty value) and said so: $(grep -m1 -E 'secret.*(exit|status) *3' "$SXLOG" | mask | cut -c1-170)"
		expect "secret command failing: every host consistent on $v" all_consistent "$v"
		CUR=$v
	else
		bad "secret command failing: deploy went ahead with an empty secret and said nothing (exit 0)" \
			"$(grep -iE 'secret|warn' "$SXLOG" | mask | head -5)"
		CUR=$v
	fi
	figure "secret command failing (exit 3): sextant exit $SX_RC; new SSH logins on app1 during it: $(( $(accepted_count app1) - n0 ))"
	rerun "secret command failing" "$(other "$CUR")"

	# ---------------------------------------------------------- hook failing
	section "fault: pre-deploy hook failing"
	v=$(other "$CUR")
	printf '#!/bin/sh\necho "sxrel: pre-deploy refuses $KAMAL_VERSION" >&2\nexit 1\n' >"$W/proj/.kamal/hooks/pre-deploy"
	chmod +x "$W/proj/.kamal/hooks/pre-deploy"
	sx hook-fails deploy --skip-push --version "$v"
	rm -f "$W/proj/.kamal/hooks/pre-deploy"
	after_failure "pre-deploy hook failing" app1 app2 app3
	expect "pre-deploy hook failing: every host still serves $CUR" all_consistent "$CUR"
	if grep -q 'pre-deploy' "$SXLOG" && grep -q "sxrel: pre-deploy refuses $v" "$SXLOG"; then
		ok "pre-deploy hook failing: the error names the hook and shows its output"
	else
		bad "pre-deploy hook failing: the error names the hook and shows its output" "$(log_tail 8)"
	fi
	rerun "pre-deploy hook failing" "$v"

	# ---------------------------------------------------------- lock held
	section "fault: deploy lock already held"
	v=$(other "$CUR")
	sx lock-manual lock acquire -m "sxrel: held by hand"
	expect "lock acquire -m (exit $SX_RC)" test "$SX_RC" = 0
	sx lock-held deploy --skip-push --version "$v"
	if [[ $SX_RC != 0 ]] && grep -q 'Deploy lock found' "$SXLOG" && grep -q 'sxrel: held by hand' "$SXLOG"; then
		ok "lock held: deploy refused (exit $SX_RC), 'Deploy lock found', the holder's message shown"
	else
		bad "lock held: deploy refused with the holder's message (exit $SX_RC)" "$(log_tail 8)"
	fi
	expect "lock held: the lock is still the manual one" lock_says "sxrel: held by hand"
	expect "lock held: every host still serves $CUR" all_consistent "$CUR"
	sx lock-held-wait deploy --skip-push --version "$v" --lock-wait --lock-wait-timeout 20 --lock-wait-interval 1
	if [[ $SX_RC != 0 ]] && grep -q 'held manually, not waiting' "$SXLOG"; then
		ok "lock held by hand + --lock-wait: refused at once ($SX_SECS s): 'Deploy lock held manually, not waiting'"
	else
		bad "lock held by hand + --lock-wait (exit $SX_RC, $SX_SECS s)" "$(log_tail 8)"
	fi
	sx lock-release lock release
	sx lock-auto lock acquire -m "Automatic deploy lock"
	sx lock-wait-timeout deploy --skip-push --version "$v" --lock-wait --lock-wait-timeout 3 --lock-wait-interval 1
	if [[ $SX_RC != 0 ]] && grep -q 'Timed out waiting for deploy lock' "$SXLOG"; then
		ok "automatic lock held + --lock-wait-timeout 3: gave up after $SX_SECS s ('Timed out waiting for deploy lock')"
	else
		bad "automatic lock held + --lock-wait-timeout 3 (exit $SX_RC, $SX_SECS s)" "$(log_tail 8)"
	fi
	expect "lock wait timed out: every host still serves $CUR" all_consistent "$CUR"
	sx lock-release lock release
	# a deploy running, a second one waiting for it
	sx_bg lock-first deploy --skip-push --version "$v"
	local first_pid=$SXPID first_log=$SXLOG
	wait_log 'Acquiring the deploy lock' 30
	sleep 1
	sx lock-second deploy --skip-push --version "$(other "$v")" --lock-wait --lock-wait-timeout 60 --lock-wait-interval 1
	local second_rc=$SX_RC second_log=$SXLOG second_secs=$SX_SECS
	SXPID=$first_pid SXLOG=$first_log
	sx_wait 60
	if [[ $SX_RC == 0 && $second_rc == 0 ]] && grep -q 'Deploy lock is held by' "$second_log" &&
		grep -q 'Retrying in' "$second_log" && o=$(all_consistent "$(other "$v")"); then
		ok "--lock-wait behind a running deploy: waited, then deployed (first exit 0, second exit 0 after $second_secs s)"
		CUR=$(other "$v")
	else
		bad "--lock-wait behind a running deploy (first exit $SX_RC, second exit $second_rc)" "${o:-}" \
			"$(mask <"$second_log" | grep -E 'lock|Retrying|ERROR' | head -8)"
		restore "$(other "$v")"
		CUR=$(other "$v")
	fi
	expect "lock released after both" lock_free
}

section_hang() {
	local v t o
	section "fault: hosts that stop answering mid-deploy: link of app2 cut (ip link set down), sshd of app3 stopped (SIGSTOP)"
	v=$(other "$CUR")
	load_start hang app1
	sx_bg hang deploy --skip-push --version "$v"
	if ! wait_log "kamal-proxy deploy .* on $A3\$" 40 || ! wait_log "kamal-proxy deploy .* on $A2\$" 5; then
		bad "hang: the deploy never reached kamal-proxy deploy on app2 and app3" "$(log_tail 10)"
		sx_wait 60
		[[ $SX_RC == 124 ]] && sx_kill
		load_stop
		restore "$v"
		CUR=$v
		return
	fi
	sleep 0.3
	ip link set "$(host_link app2)" down
	CLEANUPS+=("ip link set $(host_link app2) up")
	local stopped
	stopped=$(sshd_pids app3)
	hexec app3 "kill -STOP $stopped"
	CLEANUPS+=("$FLEET exec app3 kill -CONT $stopped")
	t=$(now_ms)
	sx_wait "$REL_HANG_BOUND"
	local hung=$SX_RC after
	after=$(secs_since "$t")
	if [[ $hung == 124 ]]; then
		bad "hang: sextant still running ${REL_HANG_BOUND} s after app2's link was cut and app3's sshd stopped" \
			"MISSING FEATURE: SSH keepalive (Kamal: keepalive every 30 s; OpenSSH: ServerAliveInterval/CountMax)" \
			"is not implemented in src/ssh, so a host that stops answering blocks the deploy forever." \
			"last output:" "$(log_tail 4)"
		figure "hang: no exit within ${REL_HANG_BOUND} s of the fault (no SSH keepalive)"
	else
		ok "hang: sextant gave up $after s after the fault (bound ${REL_HANG_BOUND} s), exit $hung"
		figure "hang: sextant exited $hung, $after s after the fault"
		if grep -qE "$A2" "$SXLOG" && grep -qE "$A3" "$SXLOG" && grep -qiE 'keepalive|timed? ?out|not answer|unreachable' "$SXLOG"; then
			ok "hang: the error names both hosts and says they stopped answering"
		else
			bad "hang: the error names both hosts and says they stopped answering" "$(log_tail 10)"
		fi
	fi
	# repair: link up, sshd continued
	ip link set "$(host_link app2)" up
	hexec app3 "kill -CONT $stopped"
	if [[ $hung == 124 ]]; then
		sx_wait 20
		figure "hang: after the repair the hung deploy $([[ $SX_RC == 124 ]] && echo "was still running 20 s later (killed)" || echo "finished by itself, exit $SX_RC")"
		[[ $SX_RC == 124 ]] && sx_kill
	fi
	load_stop
	expect "hang: deploy lock released" lock_free
	if ! lock_free >/dev/null; then
		figure "hang: the killed deploy left the lock held; released with 'lock release' before the rerun"
		sx hang-unlock lock release
	fi
	expect "hang: app1 (not hit) is consistent" all_consistent "" app1
	load_zero "hang faults on app2/app3 (load on app1)"
	rerun "hang" "$v"
}
