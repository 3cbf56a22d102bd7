/*
 * proxy — see proxy.h. Expected strings: tests/unit/t_docker_proxy.c (facts from
 * Kamal's test/commands/proxy_test.rb and app_test.rb).
 */
#include "docker/proxy.h"

#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "core/strvec.h"
#include "docker/args.h"
#include "docker/shellquote.h"

static void
opt_seconds(struct dcmd *c, const char *key, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llds", v);
	opts_str(c, key, buf, 1);
}

static void
opt_int(struct dcmd *c, const char *key, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	opts_str(c, key, buf, 1);
}

/* A boolean option: true -> bare flag, false -> --key="false" (optionize of false). */
static void
opt_bool(struct dcmd *c, const char *key, int v)
{
	opts_kv(c, key, NODE_BOOL, v ? "true" : "false", 1);
}

void
dproxy_deploy_args(struct dcmd *c, const struct dk *k, const struct config_proxy *p,
    const char *target)
{
	struct str s = STR_INIT;
	size_t i;

	/* Proxy#deploy_options, in its hash order */
	str_addf(&s, "%s:%lld", target, p->app_port);
	opts_str(c, "target", s.s, 1);
	for (i = 0; i < p->hosts.n; i++)
		opts_str(c, "host", p->hosts.v[i], 1);
	if (p->ssl)
		dcmd_add(c, "--tls");
	if (p->container_tls_cert)
		opts_str(c, "tls-certificate-path", p->container_tls_cert, 1);
	if (p->container_tls_key)
		opts_str(c, "tls-private-key-path", p->container_tls_key, 1);
	opt_seconds(c, "deploy-timeout", k->cfg->deploy_timeout);
	opt_seconds(c, "drain-timeout", k->cfg->drain_timeout);
	if (p->has_healthcheck_interval)
		opt_seconds(c, "health-check-interval", p->healthcheck_interval);
	if (p->has_healthcheck_timeout)
		opt_seconds(c, "health-check-timeout", p->healthcheck_timeout);
	if (p->healthcheck_path)
		opts_str(c, "health-check-path", p->healthcheck_path, 1);
	if (p->has_response_timeout)
		opt_seconds(c, "target-timeout", p->response_timeout);
	opt_bool(c, "buffer-requests", p->buffer_requests);
	opt_bool(c, "buffer-responses", p->buffer_responses);
	if (p->has_buffer_memory)
		opt_int(c, "buffer-memory", p->buffer_memory);
	if (p->has_max_request_body)
		opt_int(c, "max-request-body", p->max_request_body);
	if (p->has_max_response_body)
		opt_int(c, "max-response-body", p->max_response_body);
	for (i = 0; i < p->path_prefixes.n; i++)
		opts_str(c, "path-prefix", p->path_prefixes.v[i], 1);
	if (p->strip_path_prefix != CONFIG_UNSET)
		opt_bool(c, "strip-path-prefix", p->strip_path_prefix);
	if (p->forward_headers != CONFIG_UNSET)
		opt_bool(c, "forward-headers", p->forward_headers);
	if (p->ssl_redirect != CONFIG_UNSET)
		opt_bool(c, "tls-redirect", p->ssl_redirect);
	for (i = 0; i < p->log_request_headers.n; i++)
		opts_str(c, "log-request-header", p->log_request_headers.v[i], 1);
	for (i = 0; p->has_log_response_headers && i < p->log_response_headers.n; i++)
		opts_str(c, "log-response-header", p->log_response_headers.v[i], 1);
	if (k->cfg->error_pages_path) {
		str_reset(&s);
		str_addf(&s, "%s/%s", k->cfg->error_pages_container_directory, k->version);
		opts_str(c, "error-pages", s.s, 1);
	}
	str_release(&s);
}

const struct config_proxy_run *
dproxy_run_config(const struct config *cfg, const char *host)
{
	size_t i;

	for (i = 0; i < cfg->nroles; i++) {
		const struct config_role *r = &cfg->roles[i];

		if (r->running_proxy && r->proxy && r->proxy->run && config_role_has_host(r, host))
			return r->proxy->run;
	}
	for (i = 0; i < cfg->naccessories; i++) {
		const struct config_accessory *a = &cfg->accessories[i];

		if (a->proxy && a->proxy->run && strvec_find(&a->hosts, host) >= 0)
			return a->proxy->run;
	}
	return NULL;
}

