/*
 * Password-manager adapters: the exact command lines Kamal runs, driven by
 * canned CLI output through secrets_adapter_runner (the stubs in Kamal's adapter
 * tests under test/secrets are the facts checked against).
 */
#include <stdio.h>
#include <string.h>

#include "config/adapters.h"
#include "config/json.h"
#include "config/node.h"
#include "core/err.h"
#include "core/str.h"
#include "core/strvec.h"
#include "harness.h"

struct stub {
	const char	*cmd;		/* prefix match when it ends with '*' */
	const char	*out;
	int		 status;
};

static const struct stub *stubs;
static char seen[8192];

static int
runner(const char *cmd, struct str *out, int *status)
{
	size_t i;

	snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s\n", cmd);
	for (i = 0; stubs[i].cmd; i++) {
		size_t l = strlen(stubs[i].cmd);

		if ((stubs[i].cmd[l - 1] == '*' && strncmp(cmd, stubs[i].cmd, l - 1) == 0) ||
		    strcmp(cmd, stubs[i].cmd) == 0) {
			str_adds(out, stubs[i].out);
			*status = stubs[i].status;
			return 0;
		}
	}
	*status = 127;
	return 0;
}

static char json[4096];
static struct errinfo err;

static int
fetch(const struct stub *s, const char *adapter, const char *account, const char *from, const char *const *names)
{
	struct strvec in = STRVEC_INIT, k = STRVEC_INIT, v = STRVEC_INIT;
	struct str j = STR_INIT;
	int need = 0, r;

	stubs = s;
	seen[0] = '\0';
	json[0] = '\0';
	secrets_adapter_runner = runner;
	for (; names && *names; names++)
		strvec_push(&in, *names);
	err_clear(&err);
	r = secrets_adapter_fetch(adapter, &in, account, from, NULL, &k, &v, &need, &err);
	if (r == 0) {
		secrets_json_dump(&k, &v, &j);
		snprintf(json, sizeof(json), "%s", need ? "NEEDS_ACCOUNT" : str_cstr(&j));
	}
	secrets_adapter_runner = NULL;
	str_release(&j);
	strvec_clear(&in);
	strvec_clear(&k);
	strvec_clear(&v);
	return r;
}

TEST(secrets_adapter_1password)
{
	static const struct stub s[] = {
		{ "op --version 2> /dev/null", "2.0", 0 },
		{ "op account get --account myaccount 2> /dev/null", "", 0 },
		{ "op item get myitem --vault \"myvault\" --format \"json\" --account \"myaccount\" --fields \"label=section.SECRET1,label=section2.SECRET3\"",
		  "[{\"value\":\"V1\",\"reference\":\"op://myvault/myitem/section/SECRET1\"},"
		  "{\"value\":\"V3\",\"reference\":\"op://myvault/myitem/section2/SECRET3\"}]", 0 },
		{ NULL, NULL, 0 } };
	static const struct stub signin[] = {
		{ "op --version 2> /dev/null", "2.0", 0 },
		{ "op account get --account acct 2> /dev/null", "", 1 },
		{ "op signin --account \"acct\" --force --raw", "TOKEN", 0 },
		{ "op item get item --vault \"vault\" --format \"json\" --account \"acct\" --session \"TOKEN\" --fields \"label=password\"",
		  "{\"value\":\"pw\",\"reference\":\"op://vault/item/password\"}", 0 },
		{ NULL, NULL, 0 } };
	static const char *const names[] = { "section/SECRET1", "section2/SECRET3", NULL };
	static const char *const one[] = { "vault/item", NULL };

	CHECK_OK(fetch(s, "1password", "myaccount", "op://myvault/myitem", names));
	CHECK_STR_EQ(json, "{\"myvault/myitem/section/SECRET1\":\"V1\",\"myvault/myitem/section2/SECRET3\":\"V3\"}");
	CHECK_OK(fetch(signin, "1Password", "acct", NULL, one));
	CHECK_STR_EQ(json, "{\"vault/item\":\"pw\"}");
	CHECK_OK(fetch(s, "one_password", NULL, NULL, names));
	CHECK_STR_EQ(json, "NEEDS_ACCOUNT");
}

