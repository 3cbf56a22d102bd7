/*
 * sshexec — see sshexec.h.
 *
 * Uploads: the scp sink reads the control line, acknowledges with a NUL byte,
 * reads the data and the trailing NUL, acknowledges again. Everything we send is
 * known up front, so the whole stream goes in as the command's stdin — control
 * lines and the caller's data as separate pieces (no copy of the data) — and the
 * acknowledgements are checked afterwards: all NUL bytes and exit status 0, or the
 * sink's "\1scp: <reason>" message becomes the error. No round trip per file.
 *
 * Connections: each host's target is resolved by ssh/sshdest.h from ssh_config
 * (as net-ssh reads it) plus Kamal's options, which come first and so win.
 */
#include "fleet/sshexec.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli/output.h"
#include "config/config.h"
#include "core/err.h"
#include "core/proc.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "ssh/ssh.h"
#include "ssh/sshconf.h"
#include "ssh/sshdest.h"

extern char **environ;

enum { HC_IDLE, HC_CONNECTING, HC_UP, HC_FAILED };

struct host_conn {
	char		*host;		/* as written in the config (may carry user@ / :port) */
	int		 state;
	struct ssh_conn	*conn;
	struct strvec	 env;		/* SendEnv/SetEnv from ssh_config, sent with every command */
	struct errinfo	 err;		/* why it failed, reported to every later caller */
	struct host_conn *next;
};

struct sshexec {
	struct sshexec_opts	 o;
	char			**key_data;	/* our copies of the key texts (wiped on release) */
	struct strvec		 config_files;	/* the ssh_config files read for every host */
	struct ssh_client	*cl;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct host_conn	*conns;
	sem_t			 starts;
};

void
sshexec_opts_init(struct sshexec_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->default_user = "root";
	o->port = 22;
	o->max_concurrent_starts = 30;
	o->identities_only = -1;
	o->strict = -1;
	o->config = SSHX_CONFIG_NONE;
}

int
sshexec_opts_from_config(struct sshexec_opts *o, struct config *c, struct errinfo *e)
{
	size_t i;

	sshexec_opts_init(o);
	if (c->ssh.user)
		o->default_user = c->ssh.user;
	if (c->ssh.port_num > 0 && c->ssh.port_num < 65536)
		o->port = (int)c->ssh.port_num;
	if (c->ssh.has_keys && c->ssh.keys.n > 0)
		o->identity_files = (const char *const *)c->ssh.keys.v;
	if (c->ssh.keys_only == 0 || c->ssh.keys_only == 1)
		o->identities_only = c->ssh.keys_only;
	o->proxy = c->ssh.proxy;
	o->proxy_command = c->ssh.proxy_command;
	o->log_level = c->ssh.log_level;
	/* SSHKit turns agent forwarding on for every host unless told otherwise. */
	o->forward_agent = c->ssh.forward_agent != 0;
	o->keepalive_interval = 30;
	switch (c->ssh.config) {
	case 0:
		o->config = SSHX_CONFIG_NONE;
		break;
	case 2:
		o->config = SSHX_CONFIG_FILES;
		o->config_files = (const char *const *)c->ssh.config_files.v;
		break;
	default:
		o->config = SSHX_CONFIG_DEFAULT;
		break;
	}
	if (c->sshkit.max_concurrent_starts > 0)
		o->max_concurrent_starts = (int)c->sshkit.max_concurrent_starts;
	if (c->ssh.has_key_data && c->ssh.key_data.n > 0) {
		const char **kd = xcalloc(c->ssh.key_data.n + 1, sizeof(*kd));

		for (i = 0; i < c->ssh.key_data.n; i++) {
			const char *name = c->ssh.key_data.v[i], *val = NULL;

			/* Kamal: a secret's name is replaced by its value; anything else is the key itself. */
			if (config_secret_present(c, name) && config_secret(c, name, &val, e) == 0) {
				kd[i] = val;
			} else {
				log_warn("Inline key_data usage is deprecated and will be removed in Kamal 3. "
				    "Please store your key_data in a secret.");
				kd[i] = name;
			}
		}
		o->key_data = kd;
	}
	return 0;
}

