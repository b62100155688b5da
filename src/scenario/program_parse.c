/*
 * program_parse.c - programs: operations separated by ';'; see parse.h.
 *
 * Programs are read by recursive descent over the text; `repeat N { ... }`
 * becomes OP_REPEAT ... OP_END_REPEAT with the jumps that task.c expects.
 */
#include "scenario/parse.h"
#include "scenario/parse_int.h"

#include <string.h>

struct pp {
	const char *p; /* cursor in the program's text */
	sim_time_t unit;
	GArray *ops;	  /* struct op */
	GPtrArray *names; /* char *: the name each op was written with, or NULL */
	GString *msg;
	int depth; /* loops open at the cursor */
};

static const char *const op_words[] = { "cpu",	  "io",	       "sleep",	 "yield",  "repeat",
					"exit",	  "lock",      "unlock", "wait",   "post",
					"send",	  "recv",      "spawn",	 "atomic", "cond_wait",
					"signal", "broadcast", "rdlock", "wrlock", "syscall",
					NULL };

/* What each word of op_words is, and what it takes. */
enum arg_kind { ARG_DUR, ARG_NONE, ARG_LOOP, ARG_NAME, ARG_NAME_SIZE };
static const struct {
	enum op_kind kind;
	enum arg_kind arg;
} op_shapes[] = {
	{ OP_CPU, ARG_DUR },	 { OP_IO, ARG_DUR },	     { OP_SLEEP, ARG_DUR },
	{ OP_YIELD, ARG_NONE },	 { OP_REPEAT, ARG_LOOP },    { OP_EXIT, ARG_NONE },
	{ OP_LOCK, ARG_NAME },	 { OP_UNLOCK, ARG_NAME },    { OP_WAIT, ARG_NAME },
	{ OP_POST, ARG_NAME },	 { OP_SEND, ARG_NAME_SIZE }, { OP_RECV, ARG_NAME_SIZE },
	{ OP_SPAWN, ARG_NAME },	 { OP_ATOMIC, ARG_DUR },     { OP_COND_WAIT, ARG_NAME },
	{ OP_SIGNAL, ARG_NAME }, { OP_BROADCAST, ARG_NAME }, { OP_RDLOCK, ARG_NAME },
	{ OP_WRLOCK, ARG_NAME }, { OP_SYSCALL, ARG_DUR },
};
G_STATIC_ASSERT(G_N_ELEMENTS(op_shapes) == G_N_ELEMENTS(op_words) - 1);

/*
 * The end of the operation starting at p: the next ';', '}' or '{', or the
 * end of the text. "{i}" in a name is part of the operation.
 */
static const char *op_end(const char *p)
{
	while (*p && *p != ';' && *p != '}') {
		if (*p == '{') {
			size_t n = parse_index_template(p, NULL);

			if (!n)
				break;
			p += n;
			continue;
		}
		p++;
	}
	return p;
}

/* Append "in 'OP TEXT': " for the operation s[0..e), trimmed. */
static void op_context(GString *msg, const char *s, const char *e)
{
	while (e > s && parse_is_blank(e[-1]))
		e--;
	g_string_append(msg, "in ");
	parse_quote(msg, s, e - s);
	g_string_append(msg, ": ");
}

/* Append op; name (NULL or g_malloc'd) becomes the pp's. */
static void push_op(struct pp *pp, const struct op *op, char *name)
{
	g_array_append_val(pp->ops, *op);
	g_ptr_array_add(pp->names, name);
}

static bool parse_ops(struct pp *pp);

