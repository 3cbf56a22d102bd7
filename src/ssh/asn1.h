/*
 * asn1 — a minimal DER reader (ITU-T X.690 §8, §10) for the private key
 * structures sextant reads: PKCS#1 RSAPrivateKey (RFC 8017 A.1.2), SEC1
 * ECPrivateKey (RFC 5915 §3), PKCS#8 PrivateKeyInfo / EncryptedPrivateKeyInfo
 * (RFC 5208, RFC 5958) with PBES2 parameters (RFC 8018 A.2, A.4).
 *
 * A cursor over caller memory: nothing is allocated or copied. Only single-byte
 * tags and definite lengths (at most 4 length bytes) are accepted; every read is
 * bounded by what is left in the cursor.
 */
#ifndef SEXTANT_SSH_ASN1_H
#define SEXTANT_SSH_ASN1_H

#include <stddef.h>
#include <stdint.h>

#define ASN1_INTEGER	0x02
#define ASN1_BITSTRING	0x03
#define ASN1_OCTETSTRING 0x04
#define ASN1_NULL	0x05
#define ASN1_OID	0x06
#define ASN1_SEQUENCE	0x30
#define ASN1_CTX(n)	(0xa0 | (n))	/* [n] constructed, context-specific */

struct asn1 {
	const uint8_t	*p;
	size_t		 n;
};

void	asn1_init(struct asn1 *c, const void *p, size_t n);
/* Tag of the next element, or -1 at the end. */
int	asn1_peek_tag(const struct asn1 *c);
/* Reads one element with the given tag; its contents go to *in. ERR_PARSE otherwise. */
int	asn1_get(struct asn1 *c, int tag, struct asn1 *in);
/* A non-negative INTEGER as its big-endian magnitude without leading zeros. */
int	asn1_get_uint(struct asn1 *c, const uint8_t **p, size_t *n);
/* A small non-negative INTEGER (fits in 31 bits). */
int	asn1_get_small(struct asn1 *c, uint32_t *v);
/* Reads an OID and compares its encoded bytes with oid/len; 1 equal, 0 not, <0 error. */
int	asn1_get_oid(struct asn1 *c, const uint8_t **oid, size_t *len);
int	asn1_oid_is(const uint8_t *oid, size_t len, const uint8_t *want, size_t wantlen);

#endif
