/*
 * cipher — the per-direction packet protection of the SSH binary packet protocol
 * (RFC 4253 §6): encryption plus MAC, or an AEAD that does both.
 *
 * Supported (names as negotiated in KEXINIT):
 *   aes128-gcm@openssh.com, aes256-gcm@openssh.com   RFC 5647 as amended by OpenSSH
 *       PROTOCOL §1.6: the 4-byte length is sent in clear as AAD, 12-byte IV =
 *       4-byte fixed field || 8-byte invocation counter bumped after every packet.
 *   chacha20-poly1305@openssh.com                     OpenSSH PROTOCOL.chacha20poly1305
 *       (src/crypto/chachapoly.h); the length is encrypted with its own key.
 *   aes128-ctr, aes256-ctr                            RFC 4344 §4: the 16-byte IV is a
 *       128-bit big-endian counter.
 *   hmac-sha2-256, hmac-sha2-512                      RFC 6668; MAC over seqnr || the
 *       plain packet (RFC 4253 §6.4).
 *   hmac-sha2-256-etm@openssh.com, -512-etm           OpenSSH PROTOCOL §1.5: length in
 *       clear, MAC over seqnr || length || ciphertext.
 *
 * A struct pkt_cipher is one direction's state. The transport owns two of them and
 * swaps in new ones at NEWKEYS. Contexts are plain memory; pkt_cipher_release()
 * wipes them.
 */
#ifndef SEXTANT_SSH_CIPHER_H
#define SEXTANT_SSH_CIPHER_H

#include <stddef.h>
#include <stdint.h>

#include <bearssl.h>

#include "crypto/aes.h"
#include "crypto/chachapoly.h"

enum ssh_cipher_kind {
	CIPHER_NONE,
	CIPHER_AES_GCM,
	CIPHER_CHACHAPOLY,
	CIPHER_AES_CTR
};

struct ssh_cipher_info {
	const char		*name;
	enum ssh_cipher_kind	 kind;
	size_t			 key_len;
	size_t			 iv_len;
	size_t			 block_size;	/* padding alignment and rekey accounting */
	size_t			 tag_len;	/* AEAD tag, 0 for non-AEAD */
};

struct ssh_mac_info {
	const char		*name;
	const br_hash_class	*hash;
	size_t			 key_len;
	size_t			 mac_len;
	int			 etm;
};

#define SSH_CIPHER_MAX_KEY	64
#define SSH_CIPHER_MAX_IV	16
#define SSH_MAC_MAX_KEY		64
#define SSH_MAC_MAX_LEN		64

/* Looks a name up; NULL if unsupported. */
const struct ssh_cipher_info	*cipher_by_name(const char *name);
const struct ssh_mac_info	*mac_by_name(const char *name);
/* The comma-separated list of everything supported, in the default order. */
extern const char		 cipher_default_list[];
extern const char		 mac_default_list[];

struct pkt_cipher {
	const struct ssh_cipher_info	*ci;
	const struct ssh_mac_info	*mi;	/* NULL for AEAD and for none */
	struct aes_ctr			 ctr;	/* crypto/aes.h: fastest AES at run time */
	struct aes_gcm			 gcm;
	struct chachapoly_ctx		 cp;
	br_hmac_key_context		 mac;
};

/* The unkeyed state used before the first NEWKEYS. */
void	pkt_cipher_init_none(struct pkt_cipher *c);
/* Keys a direction. mi is ignored (may be NULL) for AEAD ciphers. */
void	pkt_cipher_init(struct pkt_cipher *c, const struct ssh_cipher_info *ci,
	    const struct ssh_mac_info *mi, const uint8_t *key, const uint8_t *iv,
	    const uint8_t *mackey);
void	pkt_cipher_release(struct pkt_cipher *c);

/* Padding alignment: max(8, block size). */
size_t	pkt_cipher_align(const struct pkt_cipher *c);
/* 1 if the 4-byte length field is outside the padded, encrypted region (ETM, AEAD). */
int	pkt_cipher_len_excluded(const struct pkt_cipher *c);
/* Bytes that follow the packet on the wire: AEAD tag or MAC. */
size_t	pkt_cipher_trailer(const struct pkt_cipher *c);
/* Bytes needed before the packet length is known. */
size_t	pkt_cipher_first_len(const struct pkt_cipher *c);

/*
 * Outgoing: pkt holds 4-byte length || padding_length || payload || padding (len
 * bytes, aligned) with pkt_cipher_trailer() writable bytes after it. Encrypts in
 * place and writes the tag or MAC right after the packet.
 */
void	pkt_cipher_seal(struct pkt_cipher *c, uint32_t seqnr, uint8_t *pkt, size_t len);

/*
 * Incoming, step 1: p holds pkt_cipher_first_len() bytes from the wire. Returns the
 * packet_length field. For plain-MAC CTR this decrypts the first block in place (step
 * 2 then continues after it), so call it exactly once per packet.
 */
uint32_t pkt_cipher_peek_len(struct pkt_cipher *c, uint32_t seqnr, uint8_t *p);
/*
 * Incoming, step 2: p holds the whole packet (4 + packet_length bytes) followed by
 * the trailer. Verifies and decrypts in place. 0 or ERR_CRYPTO (MAC/tag mismatch).
 */
int	pkt_cipher_open(struct pkt_cipher *c, uint32_t seqnr, uint8_t *p, size_t len);

#endif
