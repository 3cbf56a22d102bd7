/*
 * kvs — ordered key/value lists with Ruby Hash#merge semantics, and the
 * conversions from YAML maps Kamal applies (labels, env, options' flatten_args).
 */
#include "config/internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

void
kvs_push(struct config_kvs *kv, const char *key, const char *val, enum node_kind kind,
    const struct node *node)
{
	kv->v = xreallocarray(kv->v, kv->n + 1, sizeof(*kv->v));
	kv->v[kv->n].key = xstrdup(key ? key : "");
	kv->v[kv->n].val = xstrdup(val ? val : "");
	kv->v[kv->n].kind = kind;
	kv->v[kv->n].node = node;
	kv->n++;
}

void
kvs_set(struct config_kvs *kv, const char *key, const char *val, enum node_kind kind,
    const struct node *node)
{
	size_t i;

	for (i = 0; i < kv->n; i++) {
		if (strcmp(kv->v[i].key, key) == 0) {
			free(kv->v[i].val);
			kv->v[i].val = xstrdup(val ? val : "");
			kv->v[i].kind = kind;
			kv->v[i].node = node;
			return;
		}
	}
	kvs_push(kv, key, val, kind, node);
}

void
kvs_release(struct config_kvs *kv)
{
	size_t i;

	for (i = 0; i < kv->n; i++) {
		free(kv->v[i].key);
		free(kv->v[i].val);
	}
	free(kv->v);
	kv->v = NULL;
	kv->n = 0;
}

void
kvs_copy(struct config_kvs *dst, const struct config_kvs *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		kvs_set(dst, src->v[i].key, src->v[i].val, src->v[i].kind, src->v[i].node);
}

const struct config_kv *
kvs_get(const struct config_kvs *kv, const char *key)
{
	size_t i;

	for (i = 0; i < kv->n; i++)
		if (strcmp(kv->v[i].key, key) == 0)
			return &kv->v[i];
	return NULL;
}

int
config_kv_present(const struct config_kv *kv)
{
	const char *p;

	switch (kv->kind) {
	case NODE_NULL:
		return 0;
	case NODE_BOOL:
		return strcmp(kv->val, "true") == 0;
	case NODE_STR:
		for (p = kv->val; *p; p++)
			if (!(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v'))
				return 1;
		return 0;
	case NODE_SEQ:
	case NODE_MAP:
		return strcmp(kv->val, "[]") != 0 && strcmp(kv->val, "{}") != 0;
	default:
		return 1;
	}
}

static void
inspect_str(const char *s, struct str *out)
{
	const unsigned char *p = (const unsigned char *)s;

	str_addch(out, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"': str_adds(out, "\\\""); break;
		case '\\': str_adds(out, "\\\\"); break;
		case '\n': str_adds(out, "\\n"); break;
		case '\t': str_adds(out, "\\t"); break;
		case '\r': str_adds(out, "\\r"); break;
		case 27: str_adds(out, "\\e"); break;
		case '#':
			if (p[1] == '{' || p[1] == '$' || p[1] == '@')
				str_addch(out, '\\');
			str_addch(out, '#');
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				str_addf(out, "\\x%02X", *p);
			else
				str_addch(out, *p);
		}
	}
	str_addch(out, '"');
}

void
node_inspect(const struct node *n, struct str *out)
{
	size_t i;

	if (n == NULL) {
		str_adds(out, "nil");
		return;
	}
	switch (n->kind) {
	case NODE_NULL:
		str_adds(out, "nil");
		break;
	case NODE_STR:
	case NODE_TIME:
		inspect_str(n->text, out);
		break;
	case NODE_SYM:
		str_addch(out, ':');
		str_adds(out, n->text);
		break;
	case NODE_SEQ:
		str_addch(out, '[');
		for (i = 0; i < n->n; i++) {
			if (i)
				str_adds(out, ", ");
			node_inspect(n->items[i], out);
		}
		str_addch(out, ']');
		break;
	case NODE_MAP:
		str_addch(out, '{');
		for (i = 0; i < n->n; i++) {
			if (i)
				str_adds(out, ", ");
			node_inspect(n->keys[i], out);
			str_adds(out, " => ");
			node_inspect(n->items[i], out);
		}
		str_addch(out, '}');
		break;
	default:
		str_adds(out, n->text);
	}
}

static void
push_value(struct config_kvs *kv, const char *key, const struct node *v, int set)
{
	if (v == NULL || node_is_scalar(v)) {
		if (set)
			kvs_set(kv, key, v ? v->text : "", v ? v->kind : NODE_NULL, v);
		else
			kvs_push(kv, key, v ? v->text : "", v ? v->kind : NODE_NULL, v);
	} else {
		struct str s = STR_INIT;

		node_inspect(v, &s);
		if (set)
			kvs_set(kv, key, str_cstr(&s), v->kind, v);
		else
			kvs_push(kv, key, str_cstr(&s), v->kind, v);
		str_release(&s);
	}
}

void
kvs_from_map(struct config_kvs *kv, const struct node *map)
{
	size_t i;

	if (map == NULL || map->kind != NODE_MAP)
		return;
	for (i = 0; i < map->n; i++)
		push_value(kv, map->keys[i]->text ? map->keys[i]->text : "", map->items[i], 1);
}

void
kvs_from_options(struct config_kvs *kv, const struct node *map, int skip_restart)
{
	size_t i, j;

	if (map == NULL || map->kind != NODE_MAP)
		return;
	for (i = 0; i < map->n; i++) {
		const char *k = map->keys[i]->text ? map->keys[i]->text : "";
		const struct node *v = map->items[i];

		if (skip_restart && strcmp(k, "restart") == 0)
			continue;
		if (v->kind == NODE_SEQ) {
			for (j = 0; j < v->n; j++)
				push_value(kv, k, v->items[j], 0);
		} else if (v->kind == NODE_MAP) {
			/* Hash#map yields [key, value] pairs: one option per pair. */
			for (j = 0; j < v->n; j++) {
				struct str s = STR_INIT;

				str_addch(&s, '[');
				node_inspect(v->keys[j], &s);
				str_adds(&s, ", ");
				node_inspect(v->items[j], &s);
				str_addch(&s, ']');
				kvs_push(kv, k, str_cstr(&s), NODE_SEQ, v->items[j]);
				str_release(&s);
			}
		} else {
			push_value(kv, k, v, 0);
		}
	}
}
