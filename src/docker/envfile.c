/*
 * envfile — see envfile.h.
 */
#include "docker/envfile.h"

#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"
#include "docker/shellquote.h"

int
denvfile_render(struct config *cfg, const struct config_env *env, struct str *out,
    struct errinfo *e)
{
	struct strvec names = STRVEC_INIT;
	const char **vals;
	char en[512], sn[512];
	size_t i, j;
	int rc = 0;

	vals = xcalloc(env->secrets.n + 1, sizeof(*vals));
	for (i = 0; i < env->secrets.n; i++) {
		const char *v = NULL;
		long at;

		config_env_secret_split(env->secrets.v[i], en, sizeof(en), sn, sizeof(sn));
		if ((rc = config_secret(cfg, sn, &v, e)) != 0)
			goto out;
		at = strvec_find(&names, en);
		if (at >= 0) {
			vals[at] = v;
		} else {
			strvec_push(&names, en);
			vals[names.n - 1] = v;
		}
	}
	for (j = 0; j < names.n; j++) {
		str_adds(out, names.v[j]);
		str_addch(out, '=');
		shq_envfile_value(out, vals[j], strlen(vals[j]));
		str_addch(out, '\n');
	}
	/* Kamal writes a lone newline rather than an empty file (SSHKit warns on empty uploads) */
	if (out->len == 0)
		str_addch(out, '\n');
out:
	strvec_clear(&names);
	free(vals);
	return rc;
}
