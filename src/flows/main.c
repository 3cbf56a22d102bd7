/*
 * main — `setup`, `deploy`, `redeploy`, `rollback`, `remove`
 * (lib/kamal/cli/main.rb; spec/kamal.md §6.1, §6.2, §6.8, §6.9, §6.16).
 */
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/timeutil.h"
#include "docker/app.h"
#include "flows/checks.h"
#include "flows/flows.h"


/* post-deploy's KAMAL_RUNTIME: the seconds print_runtime measured, rounded. */
static void
runtime_text(int64_t start_ms, char *out, size_t n)
{
	int64_t ms = time_mono_ms() - start_ms;

	snprintf(out, n, "%lld", (long long)((ms + 500) / 1000));
}

static void
finished(struct flow *f, int64_t start_ms)
{
	int64_t ms = time_mono_ms() - start_ms;

	flow_say(f, "  Finished all in %.1f seconds", (double)ms / 1000.0);
}

/* deploy and redeploy: the image reaches the registry, or with --skip-push is only pulled. */
static int
pull_or_deliver(struct flow *f, int skip_push, int no_cache, struct errinfo *e)
{
	if (skip_push) {
		flow_say(f, "Pull app image...");
		return flows_build_pull(f, e);
	}
	flow_say(f, "Build and push app image...");
	return flows_build_deliver(f, "registry", no_cache, e);
}

int
flows_deploy(struct flow *f, int skip_push, int no_cache, int boot_accessories, struct errinfo *e)
{
	int64_t start = time_mono_ms();
	char runtime[32];
	int rc, acq;

	if ((rc = flow_need_version(f, e)) != 0)
		return rc;
	rc = pull_or_deliver(f, skip_push, no_cache, e);
	if (rc == 0 && (rc = flow_lock_begin(f, &acq, e)) == 0) {
		rc = flow_hook(f, "pre-deploy", 1, NULL, NULL, e);
		if (rc == 0) {
			flow_say(f, "Ensure kamal-proxy is running...");
			rc = flows_proxy_boot(f, e);
		}
		if (rc == 0 && boot_accessories)
			rc = flows_accessory_boot(f, "all", e);
		if (rc == 0) {
			flow_say(f, "Detect stale containers...");
			rc = flows_app_stale_containers(f, 1, e);
		}
		if (rc == 0)
			rc = flows_app_boot(f, f->k.version, e);
		if (rc == 0) {
			flow_say(f, "Prune old containers and images...");
			rc = flows_prune_all(f, e);
		}
		rc = flow_lock_end(f, acq, rc, e);
	}
	finished(f, start);
	if (rc != 0)
		return rc;
	runtime_text(start, runtime, sizeof(runtime));
	return flow_hook(f, "post-deploy", 1, NULL, runtime, e);
}

int
flows_setup(struct flow *f, int skip_push, int no_cache, struct errinfo *e)
{
	int64_t start = time_mono_ms();
	int rc, acq;

	if ((rc = flow_need_version(f, e)) != 0)
		return rc;
	/* sextant: an image not built here must be in the registry already (flows/checks.h) */
	if (skip_push && (rc = flows_preflight(f, NULL, e)) != 0)
		return rc;
	/* setup takes the lock before building, unlike deploy */
	if ((rc = flow_lock_begin(f, &acq, e)) == 0) {
		flow_say(f, "Ensure Docker is installed...");
		rc = flows_server_bootstrap(f, e);
		if (rc == 0)
			rc = flows_deploy(f, skip_push, no_cache, 1, e);
		rc = flow_lock_end(f, acq, rc, e);
	}
	finished(f, start);
	return rc;
}

int
flows_redeploy(struct flow *f, int skip_push, int no_cache, struct errinfo *e)
{
	int64_t start = time_mono_ms();
	char runtime[32];
	int rc, acq;

	if ((rc = flow_need_version(f, e)) != 0)
		return rc;
	rc = pull_or_deliver(f, skip_push, no_cache, e);
	if (rc == 0 && (rc = flow_lock_begin(f, &acq, e)) == 0) {
		rc = flow_hook(f, "pre-deploy", 1, NULL, NULL, e);
		if (rc == 0) {
			flow_say(f, "Detect stale containers...");
			rc = flows_app_stale_containers(f, 1, e);
		}
		if (rc == 0)
			rc = flows_app_boot(f, f->k.version, e);
		rc = flow_lock_end(f, acq, rc, e);
	}
	finished(f, start);
	if (rc != 0)
		return rc;
	runtime_text(start, runtime, sizeof(runtime));
	return flow_hook(f, "post-deploy", 1, NULL, runtime, e);
}

static int
available_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct config_role *roles[FLOW_MAX_ROLES];
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT, name = STR_INIT;
	size_t n, i;
	int rc = 0;

	n = flow_roles_on(f, host, roles, FLOW_MAX_ROLES);
	for (i = 0; i < n; i++) {
		struct fx fx = { .probe = XP_CONTAINER_ID };

		str_reset(&name);
		dapp_container_name(&f->k, roles[i], NULL, &name);
		fx.subject = name.s;
		dapp_container_id_for_version(&c, &f->k, roles[i], f->k.version, 0);
		rc = flow_capture(f, host, &c, &fx, &out, e);
		dcmd_reset(&c);
		if (rc != 0)
			break;
		if (out.len == 0) {
			rc = err_set(e, ERR_NOTFOUND, "Container not found");
			break;
		}
	}
	dcmd_release(&c);
	str_release(&out);
	str_release(&name);
	return rc;
}

int
flows_rollback(struct flow *f, const char *version, struct errinfo *e)
{
	int64_t start = time_mono_ms();
	char runtime[32];
	int rc, acq, rolled_back = 0;

	/* sextant: is the version in the registry? reported only (flows/checks.h) */
	if ((rc = flows_preflight_rollback(f, version, e)) != 0)
		return rc;
	if ((rc = flow_lock_begin(f, &acq, e)) == 0) {
		flow_set_version(f, version);
		rc = flow_on(f, &f->sel.app_hosts, available_host, NULL, e);
		if (rc != 0 && strstr(e->msg, "Container not found")) {
			flow_say(f, "Error looking for container version %s: %s", version, e->msg);
			flow_error(f, "The app version '%s' is not available as a container (use 'kamal app "
			    "containers' for available versions)", version);
			err_clear(e);
			rc = 0;
		} else if (rc == 0) {
			rc = flow_hook(f, "pre-deploy", 1, NULL, NULL, e);
			if (rc == 0)
				rc = flows_app_boot(f, version, e);
			rolled_back = rc == 0;
		}
		rc = flow_lock_end(f, acq, rc, e);
	}
	finished(f, start);
	if (rc != 0 || !rolled_back)
		return rc;
	runtime_text(start, runtime, sizeof(runtime));
	return flow_hook(f, "post-deploy", 1, NULL, runtime, e);
}

int
flows_remove(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flows_app_remove(f, e);
	if (rc == 0)
		rc = flows_proxy_remove(f, 0, e);
	if (rc == 0)
		rc = flows_accessory_remove(f, "all", e);
	if (rc == 0)
		rc = flows_registry_remove(f, 1, 0, e);
	return flow_lock_end(f, acq, rc, e);
}
