/*
 * sshconf_expand — defaults and expansion of ~, ${VAR} and %-tokens
 * (ssh_config(5) "TOKENS", "ENVIRONMENT VARIABLES"), and the -G style dump.
 *
 * %C is the hex SHA-1 of %l%h%p%r (OpenSSH 9.2; checked against `ssh -G`).
 */
#include "ssh/sshconf.h"
#include "ssh/sshconf_int.h"

#include <bearssl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/enc.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"

/* Token sets per keyword (ssh_config(5) TOKENS). */
#define TOK_FULL	"%CdhikLlnpru"
#define TOK_HOSTNAME	"%h"
#define TOK_PROXY	"%hnpr"

struct tokvals {
	const char	*h, *n, *r, *u, *d, *k;
	char		 p[16], i[16], l[256], L[256], C[41];
};

static void
tokvals_fill(const struct sshconf *c, const char *host, struct tokvals *tv)
{
	br_sha1_context sh;
	uint8_t dg[20];
	struct str hex = STR_INIT;
	char *dot;

	memset(tv, 0, sizeof(*tv));
	tv->h = host;
	tv->n = c->host_arg;
	tv->r = c->user ? c->user : c->local_user;
	tv->u = c->local_user;
	tv->d = c->home;
	tv->k = c->host_key_alias ? c->host_key_alias : c->host_arg;
	snprintf(tv->p, sizeof(tv->p), "%d", c->port > 0 ? c->port : 22);
	snprintf(tv->i, sizeof(tv->i), "%ld", (long)getuid());
	if (gethostname(tv->l, sizeof(tv->l) - 1) != 0)
		snprintf(tv->l, sizeof(tv->l), "localhost");
	tv->l[sizeof(tv->l) - 1] = '\0';
	snprintf(tv->L, sizeof(tv->L), "%s", tv->l);
	if ((dot = strchr(tv->L, '.')) != NULL)
		*dot = '\0';
	br_sha1_init(&sh);
	br_sha1_update(&sh, tv->l, strlen(tv->l));
	br_sha1_update(&sh, tv->h, strlen(tv->h));
	br_sha1_update(&sh, tv->p, strlen(tv->p));
	br_sha1_update(&sh, tv->r, strlen(tv->r));
	br_sha1_out(&sh, dg);
	hex_encode(dg, sizeof(dg), &hex);
	snprintf(tv->C, sizeof(tv->C), "%s", str_cstr(&hex));
	str_release(&hex);
}

static const char *
tokval(const struct tokvals *tv, char t)
{
	switch (t) {
	case 'h': return tv->h;
	case 'n': return tv->n;
	case 'r': return tv->r;
	case 'u': return tv->u;
	case 'd': return tv->d;
	case 'k': return tv->k;
	case 'p': return tv->p;
	case 'i': return tv->i;
	case 'l': return tv->l;
	case 'L': return tv->L;
	case 'C': return tv->C;
	default: return NULL;
	}
}

/*
 * Expands s into out: a leading ~ or ~user (tilde), ${VAR} (env), then the
 * %-tokens listed in allowed ("%" plus the letters).
 */
static int
expand(const struct sshconf *c, const char *s, const char *allowed, int tilde, int env,
    const struct tokvals *tv, struct str *out, struct errinfo *e)
{
	struct str tmp = STR_INIT;
	const char *p = s;
	int r = 0;

	if (tilde && p[0] == '~') {
		const char *slash = strchr(p, '/');
		size_t ul = slash ? (size_t)(slash - p - 1) : strlen(p + 1);

		if (ul == 0) {
			str_adds(&tmp, c->home);
		} else {
			struct passwd pw, *res = NULL;
			char pwbuf[4096], name[256];

			if (ul >= sizeof(name)) {
				r = err_set(e, ERR_CONFIG, "'%s': user name too long", s);
				goto out;
			}
			memcpy(name, p + 1, ul);
			name[ul] = '\0';
			if (getpwnam_r(name, &pw, pwbuf, sizeof(pwbuf), &res) != 0 || res == NULL) {
				r = err_set(e, ERR_CONFIG, "'%s': no such user '%s'", s, name);
				goto out;
			}
			str_adds(&tmp, pw.pw_dir);
		}
		p += 1 + ul;
	}
	for (; *p; p++) {
		if (env && p[0] == '$' && p[1] == '{') {
			const char *end = strchr(p + 2, '}');
			char name[256];
			const char *v;

			if (end == NULL || (size_t)(end - p - 2) >= sizeof(name) || end == p + 2) {
				r = err_set(e, ERR_CONFIG, "'%s': malformed ${...}", s);
				goto out;
			}
			memcpy(name, p + 2, (size_t)(end - p - 2));
			name[end - p - 2] = '\0';
			if ((v = getenv(name)) == NULL) {
				r = err_set(e, ERR_CONFIG, "'%s': environment variable %s is not set", s,
				    name);
				goto out;
			}
			str_adds(&tmp, v);
			p = end;
		} else {
			str_addch(&tmp, *p);
		}
	}
	for (p = str_cstr(&tmp); *p; p++) {
		const char *v;

		if (*p != '%') {
			str_addch(out, *p);
			continue;
		}
		p++;
		if (*p == '%') {
			str_addch(out, '%');
			continue;
		}
		if (*p == '\0' || strchr(allowed + 1, *p) == NULL || (v = tokval(tv, *p)) == NULL) {
			r = err_set(e, ERR_CONFIG, "'%s': unknown or unsupported token %%%c", s,
			    *p ? *p : ' ');
			goto out;
		}
		str_adds(out, v);
	}
out:
	str_release(&tmp);
	return r;
}