void
sshexec_opts_release(struct sshexec_opts *o)
{
	free((void *)(uintptr_t)o->key_data);
	o->key_data = NULL;
}

/* net-ssh's Config.default_files plus SSHKit's $PWD/.ssh/config (spec/kamal.md §8.1). */
static void
config_files_for(struct sshexec *s)
{
	const char *home = getenv("HOME");
	char cwd[4096];
	size_t i;

	switch (s->o.config) {
	case SSHX_CONFIG_DEFAULT:
		strvec_pushf(&s->config_files, "%s/.ssh/config", home && *home ? home : "/root");
		strvec_push(&s->config_files, "/etc/ssh_config");
		strvec_push(&s->config_files, "/etc/ssh/ssh_config");
		if (getcwd(cwd, sizeof(cwd)))
			strvec_pushf(&s->config_files, "%s/.ssh/config", cwd);
		break;
	case SSHX_CONFIG_FILES:
		for (i = 0; s->o.config_files && s->o.config_files[i]; i++)
			strvec_push(&s->config_files, s->o.config_files[i]);
		break;
	default:
		break;
	}
}

/* "user@host:port" as written in a server entry -> its parts (spec §8.1). */
static void
split_host(const char *spec, char **user, char **host)
{
	const char *at = strrchr(spec, '@');
	const char *h = at ? at + 1 : spec;
	const char *colon;

	*user = at ? xstrndup(spec, (size_t)(at - spec)) : NULL;
	if (h[0] == '[') {
		const char *rb = strchr(h, ']');

		*host = rb ? xstrndup(h + 1, (size_t)(rb - h - 1)) : xstrdup(h);
		return;
	}
	colon = strchr(h, ':');
	/* One colon: host:port (the port is overridden by ssh.port). More: an IPv6 literal. */
	if (colon && strchr(colon + 1, ':') == NULL)
		*host = xstrndup(h, (size_t)(colon - h));
	else
		*host = xstrdup(h);
}

static struct host_conn *
conn_entry(struct sshexec *s, const char *host)
{
	struct host_conn *h;

	for (h = s->conns; h; h = h->next)
		if (strcmp(h->host, host) == 0)
			return h;
	h = xcalloc(1, sizeof(*h));
	h->host = xstrdup(host);
	h->next = s->conns;
	s->conns = h;
	return h;
}

/*
 * The host's target: Kamal's options first (they win, as net-ssh merges its
 * explicit options over the config), then ssh_config, then Kamal's overrides.
 */
static int
host_dest(struct sshexec *s, const char *entry, const char *user, const char *name, struct ssh_dest **out,
    struct errinfo *e)
{
	struct ssh_dest_opts d;
	struct strvec set = STRVEC_INIT;
	char port[16];
	int r;

