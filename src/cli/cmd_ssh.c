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
#include "ssh/sshconf.h"
#include "ssh/sshmatch.h"
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
"  -F FILE          ssh_config file to read instead of ~/.ssh/config and\n"
"                   /etc/ssh/ssh_config (-F none: no file)\n"
"  -v               verbose: log the handshake and negotiated algorithms\n"
"  -q               quiet: only errors\n"
"  -T               no pseudo-terminal (the only mode sextant has)\n"
"  -n               stdin from /dev/null\n"
"\n"
"Settings (-o and ssh_config files; the first value given wins):\n"
"  HostName, Port, User, KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms (lists; +x appends,\n"
"  -x removes, ^x prepends), UserKnownHostsFile, GlobalKnownHostsFile, StrictHostKeyChecking\n"
"  (yes|accept-new|no; default accept-new), HashKnownHosts, HostKeyAlias, IdentityFile,\n"
"  IdentitiesOnly, IdentityAgent (path|none), ConnectTimeout (seconds), BatchMode, SetEnv,\n"
"  SendEnv, LogLevel, RekeyLimit (bytes, K/M/G). Not yet: ProxyJump (-J), ProxyCommand, PTYs.\n"
"\n"
"Supported algorithms:\n"
"  kex:       curve25519-sha256, curve25519-sha256@libssh.org, ecdh-sha2-nistp256\n"
"  host keys: ssh-ed25519, ecdsa-sha2-nistp256, rsa-sha2-512, rsa-sha2-256\n"
"  ciphers:   aes128-gcm@openssh.com, aes256-gcm@openssh.com, chacha20-poly1305@openssh.com,\n"
"             aes128-ctr, aes256-ctr\n"
"  MACs:      hmac-sha2-256-etm@openssh.com, hmac-sha2-512-etm@openssh.com, hmac-sha2-256,\n"
"             hmac-sha2-512\n";

