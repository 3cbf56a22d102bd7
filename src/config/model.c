/*
 * model — raw tree to struct config (spec §4.1 step 5, §4.3, §4.4).
 *
 * The order is Kamal's Configuration#initialize: root validation, secrets,
 * servers/roles (sorted by name), registry, accessories (file order), aliases,
 * boot, builder, env, logging, output, proxy, ssh, sshkit; then the checks of
 * §4.4 in order. Each section is validated just before it is built, so the first
 * error reported is the one Kamal reports.
 */
#include "config/config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config/internal.h"
#include "config/validate.h"
#include "core/err.h"
#include "core/fsutil.h"
#include "core/gemver.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/xmalloc.h"

#define DEFAULT_PROXY_REPOSITORY	"basecamp/kamal-proxy"
#define DEFAULT_PROXY_VERSION		"v0.9.2"
#define PROXY_CONTAINER_APPS		"/home/kamal-proxy/.apps-config"

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *
str_of(const struct node *n)
{
	return dup_or_null(node_str(n));
}

static const struct node *
where_of(const struct node *map, const char *key, const struct node *fallback)
{
	const struct node *k = node_get_key(map, key);

	return k ? k : fallback;
}

/* File.join for two parts (one '/' at the junction). */
static char *
path_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	while (la > 0 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	return xasprintf("%.*s/%s", (int)la, a, b);
}

static void
strvec_from_seq(struct strvec *sv, const struct node *seq)
{
	size_t i;

	if (seq == NULL)
		return;
	if (seq->kind != NODE_SEQ) {
		if (node_str(seq))
			strvec_push(sv, seq->text);
		return;
	}
	for (i = 0; i < seq->n; i++) {
		const struct node *it = seq->items[i];

		if (it->kind == NODE_MAP && it->n > 0)
			strvec_push(sv, it->keys[0]->text ? it->keys[0]->text : "");
		else
			strvec_push(sv, it->text ? it->text : "");
	}
}

/* Ruby String#split(",") : drops trailing empty fields. */
static void
split_commas(struct strvec *sv, const char *s)
{
	struct strvec tmp = STRVEC_INIT;
	size_t i, n;

	strvec_split(&tmp, s, ',');
	n = tmp.n;
	while (n > 0 && tmp.v[n - 1][0] == '\0')
		n--;
	for (i = 0; i < n; i++)
		strvec_push(sv, tmp.v[i]);
	strvec_clear(&tmp);
}

static void
strvec_push_unique(struct strvec *sv, const char *s)
{
	if (strvec_find(sv, s) < 0)
		strvec_push(sv, s);
}

/* tri-state from an optional boolean node */
static int
tri(const struct node *n)
{
	if (n == NULL || n->kind == NODE_NULL)
		return CONFIG_UNSET;
	return node_truthy(n) ? 1 : 0;
}

static int
opt_int(const struct node *n, long long *out)
{
	if (n == NULL || n->kind != NODE_INT)
		return 0;
	*out = n->ival;
	return 1;
}

/* ---------------------------------------------------------------- env ---- */

/* Env.new(config:): clear = config["clear"] or the whole hash when it has none of
 * clear/secret/tags; secret = config["secret"] or []. */
static void
env_from_node(struct config_env *env, const struct node *n)
{
	const struct node *clear;

	memset(env, 0, sizeof(*env));
	if (n == NULL || n->kind != NODE_MAP)
		return;
	clear = node_get(n, "clear");
	if (node_has(n, "clear"))
		kvs_from_map(&env->clear, clear);
	else if (!node_has(n, "secret") && !node_has(n, "tags"))
		kvs_from_map(&env->clear, n);
	strvec_from_seq(&env->secrets, node_get(n, "secret"));
}

void
config_env_release(struct config_env *env)
{
	kvs_release(&env->clear);
	strvec_clear(&env->secrets);
}

void
config_env_secret_split(const char *entry, char *env_name, size_t en, char *secret_name, size_t sn)
{
	const char *colon = strchr(entry, ':');

	if (colon) {
		snprintf(env_name, en, "%.*s", (int)(colon - entry), entry);
		snprintf(secret_name, sn, "%s", colon + 1);
	} else {
		snprintf(env_name, en, "%s", entry);
		snprintf(secret_name, sn, "%s", entry);
	}
}

/* ------------------------------------------------------------- logging ---- */

static void
logging_from_node(struct config_logging *l, const struct node *n)
{
	memset(l, 0, sizeof(*l));
	l->driver = str_of(node_get(n, "driver"));
	kvs_from_map(&l->options, node_get(n, "options"));
}

static void
logging_release(struct config_logging *l)
{
	free(l->driver);
	kvs_release(&l->options);
}

/* ------------------------------------------------------------ registry ---- */

static int
server_is_local(const char *s)
{
	const char *p;

	for (p = s; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, "localhost", 9) == 0 && (p[9] == ':' || p[9] == '$'))
			return 1;
	}
	return 0;
}

static void
registry_from_node(struct config_registry *r, const struct node *n)
{
	const struct node *u, *p;

	memset(r, 0, sizeof(*r));
	r->node = n;
	r->server = str_of(node_get(n, "server"));
	u = node_get(n, "username");
	p = node_get(n, "password");
	if (u && u->kind == NODE_SEQ) {
		r->username_secret = 1;
		r->username = u->n ? str_of(u->items[0]) : NULL;
	} else {
		r->username = str_of(u);
	}
	if (p && p->kind == NODE_SEQ) {
		r->password_secret = 1;
		r->password = p->n ? str_of(p->items[0]) : NULL;
	} else {
		r->password = str_of(p);
	}
	r->local = r->server ? server_is_local(r->server) : 0;
	if (r->local) {
		const char *last = strrchr(r->server, ':');

		r->local_port = last ? atoi(last + 1) : 0;
	}
}

static void
registry_release(struct config_registry *r)
{
	free(r->server);
	free(r->username);
	free(r->password);
}

/* --------------------------------------------------------------- proxy ---- */

static void
proxy_run_free(struct config_proxy_run *run)
{
	if (run == NULL)
		return;
	strvec_clear(&run->bind_ips);
	free(run->log_max_size);
	free(run->registry);
	free(run->repository);
	free(run->version);
	free(run->image);
	kvs_release(&run->options);
	free(run);
}

static struct config_proxy_run *
proxy_run_from_node(const struct node *n)
{
	struct config_proxy_run *r = xcalloc(1, sizeof(*r));
	const struct node *v;

	r->node = n;
	v = node_get(n, "publish");
	r->publish = node_has(n, "publish") ? node_truthy(v) : 1;
	r->http_port = 80;
	r->https_port = 443;
	r->has_http_port = opt_int(node_get(n, "http_port"), &r->http_port);
	r->has_https_port = opt_int(node_get(n, "https_port"), &r->https_port);
	if (node_has(n, "bind_ips") && node_get(n, "bind_ips") && node_get(n, "bind_ips")->kind == NODE_SEQ) {
		r->has_bind_ips = 1;
		strvec_from_seq(&r->bind_ips, node_get(n, "bind_ips"));
	}
	r->has_metrics_port = opt_int(node_get(n, "metrics_port"), &r->metrics_port);
	r->debug = tri(node_get(n, "debug"));
	r->log_max_size = node_has(n, "log_max_size") ? xstrdup(node_str(node_get(n, "log_max_size")) ?
	    node_str(node_get(n, "log_max_size")) : "") : xstrdup("10m");
	r->registry = str_of(node_get(n, "registry"));
	r->repository = node_has(n, "repository") ? xstrdup(node_str(node_get(n, "repository")) ?
	    node_str(node_get(n, "repository")) : "") : xstrdup(DEFAULT_PROXY_REPOSITORY);
	r->version = node_has(n, "version") ? xstrdup(node_str(node_get(n, "version")) ?
	    node_str(node_get(n, "version")) : "") : xstrdup(DEFAULT_PROXY_VERSION);
	if (r->registry)
		r->image = xasprintf("%s/%s:%s", r->registry, r->repository, r->version);
	else
		r->image = xasprintf("%s:%s", r->repository, r->version);
	kvs_from_options(&r->options, node_get(n, "options"), 0);
	return r;
}

