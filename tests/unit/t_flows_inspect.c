/*
 * The read-only/interactive flows (flows/inspect.h), the plain-build fallback's
 * commands (flows/buildplain.h) and boot_config (flows/bootconfig.h), run over
 * the plan executor: which commands reach which host, in Kamal's order, and the
 * system-ssh command lines handed back for interactive variants.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/builder.h"
#include "fleet/plan.h"
#include "flows/bootconfig.h"
#include "flows/buildplain.h"
#include "flows/inspect.h"
#include "t_docker_fixture.h"

#define BASE \
	"service: app\n" \
	"image: dhh/app\n" \
	"registry: { server: reg.test:5000, username: dhh, password: secret }\n" \
	"builder: { arch: amd64, args: { A: b } }\n" \
	"servers:\n" \
	"  web: [1.1.1.1, 1.1.1.2]\n" \
	"  workers: { hosts: [1.1.1.3], cmd: bin/jobs }\n" \
	"accessories:\n" \
	"  db: { image: mysql:8, host: 1.1.1.3 }\n"

struct fl {
	struct fxc	fx;
	struct executor	x;
	struct flow	f;
	struct errinfo	e;
	struct str	plan;
};

static int
fl_init(struct fl *t, const char *yaml, const char *roles)
{
	struct flow_opts o;

	memset(t, 0, sizeof(*t));
	setenv("SEXTANT_TEST_RANDOM_HEX", "abcdef", 1);
	setenv("SEXTANT_DOCKER_ARCH", "amd64", 1);
	if (fxc_load(&t->fx, yaml, NULL, NULL) != 0)
		return -1;
	plan_executor_init(&t->x, NULL);
	memset(&o, 0, sizeof(o));
	o.command = "app";
	o.roles = roles;
	o.skip_hooks = 1;
	o.deterministic = 1;
	err_clear(&t->e);
	return flow_init(&t->f, t->fx.cfg, &t->x, &o, &t->e);
}

static const char *
fl_plan(struct fl *t)
{
	str_reset(&t->plan);
	plan_render(&t->x, &t->plan);
	return str_cstr(&t->plan);
}

static void
fl_free(struct fl *t)
{
	flow_release(&t->f);
	x_release(&t->x);
	fxc_free(&t->fx);
	str_release(&t->plan);
}

/* the plan has every needle, in this order */
static int
in_order(const char *hay, const char *const *needles)
{
	const char *p = hay;

	for (; *needles; needles++) {
		const char *q = strstr(p, *needles);

		if (q == NULL) {
			fprintf(stderr, "missing (in order): %s\nplan:\n%s\n", *needles, hay);
			return 0;
		}
		p = q + strlen(*needles);
	}
	return 1;
}

TEST(flows_inspect_app_details_and_version)
{
	struct fl t;
	const char *want[] = {
		"== 1.1.1.1\ndocker ps --filter label=service=app --filter label=destination= --filter label=role=web\n",
		"== 1.1.1.3\ndocker ps --filter label=service=app --filter label=destination= --filter label=role=workers\n",
		NULL
	};

	CHECK(fl_init(&t, BASE, NULL) == 0);
	CHECK_OK(flows_app_details(&t.f, &t.e));
	CHECK(in_order(fl_plan(&t), want));
	fl_free(&t);
}

TEST(flows_inspect_containers_have_no_role_filter)
{
	struct fl t;

	CHECK(fl_init(&t, BASE, NULL) == 0);
	CHECK_OK(flows_app_containers(&t.f, &t.e));
	CHECK(strstr(fl_plan(&t), "== 1.1.1.2\ndocker container ls --all --filter label=service=app "
	    "--filter label=destination=\n") != NULL);
	fl_free(&t);
}

TEST(flows_inspect_audit_on_every_host)
{
	struct fl t;
	const char *want[] = { "== 1.1.1.1\n/usr/bin/env tail -n 50 .kamal/app-audit.log\n",
		"== 1.1.1.2\n/usr/bin/env tail -n 50 .kamal/app-audit.log\n",
		"== 1.1.1.3\n/usr/bin/env tail -n 50 .kamal/app-audit.log\n", NULL };

	CHECK(fl_init(&t, BASE, NULL) == 0);
	CHECK_OK(flows_audit(&t.f, &t.e));
	CHECK(in_order(fl_plan(&t), want));
	fl_free(&t);
}

