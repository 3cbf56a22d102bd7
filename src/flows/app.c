/*
 * app — `app boot/start/stop/stale_containers/remove/live/maintenance`
 * (lib/kamal/cli/app.rb, cli/app/{boot,assets,error_pages,ssl_certificates}.rb,
 * cli/healthcheck/poller.rb; spec/kamal.md §6.5, §6.6, §6.12, §10).
 */
#include <dirent.h>
#include <stdio.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/timeutil.h"
#include "core/xmalloc.h"
#include "docker/app.h"
#include "docker/envfile.h"
#include "docker/server.h"
#include "fleet/barrier.h"
#include "fleet/runner.h"
#include "flows/checks.h"
#include "flows/flows.h"


static int
run_cmd(struct flow *f, const char *host, struct dcmd *c, int no_raise, struct errinfo *e)
{
	struct fx fx = { .no_raise = no_raise };

	return flow_run(f, host, c, &fx, e);
}

/* ---- boot preparation: error pages, assets, custom TLS certificates ---- */

struct page {
	char	*name;
	struct str data;
	int	 mode;
};

static int
page_cmp(const void *a, const void *b)
{
	return strcmp(((const struct page *)a)->name, ((const struct page *)b)->name);
}

/*
 * Dir["<path>/{4??.html,5??.html}"], copied (FileUtils.cp) into a fresh temp dir
 * named VER: net-scp's recursive upload sends the modes of those local copies —
 * the source's mode under the umask, the directory's 0777 under the umask — and
 * ignores the `mode: "0700"` Kamal passes (it only applies to in-memory data).
 */
static mode_t upload_umask = 022;

static size_t
load_error_pages(const char *dir, struct page **out)
{
	struct page *v = NULL;
	struct dirent *d;
	size_t n = 0;
	DIR *dp = opendir(dir);

	*out = NULL;
	if (dp == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL) {
		char *path;

		if (fnmatch("4??.html", d->d_name, FNM_PERIOD) != 0 &&
		    fnmatch("5??.html", d->d_name, FNM_PERIOD) != 0)
			continue;
		v = xreallocarray(v, n + 1, sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		v[n].name = xstrdup(d->d_name);
		path = fs_join(dir, d->d_name);
		{
			struct stat st;

			v[n].mode = stat(path, &st) == 0 ? (int)(st.st_mode & 0777 & ~upload_umask) : 0644;
		}
		fs_read_file(path, 16u * 1024 * 1024, &v[n].data, NULL);
		free(path);
		n++;
	}
	closedir(dp);
	qsort(v, n, sizeof(*v), page_cmp);
	*out = v;
	return n;
}

static int
error_pages_host(struct flow *f, const char *host, struct errinfo *e)
{
	struct page *pages;
	struct xfile *files;
	struct dcmd c = DCMD_INIT;
	size_t n, i;
	int rc = 0;

	if (f->cfg->error_pages_path == NULL)
		return 0;
	n = load_error_pages(f->cfg->error_pages_path, &pages);
	if (n == 0)
		return 0;
	files = xcalloc(n, sizeof(*files));
	for (i = 0; i < n; i++) {
		files[i].name = pages[i].name;
		files[i].data = pages[i].data.s ? pages[i].data.s : "";
		files[i].len = pages[i].data.len;
		files[i].mode = pages[i].mode;
	}
	dapp_create_error_pages_directory(&c, &f->k);
	if ((rc = flow_run(f, host, &c, NULL, e)) == 0)
		rc = x_upload_dir(f->x, host, f->cfg->error_pages_directory, f->k.version,
		    (int)(0777 & ~upload_umask), files, n, e);
	for (i = 0; i < n; i++) {
		free(pages[i].name);
		str_release(&pages[i].data);
	}
	free(pages);
	free(files);
	dcmd_release(&c);
	return rc;
}

static int
assets_role(struct flow *f, const char *host, const struct config_role *r, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .no_raise = 1, .probe = XP_RUNNING_VERSION };
	struct str old = STR_INIT;
	int rc;

	if (!dapp_assets(r))
		return 0;
	dapp_extract_assets(&c, &f->k, r);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	fx.subject = r->container_prefix;
	dapp_current_running_version(&c, &f->k, r);
	if ((rc = flow_capture(f, host, &c, &fx, &old, e)) != 0)
		goto out;
	dcmd_reset(&c);
	dapp_sync_asset_volumes(&c, &f->k, r, old.len ? old.s : NULL);
	rc = flow_run(f, host, &c, NULL, e);
out:
	dcmd_release(&c);
	str_release(&old);
	return rc;
}

