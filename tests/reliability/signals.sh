# tests/reliability/signals.sh — Ctrl-C (SIGINT to the process group, as a terminal
# sends it) and SIGTERM (to sextant's PID, as CI runners and `timeout` send it) at
# several points of a deploy (sourced by run.sh). After each: sextant exits promptly,
# the deploy lock is released, and every host is consistent (no half-booted container
# left running beside the served one; kamal-proxy serves throughout).

# signal_at POINT SIGNAL VERSION TRIGGER-REGEX DELAY
signal_at() {
	local point=$1 sig=$2 v=$3 re=$4 delay=$5 t o what
	what="$sig during $point"
	sx_bg "sig-$point-$sig" deploy --skip-push --version "$v"
	if ! wait_log "$re" 40; then
		bad "$what: the deploy never reached that point" "$(log_tail 8)"
		sx_wait 60
		[[ $SX_RC == 124 ]] && sx_kill
		restore "$CUR"
		return
	fi
	sleep "$delay"
	if [[ $sig == SIGINT ]]; then kill -INT -- "-$SXPID"; else kill -TERM "$SXPID"; fi
	t=$(now_ms)
	sx_wait 40
	local rc=$SX_RC secs
	secs=$(secs_since "$t")
	if [[ $rc == 124 ]]; then
		bad "$what: sextant still running 40 s after the signal" "$(log_tail 6)"
		sx_kill
	elif [[ $rc == 0 ]]; then
		bad "$what: the deploy went on to succeed (exit 0) despite the signal" "$(log_tail 4)"
	else
		ok "$what: sextant stopped $secs s after the signal (exit $rc)"
	fi
	figure "$what: exit $rc, $secs s after the signal; $(grep -m1 -E '^ *ERROR' "$SXLOG" | mask | sed 's/^ *//' | cut -c1-120)"
	if o=$(lock_free); then
		ok "$what: deploy lock released"
	else
		bad "$what: deploy lock released" "$o"
		sx "sig-unlock" lock release
	fi
	if o=$(all_consistent "" 2>&1); then
		ok "$what: every host consistent, no half-booted container ($(for h in "${HOSTS[@]}"; do printf '%s=%s ' "$h" "$(served "$h")"; done))"
	else
		bad "$what: every host consistent, no half-booted container" "$o"
	fi
	# interrupted after the boot, every host may already serve the new version: go on from there
	local v1
	v1=$(served app1)
	if [[ $v1 == v[12] ]] && all_consistent "$v1" >/dev/null 2>&1 && lock_free >/dev/null; then
		CUR=$v1
	else
		restore "$CUR"
	fi
}

section_signals() {
	local v
	section "signals: Ctrl-C (SIGINT to the process group) and SIGTERM during a deploy, under load (wrk on app1, app2)"
	load_start signals app1 app2
	for sig in SIGINT SIGTERM; do
		v=$(other "$CUR")
		signal_at "lock acquisition" "$sig" "$v" 'Acquiring the deploy lock' 0
		v=$(other "$CUR")
		signal_at "container boot" "$sig" "$v" 'docker run --detach' 0.1
		signal_at "health wait of a never-healthy version" "$sig" unhealthy 'kamal-proxy deploy' 1
	done
	load_stop
	load_zero "signals at 3 points x 2 signals (kamal-proxy keeps serving)"
}
