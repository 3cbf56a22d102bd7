/*
 * response — an incremental HTTP/1.1 response parser (RFC 9112 §4, §5, §6, §7).
 *
 * Sans-I/O: the caller feeds whatever bytes arrived; the parser never reads a
 * socket. Fed one byte at a time it gives exactly what it gives fed whole.
 * Every length is capped (status and field lines, field count, field bytes,
 * body), so a hostile or broken peer costs bounded memory.
 *
 * Message framing follows RFC 9112 §6.3: no body after HEAD, 1xx, 204 and 304;
 * chunked when it is the final transfer coding; else Content-Length (repeated
 * or listed values must agree); else the body runs until the peer closes.
 * Interim 1xx responses are skipped (RFC 9110 §15.2).
 */
#ifndef SEXTANT_HTTP_RESPONSE_H
#define SEXTANT_HTTP_RESPONSE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/str.h"
#include "http/chunked.h"
#include "http/headers.h"

struct errinfo;

struct http_limits {
	size_t	max_line;	/* status line, field line, chunk size line */
	size_t	max_fields;	/* header fields (and, separately, trailer fields) */
	size_t	max_field_bytes;/* names + values of all header fields */
	size_t	max_body;	/* decoded body bytes kept */
	int	truncate_body;	/* 1: keep max_body bytes and drop the rest; 0: fail */
};

#define HTTP_MAX_LINE_DEFAULT		8192
#define HTTP_MAX_FIELDS_DEFAULT		100
#define HTTP_MAX_FIELD_BYTES_DEFAULT	(64 * 1024)
#define HTTP_MAX_BODY_DEFAULT		(8 * 1024 * 1024)
#define HTTP_MAX_INTERIM		8

void	http_limits_default(struct http_limits *l);

struct http_response {
	int			 status;
	int			 minor;		/* HTTP/1.minor */
	char			*reason;
	struct http_headers	 headers;
	struct http_headers	 trailers;
	struct buf		 body;
	uint64_t		 body_total;	/* decoded body bytes received, kept or not */
	int			 body_truncated;
	int			 keep_alive;	/* the connection may carry another request */
	/* Filled by the client, not the parser: */
	char			*url;		/* the URL that answered, after redirects */
	int			 redirects;
	int64_t			 first_byte_ms;	/* from sending the request to the first byte */
	int64_t			 total_ms;	/* from connecting (or reuse) to the last byte */
	int			 reused;	/* answered on a kept-alive connection */
};

void	http_response_init(struct http_response *r);
void	http_response_release(struct http_response *r);
void	http_response_reset(struct http_response *r);

enum {
	HTTP_BODY_NONE,
	HTTP_BODY_LENGTH,
	HTTP_BODY_CHUNKED,
	HTTP_BODY_CLOSE
};

struct http_parser {
	int			 state;
	int			 err;		/* sticky */
	int			 head;		/* response to HEAD: never a body */
	int			 body_mode;
	int			 empty_lines;
	int			 interim;
	uint64_t		 remaining;	/* Content-Length left */
	uint64_t		 received;	/* bytes fed, for messages */
	struct http_limits	 lim;
	struct http_response	*resp;
	struct str		 line;
	struct http_chunked	 ch;
};

/* resp is reset and filled; lim NULL = defaults. */
void	http_parser_init(struct http_parser *p, struct http_response *resp,
	    const struct http_limits *lim, int head_request);
void	http_parser_release(struct http_parser *p);
/*
 * Consumes bytes. 0: the response is complete and *used bytes belonged to it.
 * ERR_AGAIN: all n bytes used, more needed. Negative: error (sticky), with a
 * message in e.
 */
int	http_parser_feed(struct http_parser *p, const void *data, size_t n, size_t *used,
	    struct errinfo *e);
/*
 * The peer closed the connection. 0 if that completes the response (a body
 * delimited by close, or one already complete); ERR_CLOSED if nothing at all
 * had arrived (the caller may retry an idempotent request on a new connection);
 * ERR_PROTO for a truncated response, saying what was missing.
 */
int	http_parser_finish(struct http_parser *p, struct errinfo *e);
int	http_parser_done(const struct http_parser *p);
/* 1 once the header section is complete (the status and fields are known). */
int	http_parser_have_head(const struct http_parser *p);

#endif
