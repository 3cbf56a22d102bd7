/*
 * chunked — an incremental decoder for the chunked transfer coding (RFC 9112 §7.1).
 *
 * Sans-I/O: fed any split of the input (one byte at a time included) it gives the
 * same data, trailers and result. Chunk sizes are checked for overflow, chunk
 * extensions are skipped (§7.1.1) within the line cap, and the trailer section
 * (§7.1.2) is parsed into its own header list under the same caps as headers.
 */
#ifndef SEXTANT_HTTP_CHUNKED_H
#define SEXTANT_HTTP_CHUNKED_H

#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

struct errinfo;
struct http_headers;

/* Receives decoded data; a negative return stops the decoder with that error. */
typedef int (*http_sink_fn)(void *arg, const unsigned char *p, size_t n, struct errinfo *e);

struct http_chunked {
	int			 state;
	int			 err;		/* sticky */
	uint64_t		 size;		/* of the current chunk, then what is left of it */
	size_t			 linelen;	/* bytes of the current size/ext or trailer line */
	uint64_t		 total;		/* decoded bytes so far */
	struct str		 line;		/* the trailer line being read */
	struct http_headers	*trailers;
	size_t			 max_line;
	size_t			 max_fields;
	size_t			 max_field_bytes;
};

void	http_chunked_init(struct http_chunked *c, struct http_headers *trailers, size_t max_line,
	    size_t max_fields, size_t max_field_bytes);
void	http_chunked_release(struct http_chunked *c);
/*
 * Consumes input up to the end of the chunked body. Returns 0 when the body is
 * complete (*used counts the bytes that belonged to it: the rest is the next
 * message), ERR_AGAIN when all n bytes were used and more are needed, or a
 * negative error (sticky: later calls return it again).
 */
int	http_chunked_feed(struct http_chunked *c, const unsigned char *p, size_t n, size_t *used,
	    http_sink_fn sink, void *arg, struct errinfo *e);
int	http_chunked_done(const struct http_chunked *c);

#endif