static void
proxy_release(struct config_proxy *p)
{
	strvec_clear(&p->hosts);
	free(p->ssl_certificate_pem);
	free(p->ssl_private_key_pem);
	strvec_clear(&p->path_prefixes);
	free(p->healthcheck_path);
	strvec_clear(&p->log_request_headers);
	strvec_clear(&p->log_response_headers);
	proxy_run_free(p->run);
	free(p->role_name);
	free(p->host_tls_cert);
	free(p->host_tls_key);
	free(p->container_tls_cert);
	free(p->container_tls_key);
	memset(p, 0, sizeof(*p));
}

static void
proxy_from_node(struct config *c, struct config_proxy *p, const struct node *n, const char *role_name)
{
	const struct node *ssl, *hosts, *v, *buf;

	memset(p, 0, sizeof(*p));
	p->node = n;
	p->role_name = dup_or_null(role_name);
	hosts = node_get(n, "hosts");
	if (node_truthy(hosts))
		strvec_from_seq(&p->hosts, hosts);
	else if (node_str(node_get(n, "host")))
		split_commas(&p->hosts, node_get(n, "host")->text);
	p->app_port = 80;
	opt_int(node_get(n, "app_port"), &p->app_port);
	ssl = node_get(n, "ssl");
	p->ssl = node_has(n, "ssl") ? node_truthy(ssl) : 0;
	if (ssl && ssl->kind == NODE_MAP) {
		p->ssl_certificate_pem = str_of(node_get(ssl, "certificate_pem"));
		p->ssl_private_key_pem = str_of(node_get(ssl, "private_key_pem"));
		p->custom_ssl = node_present(node_get(ssl, "certificate_pem")) &&
		    node_present(node_get(ssl, "private_key_pem"));
	}
	p->ssl_redirect = tri(node_get(n, "ssl_redirect"));
	p->forward_headers = tri(node_get(n, "forward_headers"));
	p->has_response_timeout = opt_int(node_get(n, "response_timeout"), &p->response_timeout);
	v = node_get(n, "path_prefixes");
	if (node_truthy(v))
		strvec_from_seq(&p->path_prefixes, v);
	else if (node_str(node_get(n, "path_prefix")))
		split_commas(&p->path_prefixes, node_get(n, "path_prefix")->text);
	p->strip_path_prefix = tri(node_get(n, "strip_path_prefix"));
	p->has_healthcheck_interval = opt_int(node_dig(n, "healthcheck", "interval", NULL),
	    &p->healthcheck_interval);
	p->has_healthcheck_timeout = opt_int(node_dig(n, "healthcheck", "timeout", NULL),
	    &p->healthcheck_timeout);
	p->healthcheck_path = str_of(node_dig(n, "healthcheck", "path", NULL));
	buf = node_get(n, "buffering");
	p->buffer_requests = p->buffer_responses = 1;
	if (node_has(n, "buffering") && buf && buf->kind == NODE_MAP) {
		if (node_has(buf, "requests"))
			p->buffer_requests = node_truthy(node_get(buf, "requests"));
		if (node_has(buf, "responses"))
			p->buffer_responses = node_truthy(node_get(buf, "responses"));
	}
	p->has_buffer_memory = opt_int(node_dig(n, "buffering", "memory", NULL), &p->buffer_memory);
	p->has_max_request_body = opt_int(node_dig(n, "buffering", "max_request_body", NULL),
	    &p->max_request_body);
	p->has_max_response_body = opt_int(node_dig(n, "buffering", "max_response_body", NULL),
	    &p->max_response_body);
	v = node_dig(n, "logging", "request_headers", NULL);
	if (node_truthy(v)) {
		strvec_from_seq(&p->log_request_headers, v);
	} else {
		strvec_push(&p->log_request_headers, "Cache-Control");
		strvec_push(&p->log_request_headers, "Last-Modified");
		strvec_push(&p->log_request_headers, "User-Agent");
	}
	v = node_dig(n, "logging", "response_headers", NULL);
	if (node_truthy(v)) {
		p->has_log_response_headers = 1;
		strvec_from_seq(&p->log_response_headers, v);
	}
	v = node_get(n, "run");
	if (node_present(v) && v->kind == NODE_MAP)
		p->run = proxy_run_from_node(v);
	if (p->custom_ssl) {
		if (role_name) {
			p->host_tls_cert = xasprintf("%s/%s/cert.pem", c->tls_directory, role_name);
			p->host_tls_key = xasprintf("%s/%s/key.pem", c->tls_directory, role_name);
			p->container_tls_cert = xasprintf("%s/%s/cert.pem", c->tls_container_directory, role_name);
			p->container_tls_key = xasprintf("%s/%s/key.pem", c->tls_container_directory, role_name);
		} else {
			p->host_tls_cert = xasprintf("%s/cert.pem", c->tls_directory);
			p->host_tls_key = xasprintf("%s/key.pem", c->tls_directory);
			p->container_tls_cert = xasprintf("%s/cert.pem", c->tls_container_directory);
			p->container_tls_key = xasprintf("%s/key.pem", c->tls_container_directory);
		}
	}
}

/* ---------------------------------------------------------------- roles ---- */

static void
role_hosts(struct config_role *r, const struct node *list)
{
	size_t i;

	if (list == NULL)
		return;
	if (list->kind != NODE_SEQ) {
		/* Array(servers["hosts"]) of a single string */
		if (list->kind == NODE_STR) {
			r->hosts = xcalloc(1, sizeof(*r->hosts));
			r->hosts[0].name = xstrdup(list->text);
			r->hosts[0].node = list;
			r->nhosts = 1;
		}
		return;
	}
	r->hosts = xcalloc(list->n ? list->n : 1, sizeof(*r->hosts));
	for (i = 0; i < list->n; i++) {
		const struct node *h = list->items[i];
		const char *name;
		const struct node *tags = NULL;
		size_t k, j;

		if (h->kind == NODE_MAP && h->n > 0) {
			name = h->keys[0]->text ? h->keys[0]->text : "";
			tags = h->items[0];
		} else if (h->kind == NODE_STR) {
			name = h->text;
		} else {
			continue;	/* Kamal's tagged_hosts skips non-String entries */
		}
		for (k = 0; k < r->nhosts; k++)
			if (strcmp(r->hosts[k].name, name) == 0)
				break;
		if (k == r->nhosts) {
			r->hosts[k].name = xstrdup(name);
			r->nhosts++;
		} else {
			strvec_clear(&r->hosts[k].tags);
		}
		r->hosts[k].node = h;
		if (tags && tags->kind == NODE_SEQ) {
			for (j = 0; j < tags->n; j++)
				strvec_push(&r->hosts[k].tags, tags->items[j]->text ? tags->items[j]->text : "");
		} else if (tags && tags->kind != NODE_NULL && tags->text) {
			strvec_push(&r->hosts[k].tags, tags->text);
		}
	}
	for (i = 0; i < r->nhosts; i++)
		strvec_push(&r->host_names, r->hosts[i].name);
}

static void
role_release(struct config_role *r)
{
	size_t i;

	free(r->name);
	for (i = 0; i < r->nhosts; i++) {
		free(r->hosts[i].name);
		strvec_clear(&r->hosts[i].tags);
	}
	free(r->hosts);
	strvec_clear(&r->host_names);
	free(r->cmd);
	free(r->restart);
	kvs_release(&r->options);
	kvs_release(&r->labels);
	logging_release(&r->logging);
	config_env_release(&r->env);
	if (r->proxy) {
		proxy_release(r->proxy);
		free(r->proxy);
	}
	free(r->asset_path);
	free(r->asset_path_options);
	free(r->container_prefix);
	free(r->secrets_path);
}

