/*
 * tls — TLS 1.2 client over any http_stream, through BearSSL's br_ssl_client
 * engine, and the trust anchors it verifies against.
 *
 * The engine is sans-I/O (records in, records out); tls.c pumps it against the
 * inner stream under the caller's deadline and presents the result as another
 * http_stream. Verification: the chain must lead to a trust anchor, be valid
 * now, and name the host — by DNS name (SNI sent, RFC 6066 §3; matching by
 * BearSSL's X.509 engine), or, for an IP-literal host, by an iPAddress
 * subjectAltName (RFC 5280 §4.2.1.6; no SNI, since §3 of RFC 6066 forbids
 * literals there). Failures name the host and say which check failed.
 *
 * Trust anchors come from the system CA bundle. As with OpenSSL, SSL_CERT_FILE
 * (a PEM bundle) and SSL_CERT_DIR (colon-separated directories of PEM files)
 * replace the default locations when set. PEM and X.509 are decoded with
 * BearSSL's br_pem_decoder and br_x509_decoder.
 */
#ifndef SEXTANT_HTTP_TLS_H
#define SEXTANT_HTTP_TLS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <bearssl.h>

struct errinfo;
struct http_stream;

#define TLS_MAX_CERT		(64 * 1024)	/* one DER certificate */
#define TLS_MAX_BUNDLE		(16 * 1024 * 1024)
#define TLS_MAX_ANCHORS		4096

struct tls_trust {
	br_x509_trust_anchor	*ta;
	size_t			 n;
	size_t			 cap;
	char			 source[512];	/* where the anchors came from, for messages */
};

void	tls_trust_init(struct tls_trust *t);
void	tls_trust_release(struct tls_trust *t);
/* SSL_CERT_FILE / SSL_CERT_DIR, else the usual system bundle paths. */
int	tls_trust_load_default(struct tls_trust *t, struct errinfo *e);
/* Adds every CERTIFICATE in a PEM text; what names it in messages. Returns the count added, or < 0. */
int	tls_trust_add_pem(struct tls_trust *t, const void *pem, size_t n, const char *what,
	    struct errinfo *e);
int	tls_trust_add_file(struct tls_trust *t, const char *path, struct errinfo *e);
int	tls_trust_add_dir(struct tls_trust *t, const char *dir, struct errinfo *e);

struct tls_opts {
	const struct tls_trust	*trust;
	const char		*server_name;	/* host to verify (and send as SNI unless an IP) */
	time_t			 verify_time;	/* 0: the system clock */
};

/*
 * Runs the handshake over inner (which is taken over: closed with the TLS
 * stream, or on failure) and fills out. Errors: ERR_CRYPTO for a certificate
 * that fails verification (expired, untrusted, wrong name), ERR_PROTO for other
 * handshake failures, ERR_TIMEOUT, ERR_CLOSED.
 */
int	tls_stream_open(struct http_stream *inner, const struct tls_opts *o, int64_t deadline,
	    struct http_stream *out, struct errinfo *e);

/* A short text for a BearSSL error code ("certificate has expired"...). */
const char *tls_error_text(int brerr);

#endif
