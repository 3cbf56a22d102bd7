/*
 * inspect — the read-only commands that show server state: `details`, `audit`,
 * `app details|containers|images|version`, `proxy details`, `accessory details`,
 * `lock status`, `build details` (lib/kamal/cli/{main,app,proxy,accessory,lock,
 * build}.rb; spec/kamal.md §6.12–§6.17).
 *
 * Each host's answer is printed as one `puts_by_host` block ("<Type> Host: H",
 * the stripped output, a blank line), in the order the hosts answer, as Kamal's
 * threads print them.
 */
#include "flows/inspect.h"

#include <stdarg.h>
#include <string.h>

#include "cli/output.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/accessory.h"
#include "docker/app.h"
#include "docker/auditor.h"
#include "docker/builder.h"
#include "docker/lock.h"
#include "docker/proxy.h"
#include "flows/buildplain.h"
#include "flows/accessory.h"
#include "flows/flows.h"


void
flow_info(struct flow *f, const char *fmt, ...)
{
	struct str s = STR_INIT;
	va_list ap;

	(void)f;
	va_start(ap, fmt);
	str_vaddf(&s, fmt, ap);
	va_end(ap);
	/* SSHKit's logger line outside a command: "%6s %s" (level, message) */
	if (out_json())
		out_say(NULL, "%s", str_cstr(&s));
	else if (out_level() >= OUT_INFO)
		out_say(NULL, "  INFO %s", str_cstr(&s));
	str_release(&s);
}

void
flow_join_words(const struct strvec *words, struct str *out)
{
	size_t i;

	for (i = 0; words && i < words->n; i++) {
		struct str w = STR_INIT;

		str_adds(&w, words->v[i]);
		str_trim(&w);
		if (i > 0)
			str_addch(out, ' ');
		str_adds(out, str_cstr(&w));
		str_release(&w);
	}
	if (out->s == NULL)
		str_adds(out, "");
}

/* capture_with_info(cmd) then puts_by_host(host, output, type:) */
static int
show(struct flow *f, const char *host, const struct dcmd *c, const char *type, struct errinfo *e)
{
	struct str out = STR_INIT;
	int rc;

	if ((rc = flow_capture(f, host, c, NULL, &out, e)) == 0)
		out_by_host(type, host, str_cstr(&out));
	str_release(&out);
	return rc;
}

/* ---- app ---- */

static int
app_details_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	dapp_info(&c, &f->k, r);
	rc = show(f, host, &c, "App", e);
	dcmd_release(&c);
	return rc;
}

int
flows_app_details(struct flow *f, struct errinfo *e)
{
	return flow_on_roles(f, &f->sel.app_hosts, 1, app_details_role, NULL, e);
}

static int
app_containers_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	/* KAMAL.app (no role): the list has no role filter */
	dapp_list_containers(&c, &f->k, NULL);
	rc = show(f, host, &c, "App", e);
	dcmd_release(&c);
	return rc;
}

int
flows_app_containers(struct flow *f, struct errinfo *e)
{
	return flow_on(f, &f->sel.app_hosts, app_containers_host, NULL, e);
}

static int
app_images_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	dapp_list_images(&c, &f->k);
	rc = show(f, host, &c, "App", e);
	dcmd_release(&c);
	return rc;
}

int
flows_app_images(struct flow *f, struct errinfo *e)
{
	return flow_on(f, &f->sel.app_hosts, app_images_host, NULL, e);
}

static int
app_version_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct config_role *roles[1];
	struct dcmd c = DCMD_INIT;
	int rc;

	if (flow_roles_on(f, host, roles, 1) == 0)
		return 0;
	dapp_current_running_version(&c, &f->k, roles[0]);
	rc = show(f, host, &c, "App", e);
	dcmd_release(&c);
	return rc;
}

int
flows_app_version(struct flow *f, struct errinfo *e)
{
	return flow_on(f, &f->sel.app_hosts, app_version_host, NULL, e);
}

/* ---- proxy ---- */

static int
proxy_details_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	dproxy_info(&c);
	rc = show(f, host, &c, "Proxy", e);
	dcmd_release(&c);
	return rc;
}

