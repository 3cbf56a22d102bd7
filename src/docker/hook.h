/*
 * hook — local hook commands and their environment (lib/kamal/commands/hook.rb,
 * lib/kamal/tags.rb, lib/kamal/cli/base.rb#run_hook; spec/kamal.md §7).
 */
#ifndef SEXTANT_DOCKER_HOOK_H
#define SEXTANT_DOCKER_HOOK_H

#include "docker/auditor.h"

struct strvec;
struct errinfo;

/* What run_hook adds to the tags (NULL = omitted). */
struct dhook_details {
	const char	*hosts;		/* comma-joined selected hosts, or the boot group */
	const char	*roles;		/* comma-joined -r roles, only when -r was given */
	const char	*lock;		/* "true"/"false" */
	const char	*command;	/* "deploy", or the group ("app") */
	const char	*subcommand;	/* "boot"; NULL at the top level */
	const char	*runtime;	/* post-deploy only */
};

/* "<hooks_path>/<hook>" */
void	dhook_file(const struct dk *k, const char *hook, struct str *out);
/* The command: the hook path alone (SSHKit runs it as `/usr/bin/env <path>`). */
void	dhook_run(struct dcmd *c, const struct dk *k, const char *hook);
/*
 * The KAMAL_* variables, as "NAME=value" strings in Kamal's order: RECORDED_AT,
 * PERFORMER, DESTINATION (with -d), VERSION, SERVICE_VERSION, SERVICE, then the
 * details (HOSTS, ROLES, LOCK, COMMAND, SUBCOMMAND, RUNTIME). With secrets, every
 * loaded secret is appended (KEY=value). abbrev: config_abbreviated_version.
 */
int	dhook_env(const struct dk *k, const struct dtags *t, const char *abbrev,
	    const struct dhook_details *d, int secrets, struct strvec *out, struct errinfo *e);

#endif
