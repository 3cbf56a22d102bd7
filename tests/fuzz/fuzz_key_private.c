// sources: src/core/*.c src/crypto/*.c src/ssh/asn1.c src/ssh/pem.c src/ssh/key.c src/ssh/keycrypt.c
/*
 * Private key files in every format (openssh-key-v1, PEM PKCS#1/SEC1, PKCS#8,
 * encrypted variants). The KDF work bounds are lowered here so that a fuzzed
 * "rounds" field cannot stall the run; the parsers are compiled in directly.
 */
#define SSHKEY_MAX_KDF_ROUNDS	3
#define PBKDF2_MAX_ITER		16
#include "ssh/keyfile.c"
#include "ssh/keyder.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct sshkey *k = NULL;
	int needs = 0;

	if (sshkey_parse_private(data, n, NULL, &k, &needs, NULL) == 0) {
		struct buf sig;

		/* a key that loads must sign, and verify its own signature */
		buf_init(&sig, 0);
		if (sshkey_sign(k, NULL, (const uint8_t *)"x", 1, &sig, NULL) == 0 &&
		    sshkey_verify(k, buf_ptr(&sig), buf_avail(&sig), (const uint8_t *)"x", 1, NULL,
		    NULL) != 0)
			abort();
		buf_release(&sig);
		sshkey_free(k);
	}
	if (needs && sshkey_parse_private(data, n, "fuzz", &k, &needs, NULL) == 0)
		sshkey_free(k);
	return 0;
}
