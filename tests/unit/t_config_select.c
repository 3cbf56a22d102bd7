/*
 * Host/role selection (spec §3.1; Kamal's test/commander_test.rb cases) and
 * File.fnmatch with FNM_EXTGLOB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/internal.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "harness.h"

static struct config *
load_yaml(const char *yaml)
{
	static int seq;
	char dir[512], path[700];
	struct config_opts o;
	struct config *c = NULL;
	struct errinfo e;

	snprintf(dir, sizeof(dir), "%s/sel%d/config", harness_tmpdir(), ++seq);
	fs_mkdir_p(dir, 0755, NULL);
	snprintf(path, sizeof(path), "%s/deploy.yml", dir);
	fs_write_file(path, yaml, strlen(yaml), 0644, NULL);
	memset(&o, 0, sizeof(o));
	o.config_file = path;
	o.version = "123";
	o.no_setenv = 1;
	snprintf(dir, sizeof(dir), "%s/sel%d", harness_tmpdir(), seq);
	o.base_dir = dir;
	err_clear(&e);
	if (config_load(&o, &c, &e) != 0)
		fprintf(stderr, "load: %s %s\n", e.where, e.msg);
	return c;
}

/* Kamal's commander test config: web 1.1.1.1,1.1.1.2; workers 1.1.1.3,1.1.1.4 */
#define CFG \
	"service: app\nimage: dhh/app\nregistry: { username: dhh, password: secret }\nbuilder: { arch: amd64 }\n" \
	"servers:\n  web: [1.1.1.1, 1.1.1.2]\n  workers: [1.1.1.3, 1.1.1.4]\n"

static void
joinv(const struct strvec *v, char *out, size_t n)
{
	struct str s = STR_INIT;

	strvec_join(v, ",", &s);
	snprintf(out, n, "%s", str_cstr(&s));
	str_release(&s);
}

