/*
 * cmd_ssh — `sextant ssh`: an OpenSSH-compatible command line over sextant's own
 * SSH client (src/ssh/ssh.h). Also the tool the interop tests drive.
 *
 *   sextant ssh [-46AaNnqTtv] [-p PORT] [-l USER] [-i KEY]... [-o Key=Value]...
 *               [-F CONFIG] [-J [user@]host[:port][,...]] [-L spec]... [-R spec]...
 *               [-W host:port] [user@]host [command...]
 *
 * The command table marks ssh CMD_RAW_ARGS, so the words arrive untouched and
 * are parsed here with ssh(1)'s rules: single-letter flags may be bundled (-vT),
 * option values may be attached (-p2222) or separate, and the first word that is
 * not an option is the destination; the rest is the command, joined with spaces.
 * For -o, as in ssh_config(5), the first value given for a keyword wins (except
 * IdentityFile, which accumulates).
 *
 * Destinations are resolved by ssh/sshdest.h (ssh_config, then each ProxyJump
 * hop with its own config); jump hosts run in-process over direct-tcpip channels
 * of one connection per hop.
 *
 * Terminal: with a PTY (-t, or no command on a terminal, as ssh(1)) the local
 * terminal is put in raw mode and restored on every way out — normal return,
 * errors, and the signals that end us (SIGTERM, SIGHUP, SIGQUIT, SIGINT, which
 * restore it before dying) — and SIGWINCH becomes a window-change request.
 *
 * Exit status: the remote command's, or 255 with a one-line reason when the
 * connection or authentication fails (ssh(1) does the same).
 */
#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "core/log.h"
#include "core/proc.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/timeutil.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/forward.h"
#include "ssh/ssh.h"
#include "ssh/sshconf.h"
#include "ssh/sshdest.h"

#define SSH_EXIT_FAIL	255

