/*
 * channel — RFC 4254 channel multiplexing (channel.h).
 */
#include "ssh/channel.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/xmalloc.h"
#include "ssh/transport.h"

void
chanmux_init(struct ssh_chanmux *m, struct ssh_transport *t)
{
	memset(m, 0, sizeof(*m));
	m->t = t;
}

static void
chan_free(struct ssh_chan *c)
{
	struct ssh_chanmux *m = c->mux;

	if (c->local_id < m->n && m->v[c->local_id] == c) {
		m->v[c->local_id] = NULL;
		m->open--;
	}
	free(c);
}

static void
chan_gone(struct ssh_chan *c)
{
	c->state = CHAN_GONE;
	if (c->ops->on_close)
		c->ops->on_close(c->arg, c);
	chan_free(c);
}

static int	send_buf(struct ssh_chanmux *m, struct buf *b, int r);


/* Takes the oldest pending global reply; 0 if there is none. */
static int
gq_pop(struct ssh_chanmux *m, struct chan_global_pending *out)
{
	if (m->gq_n == 0)
		return 0;
	*out = m->gq[m->gq_head];
	m->gq_head = (m->gq_head + 1) % m->gq_cap;
	m->gq_n--;
	return 1;
}

void
chanmux_release(struct ssh_chanmux *m)
{
	struct chan_global_pending g;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->v[i])
			chan_gone(m->v[i]);
	/* Whoever waits for an answer learns that none will come. */
	while (gq_pop(m, &g))
		if (g.cb)
			g.cb(g.arg, -1, NULL, 0);
	free(m->v);
	free(m->gq);
	memset(m, 0, sizeof(*m));
}

int
chanmux_global_request(struct ssh_chanmux *m, const char *name, const uint8_t *data, size_t n,
    chan_global_reply_fn cb, void *arg)
{
	struct buf b;
	int r;

	if (cb && m->gq_n >= CHAN_MAX_GLOBAL_PENDING)
		return ERR_RANGE;
	if (cb && m->gq_n == m->gq_cap) {
		/* Grow the ring, unrolling it so the oldest entry is first. */
		size_t cap = m->gq_cap ? m->gq_cap * 2 : 8, i;
		struct chan_global_pending *v = xcalloc(cap, sizeof(*v));

		for (i = 0; i < m->gq_n; i++)
			v[i] = m->gq[(m->gq_head + i) % m->gq_cap];
		free(m->gq);
		m->gq = v;
		m->gq_cap = cap;
		m->gq_head = 0;
	}
	buf_init(&b, 0);
	r = buf_put_u8(&b, SSH_MSG_GLOBAL_REQUEST);
	r = r ? r : buf_put_cstring(&b, name);
	r = r ? r : buf_put_u8(&b, cb ? 1 : 0);
	if (n)
		r = r ? r : buf_put(&b, data, n);
	if ((r = send_buf(m, &b, r)) != 0 || cb == NULL)
		return r;
	m->gq[(m->gq_head + m->gq_n) % m->gq_cap].cb = cb;
	m->gq[(m->gq_head + m->gq_n) % m->gq_cap].arg = arg;
	m->gq_n++;
	return 0;
}

void
chanmux_global_forget(struct ssh_chanmux *m, void *arg)
{
	size_t i;

	for (i = 0; i < m->gq_n; i++) {
		struct chan_global_pending *g = &m->gq[(m->gq_head + i) % m->gq_cap];

		if (g->arg == arg)
			g->cb = NULL;
	}
}

void
chanmux_set_open_handler(struct ssh_chanmux *m, chan_open_fn fn, void *arg)
{
	m->open_cb = fn;
	m->open_arg = arg;
}

static void
null_open(void *arg, struct ssh_chan *c, int ok, uint32_t reason, const char *msg)
{
	/* Detached while opening: close it as soon as it exists. */
	if (ok)
		chan_close(c);
}

static void
null_data(void *arg, struct ssh_chan *c, int stream, const uint8_t *p, size_t n)
{
	/* Nobody reads any more: keep the window open so the peer is not stuck. */
	if (c->manual_window)
		chan_consumed(c, n);
}

static void
null_event(void *arg, struct ssh_chan *c)
{
}

static const struct chan_ops detached_ops = {
	.on_open = null_open,
	.on_data = null_data,
	.on_eof = null_event,
	.on_writable = null_event,
	.on_close = null_event,
};

