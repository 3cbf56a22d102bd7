/*
 * Golden strings for Kamal's escaping (spec/kamal.md §2.2, §5.3, Appendix A) and
 * SSHKit's joining/mapping (§2.1, §2.5).
 */
#include "harness.h"

#include <stdlib.h>

#include "core/str.h"
#include "docker/dcmd.h"
#include "docker/shellquote.h"

static char *
esc(const char *in)
{
	struct str s = STR_INIT;

	shq_escape_cstr(&s, in);
	return str_detach(&s, NULL);
}

static char *
envesc(const char *in)
{
	struct str s = STR_INIT;

	shq_envfile_value(&s, in, strlen(in));
	return str_detach(&s, NULL);
}

#define ESC_EQ(in, want) do { char *g__ = esc(in); int ok__ = strcmp(g__, want) == 0; \
	if (!ok__) harness_fail(t__, __FILE__, __LINE__, "escape(%s): got [%s] want [%s]", in, g__, want); \
	free(g__); if (!ok__) return; } while (0)
#define ENV_EQ(in, want) do { char *g__ = envesc(in); int ok__ = strcmp(g__, want) == 0; \
	if (!ok__) harness_fail(t__, __FILE__, __LINE__, "envfile(%s): got [%s] want [%s]", in, g__, want); \
	free(g__); if (!ok__) return; } while (0)

TEST(docker_shell_escape_spec_table)
{
	ESC_EQ("plain", "\"plain\"");
	ESC_EQ("q\"uote", "\"q\\\"uote\"");
	ESC_EQ("dollar $HOME ${HOME} $(cmd)", "\"dollar \\$HOME ${HOME} \\$(cmd)\"");
	ESC_EQ("tick `x`", "\"tick \\`x\\`\"");
	ESC_EQ("hash#{x} #$ #@ # ok", "\"hash\\#{x} \\#\\$ \\#@ # ok\"");
	ESC_EQ("tab\tnl\n", "\"tab\\tnl\\n\"");
	ESC_EQ("mix 中文 \"q\"", "\"mix \"中文\" \\\"q\\\"\"");
	ESC_EQ("", "");
}

TEST(docker_shell_escape_controls)
{
	ESC_EQ("\a\b\f\v\r\x1b", "\"\\a\\b\\f\\v\\r\\e\"");
	ESC_EQ("\x01\x1f\x7f", "\"\\x01\\x1F\\x7F\"");
	ESC_EQ("back\\slash", "\"back\\\\slash\"");
	/* `${` without a closing brace in the same ASCII run is escaped */
	ESC_EQ("${UNCLOSED", "\"\\${UNCLOSED\"");
	ESC_EQ("${中}", "\"\\${\"中\"}\"");
	ESC_EQ("$", "\"\\$\"");
	ESC_EQ("a${B}c$D", "\"a${B}c\\$D\"");
	ESC_EQ("${A\"B}", "\"${A\\\"B}\"");
	/* non-ASCII only: no quotes at all */
	ESC_EQ("中文", "中文");
	ESC_EQ("#", "\"#\"");
	ESC_EQ("##{", "\"#\\#{\"");
}

TEST(docker_shell_escape_appendix_a)
{
	/* registry password of Appendix A */
	ESC_EQ("abc\"d$e`f\\g\nh中文", "\"abc\\\"d\\$e\\`f\\\\g\\nh\"中文");
	ESC_EQ("[2026-11-29T09:16:38Z] [me@x] [production] [web] Booted app version x $y ${Z}",
	    "\"[2026-11-29T09:16:38Z] [me@x] [production] [web] Booted app version x \\$y ${Z}\"");
}

TEST(docker_shell_envfile)
{
	ENV_EQ("abc\"d$e`f\\g\nh中文", "abc\"d$e`f\\\\g\\nh中文");
	ENV_EQ("#{x}", "#{x}");
	ENV_EQ("a\tb", "a\\tb");
	ENV_EQ("", "");
	/* the gsub quirk: `\#x` dumps to `\\#x`, and gsub(/\\#/) then eats one backslash */
	ENV_EQ("\\#x", "\\#x");
	ENV_EQ("\\\"", "\\\\\"");
	ENV_EQ("naïve café ✓", "naïve café ✓");
	ENV_EQ("p0stgres pass", "p0stgres pass");
}

TEST(docker_shell_blank)
{
	CHECK(rb_blank(""));
	CHECK(rb_blank("  \t\n"));
	CHECK(rb_blank("\xc2\xa0"));		/* U+00A0 */
	CHECK(rb_blank("\xe3\x80\x80 "));	/* U+3000 */
	CHECK(!rb_blank("x"));
	CHECK(!rb_blank(" 中 "));
	CHECK(!rb_blank("false"));
}

