/*
 * node — the YAML document tree the configuration is built from.
 *
 * Every node keeps the file, line and column it came from so that any later
 * check (validation, post-validation, a secret that turns out to be missing) can
 * point at the text that caused it. Scalars are resolved the way Ruby's Psych
 * resolves plain scalars under YAML.unsafe_load (YAML 1.1 core + Ruby extras):
 * `yes/no/on/off/true/false` are booleans, `1_000` and `0x1f` integers, `:sym`
 * symbols, `~`/`null`/empty nulls, dates and times are times. `text` is always
 * what Ruby's `to_s` would give for the resolved value, so builders can use it
 * directly ("1.5", "3", "true", "" for null).
 *
 * Anchors and aliases are expanded when the tree is built (an alias node is a
 * deep copy of its anchor, with the alias's mark). Merge keys (`<<`) are applied
 * as Psych does: the merged mapping's pairs first, then the mapping's own, later
 * keys replacing earlier ones in place. Duplicate keys keep the first position
 * and the last value (Ruby Hash semantics).
 *
 * The tree owns all its memory; node_free() releases a whole tree.
 */
#ifndef SEXTANT_CONFIG_NODE_H
#define SEXTANT_CONFIG_NODE_H

#include <stddef.h>

struct str;

enum node_kind {
	NODE_NULL,	/* ~, null, empty */
	NODE_BOOL,	/* text "true"/"false" */
	NODE_INT,	/* text is the decimal value (Ruby Integer#to_s) */
	NODE_FLOAT,	/* text is Ruby Float#to_s */
	NODE_STR,
	NODE_SYM,	/* :symbol (text without the colon) */
	NODE_TIME,	/* a YAML date or timestamp (text as written) */
	NODE_SEQ,
	NODE_MAP
};

struct node {
	enum node_kind	 kind;
	char		*text;		/* scalars: the Ruby to_s; NULL for SEQ/MAP (output only:
					   a MAP's text is its YAML tag, see node_to_yaml) */
	long long	 ival;		/* NODE_INT value, NODE_BOOL 0/1 */
	int		 quoted;	/* scalar was quoted or a block scalar */
	const char	*file;		/* interned file name (lives as long as the tree's owner) */
	int		 line, col;	/* 1-based; of the node's first character */
	/* SEQ: items; MAP: keys[i] -> items[i], in insertion order */
	struct node	**items;
	struct node	**keys;
	size_t		 n, cap;
};

/*
 * File names in nodes are interned: one process-wide copy per distinct name, kept
 * for the life of the process, so node->file never dangles (a handful of names).
 */
const char	*node_intern(const char *file);

/* Construction (used by the YAML loader, the merge and tests). */
struct node	*node_new(enum node_kind kind, const char *file, int line, int col);
struct node	*node_new_scalar(enum node_kind kind, const char *text, const char *file,
		    int line, int col);
void		 node_free(struct node *n);
struct node	*node_clone(const struct node *n);
void		 node_seq_push(struct node *seq, struct node *item);
/* Ruby Hash#[]= : replaces the value of an existing key in place (key node freed). */
void		 node_map_set(struct node *map, struct node *key, struct node *val);

/* Lookup in a MAP by the key's text (any scalar kind). NULL if absent or n is not a map. */
const struct node *node_get(const struct node *map, const char *key);
/* The key node itself (for error locations). */
const struct node *node_get_key(const struct node *map, const char *key);
int		 node_has(const struct node *map, const char *key);
/* Path lookup: node_dig(n, "healthcheck", "path", NULL). */
const struct node *node_dig(const struct node *map, ...);

static inline int
node_is_scalar(const struct node *n)
{
	return n != NULL && n->kind != NODE_SEQ && n->kind != NODE_MAP;
}

/* Scalar text, or NULL for absent/null/collections. */
const char	*node_str(const struct node *n);
/* Ruby `present?`: not nil/false, not blank string, not empty collection. */
int		 node_present(const struct node *n);
/* Ruby `truthy`: anything but nil and false. */
int		 node_truthy(const struct node *n);

/*
 * ActiveSupport Hash#deep_merge: pairs of `over` replace or (when both sides are
 * maps) recursively merge into a copy of `base`. Arrays and scalars are replaced.
 * Returns a new tree; neither input is changed.
 */
struct node	*node_deep_merge(const struct node *base, const struct node *over);

/* Structural equality (Ruby ==): kinds and texts, maps key by key in order-insensitive form. */
int		 node_equal(const struct node *a, const struct node *b);

/*
 * Ruby Object#to_yaml (Psych) rendering of a tree, used by `config`: "---" header,
 * symbol keys as ":key", strings quoted where Psych quotes them.
 */
void		 node_to_yaml(const struct node *n, struct str *out);

#endif
