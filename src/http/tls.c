/*
 * tls — see tls.h.
 *
 * The pump (engine_pump) is the usual BearSSL loop: while the engine has
 * records to send, write them to the inner stream; when it wants records, read
 * from the inner stream; stop when the state the caller wants (application
 * data to send, or to read) is reached. BearSSL documents this state machine in
 * bearssl_ssl.h (br_ssl_engine_current_state).
 */
#include "http/tls.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/rand.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "http/stream.h"
#include "http/x509san.h"

/* ---- trust anchors ---- */

void
tls_trust_init(struct tls_trust *t)
{
	memset(t, 0, sizeof(*t));
}

static void
free_anchor(br_x509_trust_anchor *a)
{
	free(a->dn.data);
	if (a->pkey.key_type == BR_KEYTYPE_RSA) {
		free(a->pkey.key.rsa.n);
		free(a->pkey.key.rsa.e);
	} else if (a->pkey.key_type == BR_KEYTYPE_EC) {
		free(a->pkey.key.ec.q);
	}
}

void
tls_trust_release(struct tls_trust *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free_anchor(&t->ta[i]);
	free(t->ta);
	memset(t, 0, sizeof(*t));
}

static void
buf_sink(void *ctx, const void *p, size_t n)
{
	/* A failed put (over the cap) leaves the buffer short; caught by the size check. */
	struct buf *b = ctx;

	if (buf_put(b, p, n) < 0)
		b->max = 0;
}

/* One DER certificate -> one trust anchor (its subject DN, key, and CA flag). */
static int
add_der(struct tls_trust *t, const unsigned char *der, size_t n, const char *what, int idx,
    struct errinfo *e)
{
	br_x509_decoder_context dc;
	const br_x509_pkey *pk;
	br_x509_trust_anchor a;
	struct buf dn;
	int r = 0;

	buf_init(&dn, 4096);
	br_x509_decoder_init(&dc, buf_sink, &dn);
	br_x509_decoder_push(&dc, der, n);
	pk = br_x509_decoder_get_pkey(&dc);
	if (pk == NULL || dn.max == 0) {
		r = err_set(e, ERR_PARSE, "%s: certificate #%d cannot be decoded (%s)", what, idx,
		    tls_error_text(br_x509_decoder_last_error(&dc)));
		goto out;
	}
	if (t->n >= TLS_MAX_ANCHORS) {
		r = err_set(e, ERR_RANGE, "%s: more than %d trust anchors", what, TLS_MAX_ANCHORS);
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.dn.len = buf_avail(&dn);
	a.dn.data = xmemdup(buf_ptr(&dn), a.dn.len ? a.dn.len : 1);
	a.flags = br_x509_decoder_isCA(&dc) ? BR_X509_TA_CA : 0;
	a.pkey.key_type = pk->key_type;
	if (pk->key_type == BR_KEYTYPE_RSA) {
		a.pkey.key.rsa.n = xmemdup(pk->key.rsa.n, pk->key.rsa.nlen);
		a.pkey.key.rsa.nlen = pk->key.rsa.nlen;
		a.pkey.key.rsa.e = xmemdup(pk->key.rsa.e, pk->key.rsa.elen);
		a.pkey.key.rsa.elen = pk->key.rsa.elen;
	} else if (pk->key_type == BR_KEYTYPE_EC) {
		a.pkey.key.ec.curve = pk->key.ec.curve;
		a.pkey.key.ec.q = xmemdup(pk->key.ec.q, pk->key.ec.qlen);
		a.pkey.key.ec.qlen = pk->key.ec.qlen;
	} else {
		free(a.dn.data);
		goto out;	/* a key type BearSSL cannot use: skipped, not fatal */
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->ta = xreallocarray(t->ta, t->cap, sizeof(t->ta[0]));
	}
	t->ta[t->n++] = a;
	r = 1;
out:
	buf_release(&dn);
	return r;
}

int
tls_trust_add_pem(struct tls_trust *t, const void *pem, size_t n, const char *what,
    struct errinfo *e)
{
	br_pem_decoder_context pc;
	const unsigned char *p = pem;
	struct buf der;
	int in_cert = 0, count = 0, idx = 0, r = 0, ev;
	size_t k;
	int tail = 0;

