/*
 * cipher — packet encryption and MACs over BearSSL primitives (see cipher.h).
 *
 * AES (CTR and GCM, with the implementation picked at run time) comes from
 * crypto/aes.h, ChaCha20-Poly1305 from crypto/chachapoly.h, HMAC from BearSSL.
 */
#include "ssh/cipher.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/wipe.h"
#include "crypto/sha256ni.h"

static const struct ssh_cipher_info ciphers[] = {
	{ "aes128-gcm@openssh.com", CIPHER_AES_GCM, 16, 12, 16, 16 },
	{ "aes256-gcm@openssh.com", CIPHER_AES_GCM, 32, 12, 16, 16 },
	/* Block size 8 as OpenSSH registers it: it sets padding and the 1 GiB rekey limit. */
	{ "chacha20-poly1305@openssh.com", CIPHER_CHACHAPOLY, 64, 0, 8, 16 },
	{ "aes128-ctr", CIPHER_AES_CTR, 16, 16, 16, 0 },
	{ "aes256-ctr", CIPHER_AES_CTR, 32, 16, 16, 0 },
	{ NULL, CIPHER_NONE, 0, 0, 0, 0 }
};

static const struct ssh_cipher_info cipher_none = { "none", CIPHER_NONE, 0, 0, 8, 0 };

static const struct ssh_mac_info macs[] = {
	{ "hmac-sha2-256-etm@openssh.com", &br_sha256_vtable, 32, 32, 1 },
	{ "hmac-sha2-512-etm@openssh.com", &br_sha512_vtable, 64, 64, 1 },
	{ "hmac-sha2-256", &br_sha256_vtable, 32, 32, 0 },
	{ "hmac-sha2-512", &br_sha512_vtable, 64, 64, 0 },
	{ NULL, NULL, 0, 0, 0 }
};

/* spec/ssh.md §3.2: AES-GCM first (fastest with AES-NI), chacha (TinySSH, Dropbear), CTR last. */
const char cipher_default_list[] = "aes128-gcm@openssh.com,aes256-gcm@openssh.com,"
    "chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr";
/*
 * SHA-512 first: without SHA-NI, BearSSL's SHA-512 is ~1.5x faster than its SHA-256
 * on 64-bit CPUs (spec/ssh.md §1.4), and the MAC is the bottleneck of the CTR modes.
 */
const char mac_default_list[] = "hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
    "hmac-sha2-512,hmac-sha2-256";

const struct ssh_cipher_info *
cipher_by_name(const char *name)
{
	size_t i;

	for (i = 0; ciphers[i].name; i++)
		if (strcmp(ciphers[i].name, name) == 0)
			return &ciphers[i];
	return NULL;
}

const struct ssh_mac_info *
mac_by_name(const char *name)
{
	size_t i;

	for (i = 0; macs[i].name; i++)
		if (strcmp(macs[i].name, name) == 0)
			return &macs[i];
	return NULL;
}

void
pkt_cipher_init_none(struct pkt_cipher *c)
{
	memset(c, 0, sizeof(*c));
	c->ci = &cipher_none;
}

/*
 * The MAC's hash: SHA-256 on the CPU's SHA extensions when it has them
 * (crypto/sha256ni.h, ~6x BearSSL's portable code), else the table's class.
 */
static const br_hash_class *
mac_hash(const struct ssh_mac_info *mi)
{
	return mi->hash == &br_sha256_vtable ? sha256_fast_class() : mi->hash;
}

void
pkt_cipher_init(struct pkt_cipher *c, const struct ssh_cipher_info *ci,
    const struct ssh_mac_info *mi, const uint8_t *key, const uint8_t *iv, const uint8_t *mackey)
{
	memset(c, 0, sizeof(*c));
	c->ci = ci;
	switch (ci->kind) {
	case CIPHER_AES_GCM:
		aes_gcm_init(&c->gcm, key, ci->key_len, iv);
		break;
	case CIPHER_CHACHAPOLY:
		chachapoly_init(&c->cp, key);
		break;
	case CIPHER_AES_CTR:
		aes_ctr_init(&c->ctr, key, ci->key_len, iv);
		c->mi = mi;
		br_hmac_key_init(&c->mac, mac_hash(mi), mackey, mi->key_len);
		break;
	case CIPHER_NONE:
		break;
	}
}

void
pkt_cipher_release(struct pkt_cipher *c)
{
	if (c->ci && c->ci->kind == CIPHER_CHACHAPOLY)
		chachapoly_release(&c->cp);
	if (c->ci && c->ci->kind == CIPHER_AES_GCM)
		aes_gcm_release(&c->gcm);
	if (c->ci && c->ci->kind == CIPHER_AES_CTR)
		aes_ctr_release(&c->ctr);
	wipe(c, sizeof(*c));
}

