// sources: src/core/*.c src/crypto/*.c src/ssh/asn1.c src/ssh/pem.c src/ssh/key.c src/ssh/keycrypt.c src/ssh/keyder.c src/ssh/keyfile.c
/*
 * Public key blobs and public key lines: no crash; a blob that parses
 * re-encodes to the same bytes (the encodings are canonical) and its
 * public line parses back to an equal key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "ssh/key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct sshkey *k = NULL, *k2 = NULL;
	struct buf b;
	struct str s = STR_INIT;
	char *line;

	if (sshkey_from_blob(data, n, &k, NULL) == 0) {
		buf_init(&b, 0);
		if (sshkey_to_blob(k, &b) != 0 || buf_avail(&b) != n ||
		    memcmp(buf_ptr(&b), data, n) != 0)
			abort();
		buf_release(&b);
		sshkey_fingerprint(k, &s);
		str_reset(&s);
		sshkey_to_public_line(k, &s);
		if (sshkey_parse_public_line(str_cstr(&s), &k2, NULL) != 0 ||
		    !sshkey_equal_public(k, k2))
			abort();
		sshkey_free(k2);
		sshkey_free(k);
	}
	/* the same bytes as a text line */
	line = malloc(n + 1);
	memcpy(line, data, n);
	line[n] = '\0';
	if (sshkey_parse_public_line(line, &k, NULL) == 0)
		sshkey_free(k);
	free(line);
	str_release(&s);
	return 0;
}
