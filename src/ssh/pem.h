/*
 * pem — the textual armor around private keys (RFC 7468 §2 and the older
 * RFC 1421 §4.6 headers OpenSSL still writes for encrypted PKCS#1/SEC1 keys:
 * "Proc-Type: 4,ENCRYPTED" and "DEK-Info: ALG,IVHEX").
 *
 * Written here rather than using br_pem_decoder because that decoder requires
 * every base64 quartet on one line, and ssh-keygen wraps OpenSSH keys at 70
 * columns (spec/ssh.md §1.11).
 */
#ifndef SEXTANT_SSH_PEM_H
#define SEXTANT_SSH_PEM_H

#include <stddef.h>

#include "core/buf.h"

struct errinfo;

struct pem {
	char		label[64];	/* "RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", ... */
	int		encrypted;	/* Proc-Type: 4,ENCRYPTED */
	char		dek_info[160];	/* DEK-Info value, "" if none */
	struct buf	body;		/* decoded bytes (secret: wiped on release) */
};

void	pem_init(struct pem *p);
void	pem_release(struct pem *p);
/* Decodes the first armored block of text. ERR_NOTFOUND if there is none. */
int	pem_decode(struct pem *p, const char *text, size_t n, struct errinfo *e);

#endif
