/*-------------------------------------------------------------------------
 *
 * client/main.c
 *	  schemamig: the command-line client. Parses the command line, runs one
 *	  command, exits 0 on success, 1 on failure, 2 on a usage error.
 *
 *-------------------------------------------------------------------------
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * A command: its name, usage line and help, how many arguments it takes,
 * the function that runs it, and the argument that function gets when none
 * is given (NULL: the function decides).
 */
typedef struct Command
{
	const char *name;
	const char *usage;
	const char *help;
	int			minargs;
	int			maxargs;
	CommandFn	run;
	const char *default_arg;
	TargetKind	target;			/* what its argument is, checked before it runs */
} Command;

static const Command commands[] = {
	{"new", "new -m MESSAGE [--empty | --autogenerate [MODELS]]",
		"Write a new migration file in the versions directory, with a generated id\n"
		"whose parent is the current head file. --empty leaves out the downgrade\n"
		"section (an irreversible revision). --autogenerate fills both sections with\n"
		"what schemamig.diff() writes for the models file MODELS (default\n"
		"$SCHEMAMIG_MODELS or ./models.sql) against the database brought to head in\n"
		"a transaction that is rolled back (files synced), and prints the statements\n"
		"it marked destructive; with no difference it writes nothing and exits 1.", 0, 1, cmd_new, NULL, TARGET_NONE},

	{"sync", "sync [--prune] [--yes]",
		"Register the files not yet in the database, and bring pending revisions in\n"
		"line with their files, all in one call of schemamig.sync(). Refuses, naming\n"
		"the file, when a file differs from a revision that is applied. --prune also\n"
		"removes pending revisions whose file is gone (asks first; --yes when not on\n"
		"a terminal).", 0, 0, cmd_sync, NULL, TARGET_NONE},

	{"upgrade", "upgrade [TARGET] [--dry-run] [--include-db-only] [--yes] [--all-tenants | --fleet FILE] [-j N]",
		"Sync, then apply pending revisions up to TARGET ('head' by default; 'heads',\n"
		"a revision id or '+N'), first printing the lint warnings and errors of what\n"
		"it applies and its statements marked \"-- schemamig: destructive\"; when\n"
		"there are any and stdin is a terminal, it asks first (--yes does not ask;\n"
		"without a terminal it goes ahead; --fleet on a terminal needs --yes).\n"
		"Transactional revisions run through schemamig.upgrade(), each\n"
		"stretch of them in one transaction (two statements at most); a\n"
		"non-transactional one runs statement by statement outside any transaction,\n"
		"on a connection of its own, and only in a session the role that wrote it\n"
		"(its author) logged in. The files are the source of truth: a pending\n"
		"revision that is in no file is refused unless --include-db-only is given.\n"
		"--dry-run runs everything it can in a transaction and rolls it back.\n"
		"--all-tenants syncs once, then upgrades every tenant (schemamig.tenants()),\n"
		"each in a transaction of its own, N at a time over N connections (-j N,\n"
		"default 1), and sums up: upgraded, already current, failed (each named with\n"
		"its error); exit 1 when any failed. With --dry-run, each tenant's dry run\n"
		"(as --tenant NAME upgrade --dry-run) in turn, all rolled back, and the same\n"
		"summary. --fleet FILE runs upgrade on every\n"
		"database FILE names (one conninfo, URI or service=NAME a line; # and blank\n"
		"lines skipped), N at a time, each all or nothing (stretch by stretch when\n"
		"its plan holds a non-transactional revision), with the same summary.", 0, 1, cmd_upgrade, "head", TARGET_UPGRADE},

	{"downgrade", "downgrade [N | --to TARGET] [--yes] [--dry-run]",
		"Revert the N most recently applied revisions (1 by default), or every\n"
		"applied revision that is not TARGET ('base' or an id) or its ancestor.\n"
		"Asks first on a terminal; needs --yes otherwise. --dry-run reverts them\n"
		"in a transaction and rolls it back.", 0, 1, cmd_downgrade, NULL, TARGET_NONE},

	{"current", "current", "Print the applied revisions that have no applied child.", 0, 0, cmd_current, NULL, TARGET_NONE},

	{"heads", "heads", "Print the registered revisions that have no child.", 0, 0, cmd_heads, NULL, TARGET_NONE},

	{"history", "history [--json] [--fleet FILE [-j N]]",
		"Print every registered revision, newest first; --json for machines.\n"
		"--fleet FILE: on every database FILE names, under a heading each.", 0, 0, cmd_history, NULL, TARGET_NONE},

	{"verify", "verify",
		"Print what is wrong with the applied revisions, and with the guards of\n"
		"schemamig's tables (what schemamig.verify() reports); exit 1 if anything is.", 0, 0, cmd_verify, NULL, TARGET_NONE},

	{"stamp", "stamp TARGET [--yes]",
		"Make the applied set exactly TARGET and its ancestors ('base': empty)\n"
		"without running any SQL. Asks first on a terminal; needs --yes otherwise.", 1, 1, cmd_stamp, NULL, TARGET_STAMP},

	{"sql", "sql [TARGET] [--from REV]",
		"Offline: print the psql script that does what upgrade would do from base (or\n"
		"from REV, applied) to TARGET, without connecting. Every text out of the files\n"
		"is inside a literal; run it with psql -X -f FILE. With --tenant NAME the\n"
		"script selects tenant NAME first and works on its applied set, as\n"
		"--tenant NAME upgrade does.", 0, 1, cmd_sql, "head", TARGET_UPGRADE},

	{"lint", "lint [TARGET] [--strict]",
		"Ask the server what upgrade TARGET ('head' by default) would do that can\n"
		"hurt: statements that block reads or writes of a table with rows, rewrite\n"
		"it, or will fail. The files are synced in a transaction that is rolled\n"
		"back, so they count. Prints one finding a line, like a compiler:\n"
		"FILE:LINE: SEVERITY: RULE: MESSAGE, then the hint. Exits 1 on an error\n"
		"finding, and with --strict on a warning too.", 0, 1, cmd_lint, "head", TARGET_UPGRADE},

	{"trace", "trace [TARGET]",
		"Run what upgrade TARGET would apply, files included, inside a transaction\n"
		"that is always rolled back, and print a table of the locks each statement\n"
		"took and whether it rewrote the relation (the line is counted in the file).\n"
		"It takes the locks the real run takes: use a staging copy or a quiet moment.", 0, 1, cmd_trace, "head", TARGET_UPGRADE},

	{"check", "check [--models MODELS]",
		"What a CI pipeline runs. Syncs the files in a transaction that is always\n"
		"rolled back, then prints each problem: what verify() finds in the applied\n"
		"revisions, lint's error findings (FILE:LINE: error: ...) and\n"
		"check_reversible()'s problems for the pending revisions; with --models,\n"
		"brings the database to head in that transaction and prints the SQL that\n"
		"diff() says would make it match MODELS. A pending non-transactional\n"
		"revision cannot be checked there, and is a problem. Exits 0 when there is\n"
		"no problem, 1 otherwise; nothing it does stays (but sequence values).", 0, 0, cmd_check, NULL, TARGET_NONE},

	{"diff", "diff [MODELS]",
		"Print the SQL that would make the database, brought to head, match the\n"
		"models file MODELS (default $SCHEMAMIG_MODELS or ./models.sql), as\n"
		"schemamig.diff() writes it. The files are synced and the pending revisions\n"
		"applied in a transaction that is rolled back. Nothing is printed on stdout\n"
		"when there is no difference; exit 0 either way, 1 when a pending revision\n"
		"is not transactional (it cannot be applied in that transaction).", 0, 1, cmd_diff, NULL, TARGET_NONE},

	{"status", "status [--check] [--all-tenants | --fleet FILE [-j N]]",
		"Print what is applied, what is pending in the database, and what exists\n"
		"only as files. --check prints nothing and exits 0 when nothing is pending,\n"
		"files included, 1 otherwise. --all-tenants: each tenant with how many\n"
		"revisions are pending for it. --fleet FILE: on every database FILE names,\n"
		"under a heading each, then a summary.", 0, 0, cmd_status, NULL, TARGET_NONE},
};

