/*
 * adapters — `kamal secrets fetch` adapters (lib/kamal/secrets/adapters/ (one file per adapter),
 * spec §9.4). Each runs the same shell command line Kamal runs with Ruby
 * backticks (stdin and stderr left to the user, so CLIs can prompt), checks the
 * exit status the same way and reads the CLI's JSON. Messages are Kamal's.
 */
#include "config/adapters.h"

#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/internal.h"
#include "config/json.h"
#include "config/shell.h"
#include "core/enc.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/log.h"
#include "core/str.h"
#include "core/strvec.h"
#include "core/wipe.h"
#include "core/xmalloc.h"

/* optionize({k: v}) pairs joined by spaces: value NULL -> skipped, "\x01true" -> flag only. */
static void
opt(struct str *cmd, const char *key, const char *val)
{
	if (val == NULL)
		return;
	str_addf(cmd, " --%s", key);
	if (strcmp(val, "\x01true") == 0)
		return;
	str_addch(cmd, ' ');
	config_escape_shell_value(val, cmd);
}

/* ---- running ---- */

struct run {
	char *const	*envp;
};

int (*secrets_adapter_runner)(const char *cmd, struct str *out, int *status);

static int
bt(const struct run *rn, const char *cmd, struct str *out, int *ok, struct errinfo *e)
{
	int status = 1, r;

	str_reset(out);
	if (secrets_adapter_runner)
		r = secrets_adapter_runner(cmd, out, &status);
	else
		r = shell_capture(cmd, rn->envp, out, &status, e);
	if (r != 0)
		return r;
	*ok = status == 0;
	return 0;
}

static int
installed(const struct run *rn, const char *check, const char *what, struct errinfo *e)
{
	struct str out = STR_INIT;
	int ok = 0, r = bt(rn, check, &out, &ok, e);

	str_release(&out);
	if (r != 0)
		return r;
	if (!ok)
		return err_set(e, ERR_NOTFOUND, "%s is not installed", what);
	return 0;
}

static void
esc(const char *s, struct str *out)
{
	config_shellwords_escape(s, out);
}

static int
parse_json(const struct str *s, struct node **out, struct errinfo *e)
{
	return config_json_parse(s->s ? s->s : "", s->len, out, e);
}

static void
put(struct strvec *keys, struct strvec *values, const char *k, const char *v)
{
	long i = strvec_find(keys, k);

	if (i >= 0) {
		free(values->v[i]);
		values->v[i] = xstrdup(v ? v : "");
	} else {
		strvec_push(keys, k);
		strvec_push(values, v ? v : "");
	}
}

/* prefixed_secrets: [from, secret].compact.join("/") */
static void
prefixed(const struct strvec *secrets, const char *from, struct strvec *out)
{
	size_t i;

	for (i = 0; i < secrets->n; i++) {
		if (from)
			strvec_pushf(out, "%s/%s", from, secrets->v[i]);
		else
			strvec_push(out, secrets->v[i]);
	}
}

static void
strip(struct str *s)
{
	str_trim(s);
}

static const char *
jstr(const struct node *n, const char *key)
{
	return node_str(node_get(n, key));
}

/* ---- 1Password ---- */

static int
op_item_get(const struct run *rn, const char *vault, const char *item, const char *fields,
    const char *account, const char *session, struct str *out, struct errinfo *e)
{
	struct str cmd = STR_INIT;
	int ok = 0, r;

	str_adds(&cmd, "op item get ");
	esc(item, &cmd);
	opt(&cmd, "vault", vault);
	opt(&cmd, "format", "json");
	opt(&cmd, "account", account);
	opt(&cmd, "session", session && *session ? session : NULL);
	opt(&cmd, "fields", fields);
	r = bt(rn, str_cstr(&cmd), out, &ok, e);
	str_release(&cmd);
	if (r == 0 && !ok) {
		if (fields) {
			/* fields.join(", ") of the requested labels */
			struct str f = STR_INIT;
			const char *p = fields;

			while (*p) {
				const char *c = strchr(p, ',');
				size_t l = c ? (size_t)(c - p) : strlen(p);

				if (f.len)
					str_adds(&f, ", ");
				str_add(&f, p + 6, l - 6);	/* drop "label=" */
				p = c ? c + 1 : p + l;
			}
			r = err_set(e, ERR_REMOTE, "Could not read %s from %s in the %s 1Password vault", str_cstr(&f),
			    item, vault);
			str_release(&f);
		} else {
			r = err_set(e, ERR_REMOTE, "Could not read from %s in the %s 1Password vault", item, vault);
		}
	}
	return r;
}

static void
op_fields_map(const struct node *arr, struct strvec *keys, struct strvec *values)
{
	size_t i;

	for (i = 0; arr && arr->kind == NODE_SEQ && i < arr->n; i++) {
		const char *ref = jstr(arr->items[i], "reference");
		const char *v = jstr(arr->items[i], "value");
		char *f;
		size_t l;

		if (ref == NULL)
			ref = "";
		if (strncmp(ref, "op://", 5) == 0)
			ref += 5;
		f = xstrdup(ref);
		l = strlen(f);
		if (l >= 9 && strcmp(f + l - 9, "/password") == 0)
			f[l - 9] = '\0';
		put(keys, values, f, v);
		free(f);
	}
}

