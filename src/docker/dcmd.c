/*
 * dcmd — see dcmd.h. Joining and mapping follow capistrano/sshkit 1.25
 * (lib/sshkit/command.rb: sanitize_command, should_map?, to_s; command_map.rb)
 * with Kamal's override that maps `docker` to itself (lib/kamal/commander.rb).
 */
#include "docker/dcmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "core/wipe.h"
#include "core/xmalloc.h"
#include "docker/shellquote.h"

void
dcmd_init(struct dcmd *c)
{
	memset(c, 0, sizeof(*c));
}

static void
tok_free(struct dtok *t)
{
	if (t->secret && t->s)
		freezero(t->s, strlen(t->s));
	else
		free(t->s);
	t->s = NULL;
}

void
dcmd_reset(struct dcmd *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		tok_free(&c->v[i]);
	c->n = 0;
	if (c->stdin_form) {
		dcmd_release(c->stdin_form);
		free(c->stdin_form);
		c->stdin_form = NULL;
	}
	if (c->stdin_data)
		freezero(c->stdin_data, c->stdin_len);
	c->stdin_data = NULL;
	c->stdin_len = 0;
}

void
dcmd_set_stdin_form(struct dcmd *c, struct dcmd *form, const void *data, size_t len)
{
	if (c->stdin_form) {
		dcmd_release(c->stdin_form);
		free(c->stdin_form);
	}
	if (c->stdin_data)
		freezero(c->stdin_data, c->stdin_len);
	c->stdin_form = xcalloc(1, sizeof(*c->stdin_form));
	dcmd_take(c->stdin_form, form);
	c->stdin_data = xmalloc(len + 1);
	memcpy(c->stdin_data, data, len);
	c->stdin_len = len;
}

void
dcmd_release(struct dcmd *c)
{
	dcmd_reset(c);
	free(c->v);
	dcmd_init(c);
}

static void
push_owned(struct dcmd *c, char *s, int secret)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n].s = s;
	c->v[c->n].secret = secret;
	c->n++;
}

void
dcmd_add(struct dcmd *c, const char *s)
{
	push_owned(c, xstrdup(s), 0);
}

void
dcmd_addn(struct dcmd *c, const char *s, size_t n)
{
	push_owned(c, xstrndup(s, n), 0);
}

void
dcmd_addf(struct dcmd *c, const char *fmt, ...)
{
	struct str s = STR_INIT;
	va_list ap;

	va_start(ap, fmt);
	str_vaddf(&s, fmt, ap);
	va_end(ap);
	push_owned(c, str_detach(&s, NULL), 0);
}

void
dcmd_addv(struct dcmd *c, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, c);
	while ((s = va_arg(ap, const char *)) != NULL)
		dcmd_add(c, s);
	va_end(ap);
}

void
dcmd_add_secret(struct dcmd *c, const char *s)
{
	push_owned(c, xstrdup(s), 1);
}

void
dcmd_append(struct dcmd *c, const struct dcmd *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		push_owned(c, xstrdup(o->v[i].s), o->v[i].secret);
}

void
dcmd_take(struct dcmd *c, struct dcmd *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		push_owned(c, o->v[i].s, o->v[i].secret);
	o->n = 0;
}

void
dcmd_combine(struct dcmd *c, const char *by, const struct dcmd *o)
{
	if (c->n > 0)
		dcmd_add(c, by);
	dcmd_append(c, o);
}

void
dcmd_join(const struct dcmd *c, struct str *out)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (i)
			str_addch(out, ' ');
		str_adds(out, c->v[i].s);
	}
}

void
dcmd_shell(struct dcmd *c, const struct dcmd *inner)
{
	struct str j = STR_INIT, q = STR_INIT;

	dcmd_join(inner, &j);
	shq_single(&q, str_cstr(&j));
	dcmd_addv(c, "sh", "-c", NULL);
	dcmd_add(c, str_cstr(&q));
	str_release(&j);
	str_release(&q);
}

static int
is_ws_or_nul(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\v' || ch == '\f' || ch == '\r' ||
	    ch == '\0';
}

/* SSHKit sanitize_command: each line (String#lines) stripped, joined with "; ". */
static void
sanitize(const char *cmd, struct str *out)
{
	const char *p = cmd, *nl, *b, *e;
	int first = 1;

	if (*p == '\0')
		return;
	while (*p) {
		nl = strchr(p, '\n');
		e = nl ? nl + 1 : p + strlen(p);
		b = p;
		while (b < e && is_ws_or_nul(*b))
			b++;
		while (e > b && is_ws_or_nul(e[-1]))
			e--;
		if (!first)
			str_adds(out, "; ");
		str_add(out, b, (size_t)(e - b));
		first = 0;
		p = nl ? nl + 1 : p + strlen(p);
	}
}

void
dcmd_command_name(const struct dcmd *c, struct str *out)
{
	if (c->n > 0)
		sanitize(c->v[0].s, out);
}

void
dcmd_render(const struct dcmd *c, int redact, struct str *out)
{
	struct str cmd = STR_INIT;
	size_t i;

	if (c->n > 0)
		sanitize(c->v[0].s, &cmd);
	if (rb_has_space(str_cstr(&cmd))) {
		/* not mapped: SSHKit sends the command string alone */
		str_add(out, cmd.s, cmd.len);
		str_release(&cmd);
		return;
	}
	if (strcmp(str_cstr(&cmd), "docker") == 0 || strcmp(str_cstr(&cmd), "if") == 0 ||
	    strcmp(str_cstr(&cmd), "test") == 0 || strcmp(str_cstr(&cmd), "time") == 0 ||
	    strcmp(str_cstr(&cmd), "exec") == 0) {
		str_add(out, cmd.s, cmd.len);
	} else {
		str_adds(out, "/usr/bin/env ");
		str_add(out, str_cstr(&cmd), cmd.len);
	}
	for (i = 1; i < c->n; i++) {
		str_addch(out, ' ');
		str_adds(out, redact && c->v[i].secret ? "[REDACTED]" : c->v[i].s);
	}
	str_release(&cmd);
}

void
dcmd_render_env(const struct dcmd *c, char *const *env, int redact, struct str *out)
{
	struct str cmd = STR_INIT, body = STR_INIT;
	size_t i;

	if (c->n > 0)
		sanitize(c->v[0].s, &cmd);
	dcmd_render(c, redact, &body);
	if (env == NULL || env[0] == NULL || rb_has_space(str_cstr(&cmd))) {
		str_add(out, body.s ? body.s : "", body.len);
		goto out;
	}
	str_adds(out, "( export ");
	for (i = 0; env[i]; i++) {
		const char *eq = strchr(env[i], '='), *p;

		if (i)
			str_addch(out, ' ');
		if (eq == NULL)
			eq = env[i] + strlen(env[i]);
		str_add(out, env[i], (size_t)(eq - env[i]));
		str_adds(out, "=\"");
		for (p = *eq ? eq + 1 : eq; *p; p++) {
			if (*p == '"')
				str_addch(out, '\\');
			str_addch(out, *p);
		}
		str_addch(out, '"');
	}
	str_adds(out, " ; ");
	str_add(out, body.s ? body.s : "", body.len);
	str_adds(out, " )");
out:
	str_release(&cmd);
	str_release(&body);
}

char *
dcmd_to_string(const struct dcmd *c, int redact)
{
	struct str s = STR_INIT;

	dcmd_render(c, redact, &s);
	return str_detach(&s, NULL);
}
