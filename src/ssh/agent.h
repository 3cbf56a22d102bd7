/*
 * agent — client side of the ssh-agent protocol (draft-miller-ssh-agent):
 * list identities and sign, over the unix socket in SSH_AUTH_SOCK. Blocking
 * I/O on a local socket with a deadline; every length read is bounded.
 */
#ifndef SEXTANT_SSH_AGENT_H
#define SEXTANT_SSH_AGENT_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct errinfo;
struct agent;

#define AGENT_RSA_SHA2_256	0x02
#define AGENT_RSA_SHA2_512	0x04
#define AGENT_MAX_MSG		(256 * 1024)
#define AGENT_MAX_IDENTITIES	1024

struct agent_identity {
	uint8_t	*blob;		/* public key blob */
	size_t	 blob_len;
	char	*comment;
};

int	agent_open(const char *sock_path, struct agent **out, struct errinfo *e);
int	agent_list(struct agent *a, struct agent_identity **ids, size_t *n, struct errinfo *e);
void	agent_identities_free(struct agent_identity *ids, size_t n);
/* Appends the signature blob ("string alg, string sig") to sig. */
int	agent_sign(struct agent *a, const uint8_t *blob, size_t blob_len, const uint8_t *data,
	    size_t n, uint32_t flags, struct buf *sig, struct errinfo *e);
void	agent_close(struct agent *a);
/* The raw socket fd, for agent forwarding (channel <-> agent relay). It is non-blocking. */
int	agent_fd(const struct agent *a);

/* ---- additions (beyond the original contract) ---- */

/*
 * Notes: agent_open(NULL, ...) uses $SSH_AUTH_SOCK (ERR_NOTFOUND if unset or no
 * agent listens). agent_list returns every key the agent holds, including types
 * sextant cannot use (certificates, sk-*, ssh-dss): callers skip blobs that
 * sshkey_from_blob refuses. A refused signature is ERR_AUTH; a timeout
 * ERR_TIMEOUT; a malformed or oversized reply ERR_PROTO. After a timeout or
 * protocol error the connection is closed and later calls fail with ERR_CLOSED.
 */
#define AGENT_TIMEOUT_MS	30000	/* default deadline per request */

/* Deadline for each request (ms; <= 0 restores the default). */
void	agent_set_timeout(struct agent *a, int ms);
/* Wraps an already connected socket (takes ownership; made non-blocking). */
int	agent_from_fd(int fd, struct agent **out);
/* Reply parsers (msg = type byte || contents), exposed for tests and fuzzing. */
int	agent_parse_identities(const uint8_t *msg, size_t n, struct agent_identity **ids,
	    size_t *nids, struct errinfo *e);
int	agent_parse_sign_response(const uint8_t *msg, size_t n, struct buf *sig,
	    struct errinfo *e);

#endif
