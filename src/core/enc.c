#include "core/enc.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"

static const char hexdig[] = "0123456789abcdef";
static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void
hex_encode(const void *p, size_t n, struct str *out)
{
	const unsigned char *q = p;
	size_t i;

	str_grow(out, n * 2);
	for (i = 0; i < n; i++) {
		str_addch(out, hexdig[q[i] >> 4]);
		str_addch(out, hexdig[q[i] & 15]);
	}
}

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hex_decode(const char *s, size_t n, struct buf *out)
{
	size_t i;
	int hi, lo, r;

	if (n % 2)
		return ERR_PARSE;
	for (i = 0; i < n; i += 2) {
		hi = hex_digit((unsigned char)s[i]);
		lo = hex_digit((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return ERR_PARSE;
		if ((r = buf_put_u8(out, (uint8_t)(hi << 4 | lo))) != 0)
			return r;
	}
	return 0;
}

void
b64_encode(const void *p, size_t n, struct str *out)
{
	const unsigned char *q = p;
	size_t i;
	unsigned v;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (unsigned)q[i] << 16 | (unsigned)q[i + 1] << 8 | q[i + 2];
		str_addch(out, b64[v >> 18]);
		str_addch(out, b64[(v >> 12) & 63]);
		str_addch(out, b64[(v >> 6) & 63]);
		str_addch(out, b64[v & 63]);
	}
	if (n - i == 1) {
		v = (unsigned)q[i] << 16;
		str_addch(out, b64[v >> 18]);
		str_addch(out, b64[(v >> 12) & 63]);
		str_adds(out, "==");
	} else if (n - i == 2) {
		v = (unsigned)q[i] << 16 | (unsigned)q[i + 1] << 8;
		str_addch(out, b64[v >> 18]);
		str_addch(out, b64[(v >> 12) & 63]);
		str_addch(out, b64[(v >> 6) & 63]);
		str_addch(out, '=');
	}
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
b64_decode(const char *s, size_t n, struct buf *out, int skip_ws)
{
	unsigned acc = 0;
	int nbits = 0, pad = 0, v, r;
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (skip_ws && (c == ' ' || c == '\n' || c == '\r' || c == '\t'))
			continue;
		count++;
		if (c == '=') {
			pad++;
			if (pad > 2)
				return ERR_PARSE;
			continue;
		}
		if (pad)
			return ERR_PARSE;	/* data after padding */
		if ((v = b64val(c)) < 0)
			return ERR_PARSE;
		acc = (acc << 6) | (unsigned)v;
		nbits += 6;
		if (nbits >= 8) {
			nbits -= 8;
			if ((r = buf_put_u8(out, (uint8_t)(acc >> nbits))) != 0)
				return r;
			acc &= (1u << nbits) - 1;
		}
	}
	if (count % 4 != 0)
		return ERR_PARSE;
	/* Leftover bits must be zero (canonical encoding). */
	if (acc != 0)
		return ERR_PARSE;
	if ((pad == 1 && nbits != 2) || (pad == 2 && nbits != 4) || (pad == 0 && nbits != 0))
		return ERR_PARSE;
	return 0;
}