	ssh_dest_opts_init(&d);
	strvec_push(&set, "User");
	strvec_push(&set, user);
	snprintf(port, sizeof(port), "%d", s->o.port > 0 ? s->o.port : 22);
	strvec_push(&set, "Port");
	strvec_push(&set, port);
	if (s->o.proxy) {
		strvec_push(&set, "ProxyJump");
		strvec_push(&set, s->o.proxy);
	} else if (s->o.proxy_command) {
		strvec_push(&set, "ProxyCommand");
		strvec_push(&set, s->o.proxy_command);
	}
	if (s->o.batch_mode) {
		strvec_push(&set, "BatchMode");
		strvec_push(&set, "yes");
	}
	/* net-ssh expands ~ with Ruby's File.expand_path: $HOME, not the passwd entry. */
	d.home = getenv("HOME") && *getenv("HOME") ? getenv("HOME") : NULL;
	d.files = (const char *const *)s->config_files.v;
	if (d.files == NULL) {
		static const char *const none[] = { NULL };

		d.files = none;
	}
	d.flags = SSHCONF_MISSING_OK;
	d.settings = (const char *const *)set.v;
	d.identity_files = s->o.identity_files;
	d.identities_only = s->o.identities_only;
	d.key_data = (const char *const *)s->key_data;
	d.forward_agent = s->o.forward_agent;
	d.alive_interval = s->o.keepalive_interval > 0 ? s->o.keepalive_interval : -1;
	d.connect_timeout = s->o.connect_timeout_ms > 0 ? (s->o.connect_timeout_ms + 999) / 1000 : 0;
	if (s->o.strict >= 0) {
		d.default_strict = (enum ssh_strict)s->o.strict;
		d.default_lenient_local = 0;
	} else {
		d.default_strict = SSH_STRICT_ACCEPT_NEW;
		d.default_lenient_local = 1;
	}
	r = ssh_dest_resolve(name, &d, out, e);
	strvec_clear(&set);
	if (r != 0) {
		err_sethost(e, entry);
		return r;
	}
	(*out)->t.label = entry;
	if (s->o.strict >= 0) {
		struct ssh_dest *j;

		for (j = *out; j; j = j->jump)
			j->t.strict = (enum ssh_strict)s->o.strict;
	}
	if (s->o.known_hosts) {
		struct ssh_dest *j;

		for (j = *out; j; j = j->jump) {
			j->t.known_hosts = s->o.known_hosts;
			j->t.known_hosts_add = s->o.known_hosts[0];
		}
	}
	if (s->o.connect_timeout_ms > 0)
		(*out)->t.connect_timeout_ms = s->o.connect_timeout_ms;
	return 0;
}

static int
get_conn(struct sshexec *s, const char *host, struct ssh_conn **out, struct errinfo *e);

/* The connection and what every command on it sends along (SendEnv/SetEnv, as net-ssh's send_env). */
static int
get_conn_env(struct sshexec *s, const char *host, struct ssh_conn **out, const char *const **env,
    struct errinfo *e)
{
	struct host_conn *h;
	int r = get_conn(s, host, out, e);

	*env = NULL;
	if (r != 0)
		return r;
	pthread_mutex_lock(&s->mu);
	for (h = s->conns; h; h = h->next)
		if (strcmp(h->host, host) == 0 && h->env.n)
			*env = (const char *const *)h->env.v;
	pthread_mutex_unlock(&s->mu);
	return 0;
}

static int
get_conn(struct sshexec *s, const char *host, struct ssh_conn **out, struct errinfo *e)
{
	struct host_conn *h;
	struct ssh_dest *dest = NULL;
	struct ssh_conn *c = NULL;
	struct errinfo ce;
	char *user = NULL, *name = NULL;
	int r;

	pthread_mutex_lock(&s->mu);
	h = conn_entry(s, host);
	while (h->state == HC_CONNECTING)
		pthread_cond_wait(&s->cv, &s->mu);
	if (h->state == HC_UP) {
		*out = h->conn;
		pthread_mutex_unlock(&s->mu);
		return 0;
	}
	if (h->state == HC_FAILED) {
		if (e)
			*e = h->err;
		pthread_mutex_unlock(&s->mu);
		return h->err.code ? h->err.code : ERR_IO;
	}
	h->state = HC_CONNECTING;
	pthread_mutex_unlock(&s->mu);

	split_host(host, &user, &name);
	err_clear(&ce);
	r = host_dest(s, host, user ? user : s->o.default_user, name, &dest, &ce);
	if (r == 0) {
		while (sem_wait(&s->starts) != 0)
			;
		r = ssh_connect(s->cl, &dest->t, &c, &ce);
		sem_post(&s->starts);
		if (r == 0)
			strvec_pushv(&h->env, (const char *const *)dest->env.v);
	}
	ssh_dest_free(dest);

	pthread_mutex_lock(&s->mu);
	if (r == 0) {
		h->state = HC_UP;
		h->conn = c;
		*out = c;
	} else {
		h->state = HC_FAILED;
		h->err = ce;
		if (!h->err.code)
			h->err.code = r;
		if (e)
			*e = ce;
	}
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	free(user);
	free(name);
	return r;
}