/* One operation at pp->p (blanks skipped); moves pp->p to its end. */
static bool parse_op(struct pp *pp)
{
	const char *s = pp->p, *w = s, *e;
	g_autofree char *word = NULL;
	g_autofree char *arg = NULL;
	struct op op = { 0 };
	int kind;

	while (g_ascii_isalpha(*w) || *w == '_')
		w++;
	word = g_strndup(s, w - s);
	if (!*word) {
		e = op_end(s);
		if (e == s && *s)
			e = g_utf8_next_char(s);
		g_string_append(pp->msg, "expected an operation, got ");
		parse_quote(pp->msg, s, e - s);
		return false;
	}
	for (kind = 0; op_words[kind]; kind++)
		if (!strcmp(word, op_words[kind]))
			break;
	if (!op_words[kind]) {
		g_string_append(pp->msg, "unknown operation ");
		parse_append_quoted(pp->msg, word);
		if (!parse_append_suggestion(pp->msg, word, op_words))
			g_string_append(pp->msg,
					": use cpu, io, sleep, yield, exit or repeat N { }");
		return false;
	}
	if (!strcmp(word, "repeat")) {
		const char *n = parse_skip_blanks(w), *ne = n;
		g_autofree char *count = NULL;
		uint64_t v;
		GString *inner;
		guint at;

		while (*ne && !parse_is_blank(*ne) && *ne != '{' && *ne != ';' && *ne != '}')
			ne++;
		count = g_strndup(n, ne - n);
		if (!*count) {
			op_context(pp->msg, s, op_end(ne));
			g_string_append(pp->msg, "missing count: write repeat N { ... }");
			return false;
		}
		inner = g_string_new(NULL);
		if (!parse_uint(count, 1, UINT32_MAX, &v, inner)) {
			op_context(pp->msg, s, op_end(ne));
			g_string_append_printf(pp->msg, "count %s", inner->str);
			g_string_free(inner, TRUE);
			return false;
		}
		g_string_free(inner, TRUE);
		ne = parse_skip_blanks(ne);
		if (*ne != '{') {
			op_context(pp->msg, s, op_end(ne));
			g_string_append(pp->msg, "missing '{' after the count: write repeat N "
						 "{ ... }");
			return false;
		}
		if (pp->depth >= PROGRAM_MAX_DEPTH) {
			op_context(pp->msg, s, ne + 1);
			g_string_append_printf(pp->msg, "loops nest more than %d deep",
					       PROGRAM_MAX_DEPTH);
			return false;
		}
		at = pp->ops->len;
		op.kind = OP_REPEAT;
		op.loop.count = (uint32_t)v;
		op.loop.depth = (uint8_t)pp->depth;
		push_op(pp, &op, NULL);
		pp->depth++;
		pp->p = ne + 1;
		if (!parse_ops(pp))
			return false;
		if (*pp->p != '}') {
			g_string_append(pp->msg, "missing '}' to close ");
			parse_quote(pp->msg, s, ne + 1 - s);
			return false;
		}
		if (pp->ops->len == at + 1) {
			op_context(pp->msg, s, pp->p + 1);
			g_string_append(pp->msg, "empty loop");
			return false;
		}
		pp->p++;
		pp->depth--;
		memset(&op, 0, sizeof(op));
		op.kind = OP_END_REPEAT;
		op.loop.jump = at;
		op.loop.depth = (uint8_t)pp->depth;
		push_op(pp, &op, NULL);
		g_array_index(pp->ops, struct op, at).loop.jump = pp->ops->len;
		return true;
	}

	e = op_end(w);
	pp->p = e;
	if (*e == '{') {
		const char *ce = op_end(e + 1);

		op_context(pp->msg, s, *ce == '}' ? ce + 1 : ce);
		if (op_shapes[kind].arg >= ARG_NAME)
			g_string_append(pp->msg, PARSE_TEMPLATE_RULE " in a name");
		else
			g_string_append(pp->msg,
					"unexpected '{': only repeat N { ... } has a body");
		return false;
	}
	arg = g_strstrip(g_strndup(w, e - w));
	if (*arg && !parse_is_blank(*w)) {
		/* "cpu5ms": a word glued to its argument. */
		op_context(pp->msg, s, e);
		g_string_append_printf(pp->msg, "missing space after '%s'", word);
		return false;
	}
	op.kind = (uint8_t)op_shapes[kind].kind;
	switch (op_shapes[kind].arg) {
	case ARG_DUR: {
		GString *inner;

		if (!*arg) {
			op_context(pp->msg, s, e);
			g_string_append_printf(pp->msg,
					       "missing duration: write %s 5ms or %s exp(5ms)",
					       word, word);
			return false;
		}
		inner = g_string_new(NULL);
		if (!parse_dist(arg, pp->unit,
				op.kind == OP_CPU || op.kind == OP_ATOMIC ? PARSE_POSITIVE : 0,
				&op.dur, inner)) {
			op_context(pp->msg, s, e);
			g_string_append(pp->msg, inner->str);
			g_string_free(inner, TRUE);
			return false;
		}
		g_string_free(inner, TRUE);
		break;
	}
	case ARG_NONE:
		if (*arg) {
			op_context(pp->msg, s, e);
			g_string_append_printf(pp->msg, "'%s' takes no argument", word);
			return false;
		}
		break;
	case ARG_LOOP:
		g_assert_not_reached(); /* handled above */
	case ARG_NAME:
	case ARG_NAME_SIZE: {
		bool sized = op_shapes[kind].arg == ARG_NAME_SIZE;
		GString *inner = g_string_new(NULL);
		char *sp;

		sp = arg + strcspn(arg, " \t");
		if (sized) {
			uint64_t bytes;

			if (!*sp) {
				op_context(pp->msg, s, e);
				g_string_append_printf(pp->msg, "expected %s NAME N (N bytes)",
						       word);
				g_string_free(inner, TRUE);
				return false;
			}
			*sp++ = '\0';
			if (parse_size(sp, UINT32_MAX, &bytes, inner) && bytes == 0)
				g_string_append(inner, "N must be positive, got 0");
			if (inner->len) {
				op_context(pp->msg, s, e);
				g_string_append(pp->msg, inner->str);
				g_string_free(inner, TRUE);
				return false;
			}
			op.obj.bytes = bytes;
		} else if (*sp) {
			op_context(pp->msg, s, e);
			g_string_append_printf(pp->msg, "expected %s NAME, one word", word);
			g_string_free(inner, TRUE);
			return false;
		}
		if (!parse_name(arg, true, inner)) {
			op_context(pp->msg, s, e);
			g_string_append(pp->msg, inner->str);
			g_string_free(inner, TRUE);
			return false;
		}
		g_string_free(inner, TRUE);
		push_op(pp, &op, g_strdup(arg));
		return true;
	}
	}
	push_op(pp, &op, NULL);
	return true;
}

