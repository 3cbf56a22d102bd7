/*
 * config — Kamal 2.12's resolved configuration (spec/kamal.md §4).
 *
 * config_load() reads config/deploy.yml (and config/deploy.<dest>.yml), renders
 * the ERB subset, parses YAML into a node tree with marks, deep-merges the
 * destination file, validates every section with Kamal's messages (prefixed with
 * the file:line:col of the offending node in errinfo.where), builds the model
 * below and runs the post-validation checks of §4.4 in Kamal's order.
 *
 * The model is plain data: every field is already defaulted and merged the way
 * Kamal's Configuration/Role/Proxy/Accessory objects compute it, so the command
 * builders in src/docker read fields and never re-derive Kamal's rules. Only two
 * things are lazy, because Kamal makes them lazy and they can fail or run
 * programs: the app version (§4.6, git) and secret values (§4.5, .kamal/secrets).
 * Both are memoised and thread-safe.
 *
 * Conventions:
 *  - char * fields are NUL-terminated, owned by the config; NULL means "not set"
 *    (Ruby nil). Where Kamal has a default the field holds it (never NULL).
 *  - Tri-state booleans are int with CONFIG_UNSET (-1) for "not given", else 0/1.
 *  - Optional integers come with a has_<name> flag.
 *  - Lists of strings are struct strvec (core/strvec.h); key/value lists are
 *    struct config_kvs, in file order, with the value's YAML kind (Kamal's
 *    argumentize/optionize output depends on it: `false`, nil, "" differ).
 *  - Everything is read-only after config_load(); it is safe to read from many
 *    threads (the lazy parts lock internally).
 */
#ifndef SEXTANT_CONFIG_CONFIG_H
#define SEXTANT_CONFIG_CONFIG_H

#include <stddef.h>

#include "config/node.h"
#include "core/strvec.h"

struct errinfo;
struct str;
struct secrets;

#define CONFIG_UNSET	(-1)

/* Limits applied while loading (bounded input, see design.md §2.6). */
#define CONFIG_MAX_FILE		(4u * 1024 * 1024)	/* deploy.yml / secrets file */
#define CONFIG_MAX_DEPTH	64			/* YAML nesting */
#define CONFIG_MAX_NODES	250000			/* after alias expansion (and anchor copies) */

/* ------------------------------------------------------------------------- */
/* Small value types                                                          */

/* One key -> value pair. kind is NODE_NULL/BOOL/INT/FLOAT/STR/SYM/TIME for scalars,
 * val is Ruby's to_s of the value ("" for nil). For options, a YAML array value is
 * flattened into one pair per element with the same key (Kamal's flatten_args),
 * and a hash value into one pair per entry with kind NODE_SEQ and val the Ruby
 * inspect of [k, v]; elsewhere (labels, env, args) a nested collection keeps its
 * kind (NODE_SEQ/NODE_MAP) with val its Ruby inspect. */
struct config_kv {
	char		*key;
	char		*val;
	enum node_kind	 kind;
	const struct node *node;	/* the value node (location), may be NULL */
};

struct config_kvs {
	struct config_kv	*v;
	size_t			 n;
};

/* Ruby `value.present?` for a kv (nil/false/blank string are not present). */
int	config_kv_present(const struct config_kv *kv);

/* env: `clear` pairs and `secret` names (each "NAME" or "ENV_NAME:SECRET_NAME"). */
struct config_env {
	struct config_kvs	clear;
	struct strvec		secrets;
};
/* "A:B" -> env name "A", secret name "B" (split at the first ':'); "A" -> both "A". */
void	config_env_secret_split(const char *entry, char *env_name, size_t en,
	    char *secret_name, size_t sn);

/* logging: `--log-driver`/`--log-opt` source. */
struct config_logging {
	char			*driver;	/* NULL if unset */
	struct config_kvs	 options;
};
/* Kamal's Logging#args: driver or options given ? `--log-driver "<driver>"` (if
 * driver) + `--log-opt k="v"` per option : `--log-opt max-size="10m"`. The
 * builders render it from these fields (quoting is theirs). */

/* registry: root `registry:` or an accessory's. */
struct config_registry {
	char	*server;		/* NULL = Docker Hub */
	char	*username;		/* literal, or the secret name when username_secret */
	int	 username_secret;	/* username was a one-element array */
	char	*password;		/* literal, or the secret name when password_secret */
	int	 password_secret;
	int	 local;			/* server matches /^localhost[:$]/ */
	int	 local_port;		/* last ':' component as integer (local only) */
	const struct node *node;	/* the section (may be NULL) */
};

