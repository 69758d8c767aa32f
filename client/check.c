/*-------------------------------------------------------------------------
 *
 * client/check.c
 *	  schemamig check: what a CI pipeline runs. Exit 0 only when nothing is
 *	  wrong with the revisions, files included. And schemamig diff: the SQL
 *	  that would make the database at head match a models file.
 *
 * Like lint and trace, it syncs the files inside a transaction that it
 * always rolls back, then asks the server, in that transaction:
 *	- verify(): what is wrong with the applied revisions;
 *	- lint('heads'): the error findings of what upgrade would apply, printed
 *	  as schemamig lint prints them (lint_print());
 *	- check_reversible('heads'): every pending revision's downgrade (not
 *	  while verify() reports problems: the server refuses);
 *	- with --models FILE: upgrade('heads'), then diff(FILE): any upgrade SQL
 *	  left means the database at head is not what the models file says.
 * Each problem is printed (escaped: printable(), print_printable()); the
 * transaction is rolled back whatever is found, so nothing stays but the
 * sequences' values (nextval() is not undone by a rollback).
 *
 *-------------------------------------------------------------------------
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

/*
 * The pending revisions upgrade('heads') would apply that are not
 * transactional: they cannot run inside the rolled-back transaction.
 * Printed as problems, with what they stop; returns how many.
 */
static int
non_transactional(PGconn *conn, const char *command, const char *stops)
{
	PGresult   *res = db_exec(conn, "SELECT p.revision"
							  " FROM schemamig.pending('heads') WITH ORDINALITY AS p (revision, message, n)"
							  " JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) p.revision"
							  " WHERE NOT r.transactional ORDER BY p.n", 0, NULL);
	int			n = PQntuples(res);

	for (int i = 0; i < n; i++)
	{
		char	   *id = printable(PQgetvalue(res, i, 0));

		printf("%s: revision %s is not transactional: it cannot be applied inside %s's rolled-back "
			   "transaction, so %s\n", stops, id, command, stops[0] == 'm' ? "the database at head cannot be compared "
			   "with the models file" : "no pending revision can be checked for reversibility");
		free(id);
	}
	PQclear(res);
	return n;
}

/* check [--models MODELS] */
int
cmd_check(const char *arg)
{
	RevFiles	rf = load_files(opt.dir);
	char	   *model = opt.models ? read_file(opt.models, true) : NULL;
	PGconn	   *conn = connect_synced(&rf);
	int			verbosity = opt.verbosity;
	int			problems = 0;
	int			blocked;
	int			verify_problems;
	PGresult   *res;
	LintCounts	counts;

	/* the applied revisions */
	res = db_exec(conn, "SELECT v.revision, v.problem FROM schemamig.verify() AS v", 0, NULL);
	for (int i = 0; i < PQntuples(res); i++)
	{
		char	   *id = printable(PQgetvalue(res, i, 0));
		char	   *problem = printable(PQgetvalue(res, i, 1));

		/* a trigger's problem names no revision */
		printf("verify: %s%s%s\n", id, PQgetisnull(res, i, 0) ? "" : ": ", problem);
		free(id);
		free(problem);
	}
	verify_problems = PQntuples(res);
	problems += verify_problems;
	PQclear(res);

	/* what upgrade would apply: lint's errors, as schemamig lint prints them */
	counts = lint_print(conn, &rf, "heads", LINT_ERROR, stdout);
	problems += counts.errors;

	/*
	 * Every pending revision's downgrade. The server refuses to check while
	 * verify() reports anything (printed above), and refuses a plan with a
	 * non-transactional revision.
	 */
	blocked = verify_problems > 0 ? 0 : non_transactional(conn, "check", "check_reversible");
	problems += blocked;
	if (verify_problems > 0)
		printf("check_reversible: not run: verify() reports problems, and the server checks no downgrade until they are repaired\n");
	else if (blocked == 0)
	{
		/* its upgrades' "applied revision" notices would claim what does not stay */
		opt.verbosity = 0;
		res = db_exec(conn, "SELECT c.revision, c.problem FROM schemamig.check_reversible('heads') AS c", 0, NULL);
		opt.verbosity = verbosity;
		for (int i = 0; i < PQntuples(res); i++)
		{
			char	   *id = printable(PQgetvalue(res, i, 0));

			/*
			 * The problem can hold SQL over several lines: line feeds kept,
			 * each line after the first indented (none can pass for a
			 * problem of its own), the rest escaped.
			 */
			char	   *problem = indent_lines(PQgetvalue(res, i, 1), "  ");

			print_printable(stdout, "check_reversible: %s: %s\n", id, problem);
			free(problem);
			free(id);
		}
		problems += PQntuples(res);
		PQclear(res);
	}

	/* the database at head against the models file */
	if (model != NULL)
	{
		blocked = non_transactional(conn, "check", "models");
		problems += blocked;
		if (blocked == 0)
		{
			const char *params[1] = {model};

			/* an upgrade that fails (its error printed) is a problem, not the end */
			db_command(conn, "SAVEPOINT check_models");
			opt.verbosity = 0;
			res = db_try(conn, "SELECT schemamig.upgrade('heads')", 0, NULL);
			opt.verbosity = verbosity;
			if (res == NULL)
			{
				printf("models: the database cannot be brought to head (the error is above), so it cannot be "
					   "compared with the models file\n");
				problems++;
				db_command(conn, "ROLLBACK TO SAVEPOINT check_models");
			}
			else
			{
				PQclear(res);
				res = db_exec(conn, "SELECT d.upgrade FROM schemamig.diff($1) AS d", 1, params);
			}
			if (res != NULL && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) && PQgetvalue(res, 0, 0)[0] != '\0')
			{
				char	   *path = printable(opt.models);

				printf("models: the database at head differs from %s; the SQL that would bring it in line:\n", path);
				print_printable(stdout, "%s%s", PQgetvalue(res, 0, 0),
								PQgetvalue(res, 0, 0)[strlen(PQgetvalue(res, 0, 0)) - 1] == '\n' ? "" : "\n");
				free(path);
				problems++;
			}
			PQclear(res);
		}
	}

	db_command(conn, "ROLLBACK");
	db_finish(conn);
	if (problems > 0)
		say("check: %d problem%s; everything was rolled back", problems, problems == 1 ? "" : "s");
	else
		say("check: no problems (verify, lint errors, reversibility%s); everything was rolled back",
			model ? ", models" : "");
	free(model);
	return problems > 0 ? 1 : 0;
}

