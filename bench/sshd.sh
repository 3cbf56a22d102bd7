# bench/sshd.sh — sourced by the SSH benchmarks: a private OpenSSH sshd on
# 127.0.0.1 (own host key, own user key, own known_hosts) that sextant and
# OpenSSH's ssh/scp are both pointed at with the same key and known_hosts.
#
#   sshd_start || exit 0     sets SSHD_DIR, SSHD_PORT, SXO (`sextant ssh` and its
#                            options), OSO (the same for OpenSSH ssh), OS_SCP (scp
#                            and options), DEST (user@127.0.0.1), SX=(SXO DEST) and
#                            OS=(OSO DEST); stops everything on EXIT
#
# Logins go to a dedicated account (sxbench, shell /bin/sh, home in the temp dir)
# so that no login-shell start-up files of this machine's root run inside the
# measured time. OpenSSH gets ControlMaster=no, ControlPath=none: every run makes
# a new connection, as sextant's does.

BENCH_USER=sxbench
. "$(dirname "${BASH_SOURCE[0]}")/../tests/lib/sshd.sh"

sshd_stop() {
	[ -n "${SSHD_DIR:-}" ] || return 0
	[ -f "$SSHD_DIR/pid" ] && kill "$(cat "$SSHD_DIR/pid")" 2>/dev/null
	rm -rf "$SSHD_DIR"
	SSHD_DIR=
}

sshd_start() {
	if ! command -v /usr/sbin/sshd >/dev/null || ! command -v ssh >/dev/null; then
		row "ssh benchmarks" "sshd or ssh missing" "—" "—" "—" "n/a"
		return 1
	fi
	if [ "$(id -u)" != 0 ]; then
		row "ssh benchmarks" "needs root (sshd, test account)" "—" "—" "—" "n/a"
		return 1
	fi
	# Not under /tmp, as the interop suite: the home is not below a world-writable dir.
	SSHD_DIR=$(mktemp -d /var/lib/sextant-bench.XXXXXX)
	chmod 755 "$SSHD_DIR"
	trap sshd_stop EXIT
	mkdir -p "$SSHD_DIR/home"
	sshd_prepare
	if ! id "$BENCH_USER" >/dev/null 2>&1; then
		useradd -M -d "$SSHD_DIR/home" -s /bin/sh "$BENCH_USER" 2>/dev/null || {
			row "ssh benchmarks" "useradd $BENCH_USER failed" "—" "—" "—" "n/a"; return 1; }
	fi
	usermod -d "$SSHD_DIR/home" -s /bin/sh -p '*' "$BENCH_USER" >/dev/null 2>&1
	chown "$BENCH_USER" "$SSHD_DIR/home"
	ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host"
	ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/user"
	cp "$SSHD_DIR/user.pub" "$SSHD_DIR/authorized_keys"
	PORT_BASE=23000 pick_port SSHD_PORT
	cat > "$SSHD_DIR/sshd_config" <<CONF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $SSHD_DIR/host
AuthorizedKeysFile $SSHD_DIR/authorized_keys
$(sshd_common_conf "$BENCH_USER" "$SSHD_DIR/pid")
PrintMotd no
Subsystem sftp /usr/lib/openssh/sftp-server
LogLevel ERROR
CONF
	/usr/sbin/sshd -f "$SSHD_DIR/sshd_config" -E "$SSHD_DIR/log" || {
		row "ssh benchmarks" "sshd failed to start" "—" "—" "—" "n/a"; return 1; }
	wait_port "$SSHD_PORT"
	echo "[127.0.0.1]:$SSHD_PORT $(cat "$SSHD_DIR/host.pub")" > "$SSHD_DIR/kh"
	local common=(-F none -i "$SSHD_DIR/user" -o IdentitiesOnly=yes -o IdentityAgent=none
		-o UserKnownHostsFile="$SSHD_DIR/kh" -o GlobalKnownHostsFile=/dev/null
		-o StrictHostKeyChecking=yes -o BatchMode=yes)
	DEST=$BENCH_USER@127.0.0.1
	SXO=("$SEXTANT" ssh -p "$SSHD_PORT" "${common[@]}")
	OSO=(ssh -p "$SSHD_PORT" "${common[@]}" -o ControlMaster=no -o ControlPath=none)
	SX=("${SXO[@]}" "$DEST")
	OS=("${OSO[@]}" "$DEST")
	OS_SCP=(scp -P "$SSHD_PORT" "${common[@]}" -o ControlMaster=no -o ControlPath=none)
	# Both clients must get in before anything is measured.
	"${SX[@]}" true && "${OS[@]}" true || {
		row "ssh benchmarks" "login to the bench sshd failed" "—" "—" "—" "n/a"; return 1; }
}
