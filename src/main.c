/*
 * sextant — Kamal 2 as one static binary. Invoked as `kamal` it is a drop-in.
 */
#include <signal.h>

#include "cli/cli.h"

int
main(int argc, char **argv)
{
	/* Writes to a closed socket or pipe must fail with EPIPE, not kill us mid-deploy. */
	signal(SIGPIPE, SIG_IGN);
	return cli_main(argc, argv);
}
