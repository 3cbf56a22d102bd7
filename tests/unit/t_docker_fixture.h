/*
 * A configuration loaded from YAML text for the builder tests: writes
 * config/deploy.yml (and .kamal/secrets) into a fresh directory under the
 * harness's scratch dir and loads it with version 999, like Kamal's tests.
 */
#ifndef SEXTANT_TEST_DOCKER_FIXTURE_H
#define SEXTANT_TEST_DOCKER_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/str.h"
#include "docker/dcmd.h"
#include "docker/dk.h"
#include "harness.h"

struct fxc {
	struct config	*cfg;
	struct dk	 k;
	char		 dir[512];
	struct errinfo	 e;
};

static inline int
fxc_load(struct fxc *f, const char *yaml, const char *dest, const char *secrets)
{
	static int seq;
	struct config_opts o;
	char path[1024];

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "%s/cfg%d", harness_tmpdir(), ++seq);
	snprintf(path, sizeof(path), "%s/config", f->dir);
	fs_mkdir_p(path, 0755, NULL);
	snprintf(path, sizeof(path), "%s/.kamal", f->dir);
	fs_mkdir_p(path, 0755, NULL);
	snprintf(path, sizeof(path), "%s/config/deploy.yml", f->dir);
	fs_write_file(path, yaml, strlen(yaml), 0644, NULL);
	if (dest) {
		char dp[1024];

		/* Kamal requires the destination file; an empty mapping changes nothing */
		snprintf(dp, sizeof(dp), "%s/config/deploy.%s.yml", f->dir, dest);
		fs_write_file(dp, "{}\n", 3, 0644, NULL);
	}
	if (secrets) {
		char sp[1024];

		snprintf(sp, sizeof(sp), "%s/.kamal/secrets%s%s", f->dir, dest ? "." : "", dest ? dest : "");
		fs_write_file(sp, secrets, strlen(secrets), 0600, NULL);
	}
	memset(&o, 0, sizeof(o));
	o.config_file = path;
	o.destination = dest;
	o.version = "999";
	o.no_setenv = 1;
	o.base_dir = f->dir;
	err_clear(&f->e);
	if (config_load(&o, &f->cfg, &f->e) != 0) {
		fprintf(stderr, "fixture config failed: %s %s\n", f->e.where, f->e.msg);
		return -1;
	}
	f->k.cfg = f->cfg;
	f->k.version = "999";
	return 0;
}

static inline void
fxc_free(struct fxc *f)
{
	config_free(f->cfg);
	f->cfg = NULL;
}

/* Kamal's tests compare Array#join(" "): the plain join of the tokens. */
static inline char *
joined(const struct dcmd *c)
{
	struct str s = STR_INIT;

	dcmd_join(c, &s);
	return str_detach(&s, NULL);
}

#define JOIN_EQ(c, want) do { char *g__ = joined(c); int ok__ = strcmp(g__, want) == 0; \
	if (!ok__) harness_fail(t__, __FILE__, __LINE__, "\n    got:      %s\n    expected: %s", g__, want); \
	free(g__); dcmd_reset(c); if (!ok__) return; } while (0)

#define SENT_EQ(c, want) do { char *g__ = dcmd_to_string(c, 0); int ok__ = strcmp(g__, want) == 0; \
	if (!ok__) harness_fail(t__, __FILE__, __LINE__, "\n    got:      %s\n    expected: %s", g__, want); \
	free(g__); dcmd_reset(c); if (!ok__) return; } while (0)

#define LOAD(f, yaml) CHECK(fxc_load(f, yaml, NULL, NULL) == 0)

/* The base configuration of Kamal's app tests. */
#define APP_BASE \
	"service: app\n" \
	"image: dhh/app\n" \
	"registry: { username: dhh, password: secret }\n" \
	"builder: { arch: amd64 }\n"

#endif
