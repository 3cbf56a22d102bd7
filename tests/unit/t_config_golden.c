/*
 * Golden configuration tests: every directory under tests/golden/config/cases is
 * a project (config/deploy*.yml, .kamal/secrets*, other files) plus case.json
 * (destination, version, env, and for invalid cases Kamal's error text).
 *  - valid cases: config_dump() + the loaded secrets + rendered accessory files
 *    must equal expected.txt;
 *  - invalid cases: "file:line:col: message" must equal error.txt, and the
 *    message part must equal case.json's "error" (Kamal's own text).
 * GOLDEN_UPDATE=1 rewrites expected.txt / error.txt from the current output
 * (review the diff before committing).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/json.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "core/strvec.h"
#include "harness.h"

#define CASES	"tests/golden/config/cases"

static int
read_text(const char *path, struct str *out)
{
	return fs_read_file(path, 1 << 22, out, NULL);
}

static void
render(struct config *c, struct str *o)
{
	const struct strvec *k, *v;
	struct errinfo e;
	size_t i, j;

	err_clear(&e);
	if (config_secrets_all(c, &k, &v, &e) == 0) {
		for (i = 0; i < k->n; i++)
			str_addf(o, "secret[%s]: %s\n", k->v[i], v->v[i]);
	} else {
		str_addf(o, "secrets error: %s %s\n", e.where, e.msg);
	}
	for (i = 0; i < c->naccessories; i++)
		for (j = 0; j < c->accessories[i].nfiles; j++) {
			const struct config_acc_path *f = &c->accessories[i].files[j];
			struct str out = STR_INIT;

			if (!f->erb)
				continue;
			err_clear(&e);
			if (config_accessory_render(c, &c->accessories[i], f, &out, &e) == 0)
				str_addf(o, "render[%s]:\n%s", f->local, str_cstr(&out));
			else
				str_addf(o, "render[%s] error: %s %s\n", f->local, e.where, e.msg);
			str_release(&out);
		}
}

static int
run_case(const char *name, char *report, size_t rn)
{
	char dir[512], path[600];
	struct str cj = STR_INIT, got = STR_INIT, want = STR_INIT;
	struct node *j = NULL;
	struct strvec env = STRVEC_INIT;
	struct config_opts o;
	struct config *c = NULL;
	struct errinfo e;
	const char *dest, *ver, *kamal_err;
	const struct node *envn;
	int ok = 0, update = getenv("GOLDEN_UPDATE") != NULL;
	size_t i;

	snprintf(dir, sizeof(dir), "%s/%s", CASES, name);
	snprintf(path, sizeof(path), "%s/case.json", dir);
	if (read_text(path, &cj) != 0 || config_json_parse(cj.s, cj.len, &j, NULL) != 0) {
		snprintf(report, rn, "%s: cannot read case.json", name);
		goto out;
	}
	dest = node_str(node_get(j, "destination"));
	ver = node_str(node_get(j, "version"));
	kamal_err = node_str(node_get(j, "error"));
	envn = node_get(j, "env");
	strvec_pushf(&env, "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	for (i = 0; envn && envn->kind == NODE_MAP && i < envn->n; i++)
		strvec_pushf(&env, "%s=%s", envn->keys[i]->text, envn->items[i]->text);
	memset(&o, 0, sizeof(o));
	o.config_file = "config/deploy.yml";
	o.destination = dest;
	o.version = ver ? ver : "999";
	o.environ = env.v;
	o.no_setenv = 1;
	o.base_dir = dir;
	err_clear(&e);
	if (config_load(&o, &c, &e) == 0) {
		config_dump(c, &got);
		render(c, &got);
		snprintf(path, sizeof(path), "%s/expected.txt", dir);
	} else {
		str_addf(&got, "%s%s%s\n", e.where, e.where[0] ? ": " : "", e.msg);
		snprintf(path, sizeof(path), "%s/error.txt", dir);
		if (kamal_err && strcmp(e.msg, kamal_err) != 0) {
			snprintf(report, rn, "%s: message differs from Kamal's:\n    got:  %s\n    want: %s", name,
			    e.msg, kamal_err);
			goto out;
		}
	}
	if (kamal_err && c != NULL) {
		snprintf(report, rn, "%s: loaded, but Kamal rejects it with: %s", name, kamal_err);
		goto out;
	}
	if (update) {
		fs_write_file(path, got.s, got.len, 0644, NULL);
		ok = 1;
		goto out;
	}
	if (read_text(path, &want) != 0) {
		snprintf(report, rn, "%s: missing %s; output was:\n%s", name, path, str_cstr(&got));
		goto out;
	}
	if (strcmp(str_cstr(&got), str_cstr(&want)) != 0) {
		/* first differing line */
		const char *a = str_cstr(&got), *b = str_cstr(&want);
		int line = 1;

		while (*a && *a == *b) {
			if (*a == '\n')
				line++;
			a++;
			b++;
		}
		while (a > str_cstr(&got) && a[-1] != '\n')
			a--;
		while (b > str_cstr(&want) && b[-1] != '\n')
			b--;
		snprintf(report, rn, "%s: line %d differs\n    got:  %.*s\n    want: %.*s", name, line,
		    (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
		goto out;
	}
	ok = 1;
out:
	config_free(c);
	node_free(j);
	strvec_clear(&env);
	str_release(&cj);
	str_release(&got);
	str_release(&want);
	return ok;
}

TEST(config_golden_cases)
{
	DIR *d = opendir(CASES);
	struct dirent *de;
	struct strvec names = STRVEC_INIT;
	size_t i, failed = 0;
	char report[4096];

	CHECK(d != NULL);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			strvec_push(&names, de->d_name);
	closedir(d);
	CHECK(names.n >= 8);
	for (i = 0; i < names.n; i++) {
		report[0] = '\0';
		if (!run_case(names.v[i], report, sizeof(report))) {
			fprintf(stderr, "  golden %s\n", report);
			failed++;
		}
	}
	strvec_clear(&names);
	CHECK_EQ_INT(failed, 0);
}