struct sink {
	struct xresult	*r;
	const char	*id;
	const char	*host;
	enum out_sev	 sev;
	int		 over;	/* a stream passed XRESULT_MAX: the rest is read and dropped */
};

static void
on_output(void *arg, int stream, const void *p, size_t n)
{
	struct sink *k = arg;

	if (!k->over && xresult_add(k->r, stream, p, n, XRESULT_MAX) != 0)
		k->over = 1;
	out_cmd_data(k->sev, k->id, k->host, p, n, stream == 2);
}

static int
ssh_x_exec(struct executor *x, const char *host, const struct xcmd *c, struct xresult *r,
    struct errinfo *e)
{
	struct sshexec *s = x->priv;
	struct ssh_conn *conn;
	struct ssh_exec_io io;
	struct ssh_exec_result res;
	struct sink k;
	struct iovec in;
	const char *const *env;
	const char *cmd = c->cmd, *logged = c->logged ? c->logged : c->cmd;
	char id[9];
	int64_t t0;
	int rc;

	if ((rc = get_conn_env(s, host, &conn, &env, e)) != 0)
		return rc;
	out_new_id(id);
	k.r = r;
	k.id = id;
	k.host = host;
	k.sev = c->debug ? SEV_DEBUG : SEV_INFO;
	k.over = 0;
	memset(&io, 0, sizeof(io));
	io.stdin_fd = -1;
	io.on_output = on_output;
	io.arg = &k;
	io.forward_agent = s->o.forward_agent;
	io.env = env;
	if (c->stdin_cmd) {
		/* the secret goes as the command's input, then EOF */
		in.iov_base = (void *)(uintptr_t)c->stdin_data;
		in.iov_len = c->stdin_len;
		io.stdin_iov = &in;
		io.stdin_iovcnt = 1;
		cmd = c->stdin_cmd;
		logged = c->stdin_logged ? c->stdin_logged : c->stdin_cmd;
	}
	out_cmd_start(k.sev, id, logged, host, NULL);
	t0 = time_mono_ms();
	rc = ssh_exec_stream(conn, cmd, &io, &res, e);
	if (rc != 0) {
		err_sethost(e, host);
		return rc;
	}
	r->status = res.exit_status >= 0 ? res.exit_status : 255;
	out_cmd_finish(k.sev, id, host, (double)(time_mono_ms() - t0) / 1000.0, r->status);
	if (k.over) {
		err_set(e, ERR_RANGE, "the command printed more than %u MiB; sextant keeps at most that "
		    "much of a command's output", XRESULT_MAX >> 20);
		err_sethost(e, host);
		return ERR_RANGE;
	}
	return 0;
}

void
shellwords_escape(const char *s, struct str *out)
{
	if (*s == '\0') {
		str_adds(out, "''");
		return;
	}
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '\n')
			str_adds(out, "'\n'");
		else if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    strchr("_-.,:+/@", ch) != NULL || ch >= 0x80)
			str_addch(out, ch);
		else {
			str_addch(out, '\\');
			str_addch(out, ch);
		}
	}
}

struct scp_collect {
	struct str	*out, *err;
};

/* A sink answers with one byte per step and short messages: keep the first 64 KiB of each stream. */
#define SCP_REPLY_MAX	(64u << 10)

static void
scp_output(void *arg, int stream, const void *p, size_t n)
{
	struct scp_collect *cc = arg;
	struct str *s = stream == 1 ? cc->out : cc->err;

	if (s->len < SCP_REPLY_MAX)
		str_add(s, p, n < SCP_REPLY_MAX - s->len ? n : SCP_REPLY_MAX - s->len);
}

void
scp_sink_file(struct str *out, const char *name, int mode, const void *data, size_t n)
{
	str_addf(out, "C%04o %zu %s\n", mode & 07777, n, name);
	str_add(out, data, n);
	str_addch(out, '\0');
}

