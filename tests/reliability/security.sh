# tests/reliability/security.sh — secrets, strict KEX, changed host keys (sourced by run.sh).

# cmdlog on|off — on every host, sshd runs each command through a wrapper that
# records the command line first (sshd_config ForceCommand; reloaded with SIGHUP).
cmdlog() {
	local h
	cat >"$W/sxrel-cmdlog" <<'EOF'
#!/bin/sh
# tests/reliability: record the command line sshd received, then run it as sshd would have
printf '=== %s\n%s\n' "$(date +%s.%N)" "$SSH_ORIGINAL_COMMAND" >>/var/log/sxrel-commands.log
[ -n "$SSH_ORIGINAL_COMMAND" ] && exec /bin/bash -c "$SSH_ORIGINAL_COMMAND"
exec /bin/bash -l
EOF
	for h in "${HOSTS[@]}"; do
		if [[ $1 == on ]]; then
			hexec "$h" 'cat >/etc/ssh/sxrel-cmdlog && chmod 755 /etc/ssh/sxrel-cmdlog &&
				: >/var/log/sxrel-commands.log &&
				echo "ForceCommand /etc/ssh/sxrel-cmdlog" >>/etc/ssh/sshd_config && kill -HUP $(cat /run/sshd.pid)' <"$W/sxrel-cmdlog"
			CLEANUPS+=("$FLEET exec $h sh -c 'sed -i /sxrel-cmdlog/d /etc/ssh/sshd_config; kill -HUP \$(cat /run/sshd.pid)'")
		else
			hexec "$h" 'sed -i "/sxrel-cmdlog/d" /etc/ssh/sshd_config && kill -HUP $(cat /run/sshd.pid)'
		fi
	done
	sleep 0.5
}

# memscan — the client key's ed25519 seed in sextant's memory once every host is
# connected and authenticated (sextant stopped with SIGSTOP during the scan).
memscan() {
	local v o p
	o=$(python3 "$HERE/memscan.py" hold "$FLEET_SSH_KEY" >"$W/hold.out" 2>&1 9>&- & p=$!
		for _ in $(seq 50); do grep -q holding "$W/hold.out" && break; sleep 0.1; done
		python3 "$HERE/memscan.py" "$p" "$FLEET_SSH_KEY"; kill "$p")
	if [[ $o != seed_copies=0* && $o == seed_copies=* ]]; then
		ok "memory scanner finds the seed in a process that holds it ($o)"
	else
		bad "memory scanner self-check (a process holding the seed): $o"
		return
	fi
	v=$(other "$CUR")
	sx_bg memscan deploy --skip-push --version "$v"
	if wait_log "kamal-proxy deploy .* on $A3\$" 40 && wait_log "kamal-proxy deploy .* on $A2\$" 5; then
		kill -STOP "$SXPID"
		o=$(python3 "$HERE/memscan.py" "$SXPID" "$FLEET_SSH_KEY" 2>&1)
		kill -CONT "$SXPID"
		if [[ $o == "seed_copies=0 derived_copies=0 "* ]]; then
			ok "no copy of the private key (seed or derived signing key) in sextant's memory after the 3 connections authenticated ($o)"
		else
			bad "private key material still in sextant's memory after authenticating to every host ($o)" \
				"the key is needed only to sign each connection's auth request; wipe it (core/wipe) once auth is done"
		fi
	else
		bad "memscan: the deploy never reached kamal-proxy deploy on every host" "$(log_tail 6)"
	fi
	sx_wait 60
	[[ $SX_RC == 124 ]] && sx_kill
	if [[ $SX_RC == 0 ]]; then CUR=$v; else restore "$CUR"; fi
}

