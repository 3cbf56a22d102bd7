/*
 * transport — RFC 4253 transport engine (see transport.h for the contract).
 *
 * Input handling is pull-based: transport_feed() only appends; transport_read()
 * decodes packets one at a time, handles the transport-layer ones itself and
 * returns the first upper-layer one. So an owner that stops reading stops the
 * engine's work too, and nothing is buffered twice.
 *
 * Key exchange state is a handful of flags rather than one enum, because the two
 * directions switch keys independently (RFC 4253 §7.3): our NEWKEYS switches the
 * sending side, theirs the receiving side.
 */
#include "ssh/transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/log.h"
#include "core/rand.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/key.h"

/* spec/ssh.md §3.2. ssh-rsa (SHA-1) is not offered. */
const char hostkey_default_list[] = "ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256";

#define KEX_STRICT_C	"kex-strict-c-v00@openssh.com"
#define KEX_STRICT_S	"kex-strict-s-v00@openssh.com"
#define EXT_INFO_C	"ext-info-c"
#define EXT_INFO_S	"ext-info-s"

/* Queued upper-layer payloads are bounded: the channel layer only writes within windows. */
#define QUEUE_MAX	(64u * 1024 * 1024)
#define OUT_MAX		(128u * 1024 * 1024)
#define IN_MAX		(4u * 1024 * 1024)
/* RFC 4344 §3.1 / OpenSSH MAX_PACKETS. */
#define REKEY_PACKETS	((uint64_t)1 << 31)

/* ---- name-lists ---- */

int
namelist_has(const char *list, size_t n, const char *name)
{
	size_t nl = strlen(name), i = 0, j;

	while (i <= n) {
		for (j = i; j < n && list[j] != ','; j++)
			;
		if (j - i == nl && memcmp(list + i, name, nl) == 0)
			return 1;
		i = j + 1;
	}
	return 0;
}

int
namelist_negotiate(const char *client, size_t cn, const char *server, size_t sn, char *out,
    size_t outn)
{
	size_t i = 0, j;
	char name[128];

	while (i < cn) {
		for (j = i; j < cn && client[j] != ','; j++)
			;
		if (j > i && j - i < sizeof(name)) {
			memcpy(name, client + i, j - i);
			name[j - i] = '\0';
			if (namelist_has(server, sn, name)) {
				snprintf(out, outn, "%s", name);
				return 0;
			}
		}
		i = j + 1;
	}
	return ERR_NOTFOUND;
}

/* ---- errors ---- */

