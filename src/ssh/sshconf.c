/*
 * sshconf — reading ssh_config(5) files; see sshconf.h for the rules.
 * Defaults, tokens and helpers live in sshconf_expand.c and sshconf_util.c.
 */
#include "ssh/sshconf.h"
#include "ssh/sshconf_int.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "core/proc.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"
#include "ssh/sshmatch.h"

enum kw {
	KW_HOST, KW_MATCH, KW_INCLUDE, KW_HOSTNAME, KW_USER, KW_PORT, KW_IDENTITYFILE,
	KW_IDENTITIESONLY, KW_IDENTITYAGENT, KW_PROXYJUMP, KW_PROXYCOMMAND,
	KW_USERKNOWNHOSTSFILE, KW_GLOBALKNOWNHOSTSFILE, KW_STRICTHOSTKEYCHECKING,
	KW_HASHKNOWNHOSTS, KW_SERVERALIVEINTERVAL, KW_SERVERALIVECOUNTMAX, KW_CONNECTTIMEOUT,
	KW_FORWARDAGENT, KW_KEXALGORITHMS, KW_CIPHERS, KW_MACS, KW_HOSTKEYALGORITHMS,
	KW_PUBKEYACCEPTEDALGORITHMS, KW_SENDENV, KW_SETENV, KW_BATCHMODE, KW_HOSTKEYALIAS,
	KW_REQUESTTTY, KW_ADDRESSFAMILY, KW_PUBKEYAUTHENTICATION, KW_LOGLEVEL, KW_TAG,
	KW_LOCALFORWARD, KW_REMOTEFORWARD
};

static const struct {
	const char	*name;
	enum kw		 kw;
} keywords[] = {
	{ "host", KW_HOST },
	{ "match", KW_MATCH },
	{ "include", KW_INCLUDE },
	{ "hostname", KW_HOSTNAME },
	{ "user", KW_USER },
	{ "port", KW_PORT },
	{ "identityfile", KW_IDENTITYFILE },
	{ "identitiesonly", KW_IDENTITIESONLY },
	{ "identityagent", KW_IDENTITYAGENT },
	{ "proxyjump", KW_PROXYJUMP },
	{ "proxycommand", KW_PROXYCOMMAND },
	{ "userknownhostsfile", KW_USERKNOWNHOSTSFILE },
	{ "globalknownhostsfile", KW_GLOBALKNOWNHOSTSFILE },
	{ "stricthostkeychecking", KW_STRICTHOSTKEYCHECKING },
	{ "hashknownhosts", KW_HASHKNOWNHOSTS },
	{ "serveraliveinterval", KW_SERVERALIVEINTERVAL },
	{ "serveralivecountmax", KW_SERVERALIVECOUNTMAX },
	{ "connecttimeout", KW_CONNECTTIMEOUT },
	{ "forwardagent", KW_FORWARDAGENT },
	{ "kexalgorithms", KW_KEXALGORITHMS },
	{ "ciphers", KW_CIPHERS },
	{ "macs", KW_MACS },
	{ "hostkeyalgorithms", KW_HOSTKEYALGORITHMS },
	{ "pubkeyacceptedalgorithms", KW_PUBKEYACCEPTEDALGORITHMS },
	{ "pubkeyacceptedkeytypes", KW_PUBKEYACCEPTEDALGORITHMS },	/* the pre-8.5 name */
	{ "sendenv", KW_SENDENV },
	{ "setenv", KW_SETENV },
	{ "batchmode", KW_BATCHMODE },
	{ "hostkeyalias", KW_HOSTKEYALIAS },
	{ "requesttty", KW_REQUESTTTY },
	{ "addressfamily", KW_ADDRESSFAMILY },
	{ "pubkeyauthentication", KW_PUBKEYAUTHENTICATION },
	{ "loglevel", KW_LOGLEVEL },
	{ "tag", KW_TAG },
	{ "localforward", KW_LOCALFORWARD },
	{ "remoteforward", KW_REMOTEFORWARD },
};

/* Where a line comes from, and the block state while reading. */
struct pctx {
	const char	*file;		/* "command line" for -o */
	int		 line;
	int		 flags;
	int		 depth;
	int		 cmdline;
	int		 active;	/* the current Host/Match block applies */
	int		 nevermatch;	/* inside an Include from an inactive block */
};

static int read_text(struct sshconf *c, const char *name, const char *text, size_t n,
    int flags, int depth, int nevermatch, struct errinfo *e);
static int read_file(struct sshconf *c, const char *path, int flags, int depth, int nevermatch,
    struct errinfo *e);

static int
cfgerr(const struct pctx *p, struct errinfo *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
cfgerr(const struct pctx *p, struct errinfo *e, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->cmdline)
		return err_set(e, ERR_CONFIG, "-o: %s", msg);
	return err_setloc(e, ERR_CONFIG, p->file, p->line, 0, "%s:%d: %s", p->file, p->line, msg);
}

