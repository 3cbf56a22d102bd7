/*
 * accessory — `accessory boot/reboot/start/stop/restart/remove` and the hidden
 * steps they are made of (lib/kamal/cli/accessory.rb; spec/kamal.md §6.13).
 */
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/accessory.h"
#include "docker/envfile.h"
#include "docker/registry.h"
#include "docker/server.h"
#include "flows/accessory.h"
#include "flows/flows.h"

struct acc {
	const struct config_accessory	*a;
	struct strvec			 skip;	/* hosts where a container already exists */
};

int
flow_unknown_accessory(struct flow *f, const char *name)
{
	struct str s = STR_INIT;
	size_t i, n = f->cfg->naccessories;

	for (i = 0; i < n; i++) {
		if (i > 0)
			str_adds(&s, n == 2 ? " and " : (i == n - 1 ? ", and " : ", "));
		str_adds(&s, f->cfg->accessories[i].name);
	}
	/* Thor's `error` only prints: the command goes on and exits 0 */
	if (n)
		flow_error(f, "No accessory by the name of '%s' (options: %s)", name, s.s);
	else
		flow_error(f, "No accessory by the name of '%s'", name);
	str_release(&s);
	return 0;
}

void
flow_accessory_hosts(struct flow *f, const struct config_accessory *a, struct strvec *out)
{
	size_t i;

	for (i = 0; i < f->sel.accessory_hosts.n; i++)
		if (flow_has(&a->hosts, f->sel.accessory_hosts.v[i]) &&
		    !flow_has(out, f->sel.accessory_hosts.v[i]))
			strvec_push(out, f->sel.accessory_hosts.v[i]);
}

static int
prepare_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct config_accessory *a = arg;
	const struct config_registry *reg = a->registry ? a->registry : &f->cfg->registry;
	struct dcmd c = DCMD_INIT;
	int rc;

	if ((rc = dreg_login(&c, &f->k, reg, e)) != 0 || (rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	ddocker_create_network(&c);
	rc = flow_run(f, host, &c, NULL, e);
out:
	/* rescue: "already exists" for the network (the whole block is rescued in Kamal) */
	if (rc == ERR_REMOTE && strstr(e->msg, "already exists")) {
		err_clear(e);
		rc = 0;
	}
	dcmd_release(&c);
	return rc;
}

static int
existing_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct acc *ac = arg;
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT;
	int rc;

	dacc_info(&c, ac->a, 1, 1);
	rc = flow_capture(f, host, &c, NULL, &out, e);
	if (rc == 0 && out.len > 0) {
		pthread_mutex_lock(&f->mu);
		strvec_push(&ac->skip, host);
		pthread_mutex_unlock(&f->mu);
	}
	dcmd_release(&c);
	str_release(&out);
	return rc;
}

static int
boot_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct acc *ac = arg;
	const struct config_accessory *a = ac->a;
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT, env = STR_INIT, target = STR_INIT;
	int rc;

	str_addf(&line, "Booted %s accessory", a->name);
	if ((rc = flow_audit(f, host, NULL, line.s, e)) != 0)
		goto out;
	dacc_ensure_env_directory(&c, &f->k);
	if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
		goto out;
	env.secret = 1;
	if ((rc = denvfile_render(f->cfg, &a->env, &env, e)) != 0 ||
	    (rc = flow_upload(f, host, a->secrets_path, env.s, env.len, 0600, 1, 1, e)) != 0)
		goto out;
	dacc_run(&c, &f->k, a, host);
	if ((rc = flow_run(f, host, &c, &(struct fx){ .effect = XE_CREATE, .subject = a->service_name },
	    e)) != 0)
		goto out;
	if (a->proxy) {
		dk_container_id_for(&c, a->service_name, 1);
		if ((rc = flow_capture(f, host, &c, &(struct fx){ .probe = XP_CONTAINER_ID,
		    .subject = a->service_name }, &target, e)) != 0)
			goto out;
		dcmd_reset(&c);
		dacc_proxy_deploy(&c, &f->k, a, target.s ? target.s : "");
		rc = flow_run(f, host, &c, NULL, e);
	}