#define NCOMMANDS lengthof(commands)

static void
usage(FILE *out)
{
	fprintf(out,
			"schemamig: schema migrations kept as files, applied by the schemamig extension.\n\n"
			"Usage: schemamig [OPTIONS] COMMAND [ARGS]\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %s\n", commands[i].usage);
	fprintf(out,
			"\nOptions:\n"
			"  -D, --dir=DIR       versions directory (default $SCHEMAMIG_DIR or ./migrations)\n"
			"  -d, --dbname=CONN   conninfo string or postgresql:// URI (default: libpq's\n"
			"                      PGHOST, PGPORT, PGDATABASE, PGUSER, PGSERVICE... when any is\n"
			"                      set, else $DATABASE_URL)\n"
			"  --tenant=NAME       work on tenant NAME's applied set (schemamig.tenant)\n"
			"  --all-tenants       upgrade or status: every tenant of the database\n"
			"  --fleet=FILE        upgrade, status or history: every database FILE names\n"
			"  -j, --jobs=N        with --all-tenants or --fleet: N at a time (default 1)\n"
			"  -y, --yes           do not ask before destructive commands\n"
			"  -q, --quiet         print errors only\n"
			"  -v, --verbose       print more\n"
			"  -h, --help          this help; COMMAND --help for a command's\n"
			"\nExit status: 0 success, 1 failure, 2 usage error.\n");
}

