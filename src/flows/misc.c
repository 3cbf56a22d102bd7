/*
 * misc — `lock`, `prune`, `registry` and `server bootstrap`
 * (lib/kamal/cli/{lock,prune,registry,server}.rb; spec/kamal.md §6.7, §6.15, §6.18).
 */
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/builder.h"
#include "docker/prune.h"
#include "docker/registry.h"
#include "docker/server.h"
#include "flows/checks.h"
#include "flows/flows.h"

int
flows_lock_acquire(struct flow *f, const char *message, struct errinfo *e)
{
	int rc;

	if ((rc = flow_ensure_run_directory(f, e)) != 0)
		return rc;
	if ((rc = flow_lock_acquire_msg(f, message, e)) != 0)
		return rc;
	flow_say(f, "Acquired the deploy lock");
	return 0;
}

int
flows_lock_release(struct flow *f, struct errinfo *e)
{
	int rc = flow_lock_release_only(f, e);

	if (rc != 0 && strstr(e->msg, "No such file or directory")) {
		flow_say(f, "There is no deploy lock");
		return 0;
	}
	if (rc == 0)
		flow_say(f, "Released the deploy lock");
	return rc;
}

/* prune */

static int
prune_containers_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = flow_audit(f, host, NULL, "Pruned containers", e)) == 0) {
		dprune_app_containers(&c, &f->k, *(long long *)arg);
		rc = flow_run(f, host, &c, NULL, e);
	}
	dcmd_release(&c);
	return rc;
}

int
flows_prune_containers(struct flow *f, long long retain, struct errinfo *e)
{
	int rc, acq;

	if (retain < 0)
		retain = f->cfg->retain_containers;
	if (retain < 1)
		return err_set(e, ERR_INVAL, "retain must be at least 1");
	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on(f, &f->sel.hosts, prune_containers_host, &retain, e);
	return flow_lock_end(f, acq, rc, e);
}

static int
prune_images_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = flow_audit(f, host, NULL, "Pruned images", e)) != 0)
		goto out;
	dprune_dangling_images(&c, &f->k);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	dprune_tagged_images(&c, &f->k);
	rc = flow_run(f, host, &c, NULL, e);
out:
	dcmd_release(&c);
	return rc;
}

int
flows_prune_images(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on(f, &f->sel.hosts, prune_images_host, NULL, e);
	return flow_lock_end(f, acq, rc, e);
}

int
flows_prune_all(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flows_prune_containers(f, -1, e);
	if (rc == 0)
		rc = flows_prune_images(f, e);
	return flow_lock_end(f, acq, rc, e);
}

/* registry */

static int
local_cmd(struct flow *f, void (*build)(struct dcmd *), const struct fx *fx, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	build(&c);
	rc = flow_exec(f, NULL, &c, fx, NULL, e);
	dcmd_release(&c);
	return rc;
}

/* ensure_docker_installed: DependencyError texts of lib/kamal/cli/base.rb */
static int
ensure_docker_installed(struct flow *f, struct errinfo *e)
{
	int rc = local_cmd(f, dbuild_ensure_docker_installed, NULL, e);

	if (rc == ERR_REMOTE) {
		if (strstr(e->msg, "command not found"))
			return err_set(e, ERR_REMOTE, "Docker is not installed locally");
		return err_set(e, ERR_REMOTE, "Docker buildx plugin is not installed locally");
	}
	return rc;
}

static int
logout_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	dreg_logout(&c, &f->cfg->registry);
	rc = flow_exec(f, host, &c, NULL, NULL, e);
	dcmd_release(&c);
	return rc;
}

int
flows_registry_setup(struct flow *f, int skip_local, int skip_remote, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc = 0;

	if (!skip_local && (rc = ensure_docker_installed(f, e)) != 0)
		return rc;
	if (f->cfg->registry.local) {
		if (!skip_local) {
			dreg_setup(&c, &f->cfg->registry);
			rc = flow_exec(f, NULL, &c, NULL, NULL, e);
		}
	} else {
		if (!skip_local)
			rc = flow_registry_login_host(f, NULL, NULL, e);
		if (rc == 0 && !skip_remote)
			rc = flow_on(f, &f->sel.hosts, flow_registry_login_host, NULL, e);
	}
	dcmd_release(&c);
	return rc;
}