out:
	dcmd_release(&c);
	str_release(&line);
	str_release(&env);
	str_release(&target);
	return rc;
}

static int
boot_one(struct flow *f, const struct config_accessory *a, int prepare, struct errinfo *e)
{
	struct acc ac = { a, STRVEC_INIT };
	struct strvec hosts = STRVEC_INIT, rest = STRVEC_INIT;
	struct str list = STR_INIT;
	size_t i;
	int rc;

	flow_accessory_hosts(f, a, &hosts);
	if (prepare && (rc = flow_on(f, &hosts, prepare_host, (void *)a, e)) != 0)
		goto out;
	if ((rc = flow_on(f, &hosts, existing_host, &ac, e)) != 0)
		goto out;
	for (i = 0; i < hosts.n; i++)
		if (!flow_has(&ac.skip, hosts.v[i]))
			strvec_push(&rest, hosts.v[i]);
	if (ac.skip.n > 0) {
		struct strvec sorted = STRVEC_INIT;

		for (i = 0; i < ac.skip.n; i++)
			strvec_push(&sorted, ac.skip.v[i]);
		strvec_sort(&sorted);
		strvec_join(&sorted, ", ", &list);
		flow_warn(f, "Skipping booting `%s` on %s, a container already exists", a->name, list.s);
		strvec_clear(&sorted);
	}
	if ((rc = flow_on(f, &hosts, flow_accessory_directories_host, (void *)a, e)) != 0)
		goto out;
	if ((rc = flow_on(f, &hosts, flow_accessory_upload_host, (void *)a, e)) != 0)
		goto out;
	rc = flow_on(f, &rest, boot_host, &ac, e);
out:
	strvec_clear(&ac.skip);
	strvec_clear(&hosts);
	strvec_clear(&rest);
	str_release(&list);
	return rc;
}

typedef int (*acc_fn)(struct flow *f, const struct config_accessory *a, struct errinfo *e);

/* name or "all" (where allowed), under the deploy lock */
static int
each_accessory(struct flow *f, const char *name, int allow_all, acc_fn fn, struct errinfo *e)
{
	const struct config_accessory *a;
	size_t i;
	int rc = 0, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	if (allow_all && strcmp(name, "all") == 0) {
		for (i = 0; rc == 0 && i < f->cfg->naccessories; i++)
			rc = fn(f, &f->cfg->accessories[i], e);
	} else if ((a = config_accessory(f->cfg, name)) == NULL) {
		rc = flow_unknown_accessory(f, name);
	} else {
		rc = fn(f, a, e);
	}
	return flow_lock_end(f, acq, rc, e);
}

static int
boot_fn(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	return boot_one(f, a, 1, e);
}

int
flows_accessory_boot(struct flow *f, const char *name, struct errinfo *e)
{
	return each_accessory(f, name, 1, boot_fn, e);
}

/* audit + one command on every host of the accessory */
struct step {
	const struct config_accessory	*a;
	const char			*audit;
	void				(*build)(struct dcmd *, const struct config_accessory *);
	int				 no_raise;
	int				 proxy;	/* 1: deploy after (start), 2: remove after (stop) */
};

static int
step_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct step *s = arg;
	const struct config_accessory *a = s->a;
	struct dcmd c = DCMD_INIT;
	struct str line = STR_INIT, target = STR_INIT;
	int rc = 0;

	if (s->audit) {
		str_addf(&line, s->audit, a->name);
		rc = flow_audit(f, host, NULL, line.s, e);
	}
	if (rc != 0)
		goto out;
	s->build(&c, a);
	if ((rc = flow_run(f, host, &c, &(struct fx){ .no_raise = s->no_raise }, e)) != 0)
		goto out;
	if (s->proxy && a->proxy) {
		dk_container_id_for(&c, a->service_name, 1);
		if ((rc = flow_capture(f, host, &c, &(struct fx){ .probe = XP_CONTAINER_ID,
		    .subject = a->service_name }, &target, e)) != 0)
			goto out;
		dcmd_reset(&c);
		/* stop removes even when nothing runs (spec §12.13) */
		if (s->proxy == 1)
			dacc_proxy_deploy(&c, &f->k, a, str_cstr(&target));
		else
			dacc_proxy_remove(&c, a);
		rc = flow_run(f, host, &c, NULL, e);
	}
