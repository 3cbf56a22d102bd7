/*
 * cmd_ssh — `sextant ssh`: an OpenSSH-compatible command line over sextant's own
 * SSH client (src/ssh/ssh.h). Also the tool the interop tests drive.
 *
 *   sextant ssh [-p PORT] [-l USER] [-i KEY]... [-o Key=Value]... [-F CONFIG]
 *               [-v] [-T] [-n] [-q] [user@]host [command...]
 *
 * The command table marks ssh CMD_RAW_ARGS, so the words arrive untouched and
 * are parsed here with ssh(1)'s rules: single-letter flags may be bundled (-vT),
 * option values may be attached (-p2222) or separate, and the first word that is
 * not an option is the destination; the rest is the command, joined with spaces.
 * For -o, as in ssh_config(5), the first value given for a keyword wins (except
 * IdentityFile, which accumulates).
 *
 * Exit status: the remote command's, or 255 with a one-line reason when the
 * connection or authentication fails (ssh(1) does the same).
 */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/proc.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/cipher.h"
#include "ssh/kex.h"
#include "ssh/ssh.h"
#include "ssh/transport.h"

#define SSH_EXIT_FAIL	255

static const char ssh_help[] =
"Usage: sextant ssh [options] [user@]host [command...]\n"
"\n"
"Runs a command on a remote host over SSH, with sextant's built-in client.\n"
"stdin is forwarded to the command; its stdout and stderr come back separately;\n"
"the exit status is the remote command's (255 if the connection fails).\n"
"\n"
"Options (as in ssh(1)):\n"
"  -p PORT          port to connect to (default 22)\n"
"  -l USER          user to log in as\n"
"  -i FILE          identity (private key) file; may be repeated\n"
"  -o KEY=VALUE     an ssh_config option (see below); may be repeated\n"
"  -F FILE          ssh_config file to read (default ~/.ssh/config)\n"
"  -v               verbose: log the handshake and negotiated algorithms\n"
"  -q               quiet: only errors\n"
"  -T               no pseudo-terminal (the only mode sextant has)\n"
"  -n               stdin from /dev/null\n"
"\n"
"Options for -o:\n"
"  KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms   lists; +x appends, -x removes, ^x prepends\n"
"  UserKnownHostsFile, GlobalKnownHostsFile, StrictHostKeyChecking (yes|accept-new|no),\n"
"  HashKnownHosts, HostKeyAlias, IdentityFile, IdentitiesOnly, IdentityAgent (path|none),\n"
"  Port, User, ConnectTimeout (seconds), BatchMode, RekeyLimit (bytes, K/M/G), SetEnv\n"
"\n"
"Supported algorithms:\n"
"  kex:       curve25519-sha256, curve25519-sha256@libssh.org, ecdh-sha2-nistp256\n"
"  host keys: ssh-ed25519, ecdsa-sha2-nistp256, rsa-sha2-512, rsa-sha2-256\n"
"  ciphers:   aes128-gcm@openssh.com, aes256-gcm@openssh.com, chacha20-poly1305@openssh.com,\n"
"             aes128-ctr, aes256-ctr\n"
"  MACs:      hmac-sha2-256-etm@openssh.com, hmac-sha2-512-etm@openssh.com, hmac-sha2-256,\n"
"             hmac-sha2-512\n";

struct ssh_opts {
	char		*host;
	char		*user;
	int		 port;		/* 0 = unset */
	struct strvec	 identity;
	int		 identities_only;	/* -1 = unset */
	char		*agent;
	struct strvec	 user_kh;
	struct strvec	 global_kh;
	int		 strict;	/* -1 = unset */
	int		 hash_kh;	/* -1 = unset */
	char		*alias;
	int		 timeout_s;	/* -1 = unset */
	int		 batch;		/* -1 = unset */
	char		*kex, *ciphers, *macs, *hostkeys;
	uint64_t	 rekey;
	int		 rekey_set;
	struct strvec	 setenv;
	int		 verbose;
	int		 quiet;
	int		 null_stdin;
	char		*config;
};

static int
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("sextant ssh: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nRun `sextant ssh --help` for usage.\n", stderr);
	return SSH_EXIT_FAIL;
}