/* proxy.run (spec §5.6). Present only when `run:` is given and non-empty. */
struct config_proxy_run {
	int	 publish;		/* default 1 */
	long long http_port;		/* default 80 */
	long long https_port;		/* default 443 */
	int	 has_http_port, has_https_port;	/* given explicitly */
	struct strvec bind_ips;		/* empty = none given */
	int	 has_bind_ips;
	int	 has_metrics_port;
	long long metrics_port;
	int	 debug;			/* CONFIG_UNSET, 0, 1 */
	char	*log_max_size;		/* default "10m" (may be "" = no --log-opt) */
	char	*registry;		/* NULL unless given */
	char	*repository;		/* default "basecamp/kamal-proxy" */
	char	*version;		/* default "v0.9.2" */
	char	*image;			/* "[registry/]repository:version" */
	struct config_kvs options;	/* run.options, flattened (docker run options) */
	const struct node *node;	/* the run hash (for equality across roles) */
};

/* proxy: root, per role (root deep-merged with the role's, role wins), per accessory. */
struct config_proxy {
	struct strvec	 hosts;			/* `hosts`, or `host` split on ','; may be empty */
	long long	 app_port;		/* default 80 */
	int		 ssl;			/* ssl: true or a hash */
	int		 custom_ssl;		/* ssl hash with both pem names present */
	char		*ssl_certificate_pem;	/* secret NAME (ssl hash), else NULL */
	char		*ssl_private_key_pem;	/* secret NAME (ssl hash), else NULL */
	int		 ssl_redirect;		/* CONFIG_UNSET/0/1 -> --tls-redirect */
	int		 forward_headers;	/* CONFIG_UNSET/0/1 */
	int		 has_response_timeout;
	long long	 response_timeout;	/* seconds -> --target-timeout="Ns" */
	struct strvec	 path_prefixes;		/* `path_prefixes`, or `path_prefix` split on ',' */
	int		 strip_path_prefix;	/* CONFIG_UNSET/0/1 */
	int		 has_healthcheck_interval, has_healthcheck_timeout;
	long long	 healthcheck_interval, healthcheck_timeout;
	char		*healthcheck_path;	/* NULL unless given */
	int		 buffer_requests;	/* default 1 */
	int		 buffer_responses;	/* default 1 */
	int		 has_buffer_memory, has_max_request_body, has_max_response_body;
	long long	 buffer_memory, max_request_body, max_response_body;
	struct strvec	 log_request_headers;	/* default Cache-Control, Last-Modified, User-Agent */
	int		 has_log_response_headers;
	struct strvec	 log_response_headers;
	struct config_proxy_run *run;		/* NULL unless run: given (and non-empty) */
	/*
	 * Derived paths (spec §5.2). role_name is the role for app proxies, NULL for
	 * accessories/root. When custom_ssl: host and container cert/key paths, e.g.
	 * ".kamal/proxy/apps-config/SD/tls/ROLE/cert.pem" and
	 * "/home/kamal-proxy/.apps-config/SD/tls/ROLE/cert.pem"; else NULL.
	 */
	char		*role_name;
	char		*host_tls_cert, *host_tls_key;
	char		*container_tls_cert, *container_tls_key;
	const struct node *node;		/* the (merged) proxy hash */
};

/* One host of a role, with its tags (spec: `"1.2.3.4": [t1, t2]`). */
struct config_host {
	char		*name;
	struct strvec	 tags;
	const struct node *node;
};

struct config_role {
	char			*name;
	int			 primary;		/* name == primary_role */
	struct config_host	*hosts;			/* de-duplicated, first occurrence order */
	size_t			 nhosts;
	struct strvec		 host_names;		/* the same names, as a strvec */
	char			*cmd;			/* NULL unless given */
	int			 has_stop_timeout;	/* role's, else root's */
	long long		 stop_timeout;
	char			*restart;		/* options.restart, default "unless-stopped" */
	struct config_kvs	 options;		/* docker options, without restart, flattened */
	struct config_kvs	 labels;		/* root labels merged with role labels (not the
							   service/role/destination defaults) */
	struct config_logging	 logging;		/* root logging deep-merged with the role's */
	struct config_env	 env;			/* the role's own env (not merged; see config_role_env) */
	int			 running_proxy;
	struct config_proxy	*proxy;			/* effective proxy; NULL unless running_proxy */
	char			*asset_path;		/* container path (role's, else root's), NULL if none */
	char			*asset_path_options;	/* after the first ':' of asset_path, or NULL */
	char			*container_prefix;	/* SVC-ROLE[-DEST] */
	char			*secrets_path;		/* .kamal/apps/SD/env/roles/ROLE.env */
	const struct node	*node;
};

