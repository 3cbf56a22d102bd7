/*
 * exec — the executor wrappers (see exec.h).
 */
#include "fleet/exec.h"

#include <stdarg.h>
#include <stdlib.h>

#include "core/err.h"
#include "core/str.h"

void
xresult_release(struct xresult *r)
{
	str_release(&r->out);
	str_release(&r->err);
	r->status = 0;
}

void
xresult_reset(struct xresult *r)
{
	str_reset(&r->out);
	str_reset(&r->err);
	r->status = 0;
}

int
xresult_add(struct xresult *r, int stream, const void *p, size_t n, size_t max)
{
	struct str *s = stream == 2 ? &r->err : &r->out;

	if (n > max || s->len > max - n)
		return -1;
	str_add(s, p, n);
	return 0;
}

int
x_exec(struct executor *x, const char *host, const struct xcmd *c, struct xresult *r,
    struct errinfo *e)
{
	xresult_reset(r);
	return x->ops->exec(x, host, c, r, e);
}

int
x_upload(struct executor *x, const char *host, const struct xupload *u, struct errinfo *e)
{
	return x->ops->upload(x, host, u, e);
}

int
x_upload_dir(struct executor *x, const char *host, const char *remote_parent, const char *dirname,
    int dir_mode, const struct xfile *files, size_t n, struct errinfo *e)
{
	if (x->ops->upload_dir == NULL)
		return err_set(e, ERR_UNSUPPORTED, "%s executor cannot upload directories", x->ops->name);
	return x->ops->upload_dir(x, host, remote_parent, dirname, dir_mode, files, n, e);
}

int
x_run_local(struct executor *x, const struct xcmd *c, struct xresult *r, struct errinfo *e)
{
	xresult_reset(r);
	return x->ops->run_local(x, c, r, e);
}

void
x_say(struct executor *x, int level, const char *fmt, ...)
{
	struct str s = STR_INIT;
	va_list ap;

	if (x->ops->say == NULL && x->ops->say_level == NULL)
		return;
	va_start(ap, fmt);
	str_vaddf(&s, fmt, ap);
	va_end(ap);
	if (x->ops->say_level)
		x->ops->say_level(x, level, str_cstr(&s));
	else
		x->ops->say(x, str_cstr(&s));
	str_release(&s);
}

void
x_release(struct executor *x)
{
	if (x->ops && x->ops->release)
		x->ops->release(x);
	x->ops = NULL;
	x->priv = NULL;
}
