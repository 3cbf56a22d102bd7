/*
 * ed25519_diff — differential test of sextant's hand-written crypto against
 * libsodium (Debian libsodium-dev; test-only, host gcc, never linked into sextant).
 *
 *   ed25519:    random seeds and messages: same public key, same signature
 *               (Ed25519 is deterministic), each side verifies the other's
 *               signature, and a tampered signature or message (one flipped bit,
 *               or S + L) is refused by both.
 *   poly1305:   random keys and messages: same tag as crypto_onetimeauth_poly1305.
 *   chachapoly: random packets: same bytes as an OpenSSH construction assembled
 *               from crypto_stream_chacha20_xor_ic (DJB layout, 64-bit nonce) and
 *               crypto_onetimeauth_poly1305; decrypts; tampering refused.
 *   x25519:     the adapter against crypto_scalarmult on random inputs.
 *   aes-gcm:    the adapter (aes256-gcm@openssh.com framing) against
 *               crypto_aead_aes256gcm when the CPU has AES-NI.
 *
 * Usage: ed25519_diff [ED25519_CASES [SEED_HEX]]. Work is split over one process
 * per CPU. Prints failures (the first few in detail) and ends with
 * "N passed, N failed"; exits non-zero if anything failed.
 */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto/aes.h"
#include "crypto/chachapoly.h"
#include "crypto/ed25519.h"
#include "crypto/poly1305.h"
#include "crypto/x25519.h"

#define MAX_MSG	5000

struct tally {
	long	passed, failed;
};

static uint8_t base_seed[32];
static int shown;

/* Deterministic randomness: case `n` of stream `what` gets its own ChaCha20 key. */
static void
case_bytes(void *out, size_t len, uint32_t what, uint64_t n)
{
	uint8_t seed[randombytes_SEEDBYTES];

	memcpy(seed, base_seed, sizeof(seed));
	for (int i = 0; i < 8; i++)
		seed[i] ^= (uint8_t)(n >> (8 * i));
	for (int i = 0; i < 4; i++)
		seed[8 + i] ^= (uint8_t)(what >> (8 * i));
	randombytes_buf_deterministic(out, len, seed);
}

static void
hexdump(const char *label, const uint8_t *p, size_t n)
{
	fprintf(stderr, "    %s: ", label);
	for (size_t i = 0; i < n && i < 80; i++)
		fprintf(stderr, "%02x", p[i]);
	fprintf(stderr, "%s\n", n > 80 ? "..." : "");
}

static void
fail(struct tally *t, const char *what, uint64_t n, const char *why)
{
	t->failed++;
	if (shown++ < 20)
		fprintf(stderr, "FAIL %s case %llu: %s\n", what, (unsigned long long)n, why);
}

static const uint8_t ORDER_L[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10
};

static void
ed25519_case(struct tally *t, uint64_t n)
{
	struct {
		uint8_t seed[32];
		uint16_t len;
		uint16_t bit;
		uint8_t kind;
		uint8_t msg[MAX_MSG];
	} r;
	uint8_t pk[32], spk[32], ssk[64], sig[64], ssig[64], bad[64];
	size_t len;
	int ok = 1, ours, theirs;

	case_bytes(&r, sizeof(r), 1, n);
	/* Mostly short messages (SSH signs ~100-byte exchange hashes), some long. */
	len = n % 100 == 0 ? r.len % MAX_MSG : r.len % 300;
	ed25519_pubkey(pk, r.seed);
	crypto_sign_seed_keypair(spk, ssk, r.seed);
	if (memcmp(pk, spk, 32) != 0) {
		fail(t, "ed25519", n, "public key differs");
		hexdump("seed", r.seed, 32);
		ok = 0;
	}
	ed25519_sign(sig, r.msg, len, r.seed, pk);
	crypto_sign_detached(ssig, NULL, r.msg, len, ssk);
	if (memcmp(sig, ssig, 64) != 0) {
		fail(t, "ed25519", n, "signature differs");
		hexdump("seed", r.seed, 32);
		hexdump("msg", r.msg, len);
		ok = 0;
	}
	/* Each verifies the other's signature. */
	if (ed25519_verify(ssig, r.msg, len, spk) != 0) {
		fail(t, "ed25519", n, "ours rejects libsodium's signature");
		ok = 0;
	}
	if (crypto_sign_verify_detached(sig, r.msg, len, pk) != 0) {
		fail(t, "ed25519", n, "libsodium rejects our signature");
		ok = 0;
	}
	/* One tampering per case, rotating through the kinds. */
	memcpy(bad, sig, 64);
	switch (n % 3) {
	case 0:	/* a flipped signature bit */
		bad[(r.bit % 512) / 8] ^= (uint8_t)(1 << (r.bit % 8));
		break;
	case 1:	/* a flipped message bit (or one byte more for the empty message) */
		if (len > 0)
			r.msg[(r.bit / 8) % len] ^= (uint8_t)(1 << (r.bit % 8));
		else
			len = 1;
		break;
	default: {	/* S + L: the same scalar mod L, refused as non-canonical */
		unsigned int c = 0;

		for (int i = 0; i < 32; i++) {
			c += (unsigned int)bad[32 + i] + ORDER_L[i];
			bad[32 + i] = (uint8_t)c;
			c >>= 8;
		}
		break;
	}
	}
	ours = ed25519_verify(bad, r.msg, len, pk);
	theirs = crypto_sign_verify_detached(bad, r.msg, len, pk);
	if (ours == 0 || theirs == 0) {
		char why[96];

		snprintf(why, sizeof(why), "tampering (kind %d) accepted by %s", (int)(n % 3),
		    ours == 0 ? (theirs == 0 ? "both" : "ours") : "libsodium");
		fail(t, "ed25519", n, why);
		ok = 0;
	}
	/* Random 64 bytes as a signature under this key: both refuse. */
	if (n % 16 == 5) {
		case_bytes(bad, 64, 2, n);
		if (ed25519_verify(bad, r.msg, len, pk) == 0 ||
		    crypto_sign_verify_detached(bad, r.msg, len, pk) == 0) {
			fail(t, "ed25519", n, "random signature accepted");
			ok = 0;
		}
	}
	if (ok)
		t->passed++;
}

