/*
 * ssh — the thread-safe SSH client API the rest of sextant uses.
 *
 * Threading model (design.md §2.2): a struct ssh_client owns ONE I/O thread that
 * runs a poll(2) loop over every connection's socket and drives each connection's
 * sans-I/O engine (engine.h). Any number of worker threads call ssh_connect(),
 * ssh_exec() etc.; those calls hand work to the loop and block until it is done.
 * Several threads may run commands on the same connection at once — each gets its
 * own channel.
 *
 *   struct ssh_client *cl = ssh_client_new();
 *   struct ssh_target t = SSH_TARGET_INIT; t.host = "10.0.0.5"; t.user = "root";
 *   struct ssh_conn *c;
 *   if (ssh_connect(cl, &t, &c, &e) == 0) {
 *           ssh_exec(c, "docker ps", NULL, 0, &out, &err, &status, &e);
 *           ssh_conn_close(c);
 *   }
 *   ssh_client_free(cl);
 *
 * Host keys: checked against known_hosts (StrictHostKeyChecking semantics; the
 * default is accept-new, which is what Kamal's net-ssh does). A known host that
 * presents a different key is refused with the file and line of the entry.
 *
 * Routes: a target reaches its host directly (TCP; every address the name
 * resolves to is tried in turn), through a ProxyCommand (the transport runs over
 * the command's stdin/stdout), or through a jump host (ProxyJump): target->jump
 * is itself a target, connected first (following its own route, so chains work),
 * and the inner transport runs in-process over a direct-tcpip channel of the jump
 * host's connection. All targets of one client behind the same jump host share
 * ONE connection to it (one channel each); it closes with the last of them.
 *
 * Never hanging: connect_timeout_ms covers TCP connect, banner, key exchange and
 * authentication (the error names the phase); server_alive_interval detects a
 * peer that stopped answering (RFC 4254 §4 keepalive@openssh.com, spec/ssh.md
 * §3.8) and fails the connection, and with it every wait on it.
 *
 * Extension points: ssh_conn_call() runs a function on the I/O thread with the
 * connection's engine, which is where any channel type can be opened with
 * chan_open(). Port forwarding is in forward.h, tunnels as streams in tunnel.h.
 */
#ifndef SEXTANT_SSH_SSH_H
#define SEXTANT_SSH_SSH_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct str;
struct ssh_client;
struct ssh_conn;
struct ssh_engine;

enum ssh_strict {
	SSH_STRICT_ACCEPT_NEW = 0,	/* unknown hosts are added; changed keys refused (default) */
	SSH_STRICT_YES,			/* unknown hosts refused */
	SSH_STRICT_NO			/* unknown added; changed keys only warned about */
};

/* Asks for the passphrase of an encrypted key file; 0 and buf filled, or <0 to skip the key. */
typedef int (*ssh_passphrase_fn)(void *arg, const char *path, char *buf, size_t n);

struct ssh_target {
	const char		*host;		/* name or address to connect to */
	int			 port;		/* 0 = 22 */
	const char		*user;		/* NULL = the local user name */
	const char		*label;		/* name in messages, NULL = host */
	const char		*host_key_alias;	/* name looked up in known_hosts, NULL = host */
	const char *const	*identity_files;	/* NULL-terminated; NULL = OpenSSH's defaults */
	int			 identity_files_quiet;	/* missing files are skipped silently (defaults) */
	int			 identities_only;	/* only identity_files, even if the agent has more */
	const char		*agent_socket;	/* NULL = $SSH_AUTH_SOCK; "none" = no agent */
	const char *const	*known_hosts;	/* NULL-terminated; NULL = ~/.ssh/known_hosts(2) + /etc/ssh/ssh_known_hosts(2) */
	const char		*known_hosts_add;	/* where new keys go; NULL = first user file */
	int			 hash_known_hosts;
	enum ssh_strict		 strict;
	int			 connect_timeout_ms;	/* TCP connect + handshake + auth; 0 = 30 s */
	int			 batch_mode;	/* never prompt */
	ssh_passphrase_fn	 passphrase;	/* NULL = encrypted key files are skipped */
	void			*passphrase_arg;
	const char		*kex_algs;	/* comma lists, NULL = defaults (spec/ssh.md §3.2) */
	const char		*hostkey_algs;
	const char		*ciphers;
	const char		*macs;
	uint64_t		 rekey_bytes;	/* 0 = OpenSSH's limits */

	/* Route (at most one of jump / proxy_command). */
	const struct ssh_target	*jump;		/* ProxyJump: connect through this host */
	const char		*proxy_command;	/* ProxyCommand, %-tokens already expanded; run by /bin/sh */
	int			 address_family;	/* 0 any, 4 IPv4 only, 6 IPv6 only */

	int			 server_alive_interval;	/* seconds between keepalives when silent; 0 = off */
	int			 server_alive_count_max;	/* unanswered keepalives before giving up; 0 = 3 */

	const char *const	*key_data;	/* NULL-terminated private keys in memory (PEM/OpenSSH
						   text), tried after the identity files; never written out */
	int			 forward_agent;	/* ForwardAgent: offer the agent to sessions */
	const char		*forward_agent_sock;	/* its socket; NULL = agent_socket / $SSH_AUTH_SOCK */
	/* net-ssh's accept_new_or_local_tunnel (Kamal's default): no host key check for a
	 * direct connection to 127.0.0.1 / ::1 on a port other than 22 (a local tunnel). */
	int			 lenient_local_tunnel;
};

#define SSH_DEFAULT_CONNECT_TIMEOUT_MS	30000
#define SSH_MAX_JUMPS			16	/* hops in a ProxyJump chain */

