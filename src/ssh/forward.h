/*
 * forward — port forwarding over an SSH connection (RFC 4254 §7, OpenSSH
 * PROTOCOL §2.4 for unix sockets): what `ssh -L`, `-R` and `-W` do, and what
 * Kamal's local registry needs (a remote 127.0.0.1:PORT forwarded back to a
 * local port on every server, spec/kamal.md §6.3.2).
 *
 *   local  (-L)  we listen here (TCP or unix socket); every accepted connection
 *                becomes a `direct-tcpip` or `direct-streamlocal@openssh.com`
 *                channel to the far side's host:port or socket
 *   remote (-R)  the server listens (`tcpip-forward` / `streamlocal-forward@openssh.com`
 *                global request); every `forwarded-tcpip` / `forwarded-streamlocal@
 *                openssh.com` channel it opens is connected to a host:port or
 *                socket here
 *   stdio  (-W)  one channel relayed to two local descriptors
 *
 * Everything runs on the connection's I/O thread; flow control is reader-driven
 * both ways (a slow local reader stops the peer through the channel window, a
 * full window stops us reading the local side), so nothing is buffered beyond
 * one window per channel. Close forwards before their connection.
 */
#ifndef SEXTANT_SSH_FORWARD_H
#define SEXTANT_SSH_FORWARD_H

#include <stdint.h>

struct errinfo;
struct ssh_conn;
struct ssh_forward;

struct ssh_fwd_spec {
	/* The listening side: host (NULL = loopback for local, "localhost" for remote, as
	 * ssh(1)) and port (0 = any), or a unix socket path. */
	const char	*listen_host;
	int		 listen_port;
	const char	*listen_path;
	/* Where each forwarded connection goes: host and port, or a unix socket path. */
	const char	*connect_host;
	int		 connect_port;
	const char	*connect_path;
};

int	ssh_forward_local(struct ssh_conn *c, const struct ssh_fwd_spec *spec, struct ssh_forward **out,
	    struct errinfo *e);
/* Waits for the server's answer until deadline (time_mono_ms() clock). */
int	ssh_forward_remote(struct ssh_conn *c, const struct ssh_fwd_spec *spec, int64_t deadline,
	    struct ssh_forward **out, struct errinfo *e);
/* The port listening (a remote forward asked with port 0 gets the server's choice). */
int	ssh_forward_port(const struct ssh_forward *f);
/* Stops listening (cancel-tcpip-forward for remote ones); forwarded connections go on. */
void	ssh_forward_close(struct ssh_forward *f);
/* Forwarded connections so far (tests). */
unsigned ssh_forward_count(const struct ssh_forward *f);

/*
 * Relays rfd (to the server) and wfd (from it) through one channel to host:port, or
 * to the unix socket path if path is set, until both directions ended. The
 * descriptors are made non-blocking (and left so); they are not closed.
 */
int	ssh_forward_stdio(struct ssh_conn *c, const char *host, int port, const char *path, int rfd,
	    int wfd, struct errinfo *e);

/*
 * Parses ssh(1)'s -L / -R argument ([bind_address:]port:host:hostport,
 * [bind_address:]port:socket, socket:host:hostport, socket:socket; IPv6 addresses
 * in brackets) or an ssh_config LocalForward/RemoteForward value (the two
 * arguments separated by a space). The strings of out point into *storage, which
 * the caller frees. ERR_USAGE with the reason.
 */
int	ssh_fwd_parse(const char *arg, struct ssh_fwd_spec *out, char **storage, struct errinfo *e);

#endif
