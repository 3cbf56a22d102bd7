#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/str.h"

static enum log_level level = LOG_INFO;
static int color = -1;

void
log_set_level(enum log_level lvl)
{
	level = lvl;
}

enum log_level
log_get_level(void)
{
	return level;
}

int
log_color(void)
{
	if (color < 0) {
		const char *nc = getenv("NO_COLOR");

		color = isatty(2) && (nc == NULL || *nc == '\0');
	}
	return color;
}

void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *const tag[] = { "error", "warning", "info", "debug", "trace" };
	struct str s = STR_INIT;
	va_list ap;
	ssize_t w;

	if (lvl > level)
		return;
	str_addf(&s, "sextant: %s%s", lvl <= LOG_WARN ? tag[lvl] : "", lvl <= LOG_WARN ? ": " : "");
	va_start(ap, fmt);
	str_vaddf(&s, fmt, ap);
	va_end(ap);
	if (s.len == 0 || s.s[s.len - 1] != '\n')
		str_addch(&s, '\n');
	w = write(2, s.s, s.len);
	(void)w;
	str_release(&s);
}