int
flows_registry_remove(struct flow *f, int skip_local, int skip_remote, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx nr = { .no_raise = 1 };
	int rc = 0;

	if (f->cfg->registry.local) {
		if (!skip_local) {
			dreg_remove(&c);
			rc = flow_exec(f, NULL, &c, &nr, NULL, e);
		}
	} else {
		if (!skip_local)
			rc = logout_host(f, NULL, NULL, e);
		if (rc == 0 && !skip_remote)
			rc = flow_on(f, &f->sel.hosts, logout_host, NULL, e);
	}
	dcmd_release(&c);
	return rc;
}

int
flows_registry_login(struct flow *f, int skip_local, int skip_remote, struct errinfo *e)
{
	int rc;

	if (f->cfg->registry.local)
		return err_set(e, ERR_INVAL, "Cannot use login command with a local registry. "
		    "Use `kamal registry setup` instead.");
	/* sextant: the registry itself accepts the credentials (flows/checks.h) */
	if ((rc = flows_registry_login_check(f, e)) != 0)
		return rc;
	return flows_registry_setup(f, skip_local, skip_remote, e);
}

int
flows_registry_logout(struct flow *f, int skip_local, int skip_remote, struct errinfo *e)
{
	if (f->cfg->registry.local)
		return err_set(e, ERR_INVAL, "Cannot use logout command with a local registry. "
		    "Use `kamal registry remove` instead.");
	return flows_registry_remove(f, skip_local, skip_remote, e);
}

/* server bootstrap */

struct bootstrap {
	struct strvec	missing;
};

static int
bootstrap_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct bootstrap *b = arg;
	struct dcmd c = DCMD_INIT;
	struct fx nr = { .no_raise = 1 };
	int ok = 0, rc;

	ddocker_installed(&c);
	if ((rc = flow_exec(f, host, &c, &nr, &ok, e)) != 0 || ok)
		goto out;
	dcmd_reset(&c);
	ddocker_superuser(&c);
	if ((rc = flow_exec(f, host, &c, &nr, &ok, e)) != 0)
		goto out;
	if (!ok) {
		pthread_mutex_lock(&f->mu);
		strvec_push(&b->missing, host);
		pthread_mutex_unlock(&f->mu);
		goto out;
	}
	flow_say(f, "Missing Docker on %s. Installing…", host);
	dcmd_reset(&c);
	ddocker_install(&c);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	ddocker_root(&c);
	if ((rc = flow_exec(f, host, &c, &nr, &ok, e)) != 0 || ok)
		goto out;
	dcmd_reset(&c);
	ddocker_in_docker_group(&c);
	if ((rc = flow_exec(f, host, &c, &nr, &ok, e)) != 0 || ok)
		goto out;
	dcmd_reset(&c);
	ddocker_add_to_docker_group(&c);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	/* the session is cut by the HUP; Kamal rescues the IOError that follows */
	ddocker_refresh_session(&c);
	if (flow_exec(f, host, &c, &nr, NULL, e) != 0)
		flow_say(f, "Session refreshed due to group change.");
	rc = 0;
out:
	dcmd_release(&c);
	return rc;
}

int
flows_server_bootstrap(struct flow *f, struct errinfo *e)
{
	struct bootstrap b = { STRVEC_INIT };
	struct str list = STR_INIT;
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on(f, &f->sel.hosts, bootstrap_host, &b, e);
	if (rc == 0 && b.missing.n > 0) {
		strvec_join(&b.missing, ", ", &list);
		rc = err_set(e, ERR_REMOTE, "Docker is not installed on %s and can't be automatically "
		    "installed without having root access and either `wget` or `curl`. Install Docker "
		    "manually: https://docs.docker.com/engine/install/", str_cstr(&list));
	}
	if (rc == 0)
		rc = flow_hook(f, "docker-setup", 0, NULL, NULL, e);
	str_release(&list);
	strvec_clear(&b.missing);
	return flow_lock_end(f, acq, rc, e);
}