	buf_init(&der, TLS_MAX_CERT);
	br_pem_decoder_init(&pc);
	/* A final newline is pushed after the data: the decoder needs the END line ended. */
	while (n > 0 || !tail) {
		if (n == 0) {
			tail = 1;
			k = br_pem_decoder_push(&pc, "\n", 1);
		} else {
			k = br_pem_decoder_push(&pc, p, n);
			p += k;
			n -= k;
		}
		ev = br_pem_decoder_event(&pc);
		switch (ev) {
		case BR_PEM_BEGIN_OBJ:
			buf_reset(&der);
			der.max = TLS_MAX_CERT;
			in_cert = strcmp(br_pem_decoder_name(&pc), "CERTIFICATE") == 0 ||
			    strcmp(br_pem_decoder_name(&pc), "X509 CERTIFICATE") == 0;
			br_pem_decoder_setdest(&pc, in_cert ? buf_sink : NULL, &der);
			break;
		case BR_PEM_END_OBJ:
			if (in_cert) {
				idx++;
				if (der.max == 0) {
					r = err_set(e, ERR_RANGE, "%s: certificate #%d is over %d bytes",
					    what, idx, TLS_MAX_CERT);
					goto out;
				}
				if ((r = add_der(t, buf_ptr(&der), buf_avail(&der), what, idx, e)) < 0)
					goto out;
				count += r;
			}
			in_cert = 0;
			break;
		case BR_PEM_ERROR:
			r = err_set(e, ERR_PARSE, "%s: malformed PEM after %d certificate(s)", what, idx);
			goto out;
		default:
			break;
		}
	}
	r = count;
out:
	buf_release(&der);
	return r;
}

int
tls_trust_add_file(struct tls_trust *t, const char *path, struct errinfo *e)
{
	struct str s = STR_INIT;
	int r;

	if ((r = fs_read_file(path, TLS_MAX_BUNDLE, &s, e)) < 0) {
		err_prefix(e, "CA bundle %s", path);
		goto out;
	}
	r = tls_trust_add_pem(t, s.s ? s.s : "", s.len, path, e);
out:
	str_release(&s);
	return r;
}

/*
 * Every regular file in dir (hashed names are symlinks to the same files, so
 * files are counted once by device and inode). Files that are not PEM are
 * skipped: a certs directory holds other things too.
 */
int
tls_trust_add_dir(struct tls_trust *t, const char *dir, struct errinfo *e)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, cap = 0, i, j;
	struct { dev_t dev; ino_t ino; } *seen = NULL;
	size_t nseen = 0;
	int count = 0, r;

