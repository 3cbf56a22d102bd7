#!/usr/bin/env bash
# SSH client: connect + authenticate + exec `true`, and bulk read throughput per
# cipher, sextant vs OpenSSH's ssh, against the same private sshd on loopback.
# BENCH_SSH_BYTES sets the transfer size (default 1 GiB).
set -u
. "$(dirname "$0")/lib.sh"
S=$SEXTANT
command -v /usr/sbin/sshd >/dev/null && command -v ssh >/dev/null || {
	row "ssh connect/throughput" "sshd or ssh missing" "—" "—" "—" "n/a"; exit 0; }
[ "$(id -u)" = 0 ] || { row "ssh connect/throughput" "needs root (sshd)" "—" "—" "—" "n/a"; exit 0; }
tmp=$(mktemp -d /var/lib/sextant-bench.XXXXXX)
port=$((23000 + $$ % 1000))
cleanup() { [ -f "$tmp/pid" ] && kill "$(cat "$tmp/pid")" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N '' -f "$tmp/host"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/user"
cp "$tmp/user.pub" "$tmp/authorized_keys"
mkdir -p /run/sshd
cat > "$tmp/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/host
AuthorizedKeysFile $tmp/authorized_keys
PidFile $tmp/pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
LogLevel ERROR
CONF
/usr/sbin/sshd -f "$tmp/sshd_config" -E "$tmp/log" || { row "ssh" "sshd failed to start" "—" "—" "—" "n/a"; exit 0; }
sleep 0.3
echo "[127.0.0.1]:$port $(cat "$tmp/host.pub")" > "$tmp/kh"
A="-F none -p $port -i $tmp/user -o IdentityAgent=none -o UserKnownHostsFile=$tmp/kh -o BatchMode=yes root@127.0.0.1"

# shellcheck disable=SC2086
wall_ms 20 "$S" ssh $A true > "$tmp/s"
# shellcheck disable=SC2086
wall_ms 20 ssh $A true > "$tmp/o"
read -r sm slo shi < <(stats "$tmp/s")
read -r om olo ohi < <(stats "$tmp/o")
ratio=$(echo "scale=2; $sm / $om" | bc)
row "ssh connect+auth+exec \`true\` (ms)" "$(fmt3 "$sm" "$slo" "$shi")" "ssh $(fmt3 "$om" "$olo" "$ohi")" "${ratio}×" "≤ 1.0×" "$(verdict "$ratio" le 1.0)"

bytes=${BENCH_SSH_BYTES:-1073741824}
for cm in aes128-gcm@openssh.com chacha20-poly1305@openssh.com aes128-ctr+hmac-sha2-512-etm@openssh.com; do
	c=${cm%%+*}; m=hmac-sha2-512-etm@openssh.com
	[ "$cm" != "$c" ] && m=${cm#*+}
	# shellcheck disable=SC2086
	wall_ms 3 "$S" ssh -o Ciphers=$c -o MACs=$m $A "head -c $bytes /dev/zero" > "$tmp/s"
	# shellcheck disable=SC2086
	wall_ms 3 ssh -o Ciphers=$c -o MACs=$m $A "head -c $bytes /dev/zero" > "$tmp/o"
	read -r sm _ _ < <(stats "$tmp/s")
	read -r om _ _ < <(stats "$tmp/o")
	smb=$(echo "scale=1; $bytes / 1048576 / ($sm / 1000)" | bc)
	omb=$(echo "scale=1; $bytes / 1048576 / ($om / 1000)" | bc)
	ratio=$(echo "scale=2; $smb / $omb" | bc)
	row "ssh read $((bytes / 1048576)) MiB, $cm (MiB/s)" "$smb" "ssh $omb" "${ratio}×" "≥ 1.0×" "$(verdict "$ratio" ge 1.0)"
done