static int
parse_yesno(const char *v, int *out)
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
parse_port(const char *v, int *out)
{
	char *end;
	long p;

	errno = 0;
	p = strtol(v, &end, 10);
	if (errno || *v == '\0' || *end != '\0' || p < 1 || p > 65535)
		return -1;
	*out = (int)p;
	return 0;
}

static int
parse_bytes(const char *v, uint64_t *out)
{
	char *end;
	unsigned long long n;
	uint64_t mul = 1;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v)
		return -1;
	switch (*end) {
	case 'K': case 'k': mul = 1024; end++; break;
	case 'M': case 'm': mul = 1024 * 1024; end++; break;
	case 'G': case 'g': mul = 1024 * 1024 * 1024; end++; break;
	default: break;
	}
	/* RekeyLimit may carry a time part ("1G 1h"); sextant does not rekey on time. */
	if (*end != '\0' && *end != ' ')
		return -1;
	*out = (uint64_t)n * mul;
	return 0;
}

static void
set_once(char **slot, const char *v)
{
	if (*slot == NULL)
		*slot = xstrdup(v);
}

/* One ssh_config keyword with its value (from -o). First value wins. */
static int
apply_option(struct ssh_opts *o, const char *kv)
{
	char key[64];
	const char *v;
	size_t kl;
	int b;

	kl = strcspn(kv, "= \t");
	if (kl == 0 || kl >= sizeof(key) || kv[kl] == '\0')
		return usage_error("bad -o option '%s' (expected Key=Value)", kv);
	memcpy(key, kv, kl);
	key[kl] = '\0';
	v = kv + kl;
	v += strspn(v, " \t");
	if (*v == '=')
		v++;
	v += strspn(v, " \t");

	if (strcasecmp(key, "KexAlgorithms") == 0) {
		set_once(&o->kex, v);
	} else if (strcasecmp(key, "Ciphers") == 0) {
		set_once(&o->ciphers, v);
	} else if (strcasecmp(key, "MACs") == 0) {
		set_once(&o->macs, v);
	} else if (strcasecmp(key, "HostKeyAlgorithms") == 0) {
		set_once(&o->hostkeys, v);
	} else if (strcasecmp(key, "UserKnownHostsFile") == 0 || strcasecmp(key, "GlobalKnownHostsFile") == 0) {
		struct strvec *sv = tolower(key[0]) == 'u' ? &o->user_kh : &o->global_kh;
		char *dup, *save = NULL, *w;

		if (sv->n == 0) {
			dup = xstrdup(v);
			for (w = strtok_r(dup, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
				strvec_push(sv, w);
			free(dup);
			if (sv->n == 0)
				strvec_push(sv, "none");
		}
	} else if (strcasecmp(key, "StrictHostKeyChecking") == 0) {
		if (o->strict < 0) {
			if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "ask") == 0 || strcasecmp(v, "true") == 0)
				o->strict = SSH_STRICT_YES;
			else if (strcasecmp(v, "accept-new") == 0)
				o->strict = SSH_STRICT_ACCEPT_NEW;
			else if (strcasecmp(v, "no") == 0 || strcasecmp(v, "off") == 0 || strcasecmp(v, "false") == 0)
				o->strict = SSH_STRICT_NO;
			else
				return usage_error("StrictHostKeyChecking: expected yes, accept-new or no, got '%s'", v);
		}
	} else if (strcasecmp(key, "HashKnownHosts") == 0) {
		if (parse_yesno(v, &b) != 0)
			return usage_error("HashKnownHosts: expected yes or no, got '%s'", v);
		if (o->hash_kh < 0)
			o->hash_kh = b;
	} else if (strcasecmp(key, "HostKeyAlias") == 0) {
		set_once(&o->alias, v);
	} else if (strcasecmp(key, "IdentitiesOnly") == 0) {
		if (parse_yesno(v, &b) != 0)
			return usage_error("IdentitiesOnly: expected yes or no, got '%s'", v);
		if (o->identities_only < 0)
			o->identities_only = b;
	} else if (strcasecmp(key, "IdentityAgent") == 0) {
		if (strcmp(v, "SSH_AUTH_SOCK") == 0 || strcmp(v, "$SSH_AUTH_SOCK") == 0)
			v = getenv("SSH_AUTH_SOCK") ? getenv("SSH_AUTH_SOCK") : "none";
		set_once(&o->agent, v);
	} else if (strcasecmp(key, "IdentityFile") == 0) {
		strvec_push(&o->identity, v);
	} else if (strcasecmp(key, "Port") == 0) {
		int p;

		if (parse_port(v, &p) != 0)
			return usage_error("Port: bad port '%s'", v);
		if (o->port == 0)
			o->port = p;
	} else if (strcasecmp(key, "User") == 0) {
		set_once(&o->user, v);
	} else if (strcasecmp(key, "ConnectTimeout") == 0) {
		int t;

		if (parse_port(v, &t) != 0)
			return usage_error("ConnectTimeout: expected seconds, got '%s'", v);
		if (o->timeout_s < 0)
			o->timeout_s = t;
	} else if (strcasecmp(key, "BatchMode") == 0) {
		if (parse_yesno(v, &b) != 0)
			return usage_error("BatchMode: expected yes or no, got '%s'", v);
		if (o->batch < 0)
			o->batch = b;
	} else if (strcasecmp(key, "RekeyLimit") == 0) {
		if (!o->rekey_set) {
			if (strncasecmp(v, "default", 7) == 0)
				o->rekey = 0;
			else if (parse_bytes(v, &o->rekey) != 0)
				return usage_error("RekeyLimit: bad size '%s'", v);
			o->rekey_set = 1;
		}
	} else if (strcasecmp(key, "SetEnv") == 0) {
		if (strchr(v, '=') == NULL)
			return usage_error("SetEnv: expected NAME=value, got '%s'", v);
		strvec_push(&o->setenv, v);
	} else if (strcasecmp(key, "LogLevel") == 0 || strcasecmp(key, "PasswordAuthentication") == 0 ||
	    strcasecmp(key, "ServerAliveInterval") == 0 || strcasecmp(key, "ServerAliveCountMax") == 0 ||
	    strcasecmp(key, "RequestTTY") == 0) {
		/* Accepted for compatibility with common command lines; no effect yet. */
	} else {
		return usage_error("unsupported option '-o %s'", kv);
	}
	return 0;
}