static int
fail(struct ssh_transport *t, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(struct ssh_transport *t, int code, const char *fmt, ...)
{
	va_list ap;

	if (t->dead)
		return t->dead;
	va_start(ap, fmt);
	err_vset(&t->err, code, fmt, ap);
	va_end(ap);
	t->dead = code;
	return code;
}

/* Adopts an errinfo filled by a callee as the sticky error. */
static int
fail_with(struct ssh_transport *t, const struct errinfo *e, int code)
{
	if (t->dead)
		return t->dead;
	t->err = *e;
	t->err.code = code;
	t->dead = code;
	return code;
}

/* ---- packet output ---- */

/*
 * Padding bytes (RFC 4253 §6: random). Taken from a pool refilled from core/rand
 * 2 KiB at a time rather than with one DRBG call per packet: the per-call cost
 * (HMAC-DRBG state update) was a quarter of all instructions of an upload
 * (callgrind, bench/07-upload.sh), for 4 to 19 bytes per packet.
 */
static void
pad_bytes(struct ssh_transport *t, uint8_t *p, size_t n)
{
	if (n > sizeof(t->padpool)) {
		rand_bytes(p, n);
		return;
	}
	if (t->padpool_left < n) {
		/*
		 * 256 bytes first, doubling up to the pool's size: a short connection
		 * (connect, one command, close) pads ~20 packets, and drawing a whole
		 * 2 KiB for it was 10% of a fleet-wide `server exec`'s instructions.
		 */
		size_t fill = t->padpool_fill ? t->padpool_fill * 2 : 256;

		if (fill > sizeof(t->padpool))
			fill = sizeof(t->padpool);
		t->padpool_fill = fill;
		rand_bytes(t->padpool + sizeof(t->padpool) - fill, fill);
		t->padpool_left = fill;
	}
	memcpy(p, t->padpool + sizeof(t->padpool) - t->padpool_left, n);
	/* Each byte is used once. */
	wipe(t->padpool + sizeof(t->padpool) - t->padpool_left, n);
	t->padpool_left -= n;
}

static int
send_packet(struct ssh_transport *t, const uint8_t *payload, size_t n)
{
	size_t align = pkt_cipher_align(t->tx);
	size_t excl = pkt_cipher_len_excluded(t->tx) ? 0 : 4;
	size_t trailer = pkt_cipher_trailer(t->tx);
	size_t pad, plen, total;
	uint8_t *p;
	int r;

	if (n > TRANSPORT_MAX_PACKET - 64)
		return fail(t, ERR_RANGE, "transport: outgoing packet of %zu bytes is too large", n);
	/* RFC 4253 §6: at least 4 bytes of padding, total aligned to the block size. */
	pad = align - ((excl + 1 + n) % align);
	if (pad < 4)
		pad += align;
	plen = 1 + n + pad;
	total = 4 + plen + trailer;
	if ((r = buf_reserve(&t->out, total, &p)) != 0)
		return fail(t, r, "transport: output buffer full");
	store_be32(p, (uint32_t)plen);
	p[4] = (uint8_t)pad;
	if (n)
		memcpy(p + 5, payload, n);
	pad_bytes(t, p + 5 + n, pad);
	pkt_cipher_seal(t->tx, t->seq_tx, p, 4 + plen);
	buf_commit(&t->out, total);
	t->seq_tx++;
	t->tx_since += 4 + plen;
	t->tx_pkts++;
	return 0;
}

void
transport_output_done(struct ssh_transport *t, size_t n)
{
	buf_consume(&t->out, n);
}

/* ---- KEXINIT ---- */

static const char *
our_kex_list(const struct ssh_transport *t)
{
	return t->cfg.kex_algs ? t->cfg.kex_algs : kex_default_list;
}

static void
server_hostkey_algs(const struct ssh_transport *t, char *out, size_t n)
{
	switch (t->cfg.server_key ? sshkey_type(t->cfg.server_key) : SSHKEY_UNKNOWN) {
	case SSHKEY_ED25519:
		snprintf(out, n, "ssh-ed25519");
		break;
	case SSHKEY_ECDSA_P256:
		snprintf(out, n, "ecdsa-sha2-nistp256");
		break;
	case SSHKEY_RSA:
		snprintf(out, n, "rsa-sha2-512,rsa-sha2-256");
		break;
	default:
		snprintf(out, n, "none");
		break;
	}
}

static int
send_kexinit(struct ssh_transport *t)
{
	uint8_t cookie[16];
	char kex[1024], hk[256];
	const char *ciphers = t->cfg.ciphers ? t->cfg.ciphers : cipher_default_list;
	const char *macs = t->cfg.macs ? t->cfg.macs : mac_default_list;
	int r;

	/* The pseudo-algorithms belong in the first KEXINIT only (RFC 8308 §2.1, PROTOCOL §1.9). */
	if (!t->kex_done_once) {
		snprintf(kex, sizeof(kex), "%s%s%s%s%s", our_kex_list(t),
		    t->cfg.no_ext_info ? "" : ",",
		    t->cfg.no_ext_info ? "" : (t->cfg.server ? EXT_INFO_S : EXT_INFO_C),
		    t->cfg.no_strict ? "" : ",",
		    t->cfg.no_strict ? "" : (t->cfg.server ? KEX_STRICT_S : KEX_STRICT_C));
	} else {
		snprintf(kex, sizeof(kex), "%s", our_kex_list(t));
	}
	if (t->cfg.server)
		server_hostkey_algs(t, hk, sizeof(hk));
	else
		snprintf(hk, sizeof(hk), "%s", t->cfg.hostkey_algs ? t->cfg.hostkey_algs : hostkey_default_list);

	buf_reset(&t->i_ours);
	rand_bytes(cookie, sizeof(cookie));
	r = buf_put_u8(&t->i_ours, SSH_MSG_KEXINIT);
	r = r ? r : buf_put(&t->i_ours, cookie, sizeof(cookie));
	r = r ? r : buf_put_cstring(&t->i_ours, kex);
	r = r ? r : buf_put_cstring(&t->i_ours, hk);
	r = r ? r : buf_put_cstring(&t->i_ours, ciphers);
	r = r ? r : buf_put_cstring(&t->i_ours, ciphers);
	r = r ? r : buf_put_cstring(&t->i_ours, macs);
	r = r ? r : buf_put_cstring(&t->i_ours, macs);
	r = r ? r : buf_put_cstring(&t->i_ours, "none");
	r = r ? r : buf_put_cstring(&t->i_ours, "none");
	r = r ? r : buf_put_cstring(&t->i_ours, "");
	r = r ? r : buf_put_cstring(&t->i_ours, "");
	r = r ? r : buf_put_u8(&t->i_ours, 0);		/* first_kex_packet_follows: no guess */
	r = r ? r : buf_put_u32(&t->i_ours, 0);
	if (r != 0)
		return fail(t, r, "transport: cannot build KEXINIT");
	t->kex_ours_sent = 1;
	t->newkeys_sent = 0;
	return send_packet(t, buf_ptr(&t->i_ours), buf_avail(&t->i_ours));
}

int
transport_rekey(struct ssh_transport *t)
{
	if (t->dead)
		return t->dead;
	if (!t->kex_done_once || transport_in_kex(t))
		return 0;
	log_debug("%s%stransport: starting key re-exchange", t->cfg.label ? t->cfg.label : "",
	    t->cfg.label ? ": " : "");
	return send_kexinit(t);
}

/* OpenSSH's volume limits (spec/ssh.md §3.7): 2^32 blocks for 16-byte ciphers, 1 GiB otherwise. */
static uint64_t
rekey_limit(const struct ssh_transport *t, const struct ssh_cipher_info *ci)
{
	uint64_t lim = ci->block_size >= 16 ? ((uint64_t)1 << 32) * ci->block_size : (uint64_t)1 << 30;

	if (t->cfg.rekey_bytes && t->cfg.rekey_bytes < lim)
		lim = t->cfg.rekey_bytes;
	return lim;
}

static int
maybe_rekey(struct ssh_transport *t)
{
	if (t->cfg.server || !t->kex_done_once || transport_in_kex(t))
		return 0;
	if (t->tx_since >= t->tx_limit || t->rx_since >= t->rx_limit ||
	    t->tx_pkts >= REKEY_PACKETS || t->rx_pkts >= REKEY_PACKETS)
		return transport_rekey(t);
	return 0;
}

static int
get_namelist(struct buf *b, const char **p, size_t *n)
{
	const unsigned char *q;
	int r;

	if ((r = buf_get_string_direct(b, &q, n)) != 0)
		return r;
	*p = (const char *)q;
	return 0;
}

static int
negotiate(struct ssh_transport *t, const char *what, const char *ours, const char *theirs,
    size_t tn, char *out, size_t outn)
{
	const char *c, *s;
	size_t cn, sn;
	char tcopy[512];

	if (t->cfg.server) {
		c = theirs;
		cn = tn;
		s = ours;
		sn = strlen(ours);
	} else {
		c = ours;
		cn = strlen(ours);
		s = theirs;
		sn = tn;
	}
	if (namelist_negotiate(c, cn, s, sn, out, outn) == 0)
		return 0;
	snprintf(tcopy, sizeof(tcopy), "%.*s", (int)(tn < 400 ? tn : 400), theirs);
	return fail(t, ERR_PROTO, "kex: no common %s algorithm (%s offered '%s'; we offer '%s')",
	    what, t->cfg.server ? "client" : "server", tcopy, ours);
}

/* The algorithm names a side prefers first, for judging a first_kex_packet_follows guess. */
static int
first_name_equal(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i, j;

	for (i = 0; i < an && a[i] != ','; i++)
		;
	for (j = 0; j < bn && b[j] != ','; j++)
		;
	return i == j && memcmp(a, b, i) == 0;
}

static int
handle_kexinit(struct ssh_transport *t, const uint8_t *p, size_t n)
{
	struct buf b;
	const char *l[10];
	size_t ln[10];
	uint8_t follows;
	uint32_t reserved;
	char hk_ours[256];
	const char *ours_kex = our_kex_list(t);
	const char *ciphers = t->cfg.ciphers ? t->cfg.ciphers : cipher_default_list;
	const char *macs = t->cfg.macs ? t->cfg.macs : mac_default_list;
	int i, r;

	if (t->kex_theirs_got)
		return fail(t, ERR_PROTO, "transport: unexpected second KEXINIT during key exchange");
	/* Strict KEX: KEXINIT must have been the very first packet (seqnr checked by caller). */
	buf_view(&b, p, n);
	if (buf_consume(&b, 17) != 0)
		goto bad;
	for (i = 0; i < 10; i++)
		if (get_namelist(&b, &l[i], &ln[i]) != 0)
			goto bad;
	if (buf_get_u8(&b, &follows) != 0 || buf_get_u32(&b, &reserved) != 0)
		goto bad;

	buf_reset(&t->i_peer);
	if ((r = buf_put(&t->i_peer, p, n)) != 0)
		return fail(t, r, "transport: KEXINIT too large");

	if (!t->kex_done_once) {
		t->strict = !t->cfg.no_strict &&
		    namelist_has(l[0], ln[0], t->cfg.server ? KEX_STRICT_C : KEX_STRICT_S);
		if (t->cfg.server)
			t->peer_ext_info = namelist_has(l[0], ln[0], EXT_INFO_C);
		/* PROTOCOL §1.9: in strict mode KEXINIT must be the first packet received. */
		if (t->strict && t->seq_rx != 1)
			return fail(t, ERR_PROTO, "transport: strict KEX violation: KEXINIT was not the first packet");
	}

	if (t->cfg.server)
		server_hostkey_algs(t, hk_ours, sizeof(hk_ours));
	else
		snprintf(hk_ours, sizeof(hk_ours), "%s", t->cfg.hostkey_algs ? t->cfg.hostkey_algs : hostkey_default_list);

	if ((r = negotiate(t, "key exchange", ours_kex, l[0], ln[0], t->algs.kex, sizeof(t->algs.kex))) != 0 ||
	    (r = negotiate(t, "host key", hk_ours, l[1], ln[1], t->algs.hostkey, sizeof(t->algs.hostkey))) != 0 ||
	    (r = negotiate(t, "cipher (client to server)", ciphers, l[2], ln[2], t->algs.cipher_ctos,
	    sizeof(t->algs.cipher_ctos))) != 0 ||
	    (r = negotiate(t, "cipher (server to client)", ciphers, l[3], ln[3], t->algs.cipher_stoc,
	    sizeof(t->algs.cipher_stoc))) != 0)
		return r;
	/* MACs only matter for non-AEAD ciphers; an AEAD side takes no MAC. */
	t->algs.mac_ctos[0] = t->algs.mac_stoc[0] = '\0';
	if (cipher_by_name(t->algs.cipher_ctos)->tag_len == 0 &&
	    (r = negotiate(t, "MAC (client to server)", macs, l[4], ln[4], t->algs.mac_ctos,
	    sizeof(t->algs.mac_ctos))) != 0)
		return r;
	if (cipher_by_name(t->algs.cipher_stoc)->tag_len == 0 &&
	    (r = negotiate(t, "MAC (server to client)", macs, l[5], ln[5], t->algs.mac_stoc,
	    sizeof(t->algs.mac_stoc))) != 0)
		return r;
	{
		char comp[16];

		if ((r = negotiate(t, "compression", "none", l[6], ln[6], comp, sizeof(comp))) != 0 ||
		    (r = negotiate(t, "compression", "none", l[7], ln[7], comp, sizeof(comp))) != 0)
			return r;
	}
	t->kex_alg = kex_by_name(t->algs.kex);
	if (t->kex_alg == KEX_NONE)
		return fail(t, ERR_PROTO, "kex: negotiated unsupported key exchange '%s'", t->algs.kex);
	/* RFC 4253 §7: a wrong guess means the peer's next KEX packet is to be ignored. */
	t->skip_guess = follows && !(first_name_equal(l[0], ln[0], ours_kex, strlen(ours_kex)) &&
	    first_name_equal(l[1], ln[1], hk_ours, strlen(hk_ours)));

	log_debug("%s%skex: algorithm: %s, host key: %s, cipher c->s: %s%s%s, s->c: %s%s%s%s",
	    t->cfg.label ? t->cfg.label : "", t->cfg.label ? ": " : "", t->algs.kex, t->algs.hostkey,
	    t->algs.cipher_ctos, t->algs.mac_ctos[0] ? " " : "", t->algs.mac_ctos,
	    t->algs.cipher_stoc, t->algs.mac_stoc[0] ? " " : "", t->algs.mac_stoc,
	    t->strict ? ", strict" : "");

	t->kex_theirs_got = 1;
	if (t->kex_done_once && !t->kex_ours_sent)
		log_debug("%s%stransport: peer started key re-exchange", t->cfg.label ? t->cfg.label : "",
		    t->cfg.label ? ": " : "");
	if (!t->kex_ours_sent && (r = send_kexinit(t)) != 0)
		return r;
	if (!t->cfg.server) {
		uint8_t tmp[8 + KEX_MAX_PUB];

		kex_ecdh_init(&t->ecdh, t->kex_alg);
		tmp[0] = SSH_MSG_KEX_ECDH_INIT;
		store_be32(tmp + 1, (uint32_t)t->ecdh.pub_len);
		memcpy(tmp + 5, t->ecdh.pub, t->ecdh.pub_len);
		if ((r = send_packet(t, tmp, 5 + t->ecdh.pub_len)) != 0)
			return r;
		t->kex_ecdh_sent = 1;
	}
	return 0;
bad:
	return fail(t, ERR_PROTO, "transport: malformed KEXINIT");
}

/* Derives the six keys (RFC 4253 §7.2) into the pending cipher states. */
static void
derive_keys(struct ssh_transport *t, const uint8_t *k, size_t klen, const uint8_t *h, size_t hlen)
{
	const br_hash_class *hc = kex_hash(t->kex_alg);
	const struct ssh_cipher_info *cc = cipher_by_name(t->algs.cipher_ctos);
	const struct ssh_cipher_info *cs = cipher_by_name(t->algs.cipher_stoc);
	const struct ssh_mac_info *mc = t->algs.mac_ctos[0] ? mac_by_name(t->algs.mac_ctos) : NULL;
	const struct ssh_mac_info *ms = t->algs.mac_stoc[0] ? mac_by_name(t->algs.mac_stoc) : NULL;
	uint8_t iv_c[SSH_CIPHER_MAX_IV], iv_s[SSH_CIPHER_MAX_IV];
	uint8_t key_c[SSH_CIPHER_MAX_KEY], key_s[SSH_CIPHER_MAX_KEY];
	uint8_t mac_c[SSH_MAC_MAX_KEY], mac_s[SSH_MAC_MAX_KEY];
	const uint8_t *sid = t->session_id;
	size_t sl = t->session_id_len;

	kex_derive(hc, k, klen, h, hlen, 'A', sid, sl, iv_c, cc->iv_len);
	kex_derive(hc, k, klen, h, hlen, 'B', sid, sl, iv_s, cs->iv_len);
	kex_derive(hc, k, klen, h, hlen, 'C', sid, sl, key_c, cc->key_len);
	kex_derive(hc, k, klen, h, hlen, 'D', sid, sl, key_s, cs->key_len);
	if (mc)
		kex_derive(hc, k, klen, h, hlen, 'E', sid, sl, mac_c, mc->key_len);
	if (ms)
		kex_derive(hc, k, klen, h, hlen, 'F', sid, sl, mac_s, ms->key_len);
	if (t->cfg.server) {
		pkt_cipher_init(t->tx_next, cs, ms, key_s, iv_s, mac_s);
		pkt_cipher_init(t->rx_next, cc, mc, key_c, iv_c, mac_c);
		t->tx_limit = rekey_limit(t, cs);
		t->rx_limit = rekey_limit(t, cc);
	} else {
		pkt_cipher_init(t->tx_next, cc, mc, key_c, iv_c, mac_c);
		pkt_cipher_init(t->rx_next, cs, ms, key_s, iv_s, mac_s);
		t->tx_limit = rekey_limit(t, cc);
		t->rx_limit = rekey_limit(t, cs);
	}
	wipe(iv_c, sizeof(iv_c));
	wipe(iv_s, sizeof(iv_s));
	wipe(key_c, sizeof(key_c));
	wipe(key_s, sizeof(key_s));
	wipe(mac_c, sizeof(mac_c));
	wipe(mac_s, sizeof(mac_s));
}

/* Makes the pending state current and wipes the old one into the pending slot. */
static void
swap_cipher(struct pkt_cipher **cur, struct pkt_cipher **next)
{
	struct pkt_cipher *old = *cur;

	*cur = *next;
	pkt_cipher_release(old);
	*next = old;
}

static int
send_newkeys(struct ssh_transport *t)
{
	uint8_t m = SSH_MSG_NEWKEYS;
	const uint8_t *q;
	size_t n;
	uint32_t len;
	int r;

	if ((r = send_packet(t, &m, 1)) != 0)
		return r;
	swap_cipher(&t->tx, &t->tx_next);
	if (t->strict)
		t->seq_tx = 0;	/* PROTOCOL §1.9: reset after every NEWKEYS sent */
	t->tx_since = 0;
	t->tx_pkts = 0;
	t->newkeys_sent = 1;

	/* Server role: EXT_INFO right after the first NEWKEYS (RFC 8308 §2.4). */
	if (t->cfg.server && !t->kex_done_once && t->peer_ext_info && t->cfg.server_sig_algs) {
		struct buf b;

		buf_init(&b, 0);
		r = buf_put_u8(&b, SSH_MSG_EXT_INFO);
		r = r ? r : buf_put_u32(&b, 1);
		r = r ? r : buf_put_cstring(&b, "server-sig-algs");
		r = r ? r : buf_put_cstring(&b, t->cfg.server_sig_algs);
		r = r ? r : send_packet(t, buf_ptr(&b), buf_avail(&b));
		buf_release(&b);
		if (r != 0)
			return r;
	}
	/* Upper-layer packets held during the exchange go out now, under the new keys. */
	while (buf_avail(&t->queue) >= 4) {
		buf_get_u32(&t->queue, &len);
		q = buf_ptr(&t->queue);
		n = len;
		if ((r = send_packet(t, q, n)) != 0)
			return r;
		buf_consume(&t->queue, n);
	}
	buf_reset(&t->queue);
	return 0;
}

static int
check_hostkey_alg(struct ssh_transport *t, const struct sshkey *k)
{
	const char *tn = sshkey_type_name(k);
	const char *a = t->algs.hostkey;

	if (strncmp(a, "rsa-sha2-", 9) == 0)
		a = "ssh-rsa";
	if (strcmp(tn, a) != 0)
		return fail(t, ERR_PROTO, "kex: server sent a %s host key for negotiated algorithm %s",
		    tn, t->algs.hostkey);
	return 0;
}

/* Client: SSH_MSG_KEX_ECDH_REPLY (RFC 5656 §4, RFC 8731 §3). */
static int
handle_ecdh_reply(struct ssh_transport *t, const uint8_t *p, size_t n)
{
	struct buf b, k;
	const unsigned char *ks, *qs, *sig;
	size_t ksn, qsn, sign, hl;
	uint8_t h[KEX_MAX_HASH];
	struct sshkey *key = NULL;
	struct errinfo e;
	int r;

	err_clear(&e);
	buf_init_secret(&k, 256);
	buf_view(&b, p, n);
	if (buf_consume(&b, 1) != 0 || buf_get_string_direct(&b, &ks, &ksn) != 0 ||
	    buf_get_string_direct(&b, &qs, &qsn) != 0 || buf_get_string_direct(&b, &sig, &sign) != 0) {
		r = fail(t, ERR_PROTO, "kex: malformed ECDH reply");
		goto out;
	}
	if (ksn > SSHKEY_MAX_BLOB || (r = sshkey_from_blob(ks, ksn, &key, &e)) != 0) {
		if (ksn > SSHKEY_MAX_BLOB)
			err_set(&e, ERR_PROTO, "host key blob of %zu bytes is too large", ksn);
		err_prefix(&e, "kex: server host key");
		r = fail_with(t, &e, ERR_PROTO);
		goto out;
	}
	if ((r = check_hostkey_alg(t, key)) != 0)
		goto out;
	if ((r = kex_ecdh_shared(&t->ecdh, qs, qsn, &k, &e)) != 0) {
		r = fail_with(t, &e, ERR_CRYPTO);
		goto out;
	}
	hl = kex_exchange_hash(kex_hash(t->kex_alg), t->v_ours, t->v_peer,
	    buf_ptr(&t->i_ours), buf_avail(&t->i_ours), buf_ptr(&t->i_peer), buf_avail(&t->i_peer),
	    ks, ksn, t->ecdh.pub, t->ecdh.pub_len, qs, qsn, buf_ptr(&k), buf_avail(&k), h);
	/* The server proves it holds the host key by signing H (RFC 4253 §8). */
	if ((r = sshkey_verify(key, sig, sign, h, hl, t->algs.hostkey, &e)) != 0) {
		err_prefix(&e, "kex: host key signature check failed");
		r = fail_with(t, &e, ERR_CRYPTO);
		goto out;
	}
	if (!t->kex_done_once) {
		memcpy(t->session_id, h, hl);
		t->session_id_len = hl;
		t->hostkey_blob = xmemdup(ks, ksn);
		t->hostkey_blob_len = ksn;
		if (t->cfg.hostkey_cb && (r = t->cfg.hostkey_cb(t->cfg.hostkey_arg, key, ks, ksn, &e)) != 0) {
			r = fail_with(t, &e, r);
			goto out;
		}
		t->hostkey = key;
		key = NULL;
	} else if (ksn != t->hostkey_blob_len || memcmp(ks, t->hostkey_blob, ksn) != 0) {
		/* A re-exchange must be signed by the key we already checked. */
		r = fail(t, ERR_HOSTKEY, "kex: server presented a different host key during re-exchange");
		goto out;
	}
	derive_keys(t, buf_ptr(&k), buf_avail(&k), h, hl);
	kex_ecdh_release(&t->ecdh);
	r = send_newkeys(t);
out:
	wipe(h, sizeof(h));
	buf_release(&k);
	sshkey_free(key);
	return r;
}

/* Server role (tests): SSH_MSG_KEX_ECDH_INIT -> REPLY + NEWKEYS. */
static int
handle_ecdh_init(struct ssh_transport *t, const uint8_t *p, size_t n)
{
	struct buf b, k, ks, sig, reply;
	const unsigned char *qc;
	size_t qcn, hl;
	uint8_t h[KEX_MAX_HASH];
	struct errinfo e;
	int r;

	err_clear(&e);
	buf_init_secret(&k, 256);
	buf_init(&ks, 0);
	buf_init(&sig, 0);
	buf_init(&reply, 0);
	buf_view(&b, p, n);
	if (buf_consume(&b, 1) != 0 || buf_get_string_direct(&b, &qc, &qcn) != 0) {
		r = fail(t, ERR_PROTO, "kex: malformed ECDH init");
		goto out;
	}
	kex_ecdh_init(&t->ecdh, t->kex_alg);
	if ((r = kex_ecdh_shared(&t->ecdh, qc, qcn, &k, &e)) != 0) {
		r = fail_with(t, &e, ERR_CRYPTO);
		goto out;
	}
	sshkey_to_blob(t->cfg.server_key, &ks);
	hl = kex_exchange_hash(kex_hash(t->kex_alg), t->v_peer, t->v_ours,
	    buf_ptr(&t->i_peer), buf_avail(&t->i_peer), buf_ptr(&t->i_ours), buf_avail(&t->i_ours),
	    buf_ptr(&ks), buf_avail(&ks), qc, qcn, t->ecdh.pub, t->ecdh.pub_len,
	    buf_ptr(&k), buf_avail(&k), h);
	if ((r = sshkey_sign(t->cfg.server_key, t->algs.hostkey, h, hl, &sig, &e)) != 0) {
		r = fail_with(t, &e, r);
		goto out;
	}
	if (!t->kex_done_once) {
		memcpy(t->session_id, h, hl);
		t->session_id_len = hl;
	}
	r = buf_put_u8(&reply, SSH_MSG_KEX_ECDH_REPLY);
	r = r ? r : buf_put_string(&reply, buf_ptr(&ks), buf_avail(&ks));
	r = r ? r : buf_put_string(&reply, t->ecdh.pub, t->ecdh.pub_len);
	r = r ? r : buf_put_string(&reply, buf_ptr(&sig), buf_avail(&sig));
	if (r != 0 || (r = send_packet(t, buf_ptr(&reply), buf_avail(&reply))) != 0) {
		r = fail(t, r ? r : ERR_RANGE, "kex: cannot send reply");
		goto out;
	}
	t->kex_ecdh_sent = 1;
	derive_keys(t, buf_ptr(&k), buf_avail(&k), h, hl);
	kex_ecdh_release(&t->ecdh);
	r = send_newkeys(t);
out:
	wipe(h, sizeof(h));
	buf_release(&k);
	buf_release(&ks);
	buf_release(&sig);
	buf_release(&reply);
	return r;
}

static int
handle_newkeys(struct ssh_transport *t)
{
	if (!t->newkeys_sent)
		return fail(t, ERR_PROTO, "transport: NEWKEYS before the key exchange finished");
	swap_cipher(&t->rx, &t->rx_next);
	if (t->strict)
		t->seq_rx = 0;	/* PROTOCOL §1.9: reset after every NEWKEYS received */
	t->rx_since = 0;
	t->rx_pkts = 0;
	t->kex_ours_sent = t->kex_theirs_got = t->kex_ecdh_sent = t->newkeys_sent = 0;
	t->skip_guess = 0;
	t->kex_done_once = 1;
	t->kex_count++;
	return 0;
}

static int
handle_ext_info(struct ssh_transport *t, const uint8_t *p, size_t n)
{
	struct buf b;
	uint32_t cnt, i;
	const unsigned char *name, *val;
	size_t nn, vn;

	buf_view(&b, p, n);
	if (buf_consume(&b, 1) != 0 || buf_get_u32(&b, &cnt) != 0)
		goto bad;
	for (i = 0; i < cnt; i++) {
		if (buf_get_string_direct(&b, &name, &nn) != 0 || buf_get_string_direct(&b, &val, &vn) != 0)
			goto bad;
		if (nn == 15 && memcmp(name, "server-sig-algs", 15) == 0) {
			free(t->server_sig_algs);
			t->server_sig_algs = xstrndup((const char *)val, vn);
		}
	}
	return 0;
bad:
	return fail(t, ERR_PROTO, "transport: malformed EXT_INFO");
}

int
transport_peer_accepts_sig(const struct ssh_transport *t, const char *alg)
{
	if (t->bug_sigtype74 && (strcmp(alg, "rsa-sha2-256") == 0 || strcmp(alg, "rsa-sha2-512") == 0))
		return 1;
	if (t->server_sig_algs == NULL)
		return -1;
	return namelist_has(t->server_sig_algs, strlen(t->server_sig_algs), alg);
}

static int
handle_disconnect(struct ssh_transport *t, const uint8_t *p, size_t n)
{
	struct buf b;
	uint32_t reason = 0;
	const unsigned char *d = (const unsigned char *)"";
	size_t dn = 0, i;
	char msg[256];

	buf_view(&b, p, n);
	buf_consume(&b, 1);
	buf_get_u32(&b, &reason);
	buf_get_string_direct(&b, &d, &dn);
	/* Print only harmless characters of a peer-chosen message. */
	for (i = 0; i < dn && i + 1 < sizeof(msg); i++)
		msg[i] = (d[i] >= 0x20 && d[i] < 0x7f) ? (char)d[i] : '?';
	msg[i] = '\0';
	return fail(t, ERR_CLOSED, "%s disconnected: %s (reason %u)",
	    t->cfg.server ? "client" : "server", msg[0] ? msg : "no message", reason);
}

/* ---- version exchange (RFC 4253 §4.2) ---- */

static int
read_version(struct ssh_transport *t)
{
	const uint8_t *p;
	size_t avail, i, len;

	for (;;) {
		p = buf_ptr(&t->in);
		avail = buf_avail(&t->in);
		for (i = 0; i < avail && p[i] != '\n'; i++)
			;
		if (i == avail) {
			if (avail > TRANSPORT_MAX_VERSION + 2 + 768)
				return fail(t, ERR_PROTO, "transport: peer's identification line is too long");
			return ERR_AGAIN;
		}
		len = i;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len >= 4 && memcmp(p, "SSH-", 4) == 0) {
			size_t k;

			if (len > TRANSPORT_MAX_VERSION)
				return fail(t, ERR_PROTO, "transport: peer's identification is too long");
			for (k = 0; k < len; k++)
				if (p[k] < 0x20 || p[k] > 0x7e)
					return fail(t, ERR_PROTO, "transport: peer's identification has control characters");
			if (!(len >= 8 && memcmp(p, "SSH-2.0-", 8) == 0) &&
			    !(len >= 9 && memcmp(p, "SSH-1.99-", 9) == 0))
				return fail(t, ERR_PROTO, "transport: peer speaks an unsupported protocol version ('%.*s')",
				    (int)(len > 40 ? 40 : len), (const char *)p);
			t->v_peer = xstrndup((const char *)p, len);
			t->have_version = 1;
			buf_consume(&t->in, i + 1);
			/* spec/ssh.md §3.6: 7.4 omits rsa-sha2-* from server-sig-algs. */
			if (strncmp(t->v_peer, "SSH-2.0-OpenSSH_7.4", 19) == 0)
				t->bug_sigtype74 = 1;
			log_debug("%s%stransport: remote software version %s", t->cfg.label ? t->cfg.label : "",
			    t->cfg.label ? ": " : "", t->v_peer);
			return 0;
		}
		/* Other lines may precede the version, from a server only. */
		if (t->cfg.server || ++t->prelines > TRANSPORT_MAX_PRELINES || len > 1024)
			return fail(t, ERR_PROTO, "transport: peer did not send an SSH identification (is this an SSH server?)");
		buf_consume(&t->in, i + 1);
	}
}