/*
 * The options: one row each. A flag sets a bool, a value option keeps its
 * argument, a level option sets an int to a given value (-q, -v). A new
 * option is a field of Options (util.h) and a row here; short is 0 for a
 * long-only option.
 */
typedef struct OptionSpec
{
	const char *name;
	int			short_name;
	bool	   *flag;
	const char **value;
	int		   *level;
	int			level_value;
} OptionSpec;

static bool help;

static const OptionSpec options[] = {
	{"dir", 'D', .value = &opt.dir},
	{"dbname", 'd', .value = &opt.dbname},
	{"yes", 'y', .flag = &opt.yes},
	{"quiet", 'q', .level = &opt.verbosity, .level_value = 0},
	{"verbose", 'v', .level = &opt.verbosity, .level_value = 2},
	{"help", 'h', .flag = &help},
	{"message", 'm', .value = &opt.message},
	{"empty", 0, .flag = &opt.empty},
	{"prune", 0, .flag = &opt.prune},
	{"to", 0, .value = &opt.to},
	{"from", 0, .value = &opt.from},
	{"dry-run", 0, .flag = &opt.dry_run},
	{"json", 0, .flag = &opt.json},
	{"check", 0, .flag = &opt.check},
	{"include-db-only", 0, .flag = &opt.include_db_only},
	{"strict", 0, .flag = &opt.strict},
	{"models", 0, .value = &opt.models},
	{"autogenerate", 0, .flag = &opt.autogenerate},
	{"tenant", 0, .value = &opt.tenant},
	{"all-tenants", 0, .flag = &opt.all_tenants},
	{"fleet", 0, .value = &opt.fleet},
	{"jobs", 'j', .value = &opt.jobs},
};

#define NOPTIONS lengthof(options)

/* which options the command line gave */
static bool given[NOPTIONS];

/* the options every command takes */
static const char *const global_options[] = {"dir", "dbname", "quiet", "verbose", "help", "tenant"};

/*
 * Whether a command takes an option: a global one, or one its usage line
 * names (--NAME, or -X VALUE for a short option with a value).
 */
static bool
command_takes(const Command *cmd, const OptionSpec *o)
{
	size_t		len = strlen(o->name);

	for (size_t i = 0; i < lengthof(global_options); i++)
	{
		if (strcmp(global_options[i], o->name) == 0)
			return true;
	}
	for (const char *u = cmd->usage; (u = strstr(u, "--")) != NULL; u += 2)
	{
		/* the whole name: not the start of a longer one */
		if (strncmp(u + 2, o->name, len) == 0 && u[2 + len] != '-' &&
			!(u[2 + len] >= 'a' && u[2 + len] <= 'z'))
			return true;
	}
	if (o->short_name && o->value)
	{
		char		pattern[4] = {'-', (char) o->short_name, ' ', '\0'};

		return strstr(cmd->usage, pattern) != NULL;
	}
	return false;
}