/* Runs an scp sink command with the prepared stream and checks its acknowledgements. */
static int
scp_run(struct sshexec *s, const char *host, const char *cmd, const struct iovec *iov, int niov,
    const char *what, struct errinfo *e)
{
	struct ssh_conn *conn;
	struct ssh_exec_io io;
	struct ssh_exec_result res;
	struct str out = STR_INIT, err = STR_INIT;
	struct scp_collect cc;
	int rc;
	size_t i;

	if ((rc = get_conn(s, host, &conn, e)) != 0)
		return rc;
	memset(&io, 0, sizeof(io));
	io.stdin_fd = -1;
	io.stdin_iov = iov;
	io.stdin_iovcnt = niov;
	io.on_output = scp_output;
	cc.out = &out;
	cc.err = &err;
	io.arg = &cc;
	rc = ssh_exec_stream(conn, cmd, &io, &res, e);
	if (rc != 0) {
		err_sethost(e, host);
		goto done;
	}
	for (i = 0; i < out.len; i++) {
		if (out.s[i] != '\0') {
			/* "\1scp: reason\n" (warning) or "\2..." (fatal) from the sink. */
			const char *msg = out.s + i + (out.s[i] == 1 || out.s[i] == 2);

			rc = err_set(e, ERR_REMOTE, "upload of %s failed: %.*s", what,
			    (int)strcspn(msg, "\n"), msg);
			goto done;
		}
	}
	if (res.exit_status != 0) {
		str_trim(&err);
		rc = err_set(e, ERR_REMOTE, "upload of %s failed: scp exit status %d%s%s", what, res.exit_status,
		    err.len ? ": " : "", str_cstr(&err));
	}
done:
	str_release(&out);
	str_release(&err);
	return rc;
}

/* The scp sink's control line for one file (net-scp: "C%04o <size> <name>\n"). */
static void
scp_file_header(struct str *out, const char *name, int mode, size_t n)
{
	str_addf(out, "C%04o %zu %s\n", mode & 07777, n, name);
}

static int
ssh_x_upload(struct executor *x, const char *host, const struct xupload *u, struct errinfo *e)
{
	struct sshexec *s = x->priv;
	struct str cmd = STR_INIT, hdr = STR_INIT;
	const char *base = strrchr(u->path, '/');
	struct iovec iov[3];
	int rc;

	str_adds(&cmd, "scp -t ");
	shellwords_escape(u->path, &cmd);
	scp_file_header(&hdr, base ? base + 1 : u->path, u->mode_explicit ? u->mode : (u->mode ? u->mode : 0640),
	    u->len);
	iov[0].iov_base = hdr.s;
	iov[0].iov_len = hdr.len;
	iov[1].iov_base = (void *)(uintptr_t)u->data;
	iov[1].iov_len = u->data ? u->len : 0;
	iov[2].iov_base = (void *)(uintptr_t)"";
	iov[2].iov_len = 1;
	/* SSHKit's transfer summarizer line. */
	if (!out_json() && out_level() >= OUT_INFO)
		out_say(NULL, "  INFO Uploading %s 100.0%%", u->path);
	rc = scp_run(s, host, cmd.s, iov, 3, u->path, e);
	str_release(&cmd);
	str_release(&hdr);
	return rc;
}

