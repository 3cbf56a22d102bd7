/*
 * hidden — the hidden single-step commands Kamal exposes for the pieces of its
 * removal and reboot sequences: `app remove_container VERSION|remove_containers|
 * remove_images|remove_app_directories`, `proxy remove_container|remove_image|
 * remove_proxy_directory`, `accessory pull_image|remove_container|remove_image|
 * remove_service_directory` (lib/kamal/cli/{app,proxy,accessory}.rb, each
 * `desc ..., hide: true`; spec/kamal.md §6.12–§6.14). Every one runs under the
 * deploy lock (modify(lock: true)).
 */
#include "flows/inspect.h"

#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/accessory.h"
#include "flows/accessory.h"
#include "docker/app.h"
#include "docker/proxy.h"
#include "docker/server.h"



typedef int (*locked_fn)(struct flow *f, void *arg, struct errinfo *e);

static int
locked(struct flow *f, locked_fn fn, void *arg, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = fn(f, arg, e);
	return flow_lock_end(f, acq, rc, e);
}

/* ---- app ---- */

static int
remove_container_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	const char *version = arg;
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT;
	int rc;

	str_addf(&line, "Removed app container with version %s", version);
	if ((rc = flow_audit(f, host, r->name, line.s, e)) == 0) {
		dapp_remove_container(&c, &f->k, r, version);
		rc = flow_exec(f, host, &c, NULL, NULL, e);
	}
	dcmd_release(&c);
	str_release(&line);
	return rc;
}

static int
remove_container_body(struct flow *f, void *arg, struct errinfo *e)
{
	return flow_on_roles(f, &f->sel.app_hosts, 1, remove_container_role, arg, e);
}

int
flows_app_remove_container(struct flow *f, const char *version, struct errinfo *e)
{
	return locked(f, remove_container_body, (void *)version, e);
}

static int
remove_containers_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = flow_audit(f, host, r->name, "Removed all app containers", e)) == 0) {
		dapp_remove_containers(&c, &f->k, r);
		rc = flow_exec(f, host, &c, NULL, NULL, e);
	}
	dcmd_release(&c);
	return rc;
}

static int
remove_containers_body(struct flow *f, void *arg, struct errinfo *e)
{
	return flow_on_roles(f, &f->sel.app_hosts, 1, remove_containers_role, NULL, e);
}

int
flows_app_remove_containers(struct flow *f, struct errinfo *e)
{
	return locked(f, remove_containers_body, NULL, e);
}

static int
remove_images_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = flow_audit(f, host, NULL, "Removed all app images", e)) == 0) {
		dapp_remove_images(&c, &f->k);
		rc = flow_exec(f, host, &c, NULL, NULL, e);
	}
	dcmd_release(&c);
	return rc;
}

static int
remove_dirs_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT;
	struct fx nr = { .no_raise = 1 };
	int rc;

	dsrv_remove_app_directory(&c, &f->k);
	if ((rc = flow_run(f, host, &c, &nr, e)) != 0)
		goto out;
	str_addf(&line, "Removed %s", f->cfg->app_directory);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) != 0)
		goto out;
	dapp_remove_proxy_app_directory(&c, &f->k);
	rc = flow_run(f, host, &c, &nr, e);
out:
	dcmd_release(&c);
	str_release(&line);
	return rc;
}

struct host_step {
	flow_host_fn	fn;
};

static int
on_removing_hosts(struct flow *f, void *arg, struct errinfo *e)
{
	const struct host_step *s = arg;
	struct strvec hosts = STRVEC_INIT;
	int rc;

	flow_hosts_removing_all_roles(f, &hosts);
	rc = flow_on(f, &hosts, s->fn, NULL, e);
	strvec_clear(&hosts);
	return rc;
}

int
flows_app_remove_images(struct flow *f, struct errinfo *e)
{
	struct host_step s = { remove_images_host };

	return locked(f, on_removing_hosts, &s, e);
}

int
flows_app_remove_app_directories(struct flow *f, struct errinfo *e)
{
	struct host_step s = { remove_dirs_host };

	return locked(f, on_removing_hosts, &s, e);
}