/* Splits "[user@]host" (the last '@' separates, as ssh does) and ssh:// URIs. */
static int
parse_destination(struct ssh_opts *o, const char *d)
{
	const char *at, *hp;
	char *host;

	if (strncmp(d, "ssh://", 6) == 0) {
		const char *rest = d + 6, *colon;

		at = strrchr(rest, '@');
		if (at) {
			char *u = xstrndup(rest, (size_t)(at - rest));

			set_once(&o->user, u);
			free(u);
			rest = at + 1;
		}
		if (rest[0] == '[') {
			const char *rb = strchr(rest, ']');

			if (rb == NULL)
				return usage_error("bad destination '%s'", d);
			host = xstrndup(rest + 1, (size_t)(rb - rest - 1));
			colon = rb[1] == ':' ? rb + 1 : NULL;
		} else {
			colon = strchr(rest, ':');
			host = colon ? xstrndup(rest, (size_t)(colon - rest)) : xstrdup(rest);
		}
		if (colon) {
			int p;

			if (parse_port(colon + 1, &p) != 0) {
				free(host);
				return usage_error("bad port in '%s'", d);
			}
			if (o->port == 0)
				o->port = p;
		}
		o->host = host;
		return 0;
	}
	at = strrchr(d, '@');
	hp = at ? at + 1 : d;
	if (at) {
		char *u = xstrndup(d, (size_t)(at - d));

		/* On the command line, user@host beats -o User (ssh(1) sets it before -o is read). */
		free(o->user);
		o->user = u;
	}
	if (*hp == '\0')
		return usage_error("no host in destination '%s'", d);
	o->host = xstrdup(hp);
	return 0;
}