void
sshconf_match_host(const struct sshconf *c, struct str *out)
{
	struct tokvals tv;

	if (c->hostname == NULL) {
		str_adds(out, c->host_arg);
		return;
	}
	if (c->hostname_resolved) {
		str_adds(out, c->hostname);
		return;
	}
	tokvals_fill(c, c->host_arg, &tv);
	if (expand(c, c->hostname, TOK_HOSTNAME, 0, 0, &tv, out, NULL) != 0) {
		str_reset(out);
		str_adds(out, c->hostname);
	}
}

int
sshconf_expand_match(const struct sshconf *c, const char *cmd, struct str *out, struct errinfo *e)
{
	struct tokvals tv;
	struct str h = STR_INIT;
	int r;

	sshconf_match_host(c, &h);
	tokvals_fill(c, str_cstr(&h), &tv);
	r = expand(c, cmd, TOK_FULL, 1, 0, &tv, out, e);
	str_release(&h);
	return r;
}

int
sshconf_expand(const struct sshconf *c, const char *s, struct str *out, struct errinfo *e)
{
	struct tokvals tv;

	tokvals_fill(c, c->hostname ? c->hostname : c->host_arg, &tv);
	return expand(c, s, TOK_FULL, 1, 1, &tv, out, e);
}

static void
lowercase(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s + ('a' - 'A'));
}

int
sshconf_resolve_hostname(struct sshconf *c, struct errinfo *e)
{
	struct tokvals tv;
	struct str out = STR_INIT;
	int r;

	if (c->hostname == NULL || c->hostname_resolved)
		return 0;
	tokvals_fill(c, c->host_arg, &tv);
	if ((r = expand(c, c->hostname, TOK_HOSTNAME, 0, 0, &tv, &out, e)) != 0) {
		err_prefix(e, "HostName");
		str_release(&out);
		return r;
	}
	free(c->hostname);
	c->hostname = str_detach(&out, NULL);
	lowercase(c->hostname);
	c->hostname_resolved = 1;
	return 0;
}

/* Expands every entry of v in place. */
static int
expand_vec(const struct sshconf *c, struct strvec *v, const char *allowed, int tilde, int env,
    const struct tokvals *tv, const char *what, struct errinfo *e)
{
	size_t i;
	int r;

	for (i = 0; i < v->n; i++) {
		struct str out = STR_INIT;

		if ((r = expand(c, v->v[i], allowed, tilde, env, tv, &out, e)) != 0) {
			err_prefix(e, "%s", what);
			str_release(&out);
			return r;
		}
		free(v->v[i]);
		v->v[i] = str_detach(&out, NULL);
	}
	return 0;
}

static int
expand_str(const struct sshconf *c, char **s, const char *allowed, int tilde, int env,
    const struct tokvals *tv, const char *what, struct errinfo *e)
{
	struct str out = STR_INIT;
	int r;

	if (*s == NULL)
		return 0;
	if ((r = expand(c, *s, allowed, tilde, env, tv, &out, e)) != 0) {
		err_prefix(e, "%s", what);
		str_release(&out);
		return r;
	}
	free(*s);
	*s = str_detach(&out, NULL);
	return 0;
}

/* "$VAR" names an environment variable holding a socket path (IdentityAgent, ForwardAgent). */
static int
env_socket(char **s, const char *what, struct errinfo *e)
{
	const char *v;

	if (*s == NULL || (*s)[0] != '$' || (*s)[1] == '{')
		return 0;
	if ((v = getenv(*s + 1)) == NULL || *v == '\0')
		return err_set(e, ERR_CONFIG, "%s: environment variable %s is not set", what, *s + 1);
	free(*s);
	*s = xstrdup(v);
	return 1;
}