TEST(flows_inspect_exec_new_container)
{
	struct fl t;
	struct strvec words = STRVEC_INIT, env = STRVEC_INIT;
	struct exec_opts xo;
	struct str ex = STR_INIT;
	const char *plan;

	CHECK(fl_init(&t, BASE, "web") == 0);
	strvec_push(&words, " bin/rails ");
	strvec_push(&words, "console");
	strvec_push(&env, "FOO");
	strvec_push(&env, "b a\"r");
	memset(&xo, 0, sizeof(xo));
	xo.env = &env;
	CHECK_OK(flows_app_exec(&t.f, &words, &xo, &ex, &t.e));
	CHECK(ex.len == 0);
	plan = fl_plan(&t);
	/* login first, then the audit and the run (latest: no --version) */
	CHECK(strstr(plan, "== 1.1.1.1\ndocker login reg.test:5000 -u \"dhh\" -p \"secret\"\n") != NULL);
	CHECK(strstr(plan, "Executed cmd 'bin/rails console' on app version latest\\\" >> .kamal/app-audit.log\n") != NULL ||
	    strstr(plan, "Executed cmd 'bin/rails console' on app version latest\" >> .kamal/app-audit.log\n") != NULL);
	CHECK(strstr(plan, "docker run --rm --name app-web-exec-latest-abcdef --network kamal "
	    "--env-file .kamal/apps/app/env/roles/web.env --env FOO=\"b a\\\"r\" --log-opt max-size=\"10m\" "
	    "reg.test:5000/dhh/app:latest bin/rails console\n") != NULL);
	CHECK(strstr(plan, "== 1.1.1.3") == NULL);	/* -r web */
	strvec_clear(&words);
	strvec_clear(&env);
	str_release(&ex);
	fl_free(&t);
}

TEST(flows_inspect_exec_errors)
{
	struct fl t;
	struct strvec words = STRVEC_INIT;
	struct exec_opts xo;
	struct str ex = STR_INIT;

	CHECK(fl_init(&t, BASE, NULL) == 0);
	memset(&xo, 0, sizeof(xo));
	CHECK(flows_app_exec(&t.f, &words, &xo, &ex, &t.e) == ERR_INVAL);
	CHECK_STR_EQ(t.e.msg, "No command provided. You must specify a command to execute.");
	strvec_push(&words, "ls");
	xo.detach = xo.interactive = xo.reuse = 1;
	CHECK(flows_app_exec(&t.f, &words, &xo, &ex, &t.e) == ERR_INVAL);
	CHECK_STR_EQ(t.e.msg, "Detach is not compatible with interactive or reuse");
	xo.interactive = xo.reuse = 0;
	xo.raw = 1;
	CHECK(flows_app_exec(&t.f, &words, &xo, &ex, &t.e) == ERR_INVAL);
	CHECK_STR_EQ(t.e.msg, "Raw is not compatible with detach");
	strvec_clear(&words);
	str_release(&ex);
	fl_free(&t);
}

TEST(flows_inspect_exec_interactive_is_system_ssh)
{
	struct fl t;
	struct strvec words = STRVEC_INIT;
	struct exec_opts xo;
	struct str ex = STR_INIT;

	CHECK(fl_init(&t, BASE, NULL) == 0);
	strvec_push(&words, "bin/rails console");
	memset(&xo, 0, sizeof(xo));
	xo.interactive = 1;
	xo.reuse = 1;
	xo.version = "123";
	CHECK_OK(flows_app_exec(&t.f, &words, &xo, &ex, &t.e));
	/* stdin of the tests is not a terminal: -i, as Kamal's docker_interactive_args */
	if (!isatty(0))
		CHECK_STR_EQ(ex.s, "ssh -t root@1.1.1.1 -p 22 'docker exec -i app-web-123 bin/rails console'");
	strvec_clear(&words);
	str_release(&ex);
	fl_free(&t);
}

TEST(flows_inspect_logs_follow_line)
{
	struct fl t;
	struct logs_opts lo;
	struct str ex = STR_INIT;

	CHECK(fl_init(&t, BASE, NULL) == 0);
	memset(&lo, 0, sizeof(lo));
	lo.follow = 1;
	lo.timestamps = 1;
	lo.grep = "hey";
	CHECK_OK(flows_app_logs(&t.f, &lo, &ex, &t.e));
	/* test/commands/app_test.rb's follow-logs form, on the primary host */
	CHECK(str_starts_with(ex.s, "ssh -t root@1.1.1.1 -p 22 'sh -c '\\''docker ps --latest --quiet "
	    "--filter label=service=app --filter label=destination= --filter label=role=web"));
	CHECK(str_ends_with(ex.s, "| head -1 | xargs docker logs --timestamps --follow 2>&1 | grep \"hey\"'"));
	str_release(&ex);
	fl_free(&t);
}

TEST(flows_inspect_logs_default_lines)
{
	struct fl t;
	struct logs_opts lo;
	struct str ex = STR_INIT;

	CHECK(fl_init(&t, BASE, "workers") == 0);
	memset(&lo, 0, sizeof(lo));
	lo.timestamps = 1;
	CHECK_OK(flows_app_logs(&t.f, &lo, &ex, &t.e));
	CHECK(strstr(fl_plan(&t), "| head -1 | xargs docker logs --timestamps --tail 100 2>&1\n") != NULL);
	str_release(&ex);
	fl_free(&t);
}

