/*
 * registry — see registry.h.
 */
#include "docker/registry.h"

#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "docker/shellquote.h"

int
dreg_login(struct dcmd *c, const struct dk *k, const struct config_registry *r, struct errinfo *e)
{
	const char *user = NULL, *pw = NULL;
	struct str s = STR_INIT;
	int rc;

	if (r->local)
		return 0;
	if ((rc = config_registry_username(k->cfg, r, &user, e)) != 0)
		return rc;
	if ((rc = config_registry_password(k->cfg, r, &pw, e)) != 0)
		return rc;
	s.secret = 1;
	dcmd_addv(c, "docker", "login", NULL);
	if (r->server)
		dcmd_add(c, r->server);
	dcmd_add(c, "-u");
	shq_escape_cstr(&s, user ? user : "");
	dcmd_add_secret(c, str_cstr(&s));
	str_reset(&s);
	dcmd_add(c, "-p");
	shq_escape_cstr(&s, pw ? pw : "");
	dcmd_add_secret(c, str_cstr(&s));
	str_release(&s);
	/*
	 * What really runs: the same tokens up to -u "USER", then --password-stdin
	 * with the password as the whole input (docker strips one trailing newline;
	 * none is sent), so it is never in an argv or in what sshd logs.
	 */
	{
		struct dcmd form = DCMD_INIT;
		size_t i;

		for (i = 0; i + 2 < c->n; i++) {
			if (c->v[i].secret)
				dcmd_add_secret(&form, c->v[i].s);
			else
				dcmd_add(&form, c->v[i].s);
		}
		dcmd_add(&form, "--password-stdin");
		dcmd_set_stdin_form(c, &form, pw ? pw : "", pw ? strlen(pw) : 0);
		dcmd_release(&form);
	}
	return 0;
}

void
dreg_logout(struct dcmd *c, const struct config_registry *r)
{
	dcmd_addv(c, "docker", "logout", NULL);
	if (r->server)
		dcmd_add(c, r->server);
}

void
dreg_setup(struct dcmd *c, const struct config_registry *r)
{
	dcmd_addv(c, "docker", "start", "kamal-docker-registry", "||", "docker", "run", "--detach",
	    "-p", NULL);
	dcmd_addf(c, "127.0.0.1:%d:5000", r->local_port);
	dcmd_addv(c, "--name", "kamal-docker-registry", "registry:3", NULL);
}

void
dreg_remove(struct dcmd *c)
{
	dcmd_addv(c, "docker", "stop", "kamal-docker-registry", "&&", "docker", "rm",
	    "kamal-docker-registry", NULL);
}