static int
parse_args(struct ssh_opts *o, struct strvec *args, struct str *command, int *help)
{
	size_t i = 0;
	int r;

	while (i < args->n) {
		const char *a = args->v[i];
		size_t k;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-?") == 0) {
			*help = 1;
			return 0;
		}
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		for (k = 1; a[k]; k++) {
			char f = a[k];
			const char *val = NULL;

			if (strchr("plioFc", f) || f == 'm' || f == 'J') {
				if (a[k + 1])
					val = a + k + 1;
				else if (i + 1 < args->n)
					val = args->v[++i];
				else
					return usage_error("option -%c needs a value", f);
			}
			switch (f) {
			case 'p': {
				int p;

				if (parse_port(val, &p) != 0)
					return usage_error("bad port '%s'", val);
				if (o->port == 0)
					o->port = p;
				break;
			}
			case 'l':
				set_once(&o->user, val);
				break;
			case 'i':
				strvec_push(&o->identity, val);
				break;
			case 'o':
				if ((r = apply_option(o, val)) != 0)
					return r;
				break;
			case 'F':
				free(o->config);
				o->config = xstrdup(val);
				break;
			case 'c':
				set_once(&o->ciphers, val);
				break;
			case 'm':
				set_once(&o->macs, val);
				break;
			case 'J':
				return usage_error("-J (ProxyJump) is not supported yet");
			case 'v':
				o->verbose++;
				break;
			case 'q':
				o->quiet = 1;
				break;
			case 'n':
				o->null_stdin = 1;
				break;
			case 'T':
			case 'x':
			case 'a':
			case '4':
			case '6':
			case 'C':
				break;
			case 't':
				/* No PTY support yet (issue 7): run without one, as -T would. */
				break;
			case 'h':
				*help = 1;
				return 0;
			default:
				return usage_error("unknown option -%c", f);
			}
			if (val)
				break;
		}
		i++;
	}
	if (i >= args->n)
		return usage_error("no destination given");
	if ((r = parse_destination(o, args->v[i])) != 0)
		return r;
	for (i++; i < args->n; i++) {
		if (command->len)
			str_addch(command, ' ');
		str_adds(command, args->v[i]);
	}
	return 0;
}

static void
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* reader gone: drop output, keep the exit status */
		c += w;
		n -= (size_t)w;
	}
}

static void
on_output(void *arg, int stream, const void *p, size_t n)
{
	(void)arg;
	write_all(stream == 2 ? 2 : 1, p, n);
}

/* Runs the SSH_ASKPASS program with the prompt as its argument; its first output line. */
static int
run_askpass(const char *prog, const char *path, char *buf, size_t n)
{
	struct str out = STR_INIT, prompt = STR_INIT;
	struct errinfo e;
	char *argv[3];
	int status = -1, r;
	size_t l;

	out.secret = 1;
	str_addf(&prompt, "Enter passphrase for key '%s': ", path);
	argv[0] = (char *)(uintptr_t)prog;
	argv[1] = prompt.s;
	argv[2] = NULL;
	err_clear(&e);
	r = proc_run_argv(argv, NULL, &out, NULL, 4096, &status, &e);
	str_release(&prompt);
	if (r != 0 || status != 0) {
		str_release(&out);
		return -1;
	}
	l = strcspn(str_cstr(&out), "\r\n");
	if (l >= n)
		l = n - 1;
	memcpy(buf, str_cstr(&out), l);
	buf[l] = '\0';
	str_release(&out);
	return 0;
}

/* Reads a passphrase from the terminal with echo off (like ssh's read_passphrase). */
static int
ask_passphrase(void *arg, const char *path, char *buf, size_t n)
{
	struct termios old, noecho;
	const char *askpass = getenv("SSH_ASKPASS"), *req = getenv("SSH_ASKPASS_REQUIRE");
	int fd, ok = 0;
	size_t len = 0;
	char c;

	(void)arg;
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	/* ssh(1): SSH_ASKPASS when forced, or when there is no terminal to ask on. */
	if (askpass && *askpass && (strcmp(req ? req : "", "force") == 0 ||
	    (fd < 0 && strcmp(req ? req : "", "never") != 0))) {
		if (fd >= 0)
			close(fd);
		return run_askpass(askpass, path, buf, n);
	}
	if (fd < 0)
		return -1;
	dprintf(fd, "Enter passphrase for key '%s': ", path);
	if (tcgetattr(fd, &old) == 0) {
		noecho = old;
		noecho.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(fd, TCSAFLUSH, &noecho);
		ok = 1;
	}
	while (len + 1 < n && read(fd, &c, 1) == 1 && c != '\n' && c != '\r')
		buf[len++] = c;
	buf[len] = '\0';
	if (ok)
		tcsetattr(fd, TCSAFLUSH, &old);
	dprintf(fd, "\n");
	close(fd);
	wipe(&c, sizeof(c));
	return 0;
}

