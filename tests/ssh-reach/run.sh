#!/bin/bash
# tests/ssh-reach/run.sh — the SSH client's reach (issue 7) against real OpenSSH
# servers (Debian's openssh-server) on loopback and in network namespaces made
# here. Nothing leaves 127.0.0.1, ::1 and the namespaces' own 10.214.0.0/16.
#
#   BUILD=build tests/ssh-reach/run.sh        (~1 minute; 49 s on a fresh 2-core machine)
#   REACH_KEEP=1 ...                          keep the temp dir (namespaces are always removed)
#   REACH_VERBOSE=1 ...                       print every passing check too
#
# Topology (no forwarding anywhere: each hop only reaches its neighbours):
#
#   this machine 10.214.0.1 -- 10.214.0.2 b1 10.214.1.1 -- 10.214.1.2 b2 10.214.2.1 -- 10.214.2.2 t
#                                            b1 10.214.3.1 -- h: 10.214.3.10 .. 10.214.3.59 (50 "hosts",
#                                                                one sshd listening on all of them)
#
# Covers: a two-hop jump chain (-J, ProxyJump in ssh_config with Host/Match/
# Include) to t, which only b2 can reach; ProxyCommand (sextant's -W and
# OpenSSH's); 50 hosts behind b1 through ONE bastion connection (counted with ss
# in b1's namespace and in b1's sshd log), from the executor and from
# `sextant server exec` with deploy.yml's ssh.proxy; uploads of 0 B, 1 B, 1 MB and
# 100 MB by checksum with modes, a directory, and an upload through the bastion;
# -L to a TCP port and to a unix socket, -R, -W; PTY programs driven through
# tmux (size, window-change, Ctrl-C to the remote program, terminal restored
# after exit and after SIGTERM); keepalive against a stopped sshd (direct and
# behind a jump host) with the detection time; ConnectTimeout during the TCP
# connect, the banner and the key exchange, each naming its phase; IPv6 literal
# [::1]:port; a name with two addresses, the first one black-holed; 1,000
# connections and 10,000 channels with flat memory, and the same churn under
# AddressSanitizer/LeakSanitizer. Ends with "N passed, N failed".

set -u
cd "${REACH_REPO:-$(dirname "$0")/../..}" || exit 1
REPO=$(pwd)
BUILD=${BUILD:-build}
BIN=$(realpath "$BUILD/sextant" 2>/dev/null)
P=${REACH_PREFIX:-sxk}
NET=10.214
PASS=0
FAIL=0
FAILED=()
FIGURES=()