/*
 * Parse the options into opt, from the table: getopt_long's long options
 * and short-option string are built from it, and getopt_long returns the
 * row's index plus 256 for every option, short or long.
 */
static void
parse_options(int argc, char **argv)
{
	struct option longopts[NOPTIONS + 1];
	PQExpBufferData shortopts;
	int			c;

	initPQExpBuffer(&shortopts);
	for (size_t i = 0; i < NOPTIONS; i++)
	{
		bool		has_arg = options[i].value != NULL;

		longopts[i] = (struct option)
		{
			options[i].name, has_arg ? required_argument : no_argument, NULL, (int) i + 256
		};
		if (options[i].short_name)
			appendPQExpBuffer(&shortopts, "%c%s", options[i].short_name, has_arg ? ":" : "");
	}
	longopts[NOPTIONS] = (struct option)
	{
		NULL, 0, NULL, 0
	};
	buffer_done(&shortopts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts.data, longopts, NULL)) != -1)
	{
		const OptionSpec *o = NULL;

		if (c >= 256 && c < 256 + (int) NOPTIONS)
			o = &options[c - 256];
		for (size_t i = 0; o == NULL && c != '?' && c != ':' && i < NOPTIONS; i++)
		{
			if (options[i].short_name == c)
				o = &options[i];
		}
		if (o == NULL && strspn(argv[optind - 1] + 1, "0123456789") == strlen(argv[optind - 1] + 1))
			usage_fail("\"%s\" is not a number of revisions: they are counted from 1, without a sign",
					   argv[optind - 1]);
		if (o == NULL)
			usage_fail("unknown or incomplete option \"%s\"", argv[optind - 1]);
		given[o - options] = true;
		if (o->flag)
			*o->flag = true;
		else if (o->value)
			*o->value = optarg;
		else
			*o->level = o->level_value;
	}
	termPQExpBuffer(&shortopts);
}

int
main(int argc, char **argv)
{
	const Command *cmd = NULL;
	int			nargs;
	const char *arg;
	int			rc;

	/* whatever way the client exits, it closes its connections, then ends by a signal it had */
	interrupt_init();
	atexit(db_finish_all);
	opt.dir = getenv("SCHEMAMIG_DIR") ? getenv("SCHEMAMIG_DIR") : "migrations";
	parse_options(argc, argv);

	if (optind >= argc)
	{
		usage(help ? stdout : stderr);
		return help ? 0 : EXIT_USAGE;
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
	{
		if (strcmp(argv[optind], commands[i].name) == 0)
			cmd = &commands[i];
	}
	if (cmd == NULL)
		usage_fail("unknown command \"%s\"", argv[optind]);
	if (help)
	{
		printf("Usage: schemamig [OPTIONS] %s\n\n%s\n", cmd->usage, cmd->help);
		return 0;
	}
	nargs = argc - optind - 1;
	if (nargs < cmd->minargs || nargs > cmd->maxargs)
		usage_fail("wrong number of arguments for \"%s\"", cmd->name);
	{
		const char *why = fleet_options(cmd->name);

		if (why != NULL)
			usage_fail("%s", why);
	}
	/* an option the command would ignore: say so rather than run without it */
	for (size_t i = 0; i < NOPTIONS; i++)
	{
		if (given[i] && !command_takes(cmd, &options[i]))
			usage_fail("\"%s\" does not take --%s (usage: schemamig %s)",
					   cmd->name, options[i].name, cmd->usage);
	}
	arg = nargs > 0 ? argv[optind + 1] : cmd->default_arg;
	/* (sql's +N, which the offline script cannot count, is its own refusal) */
	if (cmd->target != TARGET_NONE)
		require_target(cmd->name, arg, cmd->target);
	if (opt.to != NULL)
		require_target("downgrade --to", opt.to, TARGET_DOWNGRADE);
	if (opt.fleet != NULL || opt.all_tenants)
	{
		/* it stops starting databases or tenants at a signal, and sums up */
		interrupt_defer();
		rc = opt.fleet != NULL ? fleet_run(cmd->name, arg) : tenants_run(cmd->name, arg);
	}
	else
		rc = cmd->run(arg);
	interrupt_finished(rc == 0);
	return rc;
}
