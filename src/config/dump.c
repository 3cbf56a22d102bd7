/*
 * dump — every resolved field of a config as stable "path: value" lines. The
 * golden tests compare it (tests/golden/config); it is also handy when
 * debugging a deploy.yml (`sextant config --resolved` prints it).
 */
#include "config/config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config/internal.h"
#include "core/str.h"

static const char *
kind_name(enum node_kind k)
{
	switch (k) {
	case NODE_NULL: return "nil";
	case NODE_BOOL: return "bool";
	case NODE_INT: return "int";
	case NODE_FLOAT: return "float";
	case NODE_STR: return "str";
	case NODE_SYM: return "sym";
	case NODE_TIME: return "time";
	case NODE_SEQ: return "seq";
	case NODE_MAP: return "map";
	}
	return "?";
}

static void
s(struct str *o, const char *path, const char *v)
{
	str_addf(o, "%s: %s\n", path, v ? v : "~");
}

static void
i(struct str *o, const char *path, int has, long long v)
{
	if (has)
		str_addf(o, "%s: %lld\n", path, v);
	else
		str_addf(o, "%s: ~\n", path);
}

static void
t(struct str *o, const char *path, int v)
{
	str_addf(o, "%s: %s\n", path, v == CONFIG_UNSET ? "~" : v ? "true" : "false");
}

static void
sv(struct str *o, const char *path, const struct strvec *v)
{
	size_t k;

	str_addf(o, "%s: [", path);
	for (k = 0; k < v->n; k++)
		str_addf(o, "%s%s", k ? ", " : "", v->v[k]);
	str_adds(o, "]\n");
}

static void
kv(struct str *o, const char *path, const struct config_kvs *v)
{
	size_t k;

	str_addf(o, "%s: {", path);
	for (k = 0; k < v->n; k++)
		str_addf(o, "%s%s=(%s)%s", k ? ", " : "", v->v[k].key, kind_name(v->v[k].kind), v->v[k].val);
	str_adds(o, "}\n");
}

static void
env(struct str *o, const char *path, const struct config_env *e)
{
	char p[256];

	snprintf(p, sizeof(p), "%s.clear", path);
	kv(o, p, &e->clear);
	snprintf(p, sizeof(p), "%s.secret", path);
	sv(o, p, &e->secrets);
}

static void
proxy(struct str *o, const char *path, const struct config_proxy *p)
{
	char q[256];

#define P(name) (snprintf(q, sizeof(q), "%s.%s", path, name), q)
	sv(o, P("hosts"), &p->hosts);
	i(o, P("app_port"), 1, p->app_port);
	t(o, P("ssl"), p->ssl);
	t(o, P("custom_ssl"), p->custom_ssl);
	s(o, P("ssl_certificate_pem"), p->ssl_certificate_pem);
	s(o, P("ssl_private_key_pem"), p->ssl_private_key_pem);
	t(o, P("ssl_redirect"), p->ssl_redirect);
	t(o, P("forward_headers"), p->forward_headers);
	i(o, P("response_timeout"), p->has_response_timeout, p->response_timeout);
	sv(o, P("path_prefixes"), &p->path_prefixes);
	t(o, P("strip_path_prefix"), p->strip_path_prefix);
	i(o, P("healthcheck.interval"), p->has_healthcheck_interval, p->healthcheck_interval);
	i(o, P("healthcheck.timeout"), p->has_healthcheck_timeout, p->healthcheck_timeout);
	s(o, P("healthcheck.path"), p->healthcheck_path);
	t(o, P("buffering.requests"), p->buffer_requests);
	t(o, P("buffering.responses"), p->buffer_responses);
	i(o, P("buffering.memory"), p->has_buffer_memory, p->buffer_memory);
	i(o, P("buffering.max_request_body"), p->has_max_request_body, p->max_request_body);
	i(o, P("buffering.max_response_body"), p->has_max_response_body, p->max_response_body);
	sv(o, P("logging.request_headers"), &p->log_request_headers);
	if (p->has_log_response_headers)
		sv(o, P("logging.response_headers"), &p->log_response_headers);
	s(o, P("tls.host_cert"), p->host_tls_cert);
	s(o, P("tls.host_key"), p->host_tls_key);
	s(o, P("tls.container_cert"), p->container_tls_cert);
	s(o, P("tls.container_key"), p->container_tls_key);
	if (p->run) {
		const struct config_proxy_run *r = p->run;

		t(o, P("run.publish"), r->publish);
		i(o, P("run.http_port"), 1, r->http_port);
		i(o, P("run.https_port"), 1, r->https_port);
		sv(o, P("run.bind_ips"), &r->bind_ips);
		i(o, P("run.metrics_port"), r->has_metrics_port, r->metrics_port);
		t(o, P("run.debug"), r->debug);
		s(o, P("run.log_max_size"), r->log_max_size);
		s(o, P("run.image"), r->image);
		kv(o, P("run.options"), &r->options);
	} else {
		s(o, P("run"), NULL);
	}
#undef P
}

