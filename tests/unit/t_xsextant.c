/*
 * x-sextant settings (flows/xsextant.h): defaults, every form, and the
 * file:line:col of every refusal; Docker's plain-HTTP registry rule.
 */
#include <stdio.h>
#include <string.h>

#include "config/config.h"
#include "config/docs.h"
#include "core/err.h"
#include "core/str.h"
#include "flows/checks.h"
#include "flows/xsextant.h"
#include "harness.h"

#define BASE \
	"service: app\n" \
	"image: org/app\n" \
	"servers:\n" \
	"  - 10.0.0.1\n" \
	"registry:\n" \
	"  username: u\n" \
	"  password: p\n" \
	"builder:\n" \
	"  arch: amd64\n"

/* Loads BASE + extra; 0 and *out, or the xsextant_load error in e. */
static int
load(const char *extra, struct xsextant *out, struct errinfo *e)
{
	struct config_opts o;
	struct config *c = NULL;
	struct str text = STR_INIT;
	static char path[1100], host[300];
	int rc;

	str_adds(&text, BASE);
	str_adds(&text, extra);
	memset(&o, 0, sizeof(o));
	o.config_file = "config/deploy.yml";
	o.text = text.s;
	o.text_len = text.len;
	o.version = "999";
	o.no_setenv = 1;
	o.no_fs_checks = 1;
	o.base_dir = harness_tmpdir();
	err_clear(e);
	rc = config_load(&o, &c, e);
	if (rc == 0)
		rc = xsextant_load(c, out, e);
	/* the strings point into the configuration: keep copies past config_free */
	if (rc == 0 && out->verify_path) {
		snprintf(path, sizeof(path), "%s", out->verify_path);
		out->verify_path = path;
	}
	if (rc == 0 && out->verify_host) {
		snprintf(host, sizeof(host), "%s", out->verify_host);
		out->verify_host = host;
	}
	config_free(c);
	str_release(&text);
	return rc;
}

TEST(xsextant_defaults)
{
	struct xsextant x;
	struct errinfo e;

	CHECK_OK(load("", &x, &e));
	CHECK_EQ_INT(x.preflight, 1);
	CHECK_EQ_INT(x.registry_insecure, -1);
	CHECK_EQ_INT(x.registry_timeout_ms, XS_REGISTRY_TIMEOUT_DEFAULT_MS);
	CHECK_EQ_INT(x.verify, XS_VERIFY_REPORT);
	CHECK(x.verify_path == NULL);
	CHECK(x.verify_host == NULL);
	CHECK_EQ_INT(x.verify_timeout_ms, XS_VERIFY_TIMEOUT_DEFAULT_MS);
	/* an empty key is the defaults too */
	CHECK_OK(load("x-sextant:\n", &x, &e));
	CHECK_EQ_INT(x.preflight, 1);
}

TEST(xsextant_every_setting)
{
	struct xsextant x;
	struct errinfo e;

	CHECK_OK(load("x-sextant:\n"
	    "  preflight: false\n"
	    "  registry:\n"
	    "    insecure: true\n"
	    "    timeout: 3\n"
	    "  verify:\n"
	    "    mode: fail\n"
	    "    path: /healthz?full=1\n"
	    "    host: app.example.com\n"
	    "    timeout: 9\n", &x, &e));
	CHECK_EQ_INT(x.preflight, 0);
	CHECK_EQ_INT(x.registry_insecure, 1);
	CHECK_EQ_INT(x.registry_timeout_ms, 3000);
	CHECK_EQ_INT(x.verify, XS_VERIFY_FAIL);
	CHECK_STR_EQ(x.verify_path, "/healthz?full=1");
	CHECK_STR_EQ(x.verify_host, "app.example.com");
	CHECK_EQ_INT(x.verify_timeout_ms, 9000);
}

TEST(xsextant_verify_short_forms)
{
	struct xsextant x;
	struct errinfo e;

	CHECK_OK(load("x-sextant:\n  verify: fail\n", &x, &e));
	CHECK_EQ_INT(x.verify, XS_VERIFY_FAIL);
	CHECK_OK(load("x-sextant:\n  verify: report\n", &x, &e));
	CHECK_EQ_INT(x.verify, XS_VERIFY_REPORT);
	/* YAML 1.1: a plain `off` is the boolean false; quoted it is the word */
	CHECK_OK(load("x-sextant:\n  verify: off\n", &x, &e));
	CHECK_EQ_INT(x.verify, XS_VERIFY_OFF);
	CHECK_OK(load("x-sextant:\n  verify: \"off\"\n", &x, &e));
	CHECK_EQ_INT(x.verify, XS_VERIFY_OFF);
	CHECK_OK(load("x-sextant:\n  verify: false\n", &x, &e));
	CHECK_EQ_INT(x.verify, XS_VERIFY_OFF);
	CHECK_OK(load("x-sextant: { verify: { mode: off } }\n", &x, &e));
	CHECK_EQ_INT(x.verify, XS_VERIFY_OFF);
}

