// sources: src/core/*.c src/http/*.c
/*
 * The other parsers fed from the network or from files in src/http and
 * src/core/json.c: WWW-Authenticate challenges, JSON documents (registry
 * replies, docker config), URLs and Location resolution, the iPAddress SAN
 * walk over DER, image references; and core/gemver's version strings (deploy.yml's
 * minimum_version, the tag a server reports for its kamal-proxy). Byte 0 picks the
 * parser. No crash, no leak, and parsed values respect their bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/gemver.h"
#include "core/json.h"
#include "core/str.h"
#include "http/registry.h"
#include "http/url.h"
#include "http/wwwauth.h"
#include "http/x509san.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	char *s;
	int which;

	if (n < 1)
		return 0;
	which = data[0] % 6;
	data++;
	n--;
	s = malloc(n + 1);
	memcpy(s, data, n);
	s[n] = '\0';
	switch (which) {
	case 0: {
		struct wwwauth w;
		size_t i;

		wwwauth_init(&w);
		wwwauth_parse(&w, s, NULL);
		if (w.n > WWWAUTH_MAX_CHALLENGES)
			abort();
		for (i = 0; i < w.n; i++)
			if (w.c[i].nparams > WWWAUTH_MAX_PARAMS)
				abort();
		wwwauth_find(&w, "bearer");
		wwwauth_release(&w);
		break;
	}
	case 1: {
		struct json_doc d;
		const struct json_value *v;
		int64_t x;

		if (json_parse(&d, (const char *)data, n, "fuzz", NULL) == 0) {
			for (v = json_first(&d, json_root(&d)); v; v = json_next(&d, v)) {
				json_get_int(v, &x);
				json_get_str(&d, json_root(&d), v->key ? v->key : "");
			}
			json_release(&d);
		}
		break;
	}
	case 2: {
		struct url base, out;
		struct str f = STR_INIT;
		char *nl = strchr(s, '\n');

		if (nl)
			*nl = '\0';
		if (url_parse(&base, s, NULL) == 0) {
			url_format(&base, &f);
			if (nl && url_resolve(&base, nl + 1, &out, NULL) == 0) {
				url_format(&out, &f);
				url_release(&out);
			}
			url_release(&base);
		}
		str_release(&f);
		break;
	}
	case 3: {
		static const unsigned char ip4[4] = { 127, 0, 0, 1 };

		x509_san_has_ip(data, n, ip4, 4);
		break;
	}
	case 4: {
		char *sv, *repo, *ref;

		if (registry_parse_image(s, &sv, &repo, &ref, NULL) == 0) {
			if (!registry_valid_repo(repo) || !registry_valid_ref(ref))
				abort();
			free(sv);
			free(repo);
			free(ref);
		}
		break;
	}
	case 5: {
		/* two versions, a newline apart: an order (reflexive, antisymmetric) or both refused alike */
		char *nl = strchr(s, '\n'), *b;
		int ab = 9, ba = 9, aa = 9, ra, rb;

		if (nl == NULL)
			break;
		*nl = '\0';
		b = nl + 1;
		ra = gem_version_cmp(s, b, &ab);
		rb = gem_version_cmp(b, s, &ba);
		if (ra != rb || (ra == 0 && (ab == 9 || ab != -ba)) || (ra != 0 && (ab != 9 || ba != 9)))
			abort();
		if (gem_version_cmp(s, s, &aa) == 0 && aa != 0)
			abort();
		break;
	}
	}
	free(s);
	return 0;
}
