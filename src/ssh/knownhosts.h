/*
 * knownhosts — OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 * host patterns with `*`/`?` and `!` negation, `[host]:port`, hashed names
 * (`|1|salt|hmac-sha1`), `@revoked` and `@cert-authority` markers (cert-authority
 * lines are skipped: sextant does not do host certificates).
 */
#ifndef SEXTANT_SSH_KNOWNHOSTS_H
#define SEXTANT_SSH_KNOWNHOSTS_H

struct sshkey;
struct errinfo;

enum kh_status {
	KH_MATCH,	/* a line for this host has this key */
	KH_NOT_FOUND,	/* no line for this host (with a key of this type) */
	KH_CHANGED,	/* a line for this host has a different key of the same type */
	KH_REVOKED	/* the key is marked @revoked */
};

struct kh_result {
	enum kh_status	status;
	char		file[512];	/* where the deciding line is (CHANGED/REVOKED/MATCH) */
	int		line;
};

#define KH_MAX_LINE	(16 * 1024)
#define KH_MAX_FILE	(16 * 1024 * 1024)

/*
 * Checks host (as typed; port 22 = plain name, else "[host]:port") against every
 * file in files (NULL-terminated; missing files are skipped). Returns 0 and fills r,
 * or <0 on an I/O error.
 */
int	knownhosts_check(const char *const *files, const char *host, int port,
	    const struct sshkey *key, struct kh_result *r, struct errinfo *e);
/* Appends a line for host:port (hashed if hash), creating the file (0600) and its directory. */
int	knownhosts_add(const char *file, const char *host, int port, const struct sshkey *key,
	    int hash, struct errinfo *e);

#endif