int
flows_proxy_details(struct flow *f, struct errinfo *e)
{
	return flow_on(f, &f->sel.proxy_hosts, proxy_details_host, NULL, e);
}

/* ---- accessory ---- */

struct acc_show {
	const struct config_accessory	*a;
	struct str			 type;
};

static int
acc_details_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct acc_show *s = arg;
	struct dcmd c = DCMD_INIT;
	int rc;

	dacc_info(&c, s->a, 0, 0);
	rc = show(f, host, &c, s->type.s, e);
	dcmd_release(&c);
	return rc;
}

static int
acc_details_one(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	struct acc_show s;
	struct strvec hosts = STRVEC_INIT;
	int rc;

	s.a = a;
	str_init(&s.type);
	str_addf(&s.type, "Accessory %s", a->name);
	flow_accessory_hosts(f, a, &hosts);
	rc = flow_on(f, &hosts, acc_details_host, &s, e);
	strvec_clear(&hosts);
	str_release(&s.type);
	return rc;
}

int
flows_accessory_details(struct flow *f, const char *name, struct errinfo *e)
{
	const struct config_accessory *a;
	size_t i;
	int rc = 0;

	if (strcmp(name, "all") == 0) {
		for (i = 0; rc == 0 && i < f->cfg->naccessories; i++)
			rc = acc_details_one(f, &f->cfg->accessories[i], e);
		return rc;
	}
	if ((a = config_accessory(f->cfg, name)) == NULL)
		return flow_unknown_accessory(f, name);
	return acc_details_one(f, a, e);
}

/* ---- top level ---- */

int
flows_details(struct flow *f, struct errinfo *e)
{
	int rc;

	if ((rc = flows_proxy_details(f, e)) != 0)
		return rc;
	if ((rc = flows_app_details(f, e)) != 0)
		return rc;
	return flows_accessory_details(f, "all", e);
}

static int
audit_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	daudit_reveal(&c, &f->k);
	rc = show(f, host, &c, "App", e);
	dcmd_release(&c);
	return rc;
}

int
flows_audit(struct flow *f, struct errinfo *e)
{
	return flow_on(f, &f->sel.hosts, audit_host, NULL, e);
}

/* ---- lock status ---- */

static int
lock_status_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .debug = 1 };
	int rc;

	/* capture_with_debug */
	dlock_status(&c, &f->k);
	rc = flow_capture(f, host, &c, &fx, arg, e);
	dcmd_release(&c);
	return rc;
}

int
flows_lock_status(struct flow *f, struct errinfo *e)
{
	struct str st = STR_INIT;
	int rc;

	if (f->sel.primary_host == NULL)
		return err_set(e, ERR_INVAL, "no primary host to hold the deploy lock");
	rc = flow_on_host(f, f->sel.primary_host, lock_status_host, &st, e);
	if (rc != 0 && strstr(e->msg, "No such file or directory")) {
		/* handle_missing_lock */
		err_clear(e);
		flow_say(f, "There is no deploy lock");
		rc = 0;
	} else if (rc == 0) {
		out_say(NULL, "%s", str_cstr(&st));
	}
	str_release(&st);
	return rc;
}

/* ---- build details ---- */

int
flows_build_details(struct flow *f, struct errinfo *e)
{
	struct dbuild b;
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT;
	int rc;

	dbuild_init(&b, &f->k, flow_docker_arch(f));
	out_say(NULL, "Builder: %s", b.name ? b.name : "");
	dbuild_info(&c, &b);
	/* run_locally { puts capture(...) } */
	rc = flow_capture(f, NULL, &c, NULL, &out, e);
	if (rc == ERR_REMOTE) {
		/* no buildx here: say how sextant builds instead, and show the contexts */
		struct errinfo e2 = *e;

		if (buildplain_fallback(f, &e2)) {
			err_clear(e);
			dcmd_reset(&c);
			dcmd_addv(&c, "docker", "context", "ls", NULL);
			rc = flow_capture(f, NULL, &c, NULL, &out, e);
		}
	}
	if (rc == 0)
		out_say(NULL, "%s", str_cstr(&out));
	dcmd_release(&c);
	str_release(&out);
	dbuild_release(&b);
	return rc;
}
