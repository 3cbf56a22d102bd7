/*
 * jump — ProxyJump in-process: connections that run over a `direct-tcpip`
 * channel (RFC 4254 §7.2) of a jump host's connection, and the registry that
 * lets every target behind the same jump host share one connection to it.
 *
 * OpenSSH implements ProxyJump by spawning `ssh -W host:port jumphost` as a
 * ProxyCommand (spec/ssh.md §3.11). Here the inner engine's bytes are written
 * straight into the jump connection's channel and the channel's data is fed
 * straight into the inner engine, on the I/O thread, so a chain of N hops is N
 * engines in one process and 200 hosts behind one bastion are 200 channels of
 * ONE bastion connection.
 *
 * Sharing: a jump host is identified by target_key() (user@host:port and its
 * own route). The first connection that needs it connects it (following its own
 * route: chains are recursive); the others wait for that and take a reference.
 * The connection closes when the last reference goes. A jump connection that
 * died (keepalive timeout, server gone) is replaced by a new one for later
 * connections; those already behind it fail with it.
 */
#include "ssh/client_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/str.h"
#include "core/xmalloc.h"

enum { JUMP_CONNECTING, JUMP_UP, JUMP_FAILED };

struct jump_entry {
	struct jump_entry	*next;
	char			*key;
	int			 state;
	int			 linked;	/* in cl->jumps (new connections may find it) */
	int			 refs;		/* connections behind it + threads waiting for it */
	struct ssh_conn		*conn;
	struct errinfo		 err;
};

char *
target_key(const struct ssh_target *t)
{
	struct str s = STR_INIT;
	char *user = t->user && *t->user ? xstrdup(t->user) : ssh_local_user();
	int depth = 0;

	for (; t; t = t->jump, depth++) {
		if (depth) {
			free(user);
			user = t->user && *t->user ? xstrdup(t->user) : ssh_local_user();
		}
		str_addf(&s, "%s%s@[%s]:%d", depth ? " via " : "", user, t->host ? t->host : "",
		    t->port > 0 ? t->port : 22);
		if (t->proxy_command)
			str_addf(&s, " command %s", t->proxy_command);
		if (depth > SSH_MAX_JUMPS)
			break;
	}
	free(user);
	return str_detach(&s, NULL);
}

struct ssh_conn *
jump_conn(const struct jump_entry *j)
{
	return j->conn;
}

static void
entry_unlink(struct ssh_client *cl, struct jump_entry *j)
{
	struct jump_entry **pp;

	if (!j->linked)
		return;
	for (pp = &cl->jumps; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	}
	j->linked = 0;
}

static void
entry_free(struct jump_entry *j)
{
	free(j->key);
	free(j);
}

int
jump_acquire(struct ssh_client *cl, const struct ssh_target *t, int depth, struct jump_entry **out,
    struct errinfo *e)
{
	char *key = target_key(t);
	struct jump_entry *j;
	struct ssh_conn *c = NULL;
	int r;

	*out = NULL;
	pthread_mutex_lock(&cl->jmu);
	for (;;) {
		for (j = cl->jumps; j; j = j->next)
			if (j->linked && strcmp(j->key, key) == 0)
				break;
		if (j == NULL)
			break;
		if (j->state == JUMP_UP) {
			if (ssh_conn_alive(j->conn, NULL)) {
				j->refs++;
				pthread_mutex_unlock(&cl->jmu);
				free(key);
				*out = j;
				return 0;
			}
			/* Dead: those behind it keep their reference; newcomers get a new one. */
			log_debug("ssh: jump host connection %s is gone; connecting again", key);
			entry_unlink(cl, j);
			continue;
		}
		/* Someone is connecting it: wait for the outcome. */
		j->refs++;
		while (j->state == JUMP_CONNECTING)
			pthread_cond_wait(&cl->jcv, &cl->jmu);
		if (j->state == JUMP_UP) {
			pthread_mutex_unlock(&cl->jmu);
			free(key);
			*out = j;
			return 0;
		}
		*e = j->err;
		r = j->err.code ? j->err.code : ERR_IO;
		if (--j->refs == 0)
			entry_free(j);
		pthread_mutex_unlock(&cl->jmu);
		free(key);
		return r;
	}
	j = xcalloc(1, sizeof(*j));
	j->key = key;
	j->state = JUMP_CONNECTING;
	j->refs = 1;
	j->linked = 1;
	j->next = cl->jumps;
	cl->jumps = j;
	pthread_mutex_unlock(&cl->jmu);

	err_clear(&j->err);
	r = ssh_connect_depth(cl, t, depth, &c, &j->err);

	pthread_mutex_lock(&cl->jmu);
	if (r == 0) {
		j->state = JUMP_UP;
		j->conn = c;
		pthread_mutex_lock(&cl->mu);
		cl->stats.jump_conns++;
		pthread_mutex_unlock(&cl->mu);
		*out = j;
	} else {
		j->state = JUMP_FAILED;
		if (!j->err.code)
			j->err.code = r;
		*e = j->err;
		entry_unlink(cl, j);
		if (--j->refs == 0)
			entry_free(j);
	}
	pthread_cond_broadcast(&cl->jcv);
	pthread_mutex_unlock(&cl->jmu);
	return r;
}

