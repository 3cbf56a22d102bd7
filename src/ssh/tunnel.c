/*
 * tunnel — direct-tcpip channels as blocking streams (tunnel.h).
 *
 * Two threads touch a tunnel: the worker that reads and writes it, and the
 * connection's I/O thread, which runs the channel callbacks with the client
 * lock held. Everything shared is guarded by the tunnel's own mutex, always
 * taken after the client lock (ssh_conn_call() holds that lock while it runs
 * our functions), never before it. chan_close() may call on_close at once, so
 * it is never called with the tunnel mutex held.
 *
 * The tunnel is freed by whichever of its two owners lets go last: the stream
 * (close()) and the channel (on_close, which the channel layer guarantees for
 * every channel, also when the connection is lost).
 */
#include "ssh/tunnel.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"
#include "http/stream.h"
#include "ssh/channel.h"
#include "ssh/client_int.h"
#include "ssh/engine.h"
#include "ssh/ssh.h"

struct tunnel {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 refs;		/* the stream + the channel while it exists */
	struct ssh_conn	*conn;
	struct ssh_chan	*ch;		/* NULL once the channel is gone */
	char		 target[280];	/* "host:port" */
	char		 what[400];	/* "host:port through label", for messages */

	int		 opened;	/* OPEN_CONFIRMATION seen */
	int		 refused;	/* OPEN_FAILURE seen */
	uint32_t	 reason;
	char		 reason_text[256];
	int		 eof;		/* the server's EOF (the target closed its side) */
	int		 gone;		/* on_close seen */
	int		 lost;		/* gone without the server's CLOSE: connection lost */
	int		 want_close;	/* the stream was closed (or gave up opening) */
	int		 overflow;	/* the reader fell TUNNEL_BUF_MAX behind */

	struct str	 in;		/* received, unread from in_off */
	size_t		 in_off;
	size_t		 unacked;	/* read by the worker, not yet reported to the channel */

	const uint8_t	*wp;		/* the worker's pending write (its buffer) */
	size_t		 wn, woff;
	int		 werr;
};

static const char *
reason_name(uint32_t r)
{
	/* RFC 4254 §5.1 */
	switch (r) {
	case 1:
		return "administratively prohibited";
	case 2:
		return "connect failed";
	case 3:
		return "unknown channel type";
	case 4:
		return "resource shortage";
	default:
		return "refused";
	}
}

static void
tunnel_free(struct tunnel *t)
{
	pthread_mutex_destroy(&t->mu);
	pthread_cond_destroy(&t->cv);
	str_release(&t->in);
	free(t);
}

/* Drops one reference; frees on the last. Called without t->mu. */
static void
tunnel_unref(struct tunnel *t)
{
	int last;

	pthread_mutex_lock(&t->mu);
	last = --t->refs == 0;
	pthread_mutex_unlock(&t->mu);
	if (last)
		tunnel_free(t);
}

/* Waits on t->cv (t->mu held) until woken or deadline; ERR_TIMEOUT once it passed. */
static int
tunnel_wait(struct tunnel *t, int64_t deadline)
{
	struct timespec ts;

	if (deadline == HTTP_NO_DEADLINE) {
		pthread_cond_wait(&t->cv, &t->mu);
		return 0;
	}
	if (time_mono_ms() >= deadline)
		return ERR_TIMEOUT;
	/* the condition variable runs on CLOCK_MONOTONIC, time_mono_ms()'s clock */
	ts.tv_sec = (time_t)(deadline / 1000);
	ts.tv_nsec = (long)(deadline % 1000) * 1000000L;
	if (pthread_cond_timedwait(&t->cv, &t->mu, &ts) == ETIMEDOUT && time_mono_ms() >= deadline)
		return ERR_TIMEOUT;
	return 0;
}

/* Writes what the window allows of the pending write (t->mu held, client lock held). */
static void
tunnel_pump(struct tunnel *t)
{
	long w;

	if (t->wp == NULL || t->ch == NULL || t->woff >= t->wn)
		return;
	w = chan_write(t->ch, 0, t->wp + t->woff, t->wn - t->woff);
	if (w < 0)
		t->werr = (int)w;
	else
		t->woff += (size_t)w;
	if (t->werr || t->woff >= t->wn)
		pthread_cond_broadcast(&t->cv);
}

/* ---- channel callbacks (I/O thread, client lock held) ---- */

