/*
 * yaml — libyaml events to a node tree, resolved like Psych's YAML.unsafe_load
 * (see node.h for the scalar rules), with marks mapped back through the ERB
 * source map to the template file.
 */
#ifndef SEXTANT_CONFIG_YAML_H
#define SEXTANT_CONFIG_YAML_H

#include <stddef.h>

#include "config/node.h"

struct errinfo;
struct srcmap;

/*
 * Parses the first document of text (n bytes). map may be NULL (positions are
 * then in text itself). An empty document yields a NODE_NULL root. Errors:
 * ERR_PARSE with Psych's message shape "(<unknown>): PROBLEM CONTEXT at line L
 * column C", ERR_RANGE when nesting passes CONFIG_MAX_DEPTH or the tree passes
 * CONFIG_MAX_NODES, ERR_UNSUPPORTED for Ruby object tags.
 */
int	yaml_load(const char *file, const char *text, size_t n, const struct srcmap *map,
	    struct node **out, struct errinfo *e);

/* Psych's plain-scalar resolution (exposed for tests): kind and Ruby to_s text. */
enum node_kind yaml_resolve_plain(const char *s, char **text);

/* Ruby Float#to_s of d into out. */
void	yaml_ruby_float(double d, char *out, size_t n);

#endif