void
chan_detach(struct ssh_chan *c)
{
	c->ops = &detached_ops;
	c->arg = NULL;
}

static int
send_buf(struct ssh_chanmux *m, struct buf *b, int r)
{
	if (r == 0)
		r = transport_send(m->t, buf_ptr(b), buf_avail(b));
	buf_release(b);
	return r;
}

/* The lowest free local channel number. */
static int
alloc_id(struct ssh_chanmux *m, size_t *out, struct errinfo *e)
{
	size_t id;

	for (id = 0; id < m->n && m->v[id]; id++)
		;
	if (id == m->n) {
		if (m->n >= CHAN_MAX)
			return err_set(e, ERR_RANGE, "channel: too many open channels (%d)", CHAN_MAX);
		m->v = xreallocarray(m->v, m->n + 16, sizeof(*m->v));
		memset(m->v + m->n, 0, 16 * sizeof(*m->v));
		m->n += 16;
	}
	*out = id;
	return 0;
}

/* A channel in a free slot (not yet in the table: the caller puts it there once its message is sent). */
static int
chan_new(struct ssh_chanmux *m, enum chan_state state, const struct chan_ops *ops, void *arg,
    struct ssh_chan **out, struct errinfo *e)
{
	struct ssh_chan *c;
	size_t id;
	int r;

	if ((r = alloc_id(m, &id, e)) != 0)
		return r;
	c = xcalloc(1, sizeof(*c));
	c->mux = m;
	c->local_id = (uint32_t)id;
	c->state = state;
	c->local_window = CHAN_WINDOW;
	c->ops = ops;
	c->arg = arg;
	*out = c;
	return 0;
}

int
chan_open(struct ssh_chanmux *m, const char *type, const uint8_t *extra, size_t extra_len,
    const struct chan_ops *ops, void *arg, struct ssh_chan **out, struct errinfo *e)
{
	struct ssh_chan *c;
	struct buf b;
	int r;

	if ((r = chan_new(m, CHAN_OPENING, ops, arg, &c, e)) != 0)
		return r;
	buf_init(&b, 0);
	r = buf_put_u8(&b, SSH_MSG_CHANNEL_OPEN);
	r = r ? r : buf_put_cstring(&b, type);
	r = r ? r : buf_put_u32(&b, c->local_id);
	r = r ? r : buf_put_u32(&b, CHAN_WINDOW);
	r = r ? r : buf_put_u32(&b, CHAN_MAX_PACKET);
	if (extra_len)
		r = r ? r : buf_put(&b, extra, extra_len);
	if ((r = send_buf(m, &b, r)) != 0) {
		free(c);
		return err_set(e, r, "channel: cannot send open request");
	}
	m->v[c->local_id] = c;
	m->open++;
	*out = c;
	return 0;
}

int
chan_request(struct ssh_chan *c, const char *type, int want_reply, const uint8_t *data, size_t n)
{
	struct buf b;
	int r;

	if (c->state != CHAN_OPEN || c->close_sent)
		return ERR_CLOSED;
	buf_init(&b, 0);
	r = buf_put_u8(&b, SSH_MSG_CHANNEL_REQUEST);
	r = r ? r : buf_put_u32(&b, c->remote_id);
	r = r ? r : buf_put_cstring(&b, type);
	r = r ? r : buf_put_u8(&b, want_reply ? 1 : 0);
	if (n)
		r = r ? r : buf_put(&b, data, n);
	if ((r = send_buf(c->mux, &b, r)) == 0 && want_reply)
		c->pending_replies++;
	return r;
}

size_t
chan_writable(const struct ssh_chan *c)
{
	if (c->state != CHAN_OPEN || c->eof_sent || c->close_sent)
		return 0;
	return c->remote_window > (uint64_t)SIZE_MAX ? SIZE_MAX : (size_t)c->remote_window;
}

