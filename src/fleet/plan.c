/*
 * plan — see plan.h.
 */
#include "fleet/plan.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"

struct plan_host {
	char		*name;
	struct strvec	 lines;
	struct strvec	 containers;	/* names that exist in the model */
	size_t		 seq;		/* 1 + rank of first contact; 0 = not contacted yet */
};

struct plan {
	struct plan_host	*hosts;
	size_t			 n, cap;
	size_t			 contacted;
	FILE			*say;
};

static struct plan_host *
host_get(struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->hosts[i].name, name) == 0)
			return &p->hosts[i];
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->hosts = xreallocarray(p->hosts, p->cap, sizeof(*p->hosts));
	}
	memset(&p->hosts[p->n], 0, sizeof(p->hosts[p->n]));
	p->hosts[p->n].name = xstrdup(name);
	return &p->hosts[p->n++];
}

/* The model's containers live on a host even before it is first contacted; such a
 * host is only printed once something was recorded for it. */
static void
record(struct plan *p, struct plan_host *h, const char *line)
{
	if (h->seq == 0)
		h->seq = ++p->contacted;
	strvec_push(&h->lines, line);
}

static void
command_line(const char *cmd, struct str *out)
{
	for (; *cmd; cmd++) {
		if (*cmd == '\n')
			str_adds(out, "\\n");
		else
			str_addch(out, *cmd);
	}
}

static int
plan_exec(struct executor *x, const char *host, const struct xcmd *c, struct xresult *r,
    struct errinfo *e)
{
	struct plan *p = x->priv;
	struct plan_host *h = host_get(p, host);
	struct str line = STR_INIT;
	long at;

	command_line(c->cmd, &line);
	record(p, h, str_cstr(&line));
	str_release(&line);
	at = c->subject ? strvec_find(&h->containers, c->subject) : -1;
	switch (c->probe) {
	case XP_CONTAINER_ID:
		if (at >= 0)
			str_adds(&r->out, PLAN_CONTAINER_ID "\n");
		break;
	case XP_HEALTH:
		str_adds(&r->out, "healthy\n");
		break;
	case XP_ECHO:
		if (c->subject)
			str_addf(&r->out, "%s\n", c->subject);
		break;
	case XP_COUNT:
		str_adds(&r->out, "0\n");
		break;
	default:
		break;
	}
	switch (c->effect) {
	case XE_CREATE:
		if (c->subject && at < 0)
			strvec_push(&h->containers, c->subject);
		break;
	case XE_REMOVE:
		if (at >= 0)
			strvec_remove(&h->containers, (size_t)at);
		break;
	case XE_START:
		if (at < 0) {
			r->status = 1;
			str_addf(&r->err, "Error response from daemon: No such container: %s\n",
			    c->subject ? c->subject : "");
		}
		break;
	case XE_MKDIR:
		if (at >= 0) {
			r->status = 1;
			str_addf(&r->err, "mkdir: cannot create directory '%s': File exists\n", c->subject);
		} else if (c->subject) {
			strvec_push(&h->containers, c->subject);
		}
		break;
	case XE_RMDIR:
		if (at < 0) {
			r->status = 1;
			str_addf(&r->err, "rm: cannot remove '%s/details': No such file or directory\n",
			    c->subject ? c->subject : "");
		} else {
			strvec_remove(&h->containers, (size_t)at);
		}
		break;
	default:
		break;
	}
	return 0;
}

static void
upload_line(struct plan *p, struct plan_host *h, const char *path, const void *data, size_t len, int mode,
    int explicit_mode)
{
	struct str line = STR_INIT;

	str_addf(&line, "UPLOAD %s", path);
	if (explicit_mode)
		str_addf(&line, " mode=%04o", mode);
	str_addch(&line, ' ');
	json_quote(data, len, &line);
	record(p, h, str_cstr(&line));
	str_release(&line);
}

static int
plan_upload(struct executor *x, const char *host, const struct xupload *u, struct errinfo *e)
{
	struct plan *p = x->priv;

	upload_line(p, host_get(p, host), u->path, u->data, u->len, u->mode, u->mode_explicit);
	return 0;
}

static int
plan_upload_dir(struct executor *x, const char *host, const char *remote_parent,
    const char *dirname, int dir_mode, const struct xfile *files, size_t n, struct errinfo *e)
{
	struct plan *p = x->priv;
	struct plan_host *h = host_get(p, host);
	struct str path = STR_INIT;
	size_t i;

	/* one line per file: scp -r creates the directory, then sends each file */
	for (i = 0; i < n; i++) {
		str_reset(&path);
		str_addf(&path, "%s/%s/%s", remote_parent, dirname, files[i].name);
		upload_line(p, h, path.s, files[i].data, files[i].len, files[i].mode, 0);
	}
	str_release(&path);
	return 0;
}

static int
plan_run_local(struct executor *x, const struct xcmd *c, struct xresult *r, struct errinfo *e)
{
	return plan_exec(x, PLAN_LOCALHOST, c, r, e);
}

static void
plan_say_level(struct executor *x, int level, const char *msg)
{
	struct plan *p = x->priv;

	if (level >= XSAY_WARN)
		fprintf(stderr, "%s\n", msg);
	else if (p->say)
		fprintf(p->say, "%s\n", msg);
}

static void
plan_say(struct executor *x, const char *msg)
{
	plan_say_level(x, XSAY_INFO, msg);
}

static void
plan_release(struct executor *x)
{
	struct plan *p = x->priv;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		free(p->hosts[i].name);
		strvec_clear(&p->hosts[i].lines);
		strvec_clear(&p->hosts[i].containers);
	}
	free(p->hosts);
	free(p);
}

static const struct executor_ops plan_ops = {
	.name = "plan",
	.parallel = 0,
	.simulated = 1,
	.exec = plan_exec,
	.upload = plan_upload,
	.upload_dir = plan_upload_dir,
	.run_local = plan_run_local,
	.say = plan_say,
	.release = plan_release,
	.say_level = plan_say_level,
};

void
plan_executor_init(struct executor *x, FILE *say)
{
	struct plan *p = xcalloc(1, sizeof(*p));

	p->say = say;
	x->ops = &plan_ops;
	x->priv = p;
}

void
plan_assume_container(struct executor *x, const char *host, const char *name)
{
	struct plan_host *h = host_get(x->priv, host);

	if (strvec_find(&h->containers, name) < 0)
		strvec_push(&h->containers, name);
}

void
plan_render(struct executor *x, struct str *out)
{
	struct plan *p = x->priv;
	size_t rank, i, j;

	for (rank = 1; rank <= p->contacted; rank++) {
		for (i = 0; i < p->n && p->hosts[i].seq != rank; i++)
			;
		if (i == p->n)
			continue;
		str_addf(out, "== %s\n", p->hosts[i].name);
		for (j = 0; j < p->hosts[i].lines.n; j++)
			str_addf(out, "%s\n", p->hosts[i].lines.v[j]);
	}
}
