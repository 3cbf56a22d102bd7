/*
 * The plan executor (fleet/plan.c) and the on(hosts) runner (fleet/runner.c):
 * recording order, the fresh-server model, the output format and SSHKit's error
 * aggregation.
 */
#include "harness.h"

#include <stdlib.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "fleet/plan.h"
#include "fleet/runner.h"

static void
run(struct executor *x, const char *host, const char *cmd, enum xprobe p, enum xeffect ef,
    const char *subject, struct xresult *r)
{
	struct xcmd c = { .cmd = cmd, .probe = p, .effect = ef, .subject = subject };
	struct errinfo e;

	err_clear(&e);
	if (host)
		x_exec(x, host, &c, r, &e);
	else
		x_run_local(x, &c, r, &e);
}

TEST(flows_plan_format_and_order)
{
	struct executor x;
	struct xresult r = XRESULT_INIT;
	struct xupload u = { .path = ".kamal/x.env", .data = "A=\"b\"\\\n\x01é", .len = 10, .mode = 0600,
	    .mode_explicit = 1 };
	struct xupload u2 = { .path = "svc/etc/f", .data = "x", .len = 1, .mode = 0644 };
	struct str out = STR_INIT;
	struct errinfo e;

	plan_executor_init(&x, NULL);
	run(&x, "h2", "first on h2", XP_NONE, XE_NONE, NULL, &r);
	run(&x, NULL, "docker --version && docker buildx version", XP_NONE, XE_NONE, NULL, &r);
	run(&x, "h1", "echo \"a\nb\"", XP_NONE, XE_NONE, NULL, &r);
	run(&x, "h2", "second on h2", XP_NONE, XE_NONE, NULL, &r);
	err_clear(&e);
	CHECK_OK(x_upload(&x, "h1", &u, &e));
	CHECK_OK(x_upload(&x, "h1", &u2, &e));
	plan_render(&x, &out);
	CHECK_STR_EQ(out.s, "== h2\nfirst on h2\nsecond on h2\n"
	    "== localhost\ndocker --version && docker buildx version\n"
	    "== h1\necho \"a\\nb\"\n"
	    "UPLOAD .kamal/x.env mode=0600 \"A=\\\"b\\\"\\\\\\n\\u0001é\"\n"
	    "UPLOAD svc/etc/f \"x\"\n");
	xresult_release(&r);
	str_release(&out);
	x_release(&x);
}

TEST(flows_plan_fresh_server_model)
{
	struct executor x;
	struct xresult r = XRESULT_INIT;

	plan_executor_init(&x, NULL);
	/* nothing exists on a fresh server */
	run(&x, "h", "ls c1", XP_CONTAINER_ID, XE_NONE, "app-web-1", &r);
	CHECK_EQ_INT(r.out.len, 0);
	CHECK_EQ_INT(r.status, 0);
	run(&x, "h", "run c1", XP_NONE, XE_CREATE, "app-web-1", &r);
	run(&x, "h", "ls c1", XP_CONTAINER_ID, XE_NONE, "app-web-1", &r);
	CHECK_STR_EQ(str_cstr(&r.out), "<container-id>\n");
	/* other hosts are still fresh */
	run(&x, "h2", "ls c1", XP_CONTAINER_ID, XE_NONE, "app-web-1", &r);
	CHECK_EQ_INT(r.out.len, 0);
	run(&x, "h", "rename c1", XP_NONE, XE_REMOVE, "app-web-1", &r);
	run(&x, "h", "ls c1", XP_CONTAINER_ID, XE_NONE, "app-web-1", &r);
	CHECK_EQ_INT(r.out.len, 0);
	run(&x, "h", "start c2", XP_NONE, XE_START, "app-web-2", &r);
	CHECK_EQ_INT(r.status, 1);
	plan_assume_container(&x, "h3", "app-web-7");
	run(&x, "h3", "start c7", XP_NONE, XE_START, "app-web-7", &r);
	CHECK_EQ_INT(r.status, 0);
	run(&x, "h", "health", XP_HEALTH, XE_NONE, NULL, &r);
	CHECK_STR_EQ(str_cstr(&r.out), "healthy\n");
	run(&x, "h", "count", XP_COUNT, XE_NONE, NULL, &r);
	CHECK_STR_EQ(str_cstr(&r.out), "0\n");
	run(&x, NULL, "git rev-parse HEAD", XP_ECHO, XE_NONE, "abc", &r);
	CHECK_STR_EQ(str_cstr(&r.out), "abc\n");
	run(&x, "h", "version", XP_RUNNING_VERSION, XE_NONE, "app-web", &r);
	CHECK_EQ_INT(r.out.len, 0);
	/* no lock on a fresh server: release fails as rm would, acquire then works once */
	run(&x, "h", "rm lock", XP_NONE, XE_RMDIR, ".kamal/lock-app", &r);
	CHECK_EQ_INT(r.status, 1);
	CHECK(strstr(str_cstr(&r.err), "No such file or directory") != NULL);
	run(&x, "h", "mkdir lock", XP_NONE, XE_MKDIR, ".kamal/lock-app", &r);
	CHECK_EQ_INT(r.status, 0);
	run(&x, "h", "mkdir lock", XP_NONE, XE_MKDIR, ".kamal/lock-app", &r);
	CHECK_EQ_INT(r.status, 1);
	CHECK(strstr(str_cstr(&r.err), "cannot create directory") != NULL);
	run(&x, "h", "rm lock", XP_NONE, XE_RMDIR, ".kamal/lock-app", &r);
	CHECK_EQ_INT(r.status, 0);
	xresult_release(&r);
	x_release(&x);
}

static int
fail_some(void *arg, const char *host, struct errinfo *e)
{
	int *calls = arg;

	(*calls)++;
	if (host[0] == 'b' || host[0] == 'r')
		return err_set(e, ERR_REMOTE, "docker exit status: 1\ndocker stdout: Nothing written\n"
		    "docker stderr: boom %s\n", host);
	return 0;
}

TEST(flows_runner_errors)
{
	struct executor x;
	struct strvec hosts = STRVEC_INIT;
	struct errinfo e;
	int calls = 0;

	plan_executor_init(&x, NULL);
	strvec_push(&hosts, "a1");
	strvec_push(&hosts, "b1");
	err_clear(&e);
	CHECK_EQ_INT(fleet_on(&x, &hosts, fail_some, &calls, &e), ERR_REMOTE);
	CHECK_EQ_INT(calls, 2);
	CHECK_STR_EQ(e.msg, "Exception while executing on host b1: docker exit status: 1\ndocker stdout: "
	    "Nothing written\ndocker stderr: boom b1\n");
	/* every host runs even after a failure; several failures are listed */
	strvec_push(&hosts, "root@r2");
	strvec_push(&hosts, "c3");
	calls = 0;
	err_clear(&e);
	CHECK_EQ_INT(fleet_on(&x, &hosts, fail_some, &calls, &e), ERR_REMOTE);
	CHECK_EQ_INT(calls, 4);
	CHECK(strncmp(e.msg, "Exceptions on 2 hosts:\nException while executing on host b1: ", 61) == 0);
	CHECK(strstr(e.msg, "\nException while executing as root@r2: docker exit status: 1") != NULL);
	strvec_clear(&hosts);
	x_release(&x);
}
