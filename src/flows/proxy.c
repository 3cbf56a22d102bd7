/*
 * proxy — `proxy boot/reboot/start/stop/restart/remove` (lib/kamal/cli/proxy.rb;
 * spec/kamal.md §6.4, §6.14).
 */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/gemver.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/proxy.h"
#include "docker/registry.h"
#include "docker/server.h"
#include "flows/flows.h"

static int
network_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	ddocker_create_network(&c);
	rc = flow_exec(f, host, &c, NULL, NULL, e);
	dcmd_release(&c);
	/* the network surviving from an earlier boot is fine */
	if (rc == ERR_REMOTE && strstr(e->msg, "already exists")) {
		err_clear(e);
		rc = 0;
	}
	return rc;
}

/*
 * Kamal::Utils.older_version?: is the running proxy's image tag, "v" dropped, a
 * Gem::Version below the minimum? So v0.9.2-rc1 is too old, as in Kamal. A tag
 * Gem::Version refuses (latest, a digest) stops the boot as Kamal's ArgumentError
 * does, with what to do added.
 */
static int
check_proxy_version(const char *tag, struct errinfo *e)
{
	const char *min = PROXY_MINIMUM_VERSION;
	int cmp;

	if (gem_version_cmp(tag + (*tag == 'v'), min + (*min == 'v'), &cmp) != 0)
		return err_set(e, ERR_REMOTE, "Malformed version number string %s (the tag of the running "
		    "kamal-proxy image); run `kamal proxy reboot` to replace it with %s", tag + (*tag == 'v'),
		    min);
	if (cmp < 0)
		return err_set(e, ERR_REMOTE, "kamal-proxy version %s is too old, run `kamal proxy reboot` "
		    "in order to update to at least %s", tag, min);
	return 0;
}

static int
boot_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str v = STR_INIT;
	int rc;

	if ((rc = dreg_login(&c, &f->k, &f->cfg->registry, e)) != 0 ||
	    (rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dproxy_version(&c);
	if ((rc = flow_capture(f, host, &c, NULL, &v, e)) != 0)
		goto out;
	dcmd_reset(&c);
	if (v.len > 0 && (rc = check_proxy_version(v.s, e)) != 0)
		goto out;
	dproxy_ensure_apps_config_directory(&c, &f->k);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dproxy_start_or_run(&c, &f->k, host);
	rc = flow_run(f, host, &c, NULL, e);
out:
	dcmd_release(&c);
	str_release(&v);
	return rc;
}

int
flows_proxy_boot(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on(f, &f->sel.hosts, network_host, NULL, e);
	if (rc == 0)
		rc = flow_on(f, &f->sel.proxy_hosts, boot_host, NULL, e);
	return flow_lock_end(f, acq, rc, e);
}

static int
reboot_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx nr = { .no_raise = 1 };
	int rc;

	if ((rc = flow_audit(f, host, NULL, "Rebooted proxy", e)) != 0)
		goto out;
	if ((rc = dreg_login(&c, &f->k, &f->cfg->registry, e)) != 0 ||
	    (rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dproxy_stop(&c);
	if ((rc = flow_run(f, host, &c, &nr, e)) != 0)
		goto out;
	dproxy_remove_container(&c);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dproxy_ensure_apps_config_directory(&c, &f->k);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dproxy_run(&c, &f->k, host);
	rc = flow_run(f, host, &c, NULL, e);
out:
	dcmd_release(&c);
	return rc;
}

static int
reboot_group(struct flow *f, const struct strvec *group, struct errinfo *e)
{
	struct str list = STR_INIT;
	int rc;

	strvec_join(group, ",", &list);
	rc = flow_hook(f, "pre-proxy-reboot", 0, str_cstr(&list), NULL, e);
	if (rc == 0)
		rc = flow_on(f, group, reboot_host, NULL, e);
	if (rc == 0)
		rc = flow_hook(f, "post-proxy-reboot", 0, str_cstr(&list), NULL, e);
	str_release(&list);
	return rc;
}

int
flows_proxy_reboot(struct flow *f, int rolling, struct errinfo *e)
{
	size_t i;
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	if (!rolling) {
		rc = reboot_group(f, &f->sel.proxy_hosts, e);
	} else {
		for (i = 0; rc == 0 && i < f->sel.proxy_hosts.n; i++) {
			struct strvec one = STRVEC_INIT;

			strvec_push(&one, f->sel.proxy_hosts.v[i]);
			rc = reboot_group(f, &one, e);
			strvec_clear(&one);
		}
	}
	return flow_lock_end(f, acq, rc, e);
}

static int
start_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = flow_audit(f, host, NULL, "Started proxy", e)) == 0) {
		dproxy_start(&c);
		rc = flow_run(f, host, &c, NULL, e);
	}
	dcmd_release(&c);
	return rc;
}

