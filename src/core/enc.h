/*
 * enc — hex and base64 (RFC 4648 §4, standard alphabet, padded).
 */
#ifndef SEXTANT_CORE_ENC_H
#define SEXTANT_CORE_ENC_H

#include <stddef.h>

struct str;
struct buf;

void	hex_encode(const void *p, size_t n, struct str *out);	/* lowercase */
/* The value of one hex digit [0-9a-fA-F], or -1. */
int	hex_digit(int c);
/* Strict: even length, [0-9a-fA-F] only. */
int	hex_decode(const char *s, size_t n, struct buf *out);
void	b64_encode(const void *p, size_t n, struct str *out);
/* Strict: padding required, no whitespace unless skip_ws (then \r \n \t and space are skipped). */
int	b64_decode(const char *s, size_t n, struct buf *out, int skip_ws);

#endif
