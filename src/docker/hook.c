/*
 * hook — see hook.h.
 */
#include "docker/hook.h"

#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"

void
dhook_file(const struct dk *k, const char *hook, struct str *out)
{
	str_addf(out, "%s/%s", k->cfg->hooks_path, hook);
}

void
dhook_run(struct dcmd *c, const struct dk *k, const char *hook)
{
	struct str f = STR_INIT;

	dhook_file(k, hook, &f);
	dcmd_add(c, f.s);
	str_release(&f);
}

int
dhook_env(const struct dk *k, const struct dtags *t, const char *abbrev,
    const struct dhook_details *d, int secrets, struct strvec *out, struct errinfo *e)
{
	const struct strvec *keys, *vals;
	size_t i;
	int rc;

	strvec_pushf(out, "KAMAL_RECORDED_AT=%s", t->recorded_at);
	strvec_pushf(out, "KAMAL_PERFORMER=%s", t->performer);
	if (k->cfg->destination)
		strvec_pushf(out, "KAMAL_DESTINATION=%s", k->cfg->destination);
	strvec_pushf(out, "KAMAL_VERSION=%s", k->version);
	strvec_pushf(out, "KAMAL_SERVICE_VERSION=%s@%s", k->cfg->service, abbrev);
	strvec_pushf(out, "KAMAL_SERVICE=%s", k->cfg->service);
	if (d->hosts)
		strvec_pushf(out, "KAMAL_HOSTS=%s", d->hosts);
	if (d->roles)
		strvec_pushf(out, "KAMAL_ROLES=%s", d->roles);
	if (d->lock)
		strvec_pushf(out, "KAMAL_LOCK=%s", d->lock);
	if (d->command)
		strvec_pushf(out, "KAMAL_COMMAND=%s", d->command);
	if (d->subcommand)
		strvec_pushf(out, "KAMAL_SUBCOMMAND=%s", d->subcommand);
	if (d->runtime)
		strvec_pushf(out, "KAMAL_RUNTIME=%s", d->runtime);
	if (!secrets)
		return 0;
	if ((rc = config_secrets_all(k->cfg, &keys, &vals, e)) != 0)
		return rc;
	for (i = 0; i < keys->n && i < vals->n; i++)
		strvec_pushf(out, "%s=%s", keys->v[i], vals->v[i]);
	return 0;
}