	if ((d = opendir(dir)) == NULL)
		return err_set(e, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "CA directory %s: %s",
		    dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (nn == cap) {
			cap = cap ? cap * 2 : 64;
			names = xreallocarray(names, cap, sizeof(names[0]));
		}
		names[nn++] = fs_join(dir, de->d_name);
		if (nn > 4 * TLS_MAX_ANCHORS)
			break;
	}
	closedir(d);
	qsort(names, nn, sizeof(names[0]), strvec_cmp);
	seen = xcalloc(nn ? nn : 1, sizeof(seen[0]));
	for (i = 0; i < nn; i++) {
		struct stat st;
		struct errinfo e2;

		if (stat(names[i], &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > TLS_MAX_BUNDLE)
			continue;
		for (j = 0; j < nseen; j++)
			if (seen[j].dev == st.st_dev && seen[j].ino == st.st_ino)
				break;
		if (j < nseen)
			continue;
		seen[nseen].dev = st.st_dev;
		seen[nseen++].ino = st.st_ino;
		err_clear(&e2);
		r = tls_trust_add_file(t, names[i], &e2);
		if (r == ERR_RANGE && t->n >= TLS_MAX_ANCHORS) {
			*e = e2;
			count = r;
			break;
		}
		if (r > 0)
			count += r;
	}
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(seen);
	return count;
}

int
tls_trust_load_default(struct tls_trust *t, struct errinfo *e)
{
	static const char *const bundles[] = {
		"/etc/ssl/certs/ca-certificates.crt",	/* Debian, Ubuntu, Alpine, Arch */
		"/etc/pki/tls/certs/ca-bundle.crt",	/* Fedora, RHEL */
		"/etc/ssl/ca-bundle.pem",		/* openSUSE */
		"/etc/ssl/cert.pem",			/* macOS, BSDs, Alpine */
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
	};
	const char *file = getenv("SSL_CERT_FILE"), *dirs = getenv("SSL_CERT_DIR");
	int r;
	size_t i;

	if ((file && *file) || (dirs && *dirs)) {
		if (file && *file) {
			if ((r = tls_trust_add_file(t, file, e)) < 0) {
				err_prefix(e, "SSL_CERT_FILE");
				return r;
			}
		}
		if (dirs && *dirs) {
			char *copy = xstrdup(dirs), *save = NULL, *tok;

			for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
				if ((r = tls_trust_add_dir(t, tok, e)) < 0) {
					err_prefix(e, "SSL_CERT_DIR");
					free(copy);
					return r;
				}
			}
			free(copy);
		}
		snprintf(t->source, sizeof(t->source), "%s%s%s%s%s",
		    file && *file ? "SSL_CERT_FILE=" : "", file && *file ? file : "",
		    file && *file && dirs && *dirs ? ", " : "",
		    dirs && *dirs ? "SSL_CERT_DIR=" : "", dirs && *dirs ? dirs : "");
	} else {
		for (i = 0; i < sizeof(bundles) / sizeof(bundles[0]); i++) {
			if (!fs_exists(bundles[i]))
				continue;
			if ((r = tls_trust_add_file(t, bundles[i], e)) < 0)
				return r;
			snprintf(t->source, sizeof(t->source), "%s", bundles[i]);
			break;
		}
		if (t->n == 0 && fs_is_dir("/etc/ssl/certs")) {
			if ((r = tls_trust_add_dir(t, "/etc/ssl/certs", e)) < 0)
				return r;
			snprintf(t->source, sizeof(t->source), "/etc/ssl/certs");
		}
	}
	if (t->n == 0)
		return err_set(e, ERR_NOTFOUND,
		    "no CA certificates found (%s); install ca-certificates or set SSL_CERT_FILE",
		    t->source[0] ? t->source : "no system CA bundle");
	return 0;
}

/* ---- error texts ---- */

const char *
tls_error_text(int err)
{
	switch (err) {
	case BR_ERR_OK: return "no error";
	case BR_ERR_UNSUPPORTED_VERSION: return "the server does not support TLS 1.2";
	case BR_ERR_BAD_VERSION: return "unexpected protocol version";
	case BR_ERR_BAD_CIPHER_SUITE: return "no cipher suite in common";
	case BR_ERR_BAD_MAC: return "bad record MAC";
	case BR_ERR_NO_RANDOM: return "no entropy source";
	case BR_ERR_UNKNOWN_TYPE: return "not TLS (unknown record type: is it plain HTTP?)";
	case BR_ERR_UNEXPECTED: return "unexpected message";
	case BR_ERR_BAD_HANDSHAKE: return "malformed handshake message";
	case BR_ERR_BAD_SIGNATURE: return "bad server key exchange signature";
	case BR_ERR_WRONG_KEY_USAGE: return "certificate key usage forbids this use";
	case BR_ERR_BAD_LENGTH: return "bad record length (is it plain HTTP?)";
	case BR_ERR_TOO_LARGE: return "record too large";
	case BR_ERR_LIMIT_EXCEEDED: return "a handshake limit was exceeded";
	case BR_ERR_IO: return "I/O error";
	case BR_ERR_X509_EXPIRED: return "certificate has expired or is not yet valid";
	case BR_ERR_X509_NOT_TRUSTED: return "certificate is not signed by a trusted CA";
	case BR_ERR_X509_BAD_SERVER_NAME: return "certificate does not match the host name";
	case BR_ERR_X509_NOT_CA: return "an issuer in the chain is not a CA";
	case BR_ERR_X509_BAD_SIGNATURE: return "certificate signature is invalid";
	case BR_ERR_X509_WEAK_PUBLIC_KEY: return "certificate key is too weak";
	case BR_ERR_X509_UNSUPPORTED: return "certificate uses an unsupported feature";
	case BR_ERR_X509_CRITICAL_EXTENSION: return "certificate has an unknown critical extension";
	case BR_ERR_X509_FORBIDDEN_KEY_USAGE: return "certificate key usage forbids this use";
	case BR_ERR_X509_EMPTY_CHAIN: return "server sent no certificate";
	case BR_ERR_X509_TIME_UNKNOWN: return "no clock to check certificate validity";
	case BR_ERR_X509_DN_MISMATCH: return "chain names do not link (issuer/subject mismatch)";
	case BR_ERR_X509_TRUNCATED: return "certificate is truncated";
	case BR_ERR_X509_LIMIT_EXCEEDED: return "certificate chain is too long or too large";
	default:
		if (err >= BR_ERR_RECV_FATAL_ALERT && err < BR_ERR_RECV_FATAL_ALERT + 256)
			return "the server sent a fatal alert";
		if (err >= BR_ERR_SEND_FATAL_ALERT && err < BR_ERR_SEND_FATAL_ALERT + 256)
			return "sextant sent a fatal alert";
		if (err >= 32 && err < 64)
			return "malformed certificate";
		return "TLS protocol error";
	}
}