TEST(secrets_adapter_bitwarden)
{
	static const struct stub s[] = {
		{ "bw --version 2> /dev/null", "1", 0 },
		{ "bw status", "{\"status\":\"locked\"}", 0 },
		{ "bw unlock --raw", "SESSION\n", 0 },
		{ "BW_SESSION=SESSION bw status", "{\"status\":\"unlocked\"}", 0 },
		{ "BW_SESSION=SESSION bw sync", "", 0 },
		{ "BW_SESSION=SESSION bw get item mypassword", "{\"login\":{\"password\":\"secret123\"}}", 0 },
		{ "BW_SESSION=SESSION bw get item myitem",
		  "{\"fields\":[{\"name\":\"field1\",\"value\":\"a\"},{\"name\":\"field2\",\"value\":\"b\"}]}", 0 },
		{ NULL, NULL, 0 } };
	static const char *const names[] = { "mypassword", "myitem/field1", "myitem/field2", NULL };

	CHECK_OK(fetch(s, "bitwarden", "email@example.com", NULL, names));
	CHECK_STR_EQ(json, "{\"mypassword\":\"secret123\",\"myitem/field1\":\"a\",\"myitem/field2\":\"b\"}");
}

TEST(secrets_adapter_aws_doppler_lastpass)
{
	static const struct stub aws[] = {
		{ "aws --version 2> /dev/null", "", 0 },
		{ "aws secretsmanager batch-get-secret-value --secret-id-list secret/KEY1 secret/KEY2 --profile default --output json",
		  "{\"SecretValues\":[{\"Name\":\"secret/KEY1\",\"SecretString\":\"{\\\"a\\\":\\\"1\\\",\\\"b\\\":{\\\"c\\\":2}}\"},"
		  "{\"Name\":\"secret/KEY2\",\"SecretString\":\"plain\"}],\"Errors\":[]}", 0 },
		{ NULL, NULL, 0 } };
	static const struct stub doppler[] = {
		{ "doppler --version 2> /dev/null", "", 0 },
		{ "doppler me --json 2> /dev/null", "", 0 },
		{ "doppler secrets get SECRET1 FSECRET1 --json -p my-project -c prd",
		  "{\"SECRET1\":{\"computed\":\"s1\"},\"FSECRET1\":{\"computed\":\"f1\"}}", 0 },
		{ NULL, NULL, 0 } };
	static const struct stub lpass[] = {
		{ "lpass --version 2> /dev/null", "", 0 },
		{ "lpass status --color never", "Not logged in.", 1 },
		{ "lpass login email@example.com", "", 0 },
		{ "lpass show FOLDER1/FSECRET1 --json", "[{\"fullname\":\"FOLDER1/FSECRET1\",\"password\":\"p\"}]", 0 },
		{ NULL, NULL, 0 } };
	static const char *const k12[] = { "KEY1", "KEY2", NULL };
	static const char *const dn[] = { "SECRET1", "FSECRET1", NULL };
	static const char *const ln[] = { "FSECRET1", NULL };

	CHECK_OK(fetch(aws, "aws_secrets_manager", "default", "secret", k12));
	CHECK_STR_EQ(json, "{\"secret/KEY1/a\":\"1\",\"secret/KEY1/b\":\"{\\\"c\\\":2}\",\"secret/KEY2\":\"plain\"}");
	CHECK_OK(fetch(doppler, "doppler", NULL, "my-project/prd", dn));
	CHECK_STR_EQ(json, "{\"SECRET1\":\"s1\",\"FSECRET1\":\"f1\"}");
	CHECK_OK(fetch(lpass, "lastpass", "email@example.com", "FOLDER1", ln));
	CHECK_STR_EQ(json, "{\"FOLDER1/FSECRET1\":\"p\"}");
	CHECK_STR_EQ(seen, "lpass --version 2> /dev/null\nlpass status --color never\nlpass login email@example.com\n"
	    "lpass show FOLDER1/FSECRET1 --json\n");
}

TEST(secrets_adapter_bws_gcp)
{
	static const struct stub bws[] = {
		{ "bws --version 2> /dev/null", "", 0 },
		{ "bws project list", "[]", 0 },
		{ "bws secret list 82aeb5bd", "[{\"key\":\"K\",\"value\":\"V\"}]", 0 },
		{ NULL, NULL, 0 } };
	static const struct stub gcp[] = {
		{ "gcloud --version 2> /dev/null", "", 0 },
		{ "gcloud auth list --format=json", "[{\"account\":\"x\"}]", 0 },
		{ "gcloud secrets versions access 123 --secret=item1 --project=some-project --account=email@example.com --impersonate-service-account=sa@example.com --format=json",
		  "{\"payload\":{\"data\":\"c2VjcmV0MTIz\"}}", 0 },
		{ NULL, NULL, 0 } };
	static const char *const all[] = { "all", NULL };
	static const char *const g[] = { "some-project/item1/123", NULL };

	CHECK_OK(fetch(bws, "bitwarden-sm", NULL, "82aeb5bd", all));
	CHECK_STR_EQ(json, "{\"K\":\"V\"}");
	CHECK_OK(fetch(gcp, "gcp", "email@example.com|sa@example.com", NULL, g));
	CHECK_STR_EQ(json, "{\"some-project/item1\":\"secret123\"}");
}

