/*
 * `docs [SECTION]` (lib/kamal/cli/main.rb#docs): the documentation of the
 * configuration root or of one section; "No documentation found for X" otherwise.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config/docs.h"

int	cmd_docs(struct cli *c);

int
cmd_docs(struct cli *c)
{
	const char *section = c->args.n ? c->args.v[0] : NULL;
	const char *text = config_docs(section);
	size_t n;

	if (text == NULL) {
		printf("No documentation found for %s\n", section);
		return 0;
	}
	n = strlen(text);
	fwrite(text, 1, n, stdout);
	if (n == 0 || text[n - 1] != '\n')
		fputc('\n', stdout);
	return 0;
}
