/*
 * sshdest — ssh_config to ssh_target, jump hops included (sshdest.h).
 */
#include "ssh/sshdest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"
#include "ssh/cipher.h"
#include "ssh/kex.h"
#include "ssh/sshmatch.h"
#include "ssh/transport.h"

extern char **environ;

void
ssh_dest_opts_init(struct ssh_dest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->default_strict = SSH_STRICT_ACCEPT_NEW;
	o->identities_only = -1;
	o->forward_agent = -1;
	o->alive_interval = -1;
}

/* The final algorithm list: the ssh_config spec (+/-/^ or a list) against what sextant has. */
static int
alglist(const char *what, const char *spec, const char *supported, char **out, struct errinfo *e)
{
	struct str s = STR_INIT;
	int r;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		return 0;
	r = sshconf_alg_list(what, spec, supported, supported, &s, e);
	if (r == 0)
		*out = str_detach(&s, NULL);
	str_release(&s);
	return r;
}

/* SetEnv, then local variables whose names match a SendEnv pattern (as ssh(1)). */
static void
collect_env(const struct sshconf *c, struct strvec *env)
{
	size_t i, j;

	for (i = 0; i < c->set_env.n; i++)
		strvec_push(env, c->set_env.v[i]);
	for (i = 0; environ && environ[i]; i++) {
		const char *eq = strchr(environ[i], '=');
		char name[256];

		if (eq == NULL || (size_t)(eq - environ[i]) >= sizeof(name))
			continue;
		memcpy(name, environ[i], (size_t)(eq - environ[i]));
		name[eq - environ[i]] = '\0';
		for (j = 0; j < c->send_env.n; j++) {
			const char *pat = c->send_env.v[j];

			if (pat[0] != '-' && sshmatch_pattern(name, pat, strlen(pat), 0)) {
				strvec_push(env, environ[i]);
				break;
			}
		}
	}
}

void
ssh_dest_free(struct ssh_dest *d)
{
	if (d == NULL)
		return;
	ssh_dest_free(d->jump);
	sshconf_release(&d->conf);
	strvec_clear(&d->kh);
	strvec_clear(&d->env);
	strvec_clear(&d->ids);
	free(d->label);
	free(d->kex);
	free(d->ciphers);
	free(d->macs);
	free(d->hostkeys);
	free(d);
}

/* The ssh_target for a resolved config. */
static int
fill_target(struct ssh_dest *d, const struct ssh_dest_opts *o, int is_dest, struct errinfo *e)
{
	struct sshconf *c = &d->conf;
	struct ssh_target *t = &d->t;
	size_t i;

	if (alglist("KexAlgorithms", c->kex_algorithms, kex_default_list, &d->kex, e) != 0 ||
	    alglist("Ciphers", c->ciphers, cipher_default_list, &d->ciphers, e) != 0 ||
	    alglist("MACs", c->macs, mac_default_list, &d->macs, e) != 0 ||
	    alglist("HostKeyAlgorithms", c->host_key_algorithms, hostkey_default_list, &d->hostkeys, e) != 0)
		return ERR_CONFIG;
	ssh_target_init(t);
	t->host = c->hostname;
	t->port = c->port;
	t->user = c->user;
	t->label = d->label;
	t->host_key_alias = c->host_key_alias;
	if (o->identity_files) {
		for (i = 0; o->identity_files[i]; i++)
			strvec_push(&d->ids, o->identity_files[i]);
		t->identity_files = (const char *const *)d->ids.v;
		if (d->ids.n == 0)
			t->identity_files = (const char *const *)c->identity_files.v;
		t->identity_files_quiet = 0;
	} else {
		t->identity_files = (const char *const *)c->identity_files.v;
		t->identity_files_quiet = !(is_dest && o->identity_given);
	}
	t->identities_only = o->identities_only >= 0 ? o->identities_only : c->identities_only > 0;
	t->agent_socket = c->identity_agent;
	t->key_data = o->key_data;
	for (i = 0; i < c->user_known_hosts_files.n; i++)
		if (strcmp(c->user_known_hosts_files.v[i], "none") != 0)
			strvec_push(&d->kh, c->user_known_hosts_files.v[i]);
	t->known_hosts_add = d->kh.n ? d->kh.v[0] : "/dev/null";
	for (i = 0; i < c->global_known_hosts_files.n; i++)
		if (strcmp(c->global_known_hosts_files.v[i], "none") != 0)
			strvec_push(&d->kh, c->global_known_hosts_files.v[i]);
	if (d->kh.n == 0)
		strvec_push(&d->kh, "/dev/null");
	t->known_hosts = (const char *const *)d->kh.v;
	t->hash_known_hosts = c->hash_known_hosts > 0;
	switch (c->strict_host_key_checking) {
	case SSHCONF_SHKC_YES:
	case SSHCONF_SHKC_ASK:	/* nobody to ask: as yes */
		t->strict = SSH_STRICT_YES;
		break;
	case SSHCONF_SHKC_NO:
		t->strict = SSH_STRICT_NO;
		break;
	case SSHCONF_SHKC_ACCEPT_NEW:
		t->strict = SSH_STRICT_ACCEPT_NEW;
		break;
	default:
		t->strict = o->default_strict;
		t->lenient_local_tunnel = o->default_lenient_local;
		break;
	}
	if (o->connect_timeout > 0)
		t->connect_timeout_ms = o->connect_timeout * 1000;
	else
		t->connect_timeout_ms = c->connect_timeout > 0 ? c->connect_timeout * 1000 : 0;
	t->batch_mode = c->batch_mode > 0;
	t->passphrase = t->batch_mode ? NULL : o->passphrase;
	t->passphrase_arg = o->passphrase_arg;
	t->kex_algs = d->kex;
	t->ciphers = d->ciphers;
	t->macs = d->macs;
	t->hostkey_algs = d->hostkeys;
	t->rekey_bytes = is_dest ? o->rekey_bytes : 0;
	t->proxy_command = c->proxy_jump ? NULL : c->proxy_command;
	t->address_family = c->address_family == SSHCONF_AF_INET ? 4 : c->address_family == SSHCONF_AF_INET6 ? 6 : 0;
	t->server_alive_interval = o->alive_interval >= 0 ? o->alive_interval : c->server_alive_interval;
	t->server_alive_count_max = c->server_alive_count_max;
	t->forward_agent = o->forward_agent >= 0 ? o->forward_agent : c->forward_agent > 0;
	t->forward_agent_sock = c->forward_agent_sock;
	collect_env(c, &d->env);
	return 0;
}