static int
ssh_x_upload_dir(struct executor *x, const char *host, const char *remote_parent, const char *dirname,
    int dir_mode, const struct xfile *files, size_t n, struct errinfo *e)
{
	struct sshexec *s = x->priv;
	struct str cmd = STR_INIT, hdrs = STR_INIT, what = STR_INIT;
	struct iovec *iov = xcalloc(3 * n + 3, sizeof(*iov));
	size_t *off = xcalloc(2 * n + 3, sizeof(*off)), i, k = 0, nh = 0;
	int rc;

	str_adds(&cmd, "scp -t -r ");
	shellwords_escape(remote_parent, &cmd);
	/* Control lines go into one buffer; the iovecs point into it once it stops growing. */
	off[nh++] = hdrs.len;
	str_addf(&hdrs, "D%04o 0 %s\n", dir_mode & 07777, dirname);
	for (i = 0; i < n; i++) {
		off[nh++] = hdrs.len;
		scp_file_header(&hdrs, files[i].name, files[i].mode, files[i].len);
	}
	off[nh++] = hdrs.len;
	str_adds(&hdrs, "E\n");
	off[nh] = hdrs.len;
	iov[k].iov_base = hdrs.s + off[0];
	iov[k++].iov_len = off[1] - off[0];
	for (i = 0; i < n; i++) {
		iov[k].iov_base = hdrs.s + off[i + 1];
		iov[k++].iov_len = off[i + 2] - off[i + 1];
		iov[k].iov_base = (void *)(uintptr_t)files[i].data;
		iov[k++].iov_len = files[i].data ? files[i].len : 0;
		iov[k].iov_base = (void *)(uintptr_t)"";
		iov[k++].iov_len = 1;
	}
	iov[k].iov_base = hdrs.s + off[n + 1];
	iov[k++].iov_len = off[n + 2] - off[n + 1];
	str_addf(&what, "%s/%s", remote_parent, dirname);
	if (!out_json() && out_level() >= OUT_INFO)
		out_say(NULL, "  INFO Uploading %s 100.0%%", what.s);
	rc = scp_run(s, host, cmd.s, iov, (int)k, what.s, e);
	free(iov);
	free(off);
	str_release(&cmd);
	str_release(&hdrs);
	str_release(&what);
	return rc;
}

/* environ plus "K=V" overrides (same key replaced). */
static char **
merged_env(char *const *extra)
{
	struct strvec v = STRVEC_INIT;
	size_t i, k;

	for (i = 0; environ && environ[i]; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t klen = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
		int replaced = 0;

		for (k = 0; extra && extra[k]; k++)
			if (strncmp(extra[k], environ[i], klen) == 0 && extra[k][klen] == '=')
				replaced = 1;
		if (!replaced)
			strvec_push(&v, environ[i]);
	}
	for (k = 0; extra && extra[k]; k++)
		strvec_push(&v, extra[k]);
	if (v.v == NULL)
		strvec_push_nodup(&v, NULL), v.n = 0;
	return v.v;
}

