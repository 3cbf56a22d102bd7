/*
 * sshexec — the executor that really runs things: remote commands over sextant's
 * own SSH client (one connection per host, reused by every command and thread),
 * uploads with the `scp -t` sink protocol exactly as Kamal's net-scp does
 * (spec/kamal.md §2.6), local commands through /bin/sh.
 *
 * Every command is shown as SSHKit shows it (cli/output.h): "Running ... on H",
 * its output at debug, "Finished in ... with exit status N". Connection attempts
 * are limited to sshkit.max_concurrent_starts at once.
 */
#ifndef SEXTANT_FLEET_SSHEXEC_H
#define SEXTANT_FLEET_SSHEXEC_H

#include "fleet/exec.h"

struct config;
struct ssh_target;

struct sshexec_opts {
	const char	*default_user;		/* ssh.user (Kamal: "root") */
	int		 port;			/* ssh.port (overrides a host:port, as net-ssh does) */
	const char *const *identity_files;	/* ssh.keys, NULL = OpenSSH defaults */
	int		 identities_only;	/* ssh.keys_only */
	const char *const *known_hosts;		/* NULL = the OpenSSH defaults */
	int		 strict;		/* enum ssh_strict */
	int		 connect_timeout_ms;	/* 0 = default */
	int		 max_concurrent_starts;	/* sshkit.max_concurrent_starts, 0 = 30 */
	int		 batch_mode;
};

void	sshexec_opts_init(struct sshexec_opts *o);
/* Fills o from deploy.yml's ssh/sshkit sections. Strings point into c. */
void	sshexec_opts_from_config(struct sshexec_opts *o, const struct config *c);

int	sshexec_init(struct executor *x, const struct sshexec_opts *o, struct errinfo *e);

/*
 * The executor's connection to host (made now if it is not up yet), for other
 * channel types on it (ssh/tunnel.h). ERR_UNSUPPORTED if x is not this executor.
 */
struct ssh_conn;
int	sshexec_conn(struct executor *x, const char *host, struct ssh_conn **out, struct errinfo *e);

/*
 * The `scp -t` sink stream for one file: "C<mode> <len> <name>\n" <data> "\0".
 * Exposed for tests.
 */
struct str;
void	scp_sink_file(struct str *out, const char *name, int mode, const void *data, size_t n);
/* Shell-escapes s as Ruby's Shellwords.escape does (net-scp quotes the remote path with it). */
void	shellwords_escape(const char *s, struct str *out);

#endif
