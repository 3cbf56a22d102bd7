/*
 * json — JSON into struct node (objects -> NODE_MAP in order, a repeated
 * member's last value winning; arrays -> NODE_SEQ; strings, numbers,
 * true/false/null), read by core/json (which also writes JSON strings:
 * json_quote). Used for password-manager CLI output and `secrets
 * fetch/extract`. Depth and size are bounded.
 */
#ifndef SEXTANT_CONFIG_CJSON_H
#define SEXTANT_CONFIG_CJSON_H

#include <stddef.h>

#include "config/node.h"

struct errinfo;

/* Errors: ERR_PARSE, "JSON:LINE:COL: invalid JSON: what" (core/json.h's limits). */
int	config_json_parse(const char *s, size_t n, struct node **out, struct errinfo *e);

#endif