long
chan_write(struct ssh_chan *c, int stream, const uint8_t *p, size_t n)
{
	size_t done = 0, chunk, maxp = c->remote_max_packet;
	uint8_t hdr[13];
	struct buf b;
	int r;

	if (c->state != CHAN_OPEN || c->eof_sent || c->close_sent)
		return ERR_CLOSED;
	if (maxp > CHAN_MAX_PACKET)
		maxp = CHAN_MAX_PACKET;
	if (maxp < 64)
		maxp = 64;
	buf_init(&b, 0);
	while (done < n && c->remote_window > 0) {
		chunk = n - done;
		if (chunk > maxp)
			chunk = maxp;
		if (chunk > c->remote_window)
			chunk = (size_t)c->remote_window;
		buf_reset(&b);
		hdr[0] = stream ? SSH_MSG_CHANNEL_EXTENDED_DATA : SSH_MSG_CHANNEL_DATA;
		store_be32(hdr + 1, c->remote_id);
		if (stream) {
			store_be32(hdr + 5, (uint32_t)stream);
			store_be32(hdr + 9, (uint32_t)chunk);
			r = buf_put(&b, hdr, 13);
		} else {
			store_be32(hdr + 5, (uint32_t)chunk);
			r = buf_put(&b, hdr, 9);
		}
		r = r ? r : buf_put(&b, p + done, chunk);
		r = r ? r : transport_send(c->mux->t, buf_ptr(&b), buf_avail(&b));
		if (r != 0) {
			buf_release(&b);
			return r;
		}
		c->remote_window -= chunk;
		done += chunk;
	}
	buf_release(&b);
	return (long)done;
}

static int
send_simple(struct ssh_chan *c, uint8_t type)
{
	uint8_t m[5];

	m[0] = type;
	store_be32(m + 1, c->remote_id);
	return transport_send(c->mux->t, m, 5);
}

int
chan_send_eof(struct ssh_chan *c)
{
	int r;

	if (c->state != CHAN_OPEN || c->eof_sent || c->close_sent)
		return 0;
	if ((r = send_simple(c, SSH_MSG_CHANNEL_EOF)) == 0)
		c->eof_sent = 1;
	return r;
}

int
chan_close(struct ssh_chan *c)
{
	int r;

	if (c->close_sent || c->state == CHAN_OPENING)
		return 0;
	if ((r = send_simple(c, SSH_MSG_CHANNEL_CLOSE)) != 0)
		return r;
	c->close_sent = 1;
	c->state = CHAN_CLOSING;
	/* RFC 4254 §5.3: the channel is gone once both sides sent CLOSE. */
	if (c->close_got)
		chan_gone(c);
	return 0;
}

static struct ssh_chan *
lookup(struct ssh_chanmux *m, uint32_t id)
{
	if (id >= m->n)
		return NULL;
	return m->v[id];
}

static int
reply_global_failure(struct ssh_chanmux *m)
{
	uint8_t t = SSH_MSG_REQUEST_FAILURE;

	return transport_send(m->t, &t, 1);
}

int
chan_refuse(struct ssh_chanmux *m, uint32_t sender, uint32_t reason, const char *msg)
{
	struct buf b;
	int r;

	buf_init(&b, 0);
	r = buf_put_u8(&b, SSH_MSG_CHANNEL_OPEN_FAILURE);
	r = r ? r : buf_put_u32(&b, sender);
	r = r ? r : buf_put_u32(&b, reason);
	r = r ? r : buf_put_cstring(&b, msg ? msg : "");
	r = r ? r : buf_put_cstring(&b, "");
	return send_buf(m, &b, r);
}

int
chan_accept(struct ssh_chanmux *m, uint32_t sender, uint32_t window, uint32_t max_packet,
    const struct chan_ops *ops, void *arg, struct ssh_chan **out, struct errinfo *e)
{
	struct ssh_chan *c;
	struct buf b;
	int r;

	if ((r = chan_new(m, CHAN_OPEN, ops, arg, &c, e)) != 0)
		return r;
	c->remote_id = sender;
	c->remote_window = window;
	c->remote_max_packet = max_packet;
	buf_init(&b, 0);
	r = buf_put_u8(&b, SSH_MSG_CHANNEL_OPEN_CONFIRMATION);
	r = r ? r : buf_put_u32(&b, sender);
	r = r ? r : buf_put_u32(&b, c->local_id);
	r = r ? r : buf_put_u32(&b, CHAN_WINDOW);
	r = r ? r : buf_put_u32(&b, CHAN_MAX_PACKET);
	if ((r = send_buf(m, &b, r)) != 0) {
		free(c);
		return err_set(e, r, "channel: cannot send open confirmation");
	}
	m->v[c->local_id] = c;
	m->open++;
	*out = c;
	return 0;
}

