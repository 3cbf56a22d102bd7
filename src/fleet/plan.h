/*
 * plan — the `--dry-run` executor: records instead of running.
 *
 * Every exec/upload is recorded under its host, every run_local under
 * "localhost", in the order received; hosts are printed in the order they were
 * first contacted (the order Kamal visits them). Nothing is connected to and
 * nothing is run — not even local commands.
 *
 * Answers model servers assumed fresh (spec: no containers, no proxy, no lock,
 * no previous version): every command succeeds with empty output, except
 *   XP_CONTAINER_ID    "<container-id>" once the flow created that container
 *                      (XE_CREATE), or for containers assumed to exist
 *                      (plan_assume_container: `rollback VERSION`);
 *   XP_HEALTH          "healthy";
 *   XP_ECHO            the subject (a locally known value);
 *   XP_COUNT           "0";
 *   XE_START           exit status 1 when the container does not exist;
 *   XE_MKDIR/XE_RMDIR  the deploy lock: acquiring a held lock or releasing a
 *                      missing one fails as mkdir/rm would (no lock at first).
 *
 * Output format (spec/examples/README.md):
 *   == <host>
 *   <command, a newline inside it written as the two characters \n>
 *   UPLOAD <remote path>[ mode=0600] "<content, JSON string escapes>"
 */
#ifndef SEXTANT_FLEET_PLAN_H
#define SEXTANT_FLEET_PLAN_H

#include <stdio.h>

#include "fleet/exec.h"

#define PLAN_LOCALHOST		"localhost"
#define PLAN_CONTAINER_ID	"<container-id>"

/* Warnings and errors go to stderr; progress messages to `say` (NULL: dropped). */
void	plan_executor_init(struct executor *x, FILE *say);
/* The container `name` exists on `host` before the run starts. */
void	plan_assume_container(struct executor *x, const char *host, const char *name);
/* The recorded plan, in the format above. */
void	plan_render(struct executor *x, struct str *out);

#endif
