/*
 * dockercfg — registry credentials from a Docker client config.json.
 *
 * Reads the `auths` map written by `docker login`: each key names a registry
 * (a host, or a URL such as "https://index.docker.io/v1/"), and each entry holds
 * `auth` = base64("user:password") or separate `username` and `password`.
 * Credential helpers (`credsStore`, `credHelpers`) are external programs and
 * are not run; when one is configured for the host the error says so.
 */
#ifndef SEXTANT_HTTP_DOCKERCFG_H
#define SEXTANT_HTTP_DOCKERCFG_H

struct errinfo;
struct str;

#define DOCKERCFG_MAX	(1024 * 1024)

/* $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json. */
void	dockercfg_default_path(struct str *out);
/*
 * Credentials for host ("registry.example.com:5000"; Docker Hub names are
 * equivalent to each other). 0 with *user and *pass set (caller frees, pass
 * with freezero); ERR_NOTFOUND if the file or the entry is absent; other
 * errors for a malformed file (naming file:line:col) or entry.
 */
int	dockercfg_lookup(const char *path, const char *host, char **user, char **pass,
	    struct errinfo *e);
/* 1 if host names Docker Hub. */
int	dockercfg_is_hub(const char *host);

#endif