void
sshconf_init(struct sshconf *c, const char *host)
{
	struct passwd pw, *res = NULL;
	char pwbuf[4096];

	memset(c, 0, sizeof(*c));
	c->host_arg = xstrdup(host ? host : "");
	c->port = SSHCONF_UNSET;
	c->identities_only = SSHCONF_UNSET;
	c->hash_known_hosts = SSHCONF_UNSET;
	c->server_alive_interval = SSHCONF_UNSET;
	c->server_alive_count_max = SSHCONF_UNSET;
	c->connect_timeout = SSHCONF_UNSET;
	c->forward_agent = SSHCONF_UNSET;
	c->batch_mode = SSHCONF_UNSET;
	c->pubkey_authentication = SSHCONF_UNSET;
	/* ssh takes ~ and %d from the passwd entry, not from $HOME. */
	if (getpwuid_r(getuid(), &pw, pwbuf, sizeof(pwbuf), &res) == 0 && res != NULL) {
		c->local_user = xstrdup(pw.pw_name);
		c->home = xstrdup(pw.pw_dir);
	} else {
		const char *h = getenv("HOME"), *u = getenv("USER");

		c->local_user = xstrdup(u ? u : "unknown");
		c->home = xstrdup(h ? h : "/");
	}
}

void
sshconf_release(struct sshconf *c)
{
	free(c->host_arg);
	free(c->local_user);
	free(c->home);
	free(c->hostname);
	free(c->user);
	strvec_clear(&c->identity_files);
	free(c->identity_agent);
	free(c->proxy_jump);
	free(c->proxy_command);
	strvec_clear(&c->user_known_hosts_files);
	strvec_clear(&c->global_known_hosts_files);
	free(c->forward_agent_sock);
	free(c->kex_algorithms);
	free(c->ciphers);
	free(c->macs);
	free(c->host_key_algorithms);
	free(c->pubkey_accepted_algorithms);
	strvec_clear(&c->send_env);
	strvec_clear(&c->set_env);
	free(c->host_key_alias);
	free(c->log_level);
	free(c->tag);
	strvec_clear(&c->local_forwards);
	strvec_clear(&c->remote_forwards);
	strvec_clear(&c->ignored);
	memset(c, 0, sizeof(*c));
}

/* ---- lexing ---- */

static int
is_ws(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

/*
 * Splits args into words: whitespace separates, '...' and "..." group (and may
 * start mid-word), a backslash makes a following quote, backslash or (outside
 * quotes) space literal, an unquoted word starting with '#' ends the line.
 */
static int
split_args(const char *s, size_t n, struct strvec *out)
{
	size_t i = 0;
	struct str w = STR_INIT;
	int quote, inword;

	for (;;) {
		while (i < n && is_ws((unsigned char)s[i]))
			i++;
		if (i >= n || s[i] == '#')
			break;
		str_reset(&w);
		quote = 0;
		inword = 1;
		while (i < n && inword) {
			char ch = s[i];

			if (ch == '\\' && i + 1 < n && (s[i + 1] == '\'' || s[i + 1] == '"' ||
			    s[i + 1] == '\\' || (!quote && s[i + 1] == ' '))) {
				str_addch(&w, s[i + 1]);
				i += 2;
			} else if (ch == '\'' || ch == '"') {
				if (!quote)
					quote = ch;
				else if (quote == ch)
					quote = 0;
				else
					str_addch(&w, ch);
				i++;
			} else if (!quote && is_ws((unsigned char)ch)) {
				inword = 0;
			} else {
				str_addch(&w, ch);
				i++;
			}
		}
		if (quote) {
			str_release(&w);
			return ERR_PARSE;
		}
		strvec_push(out, str_cstr(&w));
	}
	str_release(&w);
	return 0;
}

static int
kw_lookup(const char *name, enum kw *kw)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		if (strcasecmp(keywords[i].name, name) == 0) {
			*kw = keywords[i].kw;
			return 1;
		}
	}
	return 0;
}

/* ---- value parsers ---- */

static int
parse_flag(const char *v, int *out)
{
	if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0) {
		*out = 0;
		return 0;
	}
	return -1;
}

static int
parse_uint(const char *v, long max, int *out)
{
	char *end;
	long x;

	if (*v == '\0' || *v == '-' || *v == '+')
		return -1;
	errno = 0;
	x = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || x < 0 || x > max)
		return -1;
	*out = (int)x;
	return 0;
}