/* ---- proxy ---- */

struct proxy_step {
	const char	*audit;
	void		(*build)(struct dcmd *c, const struct dk *k);
	int		 no_raise;
};

static int
proxy_step_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct proxy_step *s = arg;
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .no_raise = s->no_raise };
	int rc = 0;

	if (s->audit)
		rc = flow_audit(f, host, NULL, s->audit, e);
	if (rc == 0) {
		s->build(&c, &f->k);
		rc = flow_exec(f, host, &c, &fx, NULL, e);
	}
	dcmd_release(&c);
	return rc;
}

static int
proxy_step_body(struct flow *f, void *arg, struct errinfo *e)
{
	return flow_on(f, &f->sel.proxy_hosts, proxy_step_host, arg, e);
}

static void
b_proxy_container(struct dcmd *c, const struct dk *k)
{
	(void)k;
	dproxy_remove_container(c);
}

static void
b_proxy_image(struct dcmd *c, const struct dk *k)
{
	(void)k;
	dproxy_remove_image(c);
}

int
flows_proxy_remove_container(struct flow *f, struct errinfo *e)
{
	struct proxy_step s = { "Removed proxy container", b_proxy_container, 0 };

	return locked(f, proxy_step_body, &s, e);
}

int
flows_proxy_remove_image(struct flow *f, struct errinfo *e)
{
	struct proxy_step s = { "Removed proxy image", b_proxy_image, 0 };

	return locked(f, proxy_step_body, &s, e);
}

int
flows_proxy_remove_proxy_directory(struct flow *f, struct errinfo *e)
{
	struct proxy_step s = { NULL, dproxy_remove_proxy_directory, 1 };

	return locked(f, proxy_step_body, &s, e);
}

/* ---- accessory ---- */

struct acc_step {
	const struct config_accessory	*a;
	const char			*audit;	/* format with the accessory name, or NULL */
	void				(*build)(struct dcmd *c, const struct config_accessory *a);
};

static int
acc_step_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct acc_step *s = arg;
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT;
	int rc = 0;

	if (s->audit) {
		str_addf(&line, s->audit, s->a->name);
		rc = flow_audit(f, host, NULL, line.s, e);
	}
	if (rc == 0) {
		s->build(&c, s->a);
		rc = flow_exec(f, host, &c, NULL, NULL, e);
	}
	dcmd_release(&c);
	str_release(&line);
	return rc;
}

static int
acc_step_body(struct flow *f, void *arg, struct errinfo *e)
{
	struct acc_step *s = arg;
	struct strvec hosts = STRVEC_INIT;
	int rc;

	flow_accessory_hosts(f, s->a, &hosts);
	rc = flow_on(f, &hosts, acc_step_host, s, e);
	strvec_clear(&hosts);
	return rc;
}

static int
acc_step(struct flow *f, const char *name, const char *audit,
    void (*build)(struct dcmd *, const struct config_accessory *), struct errinfo *e)
{
	struct acc_step s = { NULL, audit, build };
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	if ((s.a = config_accessory(f->cfg, name)) == NULL)
		rc = flow_unknown_accessory(f, name);
	else
		rc = acc_step_body(f, &s, e);
	return flow_lock_end(f, acq, rc, e);
}

int
flows_accessory_pull_image(struct flow *f, const char *name, struct errinfo *e)
{
	return acc_step(f, name, "Pull %s accessory image", dacc_pull_image, e);
}

int
flows_accessory_remove_container(struct flow *f, const char *name, struct errinfo *e)
{
	return acc_step(f, name, "Remove %s accessory container", dacc_remove_container, e);
}

int
flows_accessory_remove_image(struct flow *f, const char *name, struct errinfo *e)
{
	return acc_step(f, name, "Removed %s accessory image", dacc_remove_image, e);
}

int
flows_accessory_remove_service_directory(struct flow *f, const char *name, struct errinfo *e)
{
	return acc_step(f, name, NULL, dacc_remove_service_directory, e);
}