/* Accessory `files:` / `directories:` entry, already expanded as Kamal does. */
struct config_acc_path {
	char	*local;		/* as written */
	char	*key;		/* files: absolute local path (or local when erb); dirs: host dir to mkdir
				   ("$PWD/SERVICE/local" or the absolute path) */
	int	 erb;		/* files only: local ends in "erb" -> rendered (config_accessory_render) */
	char	*host_path;	/* files: SERVICE + remote; dirs: "SERVICE/local" or absolute */
	char	*container_path;/* remote */
	char	*options;	/* NULL or e.g. "ro" */
	char	*mode;		/* files default "755"; dirs default NULL */
	char	*owner;		/* NULL unless given */
	const struct node *node;
};

struct config_accessory {
	char			*name;
	char			*service_name;	/* `service`, default SVC-NAME */
	char			*image;		/* "[registry.server/]image" */
	struct config_registry	*registry;	/* NULL unless the accessory has `registry:` */
	struct strvec		 hosts;		/* from host/hosts/role/roles/tag/tags (not de-duplicated) */
	char			*cmd;
	char			*port;		/* "3306" -> "3306:3306"; with ':' as is; NULL if none */
	struct config_kvs	 labels;	/* custom labels (the service label is implied) */
	char			*restart;	/* default "unless-stopped" */
	struct config_kvs	 options;	/* without restart, flattened */
	struct config_env	 env;
	struct config_acc_path	*files;
	size_t			 nfiles;
	struct config_acc_path	*directories;
	size_t			 ndirectories;
	struct strvec		 volumes;	/* `volumes:` verbatim */
	char			*network;	/* default "kamal" */
	struct config_proxy	*proxy;		/* NULL unless proxy: present */
	char			*secrets_path;	/* .kamal/apps/SD/env/accessories/NAME.env */
	const struct node	*node;
};

struct config_builder {
	struct strvec	 arches;	/* Array(arch); default [amd64, arm64] ([] with driver docker) */
	char		*remote;	/* NULL unless given */
	int		 local_disabled;/* local: false */
	int		 pack;		/* pack: given */
	char		*pack_builder;
	struct strvec	 pack_buildpacks;
	int		 cached;	/* cache: given */
	char		*cache_type;	/* "gha" | "registry" | NULL */
	char		*cache_options;	/* NULL unless given */
	char		*cache_image;	/* cache.image, default "<image>-build-cache" */
	char		*context;	/* NULL unless given (then Kamal builds from a git clone) */
	char		*dockerfile;	/* default "Dockerfile" */
	char		*target;
	struct config_kvs args;		/* build args */
	struct strvec	 secrets;	/* secret names */
	char		*ssh;
	char		*driver;	/* default "docker-container" */
	char		*provenance;	/* Ruby to_s of the value, NULL unless given */
	enum node_kind	 provenance_kind;
	int		 sbom;		/* CONFIG_UNSET/0/1 */
	const struct node *node;	/* the raw section (for `config` output) */
};

struct config_ssh {
	char		*user;		/* default "root" */
	char		*port;		/* to_s of the value, default "22" */
	long long	 port_num;	/* numeric value of port */
	char		*proxy;		/* jump host as "user@host" (bare host -> "root@host"), or NULL */
	char		*proxy_command;	/* NULL unless given */
	char		*log_level;	/* default "fatal" */
	int		 keys_only;	/* CONFIG_UNSET/0/1 */
	int		 has_keys;
	struct strvec	 keys;
	int		 has_key_data;
	struct strvec	 key_data;	/* entries as written: secret names or inline PEM */
	/* ssh.config: CONFIG_UNSET (net-ssh default: read the standard files), 0 (false),
	 * 1 (true), or 2 = the files listed in config_files. */
	int		 config;
	struct strvec	 config_files;
	int		 forward_agent;	/* CONFIG_UNSET/0/1 */
};

