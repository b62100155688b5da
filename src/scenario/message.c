/*
 * message.c - the pieces of messages the value parsers share: quoting a
 * text, "did you mean", lists of names ("a, b and c"), and reading a file
 * with a reason that reads well after "cannot read"; see parse.h.
 */
#include "base/units.h"
#include "scenario/parse.h"
#include "scenario/parse_int.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define QUOTE_MAX 60 /* characters of a quoted text kept in a message */

/*
 * Append s[0..n) as a message may show it: at most QUOTE_MAX characters
 * (then "..."), and every byte a terminal would act on or could not show
 * escaped: \t, \n, \r and \xNN for the other control characters and for
 * bytes that are not UTF-8. A file's content quoted in an error can neither
 * flood the message nor drive the terminal.
 */
static void append_excerpt(GString *out, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	unsigned chars = 0;

	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		size_t len = c < 0x80 ? 1 : (size_t)(g_utf8_next_char(p) - p);

		if (chars == QUOTE_MAX - 3 && end - p > 3) {
			g_string_append(out, "...");
			return;
		}
		chars++;
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_printf(out, "\\x%02x", (unsigned char)*p);
			p++;
			continue;
		}
		if (c == '\t')
			g_string_append(out, "\\t");
		else if (c == '\n')
			g_string_append(out, "\\n");
		else if (c == '\r')
			g_string_append(out, "\\r");
		else if (c < 0x20 || c == 0x7f)
			g_string_append_printf(out, "\\x%02x", (unsigned)c);
		else if (c >= 0x80 && !g_unichar_isprint(c))
			g_string_append_printf(out, "\\u%04x", (unsigned)c);
		else
			g_string_append_len(out, p, (gssize)len);
		p += len;
	}
}

void parse_quote(GString *out, const char *s, size_t n)
{
	g_string_append_c(out, '\'');
	append_excerpt(out, s, n);
	g_string_append_c(out, '\'');
}

void parse_append_got(GString *out, const char *s)
{
	append_excerpt(out, s, strlen(s));
}

void parse_append_excerpt(GString *out, const char *s)
{
	append_excerpt(out, s, strlen(s));
}

void parse_append_quoted(GString *out, const char *s)
{
	parse_quote(out, s, strlen(s));
}

unsigned parse_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	unsigned *d;
	unsigned r;

	/* Words of a scenario file are short; a long one is never a near miss. */
	if (n > 64 || m > 64)
		return UINT_MAX;
	d = g_new(unsigned, (n + 1) * (m + 1));
#define D(i, j) d[(i) * (m + 1) + (j)]
	for (size_t i = 0; i <= n; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= m; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			unsigned cost = g_ascii_tolower(a[i - 1]) != g_ascii_tolower(b[j - 1]);
			unsigned v = MIN(D(i - 1, j) + 1, D(i, j - 1) + 1);

			v = MIN(v, D(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 &&
			    g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 2]) &&
			    g_ascii_tolower(a[i - 2]) == g_ascii_tolower(b[j - 1]))
				v = MIN(v, D(i - 2, j - 2) + 1);
			D(i, j) = v;
		}
	}
	r = D(n, m);
#undef D
	g_free(d);
	return r;
}

const char *parse_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	unsigned best_d = UINT_MAX;
	bool tie = false;

	if (!word || !*word)
		return NULL;
	for (const char *const *c = candidates; *c; c++) {
		size_t len = strlen(*c);
		/* One edit in a short word, two from 5 letters, three from 10. */
		unsigned limit = len < 5 ? 1 : len < 10 ? 2 : 3;
		unsigned d = parse_edit_distance(word, *c);

		if (d > limit || d > best_d)
			continue;
		tie = d == best_d && strcmp(*c, best);
		if (d < best_d) {
			best = *c;
			best_d = d;
		}
	}
	/* Two equally close candidates: a guess would mislead as often as help. */
	return tie ? NULL : best;
}

bool parse_append_suggestion(GString *out, const char *word, const char *const *candidates)
{
	const char *s = parse_suggest(word, candidates);

	if (s)
		g_string_append_printf(out, " (did you mean '%s'?)", s);
	return s != NULL;
}

void parse_append_names(GString *out, const char *const *names, const char *last)
{
	for (size_t i = 0; names[i]; i++) {
		if (i > 0) {
			g_string_append(out, names[i + 1] ? ", " : " ");
			if (!names[i + 1])
				g_string_append_printf(out, "%s ", last);
		}
		g_string_append(out, names[i]);
	}
}

void parse_append_list(GString *out, const char *const *items)
{
	parse_append_names(out, items, "or");
}

bool parse_read_file(const char *path, size_t max, unsigned flags, char **text, size_t *len,
		     GString *reason)
{
	int fd, err = 0;
	bool too_large = false;
	struct stat st;

	*text = NULL;
	*len = 0;
	/* not blocking in open: a FIFO without a writer is refused, not waited for */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err = errno;
	} else if (fstat(fd, &st) != 0) {
		err = errno;
		close(fd);
	} else if (!S_ISREG(st.st_mode) && !((flags & PARSE_FILE_PIPE) && S_ISFIFO(st.st_mode))) {
		close(fd);
		g_string_append(reason, S_ISDIR(st.st_mode)    ? "a folder, not a file"
					: S_ISFIFO(st.st_mode) ? "a FIFO, not a regular file"
					: S_ISCHR(st.st_mode)  ? "a device, not a regular file"
					: S_ISSOCK(st.st_mode) ? "a socket, not a regular file"
							       : "not a regular file");
		return false;
	} else if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		too_large = true;
		close(fd);
	} else {
		/* the size comes from the input: a failed allocation is a reason, not an abort */
		size_t cap = (S_ISREG(st.st_mode) ? (size_t)st.st_size : 0) + 65536, used = 0;
		char *buf = g_try_malloc(cap);

		/* a pipe of the command line: read it as any file is */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		if (!buf)
			err = ENOMEM;
		while (buf) {
			ssize_t n;

			if (used + 1 >= cap) {
				char *more = cap > max ? NULL : g_try_realloc(buf, cap * 2);

				if (cap > max) {
					too_large = true;
					break;
				}
				if (!more) {
					err = ENOMEM;
					break;
				}
				buf = more;
				cap *= 2;
			}
			n = read(fd, buf + used, cap - 1 - used);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				err = errno;
				break;
			}
			if (n == 0)
				break;
			used += (size_t)n;
			if (used > max) {
				too_large = true;
				break;
			}
		}
		close(fd);
		if (!err && !too_large) {
			buf[used] = '\0';
			*len = used;
			*text = buf;
			return true;
		}
		g_free(buf);
	}
	if (too_large) {
		g_string_append(reason, "larger than the limit of ");
		units_size_exact(reason, max);
	} else {
		const char *r = g_strerror(err);

		/* Our messages are lower case; strerror's are capitalised. */
		g_string_append_c(reason, g_ascii_tolower(r[0]));
		if (r[0])
			g_string_append(reason, r + 1);
	}
	return false;
}
