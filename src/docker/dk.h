/*
 * dk — what every command builder of src/docker reads: the configuration and the
 * app version in effect.
 *
 * The builders mirror Kamal 2.12's lib/kamal/commands/ (one file each): configuration in,
 * token list (struct dcmd) out, no I/O except the configuration's own lazy
 * secret lookups (env files, registry credentials). Kamal mutates
 * `config.version` while it works (`using_version`, rollback); here the version
 * is passed explicitly in struct dk so builders stay pure.
 */
#ifndef SEXTANT_DOCKER_DK_H
#define SEXTANT_DOCKER_DK_H

#include "config/config.h"
#include "docker/dcmd.h"

struct dk {
	struct config	*cfg;
	const char	*version;	/* VER: the version commands act on */
};

/* Kamal's make_directory / remove_directory / remove_file / chmod / chown. */
void	dk_mkdir_p(struct dcmd *c, const char *path);
void	dk_rm_r(struct dcmd *c, const char *path);
void	dk_rm(struct dcmd *c, const char *path);
/* make_directory_for(remote_file): mkdir -p of Pathname#dirname. */
void	dk_mkdir_for(struct dcmd *c, const char *file);
/* container_id_for(container_name:, only_running:). */
void	dk_container_id_for(struct dcmd *c, const char *name, int only_running);

/* Kamal's run_over_ssh: `ssh [-F f][-J j|-o ProxyCommand='c'][-i k][-o IdentitiesOnly=yes]
 * -t USER@HOST -p PORT '<cmd joined, ' as '\''>'` (spec §2.5). */
struct str;
void	dk_run_over_ssh(const struct dk *k, const struct dcmd *cmd, const char *host, struct str *out);

/* Ruby Pathname#dirname of a relative or absolute path ("a/b/c" -> "a/b", "c" -> "."). */
void	dk_dirname(const char *path, char *out, size_t n);

#endif