section_security() {
	local v n o f leaks_pw leaks_env samples

	section "security: secrets in process titles and remote command lines"
	v=$(other "$CUR")
	: >"$W/ps.txt"
	samples=0
	# ps from the machine's PID namespace sees every fleet host's processes too
	# (sshd sessions, the shells running the commands, docker CLIs). Kept: this
	# fleet's hosts (their PID namespaces) and sextant's session (it and its children).
	local nss="" h p
	for h in "${HOSTS[@]}"; do
		p=$(awk -v h="$h" '$1 == h && $2 == "init" { p = $3 } END { print p }' "$FLEET_STATE/pids")
		nss+=" $(readlink "/proc/$p/ns/pid" | tr -dc 0-9)"
	done
	# sshd's own account of every command line it receives: a ForceCommand wrapper
	# logs $SSH_ORIGINAL_COMMAND, then runs it as sshd would have ($SHELL -c).
	cmdlog on
	sx_bg ps-watch deploy --skip-push --version "$v"
	while kill -0 "$SXPID" 2>/dev/null; do
		ps -e -ww -o pidns=,sid=,pid=,args= 2>/dev/null |
			awk -v nss="$nss " -v sid="$SXPID" 'index(nss, " " $1 " ") || $2 == sid' >>"$W/ps.txt"
		samples=$((samples + 1))
	done
	sx_wait 5
	cmdlog off
	if [[ $SX_RC == 0 ]]; then CUR=$v; else restore "$CUR"; fi
	local cmds=0
	: >"$W/remote-commands.txt"
	for h in "${HOSTS[@]}"; do
		hexec "$h" 'cat /var/log/sxrel-commands.log' >>"$W/remote-commands.txt" 2>/dev/null
	done
	cmds=$(grep -c '^=== ' "$W/remote-commands.txt")
	figure "sshd received $cmds command lines on the 3 hosts during that deploy (ForceCommand log)"
	if ((cmds > 0)) && ! grep -q -F "$CANARY" "$W/remote-commands.txt"; then
		ok "the env secret is in none of the $cmds remote command lines sshd received"
	else
		bad "the env secret in remote command lines ($cmds logged)" "$(grep -F "$CANARY" "$W/remote-commands.txt" | mask | head -3)"
	fi
	if ((cmds > 0)) && ! grep -q -F "$FLEET_REGISTRY_PASSWORD" "$W/remote-commands.txt"; then
		ok "the registry password is in none of the $cmds remote command lines sshd received"
	else
		bad "the registry password is on a remote command line ($(grep -c -F "$FLEET_REGISTRY_PASSWORD" "$W/remote-commands.txt") of $cmds)" \
			"$(grep -F "$FLEET_REGISTRY_PASSWORD" "$W/remote-commands.txt" | mask | sort -u | cut -c1-160 | head -3)" \
			"sextant must send docker login --password-stdin with the password on the channel's stdin"
	fi
	if grep -q -e 'docker login .*--password-stdin' "$W/remote-commands.txt"; then
		ok "docker login ran with --password-stdin ($(grep -c -e 'docker login .*--password-stdin' "$W/remote-commands.txt") times)"
	else
		bad "no docker login --password-stdin among the remote command lines"
	fi
	n=$(grep -c -F "docker " "$W/ps.txt")
	figure "process table sampled $samples times during a deploy ($SX_SECS s); $n sampled lines were docker commands"
	leaks_env=$(grep -F -e "$CANARY" "$W/ps.txt" | sort -u)
	if [[ -z $leaks_env ]]; then
		ok "the env secret never appears in a process title or remote command line ($samples samples)"
	else
		bad "the env secret appears in process titles" "$(printf '%s\n' "$leaks_env" | mask | head -5)"
	fi
	# as a word of its own: other fleets' state paths (/tmp/sextant-fleet/...) contain the same text
	leaks_pw=$(grep -E "(^|[ =\"'])$REG_PASS_RE([ \"']|\$)" "$W/ps.txt" | sort -u)
	# Sampling can miss a command that lasts a fraction of a second; sshd's command
	# log above is the deterministic account, this one adds the process tables.
	if [[ -z $leaks_pw ]]; then
		ok "the registry password never appears in a process title ($samples samples)"
	else
		bad "the registry password appears in process titles" "$(printf '%s\n' "$leaks_pw" | mask | head -3 | cut -c1-160)"
	fi
	for h in "${HOSTS[@]}"; do
		f=/root/.kamal/apps/$SERVICE/env/roles/web.env
		o=$(hexec "$h" "stat -c '%a %U' $f; grep -c -F '$CANARY' $f" 2>&1 | tr '\n' ' ')
		if [[ $o == "600 root 1 " ]]; then
			ok "$h: the env secret travels in $f, mode 0600"
		else
			bad "$h: env file $f mode 0600 holding the secret (got: mode/owner/count = $o)"
		fi
	done

	# Where the env secret rests afterwards: only in the env files on the hosts and in
	# .kamal/secrets here (not in audit logs, lock details, sshd/docker logs, /tmp).
	o=$(for h in "${HOSTS[@]}"; do
		hexec "$h" "grep -rlF '$CANARY' /root /home /tmp /var/log /etc 2>/dev/null | sed 's|^|$h:|'"
	done; grep -rlF "$CANARY" "$W/proj" "$W/home" 2>/dev/null | sed "s|$W|\$W|")
	if [[ $(grep -cv -e '^app[0-9]:/root/.kamal/apps/fleet-app/env/roles/web.env$' -e '^\$W/proj/.kamal/secrets$' <<<"$o") == 0 ]]; then
		ok "the env secret rests only in the hosts' env files and .kamal/secrets ($(wc -l <<<"$o") files)"
	else
		bad "the env secret is stored elsewhere too" "$o"
	fi
	section "security: private key material in sextant's memory mid-deploy"
	memscan
	section "security: secrets in -v and --json output"
	v=$(other "$CUR")
	sx verbose deploy --skip-push --version "$v" -v
	[[ $SX_RC == 0 ]] && CUR=$v
	if [[ $SX_RC == 0 ]] && ! grep -q -F -e "$FLEET_REGISTRY_PASSWORD" -e "$CANARY" "$SXLOG"; then
		ok "deploy -v: no secret in $(wc -l <"$SXLOG") lines of verbose output ($(grep -c REDACTED "$SXLOG") [REDACTED] marks)"
	else
		bad "deploy -v (exit $SX_RC): no secret in the output" "$(grep -n -F -e "$FLEET_REGISTRY_PASSWORD" -e "$CANARY" "$SXLOG" | mask | head -4)"
	fi
	v=$(other "$CUR")
	sx json deploy --skip-push --version "$v" --json
	[[ $SX_RC == 0 ]] && CUR=$v
	n=$(grep -c . "$SXLOG")
	if [[ $SX_RC == 0 ]] && ! grep -q -F -e "$FLEET_REGISTRY_PASSWORD" -e "$CANARY" "$SXLOG" && ((n > 0)) &&
		! grep -vqE '^\{.*\}$' "$SXLOG"; then
		ok "deploy --json: $n JSON lines, no secret"
	else
		bad "deploy --json (exit $SX_RC): JSON lines only, no secret" "$(grep -vE '^\{.*\}$' "$SXLOG" | mask | head -3)" \
			"$(grep -n -F -e "$FLEET_REGISTRY_PASSWORD" -e "$CANARY" "$SXLOG" | mask | head -3)"
	fi

	section "security: strict KEX against OpenSSH"
	# `sextant ssh` reads the passwd entry's home as OpenSSH does, not $HOME: its
	# files are named explicitly (root's own ~/.ssh is never touched).
	local sshopts=(-F none -i "$FLEET_SSH_KEY" -o IdentitiesOnly=yes -o IdentityAgent=none
		-o UserKnownHostsFile="$W/home/.ssh/known_hosts" -o GlobalKnownHostsFile=/dev/null
		-o StrictHostKeyChecking=yes -o HostKeyAlias="$A1")
	sx ssh-v ssh -v "${sshopts[@]}" "root@$A1" true
	if [[ $SX_RC == 0 ]] && grep -qE 'kex: algorithm: .*, strict' "$SXLOG"; then
		ok "sextant ssh -v: $(grep -m1 -oE 'kex: algorithm: .*' "$SXLOG" | cut -c1-150)"
	else
		bad "sextant ssh -v: strict KEX in the negotiated algorithms (exit $SX_RC)" "$(mask <"$SXLOG" | head -8)"
	fi
	# The server's own account: a one-shot sshd -ddd on port 2222 of app1.
	hexec app1 '/usr/sbin/sshd -ddd -e -p 2222 -f /etc/ssh/sshd_config -o PidFile=none >/tmp/sshd-ddd.log 2>&1 & sleep 0.5' </dev/null >/dev/null 2>&1 9>&-
	sx ssh-2222 ssh -p 2222 "${sshopts[@]}" "root@$A1" 'echo strict-check'
	sleep 0.3
	o=$(hexec app1 'grep -iE "strict KEX|kex-strict|KEX algorithms|ssh_packet_read_poll2|OpenSSH_" /tmp/sshd-ddd.log' 2>/dev/null)
	if [[ $SX_RC == 0 ]] && grep -qi 'strict KEX' <<<"$o"; then
		ok "sshd -ddd (OpenSSH $(hexec app1 'sshd -V 2>&1 | head -1' 2>/dev/null | grep -oE 'OpenSSH_[^ ,]*')): $(grep -m1 -i 'strict KEX' <<<"$o" | sed 's/^[[:space:]]*//')"
	else
		bad "sshd -ddd log shows strict KEX for sextant's connection (exit $SX_RC)" "$(head -5 <<<"$o")" "$(mask <"$SXLOG" | head -3)"
	fi
}