START_S=$SECONDS
say() { echo "$* [$((SECONDS - START_S)) s]"; }
ok() { PASS=$((PASS + 1)); [ "${REACH_VERBOSE:-0}" = 1 ] && echo "  ok   $1"; return 0; }
bad() { FAIL=$((FAIL + 1)); FAILED+=("$1"); echo "  FAIL $1${2:+: $2}"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1" "expected '$2', got '$3'${4:+ ($4)}"; fi; }
figure() { FIGURES+=("$1"); echo "  figure: $1"; }
finish() {
	echo
	if [ ${#FIGURES[@]} -gt 0 ]; then
		echo "figures:"
		for f in "${FIGURES[@]}"; do echo "  $f"; done
	fi
	if [ $FAIL -gt 0 ]; then
		echo "failures:"
		for f in "${FAILED[@]}"; do echo "  $f"; done
	fi
	echo "$PASS passed, $FAIL failed"
	[ $FAIL -eq 0 ]
	exit
}

if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
	echo "ssh-reach: $BUILD/sextant not built (run make first)"; echo "0 passed, 1 failed"; exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "ssh-reach: needs root (network namespaces, sshd, a test account)"; echo "0 passed, 1 failed"; exit 1
fi

# ---- packages (idempotent) ----
need=()
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v tmux >/dev/null || need+=(tmux)
command -v ip >/dev/null || need+=(iproute2)
command -v iptables >/dev/null || need+=(iptables)
command -v python3 >/dev/null || need+=(python3)
command -v bc >/dev/null || need+=(bc)
command -v dropbear >/dev/null || need+=(dropbear-bin)
if [ ${#need[@]} -gt 0 ]; then
	echo "ssh-reach: installing ${need[*]}"
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}") >/dev/null 2>&1 ||
		{ echo "ssh-reach: could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

# One run at a time on a machine: the namespaces, their addresses and the test
# account are shared names (a second run would take them over mid-test).
exec 9>"${REACH_LOCK:-/run/lock/sextant-ssh-reach.lock}"
if ! flock -w 900 9; then
	echo "ssh-reach: another run holds ${REACH_LOCK:-/run/lock/sextant-ssh-reach.lock} (waited 15 min)"
	echo "0 passed, 1 failed"
	exit 1
fi

T=$(mktemp -d "${REACH_DIR:-/var/lib}/sextant-reach.XXXXXX")
chmod 755 "$T"
PIDS=()
NSS=()
TMUX_SOCK="$T/tmux.sock"
cleanup() {
	local p n
	tmux -S "$TMUX_SOCK" kill-server >/dev/null 2>&1
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; kill -CONT "$p" 2>/dev/null; done
	wait 2>/dev/null
	for n in "${NSS[@]}"; do ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del "$n" 2>/dev/null; done
	if [ "${REACH_KEEP:-0}" = 1 ]; then echo "ssh-reach: kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the test account (its home is the run's directory) ----
U=sxrch
if ! id "$U" >/dev/null 2>&1; then
	useradd -M -d "$T/home" -s /bin/bash "$U" 2>/dev/null || { echo "ssh-reach: useradd failed"; echo "0 passed, 1 failed"; exit 1; }
fi
usermod -d "$T/home" -s /bin/bash "$U" >/dev/null 2>&1
usermod -p '*' "$U" >/dev/null 2>&1
mkdir -p "$T/home/.ssh"
K=$T/keys
mkdir -p "$K"
ssh-keygen -q -t ed25519 -N '' -C host -f "$K/host"
ssh-keygen -q -t ed25519 -N '' -C user -f "$K/user"
cp "$K/user.pub" "$T/home/.ssh/authorized_keys"
chown -R "$U" "$T/home"
chmod 700 "$T/home" "$T/home/.ssh"
chmod 600 "$T/home/.ssh/authorized_keys" "$K/user"
KH=$T/known_hosts

# ---- sshd ----
PORT_BASE=21000
. tests/lib/sshd.sh
sshd_conf() {	# name listen-lines...
	local name=$1
	shift
	{
		for l in "$@"; do echo "$l"; done
		echo "HostKey $K/host"
		sshd_common_conf "$U" "$T/$name.pid"
		echo "MaxStartups 300:30:400"
		echo "MaxSessions 100"
		echo "LogLevel VERBOSE"
		echo "AllowTcpForwarding yes"
		echo "AllowStreamLocalForwarding yes"
		echo "StreamLocalBindUnlink yes"
	} > "$T/$name.conf"
}
sshd_prepare
start_sshd() {	# name netns|"" listen-lines...
	local name=$1 ns=$2
	shift 2
	sshd_conf "$name" "$@"
	if [ -n "$ns" ]; then
		ip netns exec "$ns" /usr/sbin/sshd -D -f "$T/$name.conf" -E "$T/$name.log" &
	else
		/usr/sbin/sshd -D -f "$T/$name.conf" -E "$T/$name.log" &
	fi
	PIDS+=($!)
	eval "PID_$name=$!"
}
wait_listen() {	# netns|"" addr port
	local i
	for i in $(seq 100); do
		if [ -n "$1" ]; then
			ip netns exec "$1" bash -c "echo >/dev/tcp/$2/$3" 2>/dev/null && return 0
		else
			bash -c "echo >/dev/tcp/$2/$3" 2>/dev/null && return 0
		fi
		sleep 0.05
	done
	return 1
}

# ---- namespaces ----
mkns() { ip netns add "$1" && NSS+=("$1") && ip -n "$1" link set lo up; }
link() {	# ns1|"" addr1 ns2 addr2 name
	local a=$5a b=$5b
	ip link add "$a" type veth peer name "$b" || return 1
	if [ -n "$1" ]; then ip link set "$a" netns "$1"; fi
	ip link set "$b" netns "$3"
	if [ -n "$1" ]; then
		ip -n "$1" addr add "$2/24" dev "$a" && ip -n "$1" link set "$a" up
	else
		ip addr add "$2/24" dev "$a" && ip link set "$a" up
	fi
	ip -n "$3" addr add "$4/24" dev "$b" && ip -n "$3" link set "$b" up
}
say "== setting up: namespaces $P-b1 $P-b2 $P-t $P-h, sshd in each and on loopback"
for n in b1 b2 t h; do ip netns del "$P-$n" 2>/dev/null; done
ip link del "${P}0a" 2>/dev/null
if ! { mkns "$P-b1" && mkns "$P-b2" && mkns "$P-t" && mkns "$P-h" &&
	link "" "$NET.0.1" "$P-b1" "$NET.0.2" "${P}0" &&
	link "$P-b1" "$NET.1.1" "$P-b2" "$NET.1.2" "${P}1" &&
	link "$P-b2" "$NET.2.1" "$P-t" "$NET.2.2" "${P}2" &&
	link "$P-b1" "$NET.3.1" "$P-h" "$NET.3.10" "${P}3"; }; then
	bad "namespaces" "could not create them"
	finish
fi
HOSTS=()
for i in $(seq 10 59); do
	[ "$i" != 10 ] && ip -n "$P-h" addr add "$NET.3.$i/24" dev "${P}3b"
	HOSTS+=("$NET.3.$i")
done
ip link set "${P}0a" up 2>/dev/null
start_sshd b1 "$P-b1" "Port 22" "ListenAddress 0.0.0.0"
start_sshd b2 "$P-b2" "Port 22" "ListenAddress 0.0.0.0"
start_sshd t "$P-t" "Port 22" "ListenAddress 0.0.0.0"
start_sshd h "$P-h" "Port 22" "ListenAddress 0.0.0.0"
pick_port PL
HAVE_V6=0
[ -e /proc/net/if_inet6 ] && grep -q '^0\{31\}1 ' /proc/net/if_inet6 && HAVE_V6=1
if [ "$HAVE_V6" = 1 ]; then
	start_sshd local "" "Port $PL" "ListenAddress 127.0.0.1" "ListenAddress [::1]:$PL"
else
	start_sshd local "" "Port $PL" "ListenAddress 127.0.0.1"
fi
wait_listen "$P-b1" "$NET.0.2" 22 || bad "sshd b1 up" "$(tail -2 "$T/b1.log")"
wait_listen "$P-b2" "$NET.1.2" 22 || bad "sshd b2 up"
wait_listen "$P-t" "$NET.2.2" 22 || bad "sshd t up"
wait_listen "$P-h" "$NET.3.59" 22 || bad "sshd h up"
wait_listen "" 127.0.0.1 "$PL" || bad "sshd local up"

# The client's ssh_config: Host, Match and Include, as users write them.
mkdir -p "$T/conf.d"
cat > "$T/ssh_config" <<EOF
Include $T/conf.d/*.conf
Host b1
  HostName $NET.0.2
Host b2
  HostName $NET.1.2
  ProxyJump b1
Match originalhost t
  HostName $NET.2.2
  ProxyJump b2
Host local
  HostName 127.0.0.1
  Port $PL
Host *
  User $U
  IdentityFile $K/user
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $KH
  GlobalKnownHostsFile none
  ConnectTimeout 10
EOF
cat > "$T/conf.d/t-direct.conf" <<EOF
Host t-direct
  HostName $NET.2.2
Host t-chain
  HostName $NET.2.2
  ProxyJump b1,$U@$NET.1.2:22
EOF
sx() { "$BIN" ssh -F "$T/ssh_config" "$@"; }

# ---- the test driver ----
(cd "$REPO" && make -s BUILD="$BUILD" "$BUILD/sextant" >/dev/null) || { bad "make"; finish; }
if ! musl-gcc -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor/bearssl/src/inc -Wall -Wextra -Werror \
	-Wno-unused-parameter -O1 -o "$T/reachtest" tests/ssh-reach/reachtest.c \
	$(ls "$BUILD"/obj/*/*.o) build/vendor/bearssl/libbearssl.a build/vendor/libyaml/libyaml.a \
	-static -lpthread >"$T/cc.log" 2>&1; then
	bad "building tests/ssh-reach/reachtest.c" "$(head -5 "$T/cc.log")"
	finish
fi
RT() { "$T/reachtest" "$@"; }
RTO=(-i "$K/user" -k "$KH" -u "$U")

# ======================================================================
say "== jump chains (t is reachable only through b1 and b2)"
out=$(sx -o ConnectTimeout=3 t-direct true 2>&1)
rc=$?
check "t is not reachable directly (255)" 255 "$rc" "$out"
out=$(sx -J b1,b2 "$U@$NET.2.2" 'echo $SSH_CONNECTION' 2>"$T/err")
check "-J b1,b2: two hops to t" "$NET.2.1" "$(echo "$out" | cut -d' ' -f1)" "$(tail -2 "$T/err")"
out=$(sx t 'echo $SSH_CONNECTION' 2>"$T/err")
check "ProxyJump via Match originalhost + Host b2's own ProxyJump (Include'd config)" "$NET.2.1 " "$(echo "$out" | cut -d' ' -f1) " "$(tail -2 "$T/err")"
out=$(sx t-chain 'echo $SSH_CONNECTION' 2>"$T/err")
check "ProxyJump list b1,user@b2:22 from an Include'd file" "$NET.2.1" "$(echo "$out" | cut -d' ' -f1)" "$(tail -2 "$T/err")"
out=$(sx -v t true 2>&1)
echo "$out" | grep -q "channel to $NET.1.2 port 22 open through b1" && echo "$out" | grep -q "channel to $NET.2.2 port 22 open through b2" &&
	ok "verbose log shows each hop's channel" || bad "verbose log shows each hop's channel" "$(echo "$out" | grep -i channel | head -3)"
head -c 3000000 /dev/urandom > "$T/3m.bin"
want=$(sha256sum < "$T/3m.bin" | cut -d' ' -f1)
got=$(sx t 'sha256sum | cut -d" " -f1' < "$T/3m.bin")
check "3 MB stdin through two hops" "$want" "$got"
got=$(sx t "head -c 3000000 /dev/zero" | sha256sum | cut -d' ' -f1)
check "3 MB stdout through two hops" "$(head -c 3000000 /dev/zero | sha256sum | cut -d' ' -f1)" "$got"
out=$(sx -J b1 -o ConnectTimeout=5 "$U@$NET.2.2" true 2>&1)
check "b1 cannot reach t: refused through the jump (255)" 255 $? "$out"
echo "$out" | grep -q "jump host b1 could not connect to $NET.2.2 port 22" && ok "jump refusal names the jump host and target" ||
	bad "jump refusal message" "$out"
out=$(sx -J b9.invalid t true 2>&1)
check "unresolvable jump host (255)" 255 $? "$out"
echo "$out" | grep -q "jump host b9.invalid" && ok "unresolvable jump host named" || bad "unresolvable jump host named" "$out"

say "== ProxyCommand"
out=$(sx -o "ProxyCommand=$BIN ssh -F $T/ssh_config -W %h:%p b1" "$U@$NET.1.2" 'echo $SSH_CONNECTION' 2>"$T/err")
check "ProxyCommand sextant ssh -W %h:%p b1 -> b2" "$NET.1.1" "$(echo "$out" | cut -d' ' -f1)" "$(tail -2 "$T/err")"
out=$(sx -o "ProxyCommand=ssh -F $T/ssh_config -o ProxyJump=none -W %h:%p b1" "$U@$NET.1.2" 'echo ok' 2>"$T/err")
check "ProxyCommand OpenSSH ssh -W" ok "$out" "$(tail -2 "$T/err")"
out=$(sx -o "ProxyCommand=exit 3" -o ConnectTimeout=5 "$U@$NET.1.2" true 2>&1)
check "ProxyCommand that exits (255)" 255 $?
echo "$out" | grep -q "ProxyCommand 'exit 3' closed the connection" && ok "ProxyCommand failure message" || bad "ProxyCommand failure message" "$out"

# ======================================================================
say "== 50 hosts behind one bastion"
mkfifo "$T/fleet.in"
RT fleet -w "${RTO[@]}" -J "$U@$NET.0.2" 'echo $SSH_CONNECTION' "${HOSTS[@]}" <"$T/fleet.in" >"$T/fleet.out" 2>&1 &
fleet_pid=$!
exec 8>"$T/fleet.in"
for i in $(seq 600); do grep -q '^stats:' "$T/fleet.out" && break; sleep 0.1; done
# Counted on the bastion's side while all 50 connections are up.
b1_in=$(ip netns exec "$P-b1" ss -Htn state established "( sport = :22 )" | grep -c " $NET.0.1:")
h_in=$(ip netns exec "$P-h" ss -Htn state established "( sport = :22 )" | grep -c " $NET.3.1:")
echo >&8
exec 8>&-
wait "$fleet_pid"
fleet_out=$(cat "$T/fleet.out")
n_out=$(echo "$fleet_out" | grep -c "^out: $NET.3.[0-9]* $NET.3.1 ")
check "50 hosts ran a command through the bastion" 50 "$n_out" "$(echo "$fleet_out" | grep error | head -3)"
check "bastion side: ONE connection from us to b1 (ss in b1's namespace)" 1 "$b1_in"
check "hosts side: 50 connections from b1 (ss in h's namespace)" 50 "$h_in"
check "client side: one jump connection, 50 through it" "stats: conns=51 jump=1 tcp=1 via=50 proxycmd=0" \
	"$(echo "$fleet_out" | grep '^stats:')"
figure "bastion: 50 hosts -> $b1_in connection(s) to b1, $h_in from b1 to the hosts; $(echo "$fleet_out" | grep '^ms:' | cut -d' ' -f2) ms for 50 commands"

# The same from the CLI: `sextant server exec` with deploy.yml's ssh.proxy.
mkdir -p "$T/proj/config" "$T/proj/.kamal"
{
	echo "service: reach"
	echo "image: reach/app"
	echo "servers:"
	for h in "${HOSTS[@]}"; do echo "  - $h"; done
	echo "registry:"
	echo "  server: localhost:5555"
	echo "  username: u"
	echo "  password: p"
	echo "builder:"
	echo "  arch: amd64"
	echo "ssh:"
	echo "  user: $U"
	echo "  proxy: $U@$NET.0.2"
	echo "  keys: [$K/user]"
	echo "  keys_only: true"
	echo "  config: $T/proj/ssh_config"
} > "$T/proj/config/deploy.yml"
printf 'Host *\n  UserKnownHostsFile %s\n  GlobalKnownHostsFile none\n' "$KH" > "$T/proj/ssh_config"
# An agent with a key of its own: SSHKit forwards the agent unless ssh.forward_agent is false.
ssh-keygen -q -t ed25519 -N '' -C reach-agent-key -f "$K/agentkey"
(SSH_AUTH_SOCK= ssh-agent -a "$T/agent.sock" -s > "$T/agent.env")
. "$T/agent.env" >/dev/null
PIDS+=("$SSH_AGENT_PID")
SSH_AUTH_SOCK="$T/agent.sock" ssh-add -q "$K/agentkey" 2>/dev/null
before=$(grep -c "Accepted publickey for $U from $NET.0.1" "$T/b1.log")
(cd "$T/proj" && git init -q . && git -c user.email=t@t -c user.name=t commit -q --allow-empty -m init) >/dev/null 2>&1
out=$(cd "$T/proj" && SSH_AUTH_SOCK="$T/agent.sock" timeout 120 "$BIN" server exec 'echo $SSH_CONNECTION; ssh-add -l' 2>&1)
rc=$?
after=$(grep -c "Accepted publickey for $U from $NET.0.1" "$T/b1.log")
check "sextant server exec on 50 hosts through ssh.proxy (exit 0)" 0 "$rc" "$(echo "$out" | grep -i error | head -3)"
check "server exec: 50 hosts answered" 50 "$(echo "$out" | grep -c "$NET.3.1 [0-9]* $NET.3.")"
check "server exec: ONE new bastion login (b1's sshd log)" 1 "$((after - before))"
check "server exec: the agent is forwarded by default (ssh-add -l on 50 hosts)" 50 "$(echo "$out" | grep -c "reach-agent-key (ED25519)")"
# key_data from a secret, ssh.config: false, no agent forwarding, a fresh known_hosts.
mkdir -p "$T/fakehome"
printf 'SSH_PRIVATE_KEY=$(cat %s)\n' "$K/user" > "$T/proj/.kamal/secrets"
sed -i -e "/^  keys:/d" -e "s|^  config: .*|  config: false|" "$T/proj/config/deploy.yml"
printf '  key_data: [SSH_PRIVATE_KEY]\n  forward_agent: false\n' >> "$T/proj/config/deploy.yml"
out=$(cd "$T/proj" && HOME="$T/fakehome" SSH_AUTH_SOCK="$T/agent.sock" timeout 120 "$BIN" server exec 'echo $SSH_CONNECTION; ssh-add -l 2>&1 | head -1' 2>&1)
check "key_data secret + config: false: 50 hosts through the bastion" 50 "$(echo "$out" | grep -c "$NET.3.1 [0-9]* $NET.3.")" "$(echo "$out" | grep -i -m3 error)"
check "forward_agent: false: no agent on the hosts" 0 "$(echo "$out" | grep -c "reach-agent-key")"
check "config: false: host keys recorded in ~/.ssh/known_hosts (accept-new)" 51 "$(wc -l < "$T/fakehome/.ssh/known_hosts" 2>/dev/null)"
! grep -rl "OPENSSH PRIVATE KEY" "$T/fakehome" "$T/proj" --exclude=secrets >/dev/null 2>&1 && ok "key_data never written to disk" ||
	bad "key_data written to disk" "$(grep -rl "OPENSSH PRIVATE KEY" "$T/fakehome" "$T/proj" --exclude=secrets)"
# A command that prints more than sextant holds (XRESULT_MAX, 256 MiB): refused with the host
# named, after reading it all, and memory stays bounded.
out=$(cd "$T/proj" && HOME="$T/fakehome" /usr/bin/time -o "$T/big.rss" -f %M timeout 120 "$BIN" server exec -h "${HOSTS[0]}" \
	'head -c 300000000 /dev/zero' 2>&1 | tail -c 2000; echo "rc=${PIPESTATUS[0]}")
check "server exec printing 300 MB: refused (exit 1)" "rc=1" "$(echo "$out" | tail -1)"
echo "$out" | grep -q "more than 256 MiB" && echo "$out" | grep -q "${HOSTS[0]}" &&
	ok "server exec printing 300 MB: the error names the limit and the host" ||
	bad "server exec printing 300 MB: message" "$(echo "$out" | tail -3)"
rss=$(tail -1 "$T/big.rss" 2>/dev/null)
[ "${rss:-999999}" -lt 400000 ] && ok "server exec printing 300 MB: peak RSS ${rss} KiB (< 400 MB)" ||
	bad "server exec printing 300 MB: peak RSS" "${rss:-?} KiB"
figure "a command printing 300 MB: refused at the 256 MiB output limit, peak RSS ${rss:-?} KiB"
out=$(SSH_AUTH_SOCK="$T/agent.sock" sx -A -o IdentityAgent="$T/agent.sock" local 'ssh-add -l' 2>&1)
echo "$out" | grep -q "reach-agent-key (ED25519)" && ok "sextant ssh -A: agent forwarded" || bad "sextant ssh -A" "$out"
out=$(SSH_AUTH_SOCK="$T/agent.sock" sx -o IdentityAgent="$T/agent.sock" local 'echo ${SSH_AUTH_SOCK:-none}' 2>&1)
check "sextant ssh without -A: no agent (ForwardAgent no)" none "$out"

# ======================================================================
say "== uploads (scp -t as Kamal's net-scp): by checksum and mode"
mkdir -p "$T/up"
head -c 0 /dev/zero > "$T/up/f0"; chmod 600 "$T/up/f0"
head -c 1 /dev/urandom > "$T/up/f1"; chmod 644 "$T/up/f1"
head -c 1000000 /dev/urandom > "$T/up/f1m"; chmod 755 "$T/up/f1m"
head -c 100000000 /dev/urandom > "$T/up/f100m"; chmod 640 "$T/up/f100m"
for f in f0 f1 f1m f100m; do
	out=$(RT upload -p "$PL" "${RTO[@]}" 127.0.0.1 "$T/up/$f" "up-$f" 2>&1)
	rc=$?
	check "upload $f: ok" 0 "$rc" "$out"
	check "upload $f: checksum" "$(sha256sum < "$T/up/$f")" "$(sha256sum < "$T/home/up-$f")"
	check "upload $f: mode" "$(stat -c %a "$T/up/$f")" "$(stat -c %a "$T/home/up-$f" 2>/dev/null)"
	check "upload $f: owner" "$U" "$(stat -c %U "$T/home/up-$f" 2>/dev/null)"
	if [ "$f" = f100m ]; then
		ms=$(echo "$out" | sed -n 's/^ms: //p')
		[ -n "$ms" ] && [ "$ms" -gt 0 ] && figure "upload 100 MB over loopback: $ms ms ($((100000 / ms)) MB/s, connect included)"
	fi
done
mkdir -p "$T/home/sub" && chown "$U" "$T/home/sub"
out=$(RT upload -p "$PL" "${RTO[@]}" 127.0.0.1 "$T/up/f1" "sub/dir file" 2>&1)
check "upload to a path with a space (Shellwords-escaped)" "$(sha256sum < "$T/up/f1")" "$(sha256sum < "$T/home/sub/dir file" 2>/dev/null)" "$out"
out=$(RT upload -p "$PL" "${RTO[@]}" 127.0.0.1 "$T/up/f1" "nonexistent-dir/x" 2>&1)
check "upload into a missing directory fails" 1 $?
echo "$out" | grep -q "upload of nonexistent-dir/x failed: scp: nonexistent-dir/x: No such file or directory" && ok "scp sink error reported" ||
	bad "scp sink error reported" "$out"
mkdir -p "$T/updir/pages"; echo 500 > "$T/updir/pages/500.html"; echo 404 > "$T/updir/pages/404.html"
chmod 700 "$T/updir/pages"; chmod 600 "$T/updir/pages/500.html"; chmod 644 "$T/updir/pages/404.html"
out=$(RT upload-dir -p "$PL" "${RTO[@]}" 127.0.0.1 "$T/updir/pages" "sub" 2>&1)
check "directory upload (scp -t -r)" 0 $? "$out"
check "directory upload: mode of the directory" 700 "$(stat -c %a "$T/home/sub/pages" 2>/dev/null)"
check "directory upload: files and modes" "600 500 644 404" "$(stat -c %a "$T/home/sub/pages/500.html") $(cat "$T/home/sub/pages/500.html") $(stat -c %a "$T/home/sub/pages/404.html") $(cat "$T/home/sub/pages/404.html")"
out=$(RT upload "${RTO[@]}" -J "$U@$NET.0.2" "$NET.3.11" "$T/up/f1m" "up-via-bastion" 2>&1)
check "upload through the bastion" "$(sha256sum < "$T/up/f1m")" "$(sha256sum < "$T/home/up-via-bastion" 2>/dev/null)" "$out"

# ======================================================================
say "== forwarding"
pick_port PW
python3 -m http.server "$PW" --bind 127.0.0.1 --directory "$T/up" >/dev/null 2>&1 &
PIDS+=($!)
wait_listen "" 127.0.0.1 "$PW"
cat > "$T/echo.py" <<'EOF'
import socket, sys, os, threading
path = sys.argv[1]
if os.path.exists(path): os.unlink(path)
s = socket.socket(socket.AF_UNIX); s.bind(path); s.listen(16)
def serve(c):
    while True:
        d = c.recv(65536)
        if not d: break
        c.sendall(d)
    c.close()
while True:
    c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF
python3 "$T/echo.py" "$T/echo.sock" >/dev/null 2>&1 &
PIDS+=($!)
for i in $(seq 50); do [ -S "$T/echo.sock" ] && break; sleep 0.05; done
chmod 777 "$T/echo.sock"
pick_port PLF
sx -N -L "$PLF:127.0.0.1:$PW" local 2>"$T/lf.err" &
LFP=$!
wait_listen "" 127.0.0.1 "$PLF"
got=$(python3 -c "import urllib.request,hashlib;print(hashlib.sha256(urllib.request.urlopen('http://127.0.0.1:$PLF/f1m').read()).hexdigest())" 2>&1)
check "-L TCP port: 1 MB over HTTP" "$(sha256sum < "$T/up/f1m" | cut -d' ' -f1)" "$got"
kill $LFP; wait $LFP 2>/dev/null
sx -N -L "$T/l.sock:$T/echo.sock" local 2>"$T/lf.err" &
LFP=$!
for i in $(seq 50); do [ -S "$T/l.sock" ] && break; sleep 0.05; done
got=$(python3 -c "
import socket,hashlib
s=socket.socket(socket.AF_UNIX); s.connect('$T/l.sock')
data=open('$T/up/f1m','rb').read(); s.sendall(data); s.shutdown(socket.SHUT_WR)
b=b''
while True:
    d=s.recv(65536)
    if not d: break
    b+=d
print(hashlib.sha256(b).hexdigest())" 2>&1)
check "-L unix socket -> remote unix socket (direct-streamlocal): 1 MB echoed" "$(sha256sum < "$T/up/f1m" | cut -d' ' -f1)" "$got" "$(cat "$T/lf.err")"
kill $LFP; wait $LFP 2>/dev/null
pick_port PRF
out=$(sx -R "$PRF:127.0.0.1:$PW" local "curl -s http://127.0.0.1:$PRF/f1 2>/dev/null | sha256sum || python3 -c \"import urllib.request,hashlib;print(hashlib.sha256(urllib.request.urlopen('http://127.0.0.1:$PRF/f1').read()).hexdigest())\"" 2>&1)
check "-R: the server's port reaches a local HTTP server" "$(sha256sum < "$T/up/f1" | cut -d' ' -f1)" "$(echo "$out" | tail -1 | cut -d' ' -f1)"
pick_port PRF2
out=$(sx -R "127.0.0.1:$PRF2:localhost:$PW" local "python3 -c \"import urllib.request,hashlib;print(hashlib.sha256(urllib.request.urlopen('http://127.0.0.1:$PRF2/f1m').read()).hexdigest())\"" 2>&1)
check "-R 127.0.0.1:PORT:localhost:PORT (Kamal's local registry forward; localhost tried address by address)" \
	"$(sha256sum < "$T/up/f1m" | cut -d' ' -f1)" "$(echo "$out" | tail -1)"
out=$(sx -R "0:127.0.0.1:$PW" local true 2>&1)
echo "$out" | grep -q "^Allocated port [0-9]* for remote forward to 127.0.0.1:$PW" && ok "-R 0: allocated port printed" || bad "-R 0" "$out"
got=$(printf 'GET /f1m HTTP/1.0\r\n\r\n' | sx -W "127.0.0.1:$PW" local | python3 -c "import sys,hashlib;print(hashlib.sha256(sys.stdin.buffer.read().split(b'\\r\\n\\r\\n',1)[1]).hexdigest())")
check "-W host:port (stdio forward)" "$(sha256sum < "$T/up/f1m" | cut -d' ' -f1)" "$got"
out=$(sx -W "127.0.0.1:1" local </dev/null 2>&1)
check "-W to a closed port fails (255)" 255 $?
echo "$out" | grep -q "open failed: connect failed" && ok "-W refusal message" || bad "-W refusal message" "$out"
out=$(RT tunnel -p "$PL" "${RTO[@]}" 127.0.0.1 "$PW" /f100m 20 2>&1)
check "tunnel (ssh/tunnel.h) with a slow reader: 100 MB by checksum" "$(sha256sum < "$T/up/f100m" | cut -d' ' -f1)" \
	"$(echo "$out" | sed -n 's/^sha256: //p')" "$(echo "$out" | tail -1)"
peak=$(echo "$out" | sed -n 's/^rss-peak: //p')
[ -n "$peak" ] && [ "$peak" -lt 12288 ] && ok "tunnel: reader-driven window keeps memory bounded" || bad "tunnel memory" "peak RSS $peak KiB"
[ -n "$peak" ] && figure "tunnel: 100 MB read slowly through a direct-tcpip channel, peak RSS $peak KiB (window 2 MiB)"
pick_port PLJ
sx -N -L "$PLJ:$NET.2.2:22" t 2>"$T/lf.err" &
LFP=$!
wait_listen "" 127.0.0.1 "$PLJ"
out=$(timeout 5 bash -c "head -c 7 </dev/tcp/127.0.0.1/$PLJ" 2>&1)
check "-L through two jump hosts reaches t's sshd" "SSH-2.0" "$out"
kill $LFP; wait $LFP 2>/dev/null

# ======================================================================
say "== PTY through tmux"
tm() { tmux -S "$TMUX_SOCK" "$@"; }
screen() { tm capture-pane -p -t reach; }
wait_screen() {	# pattern [seconds]
	local i
	for i in $(seq $((${2:-10} * 10))); do
		screen | grep -q -- "$1" && return 0
		sleep 0.1
	done
	return 1
}
tm -f /dev/null new-session -d -s reach -x 100 -y 30 "env -i PATH=$PATH TERM=xterm HOME=$T PS1='READY> ' bash --norc --noprofile"
tm set-option -t reach status off >/dev/null
wait_screen "READY>" 5
tm send-keys -t reach "$BIN ssh -F $T/ssh_config -t local 'PS1=\"REMOTE> \" bash --norc --noprofile'" Enter
if wait_screen "REMOTE>" 10; then
	ok "sextant ssh -t: remote shell prompt"
	tm send-keys -t reach "tty; stty size; echo TERM=\$TERM" Enter
	wait_screen "^TERM=" 5
	screen | grep -q "^/dev/pts/" && ok "remote has a pseudo-terminal" || bad "remote tty" "$(screen | tail -5)"
	screen | grep -q "^30 100" && ok "initial size 100x30 (pty-req)" || bad "initial size" "$(screen | tail -5)"
	screen | grep -q "^TERM=xterm" && ok "TERM passed in pty-req" || bad "TERM" "$(screen | tail -5)"
	tm resize-window -t reach -x 120 -y 40 >/dev/null 2>&1
	sleep 0.5
	tm send-keys -t reach "clear; stty size" Enter
	wait_screen "^40 120" 5 && ok "window-change on SIGWINCH (120x40)" || bad "window-change" "$(screen | tail -3)"
	tm send-keys -t reach "clear; sleep 30; echo AFTER" Enter
	sleep 0.5
	tm send-keys -t reach C-c
	wait_screen "REMOTE>" 5 && ! screen | grep -q AFTER && ok "Ctrl-C interrupts the remote program (raw mode, remote ISIG)" ||
		bad "Ctrl-C to the remote program" "$(screen | tail -3)"
	tm send-keys -t reach "exit" Enter
	wait_screen "READY>" 5
	tm send-keys -t reach "clear; stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\n' ' '; echo" Enter
	wait_screen "^icanon" 5
	check "terminal restored after exit (icanon echo)" "icanon echo" "$(screen | grep -m1 -e '^icanon' -e '^-icanon' | xargs)"
	tm send-keys -t reach "clear; $BIN ssh -F $T/ssh_config -t local 'echo STARTED; sleep 60'" Enter
	wait_screen "STARTED" 10
	sxpid=$(pgrep -f "ssh -F $T/ssh_config -t local echo STARTED" | head -1)
	[ -n "$sxpid" ] && kill -TERM "$sxpid"
	wait_screen "READY>" 5
	tm send-keys -t reach "clear; stty -a | tr ' ;' '\n\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\n' ' '; echo" Enter
	wait_screen "icanon" 5
	check "terminal restored after SIGTERM" "icanon echo" "$(screen | grep -m1 -e '^icanon' -e '^-icanon' | xargs)"
	out=$(sx -t local 'tty' </dev/null 2>&1)
	echo "$out" | grep -q "Pseudo-terminal will not be allocated because stdin is not a terminal" && ok "-t without a terminal: ssh(1)'s warning" ||
		bad "-t without a terminal" "$out"
	out=$(sx -tt local 'tty' </dev/null 2>&1)
	echo "$out" | grep -q "/dev/pts/" && ok "-tt forces a PTY" || bad "-tt forces a PTY" "$out"
else
	bad "sextant ssh -t: remote shell prompt" "$(screen | tail -5)"
fi

# ======================================================================
say "== keepalive: a peer that stops answering"
stop_session() {	# sshd-log-owner listener-pid: SIGSTOP the listener's session processes
	local k
	for k in $(pgrep -P "$1"); do pkill -STOP -P "$k"; kill -STOP "$k"; STOPPED+=("$k"); done
}
cont_sessions() {
	local k
	for k in "${STOPPED[@]}"; do pkill -CONT -P "$k"; kill -CONT "$k"; kill "$k" 2>/dev/null; done
	STOPPED=()
}
STOPPED=()
(sx -o ServerAliveInterval=1 -o ServerAliveCountMax=2 local 'echo started; sleep 60' > "$T/ka.out" 2>&1; echo "rc=$?" >> "$T/ka.out") &
KAP=$!
for i in $(seq 50); do grep -q started "$T/ka.out" && break; sleep 0.1; done
stop_session "$PID_local"
t0=$(date +%s.%N)
wait $KAP
t1=$(date +%s.%N)
cont_sessions
dt=$(echo "$t1 - $t0" | bc)
grep -q "rc=255" "$T/ka.out" && ok "keepalive: stopped server -> exit 255" || bad "keepalive exit" "$(cat "$T/ka.out")"
grep -q "Timeout, server local not responding" "$T/ka.out" && ok "keepalive message names the host" || bad "keepalive message" "$(cat "$T/ka.out")"
[ "$(echo "$dt <= 4.0" | bc)" = 1 ] && ok "keepalive fired within its bound (interval 1 s x (2+1) + 1 s)" || bad "keepalive bound" "$dt s"
figure "keepalive detection (ServerAliveInterval=1, CountMax=2, bound 3 s): $(printf %.2f "$dt") s"
(sx -o ServerAliveInterval=1 -o ServerAliveCountMax=2 t 'echo started; sleep 60' > "$T/ka.out" 2>&1; echo "rc=$?" >> "$T/ka.out") &
KAP=$!
for i in $(seq 100); do grep -q started "$T/ka.out" && break; sleep 0.1; done
stop_session "$PID_t"
t0=$(date +%s.%N)
wait $KAP
t1=$(date +%s.%N)
cont_sessions
dt=$(echo "$t1 - $t0" | bc)
grep -q "Timeout, server t not responding" "$T/ka.out" && ok "keepalive behind two jump hosts detects a stopped target" || bad "keepalive through jumps" "$(cat "$T/ka.out")"
figure "keepalive detection behind two jump hosts: $(printf %.2f "$dt") s"
(RT fleet "${RTO[@]}" -J "$U@$NET.0.2" -A 1 'echo started; sleep 60' "$NET.3.12" > "$T/ka.out" 2>&1; echo "rc=$?" >> "$T/ka.out") &
KAP=$!
sleep 2
stop_session "$PID_b1"
t0=$(date +%s.%N)
wait $KAP
t1=$(date +%s.%N)
cont_sessions
dt=$(echo "$t1 - $t0" | bc)
grep -q "not responding" "$T/ka.out" && ok "executor keepalive: a stopped bastion fails the host's command" || bad "executor keepalive" "$(cat "$T/ka.out")"
figure "executor keepalive (interval 1 s, CountMax 3) with the bastion stopped: $(printf %.2f "$dt") s"

# ======================================================================
say "== never hang: ConnectTimeout phases"
pick_port PB
python3 -c "
import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$PB)); s.listen(8)
cs=[]
while True:
    c,_=s.accept(); cs.append(c)
" &
PIDS+=($!)
pick_port PK
python3 -c "
import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$PK)); s.listen(8)
cs=[]
while True:
    c,_=s.accept(); c.sendall(b'SSH-2.0-Silent_1.0\r\n'); cs.append(c)
" &
PIDS+=($!)
wait_listen "" 127.0.0.1 "$PB"; wait_listen "" 127.0.0.1 "$PK"
start=$(date +%s.%N)
out=$(sx -o ConnectTimeout=2 -p "$PB" 127.0.0.1 true 2>&1)
rc=$?
dt=$(echo "$(date +%s.%N) - $start" | bc)
check "silent server: 255" 255 "$rc"
echo "$out" | grep -q "timed out during waiting for the server's SSH version banner" && ok "banner phase named" || bad "banner phase" "$out"
[ "$(echo "$dt < 4" | bc)" = 1 ] && ok "banner timeout within ConnectTimeout" || bad "banner timeout" "$dt s"
out=$(sx -o ConnectTimeout=2 -p "$PK" 127.0.0.1 true 2>&1)
echo "$out" | grep -q "timed out during the key exchange" && ok "key exchange phase named" || bad "kex phase" "$out"
ip netns exec "$P-b1" iptables -A INPUT -p tcp --dport 2222 -j DROP
start=$(date +%s.%N)
out=$(sx -o ConnectTimeout=2 -p 2222 "$NET.0.2" true 2>&1)
dt=$(echo "$(date +%s.%N) - $start" | bc)
echo "$out" | grep -q "connect to host $NET.0.2 port 2222: Connection timed out" && ok "TCP connect timeout (black-holed port)" || bad "TCP connect timeout" "$out"
[ "$(echo "$dt < 4" | bc)" = 1 ] && ok "TCP connect timeout within ConnectTimeout" || bad "TCP connect timeout bound" "$dt s"
out=$(sx -o ConnectTimeout=3 -J b1 -p 2222 "$U@$NET.3.20" true 2>&1)
check "through a jump host: refused port reported (255)" 255 $?
# A name with two addresses, the first black-holed: the second is tried in time.
printf '%s multi.reach.test\n127.0.0.1 multi.reach.test\n' "$NET.0.2" > "$T/hosts"
start=$(date +%s.%N)
out=$(unshare -m sh -c "mount --bind '$T/hosts' /etc/hosts && '$BIN' ssh -F '$T/ssh_config' -v -o ConnectTimeout=4 -p 2222 multi.reach.test true" 2>&1)
dt=$(echo "$(date +%s.%N) - $start" | bc)
# port 2222 on 127.0.0.1 refuses at once: both addresses tried
echo "$out" | grep -q "trying the next address" && ok "several addresses: each tried" || bad "several addresses tried" "$(echo "$out" | tail -3)"
out=$(unshare -m sh -c "mount --bind '$T/hosts' /etc/hosts && '$BIN' ssh -F '$T/ssh_config' -o ConnectTimeout=4 -o Port=$PL multi.reach.test 'echo second'" 2>&1)
check "first address black-holed: the second answers" second "$(echo "$out" | tail -1)"
[ "$(echo "$dt < 6" | bc)" = 1 ] && ok "several addresses within ConnectTimeout" || bad "several addresses bound" "$dt s"
ip netns exec "$P-b1" iptables -D INPUT -p tcp --dport 2222 -j DROP
if [ "$HAVE_V6" = 1 ]; then
	out=$("$BIN" ssh -F "$T/ssh_config" "$U@[::1]:$PL" 'echo v6' 2>"$T/err")
	check "IPv6 literal [::1]:port" v6 "$out"
	out=$(RT fleet -p "$PL" "${RTO[@]}" 'echo v6' "$U@[::1]:$PL" 2>&1)
	echo "$out" | grep -q "^out: $U@\[::1\]:$PL v6" && ok "executor: server entry user@[::1]:port" || bad "executor IPv6 entry" "$out"
fi

# ======================================================================
say "== closing frees everything: 1,000 connections, 10,000 channels"
# Connections go to Dropbear (a handshake costs it half of what sshd's re-exec does: the
# suite's time, not the client's, is what that saves); channels to a listener that
# accepts and closes (each channel is a TCP connect by the server, then EOF and CLOSE).
pick_port PD
pick_port PA
dropbearkey -t ed25519 -f "$K/db_host" >/dev/null 2>&1
dropbear -F -E -s -p "127.0.0.1:$PD" -r "$K/db_host" -P "$T/dropbear.pid" 2>"$T/dropbear.log" &
PIDS+=($!)
python3 -c "
import socket
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1',$PA)); s.listen(1024)
while True:
    c,_=s.accept(); c.close()
" &
PIDS+=($!)
wait_listen "" 127.0.0.1 "$PD" || bad "dropbear up" "$(tail -2 "$T/dropbear.log")"
wait_listen "" 127.0.0.1 "$PA"
start=$SECONDS
out=$(RT churn -p "$PD" "${RTO[@]}" 127.0.0.1 1000 10000 "$PA" 2>&1)
check "churn completed" 0 $? "$(echo "$out" | tail -2)"
figure "churn: 1,000 connections + 10,000 channels in $((SECONDS - start)) s"
c1=$(echo "$out" | sed -n 's/^rss: conns-100 //p'); c2=$(echo "$out" | sed -n 's/^rss: conns-1000 //p')
h1=$(echo "$out" | sed -n 's/^rss: chans-1000 //p'); h2=$(echo "$out" | sed -n 's/^rss: chans-10000 //p')
if [ -n "$c1" ] && [ -n "$c2" ] && [ -n "$h1" ] && [ -n "$h2" ]; then
	[ $((c2 - c1)) -le 1024 ] && ok "RSS flat over 900 connections" || bad "RSS over connections" "$c1 -> $c2 KiB"
	[ $((h2 - h1)) -le 1024 ] && ok "RSS flat over 9,000 channels" || bad "RSS over channels" "$h1 -> $h2 KiB"
	figure "memory: RSS $c1 KiB after 100 connections, $c2 KiB after 1,000; $h1 KiB after 1,000 channels, $h2 KiB after 10,000"
fi
# The sanitizer objects of this build (make compiles only what changed).
asan_objs=$(for f in src/*/*.c; do f=${f#src/}; echo "$BUILD/asan/${f%.c}.o"; done)
(cd "$REPO" && make -s BUILD="$BUILD" build/vendor-host/bearssl/libbearssl.a $asan_objs >"$T/make-asan.log" 2>&1) ||
	bad "make the sanitizer objects" "$(tail -3 "$T/make-asan.log")"
if ls "$BUILD"/asan/ssh/*.o >/dev/null 2>&1 && [ -f build/vendor-host/bearssl/libbearssl.a ]; then
	if gcc -std=c11 -D_GNU_SOURCE -Isrc -Ibuild/vendor-host/bearssl/src/inc -O1 -g -fsanitize=address,undefined \
		-fno-omit-frame-pointer -o "$T/reachtest-asan" tests/ssh-reach/reachtest.c \
		$(ls "$BUILD"/asan/*/*.o) build/vendor-host/bearssl/libbearssl.a build/vendor-host/libyaml/libyaml.a \
		-lpthread >"$T/cc-asan.log" 2>&1; then
		out=$(ASAN_OPTIONS=detect_leaks=1 "$T/reachtest-asan" churn -p "$PD" "${RTO[@]}" 127.0.0.1 100 2000 "$PA" 2>&1)
		check "ASan/LSan: 100 connections, 2,000 channels: no error, no leak" 0 $? "$(echo "$out" | grep -m3 -e ERROR -e leak -e '^error')"
		out=$(ASAN_OPTIONS=detect_leaks=1 "$T/reachtest-asan" fleet "${RTO[@]}" -J "$U@$NET.0.2" 'echo ok' "${HOSTS[@]:0:10}" 2>&1)
		check "ASan/LSan: 10 hosts through a jump host" 0 $? "$(echo "$out" | grep -m3 -e ERROR -e leak -e '^error')"
		out=$(ASAN_OPTIONS=detect_leaks=1 "$T/reachtest-asan" upload -p "$PL" "${RTO[@]}" 127.0.0.1 "$T/up/f1m" up-asan 2>&1)
		check "ASan/LSan: upload" 0 $? "$(echo "$out" | grep -m3 -e ERROR -e leak -e '^error')"
	else
		bad "building reachtest with the sanitizers" "$(head -3 "$T/cc-asan.log")"
	fi
else
	echo "  (sanitizer churn skipped: run make BUILD=$BUILD test-asan first to build $BUILD/asan)"
fi

finish
