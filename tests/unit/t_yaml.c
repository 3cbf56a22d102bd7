/*
 * YAML loading as Psych's YAML.unsafe_load does it: scalar resolution, Ruby
 * to_s texts, anchors/aliases/merge keys, marks, and the bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "config/erb.h"
#include "config/yaml.h"
#include "core/err.h"
#include "core/str.h"
#include "harness.h"

static char kindbuf[64];

static const char *
res(const char *s)
{
	char *t;
	enum node_kind k = yaml_resolve_plain(s, &t);
	static const char *const names[] = { "nil", "bool", "int", "float", "str", "sym", "time", "seq", "map" };

	snprintf(kindbuf, sizeof(kindbuf), "%s:%s", names[k], t);
	free(t);
	return kindbuf;
}

TEST(yaml_psych_scalars)
{
	CHECK_STR_EQ(res(""), "nil:");
	CHECK_STR_EQ(res("~"), "nil:");
	CHECK_STR_EQ(res("null"), "nil:");
	CHECK_STR_EQ(res("NULL"), "nil:");
	CHECK_STR_EQ(res("nil"), "str:nil");
	CHECK_STR_EQ(res("yes"), "bool:true");
	CHECK_STR_EQ(res("No"), "bool:false");
	CHECK_STR_EQ(res("ON"), "bool:true");
	CHECK_STR_EQ(res("off"), "bool:false");
	CHECK_STR_EQ(res("y"), "str:y");
	CHECK_STR_EQ(res("n"), "str:n");
	CHECK_STR_EQ(res("true"), "bool:true");
	CHECK_STR_EQ(res("web"), "str:web");
	CHECK_STR_EQ(res("42"), "int:42");
	CHECK_STR_EQ(res("-7"), "int:-7");
	CHECK_STR_EQ(res("1_000"), "int:1000");
	CHECK_STR_EQ(res("1,000"), "int:1000");
	CHECK_STR_EQ(res("0755"), "int:493");
	CHECK_STR_EQ(res("0779"), "str:0779");
	CHECK_STR_EQ(res("0x1f"), "int:31");
	CHECK_STR_EQ(res("0b101"), "int:5");
	CHECK_STR_EQ(res("1:30"), "int:5400");
	CHECK_STR_EQ(res("8080:80"), "str:8080:80");
	CHECK_STR_EQ(res("9223372036854775807:59:59"), "int:33204139332677192908799");
	CHECK_STR_EQ(res("1.5"), "float:1.5");
	CHECK_STR_EQ(res("1."), "float:1.0");
	CHECK_STR_EQ(res(".5"), "float:0.5");
	CHECK_STR_EQ(res("1.0e+3"), "float:1000.0");
	CHECK_STR_EQ(res("1e3"), "str:1e3");
	CHECK_STR_EQ(res("1.2.3"), "str:1.2.3");
	CHECK_STR_EQ(res("10.0.0.1"), "str:10.0.0.1");
	CHECK_STR_EQ(res(".inf"), "float:Infinity");
	CHECK_STR_EQ(res("-.inf"), "float:-Infinity");
	CHECK_STR_EQ(res(".nan"), "float:NaN");
	CHECK_STR_EQ(res(":sym"), "sym:sym");
	CHECK_STR_EQ(res(":\"quoted sym\""), "sym:quoted sym");
	CHECK_STR_EQ(res("2024-01-05"), "time:2024-01-05");
	CHECK_STR_EQ(res("2024-02-30"), "str:2024-02-30");
	CHECK_STR_EQ(res("2001-12-14t21:59:43.10-05:00"), "time:2001-12-14t21:59:43.10-05:00");
	CHECK_STR_EQ(res("v0.9.2"), "str:v0.9.2");
	CHECK_STR_EQ(res("-"), "str:-");
	CHECK_STR_EQ(res("+"), "str:+");
	CHECK_STR_EQ(res("."), "str:.");
}

TEST(yaml_ruby_float_to_s)
{
	char b[64];

	yaml_ruby_float(100.0, b, sizeof(b));
	CHECK_STR_EQ(b, "100.0");
	yaml_ruby_float(1e16, b, sizeof(b));
	CHECK_STR_EQ(b, "1.0e+16");
	yaml_ruby_float(1e15, b, sizeof(b));
	CHECK_STR_EQ(b, "1000000000000000.0");
	yaml_ruby_float(0.0001, b, sizeof(b));
	CHECK_STR_EQ(b, "0.0001");
	yaml_ruby_float(0.00001, b, sizeof(b));
	CHECK_STR_EQ(b, "1.0e-05");
	yaml_ruby_float(-2.5, b, sizeof(b));
	CHECK_STR_EQ(b, "-2.5");
	yaml_ruby_float(0.1 + 0.2, b, sizeof(b));
	CHECK_STR_EQ(b, "0.30000000000000004");
}

static struct node *
load(const char *text, struct errinfo *e)
{
	struct node *n = NULL;

	err_clear(e);
	if (yaml_load("t.yml", text, strlen(text), NULL, &n, e) != 0)
		return NULL;
	return n;
}

TEST(yaml_quoting_and_marks)
{
	struct errinfo e;
	struct node *n = load("a: \"1\"\nb: '2'\nc: 3\nd: |\n  x\n  y\n", &e);

	CHECK(n != NULL);
	CHECK_EQ_INT(node_get(n, "a")->kind, NODE_STR);
	CHECK_EQ_INT(node_get(n, "b")->kind, NODE_STR);
	CHECK_EQ_INT(node_get(n, "c")->kind, NODE_INT);
	CHECK_STR_EQ(node_get(n, "d")->text, "x\ny\n");
	CHECK_EQ_INT(node_get(n, "c")->line, 3);
	CHECK_EQ_INT(node_get(n, "c")->col, 4);
	CHECK_EQ_INT(node_get_key(n, "c")->col, 1);
	node_free(n);
}

TEST(yaml_anchors_and_merge)
{
	struct errinfo e;
	struct node *n = load(
	    "base: &b {x: 1, y: 2}\n"
	    "other: &o {y: 3, z: 4}\n"
	    "one:\n  <<: *b\n  y: 9\n"
	    "two:\n  y: 9\n  <<: *b\n"
	    "many:\n  <<: [*b, *o]\n"
	    "notmap:\n  <<: 5\n"
	    "quoted:\n  '<<': *b\n"
	    "list: &l [a, b]\ncopy: *l\n", &e);
	const struct node *m;

	CHECK(n != NULL);
	m = node_get(n, "one");
	CHECK_STR_EQ(node_get(m, "y")->text, "9");
	CHECK_STR_EQ(node_get(m, "x")->text, "1");
	/* a merge after a key replaces it (Hash#merge!) */
	m = node_get(n, "two");
	CHECK_STR_EQ(node_get(m, "y")->text, "2");
	/* sequences merge right to left: earlier maps win */
	m = node_get(n, "many");
	CHECK_STR_EQ(node_get(m, "y")->text, "2");
	CHECK_STR_EQ(node_get(m, "z")->text, "4");
	CHECK_STR_EQ(m->keys[0]->text, "y");	/* h = o.merge(b): o's key order first */
	m = node_get(n, "notmap");
	CHECK_STR_EQ(node_get(m, "<<")->text, "5");
	m = node_get(n, "quoted");
	CHECK_STR_EQ(node_get(m, "x")->text, "1");
	CHECK_EQ_INT(node_get(n, "copy")->n, 2);
	CHECK_EQ_INT(node_get(n, "copy")->line, 16);
	node_free(n);
}

