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

#include "core/err.h"
#include "core/strvec.h"
#include "ssh/auth.h"
#include "ssh/engine.h"
#include "ssh/ssh.h"

struct agent;

struct exec_op {
	struct exec_op			*next;
	struct ssh_conn			*conn;
	struct ssh_chan			*ch;
	const char			*cmd;
	const struct ssh_exec_io	*io;
	size_t				 stdin_off;
	int				 started;	/* exec accepted: stdin may flow */
	int				 eof_sent;
	int				 done;
	int				 failed;
	struct errinfo			 err;
	struct ssh_exec_result		 res;
};

struct ssh_client {
	pthread_mutex_t		 mu;
	pthread_t		 thread;
	int			 thread_started;
	int			 wake[2];
	int			 stop;
	struct ssh_conn		*conns;
	uint8_t			*rdbuf;		/* the loop's read buffer */
};

struct ssh_conn {
	struct ssh_conn		*next;
	struct ssh_client	*cl;
	int			 fd;
	struct ssh_engine	 en;
	pthread_cond_t		 cv;
	int64_t			 deadline;	/* handshake deadline, monotonic ms; 0 = none */
	int			 closing;	/* owner asked to close: the loop finishes it */
	int			 closed;	/* socket closed and unlinked by the loop */
	struct exec_op		*ops;

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
int	conn_tcp_connect(const char *host, int port, int timeout_ms, int *fd, struct errinfo *e);
void	*conn_loop(void *arg);
void	conn_wake(struct ssh_client *cl);

/* client.c, called by the loop with the lock held. */
int	exec_op_wants_stdin(const struct exec_op *op);
void	exec_op_stdin_ready(struct exec_op *op, uint8_t *buf, size_t bufsz);

#endif
