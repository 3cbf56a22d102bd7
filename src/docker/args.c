/*
 * args — see args.h (lib/kamal/utils.rb argumentize/optionize semantics).
 */
#include "docker/args.h"

#include <string.h>

#include "core/str.h"
#include "core/strvec.h"
#include "docker/dcmd.h"
#include "docker/shellquote.h"

int
args_present(enum node_kind kind, const char *val)
{
	switch (kind) {
	case NODE_NULL:
		return 0;
	case NODE_BOOL:
		return val != NULL && strcmp(val, "true") == 0;
	case NODE_STR:
		return !rb_blank(val);
	case NODE_SYM:
		/* Symbol#blank? is Symbol#empty? */
		return val != NULL && val[0] != '\0';
	case NODE_MAP:
	case NODE_SEQ:
		return val != NULL && strcmp(val, "{}") != 0 && strcmp(val, "[]") != 0;
	default:
		return 1;	/* numbers and times are always present */
	}
}

void
args_kv(struct dcmd *c, const char *flag, const char *key, enum node_kind kind, const char *val,
    int secret)
{
	struct str s = STR_INIT;

	dcmd_add(c, flag);
	if (args_present(kind, val)) {
		str_adds(&s, key);
		str_addch(&s, '=');
		shq_escape_cstr(&s, val);
		if (secret)
			dcmd_add_secret(c, str_cstr(&s));
		else
			dcmd_add(c, str_cstr(&s));
	} else if (kind == NODE_BOOL && val != NULL && strcmp(val, "false") == 0) {
		str_addf(&s, "%s=false", key);
		dcmd_add(c, str_cstr(&s));
	} else {
		dcmd_add(c, key);
	}
	s.secret = secret;
	str_release(&s);
}

void
args_kvs(struct dcmd *c, const char *flag, const struct config_kvs *kvs, int secret)
{
	size_t i;

	for (i = 0; i < kvs->n; i++)
		args_kv(c, flag, kvs->v[i].key, kvs->v[i].kind, kvs->v[i].val, secret);
}

void
args_kv_str(struct dcmd *c, const char *flag, const char *key, const char *val)
{
	args_kv(c, flag, key, val ? NODE_STR : NODE_NULL, val ? val : "", 0);
}

void
args_item(struct dcmd *c, const char *flag, const char *item)
{
	dcmd_add(c, flag);
	dcmd_add(c, item);
}

void
args_items(struct dcmd *c, const char *flag, const struct strvec *items)
{
	size_t i;

	for (i = 0; i < items->n; i++)
		args_item(c, flag, items->v[i]);
}

void
opts_kv(struct dcmd *c, const char *key, enum node_kind kind, const char *val, int with_eq)
{
	struct str s = STR_INIT;

	if (kind == NODE_BOOL && val != NULL && strcmp(val, "true") == 0) {
		dcmd_addf(c, "--%s", key);
		return;
	}
	if (with_eq) {
		str_addf(&s, "--%s=", key);
		shq_escape_cstr(&s, val ? val : "");
		dcmd_add(c, str_cstr(&s));
	} else {
		dcmd_addf(c, "--%s", key);
		/* escape_shell_value(nil) is "", which Array#compact keeps as an empty element */
		shq_escape_cstr(&s, val ? val : "");
		dcmd_add(c, str_cstr(&s));
	}
	str_release(&s);
}

void
opts_kvs(struct dcmd *c, const struct config_kvs *kvs, int with_eq)
{
	size_t i;

	for (i = 0; i < kvs->n; i++)
		opts_kv(c, kvs->v[i].key, kvs->v[i].kind, kvs->v[i].val, with_eq);
}

void
opts_str(struct dcmd *c, const char *key, const char *val, int with_eq)
{
	opts_kv(c, key, NODE_STR, val, with_eq);
}
