/*
 * Helpers shared by the t_crypto_*.c unit tests: hex decoding and reading the
 * colon-separated known-answer files under tests/kat/.
 */
#ifndef SEXTANT_TEST_CRYPTO_UTIL_H
#define SEXTANT_TEST_CRYPTO_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static inline int
tc_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes n hex digits of s into out (cap bytes); returns the byte count or -1. */
static inline long
tc_unhexn(uint8_t *out, size_t cap, const char *s, size_t n)
{
	if (n % 2 != 0 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = tc_nibble(s[2 * i]), lo = tc_nibble(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

static inline long
tc_unhex(uint8_t *out, size_t cap, const char *s)
{
	return tc_unhexn(out, cap, s, strlen(s));
}

#define TC_MAX_FIELDS	8

/*
 * One line of a KAT file: fields split at ':' (in place). Returns the number of
 * fields, 0 at the end; comment (#) and empty lines are skipped. *cur walks buf.
 */
static inline int
tc_next_line(char **cur, char *fields[TC_MAX_FIELDS])
{
	for (;;) {
		char *line = *cur, *nl;
		int nf = 0;

		if (line == NULL || *line == '\0')
			return 0;
		nl = strchr(line, '\n');
		if (nl != NULL) {
			*nl = '\0';
			*cur = nl + 1;
		} else {
			*cur = line + strlen(line);
		}
		if (line[0] == '#' || line[0] == '\0')
			continue;
		fields[nf++] = line;
		for (char *p = line; *p != '\0' && nf < TC_MAX_FIELDS; p++) {
			if (*p == ':') {
				*p = '\0';
				fields[nf++] = p + 1;
			}
		}
		return nf;
	}
}

#endif
