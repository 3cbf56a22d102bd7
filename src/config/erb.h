/*
 * erb — the subset of Ruby ERB that sextant renders in deploy.yml (and accessory
 * `.erb` files). Kamal evaluates arbitrary Ruby; sextant supports what deploy
 * files use in practice and rejects everything else with the location and the
 * construct, never silently:
 *
 *   <%= ENV["X"] %>                 value or "" when unset (also ENV['X'])
 *   <%= ENV.fetch("X") %>           error `key not found: "X"` when unset
 *   <%= ENV.fetch("X", "d") %>      default when unset (string, integer or nil)
 *   <%= ENV["X"] || "d" %>          Ruby ||: nil and false fall through
 *   <%= `cmd` %>, <%= %x(cmd) %>    /bin/sh -c cmd, stdout inserted as is
 *   <%= "literal" %>, 'literal', integers, nil, ( ... )
 *   integer + - * / %, string + string
 *   .strip .chomp .to_s .to_i .upcase .downcase .length .size   after any of the above
 *   <%# comment %>, <% # comment %>  nothing
 *   <%% ... %%>                     literal <% and %>
 *   -%>  (trim mode "-")            eats the newline right after the tag
 *   <%-                             eats the indentation before the tag
 *
 * Rendering records a source map so that YAML marks in the rendered text can be
 * reported as positions in the template file.
 */
#ifndef SEXTANT_CONFIG_ERB_H
#define SEXTANT_CONFIG_ERB_H

#include <stddef.h>

struct errinfo;
struct str;

/* One run of rendered output: literal text copied from src (offsets move
 * together) or an expression's output (every offset maps to the tag). */
struct srcseg {
	size_t	out;
	size_t	src;
	int	literal;
};

struct srcmap {
	const char	*file;
	const char	*src;		/* the template (not owned) */
	size_t		 srclen;
	struct srcseg	*v;
	size_t		 n, cap;
	size_t		*lines;		/* start offset of each template line */
	size_t		 nlines;
};

struct erb_env {
	/* Environment lookup for ENV[...]: returns NULL when unset. */
	const char	*(*get)(void *ctx, const char *name);
	void		*ctx;
	/* Environment for commands; NULL = inherit. */
	char *const	*envp;
	int		 trim;		/* trim mode "-" (deploy.yml); 0 for accessory files */
	int		 no_commands;	/* refuse backticks (fuzzing) */
};

/* Renders src into out. Errors carry file:line:col of the tag. */
int	erb_render(const char *file, const char *src, size_t n, const struct erb_env *env,
	    struct str *out, struct srcmap *map, struct errinfo *e);
void	srcmap_release(struct srcmap *m);
/* Position in the template of rendered byte offset off (1-based line, col in characters). */
void	srcmap_locate(const struct srcmap *m, size_t off, int *line, int *col);
/* Line/col (1-based, col in characters) of byte offset off in text. */
void	text_line_col(const char *text, size_t n, size_t off, int *line, int *col);

#endif
