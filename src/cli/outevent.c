/*
 * outevent — see outevent.h.
 */
#include "cli/outevent.h"

#include <string.h>

#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"

static void
sep(struct str *f)
{
	if (f->len)
		str_addch(f, ',');
}

void
out_field_str(struct str *f, const char *key, const char *value)
{
	sep(f);
	json_quote(key, strlen(key), f);
	str_addch(f, ':');
	if (value)
		json_quote(value, strlen(value), f);
	else
		str_adds(f, "null");
}

void
out_field_int(struct str *f, const char *key, long long value)
{
	sep(f);
	json_quote(key, strlen(key), f);
	str_addf(f, ":%lld", value);
}

void
out_field_bool(struct str *f, const char *key, int value)
{
	sep(f);
	json_quote(key, strlen(key), f);
	str_adds(f, value ? ":true" : ":false");
}

void
out_event(const char *event, const char *host, enum out_sev sev, const char *fields,
    const char *text)
{
	struct str s = STR_INIT;
	char ts[32];

	if (!out_json()) {
		out_say(sev == SEV_ERROR ? "red" : sev == SEV_WARN ? "yellow" : "magenta", "%s",
		    text ? text : "");
		return;
	}
	/* the same head as output.c's events */
	time_iso8601_utc(time_now(), ts, sizeof(ts));
	str_adds(&s, "{\"event\":");
	json_quote(event, strlen(event), &s);
	str_addf(&s, ",\"time\":\"%s\"", ts);
	if (host) {
		str_adds(&s, ",\"host\":");
		json_quote(host, strlen(host), &s);
	}
	str_addf(&s, ",\"level\":\"%s\"", sev == SEV_ERROR ? "error" : sev == SEV_WARN ? "warn" :
	    sev == SEV_DEBUG ? "debug" : "info");
	if (fields && *fields)
		str_addf(&s, ",%s", fields);
	str_adds(&s, ",\"text\":");
	json_quote(text ? text : "", text ? strlen(text) : 0, &s);
	str_adds(&s, "}\n");
	out_write(s.s, s.len);
	str_release(&s);
}
