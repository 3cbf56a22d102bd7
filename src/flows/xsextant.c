/*
 * xsextant — the `x-sextant` settings (xsextant.h): defaults, types, ranges.
 */
#include "flows/xsextant.h"

#include <string.h>

#include "config/config.h"
#include "config/node.h"
#include "core/err.h"

#define XS_PATH_MAX	1024
#define XS_HOST_MAX	253

static int
bad(const struct node *n, struct errinfo *e, const char *what, const char *want)
{
	const char *got;

	switch (n ? n->kind : NODE_NULL) {
	case NODE_NULL:
		got = "nothing";
		break;
	case NODE_MAP:
		got = "a mapping";
		break;
	case NODE_SEQ:
		got = "a list";
		break;
	default:
		got = NULL;
		break;
	}
	if (got)
		return err_setloc(e, ERR_CONFIG, n ? n->file : "", n ? n->line : 0, n ? n->col : 0,
		    "x-sextant: %s must be %s, not %s", what, want, got);
	return err_setloc(e, ERR_CONFIG, n->file, n->line, n->col,
	    "x-sextant: %s must be %s, not \"%.80s\"", what, want, n->text ? n->text : "");
}

/* Keys of map must be among known (NULL-terminated). */
static int
known_keys(const struct node *map, const char *what, const char *const *known, const char *list,
    struct errinfo *e)
{
	size_t i, j;

	for (i = 0; i < map->n; i++) {
		const struct node *k = map->keys[i];

		for (j = 0; known[j]; j++)
			if (k->text && strcmp(k->text, known[j]) == 0)
				break;
		if (known[j] == NULL)
			return err_setloc(e, ERR_CONFIG, k->file, k->line, k->col,
			    "x-sextant: unknown key \"%.80s\" in %s (known: %s)", k->text ? k->text : "",
			    what, list);
	}
	return 0;
}

static int
get_bool(const struct node *n, const char *what, int *out, struct errinfo *e)
{
	if (n->kind != NODE_BOOL)
		return bad(n, e, what, "true or false");
	*out = n->ival != 0;
	return 0;
}

/* Whole seconds 1..600 -> milliseconds. */
static int
get_seconds(const struct node *n, const char *what, int *out_ms, struct errinfo *e)
{
	if (n->kind != NODE_INT || n->ival < 1 || n->ival > 600)
		return bad(n, e, what, "a number of seconds from 1 to 600");
	*out_ms = (int)n->ival * 1000;
	return 0;
}