static const char ssh_help[] =
"Usage: sextant ssh [options] [user@]host [command...]\n"
"\n"
"Runs a command (or a login shell) on a remote host over SSH, with sextant's\n"
"built-in client. stdin is forwarded to the command; its stdout and stderr come\n"
"back separately; the exit status is the remote command's (255 if the\n"
"connection fails).\n"
"\n"
"Options (as in ssh(1)):\n"
"  -p PORT          port to connect to (default 22)\n"
"  -l USER          user to log in as\n"
"  -i FILE          identity (private key) file; may be repeated\n"
"  -o KEY=VALUE     an ssh_config option (see below); may be repeated\n"
"  -F FILE          ssh_config file to read instead of ~/.ssh/config and\n"
"                   /etc/ssh/ssh_config (-F none: no file)\n"
"  -J HOST[,HOST]   jump hosts, [user@]host[:port] each, in order (ProxyJump)\n"
"  -L [ADDR:]PORT:HOST:HOSTPORT   forward a local port (or -L /SOCKET:..., or\n"
"                   ...:/REMOTE_SOCKET) to HOST:HOSTPORT as the server sees it\n"
"  -R [ADDR:]PORT:HOST:HOSTPORT   the server listens on PORT (0: its choice, printed)\n"
"                   and forwards each connection to HOST:HOSTPORT as seen from here\n"
"  -W HOST:PORT     relay stdin and stdout to HOST:PORT through the server\n"
"  -N               no command: only forward ports\n"
"  -t               a pseudo-terminal (-tt: even if stdin is not a terminal)\n"
"  -T               no pseudo-terminal\n"
"  -A / -a          forward / do not forward the ssh-agent\n"
"  -v               verbose: log the handshake and negotiated algorithms\n"
"  -q               quiet: only errors\n"
"  -n               stdin from /dev/null\n"
"  -4 / -6          IPv4 / IPv6 addresses only\n"
"\n"
"Settings (-o and ssh_config files; the first value given wins):\n"
"  HostName, Port, User, KexAlgorithms, Ciphers, MACs, HostKeyAlgorithms (lists; +x appends,\n"
"  -x removes, ^x prepends), UserKnownHostsFile, GlobalKnownHostsFile, StrictHostKeyChecking\n"
"  (yes|accept-new|no; default accept-new), HashKnownHosts, HostKeyAlias, IdentityFile,\n"
"  IdentitiesOnly, IdentityAgent (path|none), ConnectTimeout (seconds: TCP connect, banner,\n"
"  key exchange and authentication), BatchMode, SetEnv, SendEnv, LogLevel, RekeyLimit\n"
"  (bytes, K/M/G), ProxyJump, ProxyCommand (%h %p %r %n %%), ServerAliveInterval,\n"
"  ServerAliveCountMax, ForwardAgent, RequestTTY (no|yes|force|auto), LocalForward,\n"
"  RemoteForward, AddressFamily.\n"
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
	struct strvec	 lfwd, rfwd;	/* -L, -R */
	char		*dest;		/* [user@]host or ssh://... */
	char		*config;	/* -F */
	char		*stdio_fwd;	/* -W */
	uint64_t	 rekey;
	int		 rekey_set;
	int		 identity_given;	/* -i or -o IdentityFile: warn about missing files */
	int		 verbose;
	int		 quiet;
	int		 null_stdin;
	int		 no_command;	/* -N */
	int		 tty;		/* -t count */
	int		 no_tty;	/* -T */
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

			if (strchr("plioFcmJLRWbDeESw", f)) {
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
			case 'L':
				strvec_push(&o->lfwd, val);
				break;
			case 'R':
				strvec_push(&o->rfwd, val);
				break;
			case 'W':
				free(o->stdio_fwd);
				o->stdio_fwd = xstrdup(val);
				break;
			case 'b':
			case 'D':
			case 'e':
			case 'E':
			case 'S':
			case 'w':
				return usage_error("option -%c is not supported by sextant ssh", f);
			case 'v':
				o->verbose++;
				break;
			case 'q':
				o->quiet = 1;
				break;
			case 'n':
				o->null_stdin = 1;
				break;
			case 'N':
				o->no_command = 1;
				break;
			case 't':
				o->tty++;
				break;
			case 'T':
				o->no_tty = 1;
				break;
			case 'A':
				setting(o, "ForwardAgent", "yes");
				break;
			case 'a':
				setting(o, "ForwardAgent", "no");
				break;
			case 'x':
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
	strvec_clear(&o->lfwd);
	strvec_clear(&o->rfwd);
	free(o->dest);
	free(o->config);
	free(o->stdio_fwd);
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

/* ---- the terminal ---- */

static struct termios	saved_tio;
static volatile sig_atomic_t tio_saved;
static int		winch_pipe[2] = { -1, -1 };
static volatile sig_atomic_t stop_signal;

/* Async-signal-safe: tcsetattr is. */
static void
tty_restore(void)
{
	if (tio_saved) {
		tcsetattr(0, TCSADRAIN, &saved_tio);
		tio_saved = 0;
	}
}

static void
on_fatal_signal(int sig)
{
	/* Put the terminal back, then die of the same signal (the default action). */
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_winch(int sig)
{
	int saved = errno;
	char b = 1;

	(void)sig;
	if (winch_pipe[1] >= 0 && write(winch_pipe[1], &b, 1) < 0) {
		/* a full pipe already has a wake-up in it */
	}
	errno = saved;
}

static void
on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void
catch(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

/* Raw mode as ssh(1) uses it for a PTY session: no echo, no line editing, no signals, no CR/LF mapping. */
static int
tty_raw(void)
{
	struct termios t;

	if (tcgetattr(0, &saved_tio) != 0)
		return -1;
	t = saved_tio;
	t.c_iflag |= IGNPAR;
	t.c_iflag &= ~(tcflag_t)(ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXANY | IXOFF);
	t.c_lflag &= ~(tcflag_t)(ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHONL | IEXTEN);
	t.c_oflag &= ~(tcflag_t)OPOST;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tio_saved = 1;
	atexit(tty_restore);
	catch(SIGTERM, on_fatal_signal);
	catch(SIGHUP, on_fatal_signal);
	catch(SIGQUIT, on_fatal_signal);
	catch(SIGINT, on_fatal_signal);
	if (tcsetattr(0, TCSADRAIN, &t) != 0) {
		tio_saved = 0;
		return -1;
	}
	return 0;
}

/* Whether to ask for a PTY, as ssh(1) decides (RequestTTY, -t, -T). */
static int
want_pty(const struct ssh_opts *o, const struct sshconf *conf, int have_command)
{
	int mode = conf->request_tty;

	if (o->no_tty)
		return 0;
	if (o->tty >= 2)
		mode = SSHCONF_TTY_FORCE;
	else if (o->tty == 1 && mode != SSHCONF_TTY_FORCE)
		mode = SSHCONF_TTY_YES;
	switch (mode) {
	case SSHCONF_TTY_FORCE:
		return 1;
	case SSHCONF_TTY_YES:
		if (!isatty(0)) {
			if (!o->quiet)
				fprintf(stderr, "Pseudo-terminal will not be allocated because stdin is not a terminal.\n");
			return 0;
		}
		return 1;
	case SSHCONF_TTY_NO:
		return 0;
	default:
		return !have_command && isatty(0);
	}
}

/* ---- forwarding ---- */

struct fwds {
	struct ssh_forward	*v[64];
	int			 n;
};

static int
start_forwards(struct ssh_conn *conn, const struct ssh_opts *o, const struct sshconf *conf, struct fwds *f,
    int quiet)
{
	struct strvec l = STRVEC_INIT, r = STRVEC_INIT;
	size_t i;
	int rc = 0;

	strvec_pushv(&l, (const char *const *)o->lfwd.v);
	strvec_pushv(&l, (const char *const *)conf->local_forwards.v);
	strvec_pushv(&r, (const char *const *)o->rfwd.v);
	strvec_pushv(&r, (const char *const *)conf->remote_forwards.v);
	for (i = 0; i < l.n + r.n && f->n < 64; i++) {
		int remote = i >= l.n;
		const char *arg = remote ? r.v[i - l.n] : l.v[i];
		struct ssh_fwd_spec spec;
		struct errinfo e;
		char *store = NULL;

		err_clear(&e);
		if (ssh_fwd_parse(arg, &spec, &store, &e) != 0) {
			fprintf(stderr, "sextant ssh: %s\n", e.msg);
			free(store);
			rc = -1;
			break;
		}
		if (remote ? ssh_forward_remote(conn, &spec, time_mono_ms() + 30000, &f->v[f->n], &e) :
		    ssh_forward_local(conn, &spec, &f->v[f->n], &e)) {
			/* ssh(1) warns and goes on (ExitOnForwardFailure no). */
			fprintf(stderr, "Warning: %s\n", e.msg);
		} else {
			if (remote && spec.listen_port == 0 && !spec.listen_path && !quiet)
				fprintf(stderr, "Allocated port %d for remote forward to %s:%d\n",
				    ssh_forward_port(f->v[f->n]), spec.connect_path ? spec.connect_path :
				    spec.connect_host, spec.connect_port);
			f->n++;
		}
		free(store);
	}
	strvec_clear(&l);
	strvec_clear(&r);
	return rc;
}

static void
stop_forwards(struct fwds *f)
{
	while (f->n > 0)
		ssh_forward_close(f->v[--f->n]);
}

/* -W host:port (or -W /socket) */
static int
parse_stdio(const char *s, char **host, int *port, char **path)
{
	struct sshconf_jump j;
	struct errinfo e;

	*host = *path = NULL;
	*port = 0;
	if (s[0] == '/') {
		*path = xstrdup(s);
		return 0;
	}
	err_clear(&e);
	if (sshconf_parse_dest(s, &j, &e) != 0)
		return -1;
	if (j.user || j.port == 0) {
		free(j.user);
		free(j.host);
		return -1;
	}
	*host = j.host;
	*port = j.port;
	return 0;
}

int	cmd_ssh(struct cli *c);

int
cmd_ssh(struct cli *c)
{
	struct ssh_opts o;
	struct ssh_dest_opts dopts;
	struct ssh_dest *dest = NULL;
	struct ssh_client *cl = NULL;
	struct ssh_conn *conn = NULL;
	struct ssh_exec_io io;
	struct ssh_exec_result res;
	struct ssh_pty pty;
	struct errinfo e;
	struct fwds fw;
	struct str command = STR_INIT, desc = STR_INIT;
	struct strvec settings = STRVEC_INIT;
	const char *files[2];
	char *w_host = NULL, *w_path = NULL;
	uint8_t *modes = NULL;
	size_t modes_len = 0, i;
	int help = 0, rc = SSH_EXIT_FAIL, use_pty = 0, w_port = 0;

	memset(&o, 0, sizeof(o));
	memset(&fw, 0, sizeof(fw));
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
	if (o.stdio_fwd && (command.len || o.no_command || o.lfwd.n || o.rfwd.n)) {
		rc = usage_error("-W cannot be combined with a command, -N, -L or -R");
		goto out;
	}
	if (o.stdio_fwd && parse_stdio(o.stdio_fwd, &w_host, &w_port, &w_path) != 0) {
		rc = usage_error("bad -W argument '%s' (expected host:port)", o.stdio_fwd);
		goto out;
	}
	if (o.no_command && command.len) {
		rc = usage_error("-N and a command exclude each other");
		goto out;
	}

	/* ssh_config(5): command line first (in order), and the first value wins. */
	for (i = 0; i < o.settings.n; i++)
		strvec_push(&settings, o.settings.v[i]);
	ssh_dest_opts_init(&dopts);
	files[0] = o.config;
	files[1] = NULL;
	dopts.files = o.config ? (strcmp(o.config, "none") == 0 ? files + 1 : files) : NULL;
	dopts.settings = (const char *const *)settings.v;
	dopts.identity_given = o.identity_given;
	dopts.rekey_bytes = o.rekey;
	dopts.passphrase = ask_passphrase;
	dopts.default_strict = SSH_STRICT_ACCEPT_NEW;	/* Kamal's net-ssh default */
	if (ssh_dest_resolve(o.dest, &dopts, &dest, &e) != 0) {
		if (e.where[0])
			fprintf(stderr, "sextant ssh: %s: %s\n", e.where, e.msg);
		else
			rc = usage_error("%s", e.msg);
		goto out;
	}
	if (dest->conf.log_level && !o.verbose && (strcasecmp(dest->conf.log_level, "QUIET") == 0 ||
	    strcasecmp(dest->conf.log_level, "FATAL") == 0 || strcasecmp(dest->conf.log_level, "ERROR") == 0))
		log_set_level(LOG_ERROR);
	use_pty = !o.stdio_fwd && !o.no_command && want_pty(&o, &dest->conf, command.len > 0);

	cl = ssh_client_new();
	if (ssh_connect(cl, &dest->t, &conn, &e) != 0) {
		/* One line, like ssh(1): "user@host: Permission denied (publickey)". */
		if (e.where[0] && strncmp(e.msg, "ssh: ", 5) != 0 && strncmp(e.msg, "jump host", 9) != 0 &&
		    strncmp(e.msg, "connection to jump host", 23) != 0)
			fprintf(stderr, "%s@%s: %s\n", dest->conf.user, e.where, e.msg);
		else
			fprintf(stderr, "%s\n", e.msg);
		goto out;
	}
	ssh_conn_describe(conn, &desc);
	log_debug("%s: connected: %s", dest->label, str_cstr(&desc));

	if (o.stdio_fwd) {
		if (ssh_forward_stdio(conn, w_host, w_port, w_path, 0, 1, &e) != 0) {
			fprintf(stderr, "%s\n", e.msg);
			goto out;
		}
		rc = 0;
		goto out;
	}
	if (start_forwards(conn, &o, &dest->conf, &fw, o.quiet) != 0)
		goto out;
	if (o.no_command) {
		/* Forwarding only: until a signal, or until the connection ends. */
		catch(SIGINT, on_stop_signal);
		catch(SIGTERM, on_stop_signal);
		catch(SIGHUP, on_stop_signal);
		while (!stop_signal && ssh_conn_alive(conn, &e))
			sleep_ms(100);
		if (!stop_signal) {
			fprintf(stderr, "%s\n", e.msg);
			goto out;
		}
		rc = 0;
		goto out;
	}
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
	io.env = dest->env.n ? (const char *const *)dest->env.v : NULL;
	io.forward_agent = dest->t.forward_agent;
	if (use_pty) {
		struct winsize ws;
		struct termios tio;

		memset(&pty, 0, sizeof(pty));
		pty.term = getenv("TERM") ? getenv("TERM") : "vt100";
		pty.tty_fd = 0;
		pty.winch_fd = -1;
		if (ioctl(0, TIOCGWINSZ, &ws) == 0) {
			pty.cols = ws.ws_col;
			pty.rows = ws.ws_row;
			pty.xpixels = ws.ws_xpixel;
			pty.ypixels = ws.ws_ypixel;
		} else {
			pty.cols = 80;
			pty.rows = 24;
		}
		if (isatty(0) && tcgetattr(0, &tio) == 0 && ssh_pty_modes(&tio, &modes, &modes_len) == 0) {
			pty.modes = modes;
			pty.modes_len = modes_len;
		}
		if (isatty(0) && pipe2(winch_pipe, O_CLOEXEC | O_NONBLOCK) == 0) {
			pty.winch_fd = winch_pipe[0];
			catch(SIGWINCH, on_winch);
		}
		io.pty = &pty;
		if (isatty(0))
			tty_raw();
	}
	if (ssh_exec_stream(conn, command.len ? str_cstr(&command) : NULL, &io, &res, &e) != 0) {
		tty_restore();
		fprintf(stderr, "%s\n", e.msg);
		goto out;
	}
	tty_restore();
	if (res.exit_status >= 0) {
		rc = res.exit_status;
	} else {
		if (res.exit_signal[0] && !o.quiet)
			fprintf(stderr, "sextant ssh: remote command killed by signal %s%s\n", res.exit_signal,
			    res.core_dumped ? " (core dumped)" : "");
		rc = SSH_EXIT_FAIL;
	}
	if (use_pty && !o.quiet && isatty(0))
		fprintf(stderr, "Connection to %s closed.\r\n", dest->label);
out:
	tty_restore();
	stop_forwards(&fw);
	if (conn)
		ssh_conn_close(conn);
	ssh_client_free(cl);
	if (winch_pipe[0] >= 0) {
		signal(SIGWINCH, SIG_DFL);
		close(winch_pipe[0]);
		close(winch_pipe[1]);
		winch_pipe[0] = winch_pipe[1] = -1;
	}
	free(modes);
	free(w_host);
	free(w_path);
	str_release(&command);
	str_release(&desc);
	strvec_clear(&settings);
	ssh_dest_free(dest);
	opts_release(&o);
	return rc;
}
