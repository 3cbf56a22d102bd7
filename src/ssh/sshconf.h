/*
 * sshconf — OpenSSH client configuration (ssh_config(5)), read the way ssh(1)
 * reads it, for one destination host.
 *
 * Sources are applied in order — command-line options (-p, -l, -i, -J, -o ...),
 * then the user's file (~/.ssh/config), then the system file (/etc/ssh/ssh_config)
 * — and for each keyword the FIRST obtained value wins. IdentityFile,
 * LocalForward, RemoteForward and SendEnv accumulate instead. Keywords are
 * case-insensitive; "Key value", "Key=value" and "Key = value" all work;
 * arguments may be quoted ("..." or '...'), `\` escapes a quote, backslash or
 * space; an unquoted `#` starting a word ends the line (ProxyCommand takes the
 * raw rest of its line). Keywords sextant does not use are ignored (and listed
 * in c->ignored); a bad value for a known keyword is an error with file:line,
 * even in a block that does not apply (as ssh does).
 *
 * Host blocks: whitespace-separated patterns (`*`, `?`, `!` negation) matched
 * case-sensitively against the host as typed (the final name in the final
 * pass). Match blocks: all, final (true in the re-read that a `Match final`
 * requests), canonical (true in that same re-read: sextant does not
 * canonicalize, so the final pass is the post-canonical one), exec (run with /bin/sh -c, true on exit 0; skipped
 * once an earlier criterion failed), host (the HostName-expanded name),
 * originalhost, user (remote user so far), localuser, tagged; criteria
 * negate with `!`; host/originalhost patterns are case-insensitive
 * pattern-lists. Include: globs, processed in lexical order, relative paths
 * under ~/.ssh (user files) or /etc/ssh (system file); inside an inactive block
 * the included file is read but nothing in it applies; depth at most 16.
 *
 * sshconf_finish() fills defaults (port 22, the local user, OpenSSH's default
 * identity files and known-hosts files, ServerAliveCountMax 3) and expands `~`,
 * ${ENV} and %-tokens where ssh_config(5) "TOKENS" allows them:
 *   %% %C %d %h %i %k %L %l %n %p %r %u in IdentityFile, IdentityAgent,
 *   UserKnownHostsFile, LocalForward/RemoteForward and Match exec;
 *   %% %h in HostName; %% %h %n %p %r in ProxyCommand and ProxyJump.
 * The final hostname is lower-cased, as ssh does.
 *
 * Typical use (what `sextant ssh` and the executor do):
 *
 *	struct sshconf c;
 *	sshconf_init(&c, "web1");                        host as typed (after user@)
 *	sshconf_set(&c, "User", "deploy", &e);           -l / user@host / Kamal ssh.user
 *	sshconf_option(&c, "StrictHostKeyChecking=no", &e);   each -o
 *	sshconf_load(&c, NULL, 0, &e);                   NULL: ~/.ssh/config + /etc/ssh/ssh_config
 *	... use c.hostname, c.port, c.user, c.identity_files.v ...
 *	sshconf_release(&c);
 */
#ifndef SEXTANT_SSH_SSHCONF_H
#define SEXTANT_SSH_SSHCONF_H

#include <stddef.h>

#include "core/strvec.h"

struct errinfo;
struct str;

#define SSHCONF_UNSET		(-1)

/* StrictHostKeyChecking. UNSET after finish means "not configured": the caller picks
 * its policy (sextant's default is accept-new, like Kamal's net-ssh). */
enum sshconf_shkc {
	SSHCONF_SHKC_UNSET = 0,
	SSHCONF_SHKC_YES,
	SSHCONF_SHKC_ACCEPT_NEW,
	SSHCONF_SHKC_NO,		/* "no" and "off" */
	SSHCONF_SHKC_ASK
};

enum sshconf_tty {
	SSHCONF_TTY_UNSET = 0,
	SSHCONF_TTY_NO,
	SSHCONF_TTY_YES,
	SSHCONF_TTY_FORCE,
	SSHCONF_TTY_AUTO
};

enum sshconf_af {
	SSHCONF_AF_UNSET = 0,
	SSHCONF_AF_ANY,
	SSHCONF_AF_INET,
	SSHCONF_AF_INET6
};

/* Flags for reading files. */
#define SSHCONF_USER		0x01	/* a user file: perms checked, relative Include under ~/.ssh */
#define SSHCONF_NO_EXEC		0x02	/* Match exec is false, nothing runs (fuzzing, -G-like dumps) */
#define SSHCONF_NO_INCLUDE	0x04	/* Include lines are ignored (fuzzing) */
#define SSHCONF_MISSING_OK	0x08	/* sshconf_load: explicit files may be absent */

#define SSHCONF_MAX_FILE	(1024 * 1024)
#define SSHCONF_MAX_DEPTH	16
#define SSHCONF_MAX_IDENTITY_FILES 100
#define SSHCONF_MAX_LIST	256	/* SendEnv/SetEnv/forwards/known-hosts entries */

struct sshconf {
	/* Inputs: set by sshconf_init; local_user and home may be replaced before reading. */
	char		*host_arg;	/* the destination as typed (%n, Host matching) */
	char		*local_user;	/* %u, Match localuser (default: passwd entry of getuid()) */
	char		*home;		/* ~ and %d (default: passwd home directory, as ssh) */