/* Each refusal: ERR_CONFIG, where = config/deploy.yml:LINE:COL, and the message names the key. */
static int
refused(const char *extra, const char *where, const char *words, struct errinfo *e)
{
	struct xsextant x;

	if (load(extra, &x, e) != ERR_CONFIG)
		return 0;
	return strcmp(e->where, where) == 0 && strstr(e->msg, words) != NULL;
}

TEST(xsextant_refusals_name_the_place)
{
	struct errinfo e;

	/* BASE has 9 lines: x-sextant is on line 10 */
	CHECK(refused("x-sextant: yes\n", "config/deploy.yml:10:12", "x-sextant must be a mapping", &e));
	CHECK(refused("x-sextant:\n  prefligth: false\n", "config/deploy.yml:11:3",
	    "unknown key \"prefligth\" in x-sextant (known: preflight, registry, verify)", &e));
	CHECK(refused("x-sextant:\n  preflight: \"no\"\n", "config/deploy.yml:11:14",
	    "preflight must be true or false, not \"no\"", &e));
	CHECK(refused("x-sextant:\n  registry: true\n", "config/deploy.yml:11:13",
	    "registry must be a mapping", &e));
	CHECK(refused("x-sextant:\n  registry:\n    secure: true\n", "config/deploy.yml:12:5",
	    "unknown key \"secure\" in x-sextant.registry", &e));
	CHECK(refused("x-sextant:\n  registry:\n    timeout: 0\n", "config/deploy.yml:12:14",
	    "registry.timeout must be a number of seconds from 1 to 600", &e));
	CHECK(refused("x-sextant:\n  registry:\n    timeout: 2.5\n", "config/deploy.yml:12:14",
	    "registry.timeout must be", &e));
	CHECK(refused("x-sextant:\n  verify: loud\n", "config/deploy.yml:11:11",
	    "verify must be report, fail or off", &e));
	CHECK(refused("x-sextant:\n  verify:\n    path: up\n", "config/deploy.yml:12:11",
	    "verify.path must be an absolute URL path", &e));
	CHECK(refused("x-sextant:\n  verify:\n    path: \"/a b\"\n", "config/deploy.yml:12:11",
	    "verify.path must be", &e));
	CHECK(refused("x-sextant:\n  verify:\n    host: \"a b\"\n", "config/deploy.yml:12:11",
	    "verify.host must be a host name", &e));
	CHECK(refused("x-sextant:\n  verify:\n    host: [a]\n", "config/deploy.yml:12:11",
	    "verify.host must be a host name such as app.example.com, not a list", &e));
	CHECK(refused("x-sextant:\n  verify:\n    timeout: 601\n", "config/deploy.yml:12:14",
	    "verify.timeout must be a number of seconds from 1 to 600", &e));
	CHECK(refused("x-sextant:\n  verify:\n    mode: fail\n    retries: 3\n", "config/deploy.yml:13:5",
	    "unknown key \"retries\" in x-sextant.verify (known: mode, path, host, timeout)", &e));
}

TEST(xsextant_other_x_keys_are_ignored)
{
	struct xsextant x;
	struct errinfo e;

	CHECK_OK(load("x-anchors: &a { b: 1 }\nx-other: [1, 2]\n", &x, &e));
	CHECK_EQ_INT(x.preflight, 1);
}

TEST(checks_registry_insecure_default_is_dockers)
{
	CHECK_EQ_INT(checks_registry_insecure_default("localhost:5555"), 1);
	CHECK_EQ_INT(checks_registry_insecure_default("LOCALHOST"), 1);
	CHECK_EQ_INT(checks_registry_insecure_default("127.0.0.1:5000"), 1);
	CHECK_EQ_INT(checks_registry_insecure_default("127.9.8.7"), 1);
	CHECK_EQ_INT(checks_registry_insecure_default("128.0.0.1:5000"), 0);
	CHECK_EQ_INT(checks_registry_insecure_default("10.77.0.3:5000"), 0);
	CHECK_EQ_INT(checks_registry_insecure_default("registry.example.com"), 0);
	CHECK_EQ_INT(checks_registry_insecure_default("localhost.example.com:5000"), 0);
	CHECK_EQ_INT(checks_registry_insecure_default("http://10.0.0.1:5000"), 0);
	CHECK_EQ_INT(checks_registry_insecure_default("[::1]:5000"), 0);
	CHECK_EQ_INT(checks_registry_insecure_default(NULL), 0);
}

/* `sextant docs sextant` is a valid x-sextant (with every key) meaning the defaults. */
TEST(xsextant_docs_example_is_valid)
{
	const char *doc = config_docs("sextant");
	struct xsextant x;
	struct errinfo e;

	CHECK(doc != NULL);
	CHECK_OK(load(doc, &x, &e));
	CHECK_EQ_INT(x.preflight, 1);
	CHECK_EQ_INT(x.registry_insecure, 0);
	CHECK_EQ_INT(x.registry_timeout_ms, XS_REGISTRY_TIMEOUT_DEFAULT_MS);
	CHECK_EQ_INT(x.verify, XS_VERIFY_REPORT);
	CHECK_STR_EQ(x.verify_path, "/up");
	CHECK_STR_EQ(x.verify_host, "app.example.com");
	CHECK_EQ_INT(x.verify_timeout_ms, XS_VERIFY_TIMEOUT_DEFAULT_MS);
}