static int
stop_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx nr = { .no_raise = 1 };
	int rc;

	if ((rc = flow_audit(f, host, NULL, "Stopped proxy", e)) == 0) {
		dproxy_stop(&c);
		rc = flow_run(f, host, &c, &nr, e);
	}
	dcmd_release(&c);
	return rc;
}

int
flows_proxy_start(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on(f, &f->sel.proxy_hosts, start_host, NULL, e);
	return flow_lock_end(f, acq, rc, e);
}

int
flows_proxy_stop(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on(f, &f->sel.proxy_hosts, stop_host, NULL, e);
	return flow_lock_end(f, acq, rc, e);
}

int
flows_proxy_restart(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flows_proxy_stop(f, e);
	if (rc == 0)
		rc = flows_proxy_start(f, e);
	return flow_lock_end(f, acq, rc, e);
}

static int
count_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .probe = XP_COUNT };
	struct str out = STR_INIT;
	int rc;

	dsrv_app_directory_count(&c, &f->k);
	rc = flow_capture(f, host, &c, &fx, &out, e);
	if (rc == 0 && atol(str_cstr(&out)) > 0)
		rc = err_set(e, ERR_REMOTE, "The are other applications installed on %s", host);
	dcmd_release(&c);
	str_release(&out);
	return rc;
}

/* A host-less step on every proxy host: audit + one command. */
struct step {
	const char	*audit;
	void		(*build)(struct dcmd *, const struct dk *);
	int		 no_raise;
};

static int
step_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct step *s = arg;
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .no_raise = s->no_raise };
	int rc = 0;

	if (s->audit)
		rc = flow_audit(f, host, NULL, s->audit, e);
	if (rc == 0) {
		s->build(&c, &f->k);
		rc = flow_run(f, host, &c, &fx, e);
	}
	dcmd_release(&c);
	return rc;
}

static void
b_remove_container(struct dcmd *c, const struct dk *k)
{
	dproxy_remove_container(c);
}

static void
b_remove_image(struct dcmd *c, const struct dk *k)
{
	dproxy_remove_image(c);
}

int
flows_proxy_remove(struct flow *f, int force, struct errinfo *e)
{
	static const struct step rm_container = { "Removed proxy container", b_remove_container, 0 };
	static const struct step rm_image = { "Removed proxy image", b_remove_image, 0 };
	static const struct step rm_dir = { NULL, dproxy_remove_proxy_directory, 1 };
	int rc, acq, allowed = 1;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on(f, &f->sel.proxy_hosts, count_host, NULL, e);
	if (rc != 0 && strstr(e->msg, "The are other applications installed on")) {
		err_clear(e);
		rc = 0;
		if (force) {
			flow_say(f, "Forcing, so removing the proxy, even though other apps are installed");
		} else {
			flow_say(f, "Not removing the proxy, as other apps are installed, ignore this "
			    "check with kamal proxy remove --force");
			allowed = 0;
		}
	}
	if (rc == 0 && allowed) {
		rc = flows_proxy_stop(f, e);
		if (rc == 0)
			rc = flow_on(f, &f->sel.proxy_hosts, step_host, (void *)&rm_container, e);
		if (rc == 0)
			rc = flow_on(f, &f->sel.proxy_hosts, step_host, (void *)&rm_image, e);
		if (rc == 0)
			rc = flow_on(f, &f->sel.proxy_hosts, step_host, (void *)&rm_dir, e);
	}
	return flow_lock_end(f, acq, rc, e);
}