/* sshd_config(5) TIME FORMATS: sequences of number[s|m|h|d|w]; a bare number is seconds. */
int
sshconf_parse_time(const char *v, int *out)
{
	long long total = 0, num, mult;
	const char *p = v;

	if (*p == '\0')
		return -1;
	while (*p) {
		if (*p < '0' || *p > '9')
			return -1;
		num = 0;
		while (*p >= '0' && *p <= '9') {
			num = num * 10 + (*p - '0');
			if (num > INT_MAX)
				return -1;
			p++;
		}
		switch (*p) {
		case '\0':
			mult = 1;
			break;
		case 's': case 'S':
			mult = 1;
			p++;
			break;
		case 'm': case 'M':
			mult = 60;
			p++;
			break;
		case 'h': case 'H':
			mult = 3600;
			p++;
			break;
		case 'd': case 'D':
			mult = 86400;
			p++;
			break;
		case 'w': case 'W':
			mult = 604800;
			p++;
			break;
		default:
			return -1;
		}
		total += num * mult;
		if (total > INT_MAX)
			return -1;
	}
	*out = (int)total;
	return 0;
}

static void
set_str(char **dst, const char *v, int active)
{
	if (active && *dst == NULL)
		*dst = xstrdup(v);
}

static void
set_int(int *dst, int v, int active)
{
	if (active && *dst == SSHCONF_UNSET)
		*dst = v;
}

/* ---- Host and Match ---- */

/* The name Host patterns match: as typed, or the resolved name in the final pass. */
static const char *
host_for_host(const struct sshconf *c)
{
	return c->final_pass && c->hostname ? c->hostname : c->host_arg;
}

static int
eval_host(struct sshconf *c, const struct strvec *args)
{
	size_t i;
	int result = 0;

	for (i = 1; i < args->n; i++) {
		const char *a = args->v[i];
		int neg = a[0] == '!';

		if (neg)
			a++;
		if (sshmatch_pattern(host_for_host(c), a, strlen(a), 0)) {
			if (neg)
				return 0;
			result = 1;
		}
	}
	return result;
}

/* Runs a Match exec command; 1 if it exits 0. */
static int
match_exec(struct sshconf *c, const char *cmd, const struct pctx *p, int *truth,
    struct errinfo *e)
{
	struct str exp = STR_INIT;
	struct errinfo pe;
	int status = -1, r;

	if ((r = sshconf_expand_match(c, cmd, &exp, e)) != 0) {
		str_release(&exp);
		return cfgerr(p, e, "Match exec: %s", e ? e->msg : "bad token");
	}
	err_clear(&pe);
	if (proc_run_shell(str_cstr(&exp), NULL, NULL, NULL, 64 * 1024, &status, &pe) != 0)
		status = -1;
	*truth = status == 0;
	str_release(&exp);
	return 0;
}

static int
eval_match(struct sshconf *c, const struct strvec *args, const struct pctx *p, int *active,
    struct errinfo *e)
{
	size_t i = 1;
	int result = 1, saw_all = 0, others = 0, r;

	if (args->n < 2)
		return cfgerr(p, e, "Match: missing criteria");
	while (i < args->n) {
		const char *attr = args->v[i++];
		int neg = attr[0] == '!', truth = 0;
		const char *arg = NULL;

		if (neg)
			attr++;
		if (strcasecmp(attr, "all") == 0) {
			saw_all = 1;
			truth = 1;
		} else if (strcasecmp(attr, "canonical") == 0) {
			/* true in the re-read after the name is final (as ssh 9.2 does it) */
			truth = c->final_pass;
		} else if (strcasecmp(attr, "final") == 0) {
			c->want_final = 1;
			truth = c->final_pass;
		} else {
			static const char *const need_arg[] = { "exec", "host", "originalhost", "user",
				"localuser", "tagged", "localnetwork" };
			size_t k;
			int known = 0;

			for (k = 0; k < sizeof(need_arg) / sizeof(need_arg[0]); k++)
				if (strcasecmp(attr, need_arg[k]) == 0)
					known = 1;
			if (!known)
				return cfgerr(p, e, "Match: unsupported attribute '%s'", attr);
			if (i >= args->n || args->v[i][0] == '\0')
				return cfgerr(p, e, "Match: missing criteria for '%s'", attr);
			arg = args->v[i++];
			others = 1;
			if (strcasecmp(attr, "host") == 0) {
				struct str h = STR_INIT;

				sshconf_match_host(c, &h);
				truth = sshmatch_list(str_cstr(&h), arg, strlen(arg), 1) == 1;
				str_release(&h);
			} else if (strcasecmp(attr, "originalhost") == 0) {
				truth = sshmatch_list(c->host_arg, arg, strlen(arg), 1) == 1;
			} else if (strcasecmp(attr, "user") == 0) {
				const char *ru = c->user ? c->user : c->local_user;

				truth = sshmatch_list(ru, arg, strlen(arg), 0) == 1;
			} else if (strcasecmp(attr, "localuser") == 0) {
				truth = sshmatch_list(c->local_user, arg, strlen(arg), 0) == 1;
			} else if (strcasecmp(attr, "tagged") == 0) {
				const char *tg = c->tag ? c->tag : "";

				truth = sshmatch_list(tg, arg, strlen(arg), 0) == 1;
			} else if (strcasecmp(attr, "localnetwork") == 0) {
				truth = 0;	/* not supported: never matches */
			} else {	/* exec */
				/* Nothing runs once the outcome is known or in an inactive include. */
				if (!result || p->nevermatch || (p->flags & SSHCONF_NO_EXEC))
					truth = 0;
				else if ((r = match_exec(c, arg, p, &truth, e)) != 0)
					return r;
			}
		}
		if (neg)
			truth = !truth;
		if (!truth)
			result = 0;
	}
	if (saw_all && others)
		return cfgerr(p, e, "Match: 'all' cannot be combined with other attributes");
	*active = result && !p->nevermatch;
	return 0;
}

