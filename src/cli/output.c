#include "cli/output.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rand.h"
#include "core/json.h"
#include "core/str.h"
#include "core/timeutil.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static enum out_level level = OUT_INFO;
static int json;
static int color;

/* SSHKit Pretty's colours: level tags, green ids, yellow commands, blue hosts. */
#define C_RESET		"\033[0m"
#define C_BLACK		"\033[0;30;49m"
#define C_RED		"\033[0;31;49m"
#define C_GREEN		"\033[0;32;49m"
#define C_YELLOW	"\033[0;33;49m"
#define C_BLUE		"\033[0;34;49m"
#define C_MAGENTA	"\033[0;35;49m"
#define C_BOLD_YELLOW	"\033[1;33;49m"

void
out_init(enum out_level lvl, int as_json, int use_color)
{
	level = lvl;
	json = as_json;
	if (use_color < 0) {
		const char *nc = getenv("NO_COLOR");

		use_color = isatty(1) && (nc == NULL || *nc == '\0');
	}
	color = use_color && !as_json;
}

enum out_level
out_level(void)
{
	return level;
}

int
out_json(void)
{
	return json;
}

static void
emit(int fd, const struct str *s)
{
	const char *p = s->s;
	size_t n = s->len;

	pthread_mutex_lock(&lock);
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			break;
		p += w;
		n -= (size_t)w;
	}
	pthread_mutex_unlock(&lock);
}

void
out_write(const char *p, size_t n)
{
	struct str s = STR_INIT;

	str_add(&s, p, n);
	emit(1, &s);
	str_release(&s);
}

void
out_new_id(char id[9])
{
	unsigned char r[4];
	static const char hex[] = "0123456789abcdef";
	int i;

	rand_bytes(r, sizeof(r));
	for (i = 0; i < 4; i++) {
		id[2 * i] = hex[r[i] >> 4];
		id[2 * i + 1] = hex[r[i] & 15];
	}
	id[8] = '\0';
}

static int
visible(enum out_sev sev)
{
	if (sev == SEV_ERROR)
		return 1;
	if (level == OUT_QUIET)
		return 0;
	if (sev == SEV_DEBUG)
		return level >= OUT_DEBUG;
	return 1;
}

static void
tag(struct str *s, enum out_sev sev)
{
	static const char *const names[] = { "DEBUG", "INFO", "WARN", "ERROR" };
	static const char *const colors[] = { C_BLACK, C_BLUE, C_YELLOW, C_RED };

	if (color)
		str_addf(s, "%s%6s%s", colors[sev], names[sev], C_RESET);
	else
		str_addf(s, "%6s", names[sev]);
}

static void
json_head(struct str *s, const char *event, const char *id, const char *host)
{
	char ts[32];

	time_iso8601_utc(time_now(), ts, sizeof(ts));
	str_addf(s, "{\"event\":\"%s\",\"time\":\"%s\"", event, ts);
	if (id) {
		str_adds(s, ",\"id\":");
		json_quote(id, strlen(id), s);
	}
	if (host) {
		str_adds(s, ",\"host\":");
		json_quote(host, strlen(host), s);
	}
}

void
out_cmd_start(enum out_sev sev, const char *id, const char *cmd, const char *host, const char *user)
{
	struct str s = STR_INIT;

	if (json) {
		json_head(&s, "command_start", id, host);
		str_adds(&s, ",\"command\":");
		json_quote(cmd, strlen(cmd), &s);
		str_adds(&s, "}\n");
		emit(1, &s);
	} else if (visible(sev)) {
		tag(&s, sev);
		if (color)
			str_addf(&s, " [%s%s%s] Running %s%s%s", C_GREEN, id, C_RESET, C_BOLD_YELLOW, cmd, C_RESET);
		else
			str_addf(&s, " [%s] Running %s", id, cmd);
		if (host) {
			str_adds(&s, user ? " as " : " on ");
			if (user)
				str_addf(&s, "%s@", user);
			if (color)
				str_addf(&s, "%s%s%s", C_BLUE, host, C_RESET);
			else
				str_adds(&s, host);
		} else {
			str_adds(&s, " locally");
		}
		str_addch(&s, '\n');
		emit(1, &s);
	}
	str_release(&s);
}

