/*
 * node — tree construction, lookup, Ruby-Hash semantics (insert-in-place,
 * deep_merge) and equality. See node.h.
 */
#include "config/node.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

static pthread_mutex_t intern_mu = PTHREAD_MUTEX_INITIALIZER;
static char **interned;
static size_t ninterned;

const char *
node_intern(const char *file)
{
	const char *r = NULL;
	size_t i;

	if (file == NULL)
		return NULL;
	pthread_mutex_lock(&intern_mu);
	for (i = 0; i < ninterned; i++)
		if (strcmp(interned[i], file) == 0) {
			r = interned[i];
			break;
		}
	if (r == NULL) {
		interned = xreallocarray(interned, ninterned + 1, sizeof(*interned));
		interned[ninterned] = xstrdup(file);
		r = interned[ninterned++];
	}
	pthread_mutex_unlock(&intern_mu);
	return r;
}

struct node *
node_new(enum node_kind kind, const char *file, int line, int col)
{
	struct node *n = xcalloc(1, sizeof(*n));

	n->kind = kind;
	n->file = file;
	n->line = line;
	n->col = col;
	return n;
}

struct node *
node_new_scalar(enum node_kind kind, const char *text, const char *file, int line, int col)
{
	struct node *n = node_new(kind, file, line, col);

	n->text = xstrdup(text ? text : "");
	if (kind == NODE_BOOL)
		n->ival = strcmp(n->text, "true") == 0;
	else if (kind == NODE_INT)
		n->ival = strtoll(n->text, NULL, 10);
	return n;
}

void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->n; i++) {
		node_free(n->items[i]);
		if (n->keys)
			node_free(n->keys[i]);
	}
	free(n->items);
	free(n->keys);
	free(n->text);
	free(n);
}

static void
grow(struct node *c)
{
	if (c->n < c->cap)
		return;
	c->cap = c->cap ? c->cap * 2 : 4;
	c->items = xreallocarray(c->items, c->cap, sizeof(*c->items));
	if (c->kind == NODE_MAP)
		c->keys = xreallocarray(c->keys, c->cap, sizeof(*c->keys));
}

struct node *
node_clone(const struct node *n)
{
	struct node *c;
	size_t i;

	if (n == NULL)
		return NULL;
	c = node_new(n->kind, n->file, n->line, n->col);
	c->text = n->text ? xstrdup(n->text) : NULL;
	c->ival = n->ival;
	c->quoted = n->quoted;
	if (n->n) {
		c->cap = n->n;
		c->items = xcalloc(c->cap, sizeof(*c->items));
		if (n->kind == NODE_MAP)
			c->keys = xcalloc(c->cap, sizeof(*c->keys));
		for (i = 0; i < n->n; i++) {
			c->items[i] = node_clone(n->items[i]);
			if (n->kind == NODE_MAP)
				c->keys[i] = node_clone(n->keys[i]);
		}
		c->n = n->n;
	}
	return c;
}

void
node_seq_push(struct node *seq, struct node *item)
{
	grow(seq);
	seq->items[seq->n++] = item;
}

/* Key identity as Ruby Hash sees it: kind-sensitive for the scalar types that
 * differ in Ruby (1 vs "1", :a vs "a", true vs "true"); collections never match. */
static int
key_eq(const struct node *a, const struct node *b)
{
	if (!node_is_scalar(a) || !node_is_scalar(b))
		return 0;
	if (a->kind != b->kind)
		return 0;
	return strcmp(a->text, b->text) == 0;
}

static long
find_key(const struct node *map, const struct node *key)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (key_eq(map->keys[i], key))
			return (long)i;
	return -1;
}

void
node_map_set(struct node *map, struct node *key, struct node *val)
{
	long i = find_key(map, key);

	if (i >= 0) {
		node_free(map->items[i]);
		map->items[i] = val;
		node_free(key);
		return;
	}
	grow(map);
	map->keys[map->n] = key;
	map->items[map->n++] = val;
}

/*
 * Lookup by text. Kamal reads nested keys with string literals (config["hosts"]),
 * which only match string keys; root keys are symbolized, so both a String and a
 * Symbol key with that text match there. We accept STR and SYM keys (a `:hosts:`
 * key is vanishingly rare and Kamal's own validator would reject it as unknown).
 */
static long
find_text(const struct node *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != NODE_MAP)
		return -1;
	for (i = map->n; i-- > 0;) {
		const struct node *k = map->keys[i];

		if ((k->kind == NODE_STR || k->kind == NODE_SYM) && strcmp(k->text, key) == 0)
			return (long)i;
	}
	return -1;
}

const struct node *
node_get(const struct node *map, const char *key)
{
	long i = find_text(map, key);

	return i < 0 ? NULL : map->items[i];
}

const struct node *
node_get_key(const struct node *map, const char *key)
{
	long i = find_text(map, key);

	return i < 0 ? NULL : map->keys[i];
}

int
node_has(const struct node *map, const char *key)
{
	return find_text(map, key) >= 0;
}

const struct node *
node_dig(const struct node *map, ...)
{
	va_list ap;
	const char *k;
	const struct node *n = map;

	va_start(ap, map);
	while ((k = va_arg(ap, const char *)) != NULL) {
		n = node_get(n, k);
		if (n == NULL)
			break;
	}
	va_end(ap);
	return n;
}

const char *
node_str(const struct node *n)
{
	if (n == NULL || n->kind == NODE_NULL || !node_is_scalar(n))
		return NULL;
	return n->text;
}

static int
blank(const char *s)
{
	for (; *s; s++)
		if (!(*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v'))
			return 0;
	return 1;
}

int
node_present(const struct node *n)
{
	if (n == NULL)
		return 0;
	switch (n->kind) {
	case NODE_NULL:
		return 0;
	case NODE_BOOL:
		return n->ival != 0;
	case NODE_STR:
		return !blank(n->text);
	case NODE_SYM:
		return n->text[0] != '\0';	/* Symbol#blank? is empty? */
	case NODE_SEQ:
	case NODE_MAP:
		return n->n > 0;
	default:
		return 1;
	}
}

int
node_truthy(const struct node *n)
{
	if (n == NULL || n->kind == NODE_NULL)
		return 0;
	if (n->kind == NODE_BOOL)
		return n->ival != 0;
	return 1;
}

struct node *
node_deep_merge(const struct node *base, const struct node *over)
{
	struct node *r;
	size_t i;

	if (base == NULL || base->kind != NODE_MAP || over == NULL || over->kind != NODE_MAP)
		return node_clone(over);
	r = node_clone(base);
	for (i = 0; i < over->n; i++) {
		long j = find_key(r, over->keys[i]);
		struct node *v;

		if (j >= 0 && r->items[j]->kind == NODE_MAP && over->items[i]->kind == NODE_MAP) {
			v = node_deep_merge(r->items[j], over->items[i]);
		} else {
			v = node_clone(over->items[i]);
		}
		node_map_set(r, node_clone(over->keys[i]), v);
	}
	return r;
}

int
node_equal(const struct node *a, const struct node *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->kind != b->kind)
		return 0;
	if (node_is_scalar(a))
		return strcmp(a->text, b->text) == 0;
	if (a->n != b->n)
		return 0;
	if (a->kind == NODE_SEQ) {
		for (i = 0; i < a->n; i++)
			if (!node_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	}
	/* Ruby Hash#== ignores order. */
	for (i = 0; i < a->n; i++) {
		long j = find_key(b, a->keys[i]);

		if (j < 0 || !node_equal(a->items[i], b->items[j]))
			return 0;
	}
	return 1;
}
