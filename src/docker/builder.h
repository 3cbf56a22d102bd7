/*
 * builder — image build commands (lib/kamal/commands/builder*.rb,
 * lib/kamal/configuration/builder.rb; spec/kamal.md §6.3).
 *
 * Which builder Kamal uses depends on the local Docker architecture (remote
 * builds are only used for arches the local machine does not have), so the
 * caller passes it in `docker_arch` ("amd64"/"arm64"; only read when a remote
 * builder is configured).
 */
#ifndef SEXTANT_DOCKER_BUILDER_H
#define SEXTANT_DOCKER_BUILDER_H

#include "docker/dk.h"

struct str;
struct strvec;
struct errinfo;

enum dbuild_kind { DBUILD_LOCAL, DBUILD_REMOTE, DBUILD_HYBRID, DBUILD_PACK, DBUILD_CLOUD };

struct dbuild {
	const struct dk		*k;
	enum dbuild_kind	 kind;
	struct strvec		 local_arches;
	struct strvec		 remote_arches;
	char			*name;		/* builder name (not for pack) */
};

void	dbuild_init(struct dbuild *b, const struct dk *k, const char *docker_arch);
void	dbuild_release(struct dbuild *b);

/* docker --version && docker buildx version */
void	dbuild_ensure_docker_installed(struct dcmd *c);
/* Creating/inspecting/removing the buildx builder; each may leave c empty (nil in Kamal). */
void	dbuild_create(struct dcmd *c, const struct dbuild *b);
void	dbuild_remove(struct dcmd *c, const struct dbuild *b);
void	dbuild_inspect(struct dcmd *c, const struct dbuild *b);
void	dbuild_info(struct dcmd *c, const struct dbuild *b);
/*
 * The build: docker buildx build --output=type=OUT ... CONTEXT 2>&1 (or pack build
 * ... && docker push ...). Secret values (build args are redacted in logs; pack
 * secrets are looked up) can fail to load.
 */
int	dbuild_push(struct dcmd *c, const struct dbuild *b, const char *output, int no_cache,
	    int tag_as_dirty, struct errinfo *e);
/* Environment of the build command ("BUILDKIT_NO_CLIENT_TOKEN=1" for remote/hybrid). */
void	dbuild_push_env(const struct dbuild *b, struct strvec *out);
int	dbuild_login_locally(const struct dbuild *b);
/* Remote builder (remote or hybrid)? */
int	dbuild_is_remote(const struct dbuild *b);

/* docker image rm --force IMAGE / docker pull IMAGE / the service label check. */
void	dbuild_clean(struct dcmd *c, const struct dk *k);
void	dbuild_pull(struct dcmd *c, const struct dk *k);
void	dbuild_validate_image(struct dcmd *c, const struct dk *k);
/* docker info --format '{{index .RegistryConfig.Mirrors 0}}' */
void	dbuild_first_mirror(struct dcmd *c);

/* git clone steps (paths already shell-escaped by the caller). */
void	dbuild_clone(struct dcmd *c, const char *clone_dir_esc, const char *root_esc);
/* The six reset steps, one command each: out[0..5]. */
void	dbuild_clone_reset_steps(struct dcmd out[6], const char *build_dir_esc, const char *root_esc,
	    const char *revision);
void	dbuild_clone_status(struct dcmd *c, const char *build_dir_esc);
void	dbuild_clone_revision(struct dcmd *c, const char *build_dir_esc);

#endif
