/*
 * registry — a client for the Docker Registry HTTP API v2 (the OCI
 * distribution spec's pull side): what sextant needs to check, before it
 * touches a server, that an image exists for the platforms it will run on.
 *
 *  - ping (GET /v2/) and authentication: none, Basic (RFC 7617), or the
 *    Bearer token flow (RFC 6750 challenges; the token service of Docker's
 *    "token authentication" spec: GET realm?service=..&scope=.., with Basic
 *    credentials when there are any). Tokens are cached per scope until they
 *    expire. Credentials come from the caller (deploy.yml's registry section,
 *    secrets resolved), else from ~/.docker/config.json `auths`.
 *  - manifests: HEAD and GET by tag or digest, accepting Docker v2 and OCI
 *    image manifests and indexes (manifest lists); the digest is checked
 *    against Docker-Content-Digest; for a single manifest the config blob is
 *    read for its platform.
 *  - registry_check_image: the pre-flight. Found and complete -> 0 and a
 *    description; anything else -> an error saying what was found.
 *
 * Transport is the caller's http_client (so an SSH dialer or a private CA
 * applies here too).
 */
#ifndef SEXTANT_HTTP_REGISTRY_H
#define SEXTANT_HTTP_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

struct errinfo;
struct http_client;
struct str;

#define REGISTRY_MANIFEST_MAX	(4 * 1024 * 1024)	/* distribution's own manifest limit */
#define REGISTRY_TOKEN_CACHE	16
#define REGISTRY_MAX_PLATFORMS	64

/* Media types (OCI image-spec, Docker image manifest v2 schema 2). */
#define MT_OCI_INDEX		"application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST		"application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST		"application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIFEST	"application/vnd.docker.distribution.manifest.v2+json"

struct registry_opts {
	const char	*server;	/* "host[:port]", "http://host:port", "https://host"; NULL: Docker Hub */
	int		 insecure;	/* plain HTTP when server has no scheme */
	const char	*username;	/* NULL: look in docker_config */
	const char	*password;
	const char	*docker_config;	/* NULL: the default path; "": do not read one */
	int		 timeout_ms;	/* per request; 0: 30 s */
};

enum {
	REGISTRY_AUTH_UNKNOWN,
	REGISTRY_AUTH_NONE,
	REGISTRY_AUTH_BASIC,
	REGISTRY_AUTH_BEARER
};

struct registry_token {
	char	*scope;
	char	*token;		/* secret */
	int64_t	 expires;	/* time_mono_ms */
};

struct registry {
	struct http_client	*http;
	char			*base;		/* "https://host:port" */
	char			*name;		/* the registry as written, for messages */
	char			*config_host;	/* key for docker config look-ups */
	char			*user;
	char			*pass;		/* secret */
	char			*creds_from;	/* "deploy.yml" / docker config path / NULL */
	char			*creds_note;	/* why none were found, for messages */
	int			 auth;		/* REGISTRY_AUTH_* learned from the registry */
	char			*realm;
	char			*service;
	struct registry_token	 tokens[REGISTRY_TOKEN_CACHE];
	int			 timeout_ms;
	int			 hub;
	/* Counters for tests and -v. */
	unsigned		 token_fetches;
	unsigned		 requests;
};

struct registry_platform {
	char	os[32];
	char	arch[32];
	char	variant[32];
	char	digest[80];	/* of the platform's manifest (index entries) */
};

struct registry_manifest {
	int			 status;	/* HTTP status */
	char			*media_type;
	char			*digest;	/* "sha256:..." */
	int64_t			 size;
	int			 is_index;
	char			*config_digest;	/* single manifests */
	struct registry_platform	*platforms;
	size_t			 nplatforms;
};

int	registry_open(struct registry *r, const struct registry_opts *o, struct http_client *http,
	    struct errinfo *e);
void	registry_close(struct registry *r);

/* GET /v2/ with authentication: 0 if the registry answers 200 once authenticated. */
int	registry_ping(struct registry *r, struct errinfo *e);
/*
 * Checks the credentials against the registry itself (for `registry login`):
 * Basic -> /v2/ must accept them; Bearer -> the token service must issue a
 * token for them (account=user, no scope, as `docker login` asks). ERR_AUTH if
 * refused, naming the user; ERR_AUTH too if the registry wants credentials and
 * there are none.
 */
int	registry_login_check(struct registry *r, struct errinfo *e);

void	registry_manifest_init(struct registry_manifest *m);
void	registry_manifest_release(struct registry_manifest *m);
/* HEAD: 0 if present (media type, digest, size filled), ERR_NOTFOUND if not. */
int	registry_manifest_head(struct registry *r, const char *repo, const char *ref,
	    struct registry_manifest *m, struct errinfo *e);
/* GET and parse (platforms filled; for a single manifest from its config blob). */
int	registry_manifest_get(struct registry *r, const char *repo, const char *ref,
	    struct registry_manifest *m, struct errinfo *e);

/*
 * Pre-flight: the image repo:ref exists and has every platform in platforms
 * ("linux/amd64", "arm64" = "linux/arm64", "linux/arm/v7"). 0 with desc set to
 * what was found; ERR_NOTFOUND with a message naming image, tag, registry and
 * what is there (or is missing); other codes for auth/transport failures.
 */
int	registry_check_image(struct registry *r, const char *repo, const char *ref,
	    const char *const *platforms, size_t nplatforms, struct str *desc, struct errinfo *e);

/* 1 if the platform string p (as above) is satisfied by f. */
int	registry_platform_match(const char *p, const struct registry_platform *f);
/* Validates a repository name and a tag or digest (distribution's reference grammar). */
int	registry_valid_repo(const char *repo);
int	registry_valid_ref(const char *ref);
/*
 * Splits "host:5000/org/app:tag" (or "org/app@sha256:...") into server (NULL
 * for Docker Hub), repository and reference (default "latest"). Caller frees.
 */
int	registry_parse_image(const char *image, char **server, char **repo, char **ref,
	    struct errinfo *e);

#endif
