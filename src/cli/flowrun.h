/*
 * flowrun — what every state-changing command handler (cmd_<command>.c) does
 * around its flow: load the configuration with the global options, pick the
 * executor (--dry-run: the plan executor; otherwise the SSH executor once it is
 * linked in), set up the flow, and afterwards print the plan or the error.
 */
#ifndef SEXTANT_CLI_FLOWRUN_H
#define SEXTANT_CLI_FLOWRUN_H

#include "core/err.h"
#include "fleet/exec.h"
#include "flows/flows.h"

struct cli;
struct config;

struct flowrun {
	struct config	*cfg;
	struct executor	 x;
	struct flow	 f;
	struct errinfo	 e;
	int		 dry;
	int		 ready;
	char		 name[160];	/* "deploy", "app boot" */
};

/*
 * Returns 0 when the flow is ready to run; otherwise the process exit status
 * (already reported): 2 when there is no executor for a real run yet, 1 on a
 * configuration or selection error.
 */
int	flowrun_begin(struct cli *c, struct flowrun *r);
/*
 * Kamal's `confirming`: unless -y (or --dry-run, which changes nothing), asks
 * "<question> [y, N] (N)" on the terminal until the answer is y or N (empty = N).
 * Returns 1 to go on; 0 after printing "Aborted".
 */
int	flowrun_confirm(struct cli *c, struct flowrun *r, const char *question);
/* Prints the plan (dry run) and/or the error for rc; releases everything; returns the exit status. */
int	flowrun_end(struct flowrun *r, int rc);

/*
 * The SSH executor's constructor, provided by the module that implements it
 * (weak: until then real runs say so and exit 2).
 */
int	fleet_ssh_executor_init(struct executor *x, struct config *cfg, struct errinfo *e)
	    __attribute__((weak));

#endif
