/*
 * `config`: Kamal's `puts Kamal::Utils.redacted(KAMAL.config.to_h).to_yaml`
 * (lib/kamal/cli/main.rb, Configuration#to_h). The keys, their order, the
 * values' Ruby types (so Psych's quoting) and the objects net-ssh would show
 * are reproduced; ssh key_data values are printed as [REDACTED] (sextant never
 * prints a secret).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "config/config.h"
#include "config/shell.h"
#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"

static struct node *
map(void)
{
	return node_new(NODE_MAP, NULL, 0, 0);
}

static struct node *
seq(void)
{
	return node_new(NODE_SEQ, NULL, 0, 0);
}

static struct node *
sc(enum node_kind k, const char *t)
{
	return node_new_scalar(k, t, NULL, 0, 0);
}

static void
put(struct node *m, const char *symkey, struct node *v)
{
	node_map_set(m, sc(NODE_SYM, symkey), v);
}

static struct node *
strs(const struct strvec *v)
{
	struct node *s = seq();
	size_t i;

	for (i = 0; i < v->n; i++)
		node_seq_push(s, sc(NODE_STR, v->v[i]));
	return s;
}

/* Logging#args: optionize(log-driver) + argumentize("--log-opt", options), or the default. */
static struct node *
logging_args(const struct config *c)
{
	struct node *s = seq();
	size_t i;

	if (c->logging.driver || c->logging.options.n) {
		if (c->logging.driver) {
			struct str v = STR_INIT;

			config_escape_shell_value(c->logging.driver, &v);
			node_seq_push(s, sc(NODE_STR, "--log-driver"));
			node_seq_push(s, sc(NODE_STR, str_cstr(&v)));
			str_release(&v);
		}
		for (i = 0; i < c->logging.options.n; i++) {
			const struct config_kv *kv = &c->logging.options.v[i];
			struct str v = STR_INIT;

			str_addf(&v, "%s", kv->key);
			if (config_kv_present(kv)) {
				str_addch(&v, '=');
				config_escape_shell_value(kv->val, &v);
			} else if (kv->kind == NODE_BOOL) {
				str_adds(&v, "=false");
			}
			node_seq_push(s, sc(NODE_STR, "--log-opt"));
			node_seq_push(s, sc(NODE_STR, str_cstr(&v)));
			str_release(&v);
		}
	} else {
		node_seq_push(s, sc(NODE_STR, "--log-opt"));
		node_seq_push(s, sc(NODE_STR, "max-size=\"10m\""));
	}
	return s;
}

static struct node *
raw_or_empty(const struct config *c, const char *key)
{
	const struct node *n = node_get(c->raw, key);

	return n && n->kind == NODE_MAP ? node_clone(n) : map();
}

/* Ssh#to_h: options (nil removed) minus the logger, plus log_level. */
static struct node *
ssh_options(const struct config *c)
{
	const struct node *raw = node_get(c->raw, "ssh"), *v;
	struct node *m = map();

	v = node_get(raw, "user");
	put(m, "user", node_has(raw, "user") ? node_clone(v) : sc(NODE_STR, "root"));
	v = node_get(raw, "port");
	put(m, "port", node_has(raw, "port") ? node_clone(v) : sc(NODE_INT, "22"));
	if (c->ssh.proxy) {
		struct node *j = map();

		j->text = xstrdup("!ruby/object:Net::SSH::Proxy::Jump");
		node_map_set(j, sc(NODE_STR, "jump_proxies"), sc(NODE_STR, c->ssh.proxy));
		put(m, "proxy", j);
	} else if (c->ssh.proxy_command) {
		struct node *j = map();

		j->text = xstrdup("!ruby/object:Net::SSH::Proxy::Command");
		node_map_set(j, sc(NODE_STR, "command_line_template"), sc(NODE_STR, c->ssh.proxy_command));
		node_map_set(j, sc(NODE_STR, "command_line"), sc(NODE_NULL, ""));
		node_map_set(j, sc(NODE_STR, "timeout"), sc(NODE_NULL, ""));
		put(m, "proxy", j);
	}
	put(m, "keepalive", sc(NODE_BOOL, "true"));
	put(m, "keepalive_interval", sc(NODE_INT, "30"));
	v = node_get(raw, "keys_only");
	if (v && v->kind != NODE_NULL)
		put(m, "keys_only", node_clone(v));
	v = node_get(raw, "keys");
	if (v && v->kind != NODE_NULL)
		put(m, "keys", node_clone(v));
	if (c->ssh.has_key_data) {
		struct node *s = seq();
		size_t i;

		for (i = 0; i < c->ssh.key_data.n; i++)
			node_seq_push(s, sc(NODE_STR, "[REDACTED]"));
		put(m, "key_data", s);
	}
	v = node_get(raw, "config");
	if (v && v->kind != NODE_NULL)
		put(m, "config", node_clone(v));
	v = node_get(raw, "forward_agent");
	if (v && v->kind != NODE_NULL)
		put(m, "forward_agent", node_clone(v));
	v = node_get(raw, "log_level");
	put(m, "log_level", node_has(raw, "log_level") ? node_clone(v) : sc(NODE_SYM, "fatal"));
	return m;
}

