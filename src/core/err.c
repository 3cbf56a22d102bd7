#include "core/err.h"

#include <stdio.h>
#include <string.h>

static const char *const names[] = {
	"ok", "invalid argument", "i/o error", "parse error", "out of range",
	"protocol error", "crypto failure", "authentication failed", "host key mismatch",
	"timeout", "connection closed", "try again", "not found", "configuration error",
	"remote command failed", "unsupported", "interrupted", "locked", "not implemented",
	"usage error",
};

const char *
err_str(int code)
{
	if (code > 0 || code <= ERR__MIN)
		return "unknown error";
	return names[-code];
}

void
err_clear(struct errinfo *e)
{
	if (e == NULL)
		return;
	e->code = 0;
	e->msg[0] = '\0';
	e->where[0] = '\0';
}

int
err_vset(struct errinfo *e, int code, const char *fmt, va_list ap)
{
	if (e == NULL)
		return code;
	e->code = code;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return code;
}

int
err_set(struct errinfo *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return code;
}

int
err_setloc(struct errinfo *e, int code, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	if (e == NULL)
		return code;
	if (line > 0 && col > 0)
		snprintf(e->where, sizeof(e->where), "%s:%d:%d", file, line, col);
	else if (line > 0)
		snprintf(e->where, sizeof(e->where), "%s:%d", file, line);
	else
		snprintf(e->where, sizeof(e->where), "%s", file);
	return code;
}

void
err_sethost(struct errinfo *e, const char *host)
{
	if (e != NULL)
		snprintf(e->where, sizeof(e->where), "%s", host);
}

void
err_prefix(struct errinfo *e, const char *fmt, ...)
{
	char pre[ERR_MSG_MAX], old[ERR_MSG_MAX];
	va_list ap;

	if (e == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	snprintf(e->msg, sizeof(e->msg), "%s: %s", pre, old);
}
