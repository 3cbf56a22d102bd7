/*
 * inspectrun — what the handlers of the read-only and interactive commands
 * (src/flows/inspect.h) share: their options read into the flows' structs, and
 * the end of a run that may hand over to the system `ssh` client, as Kamal's
 * `exec` of run_over_ssh does (spec/kamal.md §8.1).
 */
#ifndef SEXTANT_CLI_INSPECTRUN_H
#define SEXTANT_CLI_INSPECTRUN_H

#include <stddef.h>

#include "cli/flowrun.h"
#include "flows/inspect.h"

struct cli;
struct str;

/* -s/-n/-g/--grep-options/-f/-T (and --container-id where the command has it).
 * lines points into buf. */
void	inspectrun_logs_opts(const struct cli *c, struct logs_opts *lo, char *buf, size_t n);
/* -i/--reuse/--detach/--raw/-e, whichever the command has, and --version. */
void	inspectrun_exec_opts(const struct cli *c, struct exec_opts *xo);
/*
 * flowrun_end, then, when the flow succeeded and left a command line in
 * local_exec, replaces this process with `/bin/sh -c <line>` (never returns
 * then). Returns the exit status otherwise. Releases local_exec.
 */
int	inspectrun_end(struct flowrun *r, int rc, struct str *local_exec);

#endif
