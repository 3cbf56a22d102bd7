/*
 * dotenv 3.2 parsing as Kamal uses it (spec §9.2, §9.3): the cases of dotenv's
 * own parser spec and the spec example's forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/adapters.h"
#include "config/dotenv.h"
#include "config/shell.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "harness.h"

static const char *
env_get(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "FROM_ENV") == 0)
		return "env-value";
	return NULL;
}

static int
cmd(void *ctx, const char *c, struct str *out, struct errinfo *e)
{
	(void)ctx;
	return secrets_command(c, NULL, out, e);
}

static char got[4096];

/* Parses text and returns "K=V|K=V|..." in got. */
static int
parse(const char *text)
{
	struct dotenv_ops ops = { env_get, cmd, NULL };
	struct strvec k = STRVEC_INIT, v = STRVEC_INIT;
	struct str s = STR_INIT;
	struct errinfo e;
	size_t i;
	int r;

	err_clear(&e);
	r = dotenv_parse("secrets", text, strlen(text), &ops, &k, &v, &e);
	if (r != 0)
		snprintf(got, sizeof(got), "ERROR %s: %s", e.where, e.msg);
	else {
		for (i = 0; i < k.n; i++)
			str_addf(&s, "%s%s=%s", i ? "|" : "", k.v[i], v.v[i]);
		snprintf(got, sizeof(got), "%s", str_cstr(&s));
	}
	str_release(&s);
	strvec_clear(&k);
	strvec_clear(&v);
	return r;
}

TEST(dotenv_basic_forms)
{
	parse("FOO=bar\nBAR=baz");
	CHECK_STR_EQ(got, "FOO=bar|BAR=baz");
	parse("FOO=bar baz   # comment\n");
	CHECK_STR_EQ(got, "FOO=bar baz");
	parse("  FOO  =  bar  \n");
	CHECK_STR_EQ(got, "FOO=bar");
	parse("export FOO=bar\nFOO2: bar2\n");
	CHECK_STR_EQ(got, "FOO=bar|FOO2=bar2");
	parse("FOO=\nBAR\n");
	CHECK_STR_EQ(got, "FOO=|BAR=");
	parse("# a comment\n\n   \nFOO=1\n");
	CHECK_STR_EQ(got, "FOO=1");
	parse("foo.bar=1\nnot a line\nX=2");
	CHECK_STR_EQ(got, "foo.bar=1|X=2");
	parse("FOO=1\r\nBAR=2\r\n");
	CHECK_STR_EQ(got, "FOO=1|BAR=2");
	parse("\xef\xbb\xbf" "BOM=yes\n");
	CHECK_STR_EQ(got, "BOM=yes");
	parse("A=1\nA=2\nB=3");
	CHECK_STR_EQ(got, "A=2|B=3");
}

TEST(dotenv_quotes_and_escapes)
{
	parse("S='single $FOO \\n \"x\"'\n");
	CHECK_STR_EQ(got, "S=single $FOO \\n \"x\"");
	parse("D=\"a\\\"b\\\\c\\td\\ne\"\n");
	CHECK_STR_EQ(got, "D=a\"b\\ctd\\ne");
	parse("M=\"line1\nline2\"\nN=2");
	CHECK_STR_EQ(got, "M=line1\nline2|N=2");
	parse("H=\"a#b # c\" # real comment\n");
	CHECK_STR_EQ(got, "H=a#b # c");
	parse("E=\"\"\nF=''\n");
	CHECK_STR_EQ(got, "E=|F=");
	/* an unterminated quote is just an unquoted value */
	parse("U=\"abc\nV=1\n");
	CHECK_STR_EQ(got, "U=\"abc|V=1");
	/* inner unescaped quotes: the whole line is the value, outer quotes removed */
	parse("Q=\"a \"b\" c\"\n");
	CHECK_STR_EQ(got, "Q=a \"b\" c");
	parse("DOTENV_LINEBREAK_MODE=legacy\nL=\"a\\nb\"\n");
	CHECK_STR_EQ(got, "DOTENV_LINEBREAK_MODE=legacy|L=a\nb");
}