static int
one_password(const struct run *rn, const struct strvec *secrets, const char *account, const char *from,
    struct strvec *keys, struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT, session = STR_INIT;
	struct strvec all = STRVEC_INIT, vaults = STRVEC_INIT;
	int ok = 0, r;
	size_t i, j;

	session.secret = out.secret = 1;
	if ((r = installed(rn, "op --version 2> /dev/null", "1Password CLI", e)) != 0)
		goto out;
	str_adds(&cmd, "op account get --account ");
	esc(account, &cmd);
	str_adds(&cmd, " 2> /dev/null");
	if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		str_reset(&cmd);
		str_adds(&cmd, "op signin");
		opt(&cmd, "account", account);
		opt(&cmd, "force", "\x01true");
		opt(&cmd, "raw", "\x01true");
		if ((r = bt(rn, str_cstr(&cmd), &session, &ok, e)) != 0)
			goto out;
		if (!ok) {
			r = err_set(e, ERR_AUTH, "Failed to login to 1Password");
			goto out;
		}
	}
	if (secrets->n == 0) {
		const char *f = from ? from : "";
		char *vault, *item, *slash;
		struct node *jn = NULL;

		if (strncmp(f, "op://", 5) == 0)
			f += 5;
		vault = xstrdup(f);
		slash = strchr(vault, '/');
		item = slash ? xstrdup(slash + 1) : xstrdup("");
		if (slash)
			*slash = '\0';
		if ((slash = strchr(item, '/')) != NULL)
			*slash = '\0';
		r = op_item_get(rn, vault, item, NULL, account, str_cstr(&session), &out, e);
		if (r == 0 && (r = parse_json(&out, &jn, e)) == 0)
			op_fields_map(node_get(jn, "fields"), keys, values);
		node_free(jn);
		free(vault);
		free(item);
		goto out;
	}
	/* vault -> item -> fields (insertion order), from "[op://]vault/item[/field...]" */
	prefixed(secrets, from, &all);
	for (i = 0; i < all.n; i++) {
		const char *s = all.v[i];
		struct strvec parts = STRVEC_INIT;

		if (strncmp(s, "op://", 5) == 0)
			s += 5;
		strvec_split(&parts, s, '/');
		/* Ruby split drops trailing empties */
		while (parts.n > 1 && parts.v[parts.n - 1][0] == '\0')
			strvec_pop(&parts);
		{
			struct str fields = STR_INIT;

			for (j = 2; j < parts.n; j++)
				str_addf(&fields, "%s%s", j > 2 ? "." : "", parts.v[j]);
			if (parts.n <= 2)
				str_adds(&fields, "password");
			/* encoded as "vault\x1fitem\x1ffield" for grouping */
			strvec_pushf(&vaults, "%s\x1f%s\x1f%s", parts.n > 0 ? parts.v[0] : "",
			    parts.n > 1 ? parts.v[1] : "", str_cstr(&fields));
			str_release(&fields);
		}
		strvec_clear(&parts);
	}
	{
		/* group by vault then item, keeping first-seen order */
		struct strvec done = STRVEC_INIT;

		for (i = 0; i < vaults.n && r == 0; i++) {
			char *vi = xstrdup(vaults.v[i]);
			char *sep1 = strchr(vi, '\x1f'), *sep2 = strchr(sep1 + 1, '\x1f');
			struct str labels = STR_INIT;
			size_t nf = 0;
			struct node *jn = NULL;

			*sep2 = '\0';
			if (strvec_find(&done, vi) >= 0) {
				free(vi);
				continue;
			}
			strvec_push(&done, vi);
			for (j = i; j < vaults.n; j++) {
				if (strncmp(vaults.v[j], vi, strlen(vi)) == 0 && vaults.v[j][strlen(vi)] == '\x1f') {
					str_addf(&labels, "%slabel=%s", nf ? "," : "", vaults.v[j] + strlen(vi) + 1);
					nf++;
				}
			}
			*sep1 = '\0';
			r = op_item_get(rn, vi, sep1 + 1, str_cstr(&labels), account, str_cstr(&session), &out, e);
			if (r == 0 && (r = parse_json(&out, &jn, e)) == 0) {
				if (nf == 1) {
					struct node *wrap = node_new(NODE_SEQ, NULL, 0, 0);

					node_seq_push(wrap, jn);
					jn = wrap;
				}
				op_fields_map(jn, keys, values);
			}
			node_free(jn);
			str_release(&labels);
			free(vi);
		}
		strvec_clear(&done);
	}
out:
	str_release(&out);
	str_release(&cmd);
	str_release(&session);
	strvec_clear(&all);
	strvec_clear(&vaults);
	return r;
}

/* ---- Bitwarden ---- */

static int
bw(const struct run *rn, const char *command, const char *session, struct str *out, int *ok,
    struct errinfo *e)
{
	struct str cmd = STR_INIT;
	int r;

	if (session) {
		str_adds(&cmd, "BW_SESSION=");
		esc(session, &cmd);
		str_addch(&cmd, ' ');
	}
	str_addf(&cmd, "bw %s", command);
	r = bt(rn, str_cstr(&cmd), out, ok, e);
	str_release(&cmd);
	if (r == 0)
		strip(out);
	return r;
}

static int
bw_status(const struct run *rn, const char *session, char **status, struct errinfo *e)
{
	struct str out = STR_INIT;
	struct node *j = NULL;
	int ok, r = bw(rn, "status", session, &out, &ok, e);

	if (r == 0 && (r = parse_json(&out, &j, e)) == 0)
		*status = xstrdup(jstr(j, "status") ? jstr(j, "status") : "");
	node_free(j);
	str_release(&out);
	return r;
}

