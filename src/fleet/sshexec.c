/*
 * sshexec — see sshexec.h.
 *
 * Uploads: the scp sink reads the control line, acknowledges with a NUL byte,
 * reads the data and the trailing NUL, acknowledges again. Everything we send is
 * known up front, so the whole stream goes in as the command's stdin and the
 * acknowledgements are checked afterwards: all NUL bytes and exit status 0, or the
 * sink's "\1scp: <reason>" message becomes the error. No round trip per file.
 */
#include "fleet/sshexec.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/output.h"
#include "config/config.h"
#include "core/err.h"
#include "core/proc.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"
#include "ssh/ssh.h"

extern char **environ;

enum { HC_IDLE, HC_CONNECTING, HC_UP, HC_FAILED };

struct host_conn {
	char		*host;		/* as written in the config (may carry user@ / :port) */
	int		 state;
	struct ssh_conn	*conn;
	struct errinfo	 err;		/* why it failed, reported to every later caller */
	struct host_conn *next;
};

struct sshexec {
	struct sshexec_opts	 o;
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
}

void
sshexec_opts_from_config(struct sshexec_opts *o, const struct config *c)
{
	sshexec_opts_init(o);
	if (c->ssh.user)
		o->default_user = c->ssh.user;
	if (c->ssh.port_num > 0 && c->ssh.port_num < 65536)
		o->port = (int)c->ssh.port_num;
	if (c->ssh.has_keys && c->ssh.keys.n > 0)
		o->identity_files = (const char *const *)c->ssh.keys.v;
	o->identities_only = c->ssh.keys_only == 1;
	if (c->sshkit.max_concurrent_starts > 0)
		o->max_concurrent_starts = (int)c->sshkit.max_concurrent_starts;
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

static int
get_conn(struct sshexec *s, const char *host, struct ssh_conn **out, struct errinfo *e)
{
	struct host_conn *h;
	struct ssh_target t;
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
	ssh_target_init(&t);
	t.host = name;
	t.port = s->o.port;
	t.user = user ? user : s->o.default_user;
	t.label = host;
	t.identity_files = s->o.identity_files;
	t.identities_only = s->o.identities_only;
	t.known_hosts = s->o.known_hosts;
	t.strict = (enum ssh_strict)s->o.strict;
	t.connect_timeout_ms = s->o.connect_timeout_ms;
	t.batch_mode = s->o.batch_mode;
	err_clear(&ce);
	while (sem_wait(&s->starts) != 0)
		;
	r = ssh_connect(s->cl, &t, &c, &ce);
	sem_post(&s->starts);

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
};

static void
on_output(void *arg, int stream, const void *p, size_t n)
{
	struct sink *k = arg;

	str_add(stream == 2 ? &k->r->err : &k->r->out, p, n);
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
	char id[9];
	int64_t t0;
	int rc;

	if ((rc = get_conn(s, host, &conn, e)) != 0)
		return rc;
	out_new_id(id);
	k.r = r;
	k.id = id;
	k.host = host;
	k.sev = c->debug ? SEV_DEBUG : SEV_INFO;
	memset(&io, 0, sizeof(io));
	io.stdin_fd = -1;
	io.on_output = on_output;
	io.arg = &k;
	out_cmd_start(k.sev, id, c->logged ? c->logged : c->cmd, host, NULL);
	t0 = time_mono_ms();
	rc = ssh_exec_stream(conn, c->cmd, &io, &res, e);
	if (rc != 0) {
		err_sethost(e, host);
		return rc;
	}
	r->status = res.exit_status >= 0 ? res.exit_status : 255;
	out_cmd_finish(k.sev, id, host, (double)(time_mono_ms() - t0) / 1000.0, r->status);
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

void
scp_sink_file(struct str *out, const char *name, int mode, const void *data, size_t n)
{
	str_addf(out, "C%04o %zu %s\n", mode & 07777, n, name);
	str_add(out, data, n);
	str_addch(out, '\0');
}

/* Runs an scp sink command with the prepared stream and checks its acknowledgements. */
static int
scp_run(struct sshexec *s, const char *host, const char *cmd, const struct str *stream,
    const char *what, struct errinfo *e)
{
	struct ssh_conn *conn;
	struct str out = STR_INIT, err = STR_INIT;
	int st = -1, rc;
	size_t i;

	if ((rc = get_conn(s, host, &conn, e)) != 0)
		return rc;
	rc = ssh_exec(conn, cmd, stream->s, stream->len, &out, &err, &st, e);
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
	if (st != 0) {
		str_trim(&err);
		rc = err_set(e, ERR_REMOTE, "upload of %s failed: scp exit status %d%s%s", what, st,
		    err.len ? ": " : "", str_cstr(&err));
	}
done:
	str_release(&out);
	str_release(&err);
	return rc;
}

static int
ssh_x_upload(struct executor *x, const char *host, const struct xupload *u, struct errinfo *e)
{
	struct sshexec *s = x->priv;
	struct str cmd = STR_INIT, stream = STR_INIT;
	const char *base = strrchr(u->path, '/');
	int rc;

	stream.secret = u->secret;
	str_adds(&cmd, "scp -t ");
	shellwords_escape(u->path, &cmd);
	scp_sink_file(&stream, base ? base + 1 : u->path, u->mode_explicit ? u->mode : (u->mode ? u->mode : 0640),
	    u->data, u->len);
	/* SSHKit's transfer summarizer line. */
	if (!out_json() && out_level() >= OUT_INFO)
		out_say(NULL, "  INFO Uploading %s 100.0%%", u->path);
	rc = scp_run(s, host, cmd.s, &stream, u->path, e);
	str_release(&cmd);
	str_release(&stream);
	return rc;
}

static int
ssh_x_upload_dir(struct executor *x, const char *host, const char *remote_parent, const char *dirname,
    int dir_mode, const struct xfile *files, size_t n, struct errinfo *e)
{
	struct sshexec *s = x->priv;
	struct str cmd = STR_INIT, stream = STR_INIT, what = STR_INIT;
	size_t i;
	int rc;

	str_adds(&cmd, "scp -t -r ");
	shellwords_escape(remote_parent, &cmd);
	str_addf(&stream, "D%04o 0 %s\n", dir_mode & 07777, dirname);
	for (i = 0; i < n; i++)
		scp_sink_file(&stream, files[i].name, files[i].mode, files[i].data, files[i].len);
	str_adds(&stream, "E\n");
	str_addf(&what, "%s/%s", remote_parent, dirname);
	if (!out_json() && out_level() >= OUT_INFO)
		out_say(NULL, "  INFO Uploading %s 100.0%%", what.s);
	rc = scp_run(s, host, cmd.s, &stream, what.s, e);
	str_release(&cmd);
	str_release(&stream);
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
	str_adds(&cmd, c->cmd);
	out_new_id(id);
	out_cmd_start(sev, id, c->logged ? c->logged : c->cmd, "localhost", NULL);
	t0 = time_mono_ms();
	rc = proc_run_shell(cmd.s, env, &r->out, &r->err, 256u << 20, &r->status, e);
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

	if (s == NULL)
		return;
	for (h = s->conns; h; h = next) {
		next = h->next;
		if (h->conn)
			ssh_conn_close(h->conn);
		free(h->host);
		free(h);
	}
	ssh_client_free(s->cl);
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

	s->o = *o;
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

	sshexec_opts_from_config(&o, cfg);
	return sshexec_init(x, &o, e);
}
