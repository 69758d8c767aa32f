/*-------------------------------------------------------------------------
 *
 * client/main.c
 *	  schemamig: the command-line client. Parses the command line, runs one
 *	  command, exits 0 on success, 1 on failure, 2 on a usage error.
 *
 *-------------------------------------------------------------------------
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "client.h"

Options		opt = {.verbosity = 1};

typedef struct Command
{
	const char *name;
	const char *usage;
	const char *help;
	int			minargs;
	int			maxargs;
} Command;

static const Command commands[] = {
	{"new", "new -m MESSAGE [--empty | --autogenerate [MODELS]]",
		"Write a new migration file in the versions directory, with a generated id\n"
		"whose parent is the current head file. --empty leaves out the downgrade\n"
		"section (an irreversible revision). --autogenerate fills both sections with\n"
		"what schemamig.diff() writes for the models file MODELS (default\n"
		"$SCHEMAMIG_MODELS or ./models.sql) against the database brought to head in\n"
		"a transaction that is rolled back (files synced), and prints the statements\n"
		"it marked destructive; with no difference it writes nothing and exits 1.", 0, 1},
	{"sync", "sync [--prune] [--yes]",
		"Register the files not yet in the database, and bring pending revisions in\n"
		"line with their files, all in one call of schemamig.sync(). Refuses, naming\n"
		"the file, when a file differs from a revision that is applied. --prune also\n"
		"removes pending revisions whose file is gone (asks first; --yes when not on\n"
		"a terminal).", 0, 0},
	{"upgrade", "upgrade [TARGET] [--dry-run] [--include-db-only] [--yes]",
		"Sync, then apply pending revisions up to TARGET ('head' by default; 'heads',\n"
		"a revision id or '+N'), first printing the lint warnings and errors of what\n"
		"it applies and its statements marked \"-- schemamig: destructive\"; when\n"
		"there are any and stdin is a terminal, it asks first (--yes does not ask;\n"
		"without a terminal it goes ahead). Transactional revisions run through\n"
		"schemamig.upgrade(), each stretch of them in one transaction (one call per\n"
		"branch it spans); a non-transactional one runs statement by statement\n"
		"outside any transaction, on a connection of its own, and only when the\n"
		"connected role is the role that wrote it (its author). The files are the\n"
		"source of truth: a pending revision that is in no file is refused unless\n"
		"--include-db-only is given.\n"
		"--dry-run runs everything it can in a transaction and rolls it back.", 0, 1},
	{"downgrade", "downgrade [N | --to TARGET] [--yes] [--dry-run]",
		"Revert the N most recently applied revisions (1 by default), or every\n"
		"applied revision that is not TARGET ('base' or an id) or its ancestor.\n"
		"Asks first on a terminal; needs --yes otherwise.", 0, 1},
	{"current", "current", "Print the applied revisions that have no applied child.", 0, 0},
	{"heads", "heads", "Print the registered revisions that have no child.", 0, 0},
	{"history", "history [--json]",
		"Print every registered revision, newest first; --json for machines.", 0, 0},
	{"verify", "verify",
		"Print what is wrong with the applied revisions; exit 1 if anything is.", 0, 0},
	{"stamp", "stamp TARGET [--yes]",
		"Make the applied set exactly TARGET and its ancestors ('base': empty)\n"
		"without running any SQL. Asks first on a terminal; needs --yes otherwise.", 1, 1},
	{"sql", "sql [TARGET] [--from REV]",
		"Offline: print the psql script that does what upgrade would do from base (or\n"
		"from REV, applied) to TARGET, without connecting. Every text out of the files\n"
		"is inside a literal; run it with psql -X -f FILE.", 0, 1},
	{"lint", "lint [TARGET] [--strict]",
		"Ask the server what upgrade TARGET ('head' by default) would do that can\n"
		"hurt: statements that block reads or writes of a table with rows, rewrite\n"
		"it, or will fail. The files are synced in a transaction that is rolled\n"
		"back, so they count. Prints one finding a line, like a compiler:\n"
		"FILE:LINE: SEVERITY: RULE: MESSAGE, then the hint. Exits 1 on an error\n"
		"finding, and with --strict on a warning too.", 0, 1},
	{"trace", "trace [TARGET]",
		"Run what upgrade TARGET would apply, files included, inside a transaction\n"
		"that is always rolled back, and print a table of the locks each statement\n"
		"took and whether it rewrote the relation (the line is counted in the file).\n"
		"It takes the locks the real run takes: use a staging copy or a quiet moment.", 0, 1},
	{"check", "check [--models MODELS]",
		"What a CI pipeline runs. Syncs the files in a transaction that is always\n"
		"rolled back, then prints each problem: what verify() finds in the applied\n"
		"revisions, lint's error findings (FILE:LINE: error: ...) and\n"
		"check_reversible()'s problems for the pending revisions; with --models,\n"
		"brings the database to head in that transaction and prints the SQL that\n"
		"diff() says would make it match MODELS. A pending non-transactional\n"
		"revision cannot be checked there, and is a problem. Exits 0 when there is\n"
		"no problem, 1 otherwise; nothing it does stays (but sequence values).", 0, 0},
	{"diff", "diff [MODELS]",
		"Print the SQL that would make the database, brought to head, match the\n"
		"models file MODELS (default $SCHEMAMIG_MODELS or ./models.sql), as\n"
		"schemamig.diff() writes it. The files are synced and the pending revisions\n"
		"applied in a transaction that is rolled back. Nothing is printed on stdout\n"
		"when there is no difference; exit 0 either way.", 0, 1},
	{"status", "status [--check]",
		"Print what is applied, what is pending in the database, and what exists\n"
		"only as files. --check prints nothing and exits 0 when nothing is pending,\n"
		"files included, 1 otherwise.", 0, 0},
};

static void
usage(FILE *out)
{
	fprintf(out,
			"schemamig: schema migrations kept as files, applied by the schemamig extension.\n\n"
			"Usage: schemamig [OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %s\n", commands[i].usage);
	fprintf(out,
			"\nOptions:\n"
			"  -D, --dir=DIR       versions directory (default $SCHEMAMIG_DIR or ./migrations)\n"
			"  -d, --dbname=CONN   conninfo string or postgresql:// URI (default: libpq's\n"
			"                      PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE... when any is\n"
			"                      set, else $DATABASE_URL)\n"
			"  -y, --yes           do not ask before destructive commands\n"
			"  -q, --quiet         print errors only\n"
			"  -v, --verbose       print more\n"
			"  -h, --help          this help; COMMAND --help for a command's\n"
			"\nExit status: 0 success, 1 failure, 2 usage error.\n");
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
 * Append s to buf (of size *cap, used *len) with control characters escaped
 * (\r, \t, \xNN; C1 controls and bytes that are not UTF-8 too), so that
 * text out of a file or a database cannot move a terminal's cursor, clear
 * its screen or fake a line; with keep_newlines, line feeds pass.
 */