/* [ip, http, 80].compact.join(":"), IPv6 addresses bracketed. */
static void
publish_one(struct str *out, const char *ip, long long port, int container_port)
{
	if (out->len)
		str_addch(out, ' ');
	str_adds(out, "--publish ");
	if (ip) {
		/* Resolv::IPv6::Regex matches anything with a ':'-separated hex form; bracket
		 * it unless it already is */
		if (strchr(ip, ':') && ip[0] != '[')
			str_addf(out, "[%s]:", ip);
		else
			str_addf(out, "%s:", ip);
	}
	str_addf(out, "%lld:%d", port, container_port);
}

void
dproxy_publish_args(long long http_port, long long https_port, const struct strvec *bind_ips,
    struct str *out)
{
	struct str s = STR_INIT;
	size_t i;

	if (bind_ips == NULL || bind_ips->n == 0) {
		publish_one(&s, NULL, http_port, 80);
		publish_one(&s, NULL, https_port, 443);
	} else {
		for (i = 0; i < bind_ips->n; i++) {
			publish_one(&s, bind_ips->v[i], http_port, 80);
			publish_one(&s, bind_ips->v[i], https_port, 443);
		}
	}
	str_add(out, s.s, s.len);
	str_release(&s);
}

void
dproxy_default_boot_options(struct str *out)
{
	dproxy_publish_args(80, 443, NULL, out);
	str_adds(out, " --log-opt max-size=10m");
}

static void
run_prefix(struct dcmd *c, const struct dk *k)
{
	dcmd_addv(c, "docker", "run", "--name", PROXY_CONTAINER, "--network", "kamal", "--detach",
	    "--restart", "unless-stopped", "--volume",
	    "kamal-proxy-config:/home/kamal-proxy/.config/kamal-proxy", "--volume", NULL);
	dcmd_addf(c, "$PWD/%s:%s", k->cfg->proxy_apps_directory, PROXY_APPS_CONTAINER_DIR);
}

static void
read_file(struct str *out, const char *file, const char *def)
{
	str_addf(out, "$(cat %s 2> /dev/null || echo \"%s\")", file, def ? def : "");
}

void
dproxy_boot_config(struct dcmd *c, const struct dk *k)
{
	struct str s = STR_INIT, d = STR_INIT, f = STR_INIT;
	const char *dir = k->cfg->proxy_directory;

	dproxy_default_boot_options(&d);
	str_addf(&f, "%s/options", dir);
	read_file(&s, f.s, d.s);
	str_addch(&s, ' ');
	str_reset(&f);
	str_addf(&f, "%s/image", dir);
	read_file(&s, f.s, PROXY_IMAGE_DEFAULT);
	str_addch(&s, ':');
	str_reset(&f);
	str_addf(&f, "%s/image_version", dir);
	read_file(&s, f.s, PROXY_MINIMUM_VERSION);
	str_addch(&s, ' ');
	str_reset(&f);
	str_addf(&f, "%s/run_command", dir);
	read_file(&s, f.s, NULL);
	dcmd_addv(c, "echo", s.s, NULL);
	str_release(&s);
	str_release(&d);
	str_release(&f);
}

void
dproxy_run(struct dcmd *c, const struct dk *k, const char *host)
{
	const struct config_proxy_run *run = dproxy_run_config(k->cfg, host);
	struct str s = STR_INIT;

	if (run == NULL) {
		dproxy_boot_config(c, k);
		dcmd_addv(c, "|", "xargs", NULL);
		run_prefix(c, k);
		return;
	}
	run_prefix(c, k);
	if (run->publish) {
		dproxy_publish_args(run->http_port, run->https_port,
		    run->has_bind_ips ? &run->bind_ips : NULL, &s);
		dcmd_add(c, s.s);
	}
	if (!rb_blank(run->log_max_size)) {
		dcmd_add(c, "--log-opt");
		dcmd_addf(c, "max-size=%s", run->log_max_size);
	}
	if (run->has_metrics_port)
		dcmd_addf(c, "--expose=%lld", run->metrics_port);
	opts_kvs(c, &run->options, 0);
	dcmd_add(c, run->image);
	str_reset(&s);
	str_adds(&s, "kamal-proxy run");
	if (run->debug == 1)
		str_adds(&s, " --debug");
	if (run->has_metrics_port) {
		char port[32];

		snprintf(port, sizeof(port), "%lld", run->metrics_port);
		str_adds(&s, " --metrics-port ");
		shq_escape_cstr(&s, port);
	}
	dcmd_add(c, s.s);
	str_release(&s);
}

