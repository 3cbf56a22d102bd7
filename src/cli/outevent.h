/*
 * outevent — structured events next to output.h's lines: what sextant adds to
 * Kamal's output (registry pre-flight, post-switch verification) in a form
 * --json consumers can use without parsing text.
 *
 *   out_event("verify", "10.0.0.5", SEV_INFO, "\"status\":200,\"latency_ms\":12", "  Verified ...")
 *
 * With --json: one line {"event":E,"time":T,"host":H,"level":L,<fields>,"text":TEXT}
 * (L: info, warn, error, debug).
 * Otherwise TEXT as a say line (SEV_WARN yellow, SEV_ERROR red, else magenta
 * like Kamal's say); shown with -q too, as say lines are.
 */
#ifndef SEXTANT_CLI_OUTEVENT_H
#define SEXTANT_CLI_OUTEVENT_H

#include "cli/output.h"

struct str;

/* fields: a JSON object's members without braces ("" or NULL for none); host may be NULL. */
void	out_event(const char *event, const char *host, enum out_sev sev, const char *fields,
	    const char *text);
/* Appends ,"key":"value" (escaped) / ,"key":number to a fields string (no leading comma when empty). */
void	out_field_str(struct str *fields, const char *key, const char *value);
void	out_field_int(struct str *fields, const char *key, long long value);
void	out_field_bool(struct str *fields, const char *key, int value);

#endif