static int
ssl_role(struct flow *f, const char *host, const struct config_role *r, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	const char *v;
	int rc = 0;

	if (!r->running_proxy || !r->proxy->custom_ssl)
		return 0;
	flow_say(f, "Writing SSL certificates for %s on %s", r->name, host);
	dapp_create_ssl_directory(&c, &f->k, r);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	if (r->proxy->ssl_certificate_pem) {
		if ((rc = config_secret(f->cfg, r->proxy->ssl_certificate_pem, &v, e)) != 0)
			goto out;
		if ((rc = flow_upload(f, host, r->proxy->host_tls_cert, v, strlen(v), 0644, 1, 1, e)) != 0)
			goto out;
	}
	if (r->proxy->ssl_private_key_pem) {
		if ((rc = config_secret(f->cfg, r->proxy->ssl_private_key_pem, &v, e)) != 0)
			goto out;
		rc = flow_upload(f, host, r->proxy->host_tls_key, v, strlen(v), 0644, 1, 1, e);
	}
out:
	dcmd_release(&c);
	return rc;
}

static int
prepare_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct config_role *roles[FLOW_MAX_ROLES];
	size_t n, i;
	int rc;

	if ((rc = error_pages_host(f, host, e)) != 0)
		return rc;
	n = flow_roles_on(f, host, roles, FLOW_MAX_ROLES);
	for (i = 0; i < n; i++) {
		if ((rc = assets_role(f, host, roles[i], e)) != 0)
			return rc;
		if ((rc = ssl_role(f, host, roles[i], e)) != 0)
			return rc;
	}
	return 0;
}

/* ---- Boot(host, role) (cli/app/boot.rb) ---- */

struct boot {
	struct barrier	 barrier;
};

static int
is_gatekeeper(struct flow *f, const struct config_role *r)
{
	return f->sel.primary_role == r;
}

/* Kamal::Cli::Healthcheck::Poller.wait_for_healthy */
static int
wait_for_healthy(struct flow *f, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	int64_t deadline = time_mono_ms() + f->cfg->deploy_timeout * 1000;
	struct dcmd c = DCMD_INIT;
	struct fx fx = { .probe = XP_HEALTH };
	struct str status = STR_INIT;
	long long attempt = 1;
	int rc;

	dapp_status(&c, &f->k, r, f->k.version);
	for (;;) {
		int64_t left;

		if ((rc = flow_capture(f, host, &c, &fx, &status, e)) != 0)
			break;
		if (strcmp(status.s ? status.s : "", "running") == 0 && f->cfg->readiness_delay > 0) {
			flow_say(f, "Container is running, waiting for readiness delay of %lld seconds",
			    f->cfg->readiness_delay);
			sleep_ms(f->cfg->readiness_delay * 1000);
			if ((rc = flow_capture(f, host, &c, &fx, &status, e)) != 0)
				break;
		}
		if (strcmp(str_cstr(&status), "running") == 0 || strcmp(str_cstr(&status), "healthy") == 0) {
			flow_say(f, "Container is healthy!");
			rc = 0;
			break;
		}
		rc = err_set(e, ERR_TIMEOUT, "container not ready after %lld seconds (%s)",
		    f->cfg->deploy_timeout, str_cstr(&status));
		left = deadline - time_mono_ms();
		if (left <= 0)
			break;
		sleep_ms(attempt * 1000 < left ? attempt * 1000 : left);
		attempt++;
	}
	dcmd_release(&c);
	str_release(&status);
	return rc;
}