struct config_sshkit {
	long long	max_concurrent_starts;	/* 30 */
	long long	pool_idle_timeout;	/* 900 */
	long long	dns_retries;		/* 3 */
};

struct config_boot {
	int		 has_limit;
	int		 limit_percent;		/* limit was "N%" */
	long long	 limit_value;		/* N (percent or count as written) */
	long long	 limit;			/* effective: count, or max(all_hosts * N / 100, 1) */
	int		 has_wait;
	long long	 wait;
	int		 parallel_roles;	/* default 0 */
};

struct config_output {
	char	*otel_endpoint;
	char	*file_path;
	int	 enabled;			/* output: given and non-empty */
};

enum config_hooks_output { HOOKS_OUTPUT_DEFAULT = 0, HOOKS_OUTPUT_QUIET, HOOKS_OUTPUT_VERBOSE };

/* ------------------------------------------------------------------------- */
/* The configuration                                                          */

struct config {
	/* Inputs */
	char		*config_file;		/* as given (after expansion against cwd) */
	char		*dest_file;		/* config/deploy.DEST.yml or NULL */
	char		*destination;		/* NULL without -d */
	char		*declared_version;	/* --version, NULL if not given */

	/* Root keys */
	char		*service;
	char		*image;			/* image, or service when the registry is local */
	char		*service_and_destination;	/* SD: "SVC" or "SVC-DEST" */
	char		*repository;		/* REPO: "[registry.server/]image" */
	char		*latest_tag;		/* "latest" or "latest-DEST" */
	char		*latest_image;		/* "REPO:LATEST_TAG" */
	struct config_kvs labels;		/* root labels */
	struct strvec	 volumes;		/* root volumes, verbatim */
	char		*asset_path;
	char		*hooks_path;		/* default ".kamal/hooks" */
	enum config_hooks_output hooks_output;	/* global level */
	struct config_kvs hooks_output_per_hook;/* hook -> "quiet"/"verbose" */
	char		*secrets_path;		/* default ".kamal/secrets" */
	char		*error_pages_path;	/* NULL unless given */
	int		 require_destination;
	char		*primary_role_name;	/* default "web" */
	int		 allow_empty_roles;
	long long	 retain_containers;	/* 5 */
	char		*minimum_version;
	long long	 readiness_delay;	/* 7 */
	long long	 deploy_timeout;	/* 30 */
	long long	 drain_timeout;		/* 30 */
	int		 has_stop_timeout;
	long long	 stop_timeout;
	const char	*run_directory;		/* always ".kamal" (the key is ignored, §12.7) */

	/* Derived directories (§5.2) */
	char		*apps_directory;	/* .kamal/apps */
	char		*app_directory;		/* .kamal/apps/SD */
	char		*env_directory;		/* .kamal/apps/SD/env */
	char		*assets_directory;	/* .kamal/apps/SD/assets */
	char		*proxy_directory;	/* .kamal/proxy */
	char		*proxy_apps_directory;	/* .kamal/proxy/apps-config */
	char		*proxy_app_directory;	/* .kamal/proxy/apps-config/SD */
	char		*proxy_app_container_directory; /* /home/kamal-proxy/.apps-config/SD */
	char		*error_pages_directory;	/* .kamal/proxy/apps-config/SD/error_pages */
	char		*error_pages_container_directory; /* /home/kamal-proxy/.apps-config/SD/error_pages */
	char		*tls_directory;		/* .kamal/proxy/apps-config/SD/tls */
	char		*tls_container_directory;

	/* Sections */
	struct config_registry	 registry;
	struct config_role	*roles;		/* sorted by name (Kamal's order) */
	size_t			 nroles;
	struct config_role	*primary_role;	/* NULL only when there are no servers */
	struct config_accessory	*accessories;	/* in file order */
	size_t			 naccessories;
	struct config_kvs	 aliases;	/* name -> command string */
	struct config_boot	 boot;
	struct config_builder	 builder;
	struct config_env	 env;		/* root env (clear/secret) */
	struct node		*env_tags;	/* root env `tags:` map (NULL if none); see config_role_env */
	struct config_logging	 logging;	/* root logging */
	struct config_output	 output;
	struct config_proxy	 proxy;		/* root proxy (defaults when absent) */
	int			 has_proxy;	/* root proxy: given */
	struct config_ssh	 ssh;
	struct config_sshkit	 sshkit;