int
sshconf_finish(struct sshconf *c, struct errinfo *e)
{
	struct tokvals tv;
	int r;

	if (c->finished)
		return 0;
	/* Host, user and port first: the other expansions use them. */
	if (c->hostname == NULL) {
		c->hostname = xstrdup(c->host_arg);
		lowercase(c->hostname);
		c->hostname_resolved = 1;
	} else if ((r = sshconf_resolve_hostname(c, e)) != 0) {
		return r;
	}
	if (c->user == NULL)
		c->user = xstrdup(c->local_user);
	if (c->port == SSHCONF_UNSET)
		c->port = 22;
	tokvals_fill(c, c->hostname, &tv);

	/* OpenSSH's default identities, limited to the key types sextant can use. */
	if (c->identity_files.n == 0) {
		strvec_push(&c->identity_files, "~/.ssh/id_rsa");
		strvec_push(&c->identity_files, "~/.ssh/id_ecdsa");
		strvec_push(&c->identity_files, "~/.ssh/id_ed25519");
	}
	if ((r = expand_vec(c, &c->identity_files, TOK_FULL, 1, 1, &tv, "IdentityFile", e)) != 0)
		return r;

	if (!c->user_known_hosts_set) {
		strvec_push(&c->user_known_hosts_files, "~/.ssh/known_hosts");
		strvec_push(&c->user_known_hosts_files, "~/.ssh/known_hosts2");
	} else if (c->user_known_hosts_files.n == 1 &&
	    strcmp(c->user_known_hosts_files.v[0], "none") == 0) {
		strvec_clear(&c->user_known_hosts_files);
	}
	if ((r = expand_vec(c, &c->user_known_hosts_files, TOK_FULL, 1, 1, &tv,
	    "UserKnownHostsFile", e)) != 0)
		return r;
	if (!c->global_known_hosts_set) {
		strvec_push(&c->global_known_hosts_files, "/etc/ssh/ssh_known_hosts");
		strvec_push(&c->global_known_hosts_files, "/etc/ssh/ssh_known_hosts2");
	} else if (c->global_known_hosts_files.n == 1 &&
	    strcmp(c->global_known_hosts_files.v[0], "none") == 0) {
		strvec_clear(&c->global_known_hosts_files);
	}

	if (c->identity_agent != NULL) {
		if (strcmp(c->identity_agent, "SSH_AUTH_SOCK") == 0) {
			free(c->identity_agent);
			c->identity_agent = NULL;
		} else if (strcmp(c->identity_agent, "none") != 0) {
			if ((r = env_socket(&c->identity_agent, "IdentityAgent", e)) < 0)
				return r;
			if (r == 0 && (r = expand_str(c, &c->identity_agent, TOK_FULL, 1, 1, &tv,
			    "IdentityAgent", e)) != 0)
				return r;
		}
	}
	if (c->forward_agent == SSHCONF_UNSET)
		c->forward_agent = 0;
	if (c->forward_agent_sock != NULL) {
		if ((r = env_socket(&c->forward_agent_sock, "ForwardAgent", e)) < 0)
			return r;
		if (r == 0 && (r = expand_str(c, &c->forward_agent_sock, TOK_FULL, 1, 1, &tv,
		    "ForwardAgent", e)) != 0)
			return r;
	}
	if (c->proxy_command != NULL && strcmp(c->proxy_command, "none") == 0) {
		free(c->proxy_command);
		c->proxy_command = NULL;
	}
	if ((r = expand_str(c, &c->proxy_command, TOK_PROXY, 0, 0, &tv, "ProxyCommand", e)) != 0)
		return r;
	if (c->proxy_jump != NULL && strcmp(c->proxy_jump, "none") == 0) {
		free(c->proxy_jump);
		c->proxy_jump = NULL;
	}
	if ((r = expand_str(c, &c->proxy_jump, TOK_PROXY, 0, 0, &tv, "ProxyJump", e)) != 0)
		return r;
	if ((r = expand_vec(c, &c->local_forwards, TOK_FULL, 0, 1, &tv, "LocalForward", e)) != 0 ||
	    (r = expand_vec(c, &c->remote_forwards, TOK_FULL, 0, 1, &tv, "RemoteForward", e)) != 0)
		return r;

	if (c->identities_only == SSHCONF_UNSET)
		c->identities_only = 0;
	if (c->hash_known_hosts == SSHCONF_UNSET)
		c->hash_known_hosts = 0;
	if (c->server_alive_interval == SSHCONF_UNSET)
		c->server_alive_interval = 0;
	if (c->server_alive_count_max == SSHCONF_UNSET)
		c->server_alive_count_max = 3;
	if (c->connect_timeout == SSHCONF_CT_NONE)
		c->connect_timeout = SSHCONF_UNSET;
	if (c->batch_mode == SSHCONF_UNSET)
		c->batch_mode = 0;
	if (c->pubkey_authentication == SSHCONF_UNSET)
		c->pubkey_authentication = 1;
	if (c->request_tty == SSHCONF_TTY_UNSET)
		c->request_tty = SSHCONF_TTY_AUTO;
	if (c->address_family == SSHCONF_AF_UNSET)
		c->address_family = SSHCONF_AF_ANY;
	c->finished = 1;
	return 0;
}

