# tests/reliability/load.sh — zero downtime under load (sourced by run.sh).

# probe_start NAME HOST... — a curl every 50 ms per host, "epoch_ms http_code" lines
# (finer timing than wrk's totals: how long a host was unreachable).
PROBE_PIDS=()
probe_start() {
	local name=$1 h
	shift
	PROBE_PIDS=()
	for h in "$@"; do
		(
			url="http://$(addr_of "$h")/version"
			while :; do
				c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url")
				echo "$(date +%s%3N) $c"
				sleep 0.05
			done
		) >"$W/probe-$name-$h.log" 2>/dev/null 9>&- &
		PROBE_PIDS+=($!)
		BG_PIDS+=($!)
	done
}
probe_stop() { local p; for p in "${PROBE_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; PROBE_PIDS=(); }
# probe_outage NAME HOST — "N failed probes of M, unreachable for X ms (first to last failure)"
probe_outage() {
	awk '$2 != "200" { n++; if (!first) first = $1; last = $1 } { m++ }
		END { printf "%d failed probes of %d, unreachable %.2f s (first to last failed probe)", n, m, n ? (last - first) / 1000 + 0.05 : 0 }' \
		"$W/probe-$1-$2.log"
}

section_load() {
	local i v t0 total secs=() o

	section "zero downtime: $REL_DEPLOYS consecutive deploys and a rollback under load (wrk on app1, app2)"
	load_start deploys app1 app2
	t0=$(now_ms)
	for ((i = 1; i <= REL_DEPLOYS; i++)); do
		v=$(other "$CUR")
		sx "deploy$i" deploy --skip-push --version "$v"
		if [[ $SX_RC == 0 ]] && o=$(all_consistent "$v"); then
			ok "deploy $i/$REL_DEPLOYS ($CUR -> $v) under load in $SX_SECS s; all hosts serve $v"
			CUR=$v
		else
			bad "deploy $i/$REL_DEPLOYS ($CUR -> $v) under load (exit $SX_RC)" "${o:-}" "$(log_tail 12)"
			restore "$v"
			CUR=$v
		fi
		secs+=("$SX_SECS")
	done
	v=$(other "$CUR")
	sx rollback rollback "$v"
	if [[ $SX_RC == 0 ]] && o=$(all_consistent "$v"); then
		ok "rollback $CUR -> $v under load in $SX_SECS s; all hosts serve $v"
	else
		bad "rollback $CUR -> $v under load (exit $SX_RC)" "${o:-}" "$(log_tail 12)"
		restore "$v"
	fi
	CUR=$v
	secs+=("$SX_SECS")
	total=$(secs_since "$t0")
	load_stop
	load_zero "$REL_DEPLOYS deploys + rollback under load"
	figure "deploy/rollback wall times (s): ${secs[*]} (all $total s, load running)"

	section "boot: {limit: 1, wait: 2} under load"
	load_start boot app1 app2
	v=$(other "$CUR")
	sx boot-limit -c config/deploy-boot.yml deploy --skip-push --version "$v"
	load_stop
	if [[ $SX_RC == 0 ]] && o=$(all_consistent "$v"); then
		ok "rolling deploy (boot limit 1, wait 2) $CUR -> $v in $SX_SECS s"
	else
		bad "rolling deploy (boot limit 1, wait 2) $CUR -> $v (exit $SX_RC)" "${o:-}" "$(log_tail 12)"
		restore "$v"
	fi
	CUR=$v
	# one host at a time, 2 s apart: the new containers' start times, in host order
	local starts=() h s prev="" gaps=() seq_ok=1
	for h in "${HOSTS[@]}"; do
		s=$(hexec "$h" "docker inspect -f '{{.State.StartedAt}}' $SERVICE-web-$v" 2>/dev/null)
		s=$(date -d "$s" +%s%3N 2>/dev/null || echo 0)
		starts+=("$s")
		if [[ -n $prev ]]; then
			gaps+=("$(awk -v a="$prev" -v b="$s" 'BEGIN { printf "%.1f", (b - a) / 1000 }')")
			(( s - prev >= 2000 )) || seq_ok=0
		fi
		prev=$s
	done
	if ((seq_ok)); then
		ok "boot limit 1 + wait 2: hosts booted one after another, start gaps ${gaps[*]} s (>= 2 s)"
	else
		bad "boot limit 1 + wait 2: start gaps ${gaps[*]} s between hosts (want >= 2 s each)" \
			"$(grep -nE 'Running docker run|[Ww]ait' "$SXLOG" | mask | head -10)"
	fi
	load_zero "rolling deploy (boot limit 1, wait 2) under load"

	section "proxy reboot --rolling under load"
	load_start reboot app1 app2
	probe_start reboot app1 app2
	sx proxy-reboot proxy reboot --rolling -y
	sleep 1
	probe_stop
	load_stop
	if [[ $SX_RC == 0 ]] && o=$(all_consistent "$CUR"); then
		ok "proxy reboot --rolling in $SX_SECS s; every host serves $CUR again (routes kept in the kamal-proxy-config volume)"
	else
		bad "proxy reboot --rolling (exit $SX_RC)" "${o:-}" "$(log_tail 12)"
		restore "$CUR"
	fi
	# Kamal says it itself: "This will cause a brief outage on each host". Measured, not required.
	figure "proxy reboot --rolling under load (informational; Kamal warns of a brief outage per host): $LOAD_TEXT"
	for h in app1 app2; do figure "proxy reboot --rolling, $h probes every 50 ms: $(probe_outage reboot "$h")"; done
}
