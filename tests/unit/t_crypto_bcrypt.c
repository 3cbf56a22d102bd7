/*
 * bcrypt_pbkdf and Blowfish (src/crypto/bcrypt_pbkdf.c, blowfish.c): the
 * spec/ssh.md §2 vector (OpenSSH regress key ed25519_1_pw), Blowfish
 * known answers, argument checks.
 */
#include "harness.h"
#include "t_crypto_util.h"

#include "core/err.h"
#include "crypto/bcrypt_pbkdf.h"
#include "crypto/blowfish.h"

TEST(crypto_bcrypt_pbkdf_openssh_vector)
{
	uint8_t salt[16], want[48], key[48];
	static const char pass[] = "mekmitasdigoat";

	CHECK_EQ_INT(tc_unhex(salt, sizeof(salt), "ca4f9ea6040b5720cb16aa6bae03681d"), 16);
	CHECK_EQ_INT(tc_unhex(want, sizeof(want),
	    "1b4f6142f3ff6a9d6ff046543b31f9e1a898900e5e3d0f80475554f6af63e775"
	    "39763887d857c8afdfbcb09da2f9f6c9"), 48);
	CHECK_OK(bcrypt_pbkdf(pass, strlen(pass), salt, sizeof(salt), key, sizeof(key), 16));
	CHECK_MEM_EQ(key, want, 48);
}

TEST(crypto_bcrypt_pbkdf_args)
{
	uint8_t salt[4] = {1, 2, 3, 4}, key[1025];

	CHECK_EQ_INT(bcrypt_pbkdf("p", 1, salt, 4, key, 32, 0), ERR_INVAL);
	CHECK_EQ_INT(bcrypt_pbkdf("p", 1, salt, 0, key, 32, 1), ERR_INVAL);
	CHECK_EQ_INT(bcrypt_pbkdf("p", 1, salt, 4, key, 0, 1), ERR_INVAL);
	CHECK_EQ_INT(bcrypt_pbkdf("p", 1, salt, 4, key, 1025, 1), ERR_INVAL);
	CHECK_OK(bcrypt_pbkdf("", 0, salt, 4, key, 1, 1));
}

/*
 * Blowfish itself: Eric Young's published test vectors (the de-facto Blowfish
 * KAT set), key / plaintext / ciphertext.
 */
TEST(crypto_blowfish_known_answers)
{
	static const char *v[][3] = {
		{"0000000000000000", "0000000000000000", "4ef997456198dd78"},
		{"ffffffffffffffff", "ffffffffffffffff", "51866fd5b85ecb8a"},
		{"3000000000000000", "1000000000000001", "7d856f9a613063f2"},
		{"0123456789abcdef", "1111111111111111", "61f9c3802281b096"},
		{"fedcba9876543210", "0123456789abcdef", "0aceab0fc6a0a28d"},
	};
	struct blowfish bf;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t key[8], pt[8], ct[8];
		uint32_t l, r;

		CHECK_EQ_INT(tc_unhex(key, 8, v[i][0]), 8);
		CHECK_EQ_INT(tc_unhex(pt, 8, v[i][1]), 8);
		CHECK_EQ_INT(tc_unhex(ct, 8, v[i][2]), 8);
		blowfish_setkey(&bf, key, 8);
		l = (uint32_t)pt[0] << 24 | (uint32_t)pt[1] << 16 | (uint32_t)pt[2] << 8 | pt[3];
		r = (uint32_t)pt[4] << 24 | (uint32_t)pt[5] << 16 | (uint32_t)pt[6] << 8 | pt[7];
		blowfish_encipher(&bf, &l, &r);
		CHECK_EQ_INT(l, (uint32_t)ct[0] << 24 | (uint32_t)ct[1] << 16 | (uint32_t)ct[2] << 8 | ct[3]);
		CHECK_EQ_INT(r, (uint32_t)ct[4] << 24 | (uint32_t)ct[5] << 16 | (uint32_t)ct[6] << 8 | ct[7]);
	}
}
