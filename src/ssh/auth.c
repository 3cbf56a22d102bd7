/*
 * auth — publickey user authentication state machine (auth.h).
 */
#include "ssh/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/key.h"
#include "ssh/transport.h"

void
auth_init(struct ssh_auth *a, const char *user, const struct auth_identity *ids, size_t nids,
    auth_sign_fn sign, void *arg)
{
	memset(a, 0, sizeof(*a));
	a->user = xstrdup(user);
	a->ids = ids;
	a->nids = nids;
	a->sign = sign;
	a->sign_arg = arg;
}

void
auth_release(struct ssh_auth *a)
{
	free(a->user);
	memset(a, 0, sizeof(*a));
}

void
auth_identity_release(struct auth_identity *id)
{
	sshkey_free(id->key);
	free(id->blob);
	free(id->label);
	memset(id, 0, sizeof(*id));
}

const char *
auth_sig_alg(const struct ssh_transport *t, const struct sshkey *k)
{
	int a512, a256;

	switch (sshkey_type(k)) {
	case SSHKEY_ED25519:
		return "ssh-ed25519";
	case SSHKEY_ECDSA_P256:
		return "ecdsa-sha2-nistp256";
	case SSHKEY_RSA:
		a512 = transport_peer_accepts_sig(t, "rsa-sha2-512");
		a256 = transport_peer_accepts_sig(t, "rsa-sha2-256");
		if (a512 == 1)
			return "rsa-sha2-512";
		if (a256 == 1)
			return "rsa-sha2-256";
		/* No EXT_INFO at all: rsa-sha2-256 is the most widely accepted SHA-2 form. */
		if (a512 < 0)
			return "rsa-sha2-256";
		return NULL;
	default:
		return NULL;
	}
}

int
auth_start(struct ssh_auth *a, struct ssh_transport *t, struct errinfo *e)
{
	struct buf b;
	int r;

	buf_init(&b, 0);
	r = buf_put_u8(&b, SSH_MSG_SERVICE_REQUEST);
	r = r ? r : buf_put_cstring(&b, "ssh-userauth");
	r = r ? r : transport_send(t, buf_ptr(&b), buf_avail(&b));
	buf_release(&b);
	if (r != 0)
		return err_set(e, r, "auth: cannot send service request");
	a->state = AUTH_WAIT_SERVICE;
	return 0;
}

static int
send_none(struct ssh_auth *a, struct ssh_transport *t, struct errinfo *e)
{
	struct buf b;
	int r;

	buf_init(&b, 0);
	r = buf_put_u8(&b, SSH_MSG_USERAUTH_REQUEST);
	r = r ? r : buf_put_cstring(&b, a->user);
	r = r ? r : buf_put_cstring(&b, "ssh-connection");
	r = r ? r : buf_put_cstring(&b, "none");
	r = r ? r : transport_send(t, buf_ptr(&b), buf_avail(&b));
	buf_release(&b);
	a->tried_none = 1;
	a->state = AUTH_WAIT_REPLY;
	return r ? err_set(e, r, "auth: cannot send request") : 0;
}

/*
 * RFC 4252 §7: the signature covers session_id and the request up to the key blob.
 * The request sent is the same bytes without the session_id, plus the signature.
 */
static int
try_identity(struct ssh_auth *a, struct ssh_transport *t, const struct auth_identity *id,
    const char *alg, struct errinfo *e)
{
	struct buf data, sig;
	size_t req_off;
	int r;

	buf_init(&data, 0);
	buf_init(&sig, 0);
	r = buf_put_string(&data, t->session_id, t->session_id_len);
	req_off = buf_avail(&data);
	r = r ? r : buf_put_u8(&data, SSH_MSG_USERAUTH_REQUEST);
	r = r ? r : buf_put_cstring(&data, a->user);
	r = r ? r : buf_put_cstring(&data, "ssh-connection");
	r = r ? r : buf_put_cstring(&data, "publickey");
	r = r ? r : buf_put_u8(&data, 1);
	r = r ? r : buf_put_cstring(&data, alg);
	r = r ? r : buf_put_string(&data, id->blob, id->blob_len);
	if (r != 0) {
		err_set(e, r, "auth: request too large");
		goto out;
	}
	if ((r = a->sign(a->sign_arg, id, alg, buf_ptr(&data), buf_avail(&data), &sig, e)) != 0)
		goto out;
	if ((r = buf_put_string(&data, buf_ptr(&sig), buf_avail(&sig))) != 0 ||
	    (r = transport_send(t, buf_ptr(&data) + req_off, buf_avail(&data) - req_off)) != 0) {
		err_set(e, r, "auth: cannot send request");
		goto out;
	}
	snprintf(a->last_alg, sizeof(a->last_alg), "%s", alg);
	a->state = AUTH_WAIT_REPLY;
out:
	buf_release(&data);
	buf_release(&sig);
	return r;
}

