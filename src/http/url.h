/*
 * url — http and https URLs (RFC 3986, restricted to what RFC 9110 §4.2 allows).
 *
 * Parses absolute http/https URLs into their parts, resolves a relative
 * reference against a base (RFC 3986 §5.2, for Location on redirects) and
 * percent-encodes query components. Userinfo is parsed so it can be refused or
 * turned into Basic credentials by the caller, never sent in the request line.
 */
#ifndef SEXTANT_HTTP_URL_H
#define SEXTANT_HTTP_URL_H

#include <stddef.h>

struct errinfo;
struct str;

#define URL_MAX		8192

struct url {
	char		*scheme;	/* "http" or "https", lowercase */
	char		*user;		/* percent-decoded userinfo, or NULL */
	char		*password;	/* NULL when absent */
	char		*host;		/* lowercase; an IPv6 literal without brackets */
	unsigned	 port;		/* explicit or the scheme's default */
	int		 port_explicit;
	int		 host_is_ipv6;
	char		*target;	/* path and query, at least "/" (RFC 9112 §3.2.1 origin-form) */
};

void	url_init(struct url *u);
void	url_release(struct url *u);
int	url_parse(struct url *u, const char *s, struct errinfo *e);
/* out = ref resolved against base (RFC 3986 §5.2.2); ref may be absolute. */
int	url_resolve(const struct url *base, const char *ref, struct url *out, struct errinfo *e);
void	url_copy(struct url *dst, const struct url *src);
int	url_is_tls(const struct url *u);
/* Same scheme, host and port (RFC 6454 origin). */
int	url_same_origin(const struct url *a, const struct url *b);
/* host[:port] as the Host header wants it (§7.2): brackets for IPv6, port only if not default. */
void	url_authority(const struct url *u, struct str *out);
/* scheme://authority/target, without userinfo (for messages). */
void	url_format(const struct url *u, struct str *out);
/* Appends s percent-encoded for a query component (all but RFC 3986 unreserved). */
void	url_escape(struct str *out, const char *s);
/* 1 if the host is an IPv4 or IPv6 literal. */
int	url_host_is_ip(const char *host);

#endif