/* ---- Include ---- */

static int
do_include(struct sshconf *c, const struct strvec *args, const struct pctx *p, struct errinfo *e)
{
	size_t i, j;
	int r = 0;

	if (p->depth + 1 > SSHCONF_MAX_DEPTH)
		return cfgerr(p, e, "Include nested too deeply (more than %d levels)",
		    SSHCONF_MAX_DEPTH);
	for (i = 1; i < args->n; i++) {
		const char *a = args->v[i];
		struct str path = STR_INIT;
		glob_t gl;
		int gr;

		if (a[0] == '~' && (a[1] == '/' || a[1] == '\0')) {
			str_adds(&path, c->home);
			str_adds(&path, a + 1);
		} else if (a[0] == '/') {
			str_adds(&path, a);
		} else {
			/* ssh_config(5): relative to ~/.ssh for user files, /etc/ssh otherwise. */
			if (p->flags & SSHCONF_USER)
				str_addf(&path, "%s/.ssh/%s", c->home, a);
			else
				str_addf(&path, "/etc/ssh/%s", a);
		}
		memset(&gl, 0, sizeof(gl));
		gr = glob(str_cstr(&path), 0, NULL, &gl);
		if (gr == GLOB_NOMATCH) {
			str_release(&path);
			continue;
		}
		if (gr != 0) {
			str_release(&path);
			globfree(&gl);
			return cfgerr(p, e, "Include %s: glob failed", a);
		}
		for (j = 0; j < gl.gl_pathc && r == 0; j++) {
			r = read_file(c, gl.gl_pathv[j], p->flags, p->depth + 1,
			    p->nevermatch || !p->active, e);
			if (r == ERR_NOTFOUND)
				r = 0;
		}
		globfree(&gl);
		str_release(&path);
		if (r != 0)
			return r;
	}
	return 0;
}

/* ---- one line ---- */

static int
one_arg(const struct pctx *p, const struct strvec *a, const char *kw, struct errinfo *e)
{
	if (a->n < 2 || a->v[1][0] == '\0')
		return cfgerr(p, e, "%s: missing argument", kw);
	if (a->n > 2)
		return cfgerr(p, e, "%s: extra arguments at end of line", kw);
	return 0;
}

static int
append_bounded(const struct pctx *p, struct strvec *v, const char *s, const char *kw,
    struct errinfo *e)
{
	if (v->n >= SSHCONF_MAX_LIST)
		return cfgerr(p, e, "%s: too many entries (max %d)", kw, SSHCONF_MAX_LIST);
	strvec_push(v, s);
	return 0;
}