static char *
restart_of(const struct node *options)
{
	size_t i;

	if (options && options->kind == NODE_MAP)
		for (i = 0; i < options->n; i++)
			if (options->keys[i]->text && strcmp(options->keys[i]->text, "restart") == 0 &&
			    node_str(options->items[i]))
				return xstrdup(options->items[i]->text);
	return xstrdup("unless-stopped");
}

static int
build_roles(struct config *c, const struct node *raw, struct errinfo *e)
{
	const struct node *servers = node_get(raw, "servers");
	const struct node *sk = where_of(raw, "servers", raw);
	struct strvec names = STRVEC_INIT;
	struct node *empty = node_new(NODE_MAP, raw->file, raw->line, raw->col);
	size_t i;
	int r;

	if ((r = validate_servers(servers, sk, e)) != 0)
		goto out;
	if (servers && servers->kind == NODE_SEQ) {
		strvec_push(&names, "web");
	} else if (servers && servers->kind == NODE_MAP) {
		for (i = 0; i < servers->n; i++)
			strvec_push(&names, servers->keys[i]->text ? servers->keys[i]->text : "");
		strvec_sort(&names);
	}
	c->roles = xcalloc(names.n ? names.n : 1, sizeof(*c->roles));
	for (i = 0; i < names.n; i++) {
		struct config_role *role = &c->roles[c->nroles++];
		const char *name = names.v[i];
		const struct node *rc, *rk, *spec = NULL, *pspec;
		char ctx[512];

		role->name = xstrdup(name);
		if (servers->kind == NODE_SEQ) {
			rc = empty;
			rk = sk;
			role->node = servers;
		} else {
			rc = node_get(servers, name);
			rk = where_of(servers, name, sk);
			role->node = rc;
		}
		if ((r = validate_role(name, rc, rk, e)) != 0)
			goto out;
		spec = rc->kind == NODE_MAP ? rc : empty;
		/* env */
		snprintf(ctx, sizeof(ctx), "servers/%s/env", name);
		if ((r = validate_env(node_has(spec, "env") ? node_get(spec, "env") : empty, ctx,
		    where_of(spec, "env", rk), e)) != 0)
			goto out;
		env_from_node(&role->env, node_get(spec, "env"));
		/* logging */
		snprintf(ctx, sizeof(ctx), "servers/%s/logging", name);
		if ((r = validate_section(node_has(spec, "logging") && node_get(spec, "logging")->kind != NODE_NULL ?
		    node_get(spec, "logging") : empty, schema_logging, ctx, where_of(spec, "logging", rk), e)) != 0)
			goto out;
		/* proxy */
		role->primary = strcmp(name, c->primary_role_name) == 0;
		pspec = node_get(spec, "proxy");
		if (role->primary)
			role->running_proxy = !(pspec && pspec->kind == NODE_BOOL && pspec->ival == 0);
		else
			role->running_proxy = node_truthy(pspec);
		if (role->running_proxy && pspec && pspec->kind != NODE_BOOL) {
			snprintf(ctx, sizeof(ctx), "servers/%s/proxy", name);
			if ((r = validate_proxy(pspec, ctx, where_of(spec, "proxy", rk), e)) != 0)
				goto out;
		}
		/* the rest of the role */
		if (servers->kind == NODE_SEQ)
			role_hosts(role, servers);
		else if (rc->kind == NODE_SEQ)
			role_hosts(role, rc);
		else
			role_hosts(role, node_get(rc, "hosts"));
		role->cmd = str_of(node_get(spec, "cmd"));
		if ((role->has_stop_timeout = opt_int(node_get(spec, "stop_timeout"), &role->stop_timeout)) == 0)
			role->has_stop_timeout = opt_int(node_get(raw, "stop_timeout"), &role->stop_timeout);
		role->restart = restart_of(node_get(spec, "options"));
		kvs_from_options(&role->options, node_get(spec, "options"), 1);
		if (node_present(node_get(raw, "labels")))
			kvs_from_map(&role->labels, node_get(raw, "labels"));
		if (node_present(node_get(spec, "labels")))
			kvs_from_map(&role->labels, node_get(spec, "labels"));
		{
			struct node *merged = node_deep_merge(node_get(raw, "logging") ? node_get(raw, "logging") : empty,
			    node_get(spec, "logging") ? node_get(spec, "logging") : empty);

			logging_from_node(&role->logging, merged);
			/* options values point into `merged`: keep no node pointers */
			for (size_t k = 0; k < role->logging.options.n; k++)
				role->logging.options.v[k].node = NULL;
			node_free(merged);
		}
		{
			const char *ap = node_str(node_get(spec, "asset_path"));

			if (!node_present(node_get(spec, "asset_path")))
				ap = node_present(node_get(raw, "asset_path")) ? node_str(node_get(raw, "asset_path")) : NULL;
			if (ap) {
				const char *colon = strchr(ap, ':');

				role->asset_path = colon ? xstrndup(ap, (size_t)(colon - ap)) : xstrdup(ap);
				role->asset_path_options = colon ? xstrdup(colon + 1) : NULL;
			}
		}
		role->container_prefix = c->destination ?
		    xasprintf("%s-%s-%s", c->service ? c->service : "", name, c->destination) :
		    xasprintf("%s-%s", c->service ? c->service : "", name);
		role->secrets_path = xasprintf("%s/roles/%s.env", c->env_directory, name);
		if (role->primary)
			c->primary_role = role;
	}
out:
	strvec_clear(&names);
	node_free(empty);
	return r;
}

/* ---------------------------------------------------------- accessories ---- */

static void
acc_path_release(struct config_acc_path *p)
{
	free(p->local);
	free(p->key);
	free(p->host_path);
	free(p->container_path);
	free(p->options);
	free(p->mode);
	free(p->owner);
}

static void
accessory_release(struct config_accessory *a)
{
	size_t i;

	free(a->name);
	free(a->service_name);
	free(a->image);
	if (a->registry) {
		registry_release(a->registry);
		free(a->registry);
	}
	strvec_clear(&a->hosts);
	free(a->cmd);
	free(a->port);
	kvs_release(&a->labels);
	free(a->restart);
	kvs_release(&a->options);
	config_env_release(&a->env);
	for (i = 0; i < a->nfiles; i++)
		acc_path_release(&a->files[i]);
	free(a->files);
	for (i = 0; i < a->ndirectories; i++)
		acc_path_release(&a->directories[i]);
	free(a->directories);
	strvec_clear(&a->volumes);
	free(a->network);
	if (a->proxy) {
		proxy_release(a->proxy);
		free(a->proxy);
	}
	free(a->secrets_path);
}

/* Hosts of roles whose (array) host entries carry tag (accessory.rb). */
static void
hosts_with_tag(const struct node *raw, const char *tag, struct strvec *out)
{
	const struct node *servers = node_get(raw, "servers");
	size_t i, j, k;

	if (servers == NULL || servers->kind != NODE_MAP)
		return;
	for (i = 0; i < servers->n; i++) {
		const struct node *list = servers->items[i];

		if (list->kind != NODE_SEQ)
			continue;	/* a hash role (hosts:) enumerates pairs: never a match */
		for (j = 0; j < list->n; j++) {
			const struct node *h = list->items[j];
			const struct node *v;
			int match = 0;

			if (h->kind != NODE_MAP || h->n == 0)
				continue;
			v = h->items[0];
			if (v->kind == NODE_SEQ) {
				for (k = 0; k < v->n; k++)
					if (v->items[k]->text && strcmp(v->items[k]->text, tag) == 0)
						match = 1;
			} else if (v->kind == NODE_STR) {
				match = strstr(v->text, tag) != NULL;	/* String#include? */
			}
			if (match)
				strvec_push(out, h->keys[0]->text ? h->keys[0]->text : "");
		}
	}
}

