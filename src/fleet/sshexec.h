/*
 * sshexec — the executor that really runs things: remote commands over sextant's
 * own SSH client (one connection per host, reused by every command and thread),
 * uploads with the `scp -t` sink protocol exactly as Kamal's net-scp does
 * (spec/kamal.md §2.6), local commands through /bin/sh.
 *
 * Connections follow deploy.yml's ssh: section with Kamal's net-ssh semantics
 * (spec/kamal.md §8.1): ssh_config files read as net-ssh reads them (ssh.config:
 * unset/true = ~/.ssh/config, /etc/ssh_config, /etc/ssh/ssh_config and SSHKit's
 * $PWD/.ssh/config; false = none; a path or list = those), with Kamal's explicit
 * options winning over them: user, port, proxy (ProxyJump: every host behind the
 * bastion shares ONE connection to it), proxy_command, keys (replace IdentityFile),
 * keys_only, key_data (keys in memory, never written out), keepalive every 30 s,
 * agent forwarding on unless forward_agent: false, and host keys checked with
 * net-ssh's accept_new_or_local_tunnel unless ssh_config's StrictHostKeyChecking
 * says otherwise.
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

enum sshexec_config { SSHX_CONFIG_NONE, SSHX_CONFIG_DEFAULT, SSHX_CONFIG_FILES };

struct sshexec_opts {
	const char	*default_user;		/* ssh.user (Kamal: "root") */
	int		 port;			/* ssh.port (overrides a host:port, as net-ssh does) */
	const char *const *identity_files;	/* ssh.keys, NULL = from ssh_config / OpenSSH defaults */
	int		 identities_only;	/* ssh.keys_only: -1 unset (ssh_config decides), 0, 1 */
	const char *const *key_data;		/* ssh.key_data, resolved to key texts */
	const char	*proxy;			/* ssh.proxy: "user@host[:port]" jump host */
	const char	*proxy_command;		/* ssh.proxy_command (%h %p %r expanded) */
	int		 config;		/* enum sshexec_config */
	const char *const *config_files;	/* SSHX_CONFIG_FILES */
	int		 forward_agent;		/* Kamal/SSHKit: on unless ssh.forward_agent: false */
	int		 keepalive_interval;	/* seconds; Kamal: 30 */
	const char	*log_level;		/* ssh.log_level (net-ssh logger level) */
	const char *const *known_hosts;		/* NULL = from ssh_config (OpenSSH defaults) */
	int		 strict;		/* enum ssh_strict; -1 = Kamal's (accept new, local tunnels unchecked) */
	int		 connect_timeout_ms;	/* 0 = ssh_config's ConnectTimeout, else 30 s */
	int		 max_concurrent_starts;	/* sshkit.max_concurrent_starts, 0 = 30 */
	int		 batch_mode;
};

/* Programmatic defaults: no config files, no keepalive, Kamal's host-key policy. */
void	sshexec_opts_init(struct sshexec_opts *o);
/*
 * Fills o from deploy.yml's ssh/sshkit sections with Kamal's defaults. Strings
 * point into c; key_data secrets are looked up (which may load .kamal/secrets):
 * an entry naming no secret is used as the key itself, with Kamal's deprecation
 * warning. sshexec_init() copies what it needs (key texts are wiped when the
 * executor is released); free o with sshexec_opts_release().
 */
int	sshexec_opts_from_config(struct sshexec_opts *o, struct config *c, struct errinfo *e);
void	sshexec_opts_release(struct sshexec_opts *o);

int	sshexec_init(struct executor *x, const struct sshexec_opts *o, struct errinfo *e);

/*
 * The executor's connection to host (made now if it is not up yet), for other
 * channel types on it (ssh/tunnel.h). ERR_UNSUPPORTED if x is not this executor.
 */
struct ssh_conn;
int	sshexec_conn(struct executor *x, const char *host, struct ssh_conn **out, struct errinfo *e);
/* Connection counts of the executor's SSH client (jump hosts shared...), for tests and -v. */
struct ssh_client_stats;
int	sshexec_stats(struct executor *x, struct ssh_client_stats *out);

/*
 * The `scp -t` sink stream for one file: "C<mode> <len> <name>\n" <data> "\0".
 * Exposed for tests.
 */
struct str;
void	scp_sink_file(struct str *out, const char *name, int mode, const void *data, size_t n);
/* Shell-escapes s as Ruby's Shellwords.escape does (net-scp quotes the remote path with it). */
void	shellwords_escape(const char *s, struct str *out);

#endif
