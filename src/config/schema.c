/*
 * schema — the type of every example value in Kamal 2.12's configuration
 * documentation (the YAML files under lib/kamal/configuration/docs/), which is what Kamal's
 * validator checks a deploy.yml against. Where a docs file shows a key twice
 * (alternative forms), YAML keeps the last one, and so do these tables.
 *
 * Facts recorded here, for example: `ssh.port`'s example is the string "2222",
 * so an integer port is accepted as "stringish"; `boot.limit` is "25%" (a
 * string), so both 2 and "25%" pass; `minimum_version` is a string.
 */
#include "config/validate.h"

#define END	{ NULL, V_STR, NULL }

static const struct vkey proxy_healthcheck[] = {
	{ "interval", V_INT, NULL },
	{ "path", V_STR, NULL },
	{ "timeout", V_INT, NULL },
	END
};

static const struct vkey proxy_buffering[] = {
	{ "requests", V_BOOL, NULL },
	{ "responses", V_BOOL, NULL },
	{ "max_request_body", V_INT, NULL },
	{ "max_response_body", V_INT, NULL },
	{ "memory", V_INT, NULL },
	END
};

static const struct vkey proxy_logging[] = {
	{ "request_headers", V_ARR_STR, NULL },
	{ "response_headers", V_ARR_STR, NULL },
	END
};

static const struct vkey proxy_run[] = {
	{ "http_port", V_INT, NULL },
	{ "https_port", V_INT, NULL },
	{ "metrics_port", V_INT, NULL },
	{ "debug", V_BOOL, NULL },
	{ "log_max_size", V_STR, NULL },
	{ "publish", V_BOOL, NULL },
	{ "bind_ips", V_ARR_STR, NULL },
	{ "registry", V_STR, NULL },
	{ "repository", V_STR, NULL },
	{ "version", V_STR, NULL },
	{ "options", V_ANYHASH, NULL },
	END
};

const struct vkey schema_proxy[] = {
	{ "host", V_STR, NULL },
	{ "hosts", V_HOSTS, NULL },
	{ "app_port", V_INT, NULL },
	{ "ssl", V_SSL, NULL },
	{ "ssl_redirect", V_BOOL, NULL },
	{ "forward_headers", V_BOOL, NULL },
	{ "response_timeout", V_INT, NULL },
	{ "path_prefix", V_STR, NULL },
	{ "path_prefixes", V_ARR_STR, NULL },
	{ "strip_path_prefix", V_BOOL, NULL },
	{ "healthcheck", V_HASH, proxy_healthcheck },
	{ "buffering", V_HASH, proxy_buffering },
	{ "logging", V_HASH, proxy_logging },
	{ "run", V_HASH, proxy_run },
	END
};

const struct vkey schema_root[] = {
	{ "service", V_STR, NULL },
	{ "image", V_STR, NULL },
	{ "labels", V_LABELS, NULL },
	{ "volumes", V_ARR_STR, NULL },
	{ "registry", V_SECTION, NULL },
	{ "servers", V_SECTION, NULL },
	{ "env", V_SECTION, NULL },
	{ "asset_path", V_STR, NULL },
	{ "hooks_path", V_STR, NULL },
	{ "hooks_output", V_HOOKS_OUTPUT, NULL },
	{ "secrets_path", V_STR, NULL },
	{ "error_pages_path", V_STR, NULL },
	{ "require_destination", V_BOOL, NULL },
	{ "primary_role", V_STR, NULL },
	{ "allow_empty_roles", V_BOOL, NULL },
	{ "retain_containers", V_INT, NULL },
	{ "minimum_version", V_STR, NULL },
	{ "readiness_delay", V_INT, NULL },
	{ "deploy_timeout", V_INT, NULL },
	{ "drain_timeout", V_INT, NULL },
	{ "stop_timeout", V_INT, NULL },
	{ "run_directory", V_STR, NULL },
	{ "ssh", V_SECTION, NULL },
	{ "builder", V_SECTION, NULL },
	{ "accessories", V_SECTION, NULL },
	{ "proxy", V_SECTION, NULL },
	{ "sshkit", V_SECTION, NULL },
	{ "boot", V_SECTION, NULL },
	{ "logging", V_SECTION, NULL },
	{ "output", V_SECTION, NULL },
	{ "aliases", V_SECTION, NULL },
	END
};