/* ---- packet input ---- */

/*
 * Decodes the next packet at the head of the input: 0 with the payload in pp/pn,
 * ERR_AGAIN if incomplete.
 */
static int
read_packet(struct ssh_transport *t, const uint8_t **pp, size_t *pn)
{
	size_t first = pkt_cipher_first_len(t->rx);
	size_t trailer = pkt_cipher_trailer(t->rx);
	size_t align = pkt_cipher_align(t->rx);
	size_t total, plen;
	uint8_t *p;
	uint8_t pad;
	int r;

	if (!t->rx_len_known) {
		if (buf_avail(&t->in) < first)
			return ERR_AGAIN;
		p = t->in.d + t->in.off;
		t->rx_len = pkt_cipher_peek_len(t->rx, t->seq_rx, p);
		t->rx_len_known = 1;
		if (t->rx_len < 5 || t->rx_len > TRANSPORT_MAX_PACKET)
			return fail(t, ERR_PROTO, "transport: bad packet length %u (corrupt stream or wrong keys)",
			    t->rx_len);
		if ((pkt_cipher_len_excluded(t->rx) ? t->rx_len : t->rx_len + 4) % align != 0)
			return fail(t, ERR_PROTO, "transport: packet length %u is not a multiple of the block size",
			    t->rx_len);
		if (4 + (size_t)t->rx_len < first)
			return fail(t, ERR_PROTO, "transport: packet too short");
	}
	total = 4 + (size_t)t->rx_len + trailer;
	if (buf_avail(&t->in) < total)
		return ERR_AGAIN;
	p = t->in.d + t->in.off;
	if ((r = pkt_cipher_open(t->rx, t->seq_rx, p, 4 + (size_t)t->rx_len)) != 0)
		return fail(t, ERR_CRYPTO, "transport: message authentication failed (corrupt or tampered stream)");
	t->rx_len_known = 0;
	pad = p[4];
	if (pad < 4 || (size_t)pad + 1 >= t->rx_len)
		return fail(t, ERR_PROTO, "transport: bad padding length %u", pad);
	plen = t->rx_len - pad - 1;
	buf_consume(&t->in, total);
	t->seq_rx++;
	if (t->seq_rx == 0 && t->strict && !t->kex_done_once)
		return fail(t, ERR_PROTO, "transport: sequence number wrapped during the initial key exchange");
	t->rx_since += 4 + (size_t)t->rx_len;
	t->rx_pkts++;
	*pp = p + 5;
	*pn = plen;
	return 0;
}

