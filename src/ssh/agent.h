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
/* The raw socket fd, for agent forwarding (channel <-> agent relay). */
int	agent_fd(const struct agent *a);

#endif