/* What the command line said, before ssh_config is read. */
struct ssh_opts {
	struct strvec	 settings;	/* keyword, value, keyword, value ... in command-line order */
	char		*dest;		/* [user@]host or ssh://... */
	char		*config;	/* -F */
	uint64_t	 rekey;
	int		 rekey_set;
	int		 identity_given;	/* -i or -o IdentityFile: warn about missing files */
	int		 verbose;
	int		 quiet;
	int		 null_stdin;
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
setting(struct ssh_opts *o, const char *k, const char *v)
{
	strvec_push(&o->settings, k);
	strvec_push(&o->settings, v);
}

/* One -o argument. RekeyLimit is handled here (sshconf has no use for it elsewhere). */
static int
option_arg(struct ssh_opts *o, const char *kv)
{
	size_t kl = strcspn(kv, "= \t");
	const char *v = kv + kl;

	if (kl == 0 || *v == '\0')
		return usage_error("bad -o option '%s' (expected Key=Value)", kv);
	v += strspn(v, " \t");
	if (*v == '=')
		v++;
	v += strspn(v, " \t");
	if (kl == 10 && strncasecmp(kv, "RekeyLimit", 10) == 0) {
		if (!o->rekey_set) {
			if (strncasecmp(v, "default", 7) == 0)
				o->rekey = 0;
			else if (parse_bytes(v, &o->rekey) != 0)
				return usage_error("RekeyLimit: bad size '%s'", v);
			o->rekey_set = 1;
		}
		return 0;
	}
	if (kl == 12 && strncasecmp(kv, "IdentityFile", 12) == 0)
		o->identity_given = 1;
	strvec_push(&o->settings, "-o");
	strvec_push(&o->settings, kv);
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

			if (strchr("plioFcmJ", f)) {
				if (a[k + 1])
					val = a + k + 1;
				else if (i + 1 < args->n)
					val = args->v[++i];
				else
					return usage_error("option -%c needs a value", f);
			}
			switch (f) {
			case 'p':
				setting(o, "Port", val);
				break;
			case 'l':
				setting(o, "User", val);
				break;
			case 'i':
				setting(o, "IdentityFile", val);
				o->identity_given = 1;
				break;
			case 'o':
				if ((r = option_arg(o, val)) != 0)
					return r;
				break;
			case 'F':
				free(o->config);
				o->config = xstrdup(val);
				break;
			case 'c':
				setting(o, "Ciphers", val);
				break;
			case 'm':
				setting(o, "MACs", val);
				break;
			case 'J':
				setting(o, "ProxyJump", val);
				break;
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
			case 't':	/* no PTY support yet (issue 7): run without one, as -T would */
			case 'x':
			case 'a':
			case 'C':
				break;
			case '4':
				setting(o, "AddressFamily", "inet");
				break;
			case '6':
				setting(o, "AddressFamily", "inet6");
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
	o->dest = xstrdup(args->v[i]);
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
	strvec_clear(&o->settings);
	free(o->dest);
	free(o->config);
}

/* The final algorithm list: the ssh_config spec (+/-/^ or a list) against what sextant has. */
static int
alglist(const char *what, const char *spec, const char *supported, char **out, struct errinfo *e)
{
	struct str s = STR_INIT;
	int r;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		return 0;
	r = sshconf_alg_list(what, spec, supported, supported, &s, e);
	if (r == 0)
		*out = str_detach(&s, NULL);
	str_release(&s);
	return r;
}

/* SendEnv: local variables whose names match a pattern, as NAME=value (ssh(1) does the same). */
static void
collect_env(const struct sshconf *c, struct strvec *env)
{
	extern char **environ;
	size_t i, j;

	for (i = 0; i < c->set_env.n; i++)
		strvec_push(env, c->set_env.v[i]);
	for (i = 0; environ && environ[i]; i++) {
		const char *eq = strchr(environ[i], '=');
		char name[256];

		if (eq == NULL || (size_t)(eq - environ[i]) >= sizeof(name))
			continue;
		memcpy(name, environ[i], (size_t)(eq - environ[i]));
		name[eq - environ[i]] = '\0';
		for (j = 0; j < c->send_env.n; j++) {
			const char *pat = c->send_env.v[j];

			if (pat[0] != '-' && sshmatch_pattern(name, pat, strlen(pat), 0)) {
				strvec_push(env, environ[i]);
				break;
			}
		}
	}
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
	struct sshconf conf;
	struct ssh_target t;
	struct ssh_client *cl = NULL;
	struct ssh_conn *conn = NULL;
	struct ssh_exec_io io;
	struct ssh_exec_result res;
	struct errinfo e;
	struct sshconf_jump dest;
	struct str command = STR_INIT, desc = STR_INIT;
	struct strvec kh = STRVEC_INIT, env = STRVEC_INIT;
	char *kex = NULL, *ciphers = NULL, *macs = NULL, *hostkeys = NULL;
	const char *files[2];
	char portbuf[16];
	int help = 0, rc = SSH_EXIT_FAIL, conf_ready = 0;
	size_t i;

	memset(&o, 0, sizeof(o));
	memset(&dest, 0, sizeof(dest));
	err_clear(&e);
	if (parse_args(&o, &c->args, &command, &help) != 0)
		goto out;
	if (help) {
		fputs(ssh_help, stdout);
		rc = 0;
		goto out;
	}
	if (o.verbose)
		log_set_level(o.verbose > 1 ? LOG_TRACE : LOG_DEBUG);
	else if (o.quiet)
		log_set_level(LOG_ERROR);
	if (sshconf_parse_dest(o.dest, &dest, &e) != 0) {
		rc = usage_error("%s", e.msg);
		goto out;
	}
	/* ssh_config(5): command line first (in order), and the first value wins. */
	sshconf_init(&conf, dest.host);
	conf_ready = 1;
	for (i = 0; i + 1 < o.settings.n; i += 2) {
		int r = strcmp(o.settings.v[i], "-o") == 0 ?
		    sshconf_option(&conf, o.settings.v[i + 1], &e) :
		    sshconf_set(&conf, o.settings.v[i], o.settings.v[i + 1], &e);

		if (r != 0) {
			rc = usage_error("%s", e.msg);
			goto out;
		}
	}
	snprintf(portbuf, sizeof(portbuf), "%d", dest.port);
	/* user@host counts only if neither -l nor -o User said otherwise (as in ssh.c). */
	if (dest.port && sshconf_set(&conf, "Port", portbuf, &e) != 0) {
		rc = usage_error("%s", e.msg);
		goto out;
	}
	if (dest.user && sshconf_set(&conf, "User", dest.user, &e) != 0) {
		rc = usage_error("%s", e.msg);
		goto out;
	}
	files[0] = o.config;
	files[1] = NULL;
	if (sshconf_load(&conf, o.config ? (strcmp(o.config, "none") == 0 ? files + 1 : files) : NULL,
	    0, &e) != 0) {
		fprintf(stderr, "sextant ssh: %s%s%s\n", e.where, e.where[0] ? ": " : "", e.msg);
		goto out;
	}
	if (conf.proxy_jump || conf.proxy_command) {
		fprintf(stderr, "sextant ssh: %s is not supported yet (connect directly, or use ssh)\n",
		    conf.proxy_jump ? "ProxyJump" : "ProxyCommand");
		goto out;
	}
	if (conf.log_level && (strcasecmp(conf.log_level, "QUIET") == 0 || strcasecmp(conf.log_level, "FATAL") == 0 ||
	    strcasecmp(conf.log_level, "ERROR") == 0) && !o.verbose)
		log_set_level(LOG_ERROR);
	if (alglist("KexAlgorithms", conf.kex_algorithms, kex_default_list, &kex, &e) != 0 ||
	    alglist("Ciphers", conf.ciphers, cipher_default_list, &ciphers, &e) != 0 ||
	    alglist("MACs", conf.macs, mac_default_list, &macs, &e) != 0 ||
	    alglist("HostKeyAlgorithms", conf.host_key_algorithms, hostkey_default_list, &hostkeys, &e) != 0) {
		rc = usage_error("%s", e.msg);
		goto out;
	}

	ssh_target_init(&t);
	t.host = conf.hostname;
	t.port = conf.port;
	t.user = conf.user;
	t.label = dest.host;
	t.host_key_alias = conf.host_key_alias;
	t.identity_files = (const char *const *)conf.identity_files.v;
	t.identity_files_quiet = !o.identity_given;
	t.identities_only = conf.identities_only > 0;
	t.agent_socket = conf.identity_agent ? conf.identity_agent : NULL;
	for (i = 0; i < conf.user_known_hosts_files.n; i++)
		if (strcmp(conf.user_known_hosts_files.v[i], "none") != 0)
			strvec_push(&kh, conf.user_known_hosts_files.v[i]);
	t.known_hosts_add = kh.n ? kh.v[0] : "/dev/null";
	for (i = 0; i < conf.global_known_hosts_files.n; i++)
		if (strcmp(conf.global_known_hosts_files.v[i], "none") != 0)
			strvec_push(&kh, conf.global_known_hosts_files.v[i]);
	if (kh.n == 0)
		strvec_push(&kh, "/dev/null");
	t.known_hosts = (const char *const *)kh.v;
	t.hash_known_hosts = conf.hash_known_hosts > 0;
	switch (conf.strict_host_key_checking) {
	case SSHCONF_SHKC_YES:
	case SSHCONF_SHKC_ASK:	/* nobody to ask: as yes */
		t.strict = SSH_STRICT_YES;
		break;
	case SSHCONF_SHKC_NO:
		t.strict = SSH_STRICT_NO;
		break;
	default:
		t.strict = SSH_STRICT_ACCEPT_NEW;	/* Kamal's net-ssh default */
		break;
	}
	t.connect_timeout_ms = conf.connect_timeout > 0 ? conf.connect_timeout * 1000 : 0;
	t.batch_mode = conf.batch_mode > 0;
	t.passphrase = t.batch_mode ? NULL : ask_passphrase;
	t.kex_algs = kex;
	t.ciphers = ciphers;
	t.macs = macs;
	t.hostkey_algs = hostkeys;
	t.rekey_bytes = o.rekey;
	collect_env(&conf, &env);

	cl = ssh_client_new();
	if (ssh_connect(cl, &t, &conn, &e) != 0) {
		/* One line, like ssh(1): "user@host: Permission denied (publickey)". */
		if (e.where[0] && strncmp(e.msg, "ssh: ", 5) != 0)
			fprintf(stderr, "%s@%s: %s\n", conf.user, e.where, e.msg);
		else
			fprintf(stderr, "%s\n", e.msg);
		goto out;
	}
	ssh_conn_describe(conn, &desc);
	log_debug("%s: connected: %s", dest.host, str_cstr(&desc));
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
	io.env = env.n ? (const char *const *)env.v : NULL;
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
	strvec_clear(&env);
	free(dest.user);
	free(dest.host);
	if (conf_ready)
		sshconf_release(&conf);
	opts_release(&o);
	return rc;
}