out:
	dcmd_release(&c);
	str_release(&line);
	str_release(&target);
	return rc;
}

static int
on_acc(struct flow *f, const struct step *s, struct errinfo *e)
{
	struct strvec hosts = STRVEC_INIT;
	int rc;

	flow_accessory_hosts(f, s->a, &hosts);
	rc = flow_on(f, &hosts, step_host, (void *)s, e);
	strvec_clear(&hosts);
	return rc;
}

static void
b_pull(struct dcmd *c, const struct config_accessory *a)
{
	dacc_pull_image(c, a);
}

static void
b_stop(struct dcmd *c, const struct config_accessory *a)
{
	dacc_stop(c, a);
}

static void
b_start(struct dcmd *c, const struct config_accessory *a)
{
	dacc_start(c, a);
}

static void
b_remove_container(struct dcmd *c, const struct config_accessory *a)
{
	dacc_remove_container(c, a);
}

static void
b_remove_image(struct dcmd *c, const struct config_accessory *a)
{
	dacc_remove_image(c, a);
}

static void
b_remove_dir(struct dcmd *c, const struct config_accessory *a)
{
	dacc_remove_service_directory(c, a);
}

static int
stop_fn(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	struct step s = { a, "Stopped %s accessory", b_stop, 1, 2 };

	return on_acc(f, &s, e);
}

static int
start_fn(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	struct step s = { a, "Started %s accessory", b_start, 0, 1 };

	return on_acc(f, &s, e);
}

static int
remove_container_fn(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	struct step s = { a, "Remove %s accessory container", b_remove_container, 0, 0 };

	return on_acc(f, &s, e);
}

static int
reboot_fn(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	struct step pull = { a, "Pull %s accessory image", b_pull, 0, 0 };
	struct strvec hosts = STRVEC_INIT;
	int rc;

	flow_accessory_hosts(f, a, &hosts);
	rc = flow_on(f, &hosts, prepare_host, (void *)a, e);
	strvec_clear(&hosts);
	if (rc == 0)
		rc = on_acc(f, &pull, e);
	if (rc == 0)
		rc = stop_fn(f, a, e);
	if (rc == 0)
		rc = remove_container_fn(f, a, e);
	if (rc == 0)
		rc = boot_one(f, a, 0, e);
	return rc;
}

static int
restart_fn(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	int rc = stop_fn(f, a, e);

	return rc == 0 ? start_fn(f, a, e) : rc;
}

static int
remove_fn(struct flow *f, const struct config_accessory *a, struct errinfo *e)
{
	struct step img = { a, "Removed %s accessory image", b_remove_image, 0, 0 };
	struct step dir = { a, NULL, b_remove_dir, 0, 0 };
	int rc = stop_fn(f, a, e);

	if (rc == 0)
		rc = remove_container_fn(f, a, e);
	if (rc == 0)
		rc = on_acc(f, &img, e);
	if (rc == 0)
		rc = on_acc(f, &dir, e);
	return rc;
}

int
flows_accessory_reboot(struct flow *f, const char *name, struct errinfo *e)
{
	return each_accessory(f, name, 1, reboot_fn, e);
}

int
flows_accessory_start(struct flow *f, const char *name, struct errinfo *e)
{
	return each_accessory(f, name, 0, start_fn, e);
}

int
flows_accessory_stop(struct flow *f, const char *name, struct errinfo *e)
{
	return each_accessory(f, name, 0, stop_fn, e);
}

int
flows_accessory_restart(struct flow *f, const char *name, struct errinfo *e)
{
	return each_accessory(f, name, 0, restart_fn, e);
}

int
flows_accessory_remove(struct flow *f, const char *name, struct errinfo *e)
{
	return each_accessory(f, name, 1, remove_fn, e);
}
