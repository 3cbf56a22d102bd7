#!/usr/bin/env bash
# Bulk read over one channel, per cipher: `CLIENT host 'head -c 2000000000
# /dev/zero' > /dev/null` on the private loopback sshd (bench/sshd.sh), sextant's
# `ssh -o Ciphers=C -o MACs=M` against OpenSSH's `ssh -c C -m M`. Both ends run on
# this machine, so the server's encryption competes with the client's decryption
# for the cores: the figure is end-to-end, as a user would see it.
# BENCH_READ_BYTES (default 2000000000) and BENCH_READ_RUNS (default 3).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sshd.sh"
sshd_start || exit 0
bytes=${BENCH_READ_BYTES:-2000000000}
n=${BENCH_READ_RUNS:-3}
tmp=$SSHD_DIR
label=$(awk -v b="$bytes" 'BEGIN { if (b % 1e9 == 0) printf "%d GB", b / 1e9; else printf "%d MB", b / 1e6 }')

for cm in aes128-gcm@openssh.com aes256-gcm@openssh.com chacha20-poly1305@openssh.com \
	aes128-ctr+hmac-sha2-256-etm@openssh.com; do
	c=${cm%%+*} m=
	[ "$cm" != "$c" ] && m=${cm#*+}
	sx=("${SXO[@]}" -o Ciphers="$c") os=("${OSO[@]}" -c "$c")
	[ -n "$m" ] && sx+=(-o MACs="$m") os+=(-m "$m")
	python3 "$BENCH_DIR/runstat.py" "$n" "${sx[@]}" "$DEST" "head -c $bytes /dev/zero" > "$tmp/s"
	python3 "$BENCH_DIR/runstat.py" "$n" "${os[@]}" "$DEST" "head -c $bytes /dev/zero" > "$tmp/o"
	if [ ! -s "$tmp/s" ] || [ ! -s "$tmp/o" ]; then
		row "ssh read $label, $cm (MB/s)" "$([ -s "$tmp/s" ] || echo failed)" "$([ -s "$tmp/o" ] || echo "ssh failed")" "—" "≥ 1.0×" "n/a"
		continue
	fi
	# MB/s per run, and client CPU seconds per run.
	awk -v b="$bytes" '{ printf "%.1f\n", b / 1e6 / ($1 / 1000) }' "$tmp/s" > "$tmp/sr"
	awk -v b="$bytes" '{ printf "%.1f\n", b / 1e6 / ($1 / 1000) }' "$tmp/o" > "$tmp/or"
	awk '{ printf "%.3f\n", $2 / 1000 }' "$tmp/s" > "$tmp/scpu"
	awk '{ printf "%.3f\n", $2 / 1000 }' "$tmp/o" > "$tmp/ocpu"
	read -r sm slo shi < <(stats "$tmp/sr")
	read -r om olo ohi < <(stats "$tmp/or")
	read -r sc _ _ < <(stats "$tmp/scpu")
	read -r oc _ _ < <(stats "$tmp/ocpu")
	r=$(ratio "$sm" "$om")
	row "ssh read $label over one channel, $cm (MB/s; client CPU s)" \
		"$(fmt3 "$sm" "$slo" "$shi"); CPU $(num "$sc") s" \
		"ssh $(fmt3 "$om" "$olo" "$ohi"); CPU $(num "$oc") s" "${r}×" "≥ 1.0×" "$(verdict "$r" ge 1.0)"
done