static int
start_new_version(struct flow *f, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT, hostname = STR_INIT, env = STR_INIT, name = STR_INIT;
	struct str cid = STR_INIT;
	struct config_env renv;
	char hex[16];
	size_t hl;
	int rc;

	str_addf(&line, "Booted app version %s", f->k.version);
	if ((rc = flow_audit(f, host, r->name, line.s, e)) != 0)
		goto out;
	/* host[0...51].chomp(".") + "-" + SecureRandom.hex(6) */
	hl = strlen(host) < 51 ? strlen(host) : 51;
	str_add(&hostname, host, hl);
	if (hostname.len && hostname.s[hostname.len - 1] == '.')
		str_truncate(&hostname, hostname.len - 1);
	flow_random_hex(f, 6, hex, sizeof(hex));
	str_addf(&hostname, "-%s", hex);
	dapp_ensure_env_directory(&c, &f->k, r);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	env.secret = 1;
	config_role_env(f->cfg, r, host, &renv);
	rc = denvfile_render(f->cfg, &renv, &env, e);
	config_env_release(&renv);
	if (rc != 0 || (rc = flow_upload(f, host, r->secrets_path, env.s, env.len, 0600, 1, 1, e)) != 0)
		goto out;
	dapp_container_name(&f->k, r, NULL, &name);
	dapp_run(&c, &f->k, r, host, hostname.s);
	{
		struct fx fx = { .effect = XE_CREATE, .subject = name.s };

		if ((rc = flow_run(f, host, &c, &fx, e)) != 0)
			goto out;
	}
	if (r->running_proxy) {
		struct fx fx = { .probe = XP_CONTAINER_ID, .subject = name.s };

		dapp_container_id_for_version(&c, &f->k, r, f->k.version, 0);
		if ((rc = flow_capture(f, host, &c, &fx, &cid, e)) != 0)
			goto out;
		dcmd_reset(&c);
		if (cid.len == 0) {
			rc = err_set(e, ERR_REMOTE, "Failed to get endpoint for %s on %s, did the container boot?",
			    r->name, host);
			goto out;
		}
		dapp_proxy_deploy(&c, &f->k, r, cid.s);
		rc = flow_run(f, host, &c, NULL, e);
	} else {
		rc = wait_for_healthy(f, host, r, e);
	}
out:
	if (rc != 0)
		flow_error(f, "Failed to boot %s on %s", r->name, host);
	dcmd_release(&c);
	str_release(&line);
	str_release(&hostname);
	str_release(&env);
	str_release(&name);
	str_release(&cid);
	return rc;
}

static void
close_barrier(struct flow *f, struct boot *b, const char *host, const struct config_role *r)
{
	struct dcmd c = DCMD_INIT, id = DCMD_INIT;
	struct str out = STR_INIT;
	struct errinfo e2;
	char primary[256];

	if (!barrier_close(&b->barrier))
		return;
	snprintf(primary, sizeof(primary), "%s", f->sel.primary_role ? f->sel.primary_role->name : "");
	flow_say(f, "First %s container is unhealthy on %s, not booting any other roles", primary, host);
	err_clear(&e2);
	dapp_container_id_for_version(&id, &f->k, r, f->k.version, 0);
	/* logs(container_id: <that command>) */
	dcmd_append(&c, &id);
	dcmd_addv(&c, "|", "xargs docker logs --timestamps 2>&1", NULL);
	if (flow_capture(f, host, &c, NULL, &out, &e2) == 0) {
		flow_error(f, "%s", str_cstr(&out));
		dcmd_reset(&c);
		dapp_container_health_log(&c, &f->k, r, f->k.version);
		if (flow_capture(f, host, &c, NULL, &out, &e2) == 0)
			flow_error(f, "%s", str_cstr(&out));
		else
			flow_error(f, "Could not fetch logs for %s", f->k.version);
	} else {
		flow_error(f, "Could not fetch logs for %s", f->k.version);
	}
	dcmd_release(&c);
	dcmd_release(&id);
	str_release(&out);
}

