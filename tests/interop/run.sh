#!/bin/bash
# tests/interop/run.sh — sextant's SSH client (`sextant ssh`) against real servers
# started here on loopback: OpenSSH sshd, Dropbear and TinySSH (Debian packages,
# installed if missing). Nothing leaves 127.0.0.1.
#
#   BUILD=build tests/interop/run.sh          full run (~1-2 minutes)
#   INTEROP_QUICK=1 tests/interop/run.sh      smaller algorithm matrix
#
# Covers: every kex x cipher x MAC x host-key type x user-key type (key files,
# plain and passphrase-protected, and ssh-agent) against OpenSSH; Dropbear's and
# TinySSH's algorithm sets; exit codes and signals; stdout/stderr/stdin sizes 0,
# 1, 100, 5000, 200000 and 100 MB by checksum; a server-initiated rekey during a
# transfer; several channels at once; changed/unknown host keys refused; auth and
# connect failures; keepalives answered by each server, -W (direct-tcpip) and each
# server as a ProxyCommand hop. Jump chains, forwarding, PTYs, uploads and timeouts
# are in tests/ssh-reach. Ends with "N passed, N failed".
#
# The servers run as root (sshd needs its privilege separation) and log users in
# as a dedicated account (sxi<pid>, one per run), whose home is the run's temp directory.

set -u
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
# INTEROP_BIN: another build of the tool, e.g. build/sextant-asan (the interop-asan
# suite): ASan/UBSan/LSan reports then fail the checks (abort_on_error, exit codes).
BIN=$(realpath "${INTEROP_BIN:-$BUILD/sextant}" 2>/dev/null)
QUICK=${INTEROP_QUICK:-0}
PASS=0
FAIL=0
FAILED=()

if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
	echo "interop: ${INTEROP_BIN:-$BUILD/sextant} not built (run make first)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "interop: needs root (starts sshd, dropbear, tinysshd and a test account)"
	echo "0 passed, 1 failed"
	exit 1
fi

# ---- packages (idempotent) ----
need=()
command -v /usr/sbin/sshd >/dev/null || need+=(openssh-server)
command -v ssh-keygen >/dev/null || need+=(openssh-client)
command -v dropbear >/dev/null || need+=(dropbear-bin)
command -v tinysshd >/dev/null || need+=(tinysshd)
if ! command -v tcpserver >/dev/null && ! command -v systemd-socket-activate >/dev/null; then
	need+=(ucspi-tcp)