TEST(secrets_adapter_errors)
{
	static const struct stub none[] = { { NULL, NULL, 0 } };
	static const char *const n[] = { "X", NULL };

	CHECK(fetch(none, "1password", "a", NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "1Password CLI is not installed");
	CHECK(fetch(none, "bitwarden", "a", NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "Bitwarden CLI is not installed");
	CHECK(fetch(none, "aws_secrets_manager", NULL, NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "AWS CLI is not installed");
	CHECK(fetch(none, "enpass", NULL, "/v", n) != 0);
	CHECK_STR_EQ(err.msg, "Enpass CLI is not installed");
	CHECK(fetch(none, "passbolt", NULL, NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "Passbolt CLI is not installed");
	CHECK(fetch(none, "gcp", "default", NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "gcloud CLI is not installed");
	CHECK(fetch(none, "lastpass", "a", NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "LastPass CLI is not installed");
	CHECK(fetch(none, "doppler", NULL, NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "Doppler CLI is not installed");
	CHECK(fetch(none, "bitwarden-sm", NULL, NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "Bitwarden Secrets Manager CLI is not installed");
	CHECK(fetch(none, "keepass", NULL, NULL, n) != 0);
	CHECK_STR_EQ(err.msg, "Unknown secrets adapter: keepass");
}

TEST(secrets_extract_forms)
{
	struct str o = STR_INIT;
	struct errinfo e;

	CHECK_OK(secrets_extract("B", "{\"B\":\"direct\",\"x/B\":\"suffix\"}", &o, NULL));
	CHECK_STR_EQ(str_cstr(&o), "direct");
	str_reset(&o);
	CHECK_OK(secrets_extract("B", "{\"vault/item/B\":\"suffix\"}", &o, NULL));
	CHECK_STR_EQ(str_cstr(&o), "suffix");
	str_reset(&o);
	err_clear(&e);
	CHECK(secrets_extract("B", "{\"AB\":\"no\"}", &o, &e) != 0);
	CHECK_STR_EQ(e.msg, "Could not find secret B");
	CHECK(secrets_extract("B", "not json", &o, &e) != 0);
	str_release(&o);
}

/* The password managers' JSON as nodes: kinds, Ruby's number text, order, limits. */
TEST(config_json_nodes)
{
	static const char doc[] = "{\"a\": [1, -2.50, 1e3, true, null, \"x\\u00e9\\ud83d\\ude00\"],"
	    " \"b\": {}, \"a2\": \"first\", \"a2\": \"last\"}";
	char deep[200];
	struct node *n = NULL, *a;
	struct errinfo e;

	CHECK_OK(config_json_parse(doc, strlen(doc), &n, NULL));
	CHECK(n != NULL && n->kind == NODE_MAP && n->n == 3);
	CHECK_STR_EQ(n->keys[0]->text, "a");
	a = n->items[0];
	CHECK(a->kind == NODE_SEQ && a->n == 6);
	CHECK(a->items[0]->kind == NODE_INT);
	CHECK_STR_EQ(a->items[0]->text, "1");
	CHECK(a->items[1]->kind == NODE_FLOAT);
	CHECK_STR_EQ(a->items[1]->text, "-2.5");
	CHECK_STR_EQ(a->items[2]->text, "1000.0");
	CHECK(a->items[3]->kind == NODE_BOOL);
	CHECK(a->items[4]->kind == NODE_NULL);
	CHECK_STR_EQ(a->items[5]->text, "x\xc3\xa9\xf0\x9f\x98\x80");
	CHECK(n->items[1]->kind == NODE_MAP && n->items[1]->n == 0);
	CHECK_STR_EQ(n->keys[2]->text, "a2");
	CHECK_STR_EQ(n->items[2]->text, "last");	/* Ruby's Hash: the last one wins */
	node_free(n);

	err_clear(&e);
	CHECK(config_json_parse("{\"k\": \"a\\u0000b\"}", 17, &n, &e) != 0 && n == NULL);
	CHECK(strstr(e.msg, "NUL") != NULL);
	CHECK(config_json_parse("{\"a\\u0000b\": 1}", 15, &n, &e) != 0 && n == NULL);
	CHECK(strstr(e.msg, "member name") != NULL);
	err_clear(&e);
	CHECK(config_json_parse("{\n  \"k\": tru }", 14, &n, &e) == ERR_PARSE && n == NULL);
	CHECK_STR_EQ(e.where, "JSON:2:8");
	memset(deep, '[', sizeof(deep));
	CHECK(config_json_parse(deep, sizeof(deep), &n, &e) != 0 && n == NULL);
	CHECK(strstr(e.msg, "nested too deeply") != NULL);
}