static char *
expand_local(const struct config *c, const char *local)
{
	char *p = config_path(c, local);
	char *abs;

	if (p[0] == '/')
		return p;
	{
		char cwd[4096];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			snprintf(cwd, sizeof(cwd), ".");
		abs = path_join(cwd, p);
	}
	free(p);
	return abs;
}

static void
parse_paths(const struct config *c, const struct config_accessory *a, const struct node *list, int files,
    struct config_acc_path **out, size_t *nout)
{
	size_t i, k;

	if (list == NULL || list->kind != NODE_SEQ)
		return;
	*out = xcalloc(list->n ? list->n : 1, sizeof(**out));
	for (i = 0; i < list->n; i++) {
		const struct node *it = list->items[i];
		struct config_acc_path p;
		char *local = NULL, *remote = NULL, *opts = NULL, *mode = NULL, *owner = NULL;

		memset(&p, 0, sizeof(p));
		if (it->kind == NODE_MAP) {
			local = str_of(node_get(it, "local"));
			remote = str_of(node_get(it, "remote"));
			opts = str_of(node_get(it, "options"));
			mode = str_of(node_get(it, "mode"));
			owner = str_of(node_get(it, "owner"));
			if (mode == NULL && files)
				mode = xstrdup("755");
		} else {
			/* "local:remote[:options]" split(":", 3) */
			const char *s = it->text ? it->text : "";
			const char *c1 = strchr(s, ':');
			const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

			local = c1 ? xstrndup(s, (size_t)(c1 - s)) : xstrdup(s);
			if (c1)
				remote = c2 ? xstrndup(c1 + 1, (size_t)(c2 - c1 - 1)) : xstrdup(c1 + 1);
			if (c2)
				opts = xstrdup(c2 + 1);
			if (files)
				mode = xstrdup("755");
		}
		if (local == NULL)
			local = xstrdup("");
		if (remote == NULL)
			remote = xstrdup("");
		p.local = local;
		p.container_path = remote;
		p.options = opts;
		p.mode = mode;
		p.owner = owner;
		p.node = it;
		if (files) {
			size_t ll = strlen(local);

			p.erb = ll >= 3 && strcmp(local + ll - 3, "erb") == 0;
			p.key = p.erb ? xstrdup(local) : expand_local(c, local);
			p.host_path = xasprintf("%s%s", a->service_name, remote);
		} else if (local[0] == '/') {
			p.key = xstrdup(local);
			p.host_path = xstrdup(local);
		} else {
			char *d = xasprintf("$PWD/%s", a->service_name);

			p.key = path_join(d, local);
			p.host_path = path_join(a->service_name, local);
			free(d);
		}
		/* Kamal builds a Hash keyed by `key`: a repeated key keeps its first position. */
		for (k = 0; k < *nout; k++)
			if (!p.erb && !(*out)[k].erb && strcmp((*out)[k].key, p.key) == 0)
				break;
		if (k < *nout) {
			acc_path_release(&(*out)[k]);
			(*out)[k] = p;
		} else {
			(*out)[(*nout)++] = p;
		}
	}
}

static int
build_accessories(struct config *c, const struct node *raw, struct errinfo *e)
{
	const struct node *accs = node_get(raw, "accessories");
	size_t i, j;
	int r = 0;

	if (accs == NULL || accs->kind != NODE_MAP)
		return 0;
	c->accessories = xcalloc(accs->n ? accs->n : 1, sizeof(*c->accessories));
	for (i = 0; i < accs->n; i++) {
		struct config_accessory *a = &c->accessories[c->naccessories++];
		const char *name = accs->keys[i]->text ? accs->keys[i]->text : "";
		const struct node *n = accs->items[i], *ak = accs->keys[i], *v;
		char ctx[512];

		a->name = xstrdup(name);
		a->node = n;
		if ((r = validate_accessory(name, n, ak, e)) != 0)
			return r;
		/* ensure_valid_roles */
		v = node_get(n, "roles");
		if (node_truthy(v) && v->kind == NODE_SEQ) {
			struct str missing = STR_INIT;
			size_t nm = 0;

			for (j = 0; j < v->n; j++)
				if (!v->items[j]->text || !config_role(c, v->items[j]->text)) {
					str_addf(&missing, "%s%s", nm ? ", " : "", v->items[j]->text ? v->items[j]->text : "");
					nm++;
				}
			if (nm) {
				r = validate_error(e, v, "", "accessories/%s: unknown roles %s", name, str_cstr(&missing));
				str_release(&missing);
				return r;
			}
			str_release(&missing);
		} else if (node_truthy(node_get(n, "role"))) {
			const char *rn = node_str(node_get(n, "role"));

			if (rn == NULL || !config_role(c, rn))
				return validate_error(e, node_get(n, "role"), "", "accessories/%s: unknown role %s",
				    name, rn ? rn : "");
		}
		snprintf(ctx, sizeof(ctx), "accessories/%s/env", name);
		if (node_has(n, "env") &&
		    (r = validate_env(node_get(n, "env"), ctx, where_of(n, "env", ak), e)) != 0)
			return r;
		env_from_node(&a->env, node_get(n, "env"));
		if (node_present(node_get(n, "proxy"))) {
			snprintf(ctx, sizeof(ctx), "accessories/%s/proxy", name);
			if ((r = validate_proxy(node_get(n, "proxy"), ctx, where_of(n, "proxy", ak), e)) != 0)
				return r;
		}
		if (node_present(node_get(n, "registry"))) {
			snprintf(ctx, sizeof(ctx), "accessories/%s/registry", name);
			if ((r = validate_registry(node_get(n, "registry"), ctx, where_of(n, "registry", ak), e)) != 0)
				return r;
			a->registry = xcalloc(1, sizeof(*a->registry));
			registry_from_node(a->registry, node_get(n, "registry"));
		}
		/* model */
		a->service_name = node_has(n, "service") && node_str(node_get(n, "service")) ?
		    xstrdup(node_get(n, "service")->text) : xasprintf("%s-%s", c->service ? c->service : "", name);
		{
			const char *img = node_str(node_get(n, "image"));
			const char *srv = a->registry ? a->registry->server : NULL;

			if (srv && img)
				a->image = xasprintf("%s/%s", srv, img);
			else
				a->image = xstrdup(srv ? srv : img ? img : "");
		}
		if (node_has(n, "host")) {
			strvec_push(&a->hosts, node_str(node_get(n, "host")) ? node_get(n, "host")->text : "");
		} else if (node_has(n, "hosts")) {
			strvec_from_seq(&a->hosts, node_get(n, "hosts"));
		} else if (node_has(n, "role")) {
			const struct config_role *ro = config_role(c, node_str(node_get(n, "role")));

			if (ro)
				for (j = 0; j < ro->nhosts; j++)
					strvec_push(&a->hosts, ro->hosts[j].name);
		} else if (node_has(n, "roles")) {
			v = node_get(n, "roles");
			for (j = 0; v && v->kind == NODE_SEQ && j < v->n; j++) {
				const struct config_role *ro = config_role(c, v->items[j]->text);
				size_t h;

				for (h = 0; ro && h < ro->nhosts; h++)
					strvec_push(&a->hosts, ro->hosts[h].name);
			}
		} else if (node_has(n, "tag")) {
			if (node_str(node_get(n, "tag")))
				hosts_with_tag(raw, node_get(n, "tag")->text, &a->hosts);
		} else if (node_has(n, "tags")) {
			v = node_get(n, "tags");
			for (j = 0; v && v->kind == NODE_SEQ && j < v->n; j++)
				if (v->items[j]->text)
					hosts_with_tag(raw, v->items[j]->text, &a->hosts);
		}
		a->cmd = str_of(node_get(n, "cmd"));
		if (node_str(node_get(n, "port"))) {
			const char *p = node_get(n, "port")->text;

			a->port = strchr(p, ':') ? xstrdup(p) : xasprintf("%s:%s", p, p);
		}
		kvs_from_map(&a->labels, node_get(n, "labels"));
		a->restart = restart_of(node_get(n, "options"));
		kvs_from_options(&a->options, node_get(n, "options"), 1);
		parse_paths(c, a, node_get(n, "files"), 1, &a->files, &a->nfiles);
		parse_paths(c, a, node_get(n, "directories"), 0, &a->directories, &a->ndirectories);
		strvec_from_seq(&a->volumes, node_get(n, "volumes"));
		a->network = node_str(node_get(n, "network")) ? xstrdup(node_get(n, "network")->text) : xstrdup("kamal");
		if (node_present(node_get(n, "proxy"))) {
			a->proxy = xcalloc(1, sizeof(*a->proxy));
			proxy_from_node(c, a->proxy, node_get(n, "proxy"), NULL);
		}
		a->secrets_path = xasprintf("%s/accessories/%s.env", c->env_directory, name);
	}
	return 0;
}

