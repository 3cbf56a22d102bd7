/*
 * core/json: the bounded JSON reader used for docker config, tokens, manifests.
 */
#include "harness.h"

#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "core/json.h"
#include "core/str.h"

TEST(http_json_parse_and_lookup)
{
	static const char in[] =
	    "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n"
	    " \"manifests\": [ {\"digest\":\"sha256:aa\", \"size\": 123,\n"
	    "   \"platform\": {\"architecture\": \"arm64\", \"os\": \"linux\", \"variant\": \"v8\"}},\n"
	    "  {\"digest\":\"sha256:bb\", \"size\": -5, \"platform\": {\"architecture\": \"amd64\","
	    " \"os\": \"linux\"}} ], \"t\": true, \"f\": false, \"n\": null, \"x\": 1.5e3,"
	    " \"dup\": 1, \"dup\": 2 }";
	struct json_doc d;
	const struct json_value *root, *m, *c;
	int64_t v;

	CHECK_OK(json_parse(&d, in, strlen(in), "t", NULL));
	root = json_root(&d);
	CHECK(root && root->type == JSON_OBJECT);
	CHECK_STR_EQ(json_get_str(&d, root, "mediaType"), "application/vnd.oci.image.index.v1+json");
	CHECK_OK(json_get_int(json_member(&d, root, "schemaVersion"), &v));
	CHECK_EQ_INT(v, 2);
	m = json_member(&d, root, "manifests");
	CHECK(m && m->type == JSON_ARRAY && m->count == 2);
	c = json_first(&d, m);
	CHECK_STR_EQ(json_get_str(&d, json_member(&d, c, "platform"), "variant"), "v8");
	c = json_next(&d, c);
	CHECK_OK(json_get_int(json_member(&d, c, "size"), &v));
	CHECK_EQ_INT(v, -5);
	CHECK(json_next(&d, c) == NULL);
	CHECK(json_member(&d, root, "t")->type == JSON_TRUE);
	CHECK(json_member(&d, root, "n")->type == JSON_NULL);
	CHECK(json_get_int(json_member(&d, root, "x"), &v) == ERR_INVAL);
	CHECK_OK(json_get_int(json_member(&d, root, "dup"), &v));
	CHECK_EQ_INT(v, 2);
	CHECK(json_get_str(&d, root, "missing") == NULL);
	CHECK(json_get_str(&d, root, "t") == NULL);
	json_release(&d);
}

TEST(http_json_string_escapes)
{
	static const char in[] = "[\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u20ac\\ud83d\\ude00\"]";
	struct json_doc d;
	const struct json_value *s;

	CHECK_OK(json_parse(&d, in, strlen(in), NULL, NULL));
	s = json_first(&d, json_root(&d));
	CHECK_STR_EQ(s->s, "a\"b\\c/d\n\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	json_release(&d);
}

TEST(http_json_errors_have_line_col)
{
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "\"\\ud800\"", "\"\\udc00\"", "\"\\x\"",
		"\"a\nb\"", "01", "-", "1.", "1e", "tru", "[1] 2", "{\"a\":}", "{1:2}", "\"\\u12\"",
		NULL
	};
	struct json_doc d;
	struct errinfo e;
	size_t i;

	for (i = 0; bad[i]; i++) {
		if (json_parse(&d, bad[i], strlen(bad[i]), "cfg.json", &e) == 0) {
			json_release(&d);
			harness_fail(t__, __FILE__, __LINE__, "accepted %s", bad[i]);
			return;
		}
	}
	CHECK_EQ_INT(json_parse(&d, "{\n  \"a\": [1,\n   x]}", 18, "cfg.json", &e), ERR_PARSE);
	CHECK_STR_EQ(e.where, "cfg.json:3:4");
}

TEST(http_json_depth_bounded)
{
	char in[300];
	struct json_doc d;
	struct errinfo e;

	memset(in, '[', sizeof(in));
	CHECK_EQ_INT(json_parse(&d, in, sizeof(in), NULL, &e), ERR_PARSE);
	CHECK(strstr(e.msg, "nested too deeply") != NULL);
}

TEST(http_json_int_range)
{
	struct json_doc d;
	int64_t v;
	static const char in[] = "[9223372036854775807, -9223372036854775808, 9223372036854775808]";

	CHECK_OK(json_parse(&d, in, strlen(in), NULL, NULL));
	CHECK_OK(json_get_int(&d.v[1], &v));
	CHECK(v == INT64_MAX);
	CHECK_OK(json_get_int(&d.v[2], &v));
	CHECK(v == INT64_MIN);
	CHECK_EQ_INT(json_get_int(&d.v[3], &v), ERR_RANGE);
	json_release(&d);
}

/* The writer: Ruby's JSON.generate escapes, and what it writes reads back the same. */
TEST(json_quote_ruby_escapes)
{
	static const char in[] = "a\"b\\c/\b\f\n\r\t\x01\x1f\x7f\xc3\xa9";
	struct str s = STR_INIT;
	struct json_doc d;

	json_quote(in, sizeof(in) - 1, &s);
	CHECK_STR_EQ(str_cstr(&s), "\"a\\\"b\\\\c/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\xc3\xa9\"");
	json_init(&d);
	CHECK_OK(json_parse(&d, s.s, s.len, "t", NULL));
	CHECK_EQ_INT(json_root(&d)->len, sizeof(in) - 1);
	CHECK_MEM_EQ(json_root(&d)->s, in, sizeof(in) - 1);
	json_release(&d);
	str_reset(&s);
	json_quote("x\0y", 3, &s);	/* a NUL inside is data, not the end */
	CHECK_STR_EQ(str_cstr(&s), "\"x\\u0000y\"");
	str_release(&s);
}