	/* Values. Before finish: NULL / SSHCONF_UNSET / empty = not given; raw text. */
	char		*hostname;
	char		*user;
	int		 port;
	struct strvec	 identity_files;	/* in order: command line first */
	int		 identities_only;
	char		*identity_agent;	/* after finish: NULL = $SSH_AUTH_SOCK, "none", or a path */
	char		*proxy_jump;		/* after finish: NULL or the comma list (see sshconf_parse_jumps) */
	char		*proxy_command;		/* after finish: NULL or the expanded command */
	struct strvec	 user_known_hosts_files;
	struct strvec	 global_known_hosts_files;
	int		 strict_host_key_checking;	/* enum sshconf_shkc */
	int		 hash_known_hosts;
	int		 server_alive_interval;	/* seconds; 0 = off */
	int		 server_alive_count_max;
	int		 connect_timeout;	/* seconds; SSHCONF_UNSET = none */
	int		 forward_agent;
	char		*forward_agent_sock;	/* ForwardAgent given as a path or $VAR (expanded) */
	/* Algorithm lists as written (may start with + - ^): see sshconf_alg_list(). */
	char		*kex_algorithms;
	char		*ciphers;
	char		*macs;
	char		*host_key_algorithms;
	char		*pubkey_accepted_algorithms;
	struct strvec	 send_env;		/* variable name patterns */
	struct strvec	 set_env;		/* "NAME=value" */
	int		 batch_mode;
	char		*host_key_alias;
	int		 request_tty;		/* enum sshconf_tty */
	int		 address_family;	/* enum sshconf_af */
	int		 pubkey_authentication;
	char		*log_level;
	char		*tag;
	struct strvec	 local_forwards;	/* "[bind:]port host:hostport" as written (args joined by a space) */
	struct strvec	 remote_forwards;

	/* Bookkeeping. */
	int		 user_known_hosts_set;
	int		 global_known_hosts_set;
	int		 set_env_set;
	int		 want_final;		/* a Match final was seen */
	int		 final_pass;		/* reading again for Match final */
	int		 finished;
	int		 hostname_resolved;	/* c->hostname holds its final form */
	struct strvec	 ignored;		/* "file:line: Keyword" not used by sextant */
};

void	sshconf_init(struct sshconf *c, const char *host);
void	sshconf_release(struct sshconf *c);

/*
 * Command-line level settings (they come first, so they win): keyword and value
 * as in a config file ("User", "deploy"). Host, Match and Include are refused.
 */
int	sshconf_set(struct sshconf *c, const char *keyword, const char *value, struct errinfo *e);
/* One `-o` argument: "Key=Value" or "Key Value". */
int	sshconf_option(struct sshconf *c, const char *opt, struct errinfo *e);

/*
 * Reads config files, then (if a Match final asked for it) reads them again for
 * the final pass, then sshconf_finish(). files: NULL = the default pair
 * (~/.ssh/config as a user file, /etc/ssh/ssh_config), each skipped if absent;
 * otherwise the listed files, each read as a user file (like ssh -F), absent ones
 * an error unless SSHCONF_MISSING_OK; an empty list reads nothing (ssh -F none).
 */
int	sshconf_load(struct sshconf *c, const char *const *files, int flags, struct errinfo *e);
/* One file (ERR_NOTFOUND if absent), or text already in memory (name for messages). */
int	sshconf_read_file(struct sshconf *c, const char *path, int flags, struct errinfo *e);
int	sshconf_read_text(struct sshconf *c, const char *name, const char *text, size_t n,
	    int flags, struct errinfo *e);
/* Defaults and token expansion (idempotent; sshconf_load calls it). */
int	sshconf_finish(struct sshconf *c, struct errinfo *e);

/*
 * Expands ~, ${VAR} and the %-tokens (full set) of s with the current values into
 * out. Available to callers that expand late (e.g. a ProxyCommand per jump).
 */
int	sshconf_expand(const struct sshconf *c, const char *s, struct str *out, struct errinfo *e);

/*
 * Applies an algorithm setting to a default list, as ssh_config(5) describes for
 * KexAlgorithms & co: "+a,b" appends, "-a,b*" removes (wildcards), "^a,b" puts
 * first, otherwise replaces. Names (and wildcard patterns) are resolved against
 * supported (comma list); unsupported names are dropped, so an OpenSSH-only
 * algorithm in a shared config does not break sextant. Result into out (comma
 * list, no duplicates). ERR_CONFIG (naming `what`) if nothing usable remains.
 * spec NULL or "" gives dflt.
 */
int	sshconf_alg_list(const char *what, const char *spec, const char *dflt,
	    const char *supported, struct str *out, struct errinfo *e);

/* One ProxyJump hop: [user@]host[:port] or ssh://[user@]host[:port] ([v6]:port ok). */
struct sshconf_jump {
	char	*user;		/* NULL if not given */
	char	*host;		/* without brackets */
	int	 port;		/* 0 if not given */
};

int	sshconf_parse_jumps(const char *spec, struct sshconf_jump **hops, size_t *n,
	    struct errinfo *e);
void	sshconf_jumps_free(struct sshconf_jump *hops, size_t n);
/* "[user@]host[:port]" alone (also the command-line destination). */
int	sshconf_parse_dest(const char *s, struct sshconf_jump *out, struct errinfo *e);

/* "key value" lines like `ssh -G` (lower-case keys) for the values sextant uses. */
void	sshconf_dump(const struct sshconf *c, struct str *out);

#endif