/* Tries identities from a->next on; a signing failure (e.g. agent refused) skips to the next. */
static int
try_next(struct ssh_auth *a, struct ssh_transport *t, struct errinfo *e)
{
	struct errinfo se;

	while (a->next < a->nids) {
		const struct auth_identity *id = &a->ids[a->next++];
		const char *alg = auth_sig_alg(t, id->key);

		if (alg == NULL) {
			log_debug("auth: skipping %s: the server accepts no signature algorithm for it", id->label);
			continue;
		}
		log_debug("auth: offering %s key %s (%s)", sshkey_type_name(id->key), id->label, alg);
		err_clear(&se);
		if (try_identity(a, t, id, alg, &se) == 0)
			return 0;
		log_debug("auth: %s: %s", id->label, se.msg);
		if (se.code == ERR_RANGE || se.code == ERR_CLOSED || se.code == ERR_PROTO) {
			*e = se;
			return se.code;
		}
	}
	if (a->nids == 0 && !a->tried_none)
		return send_none(a, t, e);
	a->state = AUTH_FAILED;
	return err_set(e, ERR_AUTH, "Permission denied (%s)%s", a->methods[0] ? a->methods : "publickey",
	    a->nids == 0 ? ": no identities (no key files and no agent keys)" : "");
}

int
auth_handle(struct ssh_auth *a, struct ssh_transport *t, const uint8_t *p, size_t n,
    struct errinfo *e)
{
	struct buf b;
	const unsigned char *m;
	size_t mn, i;
	uint8_t partial;
	uint8_t type = p[0];

	buf_view(&b, p, n);
	buf_consume(&b, 1);
	switch (type) {
	case SSH_MSG_SERVICE_ACCEPT:
		if (a->state != AUTH_WAIT_SERVICE)
			break;
		return try_next(a, t, e) < 0 ? e->code : 0;
	case SSH_MSG_USERAUTH_BANNER:
		/* Shown by OpenSSH on stderr; sextant keeps deploy output clean and logs it. */
		return 0;
	case SSH_MSG_USERAUTH_SUCCESS:
		if (a->state != AUTH_WAIT_REPLY)
			break;
		a->state = AUTH_DONE;
		return 1;
	case SSH_MSG_USERAUTH_FAILURE:
		if (a->state != AUTH_WAIT_REPLY)
			break;
		if (buf_get_string_direct(&b, &m, &mn) != 0 || buf_get_u8(&b, &partial) != 0)
			return err_set(e, ERR_PROTO, "auth: malformed USERAUTH_FAILURE");
		for (i = 0; i < mn && i + 1 < sizeof(a->methods); i++)
			a->methods[i] = (m[i] >= 0x20 && m[i] < 0x7f) ? (char)m[i] : '?';
		a->methods[i] = '\0';
		if (!namelist_has(a->methods, strlen(a->methods), "publickey")) {
			a->state = AUTH_FAILED;
			return err_set(e, ERR_AUTH, "Permission denied (%s): the server does not accept public keys",
			    a->methods);
		}
		return try_next(a, t, e) < 0 ? e->code : 0;
	case SSH_MSG_USERAUTH_PK_OK:
	default:
		break;
	}
	return err_set(e, ERR_PROTO, "auth: unexpected message %u during authentication", type);
}
