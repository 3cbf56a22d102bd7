/*
 * Aliases (spec §3.4; lib/kamal/cli/alias/command.rb, Commander#resolve_alias):
 * an unknown top-level word is looked up in the raw `aliases:` of the config
 * named by -c/-d on the command line (loaded without validation, like Kamal),
 * and replaced by its command split shell-style.
 */
#include <string.h>

#include "cli/cli.h"
#include "config/config.h"
#include "config/shell.h"
#include "core/err.h"
#include "core/strvec.h"

/* The value of a global string option in argv (-x V, -xV, --long V, --long=V; '-'/'_' alike). */
static const char *
opt_value(int argc, char **argv, char shortopt, const char *longopt)
{
	const char *found = NULL;
	size_t ll = strlen(longopt);
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] == shortopt) {
			if (a[2])
				found = a + 2;
			else if (i + 1 < argc)
				found = argv[++i];
			continue;
		}
		if (a[0] == '-' && a[1] == '-') {
			size_t k;
			int same = 1;

			for (k = 0; k < ll; k++) {
				char x = a[2 + k] == '-' ? '_' : a[2 + k];
				char y = longopt[k] == '-' ? '_' : longopt[k];

				if (x != y) {
					same = 0;
					break;
				}
			}
			if (!same)
				continue;
			if (a[2 + ll] == '=')
				found = a + 3 + ll;
			else if (a[2 + ll] == '\0' && i + 1 < argc)
				found = argv[++i];
		}
	}
	return found;
}

int
cli_resolve_alias(const char *word, int argc, char **argv, struct strvec *out, struct errinfo *e)
{
	struct config_opts o;
	struct node *raw = NULL;
	const struct node *cmd;
	int r;

	memset(&o, 0, sizeof(o));
	o.config_file = opt_value(argc, argv, 'c', "config_file");
	o.destination = opt_value(argc, argv, 'd', "destination");
	if (o.config_file == NULL)
		o.config_file = "config/deploy.yml";
	if ((r = config_load_raw(&o, &raw, e)) != 0)
		return r < 0 ? r : ERR_CONFIG;
	cmd = node_get(node_get(raw, "aliases"), word);
	if (cmd == NULL || node_str(cmd) == NULL) {
		node_free(raw);
		return 0;
	}
	r = shellwords_split(cmd->text, out, e);
	node_free(raw);
	if (r != 0)
		return r;
	return 1;
}
