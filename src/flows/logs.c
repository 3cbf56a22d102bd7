/*
 * logs — `app logs`, `proxy logs`, `accessory logs` (lib/kamal/cli/{app,proxy,
 * accessory}.rb, lib/kamal/commands/app/logging.rb; spec/kamal.md §6.11,
 * §6.13, §6.14).
 *
 * Without -f every host's lines are captured and printed; with -f Kamal execs
 * the system ssh client on the primary (or first accessory) host, so the
 * command line goes back to the caller in *local_exec (see inspect.h).
 */
#include "flows/inspect.h"

#include <string.h>

#include "cli/output.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/accessory.h"
#include "flows/accessory.h"
#include "docker/app.h"
#include "docker/proxy.h"


/* options[:lines].presence || ((since || grep) ? nil : dflt) */
static const char *
lines_or_default(const struct logs_opts *lo, const char *dflt)
{
	if (lo->lines)
		return lo->lines;
	return lo->since || lo->grep ? NULL : dflt;
}

/* ---- app ---- */

static int
app_logs_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	const struct logs_opts *lo = arg;
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT;
	int rc;

	dapp_logs(&c, &f->k, r, lo->container_id, lo->timestamps, lo->since,
	    lines_or_default(lo, "100"), lo->grep, lo->grep_options);
	rc = flow_capture(f, host, &c, NULL, &out, e);
	if (rc == ERR_REMOTE) {
		/* rescue SSHKit::Command::Failed */
		err_clear(e);
		str_set(&out, "Nothing found");
		rc = 0;
	}
	if (rc == 0)
		out_by_host("App", host, str_cstr(&out));
	dcmd_release(&c);
	str_release(&out);
	return rc;
}

int
flows_app_logs(struct flow *f, const struct logs_opts *lo, struct str *local_exec,
    struct errinfo *e)
{
	const struct config_role *roles[64], *role = NULL;
	const char *host = f->sel.primary_host;
	size_t n, i;

	if (!lo->follow)
		return flow_on_roles(f, &f->sel.app_hosts, 1, app_logs_role, (void *)lo, e);
	if (host == NULL)
		return err_set(e, ERR_INVAL, "no primary host to follow logs on");
	flow_info(f, "Following logs on %s...", host);
	/* KAMAL.specific_roles ||= [primary role]; role = roles_on(primary_host).first */
	n = flow_roles_on(f, host, roles, 64);
	if (f->o.roles == NULL) {
		for (i = 0; i < n; i++)
			if (roles[i] == f->sel.primary_role)
				role = roles[i];
	} else if (n > 0) {
		role = roles[0];
	}
	if (role == NULL)
		return err_set(e, ERR_INVAL, "no role of the selection runs on %s", host);
	dapp_follow_logs(&f->k, role, host, lo->container_id, lo->timestamps,
	    lines_or_default(lo, "10"), lo->grep, lo->grep_options, local_exec);
	flow_info(f, "%s", str_cstr(local_exec));
	return 0;
}

/* ---- proxy ---- */

static int
proxy_logs_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct logs_opts *lo = arg;
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT;
	struct fx fx = { .debug = 1 };	/* plain capture: SSHKit logs it at debug */
	int rc;

	dproxy_logs(&c, lo->timestamps, lo->since, lines_or_default(lo, "100"), lo->grep, NULL);
	if ((rc = flow_capture(f, host, &c, &fx, &out, e)) == 0)
		out_by_host("Proxy", host, str_cstr(&out));
	dcmd_release(&c);
	str_release(&out);
	return rc;
}

int
flows_proxy_logs(struct flow *f, const struct logs_opts *lo, struct str *local_exec,
    struct errinfo *e)
{
	if (!lo->follow)
		return flow_on(f, &f->sel.proxy_hosts, proxy_logs_host, (void *)lo, e);
	if (f->sel.primary_host == NULL)
		return err_set(e, ERR_INVAL, "no primary host to follow logs on");
	flow_info(f, "Following logs on %s...", f->sel.primary_host);
	dproxy_follow_logs(&f->k, f->sel.primary_host, lo->timestamps, lo->grep, NULL, local_exec);
	flow_info(f, "%s", str_cstr(local_exec));
	return 0;
}

/* ---- accessory ---- */

struct acc_logs {
	const struct config_accessory	*a;
	const struct logs_opts		*lo;
};

static int
acc_logs_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct acc_logs *al = arg;
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT;
	int rc;

	dacc_logs(&c, al->a, al->lo->timestamps, al->lo->since, lines_or_default(al->lo, "100"),
	    al->lo->grep, al->lo->grep_options);
	/* puts capture_with_info(...): no host header for accessories */
	if ((rc = flow_capture(f, host, &c, NULL, &out, e)) == 0)
		out_say(NULL, "%s", str_cstr(&out));
	dcmd_release(&c);
	str_release(&out);
	return rc;
}

int
flows_accessory_logs(struct flow *f, const char *name, const struct logs_opts *lo,
    struct str *local_exec, struct errinfo *e)
{
	const struct config_accessory *a = config_accessory(f->cfg, name);
	struct acc_logs al = { a, lo };
	struct strvec hosts = STRVEC_INIT;
	struct str list = STR_INIT;
	size_t i;
	int rc = 0;

	if (a == NULL)
		return flow_unknown_accessory(f, name);
	flow_accessory_hosts(f, a, &hosts);
	if (!lo->follow) {
		rc = flow_on(f, &hosts, acc_logs_host, &al, e);
		goto out;
	}
	/* "Following logs on #{hosts}..." prints the Ruby array */
	str_addch(&list, '[');
	for (i = 0; i < hosts.n; i++)
		str_addf(&list, "%s\"%s\"", i ? ", " : "", hosts.v[i]);
	str_addch(&list, ']');
	flow_info(f, "Following logs on %s...", list.s);
	dacc_follow_logs(&f->k, a, lo->timestamps, lo->grep, lo->grep_options, local_exec);
	flow_info(f, "%s", str_cstr(local_exec));
out:
	strvec_clear(&hosts);
	str_release(&list);
	return rc;
}