static void
poly1305_case(struct tally *t, uint64_t n)
{
	struct {
		uint8_t key[32];
		uint16_t len;
		uint8_t msg[2100];
	} r;
	uint8_t tag[16], stag[16];
	size_t len;

	case_bytes(&r, sizeof(r), 3, n);
	len = r.len % 2100;
	/* Edge keys now and then: r or s all ones. */
	if (n % 50 == 1)
		memset(r.key, 0xff, 16);
	if (n % 50 == 2)
		memset(r.key + 16, 0xff, 16);
	if (n % 50 == 3)
		memset(r.msg, 0xff, len);
	poly1305_mac(tag, r.msg, len, r.key);
	crypto_onetimeauth_poly1305(stag, r.msg, len, r.key);
	if (memcmp(tag, stag, 16) != 0) {
		fail(t, "poly1305", n, "tag differs");
		return;
	}
	t->passed++;
}

static void
chachapoly_case(struct tally *t, uint64_t n)
{
	struct {
		uint8_t key[64];
		uint32_t seq;
		uint16_t len;
		uint16_t flip;
		uint8_t payload[1600];
	} r;
	uint8_t pkt[4 + 1600], out[4 + 1600 + 16], want[4 + 1600 + 16], back[4 + 1600];
	uint8_t nonce[8], polykey[32];
	struct chachapoly_ctx c;
	uint32_t len, got;

	case_bytes(&r, sizeof(r), 4, n);
	len = r.len % 1600;
	pkt[0] = (uint8_t)(len >> 24);
	pkt[1] = (uint8_t)(len >> 16);
	pkt[2] = (uint8_t)(len >> 8);
	pkt[3] = (uint8_t)len;
	memcpy(pkt + 4, r.payload, len);

	/* Reference: PROTOCOL.chacha20poly1305 assembled from libsodium primitives. */
	for (int i = 0; i < 4; i++)
		nonce[i] = 0;
	nonce[4] = (uint8_t)(r.seq >> 24);
	nonce[5] = (uint8_t)(r.seq >> 16);
	nonce[6] = (uint8_t)(r.seq >> 8);
	nonce[7] = (uint8_t)r.seq;
	crypto_stream_chacha20_xor_ic(want, pkt, 4, nonce, 0, r.key + 32);	/* K_1 */
	crypto_stream_chacha20(polykey, 32, nonce, r.key);			/* K_2 block 0 */
	crypto_stream_chacha20_xor_ic(want + 4, pkt + 4, len, nonce, 1, r.key);
	crypto_onetimeauth_poly1305(want + 4 + len, want, 4 + len, polykey);

	chachapoly_init(&c, r.key);
	chachapoly_crypt(&c, r.seq, out, pkt, len, 1);
	if (memcmp(out, want, 4 + len + 16) != 0) {
		fail(t, "chachapoly", n, "ciphertext or tag differs");
		goto out;
	}
	chachapoly_get_length(&c, r.seq, out, &got);
	if (got != len || chachapoly_crypt(&c, r.seq, back, out, len, 0) != 0 ||
	    memcmp(back, pkt, 4 + len) != 0) {
		fail(t, "chachapoly", n, "does not decrypt");
		goto out;
	}
	out[r.flip % (4 + len + 16)] ^= (uint8_t)(1 << (r.flip % 8));
	if (chachapoly_crypt(&c, r.seq, back, out, len, 0) == 0) {
		fail(t, "chachapoly", n, "tampered packet accepted");
		goto out;
	}
	t->passed++;
out:
	chachapoly_release(&c);
}

static void
x25519_case(struct tally *t, uint64_t n)
{
	uint8_t in[64], ours[32], theirs[32];
	int rs, ro;

	case_bytes(in, sizeof(in), 5, n);
	ro = x25519_shared(ours, in, in + 32);
	rs = crypto_scalarmult(theirs, in, in + 32);
	/* libsodium returns -1 for an all-zero result, which ours refuses too. */
	if ((ro == 0) != (rs == 0) || (ro == 0 && memcmp(ours, theirs, 32) != 0)) {
		fail(t, "x25519", n, "shared secret differs");
		return;
	}
	t->passed++;
}