/* ---- the X.509 wrapper for IP-literal hosts ---- */

struct ipcheck {
	const br_x509_class	*vtable;
	br_x509_minimal_context	*inner;
	int			 depth;
	unsigned char		*leaf;
	size_t			 leaf_len;
	size_t			 leaf_cap;
	int			 leaf_over;
	unsigned char		 ip[16];
	size_t			 iplen;
};

#define IPC(ctx) ((struct ipcheck *)(void *)(ctx))

static void
ipc_start_chain(const br_x509_class **ctx, const char *server_name)
{
	struct ipcheck *c = IPC(ctx);

	(void)server_name;
	c->depth = 0;
	c->leaf_len = 0;
	c->leaf_over = 0;
	/* NULL: no DNS-name check in the minimal engine; the IP is checked below. */
	c->inner->vtable->start_chain(&c->inner->vtable, NULL);
}

static void
ipc_start_cert(const br_x509_class **ctx, uint32_t length)
{
	struct ipcheck *c = IPC(ctx);

	if (c->depth == 0) {
		if (length > TLS_MAX_CERT) {
			c->leaf_over = 1;
		} else {
			free(c->leaf);
			c->leaf = xmalloc(length ? length : 1);
			c->leaf_cap = length;
			c->leaf_len = 0;
		}
	}
	c->inner->vtable->start_cert(&c->inner->vtable, length);
}

static void
ipc_append(const br_x509_class **ctx, const unsigned char *p, size_t n)
{
	struct ipcheck *c = IPC(ctx);

	if (c->depth == 0 && !c->leaf_over) {
		if (n > c->leaf_cap - c->leaf_len)
			c->leaf_over = 1;
		else {
			memcpy(c->leaf + c->leaf_len, p, n);
			c->leaf_len += n;
		}
	}
	c->inner->vtable->append(&c->inner->vtable, p, n);
}

static void
ipc_end_cert(const br_x509_class **ctx)
{
	struct ipcheck *c = IPC(ctx);

	c->depth++;
	c->inner->vtable->end_cert(&c->inner->vtable);
}

static unsigned
ipc_end_chain(const br_x509_class **ctx)
{
	struct ipcheck *c = IPC(ctx);
	unsigned r = c->inner->vtable->end_chain(&c->inner->vtable);

	if (r != BR_ERR_OK)
		return r;
	if (c->leaf_over || !x509_san_has_ip(c->leaf, c->leaf_len, c->ip, c->iplen))
		return BR_ERR_X509_BAD_SERVER_NAME;
	return BR_ERR_OK;
}

static const br_x509_pkey *
ipc_get_pkey(const br_x509_class *const *ctx, unsigned *usages)
{
	const struct ipcheck *c = (const void *)ctx;

	return c->inner->vtable->get_pkey(&c->inner->vtable, usages);
}

static const br_x509_class ipcheck_vtable = {
	sizeof(struct ipcheck),
	ipc_start_chain,
	ipc_start_cert,
	ipc_append,
	ipc_end_cert,
	ipc_end_chain,
	ipc_get_pkey
};