static int
bitwarden(const struct run *rn, const struct strvec *secrets, const char *account, const char *from,
    struct strvec *keys, struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT;
	char *status = NULL, *session = NULL;
	struct strvec all = STRVEC_INIT, items = STRVEC_INIT;
	int ok = 0, r;
	size_t i, j;

	out.secret = 1;
	if ((r = installed(rn, "bw --version 2> /dev/null", "Bitwarden CLI", e)) != 0)
		goto out;
	if ((r = bw_status(rn, NULL, &status, e)) != 0)
		goto out;
	if (strcmp(status, "unauthenticated") == 0) {
		str_adds(&cmd, "login ");
		esc(account, &cmd);
		if ((r = bw(rn, str_cstr(&cmd), NULL, &out, &ok, e)) != 0)
			goto out;
		free(status);
		status = NULL;
		if ((r = bw_status(rn, NULL, &status, e)) != 0)
			goto out;
	}
	if (strcmp(status, "locked") == 0) {
		if ((r = bw(rn, "unlock --raw", NULL, &out, &ok, e)) != 0)
			goto out;
		session = out.len ? xstrdup(out.s) : NULL;
		free(status);
		status = NULL;
		if ((r = bw_status(rn, session, &status, e)) != 0)
			goto out;
	}
	if (strcmp(status, "unlocked") != 0) {
		r = err_set(e, ERR_AUTH, "Failed to login to and unlock Bitwarden");
		goto out;
	}
	if ((r = bw(rn, "sync", session, &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		r = err_set(e, ERR_REMOTE, "Failed to sync Bitwarden");
		goto out;
	}
	prefixed(secrets, from, &all);
	/* items_fields: item -> [field or nil] */
	for (i = 0; i < all.n; i++) {
		char *slash = strchr(all.v[i], '/');
		char *item = slash ? xstrndup(all.v[i], (size_t)(slash - all.v[i])) : xstrdup(all.v[i]);

		if (strvec_find(&items, item) < 0)
			strvec_push(&items, item);
		free(item);
	}
	for (i = 0; i < items.n && r == 0; i++) {
		const char *item = items.v[i];
		struct strvec fields = STRVEC_INIT;
		struct node *ij = NULL;

		for (j = 0; j < all.n; j++) {
			size_t l = strlen(item);

			if (strncmp(all.v[j], item, l) == 0 && (all.v[j][l] == '/' || all.v[j][l] == '\0') &&
			    all.v[j][l] == '/') {
				const char *f = all.v[j] + l + 1;
				const char *s2 = strchr(f, '/');

				if (s2)
					strvec_pushf(&fields, "%.*s", (int)(s2 - f), f);
				else
					strvec_push(&fields, f);
			}
		}
		str_reset(&cmd);
		str_adds(&cmd, "get item ");
		esc(item, &cmd);
		if ((r = bw(rn, str_cstr(&cmd), session, &out, &ok, e)) != 0) {
			strvec_clear(&fields);
			break;
		}
		if (!ok) {
			r = err_set(e, ERR_REMOTE, "Could not read %s from Bitwarden", item);
			strvec_clear(&fields);
			break;
		}
		if ((r = parse_json(&out, &ij, e)) != 0) {
			strvec_clear(&fields);
			break;
		}
		if (fields.n == 0 && node_str(node_dig(ij, "login", "password", NULL))) {
			put(keys, values, item, node_dig(ij, "login", "password", NULL)->text);
		} else {
			const struct node *fl = node_get(ij, "fields");

			if (fields.n == 0 && fl && fl->kind == NODE_SEQ && fl->n > 0) {
				for (j = 0; j < fl->n; j++)
					strvec_push(&fields, jstr(fl->items[j], "name") ? jstr(fl->items[j], "name") : "");
			} else if (fields.n == 0) {
				r = err_set(e, ERR_REMOTE,
				    "Item %s is not a login type item and no fields were specified", item);
			}
			for (j = 0; r == 0 && j < fields.n; j++) {
				size_t k;
				const struct node *found = NULL;
				char *key;

				for (k = 0; fl && fl->kind == NODE_SEQ && k < fl->n; k++) {
					const char *nm = jstr(fl->items[k], "name");

					if (nm && strcmp(nm, fields.v[j]) == 0) {
						found = fl->items[k];
						break;
					}
				}
				if (found == NULL) {
					r = err_set(e, ERR_NOTFOUND, "Could not find field %s in item %s in Bitwarden",
					    fields.v[j], item);
					break;
				}
				key = xasprintf("%s/%s", item, fields.v[j]);
				put(keys, values, key, jstr(found, "value"));
				free(key);
			}
		}
		node_free(ij);
		strvec_clear(&fields);
	}
out:
	free(status);
	if (session)
		freezero(session, strlen(session));
	str_release(&out);
	str_release(&cmd);
	strvec_clear(&all);
	strvec_clear(&items);
	return r;
}

/* ---- Bitwarden Secrets Manager ---- */

static int
bitwarden_sm(const struct run *rn, const struct strvec *secrets, const char *from, struct strvec *keys,
    struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT;
	struct strvec all = STRVEC_INIT;
	struct node *j = NULL;
	int ok = 0, r;
	size_t i;

	out.secret = 1;
	if ((r = installed(rn, "bws --version 2> /dev/null", "Bitwarden Secrets Manager CLI", e)) != 0)
		goto out;
	if ((r = bt(rn, "bws project list", &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		r = err_set(e, ERR_AUTH,
		    "Could not authenticate to Bitwarden Secrets Manager. Did you set a valid access token?");
		goto out;
	}
	if (secrets->n == 0) {
		r = err_set(e, ERR_REMOTE, "You must specify what to retrieve from Bitwarden Secrets Manager");
		goto out;
	}
	prefixed(secrets, from, &all);
	if (all.n == 1 && (strcmp(all.v[0], "all") == 0 || str_ends_with(all.v[0], "/all"))) {
		str_adds(&cmd, "bws secret list");
		if (strcmp(all.v[0], "all") != 0) {
			/* split("/all").first */
			char *proj = xstrdup(all.v[0]);
			char *p = strstr(proj, "/all");

			*p = '\0';
			str_addch(&cmd, ' ');
			esc(proj, &cmd);
			free(proj);
		}
		if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
			goto out;
		if (!ok) {
			r = err_set(e, ERR_REMOTE, "Could not read secrets from Bitwarden Secrets Manager");
			goto out;
		}
		if ((r = parse_json(&out, &j, e)) != 0)
			goto out;
		for (i = 0; j->kind == NODE_SEQ && i < j->n; i++)
			put(keys, values, jstr(j->items[i], "key") ? jstr(j->items[i], "key") : "",
			    jstr(j->items[i], "value"));
		goto out;
	}
	for (i = 0; i < all.n; i++) {
		struct node *it = NULL;

		str_reset(&cmd);
		str_adds(&cmd, "bws secret get ");
		esc(all.v[i], &cmd);
		if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
			goto out;
		if (!ok) {
			r = err_set(e, ERR_REMOTE, "Could not read %s from Bitwarden Secrets Manager", all.v[i]);
			goto out;
		}
		if ((r = parse_json(&out, &it, e)) != 0)
			goto out;
		put(keys, values, jstr(it, "key") ? jstr(it, "key") : "", jstr(it, "value"));
		node_free(it);
	}
out:
	node_free(j);
	str_release(&out);
	str_release(&cmd);
	strvec_clear(&all);
	return r;
}

/* ---- AWS Secrets Manager ---- */

static void
json_dump_node(const struct node *n, struct str *out)
{
	size_t i;

	switch (n->kind) {
	case NODE_MAP:
		str_addch(out, '{');
		for (i = 0; i < n->n; i++) {
			if (i)
				str_addch(out, ',');
			json_quote(n->keys[i]->text, strlen(n->keys[i]->text), out);
			str_addch(out, ':');
			json_dump_node(n->items[i], out);
		}
		str_addch(out, '}');
		break;
	case NODE_SEQ:
		str_addch(out, '[');
		for (i = 0; i < n->n; i++) {
			if (i)
				str_addch(out, ',');
			json_dump_node(n->items[i], out);
		}
		str_addch(out, ']');
		break;
	case NODE_STR:
		json_quote(n->text, strlen(n->text), out);
		break;
	case NODE_NULL:
		str_adds(out, "null");
		break;
	default:
		str_adds(out, n->text);
	}
}

static void
stringify(const struct node *v, struct str *out)
{
	if (v->kind == NODE_STR)
		str_adds(out, v->text);
	else
		json_dump_node(v, out);
}

static int
aws(const struct run *rn, const struct strvec *secrets, const char *account, const char *from,
    struct strvec *keys, struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT;
	struct strvec all = STRVEC_INIT;
	struct node *j = NULL;
	int ok = 0, r;
	size_t i, k;

	out.secret = 1;
	if ((r = installed(rn, "aws --version 2> /dev/null", "AWS CLI", e)) != 0)
		goto out;
	prefixed(secrets, from, &all);
	str_adds(&cmd, "aws secretsmanager batch-get-secret-value --secret-id-list");
	for (i = 0; i < all.n; i++) {
		str_addch(&cmd, ' ');
		esc(all.v[i], &cmd);
	}
	if (account) {
		str_adds(&cmd, " --profile ");
		esc(account, &cmd);
	}
	str_adds(&cmd, " --output json");
	if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		/* Kamal interpolates the command's output here */
		r = err_set(e, ERR_REMOTE, "Could not read %s from AWS Secrets Manager", str_cstr(&out));
		goto out;
	}
	if ((r = parse_json(&out, &j, e)) != 0)
		goto out;
	{
		const struct node *errs = node_get(j, "Errors");

		if (node_present(errs) && errs->kind == NODE_SEQ) {
			struct str m = STR_INIT;

			for (i = 0; i < errs->n; i++)
				str_addf(&m, "%s%s: %s", i ? " " : "", jstr(errs->items[i], "SecretId") ?
				    jstr(errs->items[i], "SecretId") : "", jstr(errs->items[i], "Message") ?
				    jstr(errs->items[i], "Message") : "");
			r = err_set(e, ERR_REMOTE, "%s", str_cstr(&m));
			str_release(&m);
			goto out;
		}
	}
	{
		const struct node *sv = node_get(j, "SecretValues");

		for (i = 0; sv && sv->kind == NODE_SEQ && i < sv->n; i++) {
			const char *name = jstr(sv->items[i], "Name") ? jstr(sv->items[i], "Name") : "";
			const char *ss = jstr(sv->items[i], "SecretString");
			struct node *parsed = NULL;
			struct errinfo ignore;

			if (ss && config_json_parse(ss, strlen(ss), &parsed, &ignore) == 0) {
				if (parsed->kind == NODE_MAP) {
					for (k = 0; k < parsed->n; k++) {
						struct str v = STR_INIT;
						char *key = xasprintf("%s/%s", name, parsed->keys[k]->text);

						stringify(parsed->items[k], &v);
						put(keys, values, key, str_cstr(&v));
						free(key);
						str_release(&v);
					}
				} else {
					struct str v = STR_INIT;

					stringify(parsed, &v);
					put(keys, values, name, str_cstr(&v));
					str_release(&v);
				}
			} else {
				put(keys, values, name, ss);
			}
			node_free(parsed);
		}
	}
out:
	node_free(j);
	str_release(&out);
	str_release(&cmd);
	strvec_clear(&all);
	return r;
}

/* ---- Doppler ---- */

static int
doppler(const struct run *rn, const struct strvec *secrets, const char *from, struct strvec *keys,
    struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT;
	struct strvec all = STRVEC_INIT;
	struct node *j = NULL;
	const char *tok;
	int ok = 0, r;
	size_t i;

	out.secret = 1;
	if ((r = installed(rn, "doppler --version 2> /dev/null", "Doppler CLI", e)) != 0)
		goto out;
	if ((r = bt(rn, "doppler me --json 2> /dev/null", &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		if ((r = bt(rn, "doppler login -y", &out, &ok, e)) != 0)
			goto out;
		if (!ok) {
			r = err_set(e, ERR_AUTH, "Failed to login to Doppler");
			goto out;
		}
	}
	prefixed(secrets, from, &all);
	str_adds(&cmd, "doppler secrets get");
	for (i = 0; i < all.n; i++) {
		const char *last = strrchr(all.v[i], '/');

		str_addch(&cmd, ' ');
		esc(last ? last + 1 : all.v[i], &cmd);
	}
	str_adds(&cmd, " --json ");
	tok = config_getenv(rn->envp, "DOPPLER_TOKEN");
	if (!(tok && strncmp(tok, "dp.st", 5) == 0)) {
		struct strvec parts = STRVEC_INIT;

		if (all.n)
			strvec_split(&parts, all.v[0], '/');
		if (parts.n < 2 || parts.v[0][0] == '\0' || parts.v[1][0] == '\0') {
			strvec_clear(&parts);
			r = err_set(e, ERR_REMOTE, "Missing project or config from '--from=project/config' option");
			goto out;
		}
		str_adds(&cmd, "-p ");
		esc(parts.v[0], &cmd);
		str_adds(&cmd, " -c ");
		esc(parts.v[1], &cmd);
		strvec_clear(&parts);
	}
	if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		struct str list = STR_INIT;

		/* Ruby Array#to_s of the names */
		str_addch(&list, '[');
		for (i = 0; i < all.n; i++) {
			if (i)
				str_adds(&list, ", ");
			json_quote(all.v[i], strlen(all.v[i]), &list);
		}
		str_addch(&list, ']');
		r = err_set(e, ERR_REMOTE, "Could not read %s from Doppler", str_cstr(&list));
		str_release(&list);
		goto out;
	}
	if ((r = parse_json(&out, &j, e)) != 0)
		goto out;
	for (i = 0; j->kind == NODE_MAP && i < j->n; i++)
		put(keys, values, j->keys[i]->text, jstr(j->items[i], "computed"));
out:
	node_free(j);
	str_release(&out);
	str_release(&cmd);
	strvec_clear(&all);
	return r;
}

/* ---- Enpass ---- */

static int
enpass(const struct run *rn, const struct strvec *secrets, const char *from, struct strvec *keys,
    struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT;
	struct strvec titles = STRVEC_INIT;
	struct node *j = NULL;
	int ok = 0, r;
	size_t i;

	out.secret = 1;
	if ((r = installed(rn, "enpass-cli version 2> /dev/null", "Enpass CLI", e)) != 0)
		goto out;
	for (i = 0; i < secrets->n; i++) {
		const char *s = secrets->v[i], *slash = strrchr(s, '/');
		char *t = slash && slash != s ? xstrndup(s, (size_t)(slash - s)) : xstrdup(slash ? slash + 1 : s);

		if (strvec_find(&titles, t) < 0)
			strvec_push(&titles, t);
		free(t);
	}
	str_adds(&cmd, "enpass-cli -json -vault ");
	esc(from ? from : "", &cmd);
	str_adds(&cmd, " show");
	for (i = 0; i < titles.n; i++) {
		str_addch(&cmd, ' ');
		esc(titles.v[i], &cmd);
	}
	if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
		goto out;
	strip(&out);
	if ((r = parse_json(&out, &j, e)) != 0)
		goto out;
	for (i = 0; j->kind == NODE_SEQ && i < j->n; i++) {
		const char *title = jstr(j->items[i], "title"), *label = jstr(j->items[i], "label");
		const char *pw = jstr(j->items[i], "password");
		char *key;

		if (title == NULL || pw == NULL || !node_present(node_get(j->items[i], "password")))
			continue;
		key = label && *label && *title ? xasprintf("%s/%s", title, label) :
		    xstrdup(*title ? title : label ? label : "");
		if (strvec_find(secrets, title) >= 0 || strvec_find(secrets, key) >= 0) {
			if (strvec_find(keys, key) >= 0) {
				r = err_set(e, ERR_REMOTE, "%s is present more than once", key);
				free(key);
				goto out;
			}
			put(keys, values, key, pw);
		}
		free(key);
	}
out:
	node_free(j);
	str_release(&out);
	str_release(&cmd);
	strvec_clear(&titles);
	return r;
}

/* ---- GCP Secret Manager ---- */

static int
gcloud(const struct run *rn, const char *command, const char *project, const char *user, const char *sa,
    struct node **j, int *ok, struct errinfo *e)
{
	struct str cmd = STR_INIT, out = STR_INIT;
	int r;

	out.secret = 1;
	str_addf(&cmd, "gcloud %s", command);
	if (strcmp(project, "default") != 0) {
		str_adds(&cmd, " --project=");
		esc(project, &cmd);
	}
	if (strcmp(user, "default") != 0) {
		str_adds(&cmd, " --account=");
		esc(user, &cmd);
	}
	if (sa) {
		str_adds(&cmd, " --impersonate-service-account=");
		esc(sa, &cmd);
	}
	str_adds(&cmd, " --format=json");
	r = bt(rn, str_cstr(&cmd), &out, ok, e);
	if (r == 0) {
		strip(&out);
		r = parse_json(&out, j, e);
	}
	str_release(&cmd);
	str_release(&out);
	return r;
}

static int
gcp_logged_in(const struct run *rn, int *yes, struct errinfo *e)
{
	struct str out = STR_INIT;
	struct node *j = NULL;
	int ok, r = bt(rn, "gcloud auth list --format=json", &out, &ok, e);

	if (r == 0 && (r = parse_json(&out, &j, e)) == 0)
		*yes = j->kind == NODE_SEQ && j->n > 0;
	node_free(j);
	str_release(&out);
	return r;
}

static int
gcp(const struct run *rn, const struct strvec *secrets, const char *account, const char *from,
    struct strvec *keys, struct strvec *values, struct errinfo *e)
{
	struct strvec all = STRVEC_INIT;
	struct str out = STR_INIT;
	char *user = NULL, *sa = NULL;
	int yes = 0, ok = 0, r;
	size_t i;

	if ((r = installed(rn, "gcloud --version 2> /dev/null", "gcloud CLI", e)) != 0)
		goto out;
	if ((r = gcp_logged_in(rn, &yes, e)) != 0)
		goto out;
	if (!yes) {
		if ((r = bt(rn, "gcloud auth login", &out, &ok, e)) != 0)
			goto out;
		if ((r = gcp_logged_in(rn, &yes, e)) != 0)
			goto out;
		if (!yes) {
			r = err_set(e, ERR_AUTH, "could not login to gcloud");
			goto out;
		}
	}
	{
		const char *bar = strchr(account, '|');

		user = bar ? xstrndup(account, (size_t)(bar - account)) : xstrdup(account);
		sa = bar ? xstrdup(bar + 1) : NULL;
	}
	prefixed(secrets, from, &all);
	for (i = 0; i < all.n && r == 0; i++) {
		struct strvec parts = STRVEC_INIT;
		const char *project, *name, *version;
		struct str cmd = STR_INIT, item = STR_INIT;
		struct node *j = NULL;

		strvec_split(&parts, all.v[i], '/');
		while (parts.n > 1 && parts.v[parts.n - 1][0] == '\0')
			strvec_pop(&parts);
		if (parts.n == 1) {
			project = "default";
			name = parts.v[0];
			version = "latest";
		} else {
			project = parts.v[0];
			name = parts.n > 1 ? parts.v[1] : "";
			version = parts.n > 2 ? parts.v[2] : "latest";
		}
		str_adds(&cmd, "secrets versions access ");
		esc(version, &cmd);
		str_adds(&cmd, " --secret=");
		esc(name, &cmd);
		str_addf(&item, "%s/%s", project, name);
		r = gcloud(rn, str_cstr(&cmd), project, user, sa, &j, &ok, e);
		if (r == 0 && !ok)
			r = err_set(e, ERR_REMOTE, "Could not read %s from Google Secret Manager", str_cstr(&item));
		if (r == 0) {
			const char *data = node_str(node_dig(j, "payload", "data", NULL));
			struct buf b;

			buf_init_secret(&b, 0);
			/* Base64.decode64 is lenient: skip whitespace, accept missing padding */
			if (data && b64_decode(data, strlen(data), &b, 1) == 0) {
				char *v = xstrndup((const char *)buf_ptr(&b), buf_avail(&b));

				put(keys, values, str_cstr(&item), v);
				freezero(v, strlen(v));
			} else {
				put(keys, values, str_cstr(&item), "");
			}
			buf_release(&b);
		}
		node_free(j);
		str_release(&cmd);
		str_release(&item);
		strvec_clear(&parts);
	}
out:
	free(user);
	free(sa);
	str_release(&out);
	strvec_clear(&all);
	return r;
}

/* ---- LastPass ---- */

static int
last_pass(const struct run *rn, const struct strvec *secrets, const char *account, const char *from,
    struct strvec *keys, struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT, want = STR_INIT;
	struct strvec all = STRVEC_INIT;
	struct node *j = NULL;
	int ok = 0, r;
	size_t i;

	out.secret = 1;
	if ((r = installed(rn, "lpass --version 2> /dev/null", "LastPass CLI", e)) != 0)
		goto out;
	if ((r = bt(rn, "lpass status --color never", &out, &ok, e)) != 0)
		goto out;
	strip(&out);
	str_addf(&want, "Logged in as %s.", account);
	if (strcmp(str_cstr(&out), str_cstr(&want)) != 0) {
		str_adds(&cmd, "lpass login ");
		esc(account, &cmd);
		if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
			goto out;
		if (!ok) {
			r = err_set(e, ERR_AUTH, "Failed to login to LastPass");
			goto out;
		}
	}
	prefixed(secrets, from, &all);
	str_reset(&cmd);
	str_adds(&cmd, "lpass show");
	for (i = 0; i < all.n; i++) {
		str_addch(&cmd, ' ');
		esc(all.v[i], &cmd);
	}
	str_adds(&cmd, " --json");
	if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		struct str list = STR_INIT;

		str_addch(&list, '[');
		for (i = 0; i < all.n; i++) {
			if (i)
				str_adds(&list, ", ");
			json_quote(all.v[i], strlen(all.v[i]), &list);
		}
		str_addch(&list, ']');
		r = err_set(e, ERR_REMOTE, "Could not read %s from LastPass", str_cstr(&list));
		str_release(&list);
		goto out;
	}
	if ((r = parse_json(&out, &j, e)) != 0)
		goto out;
	for (i = 0; j->kind == NODE_SEQ && i < j->n; i++)
		put(keys, values, jstr(j->items[i], "fullname") ? jstr(j->items[i], "fullname") : "",
		    jstr(j->items[i], "password"));
	{
		struct str missing = STR_INIT;

		for (i = 0; i < all.n; i++)
			if (strvec_find(keys, all.v[i]) < 0)
				str_addf(&missing, "%s%s", missing.len ? ", " : "", all.v[i]);
		if (missing.len)
			r = err_set(e, ERR_NOTFOUND, "Could not find %s in LastPass", str_cstr(&missing));
		str_release(&missing);
	}
out:
	node_free(j);
	str_release(&out);
	str_release(&cmd);
	str_release(&want);
	strvec_clear(&all);
	return r;
}

/* ---- Passbolt ---- */

/* `"x".shellescape.inspect` as Kamal builds its filter strings */
static void
pb_quote(const char *s, struct str *out)
{
	struct str e1 = STR_INIT;
	size_t i;

	config_shellwords_escape(s, &e1);
	str_addch(out, '"');
	for (i = 0; i < e1.len; i++) {
		if (e1.s[i] == '"' || e1.s[i] == '\\')
			str_addch(out, '\\');
		str_addch(out, e1.s[i]);
	}
	str_addch(out, '"');
	str_release(&e1);
}

struct pb_folder {
	char	*id, *name, *parent;
};

static void
folder_path(const struct pb_folder *f, const struct pb_folder *all, size_t n, struct str *out, int depth)
{
	size_t i;

	if (depth < 64 && f->parent && *f->parent) {
		for (i = 0; i < n; i++)
			if (strcmp(all[i].id, f->parent) == 0) {
				folder_path(&all[i], all, n, out, depth + 1);
				str_addch(out, '/');
				break;
			}
	}
	str_adds(out, f->name);
}

static int
passbolt(const struct run *rn, const struct strvec *secrets, const char *from, struct strvec *keys,
    struct strvec *values, struct errinfo *e)
{
	struct str out = STR_INIT, cmd = STR_INIT, cond = STR_INIT;
	struct strvec all = STRVEC_INIT, paths = STRVEC_INIT, parents = STRVEC_INIT;
	struct pb_folder *folders = NULL;
	size_t nf = 0, i, k;
	struct node *j = NULL;
	int ok = 0, r;

	out.secret = 1;
	if ((r = installed(rn, "passbolt --version 2> /dev/null", "Passbolt CLI", e)) != 0)
		goto out;
	if ((r = bt(rn, "passbolt verify", &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		r = err_set(e, ERR_AUTH, "Failed to login to Passbolt");
		goto out;
	}
	prefixed(secrets, from, &all);
	if (all.n == 0) {
		r = err_set(e, ERR_INVAL, "No secrets given to fetch");
		goto out;
	}
	/* folder paths (all parts but the last) of secrets with a '/' */
	for (i = 0; i < all.n; i++) {
		const char *last = strrchr(all.v[i], '/');
		char *p, *slash;

		if (!last)
			continue;
		p = xstrndup(all.v[i], (size_t)(last - all.v[i]));
		if (strvec_find(&paths, p) < 0)
			strvec_push(&paths, p);
		slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		if (strvec_find(&parents, p) < 0)
			strvec_push(&parents, p);
		free(p);
	}
	if (paths.n) {
		struct node *pj = NULL;

		str_adds(&cmd, "passbolt list folders --filter '");
		for (i = 0; i < parents.n; i++) {
			str_adds(&cmd, i ? " || Name == " : "Name == ");
			pb_quote(parents.v[i], &cmd);
		}
		str_adds(&cmd, "' --json");
		if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
			goto out;
		if (!ok) {
			r = err_set(e, ERR_REMOTE, "Could not read folders from Passbolt");
			goto out;
		}
		if ((r = parse_json(&out, &pj, e)) != 0)
			goto out;
		for (i = 0; pj->kind == NODE_SEQ && i < pj->n; i++) {
			folders = xreallocarray(folders, nf + 1, sizeof(*folders));
			folders[nf].id = xstrdup(jstr(pj->items[i], "id") ? jstr(pj->items[i], "id") : "");
			folders[nf].name = xstrdup(jstr(pj->items[i], "name") ? jstr(pj->items[i], "name") : "");
			folders[nf].parent = xstrdup(jstr(pj->items[i], "folder_parent_id") ?
			    jstr(pj->items[i], "folder_parent_id") : "");
			nf++;
		}
		node_free(pj);
		{
			size_t nparents = nf;

			for (i = 0; i < paths.n; i++) {
				struct strvec parts = STRVEC_INIT;
				const struct pb_folder *cur = NULL;
				char *curid;

				strvec_split(&parts, paths.v[i], '/');
				if (parts.n <= 1) {
					strvec_clear(&parts);
					continue;
				}
				for (k = 0; k < nparents; k++)
					if (strcmp(folders[k].name, parts.v[0]) == 0) {
						cur = &folders[k];
						break;
					}
				if (cur == NULL) {
					strvec_clear(&parts);
					continue;
				}
				curid = xstrdup(cur->id);
				for (k = 1; k < parts.n; k++) {
					struct node *nj = NULL;

					str_reset(&cmd);
					str_adds(&cmd, "passbolt list folders --filter 'Name == ");
					pb_quote(parts.v[k], &cmd);
					str_adds(&cmd, " && FolderParentID == ");
					pb_quote(curid, &cmd);
					str_adds(&cmd, "' --json");
					if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
						break;
					if (!ok)
						continue;
					if ((r = parse_json(&out, &nj, e)) != 0)
						break;
					if (nj->kind != NODE_SEQ || nj->n == 0) {
						node_free(nj);
						break;
					}
					for (size_t m = 0; m < nj->n; m++) {
						folders = xreallocarray(folders, nf + 1, sizeof(*folders));
						folders[nf].id = xstrdup(jstr(nj->items[m], "id") ? jstr(nj->items[m], "id") : "");
						folders[nf].name = xstrdup(jstr(nj->items[m], "name") ?
						    jstr(nj->items[m], "name") : "");
						folders[nf].parent = xstrdup(jstr(nj->items[m], "folder_parent_id") ?
						    jstr(nj->items[m], "folder_parent_id") : "");
						nf++;
					}
					free(curid);
					curid = xstrdup(jstr(nj->items[0], "id") ? jstr(nj->items[0], "id") : "");
					node_free(nj);
				}
				free(curid);
				strvec_clear(&parts);
				if (r != 0)
					goto out;
			}
		}
		{
			struct str missing = STR_INIT;

			for (i = 0; i < paths.n; i++) {
				int found = 0;

				for (k = 0; k < nf && !found; k++) {
					struct str p = STR_INIT;

					folder_path(&folders[k], folders, nf, &p, 0);
					found = strcmp(str_cstr(&p), paths.v[i]) == 0;
					str_release(&p);
				}
				if (!found)
					str_addf(&missing, "%s%s", missing.len ? ", " : "", paths.v[i]);
			}
			if (missing.len) {
				r = err_set(e, ERR_NOTFOUND, "Could not find the following folders in Passbolt: %s",
				    str_cstr(&missing));
				str_release(&missing);
				goto out;
			}
			str_release(&missing);
		}
	}
	/* resource filter */
	for (i = 0; i < all.n; i++) {
		const char *last = strrchr(all.v[i], '/');
		const char *name = last ? last + 1 : all.v[i];

		if (last) {
			struct strvec parts = STRVEC_INIT;
			struct str cp = STR_INIT;
			const struct pb_folder *cur = NULL;
			char *fp = xstrndup(all.v[i], (size_t)(last - all.v[i]));

			strvec_split(&parts, fp, '/');
			for (k = 0; k < parts.n; k++) {
				size_t m;

				str_addf(&cp, "%s%s", k ? "/" : "", parts.v[k]);
				for (m = 0; m < nf; m++) {
					struct str p = STR_INIT;

					folder_path(&folders[m], folders, nf, &p, 0);
					if (strcmp(str_cstr(&p), str_cstr(&cp)) == 0) {
						str_release(&p);
						cur = &folders[m];
						break;
					}
					str_release(&p);
				}
			}
			if (cur) {
				str_adds(&cond, cond.len ? " || " : "");
				str_adds(&cond, "(Name == ");
				pb_quote(name, &cond);
				str_adds(&cond, " && FolderParentID == ");
				pb_quote(cur->id, &cond);
				str_addch(&cond, ')');
			}
			free(fp);
			str_release(&cp);
			strvec_clear(&parts);
		} else {
			str_adds(&cond, cond.len ? " || " : "");
			str_adds(&cond, "Name == ");
			pb_quote(name, &cond);
		}
	}
	str_reset(&cmd);
	str_adds(&cmd, "passbolt list resources ");
	if (cond.len)
		str_addf(&cmd, "--filter '%s'", str_cstr(&cond));
	str_addch(&cmd, ' ');
	for (i = 0; i < nf; i++) {
		str_adds(&cmd, i ? " --folder " : "--folder ");
		esc(folders[i].id, &cmd);
	}
	str_adds(&cmd, " --column name --column password --json");
	if ((r = bt(rn, str_cstr(&cmd), &out, &ok, e)) != 0)
		goto out;
	if (!ok) {
		struct str list = STR_INIT;

		str_addch(&list, '[');
		for (i = 0; i < all.n; i++) {
			if (i)
				str_adds(&list, ", ");
			json_quote(all.v[i], strlen(all.v[i]), &list);
		}
		str_addch(&list, ']');
		r = err_set(e, ERR_REMOTE, "Could not read %s from Passbolt", str_cstr(&list));
		str_release(&list);
		goto out;
	}
	if ((r = parse_json(&out, &j, e)) != 0)
		goto out;
	{
		struct str missing = STR_INIT;

		for (i = 0; i < all.n; i++) {
			const char *last = strrchr(all.v[i], '/');
			const char *name = last ? last + 1 : all.v[i];
			int found = 0;

			for (k = 0; j->kind == NODE_SEQ && k < j->n; k++)
				if (jstr(j->items[k], "name") && strcmp(jstr(j->items[k], "name"), name) == 0)
					found = 1;
			if (!found)
				str_addf(&missing, "%s%s", missing.len ? ", " : "", name);
		}
		if (missing.len) {
			r = err_set(e, ERR_NOTFOUND, "Could not find the following secrets in Passbolt: %s",
			    str_cstr(&missing));
			str_release(&missing);
			goto out;
		}
		str_release(&missing);
	}
	for (k = 0; j->kind == NODE_SEQ && k < j->n; k++)
		put(keys, values, jstr(j->items[k], "name") ? jstr(j->items[k], "name") : "",
		    jstr(j->items[k], "password"));
out:
	for (i = 0; i < nf; i++) {
		free(folders[i].id);
		free(folders[i].name);
		free(folders[i].parent);
	}
	free(folders);
	node_free(j);
	str_release(&out);
	str_release(&cmd);
	str_release(&cond);
	strvec_clear(&all);
	strvec_clear(&paths);
	strvec_clear(&parents);
	return r;
}

/* ---- test adapter (Kamal's own, for tests): names reversed ---- */

static int
test_adapter(const struct strvec *secrets, const char *from, struct strvec *keys, struct strvec *values)
{
	struct strvec all = STRVEC_INIT;
	size_t i;

	prefixed(secrets, from, &all);
	for (i = 0; i < all.n; i++) {
		struct str v = STR_INIT, t = STR_INIT;
		const char *p = all.v[i];
		size_t k;

		/* gsub("LPAREN", "(").gsub("RPAREN", ")").reverse */
		while (*p) {
			if (strncmp(p, "LPAREN", 6) == 0) {
				str_addch(&t, '(');
				p += 6;
			} else {
				str_addch(&t, *p++);
			}
		}
		p = str_cstr(&t);
		{
			struct str u = STR_INIT;

			while (*p) {
				if (strncmp(p, "RPAREN", 6) == 0) {
					str_addch(&u, ')');
					p += 6;
				} else {
					str_addch(&u, *p++);
				}
			}
			for (k = u.len; k-- > 0;)
				str_addch(&v, u.s[k]);
			str_release(&u);
		}
		put(keys, values, all.v[i], str_cstr(&v));
		str_release(&v);
		str_release(&t);
	}
	strvec_clear(&all);
	return 0;
}

/* ---- lookup and entry points ---- */

enum adapter { A_NONE, A_1PASSWORD, A_BITWARDEN, A_BWS, A_AWS, A_DOPPLER, A_ENPASS, A_GCP, A_LASTPASS,
	A_PASSBOLT, A_TEST };

static const struct {
	const char	*camel;
	enum adapter	 a;
	int		 needs_account;
} adapters[] = {
	{ "OnePassword", A_1PASSWORD, 1 },
	{ "Bitwarden", A_BITWARDEN, 1 },
	{ "BitwardenSecretsManager", A_BWS, 0 },
	{ "AwsSecretsManager", A_AWS, 0 },
	{ "Doppler", A_DOPPLER, 0 },
	{ "Enpass", A_ENPASS, 0 },
	{ "GcpSecretManager", A_GCP, 1 },
	{ "LastPass", A_LASTPASS, 1 },
	{ "Passbolt", A_PASSBOLT, 0 },
	{ "Test", A_TEST, 1 },
	{ NULL, A_NONE, 0 }
};

/* ActiveSupport String#camelize for the adapter name */
static void
camelize(const char *s, struct str *out)
{
	int up = 1;
	size_t i;

	/* leading lowercase/digit run is capitalized */
	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (c == '_' || c == '/') {
			if (c == '/')
				str_adds(out, "::");
			up = 1;
			continue;
		}
		if (up) {
			str_addch(out, (char)((c >= 'a' && c <= 'z') ? c - 32 : c));
			up = 0;
		} else {
			str_addch(out, c);
		}
	}
}

static enum adapter
lookup(const char *name, int *needs_account)
{
	char low[64];
	struct str cam = STR_INIT;
	const char *n = name;
	size_t i;
	enum adapter a = A_NONE;

	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
	low[i] = '\0';
	if (strcmp(low, "1password") == 0)
		n = "one_password";
	else if (strcmp(low, "lastpass") == 0)
		n = "last_pass";
	else if (strcmp(low, "gcp") == 0)
		n = "gcp_secret_manager";
	else if (strcmp(low, "bitwarden-sm") == 0)
		n = "bitwarden_secrets_manager";
	camelize(n, &cam);
	for (i = 0; adapters[i].camel; i++)
		if (strcmp(adapters[i].camel, str_cstr(&cam)) == 0) {
			a = adapters[i].a;
			*needs_account = adapters[i].needs_account;
		}
	str_release(&cam);
	return a;
}

int
secrets_adapter_fetch(const char *name, const struct strvec *secrets, const char *account, const char *from,
    char *const *envp, struct strvec *keys, struct strvec *values, int *needs_account, struct errinfo *e)
{
	struct run rn;
	int need = 0;
	enum adapter a = lookup(name ? name : "", &need);

	*needs_account = 0;
	rn.envp = envp;
	if (a == A_NONE) {
		/* Kamal reports the name after its aliases were applied */
		char low[64];
		size_t i;
		const char *shown = name;

		for (i = 0; name[i] && i + 1 < sizeof(low); i++)
			low[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] + 32 : name[i]);
		low[i] = '\0';
		if (strcmp(low, "1password") == 0)
			shown = "one_password";
		else if (strcmp(low, "lastpass") == 0)
			shown = "last_pass";
		else if (strcmp(low, "gcp") == 0)
			shown = "gcp_secret_manager";
		else if (strcmp(low, "bitwarden-sm") == 0)
			shown = "bitwarden_secrets_manager";
		return err_set(e, ERR_NOTFOUND, "Unknown secrets adapter: %s", shown);
	}
	if (need && (account == NULL || *account == '\0')) {
		*needs_account = 1;
		return 0;
	}
	switch (a) {
	case A_1PASSWORD:
		return one_password(&rn, secrets, account, from, keys, values, e);
	case A_BITWARDEN:
		return bitwarden(&rn, secrets, account, from, keys, values, e);
	case A_BWS:
		return bitwarden_sm(&rn, secrets, from, keys, values, e);
	case A_AWS:
		return aws(&rn, secrets, account, from, keys, values, e);
	case A_DOPPLER:
		return doppler(&rn, secrets, from, keys, values, e);
	case A_ENPASS:
		return enpass(&rn, secrets, from, keys, values, e);
	case A_GCP:
		return gcp(&rn, secrets, account, from, keys, values, e);
	case A_LASTPASS:
		return last_pass(&rn, secrets, account, from, keys, values, e);
	case A_PASSBOLT:
		return passbolt(&rn, secrets, from, keys, values, e);
	case A_TEST:
		return test_adapter(secrets, from, keys, values);
	default:
		return err_set(e, ERR_NOTFOUND, "Unknown secrets adapter: %s", name);
	}
}

void
secrets_json_dump(const struct strvec *keys, const struct strvec *values, struct str *out)
{
	size_t i;

	str_addch(out, '{');
	for (i = 0; i < keys->n; i++) {
		if (i)
			str_addch(out, ',');
		json_quote(keys->v[i], strlen(keys->v[i]), out);
		str_addch(out, ':');
		json_quote(values->v[i], strlen(values->v[i]), out);
	}
	str_addch(out, '}');
}

int
secrets_extract(const char *name, const char *json, struct str *out, struct errinfo *e)
{
	struct node *j = NULL;
	const struct node *v = NULL;
	size_t i, nl = strlen(name);
	int r;

	if ((r = config_json_parse(json, strlen(json), &j, e)) != 0)
		return r;
	if (j->kind == NODE_MAP) {
		v = node_get(j, name);
		if (v == NULL || v->kind == NODE_NULL) {
			v = NULL;
			for (i = 0; i < j->n; i++) {
				const char *k = j->keys[i]->text;
				size_t kl = strlen(k);

				if (kl > nl && k[kl - nl - 1] == '/' && strcmp(k + kl - nl, name) == 0) {
					v = j->items[i];
					break;
				}
			}
		}
	}
	if (v == NULL || v->kind == NODE_NULL) {
		node_free(j);
		return err_set(e, ERR_NOTFOUND, "Could not find secret %s", name);
	}
	if (v->kind == NODE_STR)
		str_adds(out, v->text);
	else
		json_dump_node(v, out);
	node_free(j);
	return 0;
}

int
secrets_inline(const struct strvec *words, char *const *envp, struct str *out, struct errinfo *e)
{
	struct strvec pos = STRVEC_INIT;
	const char *adapter = NULL, *account = NULL, *from = NULL;
	size_t i;
	int r = 0;

	if (words->n == 0 || strcmp(words->v[0], "secrets") != 0)
		return err_set(e, ERR_USAGE, "unsupported in-process kamal command");
	for (i = 2; i < words->n; i++) {
		const char *w = words->v[i];
		const char **dst = NULL;
		const char *val = NULL;

		if (strcmp(w, "--inline") == 0)
			continue;
		if (strcmp(w, "-a") == 0 || strcmp(w, "--adapter") == 0)
			dst = &adapter;
		else if (strcmp(w, "--account") == 0)
			dst = &account;
		else if (strcmp(w, "--from") == 0)
			dst = &from;
		else if (strncmp(w, "--adapter=", 10) == 0)
			dst = &adapter, val = w + 10;
		else if (strncmp(w, "--account=", 10) == 0)
			dst = &account, val = w + 10;
		else if (strncmp(w, "--from=", 7) == 0)
			dst = &from, val = w + 7;
		else if (strncmp(w, "-a", 2) == 0 && w[2])
			dst = &adapter, val = w + 2;
		if (dst) {
			if (val == NULL) {
				if (i + 1 >= words->n) {
					r = err_set(e, ERR_USAGE, "No value provided for option '%s'", w);
					goto out;
				}
				val = words->v[++i];
			}
			*dst = val;
			continue;
		}
		strvec_push(&pos, w);
	}
	if (words->n >= 2 && strcmp(words->v[1], "fetch") == 0) {
		struct strvec k = STRVEC_INIT, v = STRVEC_INIT;
		struct str json = STR_INIT;
		int need = 0;

		if (adapter == NULL) {
			r = err_set(e, ERR_USAGE, "No value provided for required options '--adapter'");
			goto out;
		}
		r = secrets_adapter_fetch(adapter, &pos, account, from, envp, &k, &v, &need, e);
		if (r == 0 && need)
			r = err_set(e, ERR_USAGE, "No value provided for required options '--account'");
		if (r == 0) {
			json.secret = 1;
			secrets_json_dump(&k, &v, &json);
			config_shellwords_escape(str_cstr(&json), out);
		}
		str_release(&json);
		strvec_clear(&k);
		for (i = 0; i < v.n; i++)
			wipe(v.v[i], strlen(v.v[i]));
		strvec_clear(&v);
	} else if (words->n >= 2 && strcmp(words->v[1], "extract") == 0) {
		if (pos.n != 2) {
			r = err_set(e, ERR_USAGE, "secrets extract takes NAME and SECRETS");
			goto out;
		}
		r = secrets_extract(pos.v[0], pos.v[1], out, e);
	} else {
		r = err_set(e, ERR_USAGE, "unsupported in-process kamal command: secrets %s",
		    words->n >= 2 ? words->v[1] : "");
	}
out:
	strvec_clear(&pos);
	return r;
}

int
secrets_command(const char *cmd, char *const *envp, struct str *out, struct errinfo *e)
{
	const char *p = cmd;
	int status, r;

	/* /\A\s*kamal\s*secrets\s+/ */
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
		p++;
	if (strncmp(p, "kamal", 5) == 0) {
		const char *q = p + 5;

		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r' || *q == '\f' || *q == '\v')
			q++;
		if (strncmp(q, "secrets", 7) == 0 && (q[7] == ' ' || q[7] == '\t' || q[7] == '\n' ||
		    q[7] == '\r' || q[7] == '\f' || q[7] == '\v')) {
			struct strvec words = STRVEC_INIT;
			r = shellwords_split(cmd, &words, e);

			if (r == 0) {
				/* shellsplit[1..]: drop the first word ("kamal") */
				if (words.n)
					strvec_remove(&words, 0);
				r = secrets_inline(&words, envp, out, e);
			}
			strvec_clear(&words);
			return r;
		}
	}
	r = shell_capture(cmd, envp, out, &status, e);
	/* Kamal (dotenv, Ruby backticks) uses the output whatever the exit status, so a
	 * failing helper silently yields an empty secret: keep the value, but say so.
	 * Only the program's name is shown (the rest of a command may be sensitive). */
	if (r == 0 && status != 0) {
		size_t n = strcspn(p, " \t\n\r\f\v;|&<>()$`'\"");

		log_warn("a secret's command (%.*s%s) exited with status %d; its output%s is used as the value, "
		    "as Kamal does", (int)(n < 40 ? n : 40), p, p[n] ? " ..." : "", status,
		    out->len ? "" : " (empty)");
	}
	return r;
}
