// sources: src/core/*.c src/crypto/*.c src/ssh/asn1.c src/ssh/pem.c src/ssh/key.c src/ssh/keycrypt.c src/ssh/keyder.c src/ssh/keyfile.c src/ssh/knownhosts.c src/ssh/sshmatch.c
/*
 * known_hosts text: lookups for a few host names and ports against a fixed key
 * (a test-only public key): no crash, and a result that names a line within
 * the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "ssh/key.h"
#include "ssh/knownhosts.h"
#include "ssh/sshmatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char pub[] =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOEnkRmXx7KD60k/Sj3voRwFB9MPZTNkSOpTSQW5DjdU";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct sshkey *key;
	static const char *hosts[] = { "web1", "WEB1.example.com", "::1", "10.0.0.1", "" };
	static const int ports[] = { 22, 2222 };
	struct kh_result r;
	size_t i, j, lines = 1;

	if (key == NULL && sshkey_parse_public_line(pub, &key, NULL) != 0)
		abort();
	for (i = 0; i < n; i++)
		if (data[i] == '\n')
			lines++;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		for (j = 0; j < 2; j++) {
			knownhosts_check_text((const char *)data, n, "fuzz", hosts[i], ports[j], key, &r);
			if (r.status != KH_NOT_FOUND && (r.line < 1 || (size_t)r.line > lines))
				abort();
		}
	}
	/* the pattern matcher on its own: first line = subject, rest = pattern list */
	{
		const char *nl = memchr(data, '\n', n);

		if (nl != NULL) {
			char *subj = strndup((const char *)data, (size_t)(nl - (const char *)data));

			(void)sshmatch_list(subj, nl + 1, n - (size_t)(nl + 1 - (const char *)data), 1);
			free(subj);
		}
	}
	return 0;
}
