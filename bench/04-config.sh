#!/usr/bin/env bash
# Configuration loading on a 1,000-host, 50-role deploy.yml: config_load() alone
# (bench/config, in-process, 30 runs), then the whole `sextant config -d production`
# command on the same generated project (process start, load, YAML output;
# hyperfine -N) and its peak RSS.
set -u
. "$(dirname "$0")/lib.sh"
bash "$BENCH_DIR/config/run.sh" >&2 || { row "config_load 1000 hosts / 50 roles" "bench/config failed" "—" "—" "< 20" "n/a"; exit 0; }
gen=$BUILD/bench-config/bench
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$gen" -g "$tmp/p" 2>/dev/null || exit 0
if (cd "$tmp/p" && "$SEXTANT" config -d production --version 999 >/dev/null 2>&1); then
	(cd "$tmp/p" && hf_ms 20 "$SEXTANT" config -d production --version 999) > "$tmp/w"
	read -r m lo hi < <(stats "$tmp/w")
	rss=$(cd "$tmp/p" && rss_max_kb 3 "$SEXTANT" config -d production --version 999)
	row "\`sextant config\`, 1000 hosts / 50 roles, whole command (ms)" "$(fmt3 "$m" "$lo" "$hi"); peak RSS $((rss / 1024)) MiB" "—" "—" "< 20" "$(verdict "$m" le 20)"
else
	row "\`sextant config\`, 1000 hosts / 50 roles, whole command" "failed: $(cd "$tmp/p" && "$SEXTANT" config -d production --version 999 2>&1 | head -c 100)" "—" "—" "< 20" "fail"
fi