static void
append_printable(char **buf, size_t *len, size_t *cap, const char *s, bool keep_newlines)
{
	for (const unsigned char *c = (const unsigned char *) s;; c++)
	{
		unsigned int cp = 0;
		int			n;

		if (*len + 8 > *cap)
		{
			*cap = *cap * 2 + 64;
			*buf = realloc(*buf, *cap);
			if (*buf == NULL)
			{
				fputs("schemamig: out of memory\n", stderr);
				exit(1);
			}
		}
		if (*c == '\0')
			break;
		n = utf8_len((const char *) c, &cp);
		/* C1 controls (U+0080 to U+009F): some terminals obey them like ESC */
		if (n > 0 && cp >= 0x80 && cp < 0xa0)
			n = 0;
		if (n == 0 || ((*c < 0x20 || *c == 0x7f) && !(*c == '\n' && keep_newlines)))
		{
			*len += sprintf(*buf + *len, *c == '\r' ? "\\r" : *c == '\n' ? "\\n" :
							*c == '\t' ? "\\t" : "\\x%02x", *c);
			n = 1;
		}
		else
		{
			memcpy(*buf + *len, c, n);
			*len += n;
		}
		c += n - 1;
	}
	(*buf)[*len] = '\0';
}

/* s with its control characters escaped, line feeds included. */
char *
printable(const char *s)
{
	size_t		len = 0;
	size_t		cap = strlen(s) + 16;
	char	   *buf = xmalloc(cap);

	append_printable(&buf, &len, &cap, s, false);
	return buf;
}

