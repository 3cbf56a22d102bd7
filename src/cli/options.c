/*
 * Thor-compatible option parsing (spec/kamal.md §3): long options with `-` or `_`,
 * `--opt=value` and `--opt value`, short aliases `-x value` / `-xvalue`, booleans
 * with `--no-opt` and `--skip-opt`, hash options taking KEY:VALUE words, array
 * options taking words up to the next option. `--` ends option parsing.
 */
#include "cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "core/xmalloc.h"
#include "cli/parse.h"

size_t
cli_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *prev, *cur, *tmp, r;

	prev = xcalloc(lb + 1, sizeof(size_t));
	cur = xcalloc(lb + 1, sizeof(size_t));
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	r = prev[lb];
	free(prev);
	free(cur);
	return r;
}

/* Thor treats `-` and `_` alike in long names; compare on the underscore form. */
static void
normalise(const char *in, size_t n, char *out, size_t outn)
{
	size_t i;

	for (i = 0; i < n && i + 1 < outn; i++)
		out[i] = in[i] == '-' ? '_' : in[i];
	out[i] = '\0';
}

static struct opt_value *
find_long(struct cli *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nvals; i++)
		if (strcmp(c->vals[i].spec->name, name) == 0)
			return &c->vals[i];
	return NULL;
}

static struct opt_value *
find_short(struct cli *c, char ch)
{
	size_t i;

	/* Command options shadow class options with the same letter (Thor's merge order). */
	for (i = c->nvals; i-- > 0;)
		if (c->vals[i].spec->alias == ch)
			return &c->vals[i];
	return NULL;
}

static const struct opt_value *
lookup(const struct cli *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nvals; i++)
		if (strcmp(c->vals[i].spec->name, name) == 0)
			return &c->vals[i];
	fprintf(stderr, "sextant: internal error: no option '%s' on this command\n", name);
	abort();
}

int
cli_bool(const struct cli *c, const char *name)
{
	return lookup(c, name)->b;
}

const char *
cli_str(const struct cli *c, const char *name)
{
	const struct opt_value *v = lookup(c, name);

	return v->s ? v->s : (v->spec->type == OPT_STRING ? v->spec->def : NULL);
}

double
cli_num(const struct cli *c, const char *name)
{
	return lookup(c, name)->num;
}

const struct strvec *
cli_list(const struct cli *c, const char *name)
{
	return &lookup(c, name)->list;
}

int
cli_given(const struct cli *c, const char *name)
{
	return lookup(c, name)->set;
}

static int
parse_number(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && end != s && *end == '\0' && isfinite(*out);
}

/* Option names are shown dashed, as Thor prints switches. */
static const char *
dashed(const char *name, char *out, size_t n)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < n; i++)
		out[i] = name[i] == '_' ? '-' : name[i];
	out[i] = '\0';
	return out;
}

/* Thor's own wording (Thor::Options). */
static int
bad_numeric(const char *opt, const char *val, struct errinfo *e)
{
	char d[128];

	return err_set(e, ERR_USAGE, "Expected numeric value for '--%s'; got \"%s\"", dashed(opt, d, sizeof(d)), val);
}

static void
suggest_option(struct cli *c, const char *word, struct str *out)
{
	size_t i, best = (size_t)-1, d;
	const char *bestname = NULL;
	char norm[128];

	normalise(word, strlen(word), norm, sizeof(norm));
	for (i = 0; i < c->nvals; i++) {
		if (c->vals[i].spec->flags & OPT_HIDDEN)
			continue;
		d = cli_edit_distance(norm, c->vals[i].spec->name);
		if (d < best) {
			best = d;
			bestname = c->vals[i].spec->name;
		}
	}
	if (bestname != NULL && best <= 3) {
		char dn[128];

		str_addf(out, "\nDid you mean?  \"--%s\"", dashed(bestname, dn, sizeof(dn)));
	}
}

static int
is_option_word(const char *w)
{
	return w[0] == '-' && w[1] != '\0';
}

/* Stores the value of a non-boolean option, consuming following words where the type does. */
static int
take_value(struct cli *c, struct opt_value *v, const char *inline_val, int argc, char **argv,
    int *i, struct errinfo *e)
{
	char name[128];

	dashed(v->spec->name, name, sizeof(name));

	switch (v->spec->type) {
	case OPT_STRING:
	case OPT_NUMERIC: {
		const char *val = inline_val;

		if (val == NULL) {
			if (*i + 1 >= argc || (is_option_word(argv[*i + 1]) && v->spec->type != OPT_NUMERIC))
				return err_set(e, ERR_USAGE, "No value provided for option '--%s'", name);
			val = argv[++*i];
		}
		if (v->spec->type == OPT_NUMERIC) {
			if (!parse_number(val, &v->num))
				return bad_numeric(name, val, e);
		} else {
			free(v->s);
			v->s = xstrdup(val);
			if (v->spec->flags & OPT_REPEATABLE)
				strvec_push(&v->list, val);
		}
		break;
	}
	case OPT_HASH:
		/* Thor: a hash consumes consecutive KEY:VALUE words. */
		if (inline_val != NULL) {
			const char *colon = strchr(inline_val, ':');

			if (colon == NULL)
				return err_set(e, ERR_USAGE, "Expected KEY:VALUE for '--%s'; got \"%s\"", name, inline_val);
			strvec_push_nodup(&v->list, xstrndup(inline_val, (size_t)(colon - inline_val)));
			strvec_push(&v->list, colon + 1);
		}
		while (*i + 1 < argc && !is_option_word(argv[*i + 1]) && strchr(argv[*i + 1], ':')) {
			const char *w = argv[++*i], *colon = strchr(w, ':');

			strvec_push_nodup(&v->list, xstrndup(w, (size_t)(colon - w)));
			strvec_push(&v->list, colon + 1);
		}
		if (v->list.n == 0)
			return err_set(e, ERR_USAGE, "No value provided for option '--%s'", name);
		break;
	case OPT_ARRAY:
		if (inline_val != NULL)
			strvec_push(&v->list, inline_val);
		while (*i + 1 < argc && !is_option_word(argv[*i + 1]))
			strvec_push(&v->list, argv[++*i]);
		if (v->list.n == 0)
			return err_set(e, ERR_USAGE, "No value provided for option '--%s'", name);
		break;
	case OPT_BOOL:
		break;
	}
	v->set = 1;
	return 0;
}