void
jump_release(struct ssh_client *cl, struct jump_entry *j)
{
	struct ssh_conn *c = NULL;

	if (j == NULL)
		return;
	pthread_mutex_lock(&cl->jmu);
	if (--j->refs == 0) {
		entry_unlink(cl, j);
		c = j->conn;
		entry_free(j);
	}
	pthread_mutex_unlock(&cl->jmu);
	if (c) {
		pthread_mutex_lock(&cl->mu);
		cl->stats.jump_conns--;
		pthread_mutex_unlock(&cl->mu);
		ssh_conn_close(c);
	}
}

/* ---- the channel as a transport (I/O thread, lock held) ---- */

void
via_flush(struct ssh_conn *c)
{
	while (c->via_ch && c->via_open && engine_output_len(&c->en) > 0) {
		long w = chan_write(c->via_ch, 0, engine_output_ptr(&c->en), engine_output_len(&c->en));

		if (w <= 0)
			break;
		engine_output_done(&c->en, (size_t)w);
	}
}

static void
via_on_open(void *arg, struct ssh_chan *ch, int ok, uint32_t reason, const char *msg)
{
	struct ssh_conn *c = arg;
	struct errinfo e;

	if (!ok) {
		/* RFC 4254 §5.1 reason codes; OpenSSH says "open failed: connect failed: ..." */
		err_set(&e, reason == 2 ? ERR_IO : ERR_REMOTE, "jump host %s could not connect to %s port %d: %s "
		    "(channel open failed, reason %u)", c->via->label, c->host, c->port, msg && *msg ? msg :
		    reason == 1 ? "administratively prohibited" : "refused", reason);
		engine_fail(&c->en, &e);
		return;
	}
	c->via_open = 1;
	log_debug("%s: channel to %s port %d open through %s", c->label, c->host, c->port, c->via->label);
	if (engine_start(&c->en) != 0)
		return;
	via_flush(c);
}

static void
via_on_data(void *arg, struct ssh_chan *ch, int stream, const uint8_t *p, size_t n)
{
	struct ssh_conn *c = arg;

	if (stream != 0 || c->en.state == ENGINE_DEAD)
		return;
	conn_heard(c);
	if (engine_feed(&c->en, p, n) != 0)
		return;
	engine_step(&c->en);
	via_flush(c);
}

static void
via_on_eof(void *arg, struct ssh_chan *ch)
{
	struct ssh_conn *c = arg;

	engine_eof(&c->en);
}

static void
via_on_writable(void *arg, struct ssh_chan *ch)
{
	via_flush(arg);
}

static void
via_on_close(void *arg, struct ssh_chan *ch)
{
	struct ssh_conn *c = arg;
	struct errinfo e;

	c->via_ch = NULL;
	if (c->en.state != ENGINE_DEAD) {
		/* Without the jump host's CLOSE, its own connection went away. */
		if (!ch->close_got && c->via->en.state == ENGINE_DEAD)
			err_set(&e, ERR_CLOSED, "connection to jump host %s lost: %s", c->via->label,
			    c->via->en.err.msg);
		else
			err_set(&e, ERR_CLOSED, "jump host %s closed the channel to %s port %d", c->via->label,
			    c->host, c->port);
		engine_fail(&c->en, &e);
	}
	pthread_cond_broadcast(&c->cv);
}

static const struct chan_ops via_ops = {
	.on_open = via_on_open,
	.on_data = via_on_data,
	.on_eof = via_on_eof,
	.on_writable = via_on_writable,
	.on_close = via_on_close,
};

int
via_start(struct ssh_conn *c, struct ssh_conn *parent, const char *host, int port, struct errinfo *e)
{
	struct buf extra;
	int r;

	if (parent->en.state != ENGINE_READY)
		return err_set(e, ERR_CLOSED, "connection to jump host %s lost: %s", parent->label,
		    parent->en.err.msg[0] ? parent->en.err.msg : "closed");
	/* §7.2: host to connect, port, originator address and port (us, as ssh -W says). */
	buf_init(&extra, 0);
	r = buf_put_cstring(&extra, host);
	r = r ? r : buf_put_u32(&extra, (uint32_t)port);
	r = r ? r : buf_put_cstring(&extra, "127.0.0.1");
	r = r ? r : buf_put_u32(&extra, 65535);
	if (r == 0)
		r = chan_open(&parent->en.mux, "direct-tcpip", buf_ptr(&extra), buf_avail(&extra), &via_ops, c,
		    &c->via_ch, e);
	else
		err_set(e, r, "cannot encode the channel open for %s", host);
	buf_release(&extra);
	if (r != 0)
		return r;
	c->kind = CONN_VIA;
	c->via = parent;
	return 0;
}

void
via_close(struct ssh_conn *c)
{
	struct ssh_chan *ch = c->via_ch;

	if (ch == NULL)
		return;
	c->via_ch = NULL;
	/* The channel outlives us until the jump host's CLOSE: stop its callbacks. */
	chan_detach(ch);
	chan_close(ch);
}