TEST(config_select_all)
{
	struct config *c = load_yaml(CFG);
	struct config_selection s;
	char buf[256];

	CHECK(c != NULL);
	CHECK_OK(config_select(c, NULL, NULL, 0, &s, NULL));
	joinv(&s.hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.1,1.1.1.2,1.1.1.3,1.1.1.4");
	CHECK_EQ_INT(s.nroles, 2);
	CHECK_STR_EQ(s.roles[0]->name, "web");
	CHECK_STR_EQ(s.primary_host, "1.1.1.1");
	CHECK_STR_EQ(s.primary_role->name, "web");
	config_selection_release(&s);
	config_free(c);
}

TEST(config_select_hosts_and_roles)
{
	struct config *c = load_yaml(CFG);
	struct config_selection s;
	struct errinfo e;
	char buf[256];

	CHECK(c != NULL);
	/* overlapping host and role */
	CHECK_OK(config_select(c, "1.1.1.1", "web", 0, &s, NULL));
	joinv(&s.hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.1");
	config_selection_release(&s);
	/* a role and a host of another role: no roles, the host filtered away */
	CHECK_OK(config_select(c, "1.1.1.1", "workers", 0, &s, NULL));
	CHECK_EQ_INT(s.nroles, 0);
	CHECK_EQ_INT(s.hosts.n, 0);
	config_selection_release(&s);
	/* wildcards, order follows the filters */
	CHECK_OK(config_select(c, "1.1.1.[34],1.1.1.1", NULL, 0, &s, NULL));
	joinv(&s.hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.3,1.1.1.4,1.1.1.1");
	CHECK_STR_EQ(s.primary_host, "1.1.1.3");
	CHECK_STR_EQ(s.primary_role->name, "workers");
	CHECK_STR_EQ(s.roles[0]->name, "workers");
	config_selection_release(&s);
	CHECK_OK(config_select(c, NULL, "w*", 0, &s, NULL));
	CHECK_EQ_INT(s.nroles, 2);
	config_selection_release(&s);
	/* the list is split on commas before matching, as Kamal does: braces with a
	 * comma cannot work from the command line */
	err_clear(&e);
	CHECK_EQ_INT(config_select(c, NULL, "{work,web}*", 0, &s, &e), ERR_INVAL);
	CHECK_STR_EQ(e.msg, "No --roles match for {work,web}*");
	CHECK_OK(config_select(c, "1.1.1.{3}", NULL, 0, &s, NULL));
	CHECK_EQ_INT(s.hosts.n, 1);
	config_selection_release(&s);
	CHECK_EQ_INT(config_select(c, "9.9.9.9,8.8.8.8", NULL, 0, &s, &e), ERR_INVAL);
	CHECK_STR_EQ(e.msg, "No --hosts match for 9.9.9.9,8.8.8.8");
	CHECK_EQ_INT(config_select(c, NULL, "nope", 0, &s, &e), ERR_INVAL);
	CHECK_STR_EQ(e.msg, "No --roles match for nope");
	config_free(c);
}

TEST(config_select_primary)
{
	struct config *c = load_yaml(CFG);
	struct config_selection s;
	char buf[256];

	CHECK(c != NULL);
	CHECK_OK(config_select(c, NULL, NULL, 1, &s, NULL));
	joinv(&s.hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.1");
	config_selection_release(&s);
	CHECK_OK(config_select(c, NULL, "workers", 1, &s, NULL));
	joinv(&s.hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.3");
	CHECK_STR_EQ(s.primary_role->name, "workers");
	config_selection_release(&s);
	config_free(c);
}

TEST(config_select_primary_role_hosts_first)
{
	struct config *c = load_yaml(
	    "service: app\nimage: dhh/app\nregistry: { username: dhh, password: secret }\nbuilder: { arch: amd64 }\n"
	    "primary_role: workers\n"
	    "servers:\n  web: [1.1.1.1, 1.1.1.2]\n  workers: [1.1.1.3, 1.1.1.4]\n"
	    "accessories:\n  db: { image: mysql, host: 1.1.1.5 }\n");
	struct config_selection s;
	char buf[256];

	CHECK(c != NULL);
	CHECK_OK(config_select(c, NULL, NULL, 0, &s, NULL));
	joinv(&s.hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.3,1.1.1.4,1.1.1.1,1.1.1.2,1.1.1.5");
	joinv(&s.app_hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.3,1.1.1.4,1.1.1.1,1.1.1.2");
	joinv(&s.proxy_hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.3,1.1.1.4");
	joinv(&s.accessory_hosts, buf, sizeof(buf));
	CHECK_STR_EQ(buf, "1.1.1.5");
	CHECK_STR_EQ(s.roles[0]->name, "workers");
	CHECK_STR_EQ(s.primary_host, "1.1.1.3");
	config_selection_release(&s);
	config_free(c);
}

TEST(config_fnmatch_extglob)
{
	CHECK(config_fnmatch("*", "1.1.1.1"));
	CHECK(config_fnmatch("1.1.1.?", "1.1.1.9"));
	CHECK(!config_fnmatch("1.1.1.?", "1.1.1.10"));
	CHECK(config_fnmatch("web-[0-9]", "web-3"));
	CHECK(!config_fnmatch("web-[!0-9]", "web-3"));
	CHECK(config_fnmatch("{web,job}s", "jobs"));
	CHECK(config_fnmatch("a{b,c{d,e}}f", "acef"));
	CHECK(!config_fnmatch("a{b,c{d,e}}f", "acf"));
	/* brace expansion is bounded (4096 forms): 13 groups of two are 8192 forms,
	 * tried in order; the first matches, the last is past the bound */
	{
		char pat[80] = "", first[16] = "", last[16] = "";
		int i;

		for (i = 0; i < 13; i++) {
			strcat(pat, "{a,b}");
			strcat(first, "a");
			strcat(last, "b");
		}
		strcat(pat, "x");
		strcat(first, "x");
		strcat(last, "x");
		CHECK(config_fnmatch(pat, first));
		CHECK(!config_fnmatch(pat, last));
		/* the fuzzer's shape: nested unbalanced groups with long alternatives */
		CHECK(!config_fnmatch("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{a,b,c,d,e,f,g,h,i,j,k,l}", "zzz"));
	}
	CHECK(config_fnmatch("a/*", "a/b/c"));		/* no FNM_PATHNAME */
	CHECK(!config_fnmatch("*", ".hidden"));		/* no FNM_DOTMATCH */
	CHECK(config_fnmatch("\\*", "*"));
	CHECK(!config_fnmatch("\\*", "a"));
	CHECK(config_fnmatch("{unclosed", "{unclosed"));
	CHECK(config_fnmatch("*.example.com", "a.b.example.com"));
	CHECK(config_fnmatch("*a?c*", "xxabcyy"));
	/* no exponential backtracking on many stars */
	CHECK(!config_fnmatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

TEST(config_lookups_and_env)
{
	struct config *c = load_yaml(CFG "env:\n  clear: { A: root }\n  secret: [S1]\n  tags:\n    t: { A: tag }\n");
	const struct config_role *r[4];

	CHECK(c != NULL);
	CHECK_EQ_INT(config_host_roles(c, "1.1.1.3", r, 4), 1);
	CHECK_STR_EQ(r[0]->name, "workers");
	CHECK(config_role(c, "web") != NULL);
	CHECK(config_role(c, "nope") == NULL);
	CHECK(config_extension(c, "x-sextant") == NULL);
	CHECK_STR_EQ(config_primary_host(c), "1.1.1.1");
	config_free(c);
}

TEST(config_version_sources)
{
	struct config *c = load_yaml(CFG);
	const char *v;
	char ab[64];

	CHECK(c != NULL);
	CHECK_OK(config_version(c, &v, NULL));
	CHECK_STR_EQ(v, "123");
	config_set_version(c, "abcdef0123456789");
	CHECK_OK(config_abbreviated_version(c, ab, sizeof(ab), NULL));
	CHECK_STR_EQ(ab, "abcdef0");
	config_set_version(c, "abc_uncommitted_1234");
	CHECK_OK(config_abbreviated_version(c, ab, sizeof(ab), NULL));
	CHECK_STR_EQ(ab, "abc_uncommitted_1234");
	config_free(c);
}

TEST(config_secret_lazy_errors)
{
	struct config *c = load_yaml(CFG);
	const char *v;
	struct errinfo e;

	CHECK(c != NULL);
	err_clear(&e);
	CHECK_EQ_INT(config_secret(c, "NOPE", &v, &e), ERR_CONFIG);
	CHECK_STR_EQ(e.msg, "Secret 'NOPE' not found, no secret files (.kamal/secrets-common, .kamal/secrets) provided");
	CHECK(!config_secret_present(c, "NOPE"));
	config_free(c);
}

TEST(config_secret_files_named)
{
	static int seq;
	char dir[512], path[700];
	struct config_opts o;
	struct config *c = NULL;
	struct errinfo e;
	const char *v;

	snprintf(dir, sizeof(dir), "%s/sec%d", harness_tmpdir(), ++seq);
	snprintf(path, sizeof(path), "%s/config", dir);
	fs_mkdir_p(path, 0755, NULL);
	snprintf(path, sizeof(path), "%s/.kamal", dir);
	fs_mkdir_p(path, 0755, NULL);
	snprintf(path, sizeof(path), "%s/config/deploy.yml", dir);
	fs_write_file(path, CFG, strlen(CFG), 0644, NULL);
	snprintf(path, sizeof(path), "%s/config/deploy.staging.yml", dir);
	fs_write_file(path, "{}\n", 3, 0644, NULL);
	snprintf(path, sizeof(path), "%s/.kamal/secrets-common", dir);
	fs_write_file(path, "A=1\nB=common\n", 13, 0600, NULL);
	snprintf(path, sizeof(path), "%s/.kamal/secrets.staging", dir);
	fs_write_file(path, "B=staging\n", 10, 0600, NULL);
	memset(&o, 0, sizeof(o));
	o.config_file = "config/deploy.yml";
	o.destination = "staging";
	o.version = "1";
	o.no_setenv = 1;
	o.base_dir = dir;
	err_clear(&e);
	CHECK_OK(config_load(&o, &c, &e));
	CHECK_OK(config_secret(c, "B", &v, &e));
	CHECK_STR_EQ(v, "staging");
	CHECK_EQ_INT(config_secret(c, "C", &v, &e), ERR_CONFIG);
	CHECK_STR_EQ(e.msg, "Secret 'C' not found in .kamal/secrets-common, .kamal/secrets.staging");
	CHECK(config_secret_present(c, "A"));
	config_free(c);
}

TEST(config_missing_files)
{
	struct config_opts o;
	struct config *c = NULL;
	struct errinfo e;

	memset(&o, 0, sizeof(o));
	o.config_file = "/nonexistent/deploy.yml";
	o.no_setenv = 1;
	err_clear(&e);
	CHECK_EQ_INT(config_load(&o, &c, &e), ERR_NOTFOUND);
	CHECK_STR_EQ(e.msg, "Configuration file not found in /nonexistent/deploy.yml");
	CHECK_STR_EQ(config_err_class(ERR_CONFIG), "Kamal::ConfigurationError");
	CHECK_STR_EQ(config_err_class(ERR_INVAL), "ArgumentError");
}