/* ----------------------------------------------------------- builder etc ---- */

static void
builder_from_node(struct config *c, struct config_builder *b, const struct node *n)
{
	const struct node *arch = node_get(n, "arch"), *cache, *pack;

	b->node = n;
	b->driver = node_has(n, "driver") ? xstrdup(node_str(node_get(n, "driver")) ?
	    node_str(node_get(n, "driver")) : "") : xstrdup("docker-container");
	if (node_has(n, "arch")) {
		strvec_from_seq(&b->arches, arch);
	} else if (strcmp(b->driver, "docker") != 0) {
		strvec_push(&b->arches, "amd64");
		strvec_push(&b->arches, "arm64");
	}
	b->remote = str_of(node_get(n, "remote"));
	b->local_disabled = node_get(n, "local") && node_get(n, "local")->kind == NODE_BOOL &&
	    node_get(n, "local")->ival == 0;
	pack = node_get(n, "pack");
	b->pack = node_truthy(pack);
	if (b->pack) {
		b->pack_builder = str_of(node_get(pack, "builder"));
		strvec_from_seq(&b->pack_buildpacks, node_get(pack, "buildpacks"));
	}
	cache = node_get(n, "cache");
	b->cached = node_truthy(cache);
	if (b->cached) {
		b->cache_type = str_of(node_get(cache, "type"));
		b->cache_options = str_of(node_get(cache, "options"));
	}
	if (b->cached && node_truthy(node_get(cache, "image")))
		b->cache_image = str_of(node_get(cache, "image"));
	else
		b->cache_image = xasprintf("%s-build-cache", c->image ? c->image : "");
	b->context = str_of(node_get(n, "context"));
	b->dockerfile = node_truthy(node_get(n, "dockerfile")) ? str_of(node_get(n, "dockerfile")) :
	    xstrdup("Dockerfile");
	b->target = str_of(node_get(n, "target"));
	kvs_from_map(&b->args, node_get(n, "args"));
	strvec_from_seq(&b->secrets, node_get(n, "secrets"));
	b->ssh = str_of(node_get(n, "ssh"));
	if (node_has(n, "provenance") && node_get(n, "provenance")->kind != NODE_NULL) {
		b->provenance = str_of(node_get(n, "provenance"));
		b->provenance_kind = node_get(n, "provenance")->kind;
	}
	b->sbom = tri(node_get(n, "sbom"));
}

static void
builder_release(struct config_builder *b)
{
	strvec_clear(&b->arches);
	free(b->remote);
	free(b->pack_builder);
	strvec_clear(&b->pack_buildpacks);
	free(b->cache_type);
	free(b->cache_options);
	free(b->cache_image);
	free(b->context);
	free(b->dockerfile);
	free(b->target);
	kvs_release(&b->args);
	strvec_clear(&b->secrets);
	free(b->ssh);
	free(b->driver);
	free(b->provenance);
}

static void
ssh_from_node(struct config_ssh *s, const struct node *n)
{
	const struct node *v;

	s->user = node_has(n, "user") ? str_of(node_get(n, "user")) : xstrdup("root");
	if (s->user == NULL)
		s->user = xstrdup("");
	v = node_get(n, "port");
	s->port = node_has(n, "port") ? xstrdup(node_str(v) ? v->text : "") : xstrdup("22");
	s->port_num = strtoll(s->port, NULL, 10);
	v = node_get(n, "proxy");
	if (node_truthy(v) && node_str(v))
		s->proxy = strchr(v->text, '@') ? xstrdup(v->text) : xasprintf("root@%s", v->text);
	else if (node_truthy(node_get(n, "proxy_command")))
		s->proxy_command = str_of(node_get(n, "proxy_command"));
	s->log_level = node_has(n, "log_level") ? xstrdup(node_str(node_get(n, "log_level")) ?
	    node_get(n, "log_level")->text : "") : xstrdup("fatal");
	s->keys_only = tri(node_get(n, "keys_only"));
	v = node_get(n, "keys");
	if (v && v->kind != NODE_NULL) {
		s->has_keys = 1;
		strvec_from_seq(&s->keys, v);
	}
	v = node_get(n, "key_data");
	if (node_truthy(v)) {
		s->has_key_data = 1;
		strvec_from_seq(&s->key_data, v);
	}
	v = node_get(n, "config");
	s->config = CONFIG_UNSET;
	if (v && v->kind == NODE_BOOL) {
		s->config = (int)v->ival;
	} else if (v && v->kind == NODE_STR) {
		s->config = 2;
		strvec_push(&s->config_files, v->text);
	} else if (v && v->kind == NODE_SEQ) {
		s->config = 2;
		strvec_from_seq(&s->config_files, v);
	}
	s->forward_agent = tri(node_get(n, "forward_agent"));
}

static void
ssh_release(struct config_ssh *s)
{
	free(s->user);
	free(s->port);
	free(s->proxy);
	free(s->proxy_command);
	free(s->log_level);
	strvec_clear(&s->keys);
	strvec_clear(&s->key_data);
	strvec_clear(&s->config_files);
}

/* ------------------------------------------------------------- lookups ---- */

const struct config_role *
config_role(const struct config *c, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < c->nroles; i++)
		if (strcmp(c->roles[i].name, name) == 0)
			return &c->roles[i];
	return NULL;
}

const struct config_accessory *
config_accessory(const struct config *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->naccessories; i++)
		if (strcmp(c->accessories[i].name, name) == 0)
			return &c->accessories[i];
	return NULL;
}

/* ---------------------------------------------------------- post checks ---- */

static int
valid_service_name(const char *s)
{
	/* /^[a-z0-9_-]+$/i with Ruby's line anchors: some line matches entirely */
	const char *line = s;

	while (line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line), i;
		int ok = n > 0;

		for (i = 0; i < n; i++)
			if (!(isalnum((unsigned char)line[i]) || line[i] == '_' || line[i] == '-'))
				ok = 0;
		if (ok)
			return 1;
		line = end ? end + 1 : NULL;
	}
	return 0;
}

static int
run_conflicts(struct config *c, const char *host)
{
	const struct node *first = NULL;
	int have = 0;
	size_t i;

	for (i = 0; i < c->nroles; i++) {
		const struct config_role *r = &c->roles[i];

		if (!r->proxy || !r->proxy->run || !config_role_has_host(r, host))
			continue;
		if (!have) {
			first = r->proxy->run->node;
			have = 1;
		} else if (!node_equal(first, r->proxy->run->node)) {
			return 1;
		}
	}
	for (i = 0; i < c->naccessories; i++) {
		const struct config_accessory *a = &c->accessories[i];

		if (!a->proxy || !a->proxy->run || strvec_find(&a->hosts, host) < 0)
			continue;
		if (!have) {
			first = a->proxy->run->node;
			have = 1;
		} else if (!node_equal(first, a->proxy->run->node)) {
			return 1;
		}
	}
	return 0;
}

/* Machine architecture as docker reports it (Kamal::Utils.docker_arch). sextant
 * asks uname(2) instead of `docker info`: the same answer for a local daemon. */
