/*
 * auditor — the audit log line appended on servers (lib/kamal/commands/auditor.rb,
 * lib/kamal/tags.rb; spec/kamal.md §5.5) and Kamal::Tags for hooks (§7).
 */
#ifndef SEXTANT_DOCKER_AUDITOR_H
#define SEXTANT_DOCKER_AUDITOR_H

#include "docker/dk.h"

struct str;

/* The values every audit line and hook environment starts with. */
struct dtags {
	const char	*recorded_at;	/* UTC ISO 8601, e.g. 2024-01-01T00:00:00Z */
	const char	*performer;	/* git config user.email, else whoami */
};

/* "[recorded_at] [performer] [dest] [role] <line>" (role NULL: no role tag). */
void	daudit_line(const struct dk *k, const struct dtags *t, const char *role, const char *line,
	    struct str *out);
/* mkdir -p .kamal && echo "<escaped line>" >> .kamal/SD-audit.log */
void	daudit_record(struct dcmd *c, const struct dk *k, const struct dtags *t, const char *role,
	    const char *line);
/* tail -n 50 .kamal/SD-audit.log */
void	daudit_reveal(struct dcmd *c, const struct dk *k);

#endif