/* ---- the stream ---- */

struct tls_ctx {
	br_ssl_client_context	 cc;
	br_x509_minimal_context	 xc;
	struct ipcheck		 ipc;
	struct http_stream	 inner;
	char			 host[256];
	const char		*anchors;	/* trust source, for messages */
	int			 eof;
	unsigned char		 first[5];	/* the server's first bytes, for messages */
	size_t			 nfirst;
	unsigned char		 iobuf[BR_SSL_BUFSIZE_BIDI];
};

static int
engine_error(struct tls_ctx *c, struct errinfo *e)
{
	int br = br_ssl_engine_last_error(&c->cc.eng);

	/* A plain-HTTP server answers a ClientHello with "HTTP/1.1 400 ...". */
	if (c->nfirst == 5 && memcmp(c->first, "HTTP/", 5) == 0)
		return err_set(e, ERR_PROTO, "TLS with %s failed: the server answered in plain HTTP, "
		    "not TLS (an http:// port?)", c->host);

	switch (br) {
	case BR_ERR_X509_EXPIRED:
		return err_set(e, ERR_CRYPTO,
		    "TLS certificate of %s has expired or is not yet valid (check the clock)", c->host);
	case BR_ERR_X509_NOT_TRUSTED:
		return err_set(e, ERR_CRYPTO,
		    "TLS certificate of %s is not trusted: its chain does not lead to a CA in %s "
		    "(set SSL_CERT_FILE to add a private CA)", c->host, c->anchors);
	case BR_ERR_X509_BAD_SERVER_NAME:
		return err_set(e, ERR_CRYPTO, "TLS certificate of %s is not valid for the name %s",
		    c->host, c->host);
	default:
		if (br >= 32 && br < 64)
			return err_set(e, ERR_CRYPTO, "TLS certificate of %s rejected: %s (BearSSL %d)",
			    c->host, tls_error_text(br), br);
		if (br >= BR_ERR_RECV_FATAL_ALERT && br < BR_ERR_RECV_FATAL_ALERT + 256)
			return err_set(e, ERR_PROTO, "TLS with %s: the server sent fatal alert %d",
			    c->host, br - BR_ERR_RECV_FATAL_ALERT);
		return err_set(e, ERR_PROTO, "TLS with %s failed: %s (BearSSL %d)", c->host,
		    tls_error_text(br), br);
	}
}

/*
 * Runs the engine until one of the states in want is reached. 0 on success;
 * ERR_CLOSED (engine closed cleanly, or the inner stream ended: *eof set) or
 * another negative code.
 */
static int
engine_pump(struct tls_ctx *c, unsigned want, int64_t deadline, struct errinfo *e)
{
	br_ssl_engine_context *eng = &c->cc.eng;
	unsigned st;
	unsigned char *b;
	size_t len, got;
	int r;

	for (;;) {
		st = br_ssl_engine_current_state(eng);
		if (st & BR_SSL_CLOSED) {
			if (br_ssl_engine_last_error(eng) != BR_ERR_OK)
				return engine_error(c, e);
			c->eof = 1;
			return err_set(e, ERR_CLOSED, "TLS connection to %s closed", c->host);
		}
		if (st & BR_SSL_SENDREC) {
			b = br_ssl_engine_sendrec_buf(eng, &len);
			if ((r = http_stream_write(&c->inner, b, len, deadline, e)) < 0)
				return r;
			br_ssl_engine_sendrec_ack(eng, len);
			continue;
		}
		if (st & want)
			return 0;
		if (st & BR_SSL_RECVREC) {
			b = br_ssl_engine_recvrec_buf(eng, &len);
			if ((r = http_stream_read(&c->inner, b, len, &got, deadline, e)) < 0)
				return r;
			if (got == 0) {
				c->eof = 1;
				return err_set(e, ERR_CLOSED, "connection to %s closed during TLS",
				    c->host);
			}
			if (c->nfirst < sizeof(c->first)) {
				size_t k = sizeof(c->first) - c->nfirst;

				memcpy(c->first + c->nfirst, b, got < k ? got : k);
				c->nfirst += got < k ? got : k;
			}
			br_ssl_engine_recvrec_ack(eng, got);
			continue;
		}
		return err_set(e, ERR_PROTO, "TLS engine with %s is stuck (state %u)", c->host, st);
	}
}