static int
process_line(struct sshconf *c, struct pctx *p, const char *line, size_t len, struct errinfo *e)
{
	size_t i = 0, ks;
	char kwname[64];
	const char *rest;
	size_t restlen;
	struct strvec a = STRVEC_INIT;
	enum kw kw;
	int r = 0, v, act;

	while (i < len && is_ws((unsigned char)line[i]))
		i++;
	if (i == len || line[i] == '#')
		return 0;
	/* Keyword: up to whitespace or '='; then whitespace, at most one '=', whitespace. */
	ks = i;
	while (i < len && !is_ws((unsigned char)line[i]) && line[i] != '=')
		i++;
	if (i - ks >= sizeof(kwname)) {
		/* longer than any keyword: unknown, so ignored like the others */
		if (!p->cmdline && c->ignored.n < SSHCONF_MAX_LIST)
			strvec_pushf(&c->ignored, "%s:%d: %.40s...", p->file, p->line, line + ks);
		return 0;
	}
	memcpy(kwname, line + ks, i - ks);
	kwname[i - ks] = '\0';
	if (kwname[0] == '\0')
		return cfgerr(p, e, "missing keyword");
	while (i < len && is_ws((unsigned char)line[i]))
		i++;
	if (i < len && line[i] == '=') {
		i++;
		while (i < len && is_ws((unsigned char)line[i]))
			i++;
	}
	rest = line + i;
	restlen = len - i;
	while (restlen > 0 && is_ws((unsigned char)rest[restlen - 1]))
		restlen--;
	if (!kw_lookup(kwname, &kw)) {
		if (!p->cmdline && c->ignored.n < SSHCONF_MAX_LIST)
			strvec_pushf(&c->ignored, "%s:%d: %s", p->file, p->line, kwname);
		return 0;	/* ssh(1) would refuse it; sextant ignores what it does not use */
	}
	strvec_push(&a, kwname);	/* a.v[0] = keyword, a.v[1..] = arguments */
	if (kw != KW_PROXYCOMMAND && split_args(rest, restlen, &a) != 0) {
		r = cfgerr(p, e, "%s: unterminated quote", kwname);
		goto out;
	}
	act = p->active && !p->nevermatch;
	switch (kw) {
	case KW_HOST:
		if (p->cmdline) {
			r = cfgerr(p, e, "Host is not allowed on the command line");
			break;
		}
		if (a.n < 2) {
			r = cfgerr(p, e, "Host: missing host pattern");
			break;
		}
		p->active = eval_host(c, &a) && !p->nevermatch;
		break;
	case KW_MATCH:
		if (p->cmdline) {
			r = cfgerr(p, e, "Match is not allowed on the command line");
			break;
		}
		r = eval_match(c, &a, p, &p->active, e);
		break;
	case KW_INCLUDE:
		if (p->cmdline) {
			r = cfgerr(p, e, "Include is not allowed on the command line");
			break;
		}
		if (a.n < 2) {
			r = cfgerr(p, e, "Include: missing argument");
			break;
		}
		if (!(p->flags & SSHCONF_NO_INCLUDE))
			r = do_include(c, &a, p, e);
		break;
	case KW_HOSTNAME:
		if ((r = one_arg(p, &a, kwname, e)) == 0)
			set_str(&c->hostname, a.v[1], act);
		break;
	case KW_USER:
		if ((r = one_arg(p, &a, kwname, e)) == 0)
			set_str(&c->user, a.v[1], act);
		break;
	case KW_PORT:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (parse_uint(a.v[1], 65535, &v) != 0 || v == 0) {
			r = cfgerr(p, e, "Port: bad port '%s'", a.v[1]);
			break;
		}
		set_int(&c->port, v, act);
		break;
	case KW_IDENTITYFILE:
		if ((r = one_arg(p, &a, kwname, e)) != 0 || !act)
			break;
		if (c->identity_files.n >= SSHCONF_MAX_IDENTITY_FILES) {
			r = cfgerr(p, e, "IdentityFile: too many identity files (max %d)",
			    SSHCONF_MAX_IDENTITY_FILES);
			break;
		}
		/* ssh keeps each file once (the first position wins). */
		if (strvec_find(&c->identity_files, a.v[1]) < 0)
			strvec_push(&c->identity_files, a.v[1]);
		break;
	case KW_IDENTITIESONLY:
	case KW_HASHKNOWNHOSTS:
	case KW_BATCHMODE:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (parse_flag(a.v[1], &v) != 0) {
			r = cfgerr(p, e, "%s: expected yes or no, not '%s'", kwname, a.v[1]);
			break;
		}
		set_int(kw == KW_IDENTITIESONLY ? &c->identities_only :
		    kw == KW_HASHKNOWNHOSTS ? &c->hash_known_hosts : &c->batch_mode, v, act);
		break;
	case KW_PUBKEYAUTHENTICATION:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		/* 8.9+ also has unbound / host-bound, which mean yes here. */
		if (strcasecmp(a.v[1], "unbound") == 0 || strcasecmp(a.v[1], "host-bound") == 0)
			v = 1;
		else if (parse_flag(a.v[1], &v) != 0) {
			r = cfgerr(p, e, "%s: expected yes or no, not '%s'", kwname, a.v[1]);
			break;
		}
		set_int(&c->pubkey_authentication, v, act);
		break;
	case KW_IDENTITYAGENT:
		if ((r = one_arg(p, &a, kwname, e)) == 0)
			set_str(&c->identity_agent, a.v[1], act);
		break;
	case KW_PROXYJUMP:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (strcmp(a.v[1], "none") != 0) {
			struct sshconf_jump *hops = NULL;
			size_t nh = 0;

			if ((r = sshconf_parse_jumps(a.v[1], &hops, &nh, e)) != 0) {
				r = cfgerr(p, e, "ProxyJump: %s", e ? e->msg : "bad value");
				break;
			}
			sshconf_jumps_free(hops, nh);
		}
		/* ProxyJump and ProxyCommand compete: the first given wins (ssh_config(5)). */
		if (c->proxy_command == NULL)
			set_str(&c->proxy_jump, a.v[1], act);
		break;
	case KW_PROXYCOMMAND:
		if (restlen == 0) {
			r = cfgerr(p, e, "ProxyCommand: missing argument");
			break;
		}
		if (act && c->proxy_command == NULL && c->proxy_jump == NULL)
			c->proxy_command = xstrndup(rest, restlen);
		break;
	case KW_USERKNOWNHOSTSFILE:
	case KW_GLOBALKNOWNHOSTSFILE: {
		struct strvec *dst = kw == KW_USERKNOWNHOSTSFILE ? &c->user_known_hosts_files :
		    &c->global_known_hosts_files;
		int *set = kw == KW_USERKNOWNHOSTSFILE ? &c->user_known_hosts_set :
		    &c->global_known_hosts_set;
		size_t k;

		if (a.n < 2) {
			r = cfgerr(p, e, "%s: missing argument", kwname);
			break;
		}
		if (a.n - 1 > 16) {
			r = cfgerr(p, e, "%s: too many files (max 16)", kwname);
			break;
		}
		if (!act || *set)
			break;
		*set = 1;
		for (k = 1; k < a.n; k++)
			strvec_push(dst, a.v[k]);
		break;
	}
	case KW_STRICTHOSTKEYCHECKING:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (parse_flag(a.v[1], &v) == 0)
			v = v ? SSHCONF_SHKC_YES : SSHCONF_SHKC_NO;
		else if (strcasecmp(a.v[1], "off") == 0)
			v = SSHCONF_SHKC_NO;
		else if (strcasecmp(a.v[1], "ask") == 0)
			v = SSHCONF_SHKC_ASK;
		else if (strcasecmp(a.v[1], "accept-new") == 0)
			v = SSHCONF_SHKC_ACCEPT_NEW;
		else {
			r = cfgerr(p, e, "StrictHostKeyChecking: expected yes, accept-new, no, off or "
			    "ask, not '%s'", a.v[1]);
			break;
		}
		if (act && c->strict_host_key_checking == SSHCONF_SHKC_UNSET)
			c->strict_host_key_checking = v;
		break;
	case KW_SERVERALIVEINTERVAL:
	case KW_CONNECTTIMEOUT:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (kw == KW_CONNECTTIMEOUT && strcasecmp(a.v[1], "none") == 0)
			v = 0;
		else if (sshconf_parse_time(a.v[1], &v) != 0) {
			r = cfgerr(p, e, "%s: bad time value '%s'", kwname, a.v[1]);
			break;
		}
		if (kw == KW_CONNECTTIMEOUT) {
			/* 0 means none, remembered as such so a later value does not apply */
			if (act && c->connect_timeout == SSHCONF_UNSET)
				c->connect_timeout = v == 0 ? SSHCONF_CT_NONE : v;
		} else {
			set_int(&c->server_alive_interval, v, act);
		}
		break;
	case KW_SERVERALIVECOUNTMAX:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (parse_uint(a.v[1], INT_MAX, &v) != 0) {
			r = cfgerr(p, e, "ServerAliveCountMax: bad number '%s'", a.v[1]);
			break;
		}
		set_int(&c->server_alive_count_max, v, act);
		break;
	case KW_FORWARDAGENT:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (parse_flag(a.v[1], &v) == 0) {
			set_int(&c->forward_agent, v, act);
		} else if (act && c->forward_agent == SSHCONF_UNSET) {
			c->forward_agent = 1;
			c->forward_agent_sock = xstrdup(a.v[1]);
		}
		break;
	case KW_KEXALGORITHMS:
	case KW_CIPHERS:
	case KW_MACS:
	case KW_HOSTKEYALGORITHMS:
	case KW_PUBKEYACCEPTEDALGORITHMS:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		set_str(kw == KW_KEXALGORITHMS ? &c->kex_algorithms : kw == KW_CIPHERS ? &c->ciphers :
		    kw == KW_MACS ? &c->macs : kw == KW_HOSTKEYALGORITHMS ? &c->host_key_algorithms :
		    &c->pubkey_accepted_algorithms, a.v[1], act);
		break;
	case KW_SENDENV: {
		size_t k;

		if (a.n < 2) {
			r = cfgerr(p, e, "SendEnv: missing argument");
			break;
		}
		for (k = 1; k < a.n && r == 0; k++) {
			const char *pat = a.v[k];

			if (pat[0] == '\0' || strchr(pat, '=') != NULL) {
				r = cfgerr(p, e, "SendEnv: invalid variable name '%s'", pat);
				break;
			}
			if (!act)
				continue;
			if (pat[0] == '-') {
				/* "-pattern" drops what was asked for so far */
				size_t m = 0;

				while (m < c->send_env.n) {
					if (sshmatch_pattern(c->send_env.v[m], pat + 1, strlen(pat + 1), 0))
						strvec_remove(&c->send_env, m);
					else
						m++;
				}
			} else {
				r = append_bounded(p, &c->send_env, pat, kwname, e);
			}
		}
		break;
	}
	case KW_SETENV: {
		size_t k, m;
		int first = act && !c->set_env_set;

		if (a.n < 2) {
			r = cfgerr(p, e, "SetEnv: missing argument");
			break;
		}
		for (k = 1; k < a.n && r == 0; k++) {
			const char *eq = strchr(a.v[k], '=');
			size_t nl;
			int dup = 0;

			if (eq == NULL || eq == a.v[k]) {
				r = cfgerr(p, e, "SetEnv: expected NAME=VALUE, not '%s'", a.v[k]);
				break;
			}
			if (!first)
				continue;
			/* the first SetEnv line wins; within it, the first value of a name */
			nl = (size_t)(eq - a.v[k]) + 1;
			for (m = 0; m < c->set_env.n; m++)
				if (strncmp(c->set_env.v[m], a.v[k], nl) == 0)
					dup = 1;
			if (!dup)
				r = append_bounded(p, &c->set_env, a.v[k], kwname, e);
		}
		if (first && r == 0)
			c->set_env_set = 1;
		break;
	}
	case KW_HOSTKEYALIAS:
		if ((r = one_arg(p, &a, kwname, e)) == 0)
			set_str(&c->host_key_alias, a.v[1], act);
		break;
	case KW_LOGLEVEL:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		{
			static const char *const levels[] = { "QUIET", "FATAL", "ERROR", "INFO",
				"VERBOSE", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3" };
			size_t k;
			int ok = 0;

			for (k = 0; k < sizeof(levels) / sizeof(levels[0]); k++)
				if (strcasecmp(levels[k], a.v[1]) == 0)
					ok = 1;
			if (!ok) {
				r = cfgerr(p, e, "LogLevel: unknown level '%s'", a.v[1]);
				break;
			}
		}
		set_str(&c->log_level, a.v[1], act);
		break;
	case KW_TAG:
		if ((r = one_arg(p, &a, kwname, e)) == 0)
			set_str(&c->tag, a.v[1], act);
		break;
	case KW_REQUESTTTY:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (parse_flag(a.v[1], &v) == 0)
			v = v ? SSHCONF_TTY_YES : SSHCONF_TTY_NO;
		else if (strcasecmp(a.v[1], "force") == 0)
			v = SSHCONF_TTY_FORCE;
		else if (strcasecmp(a.v[1], "auto") == 0)
			v = SSHCONF_TTY_AUTO;
		else {
			r = cfgerr(p, e, "RequestTTY: expected yes, no, force or auto, not '%s'", a.v[1]);
			break;
		}
		if (act && c->request_tty == SSHCONF_TTY_UNSET)
			c->request_tty = v;
		break;
	case KW_ADDRESSFAMILY:
		if ((r = one_arg(p, &a, kwname, e)) != 0)
			break;
		if (strcasecmp(a.v[1], "any") == 0)
			v = SSHCONF_AF_ANY;
		else if (strcasecmp(a.v[1], "inet") == 0)
			v = SSHCONF_AF_INET;
		else if (strcasecmp(a.v[1], "inet6") == 0)
			v = SSHCONF_AF_INET6;
		else {
			r = cfgerr(p, e, "AddressFamily: expected any, inet or inet6, not '%s'", a.v[1]);
			break;
		}
		if (act && c->address_family == SSHCONF_AF_UNSET)
			c->address_family = v;
		break;
	case KW_LOCALFORWARD:
	case KW_REMOTEFORWARD: {
		struct str joined = STR_INIT;
		size_t k;

		if (a.n < 2 || a.n > 3 || (kw == KW_LOCALFORWARD && a.n != 3)) {
			r = cfgerr(p, e, "%s: expected %s", kwname, kw == KW_LOCALFORWARD ?
			    "[bind_address:]port host:hostport" :
			    "[bind_address:]port [host:hostport]");
			break;
		}
		for (k = 1; k < a.n; k++) {
			if (k > 1)
				str_addch(&joined, ' ');
			str_adds(&joined, a.v[k]);
		}
		if (act)
			r = append_bounded(p, kw == KW_LOCALFORWARD ? &c->local_forwards :
			    &c->remote_forwards, str_cstr(&joined), kwname, e);
		str_release(&joined);
		break;
	}
	}
out:
	strvec_clear(&a);
	return r;
}

/* ---- files ---- */

static int
read_text(struct sshconf *c, const char *name, const char *text, size_t n, int flags, int depth,
    int nevermatch, struct errinfo *e)
{
	struct pctx p;
	size_t pos = 0, i;
	int r;

	memset(&p, 0, sizeof(p));
	p.file = name;
	p.flags = flags;
	p.depth = depth;
	p.active = 1;	/* lines before any Host/Match apply to every host */
	p.nevermatch = nevermatch;
	while (pos < n) {
		for (i = pos; i < n && text[i] != '\n'; i++)
			;
		p.line++;
		if (memchr(text + pos, '\0', i - pos) != NULL)
			return cfgerr(&p, e, "NUL byte in configuration");
		if ((r = process_line(c, &p, text + pos, i - pos, e)) != 0)
			return r;
		pos = i + 1;
	}
	return 0;
}

static int
read_file(struct sshconf *c, const char *path, int flags, int depth, int nevermatch,
    struct errinfo *e)
{
	struct stat st;
	struct str data = STR_INIT;
	char buf[8192];
	ssize_t got;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return err_set(e, errno == ENOENT || errno == ENOTDIR ? ERR_NOTFOUND : ERR_IO,
		    "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		r = err_set(e, ERR_CONFIG, "%s: not a regular file", path);
		goto out;
	}
	/*
	 * ssh(1) refuses a user config that others could change: it must belong to
	 * us (or root) and not be writable by group or others.
	 */
	if ((flags & SSHCONF_USER) && ((st.st_uid != 0 && st.st_uid != getuid()) ||
	    (st.st_mode & 022) != 0)) {
		r = err_set(e, ERR_CONFIG, "%s: bad owner or permissions (mode %04o): it must be "
		    "owned by you and not writable by others (fix with: chmod 600 %s)", path,
		    (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		if (data.len + (size_t)got > SSHCONF_MAX_FILE) {
			r = err_set(e, ERR_RANGE, "%s: larger than %d bytes", path, SSHCONF_MAX_FILE);
			goto out;
		}
		str_add(&data, buf, (size_t)got);
	}
	r = read_text(c, path, str_cstr(&data), data.len, flags, depth, nevermatch, e);
out:
	close(fd);
	str_release(&data);
	return r;
}

int
sshconf_read_text(struct sshconf *c, const char *name, const char *text, size_t n, int flags,
    struct errinfo *e)
{
	if (n > SSHCONF_MAX_FILE)
		return err_set(e, ERR_RANGE, "%s: larger than %d bytes", name, SSHCONF_MAX_FILE);
	return read_text(c, name, text, n, flags, 0, 0, e);
}

int
sshconf_read_file(struct sshconf *c, const char *path, int flags, struct errinfo *e)
{
	return read_file(c, path, flags, 0, 0, e);
}

int
sshconf_set(struct sshconf *c, const char *keyword, const char *value, struct errinfo *e)
{
	struct str line = STR_INIT;
	struct pctx p;
	const char *v;
	int r;

	memset(&p, 0, sizeof(p));
	p.file = "command line";
	p.cmdline = 1;
	p.active = 1;
	if (strchr(value, '\n') != NULL)
		return err_set(e, ERR_CONFIG, "%s: newline in value", keyword);
	str_adds(&line, keyword);
	str_addch(&line, ' ');
	if (strcasecmp(keyword, "ProxyCommand") == 0) {
		str_adds(&line, value);	/* taken verbatim to the end of the line */
	} else {
		/* Quoted, so that the value is one argument whatever it holds. */
		str_addch(&line, '"');
		for (v = value; *v; v++) {
			if (*v == '"' || *v == '\\')
				str_addch(&line, '\\');
			str_addch(&line, *v);
		}
		str_addch(&line, '"');
	}
	r = process_line(c, &p, str_cstr(&line), line.len, e);
	str_release(&line);
	return r;
}

int
sshconf_option(struct sshconf *c, const char *opt, struct errinfo *e)
{
	struct pctx p;

	memset(&p, 0, sizeof(p));
	p.file = "command line";
	p.cmdline = 1;
	p.active = 1;
	if (strchr(opt, '\n') != NULL)
		return err_set(e, ERR_CONFIG, "-o %s: newline in option", opt);
	return process_line(c, &p, opt, strlen(opt), e);
}

int
sshconf_load(struct sshconf *c, const char *const *files, int flags, struct errinfo *e)
{
	struct strvec list = STRVEC_INIT;
	int dflt = files == NULL, pass, r = 0;
	size_t i;

	if (dflt) {
		strvec_pushf(&list, "%s/.ssh/config", c->home);
		strvec_push(&list, "/etc/ssh/ssh_config");
	} else {
		for (i = 0; files[i] != NULL; i++)
			strvec_push(&list, files[i]);
	}
	for (pass = 0; pass < 2 && r == 0; pass++) {
		if (pass == 1) {
			if (!c->want_final)
				break;
			/* Match final: read everything again with the resolved host name. */
			c->final_pass = 1;
			if ((r = sshconf_resolve_hostname(c, e)) != 0)
				break;
		}
		for (i = 0; i < list.n && r == 0; i++) {
			int fl = flags & ~SSHCONF_USER;

			if (!dflt || i == 0)
				fl |= SSHCONF_USER;
			r = read_file(c, list.v[i], fl, 0, 0, e);
			if (r == ERR_NOTFOUND && (dflt || (flags & SSHCONF_MISSING_OK)))
				r = 0;
		}
	}
	strvec_clear(&list);
	if (r == 0)
		r = sshconf_finish(c, e);
	return r;
}