static void
cb_open(void *arg, struct ssh_chan *c, int ok, uint32_t reason, const char *msg)
{
	struct tunnel *t = arg;
	int close_now;

	pthread_mutex_lock(&t->mu);
	if (ok) {
		t->opened = 1;
	} else {
		t->refused = 1;
		t->reason = reason;
		snprintf(t->reason_text, sizeof(t->reason_text), "%s", msg ? msg : "");
	}
	close_now = ok && t->want_close;	/* the opener gave up waiting */
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
	if (close_now)
		chan_close(c);
}

static void
cb_data(void *arg, struct ssh_chan *c, int stream, const uint8_t *p, size_t n)
{
	struct tunnel *t = arg;
	int close_now = 0;

	if (stream != 0) {	/* direct-tcpip carries no extended data; ignore any */
		chan_consumed(c, n);
		return;
	}
	pthread_mutex_lock(&t->mu);
	if (t->want_close || t->overflow) {
		/* Nobody will read it: let the peer go on to its close. */
		pthread_mutex_unlock(&t->mu);
		chan_consumed(c, n);
		return;
	}
	{
		if (t->in.len - t->in_off + n > TUNNEL_BUF_MAX) {
			t->overflow = 1;
			close_now = 1;
		} else {
			if (t->in_off > 0 && t->in_off == t->in.len) {
				str_reset(&t->in);
				t->in_off = 0;
			} else if (t->in_off >= 256 * 1024 && t->in_off * 2 >= t->in.len) {
				/* Drop what was read, or a reader that never quite catches up
				 * would keep the whole stream in memory. */
				memmove(t->in.s, t->in.s + t->in_off, t->in.len - t->in_off);
				str_truncate(&t->in, t->in.len - t->in_off);
				t->in_off = 0;
			}
			str_add(&t->in, p, n);
		}
		pthread_cond_broadcast(&t->cv);
	}
	pthread_mutex_unlock(&t->mu);
	if (close_now)
		chan_close(c);
}

