// sources: src/config/*.c src/core/*.c src/cli/commands.c
/*
 * The whole configuration loader on arbitrary deploy.yml text: ERB subset
 * (commands refused), YAML with Psych's rules, validation, the model and the
 * post-validation checks; then the read side (dump, selection, env per host,
 * to_yaml). No crash, leak, or unbounded allocation; errors must carry text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/err.h"
#include "core/str.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static char *const empty_env[] = { NULL };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct config_opts o;
	struct config *c = NULL;
	struct errinfo e;
	size_t i, j;

	memset(&o, 0, sizeof(o));
	o.config_file = "fuzz/deploy.yml";
	o.text = (const char *)data;
	o.text_len = n;
	o.version = "1";
	o.environ = empty_env;
	o.no_setenv = 1;
	o.no_fs_checks = 1;
	o.no_commands = 1;
	o.base_dir = "/nonexistent-sextant-fuzz";
	err_clear(&e);
	if (config_load(&o, &c, &e) != 0) {
		if (e.msg[0] == '\0')
			abort();
		return 0;
	}
	{
		struct str s = STR_INIT;
		struct config_selection sel;

		config_dump(c, &s);
		node_to_yaml(c->raw, &s);
		str_release(&s);
		if (config_select(c, NULL, NULL, 0, &sel, NULL) == 0)
			config_selection_release(&sel);
		if (config_select(c, "*", "w*,{a,b}", 1, &sel, NULL) == 0)
			config_selection_release(&sel);
		for (i = 0; i < c->nroles; i++)
			for (j = 0; j < c->roles[i].nhosts; j++) {
				struct config_env env;

				config_role_env(c, &c->roles[i], c->roles[i].hosts[j].name, &env);
				config_env_release(&env);
			}
	}
	config_free(c);
	return 0;
}