section_hostkey() {
	local o n0 line
	section "security: a changed host key (app2's sshd key regenerated)"
	line=$(grep -n "^$A2 " "$W/home/.ssh/known_hosts" | cut -d: -f1)
	hexec app2 'rm -f /etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ed25519_key.pub &&
		ssh-keygen -q -t ed25519 -N "" -C root@app2-regenerated -f /etc/ssh/ssh_host_ed25519_key &&
		kill -HUP $(cat /run/sshd.pid)' >/dev/null 2>&1
	sleep 1
	n0=$(accepted_count app2)
	local v
	v=$(other "$CUR")
	sx hostkey deploy --skip-push --version "$v"
	if [[ $SX_RC != 0 ]] && grep -qF "$W/home/.ssh/known_hosts:$line" "$SXLOG"; then
		ok "changed host key: refused (exit $SX_RC), naming known_hosts:$line ($(grep -m1 -F "known_hosts:$line" "$SXLOG" | sed "s|$W|\$W|g" | cut -c1-170))"
	else
		bad "changed host key: refused naming $W/home/.ssh/known_hosts:$line (exit $SX_RC)" "$(log_tail 8)"
	fi
	if [[ $(accepted_count app2) == "$n0" ]]; then
		ok "changed host key: no login on app2 (sshd log: no new 'Accepted publickey'), so no command ran there"
	else
		bad "changed host key: sshd on app2 accepted a login" "$(hexec app2 'tail -5 /var/log/sshd.log')"
	fi
	expect "changed host key: deploy lock released" lock_free
	expect "changed host key: every host still serves $CUR" all_consistent "$CUR"
	# The operator checks the new key and records it; then the deploy goes through.
	local pub
	pub=$(hexec app2 'cut -d" " -f1,2 /etc/ssh/ssh_host_ed25519_key.pub')
	sed -i "${line}s|.*|$A2 $pub|" "$W/home/.ssh/known_hosts"
	sed -i "s|^\(app2,[^ ]*\) .*|\1 $pub|" "$FLEET_KNOWN_HOSTS"
	rerun "changed host key, known_hosts updated" "$v"
}