TEST(dotenv_variables)
{
	parse("A=one\nB=$A-${A}-$FROM_ENV-${NOPE}-\\$A-\\${A}\n");
	CHECK_STR_EQ(got, "A=one|B=one-one-env-value--$A-${A}");
	parse("A=x\nB='$A'\nC=\"$A\"\n");
	CHECK_STR_EQ(got, "A=x|B=$A|C=x");
	parse("A=x\nB=$A}y\n");	/* \}? consumes a stray brace */
	CHECK_STR_EQ(got, "A=x|B=xy");
	parse("B=$\nC=${}\n");
	CHECK_STR_EQ(got, "B=$|C=${}");
	parse("lower=1\nB=$lower\n");
	CHECK_STR_EQ(got, "lower=1|B=1");
}

TEST(dotenv_commands)
{
	parse("A=$(printf hi)\n");
	CHECK_STR_EQ(got, "A=hi");
	parse("A=$(echo x)\n");		/* one trailing newline chomped */
	CHECK_STR_EQ(got, "A=x");
	parse("A=$(printf 'x\\n')\n");	/* unescaping runs first: \\n becomes n */
	CHECK_STR_EQ(got, "A=xn");
	parse("H=db\nA=\"$(printf '%s' \"$H\")-x\"\n");
	CHECK_STR_EQ(got, "H=db|A=db-x");
	parse("A=$(printf '%s' \"$(printf inner)\")\n");
	CHECK_STR_EQ(got, "A=inner");
	parse("A=\\$(echo no)\n");
	CHECK_STR_EQ(got, "A=$(echo no)");
	parse("A='$(echo no)'\n");
	CHECK_STR_EQ(got, "A=$(echo no)");
	parse("A=$()\n");
	CHECK_STR_EQ(got, "A=$()");
	/* variable substitution also runs over the command's output */
	parse("X=v\nA=$(printf '%s' '$X')\n");
	CHECK_STR_EQ(got, "X=v|A=v");
}

TEST(dotenv_inline_kamal_secrets)
{
	parse("S=$(kamal secrets fetch --adapter test --account a X Y)\nX=$(kamal secrets extract X $S)\n");
	CHECK_STR_EQ(got, "S=\\{\\\"X\\\":\\\"X\\\",\\\"Y\\\":\\\"Y\\\"\\}|X=X");
	parse("S=$(kamal secrets fetch -a test --account a --from vault AB)\nV=$(kamal secrets extract AB $S)\n");
	CHECK_STR_EQ(got, "S=\\{\\\"vault/AB\\\":\\\"BA/tluav\\\"\\}|V=BA/tluav");
	CHECK(parse("S=$(kamal secrets fetch -a nope X)\n") != 0);
	CHECK(strstr(got, "Unknown secrets adapter: nope") != NULL);
	CHECK(parse("S=$(kamal secrets extract Q '{}')\n") != 0);
	CHECK(strstr(got, "Could not find secret Q") != NULL);
}

TEST(dotenv_export_unset)
{
	/* the match text is quoted as Ruby's String#inspect; at the end of the file
	 * the regex's trailing \s* took the newline */
	CHECK(parse("export FOO\n") != 0);
	CHECK_STR_EQ(got, "ERROR secrets:1:1: Line \"export FOO\\n\" has an unset variable");
	CHECK(parse("export FOO\nB=1\n") != 0);
	CHECK_STR_EQ(got, "ERROR secrets:1:1: Line \"export FOO\" has an unset variable");
	parse("FOO=1\nexport FOO\n");
	CHECK_STR_EQ(got, "FOO=1");
}

TEST(dotenv_no_commands_when_disabled)
{
	struct dotenv_ops ops = { env_get, NULL, NULL };
	struct strvec k = STRVEC_INIT, v = STRVEC_INIT;
	struct errinfo e;

	err_clear(&e);
	CHECK(dotenv_parse("f", "A=$(id)\n", 8, &ops, &k, &v, &e) != 0);
	strvec_clear(&k);
	strvec_clear(&v);
}