size_t
pkt_cipher_align(const struct pkt_cipher *c)
{
	return c->ci->block_size < 8 ? 8 : c->ci->block_size;
}

int
pkt_cipher_len_excluded(const struct pkt_cipher *c)
{
	return c->ci->tag_len > 0 || (c->mi && c->mi->etm);
}

size_t
pkt_cipher_trailer(const struct pkt_cipher *c)
{
	if (c->ci->tag_len)
		return c->ci->tag_len;
	return c->mi ? c->mi->mac_len : 0;
}

size_t
pkt_cipher_first_len(const struct pkt_cipher *c)
{
	if (c->ci->kind == CIPHER_AES_CTR && !c->mi->etm)
		return 16;
	return 4;
}

/* RFC 4344 §4 CTR (the 128-bit counter carry is crypto/aes.h's business). */
static void
ctr_xor(struct pkt_cipher *c, uint8_t *p, size_t len)
{
	aes_ctr_run(&c->ctr, p, len);
}

static void
mac_compute(const struct pkt_cipher *c, uint32_t seqnr, const uint8_t *p, size_t len, uint8_t *out)
{
	br_hmac_context hc;
	uint8_t sq[4];

	store_be32(sq, seqnr);
	br_hmac_init(&hc, &c->mac, 0);
	br_hmac_update(&hc, sq, 4);
	br_hmac_update(&hc, p, len);
	br_hmac_out(&hc, out);
	wipe(&hc, sizeof(hc));
}

void
pkt_cipher_seal(struct pkt_cipher *c, uint32_t seqnr, uint8_t *pkt, size_t len)
{
	switch (c->ci->kind) {
	case CIPHER_NONE:
		break;
	case CIPHER_AES_GCM:
		aes_gcm_crypt(&c->gcm, pkt, pkt, (uint32_t)(len - 4), 1);
		break;
	case CIPHER_CHACHAPOLY:
		chachapoly_crypt(&c->cp, seqnr, pkt, pkt, (uint32_t)(len - 4), 1);
		break;
	case CIPHER_AES_CTR:
		if (c->mi->etm) {
			ctr_xor(c, pkt + 4, len - 4);
			mac_compute(c, seqnr, pkt, len, pkt + len);
		} else {
			mac_compute(c, seqnr, pkt, len, pkt + len);
			ctr_xor(c, pkt, len);
		}
		break;
	}
}

uint32_t
pkt_cipher_peek_len(struct pkt_cipher *c, uint32_t seqnr, uint8_t *p)
{
	uint32_t len;

	switch (c->ci->kind) {
	case CIPHER_CHACHAPOLY:
		chachapoly_get_length(&c->cp, seqnr, p, &len);
		return len;
	case CIPHER_AES_CTR:
		if (!c->mi->etm)
			ctr_xor(c, p, 16);
		return load_be32(p);
	default:
		return load_be32(p);
	}
}

int
pkt_cipher_open(struct pkt_cipher *c, uint32_t seqnr, uint8_t *p, size_t len)
{
	uint8_t mac[SSH_MAC_MAX_LEN];
	int r = 0;

	switch (c->ci->kind) {
	case CIPHER_NONE:
		break;
	case CIPHER_AES_GCM:
		r = aes_gcm_crypt(&c->gcm, p, p, (uint32_t)(len - 4), 0) == 0 ? 0 : ERR_CRYPTO;
		break;
	case CIPHER_CHACHAPOLY:
		r = chachapoly_crypt(&c->cp, seqnr, p, p, (uint32_t)(len - 4), 0) == 0 ? 0 : ERR_CRYPTO;
		break;
	case CIPHER_AES_CTR:
		if (c->mi->etm) {
			/* Encrypt-then-MAC: authenticate before touching the ciphertext. */
			mac_compute(c, seqnr, p, len, mac);
			if (ct_memcmp(mac, p + len, c->mi->mac_len) != 0) {
				r = ERR_CRYPTO;
				break;
			}
			ctr_xor(c, p + 4, len - 4);
		} else {
			/* The first block was decrypted by pkt_cipher_peek_len(). */
			ctr_xor(c, p + 16, len - 16);
			mac_compute(c, seqnr, p, len, mac);
			if (ct_memcmp(mac, p + len, c->mi->mac_len) != 0)
				r = ERR_CRYPTO;
		}
		break;
	}
	wipe(mac, sizeof(mac));
	return r;
}