static const char *
yesno(int v)
{
	return v > 0 ? "yes" : "no";
}

static void
dump_vec(struct str *out, const char *key, const struct strvec *v, int one_line)
{
	size_t i;

	if (v->n == 0)
		return;
	if (one_line) {
		str_addf(out, "%s", key);
		for (i = 0; i < v->n; i++)
			str_addf(out, " %s", v->v[i]);
		str_addch(out, '\n');
		return;
	}
	for (i = 0; i < v->n; i++)
		str_addf(out, "%s %s\n", key, v->v[i]);
}

static void
dump_str(struct str *out, const char *key, const char *v)
{
	if (v != NULL)
		str_addf(out, "%s %s\n", key, v);
}

void
sshconf_dump(const struct sshconf *c, struct str *out)
{
	static const char *const shkc[] = { "unset", "yes", "accept-new", "no", "ask" };
	static const char *const tty[] = { "unset", "no", "yes", "force", "auto" };
	static const char *const af[] = { "unset", "any", "inet", "inet6" };

	dump_str(out, "host", c->host_arg);
	dump_str(out, "user", c->user);
	dump_str(out, "hostname", c->hostname);
	str_addf(out, "port %d\n", c->port);
	dump_vec(out, "identityfile", &c->identity_files, 0);
	str_addf(out, "identitiesonly %s\n", yesno(c->identities_only));
	dump_str(out, "identityagent", c->identity_agent);
	dump_str(out, "proxyjump", c->proxy_jump);
	dump_str(out, "proxycommand", c->proxy_command);
	if (c->user_known_hosts_files.n == 0)
		str_adds(out, "userknownhostsfile none\n");
	dump_vec(out, "userknownhostsfile", &c->user_known_hosts_files, 1);
	if (c->global_known_hosts_files.n == 0)
		str_adds(out, "globalknownhostsfile none\n");
	dump_vec(out, "globalknownhostsfile", &c->global_known_hosts_files, 1);
	str_addf(out, "stricthostkeychecking %s\n", shkc[c->strict_host_key_checking >= 0 &&
	    c->strict_host_key_checking <= 4 ? c->strict_host_key_checking : 0]);
	str_addf(out, "hashknownhosts %s\n", yesno(c->hash_known_hosts));
	str_addf(out, "serveraliveinterval %d\n", c->server_alive_interval);
	str_addf(out, "serveralivecountmax %d\n", c->server_alive_count_max);
	if (c->connect_timeout > 0)
		str_addf(out, "connecttimeout %d\n", c->connect_timeout);
	else
		str_adds(out, "connecttimeout none\n");
	if (c->forward_agent_sock != NULL)
		str_addf(out, "forwardagent %s\n", c->forward_agent_sock);
	else
		str_addf(out, "forwardagent %s\n", yesno(c->forward_agent));
	dump_str(out, "kexalgorithms", c->kex_algorithms);
	dump_str(out, "ciphers", c->ciphers);
	dump_str(out, "macs", c->macs);
	dump_str(out, "hostkeyalgorithms", c->host_key_algorithms);
	dump_str(out, "pubkeyacceptedalgorithms", c->pubkey_accepted_algorithms);
	dump_vec(out, "sendenv", &c->send_env, 0);
	dump_vec(out, "setenv", &c->set_env, 0);
	str_addf(out, "batchmode %s\n", yesno(c->batch_mode));
	dump_str(out, "hostkeyalias", c->host_key_alias);
	str_addf(out, "requesttty %s\n", tty[c->request_tty >= 0 && c->request_tty <= 4 ?
	    c->request_tty : 0]);
	str_addf(out, "addressfamily %s\n", af[c->address_family >= 0 && c->address_family <= 3 ?
	    c->address_family : 0]);
	str_addf(out, "pubkeyauthentication %s\n", yesno(c->pubkey_authentication));
	dump_str(out, "loglevel", c->log_level);
	dump_str(out, "tag", c->tag);
	dump_vec(out, "localforward", &c->local_forwards, 0);
	dump_vec(out, "remoteforward", &c->remote_forwards, 0);
}