static const char *
local_arch(void)
{
	static char m[65];
	struct utsname u;

	if (uname(&u) != 0)
		return "amd64";
	if (strstr(u.machine, "aarch64"))
		return "arm64";
	if (strstr(u.machine, "x86_64"))
		return "amd64";
	snprintf(m, sizeof(m), "%s", u.machine);
	return m;
}

static int
hooks_level(const char *s)
{
	if (strcmp(s, "quiet") == 0)
		return HOOKS_OUTPUT_QUIET;
	if (strcmp(s, "verbose") == 0)
		return HOOKS_OUTPUT_VERBOSE;
	return -1;
}

static int
post_checks(struct config *c, const struct node *raw, const struct config_opts *o, struct errinfo *e)
{
	const struct node *svc = node_get(raw, "service");
	size_t i, j;
	int r;

	/* 1 */
	if (c->require_destination && c->destination == NULL)
		return err_setloc(e, ERR_INVAL, raw->file, node_get_key(raw, "require_destination")->line,
		    node_get_key(raw, "require_destination")->col, "You must specify a destination");
	/* 2 */
	if (!node_present(svc))
		return validate_error(e, svc ? svc : raw, "", "Missing required configuration for service");
	if (!node_present(node_get(raw, "registry")))
		return validate_error(e, where_of(raw, "registry", raw), "", "Missing required configuration for registry");
	if (c->image == NULL || !*c->image || strspn(c->image, " \t\r\n\f\v") == strlen(c->image))
		return validate_error(e, where_of(raw, "image", raw), "", "Missing required configuration for image");
	if (!node_has(raw, "servers") || node_get(raw, "servers")->kind == NODE_NULL) {
		if (!node_present(node_get(raw, "accessories")))
			return validate_error(e, raw, "", "No servers or accessories specified");
	} else {
		const struct node *where = where_of(raw, "servers", raw);

		if (c->primary_role == NULL)
			return validate_error(e, node_has(raw, "primary_role") ? node_get(raw, "primary_role") : where,
			    "", "The primary_role %s isn't defined", c->primary_role_name);
		if (c->primary_role->nhosts == 0)
			return validate_error(e, c->primary_role->node ? c->primary_role->node : where, "",
			    "No servers specified for the %s primary_role", c->primary_role->name);
		if (!c->allow_empty_roles)
			for (i = 0; i < c->nroles; i++)
				if (c->roles[i].nhosts == 0)
					return validate_error(e, c->roles[i].node ? c->roles[i].node : where, "",
					    "No servers specified for the %s role. You can ignore this with allow_empty_roles: true",
					    c->roles[i].name);
	}
	/* 3 */
	if (c->minimum_version) {
		int cmp;

		if (gem_version_cmp(c->minimum_version, KAMAL_COMPAT_VERSION, &cmp) != 0)
			return err_setloc(e, ERR_INVAL, raw->file, node_get(raw, "minimum_version")->line,
			    node_get(raw, "minimum_version")->col, "Malformed version number string %s",
			    c->minimum_version);
		if (cmp > 0)
			return validate_error(e, node_get(raw, "minimum_version"), "",
			    "Current version is %s, minimum required is %s", KAMAL_COMPAT_VERSION, c->minimum_version);
	}
	/* 4 */
	if (c->retain_containers < 1)
		return validate_error(e, where_of(raw, "retain_containers", raw), "", "Must retain at least 1 container");
	/* 5 */
	if (svc->kind != NODE_STR || !valid_service_name(svc->text))
		return validate_error(e, svc, "",
		    "Service name can only include alphanumeric characters, hyphens, and underscores");
	/* 6 */
	if (!o->no_fs_checks) {
		static const char *const traefik[] = { "pre-traefik-reboot", "post-traefik-reboot", NULL };
		struct str found = STR_INIT;
		int nf = 0;

		for (i = 0; traefik[i]; i++) {
			char *hp = config_path(c, c->hooks_path);
			char *f = path_join(hp, traefik[i]);

			if (fs_exists(f)) {
				str_addf(&found, "%s%s", nf ? ", " : "", traefik[i]);
				nf++;
			}
			free(f);
			free(hp);
		}
		if (nf) {
			char *f = path_join(c->hooks_path, strncmp(str_cstr(&found), "pre", 3) == 0 ?
			    "pre-traefik-reboot" : "post-traefik-reboot");

			r = validate_error(e, NULL, "", "Found %s, these should be renamed to (pre|post)-proxy-reboot",
			    str_cstr(&found));
			err_sethost(e, f);
			free(f);
			str_release(&found);
			return r;
		}
	}
	/* 7: role proxies (root deep-merged with the role's, validated as "proxy") */
	for (i = 0; i < c->nroles; i++) {
		struct config_role *ro = &c->roles[i];
		const struct node *spec, *pspec;
		struct node *empty, *merged;

		if (!ro->running_proxy)
			continue;
		spec = ro->node && ro->node->kind == NODE_MAP ? ro->node : NULL;
		pspec = spec ? node_get(spec, "proxy") : NULL;
		empty = node_new(NODE_MAP, raw->file, raw->line, raw->col);
		merged = node_deep_merge(c->has_proxy && node_get(raw, "proxy")->kind == NODE_MAP ?
		    node_get(raw, "proxy") : empty, pspec && pspec->kind == NODE_MAP ? pspec : empty);
		node_free(empty);
		config_keep(c, merged);
		if ((r = validate_proxy(merged, "proxy", where_of(spec, "proxy", ro->node), e)) != 0)
			return r;
		ro->proxy = xcalloc(1, sizeof(*ro->proxy));
		proxy_from_node(c, ro->proxy, merged, ro->name);
		if (ro->proxy->ssl && ro->nhosts > 1 && !ro->proxy->custom_ssl)
			return validate_error(e, where_of(spec, "proxy", ro->node), "",
			    "SSL is only supported on a single server unless you provide custom certificates, found %zu servers for role %s",
			    ro->nhosts, ro->name);
	}
	/* 8 */
	{
		struct strvec seen = STRVEC_INIT, dups = STRVEC_INIT;
		struct str s = STR_INIT;

		for (i = 0; i < c->nroles; i++) {
			const struct config_role *ro = &c->roles[i];

			if (!ro->proxy || !ro->proxy->ssl)
				continue;
			for (j = 0; j < ro->proxy->hosts.n; j++) {
				if (strvec_find(&seen, ro->proxy->hosts.v[j]) >= 0)
					strvec_push_unique(&dups, ro->proxy->hosts.v[j]);
				else
					strvec_push(&seen, ro->proxy->hosts.v[j]);
			}
		}
		/* tally order: by first appearance */
		for (i = 0; i < seen.n; i++)
			if (strvec_find(&dups, seen.v[i]) >= 0)
				str_addf(&s, "%s%s", s.len ? ", " : "", seen.v[i]);
		r = 0;
		if (dups.n)
			r = validate_error(e, where_of(raw, "proxy", where_of(raw, "servers", raw)), "",
			    "Different roles can't share the same host for SSL: %s", str_cstr(&s));
		strvec_clear(&seen);
		strvec_clear(&dups);
		str_release(&s);
		if (r)
			return r;
	}
	/* 9 */
	if (c->registry.local && c->builder.remote) {
		const char *la = local_arch();
		int remote_arches = 0;

		if (!c->builder.local_disabled) {
			for (i = 0; i < c->builder.arches.n; i++)
				if (strcmp(c->builder.arches.v[i], la) != 0)
					remote_arches = 1;
		} else {
			remote_arches = c->builder.arches.n > 0;
		}
		if (remote_arches && strncmp(c->builder.remote, "ssh:", 4) != 0)
			return validate_error(e, node_dig(raw, "builder", "remote", NULL), "",
			    "Local registry with remote builder requires an SSH URL (e.g., ssh://user@host)");
	}
	/* 10 (only when some proxy has `run:`; otherwise nothing can conflict) */
	{
		int any_run = 0;

		for (i = 0; i < c->nroles; i++)
			any_run |= c->roles[i].proxy && c->roles[i].proxy->run;
		for (i = 0; i < c->naccessories; i++)
			any_run |= c->accessories[i].proxy && c->accessories[i].proxy->run;
		if (!any_run)
			goto check11;
	}
	for (i = 0; i < c->all_hosts.n; i++)
		if (run_conflicts(c, c->all_hosts.v[i]))
			return validate_error(e, where_of(raw, "proxy", raw), "",
			    "Conflicting proxy run configurations for host %s", c->all_hosts.v[i]);
	/* 11 */
check11:
	{
		const struct node *ho = node_get(raw, "hooks_output");

		if (ho && (ho->kind == NODE_STR || ho->kind == NODE_SYM)) {
			int l = hooks_level(ho->text);

			if (l < 0)
				return validate_error(e, ho, "", "Invalid hooks_output '%s', must be one of: quiet, verbose",
				    ho->text);
			c->hooks_output = (enum config_hooks_output)l;
		} else if (ho && ho->kind == NODE_MAP) {
			for (i = 0; i < ho->n; i++) {
				const char *lv = ho->items[i]->text ? ho->items[i]->text : "";

				if (hooks_level(lv) < 0)
					return validate_error(e, ho->items[i], "",
					    "Invalid hooks_output '%s' for hook '%s', must be one of: quiet, verbose", lv,
					    ho->keys[i]->text ? ho->keys[i]->text : "");
				kvs_push(&c->hooks_output_per_hook, ho->keys[i]->text ? ho->keys[i]->text : "", lv,
				    NODE_STR, ho->items[i]);
			}
		}
	}
	return 0;
}

