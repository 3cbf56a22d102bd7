/*
 * Property test of escape_shell_value: for random strings s, the remote shell's
 * view of the escaped word — `sh -c 'printf %s <escaped>'` — is exactly what
 * Kamal intends:
 *   - printable ASCII, quotes, backslashes, backquotes and `$` come back as they were;
 *   - `${NAME}` is expanded by the shell (here NAME=<value> in its environment);
 *   - String#dump's own escapes (\n, \t, \xHH, \e, and `\#` before `{` `$` `@`) are
 *     NOT undone by a POSIX shell inside double quotes: the program sees them
 *     literally (spec/kamal.md §2.2, §12.4);
 *   - non-ASCII runs come back raw.
 * The expectation is computed by an independent model of those rules; the real
 * /bin/sh does the parsing. Deterministic: a fixed-seed xorshift generator.
 */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/proc.h"
#include "core/str.h"
#include "docker/shellquote.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static const char *names[] = { "A", "HOME_X", "Z9" };
static const char *values[] = { "va", "h x", "" };
static const char *utf8[] = { "é", "中文", "✓", "\xf0\x9f\x98\x80" };

/* One random string, built from tokens so that `${...}` only appears well formed. */
static void
gen(struct str *s)
{
	static const char ascii[] = "aZ09 _-./:=,\"'\\`$#{}@!%^&*()[]|;<>?~";
	int n = (int)(next() % 12), i;

	for (i = 0; i < n; i++) {
		uint32_t k = next() % 20;

		if (k < 10) {
			char ch = ascii[next() % (sizeof(ascii) - 1)];

			/* `${` only through the NAME form below */
			if (ch == '{' && s->len && s->s[s->len - 1] == '$')
				ch = 'x';
			str_addch(s, ch);
		} else if (k < 13) {
			static const char ctl[] = "\t\n\r\a\b\f\v\x1b\x01\x1f\x7f";

			str_addch(s, ctl[next() % (sizeof(ctl) - 1)]);
		} else if (k < 15) {
			str_adds(s, utf8[next() % 4]);
		} else if (k < 17) {
			str_addf(s, "${%s}", names[next() % 3]);
		} else if (k < 18) {
			static const char *hashes[] = { "#{", "#$", "#@", "##" };

			str_adds(s, hashes[next() % 4]);
		} else {
			str_adds(s, "$x");
		}
	}
	/* a trailing `$` followed by `{` from the next string cannot occur; a lone `{`
	 * after `$` was prevented above */
}

static const char *
value_of(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
			return values[i];
	return "";
}

/* The model: what the program run by the remote shell receives. */
static void
model(const char *p, size_t n, struct str *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch >= 0x80) {
			str_addch(out, (char)ch);
			continue;
		}
		if (ch == '$' && i + 1 < n && p[i + 1] == '{') {
			const char *close = memchr(p + i + 2, '}', n - i - 2);

			if (close) {
				str_adds(out, value_of(p + i + 2, (size_t)(close - p - i - 2)));
				i = (size_t)(close - p);
				continue;
			}
		}
		switch (ch) {
		case '\n': str_adds(out, "\\n"); break;
		case '\r': str_adds(out, "\\r"); break;
		case '\t': str_adds(out, "\\t"); break;
		case '\f': str_adds(out, "\\f"); break;
		case '\v': str_adds(out, "\\v"); break;
		case '\b': str_adds(out, "\\b"); break;
		case '\a': str_adds(out, "\\a"); break;
		case 0x1b: str_adds(out, "\\e"); break;
		case '#':
			if (i + 1 < n && (p[i + 1] == '{' || p[i + 1] == '$' || p[i + 1] == '@'))
				str_adds(out, "\\#");
			else
				str_addch(out, '#');
			break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				str_addf(out, "\\x%02X", ch);
			else
				str_addch(out, (char)ch);
		}
	}
}

TEST(docker_escape_property_sh_printf)
{
	char *envp[] = { "A=va", "HOME_X=h x", "Z9=", "PATH=/usr/bin:/bin", NULL };
	int iter;

	for (iter = 0; iter < 400; iter++) {
		struct str s = STR_INIT, esc = STR_INIT, script = STR_INIT, out = STR_INIT, want = STR_INIT;
		struct errinfo e;
		int status = -1;
		char *argv[4];

		gen(&s);
		shq_escape(&esc, s.s ? s.s : "", s.len);
		str_addf(&script, "printf %%s %s", str_cstr(&esc));
		/* an empty value escapes to nothing: printf then has no argument */
		argv[0] = "sh";
		argv[1] = "-c";
		argv[2] = (char *)str_cstr(&script);
		argv[3] = NULL;
		err_clear(&e);
		CHECK_OK(proc_run_argv(argv, envp, &out, NULL, 1 << 20, &status, &e));
		model(s.s ? s.s : "", s.len, &want);
		if (status != 0 || out.len != want.len || memcmp(str_cstr(&out), str_cstr(&want), want.len) != 0) {
			harness_fail(t__, __FILE__, __LINE__, "iteration %d: escaped [%s]\n    got:  [%s] (status %d)\n    want: [%s]",
			    iter, str_cstr(&esc), str_cstr(&out), status, str_cstr(&want));
			str_release(&s);
			str_release(&esc);
			str_release(&script);
			str_release(&out);
			str_release(&want);
			return;
		}
		str_release(&s);
		str_release(&esc);
		str_release(&script);
		str_release(&out);
		str_release(&want);
	}
}

TEST(docker_escape_property_plain_roundtrip)
{
	/* printable ASCII without `#{`, `#$`, `#@` and `${` round-trips exactly */
	char *envp[] = { "PATH=/usr/bin:/bin", NULL };
	const char *cases[] = { "plain", "q\"uote", "dollar $HOME $(cmd)", "tick `x`", "back\\slash",
	    "it's", "a;b|c&d>e", "~user *glob? [x]", "% %s %%", NULL };
	int i;

	for (i = 0; cases[i]; i++) {
		struct str esc = STR_INIT, script = STR_INIT, out = STR_INIT;
		struct errinfo e;
		int status = -1;
		char *argv[4] = { "sh", "-c", NULL, NULL };

		shq_escape_cstr(&esc, cases[i]);
		str_addf(&script, "printf %%s %s", esc.s);
		argv[2] = script.s;
		err_clear(&e);
		CHECK_OK(proc_run_argv(argv, envp, &out, NULL, 1 << 20, &status, &e));
		CHECK_EQ_INT(status, 0);
		CHECK_STR_EQ(str_cstr(&out), cases[i]);
		str_release(&esc);
		str_release(&script);
		str_release(&out);
	}
}
