/*
 * sshdest — a destination resolved the way ssh(1) resolves it: ssh_config for
 * the host, then for each ProxyJump hop (with that hop's own config), turned into
 * the chain of struct ssh_target that ssh_connect() follows. Shared by
 * `sextant ssh` (OpenSSH semantics) and the deploy executor (Kamal's ssh:
 * settings on top, spec/kamal.md §8.1).
 *
 * Jump hops (spec/ssh.md §3.11): for ProxyJump "a,b" the destination goes
 * through b, and b through a — as OpenSSH runs `ssh -J a -W host:port b`: the
 * hop's user and port come from the hop spec, the remaining hops override b's
 * own ProxyJump, the first hop follows its own config (it may have a ProxyJump
 * or ProxyCommand of its own). The destination's command-line settings are not
 * applied to hops.
 */
#ifndef SEXTANT_SSH_SSHDEST_H
#define SEXTANT_SSH_SSHDEST_H

#include <stdint.h>

#include "core/strvec.h"
#include "ssh/ssh.h"
#include "ssh/sshconf.h"

struct errinfo;

struct ssh_dest_opts {
	/* Config files: NULL = ~/.ssh/config + /etc/ssh/ssh_config; else this list (an
	 * empty list = none), read with flags (SSHCONF_MISSING_OK...). */
	const char *const	*files;
	int			 flags;
	/*
	 * Command-line level settings for the destination only, in order, first one
	 * wins: pairs "Keyword", "value", or "-o", "Keyword=value" (as sshconf_set /
	 * sshconf_option). NULL-terminated.
	 */
	const char *const	*settings;
	int			 identity_given;	/* -i / -o IdentityFile: warn about missing files */
	uint64_t		 rekey_bytes;
	ssh_passphrase_fn	 passphrase;
	void			*passphrase_arg;
	/* Policy when ssh_config sets no StrictHostKeyChecking. */
	enum ssh_strict		 default_strict;
	int			 default_lenient_local;	/* plus net-ssh's local-tunnel leniency */

	/* Overrides applied after the config (Kamal's explicit net-ssh options win). */
	const char *const	*identity_files;	/* replace IdentityFile (destination and hops) */
	int			 identities_only;	/* -1 = from config */
	const char *const	*key_data;		/* in-memory keys (destination and hops) */
	int			 forward_agent;		/* -1 = from config */
	int			 alive_interval;	/* -1 = from config (ServerAliveInterval) */
	int			 connect_timeout;	/* seconds, 0 = from config (else 30 s) */
	const char		*home;			/* what ~ means; NULL = the passwd entry's, as ssh(1) */
};

void	ssh_dest_opts_init(struct ssh_dest_opts *o);

struct ssh_dest {
	struct ssh_target	 t;		/* t.jump = &jump->t */
	struct ssh_dest		*jump;
	struct sshconf		 conf;		/* resolved; t's strings point into it */
	struct strvec		 kh;		/* known_hosts files (user files first) */
	struct strvec		 env;		/* SetEnv + SendEnv matches, "NAME=value" */
	struct strvec		 ids;		/* identity files when overridden */
	char			*label;
	char			*kex, *ciphers, *macs, *hostkeys;
	int			 depth;
};

/* dest: "[user@]host[:port]" or "ssh://..." as typed. */
int	ssh_dest_resolve(const char *dest, const struct ssh_dest_opts *o, struct ssh_dest **out,
	    struct errinfo *e);
void	ssh_dest_free(struct ssh_dest *d);

#endif