static int
boot_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct boot *b = arg;
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT, old = STR_INIT, name = STR_INIT;
	const char *primary = f->sel.primary_role ? f->sel.primary_role->name : "";
	int rc, gate = is_gatekeeper(f, r);

	/* 1. rename a clashing container of the same version */
	dapp_container_name(&f->k, r, NULL, &name);
	{
		struct fx fx = { .no_raise = 1, .probe = XP_CONTAINER_ID, .subject = name.s };

		dapp_container_id_for_version(&c, &f->k, r, f->k.version, 0);
		if ((rc = flow_capture(f, host, &c, &fx, &out, e)) != 0)
			goto out;
		dcmd_reset(&c);
	}
	if (out.len > 0) {
		struct str renamed = STR_INIT, line = STR_INIT;
		struct fx fx = { .effect = XE_REMOVE, .subject = name.s };
		char hex[32];

		flow_random_hex(f, 8, hex, sizeof(hex));
		str_addf(&renamed, "%s_replaced_%s", f->k.version, hex);
		flow_say(f, "Renaming container %s to %s as already deployed on %s", f->k.version,
		    renamed.s, host);
		str_addf(&line, "Renaming container %s to %s", f->k.version, renamed.s);
		rc = flow_audit(f, host, r->name, line.s, e);
		if (rc == 0) {
			dapp_rename_container(&c, &f->k, r, f->k.version, renamed.s);
			rc = flow_run(f, host, &c, &fx, e);
		}
		str_release(&renamed);
		str_release(&line);
		if (rc != 0)
			goto out;
	}
	/* 2. the version running now */
	{
		struct fx fx = { .no_raise = 1, .probe = XP_RUNNING_VERSION, .subject = r->container_prefix };

		dapp_current_running_version(&c, &f->k, r);
		if ((rc = flow_capture(f, host, &c, &fx, &old, e)) != 0)
			goto out;
		dcmd_reset(&c);
	}
	/* 3. non-primary roles wait for the first healthy primary container */
	if (!gate) {
		int v;

		flow_say(f, "Waiting for the first healthy %s container before booting %s on %s...",
		    primary, r->name, host);
		v = barrier_wait(&b->barrier, f->x->ops->parallel);
		if (v != 1) {
			flow_say(f, "First %s container is unhealthy, not booting %s on %s", primary,
			    r->name, host);
			rc = err_set(e, ERR_REMOTE, "Halted at barrier");
			goto out;
		}
		flow_say(f, "First %s container is healthy, booting %s on %s...", primary, r->name, host);
	}
	/* 4. the new container */
	if ((rc = start_new_version(f, host, r, e)) != 0) {
		struct errinfo e2;

		if (gate)
			close_barrier(f, b, host, r);
		err_clear(&e2);
		dapp_stop(&c, &f->k, r, f->k.version);
		flow_run(f, host, &c, &(struct fx){ .no_raise = 1 }, &e2);
		goto out;
	}
	if (gate && barrier_open(&b->barrier))
		flow_say(f, "First %s container is healthy on %s, booting any other roles", primary, host);
	/* 5. the old one */
	if (old.len > 0) {
		dapp_stop(&c, &f->k, r, old.s);
		if ((rc = run_cmd(f, host, &c, 1, e)) != 0)
			goto out;
		if (dapp_assets(r)) {
			dapp_clean_up_assets(&c, &f->k, r);
			if ((rc = run_cmd(f, host, &c, 0, e)) != 0)
				goto out;
		}
		if (f->cfg->error_pages_path) {
			dapp_clean_up_error_pages(&c, &f->k);
			rc = run_cmd(f, host, &c, 0, e);
		}
	}
	/* 6. sextant: the switched host answers through kamal-proxy (flows/checks.h) */
	if (rc == 0)
		rc = flows_verify_host(f, host, r, e);
