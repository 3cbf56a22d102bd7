/*
 * json — JSON as config nodes: core/json reads the document (one reader to
 * bound and fuzz), this turns it into the node tree the secret adapters walk.
 * A NUL inside a string is refused since nodes hold C strings.
 */
#include "config/json.h"

#include <stdlib.h>
#include <string.h>

#include "config/yaml.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"

/*
 * Nodes from the parsed document. The nesting is already bounded by
 * JSON_MAX_DEPTH, so this recursion is too.
 */
static int
to_node(const struct json_doc *d, const struct json_value *v, struct node **out, struct errinfo *e)
{
	const struct json_value *c;
	struct node *n, *k, *item;
	int r;

	*out = NULL;
	switch (v->type) {
	case JSON_NULL:
		*out = node_new_scalar(NODE_NULL, "", NULL, 0, 0);
		return 0;
	case JSON_FALSE:
	case JSON_TRUE:
		*out = node_new_scalar(NODE_BOOL, v->type == JSON_TRUE ? "true" : "false", NULL, 0, 0);
		return 0;
	case JSON_NUMBER:
		/* Ruby's JSON gives a Float for a fraction or exponent, printed Ruby's way */
		if (strpbrk(v->s, ".eE") != NULL) {
			char t[64];

			yaml_ruby_float(strtod(v->s, NULL), t, sizeof(t));
			*out = node_new_scalar(NODE_FLOAT, t, NULL, 0, 0);
		} else {
			*out = node_new_scalar(NODE_INT, v->s, NULL, 0, 0);
		}
		return 0;
	case JSON_STRING:
		/* nodes hold C strings: a decoded NUL would cut the value short */
		if (memchr(v->s, '\0', v->len) != NULL)
			return err_set(e, ERR_PARSE, "invalid JSON: NUL character in a string");
		*out = node_new_scalar(NODE_STR, v->s, NULL, 0, 0);
		return 0;
	case JSON_ARRAY:
	case JSON_OBJECT:
		n = node_new(v->type == JSON_OBJECT ? NODE_MAP : NODE_SEQ, NULL, 0, 0);
		for (c = json_first(d, v); c != NULL; c = json_next(d, c)) {
			if ((r = to_node(d, c, &item, e)) != 0) {
				node_free(n);
				return r;
			}
			if (v->type == JSON_ARRAY) {
				node_seq_push(n, item);
				continue;
			}
			if (memchr(c->key, '\0', c->keylen) != NULL) {
				node_free(item);
				node_free(n);
				return err_set(e, ERR_PARSE, "invalid JSON: NUL character in a member name");
			}
			k = node_new_scalar(NODE_STR, c->key, NULL, 0, 0);
			node_map_set(n, k, item);
		}
		*out = n;
		return 0;
	}
	return err_set(e, ERR_PARSE, "invalid JSON: unknown value type");
}

int
config_json_parse(const char *s, size_t n, struct node **out, struct errinfo *e)
{
	struct json_doc d;
	int r;

	*out = NULL;
	json_init(&d);
	if ((r = json_parse(&d, s, n, "JSON", e)) == 0)
		r = to_node(&d, json_root(&d), out, e);
	json_release(&d);
	return r;
}
