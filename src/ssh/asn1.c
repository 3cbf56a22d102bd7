/*
 * DER reader; see asn1.h. Lengths follow X.690 §8.1.3: short form below 128,
 * long form 0x80|k followed by k big-endian bytes. DER (§10.1) requires the
 * shortest form; we accept only k <= 4 and refuse the indefinite form (0x80).
 */
#include "ssh/asn1.h"

#include <string.h>

#include "core/err.h"

void
asn1_init(struct asn1 *c, const void *p, size_t n)
{
	c->p = p;
	c->n = n;
}

int
asn1_peek_tag(const struct asn1 *c)
{
	return c->n > 0 ? c->p[0] : -1;
}

int
asn1_get(struct asn1 *c, int tag, struct asn1 *in)
{
	size_t len, hdr, k, i;

	if (c->n < 2 || c->p[0] != (uint8_t)tag)
		return ERR_PARSE;
	len = c->p[1];
	hdr = 2;
	if (len & 0x80) {
		k = len & 0x7f;
		if (k == 0 || k > 4 || c->n < 2 + k)
			return ERR_PARSE;
		len = 0;
		for (i = 0; i < k; i++)
			len = (len << 8) | c->p[2 + i];
		if (len < 0x80)
			return ERR_PARSE;	/* not the shortest form */
		hdr += k;
	}
	if (len > c->n - hdr)
		return ERR_PARSE;
	in->p = c->p + hdr;
	in->n = len;
	c->p += hdr + len;
	c->n -= hdr + len;
	return 0;
}

int
asn1_get_uint(struct asn1 *c, const uint8_t **p, size_t *n)
{
	struct asn1 v;
	int r;

	if ((r = asn1_get(c, ASN1_INTEGER, &v)) != 0)
		return r;
	if (v.n == 0 || (v.p[0] & 0x80))
		return ERR_PARSE;	/* empty or negative */
	while (v.n > 1 && v.p[0] == 0) {
		v.p++;
		v.n--;
	}
	if (v.n == 1 && v.p[0] == 0)
		v.n = 0;
	*p = v.p;
	*n = v.n;
	return 0;
}

int
asn1_get_small(struct asn1 *c, uint32_t *v)
{
	const uint8_t *p;
	size_t n, i;
	uint32_t x = 0;
	int r;

	if ((r = asn1_get_uint(c, &p, &n)) != 0)
		return r;
	if (n > 4 || (n == 4 && (p[0] & 0x80)))
		return ERR_RANGE;
	for (i = 0; i < n; i++)
		x = (x << 8) | p[i];
	*v = x;
	return 0;
}

int
asn1_get_oid(struct asn1 *c, const uint8_t **oid, size_t *len)
{
	struct asn1 v;
	int r;

	if ((r = asn1_get(c, ASN1_OID, &v)) != 0)
		return r;
	if (v.n == 0)
		return ERR_PARSE;
	*oid = v.p;
	*len = v.n;
	return 0;
}

int
asn1_oid_is(const uint8_t *oid, size_t len, const uint8_t *want, size_t wantlen)
{
	return len == wantlen && memcmp(oid, want, len) == 0;
}