static int
tls_read(void *vctx, void *p, size_t n, size_t *got, int64_t deadline, struct errinfo *e)
{
	struct tls_ctx *c = vctx;
	br_ssl_engine_context *eng = &c->cc.eng;
	unsigned char *b;
	size_t len;
	int r;

	*got = 0;
	if (c->eof)
		return 0;
	r = engine_pump(c, BR_SSL_RECVAPP, deadline, e);
	if (r == ERR_CLOSED && c->eof) {
		/* End of stream, with or without close_notify: HTTP framing decides
		 * whether the message was complete (RFC 9112 §9.8). */
		err_clear(e);
		return 0;
	}
	if (r < 0)
		return r;
	b = br_ssl_engine_recvapp_buf(eng, &len);
	if (len > n)
		len = n;
	memcpy(p, b, len);
	br_ssl_engine_recvapp_ack(eng, len);
	*got = len;
	return 0;
}

static int
tls_write(void *vctx, const void *p, size_t n, int64_t deadline, struct errinfo *e)
{
	struct tls_ctx *c = vctx;
	br_ssl_engine_context *eng = &c->cc.eng;
	const unsigned char *d = p;
	unsigned char *b;
	size_t len;
	int r;

	while (n > 0) {
		if ((r = engine_pump(c, BR_SSL_SENDAPP, deadline, e)) < 0)
			return r;
		b = br_ssl_engine_sendapp_buf(eng, &len);
		if (len > n)
			len = n;
		memcpy(b, d, len);
		br_ssl_engine_sendapp_ack(eng, len);
		d += len;
		n -= len;
	}
	br_ssl_engine_flush(eng, 0);
	/* Push the flushed records out now: the peer answers only once it has them. */
	while (br_ssl_engine_current_state(eng) & BR_SSL_SENDREC) {
		b = br_ssl_engine_sendrec_buf(eng, &len);
		if ((r = http_stream_write(&c->inner, b, len, deadline, e)) < 0)
			return r;
		br_ssl_engine_sendrec_ack(eng, len);
	}
	return 0;
}

static void
tls_close(void *vctx)
{
	struct tls_ctx *c = vctx;

	if (c == NULL)
		return;
	/* No close_notify wait: HTTP framing already told us the exchange ended. */
	http_stream_close(&c->inner);
	free(c->ipc.leaf);
	freezero(c, sizeof(*c));	/* session keys live in the engine */
}

static void
set_verify_time(br_x509_minimal_context *xc, time_t t)
{
	/* BearSSL counts days from 1 January of year 0; 1970-01-01 is day 719528. */
	uint64_t ut = (uint64_t)t;

	br_x509_minimal_set_time(xc, (uint32_t)(719528 + ut / 86400), (uint32_t)(ut % 86400));
}

/*
 * A TLS 1.2 client with only what a registry or a health check needs: ECDHE key
 * exchange (RSA or ECDSA certificates) with AES-GCM or ChaCha20-Poly1305. BearSSL's
 * br_ssl_client_init_full() also links RSA key transport, CBC, 3DES and every
 * implementation variant, which costs tens of KiB in a binary that must stay under
 * 1 MiB; servers that only offer those legacy suites are refused with a handshake error.
 */
