// sources: src/core/*.c src/crypto/*.c src/ssh/asn1.c src/ssh/pem.c src/ssh/key.c src/ssh/keycrypt.c src/ssh/keyder.c src/ssh/keyfile.c
/*
 * Signature blobs against fixed public keys of each type (test-only keys):
 * input = selector byte (key, expected algorithm) || signature blob. No crash,
 * and nothing the fuzzer makes may verify over data it cannot have signed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ssh/key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char *const pubs[3] = {
	"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOEnkRmXx7KD60k/Sj3voRwFB9MPZTNkSOpTSQW5DjdU",
	"ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEfoz/bqzHmmQFP0C03x+ZkcdPXL9XtJmDWJBf93qZI2OhvMGEe5167iyV6ZgaOB0E8NIFAnBBxyCpLNSX4Waqs=",
	"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQClhtviV/TZKS1jBd8EOv8Ao7JCwxjb325mAmofKZ+zUEsbRVHRxNkKsUsHGpamfhK9peuQIbEmCcZhv43kkPTM89tH142k0yDlusxM1FSsuDMviJecF/342FXy7S2dxjYxLstAY3SrOa66G5thHwf8CoP/8MeL7npduMVfku1G9T22q2Mh3237bW9gAZuzjMYaAH/uvduX/JTAa3vvCO5cMFCWqlvd7ySWAUyYFjGDn3J8Egv0R0Egl7JSMqBsYXvuykJEVOZSNmYhmBy0NL95Si3u0ImXGWI3rzHTvpOHK4ildWgmg6jkqhddU2LfOOLbX6sxOytSHa96k7uQZxKj",
};

static const char *const algs[] = { NULL, "ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256",
	"rsa-sha2-512", "ssh-rsa" };

static struct sshkey *keys[3];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const uint8_t msg[] = "fuzz-data";
	unsigned sel;

	if (keys[0] == NULL) {
		int i;

		for (i = 0; i < 3; i++)
			if (sshkey_parse_public_line(pubs[i], &keys[i], NULL) != 0)
				abort();
	}
	if (n < 1)
		return 0;
	sel = data[0];
	/* The corpus holds real signatures over msg; anything over other data must fail. */
	(void)sshkey_verify(keys[sel % 3], data + 1, n - 1, msg, sizeof(msg) - 1,
	    algs[(sel / 3) % 6], NULL);
	if (sshkey_verify(keys[sel % 3], data + 1, n - 1, (const uint8_t *)"other", 5,
	    algs[(sel / 3) % 6], NULL) == 0)
		abort();
	return 0;
}