out:
	dcmd_release(&c);
	str_release(&out);
	str_release(&old);
	str_release(&name);
	return rc;
}

static int
tag_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT;
	int rc;

	str_addf(&line, "Tagging %s:%s as the latest image", f->cfg->repository, f->k.version);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) == 0) {
		dapp_tag_latest_image(&c, &f->k);
		rc = run_cmd(f, host, &c, 0, e);
	}
	dcmd_release(&c);
	str_release(&line);
	return rc;
}

int
flows_app_boot(struct flow *f, const char *version, struct errinfo *e)
{
	struct boot b;
	char *saved = f->version ? xstrdup(f->version) : NULL;
	size_t i, j, limit, n;
	int rc, acq;

	/* sextant: x-sextant settings are valid before anything starts (flows/checks.h) */
	if ((rc = flows_checks_config(f, e)) != 0 || (rc = flow_lock_begin(f, &acq, e)) != 0) {
		free(saved);
		return rc;
	}
	if (version == NULL)
		flow_say(f, "Get most recent version available as an image...");
	/* using_version(version_or_latest) */
	flow_set_version(f, version ? version : f->cfg->latest_tag);
	flow_say(f, "Start container with version %s (or reboot if already running)...", f->k.version);
	barrier_init(&b.barrier);
	/* the process umask, read before any thread runs (umask() sets it) */
	upload_umask = umask(022);
	umask(upload_umask);
	/* error pages, assets and certificates everywhere before booting anything */
	rc = flow_on(f, &f->sel.app_hosts, prepare_host, NULL, e);
	n = f->sel.app_hosts.n;
	limit = f->cfg->boot.has_limit && f->cfg->boot.limit > 0 ? (size_t)f->cfg->boot.limit : n;
	for (i = 0; rc == 0 && i < n; i += limit) {
		struct strvec group = STRVEC_INIT;
		struct str list = STR_INIT;

		for (j = i; j < n && j < i + limit; j++)
			strvec_push(&group, f->sel.app_hosts.v[j]);
		strvec_join(&group, ",", &list);
		rc = flow_hook(f, "pre-app-boot", 0, list.s, NULL, e);
		if (rc == 0)
			rc = flow_on_roles(f, &group, f->cfg->boot.parallel_roles, boot_role, &b, e);
		if (rc == 0)
			rc = flow_hook(f, "post-app-boot", 0, list.s, NULL, e);
		if (rc == 0 && f->cfg->boot.has_wait)
			sleep_ms(f->x->ops->simulated ? 0 : f->cfg->boot.wait * 1000);
		strvec_clear(&group);
		str_release(&list);
	}
	if (rc == 0)
		rc = flow_on(f, &f->sel.app_hosts, tag_host, NULL, e);
	barrier_destroy(&b.barrier);
	if (version)
		flow_set_version(f, saved);
	free(saved);
	return flow_lock_end(f, acq, rc, e);
}

/* ---- start / stop ---- */

static int
endpoint_of_current(struct flow *f, const char *host, const struct config_role *r,
    struct str *cid, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str v = STR_INIT, name = STR_INIT;
	struct fx fx1 = { .no_raise = 1, .probe = XP_RUNNING_VERSION, .subject = r->container_prefix };
	struct fx fx2 = { .probe = XP_CONTAINER_ID };
	int rc;

	dapp_current_running_version(&c, &f->k, r);
	if ((rc = flow_capture(f, host, &c, &fx1, &v, e)) != 0)
		goto out;
	dcmd_reset(&c);
	str_addf(&name, "%s-%s", r->container_prefix, str_cstr(&v));
	fx2.subject = name.s;
	dapp_container_id_for_version(&c, &f->k, r, str_cstr(&v), 0);
	rc = flow_capture(f, host, &c, &fx2, cid, e);
out:
	dcmd_release(&c);
	str_release(&v);
	str_release(&name);
	return rc;
}