/* --------------------------------------------------------------- build ---- */

/* A set of strings for Ruby's Array#uniq over host lists (1,000s of hosts). */
struct strset {
	const char	**slot;
	size_t		  cap;
};

static size_t
str_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Adds s; returns 1 if it was new. cap must exceed the number of insertions. */
static int
strset_add(struct strset *set, const char *s)
{
	size_t i = str_hash(s) & (set->cap - 1);

	while (set->slot[i]) {
		if (strcmp(set->slot[i], s) == 0)
			return 0;
		i = (i + 1) & (set->cap - 1);
	}
	set->slot[i] = s;
	return 1;
}

static void
strset_init(struct strset *set, size_t n)
{
	set->cap = 16;
	while (set->cap < n * 2 + 1)
		set->cap *= 2;
	set->slot = xcalloc(set->cap, sizeof(*set->slot));
}

static void
uniq_push(struct strset *set, struct strvec *v, const char *s)
{
	if (strset_add(set, s))
		strvec_push(v, s);
}

static void
host_lists(struct config *c)
{
	struct strset all, app;
	size_t i, j, n = 0;

	for (i = 0; i < c->nroles; i++)
		n += c->roles[i].nhosts;
	for (i = 0; i < c->naccessories; i++)
		n += c->accessories[i].hosts.n;
	strset_init(&all, n);
	strset_init(&app, n);
	for (i = 0; i < c->nroles; i++)
		for (j = 0; j < c->roles[i].nhosts; j++) {
			uniq_push(&all, &c->all_hosts, c->roles[i].hosts[j].name);
			uniq_push(&app, &c->app_hosts, c->roles[i].hosts[j].name);
		}
	for (i = 0; i < c->naccessories; i++)
		for (j = 0; j < c->accessories[i].hosts.n; j++)
			uniq_push(&all, &c->all_hosts, c->accessories[i].hosts.v[j]);
	free(all.slot);
	free(app.slot);
}

static void
proxy_hosts(struct config *c)
{
	struct strset set;
	size_t i, j, n = 0;

	for (i = 0; i < c->nroles; i++)
		n += c->roles[i].nhosts;
	for (i = 0; i < c->naccessories; i++)
		n += c->accessories[i].hosts.n;
	strset_init(&set, n);
	for (i = 0; i < c->nroles; i++)
		if (c->roles[i].running_proxy)
			for (j = 0; j < c->roles[i].nhosts; j++)
				uniq_push(&set, &c->proxy_hosts, c->roles[i].hosts[j].name);
	for (i = 0; i < c->naccessories; i++)
		if (c->accessories[i].proxy)
			for (j = 0; j < c->accessories[i].hosts.n; j++)
				uniq_push(&set, &c->proxy_hosts, c->accessories[i].hosts.v[j]);
	free(set.slot);
}

static char *
root_str(const struct node *raw, const char *key, const char *def)
{
	const struct node *v = node_get(raw, key);

	if (node_truthy(v) && node_str(v))
		return xstrdup(v->text);
	return def ? xstrdup(def) : NULL;
}

static long long
root_int(const struct node *raw, const char *key, long long def)
{
	const struct node *v = node_get(raw, key);

	return v && v->kind == NODE_INT ? v->ival : def;
}

void
config_keep(struct config *c, struct node *n)
{
	if (c->lazy->keep == NULL)
		c->lazy->keep = node_new(NODE_SEQ, NULL, 0, 0);
	node_seq_push(c->lazy->keep, n);
}

int config_build(struct config *c, struct node *raw, const struct config_opts *o, struct errinfo *e);

