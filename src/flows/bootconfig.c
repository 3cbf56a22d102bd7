/*
 * bootconfig — see bootconfig.h. File contents are Kamal's: the boot options
 * joined by spaces, "[registry/]repository/kamal-proxy", the version, and
 * "kamal-proxy run [--debug] [--metrics-port \"N\"]" (optionize). A file that
 * would hold the default is removed instead (rm, errors ignored).
 */
#include "flows/bootconfig.h"

#include <string.h>

#include "cli/output.h"
#include "config/shell.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "docker/proxy.h"

struct set_ctx {
	struct str	options;	/* NULL-equivalent (empty, reset) when default */
	int		options_default;
	struct str	image;
	int		image_default;
	const char	*image_version;
	struct str	run_command;
};

static int
reset(struct flow *f, const char *host, const char *file, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	int rc;

	dproxy_reset_file(&c, &f->k, file);
	rc = flow_exec(f, host, &c, &(struct fx){ .no_raise = 1 }, NULL, e);
	dcmd_release(&c);
	return rc;
}

/* upload! StringIO.new(text), .kamal/proxy/<file> (net-scp's default mode 0640) */
static int
put(struct flow *f, const char *host, const char *file, const char *text, struct errinfo *e)
{
	struct str path = STR_INIT;
	int rc;

	str_addf(&path, "%s/%s", f->cfg->proxy_directory, file);
	rc = flow_upload(f, host, path.s, text, strlen(text), 0640, 0, 0, e);
	str_release(&path);
	return rc;
}

static int
set_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	const struct set_ctx *s = arg;
	struct dcmd c = DCMD_INIT;
	int rc;

	dproxy_ensure_proxy_directory(&c, &f->k);
	rc = flow_exec(f, host, &c, NULL, NULL, e);
	dcmd_release(&c);
	if (rc != 0)
		return rc;
	rc = s->options_default ? reset(f, host, "options", e) : put(f, host, "options", s->options.s, e);
	if (rc == 0)
		rc = s->image_default ? reset(f, host, "image", e) : put(f, host, "image", s->image.s, e);
	if (rc == 0)
		rc = s->image_version ? put(f, host, "image_version", s->image_version, e) :
		    reset(f, host, "image_version", e);
	if (rc == 0)
		rc = s->run_command.len ? put(f, host, "run_command", s->run_command.s, e) :
		    reset(f, host, "run_command", e);
	return rc;
}

static int
get_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	struct dcmd c = DCMD_INIT;
	struct str out = STR_INIT;
	int rc;

	dproxy_boot_config(&c, &f->k);
	if ((rc = flow_capture(f, host, &c, NULL, &out, e)) == 0)
		out_say(NULL, "Host %s: %s", host, str_cstr(&out));
	dcmd_release(&c);
	str_release(&out);
	return rc;
}

static int
reset_host(struct flow *f, void *arg, const char *host, struct errinfo *e)
{
	static const char *const files[] = { "options", "image", "image_version", "run_command" };
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < 4; i++)
		rc = reset(f, host, files[i], e);
	return rc;
}

/* The IP forms Resolv::IPv4::Regex / IPv6::Regex accept, roughly: digits and dots, or hex and colons. */
static int
valid_ip(const char *ip)
{
	const char *p = ip;
	int colon = strchr(ip, ':') != NULL;

	if (*p == '[')
		return 0;
	for (; *p; p++) {
		if (colon ? !(strchr("0123456789abcdefABCDEF:.", *p)) : !(strchr("0123456789.", *p)))
			return 0;
	}
	return *ip != '\0';
}

int
flows_proxy_boot_config(struct flow *f, const char *subcommand, const struct bootconfig_opts *o,
    struct errinfo *e)
{
	struct set_ctx s;
	struct str def = STR_INIT;
	size_t i;
	int rc;

	flow_warn(f, "The proxy boot_config command is deprecated - set the config in the deploy YAML "
	    "at proxy/run instead");
	if (strcmp(subcommand, "get") == 0)
		return flow_on(f, &f->sel.proxy_hosts, get_host, NULL, e);
	if (strcmp(subcommand, "reset") == 0)
		return flow_on(f, &f->sel.proxy_hosts, reset_host, NULL, e);
	if (strcmp(subcommand, "set") != 0)
		return err_set(e, ERR_INVAL, "Unknown boot_config subcommand %s", subcommand);

	memset(&s, 0, sizeof(s));
	for (i = 0; o->publish_host_ips && i < o->publish_host_ips->n; i++)
		if (!valid_ip(o->publish_host_ips->v[i]))
			return err_set(e, ERR_INVAL, "Invalid publish IP address: %s",
			    o->publish_host_ips->v[i]);
	/* boot_options: publish args, logging args, --expose, --<docker option>... */
	if (o->publish)
		dproxy_publish_args(o->http_port, o->https_port, o->publish_host_ips, &s.options);
	if (o->log_max_size && *o->log_max_size)
		str_addf(&s.options, "%s--log-opt max-size=%s", s.options.len ? " " : "", o->log_max_size);
	if (o->metrics_port)
		str_addf(&s.options, "%s--expose=%lld", s.options.len ? " " : "", o->metrics_port);
	for (i = 0; o->docker_options && i < o->docker_options->n; i++)
		str_addf(&s.options, "%s--%s", s.options.len ? " " : "", o->docker_options->v[i]);
	dproxy_default_boot_options(&def);
	s.options_default = strcmp(str_cstr(&s.options), str_cstr(&def)) == 0;
	/* [registry, repository || "basecamp", "kamal-proxy"].compact.join("/") */
	if (o->registry && *o->registry)
		str_addf(&s.image, "%s/", o->registry);
	str_addf(&s.image, "%s/kamal-proxy", o->repository && *o->repository ? o->repository : "basecamp");
	s.image_default = strcmp(s.image.s, PROXY_IMAGE_DEFAULT) == 0;
	s.image_version = o->image_version;
	if (o->debug || o->metrics_port) {
		str_adds(&s.run_command, "kamal-proxy run");
		if (o->debug)
			str_adds(&s.run_command, " --debug");
		if (o->metrics_port) {
			struct str n = STR_INIT;

			str_addf(&n, "%lld", o->metrics_port);
			str_adds(&s.run_command, " --metrics-port ");
			config_escape_shell_value(n.s, &s.run_command);
			str_release(&n);
		}
	}
	rc = flow_on(f, &f->sel.proxy_hosts, set_host, &s, e);
	str_release(&s.options);
	str_release(&s.image);
	str_release(&s.run_command);
	str_release(&def);
	return rc;
}
