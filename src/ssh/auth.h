/*
 * auth — client side of SSH user authentication (RFC 4252), publickey method
 * (§7), as a sans-I/O state machine on top of the transport.
 *
 * Identities come from key files (the private key is in memory) or from an
 * ssh-agent (only the public blob is here; signing goes to the agent). Signing is
 * a callback so that this file never does I/O: the owner signs with the file key
 * or asks the agent.
 *
 * Round trips are kept to the minimum the protocol allows: SERVICE_REQUEST is
 * sent together with the first packets after NEWKEYS, and each identity is tried
 * with a signed request straight away (no "none" request, no unsigned probe).
 *
 * RSA keys sign with rsa-sha2-512 or rsa-sha2-256 (RFC 8332), whichever the
 * server lists in server-sig-algs (RFC 8308 §3.1); ssh-rsa (SHA-1) is never used.
 */
#ifndef SEXTANT_SSH_AUTH_H
#define SEXTANT_SSH_AUTH_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct errinfo;
struct sshkey;
struct ssh_transport;

enum {
	SSH_MSG_USERAUTH_REQUEST = 50,
	SSH_MSG_USERAUTH_FAILURE = 51,
	SSH_MSG_USERAUTH_SUCCESS = 52,
	SSH_MSG_USERAUTH_BANNER = 53,
	SSH_MSG_USERAUTH_PK_OK = 60
};

struct auth_identity {
	struct sshkey	*key;		/* public, or private for key files (owned) */
	uint8_t		*blob;		/* public key blob (owned) */
	size_t		 blob_len;
	int		 from_agent;
	char		*label;		/* file path or agent comment, for messages */
};

/* Appends the signature blob ("string alg, string sig") for data to sig. */
typedef int (*auth_sign_fn)(void *arg, const struct auth_identity *id, const char *alg,
    const uint8_t *data, size_t n, struct buf *sig, struct errinfo *e);

enum auth_state {
	AUTH_IDLE,
	AUTH_WAIT_SERVICE,
	AUTH_WAIT_REPLY,
	AUTH_DONE,
	AUTH_FAILED
};

struct ssh_auth {
	enum auth_state		 state;
	char			*user;
	const struct auth_identity *ids;	/* borrowed */
	size_t			 nids;
	size_t			 next;		/* next identity to try */
	int			 tried_none;
	auth_sign_fn		 sign;
	void			*sign_arg;
	char			 methods[256];	/* from the last FAILURE */
	char			 last_alg[32];
};

void	auth_init(struct ssh_auth *a, const char *user, const struct auth_identity *ids, size_t nids,
	    auth_sign_fn sign, void *arg);
void	auth_release(struct ssh_auth *a);
/* Sends SERVICE_REQUEST "ssh-userauth". */
int	auth_start(struct ssh_auth *a, struct ssh_transport *t, struct errinfo *e);
/*
 * Handles one packet while authenticating (SERVICE_ACCEPT, USERAUTH_*). Returns 1
 * when authenticated, 0 to go on, <0 with e filled (ERR_AUTH when every identity was
 * refused).
 */
int	auth_handle(struct ssh_auth *a, struct ssh_transport *t, const uint8_t *p, size_t n,
	    struct errinfo *e);
/* The signature algorithm used for key k given what the server accepts, or NULL. */
const char *auth_sig_alg(const struct ssh_transport *t, const struct sshkey *k);

void	auth_identity_release(struct auth_identity *id);

#endif