	/* Host lists (§3.1) */
	struct strvec	 all_hosts;	/* roles' hosts then accessories', de-duplicated */
	struct strvec	 app_hosts;	/* roles' hosts, de-duplicated */
	struct strvec	 proxy_hosts;	/* proxy roles' and proxy accessories' hosts, de-duplicated */

	/* The merged raw tree (root keys as in the file; `x-` keys kept). */
	struct node	*raw;

	/* Private: lazy state. */
	struct secrets	*secrets;
	struct config_lazy *lazy;
};

/* ------------------------------------------------------------------------- */
/* Loading                                                                    */

struct config_opts {
	const char	*config_file;	/* NULL = "config/deploy.yml" */
	const char	*destination;	/* NULL = none */
	const char	*version;	/* --version; NULL = none */
	/*
	 * Environment for ERB and secrets: NULL = the process environment (environ).
	 * KAMAL_DESTINATION is set (setenv) before rendering as Kamal does, unless
	 * no_setenv (tests/fuzzing), in which case it is only visible to ERB.
	 */
	char *const	*environ;
	int		 no_setenv;
	/* Skip the §4.4 filesystem check for traefik hooks (fuzzing). */
	int		 no_fs_checks;
	/* Directory that relative paths (.kamal/secrets, hooks, accessory files) are
	 * resolved against; NULL = cwd. */
	const char	*base_dir;
	/* When set, the content of config_file (that file is not read); tests, fuzzing. */
	const char	*text;
	size_t		 text_len;
	/* Refuse ERB command substitution (fuzzing). */
	int		 no_commands;
};

/*
 * Loads, validates and resolves. On error returns ERR_CONFIG (Kamal's
 * ConfigurationError), ERR_INVAL (Kamal's ArgumentError: "You must specify a
 * destination"), ERR_NOTFOUND ("Configuration file not found in <path>") or
 * ERR_PARSE (YAML/ERB syntax), with e->msg Kamal's exact text and e->where
 * "file:line:col" of the offending node (empty when there is none).
 */
int	config_load(const struct config_opts *o, struct config **out, struct errinfo *e);
void	config_free(struct config *c);

/* Ruby exception class Kamal would report for an error code from this module
 * ("Kamal::ConfigurationError", "ArgumentError", "RuntimeError"). */
const char *config_err_class(int code);

/*
 * Only the raw merged tree (no validation): what `aliases` resolution needs before
 * configuration (§3.4, Commander#resolve_alias). Caller frees with node_free().
 */
int	config_load_raw(const struct config_opts *o, struct node **out, struct errinfo *e);

/* ------------------------------------------------------------------------- */
/* Lookups                                                                    */

const struct config_role	*config_role(const struct config *c, const char *name);
const struct config_accessory	*config_accessory(const struct config *c, const char *name);
/* First host of the primary role, NULL if none. */
const char	*config_primary_host(const struct config *c);
/* Roles that have host h (in role order). Returns count; fills up to max. */
size_t		 config_host_roles(const struct config *c, const char *host,
		    const struct config_role **out, size_t max);
int		 config_role_has_host(const struct config_role *r, const char *host);
const struct config_host *config_role_host(const struct config_role *r, const char *host);

/*
 * Effective env of role r on host h (Role#env): root env, then role env, then
 * each of h's tag envs in tag order; clear merged (later wins, first position
 * kept), secrets unioned in order. Caller releases with config_env_release().
 */
void	config_role_env(const struct config *c, const struct config_role *r, const char *host,
	    struct config_env *out);
void	config_env_release(struct config_env *env);

/* `x-` root keys, raw (e.g. config_extension(c, "x-sextant")). NULL if absent. */
const struct node *config_extension(const struct config *c, const char *key);

/* hooks_output level for one hook (per-hook setting, else global). */
enum config_hooks_output config_hooks_output_for(const struct config *c, const char *hook);

/* ------------------------------------------------------------------------- */
/* Version (§4.6)                                                             */

/*
 * --version, else $VERSION, else git (full HEAD sha, plus "_uncommitted_<16 hex>"
 * when the tree is dirty and builder.context is set). Memoised; *out lives as long
 * as c. Error: "Can't use commit hash as version, no git repository found in <cwd>".
 */
