#!/usr/bin/env bash
# `sextant version` and `sextant config` (a 3-role config): wall time (hyperfine -N,
# 50 runs after 3 warm-ups) and peak RSS (GNU time, the largest of 5 runs).
set -u
. "$(dirname "$0")/lib.sh"
S=$SEXTANT
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

hf_ms 50 "$S" version > "$tmp/w"
read -r m lo hi < <(stats "$tmp/w")
rss=$(rss_max_kb 5 "$S" version)
row "\`sextant version\` wall time (ms)" "$(fmt3 "$m" "$lo" "$hi")" "—" "—" "≤ 5" "$(verdict "$m" le 5)"
row "\`sextant version\` peak RSS (KiB)" "$rss" "—" "—" "≤ 5120" "$(verdict "$rss" le 5120)"

mkdir -p "$tmp/p/config" "$tmp/p/.kamal"
cat > "$tmp/p/config/deploy.yml" <<'YML'
service: bench
image: bench/app
servers:
  web:
    hosts: [10.0.0.1, 10.0.0.2, 10.0.0.3]
  workers:
    hosts: [10.0.0.4, 10.0.0.5]
    cmd: bin/jobs
  cron:
    hosts: [10.0.0.6]
    cmd: bin/cron
registry:
  server: registry.example.com
  username: bench
  password: [REGISTRY_PASSWORD]
env:
  clear: { A: "1", B: "2" }
  secret: [REGISTRY_PASSWORD]
proxy:
  host: bench.example.com
builder:
  arch: amd64
YML
echo 'REGISTRY_PASSWORD=secret' > "$tmp/p/.kamal/secrets"
# As in a real project: a git repository, so the version comes from
# `git rev-parse HEAD` (two git processes per run, as Kamal runs them); and the
# same with --version given, which is sextant on its own.
git -C "$tmp/p" init -q && git -C "$tmp/p" add -A &&
	git -C "$tmp/p" -c user.email=bench@sextant.test -c user.name=bench commit -qm bench
for mode in git version; do
	args=(config) what="git repository: version from git rev-parse"
	[ "$mode" = version ] && args=(config --version=bench) what="--version given: no git"
	if (cd "$tmp/p" && "$S" "${args[@]}" >/dev/null 2>&1); then
		(cd "$tmp/p" && hf_ms 50 "$S" "${args[@]}") > "$tmp/c"
		read -r m lo hi < <(stats "$tmp/c")
		rss=$(cd "$tmp/p" && rss_max_kb 5 "$S" "${args[@]}")
		row "\`sextant config\` (3 roles; $what) wall time (ms)" "$(fmt3 "$m" "$lo" "$hi")" "—" "—" "≤ 5" "$(verdict "$m" le 5)"
		row "\`sextant config\` (3 roles; $what) peak RSS (KiB)" "$rss" "—" "—" "≤ 5120" "$(verdict "$rss" le 5120)"
	else
		row "\`sextant config\` (3 roles; $what)" "failed: $(cd "$tmp/p" && "$S" "${args[@]}" 2>&1 | head -c 100)" "—" "—" "≤ 5 ms, ≤ 5 MB" "fail"
	fi
done