static void
gcm_case(struct tally *t, uint64_t n)
{
	struct {
		uint8_t key[32], iv[12];
		uint16_t len;
		uint8_t payload[1600];
	} r;
	uint8_t pkt[4 + 1600], out[4 + 1600 + 16], want[1600 + 16], back[4 + 1600];
	struct aes_gcm g;
	unsigned long long clen;
	uint32_t len;

	case_bytes(&r, sizeof(r), 6, n);
	len = (r.len % 100) * 16;	/* SSH packets are whole blocks */
	pkt[0] = (uint8_t)(len >> 24);
	pkt[1] = (uint8_t)(len >> 16);
	pkt[2] = (uint8_t)(len >> 8);
	pkt[3] = (uint8_t)len;
	memcpy(pkt + 4, r.payload, len);
	crypto_aead_aes256gcm_encrypt(want, &clen, pkt + 4, len, pkt, 4, NULL, r.iv, r.key);
	aes_gcm_init(&g, r.key, 32, r.iv);
	aes_gcm_crypt(&g, out, pkt, len, 1);
	aes_gcm_release(&g);
	if (clen != len + 16 || memcmp(out, pkt, 4) != 0 || memcmp(out + 4, want, len + 16) != 0) {
		fail(t, "aes-gcm", n, "ciphertext or tag differs");
		return;
	}
	aes_gcm_init(&g, r.key, 32, r.iv);
	if (aes_gcm_crypt(&g, back, out, len, 0) != 0 || memcmp(back, pkt, 4 + len) != 0) {
		fail(t, "aes-gcm", n, "does not decrypt");
		aes_gcm_release(&g);
		return;
	}
	aes_gcm_release(&g);
	t->passed++;
}

struct suite {
	const char *name;
	void (*run)(struct tally *, uint64_t);
	long cases;
};

int
main(int argc, char **argv)
{
	long ed_cases = argc > 1 ? atol(argv[1]) : 100000;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	struct suite suites[] = {
		{"ed25519", ed25519_case, ed_cases},
		{"poly1305", poly1305_case, 50000},
		{"chachapoly", chachapoly_case, 50000},
		{"x25519", x25519_case, 5000},
		{"aes256-gcm", gcm_case, 20000},
	};
	size_t nsuites = sizeof(suites) / sizeof(suites[0]);
	struct tally total = {0, 0};
	int fds[64][2];

	if (sodium_init() < 0) {
		fprintf(stderr, "libsodium init failed\n");
		return 2;
	}
	if (!crypto_aead_aes256gcm_is_available())
		suites[4].cases = 0;	/* libsodium's AES-GCM needs AES-NI */
	if (argc > 2) {
		if (sodium_hex2bin(base_seed, sizeof(base_seed), argv[2], strlen(argv[2]), NULL,
		    NULL, NULL) != 0) {
			fprintf(stderr, "bad seed hex\n");
			return 2;
		}
	} else {
		randombytes_buf(base_seed, sizeof(base_seed));
	}
	{
		char hex[65];

		sodium_bin2hex(hex, sizeof(hex), base_seed, sizeof(base_seed));
		printf("seed %s (rerun: %s %ld %s)\n", hex, argv[0], ed_cases, hex);
	}
	if (ncpu < 1)
		ncpu = 1;
	if (ncpu > 64)
		ncpu = 64;

	/* Worker w takes cases w, w + ncpu, ...; sends its tallies back per suite. */
	for (long w = 0; w < ncpu; w++) {
		pid_t pid;

		if (pipe(fds[w]) != 0) {
			perror("pipe");
			return 2;
		}
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			close(fds[w][0]);
			for (size_t s = 0; s < nsuites; s++) {
				struct tally t = {0, 0};

				for (long n = w; n < suites[s].cases; n += ncpu)
					suites[s].run(&t, (uint64_t)n);
				if (write(fds[w][1], &t, sizeof(t)) != (ssize_t)sizeof(t))
					_exit(3);
			}
			_exit(0);
		}
		close(fds[w][1]);
	}
	for (size_t s = 0; s < nsuites; s++) {
		struct tally st = {0, 0};

		for (long w = 0; w < ncpu; w++) {
			struct tally t;

			if (read(fds[w][0], &t, sizeof(t)) != (ssize_t)sizeof(t)) {
				fprintf(stderr, "worker %ld died\n", w);
				t.passed = 0;
				t.failed = 1;
			}
			st.passed += t.passed;
			st.failed += t.failed;
		}
		printf("%-10s %ld passed, %ld failed%s\n", suites[s].name, st.passed, st.failed,
		    suites[s].cases == 0 ? " (skipped: no AES-NI for libsodium)" : "");
		total.passed += st.passed;
		total.failed += st.failed;
	}
	while (wait(NULL) > 0)
		;
	printf("%ld passed, %ld failed\n", total.passed, total.failed);
	return total.failed != 0;
}