int	config_version(struct config *c, const char **out, struct errinfo *e);
/* Overrides the version (Configuration#version=, e.g. rollback VERSION). */
void	config_set_version(struct config *c, const char *version);
/* For KAMAL_SERVICE_VERSION: first 7 chars unless the version contains '_'. */
int	config_abbreviated_version(struct config *c, char *out, size_t n, struct errinfo *e);

/* ------------------------------------------------------------------------- */
/* Secrets (§4.5, §9)                                                         */

/*
 * The value of secret `name`, loading .kamal/secrets-common and .kamal/secrets
 * (or .kamal/secrets.DEST) on first use (which may run $(...) commands). Errors,
 * word for word: "Secret 'X' not found in <files joined ", ">" or "Secret 'X' not
 * found, no secret files (<secrets_path>-common, <secrets_path>[.DEST]) provided";
 * or the error of loading a secrets file. *value lives as long as c.
 */
int	config_secret(struct config *c, const char *name, const char **value, struct errinfo *e);
/* Secrets#key?: the secret exists and is present (non-blank). Loads lazily; 0 on error. */
int	config_secret_present(struct config *c, const char *name);
/* All loaded secrets in order (for `secrets print` and hook env). Parallel arrays. */
int	config_secrets_all(struct config *c, const struct strvec **keys, const struct strvec **values,
	    struct errinfo *e);
/* The secrets files that exist, in order (for messages). */
int	config_secrets_files(struct config *c, struct strvec *out);

/* Registry credentials (literal or secret lookup). */
int	config_registry_username(struct config *c, const struct config_registry *r,
	    const char **out, struct errinfo *e);
int	config_registry_password(struct config *c, const struct config_registry *r,
	    const char **out, struct errinfo *e);

/*
 * Renders an accessory's `.erb` file (plain ERB, no trim mode, as Kamal) with the
 * accessory's env (clear + secret values) visible to ENV lookups.
 */
int	config_accessory_render(struct config *c, const struct config_accessory *a,
	    const struct config_acc_path *f, struct str *out, struct errinfo *e);

/* ------------------------------------------------------------------------- */
/* Host and role selection (§3.1, lib/kamal/commander/specifics.rb)           */

struct config_selection {
	const struct config_role **roles;	/* selected roles with a selected host; primary first */
	size_t			   nroles;
	struct strvec		   hosts;	/* selected hosts; hosts of the primary role first */
	const char		  *primary_host;/* NULL if no hosts */
	const struct config_role  *primary_role;/* primary-or-first role on primary_host, or NULL */
	struct strvec		   app_hosts;	/* config app hosts ∩ hosts, primary-role hosts first */
	struct strvec		   proxy_hosts;	/* config proxy hosts ∩ hosts */
	struct strvec		   accessory_hosts; /* accessories' hosts (all, in order) ∩ hosts */
	/* private */
	const struct config_role **specific_roles;
	size_t			   nspecific_roles;
	struct strvec		   specific_hosts;
	int			   has_specific_hosts;
};

/*
 * hosts_opt/roles_opt: the -h/-r strings (comma lists of File.fnmatch EXTGLOB
 * patterns) or NULL; primary: -p. Errors (ERR_INVAL, ArgumentError):
 * "No --hosts match for a,b", "No --roles match for a,b".
 */
int	config_select(const struct config *c, const char *hosts_opt, const char *roles_opt,
	    int primary, struct config_selection *out, struct errinfo *e);
void	config_selection_release(struct config_selection *s);
/* Roles of the selection that include host h (Specifics#roles_on), in selection order. */
size_t	config_selection_roles_on(const struct config_selection *s, const char *host,
	    const struct config_role **out, size_t max);
/* Re-targets a selection to other hosts (Commander#with_specific_hosts). */
int	config_select_hosts(const struct config *c, const struct config_selection *base,
	    const struct strvec *hosts, struct config_selection *out, struct errinfo *e);

/* Every resolved field as "path: value" lines (golden tests, `config --resolved`). */
void	config_dump(struct config *c, struct str *out);

/* Ruby File.fnmatch(pattern, s, File::FNM_EXTGLOB): * ? [..] {a,b}; '*' matches '/'. */
int	config_fnmatch(const char *pattern, const char *s);

#endif