static void
cb_eof(void *arg, struct ssh_chan *c)
{
	struct tunnel *t = arg;

	pthread_mutex_lock(&t->mu);
	t->eof = 1;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

static void
cb_writable(void *arg, struct ssh_chan *c)
{
	struct tunnel *t = arg;

	pthread_mutex_lock(&t->mu);
	tunnel_pump(t);
	pthread_mutex_unlock(&t->mu);
}

static void
cb_close(void *arg, struct ssh_chan *c)
{
	struct tunnel *t = arg;
	int last;

	pthread_mutex_lock(&t->mu);
	/* RFC 4254 §5.3: an orderly end has the server's CLOSE; without it the
	 * connection itself went away (chanmux_release). */
	t->lost = !c->close_got && !t->want_close && !t->refused;
	t->gone = 1;
	t->ch = NULL;
	t->wp = NULL;
	pthread_cond_broadcast(&t->cv);
	last = --t->refs == 0;
	pthread_mutex_unlock(&t->mu);
	if (last)
		tunnel_free(t);
}

static const struct chan_ops tunnel_ops = {
	.on_open = cb_open,
	.on_data = cb_data,
	.on_eof = cb_eof,
	.on_writable = cb_writable,
	.on_close = cb_close,
};

/* ---- functions run through ssh_conn_call (client lock held) ---- */

struct open_call {
	struct tunnel	*t;
	struct buf	*extra;
	int		 rc;
	struct errinfo	 err;
};

static void
call_open(void *arg, struct ssh_engine *en)
{
	struct open_call *oc = arg;
	struct ssh_chan *ch = NULL;

	oc->rc = chan_open(&en->mux, "direct-tcpip", buf_ptr(oc->extra), buf_avail(oc->extra),
	    &tunnel_ops, oc->t, &ch, &oc->err);
	if (oc->rc == 0) {
		/* Reader-driven flow control: the window re-opens as tunnel_read() consumes. */
		chan_set_manual_window(ch);
		pthread_mutex_lock(&oc->t->mu);
		oc->t->ch = ch;
		oc->t->refs++;
		pthread_mutex_unlock(&oc->t->mu);
	}
}

static void
call_pump(void *arg, struct ssh_engine *en)
{
	struct tunnel *t = arg;

	pthread_mutex_lock(&t->mu);
	tunnel_pump(t);
	pthread_mutex_unlock(&t->mu);
}

static void
call_close(void *arg, struct ssh_engine *en)
{
	struct tunnel *t = arg;
	struct ssh_chan *ch;

	pthread_mutex_lock(&t->mu);
	ch = t->opened ? t->ch : NULL;	/* still opening: cb_open closes it */
	pthread_mutex_unlock(&t->mu);
	/* ch stays valid: only the I/O thread frees channels, under the lock we hold */
	if (ch)
		chan_close(ch);
}

static void
call_nothing(void *arg, struct ssh_engine *en)
{
}

static void
call_consumed(void *arg, struct ssh_engine *en)
{
	struct tunnel *t = arg;
	struct ssh_chan *ch;
	size_t n;

	pthread_mutex_lock(&t->mu);
	n = t->unacked;
	t->unacked = 0;
	ch = t->ch;
	pthread_mutex_unlock(&t->mu);
	/* ch stays valid: only the I/O thread frees channels, under the lock we hold */
	if (ch && n)
		chan_consumed(ch, n);
}

/* ---- the stream ---- */

static int
lost_error(struct tunnel *t, struct errinfo *e)
{
	struct errinfo ce;

	err_clear(&ce);
	/* the connection's own error says why (ssh_conn_call reports it) */
	if (ssh_conn_call(t->conn, call_nothing, NULL, &ce) == 0)
		err_set(&ce, ERR_CLOSED, "channel closed");
	return err_set(e, ERR_CLOSED, "tunnel to %s: connection lost: %s", t->what, ce.msg);
}

static int
tunnel_read(void *ctx, void *p, size_t n, size_t *got, int64_t deadline, struct errinfo *e)
{
	struct tunnel *t = ctx;
	size_t avail;
	int rc = 0;

	*got = 0;
	pthread_mutex_lock(&t->mu);
	for (;;) {
		avail = t->in.len - t->in_off;
		if (avail > 0 || t->eof || t->gone || t->overflow)
			break;
		if (tunnel_wait(t, deadline) == ERR_TIMEOUT) {
			rc = err_set(e, ERR_TIMEOUT, "tunnel to %s: nothing received before the deadline",
			    t->what);
			goto out;
		}
	}
	if (t->overflow) {
		rc = err_set(e, ERR_RANGE, "tunnel to %s: more than %u bytes received and not read",
		    t->what, TUNNEL_BUF_MAX);
		goto out;
	}
	if (avail > 0) {
		struct errinfo ce;
		int report;

		if (n > avail)
			n = avail;
		memcpy(p, t->in.s + t->in_off, n);
		t->in_off += n;
		*got = n;
		/* Re-open the window in batches: one trip to the I/O thread per 64 KiB read. */
		t->unacked += n;
		report = t->unacked >= 64 * 1024 && t->ch != NULL;
		pthread_mutex_unlock(&t->mu);
		if (report) {
			err_clear(&ce);
			ssh_conn_call(t->conn, call_consumed, t, &ce);
		}
		return 0;
	}
	if (t->lost && !t->eof) {
		pthread_mutex_unlock(&t->mu);
		return lost_error(t, e);
	}
	/* end of stream: *got = 0 */
out:
	pthread_mutex_unlock(&t->mu);
	return rc;
}

static int
tunnel_write(void *ctx, const void *p, size_t n, int64_t deadline, struct errinfo *e)
{
	struct tunnel *t = ctx;
	struct errinfo ce;
	int rc = 0, lost;

	if (n == 0)
		return 0;
	pthread_mutex_lock(&t->mu);
	if (t->gone || t->overflow) {
		lost = t->lost;
		pthread_mutex_unlock(&t->mu);
		if (lost)
			return lost_error(t, e);
		return err_set(e, ERR_CLOSED, "tunnel to %s: closed by the server", t->what);
	}
	t->wp = p;
	t->wn = n;
	t->woff = 0;
	t->werr = 0;
	pthread_mutex_unlock(&t->mu);

	err_clear(&ce);
	if (ssh_conn_call(t->conn, call_pump, t, &ce) != 0) {
		pthread_mutex_lock(&t->mu);
		t->wp = NULL;
		pthread_mutex_unlock(&t->mu);
		return err_set(e, ERR_CLOSED, "tunnel to %s: connection lost: %s", t->what, ce.msg);
	}
	pthread_mutex_lock(&t->mu);
	while (t->woff < t->wn && !t->werr && !t->gone) {
		if (tunnel_wait(t, deadline) == ERR_TIMEOUT) {
			rc = err_set(e, ERR_TIMEOUT, "tunnel to %s: the server's window stayed full "
			    "(%zu of %zu bytes sent)", t->what, t->woff, t->wn);
			break;
		}
	}
	if (rc == 0 && t->woff < t->wn) {
		lost = t->lost;
		t->wp = NULL;
		pthread_mutex_unlock(&t->mu);
		if (lost)
			return lost_error(t, e);
		return err_set(e, ERR_CLOSED, "tunnel to %s: closed by the server", t->what);
	}
	/* the I/O thread must not touch the caller's buffer after we return */
	t->wp = NULL;
	pthread_mutex_unlock(&t->mu);
	return rc;
}

static void
tunnel_close(void *ctx)
{
	struct tunnel *t = ctx;
	struct errinfo ce;
	int need;

	pthread_mutex_lock(&t->mu);
	t->want_close = 1;
	t->wp = NULL;
	need = !t->gone;
	pthread_mutex_unlock(&t->mu);
	/* our reference keeps t alive through the call; a dead connection has
	 * already closed the channel (on_close) */
	err_clear(&ce);
	if (need)
		ssh_conn_call(t->conn, call_close, t, &ce);
	tunnel_unref(t);
}

int
ssh_tunnel_open(struct ssh_conn *c, const char *label, const char *host, unsigned port,
    int64_t deadline, struct http_stream *out, struct errinfo *e)
{
	struct tunnel *t;
	struct open_call oc;
	struct buf extra;
	pthread_condattr_t ca;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (label == NULL)
		label = c->label;	/* set once at connect, never changed */
	if (host == NULL || *host == '\0' || strlen(host) > 255 || port == 0 || port > 65535)
		return err_set(e, ERR_INVAL, "tunnel through %s: invalid target %s:%u", label,
		    host ? host : "", port);
	t = xcalloc(1, sizeof(*t));
	pthread_mutex_init(&t->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&t->cv, &ca);
	pthread_condattr_destroy(&ca);
	t->refs = 1;
	t->conn = c;
	if (strchr(host, ':'))
		snprintf(t->target, sizeof(t->target), "[%s]:%u", host, port);
	else
		snprintf(t->target, sizeof(t->target), "%s:%u", host, port);
	snprintf(t->what, sizeof(t->what), "%s through %.100s", t->target, label);

	/* RFC 4254 §7.2: host to connect, port, originator address and port. The
	 * originator is us as the server sees a local client: loopback, port 0. */
	buf_init(&extra, 0);
	rc = buf_put_cstring(&extra, host);
	rc = rc ? rc : buf_put_u32(&extra, (uint32_t)port);
	rc = rc ? rc : buf_put_cstring(&extra, "127.0.0.1");
	rc = rc ? rc : buf_put_u32(&extra, 0);
	if (rc != 0) {
		buf_release(&extra);
		tunnel_free(t);
		return err_set(e, rc, "tunnel to %s:%u: cannot encode the request", host, port);
	}
	memset(&oc, 0, sizeof(oc));
	oc.t = t;
	oc.extra = &extra;
	err_clear(&oc.err);
	rc = ssh_conn_call(c, call_open, &oc, e);
	buf_release(&extra);
	if (rc == 0 && oc.rc != 0) {
		*e = oc.err;
		rc = oc.rc;
	}
	if (rc != 0) {
		err_prefix(e, "tunnel to %s", t->what);
		tunnel_free(t);
		return rc;
	}

	pthread_mutex_lock(&t->mu);
	while (!t->opened && !t->refused && !t->gone) {
		if (tunnel_wait(t, deadline) == ERR_TIMEOUT) {
			t->want_close = 1;	/* cb_open closes it if it ever opens */
			rc = err_set(e, ERR_TIMEOUT, "tunnel to %s: no answer to the channel open "
			    "before the deadline", t->what);
			break;
		}
	}
	if (rc == 0 && t->refused) {
		rc = err_set(e, ERR_REMOTE, "%s could not connect to %s: %s%s%s%s", label,
		    t->target, reason_name(t->reason),
		    t->reason_text[0] ? " (" : "", t->reason_text, t->reason_text[0] ? ")" : "");
	} else if (rc == 0 && !t->opened) {
		pthread_mutex_unlock(&t->mu);
		rc = lost_error(t, e);
		tunnel_unref(t);
		return rc;
	}
	pthread_mutex_unlock(&t->mu);
	if (rc != 0) {
		tunnel_unref(t);
		return rc;
	}
	out->ctx = t;
	out->read = tunnel_read;
	out->write = tunnel_write;
	out->close = tunnel_close;
	snprintf(out->peer, sizeof(out->peer), "ssh:%.40s->%s", label, t->target);
	return 0;
}

int
ssh_tunnel_dial(void *arg, const char *host, unsigned port, int64_t deadline,
    struct http_stream *out, struct errinfo *e)
{
	struct ssh_tunnel_dialer *d = arg;
	int rc;

	rc = ssh_tunnel_open(d->conn, d->label, host, port, deadline, out, e);
	if (rc == 0)
		__atomic_add_fetch(&d->opened, 1, __ATOMIC_RELAXED);
	return rc;
}