static char *
render(const struct dcmd *c, int redact)
{
	return dcmd_to_string(c, redact);
}

#define RENDER_EQ(c, redact, want) do { char *g__ = render(c, redact); int ok__ = strcmp(g__, want) == 0; \
	if (!ok__) harness_fail(t__, __FILE__, __LINE__, "render: got [%s] want [%s]", g__, want); \
	free(g__); if (!ok__) return; } while (0)

TEST(docker_shell_render_mapping)
{
	struct dcmd c = DCMD_INIT;

	dcmd_addv(&c, "docker", "ps", "-a", NULL);
	RENDER_EQ(&c, 0, "docker ps -a");
	dcmd_reset(&c);
	dcmd_addv(&c, "mkdir", "-p", ".kamal", NULL);
	RENDER_EQ(&c, 0, "/usr/bin/env mkdir -p .kamal");
	dcmd_reset(&c);
	dcmd_addv(&c, "test", "-f", "x", NULL);
	RENDER_EQ(&c, 0, "test -f x");
	dcmd_reset(&c);
	/* white space in the command: sent verbatim, the rest is dropped (SSHKit) */
	dcmd_addv(&c, "[ \"${EUID:-$(id -u)}\" -eq 0 ]", "ignored", NULL);
	RENDER_EQ(&c, 0, "[ \"${EUID:-$(id -u)}\" -eq 0 ]");
	dcmd_reset(&c);
	/* a hook */
	dcmd_add(&c, ".kamal/hooks/pre-deploy");
	RENDER_EQ(&c, 0, "/usr/bin/env .kamal/hooks/pre-deploy");
	dcmd_reset(&c);
	/* no tokens at all (the local-registry login): a bare /usr/bin/env */
	RENDER_EQ(&c, 0, "/usr/bin/env ");
	/* newline tokens stay verbatim */
	dcmd_addv(&c, "echo", "\"a\nb\"", NULL);
	RENDER_EQ(&c, 0, "/usr/bin/env echo \"a\nb\"");
	dcmd_release(&c);
}

TEST(docker_shell_render_redaction)
{
	struct dcmd c = DCMD_INIT;

	dcmd_addv(&c, "docker", "login", "ghcr.io", "-u", NULL);
	dcmd_add_secret(&c, "\"me\"");
	dcmd_add(&c, "-p");
	dcmd_add_secret(&c, "\"pw\"");
	RENDER_EQ(&c, 0, "docker login ghcr.io -u \"me\" -p \"pw\"");
	RENDER_EQ(&c, 1, "docker login ghcr.io -u [REDACTED] -p [REDACTED]");
	dcmd_release(&c);
}

TEST(docker_shell_combinators)
{
	struct dcmd a = DCMD_INIT, b = DCMD_INIT, c = DCMD_INIT, s = DCMD_INIT;

	dcmd_addv(&a, "docker", "ps", "--format", "'{{.Names}}'", NULL);
	dcmd_addv(&b, "docker", "ps", "--quiet", NULL);
	dcmd_combine(&c, ";", &a);
	dcmd_combine(&c, ";", &b);
	dcmd_shell(&s, &c);
	dcmd_add(&s, "|");
	dcmd_addv(&s, "head", "-1", NULL);
	RENDER_EQ(&s, 0, "/usr/bin/env sh -c 'docker ps --format '\\''{{.Names}}'\\'' ; docker ps --quiet' | head -1");
	dcmd_release(&a);
	dcmd_release(&b);
	dcmd_release(&c);
	dcmd_release(&s);
}

TEST(docker_shell_render_env)
{
	struct dcmd c = DCMD_INIT;
	struct str s = STR_INIT;
	char *env[] = { "BUILDKIT_NO_CLIENT_TOKEN=1", "Q=a\"b", NULL };

	dcmd_addv(&c, "docker", "buildx", "build", ".", NULL);
	dcmd_render_env(&c, env, 0, &s);
	CHECK_STR_EQ(s.s, "( export BUILDKIT_NO_CLIENT_TOKEN=\"1\" Q=\"a\\\"b\" ; docker buildx build . )");
	str_reset(&s);
	dcmd_render_env(&c, NULL, 0, &s);
	CHECK_STR_EQ(s.s, "docker buildx build .");
	dcmd_reset(&c);
	/* an unmapped (spaced) command gets no wrapper */
	dcmd_add(&c, "true && false");
	str_reset(&s);
	dcmd_render_env(&c, env, 0, &s);
	CHECK_STR_EQ(s.s, "true && false");
	dcmd_release(&c);
	str_release(&s);
}