static int
apply_default(struct opt_value *v)
{
	const struct opt_spec *s = v->spec;

	if (s->def == NULL)
		return 0;
	if (s->type == OPT_BOOL)
		v->b = strcmp(s->def, "true") == 0;
	else if (s->type == OPT_NUMERIC)
		v->num = strtod(s->def, NULL);
	return 0;
}

void
cli_values_init(struct cli *c, const struct cmd_spec *cmd)
{
	size_t n = 0, k = 0, i;

	for (i = 0; cli_global_opts[i].name; i++)
		n++;
	for (i = 0; cmd && cmd->opts && cmd->opts[i].name; i++)
		n++;
	c->vals = xcalloc(n, sizeof(*c->vals));
	c->nvals = n;
	for (i = 0; cli_global_opts[i].name; i++)
		c->vals[k++].spec = &cli_global_opts[i];
	for (i = 0; cmd && cmd->opts && cmd->opts[i].name; i++)
		c->vals[k++].spec = &cmd->opts[i];
	for (i = 0; i < n; i++)
		apply_default(&c->vals[i]);
}

void
cli_values_free(struct cli *c)
{
	size_t i;

	for (i = 0; i < c->nvals; i++) {
		free(c->vals[i].s);
		strvec_clear(&c->vals[i].list);
	}
	free(c->vals);
	c->vals = NULL;
	c->nvals = 0;
}

/*
 * Parses argv[0..argc) into c->vals and c->args. With stop_at_positional, the first
 * positional word ends option parsing (exec CMD..., whose words may look like options).
 */
int
cli_parse_options(struct cli *c, int argc, char **argv, int stop_at_positional, struct errinfo *e)
{
	int i, only_args = 0;

	for (i = 0; i < argc; i++) {
		const char *w = argv[i];
		struct opt_value *v;

		if (only_args || !is_option_word(w)) {
			strvec_push(&c->args, w);
			if (stop_at_positional)
				only_args = 1;
			continue;
		}
		if (strcmp(w, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (w[1] == '-') {
			char name[128];
			const char *eq = strchr(w + 2, '=');
			size_t len = eq ? (size_t)(eq - (w + 2)) : strlen(w + 2);

			if (len >= sizeof(name))
				len = sizeof(name) - 1;
			normalise(w + 2, len, name, sizeof(name));
			v = find_long(c, name);
			if (v == NULL && (strncmp(name, "no_", 3) == 0 || strncmp(name, "skip_", 5) == 0)) {
				const char *base = name + (name[0] == 'n' ? 3 : 5);
				struct opt_value *bv = find_long(c, base);

				if (bv != NULL && bv->spec->type == OPT_BOOL && eq == NULL) {
					bv->b = 0;
					bv->set = 1;
					continue;
				}
			}
			if (v == NULL) {
				struct str msg = STR_INIT;

				str_addf(&msg, "Unknown switches \"%.*s\"", (int)(eq ? (size_t)(eq - w) : strlen(w)), w);
				suggest_option(c, name, &msg);
				err_set(e, ERR_USAGE, "%s", str_cstr(&msg));
				str_release(&msg);
				return ERR_USAGE;
			}
			if (v->spec->type == OPT_BOOL) {
				if (eq != NULL) {
					if (strcmp(eq + 1, "true") == 0)
						v->b = 1;
					else if (strcmp(eq + 1, "false") == 0)
						v->b = 0;
					else
					{
						char d[128];

						return err_set(e, ERR_USAGE, "Expected boolean value for '--%s'; got \"%s\"", dashed(v->spec->name, d, sizeof(d)), eq + 1);
					}
				} else {
					v->b = 1;
				}
				v->set = 1;
				continue;
			}
			if (take_value(c, v, eq ? eq + 1 : NULL, argc, argv, &i, e) != 0)
				return ERR_USAGE;
			continue;
		}
		/* Short options, possibly bundled: -vq, -h host, -hhost. */
		{
			const char *p;

			for (p = w + 1; *p; p++) {
				v = find_short(c, *p);
				if (v == NULL) {
					struct str msg = STR_INIT;

					str_addf(&msg, "Unknown switches \"-%c\"", *p);
					err_set(e, ERR_USAGE, "%s", str_cstr(&msg));
					str_release(&msg);
					return ERR_USAGE;
				}
				if (v->spec->type == OPT_BOOL) {
					v->b = 1;
					v->set = 1;
					continue;
				}
				if (take_value(c, v, p[1] ? p + 1 + (p[1] == '=') : NULL, argc, argv, &i, e) != 0)
					return ERR_USAGE;
				break;
			}
		}
	}
	return 0;
}