static int
start_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT, cid = STR_INIT, name = STR_INIT;
	int rc;

	str_addf(&line, "Started app version %s", f->k.version);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) != 0)
		goto out;
	dapp_container_name(&f->k, r, NULL, &name);
	dapp_start(&c, &f->k, r);
	if ((rc = flow_run(f, host, &c, &(struct fx){ .no_raise = 1, .effect = XE_START,
	    .subject = name.s }, e)) != 0)
		goto out;
	if (r->running_proxy) {
		if ((rc = endpoint_of_current(f, host, r, &cid, e)) != 0)
			goto out;
		if (cid.len == 0) {
			rc = err_set(e, ERR_REMOTE, "Failed to get endpoint for %s on %s, did the container boot?",
			    r->name, host);
			goto out;
		}
		dapp_proxy_deploy(&c, &f->k, r, cid.s);
		rc = run_cmd(f, host, &c, 0, e);
	}
out:
	dcmd_release(&c);
	str_release(&line);
	str_release(&cid);
	str_release(&name);
	return rc;
}

int
flows_app_start(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on_roles(f, &f->sel.app_hosts, f->cfg->boot.parallel_roles, start_role, NULL, e);
	return flow_lock_end(f, acq, rc, e);
}

static int
stop_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str cid = STR_INIT;
	int rc;

	if ((rc = flow_audit(f, host, r->name, "Stopped app", e)) != 0)
		goto out;
	if (r->running_proxy) {
		if ((rc = endpoint_of_current(f, host, r, &cid, e)) != 0)
			goto out;
		if (cid.len > 0) {
			dapp_proxy_remove(&c, &f->k, r);
			if ((rc = run_cmd(f, host, &c, 1, e)) != 0)
				goto out;
		}
	}
	dapp_stop(&c, &f->k, r, NULL);
	rc = run_cmd(f, host, &c, 1, e);
out:
	dcmd_release(&c);
	str_release(&cid);
	return rc;
}

int
flows_app_stop(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on_roles(f, &f->sel.app_hosts, f->cfg->boot.parallel_roles, stop_role, NULL, e);
	return flow_lock_end(f, acq, rc, e);
}

/* ---- stale containers ---- */

static int
stale_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	int stop = *(int *)arg;
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT, cur = STR_INIT;
	struct strvec versions = STRVEC_INIT;
	struct fx fx = { .no_raise = 1 };
	struct fx fxv = { .no_raise = 1, .probe = XP_RUNNING_VERSION, .subject = r->container_prefix };
	size_t i;
	int rc;

	dapp_list_versions(&c, &f->k, r);
	if ((rc = flow_capture(f, host, &c, &fx, &out, e)) != 0)
		goto out;
	dcmd_reset(&c);
	dapp_current_running_version(&c, &f->k, r);
	if ((rc = flow_capture(f, host, &c, &fxv, &cur, e)) != 0)
		goto out;
	dcmd_reset(&c);
	if (out.len)
		strvec_split(&versions, out.s, '\n');
	for (i = 0; i < versions.n; i++) {
		if (strcmp(versions.v[i], str_cstr(&cur)) == 0)
			continue;
		if (stop) {
			flow_say(f, "Stopping stale container for role %s with version %s", r->name,
			    versions.v[i]);
			dapp_stop(&c, &f->k, r, versions.v[i]);
			if ((rc = run_cmd(f, host, &c, 1, e)) != 0)
				goto out;
		} else {
			flow_say(f, "Detected stale container for role %s with version %s (use `kamal app "
			    "stale_containers --stop` to stop)", r->name, versions.v[i]);
		}
	}
