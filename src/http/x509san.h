/*
 * x509san — looks for an iPAddress subjectAltName in a DER certificate.
 *
 * BearSSL's X.509 engine matches DNS names only; a host given as an IP literal
 * is matched here instead (RFC 5280 §4.2.1.6: iPAddress is the 4 or 16 bytes of
 * the address). A bounded walk over the DER (X.690), refusing anything odd.
 */
#ifndef SEXTANT_HTTP_X509SAN_H
#define SEXTANT_HTTP_X509SAN_H

#include <stddef.h>

/* 1 if the certificate lists ip (4 or 16 bytes) as an iPAddress SAN; 0 if not or malformed. */
int	x509_san_has_ip(const unsigned char *der, size_t n, const unsigned char *ip, size_t iplen);

#endif