/* Write a formatted text with control characters other than LF escaped. */
static void vprint_printable(FILE *out, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void
vprint_printable(FILE *out, const char *fmt, va_list ap)
{
	char	   *text;
	char	   *buf = NULL;
	size_t		len = 0;
	size_t		cap = 0;

	if (vasprintf(&text, fmt, ap) < 0)
	{
		fputs("out of memory\n", stderr);
		exit(1);
	}
	append_printable(&buf, &len, &cap, text, true);
	fputs(buf, out);
	free(buf);
	free(text);
}

/* Print to a stream with control characters other than LF escaped. */
void
print_printable(FILE *out, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vprint_printable(out, fmt, ap);
	va_end(ap);
}

/* Milliseconds since the epoch. */
double
now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

/* The progress line of upgrade and downgrade on a terminal. */
static struct
{
	bool		on;				/* stderr is a terminal, not -q */
	bool		drawn;			/* the line is on the screen, unfinished */
	int			done;
	int			total;
	double		start;
} progress;

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
	exit(1);
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

static void
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "schemamig: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry \"schemamig --help\".\n");
	exit(EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"dir", required_argument, NULL, 'D'},
		{"dbname", required_argument, NULL, 'd'},
		{"yes", no_argument, NULL, 'y'},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{"message", required_argument, NULL, 'm'},
		{"empty", no_argument, NULL, 1},
		{"prune", no_argument, NULL, 2},
		{"to", required_argument, NULL, 3},
		{"from", required_argument, NULL, 4},
		{"dry-run", no_argument, NULL, 5},
		{"json", no_argument, NULL, 6},
		{"check", no_argument, NULL, 7},
		{"include-db-only", no_argument, NULL, 8},
		{"strict", no_argument, NULL, 9},
		{"models", required_argument, NULL, 10},
		{"autogenerate", no_argument, NULL, 11},
		{NULL, 0, NULL, 0}
	};
	bool		help = false;
	int			c;
	const Command *cmd = NULL;
	int			nargs;
	const char *arg;

	/* whatever way the client exits, it closes its connections */
	atexit(db_finish_all);
	opt.dir = getenv("SCHEMAMIG_DIR") ? getenv("SCHEMAMIG_DIR") : "migrations";
	opterr = 0;
	while ((c = getopt_long(argc, argv, "D:d:yqvhm:", longopts, NULL)) != -1)
	{
		switch (c)
		{
			case 'D': opt.dir = optarg; break;
			case 'd': opt.dbname = optarg; break;
			case 'y': opt.yes = true; break;
			case 'q': opt.verbosity = 0; break;
			case 'v': opt.verbosity = 2; break;
			case 'h': help = true; break;
			case 'm': opt.message = optarg; break;
			case 1: opt.empty = true; break;
			case 2: opt.prune = true; break;
			case 3: opt.to = optarg; break;
			case 4: opt.from = optarg; break;
			case 5: opt.dry_run = true; break;
			case 6: opt.json = true; break;
			case 7: opt.check = true; break;
			case 8: opt.include_db_only = true; break;
			case 9: opt.strict = true; break;
			case 10: opt.models = optarg; break;
			case 11: opt.autogenerate = true; break;
			default:
				usage_error("unknown or incomplete option \"%s\"", argv[optind - 1]);
		}
	}

	if (optind >= argc)
	{
		usage(help ? stdout : stderr);
		return help ? 0 : EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
	{
		if (strcmp(argv[optind], commands[i].name) == 0)
			cmd = &commands[i];
	}
	if (cmd == NULL)
		usage_error("unknown command \"%s\"", argv[optind]);
	if (help)
	{
		printf("Usage: schemamig [OPTIONS] %s\n\n%s\n", cmd->usage, cmd->help);
		return 0;
	}
	nargs = argc - optind - 1;
	if (nargs < cmd->minargs || nargs > cmd->maxargs)
		usage_error("wrong number of arguments for \"%s\"", cmd->name);
	arg = nargs > 0 ? argv[optind + 1] : NULL;

	if (strcmp(cmd->name, "new") == 0)
	{
		if (opt.message == NULL)
			usage_error("%s needs -m MESSAGE", "new");
		if (arg && !opt.autogenerate)
			usage_error("%s takes a models file only with --autogenerate", "new");
		if (opt.autogenerate && opt.empty)
			usage_error("%s takes --empty or --autogenerate, not both", "new");
		return cmd_new(arg ? arg : getenv("SCHEMAMIG_MODELS") ? getenv("SCHEMAMIG_MODELS") : "models.sql");
	}
	if (strcmp(cmd->name, "sync") == 0)
		return cmd_sync();
	if (strcmp(cmd->name, "upgrade") == 0)
		return cmd_upgrade(arg ? arg : "head");
	if (strcmp(cmd->name, "downgrade") == 0)
	{
		if (arg && opt.to)
			usage_error("%s takes N or --to, not both", "downgrade");
		if (arg && strspn(arg, "0123456789") != strlen(arg))
			usage_error("downgrade: \"%s\" is not a number", arg);
		return cmd_downgrade(arg ? arg : "1");
	}
	if (strcmp(cmd->name, "current") == 0)
		return cmd_current(false);
	if (strcmp(cmd->name, "heads") == 0)
		return cmd_current(true);
	if (strcmp(cmd->name, "history") == 0)
		return cmd_history();
	if (strcmp(cmd->name, "verify") == 0)
		return cmd_verify();
	if (strcmp(cmd->name, "stamp") == 0)
		return cmd_stamp(arg);
	if (strcmp(cmd->name, "sql") == 0)
		return cmd_sql(arg ? arg : "head");
	if (strcmp(cmd->name, "lint") == 0)
		return cmd_lint(arg ? arg : "head");
	if (strcmp(cmd->name, "trace") == 0)
		return cmd_trace(arg ? arg : "head");
	if (strcmp(cmd->name, "check") == 0)
		return cmd_check();
	if (strcmp(cmd->name, "diff") == 0)
		return cmd_diff(arg ? arg : getenv("SCHEMAMIG_MODELS") ? getenv("SCHEMAMIG_MODELS") : "models.sql");
	return cmd_status();
}
