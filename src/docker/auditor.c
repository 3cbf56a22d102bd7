/*
 * auditor — see auditor.h.
 */
#include "docker/auditor.h"

#include "core/str.h"
#include "docker/shellquote.h"

void
daudit_line(const struct dk *k, const struct dtags *t, const char *role, const char *line,
    struct str *out)
{
	/* Tags in Kamal's order, version/service_version/service excluded */
	str_addf(out, "[%s] [%s]", t->recorded_at, t->performer);
	if (k->cfg->destination)
		str_addf(out, " [%s]", k->cfg->destination);
	if (role)
		str_addf(out, " [%s]", role);
	str_addf(out, " %s", line);
}

static void
audit_file(const struct dk *k, struct str *out)
{
	str_addf(out, "%s/%s-audit.log", k->cfg->run_directory, k->cfg->service_and_destination);
}

void
daudit_record(struct dcmd *c, const struct dk *k, const struct dtags *t, const char *role,
    const char *line)
{
	struct str l = STR_INIT, q = STR_INIT, f = STR_INIT;

	daudit_line(k, t, role, line, &l);
	shq_escape(&q, l.s, l.len);
	audit_file(k, &f);
	dcmd_addv(c, "mkdir", "-p", k->cfg->run_directory, "&&", "echo", str_cstr(&q), ">>", f.s, NULL);
	str_release(&l);
	str_release(&q);
	str_release(&f);
}

void
daudit_reveal(struct dcmd *c, const struct dk *k)
{
	struct str f = STR_INIT;

	audit_file(k, &f);
	dcmd_addv(c, "tail", "-n", "50", f.s, NULL);
	str_release(&f);
}