TEST(flows_inspect_server_exec_and_accessory_logs)
{
	struct fl t;
	struct strvec words = STRVEC_INIT;
	struct exec_opts xo;
	struct logs_opts lo;
	struct str ex = STR_INIT;
	const char *plan;

	CHECK(fl_init(&t, BASE, NULL) == 0);
	strvec_push(&words, "uptime");
	memset(&xo, 0, sizeof(xo));
	CHECK_OK(flows_server_exec(&t.f, &words, &xo, &ex, &t.e));
	memset(&lo, 0, sizeof(lo));
	lo.lines = "7";
	CHECK_OK(flows_accessory_logs(&t.f, "db", &lo, &ex, &t.e));
	plan = fl_plan(&t);
	/* one word without white space is mapped like any SSHKit command */
	CHECK(strstr(plan, "== 1.1.1.2\n/usr/bin/env mkdir -p .kamal && echo") != NULL);
	CHECK(strstr(plan, "/usr/bin/env uptime\n") != NULL);
	CHECK(strstr(plan, "docker logs app-db  --tail 7 2>&1\n") != NULL);
	strvec_clear(&words);
	str_release(&ex);
	fl_free(&t);
}

TEST(flows_inspect_hidden_removal_steps)
{
	struct fl t;
	const char *plan;

	CHECK(fl_init(&t, BASE, NULL) == 0);
	CHECK_OK(flows_app_remove_container(&t.f, "42", &t.e));
	CHECK_OK(flows_accessory_remove_service_directory(&t.f, "db", &t.e));
	plan = fl_plan(&t);
	CHECK(strstr(plan, "docker container ls --all --filter 'name=^app-workers-42$' --quiet | xargs docker "
	    "container rm\n") != NULL);
	CHECK(strstr(plan, "/usr/bin/env rm -rf app-db\n") != NULL);
	/* each under the deploy lock */
	CHECK(strstr(plan, "/usr/bin/env mkdir .kamal/lock-app && echo") != NULL);
	fl_free(&t);
}

TEST(flows_buildplain_commands)
{
	struct fxc f;
	struct dbuild b;
	struct dcmd c = DCMD_INIT;

	CHECK(fxc_load(&f, APP_BASE "servers: [1.1.1.1]\nbuilder: { arch: amd64, args: { A: \"b c\" }, "
	    "dockerfile: Dockerfile.x, target: prod }\n", NULL, NULL) == 0);
	dbuild_init(&b, &f.k, "amd64");
	buildplain_build_cmd(&c, &b, 1, 0);
	JOIN_EQ(&c, "docker build --platform linux/amd64 -t dhh/app:999 -t dhh/app:latest --label "
	    "service=\"app\" --build-arg A=\"b c\" --file Dockerfile.x --target prod --no-cache . 2>&1");
	buildplain_build_cmd(&c, &b, 0, 1);
	JOIN_EQ(&c, "docker build --platform linux/amd64 -t dhh/app:999-dirty -t dhh/app:latest-dirty --label "
	    "service=\"app\" --build-arg A=\"b c\" --file Dockerfile.x --target prod . 2>&1");
	buildplain_push_cmd(&c, &f.k, 0, 0);
	JOIN_EQ(&c, "docker push dhh/app:999");
	buildplain_push_cmd(&c, &f.k, 1, 0);
	JOIN_EQ(&c, "docker push dhh/app:latest");
	dcmd_release(&c);
	dbuild_release(&b);
	fxc_free(&f);
}

TEST(flows_bootconfig_set_uploads_and_resets)
{
	struct fl t;
	struct bootconfig_opts o;
	const char *plan;

	CHECK(fl_init(&t, BASE, NULL) == 0);
	memset(&o, 0, sizeof(o));
	o.publish = 1;
	o.http_port = 8080;
	o.https_port = 443;
	o.log_max_size = "10m";
	o.metrics_port = 9100;
	CHECK_OK(flows_proxy_boot_config(&t.f, "set", &o, &t.e));
	plan = fl_plan(&t);
	CHECK(strstr(plan, "UPLOAD .kamal/proxy/options \"--publish 8080:80 --publish 443:443 --log-opt "
	    "max-size=10m --expose=9100\"\n") != NULL);
	CHECK(strstr(plan, "/usr/bin/env rm .kamal/proxy/image\n") != NULL);
	CHECK(strstr(plan, "UPLOAD .kamal/proxy/run_command \"kamal-proxy run --metrics-port \\\"9100\\\"\"\n") != NULL);
	/* workers run no proxy: only the web hosts */
	CHECK(strstr(plan, "== 1.1.1.3") == NULL);
	CHECK(flows_proxy_boot_config(&t.f, "nope", &o, &t.e) == ERR_INVAL);
	CHECK_STR_EQ(t.e.msg, "Unknown boot_config subcommand nope");
	fl_free(&t);
}
