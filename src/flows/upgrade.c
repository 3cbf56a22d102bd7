/*
 * upgrade — see upgrade.h.
 */
#include "flows/upgrade.h"

#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/proxy.h"
#include "docker/registry.h"
#include "flows/flows.h"

/* KAMAL.with_specific_hosts(hosts) { fn }: the selection narrowed, then restored. */
typedef int (*group_fn)(struct flow *f, const struct strvec *group, void *arg, struct errinfo *e);

static int
with_hosts(struct flow *f, const struct strvec *hosts, group_fn fn, void *arg, struct errinfo *e)
{
	struct errinfo e2;
	int rc;

	if ((rc = flow_select_hosts(f, hosts, e)) != 0)
		return rc;
	rc = fn(f, hosts, arg, e);
	err_clear(&e2);
	if (flow_select_hosts(f, NULL, &e2) != 0 && rc == 0) {
		*e = e2;
		rc = e2.code ? e2.code : ERR_INVAL;
	}
	return rc;
}

/* groups: each host alone (rolling), or all of them at once */
static int
each_group(struct flow *f, const struct strvec *hosts, int rolling, group_fn fn, void *arg,
    struct errinfo *e)
{
	struct strvec all = STRVEC_INIT;
	size_t i;
	int rc = 0;

	/* a copy: the selection (and its vectors) changes while the groups run */
	for (i = 0; i < hosts->n; i++)
		strvec_push(&all, hosts->v[i]);
	if (!rolling) {
		rc = fn(f, &all, arg, e);
	} else {
		for (i = 0; rc == 0 && i < all.n; i++) {
			struct strvec one = STRVEC_INIT;

			strvec_push(&one, all.v[i]);
			rc = fn(f, &one, arg, e);
			strvec_clear(&one);
		}
	}
	strvec_clear(&all);
	return rc;
}

/* ---- accessory upgrade ---- */

static int
acc_reboot_group(struct flow *f, const struct strvec *group, void *arg, struct errinfo *e)
{
	const char *name = arg;
	int rc;

	(void)group;
	rc = flows_accessory_reboot(f, name, e);
	return rc;
}

static int
acc_group(struct flow *f, const struct strvec *group, void *arg, struct errinfo *e)
{
	const char *name = arg;
	struct str list = STR_INIT;
	int rc;

	strvec_join(group, ",", &list);
	flow_say(f, "Upgrading %s accessories on %s...", name, str_cstr(&list));
	rc = with_hosts(f, group, acc_reboot_group, arg, e);
	if (rc == 0)
		flow_say(f, "Upgraded %s accessories on %s...", name, str_cstr(&list));
	str_release(&list);
	return rc;
}

int
flows_accessory_upgrade(struct flow *f, const char *name, int rolling, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = each_group(f, &f->sel.accessory_hosts, rolling, acc_group, (void *)name, e);
	return flow_lock_end(f, acq, rc, e);
}

/* ---- proxy upgrade ---- */

static int
proxy_clean_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	(void)arg;
	if ((rc = flow_audit(f, host, NULL, "Rebooted proxy", e)) != 0)
		goto out;
	if ((rc = dreg_login(&c, &f->k, &f->cfg->registry, e)) != 0 ||
	    (rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	/* "Stopping and removing Traefik on H, if running..." (a bare string in Kamal: not printed) */
	dproxy_cleanup_traefik(&c);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dproxy_stop(&c);
	if ((rc = flow_run(f, host, &c, &(struct fx){ .no_raise = 1 }, e)) != 0)
		goto out;
	dproxy_remove_container(&c);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dproxy_remove_image(&c);
	rc = flow_run(f, host, &c, NULL, e);
out:
	dcmd_release(&c);
	return rc;
}

static int
proxy_boot_app(struct flow *f, const struct strvec *group, void *arg, struct errinfo *e)
{
	const char *version = arg;
	int rc;

	(void)group;
	if ((rc = flows_proxy_boot(f, e)) == 0 && (rc = flows_app_boot(f, version, e)) == 0)
		rc = flows_prune_all(f, e);
	return rc;
}

static int
proxy_group(struct flow *f, const struct strvec *group, void *arg, struct errinfo *e)
{
	struct str list = STR_INIT;
	int rc;

	strvec_join(group, ",", &list);
	flow_say(f, "Upgrading proxy on %s...", str_cstr(&list));
	rc = flow_hook(f, "pre-proxy-reboot", 0, list.s, NULL, e);
	if (rc == 0)
		rc = flow_on(f, group, proxy_clean_host, NULL, e);
	if (rc == 0)
		rc = with_hosts(f, group, proxy_boot_app, arg, e);
	if (rc == 0)
		rc = flow_hook(f, "post-proxy-reboot", 0, list.s, NULL, e);
	if (rc == 0)
		flow_say(f, "Upgraded proxy on %s", str_cstr(&list));
	str_release(&list);
	return rc;
}

int
flows_proxy_upgrade(struct flow *f, int rolling, struct errinfo *e)
{
	/* invoke_options: version = latest_tag unless --version was given */
	const char *version = f->version ? f->version : f->cfg->latest_tag;
	struct str v = STR_INIT;
	int rc;

	str_adds(&v, version);
	rc = each_group(f, &f->sel.hosts, rolling, proxy_group, v.s, e);
	str_release(&v);
	return rc;
}

/* ---- upgrade ---- */

static int
upgrade_host(struct flow *f, const struct strvec *group, void *arg, struct errinfo *e)
{
	const char *host = group->v[0];
	int rc = 0;

	(void)arg;
	flow_say(f, "Upgrading %s...", host);
	if (flow_has(&f->sel.app_hosts, host))
		rc = flows_proxy_upgrade(f, 0, e);
	if (rc == 0 && flow_has(&f->sel.accessory_hosts, host))
		rc = flows_accessory_upgrade(f, "all", 0, e);
	if (rc == 0)
		flow_say(f, "Upgraded %s", host);
	return rc;
}

static int
upgrade_one(struct flow *f, const struct strvec *group, void *arg, struct errinfo *e)
{
	return with_hosts(f, group, upgrade_host, arg, e);
}

int
flows_upgrade(struct flow *f, int rolling, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	if (rolling) {
		rc = each_group(f, &f->sel.hosts, 1, upgrade_one, NULL, e);
	} else {
		flow_say(f, "Upgrading all hosts...");
		rc = flows_proxy_upgrade(f, 0, e);
		if (rc == 0)
			rc = flows_accessory_upgrade(f, "all", 0, e);
		if (rc == 0)
			flow_say(f, "Upgraded all hosts");
	}
	return flow_lock_end(f, acq, rc, e);
}
