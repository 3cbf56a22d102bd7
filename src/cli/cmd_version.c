/*
 * `version`: as `kamal` it prints Kamal's version string alone, because scripts
 * parse it; as `sextant` it says what it is. `-v` adds the vendored libraries.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

int	cmd_version(struct cli *c);

int
cmd_version(struct cli *c)
{
	if (strcmp(c->prog, "kamal") == 0)
		printf("%s\n", KAMAL_COMPAT_VERSION);
	else
		printf("sextant %s (kamal %s compatible)\n", SEXTANT_VERSION, KAMAL_COMPAT_VERSION);
	if (cli_bool(c, "verbose"))
		printf("built with BearSSL 0.6, libyaml 0.2.5, musl\n");
	return 0;
}
