/*
 * buildplain — the build when the local Docker has no buildx plugin (Debian 12
 * ships none): a plain `docker build` with the classic builder and, for
 * `--output=registry`, `docker push` of both tags. Kamal itself stops with
 * "Docker buildx plugin is not installed locally"; sextant says it falls back
 * and builds what the classic builder can (one platform, no build secrets, no
 * --ssh, no cache export). Under --dry-run nothing fails, so plans keep
 * Kamal's buildx commands.
 */
#ifndef SEXTANT_FLOWS_BUILDPLAIN_H
#define SEXTANT_FLOWS_BUILDPLAIN_H

#include "docker/builder.h"
#include "flows/flow.h"

/*
 * Called when `docker --version && docker buildx version` failed for f: when
 * docker itself works and the configuration can be built without buildx,
 * switches f to the plain build, says so, clears e and returns 1; else 0 (e
 * untouched, or explaining why the fallback cannot build this configuration).
 */
int	buildplain_fallback(struct flow *f, struct errinfo *e);
/* Is f building without buildx? */
int	buildplain_active(const struct flow *f);
/*
 * docker build [--platform linux/A] -t IMAGE[-dirty] -t LATEST[-dirty] --label
 * service="SVC" [--build-arg K="v"...] --file F [--target T] [--no-cache] CONTEXT
 * 2>&1, run locally in cwd (NULL: here) with env added (DOCKER_BUILDKIT=0 is
 * added: the CLI refuses to build without buildx otherwise); then, for the
 * "registry" output, `docker push IMAGE` and `docker push LATEST`.
 */
int	buildplain_push(struct flow *f, const struct dbuild *b, const char *output, int no_cache,
	    int tag_as_dirty, char *const *env, const char *cwd, struct errinfo *e);

/* The command strings (exported for tests). */
void	buildplain_build_cmd(struct dcmd *c, const struct dbuild *b, int no_cache, int tag_as_dirty);
void	buildplain_push_cmd(struct dcmd *c, const struct dk *k, int latest, int tag_as_dirty);

#endif
