/*-------------------------------------------------------------------------
 *
 * client/util.c
 *	  The client's small library (see util.h): messages and exits,
 *	  allocation, escaping, quoting, progress. Strings are built in libpq's
 *	  PQExpBuffer, never in buffers sized by hand.
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "util.h"

Options		opt = {.verbosity = 1};

/* The progress line of upgrade and downgrade on a terminal. */
static struct
{
	bool		on;				/* stderr is a terminal, not -q */
	bool		drawn;			/* the line is on the screen, unfinished */
	int			done;
	int			total;
	double		start;
} progress;

static void progress_break(void);

static bool quick_exit_on = false;	/* see exit_quickly() */

/* A buffer that ran out of memory is fatal; else hand over its text. */
char *
buffer_done(PQExpBuffer buf)
{
	if (PQExpBufferBroken(buf))
		fail("out of memory");
	return buf->data;
}

void *
xmalloc(size_t n)
{
	void	   *p = calloc(1, n ? n : 1);

	if (p == NULL)
		fail("out of memory");
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	   *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/*
 * Length of the valid UTF-8 sequence at s, with its code point in *cp; 0
 * for an invalid one (a lone trailing byte, an overlong form, a surrogate).
 */
int
utf8_len(const char *str, unsigned int *cp)
{
	const unsigned char *s = (const unsigned char *) str;
	int			len;

	if (s[0] < 0x80)
		len = 1;
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	/* the lead byte's payload bits: all 7, or below its 110/1110/11110 */
	*cp = len == 1 ? s[0] : s[0] & (0x7f >> len);
	for (int i = 1; i < len; i++)
	{
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && (*cp < 0x10000 || *cp > 0x10ffff)) ||
		(*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Append s to buf with control characters escaped (\r, \t, \xNN; C1
 * controls and bytes that are not UTF-8 too), so that text out of a file or
 * a database cannot move a terminal's cursor, clear its screen or fake a
 * line; with keep_layout (a block of text, such as libpq's messages, which
 * indent their second line), line feeds and tabs pass.
 */
static void
append_printable(PQExpBuffer buf, const char *s, bool keep_layout)
{
	for (const unsigned char *c = (const unsigned char *) s; *c;)
	{
		unsigned int cp = 0;
		int			n = utf8_len((const char *) c, &cp);

		/* C1 controls (U+0080 to U+009F): some terminals obey them like ESC */
		if (n > 0 && cp >= 0x80 && cp < 0xa0)
			n = 0;
		if (n == 0 || ((*c < 0x20 || *c == 0x7f) && !((*c == '\n' || *c == '\t') && keep_layout)))
		{
			appendPQExpBuffer(buf, *c == '\r' ? "\\r" : *c == '\n' ? "\\n" :
							  *c == '\t' ? "\\t" : "\\x%02x", *c);
			n = 1;
		}
		else
			appendBinaryPQExpBuffer(buf, (const char *) c, n);
		c += n;
	}
}

/* s with its control characters escaped, line feeds included. */
char *
printable(const char *s)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	append_printable(&buf, s, false);
	return buffer_done(&buf);
}

/*
 * printable(s) for the arguments of one printf: the copy lives until
 * SHOWN_SLOTS more calls, then is freed, so that a loop printing a row per
 * revision (history, status) does not keep a copy per row. Not for
 * another thread, nor for more than SHOWN_SLOTS arguments of one call.
 */
#define SHOWN_SLOTS 8

const char *
shown(const char *s)
{
	static char *slots[SHOWN_SLOTS];
	static int	next;

	free(slots[next]);
	slots[next] = printable(s);
	s = slots[next];
	next = (next + 1) % SHOWN_SLOTS;
	return s;
}

/* s with indent after each of its line feeds but a last one. */
char *
indent_lines(const char *s, const char *indent)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	for (const char *c = s; *c; c++)
	{
		appendPQExpBufferChar(&buf, *c);
		if (*c == '\n' && c[1] != '\0')
			appendPQExpBufferStr(&buf, indent);
	}
	return buffer_done(&buf);
}

/* Write a formatted text with control characters other than LF and tab escaped. */
static void vprint_printable(FILE *out, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void
vprint_printable(FILE *out, const char *fmt, va_list ap)
{
	char	   *text;
	PQExpBufferData buf;

	if (vasprintf(&text, fmt, ap) < 0)
	{
		fputs("schemamig: out of memory\n", stderr);
		exit(1);
	}
	initPQExpBuffer(&buf);
	append_printable(&buf, text, true);
	if (PQExpBufferBroken(&buf))
	{
		fputs("schemamig: out of memory\n", stderr);
		exit(1);
	}
	fputs(buf.data, out);
	termPQExpBuffer(&buf);
	free(text);
}

/* Print to a stream with control characters other than LF and tab escaped. */
void
print_printable(FILE *out, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vprint_printable(out, fmt, ap);
	va_end(ap);
}

/* Print an error and exit 1. */
void
fail(const char *fmt,...)
{
	va_list		ap;

	progress_break();
	fflush(stdout);
	fprintf(stderr, "schemamig: error: ");
	va_start(ap, fmt);
	vprint_printable(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (quick_exit_on)
	{
		fflush(stderr);
		_exit(1);
	}
	exit(1);
}

/*
 * While another thread is inside libpq (db.c's early connection), fail()
 * must not run the exit handlers (OpenSSL's among them) under it.
 */
void
exit_quickly(bool on)
{
	quick_exit_on = on;
}

/* Print a usage error, point at --help, and exit 2. */
void
usage_fail(const char *fmt,...)
{
	va_list		ap;

	fflush(stdout);
	fprintf(stderr, "schemamig: ");
	va_start(ap, fmt);
	vprint_printable(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry \"schemamig --help\".\n");
	exit(EXIT_USAGE);
}

/* Print a progress line unless -q. */
void
say(const char *fmt,...)
{
	va_list		ap;

	if (opt.verbosity < 1)
		return;
	progress_break();
	va_start(ap, fmt);
	vprint_printable(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

/*
 * Ask before a destructive command: on a terminal, a y/N prompt; otherwise
 * --yes is required.
 */
void
confirm(const char *question)
{
	char		answer[16];

	if (opt.yes)
		return;
	if (!isatty(STDIN_FILENO))
		fail("%s\nnot on a terminal: add --yes to go ahead", question);
	print_printable(stdout, "%s\nContinue? [y/N] ", question);
	fflush(stdout);
	if (fgets(answer, sizeof(answer), stdin) == NULL ||
		(answer[0] != 'y' && answer[0] != 'Y'))
	{
		printf("Nothing was done.\n");
		exit(1);
	}
}

/*
 * The statements of sql (a section of an autogenerated file, or a
 * revision's upgrade) marked destructive as diff() marks them: the line
 * after each "-- schemamig: destructive" line, and the lines after it while
 * each ends with a comma (a shared ALTER TABLE, a list of names). Prints
 * each on one line, escaped, when show is true; returns how many there are.
 */
int
print_destructive(const char *section, const char *sql, bool show)
{
	static const char marker[] = "-- schemamig: destructive";
	int			count = 0;

	for (const char *c = sql; c && *c;)
	{
		const char *end = strchr(c, '\n');
		size_t		len = end ? (size_t) (end - c) : strlen(c);

		if (len == sizeof(marker) - 1 && strncmp(c, marker, len) == 0 && end)
		{
			if (show)
			{
				PQExpBuffer statement = createPQExpBuffer();
				char	   *shown;

				for (const char *line = end + 1; line && *line;)
				{
					const char *line_end = strchr(line, '\n');
					size_t		n = line_end ? (size_t) (line_end - line) : strlen(line);

					if (statement->len > 0)
					{
						while (n > 0 && isspace((unsigned char) *line))
							line++, n--;
						appendPQExpBufferChar(statement, ' ');
					}
					appendBinaryPQExpBuffer(statement, line, n);
					while (n > 0 && isspace((unsigned char) line[n - 1]))
						n--;
					line = n > 0 && line[n - 1] == ',' && line_end ? line_end + 1 : NULL;
				}
				shown = printable(statement->data);
				printf("destructive (%s): %s\n", section, shown);
				free(shown);
				destroyPQExpBuffer(statement);
			}
			count++;
		}
		c = end ? end + 1 : NULL;
	}
	return count;
}

/*
 * Append s to an array literal (buf holds its "{" and the elements so far;
 * the caller closes it) as one element: in double quotes, with each
 * double quote and backslash escaped by a backslash, so that every other
 * byte (braces, commas, quotes, white space, "NULL") is taken as written;
 * NULL for a null. Characters are walked in the connection's client
 * encoding, so that the second byte of a multibyte character (0x5c in
 * SJIS) is never taken for a backslash.
 */
void
append_array_element(PQExpBuffer buf, PGconn *conn, const char *s)
{
	int			encoding = PQclientEncoding(conn);

	if (buf->len > 1)
		appendPQExpBufferChar(buf, ',');
	if (s == NULL)
	{
		appendPQExpBufferStr(buf, "NULL");
		return;
	}
	appendPQExpBufferChar(buf, '"');
	while (*s)
	{
		int			n = PQmblenBounded(s, encoding);

		if (n <= 1)
		{
			if (*s == '"' || *s == '\\')
				appendPQExpBufferChar(buf, '\\');
			n = 1;
		}
		appendBinaryPQExpBuffer(buf, s, n);
		s += n;
	}
	appendPQExpBufferChar(buf, '"');
}

/* A text[] literal of ids (ids need no quoting: [A-Za-z0-9_.-]). */
char *
parents_literal(char **parents, int n)
{
	PQExpBufferData buf;

	initPQExpBuffer(&buf);
	appendPQExpBufferChar(&buf, '{');
	for (int i = 0; i < n; i++)
		appendPQExpBuffer(&buf, "%s%s", i ? "," : "", parents[i]);
	appendPQExpBufferChar(&buf, '}');
	return buffer_done(&buf);
}

/* Print a JSON string. */
void
json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char) *s < 0x20 || *s == 0x7f)
			fprintf(out, "\\u%04x", (unsigned char) *s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

/* Milliseconds since the epoch. */
double
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

/*
 * Start counting total revisions. When stderr is a terminal (and not -q),
 * each revision done redraws one line in place (done of total, elapsed,
 * the revision) instead of printing a line of its own.
 */
void
progress_start(int total)
{
	progress.on = opt.verbosity > 0 && total > 0 && isatty(STDERR_FILENO);
	progress.drawn = false;
	progress.done = 0;
	progress.total = total;
	progress.start = now_ms();
}

/* Finish the progress line, so that what follows starts a line of its own. */
static void
progress_break(void)
{
	if (progress.drawn)
		fputc('\n', stderr);
	progress.drawn = false;
}

/* A revision is done: its line, or on a terminal the progress line redrawn. */
void
progress_step(const char *line)
{
	/* line feeds escaped too: a revision's message cannot fake a line */
	char	   *text = printable(line);

	if (!progress.on)
	{
		say("%s", text);
		free(text);
		return;
	}
	progress.done++;
	/* carriage return, erase the line; at most 100 bytes of the revision's line */
	fprintf(stderr, "\r\033[K%d/%d revisions, %.1f s: %.100s", progress.done, progress.total,
			(now_ms() - progress.start) / 1000.0, text);
	fflush(stderr);
	progress.drawn = true;
	free(text);
}

/* Stop counting. */
void
progress_end(void)
{
	progress_break();
	progress.on = false;
}
