/* Internal to src/cli: option-value storage and the parser (options.c). */
#ifndef SEXTANT_CLI_PARSE_H
#define SEXTANT_CLI_PARSE_H

#include "cli/cli.h"

struct errinfo;

void	cli_values_init(struct cli *c, const struct cmd_spec *cmd);
void	cli_values_free(struct cli *c);
int	cli_parse_options(struct cli *c, int argc, char **argv, int stop_at_positional,
	    struct errinfo *e);

#endif