/*
 * One level: the host as typed (user/port from a hop spec), the settings that come
 * first, and for a hop the remaining hops (overriding its own ProxyJump).
 */
static int
resolve(const struct sshconf_jump *spec, const struct ssh_dest_opts *o, int depth, const char *jump_override,
    struct ssh_dest **out, struct errinfo *e)
{
	struct ssh_dest *d = xcalloc(1, sizeof(*d));
	struct sshconf_jump *hops = NULL;
	struct str rest = STR_INIT;
	char portbuf[16];
	size_t n = 0, i;
	int r = 0;

	*out = NULL;
	d->depth = depth;
	d->label = xstrdup(spec->host);
	sshconf_init(&d->conf, spec->host);
	if (o->home) {
		free(d->conf.home);
		d->conf.home = xstrdup(o->home);
	}
	if (depth == 0) {
		for (i = 0; o->settings && o->settings[i] && o->settings[i + 1]; i += 2) {
			r = strcmp(o->settings[i], "-o") == 0 ? sshconf_option(&d->conf, o->settings[i + 1], e) :
			    sshconf_set(&d->conf, o->settings[i], o->settings[i + 1], e);
			if (r != 0)
				goto out;
		}
	}
	/* user@host / host:port count only if nothing earlier set them (as in ssh.c). */
	snprintf(portbuf, sizeof(portbuf), "%d", spec->port);
	if (spec->port && (r = sshconf_set(&d->conf, "Port", portbuf, e)) != 0)
		goto out;
	if (spec->user && (r = sshconf_set(&d->conf, "User", spec->user, e)) != 0)
		goto out;
	if (jump_override && (r = sshconf_set(&d->conf, "ProxyJump", jump_override, e)) != 0)
		goto out;
	if ((r = sshconf_load(&d->conf, o->files, o->flags, e)) != 0)
		goto out;
	if ((r = fill_target(d, o, depth == 0, e)) != 0)
		goto out;
	if (d->conf.proxy_jump) {
		if (depth >= SSH_MAX_JUMPS) {
			r = err_set(e, ERR_CONFIG, "ProxyJump: more than %d jump hosts for %s (a loop in ssh_config?)",
			    SSH_MAX_JUMPS, spec->host);
			goto out;
		}
		if ((r = sshconf_parse_jumps(d->conf.proxy_jump, &hops, &n, e)) != 0)
			goto out;
		if (n == 0) {
			r = err_set(e, ERR_CONFIG, "ProxyJump: empty list for %s", spec->host);
			goto out;
		}
		/* The last hop is the one we reach the destination through; the others lead to it. */
		for (i = 0; i + 1 < n; i++) {
			if (i)
				str_addch(&rest, ',');
			if (hops[i].user)
				str_addf(&rest, "%s@", hops[i].user);
			str_addf(&rest, strchr(hops[i].host, ':') ? "[%s]" : "%s", hops[i].host);
			if (hops[i].port)
				str_addf(&rest, ":%d", hops[i].port);
		}
		if ((r = resolve(&hops[n - 1], o, depth + 1, n > 1 ? str_cstr(&rest) : NULL, &d->jump, e)) != 0)
			goto out;
		d->t.jump = &d->jump->t;
		d->t.proxy_command = NULL;
	}
out:
	sshconf_jumps_free(hops, n);
	str_release(&rest);
	if (r != 0) {
		ssh_dest_free(d);
		return r;
	}
	*out = d;
	return 0;
}

int
ssh_dest_resolve(const char *dest, const struct ssh_dest_opts *o, struct ssh_dest **out, struct errinfo *e)
{
	struct sshconf_jump spec;
	int r;

	*out = NULL;
	if ((r = sshconf_parse_dest(dest, &spec, e)) != 0)
		return r;
	r = resolve(&spec, o, 0, NULL, out, e);
	free(spec.user);
	free(spec.host);
	return r;
}