void
out_cmd_data(enum out_sev sev, const char *id, const char *host, const char *data, size_t n,
    int is_stderr)
{
	struct str s = STR_INIT;
	const char *p = data, *end = data + n;

	if (json) {
		json_head(&s, is_stderr ? "command_stderr" : "command_stdout", id, host);
		str_adds(&s, ",\"data\":");
		json_quote(data, n, &s);
		str_adds(&s, "}\n");
		emit(1, &s);
		str_release(&s);
		return;
	}
	/* SSHKit shows command output at debug, one "\t<line>" per line. */
	if (level < OUT_DEBUG)
		return;
	(void)sev;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		tag(&s, SEV_DEBUG);
		if (color)
			str_addf(&s, " [%s%s%s] \t%s%.*s%s\n", C_GREEN, id, C_RESET,
			    is_stderr ? C_RED : "", (int)len, p, is_stderr ? C_RESET : "");
		else
			str_addf(&s, " [%s] \t%.*s\n", id, (int)len, p);
		p += len + (nl ? 1 : 0);
	}
	emit(1, &s);
	str_release(&s);
}

void
out_cmd_finish(enum out_sev sev, const char *id, const char *host, double seconds, int exit_status)
{
	struct str s = STR_INIT;

	if (json) {
		json_head(&s, "command_finish", id, host);
		str_addf(&s, ",\"duration\":%.3f,\"exit_status\":%d}\n", seconds, exit_status);
		emit(1, &s);
	} else if (visible(sev)) {
		const char *word = exit_status == 0 ? "successful" : "failed";

		tag(&s, sev);
		if (color)
			str_addf(&s, " [%s%s%s] Finished in %.3f seconds with exit status %d (%s%s%s).\n",
			    C_GREEN, id, C_RESET, seconds, exit_status,
			    exit_status == 0 ? C_GREEN : C_RED, word, C_RESET);
		else
			str_addf(&s, " [%s] Finished in %.3f seconds with exit status %d (%s).\n",
			    id, seconds, exit_status, word);
		emit(1, &s);
	}
	str_release(&s);
}

void
out_say(const char *clr, const char *fmt, ...)
{
	struct str s = STR_INIT, msg = STR_INIT;
	va_list ap;

	va_start(ap, fmt);
	str_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (json) {
		json_head(&s, "message", NULL, NULL);
		str_adds(&s, ",\"text\":");
		json_quote(msg.s ? msg.s : "", msg.len, &s);
		str_adds(&s, "}\n");
		emit(1, &s);
	} else {
		/* Thor's say is not gated by SSHKit's verbosity: -q hides command lines, not these. */
		const char *code = NULL;

		if (color && clr) {
			if (strcmp(clr, "magenta") == 0)
				code = C_MAGENTA;
			else if (strcmp(clr, "yellow") == 0)
				code = C_YELLOW;
			else if (strcmp(clr, "red") == 0)
				code = C_RED;
		}
		str_addf(&s, "%s%s%s\n", code ? code : "", str_cstr(&msg), code ? C_RESET : "");
		emit(1, &s);
	}
	str_release(&msg);
	str_release(&s);
}

void
out_by_host(const char *type, const char *host, const char *text)
{
	struct str s = STR_INIT;

	if (json) {
		json_head(&s, "host_output", NULL, host);
		str_adds(&s, ",\"type\":");
		json_quote(type, strlen(type), &s);
		str_adds(&s, ",\"text\":");
		json_quote(text, strlen(text), &s);
		str_adds(&s, "}\n");
	} else {
		if (level > OUT_QUIET)
			str_addf(&s, "%s Host: %s\n", type, host);
		str_addf(&s, "%s\n\n", text);
	}
	emit(1, &s);
	str_release(&s);
}

void
out_error(const char *cls, const char *fmt, ...)
{
	struct str s = STR_INIT, msg = STR_INIT;
	va_list ap;

	va_start(ap, fmt);
	str_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (json) {
		json_head(&s, "error", NULL, NULL);
		str_adds(&s, ",\"class\":");
		json_quote(cls, strlen(cls), &s);
		str_adds(&s, ",\"message\":");
		json_quote(msg.s ? msg.s : "", msg.len, &s);
		str_adds(&s, "}\n");
		emit(1, &s);
	} else {
		/* On stderr, as Kamal's CLI does ($stderr.puts); red only on a terminal. */
		int c = color && isatty(2);

		str_addf(&s, "  %sERROR (%s): %s%s\n", c ? "\033[31m" : "", cls, str_cstr(&msg), c ? "\033[0m" : "");
		emit(2, &s);
	}
	str_release(&msg);
	str_release(&s);
}