/* Re-opens our receive window once half of it is consumed (OpenSSH does likewise). */
static int
consume_window(struct ssh_chan *c, size_t n)
{
	uint8_t m[9];
	int r;

	c->local_consumed += (uint32_t)n;
	if (c->state != CHAN_OPEN || c->eof_got || c->close_sent)
		return 0;
	if (c->local_consumed < CHAN_WINDOW / 2)
		return 0;
	m[0] = SSH_MSG_CHANNEL_WINDOW_ADJUST;
	store_be32(m + 1, c->remote_id);
	store_be32(m + 5, c->local_consumed);
	if ((r = transport_send(c->mux->t, m, 9)) != 0)
		return r;
	c->local_window += c->local_consumed;
	c->local_consumed = 0;
	return 0;
}

void
chan_set_manual_window(struct ssh_chan *c)
{
	c->manual_window = 1;
}

int
chan_consumed(struct ssh_chan *c, size_t n)
{
	if (!c->manual_window || n == 0)
		return 0;
	return consume_window(c, n);
}

int
chanmux_handle(struct ssh_chanmux *m, const uint8_t *p, size_t n, struct errinfo *e)
{
	struct buf b;
	uint8_t type = p[0], want;
	uint32_t id, v1, v2, v3;
	const unsigned char *s, *d;
	size_t sn, dn;
	struct ssh_chan *c;
	char rtype[64];
	int r;

	buf_view(&b, p, n);
	buf_consume(&b, 1);
	if (type == SSH_MSG_GLOBAL_REQUEST) {
		if (buf_get_string_direct(&b, &s, &sn) != 0 || buf_get_u8(&b, &want) != 0)
			goto bad;
		/* keepalive@openssh.com, hostkeys-00@openssh.com, ...: none is ours to grant. */
		return want ? reply_global_failure(m) : 0;
	}
	if (type == SSH_MSG_REQUEST_SUCCESS || type == SSH_MSG_REQUEST_FAILURE) {
		struct chan_global_pending g;

		/* RFC 4254 §4: replies come in the order of the requests. */
		if (!gq_pop(m, &g))
			return err_set(e, ERR_PROTO, "channel: reply to no global request");
		if (g.cb)
			g.cb(g.arg, type == SSH_MSG_REQUEST_SUCCESS, buf_ptr(&b), buf_avail(&b));
		return 0;
	}
	if (type == SSH_MSG_CHANNEL_OPEN) {
		struct chan_open_req req;
		char tname[64];

		if (buf_get_string_direct(&b, &s, &sn) != 0 || buf_get_u32(&b, &v1) != 0 ||
		    buf_get_u32(&b, &v2) != 0 || buf_get_u32(&b, &v3) != 0)
			goto bad;
		if (sn >= sizeof(tname) || m->open_cb == NULL)
			return chan_refuse(m, v1, 3, "unknown channel type");
		memcpy(tname, s, sn);
		tname[sn] = '\0';
		req.type = tname;
		req.sender = v1;
		req.window = v2;
		req.max_packet = v3;
		req.extra = buf_ptr(&b);
		req.extra_len = buf_avail(&b);
		if (m->open_cb(m->open_arg, m, &req) < 0)
			return chan_refuse(m, v1, 1, "open refused by client");
		return 0;
	}
	if (buf_get_u32(&b, &id) != 0)
		goto bad;
	c = lookup(m, id);
	if (c == NULL)
		return err_set(e, ERR_PROTO, "channel: message %u for unknown channel %u", type, id);
	switch (type) {
	case SSH_MSG_CHANNEL_OPEN_CONFIRMATION:
		if (c->state != CHAN_OPENING)
			goto state;
		if (buf_get_u32(&b, &v1) != 0 || buf_get_u32(&b, &v2) != 0 || buf_get_u32(&b, &v3) != 0)
			goto bad;
		c->remote_id = v1;
		c->remote_window = v2;
		c->remote_max_packet = v3;
		c->state = CHAN_OPEN;
		if (c->ops->on_open)
			c->ops->on_open(c->arg, c, 1, 0, "");
		return 0;
	case SSH_MSG_CHANNEL_OPEN_FAILURE: {
		char msg[256];
		size_t i;

		if (c->state != CHAN_OPENING)
			goto state;
		if (buf_get_u32(&b, &v1) != 0)
			goto bad;
		msg[0] = '\0';
		if (buf_get_string_direct(&b, &d, &dn) == 0) {
			for (i = 0; i < dn && i + 1 < sizeof(msg); i++)
				msg[i] = (d[i] >= 0x20 && d[i] < 0x7f) ? (char)d[i] : '?';
			msg[i] = '\0';
		}
		if (c->ops->on_open)
			c->ops->on_open(c->arg, c, 0, v1, msg);
		c->state = CHAN_GONE;
		if (c->ops->on_close)
			c->ops->on_close(c->arg, c);
		chan_free(c);
		return 0;
	}
	default:
		break;
	}
	if (c->state == CHAN_OPENING)
		goto state;
	switch (type) {
	case SSH_MSG_CHANNEL_WINDOW_ADJUST:
		if (buf_get_u32(&b, &v1) != 0)
			goto bad;
		c->remote_window += v1;
		/* RFC 4254 §5.2: the window may not exceed 2^32 - 1. */
		if (c->remote_window > 0xffffffffu)
			c->remote_window = 0xffffffffu;
		if (c->ops->on_writable && c->state == CHAN_OPEN)
			c->ops->on_writable(c->arg, c);
		return 0;
	case SSH_MSG_CHANNEL_DATA:
	case SSH_MSG_CHANNEL_EXTENDED_DATA:
		v1 = 0;
		if (type == SSH_MSG_CHANNEL_EXTENDED_DATA && buf_get_u32(&b, &v1) != 0)
			goto bad;
		if (buf_get_string_direct(&b, &d, &dn) != 0)
			goto bad;
		if (c->eof_got)
			return err_set(e, ERR_PROTO, "channel %u: data after EOF", id);
		if (dn > c->local_window || dn > CHAN_MAX_PACKET)
			return err_set(e, ERR_PROTO, "channel %u: peer sent %zu bytes past its window", id, dn);
		c->local_window -= (uint32_t)dn;
		if (c->ops->on_data && !c->close_sent) {
			int manual = c->manual_window;

			c->ops->on_data(c->arg, c, type == SSH_MSG_CHANNEL_DATA ? 0 : (int)v1, d, dn);
			/* on_data may have closed c; with a manual window c stays until CLOSE arrives. */
			if (manual)
				return 0;
		}
		return consume_window(c, dn);
	case SSH_MSG_CHANNEL_EOF:
		if (!c->eof_got) {
			c->eof_got = 1;
			if (c->ops->on_eof)
				c->ops->on_eof(c->arg, c);
		}
		return 0;
	case SSH_MSG_CHANNEL_CLOSE:
		if (c->close_got)
			return err_set(e, ERR_PROTO, "channel %u: second CLOSE", id);
		c->close_got = 1;
		if (!c->close_sent) {
			if ((r = send_simple(c, SSH_MSG_CHANNEL_CLOSE)) != 0)
				return err_set(e, r, "channel: cannot send CLOSE");
			c->close_sent = 1;
		}
		chan_gone(c);
		return 0;
	case SSH_MSG_CHANNEL_REQUEST:
		if (buf_get_string_direct(&b, &s, &sn) != 0 || buf_get_u8(&b, &want) != 0)
			goto bad;
		if (sn >= sizeof(rtype))
			sn = sizeof(rtype) - 1;
		memcpy(rtype, s, sn);
		rtype[sn] = '\0';
		if (c->ops->on_request)
			c->ops->on_request(c->arg, c, rtype, buf_ptr(&b), buf_avail(&b));
		/* exit-status/exit-signal carry no want_reply; anything asking is refused. */
		if (want && !c->close_sent)
			return send_simple(c, SSH_MSG_CHANNEL_FAILURE);
		return 0;
	case SSH_MSG_CHANNEL_SUCCESS:
	case SSH_MSG_CHANNEL_FAILURE:
		if (c->pending_replies == 0)
			return err_set(e, ERR_PROTO, "channel %u: reply to no request", id);
		c->pending_replies--;
		if (c->ops->on_reply)
			c->ops->on_reply(c->arg, c, type == SSH_MSG_CHANNEL_SUCCESS);
		return 0;
	default:
		return err_set(e, ERR_PROTO, "channel: unexpected message %u", type);
	}
bad:
	return err_set(e, ERR_PROTO, "channel: malformed message %u", type);
state:
	return err_set(e, ERR_PROTO, "channel %u: message %u in the wrong state", id, type);
}