/* Operations up to the end of the text or a '}' (left at pp->p). */
static bool parse_ops(struct pp *pp)
{
	for (;;) {
		pp->p = parse_skip_blanks(pp->p);
		if (!*pp->p || *pp->p == '}') {
			if (*pp->p == '}' && pp->depth == 0) {
				g_string_append(pp->msg, "unexpected '}' without a repeat N {");
				return false;
			}
			return true;
		}
		if (*pp->p == ';') {
			g_string_append(pp->msg, "empty operation: two ';' in a row, or a ';' "
						 "first");
			return false;
		}
		if (pp->ops->len >= PARSE_PROGRAM_MAX_OPS) {
			g_string_append_printf(pp->msg, "too long: more than %u operations",
					       PARSE_PROGRAM_MAX_OPS);
			return false;
		}
		if (!parse_op(pp))
			return false;
		pp->p = parse_skip_blanks(pp->p);
		if (*pp->p == ';')
			pp->p++;
		else if (*pp->p && *pp->p != '}') {
			g_string_append(pp->msg, "expected ';' before ");
			parse_quote(pp->msg, pp->p, op_end(pp->p + 1) - pp->p);
			return false;
		}
	}
}

bool parse_program(const char *text, sim_time_t unit, struct program *out, GString *msg)
{
	g_autofree char *t = parse_trimmed(text);
	struct pp pp = { .p = t, .unit = unit, .msg = msg };

	memset(out, 0, sizeof(*out));
	if (!*t) {
		g_string_append(msg, "empty program: write operations such as cpu 5ms; io 2ms");
		return false;
	}
	pp.ops = g_array_new(FALSE, TRUE, sizeof(struct op));
	pp.names = g_ptr_array_new_with_free_func(g_free);
	if (!parse_ops(&pp)) {
		g_ptr_array_free(pp.names, TRUE);
		g_array_free(pp.ops, TRUE);
		return false;
	}
	g_assert(pp.depth == 0 && pp.ops->len > 0);
	out->len = pp.ops->len;
	out->ops = (struct op *)g_array_free(pp.ops, FALSE);
	g_ptr_array_set_free_func(pp.names, NULL);
	out->names = (char **)g_ptr_array_free(pp.names, FALSE);
	return true;
}