int
transport_feed(struct ssh_transport *t, const void *p, size_t n)
{
	int r;

	if (t->dead)
		return t->dead;
	if ((r = buf_put(&t->in, p, n)) != 0)
		return fail(t, r, "transport: input buffer overflow");
	return 0;
}

static int
send_unimplemented(struct ssh_transport *t, uint32_t seq)
{
	uint8_t m[5];

	m[0] = SSH_MSG_UNIMPLEMENTED;
	store_be32(m + 1, seq);
	return send_packet(t, m, 5);
}

int
transport_unimplemented(struct ssh_transport *t)
{
	if (t->dead)
		return t->dead;
	/* The sequence number of the packet transport_read() returned last. */
	return send_unimplemented(t, t->seq_rx - 1);
}

int
transport_read(struct ssh_transport *t, const uint8_t **pp, size_t *pn)
{
	const uint8_t *p = NULL;
	size_t n = 0;
	uint8_t type;
	int r, initial_strict;

	if (t->dead)
		return t->dead;
	if (!t->have_version && (r = read_version(t)) != 0)
		return r;
	for (;;) {
		if ((r = read_packet(t, &p, &n)) != 0)
			return r;
		type = p[0];
		initial_strict = t->strict && !t->kex_done_once;
		if (t->skip_guess && type >= 30 && type <= 49) {
			t->skip_guess = 0;
			continue;
		}
		switch (type) {
		case SSH_MSG_DISCONNECT:
			return handle_disconnect(t, p, n);
		case SSH_MSG_IGNORE:
		case SSH_MSG_DEBUG:
		case SSH_MSG_UNIMPLEMENTED:
			if (initial_strict)
				return fail(t, ERR_PROTO, "transport: strict KEX violation: message %u during the initial key exchange", type);
			/* A server can't usefully reject anything we send before auth; just note it. */
			if (type == SSH_MSG_UNIMPLEMENTED)
				log_debug("transport: peer sent UNIMPLEMENTED");
			continue;
		case SSH_MSG_KEXINIT:
			if ((r = handle_kexinit(t, p, n)) != 0)
				return r;
			continue;
		case SSH_MSG_KEX_ECDH_INIT:
			if (!t->cfg.server || !t->kex_theirs_got || t->kex_ecdh_sent)
				goto unexpected;
			if ((r = handle_ecdh_init(t, p, n)) != 0)
				return r;
			continue;
		case SSH_MSG_KEX_ECDH_REPLY:
			if (t->cfg.server || !t->kex_ecdh_sent || t->newkeys_sent)
				goto unexpected;
			if ((r = handle_ecdh_reply(t, p, n)) != 0)
				return r;
			continue;
		case SSH_MSG_NEWKEYS:
			if (!t->kex_theirs_got)
				goto unexpected;
			if ((r = handle_newkeys(t)) != 0)
				return r;
			if ((r = maybe_rekey(t)) != 0)
				return r;
			continue;
		case SSH_MSG_EXT_INFO:
			if (t->cfg.server || !t->kex_done_once || t->kex_theirs_got)
				goto unexpected;
			if ((r = handle_ext_info(t, p, n)) != 0)
				return r;
			continue;
		default:
			break;
		}
		if (type < 50 && type != SSH_MSG_SERVICE_REQUEST && type != SSH_MSG_SERVICE_ACCEPT) {
			/* Unknown transport-layer message (RFC 4253 §11.4). */
			if (initial_strict || t->kex_theirs_got)
				goto unexpected;
			if ((r = send_unimplemented(t, t->seq_rx - 1)) != 0)
				return r;
			continue;
		}
		/* RFC 4253 §7.1: nothing but transport messages between KEXINIT and NEWKEYS. */
		if (!t->kex_done_once || t->kex_theirs_got)
			goto unexpected;
		if ((r = maybe_rekey(t)) != 0)
			return r;
		*pp = p;
		*pn = n;
		return 0;
	}
unexpected:
	return fail(t, ERR_PROTO, "transport: unexpected message %u %s", type,
	    t->kex_done_once ? "during key re-exchange" : "during the initial key exchange");
}

