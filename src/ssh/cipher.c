/*
 * cipher — packet encryption and MACs over BearSSL primitives (see cipher.h).
 *
 * Implementation selection: AES-CTR uses AES-NI when the CPU has it and the
 * constant-time bitsliced code otherwise; GHASH uses PCLMUL or the constant-time
 * 64-bit multiply (spec/ssh.md §1.6, §1.7). Both choices are made at key time.
 */
#include "ssh/cipher.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/wipe.h"

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

static const br_block_ctr_class *
aes_ctr_impl(void)
{
	const br_block_ctr_class *vt = br_aes_x86ni_ctr_get_vtable();

	if (vt == NULL)
		vt = br_aes_pwr8_ctr_get_vtable();
	if (vt == NULL)
		vt = &br_aes_ct64_ctr_vtable;
	return vt;
}

static br_ghash
ghash_impl(void)
{
	br_ghash g = br_ghash_pclmul_get();

	if (g == 0)
		g = br_ghash_pwr8_get();
	if (g == 0)
		g = &br_ghash_ctmul64;
	return g;
}

void
pkt_cipher_init_none(struct pkt_cipher *c)
{
	memset(c, 0, sizeof(*c));
	c->ci = &cipher_none;
}

void
pkt_cipher_init(struct pkt_cipher *c, const struct ssh_cipher_info *ci,
    const struct ssh_mac_info *mi, const uint8_t *key, const uint8_t *iv, const uint8_t *mackey)
{
	memset(c, 0, sizeof(*c));
	c->ci = ci;
	switch (ci->kind) {
	case CIPHER_AES_GCM:
		c->ctr_vt = aes_ctr_impl();
		c->ctr_vt->init(&c->aes.vtable, key, ci->key_len);
		br_gcm_init(&c->gcm, &c->aes.vtable, ghash_impl());
		memcpy(c->iv, iv, 12);
		break;
	case CIPHER_CHACHAPOLY:
		chachapoly_init(&c->cp, key);
		break;
	case CIPHER_AES_CTR:
		c->ctr_vt = aes_ctr_impl();
		c->ctr_vt->init(&c->aes.vtable, key, ci->key_len);
		memcpy(c->iv, iv, 16);
		c->mi = mi;
		br_hmac_key_init(&c->mac, mi->hash, mackey, mi->key_len);
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

/*
 * RFC 4344 §4: the IV is one 128-bit big-endian counter. BearSSL's CTR takes a
 * 96-bit prefix and a 32-bit block counter, so carry into the prefix by hand when
 * the low word wraps. len is a multiple of 16 (SSH packets are block-aligned).
 */
static void
ctr_xor(struct pkt_cipher *c, uint8_t *p, size_t len)
{
	while (len > 0) {
		uint32_t cc = load_be32(c->iv + 12);
		uint64_t room = ((uint64_t)1 << 32) - cc;
		uint64_t blocks = len / 16;
		size_t n;
		int i;

		if (blocks > room)
			blocks = room;
		n = (size_t)blocks * 16;
		cc = c->ctr_vt->run(&c->aes.vtable, c->iv, cc, p, n);
		store_be32(c->iv + 12, cc);
		if (cc == 0) {
			for (i = 11; i >= 0; i--)
				if (++c->iv[i] != 0)
					break;
		}
		p += n;
		len -= n;
	}
}

static void
gcm_bump(struct pkt_cipher *c)
{
	int i;

	/* The 64-bit invocation counter in IV bytes 4..11 (RFC 5647 §7.1). */
	for (i = 11; i >= 4; i--)
		if (++c->iv[i] != 0)
			break;
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
		br_gcm_reset(&c->gcm, c->iv, 12);
		br_gcm_aad_inject(&c->gcm, pkt, 4);
		br_gcm_flip(&c->gcm);
		br_gcm_run(&c->gcm, 1, pkt + 4, len - 4);
		br_gcm_get_tag(&c->gcm, pkt + len);
		gcm_bump(c);
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
		br_gcm_reset(&c->gcm, c->iv, 12);
		br_gcm_aad_inject(&c->gcm, p, 4);
		br_gcm_flip(&c->gcm);
		br_gcm_run(&c->gcm, 0, p + 4, len - 4);
		if (!br_gcm_check_tag(&c->gcm, p + len))
			r = ERR_CRYPTO;
		gcm_bump(c);
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
