#!/usr/bin/env bash
# SSH connect + key exchange + public-key auth + exec `true` + close, on a private
# loopback sshd (bench/sshd.sh): sextant's `ssh` against OpenSSH's `ssh` with the
# same key, known_hosts and server. Wall time by hyperfine -N, client CPU (user +
# sys of the client process) by bench/runstat.py; BENCH_CONNECT_RUNS runs each
# (default 30).
#
# Two references: OpenSSH with its defaults — which pick the post-quantum hybrid
# sntrup761x25519-sha512 key exchange, which sextant does not implement and which
# costs tens of milliseconds of CPU on each side — and OpenSSH with the same key
# exchange as sextant (curve25519-sha256). The goal is judged on the second, the
# like-for-like comparison.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sshd.sh"
sshd_start || exit 0
n=${BENCH_CONNECT_RUNS:-30}
tmp=$SSHD_DIR
OSK=("${OSO[@]}" -o KexAlgorithms=curve25519-sha256 "$DEST")

hf_ms "$n" "${SX[@]}" true > "$tmp/sw"
hf_ms "$n" "${OSK[@]}" true > "$tmp/kw"
hf_ms "$n" "${OS[@]}" true > "$tmp/ow"
cpu_ms "$n" "${SX[@]}" true > "$tmp/sc"
cpu_ms "$n" "${OSK[@]}" true > "$tmp/kc"
cpu_ms "$n" "${OS[@]}" true > "$tmp/oc"
sx_alg=$("${SXO[@]}" -v "$DEST" true 2>&1 | sed -n 's/.*connected: //p' | head -n 1)
os_alg=$("${OSO[@]}" -v "$DEST" true 2>&1 | sed -n 's/.*kex: algorithm: //p' | head -n 1)

# cmp WHAT UNIT FILE_S FILE_REF REF_LABEL GOAL
cmp() {
	local sm slo shi om olo ohi r
	read -r sm slo shi < <(stats "$3")
	read -r om olo ohi < <(stats "$4")
	r=$(ratio "$sm" "$om")
	row "ssh connect+auth+exec \`true\`, $1 ($2)" "$(fmt3 "$sm" "$slo" "$shi")" "$5 $(fmt3 "$om" "$olo" "$ohi")" \
		"${r}×" "$6" "$([ -n "$7" ] && verdict "$r" le "$7" || echo info)"
}
cmp "wall" ms "$tmp/sw" "$tmp/kw" "ssh, same kex (curve25519-sha256):" "≤ 1.0×" 1.0
cmp "client CPU user+sys" ms "$tmp/sc" "$tmp/kc" "ssh, same kex (curve25519-sha256):" "≤ 0.5×" 0.5
cmp "wall" ms "$tmp/sw" "$tmp/ow" "ssh, its defaults (kex ${os_alg:-?}):" "(≤ 1.0×)" ""
cmp "client CPU user+sys" ms "$tmp/sc" "$tmp/oc" "ssh, its defaults (kex ${os_alg:-?}):" "(≤ 0.5×)" ""
echo "sextant negotiated: ${sx_alg:-?}; OpenSSH default kex: ${os_alg:-?}" >&2