static void
client_init(br_ssl_client_context *cc, br_x509_minimal_context *xc,
    const br_x509_trust_anchor *ta, size_t nta)
{
	static const uint16_t suites[] = {
		BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
		BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
		BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
		BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	};
	static const br_hash_class *const hashes[] = {
		&br_sha1_vtable, &br_sha224_vtable, &br_sha256_vtable,
		&br_sha384_vtable, &br_sha512_vtable,
	};
	int id;

	br_ssl_client_zero(cc);
	br_ssl_engine_set_versions(&cc->eng, BR_TLS12, BR_TLS12);
	br_ssl_engine_set_suites(&cc->eng, suites, sizeof(suites) / sizeof(suites[0]));
	br_x509_minimal_init(xc, &br_sha256_vtable, ta, nta);
	/* Certificate chains still use SHA-1..SHA-512 signatures; TLS 1.2's PRF needs 256/384. */
	for (id = br_sha1_ID; id <= br_sha512_ID; id++) {
		br_ssl_engine_set_hash(&cc->eng, id, hashes[id - br_sha1_ID]);
		br_x509_minimal_set_hash(xc, id, hashes[id - br_sha1_ID]);
	}
	br_ssl_engine_set_prf10(&cc->eng, &br_tls10_prf);
	br_ssl_engine_set_prf_sha256(&cc->eng, &br_tls12_sha256_prf);
	br_ssl_engine_set_prf_sha384(&cc->eng, &br_tls12_sha384_prf);
	br_x509_minimal_set_rsa(xc, br_rsa_pkcs1_vrfy_get_default());
	br_x509_minimal_set_ecdsa(xc, br_ec_get_default(), br_ecdsa_vrfy_asn1_get_default());
	br_ssl_client_set_default_rsapub(cc);
	br_ssl_engine_set_default_rsavrfy(&cc->eng);
	br_ssl_engine_set_default_ecdsa(&cc->eng);
	br_ssl_engine_set_x509(&cc->eng, &xc->vtable);
	br_ssl_engine_set_default_aes_gcm(&cc->eng);
	br_ssl_engine_set_default_chapol(&cc->eng);
}

int
tls_stream_open(struct http_stream *inner, const struct tls_opts *o, int64_t deadline,
    struct http_stream *out, struct errinfo *e)
{
	struct tls_ctx *c;
	unsigned char seed[32];
	int is_ip = 0, r;
	const char *sni;

	memset(out, 0, sizeof(*out));
	c = xcalloc(1, sizeof(*c));
	c->inner = *inner;
	memset(inner, 0, sizeof(*inner));
	snprintf(c->host, sizeof(c->host), "%s", o->server_name ? o->server_name : "?");
	c->anchors = o->trust && o->trust->source[0] ? o->trust->source : "the trust store";
	if (o->trust == NULL || o->trust->n == 0) {
		r = err_set(e, ERR_CONFIG, "TLS to %s: no trust anchors loaded", c->host);
		goto fail;
	}
	client_init(&c->cc, &c->xc, o->trust->ta, o->trust->n);
	br_ssl_engine_set_buffer(&c->cc.eng, c->iobuf, sizeof(c->iobuf), 1);
	set_verify_time(&c->xc, o->verify_time ? o->verify_time : time(NULL));
	rand_bytes(seed, sizeof(seed));
	br_ssl_engine_inject_entropy(&c->cc.eng, seed, sizeof(seed));
	wipe(seed, sizeof(seed));

	sni = o->server_name;
	if (sni && inet_pton(AF_INET, sni, c->ipc.ip) == 1) {
		c->ipc.iplen = 4;
		is_ip = 1;
	} else if (sni && inet_pton(AF_INET6, sni, c->ipc.ip) == 1) {
		c->ipc.iplen = 16;
		is_ip = 1;
	}
	if (is_ip) {
		c->ipc.vtable = &ipcheck_vtable;
		c->ipc.inner = &c->xc;
		br_ssl_engine_set_x509(&c->cc.eng, &c->ipc.vtable);
		sni = NULL;
	} else if (sni == NULL || *sni == '\0') {
		r = err_set(e, ERR_INVAL, "TLS needs a server name to verify");
		goto fail;
	}
	if (!br_ssl_client_reset(&c->cc, sni, 0)) {
		r = engine_error(c, e);
		goto fail;
	}
	if ((r = engine_pump(c, BR_SSL_SENDAPP, deadline, e)) < 0) {
		if (r == ERR_CLOSED)
			err_prefix(e, "TLS handshake with %s", c->host);
		else if (r == ERR_TIMEOUT)
			err_prefix(e, "TLS handshake with %s", c->host);
		goto fail;
	}
	out->ctx = c;
	out->read = tls_read;
	out->write = tls_write;
	out->close = tls_close;
	snprintf(out->peer, sizeof(out->peer), "%s", c->inner.peer);
	return 0;
fail:
	tls_close(c);
	return r;
}
