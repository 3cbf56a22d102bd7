/*
 * accfiles — the hidden `accessory upload NAME` and `accessory directories NAME`
 * (lib/kamal/cli/accessory.rb; spec/kamal.md §6.13 steps 3 and 4), each under
 * the deploy lock on the accessory's selected hosts.
 *
 * `accessory boot` runs the same two steps (src/flows/accessory.c); the
 * hidden commands are Kamal's way to run either alone.
 */
#include "flows/inspect.h"

#include <sys/stat.h>

#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/accessory.h"
#include "flows/accessory.h"

#define ACCESSORY_FILE_MAX	(64u * 1024 * 1024)


int
flow_accessory_directories_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct config_accessory *a = arg;
	struct dcmd c = DCMD_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < a->ndirectories; i++) {
		const struct config_acc_path *d = &a->directories[i];

		/* make_directory(local); chmod/chown when configured */
		dk_mkdir_p(&c, d->key);
		if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
			break;
		if (d->mode) {
			dcmd_addv(&c, "chmod", d->mode, d->key, NULL);
			if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
				break;
		}
		if (d->owner) {
			dcmd_addv(&c, "chown", d->owner, d->key, NULL);
			rc = flow_run(f, host, &c, NULL, e);
		}
	}
	dcmd_release(&c);
	return rc;
}

int
flow_accessory_upload_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct config_accessory *a = arg;
	struct dcmd c = DCMD_INIT;
	struct str data = STR_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < a->nfiles; i++) {
		const struct config_acc_path *p = &a->files[i];
		struct stat st;
		int mode = 0644;

		str_reset(&data);
		if (p->erb) {
			if ((rc = config_accessory_render(f->cfg, a, p, &data, e)) != 0)
				break;
		} else {
			/* ensure_local_file_present; upload! of a file keeps its mode */
			if (!fs_exists(p->key)) {
				rc = err_set(e, ERR_NOTFOUND, "Missing file: %s", p->key);
				break;
			}
			if ((rc = fs_read_file(p->key, ACCESSORY_FILE_MAX, &data, e)) != 0)
				break;
			if (stat(p->key, &st) == 0)
				mode = (int)(st.st_mode & 07777);
		}
		dk_mkdir_for(&c, p->host_path);
		if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
			break;
		if ((rc = flow_upload(f, host, p->host_path, data.s ? data.s : "", data.len, mode, 0, 0,
		    e)) != 0)
			break;
		dcmd_addv(&c, "chmod", p->mode ? p->mode : "755", p->host_path, NULL);
		if ((rc = flow_run(f, host, &c, NULL, e)) != 0)
			break;
		if (p->owner) {
			dcmd_addv(&c, "chown", p->owner, p->host_path, NULL);
			rc = flow_run(f, host, &c, NULL, e);
		}
	}
	dcmd_release(&c);
	str_release(&data);
	return rc;
}

static int
on_accessory(struct flow *f, const char *name, flow_host_fn fn, struct errinfo *e)
{
	const struct config_accessory *a;
	struct strvec hosts = STRVEC_INIT;
	int rc, acq;

	if ((rc = flow_lock_begin(f, &acq, e)) != 0)
		return rc;
	if ((a = config_accessory(f->cfg, name)) == NULL) {
		rc = flow_unknown_accessory(f, name);
	} else {
		flow_accessory_hosts(f, a, &hosts);
		rc = flow_on(f, &hosts, fn, (void *)a, e);
	}
	strvec_clear(&hosts);
	return flow_lock_end(f, acq, rc, e);
}

int
flows_accessory_upload(struct flow *f, const char *name, struct errinfo *e)
{
	return on_accessory(f, name, flow_accessory_upload_host, e);
}

int
flows_accessory_directories(struct flow *f, const char *name, struct errinfo *e)
{
	return on_accessory(f, name, flow_accessory_directories_host, e);
}
