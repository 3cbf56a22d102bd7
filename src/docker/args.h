/*
 * args — Kamal::Utils.argumentize and optionize (spec/kamal.md §2.3, §2.4) over
 * the configuration's typed key/value pairs, appending tokens to a dcmd.
 *
 * argumentize(flag, {key => value}):
 *   value present (not nil/false, not a blank string)  -> flag  key=<escaped value>
 *   value false                                        -> flag  key=false
 *   otherwise (nil, "", "  ")                          -> flag  key
 * argumentize(flag, [items]) / argumentize(flag, "item") -> flag  item (unescaped)
 *
 * optionize({key => value}[, with: "="]):
 *   value true -> --key ; else --key <escaped> (two tokens) or --key=<escaped>.
 *   Array values were already flattened by the configuration into repeated pairs.
 */
#ifndef SEXTANT_DOCKER_ARGS_H
#define SEXTANT_DOCKER_ARGS_H

#include "config/config.h"

struct dcmd;
struct strvec;

/* Ruby `present?` of a typed value. */
int	args_present(enum node_kind kind, const char *val);

/* argumentize for one typed pair; secret: the token is redacted in logs. */
void	args_kv(struct dcmd *c, const char *flag, const char *key, enum node_kind kind,
	    const char *val, int secret);
void	args_kvs(struct dcmd *c, const char *flag, const struct config_kvs *kvs, int secret);
/* argumentize(flag, {key => "string"}): NULL is nil. */
void	args_kv_str(struct dcmd *c, const char *flag, const char *key, const char *val);
/* argumentize(flag, [items]): flag item, unescaped. */
void	args_items(struct dcmd *c, const char *flag, const struct strvec *items);
void	args_item(struct dcmd *c, const char *flag, const char *item);

/* optionize for one pair (with_eq: the `with: "="` form). */
void	opts_kv(struct dcmd *c, const char *key, enum node_kind kind, const char *val, int with_eq);
void	opts_kvs(struct dcmd *c, const struct config_kvs *kvs, int with_eq);
/* optionize of a string value: --key "<escaped>" / --key=<escaped>. */
void	opts_str(struct dcmd *c, const char *key, const char *val, int with_eq);

#endif
