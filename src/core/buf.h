/*
 * buf — a bounded binary buffer with typed reads and writes (SSH wire types).
 *
 * Owns its storage. Data lives in d[off..len); reads advance off, writes append at
 * len. Every buffer has a maximum size: a write that would pass it fails with
 * ERR_RANGE instead of growing, so nothing fed from the network or a file can
 * make sextant allocate without bound. A buffer marked secret is wiped whenever
 * its storage is released or moved.
 *
 * Reads never go past len: a short read fails with ERR_PARSE and consumes nothing.
 * SSH types (RFC 4251 §5): uint32 big-endian, string = uint32 length + bytes,
 * mpint = two's complement string, minimal.
 */
#ifndef SEXTANT_CORE_BUF_H
#define SEXTANT_CORE_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "core/endian.h"

#define BUF_MAX_DEFAULT	(64u * 1024 * 1024)

struct buf {
	unsigned char	*d;
	size_t		 off;	/* read position */
	size_t		 len;	/* end of data */
	size_t		 cap;
	size_t		 max;	/* bound on len - off after compaction */
	int		 secret;
};

void	buf_init(struct buf *b, size_t max);	/* max 0 = BUF_MAX_DEFAULT */
void	buf_init_secret(struct buf *b, size_t max);
void	buf_release(struct buf *b);
void	buf_reset(struct buf *b);
/* Read-only view over caller memory: no allocation, writes fail. release is a no-op. */
void	buf_view(struct buf *b, const void *p, size_t n);

static inline size_t
buf_avail(const struct buf *b)
{
	return b->len - b->off;
}

static inline const unsigned char *
buf_ptr(const struct buf *b)
{
	return b->d ? b->d + b->off : (const unsigned char *)"";
}

/* Makes room for n more bytes and returns where they go; caller then buf_commit(n). */
int	buf_reserve(struct buf *b, size_t n, unsigned char **p);
void	buf_commit(struct buf *b, size_t n);
int	buf_consume(struct buf *b, size_t n);
/* Drops n bytes from the end. */
int	buf_trim_end(struct buf *b, size_t n);

int	buf_put(struct buf *b, const void *p, size_t n);
int	buf_put_u8(struct buf *b, uint8_t v);
int	buf_put_u32(struct buf *b, uint32_t v);
int	buf_put_u64(struct buf *b, uint64_t v);
int	buf_put_string(struct buf *b, const void *p, size_t n);
int	buf_put_cstring(struct buf *b, const char *s);
/* Unsigned big-endian magnitude -> SSH mpint (leading zeros stripped, 0x00 pad if high bit). */
int	buf_put_mpint(struct buf *b, const unsigned char *mag, size_t n);

int	buf_get(struct buf *b, void *out, size_t n);
int	buf_get_u8(struct buf *b, uint8_t *v);
int	buf_get_u32(struct buf *b, uint32_t *v);
int	buf_get_u64(struct buf *b, uint64_t *v);
int	buf_peek_u32(const struct buf *b, uint32_t *v);
/* A string's bytes in place (valid until b changes). Bounded by what is in b. */
int	buf_get_string_direct(struct buf *b, const unsigned char **p, size_t *n);
/* A string as a NUL-terminated copy; fails on an embedded NUL. n may be NULL. */
int	buf_get_cstring(struct buf *b, char **s, size_t *n);
/* mpint in place, returning the unsigned magnitude (leading zero removed); rejects negatives. */
int	buf_get_mpint_direct(struct buf *b, const unsigned char **p, size_t *n);

#endif