/* docs/role.yml, servers.workers */
const struct vkey schema_role[] = {
	{ "hosts", V_HOSTS, NULL },
	{ "cmd", V_STR, NULL },
	{ "stop_timeout", V_INT, NULL },
	{ "options", V_ANYHASH, NULL },
	{ "logging", V_SECTION, NULL },
	{ "proxy", V_SECTION, NULL },
	{ "labels", V_LABELS, NULL },
	{ "env", V_SECTION, NULL },
	{ "asset_path", V_STR, NULL },
	END
};

/* docs/accessory.yml, accessories.mysql */
const struct vkey schema_accessory[] = {
	{ "service", V_STR, NULL },
	{ "image", V_STR, NULL },
	{ "registry", V_SECTION, NULL },
	{ "host", V_STR, NULL },
	{ "hosts", V_HOSTS, NULL },
	{ "role", V_STR, NULL },
	{ "roles", V_ARR_STR, NULL },
	{ "tag", V_STR, NULL },
	{ "tags", V_ARR_STR, NULL },
	{ "cmd", V_STR, NULL },
	{ "port", V_STR, NULL },
	{ "labels", V_LABELS, NULL },
	{ "options", V_ANYHASH, NULL },
	{ "env", V_SECTION, NULL },
	{ "files", V_PATHS, NULL },
	{ "directories", V_PATHS, NULL },
	{ "volumes", V_ARR_STR, NULL },
	{ "network", V_STR, NULL },
	{ "proxy", V_SECTION, NULL },
	END
};

/* docs/registry.yml without username/password (validated separately) */
const struct vkey schema_registry_server[] = {
	{ "server", V_STR, NULL },
	END
};

static const struct vkey builder_pack[] = {
	{ "builder", V_STR, NULL },
	{ "buildpacks", V_ARR_STR, NULL },
	END
};

static const struct vkey builder_cache[] = {
	{ "type", V_STR, NULL },
	{ "options", V_STR, NULL },
	{ "image", V_STR, NULL },
	END
};

const struct vkey schema_builder[] = {
	{ "arch", V_ARCH, NULL },
	{ "remote", V_STR, NULL },
	{ "local", V_BOOL, NULL },
	{ "pack", V_HASH, builder_pack },
	{ "cache", V_HASH, builder_cache },
	{ "context", V_STR, NULL },
	{ "dockerfile", V_STR, NULL },
	{ "target", V_STR, NULL },
	{ "args", V_ANYHASH, NULL },
	{ "secrets", V_ARR_STR, NULL },
	{ "ssh", V_STR, NULL },
	{ "driver", V_STR, NULL },
	{ "provenance", V_STR, NULL },
	{ "sbom", V_BOOL, NULL },
	END
};

const struct vkey schema_logging[] = {
	{ "driver", V_STR, NULL },
	{ "options", V_ANYHASH, NULL },
	END
};

const struct vkey schema_boot[] = {
	{ "limit", V_STR, NULL },
	{ "wait", V_INT, NULL },
	{ "parallel_roles", V_BOOL, NULL },
	END
};

const struct vkey schema_ssh[] = {
	{ "user", V_STR, NULL },
	{ "port", V_STR, NULL },
	{ "proxy", V_STR, NULL },
	{ "proxy_command", V_STR, NULL },
	{ "log_level", V_STR, NULL },
	{ "keys_only", V_BOOL, NULL },
	{ "keys", V_ARR_STR, NULL },
	{ "key_data", V_ARR_STR, NULL },
	{ "config", V_SSH_CONFIG, NULL },
	{ "forward_agent", V_BOOL, NULL },
	END
};

const struct vkey schema_sshkit[] = {
	{ "max_concurrent_starts", V_INT, NULL },
	{ "pool_idle_timeout", V_INT, NULL },
	{ "dns_retries", V_INT, NULL },
	END
};

static const struct vkey output_otel[] = {
	{ "endpoint", V_STR, NULL },
	END
};

static const struct vkey output_file[] = {
	{ "path", V_STR, NULL },
	END
};

const struct vkey schema_output[] = {
	{ "otel", V_HASH, output_otel },
	{ "file", V_HASH, output_file },
	END
};