void
dproxy_start(struct dcmd *c)
{
	dcmd_addv(c, "docker", "container", "start", PROXY_CONTAINER, NULL);
}

void
dproxy_stop(struct dcmd *c)
{
	dcmd_addv(c, "docker", "container", "stop", PROXY_CONTAINER, NULL);
}

void
dproxy_start_or_run(struct dcmd *c, const struct dk *k, const char *host)
{
	dproxy_start(c);
	dcmd_add(c, "||");
	dproxy_run(c, k, host);
}

void
dproxy_info(struct dcmd *c)
{
	dcmd_addv(c, "docker", "ps", "--filter", "'name=^" PROXY_CONTAINER "$'", NULL);
}

void
dproxy_version(struct dcmd *c)
{
	dcmd_addv(c, "docker", "inspect", PROXY_CONTAINER, "--format '{{.Config.Image}}'", "|",
	    "awk", "-F:", "'{print $NF}'", NULL);
}

void
dproxy_logs(struct dcmd *c, int timestamps, const char *since, const char *lines,
    const char *grep, const char *grep_options)
{
	dcmd_addv(c, "docker", "logs", PROXY_CONTAINER, NULL);
	if (since)
		dcmd_addf(c, "--since %s", since);
	if (lines)
		dcmd_addf(c, "--tail %s", lines);
	if (timestamps)
		dcmd_add(c, "--timestamps");
	dcmd_add(c, "2>&1");
	if (grep) {
		dcmd_add(c, "|");
		if (grep_options)
			dcmd_addf(c, "grep '%s' %s", grep, grep_options);
		else
			dcmd_addf(c, "grep '%s'", grep);
	}
}

void
dproxy_follow_logs(const struct dk *k, const char *host, int timestamps, const char *grep,
    const char *grep_options, struct str *out)
{
	struct dcmd c = DCMD_INIT;

	dcmd_addv(&c, "docker", "logs", PROXY_CONTAINER, NULL);
	if (timestamps)
		dcmd_add(&c, "--timestamps");
	dcmd_addv(&c, "--tail", "10", "--follow", "2>&1", NULL);
	if (grep) {
		dcmd_add(&c, "|");
		if (grep_options)
			dcmd_addf(&c, "grep \"%s\" %s", grep, grep_options);
		else
			dcmd_addf(&c, "grep \"%s\"", grep);
	}
	dk_run_over_ssh(k, &c, host, out);
	dcmd_release(&c);
}

void
dproxy_remove_container(struct dcmd *c)
{
	dcmd_addv(c, "docker", "container", "prune", "--force", "--filter",
	    "label=org.opencontainers.image.title=kamal-proxy", NULL);
}

void
dproxy_remove_image(struct dcmd *c)
{
	dcmd_addv(c, "docker", "image", "prune", "--all", "--force", "--filter",
	    "label=org.opencontainers.image.title=kamal-proxy", NULL);
}

void
dproxy_cleanup_traefik(struct dcmd *c)
{
	dcmd_addv(c, "docker", "container", "stop", "traefik", ";",
	    "docker", "container", "prune", "--force", "--filter",
	    "label=org.opencontainers.image.title=Traefik", "&&",
	    "docker", "image", "prune", "--all", "--force", "--filter",
	    "label=org.opencontainers.image.title=Traefik", NULL);
}

void
dproxy_ensure_proxy_directory(struct dcmd *c, const struct dk *k)
{
	dk_mkdir_p(c, k->cfg->proxy_directory);
}

void
dproxy_remove_proxy_directory(struct dcmd *c, const struct dk *k)
{
	dk_rm_r(c, k->cfg->proxy_directory);
}

void
dproxy_ensure_apps_config_directory(struct dcmd *c, const struct dk *k)
{
	dk_mkdir_p(c, k->cfg->proxy_apps_directory);
}

void
dproxy_reset_file(struct dcmd *c, const struct dk *k, const char *file)
{
	dcmd_add(c, "rm");
	dcmd_addf(c, "%s/%s", k->cfg->proxy_directory, file);
}
