/*
 * x509san — see x509san.h. Structure walked (RFC 5280 §4.1, §4.2.1.6):
 *
 *   Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
 *   TBSCertificate ::= SEQUENCE { [0] version, serial, signature, issuer,
 *       validity, subject, subjectPublicKeyInfo, [1], [2], [3] extensions }
 *   Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 *       extnValue OCTET STRING }      -- SAN is id-ce 17 (2.5.29.17)
 *   GeneralNames ::= SEQUENCE OF GeneralName; iPAddress is [7] IMPLICIT OCTET STRING
 */
#include "http/x509san.h"

#include <string.h>

struct tlv {
	unsigned		 tag;
	const unsigned char	*v;
	size_t			 len;
};

/* Reads one DER TLV from *p..end (single-byte tags, definite lengths). */
static int
tlv_next(const unsigned char **p, const unsigned char *end, struct tlv *t)
{
	const unsigned char *q = *p;
	size_t len, k, nb;

	if (end - q < 2)
		return -1;
	t->tag = *q++;
	if ((t->tag & 0x1f) == 0x1f)
		return -1;
	len = *q++;
	if (len & 0x80) {
		nb = len & 0x7f;
		if (nb == 0 || nb > 4 || (size_t)(end - q) < nb)
			return -1;
		for (len = 0, k = 0; k < nb; k++)
			len = (len << 8) | *q++;
	}
	if ((size_t)(end - q) < len)
		return -1;
	t->v = q;
	t->len = len;
	*p = q + len;
	return 0;
}

static int
names_have_ip(const unsigned char *p, size_t n, const unsigned char *ip, size_t iplen)
{
	const unsigned char *end = p + n;
	struct tlv seq, gn;
	const unsigned char *q;

	if (tlv_next(&p, end, &seq) < 0 || seq.tag != 0x30)
		return 0;
	for (q = seq.v; q < seq.v + seq.len;) {
		if (tlv_next(&q, seq.v + seq.len, &gn) < 0)
			return 0;
		if (gn.tag == 0x87 && gn.len == iplen && memcmp(gn.v, ip, iplen) == 0)
			return 1;
	}
	return 0;
}

int
x509_san_has_ip(const unsigned char *der, size_t n, const unsigned char *ip, size_t iplen)
{
	static const unsigned char san_oid[] = { 0x55, 0x1d, 0x11 };
	const unsigned char *p = der, *end = der + n, *q, *r;
	struct tlv cert, tbs, el, exts, ext, oid, f;

	if (tlv_next(&p, end, &cert) < 0 || cert.tag != 0x30)
		return 0;
	p = cert.v;
	if (tlv_next(&p, cert.v + cert.len, &tbs) < 0 || tbs.tag != 0x30)
		return 0;
	for (q = tbs.v; q < tbs.v + tbs.len;) {
		if (tlv_next(&q, tbs.v + tbs.len, &el) < 0)
			return 0;
		if (el.tag != 0xa3)
			continue;
		r = el.v;
		if (tlv_next(&r, el.v + el.len, &exts) < 0 || exts.tag != 0x30)
			return 0;
		for (r = exts.v; r < exts.v + exts.len;) {
			const unsigned char *s;

			if (tlv_next(&r, exts.v + exts.len, &ext) < 0 || ext.tag != 0x30)
				return 0;
			s = ext.v;
			if (tlv_next(&s, ext.v + ext.len, &oid) < 0 || oid.tag != 0x06)
				return 0;
			if (oid.len != sizeof(san_oid) || memcmp(oid.v, san_oid, sizeof(san_oid)) != 0)
				continue;
			if (tlv_next(&s, ext.v + ext.len, &f) < 0)
				return 0;
			if (f.tag == 0x01 && tlv_next(&s, ext.v + ext.len, &f) < 0)
				return 0;
			if (f.tag != 0x04)
				return 0;
			return names_have_ip(f.v, f.len, ip, iplen);
		}
		return 0;
	}
	return 0;
}
