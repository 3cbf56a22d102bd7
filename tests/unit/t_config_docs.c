/*
 * `kamal docs`: every section exists, is compiled in, and is well-formed YAML
 * (the examples are meant to be copied into a deploy.yml).
 */
#include <string.h>

#include "config/docs.h"
#include "config/yaml.h"
#include "core/err.h"
#include "harness.h"

TEST(config_docs_sections)
{
	static const char *const kamal_sections[] = { "accessory", "alias", "boot", "builder", "env", "logging",
		"output", "proxy", "registry", "role", "servers", "ssh", "sshkit", NULL };
	size_t i;

	CHECK(config_docs(NULL) != NULL);
	for (i = 0; kamal_sections[i]; i++)
		CHECK(config_docs(kamal_sections[i]) != NULL);
	CHECK(config_docs("PROXY") != NULL);
	CHECK(config_docs("configuration") == NULL);
	CHECK(config_docs("nope") == NULL);
	for (i = 0; config_docs_section(i); i++) {
		const char *t = config_docs(config_docs_section(i));
		struct node *n = NULL;
		struct errinfo e;

		err_clear(&e);
		CHECK(t != NULL);
		if (strcmp(config_docs_section(i), "erb") == 0)
			continue;	/* ERB tags are not YAML until rendered */
		if (yaml_load("docs", t, strlen(t), NULL, &n, &e) != 0) {
			harness_fail(t__, __FILE__, __LINE__, "docs %s: %s %s", config_docs_section(i), e.where, e.msg);
			return;
		}
		node_free(n);
	}
}
