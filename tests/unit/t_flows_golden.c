/*
 * The flows run in-process against the plan executor on golden cases
 * (tests/golden/plans): the same plans as the binary prints, but here under the
 * sanitizer build too, so that every flow path the goldens cover is also checked
 * for memory errors and leaks.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "fleet/plan.h"
#include "flows/flows.h"

enum which { W_SETUP, W_DEPLOY, W_REDEPLOY, W_ROLLBACK, W_REMOVE, W_PROXY_REBOOT, W_ACC_REBOOT };

struct gcase {
	const char	*dir;		/* under tests/golden/plans */
	const char	*plan;		/* expected plan file */
	const char	*dest;
	const char	*version;
	enum which	 which;
	const char	*arg;
};

static int
copy_tree(const char *from, const char *to)
{
	struct str cmd = STR_INIT;
	int rc;

	fs_mkdir_p(to, 0755, NULL);
	str_addf(&cmd, "cp -a '%s/.' '%s'", from, to);
	rc = system(cmd.s);
	str_release(&cmd);
	return rc;
}

static int
run_case(struct test_ctx *t__, const struct gcase *g)
{
	char cwd[4096], root[4096], work[1024], gitcfg[1024];
	struct str proj = STR_INIT, want_path = STR_INIT, got = STR_INIT, want = STR_INIT;
	struct config_opts co;
	struct config *cfg = NULL;
	struct flow_opts fo;
	struct executor x;
	struct flow f;
	struct errinfo e;
	static int seq;
	int rc, ok = 0;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return 0;
	snprintf(root, sizeof(root), "%s/tests/golden/plans/%s", cwd, g->dir);
	str_addf(&proj, "%s/project", root);
	snprintf(work, sizeof(work), "%s/flows%d", harness_tmpdir(), ++seq);
	if (copy_tree(proj.s, work) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "cannot copy %s", proj.s);
		goto out;
	}
	snprintf(gitcfg, sizeof(gitcfg), "%s/gitconfig", harness_tmpdir());
	{
		const char *g_ = "[user]\n\tname = Deploy User\n\temail = deployer@example.com\n";

		fs_write_file(gitcfg, g_, strlen(g_), 0644, NULL);
	}
	setenv("GIT_CONFIG_GLOBAL", gitcfg, 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CEILING_DIRECTORIES", harness_tmpdir(), 1);
	setenv("SOURCE_DATE_EPOCH", "1704067200", 1);
	setenv("SEXTANT_TEST_RANDOM_HEX", "0123456789abcdef", 1);
	setenv("SEXTANT_DOCKER_ARCH", "amd64", 1);
	if (chdir(work) != 0)
		goto out;
	memset(&co, 0, sizeof(co));
	co.destination = g->dest;
	co.version = g->version;
	co.no_setenv = 1;
	err_clear(&e);
	if ((rc = config_load(&co, &cfg, &e)) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "%s: config: %s %s", g->dir, e.where, e.msg);
		goto back;
	}
	plan_executor_init(&x, NULL);
	memset(&fo, 0, sizeof(fo));
	fo.command = g->which == W_PROXY_REBOOT ? "proxy" : g->which == W_ACC_REBOOT ? "accessory" : "deploy";
	fo.deterministic = 1;
	if ((rc = flow_init(&f, cfg, &x, &fo, &e)) == 0) {
		switch (g->which) {
		case W_SETUP: rc = flows_setup(&f, 0, 0, &e); break;
		case W_DEPLOY: rc = flows_deploy(&f, 0, 0, 0, &e); break;
		case W_REDEPLOY: rc = flows_redeploy(&f, 0, 0, &e); break;
		case W_ROLLBACK:
			plan_assume_container(&x, f.sel.app_hosts.v[0], "hey-web-1");
			rc = flows_rollback(&f, g->arg, &e);
			break;
		case W_REMOVE: rc = flows_remove(&f, &e); break;
		case W_PROXY_REBOOT: rc = flows_proxy_reboot(&f, 1, &e); break;
		case W_ACC_REBOOT: rc = flows_accessory_reboot(&f, g->arg, &e); break;
		}
		flow_release(&f);
	}
	if (rc != 0) {
		harness_fail(t__, __FILE__, __LINE__, "%s: flow failed: %s", g->dir, e.msg);
		x_release(&x);
		goto back;
	}
	plan_render(&x, &got);
	x_release(&x);
	str_addf(&want_path, "%s/%s", root, g->plan);
	if (fs_read_file(want_path.s, 1 << 24, &want, NULL) != 0) {
		harness_fail(t__, __FILE__, __LINE__, "cannot read %s", want_path.s);
		goto back;
	}
	/* the expected file starts with the header line the CLI adds */
	{
		const char *body = strchr(str_cstr(&want), '\n');

		body = body ? body + 1 : str_cstr(&want);
		ok = strcmp(body, str_cstr(&got)) == 0;
		if (!ok)
			harness_fail(t__, __FILE__, __LINE__, "%s/%s differs", g->dir, g->plan);
	}
back:
	if (chdir(cwd) != 0)
		ok = 0;
out:
	config_free(cfg);
	str_release(&proj);
	str_release(&want_path);
	str_release(&got);
	str_release(&want);
	return ok;
}

TEST(flows_golden_examples)
{
	static const struct gcase cases[] = {
		{ "ex-accessories-files-dirs", "setup.plan", NULL, "999", W_SETUP, NULL },
		{ "ex-accessories-files-dirs", "deploy.plan", NULL, "999", W_DEPLOY, NULL },
		{ "ex-destination-staging", "setup.plan", "staging", "999", W_SETUP, NULL },
		{ "ex-proxy-ssl-custom-certs", "deploy.plan", NULL, "999", W_DEPLOY, NULL },
		{ "ex-roles-per-role-settings", "deploy.plan", NULL, "999", W_DEPLOY, NULL },
		{ "boot-limit-hooks", "setup.plan", NULL, "3", W_SETUP, NULL },
		{ "boot-limit-hooks", "proxy-reboot-rolling.plan", NULL, "3", W_PROXY_REBOOT, NULL },
		{ "env-tags-values", "deploy.plan", NULL, "2024.1", W_DEPLOY, NULL },
		{ "assets-error-pages", "deploy.plan", NULL, "20", W_DEPLOY, NULL },
		{ "minimal", "redeploy.plan", NULL, "2", W_REDEPLOY, NULL },
		{ "minimal", "rollback.plan", NULL, "2", W_ROLLBACK, "1" },
		{ "remove-all", "remove.plan", NULL, "1", W_REMOVE, NULL },
		{ "accessory-proxy", "reboot-search.plan", NULL, "7", W_ACC_REBOOT, "search" },
		{ "remote-builder", "deploy.plan", NULL, "5", W_DEPLOY, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!run_case(t__, &cases[i]))
			return;
}
