/*
 * dockercfg — see dockercfg.h. Key matching follows what the Docker CLI does
 * when it looks a registry up: scheme and path are dropped from each key and
 * the remaining host[:port] compared.
 */
#include "http/dockercfg.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/enc.h"
#include "core/err.h"
#include "core/json.h"
#include "core/str.h"
#include "core/wipe.h"
#include "core/fsutil.h"
#include "core/xmalloc.h"

void
dockercfg_default_path(struct str *out)
{
	const char *dc = getenv("DOCKER_CONFIG"), *home = getenv("HOME");

	if (dc && *dc)
		str_addf(out, "%s/config.json", dc);
	else
		str_addf(out, "%s/.docker/config.json", home && *home ? home : ".");
}

int
dockercfg_is_hub(const char *host)
{
	return strcasecmp(host, "docker.io") == 0 || strcasecmp(host, "index.docker.io") == 0 ||
	    strcasecmp(host, "registry-1.docker.io") == 0;
}

/* "https://host:5000/v1/" -> "host:5000" into out (bounded). */
static void
key_host(const char *key, char *out, size_t n)
{
	const char *p = key, *end;
	size_t l;

	if (strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	end = strchr(p, '/');
	l = end ? (size_t)(end - p) : strlen(p);
	if (l >= n)
		l = n - 1;
	memcpy(out, p, l);
	out[l] = '\0';
}

static int
host_match(const char *key, const char *host)
{
	char kh[256];

	key_host(key, kh, sizeof(kh));
	if (strcasecmp(kh, host) == 0)
		return 1;
	return dockercfg_is_hub(kh) && dockercfg_is_hub(host);
}

int
dockercfg_lookup(const char *path, const char *host, char **user, char **pass,
    struct errinfo *e)
{
	struct str text = STR_INIT;
	struct json_doc d;
	struct buf dec;
	const struct json_value *root, *auths, *ent, *found = NULL;
	const char *a, *u, *pw, *helper = NULL;
	const unsigned char *colon;
	int r;

	*user = *pass = NULL;
	json_init(&d);
	buf_init_secret(&dec, 64 * 1024);
	text.secret = 1;
	if ((r = fs_read_file(path, DOCKERCFG_MAX, &text, e)) < 0)
		goto out;
	if ((r = json_parse(&d, text.s ? text.s : "", text.len, path, e)) < 0)
		goto out;
	root = json_root(&d);
	if (root->type != JSON_OBJECT) {
		r = err_set(e, ERR_PARSE, "%s: not a JSON object", path);
		goto out;
	}
	auths = json_member(&d, root, "auths");
	for (ent = json_first(&d, auths); ent; ent = json_next(&d, ent))
		if (ent->type == JSON_OBJECT && host_match(ent->key, host))
			found = ent;
	if (found) {
		a = json_get_str(&d, found, "auth");
		u = json_get_str(&d, found, "username");
		pw = json_get_str(&d, found, "password");
		if (a && *a) {
			if (b64_decode(a, strlen(a), &dec, 0) < 0 ||
			    (colon = memchr(buf_ptr(&dec), ':', buf_avail(&dec))) == NULL) {
				r = err_set(e, ERR_PARSE, "%s: auths entry \"%s\" is not base64 of user:password",
				    path, found->key);
				goto out;
			}
			*user = xstrndup((const char *)buf_ptr(&dec), (size_t)(colon - buf_ptr(&dec)));
			*pass = xstrndup((const char *)colon + 1,
			    buf_avail(&dec) - (size_t)(colon - buf_ptr(&dec)) - 1);
			r = 0;
			goto out;
		}
		if (u && pw) {
			*user = xstrdup(u);
			*pass = xstrdup(pw);
			r = 0;
			goto out;
		}
	}
	helper = json_get_str(&d, json_member(&d, root, "credHelpers"), host);
	if (helper == NULL)
		helper = json_get_str(&d, root, "credsStore");
	if (helper)
		r = err_set(e, ERR_NOTFOUND, "%s keeps the credentials for %s in the helper "
		    "docker-credential-%s, which sextant does not run; set registry.username and "
		    "registry.password in deploy.yml", path, host, helper);
	else
		r = err_set(e, ERR_NOTFOUND, "%s has no credentials for %s", path, host);
out:
	json_release(&d);
	buf_release(&dec);
	str_release(&text);
	return r;
}