static void
opts_release(struct ssh_opts *o)
{
	free(o->host);
	free(o->user);
	free(o->agent);
	free(o->alias);
	free(o->kex);
	free(o->ciphers);
	free(o->macs);
	free(o->hostkeys);
	free(o->config);
	strvec_clear(&o->identity);
	strvec_clear(&o->user_kh);
	strvec_clear(&o->global_kh);
	strvec_clear(&o->setenv);
}

/* Resolves +/-/^ list syntax against the defaults. */
static int
alglist(const char *spec, const char *defaults, const char *what, int (*known)(const char *),
    char **out)
{
	struct errinfo e;

	*out = NULL;
	if (spec == NULL)
		return 0;
	err_clear(&e);
	if (ssh_alglist_apply(defaults, spec, what, known, out, &e) != 0)
		return usage_error("%s", e.msg);
	return 0;
}

struct par_job {
	pthread_t		 th;
	struct ssh_conn		*conn;
	const char		*cmd;
	struct str		 out, err;
	int			 status;
	int			 rc;
	struct errinfo		 e;
};

static void *
par_run(void *arg)
{
	struct par_job *j = arg;

	j->rc = ssh_exec(j->conn, j->cmd, NULL, 0, &j->out, &j->err, &j->status, &j->e);
	return NULL;
}

/* Every job's stdout in job order; exit 0 only if all jobs exited 0. */
static int
run_parallel(struct ssh_conn *conn, const char *cmd, int n)
{
	struct par_job *jobs;
	int i, rc = 0;

	if (n > 256)
		n = 256;
	jobs = xcalloc((size_t)n, sizeof(*jobs));
	for (i = 0; i < n; i++) {
		jobs[i].conn = conn;
		jobs[i].cmd = cmd;
		str_init(&jobs[i].out);
		str_init(&jobs[i].err);
		err_clear(&jobs[i].e);
		if (pthread_create(&jobs[i].th, NULL, par_run, &jobs[i]) != 0) {
			jobs[i].rc = ERR_IO;
			jobs[i].th = 0;
		}
	}
	for (i = 0; i < n; i++) {
		if (jobs[i].th)
			pthread_join(jobs[i].th, NULL);
		write_all(1, str_cstr(&jobs[i].out), jobs[i].out.len);
		write_all(2, str_cstr(&jobs[i].err), jobs[i].err.len);
		if (jobs[i].rc != 0) {
			fprintf(stderr, "job %d: %s\n", i, jobs[i].e.msg);
			rc = SSH_EXIT_FAIL;
		} else if (jobs[i].status != 0 && rc == 0) {
			rc = jobs[i].status < 0 ? SSH_EXIT_FAIL : jobs[i].status;
		}
		str_release(&jobs[i].out);
		str_release(&jobs[i].err);
	}
	free(jobs);
	return rc;
}

int	cmd_ssh(struct cli *c);