/*
 * Substitution cannot grow without bound: doubling a variable line after line
 * (found by fuzz_dotenv: 2^lines bytes, a 5 KB file took minutes and gigabytes),
 * many 1 MiB values, a command's long output. Each stops at its line.
 */
TEST(dotenv_substitution_bounds)
{
	struct str t = STR_INIT;
	int i;

	/* A0 is 1 byte, A20 1 MiB (allowed), A21 2 MiB on line 22 */
	str_adds(&t, "A0=x\n");
	for (i = 1; i <= 24; i++)
		str_addf(&t, "A%d=$A%d${A%d}\n", i, i - 1, i - 1);
	CHECK(parse(str_cstr(&t)) == ERR_RANGE);
	CHECK(strncmp(got, "ERROR secrets:22:1: value longer than 1 MiB once $VARIABLES and $(commands) in it are "
	    "substituted", 96) == 0);
	str_reset(&t);

	/* 1 KiB, then 1 MiB, then 1 MiB values: past 16 MiB together at the 15th */
	str_adds(&t, "A=");
	for (i = 0; i < 1024; i++)
		str_addch(&t, 'x');
	str_adds(&t, "\nB=\"");
	for (i = 0; i < 1024; i++)
		str_adds(&t, "${A}");
	str_adds(&t, "\"\n");
	for (i = 1; i <= 20; i++)
		str_addf(&t, "C%d=$B\n", i);
	CHECK(parse(str_cstr(&t)) == ERR_RANGE);
	CHECK_STR_EQ(got, "ERROR secrets:17:1: values longer than 16 MiB together once substituted (the last one is C15)");
	str_reset(&t);

	/* a command's output over 1 MiB; a command line over 1 MiB is not run */
	CHECK(parse("A=ok\nBIG=$(printf %01048577d 0)\n") == ERR_RANGE);
	CHECK(strncmp(got, "ERROR secrets:2:1: value longer than 1 MiB", 42) == 0);
	CHECK(parse("A=$(printf %01048576d 0)\nB=\"$(echo $A > /dev/null; echo ran)\"\n") == ERR_RANGE);
	CHECK(strncmp(got, "ERROR secrets:2:1: value longer than 1 MiB", 42) == 0);
	/* at the bound itself: allowed */
	CHECK_OK(parse("A=$(printf %01048576d 0)\n"));
	CHECK(strlen(got) == sizeof(got) - 1 && strncmp(got, "A=0000", 6) == 0);
	str_release(&t);
}

TEST(shellwords_split_escape)
{
	struct strvec w = STRVEC_INIT;
	struct str s = STR_INIT;
	struct errinfo e;

	CHECK_OK(shellwords_split("app exec -i 'a b' \"c \\\"d\\\"\" e\\ f", &w, NULL));
	CHECK_EQ_INT(w.n, 6);
	CHECK_STR_EQ(w.v[3], "a b");
	CHECK_STR_EQ(w.v[4], "c \"d\"");
	CHECK_STR_EQ(w.v[5], "e f");
	strvec_clear(&w);
	err_clear(&e);
	CHECK(shellwords_split("a 'b", &w, &e) != 0);
	strvec_clear(&w);
	config_shellwords_escape("", &s);
	CHECK_STR_EQ(str_cstr(&s), "''");
	str_reset(&s);
	config_shellwords_escape("{\"a\":\"b c\"}", &s);
	CHECK_STR_EQ(str_cstr(&s), "\\{\\\"a\\\":\\\"b\\ c\\\"\\}");
	str_reset(&s);
	config_escape_shell_value("dollar $HOME ${HOME} $(cmd) `x` q\"", &s);
	CHECK_STR_EQ(str_cstr(&s), "\"dollar \\$HOME ${HOME} \\$(cmd) \\`x\\` q\\\"\"");
	str_release(&s);
}
