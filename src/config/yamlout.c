/*
 * yamlout — Ruby's Object#to_yaml for the values `kamal config` prints.
 *
 * Psych decides each scalar's style (visitors/yaml_tree.rb#visit_String and
 * friends) and hands it to libyaml's emitter, which may still refuse a plain
 * scalar and quote it. sextant does the same: the style choice below follows
 * Psych's rules, and the text is produced by the vendored libyaml emitter (80
 * columns, 2-space indent, indentless sequences in mappings), so quoting and
 * line folding come out as Kamal prints them.
 */
#include "config/node.h"

#include <string.h>

#include <yaml.h>

#include "config/yaml.h"
#include "core/str.h"
#include "core/xmalloc.h"

static int
write_cb(void *data, unsigned char *buffer, size_t size)
{
	str_add((struct str *)data, buffer, size);
	return 1;
}

static int
word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	    c >= 0x80;
}

/* Psych's visit_String style choice. */
static yaml_scalar_style_t
string_style(const char *s, int *plain_implicit, int *quoted_implicit)
{
	const char *nl = strchr(s, '\n');
	char *tok;
	enum node_kind k;

	*plain_implicit = 1;
	*quoted_implicit = 1;
	/* /\n(?!\Z)/: a newline that is not the very last character */
	if (nl && (nl[1] != '\0'))
		return YAML_LITERAL_SCALAR_STYLE;
	if (strcmp(s, "<<") == 0) {
		*plain_implicit = *quoted_implicit = 0;
		return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	}
	if (strcmp(s, "y") == 0 || strcmp(s, "Y") == 0 || strcmp(s, "n") == 0 || strcmp(s, "N") == 0)
		return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	/* /^[^[:word:]][^"]*$/ (line anchors: any line qualifies) */
	{
		const char *line = s;

		while (line) {
			const char *end = strchr(line, '\n');
			size_t l = end ? (size_t)(end - line) : strlen(line);

			if (l > 0 && !word_char((unsigned char)line[0]) && memchr(line, '"', l) == NULL)
				return YAML_DOUBLE_QUOTED_SCALAR_STYLE;
			line = end ? end + 1 : NULL;
		}
	}
	k = yaml_resolve_plain(s, &tok);
	free(tok);
	if (k != NODE_STR)
		return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	/* /\A0[0-7]*[89]/ */
	if (s[0] == '0') {
		const char *p = s + 1 + strspn(s + 1, "01234567");

		if (*p == '8' || *p == '9')
			return YAML_SINGLE_QUOTED_SCALAR_STYLE;
	}
	return YAML_PLAIN_SCALAR_STYLE;
}

static int
scalar(yaml_emitter_t *em, const char *text, const char *tag, yaml_scalar_style_t style, int plain, int quoted)
{
	yaml_event_t ev;

	yaml_scalar_event_initialize(&ev, NULL, (yaml_char_t *)tag, (yaml_char_t *)text, (int)strlen(text),
	    plain, quoted, style);
	return yaml_emitter_emit(em, &ev);
}

static int
emit_string(yaml_emitter_t *em, const char *s)
{
	int p, q;
	yaml_scalar_style_t st = string_style(s, &p, &q);

	return scalar(em, s, p ? NULL : "tag:yaml.org,2002:str", st, p, q);
}

static int
emit(yaml_emitter_t *em, const struct node *n)
{
	yaml_event_t ev;
	size_t i;

	switch (n->kind) {
	case NODE_MAP:
		/* a map's text, when set, is its tag (e.g. !ruby/object:Net::SSH::Proxy::Jump) */
		yaml_mapping_start_event_initialize(&ev, NULL, (yaml_char_t *)n->text, n->text == NULL,
		    YAML_BLOCK_MAPPING_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return 0;
		for (i = 0; i < n->n; i++)
			if (!emit(em, n->keys[i]) || !emit(em, n->items[i]))
				return 0;
		yaml_mapping_end_event_initialize(&ev);
		return yaml_emitter_emit(em, &ev);
	case NODE_SEQ:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		if (!yaml_emitter_emit(em, &ev))
			return 0;
		for (i = 0; i < n->n; i++)
			if (!emit(em, n->items[i]))
				return 0;
		yaml_sequence_end_event_initialize(&ev);
		return yaml_emitter_emit(em, &ev);
	case NODE_NULL:
		return scalar(em, "", "tag:yaml.org,2002:null", YAML_ANY_SCALAR_STYLE, 1, 0);
	case NODE_SYM: {
		char *t = xasprintf(":%s", n->text);
		int r = scalar(em, t, NULL, YAML_ANY_SCALAR_STYLE, 1, 0);

		free(t);
		return r;
	}
	case NODE_STR:
		return emit_string(em, n->text);
	case NODE_FLOAT:
		if (strcmp(n->text, "NaN") == 0)
			return scalar(em, ".nan", NULL, YAML_ANY_SCALAR_STYLE, 1, 0);
		if (strcmp(n->text, "Infinity") == 0)
			return scalar(em, ".inf", NULL, YAML_ANY_SCALAR_STYLE, 1, 0);
		if (strcmp(n->text, "-Infinity") == 0)
			return scalar(em, "-.inf", NULL, YAML_ANY_SCALAR_STYLE, 1, 0);
		return scalar(em, n->text, NULL, YAML_ANY_SCALAR_STYLE, 1, 0);
	default:
		return scalar(em, n->text, NULL, YAML_ANY_SCALAR_STYLE, 1, 0);
	}
}

void
node_to_yaml(const struct node *n, struct str *out)
{
	yaml_emitter_t em;
	yaml_event_t ev;

	if (!yaml_emitter_initialize(&em))
		return;
	yaml_emitter_set_output(&em, write_cb, out);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, 0);
	yaml_emitter_set_indent(&em, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	yaml_emitter_emit(&em, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0);
	yaml_emitter_emit(&em, &ev);
	emit(&em, n);
	yaml_document_end_event_initialize(&ev, 1);
	yaml_emitter_emit(&em, &ev);
	yaml_stream_end_event_initialize(&ev);
	yaml_emitter_emit(&em, &ev);
	yaml_emitter_flush(&em);
	yaml_emitter_delete(&em);
}