/*
 * diff()'s row (upgrade, downgrade) for the models file, against the
 * database with the files synced and every pending revision applied, in a
 * transaction that is rolled back before it returns. Fails (exit 1) when a
 * pending revision is not transactional.
 */
PGresult *
diff_at_head(const RevFiles *rf, const char *models, const char *command)
{
	char	   *model = read_file(models, true);
	PGconn	   *conn = connect_synced(rf);
	const char *params[1] = {model};
	int			verbosity = opt.verbosity;
	PGresult   *res;

	if (non_transactional(conn, command, "models") > 0)
	{
		db_finish(conn);
		fail("%s needs every pending revision applied in a transaction; apply the non-transactional ones first",
			 command);
	}
	/* upgrade's "applied revision" notices would claim what does not stay */
	opt.verbosity = 0;
	PQclear(db_exec(conn, "SELECT schemamig.upgrade('heads')", 0, NULL));
	res = db_exec(conn, "SELECT d.upgrade, d.downgrade FROM schemamig.diff($1) AS d", 1, params);
	opt.verbosity = verbosity;
	db_command(conn, "ROLLBACK");
	db_finish(conn);
	free(model);
	return res;
}

/* The models file when none is named: $SCHEMAMIG_MODELS, else ./models.sql. */
const char *
default_models(void)
{
	const char *env = getenv("SCHEMAMIG_MODELS");

	return env ? env : "models.sql";
}

/*
 * diff [MODELS]: the SQL that would make the database at head match the
 * models file (./models.sql, or $SCHEMAMIG_MODELS), as diff() writes it.
 * The SQL goes to stdout as it is, escaped only on a terminal; nothing on
 * stdout when there is no difference.
 */
int
cmd_diff(const char *arg)
{
	const char *models = arg ? arg : default_models();
	RevFiles	rf = load_files(opt.dir);
	PGresult   *res = diff_at_head(&rf, models, "diff");
	const char *sql = PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : "";

	if (sql[0] == '\0')
	{
		if (opt.verbosity > 0)
			print_printable(stderr, "schemamig: no difference: the database at head matches %s\n", models);
	}
	else if (isatty(STDOUT_FILENO))
		print_printable(stdout, "%s%s", sql, sql[strlen(sql) - 1] == '\n' ? "" : "\n");
	else
		printf("%s%s", sql, sql[strlen(sql) - 1] == '\n' ? "" : "\n");
	PQclear(res);
	return 0;
}
