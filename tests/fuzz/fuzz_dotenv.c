// sources: src/config/*.c src/core/*.c src/cli/commands.c
/*
 * The .kamal/secrets parser (dotenv 3.2 rules) on arbitrary text. Commands are
 * not run: a stand-in returns the command text reversed, so the substitution
 * paths are exercised; no value may outgrow DOTENV_MAX_VALUE. Also `secrets
 * extract` over the same bytes as JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/adapters.h"
#include "config/dotenv.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char *
get(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "HOME") == 0 ? "/home/x" : NULL;
}

static int
cmd(void *ctx, const char *c, struct str *out, struct errinfo *e)
{
	size_t l = strlen(c);

	(void)ctx;
	(void)e;
	while (l-- > 0)
		str_addch(out, c[l]);
	str_addch(out, '\n');
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct dotenv_ops ops = { get, cmd, NULL };
	struct strvec k = STRVEC_INIT, v = STRVEC_INIT;
	struct errinfo e;
	char *z;

	if (n > (1u << 20))
		return 0;
	err_clear(&e);
	if (dotenv_parse("fuzz/secrets", (const char *)data, n, &ops, &k, &v, &e) != 0 && e.msg[0] == '\0')
		abort();
	if (k.n != v.n)
		abort();
	for (size_t i = 0; i < v.n; i++)
		if (strlen(v.v[i]) > DOTENV_MAX_VALUE)
			abort();
	strvec_clear(&k);
	strvec_clear(&v);
	z = malloc(n + 1);
	if (z) {
		struct str out = STR_INIT;

		memcpy(z, data, n);
		z[n] = '\0';
		err_clear(&e);
		(void)secrets_extract("A", z, &out, &e);
		str_release(&out);
		free(z);
	}
	return 0;
}