static int
printable_token(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

static int
get_path(const struct node *n, const char **out, struct errinfo *e)
{
	const char *s = node_str(n);

	if (n->kind != NODE_STR || s == NULL || s[0] != '/' || strlen(s) > XS_PATH_MAX ||
	    !printable_token(s) || strchr(s, '#'))
		return bad(n, e, "verify.path", "an absolute URL path such as /up (no spaces, no #)");
	*out = s;
	return 0;
}

static int
get_host(const struct node *n, const char **out, struct errinfo *e)
{
	const char *s = node_str(n);

	if ((n->kind != NODE_STR && n->kind != NODE_FLOAT && n->kind != NODE_INT) || s == NULL ||
	    *s == '\0' || strlen(s) > XS_HOST_MAX || !printable_token(s) || strpbrk(s, "/?#@"))
		return bad(n, e, "verify.host", "a host name such as app.example.com");
	*out = s;
	return 0;
}

static int
verify_mode(const struct node *n, enum xs_verify *out, struct errinfo *e)
{
	const char *s = node_str(n);

	/* `off` is a YAML 1.1 boolean (false), as `on` is true */
	if (n->kind == NODE_BOOL && n->ival == 0) {
		*out = XS_VERIFY_OFF;
		return 0;
	}
	if (n->kind == NODE_STR && s) {
		if (strcmp(s, "report") == 0) {
			*out = XS_VERIFY_REPORT;
			return 0;
		}
		if (strcmp(s, "fail") == 0) {
			*out = XS_VERIFY_FAIL;
			return 0;
		}
		if (strcmp(s, "off") == 0) {
			*out = XS_VERIFY_OFF;
			return 0;
		}
	}
	return bad(n, e, "verify", "report, fail or off (or a mapping with mode, path, host, timeout)");
}

static int
load_registry(const struct node *reg, struct xsextant *o, struct errinfo *e)
{
	static const char *const keys[] = { "insecure", "timeout", NULL };
	const struct node *v;
	int rc;

	if (reg->kind != NODE_MAP)
		return bad(reg, e, "registry", "a mapping (insecure, timeout)");
	if ((rc = known_keys(reg, "x-sextant.registry", keys, "insecure, timeout", e)) != 0)
		return rc;
	if ((v = node_get(reg, "insecure")) != NULL &&
	    (rc = get_bool(v, "registry.insecure", &o->registry_insecure, e)) != 0)
		return rc;
	if ((v = node_get(reg, "timeout")) != NULL &&
	    (rc = get_seconds(v, "registry.timeout", &o->registry_timeout_ms, e)) != 0)
		return rc;
	return 0;
}

static int
load_verify(const struct node *ver, struct xsextant *o, struct errinfo *e)
{
	static const char *const keys[] = { "mode", "path", "host", "timeout", NULL };
	const struct node *v;
	int rc;

	if (ver->kind != NODE_MAP)
		return verify_mode(ver, &o->verify, e);
	if ((rc = known_keys(ver, "x-sextant.verify", keys, "mode, path, host, timeout", e)) != 0)
		return rc;
	if ((v = node_get(ver, "mode")) != NULL && (rc = verify_mode(v, &o->verify, e)) != 0)
		return rc;
	if ((v = node_get(ver, "path")) != NULL && (rc = get_path(v, &o->verify_path, e)) != 0)
		return rc;
	if ((v = node_get(ver, "host")) != NULL && (rc = get_host(v, &o->verify_host, e)) != 0)
		return rc;
	if ((v = node_get(ver, "timeout")) != NULL &&
	    (rc = get_seconds(v, "verify.timeout", &o->verify_timeout_ms, e)) != 0)
		return rc;
	return 0;
}

int
xsextant_load(const struct config *c, struct xsextant *o, struct errinfo *e)
{
	static const char *const keys[] = { "preflight", "registry", "verify", NULL };
	const struct node *x, *v;
	int rc;

	memset(o, 0, sizeof(*o));
	o->preflight = 1;
	o->registry_insecure = -1;
	o->registry_timeout_ms = XS_REGISTRY_TIMEOUT_DEFAULT_MS;
	o->verify = XS_VERIFY_REPORT;
	o->verify_timeout_ms = XS_VERIFY_TIMEOUT_DEFAULT_MS;
	x = c ? config_extension(c, "x-sextant") : NULL;
	if (x == NULL || x->kind == NODE_NULL)
		return 0;
	if (x->kind != NODE_MAP)
		return err_setloc(e, ERR_CONFIG, x->file, x->line, x->col,
		    "x-sextant must be a mapping (preflight, registry, verify); see `sextant docs sextant`");
	if ((rc = known_keys(x, "x-sextant", keys, "preflight, registry, verify", e)) != 0)
		return rc;
	if ((v = node_get(x, "preflight")) != NULL && (rc = get_bool(v, "preflight", &o->preflight, e)) != 0)
		return rc;
	if ((v = node_get(x, "registry")) != NULL && (rc = load_registry(v, o, e)) != 0)
		return rc;
	if ((v = node_get(x, "verify")) != NULL && (rc = load_verify(v, o, e)) != 0)
		return rc;
	return 0;
}

int
xsextant_load_located(const struct config *c, struct xsextant *o, struct errinfo *e)
{
	int rc = xsextant_load(c, o, e);

	if (rc != 0 && e && e->where[0])
		err_prefix(e, "%s", e->where);
	return rc;
}