int
transport_send(struct ssh_transport *t, const uint8_t *p, size_t n)
{
	int r;

	if (t->dead)
		return t->dead;
	if (n == 0 || n > TRANSPORT_MAX_PACKET - 64)
		return fail(t, ERR_RANGE, "transport: bad outgoing payload size %zu", n);
	/* Held until our NEWKEYS: nothing but KEX may follow our KEXINIT (RFC 4253 §7.1). */
	if (!t->newkeys_sent && (t->kex_ours_sent || !t->kex_done_once)) {
		if (buf_avail(&t->queue) + n + 4 > QUEUE_MAX)
			return fail(t, ERR_RANGE, "transport: too much data queued during key exchange");
		if ((r = buf_put_u32(&t->queue, (uint32_t)n)) != 0 || (r = buf_put(&t->queue, p, n)) != 0)
			return fail(t, r, "transport: queue full");
		return 0;
	}
	if ((r = send_packet(t, p, n)) != 0)
		return r;
	return maybe_rekey(t);
}

void
transport_disconnect(struct ssh_transport *t, uint32_t reason, const char *msg)
{
	struct buf b;

	if (t->dead != ERR_CLOSED && t->have_version) {
		buf_init(&b, 0);
		if (buf_put_u8(&b, SSH_MSG_DISCONNECT) == 0 && buf_put_u32(&b, reason) == 0 &&
		    buf_put_cstring(&b, msg) == 0 && buf_put_cstring(&b, "") == 0)
			send_packet(t, buf_ptr(&b), buf_avail(&b));
		buf_release(&b);
	}
	if (!t->dead) {
		err_set(&t->err, ERR_CLOSED, "disconnected: %s", msg);
		t->dead = ERR_CLOSED;
	}
}