static void
registry(struct str *o, const char *path, const struct config_registry *r)
{
	char q[256];

	snprintf(q, sizeof(q), "%s.server", path);
	s(o, q, r->server);
	snprintf(q, sizeof(q), "%s.username", path);
	str_addf(o, "%s: %s%s\n", q, r->username_secret ? "secret:" : "", r->username ? r->username : "~");
	snprintf(q, sizeof(q), "%s.password", path);
	str_addf(o, "%s: %s%s\n", q, r->password_secret ? "secret:" : "", r->password ? r->password : "~");
	snprintf(q, sizeof(q), "%s.local", path);
	str_addf(o, "%s: %s", q, r->local ? "true" : "false");
	if (r->local)
		str_addf(o, " (port %d)", r->local_port);
	str_addch(o, '\n');
}

/* Length of the cwd prefix of an absolute path (so dumps do not depend on where they ran). */
static size_t
under_cwd(const char *path)
{
	char cwd[PATH_MAX];
	size_t n;

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return 0;
	n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return n;
	return 0;
}

void
config_dump(struct config *c, struct str *o)
{
	size_t k, h;
	char p[512];

	s(o, "service", c->service);
	s(o, "destination", c->destination);
	s(o, "image", c->image);
	s(o, "repository", c->repository);
	s(o, "latest_image", c->latest_image);
	s(o, "service_and_destination", c->service_and_destination);
	s(o, "primary_role", c->primary_role_name);
	s(o, "primary_host", config_primary_host(c));
	kv(o, "labels", &c->labels);
	sv(o, "volumes", &c->volumes);
	s(o, "asset_path", c->asset_path);
	s(o, "hooks_path", c->hooks_path);
	str_addf(o, "hooks_output: %s\n", c->hooks_output == HOOKS_OUTPUT_QUIET ? "quiet" :
	    c->hooks_output == HOOKS_OUTPUT_VERBOSE ? "verbose" : "~");
	kv(o, "hooks_output_per_hook", &c->hooks_output_per_hook);
	s(o, "secrets_path", c->secrets_path);
	s(o, "error_pages_path", c->error_pages_path);
	t(o, "require_destination", c->require_destination);
	t(o, "allow_empty_roles", c->allow_empty_roles);
	i(o, "retain_containers", 1, c->retain_containers);
	s(o, "minimum_version", c->minimum_version);
	i(o, "readiness_delay", 1, c->readiness_delay);
	i(o, "deploy_timeout", 1, c->deploy_timeout);
	i(o, "drain_timeout", 1, c->drain_timeout);
	i(o, "stop_timeout", c->has_stop_timeout, c->stop_timeout);
	s(o, "run_directory", c->run_directory);
	s(o, "app_directory", c->app_directory);
	s(o, "env_directory", c->env_directory);
	registry(o, "registry", &c->registry);
	env(o, "env", &c->env);
	str_addf(o, "logging.driver: %s\n", c->logging.driver ? c->logging.driver : "~");
	kv(o, "logging.options", &c->logging.options);
	for (k = 0; k < c->nroles; k++) {
		const struct config_role *r = &c->roles[k];

		snprintf(p, sizeof(p), "role[%s]", r->name);
		str_addf(o, "%s.primary: %s\n", p, r->primary ? "true" : "false");
		for (h = 0; h < r->nhosts; h++) {
			struct config_env e;
			char q[600];

			snprintf(q, sizeof(q), "%s.host[%s].tags", p, r->hosts[h].name);
			sv(o, q, &r->hosts[h].tags);
			config_role_env(c, r, r->hosts[h].name, &e);
			snprintf(q, sizeof(q), "%s.host[%s].env", p, r->hosts[h].name);
			env(o, q, &e);
			config_env_release(&e);
		}
		str_addf(o, "%s.cmd: %s\n", p, r->cmd ? r->cmd : "~");
		str_addf(o, "%s.stop_timeout: ", p);
		if (r->has_stop_timeout)
			str_addf(o, "%lld\n", r->stop_timeout);
		else
			str_adds(o, "~\n");
		str_addf(o, "%s.restart: %s\n", p, r->restart);
		{
			char q[600];

			snprintf(q, sizeof(q), "%s.options", p);
			kv(o, q, &r->options);
			snprintf(q, sizeof(q), "%s.labels", p);
			kv(o, q, &r->labels);
			snprintf(q, sizeof(q), "%s.logging.options", p);
			kv(o, q, &r->logging.options);
			str_addf(o, "%s.logging.driver: %s\n", p, r->logging.driver ? r->logging.driver : "~");
			snprintf(q, sizeof(q), "%s.env", p);
			env(o, q, &r->env);
			str_addf(o, "%s.asset_path: %s%s%s\n", p, r->asset_path ? r->asset_path : "~",
			    r->asset_path_options ? " options " : "", r->asset_path_options ? r->asset_path_options : "");
			str_addf(o, "%s.container_prefix: %s\n", p, r->container_prefix);
			str_addf(o, "%s.secrets_path: %s\n", p, r->secrets_path);
			str_addf(o, "%s.running_proxy: %s\n", p, r->running_proxy ? "true" : "false");
			if (r->proxy) {
				snprintf(q, sizeof(q), "%s.proxy", p);
				proxy(o, q, r->proxy);
			}
		}
	}
	for (k = 0; k < c->naccessories; k++) {
		const struct config_accessory *a = &c->accessories[k];
		char q[600];

		snprintf(p, sizeof(p), "accessory[%s]", a->name);
		str_addf(o, "%s.service_name: %s\n", p, a->service_name);
		str_addf(o, "%s.image: %s\n", p, a->image);
		snprintf(q, sizeof(q), "%s.hosts", p);
		sv(o, q, &a->hosts);
		str_addf(o, "%s.cmd: %s\n", p, a->cmd ? a->cmd : "~");
		str_addf(o, "%s.port: %s\n", p, a->port ? a->port : "~");
		snprintf(q, sizeof(q), "%s.labels", p);
		kv(o, q, &a->labels);
		str_addf(o, "%s.restart: %s\n", p, a->restart);
		snprintf(q, sizeof(q), "%s.options", p);
		kv(o, q, &a->options);
		snprintf(q, sizeof(q), "%s.env", p);
		env(o, q, &a->env);
		for (h = 0; h < a->nfiles; h++)
			str_addf(o, "%s.files[%zu]: local=%s key=%s%s erb=%d host=%s container=%s options=%s mode=%s owner=%s\n",
			    p, h, a->files[h].local, a->files[h].erb ? "" : under_cwd(a->files[h].key) ? "<cwd>" : "",
			    a->files[h].erb ? "(rendered)" : a->files[h].key + under_cwd(a->files[h].key), a->files[h].erb,
			    a->files[h].host_path, a->files[h].container_path,
			    a->files[h].options ? a->files[h].options : "~", a->files[h].mode ? a->files[h].mode : "~",
			    a->files[h].owner ? a->files[h].owner : "~");
		for (h = 0; h < a->ndirectories; h++)
			str_addf(o, "%s.directories[%zu]: key=%s host=%s container=%s options=%s mode=%s owner=%s\n",
			    p, h, a->directories[h].key, a->directories[h].host_path, a->directories[h].container_path,
			    a->directories[h].options ? a->directories[h].options : "~",
			    a->directories[h].mode ? a->directories[h].mode : "~",
			    a->directories[h].owner ? a->directories[h].owner : "~");
		snprintf(q, sizeof(q), "%s.volumes", p);
		sv(o, q, &a->volumes);
		str_addf(o, "%s.network: %s\n", p, a->network);
		str_addf(o, "%s.secrets_path: %s\n", p, a->secrets_path);
		if (a->registry) {
			snprintf(q, sizeof(q), "%s.registry", p);
			registry(o, q, a->registry);
		}
		if (a->proxy) {
			snprintf(q, sizeof(q), "%s.proxy", p);
			proxy(o, q, a->proxy);
		}
	}
	kv(o, "aliases", &c->aliases);
	if (c->boot.has_limit)
		str_addf(o, "boot.limit: %lld%s\n", c->boot.limit, c->boot.limit_percent ? " (percent)" : "");
	else
		str_adds(o, "boot.limit: ~\n");
	i(o, "boot.wait", c->boot.has_wait, c->boot.wait);
	t(o, "boot.parallel_roles", c->boot.parallel_roles);
	sv(o, "builder.arches", &c->builder.arches);
	s(o, "builder.remote", c->builder.remote);
	t(o, "builder.local_disabled", c->builder.local_disabled);
	s(o, "builder.driver", c->builder.driver);
	s(o, "builder.context", c->builder.context);
	s(o, "builder.dockerfile", c->builder.dockerfile);
	s(o, "builder.target", c->builder.target);
	kv(o, "builder.args", &c->builder.args);
	sv(o, "builder.secrets", &c->builder.secrets);
	s(o, "builder.ssh", c->builder.ssh);
	t(o, "builder.cached", c->builder.cached);
	s(o, "builder.cache_type", c->builder.cache_type);
	s(o, "builder.cache_options", c->builder.cache_options);
	s(o, "builder.cache_image", c->builder.cache_image);
	t(o, "builder.pack", c->builder.pack);
	s(o, "builder.pack_builder", c->builder.pack_builder);
	sv(o, "builder.pack_buildpacks", &c->builder.pack_buildpacks);
	s(o, "builder.provenance", c->builder.provenance);
	t(o, "builder.sbom", c->builder.sbom);
	s(o, "ssh.user", c->ssh.user);
	s(o, "ssh.port", c->ssh.port);
	s(o, "ssh.proxy", c->ssh.proxy);
	s(o, "ssh.proxy_command", c->ssh.proxy_command);
	s(o, "ssh.log_level", c->ssh.log_level);
	t(o, "ssh.keys_only", c->ssh.keys_only);
	sv(o, "ssh.keys", &c->ssh.keys);
	sv(o, "ssh.key_data", &c->ssh.key_data);
	str_addf(o, "ssh.config: %s\n", c->ssh.config == CONFIG_UNSET ? "~" : c->ssh.config == 2 ? "files" :
	    c->ssh.config ? "true" : "false");
	sv(o, "ssh.config_files", &c->ssh.config_files);
	t(o, "ssh.forward_agent", c->ssh.forward_agent);
	i(o, "sshkit.max_concurrent_starts", 1, c->sshkit.max_concurrent_starts);
	i(o, "sshkit.pool_idle_timeout", 1, c->sshkit.pool_idle_timeout);
	i(o, "sshkit.dns_retries", 1, c->sshkit.dns_retries);
	s(o, "output.otel", c->output.otel_endpoint);
	s(o, "output.file", c->output.file_path);
	sv(o, "all_hosts", &c->all_hosts);
	sv(o, "app_hosts", &c->app_hosts);
	sv(o, "proxy_hosts", &c->proxy_hosts);
	if (c->has_proxy)
		proxy(o, "proxy", &c->proxy);
}