TEST(yaml_errors_and_bounds)
{
	struct errinfo e;
	struct str deep = STR_INIT, laughs = STR_INIT;
	struct node *n;
	int i;

	CHECK(load("a: *nope\n", &e) == NULL);
	CHECK_STR_EQ(e.msg, "An alias referenced an unknown anchor: nope");
	CHECK(load("a: [b\n", &e) == NULL);
	CHECK_EQ_INT(e.code, ERR_PARSE);
	CHECK(strncmp(e.msg, "(<unknown>): ", 13) == 0);
	CHECK(load("a: !ruby/object:Foo {}\n", &e) == NULL);
	CHECK_EQ_INT(e.code, ERR_UNSUPPORTED);
	CHECK(load("a: &x [*x]\n", &e) == NULL);
	CHECK_EQ_INT(e.code, ERR_UNSUPPORTED);
	for (i = 0; i < 100; i++)
		str_addch(&deep, '[');
	CHECK(load(str_cstr(&deep), &e) == NULL);
	CHECK_EQ_INT(e.code, ERR_RANGE);
	/* the "billion laughs": aliases of aliases expand past the node bound */
	str_adds(&laughs, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (i = 1; i < 9; i++)
		str_addf(&laughs, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", 'a' + i, 'a' + i,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1, 'a' + i - 1,
		    'a' + i - 1, 'a' + i - 1, 'a' + i - 1);
	CHECK(load(str_cstr(&laughs), &e) == NULL);
	CHECK_EQ_INT(e.code, ERR_RANGE);
	n = load("", &e);
	CHECK(n != NULL && n->kind == NODE_NULL);
	node_free(n);
	n = load("a: 1\n---\nb: 2\n", &e);
	CHECK(n != NULL && node_has(n, "a") && !node_has(n, "b"));
	node_free(n);
	str_release(&deep);
	str_release(&laughs);
}

TEST(yaml_deep_merge_and_equal)
{
	struct errinfo e;
	struct node *a = load("x: {a: 1, b: {c: 2, d: [1]}}\ny: 1\n", &e);
	struct node *b = load("x: {b: {d: [2], e: 3}}\nz: 2\n", &e);
	struct node *m;

	CHECK(a && b);
	m = node_deep_merge(a, b);
	CHECK_STR_EQ(node_dig(m, "x", "a", NULL)->text, "1");
	CHECK_STR_EQ(node_dig(m, "x", "b", "c", NULL)->text, "2");
	CHECK_EQ_INT(node_dig(m, "x", "b", "d", NULL)->n, 1);
	CHECK_STR_EQ(node_dig(m, "x", "b", "d", NULL)->items[0]->text, "2");
	CHECK_STR_EQ(node_dig(m, "x", "b", "e", NULL)->text, "3");
	CHECK(node_equal(m, m));
	CHECK(!node_equal(a, m));
	node_free(a);
	node_free(b);
	node_free(m);
}

TEST(yaml_to_yaml_psych_styles)
{
	struct errinfo e;
	struct node *n = load("a: '999'\nb: --x\nc: \"y\"\nd: plain\ne: \"two\\nlines\"\nf: ~\ng: :sym\nh: '<<'\n", &e);
	struct str o = STR_INIT;

	CHECK(n != NULL);
	node_to_yaml(n, &o);
	CHECK_STR_EQ(str_cstr(&o),
	    "---\na: '999'\nb: \"--x\"\nc: \"y\"\nd: plain\ne: |-\n  two\n  lines\nf:\ng: :sym\nh: !!str '<<'\n");
	str_release(&o);
	node_free(n);
}