fi
if [ ${#need[@]} -gt 0 ]; then
	echo "interop: installing ${need[*]}"
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 ||
		{ echo "interop: could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

# Not under /tmp: TinySSH refuses a home below a group/world-writable directory.
T=$(mktemp -d "${INTEROP_DIR:-/var/lib}/sextant-interop.XXXXXX")
chmod 755 "$T"
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	[ -n "${SSH_AGENT_PID:-}" ] && kill "$SSH_AGENT_PID" 2>/dev/null
	wait 2>/dev/null
	if [ "${INTEROP_KEEP:-0}" = 1 ]; then echo "interop: kept $T"; else rm -rf "$T"; fi
	[ -n "${U:-}" ] && userdel "$U" >/dev/null 2>&1
}
trap cleanup EXIT

# ---- the test account ----
# One account per run (removed at exit), so runs at the same time never share a home.
U=sxi$$
if ! id "$U" >/dev/null 2>&1; then
	useradd -M -d "$T/home" -s /bin/sh "$U" 2>/dev/null || { U=; echo "interop: useradd failed"; echo "0 passed, 1 failed"; exit 1; }
fi
usermod -d "$T/home" -s /bin/sh "$U" >/dev/null 2>&1
# sshd refuses accounts with a locked password ('!') unless UsePAM; '*' is "no password".
usermod -p '*' "$U" >/dev/null 2>&1
mkdir -p "$T/home/.ssh"

# ---- keys ----
K=$T/keys
mkdir -p "$K"
for t in ed25519 ecdsa rsa; do
	ssh-keygen -q -t $t -N '' -C "host-$t" -f "$K/host_$t"
	ssh-keygen -q -t $t -N '' -C "user-$t" -f "$K/user_$t"
	dropbearkey -t $t -f "$K/db_$t" >/dev/null 2>&1
done
ssh-keygen -q -t ed25519 -N 'sekrit pass' -C user-ed25519-enc -f "$K/user_ed25519_enc"
ssh-keygen -q -t rsa -N 'sekrit pass' -C user-rsa-enc -f "$K/user_rsa_enc"
ssh-keygen -q -t ecdsa -m PEM -N '' -C user-ecdsa-pem -f "$K/user_ecdsa_pem"
ssh-keygen -q -t ed25519 -N '' -C stranger -f "$K/stranger"
for k in ed25519 ecdsa rsa ed25519_enc rsa_enc ecdsa_pem; do cat "$K/user_$k.pub"; done > "$T/home/.ssh/authorized_keys"
# Agent-only keys: not on disk where -i could find them by default.
ssh-keygen -q -t ed25519 -N '' -C agent-ed25519 -f "$K/agent_ed25519"
ssh-keygen -q -t ecdsa -N '' -C agent-ecdsa -f "$K/agent_ecdsa"
ssh-keygen -q -t rsa -N '' -C agent-rsa -f "$K/agent_rsa"
for k in ed25519 ecdsa rsa; do cat "$K/agent_$k.pub"; done >> "$T/home/.ssh/authorized_keys"
chown -R "$U" "$T/home"
chmod 700 "$T/home" "$T/home/.ssh"
chmod 600 "$T/home/.ssh/authorized_keys" "$K"/*
printf '#!/bin/sh\necho "sekrit pass"\n' > "$T/askpass"
chmod 755 "$T/askpass"

# Test data, readable by the test account.
head -c 100000000 /dev/urandom > "$T/data.bin"
chmod 644 "$T/data.bin"
sum_of() { sha256sum | cut -d' ' -f1; }

# ---- ports ----
. tests/lib/sshd.sh

# ---- servers ----
HAVE_V6=0
[ -e /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6 && HAVE_V6=1
sshd_prepare
start_sshd() {	# name port extra-config-lines...
	local name=$1 port=$2
	shift 2
	{
		echo "Port $port"
		echo "ListenAddress 127.0.0.1"
		[ "$HAVE_V6" = 1 ] && echo "ListenAddress [::1]:$port"
		for t in ed25519 ecdsa rsa; do echo "HostKey $K/host_$t"; done
		sshd_common_conf "$U" "$T/$name.pid"
		echo "MaxSessions 20"
		echo "LogLevel VERBOSE"
		for l in "$@"; do echo "$l"; done
	} > "$T/$name.conf"
	/usr/sbin/sshd -D -f "$T/$name.conf" -E "$T/$name.log" &
	PIDS+=($!)
	wait_port "$port" || echo "interop: $name did not start (see $T/$name.log)"
}

pick_port P_SSHD
start_sshd sshd "$P_SSHD"
pick_port P_REKEY
start_sshd sshd-rekey "$P_REKEY" "RekeyLimit 1M"
# sshd still allows ssh-rsa-less rsa-sha2 host keys; PubkeyAcceptedAlgorithms default is fine.

pick_port P_DB
dropbear -F -E -s -p "127.0.0.1:$P_DB" -r "$K/db_ed25519" -r "$K/db_ecdsa" -r "$K/db_rsa" \
	-P "$T/dropbear.pid" 2>"$T/dropbear.log" &
PIDS+=($!)
wait_port "$P_DB" || echo "interop: dropbear did not start"

pick_port P_TINY
tinysshd-makekey "$T/tinykeys" >/dev/null 2>&1 || echo "interop: tinysshd-makekey failed"
if command -v tcpserver >/dev/null; then
	tcpserver -HRDl0 127.0.0.1 "$P_TINY" /usr/sbin/tinysshd -v "$T/tinykeys" 2>"$T/tiny.log" &
else
	systemd-socket-activate -l "127.0.0.1:$P_TINY" --inetd -a /usr/sbin/tinysshd -v "$T/tinykeys" 2>"$T/tiny.log" &
fi
PIDS+=($!)
wait_port "$P_TINY" || echo "interop: tinysshd did not start"

# ---- the client ----
export SSH_AUTH_SOCK=
eval "$(ssh-agent -a "$T/agent.sock" -s)" >/dev/null
for k in ed25519 ecdsa rsa; do ssh-add -q "$K/agent_$k" 2>/dev/null; done

KH=$T/known_hosts
# Keys and known_hosts are the run's own (KHF overrides the known_hosts file: with
# -o, as in ssh_config, the first value given wins).
sx() {	# port args...
	local port=$1
	shift
	"$BIN" ssh -F none -p "$port" -o UserKnownHostsFile="${KHF:-$KH}" -o GlobalKnownHostsFile=none \
		-o ConnectTimeout="${CTO:-20}" -l "$U" "$@"
}

ok() {
	PASS=$((PASS + 1))
	if [ "${INTEROP_VERBOSE:-0}" = 1 ]; then echo "  ok   $1"; fi
	return 0
}
bad() {
	FAIL=$((FAIL + 1))
	FAILED+=("$1")
	echo "  FAIL $1${2:+: $2}"
}
check() {	# name expected actual [details]
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$2', got '$3'${4:+ ($4)}"; fi
}

# user-key variants: name and client args (agent variants use IdentitiesOnly with the .pub? no:
# they use the agent alone, with no key files).
declare -A UK
UK[file-ed25519]="-o IdentityAgent=none -i $K/user_ed25519"
UK[file-ecdsa]="-o IdentityAgent=none -i $K/user_ecdsa"
UK[file-rsa]="-o IdentityAgent=none -i $K/user_rsa"
UK[file-ed25519-encrypted]="-o IdentityAgent=none -i $K/user_ed25519_enc"
UK[file-rsa-encrypted]="-o IdentityAgent=none -i $K/user_rsa_enc"
UK[file-ecdsa-pem]="-o IdentityAgent=none -i $K/user_ecdsa_pem"
UK[agent-ed25519]="-o IdentityAgent=$T/agent-ed25519.sock -i /nonexistent"
UK[agent-ecdsa]="-o IdentityAgent=$T/agent-ecdsa.sock -i /nonexistent"
UK[agent-rsa]="-o IdentityAgent=$T/agent-rsa.sock -i /nonexistent"
# One agent per key type, so that each run proves that key type works through an agent.
for k in ed25519 ecdsa rsa; do
	( SSH_AUTH_SOCK= ssh-agent -a "$T/agent-$k.sock" -s > "$T/agent-$k.env" )
	( . "$T/agent-$k.env" >/dev/null; ssh-add -q "$K/agent_$k" 2>/dev/null )
	PIDS+=($(. "$T/agent-$k.env" >/dev/null; echo "$SSH_AGENT_PID"))
done
export SSH_ASKPASS="$T/askpass" SSH_ASKPASS_REQUIRE=force

KEXES="curve25519-sha256 curve25519-sha256@libssh.org ecdh-sha2-nistp256"
CIPHERS="aes128-gcm@openssh.com aes256-gcm@openssh.com chacha20-poly1305@openssh.com aes128-ctr aes256-ctr"
MACS="hmac-sha2-256-etm@openssh.com hmac-sha2-512-etm@openssh.com hmac-sha2-256 hmac-sha2-512"
HOSTKEYS="ssh-ed25519 ecdsa-sha2-nistp256 rsa-sha2-512 rsa-sha2-256"
USERKEYS="file-ed25519 file-ecdsa file-rsa file-ed25519-encrypted file-rsa-encrypted file-ecdsa-pem agent-ed25519 agent-ecdsa agent-rsa"
if [ "$QUICK" = 1 ]; then
	KEXES="curve25519-sha256 ecdh-sha2-nistp256"
	MACS="hmac-sha2-256-etm@openssh.com hmac-sha2-512"
	USERKEYS="file-ed25519 file-rsa agent-ecdsa"
fi

# "cipher" or "cipher+mac" for every CTR x MAC pair.
cipher_mac_list() {
	local c m
	for c in $CIPHERS; do
		case $c in
		*-ctr) for m in $MACS; do echo "$c+$m"; done ;;
		*) echo "$c" ;;
		esac
	done
}

# matrix_run server port kex cm hostkey userkey
matrix_one() {
	local server=$1 port=$2 kex=$3 cm=$4 hk=$5 uk=$6 c m out want
	c=${cm%%+*}
	m=""
	[ "$cm" != "$c" ] && m=${cm#*+}
	want="$kex $hk $c $m"
	out=$(sx "$port" -v -o KexAlgorithms="$kex" -o Ciphers="$c" ${m:+-o MACs="$m"} -o HostKeyAlgorithms="$hk" \
		${UK[$uk]} 127.0.0.1 'echo "alive $USER"' 2>"$T/last.err")
	local rc=$?
	local neg
	neg=$(grep -o 'kex: algorithm: [^,]*, host key: [^,]*, cipher c->s: [^ ,]*[^,]*' "$T/last.err" | head -1)
	if [ $rc -ne 0 ] || [ "$out" != "alive $U" ]; then
		bad "$server $want $uk" "rc=$rc out='$out' $(tail -1 "$T/last.err")"
		return
	fi
	case "$neg" in
	"kex: algorithm: $kex, host key: $hk, cipher c->s: $c${m:+ $m}") ok "$server $want $uk" ;;
	*) bad "$server $want $uk" "negotiated '$neg'" ;;
	esac
}

echo "== OpenSSH $(/usr/sbin/sshd -V 2>&1 | head -1 | cut -d, -f1): kex x cipher x MAC x host key x user key"
for kex in $KEXES; do
	for cm in $(cipher_mac_list); do
		for hk in $HOSTKEYS; do
			for uk in $USERKEYS; do
				matrix_one openssh "$P_SSHD" "$kex" "$cm" "$hk" "$uk"
			done
		done
	done
done
echo "   $PASS passed, $FAIL failed so far"

echo "== Dropbear $(dropbear -V 2>&1 | head -1)"
DB_CIPHERS="chacha20-poly1305@openssh.com aes128-ctr aes256-ctr"
for kex in $KEXES; do
	for c in $DB_CIPHERS; do
		for hk in ssh-ed25519 ecdsa-sha2-nistp256 rsa-sha2-256; do
			for uk in file-ed25519 file-ecdsa file-rsa agent-rsa; do
				case $c in *-ctr) cm="$c+hmac-sha2-256" ;; *) cm=$c ;; esac
				matrix_one dropbear "$P_DB" "$kex" "$cm" "$hk" "$uk"
			done
		done
	done
done
# Dropbear 2022.83 has no GCM and no ETM by default: a clear "no common" error, exit 255.
sx "$P_DB" -o IdentityAgent=none -i "$K/user_ed25519" -o Ciphers=aes128-gcm@openssh.com 127.0.0.1 true 2>"$T/last.err"
check "dropbear gcm-only refused (255)" 255 $?
grep -q "no common cipher" "$T/last.err" && ok "dropbear gcm-only message" || bad "dropbear gcm-only message" "$(cat "$T/last.err")"

echo "== TinySSH (ssh-ed25519 + chacha20-poly1305 only)"
for kex in curve25519-sha256 curve25519-sha256@libssh.org; do
	for uk in file-ed25519 agent-ed25519 file-ed25519-encrypted; do
		matrix_one tinyssh "$P_TINY" "$kex" chacha20-poly1305@openssh.com ssh-ed25519 "$uk"
	done
done
sx "$P_TINY" ${UK[file-ecdsa]} 127.0.0.1 true 2>"$T/last.err"
check "tinyssh refuses ecdsa user key (255)" 255 $?

echo "== exit codes and signals"
ED="-o IdentityAgent=none -i $K/user_ed25519"
for code in 0 1 2 42 127 255; do
	sx "$P_SSHD" $ED 127.0.0.1 "exit $code" </dev/null
	check "exit $code" "$code" $?
done
sx "$P_SSHD" $ED 127.0.0.1 'kill -TERM $$' </dev/null 2>"$T/last.err"
check "killed by signal -> 255" 255 $?
grep -q "signal TERM" "$T/last.err" && ok "signal name reported" || bad "signal name reported" "$(cat "$T/last.err")"
out=$(sx "$P_SSHD" $ED 127.0.0.1 'echo out; echo err >&2' 2>"$T/last.err")
check "stdout separate" out "$out"
check "stderr separate" err "$(cat "$T/last.err")"
out=$(sx "$P_SSHD" $ED -o SetEnv=LC_SEXTANT=yes 127.0.0.1 'echo ${LC_SEXTANT:-unset}')
check "SetEnv (dropped unless AcceptEnv)" unset "$out"

echo "== sizes: stdout, stderr, stdin (0, 1, 100, 5000, 200000, 100 MB)"
for srv in openssh:$P_SSHD dropbear:$P_DB tinyssh:$P_TINY; do
	name=${srv%%:*}
	port=${srv#*:}
	sizes="0 1 100 5000 200000 100000000"
	[ "$QUICK" = 1 ] && [ "$name" != openssh ] && sizes="0 200000"
	for n in $sizes; do
		want=$(head -c "$n" "$T/data.bin" | sum_of)
		got=$(sx "$port" $ED 127.0.0.1 "head -c $n $T/data.bin" </dev/null | sum_of)
		check "$name stdout $n bytes" "$want" "$got"
		got=$(sx "$port" $ED 127.0.0.1 "head -c $n $T/data.bin >&2" </dev/null 2>&1 >/dev/null | sum_of)
		check "$name stderr $n bytes" "$want" "$got"
		got=$(head -c "$n" "$T/data.bin" | sx "$port" $ED 127.0.0.1 "sha256sum | cut -d' ' -f1")
		check "$name stdin $n bytes" "$want" "$got"
	done
done

echo "== rekeying"
want=$(sum_of < "$T/data.bin")
got=$(sx "$P_REKEY" $ED -v 127.0.0.1 "cat $T/data.bin" </dev/null 2>"$T/rekey.err" | sum_of)
check "server-initiated rekey (RekeyLimit 1M), 100 MB down" "$want" "$got"
n=$(grep -c "peer started key re-exchange" "$T/rekey.err")
[ "$n" -gt 10 ] && ok "server started $n re-exchanges" || bad "server-initiated rekeys" "only $n seen"
got=$(sx "$P_REKEY" $ED 127.0.0.1 "sha256sum | cut -d' ' -f1" < "$T/data.bin")
check "server-initiated rekey, 100 MB up" "$want" "$got"
for c in aes128-gcm@openssh.com chacha20-poly1305@openssh.com aes256-ctr; do
	got=$(sx "$P_SSHD" $ED -v -o RekeyLimit=4M -o Ciphers=$c 127.0.0.1 "cat $T/data.bin" </dev/null 2>"$T/rekey.err" | sum_of)
	check "client-initiated rekey (RekeyLimit 4M) $c" "$want" "$got"
done
grep -q "starting key re-exchange" "$T/rekey.err" && ok "client started re-exchanges" || bad "client re-exchanges" "none logged"

echo "== several channels at once on one connection"
want=$(for i in 1 2 3 4 5 6 7 8; do head -c 3000000 "$T/data.bin"; done | sum_of)
got=$(SEXTANT_SSH_PARALLEL=8 sx "$P_SSHD" $ED 127.0.0.1 "head -c 3000000 $T/data.bin" </dev/null | sum_of)
check "8 concurrent exec channels, 3 MB each" "$want" "$got"

echo "== host keys"
rm -f "$T/kh-new"
KHF="$T/kh-new" sx "$P_SSHD" $ED 127.0.0.1 true 2>/dev/null
check "accept-new: unknown host accepted" 0 $?
grep -q "^\[127.0.0.1\]:$P_SSHD ssh-ed25519 " "$T/kh-new" && ok "accept-new: key recorded as [host]:port" || bad "accept-new: key recorded"
KHF="$T/kh-new" sx "$P_SSHD" $ED -o StrictHostKeyChecking=yes 127.0.0.1 true
check "known host accepted with StrictHostKeyChecking=yes" 0 $?
rm -f "$T/kh-empty"
KHF="$T/kh-empty" sx "$P_SSHD" $ED -o StrictHostKeyChecking=yes 127.0.0.1 true 2>"$T/last.err"
check "StrictHostKeyChecking=yes: unknown host refused" 255 $?
{ echo "# a comment"; echo "[127.0.0.1]:$P_SSHD $(cat "$K/stranger.pub")"; } > "$T/kh-changed"
KHF="$T/kh-changed" sx "$P_SSHD" $ED 127.0.0.1 true 2>"$T/last.err"
check "changed host key refused (255)" 255 $?
grep -q "kh-changed:2" "$T/last.err" && ok "changed key message names file:line" || bad "changed key message" "$(cat "$T/last.err")"
ssh-keygen -q -f "$T/kh-new" -H >/dev/null 2>&1
KHF="$T/kh-new" sx "$P_SSHD" $ED -o StrictHostKeyChecking=yes 127.0.0.1 true
check "hashed known_hosts entry accepted" 0 $?

# OpenSSH's host key algorithm ordering: a host known by its ECDSA key presents that one.
echo "[127.0.0.1]:$P_SSHD $(cat "$K/host_ecdsa.pub")" > "$T/kh-ecdsa"
KHF="$T/kh-ecdsa" sx "$P_SSHD" $ED -v -o StrictHostKeyChecking=yes 127.0.0.1 true 2>"$T/last.err"
check "known ECDSA key preferred over ed25519 default" 0 $?
grep -q "host key: ecdsa-sha2-nistp256" "$T/last.err" && ok "negotiated the known key type" || bad "negotiated the known key type" "$(grep kex: "$T/last.err")"
# TinySSH has only ed25519: a host known only by an ECDSA key must not "accept new" it.
echo "[127.0.0.1]:$P_TINY $(cat "$K/host_ecdsa.pub")" > "$T/kh-tiny"
KHF="$T/kh-tiny" sx "$P_TINY" $ED 127.0.0.1 true 2>"$T/last.err"
check "known host presenting an unknown key type refused (255)" 255 $?
grep -q "only other key types" "$T/last.err" && ok "other-type message" || bad "other-type message" "$(cat "$T/last.err")"

if [ "$HAVE_V6" = 1 ]; then
	out=$(sx "$P_SSHD" $ED ::1 'echo v6' </dev/null 2>"$T/last.err")
	check "IPv6 loopback (::1)" v6 "$out" "$(cat "$T/last.err")"
	grep -q "^\[::1\]:$P_SSHD " "$KH" && ok "IPv6 known_hosts name [::1]:port" || bad "IPv6 known_hosts name" "$(cut -c1-40 "$KH")"
	out=$(sx "$P_SSHD" $ED localhost 'echo name' </dev/null 2>"$T/last.err")
	check "host name resolution (localhost)" name "$out" "$(cat "$T/last.err")"
fi

echo "== ssh_config (-F)"
cat > "$T/ssh_config" <<EOF
Host interop-alias
  HostName 127.0.0.1
  Port $P_SSHD
  User $U
  IdentityFile $K/user_ecdsa
  IdentityAgent none
  UserKnownHostsFile $KH
  GlobalKnownHostsFile none
  Ciphers ^chacha20-poly1305@openssh.com
EOF
out=$("$BIN" ssh -v -F "$T/ssh_config" interop-alias 'echo $USER' </dev/null 2>"$T/last.err")
check "Host alias from -F config" "$U" "$out"
grep -q "cipher c->s: chacha20-poly1305@openssh.com" "$T/last.err" && ok "config Ciphers ^list" || bad "config Ciphers ^list" "$(grep kex: "$T/last.err")"
out=$("$BIN" ssh -F "$T/ssh_config" -o Port=1 -p 2 interop-alias true 2>&1)
check "-o Port given first wins over -p and config" 255 $?
echo "$out" | grep -q "port 1:" && ok "first -o value wins" || bad "first -o value wins" "$out"

echo "== keepalive, -W and ProxyCommand against each server"
for srv in openssh:$P_SSHD dropbear:$P_DB tinyssh:$P_TINY; do
	name=${srv%%:*}
	port=${srv#*:}
	out=$(sx "$port" $ED -o ServerAliveInterval=1 -o ServerAliveCountMax=1 127.0.0.1 'sleep 3; echo alive' </dev/null 2>&1)
	check "$name answers keepalives (ServerAliveInterval=1, CountMax=1, 3 s command)" alive "$out"
done
for srv in openssh:$P_SSHD dropbear:$P_DB; do
	name=${srv%%:*}
	port=${srv#*:}
	got=$(printf '' | sx "$port" $ED -W "127.0.0.1:$P_SSHD" 127.0.0.1 2>&1 | head -c 8)
	check "$name: -W to sshd's port (direct-tcpip)" "SSH-2.0-" "$got"
	out=$(sx "$P_SSHD" $ED -o "ProxyCommand=$BIN ssh -F none -p $port -o UserKnownHostsFile=$KH -o GlobalKnownHostsFile=none -l $U $ED -W %h:%p 127.0.0.1" \
		localhost 'echo via-$USER' </dev/null 2>&1)
	check "$name as the ProxyCommand hop to OpenSSH" "via-$U" "$(echo "$out" | tail -1)"
done
out=$(printf '' | sx "$P_TINY" $ED -W "127.0.0.1:$P_SSHD" 127.0.0.1 2>&1)
check "tinyssh: -W refused (no forwarding), 255" 255 $?
echo "$out" | grep -q "open failed" && ok "tinyssh -W refusal message" || bad "tinyssh -W refusal message" "$out"

echo "== failures"
sx "$P_SSHD" -o IdentityAgent=none -i "$K/stranger" 127.0.0.1 true 2>"$T/last.err"
check "unknown user key refused (255)" 255 $?
grep -q "Permission denied" "$T/last.err" && ok "auth failure message" || bad "auth failure message" "$(cat "$T/last.err")"
sx "$P_SSHD" -o BatchMode=yes -o IdentityAgent=none -i "$K/user_ed25519_enc" 127.0.0.1 true 2>"$T/last.err"
check "BatchMode=yes: encrypted key not unlocked, auth fails (255)" 255 $?
# A server that accepts the TCP connection and never speaks: ConnectTimeout covers the handshake.
pick_port hport
if command -v tcpserver >/dev/null; then
	tcpserver -HRDl0 127.0.0.1 "$hport" sleep 30 2>/dev/null &
else
	systemd-socket-activate -l "127.0.0.1:$hport" --inetd -a sleep 30 2>/dev/null &
fi
PIDS+=($!)
wait_port "$hport"
start=$SECONDS
CTO=2 sx "$hport" $ED 127.0.0.1 true 2>"$T/last.err"
check "silent server: handshake timeout (255)" 255 $?
[ $((SECONDS - start)) -le 6 ] && ok "timeout honoured" || bad "timeout honoured" "$((SECONDS - start)) s"
grep -q "timed out" "$T/last.err" && ok "timeout message" || bad "timeout message" "$(cat "$T/last.err")"
pick_port cport
sx "$cport" $ED 127.0.0.1 true 2>"$T/last.err"
check "connection refused (255)" 255 $?
grep -q "Connection refused" "$T/last.err" && ok "connection refused message" || bad "connection refused message" "$(cat "$T/last.err")"
"$BIN" ssh --help >/dev/null
check "ssh --help" 0 $?
"$BIN" ssh -o Ciphers=3des-cbc 127.0.0.1 true 2>/dev/null
check "unsupported cipher option refused (255)" 255 $?

echo
if [ $FAIL -gt 0 ]; then
	echo "failures:"
	for f in "${FAILED[@]}"; do echo "  $f"; done
fi
echo "$PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