out:
	dcmd_release(&c);
	str_release(&out);
	str_release(&cur);
	strvec_clear(&versions);
	return rc;
}

int
flows_app_stale_containers(struct flow *f, int stop, struct errinfo *e)
{
	int rc, acq = 0;

	if (stop && (rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on_roles(f, &f->sel.app_hosts, 1, stale_role, &stop, e);
	return stop ? flow_lock_end(f, acq, rc, e) : rc;
}

/* ---- remove ---- */

static int
remove_containers_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = flow_audit(f, host, r->name, "Removed all app containers", e)) == 0) {
		dapp_remove_containers(&c, &f->k, r);
		rc = run_cmd(f, host, &c, 0, e);
	}
	dcmd_release(&c);
	return rc;
}

static int
remove_images_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = flow_audit(f, host, NULL, "Removed all app images", e)) == 0) {
		dapp_remove_images(&c, &f->k);
		rc = run_cmd(f, host, &c, 0, e);
	}
	dcmd_release(&c);
	return rc;
}

static int
remove_dirs_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT;
	int rc;

	dsrv_remove_app_directory(&c, &f->k);
	if ((rc = run_cmd(f, host, &c, 1, e)) != 0)
		goto out;
	str_addf(&line, "Removed %s", f->cfg->app_directory);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) != 0)
		goto out;
	dapp_remove_proxy_app_directory(&c, &f->k);
	rc = run_cmd(f, host, &c, 1, e);
out:
	dcmd_release(&c);
	str_release(&line);
	return rc;
}

int
flows_app_remove(struct flow *f, struct errinfo *e)
{
	struct strvec hosts = STRVEC_INIT;
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flows_app_stop(f, e);
	if (rc == 0)
		rc = flow_on_roles(f, &f->sel.app_hosts, 1, remove_containers_role, NULL, e);
	flow_hosts_removing_all_roles(f, &hosts);
	if (rc == 0)
		rc = flow_on(f, &hosts, remove_images_host, NULL, e);
	if (rc == 0)
		rc = flow_on(f, &hosts, remove_dirs_host, NULL, e);
	strvec_clear(&hosts);
	return flow_lock_end(f, acq, rc, e);
}

/* ---- live / maintenance ---- */

static int
live_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc = 0;

	if (r->running_proxy) {
		dapp_proxy_live(&c, &f->k, r);
		rc = run_cmd(f, host, &c, 0, e);
	}
	dcmd_release(&c);
	return rc;
}

int
flows_app_live(struct flow *f, struct errinfo *e)
{
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on_roles(f, &f->sel.proxy_hosts, 1, live_role, NULL, e);
	return flow_lock_end(f, acq, rc, e);
}

struct maint {
	const char	*drain;
	const char	*message;
};

static int
maintenance_role(struct flow *f, void *arg, const char *host, const struct config_role *r,
    struct errinfo *e)
{
	const struct maint *m = arg;
	struct dcmd c = DCMD_INIT;
	int rc = 0;

	if (r->running_proxy) {
		dapp_proxy_maintenance(&c, &f->k, r, m->drain, m->message);
		rc = run_cmd(f, host, &c, 0, e);
	}
	dcmd_release(&c);
	return rc;
}

int
flows_app_maintenance(struct flow *f, const char *drain_timeout, const char *message,
    struct errinfo *e)
{
	char buf[32];
	struct maint m = { drain_timeout, message };
	int rc, acq;

	if (m.drain == NULL) {
		snprintf(buf, sizeof(buf), "%lld", f->cfg->drain_timeout);
		m.drain = buf;
	}
	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	rc = flow_on_roles(f, &f->sel.proxy_hosts, 1, maintenance_role, &m, e);
	return flow_lock_end(f, acq, rc, e);
}
