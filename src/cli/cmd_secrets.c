/*
 * `secrets fetch | extract | print` (lib/kamal/cli/secrets.rb, spec §9.4).
 * The adapters and JSON handling live in src/config/adapters.c so that the
 * in-process `$(kamal secrets ...)` of a secrets file runs the same code.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "config/adapters.h"
#include "config/config.h"
#include "config/shell.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/wipe.h"

int	cmd_secrets_fetch(struct cli *c);
int	cmd_secrets_extract(struct cli *c);
int	cmd_secrets_print(struct cli *c);

static int
report(int code, const struct errinfo *e)
{
	const char *cls = code == ERR_PARSE ? "JSON::ParserError" : "RuntimeError";

	out_error(cls, "%s", e->msg);
	return 1;
}

int
cmd_secrets_fetch(struct cli *c)
{
	struct strvec keys = STRVEC_INIT, values = STRVEC_INIT;
	struct str json = STR_INIT, esc = STR_INIT;
	struct errinfo e;
	int need = 0, r, rc = 0;
	size_t i;

	json.secret = esc.secret = 1;
	err_clear(&e);
	r = secrets_adapter_fetch(cli_str(c, "adapter"), &c->args, cli_str(c, "account"), cli_str(c, "from"),
	    NULL, &keys, &values, &need, &e);
	if (r != 0) {
		rc = report(r, &e);
		goto out;
	}
	if (need) {
		/* Kamal prints this line and returns (exit status 0) */
		puts("No value provided for required options '--account'");
		goto out;
	}
	secrets_json_dump(&keys, &values, &json);
	/* --inline returns the value to the caller instead of printing it */
	if (!cli_bool(c, "inline"))
		printf("%s\n", str_cstr(&json));
out:
	strvec_clear(&keys);
	for (i = 0; i < values.n; i++)
		wipe(values.v[i], strlen(values.v[i]));
	strvec_clear(&values);
	str_release(&json);
	str_release(&esc);
	return rc;
}

int
cmd_secrets_extract(struct cli *c)
{
	struct str v = STR_INIT;
	struct errinfo e;
	int r;

	v.secret = 1;
	err_clear(&e);
	r = secrets_extract(c->args.v[0], c->args.v[1], &v, &e);
	if (r != 0) {
		str_release(&v);
		return report(r, &e);
	}
	if (!cli_bool(c, "inline"))
		printf("%s\n", str_cstr(&v));
	str_release(&v);
	return 0;
}

int
cmd_secrets_print(struct cli *c)
{
	struct config_opts co;
	struct config *cfg = NULL;
	const struct strvec *k, *v;
	struct errinfo e;
	size_t i;
	int r;

	memset(&co, 0, sizeof(co));
	co.config_file = cli_str(c, "config_file");
	co.destination = cli_str(c, "destination");
	co.version = cli_str(c, "version");
	err_clear(&e);
	if ((r = config_load(&co, &cfg, &e)) != 0) {
		if (e.where[0])
			out_error(config_err_class(r), "%s: %s", e.where, e.msg);
		else
			out_error(config_err_class(r), "%s", e.msg);
		return 1;
	}
	if ((r = config_secrets_all(cfg, &k, &v, &e)) != 0) {
		if (e.where[0])
			out_error(config_err_class(r), "%s: %s", e.where, e.msg);
		else
			out_error(config_err_class(r), "%s", e.msg);
		config_free(cfg);
		return 1;
	}
	for (i = 0; i < k->n; i++)
		printf("%s=%s\n", k->v[i], v->v[i]);
	config_free(cfg);
	return 0;
}
