/*
 * `rollback VERSION` (spec §6.9). Under --dry-run the version is assumed to exist
 * as a (stopped) container of every role on every app host, as the plan of a
 * rollback is only interesting when it can happen.
 */
#include "cli/cli.h"
#include "cli/flowrun.h"
#include "core/str.h"
#include "fleet/plan.h"

int	cmd_rollback(struct cli *c);

int
cmd_rollback(struct cli *c)
{
	const char *version = c->args.v[0];
	struct flowrun r;
	size_t i, j, n;
	int rc;

	if ((rc = flowrun_begin(c, &r)) != 0)
		return rc;
	if (r.dry) {
		for (i = 0; i < r.f.sel.app_hosts.n; i++) {
			const struct config_role *roles[256];

			n = flow_roles_on(&r.f, r.f.sel.app_hosts.v[i], roles, 256);
			for (j = 0; j < n; j++) {
				struct str name = STR_INIT;

				str_addf(&name, "%s-%s", roles[j]->container_prefix, version);
				plan_assume_container(&r.x, r.f.sel.app_hosts.v[i], name.s);
				str_release(&name);
			}
		}
	}
	rc = flows_rollback(&r.f, version, &r.e);
	return flowrun_end(&r, rc);
}