static int
load(struct cli *c, struct config **cfg)
{
	struct config_opts co;
	struct errinfo e;
	int rc;

	memset(&co, 0, sizeof(co));
	co.config_file = cli_str(c, "config_file");
	co.destination = cli_str(c, "destination");
	co.version = cli_str(c, "version");
	err_clear(&e);
	if ((rc = config_load(&co, cfg, &e)) != 0) {
		if (e.where[0])
			out_error(config_err_class(rc), "%s: %s", e.where, e.msg);
		else
			out_error(config_err_class(rc), "%s", e.msg);
		return 1;
	}
	return 0;
}

int	cmd_config(struct cli *c);

int
cmd_config(struct cli *c)
{
	struct config *cfg = NULL;
	struct node *h = NULL, *roles;
	struct str y = STR_INIT;
	struct errinfo e;
	const char *ver;
	char *t;
	size_t i;
	int rc = 1;

	if (load(c, &cfg) != 0)
		return 1;
	err_clear(&e);
	if (config_version(cfg, &ver, &e) != 0) {
		out_error(config_err_class(e.code), "%s", e.msg);
		goto out;
	}
	h = map();
	roles = seq();
	{
		const struct node *servers = node_get(cfg->raw, "servers");

		if (servers && servers->kind == NODE_SEQ)
			node_seq_push(roles, sc(NODE_STR, "web"));
		else
			for (i = 0; i < cfg->nroles; i++)
				node_seq_push(roles, sc(NODE_STR, cfg->roles[i].name));
	}
	put(h, "roles", roles);
	put(h, "hosts", strs(&cfg->all_hosts));
	if (config_primary_host(cfg))
		put(h, "primary_host", sc(NODE_STR, config_primary_host(cfg)));
	put(h, "version", sc(NODE_STR, ver));
	put(h, "repository", sc(NODE_STR, cfg->repository));
	t = xasprintf("%s:%s", cfg->repository, ver);
	put(h, "absolute_image", sc(NODE_STR, t));
	free(t);
	t = xasprintf("%s-%s", cfg->service ? cfg->service : "", ver);
	put(h, "service_with_version", sc(NODE_STR, t));
	free(t);
	{
		struct node *v = seq();

		for (i = 0; i < cfg->volumes.n; i++) {
			node_seq_push(v, sc(NODE_STR, "--volume"));
			node_seq_push(v, sc(NODE_STR, cfg->volumes.v[i]));
		}
		put(h, "volume_args", v);
	}
	put(h, "ssh_options", ssh_options(cfg));
	put(h, "sshkit", raw_or_empty(cfg, "sshkit"));
	put(h, "builder", raw_or_empty(cfg, "builder"));
	if (node_get(cfg->raw, "accessories") && node_get(cfg->raw, "accessories")->kind != NODE_NULL)
		put(h, "accessories", node_clone(node_get(cfg->raw, "accessories")));
	put(h, "logging", logging_args(cfg));
	node_to_yaml(h, &y);
	fwrite(y.s, 1, y.len, stdout);
	if (y.len == 0 || y.s[y.len - 1] != '\n')
		fputc('\n', stdout);
	rc = 0;
out:
	node_free(h);
	str_release(&y);
	config_free(cfg);
	return rc;
}
