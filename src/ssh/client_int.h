/*
 * client_int — internals shared by client.c (the ssh.h API: connect, exec,
 * identities, host-key policy) and conn.c (sockets and the I/O thread's poll
 * loop). Not for use outside src/ssh.
 *
 * Locking: every field below is guarded by ssh_client.mu. The I/O thread holds
 * the lock except while it sleeps in poll(2); API calls take it, change engine
 * state, wake the loop through the self-pipe and wait on their connection's
 * condition variable. Only the I/O thread closes sockets and unlinks connections.
 */
#ifndef SEXTANT_SSH_CLIENT_INT_H
#define SEXTANT_SSH_CLIENT_INT_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/err.h"
#include "core/strvec.h"
#include "ssh/auth.h"
#include "ssh/engine.h"
#include "ssh/ssh.h"

struct agent;
struct jump_entry;
struct ssh_forward;

struct exec_op {
	struct exec_op			*next;
	struct ssh_conn			*conn;
	struct ssh_chan			*ch;
	const char			*cmd;
	const struct ssh_exec_io	*io;
	size_t				 stdin_off;	/* in-memory stdin: bytes sent */
	int				 stdin_iov_i;	/* iovec stdin: current entry */
	int				 pty_pending;	/* pty-req reply still to come */
	int				 started;	/* exec accepted: stdin may flow */
	int				 eof_sent;
	int				 done;
	int				 failed;
	struct errinfo			 err;
	struct ssh_exec_result		 res;
};

/*
 * A descriptor the I/O thread polls for an extension (forwarded sockets, local
 * listeners). want() says which events to wait for this round (0 = none);
 * ready() runs with the client lock held. Removed watches are dropped by the
 * loop at the start of its next round, which then calls release().
 */
struct conn_watch {
	struct conn_watch	*next;
	int			 fd;
	short			(*want)(void *arg);
	void			(*ready)(void *arg, short revents);
	void			(*release)(void *arg);
	void			*arg;
	int			 removed;
};

struct ssh_client {
	pthread_mutex_t		 mu;
	pthread_t		 thread;
	int			 thread_started;
	int			 wake[2];
	int			 stop;
	struct ssh_conn		*conns;
	struct conn_watch	*watches;
	uint8_t			*rdbuf;		/* the loop's read buffer */

	/* Jump hosts shared by the connections behind them (jump.c); own lock,
	 * taken before mu, never after it. */
	pthread_mutex_t		 jmu;
	pthread_cond_t		 jcv;
	struct jump_entry	*jumps;

	struct ssh_client_stats	 stats;		/* under mu */
};

enum conn_kind {
	CONN_TCP,		/* a TCP socket */
	CONN_PROXYCMD,		/* a ProxyCommand's stdin/stdout */
	CONN_VIA		/* a direct-tcpip channel of a jump host's connection */
};

struct ssh_conn {
	struct ssh_conn		*next;
	struct ssh_client	*cl;
	enum conn_kind		 kind;
	int			 fd;		/* read side (socket, or the command's stdout) */
	int			 wfd;		/* write side (== fd for a socket) */
	struct ssh_engine	 en;
	pthread_cond_t		 cv;
	uint64_t		 cv_events;	/* en.events / en.state at the last wake-up of cv's waiters */
	int			 cv_state;
	int64_t			 deadline;	/* handshake deadline, monotonic ms; 0 = none */
	int			 timeout_ms;	/* ConnectTimeout, for messages */
	int			 closing;	/* owner asked to close: the loop finishes it */
	int			 closed;	/* socket closed and unlinked by the loop */
	struct exec_op		*ops;

	/* ProxyCommand */
	pid_t			 proxy_pid;
	char			*proxy_cmd;

	/* Behind a jump host: our transport is via_ch, a channel of via. */
	struct ssh_conn		*via;
	struct ssh_chan		*via_ch;
	int			 via_open;
	struct jump_entry	*jump;		/* our reference to the shared jump connection */

