/*
 * shell — backtick-style command capture and Ruby Shellwords. See shell.h.
 *
 * Shellwords.split (Ruby lib/shellwords.rb behaviour): words separated by
 * whitespace; '...' literal; "..." where backslash escapes only $ ` " \ and
 * newline (a backslash-newline vanishes); outside quotes a backslash makes the
 * next character literal (backslash-newline is kept). Adjacent pieces join into
 * one word. Shellwords.escape: empty -> '', else every character outside
 * [A-Za-z0-9_\-.,:+/@\n] gets a backslash and "\n" becomes '\n' in quotes.
 */
#include "config/shell.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "core/proc.h"
#include "core/str.h"
#include "core/strvec.h"

static int
drain(int fd, struct str *out, int *over)
{
	char tmp[8192];
	ssize_t n;

	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		if (out == NULL)
			continue;
		if (out->len + (size_t)n > SHELL_OUTPUT_MAX) {
			*over = 1;
			continue;
		}
		str_add(out, tmp, (size_t)n);
	}
}

int
shell_capture_argv(char *const argv[], char *const envp[], struct str *out, struct str *err,
    int *status, struct errinfo *e)
{
	struct proc p;
	int r, over = 0;

	if (err != NULL)
		return proc_run_argv(argv, envp, out, err, SHELL_OUTPUT_MAX, status, e);
	r = proc_spawn(&p, argv, envp, PROC_STDOUT_PIPE, e);
	if (r != 0)
		return r;
	drain(p.out, out, &over);
	if (proc_wait(&p, status) != 0)
		return err_set(e, ERR_IO, "cannot wait for %s", argv[0]);
	if (over)
		return err_set(e, ERR_RANGE, "output of %s exceeds %u bytes", argv[0],
		    SHELL_OUTPUT_MAX);
	return 0;
}

int
shell_capture(const char *cmd, char *const envp[], struct str *out, int *status,
    struct errinfo *e)
{
	char *argv[4];

	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = (char *)cmd;
	argv[3] = NULL;
	return shell_capture_argv(argv, envp, out, NULL, status, e);
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int
shellwords_split(const char *s, struct strvec *out, struct errinfo *e)
{
	struct str w = STR_INIT;
	int inword = 0, r = 0;
	const char *p = s;

	while (*p) {
		if (is_space((unsigned char)*p)) {
			if (inword) {
				strvec_push(out, str_cstr(&w));
				str_reset(&w);
				inword = 0;
			}
			p++;
			continue;
		}
		inword = 1;
		if (*p == '\'') {
			const char *q = strchr(p + 1, '\'');

			if (q == NULL) {
				r = err_set(e, ERR_PARSE, "Unmatched quote at %d: %s", (int)(p - s), p);
				goto out;
			}
			str_add(&w, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		} else if (*p == '"') {
			const char *start = p;

			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1] != '\0' &&
				    (p[1] == '$' || p[1] == '`' || p[1] == '"' || p[1] == '\\' || p[1] == '\n')) {
					if (p[1] != '\n')
						str_addch(&w, p[1]);
					p += 2;
					continue;
				}
				str_addch(&w, *p++);
			}
			if (*p != '"') {
				r = err_set(e, ERR_PARSE, "Unmatched quote at %d: %s", (int)(start - s), start);
				goto out;
			}
			p++;
		} else if (*p == '\\') {
			if (p[1] == '\0') {
				/* A trailing lone backslash is kept literally by Ruby's regex. */
				str_addch(&w, '\\');
				p++;
			} else {
				/* Ruby keeps backslash-newline as is outside quotes. */
				if (p[1] == '\n')
					str_addch(&w, '\\');
				str_addch(&w, p[1]);
				p += 2;
			}
		} else {
			str_addch(&w, *p++);
		}
	}
	if (inword)
		strvec_push(out, str_cstr(&w));
out:
	str_release(&w);
	return r;
}

void
config_shellwords_escape(const char *s, struct str *out)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p == '\0') {
		str_adds(out, "''");
		return;
	}
	for (; *p; p++) {
		int c = *p;

		if (c == '\n') {
			str_adds(out, "'\n'");
			continue;
		}
		if (c >= 0xc0) {
			/* One backslash before the whole multi-byte character. */
			str_addch(out, '\\');
			str_addch(out, c);
			while ((p[1] & 0xc0) == 0x80)
				str_addch(out, *++p);
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-' || c == '.' || c == ',' || c == ':' || c == '+' ||
		    c == '/' || c == '@'))
			str_addch(out, '\\');
		str_addch(out, c);
	}
}

/* ---- Kamal::Utils.escape_shell_value (spec §2.2) ---- */

static void
dump_ascii(const char *s, size_t n, struct str *out)
{
	size_t i;
	struct str d = STR_INIT;

	str_addch(&d, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': str_adds(&d, "\\\""); break;
		case '\\': str_adds(&d, "\\\\"); break;
		case '\n': str_adds(&d, "\\n"); break;
		case '\r': str_adds(&d, "\\r"); break;
		case '\t': str_adds(&d, "\\t"); break;
		case '\f': str_adds(&d, "\\f"); break;
		case '\v': str_adds(&d, "\\v"); break;
		case '\b': str_adds(&d, "\\b"); break;
		case '\a': str_adds(&d, "\\a"); break;
		case 27: str_adds(&d, "\\e"); break;
		case '#':
			if (i + 1 < n && (s[i + 1] == '{' || s[i + 1] == '$' || s[i + 1] == '@'))
				str_adds(&d, "\\#");
			else
				str_addch(&d, '#');
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				str_addf(&d, "\\x%02X", c);
			else
				str_addch(&d, (char)c);
		}
	}
	str_addch(&d, '"');
	/* ` -> \`, and $ not followed by {...} -> \$ */
	for (i = 0; i < d.len; i++) {
		char c = d.s[i];

		if (c == '`') {
			str_adds(out, "\\`");
		} else if (c == '$') {
			size_t j = i + 1;
			int brace = 0;

			if (j < d.len && d.s[j] == '{') {
				for (j++; j < d.len && d.s[j] != '}'; j++)
					;
				brace = j < d.len;
			}
			str_adds(out, brace ? "$" : "\\$");
		} else {
			str_addch(out, c);
		}
	}
	str_release(&d);
}

void
config_escape_shell_value(const char *s, struct str *out)
{
	size_t i = 0, n = strlen(s);

	while (i < n) {
		size_t j = i;
		int ascii = (unsigned char)s[i] < 0x80;

		while (j < n && (((unsigned char)s[j] < 0x80) == ascii))
			j++;
		if (ascii)
			dump_ascii(s + i, j - i, out);
		else
			str_add(out, s + i, j - i);
		i = j;
	}
}