int
config_build(struct config *c, struct node *raw, const struct config_opts *o, struct errinfo *e)
{
	const struct node *v;
	struct node *empty;
	const char *sd;
	int r;

	c->raw = raw;
	empty = node_new(NODE_MAP, raw->file, raw->line, raw->col);
	if ((r = validate_root(raw, e)) != 0)
		goto out;

	/* Root scalars and derived names (needed by every section). */
	c->service = root_str(raw, "service", NULL);
	if (c->service == NULL && node_str(node_get(raw, "service")))
		c->service = xstrdup(node_get(raw, "service")->text);
	c->service_and_destination = c->destination ?
	    xasprintf("%s-%s", c->service ? c->service : "", c->destination) : xstrdup(c->service ? c->service : "");
	sd = c->service_and_destination;
	c->run_directory = ".kamal";
	c->apps_directory = xstrdup(".kamal/apps");
	c->app_directory = xasprintf(".kamal/apps/%s", sd);
	c->env_directory = xasprintf("%s/env", c->app_directory);
	c->assets_directory = xasprintf("%s/assets", c->app_directory);
	c->proxy_directory = xstrdup(".kamal/proxy");
	c->proxy_apps_directory = xstrdup(".kamal/proxy/apps-config");
	c->proxy_app_directory = xasprintf(".kamal/proxy/apps-config/%s", sd);
	c->proxy_app_container_directory = xasprintf(PROXY_CONTAINER_APPS "/%s", sd);
	c->error_pages_directory = xasprintf("%s/error_pages", c->proxy_app_directory);
	c->error_pages_container_directory = xasprintf("%s/error_pages", c->proxy_app_container_directory);
	c->tls_directory = xasprintf("%s/tls", c->proxy_app_directory);
	c->tls_container_directory = xasprintf("%s/tls", c->proxy_app_container_directory);
	c->primary_role_name = root_str(raw, "primary_role", "web");
	c->hooks_path = root_str(raw, "hooks_path", ".kamal/hooks");
	c->secrets_path = root_str(raw, "secrets_path", ".kamal/secrets");
	c->secrets = secrets_new(c->secrets_path, c->destination, o->base_dir, o->environ);

	/* servers / roles */
	if ((r = build_roles(c, raw, e)) != 0)
		goto out;

	/* registry */
	v = node_get(raw, "registry");
	if ((r = validate_registry(v ? v : empty, "registry", where_of(raw, "registry", raw), e)) != 0)
		goto out;
	registry_from_node(&c->registry, v);

	/* image (needs registry.local) */
	v = node_get(raw, "image");
	if (node_present(v))
		c->image = xstrdup(v->text);
	else if (c->registry.local && c->service)
		c->image = xstrdup(c->service);
	c->repository = c->registry.server ?
	    xasprintf("%s/%s", c->registry.server, c->image ? c->image : "") : xstrdup(c->image ? c->image : "");
	c->latest_tag = c->destination ? xasprintf("latest-%s", c->destination) : xstrdup("latest");
	c->latest_image = xasprintf("%s:%s", c->repository, c->latest_tag);

	/* accessories */
	if ((r = build_accessories(c, raw, e)) != 0)
		goto out;
	host_lists(c);

	/* aliases */
	v = node_get(raw, "aliases");
	if (v && v->kind == NODE_MAP) {
		size_t i;

		for (i = 0; i < v->n; i++) {
			const char *name = v->keys[i]->text ? v->keys[i]->text : "";

			if ((r = validate_alias(name, v->items[i], v->keys[i], e)) != 0)
				goto out;
			kvs_push(&c->aliases, name, v->items[i]->text, v->items[i]->kind, v->items[i]);
		}
	}

	/* boot */
	v = node_get(raw, "boot");
	if ((r = validate_section(v ? v : empty, schema_boot, "boot", where_of(raw, "boot", raw), e)) != 0)
		goto out;
	{
		const struct node *lim = node_get(v, "limit");

		c->boot.parallel_roles = node_truthy(node_get(v, "parallel_roles"));
		c->boot.has_wait = opt_int(node_get(v, "wait"), &c->boot.wait);
		if (node_str(lim)) {
			size_t ll = strlen(lim->text);

			c->boot.has_limit = 1;
			c->boot.limit_value = strtoll(lim->text, NULL, 10);
			if (ll && lim->text[ll - 1] == '%') {
				long long n = (long long)c->all_hosts.n * c->boot.limit_value / 100;

				c->boot.limit_percent = 1;
				c->boot.limit = n > 1 ? n : 1;
			} else {
				c->boot.limit = c->boot.limit_value;
			}
		}
	}

	/* builder */
	v = node_get(raw, "builder");
	if ((r = validate_builder(v ? v : empty, where_of(raw, "builder", raw), e)) != 0)
		goto out;
	builder_from_node(c, &c->builder, v ? v : empty);
	if (v == NULL)
		c->builder.node = NULL;

	/* env */
	v = node_get(raw, "env");
	if ((r = validate_env(v ? v : empty, "env", where_of(raw, "env", raw), e)) != 0)
		goto out;
	env_from_node(&c->env, v);
	if (v && node_get(v, "tags") && node_get(v, "tags")->kind == NODE_MAP)
		c->env_tags = (struct node *)node_get(v, "tags");

	/* logging */
	v = node_get(raw, "logging");
	if ((r = validate_section(v ? v : empty, schema_logging, "logging", where_of(raw, "logging", raw), e)) != 0)
		goto out;
	logging_from_node(&c->logging, v);

	/* output */
	v = node_get(raw, "output");
	if (v && v->kind == NODE_MAP && v->n > 0) {
		if ((r = validate_section(v, schema_output, "output", where_of(raw, "output", raw), e)) != 0)
			goto out;
		c->output.enabled = 1;
		c->output.otel_endpoint = str_of(node_dig(v, "otel", "endpoint", NULL));
		c->output.file_path = str_of(node_dig(v, "file", "path", NULL));
	}

	/* proxy (root) */
	v = node_get(raw, "proxy");
	c->has_proxy = v != NULL && v->kind != NODE_NULL;
	if (c->has_proxy && (r = validate_proxy(v, "proxy", where_of(raw, "proxy", raw), e)) != 0)
		goto out;
	proxy_from_node(c, &c->proxy, v && v->kind == NODE_MAP ? v : empty, NULL);
	c->proxy.node = v && v->kind == NODE_MAP ? v : NULL;

	/* ssh, sshkit */
	v = node_get(raw, "ssh");
	if ((r = validate_section(v ? v : empty, schema_ssh, "ssh", where_of(raw, "ssh", raw), e)) != 0)
		goto out;
	ssh_from_node(&c->ssh, v);
	v = node_get(raw, "sshkit");
	if ((r = validate_section(v ? v : empty, schema_sshkit, "sshkit", where_of(raw, "sshkit", raw), e)) != 0)
		goto out;
	c->sshkit.max_concurrent_starts = root_int(v, "max_concurrent_starts", 30);
	c->sshkit.pool_idle_timeout = root_int(v, "pool_idle_timeout", 900);
	c->sshkit.dns_retries = root_int(v, "dns_retries", 3);

	/* remaining root scalars */
	kvs_from_map(&c->labels, node_get(raw, "labels"));
	strvec_from_seq(&c->volumes, node_get(raw, "volumes"));
	c->asset_path = str_of(node_get(raw, "asset_path"));
	c->error_pages_path = node_truthy(node_get(raw, "error_pages_path")) ?
	    str_of(node_get(raw, "error_pages_path")) : NULL;
	c->require_destination = node_truthy(node_get(raw, "require_destination"));
	c->allow_empty_roles = node_truthy(node_get(raw, "allow_empty_roles"));
	c->retain_containers = root_int(raw, "retain_containers", 5);
	c->minimum_version = node_truthy(node_get(raw, "minimum_version")) ?
	    str_of(node_get(raw, "minimum_version")) : NULL;
	c->readiness_delay = root_int(raw, "readiness_delay", 7);
	c->deploy_timeout = root_int(raw, "deploy_timeout", 30);
	c->drain_timeout = root_int(raw, "drain_timeout", 30);
	c->has_stop_timeout = opt_int(node_get(raw, "stop_timeout"), &c->stop_timeout);

	if ((r = post_checks(c, raw, o, e)) != 0)
		goto out;
	proxy_hosts(c);
out:
	node_free(empty);
	return r;
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->config_file);
	free(c->dest_file);
	free(c->destination);
	free(c->declared_version);
	free(c->service);
	free(c->image);
	free(c->service_and_destination);
	free(c->repository);
	free(c->latest_tag);
	free(c->latest_image);
	kvs_release(&c->labels);
	strvec_clear(&c->volumes);
	free(c->asset_path);
	free(c->hooks_path);
	kvs_release(&c->hooks_output_per_hook);
	free(c->secrets_path);
	free(c->error_pages_path);
	free(c->primary_role_name);
	free(c->minimum_version);
	free(c->apps_directory);
	free(c->app_directory);
	free(c->env_directory);
	free(c->assets_directory);
	free(c->proxy_directory);
	free(c->proxy_apps_directory);
	free(c->proxy_app_directory);
	free(c->proxy_app_container_directory);
	free(c->error_pages_directory);
	free(c->error_pages_container_directory);
	free(c->tls_directory);
	free(c->tls_container_directory);
	registry_release(&c->registry);
	for (i = 0; i < c->nroles; i++)
		role_release(&c->roles[i]);
	free(c->roles);
	for (i = 0; i < c->naccessories; i++)
		accessory_release(&c->accessories[i]);
	free(c->accessories);
	kvs_release(&c->aliases);
	builder_release(&c->builder);
	config_env_release(&c->env);
	logging_release(&c->logging);
	free(c->output.otel_endpoint);
	free(c->output.file_path);
	proxy_release(&c->proxy);
	ssh_release(&c->ssh);
	strvec_clear(&c->all_hosts);
	strvec_clear(&c->app_hosts);
	strvec_clear(&c->proxy_hosts);
	node_free(c->raw);
	if (c->lazy)
		node_free(c->lazy->keep);
	if (c->secrets)
		secrets_free(c->secrets);
	if (c->lazy) {
		pthread_mutex_destroy(&c->lazy->mu);
		free(c->lazy->version);
		free(c->lazy->version_err);
		free(c->lazy->cwd);
		free(c->lazy->base_dir);
		str_release(&c->lazy->scratch);
		free(c->lazy);
	}
	free(c);
}
