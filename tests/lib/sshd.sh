# tests/lib/sshd.sh — sourced by the suites and benchmarks that start private
# OpenSSH sshds (tests/interop, tests/ssh-reach, bench/sshd.sh): loopback port
# picking and the sshd_config lines they all share.

# sshd refuses to start without its privilege separation directory, which only the
# ssh service's unit creates: a fresh machine where the service never ran has none.
sshd_prepare() { mkdir -p /run/sshd && chmod 755 /run/sshd; }

port_free() { ! (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null; }

# pick_port VAR: set VAR to a free loopback port that this shell has not
# handed out before (a port picked but not yet listened on would look free again).
# The first call starts at $PORT_BASE (default 20000) plus $$ mod 20000, so that suites
# running side by side rarely probe the same ports.
pick_port() {
	: "${_sx_next_port:=$((${PORT_BASE:-20000} + $$ % 20000))}"
	while ! port_free "$_sx_next_port"; do _sx_next_port=$((_sx_next_port + 1)); done
	printf -v "$1" %s "$_sx_next_port"
	_sx_next_port=$((_sx_next_port + 1))
}

# wait_port PORT: until something accepts on 127.0.0.1:PORT; 1 after 5 s.
wait_port() {
	local i
	for i in $(seq 100); do
		port_free "$1" || return 0
		sleep 0.05
	done
	return 1
}

# sshd_common_conf USER PIDFILE: the lines every test sshd has: public-key logins
# for USER only, no PAM (no login-session modules in the measured or tested path),
# no ownership checks on the temporary home.
sshd_common_conf() {
	printf '%s\n' "PidFile $2" "AllowUsers $1" "UsePAM no" "StrictModes no" \
		"PasswordAuthentication no" "KbdInteractiveAuthentication no"
}