/* ---- lifecycle ---- */

int
transport_init(struct ssh_transport *t, const struct transport_config *cfg, struct errinfo *e)
{
	memset(t, 0, sizeof(*t));
	t->cfg = *cfg;
	err_clear(&t->err);
	buf_init(&t->in, IN_MAX);
	buf_init(&t->out, OUT_MAX);
	buf_init(&t->queue, QUEUE_MAX + 1024);
	buf_init(&t->i_ours, 64 * 1024);
	buf_init(&t->i_peer, TRANSPORT_MAX_PACKET);
	/* Heap objects swapped by pointer: a GCM context points into its own struct. */
	t->tx = xcalloc(1, sizeof(*t->tx));
	t->rx = xcalloc(1, sizeof(*t->rx));
	t->tx_next = xcalloc(1, sizeof(*t->tx_next));
	t->rx_next = xcalloc(1, sizeof(*t->rx_next));
	pkt_cipher_init_none(t->tx);
	pkt_cipher_init_none(t->rx);
	t->tx_limit = t->rx_limit = (uint64_t)1 << 30;
	t->v_ours = xstrdup(cfg->version ? cfg->version : "SSH-2.0-sextant_" SEXTANT_VERSION);
	if (t->cfg.server && t->cfg.server_key == NULL)
		return err_set(e, ERR_INVAL, "transport: server role needs a host key");
	return 0;
}

int
transport_start(struct ssh_transport *t)
{
	int r;

	if ((r = buf_put(&t->out, t->v_ours, strlen(t->v_ours))) != 0 ||
	    (r = buf_put(&t->out, "\r\n", 2)) != 0)
		return fail(t, r, "transport: output buffer full");
	/* The client may send KEXINIT right after its identification (RFC 4253 §7.1). */
	return send_kexinit(t);
}

void
transport_release(struct ssh_transport *t)
{
	buf_release(&t->in);
	buf_release(&t->out);
	buf_release(&t->queue);
	buf_release(&t->i_ours);
	buf_release(&t->i_peer);
	if (t->tx) {
		pkt_cipher_release(t->tx);
		pkt_cipher_release(t->rx);
		pkt_cipher_release(t->tx_next);
		pkt_cipher_release(t->rx_next);
		free(t->tx);
		free(t->rx);
		free(t->tx_next);
		free(t->rx_next);
	}
	kex_ecdh_release(&t->ecdh);
	free(t->v_ours);
	free(t->v_peer);
	free(t->hostkey_blob);
	free(t->server_sig_algs);
	sshkey_free(t->hostkey);
	wipe(t, sizeof(*t));
}