	/* ServerAliveInterval / ServerAliveCountMax (spec/ssh.md §3.8) */
	int			 alive_interval_ms;	/* 0 = off */
	int			 alive_count_max;
	int			 alive_missed;		/* keepalives sent since the peer last spoke */
	int64_t			 alive_next;		/* when to send the next one */

	/* Forwarding */
	char			*fwd_agent_sock;	/* agent forwarding to this socket, NULL = off */
	int			 fwd_agent_asked;	/* auth-agent-req sent on some session */
	struct ssh_forward	*fwds;			/* local listeners and remote forwards */
	int			 local_tunnel;		/* lenient host key check applies */

	/* Identities and how to sign with them. */
	struct auth_identity	*ids;
	size_t			 nids;
	struct agent		*agent;

	/* Host-key policy inputs (copies of the target's). */
	char			*label;
	char			*host;
	char			*kh_host;
	int			 kh_port;	/* port in known_hosts names: 22 (plain name) under HostKeyAlias */
	int			 port;
	char			**kh_files;	/* NULL-terminated */
	char			*kh_add;
	int			 kh_hash;
	struct strvec		 kh_types;	/* key types known_hosts has for the host */
	int			 kh_offered_known;	/* our offer includes one of them */
	enum ssh_strict		 strict;

	/* Algorithm lists (owned; NULL = defaults). */
	char			*kex, *hostkey_algs, *ciphers, *macs;
};

/* conn.c */
int	conn_tcp_connect(const char *host, int port, int af, int timeout_ms, int *fd, struct errinfo *e);
void	*conn_loop(void *arg);
void	conn_wake(struct ssh_client *cl);
/* Adds a watch (lock held). */
struct conn_watch *conn_watch_add(struct ssh_client *cl, int fd, short (*want)(void *),
	    void (*ready)(void *, short), void (*release)(void *), void *arg);
/* The loop drops it next round (lock held); ready() is not called again. */
void	conn_watch_remove(struct conn_watch *w);
/* Sends what the engine produced, as far as the transport takes it (lock held). */
void	conn_flush(struct ssh_conn *c);
/* "key exchange", "authentication"...: what the handshake is waiting for. */
const char *conn_phase(const struct ssh_conn *c);
/* The peer spoke: keepalive bookkeeping (lock held). */
void	conn_heard(struct ssh_conn *c);

/* client.c, called by the loop with the lock held. */
int	exec_op_wants_stdin(const struct exec_op *op);
void	exec_op_stdin_ready(struct exec_op *op, uint8_t *buf, size_t bufsz);
int	exec_op_wants_winch(const struct exec_op *op);
void	exec_op_winch(struct exec_op *op);

/* jump.c */
int	jump_acquire(struct ssh_client *cl, const struct ssh_target *t, int depth,
	    struct jump_entry **out, struct errinfo *e);
void	jump_release(struct ssh_client *cl, struct jump_entry *j);
struct ssh_conn *jump_conn(const struct jump_entry *j);
/* Opens our transport channel on the jump connection (lock held). */
int	via_start(struct ssh_conn *c, struct ssh_conn *parent, const char *host, int port,
	    struct errinfo *e);
/* Moves engine output into the channel as its window allows (lock held). */
void	via_flush(struct ssh_conn *c);
/* Closes the channel and stops listening to it (lock held). */
void	via_close(struct ssh_conn *c);
/* Key naming a jump target for sharing: user@host:port plus its own route. */
char	*target_key(const struct ssh_target *t);

/* proxycmd.c */
int	proxycmd_spawn(const char *cmd, pid_t *pid, int *rfd, int *wfd, struct errinfo *e);
/* Ends the command (SIGHUP, then SIGKILL if it lingers) and reaps it. */
void	proxycmd_reap(pid_t pid);

/* fwd.c */
int	fwd_open_handler(void *arg, struct ssh_chanmux *m, const struct chan_open_req *req);
/* The connection is going away: stop its listeners, forget its remote forwards (lock held). */
void	fwd_conn_closing(struct ssh_conn *c);

/* client.c */
int	ssh_connect_depth(struct ssh_client *cl, const struct ssh_target *t, int depth,
	    struct ssh_conn **out, struct errinfo *e);
char	*ssh_local_user(void);

#endif
