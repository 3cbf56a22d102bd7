// sources: src/config/*.c src/core/*.c src/cli/commands.c src/flows/xsextant.c
/*
 * The x-sextant settings (flows/xsextant.c) on arbitrary YAML after a valid
 * deploy.yml: the whole loader, then xsextant_load. No crash or leak; a
 * refusal always has a message and a file:line:col.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/err.h"
#include "core/str.h"
#include "flows/xsextant.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static char *const empty_env[] = { NULL };

static const char base[] =
	"service: app\n"
	"image: org/app\n"
	"servers:\n"
	"  - 10.0.0.1\n"
	"registry:\n"
	"  username: u\n"
	"  password: p\n"
	"builder:\n"
	"  arch: amd64\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct config_opts o;
	struct config *c = NULL;
	struct xsextant x;
	struct errinfo e;
	struct str text = STR_INIT;

	str_adds(&text, base);
	str_add(&text, data, n);
	memset(&o, 0, sizeof(o));
	o.config_file = "fuzz/deploy.yml";
	o.text = text.s;
	o.text_len = text.len;
	o.version = "1";
	o.environ = empty_env;
	o.no_setenv = 1;
	o.no_fs_checks = 1;
	o.no_commands = 1;
	o.base_dir = "/nonexistent-sextant-fuzz";
	err_clear(&e);
	if (config_load(&o, &c, &e) == 0) {
		err_clear(&e);
		if (xsextant_load(c, &x, &e) != 0) {
			if (e.msg[0] == '\0' || e.where[0] == '\0')
				abort();
		} else {
			if (x.verify_path && x.verify_path[0] != '/')
				abort();
			if (x.registry_timeout_ms < 1000 || x.verify_timeout_ms < 1000)
				abort();
		}
		err_clear(&e);
		(void)xsextant_load_located(c, &x, &e);
		config_free(c);
	}
	str_release(&text);
	return 0;
}