static void
free_env(char **env)
{
	size_t i;

	for (i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

static int
ssh_x_run_local(struct executor *x, const struct xcmd *c, struct xresult *r, struct errinfo *e)
{
	struct str cmd = STR_INIT;
	char **env = c->env ? merged_env(c->env) : NULL;
	char id[9];
	enum out_sev sev = c->debug ? SEV_DEBUG : SEV_INFO;
	int64_t t0;
	int rc;

	(void)x;
	if (c->cwd) {
		str_adds(&cmd, "cd ");
		shellwords_escape(c->cwd, &cmd);
		str_adds(&cmd, " && ");
	}
	str_adds(&cmd, c->stdin_cmd ? c->stdin_cmd : c->cmd);
	out_new_id(id);
	out_cmd_start(sev, id, c->stdin_cmd ? (c->stdin_logged ? c->stdin_logged : c->stdin_cmd) :
	    c->logged ? c->logged : c->cmd, "localhost", NULL);
	t0 = time_mono_ms();
	rc = proc_run_shell_input(cmd.s, env, c->stdin_cmd ? c->stdin_data : NULL,
	    c->stdin_cmd ? c->stdin_len : 0, &r->out, &r->err, XRESULT_MAX, &r->status, e);
	if (rc == 0) {
		if (r->out.len)
			out_cmd_data(sev, id, "localhost", r->out.s, r->out.len, 0);
		if (r->err.len)
			out_cmd_data(sev, id, "localhost", r->err.s, r->err.len, 1);
		out_cmd_finish(sev, id, "localhost", (double)(time_mono_ms() - t0) / 1000.0, r->status);
	}
	free_env(env);
	str_release(&cmd);
	return rc;
}

static void
ssh_x_say(struct executor *x, const char *msg)
{
	(void)x;
	out_say("magenta", "%s", msg);
}

static void
ssh_x_release(struct executor *x)
{
	struct sshexec *s = x->priv;
	struct host_conn *h, *next;
	size_t k;

	if (s == NULL)
		return;
	for (h = s->conns; h; h = next) {
		next = h->next;
		if (h->conn)
			ssh_conn_close(h->conn);
		free(h->host);
		strvec_clear(&h->env);
		free(h);
	}
	ssh_client_free(s->cl);
	for (k = 0; s->key_data && s->key_data[k]; k++) {
		wipe(s->key_data[k], strlen(s->key_data[k]));
		free(s->key_data[k]);
	}
	free(s->key_data);
	strvec_clear(&s->config_files);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	sem_destroy(&s->starts);
	free(s);
}

static const struct executor_ops sshexec_ops = {
	.name = "ssh",
	.parallel = 1,
	.exec = ssh_x_exec,
	.upload = ssh_x_upload,
	.upload_dir = ssh_x_upload_dir,
	.run_local = ssh_x_run_local,
	.say = ssh_x_say,
	.release = ssh_x_release,
};

int
sshexec_init(struct executor *x, const struct sshexec_opts *o, struct errinfo *e)
{
	struct sshexec *s = xcalloc(1, sizeof(*s));
	size_t i, n;

	s->o = *o;
	for (n = 0; o->key_data && o->key_data[n]; n++)
		;
	if (n) {
		s->key_data = xcalloc(n + 1, sizeof(*s->key_data));
		for (i = 0; i < n; i++)
			s->key_data[i] = xstrdup(o->key_data[i]);
	}
	s->o.key_data = NULL;
	config_files_for(s);
	/* ssh.log_level is net-ssh's logger on stderr: debug/info make the SSH layer talk. */
	if (o->log_level && strcasecmp(o->log_level, "debug") == 0 && log_get_level() < LOG_DEBUG)
		log_set_level(LOG_DEBUG);
	else if (o->log_level && strcasecmp(o->log_level, "info") == 0 && log_get_level() < LOG_INFO)
		log_set_level(LOG_INFO);
	s->cl = ssh_client_new();
	if (s->cl == NULL) {
		free(s);
		return err_set(e, ERR_IO, "cannot start the SSH client");
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	sem_init(&s->starts, 0, (unsigned)(o->max_concurrent_starts > 0 ? o->max_concurrent_starts : 30));
	x->ops = &sshexec_ops;
	x->priv = s;
	return 0;
}

int
sshexec_conn(struct executor *x, const char *host, struct ssh_conn **out, struct errinfo *e)
{
	if (x == NULL || x->ops != &sshexec_ops)
		return err_set(e, ERR_UNSUPPORTED, "no SSH connection to %s with the %s executor", host,
		    x && x->ops ? x->ops->name : "(no)");
	return get_conn(x->priv, host, out, e);
}

/* The constructor cli/flowrun.h looks for (weak there): real runs use this executor. */
int	fleet_ssh_executor_init(struct executor *x, struct config *cfg, struct errinfo *e);

int
fleet_ssh_executor_init(struct executor *x, struct config *cfg, struct errinfo *e)
{
	struct sshexec_opts o;
	int r;

	if ((r = sshexec_opts_from_config(&o, cfg, e)) != 0)
		return r;
	r = sshexec_init(x, &o, e);
	sshexec_opts_release(&o);
	return r;
}

int
sshexec_stats(struct executor *x, struct ssh_client_stats *out)
{
	struct sshexec *s;

	if (x == NULL || x->ops != &sshexec_ops)
		return ERR_UNSUPPORTED;
	s = x->priv;
	ssh_client_stats(s->cl, out);
	return 0;
}