void	ssh_target_init(struct ssh_target *t);

struct ssh_client *ssh_client_new(void);
/* Closes every connection still open and stops the I/O thread. */
void	ssh_client_free(struct ssh_client *cl);

/* TCP connect, key exchange, host key check, authentication. */
int	ssh_connect(struct ssh_client *cl, const struct ssh_target *t, struct ssh_conn **out,
	    struct errinfo *e);
/* Sends DISCONNECT, closes the socket, frees c. Running execs on c fail with ERR_CLOSED.
 * Close every connection before ssh_client_free(). */
void	ssh_conn_close(struct ssh_conn *c);
/* 1 while the connection is up; 0 once it failed or the server closed it (then e, if
 * given, says why). A pool can use this to reconnect. */
int	ssh_conn_alive(struct ssh_conn *c, struct errinfo *e);
/* Negotiated algorithms, e.g. "curve25519-sha256 ssh-ed25519 aes128-gcm@openssh.com". */
void	ssh_conn_describe(struct ssh_conn *c, struct str *out);
/* The name given as the target's label (or host). */
const char *ssh_conn_label(const struct ssh_conn *c);

struct ssh_client_stats {
	unsigned	conns;		/* connections up or handshaking now (jump hosts included) */
	unsigned	jump_conns;	/* of which shared jump-host connections */
	unsigned	tcp_opened;	/* TCP connections ever made by this client */
	unsigned	via_opened;	/* connections ever made through a jump host */
	unsigned	proxycmd_opened;	/* ProxyCommands ever started */
	unsigned	channels;	/* channels open now, over all connections */
	unsigned	keepalives_sent;
};

void	ssh_client_stats(struct ssh_client *cl, struct ssh_client_stats *out);

struct ssh_exec_result {
	int	exit_status;		/* -1 if the server sent none */
	char	exit_signal[32];	/* "" or the signal name without "SIG" (RFC 4254 §6.10) */
	int	core_dumped;
};

/* Output callback: stream 1 = stdout, 2 = stderr. Runs on the I/O thread: keep it short. */
typedef void (*ssh_output_fn)(void *arg, int stream, const void *p, size_t n);

/* A pseudo-terminal for the session (RFC 4254 §6.2). */
struct ssh_pty {
	const char	*term;		/* $TERM, NULL = "vt100" */
	unsigned	 cols, rows, xpixels, ypixels;
	const uint8_t	*modes;		/* encoded terminal modes (§8), see ssh_pty_modes(); NULL = none */
	size_t		 modes_len;
	/* Window changes: when winch_fd is readable (a self-pipe written on SIGWINCH) the
	 * loop drains it, reads tty_fd's size (TIOCGWINSZ) and sends window-change (§6.7). */
	int		 winch_fd;	/* -1 = none */
	int		 tty_fd;
};

struct iovec;

struct ssh_exec_io {
	int			 stdin_fd;	/* >= 0: streamed as the window allows, EOF at its end */
	const void		*stdin_data;	/* else these bytes (may be NULL), then EOF */
	size_t			 stdin_len;
	ssh_output_fn		 on_output;
	void			*arg;
	const char *const	*env;		/* "NAME=value" entries sent as env requests (§6.4) */
	const struct iovec	*stdin_iov;	/* else (if stdin_iovcnt > 0) these pieces in order, then EOF */
	int			 stdin_iovcnt;
	const struct ssh_pty	*pty;		/* request a PTY first; NULL = none */
	int			 forward_agent;	/* ask for agent forwarding (if the target allows it) */
};

/*
 * Encodes the terminal modes of termios t (a struct termios *) for pty-req, as
 * RFC 4254 §8 opcodes, into out (malloc'd). For `sextant ssh -t`.
 */
int	ssh_pty_modes(const void *termios, uint8_t **out, size_t *n);

/*
 * Runs cmd in a new session channel (RFC 4254 §6.5 exec) and waits for it.
 * Returns 0 once the channel closed (whatever the exit status: see res), or <0 if
 * the channel could not be opened or the connection failed.
 */
int	ssh_exec_stream(struct ssh_conn *c, const char *cmd, const struct ssh_exec_io *io,
	    struct ssh_exec_result *res, struct errinfo *e);
/* Convenience: stdin from memory, stdout/stderr collected (either may be NULL to discard). */
int	ssh_exec(struct ssh_conn *c, const char *cmd, const void *stdin_data, size_t n,
	    struct str *out, struct str *err, int *exit_status, struct errinfo *e);

/*
 * Runs fn(arg, engine) with the client lock held — serialised with the I/O thread,
 * which is the only other user of the engine — then wakes the loop to send what fn
 * queued. For extensions (new channel types via chan_open); the chan_ops callbacks
 * fn registers run later on the I/O thread. ERR_CLOSED if the connection is gone.
 */
int	ssh_conn_call(struct ssh_conn *c, void (*fn)(void *arg, struct ssh_engine *en), void *arg,
	    struct errinfo *e);

/* Algorithm-list option syntax of ssh_config(5): "a,b", "+a" append, "-a" remove, "^a" prepend.
 * Fills out (malloc'd) from the defaults; ERR_CONFIG naming an unknown algorithm. */
int	ssh_alglist_apply(const char *defaults, const char *spec, const char *what,
	    int (*known)(const char *name), char **out, struct errinfo *e);
int	ssh_known_kex(const char *name);
int	ssh_known_cipher(const char *name);
int	ssh_known_mac(const char *name);
int	ssh_known_hostkey(const char *name);

#endif
