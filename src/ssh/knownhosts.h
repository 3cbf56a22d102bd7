/*
 * knownhosts — OpenSSH known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 * host patterns with `*`/`?` and `!` negation, `[host]:port`, hashed names
 * (`|1|salt|hmac-sha1`), `@revoked` and `@cert-authority` markers (cert-authority
 * lines are skipped: sextant does not do host certificates).
 */
#ifndef SEXTANT_SSH_KNOWNHOSTS_H
#define SEXTANT_SSH_KNOWNHOSTS_H

#include <stddef.h>

struct sshkey;
struct errinfo;
struct str;
struct strvec;

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

/* ---- additions (beyond the original contract) ---- */

/* The name looked up and written: lower-cased "host", or "[host]:port" when port != 22. */
void	knownhosts_hostname(const char *host, int port, struct str *out);
/* knownhosts_check over one file's contents already in memory (file names the source). */
int	knownhosts_check_text(const char *text, size_t n, const char *file, const char *host,
	    int port, const struct sshkey *key, struct kh_result *r);
/*
 * Appends to types the key type names ("ssh-ed25519", ...) that files hold for
 * host (not @revoked ones), in file order, without duplicates: OpenSSH puts
 * these first in its HostKeyAlgorithms offer so that a known host presents
 * the key type that is on file.
 */
int	knownhosts_host_types(const char *const *files, const char *host, int port,
	    struct strvec *types, struct errinfo *e);
/* The line knownhosts_add writes (with its newline). */
void	knownhosts_format_line(const char *host, int port, const struct sshkey *key, int hash,
	    struct str *out);

#endif
