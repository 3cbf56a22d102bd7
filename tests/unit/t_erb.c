/*
 * The ERB subset (erb.h): each construct, trim modes, errors with the tag's
 * position, and the source map from rendered offsets back to the template.
 */
#include <stdio.h>
#include <string.h>

#include "config/erb.h"
#include "core/err.h"
#include "core/str.h"
#include "harness.h"

static const char *
getv(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "SET") == 0)
		return "value";
	if (strcmp(name, "EMPTY") == 0)
		return "";
	return NULL;
}

static char out[4096];
static struct errinfo err;

static int
render(const char *tpl, int trim)
{
	struct erb_env env;
	struct str s = STR_INIT;
	int r;

	memset(&env, 0, sizeof(env));
	env.get = getv;
	env.trim = trim;
	err_clear(&err);
	r = erb_render("t.yml", tpl, strlen(tpl), &env, &s, NULL, &err);
	snprintf(out, sizeof(out), "%s", r == 0 ? str_cstr(&s) : err.msg);
	str_release(&s);
	return r;
}

TEST(erb_env_lookups)
{
	CHECK_OK(render("a: <%= ENV[\"SET\"] %>|<%= ENV['UNSET'] %>|", 1));
	CHECK_STR_EQ(out, "a: value||");
	CHECK_OK(render("<%= ENV.fetch(\"SET\") %> <%= ENV.fetch('UNSET', \"d\") %> <%= ENV.fetch(\"UNSET\", nil) %>.", 1));
	CHECK_STR_EQ(out, "value d .");
	CHECK_OK(render("<%= ENV[\"UNSET\"] || \"dflt\" %> <%= ENV[\"EMPTY\"] || \"x\" %>|", 1));
	CHECK_STR_EQ(out, "dflt |");	/* "" is truthy in Ruby */
	CHECK_OK(render("<%= ENV[\"UNSET\"] || ENV[\"SET\"] || \"z\" %>", 1));
	CHECK_STR_EQ(out, "value");
	CHECK(render("<%= ENV.fetch(\"UNSET\") %>", 1) != 0);
	CHECK_STR_EQ(out, "key not found: \"UNSET\"");
	CHECK_STR_EQ(err.where, "t.yml:1:1");
}

TEST(erb_commands_and_methods)
{
	CHECK_OK(render("<%= `printf 'a b'` %>|<%= %x(printf c) %>|<%= %x{echo d}.strip %>|", 1));
	CHECK_STR_EQ(out, "a b|c|d|");
	CHECK_OK(render("<%= `echo x`.chomp %>|", 1));
	CHECK_STR_EQ(out, "x|");
	CHECK_OK(render("<%= \"MiX\".downcase %><%= 'mix'.upcase %> <%= \"héllo\".length %> <%= \"12\".to_i * 2 %>", 1));
	CHECK_STR_EQ(out, "mixMIX 5 24");
	CHECK_OK(render("<%= 7 / 2 %> <%= -7 / 2 %> <%= 7 % 3 %> <%= (1 + 2) * 3 %> <%= \"a\" + \"b\" %>", 1));
	CHECK_STR_EQ(out, "3 -4 1 9 ab");
	CHECK_OK(render("<%= ENV[\"UNSET\"].to_s.length %>", 1));
	CHECK_STR_EQ(out, "0");
}

TEST(erb_trim_and_comments)
{
	CHECK_OK(render("a\n<%# comment -%>\nb\n", 1));
	CHECK_STR_EQ(out, "a\nb\n");
	CHECK_OK(render("a\n  <%- # only a comment -%>\nb\n", 1));
	CHECK_STR_EQ(out, "a\nb\n");
	CHECK_OK(render("x: <%= 1 -%>\ny\n", 1));
	CHECK_STR_EQ(out, "x: 1y\n");
	CHECK_OK(render("<%% literal %>", 1));
	CHECK_STR_EQ(out, "<% literal %>");
	/* without trim mode (accessory files) -%> is Ruby code: unsupported */
	CHECK(render("<%= 1 -%>\n", 0) != 0);
}

TEST(erb_unsupported_is_an_error)
{
	CHECK(render("a: 1\nb: <% if x %>", 1) != 0);
	CHECK_STR_EQ(err.where, "t.yml:2:4");
	CHECK(strstr(out, "unsupported ERB construct `<% if x %>`") != NULL);
	CHECK(render("<%= Time.now %>", 1) != 0);
	CHECK(render("<%= \"#{x}\" %>", 1) != 0);
	CHECK(render("<%= `echo #{x}` %>", 1) != 0);
	CHECK(render("<%= ENV[\"A\"] ENV %>", 1) != 0);
	CHECK(render("<%= 1 / 0 %>", 1) != 0);
	CHECK(render("<%= \"a\" * 2 %>", 1) != 0);
	CHECK(render("oops <%= 1", 1) != 0);
	CHECK_STR_EQ(out, "unterminated ERB tag (missing %>)");
}

TEST(erb_source_map)
{
	const char *tpl = "a: <%= ENV[\"SET\"] %>\nb: <%= `printf 'x\\ny'` %>\nc: [\n";
	struct erb_env env;
	struct str s = STR_INIT;
	struct srcmap m;
	int line, col;
	const char *c;

	memset(&env, 0, sizeof(env));
	env.get = getv;
	env.trim = 1;
	CHECK_OK(erb_render("t.yml", tpl, strlen(tpl), &env, &s, &m, NULL));
	CHECK_STR_EQ(str_cstr(&s), "a: value\nb: x\ny\nc: [\n");
	c = strstr(str_cstr(&s), "c:");
	srcmap_locate(&m, (size_t)(c - s.s), &line, &col);
	CHECK_EQ_INT(line, 3);
	CHECK_EQ_INT(col, 1);
	/* inside a command's output: the tag's position */
	c = strstr(str_cstr(&s), "y\n");
	srcmap_locate(&m, (size_t)(c - s.s), &line, &col);
	CHECK_EQ_INT(line, 2);
	CHECK_EQ_INT(col, 4);
	srcmap_release(&m);
	str_release(&s);
}
