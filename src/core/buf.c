#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/wipe.h"
#include "core/xmalloc.h"

/* A view has d set, cap == 0 and max == 0 after init: writes are refused. */
#define IS_VIEW(b)	((b)->d != NULL && (b)->cap == 0)

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max ? max : BUF_MAX_DEFAULT;
}

void
buf_init_secret(struct buf *b, size_t max)
{
	buf_init(b, max);
	b->secret = 1;
}

void
buf_view(struct buf *b, const void *p, size_t n)
{
	memset(b, 0, sizeof(*b));
	b->d = (unsigned char *)(uintptr_t)p;
	b->len = n;
	b->max = n;
	if (b->d == NULL)
		b->d = (unsigned char *)(uintptr_t)"";
}

void
buf_release(struct buf *b)
{
	if (!IS_VIEW(b)) {
		if (b->secret)
			freezero(b->d, b->cap);
		else
			free(b->d);
	}
	b->d = NULL;
	b->off = b->len = b->cap = 0;
}

void
buf_reset(struct buf *b)
{
	if (IS_VIEW(b)) {
		b->off = b->len;
		return;
	}
	if (b->secret)
		wipe(b->d, b->len);
	b->off = b->len = 0;
}

int
buf_reserve(struct buf *b, size_t n, unsigned char **p)
{
	size_t need, ncap;
	unsigned char *nd;

	if (IS_VIEW(b))
		return ERR_INVAL;
	if (n > b->max || buf_avail(b) > b->max - n)
		return ERR_RANGE;
	/* Compact first: reclaim consumed space before growing. */
	if (b->off > 0 && b->off == b->len) {
		b->off = b->len = 0;
	} else if (b->off > 0 && b->len + n > b->cap) {
		memmove(b->d, b->d + b->off, b->len - b->off);
		if (b->secret)
			wipe(b->d + (b->len - b->off), b->off);
		b->len -= b->off;
		b->off = 0;
	}
	need = b->len + n;
	if (need > b->cap) {
		ncap = b->cap ? b->cap : 256;
		while (ncap < need)
			ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
		if (ncap > b->max + 256 && need <= b->max + 256)
			ncap = b->max + 256;
		if (b->secret) {
			nd = xmalloc(ncap);
			if (b->len)
				memcpy(nd, b->d, b->len);
			freezero(b->d, b->cap);
		} else {
			nd = xrealloc(b->d, ncap);
		}
		b->d = nd;
		b->cap = ncap;
	}
	*p = b->d + b->len;
	return 0;
}

void
buf_commit(struct buf *b, size_t n)
{
	b->len += n;
}

int
buf_consume(struct buf *b, size_t n)
{
	if (n > buf_avail(b))
		return ERR_PARSE;
	b->off += n;
	return 0;
}

int
buf_trim_end(struct buf *b, size_t n)
{
	if (n > buf_avail(b))
		return ERR_PARSE;
	b->len -= n;
	return 0;
}

int
buf_put(struct buf *b, const void *p, size_t n)
{
	unsigned char *dst;
	int r;

	if ((r = buf_reserve(b, n, &dst)) != 0)
		return r;
	if (n)
		memcpy(dst, p, n);
	buf_commit(b, n);
	return 0;
}

int
buf_put_u8(struct buf *b, uint8_t v)
{
	return buf_put(b, &v, 1);
}

int
buf_put_u32(struct buf *b, uint32_t v)
{
	unsigned char t[4];

	store_be32(t, v);
	return buf_put(b, t, 4);
}

int
buf_put_u64(struct buf *b, uint64_t v)
{
	unsigned char t[8];

	store_be32(t, (uint32_t)(v >> 32));
	store_be32(t + 4, (uint32_t)v);
	return buf_put(b, t, 8);
}

int
buf_put_string(struct buf *b, const void *p, size_t n)
{
	int r;

	if (n > 0xffffffffu)
		return ERR_RANGE;
	if ((r = buf_put_u32(b, (uint32_t)n)) != 0)
		return r;
	return buf_put(b, p, n);
}

int
buf_put_cstring(struct buf *b, const char *s)
{
	return buf_put_string(b, s, strlen(s));
}

int
buf_put_mpint(struct buf *b, const unsigned char *mag, size_t n)
{
	unsigned char *dst;
	size_t pad;
	int r;

	while (n > 0 && mag[0] == 0) {
		mag++;
		n--;
	}
	pad = (n > 0 && (mag[0] & 0x80)) ? 1 : 0;
	if (n + pad > 0xffffffffu)
		return ERR_RANGE;
	if ((r = buf_reserve(b, 4 + pad + n, &dst)) != 0)
		return r;
	store_be32(dst, (uint32_t)(n + pad));
	if (pad)
		dst[4] = 0;
	if (n)
		memcpy(dst + 4 + pad, mag, n);
	buf_commit(b, 4 + pad + n);
	return 0;
}

int
buf_get(struct buf *b, void *out, size_t n)
{
	if (n > buf_avail(b))
		return ERR_PARSE;
	if (n)
		memcpy(out, b->d + b->off, n);
	return buf_consume(b, n);
}

int
buf_get_u8(struct buf *b, uint8_t *v)
{
	return buf_get(b, v, 1);
}

int
buf_peek_u32(const struct buf *b, uint32_t *v)
{
	if (buf_avail(b) < 4)
		return ERR_PARSE;
	*v = load_be32(b->d + b->off);
	return 0;
}

int
buf_get_u32(struct buf *b, uint32_t *v)
{
	int r;

	if ((r = buf_peek_u32(b, v)) != 0)
		return r;
	return buf_consume(b, 4);
}

int
buf_get_u64(struct buf *b, uint64_t *v)
{
	uint32_t hi, lo;

	if (buf_avail(b) < 8)
		return ERR_PARSE;
	hi = load_be32(b->d + b->off);
	lo = load_be32(b->d + b->off + 4);
	*v = ((uint64_t)hi << 32) | lo;
	return buf_consume(b, 8);
}

int
buf_get_string_direct(struct buf *b, const unsigned char **p, size_t *n)
{
	uint32_t len;
	int r;

	if ((r = buf_peek_u32(b, &len)) != 0)
		return r;
	if ((size_t)len > buf_avail(b) - 4)
		return ERR_PARSE;
	*p = b->d + b->off + 4;
	*n = len;
	return buf_consume(b, 4 + (size_t)len);
}

int
buf_get_cstring(struct buf *b, char **s, size_t *n)
{
	const unsigned char *p;
	size_t len;
	size_t save = b->off;
	int r;

	if ((r = buf_get_string_direct(b, &p, &len)) != 0)
		return r;
	if (memchr(p, '\0', len) != NULL) {
		b->off = save;
		return ERR_PARSE;
	}
	*s = xstrndup((const char *)p, len);
	if (n)
		*n = len;
	return 0;
}

int
buf_get_mpint_direct(struct buf *b, const unsigned char **p, size_t *n)
{
	const unsigned char *q;
	size_t len, save = b->off;
	int r;

	if ((r = buf_get_string_direct(b, &q, &len)) != 0)
		return r;
	if (len > 0 && (q[0] & 0x80)) {
		b->off = save;
		return ERR_PARSE;	/* negative */
	}
	/* RFC 4251 §5: no unnecessary leading zero bytes. */
	if (len > 1 && q[0] == 0 && !(q[1] & 0x80)) {
		b->off = save;
		return ERR_PARSE;
	}
	if (len > 0 && q[0] == 0) {
		q++;
		len--;
	}
	*p = q;
	*n = len;
	return 0;
}
