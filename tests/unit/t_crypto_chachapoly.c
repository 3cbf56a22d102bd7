/*
 * chacha20-poly1305@openssh.com (src/crypto/chachapoly.c): a known answer made
 * with an independent DJB-layout ChaCha20 and Poly1305 (python3-cryptography,
 * i.e. OpenSSL: 16-byte IV = LE64(block counter) || BE64(seqnr)), round trips at
 * many lengths, in-place operation, and rejection of every tampered byte.
 */
#include "harness.h"
#include "t_crypto_util.h"

#include "core/err.h"
#include "crypto/chachapoly.h"

static void
test_key(uint8_t key[CHACHAPOLY_KEY_LEN])
{
	for (int i = 0; i < CHACHAPOLY_KEY_LEN; i++)
		key[i] = (uint8_t)i;
}

TEST(crypto_chachapoly_known_answer)
{
	uint8_t key[64], pkt[4 + 45], out[4 + 45 + 16], want[4 + 45 + 16], back[4 + 45];
	struct chachapoly_ctx c;
	uint32_t len;

	test_key(key);
	/* Packet: BE32 length 45, payload bytes (13 i + 5) mod 256; seqnr 7. */
	pkt[0] = 0;
	pkt[1] = 0;
	pkt[2] = 0;
	pkt[3] = 45;
	for (int i = 0; i < 45; i++)
		pkt[4 + i] = (uint8_t)(i * 13 + 5);
	CHECK_EQ_INT(tc_unhex(want, sizeof(want),
	    "a39afc872d540a6f77c5793e01173c64762168e4e150dfca77f51eb37d204cbbf12d88cc01"
	    "e54e69cc8407b9a1c8411a52ec2ab2f6d4e7cc7b25199b698c1623ee"), (long)sizeof(want));
	chachapoly_init(&c, key);
	CHECK_OK(chachapoly_crypt(&c, 7, out, pkt, 45, 1));
	CHECK_MEM_EQ(out, want, sizeof(want));
	chachapoly_get_length(&c, 7, out, &len);
	CHECK_EQ_INT(len, 45);
	CHECK_OK(chachapoly_crypt(&c, 7, back, out, 45, 0));
	CHECK_MEM_EQ(back, pkt, sizeof(pkt));
	/* Wrong sequence number: the tag (and the length) differ. */
	CHECK_EQ_INT(chachapoly_crypt(&c, 8, back, out, 45, 0), ERR_CRYPTO);
	chachapoly_release(&c);
}

TEST(crypto_chachapoly_roundtrip_and_tamper)
{
	static uint8_t pkt[4 + 1100], enc[4 + 1100 + 16], dec[4 + 1100], copy[4 + 1100 + 16];
	uint8_t key[64];
	struct chachapoly_ctx c;

	test_key(key);
	key[0] ^= 0x80;
	chachapoly_init(&c, key);
	for (uint32_t len = 0; len <= 1100; len += (len < 130 ? 1 : 97)) {
		uint32_t seq = len * 2654435761u, got;

		pkt[0] = (uint8_t)(len >> 24);
		pkt[1] = (uint8_t)(len >> 16);
		pkt[2] = (uint8_t)(len >> 8);
		pkt[3] = (uint8_t)len;
		for (uint32_t i = 0; i < len; i++)
			pkt[4 + i] = (uint8_t)(i ^ len);
		CHECK_OK(chachapoly_crypt(&c, seq, enc, pkt, len, 1));
		chachapoly_get_length(&c, seq, enc, &got);
		CHECK_EQ_INT(got, len);
		memset(dec, 0xaa, sizeof(dec));
		CHECK_OK(chachapoly_crypt(&c, seq, dec, enc, len, 0));
		CHECK_MEM_EQ(dec, pkt, 4 + len);
		/* In place, both directions. */
		memcpy(copy, pkt, 4 + len);
		CHECK_OK(chachapoly_crypt(&c, seq, copy, copy, len, 1));
		CHECK_MEM_EQ(copy, enc, 4 + len + 16);
		CHECK_OK(chachapoly_crypt(&c, seq, copy, copy, len, 0));
		CHECK_MEM_EQ(copy, pkt, 4 + len);
		/* Any flipped byte (length, payload or tag) is refused; dst untouched. */
		if (len <= 40) {
			for (uint32_t i = 0; i < 4 + len + 16; i++) {
				memcpy(copy, enc, 4 + len + 16);
				copy[i] ^= 0x01;
				memset(dec, 0x55, sizeof(dec));
				CHECK_EQ_INT(chachapoly_crypt(&c, seq, dec, copy, len, 0), ERR_CRYPTO);
				CHECK_EQ_INT(dec[0], 0x55);
				CHECK_EQ_INT(dec[3 + len], 0x55);
			}
		}
	}
	chachapoly_release(&c);
}