int
cmd_ssh(struct cli *c)
{
	struct ssh_opts o;
	struct ssh_target t;
	struct ssh_client *cl = NULL;
	struct ssh_conn *conn = NULL;
	struct ssh_exec_io io;
	struct ssh_exec_result res;
	struct errinfo e;
	struct str command = STR_INIT, desc = STR_INIT;
	struct strvec kh = STRVEC_INIT;
	char *kex = NULL, *ciphers = NULL, *macs = NULL, *hostkeys = NULL;
	int help = 0, rc = SSH_EXIT_FAIL, r;
	size_t i;

	memset(&o, 0, sizeof(o));
	o.identities_only = o.strict = o.hash_kh = o.timeout_s = o.batch = -1;
	err_clear(&e);
	if ((r = parse_args(&o, &c->args, &command, &help)) != 0)
		goto out;
	if (help) {
		fputs(ssh_help, stdout);
		rc = 0;
		goto out;
	}
	if (o.config) {
		rc = usage_error("-F: ssh_config files are not supported yet (pass the settings with -o)");
		goto out;
	}
	if (o.verbose)
		log_set_level(o.verbose > 1 ? LOG_TRACE : LOG_DEBUG);
	else if (o.quiet)
		log_set_level(LOG_ERROR);
	if (alglist(o.kex, kex_default_list, "key exchange", ssh_known_kex, &kex) != 0 ||
	    alglist(o.ciphers, cipher_default_list, "cipher", ssh_known_cipher, &ciphers) != 0 ||
	    alglist(o.macs, mac_default_list, "MAC", ssh_known_mac, &macs) != 0 ||
	    alglist(o.hostkeys, hostkey_default_list, "host key", ssh_known_hostkey, &hostkeys) != 0)
		goto out;

	ssh_target_init(&t);
	t.host = o.host;
	t.port = o.port;
	t.user = o.user;
	t.host_key_alias = o.alias;
	if (o.identity.n)
		t.identity_files = (const char *const *)o.identity.v;
	t.identities_only = o.identities_only > 0;
	t.agent_socket = o.agent;
	if (o.user_kh.n || o.global_kh.n) {
		const char *const udef[] = { "~/.ssh/known_hosts", "~/.ssh/known_hosts2", NULL };
		const char *const gdef[] = { "/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2", NULL };

		if (o.user_kh.n)
			for (i = 0; i < o.user_kh.n; i++) {
				if (strcmp(o.user_kh.v[i], "none") != 0)
					strvec_push(&kh, o.user_kh.v[i]);
			}
		else
			strvec_pushv(&kh, udef);
		if (o.user_kh.n && strcmp(o.user_kh.v[0], "none") != 0)
			t.known_hosts_add = o.user_kh.v[0];
		else if (o.user_kh.n)
			t.known_hosts_add = "/dev/null";
		if (o.global_kh.n) {
			for (i = 0; i < o.global_kh.n; i++)
				if (strcmp(o.global_kh.v[i], "none") != 0)
					strvec_push(&kh, o.global_kh.v[i]);
		} else {
			strvec_pushv(&kh, gdef);
		}
		/* An all-"none" list still needs its terminating NULL. */
		if (kh.n == 0) {
			strvec_push(&kh, "/dev/null");
		}
		t.known_hosts = (const char *const *)kh.v;
	}
	t.hash_known_hosts = o.hash_kh > 0;
	if (o.strict >= 0)
		t.strict = (enum ssh_strict)o.strict;
	t.connect_timeout_ms = o.timeout_s > 0 ? o.timeout_s * 1000 : 0;
	t.batch_mode = o.batch > 0;
	t.passphrase = t.batch_mode ? NULL : ask_passphrase;
	t.kex_algs = kex;
	t.ciphers = ciphers;
	t.macs = macs;
	t.hostkey_algs = hostkeys;
	t.rekey_bytes = o.rekey;

	cl = ssh_client_new();
	if (ssh_connect(cl, &t, &conn, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		goto out;
	}
	ssh_conn_describe(conn, &desc);
	log_debug("%s: connected: %s", o.host, str_cstr(&desc));

	/*
	 * Test hook (tests/interop): SEXTANT_SSH_PARALLEL=N runs the command N times at
	 * once, each on its own thread and channel of this one connection.
	 */
	if (getenv("SEXTANT_SSH_PARALLEL") && atoi(getenv("SEXTANT_SSH_PARALLEL")) > 1) {
		rc = run_parallel(conn, str_cstr(&command), atoi(getenv("SEXTANT_SSH_PARALLEL")));
		goto out;
	}
	memset(&io, 0, sizeof(io));
	io.stdin_fd = o.null_stdin ? -1 : 0;
	io.on_output = on_output;
	io.env = o.setenv.n ? (const char *const *)o.setenv.v : NULL;
	if (ssh_exec_stream(conn, command.len ? str_cstr(&command) : NULL, &io, &res, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		goto out;
	}
	if (res.exit_status >= 0) {
		rc = res.exit_status;
	} else {
		if (res.exit_signal[0] && !o.quiet)
			fprintf(stderr, "sextant ssh: remote command killed by signal %s%s\n", res.exit_signal,
			    res.core_dumped ? " (core dumped)" : "");
		rc = SSH_EXIT_FAIL;
	}
out:
	if (conn)
		ssh_conn_close(conn);
	ssh_client_free(cl);
	free(kex);
	free(ciphers);
	free(macs);
	free(hostkeys);
	str_release(&command);
	str_release(&desc);
	strvec_clear(&kh);
	opts_release(&o);
	return rc;
}
