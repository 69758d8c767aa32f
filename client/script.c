/*-------------------------------------------------------------------------
 *
 * client/script.c
 *	  schemamig sql: the offline script, a psql script that does what
 *	  "schemamig upgrade" would do, written from the files alone.
 *
 * Whoever runs the script runs it with psql, as a role that may change the
 * schema, often a superuser. So no byte out of a file may land where psql
 * looks for a meta-command or a :variable, whatever the file holds:
 *
 *	- Every text out of a file (SQL, message, id, parents, path) is in an
 *	  E'' literal with its backslashes and quotes doubled, and the literals
 *	  of one file sit in a DO block, itself a dollar-quoted literal whose tag
 *	  cannot occur in it: psql sees one token, with no meta-command or
 *	  variable in it. Doubling the backslashes also means that no line out
 *	  of a file is "\.", which would end the data of a COPY ... FROM STDIN
 *	  that a revision run by \gexec started (psql reads that data from the
 *	  script).
 *	- Comments hold messages and paths with control characters escaped
 *	  (loading refuses them anyway), so no comment can end early.
 *	- psql reads a script line by line and watches only for the closing tag
 *	  inside a dollar quote; each DO block's closing tag begins a line, so no
 *	  byte before it, whatever the client encoding, can hide it.
 *	- The script is UTF-8: it says \encoding UTF8 first, and again after
 *	  each DISCARD ALL (which takes client_encoding back to the session's
 *	  default), so the server reads the files' text as written; texts that
 *	  are not valid UTF-8 are refused here, naming the file, rather than by
 *	  the server halfway through.
 *	- The only meta-commands are the script's own: \set ON_ERROR_STOP,
 *	  \encoding, \gset and \gexec.
 *
 * The script registers each file, or updates a pending revision whose file
 * changed, or refuses an applied one whose file changed, exactly as sync
 * does; then it applies a transactional revision from its registration,
 * schemamig.upgrade(id), and for a non-transactional one psql runs the
 * statements of the file's SQL, which the script holds (split by
 * schemamig.statements()), outside a transaction with \gexec (unless
 * verify() reports anything, as upgrade() refuses then), each followed by
 * a check of the settings the server reads them by; then
 * DISCARD ALL drops the session state they left, then record_applied(),
 * rolled back unless the registration still holds the file's SQL by the
 * role running the script. Such a revision runs only when that role is its
 * author, checked before anything is applied. A transactional revision
 * after it, in a transaction of its own, is rolled back unless it still
 * holds the SQL the sync registered (put_applied_check()).
 *
 * search_path: the script assumes nothing of it. Every function, type and
 * operator it names is qualified (pg_catalog., schemamig.,
 * OPERATOR(pg_catalog.=)).
 *
 * --tenant NAME: the script works on tenant NAME, as "schemamig --tenant
 * NAME upgrade" does. First it selects the tenant the way the client does
 * (schemamig.tenant set to NAME, NAME's schema put first on the
 * search_path), in a DO block that also refuses an unknown tenant (42704,
 * from schemamig.current()) and a schema that is not first on the path
 * (3F000). The registration is shared by every tenant; upgrade(),
 * pending() and record_applied() then work on NAME's applied set, and the
 * server runs a transactional revision with NAME's schema first on its
 * path. psql runs a non-transactional revision's statements on the
 * session's path, which the selection set; DISCARD ALL resets both
 * settings, so the script selects the tenant again after each. NAME is a
 * literal inside the DO block's dollar quote, as the files' texts are.
 * Without --tenant the script sets schemamig.tenant to '' in the same
 * places: the database's own applied set, whatever tenant a setting of the
 * role or of the database selects (ALTER DATABASE ... SET).
 *
 *-------------------------------------------------------------------------
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/*
 * Write text as an E'' literal, backslashes and quotes doubled: psql reads
 * it as one token, and no line of it is "\.", the end of a COPY's data.
 */
static void
put_literal(FILE *out, const char *text)
{
	fputs("E'", out);
	while (*text)
	{
		size_t		n = strcspn(text, "\\'");

		fwrite(text, 1, n, out);
		text += n;
		if (*text)
		{
			/* doubled */
			fputc(*text, out);
			fputc(*text++, out);
		}
	}
	fputc('\'', out);
}

/*
 * What \gexec runs after each statement of a non-transactional revision,
 * as format()'s template (%1$s the statement's number, %2$L the revision,
 * %3$L standard_conforming_strings as the statements were told apart:
 * on, as the server reads every revision, which the query telling them
 * apart pins at session level, so that a reloaded configuration does not
 * change it). A statement that changes
 * client_encoding or standard_conforming_strings makes the server read the
 * next ones otherwise than they were registered (a backslash, or a
 * multibyte character, moves where a string ends), so the script stops
 * there, as the server's own runner does.
 */
static const char settings_check[] =
"DO $schemamig_check$BEGIN\n"
"IF pg_catalog.current_setting('client_encoding') OPERATOR(pg_catalog.<>) 'UTF8'\n"
"   OR pg_catalog.current_setting('standard_conforming_strings') OPERATOR(pg_catalog.<>) %3$L THEN\n"
"    RAISE EXCEPTION 'revision %% (not transactional) changed client_encoding or standard_conforming_strings at statement %%', %2$L, %1$s\n"
"        USING ERRCODE = '0A000',\n"
"              DETAIL = 'The server would read the statements after it otherwise than they were registered; none of them was run.',\n"
"              HINT = 'Leave both settings as they are in a revision.';\n"
"END IF;\n"
"END$schemamig_check$";

/*
 * Write text as a dollar-quoted literal, with a tag that cannot end it
 * early: one that occurs in text followed by the tag only at its end. The
 * first number tried is one more than any "$PREFIX<digits>" in text, so
 * that a text full of such strings costs one pass, not one per string.
 */
static void
put_dollar_quoted(FILE *out, const char *text, const char *prefix)
{
	size_t		len = strlen(text);
	size_t		plen = strlen(prefix);
	int			first = 0;
	PQExpBufferData probe;
	PQExpBufferData tag;

	for (const char *c = text; (c = strchr(c, '$')) != NULL; c++)
	{
		long		n = 0;
		const char *d = c + 1 + plen;

		if (strncmp(c + 1, prefix, plen) != 0)
			continue;
		for (; *d >= '0' && *d <= '9' && n < 100000000; d++)
			n = n * 10 + (*d - '0');
		if (d > c + 1 + plen && n >= first)
			first = (int) n + 1;
	}
	initPQExpBuffer(&probe);
	initPQExpBuffer(&tag);
	for (int k = first;; k++)
	{
		printfPQExpBuffer(&tag, "$%s%d$", prefix, k);
		printfPQExpBuffer(&probe, "%s%s", text, buffer_done(&tag));
		if (strstr(buffer_done(&probe), tag.data) == probe.data + len)
			break;
	}
	fprintf(out, "%s%s%s", tag.data, text, tag.data);
	termPQExpBuffer(&tag);
	termPQExpBuffer(&probe);
}

/*
 * Close b, the memory stream a DO block's body was written to (into
 * *body), and write the block, dollar-quoted with tags starting prefix.
 */
static void
put_do(FILE *out, FILE *b, char **body, const char *prefix)
{
	if (fclose(b) != 0)
		fail("out of memory");
	fputs("DO ", out);
	put_dollar_quoted(out, *body, prefix);
	fputs(";\n", out);
	free(*body);
}

/*
 * Write a DO block (tags starting prefix) whose body declares the text
 * variable var, value as its literal, and goes on with rest: further
 * declarations or BEGIN, up to END.
 */
static void
put_do_with_text(FILE *out, const char *var, const char *value, const char *rest,
				 const char *prefix)
{
	char	   *body;
	size_t		size;
	FILE	   *b = open_memstream(&body, &size);

	if (b == NULL)
		fail("out of memory");
	fprintf(b, "\nDECLARE\n\t%s pg_catalog.text := ", var);
	put_literal(b, value);
	fputs(rest, b);
	put_do(out, b, &body, prefix);
}

/* Refuse a text that is not valid UTF-8, naming its file. */
static void
require_utf8(const RevFile *f, const char *text, const char *what)
{
	for (const char *c = text; *c;)
	{
		unsigned int cp;
		int			n = utf8_len(c, &cp);

		if (n == 0)
			fail("%s: the %s is not valid UTF-8 (byte 0x%02x at offset %ld); the offline script "
				 "is UTF-8, and the server would refuse it",
				 f->path, what, (unsigned char) *c, (long) (c - text));
		c += n;
	}
}

/*
 * Does this SQL name COPY? psql would feed a COPY ... FROM STDIN run with
 * \gexec the rest of the script as data, which schemamig upgrade never
 * does. Any word "copy" counts, even in a comment or COPY ... FROM a file:
 * refusing too much costs little, as upgrade still runs those.
 */
static bool
names_copy(const char *sql)
{
	for (const char *c = sql; *c; c++)
	{
		if (strncasecmp(c, "copy", 4) == 0 &&
			(c == sql || !(isalnum((unsigned char) c[-1]) || c[-1] == '_' || c[-1] == '$')) &&
			!(isalnum((unsigned char) c[4]) || c[4] == '_' || c[4] == '$'))
			return true;
	}
	return false;
}

/*
 * In a DO block with f_id and a record r: refuse a non-transactional
 * revision still pending whose author is not the role logged in.
 */
static const char author_check[] =
"\tSELECT rev.author, NOT rev.id OPERATOR(pg_catalog.=) ANY (SELECT p.revision\n"
"\t                           FROM schemamig.pending('heads') AS p) AS applied\n"
"\t  INTO r FROM schemamig.revision AS rev WHERE rev.id OPERATOR(pg_catalog.=) f_id;\n"
"\tIF NOT r.applied AND r.author OPERATOR(pg_catalog.<>) SESSION_USER THEN\n"
"\t\tRAISE EXCEPTION USING ERRCODE = '42501',\n"
"\t\t\tMESSAGE = pg_catalog.format('revision \"%s\" is not transactional, and its author is role \"%s\", not the role logged in, \"%s\"', f_id, r.author, SESSION_USER),\n"
"\t\t\tDETAIL = 'It would run outside the server''s control, where RESET ROLE returns to the role logged in, so only a session its author logged in may run it. Nothing of it was run.',\n"
"\t\t\tHINT = pg_catalog.format('Run the script logged in as role \"%s\".', r.author);\n"
"\tEND IF;\n";

/*
 * The DO block that brings the database in line with one file, as sync
 * does: register it when its id is not registered; when its SQL, parents
 * or no-transaction flag differ, update a pending registration and refuse
 * an applied one (the new SQL must split, as sync checks); a message only
 * differs: update it. With check_author
 * (a non-transactional revision the script applies), refuse it, before
 * anything runs, unless the role running the script is its author.
 */
static void
put_sync_block(FILE *out, const RevFile *f, bool check_author)
{
	char	   *body;
	size_t		size;
	FILE	   *b = open_memstream(&body, &size);
	char	   *parents = parents_literal(f->parents, f->nparents);

	if (b == NULL)
		fail("out of memory");
	fputs("\nDECLARE\n\tf_id pg_catalog.text := ", b);
	put_literal(b, f->id);
	fputs(";\n\tf_path pg_catalog.text := ", b);
	put_literal(b, f->path);
	fputs(";\n\tf_parents pg_catalog.text[] := ", b);
	put_literal(b, parents);
	fputs(";\n\tf_message pg_catalog.text := ", b);
	put_literal(b, f->message);
	fprintf(b, ";\n\tf_transactional pg_catalog.bool := %s;\n\tf_upgrade pg_catalog.text := ",
			f->transactional ? "true" : "false");
	put_literal(b, f->upgrade);
	fputs(";\n\tf_downgrade pg_catalog.text := ", b);
	if (f->downgrade)
		put_literal(b, f->downgrade);
	else
		fputs("NULL", b);
	fputs(";\n"
		  "\tr record;\n"
		  "BEGIN\n"
		  "\tSELECT rev.checksum, rev.parents, rev.message, rev.transactional,\n"
		  "\t       EXISTS (SELECT FROM schemamig.applied AS a WHERE a.revision OPERATOR(pg_catalog.=) rev.id) AS applied\n"
		  "\t  INTO r FROM schemamig.revision AS rev WHERE rev.id OPERATOR(pg_catalog.=) f_id;\n"
		  "\tIF NOT FOUND THEN\n"
		  "\t\tPERFORM schemamig.add_revision(f_id, f_upgrade, f_downgrade, f_parents, f_message, f_transactional);\n"
		  "\tELSIF r.checksum OPERATOR(pg_catalog.<>) schemamig.checksum(f_upgrade, f_downgrade)\n"
		  "\t      OR r.parents OPERATOR(pg_catalog.<>) f_parents\n"
		  "\t      OR r.transactional OPERATOR(pg_catalog.<>) f_transactional THEN\n"
		  "\t\tIF r.applied THEN\n"
		  "\t\t\tRAISE EXCEPTION USING ERRCODE = 'P0001',\n"
		  "\t\t\t\tMESSAGE = pg_catalog.format('%s: revision \"%s\" is applied, but the file differs from what ran', f_path, f_id),\n"
		  "\t\t\t\tHINT = 'Leave the file as it was and write a new revision for the change.';\n"
		  "\t\tEND IF;\n"
		  "\t\tPERFORM FROM schemamig.statements(f_upgrade);\n"
		  "\t\tIF f_downgrade IS NOT NULL THEN\n"
		  "\t\t\tPERFORM FROM schemamig.statements(f_downgrade);\n"
		  "\t\tEND IF;\n"
		  "\t\tUPDATE schemamig.revision SET upgrade = f_upgrade, downgrade = f_downgrade, parents = f_parents,\n"
		  "\t\t       message = f_message, transactional = f_transactional\n"
		  "\t\t WHERE id OPERATOR(pg_catalog.=) f_id;\n"
		  "\tELSIF r.message OPERATOR(pg_catalog.<>) f_message THEN\n"
		  "\t\tUPDATE schemamig.revision SET message = f_message WHERE id OPERATOR(pg_catalog.=) f_id;\n"
		  "\tEND IF;\n", b);
	if (check_author)
		fputs(author_check, b);
	fputs("END\n", b);
	put_do(out, b, &body, "smdo");
	free(parents);
}

/*
 * After a non-transactional revision was recorded, in the transaction of
 * the record: the DO block that stops the script (40001), rolling the
 * record back, unless the revision is now applied with the file's SQL
 * (whose checksum the setting schemamig_script.checksum holds) by the role
 * logged in. Otherwise another session changed the registration since the
 * check before the statements, and the books must not say that they ran.
 */
static void
put_record_check(FILE *out, const char *id)
{
	put_do_with_text(out, "f_id", id,
					 ";\n"
					 "\tr record;\n"
					 "BEGIN\n"
					 "\tSELECT rev.author, rev.checksum, NOT rev.id OPERATOR(pg_catalog.=) ANY (SELECT p.revision\n"
					 "\t                           FROM schemamig.pending('heads') AS p) AS applied\n"
					 "\t  INTO r FROM schemamig.revision AS rev WHERE rev.id OPERATOR(pg_catalog.=) f_id;\n"
					 "\tIF NOT r.applied OR r.author OPERATOR(pg_catalog.<>) SESSION_USER\n"
					 "\t   OR r.checksum OPERATOR(pg_catalog.<>) pg_catalog.current_setting('schemamig_script.checksum') THEN\n"
					 "\t\tRAISE EXCEPTION USING ERRCODE = '40001',\n"
					 "\t\t\tMESSAGE = pg_catalog.format('revision \"%s\" (not transactional) was changed by another session while the script ran', f_id),\n"
					 "\t\t\tDETAIL = pg_catalog.format('Its registration no longer holds the file''s SQL by the role logged in (its author is role \"%s\"). The statements of the file ran unless it was applied already; the script does not record it.', r.author),\n"
					 "\t\t\tHINT = 'See what it is now with schemamig status and schemamig verify.';\n"
					 "\tEND IF;\n"
					 "END\n", "smdo");
}

/*
 * After a transactional revision that follows a non-transactional one was
 * applied, in its transaction (the sync committed before): the DO block
 * that stops the script (40001), rolling that transaction back, unless the
 * revision still holds the SQL the sync registered (its checksum then, in
 * the setting schemamig_script.checksum). An edit by another session since
 * the sync would otherwise run as the file's revision; a later one waits
 * for the transaction's lock.
 */
static void
put_applied_check(FILE *out, const char *id)
{
	put_do_with_text(out, "f_id", id,
					 ";\n"
					 "BEGIN\n"
					 "\tIF NOT EXISTS (SELECT FROM schemamig.revision AS rev WHERE rev.id OPERATOR(pg_catalog.=) f_id\n"
					 "\t                  AND rev.checksum OPERATOR(pg_catalog.=) pg_catalog.current_setting('schemamig_script.checksum')) THEN\n"
					 "\t\tRAISE EXCEPTION USING ERRCODE = '40001',\n"
					 "\t\t\tMESSAGE = pg_catalog.format('revision \"%s\" was changed by another session after the script registered it', f_id),\n"
					 "\t\t\tDETAIL = 'Its SQL is no longer the file''s: the transaction that applied it rolls back.',\n"
					 "\t\t\tHINT = 'Run the script again: it registers the file''s SQL again.';\n"
					 "\tEND IF;\n"
					 "END\n", "smdo");
}

/*
 * The DO block that selects tenant NAME (--tenant) for the rest of the
 * session, as the client's tenant_select() does, and refuses an unknown
 * tenant and a schema that would not come first on the path.
 */
static void
put_tenant_select(FILE *out, const char *tenant)
{
	put_do_with_text(out, "t", tenant,
					 ";\n"
					 "BEGIN\n"
					 "\tPERFORM pg_catalog.set_config('schemamig.tenant', t, false);\n"
					 "\tPERFORM pg_catalog.set_config('search_path', pg_catalog.concat_ws(', ', pg_catalog.quote_ident(t),\n"
					 "\t        CASE WHEN pg_catalog.current_setting('search_path') OPERATOR(pg_catalog.<>) ''\n"
					 "\t             THEN pg_catalog.current_setting('search_path') END), false);\n"
					 "\t-- an unknown tenant: 42704\n"
					 "\tPERFORM schemamig.current();\n"
					 "\tIF NOT COALESCE((pg_catalog.current_schemas(false))[1] OPERATOR(pg_catalog.=) t::pg_catalog.name, false) THEN\n"
					 "\t\tRAISE EXCEPTION USING ERRCODE = '3F000',\n"
					 "\t\t\tMESSAGE = pg_catalog.format('schema \"%s\" of tenant \"%s\" is not the first schema of the search_path', t, t),\n"
					 "\t\t\tDETAIL = 'The schema does not exist, or the role running the script cannot use it (USAGE).',\n"
					 "\t\t\tHINT = 'Create the schema, or grant USAGE on it to the role that runs the script.';\n"
					 "\tEND IF;\n"
					 "END\n", "smtenant");
}

/*
 * Select the applied set the script works on: tenant NAME's, or without
 * --tenant the database's own, whatever tenant the role's or the
 * database's settings select for a new session (as the client does).
 */
static void
put_tenant(FILE *out, const char *tenant)
{
	if (tenant != NULL)
		put_tenant_select(out, tenant);
	else
		fprintf(out, "SET schemamig.tenant = '';\n");
}

/* A comment line: text with control characters escaped cannot end it. */
static void
put_comment(FILE *out, const char *text)
{
	char	   *safe = printable(text);

	fprintf(out, "-- %s\n", safe);
	free(safe);
}

/* sql [TARGET] [--from REV]: offline, from the files alone */
int
cmd_sql(const char *target)
{
	RevFiles	rf;
	bool	   *want;
	bool	   *have;
	bool	   *rechecked;
	bool		seen_outside = false;
	int			count = 0;
	bool		in_tx;
	PQExpBufferData line;

	if (target[0] == '+')
		usage_fail("sql: \"%s\" counts from what the database has applied, which the offline script does not "
				   "know: name a revision, head, heads or base", target);
	rf = load_files(opt.dir);
	want = xmalloc(rf.n + 1);
	rechecked = xmalloc(rf.n + 1);
	have = xmalloc(rf.n + 1);
	if (strcmp(target, "heads") == 0)
		memset(want, 1, rf.n);
	else if (strcmp(target, "head") == 0)
	{
		int		   *heads;
		int			nheads;

		file_heads(&rf, &heads, &nheads);
		if (nheads > 1)
			fail("%s has %d heads: name one, or \"heads\"", opt.dir, nheads);
		if (nheads == 1)
			want = file_ancestors(&rf, heads[0]);
	}
	else if (strcmp(target, "base") != 0)
	{
		int			t = find_file(&rf, target);

		if (t < 0)
			fail("revision \"%s\" is in no file of %s", target, opt.dir);
		want = file_ancestors(&rf, t);
	}
	if (opt.from)
	{
		int			f = find_file(&rf, opt.from);

		if (f < 0)
			fail("revision \"%s\" is in no file of %s", opt.from, opt.dir);
		have = file_ancestors(&rf, f);
	}
	for (int i = 0; i < rf.n; i++)
	{
		const RevFile *f = &rf.files[i];

		require_utf8(f, f->path, "path");
		require_utf8(f, f->message, "message");
		require_utf8(f, f->upgrade, "upgrade section");
		if (f->downgrade)
			require_utf8(f, f->downgrade, "downgrade section");
		if (want[i] && !have[i] && !f->transactional && names_copy(f->upgrade))
			fail("%s: revision \"%s\" is not transactional and names COPY: psql would read a COPY's data "
				 "from the script itself; apply it with schemamig upgrade instead", f->path, f->id);
		count += want[i] && !have[i];
	}

	for (const char *c = opt.tenant; c != NULL && *c;)
	{
		unsigned int cp;
		int			n = utf8_len(c, &cp);

		if (n == 0)
			fail("--tenant: the name is not valid UTF-8; the offline script is UTF-8");
		c += n;
	}

	/* first: psql lexes everything after this line as UTF-8 */
	printf("\\encoding UTF8\n\\set ON_ERROR_STOP on\n");
	initPQExpBuffer(&line);
	printfPQExpBuffer(&line, "schemamig offline script: upgrade from %s to %s, %d revision%s, from %s",
					  opt.from ? opt.from : "base", target, count, count == 1 ? "" : "s", opt.dir);
	put_comment(stdout, buffer_done(&line));
	if (opt.tenant != NULL)
	{
		printfPQExpBuffer(&line, "for tenant %s: its applied set, its schema first on the search_path", opt.tenant);
		put_comment(stdout, buffer_done(&line));
	}
	printf("-- Review it, then run it with: psql -X -f FILE (as the role that will own what it creates).\n"
		   "-- It does what \"schemamig upgrade\" would do: brings the registered revisions in line with\n"
		   "-- the files (registers, updates pending ones, refuses applied ones that changed), then\n"
		   "-- applies each revision (a non-transactional one: the statements of its file, below).\n"
		   "-- Every text out of the files is inside a literal, and names are schema-qualified: it\n"
		   "-- assumes nothing of search_path.\n\n");
	/*
	 * Nothing of schemamig's is called unless its schema is the extension's:
	 * where the extension is not installed, whoever may create schemas in
	 * the database could have made a schema schemamig of look-alikes
	 */
	printf("DO $schemamig_extension$BEGIN\n"
		   "IF NOT EXISTS (SELECT " DB_SCHEMAMIG_EXTENSION ") THEN\n"
		   "    RAISE EXCEPTION 'this database has no schemamig extension: nothing was run'\n"
		   "        USING ERRCODE = '55000',\n"
		   "              HINT = 'A superuser creates it with CREATE EXTENSION schemamig; nothing of a schema schemamig that is not the extension''s is called.';\n"
		   "END IF;\n"
		   "END$schemamig_extension$;\n"
		   "BEGIN;\n");
	printf("\n-- the %s, for the rest of the session\n", opt.tenant ? "tenant" : "database's own applied set");
	put_tenant(stdout, opt.tenant);
	if (opt.tenant != NULL)
	{
		bool		outside = false;

		for (int i = 0; i < rf.n; i++)
			outside = outside || (want[i] && !have[i] && !rf.files[i].transactional);
		/* before anything is registered or applied */
		if (outside)
			printf("DO $schemamig_version$BEGIN\n"
				   "IF pg_catalog.to_regprocedure('schemamig.check_tenant()') IS NULL THEN\n"
				   "    RAISE EXCEPTION 'a tenant''s non-transactional revision runs from this script only after schemamig.check_tenant(), which came in schemamig 0.8.0: nothing was applied'\n"
				   "        USING ERRCODE = '55000', HINT = 'Run ALTER EXTENSION schemamig UPDATE.';\n"
				   "END IF;\n"
				   "END$schemamig_version$;\n");
	}
	printf("\n-- sync: every file of the versions directory\n");
	for (int i = 0; i < rf.n; i++)
	{
		const RevFile *f = &rf.files[i];

		printfPQExpBuffer(&line, "revision %s: %s (%s)", f->id, f->message, f->path);
		put_comment(stdout, buffer_done(&line));
		put_sync_block(stdout, f, want[i] && !have[i] && !f->transactional);
		/* a transactional revision applied after a non-transactional one */
		rechecked[i] = seen_outside && want[i] && !have[i] && f->transactional;
		seen_outside = seen_outside || (want[i] && !have[i] && !f->transactional);
		if (rechecked[i])
		{
			printf("SELECT rev.checksum AS schemamig_sum_%d FROM schemamig.revision AS rev WHERE rev.id OPERATOR(pg_catalog.=) ", i);
			put_literal(stdout, f->id);
			printf("\n\\gset\n");
		}
	}

	printf("\n-- apply\n");
	in_tx = true;
	for (int i = 0; i < rf.n; i++)
	{
		const RevFile *f = &rf.files[i];

		if (!want[i] || have[i])
			continue;
		printfPQExpBuffer(&line, "revision %s: %s", f->id, f->message);
		put_comment(stdout, buffer_done(&line));
		if (f->transactional)
		{
			if (!in_tx)
				printf("BEGIN;\n");
			in_tx = true;
			if (rechecked[i])
				printf("SELECT pg_catalog.set_config('schemamig_script.checksum', :'schemamig_sum_%d', true);\n", i);
			printf("SELECT schemamig.upgrade(");
			put_literal(stdout, f->id);
			printf(");\n");
			if (rechecked[i])
				put_applied_check(stdout, f->id);
			continue;
		}
		if (in_tx)
			printf("COMMIT;\n");
		in_tx = false;
		/*
		 * The statements are the file's, here in the script, not read from
		 * the registration: what psql runs is what was reviewed, however
		 * the registration changes meanwhile. The record below holds only
		 * while the registration is that SQL by the role logged in.
		 */
		printf("-- not transactional: psql runs each statement of the file's SQL outside a transaction,\n"
			   "-- unless it is applied already (to %s applied set: pending()); then DISCARD ALL\n"
			   "-- drops whatever session state they left\n"
			   "-- (client_encoding and the tenant included: the script sets them again)\n",
			   opt.tenant ? "the tenant's" : "the database's own");
		/*
		 * upgrade() refuses while verify() reports anything, and runs a
		 * tenant's SQL only in a schema check_tenant() would pass: so does
		 * psql here
		 */
		printf("DO $schemamig_verify$BEGIN\n"
			   "IF EXISTS (SELECT FROM schemamig.verify()) THEN\n"
			   "    RAISE EXCEPTION 'schemamig.verify() reports problems: nothing more is applied'\n"
			   "        USING ERRCODE = '55000', HINT = 'Run SELECT * FROM schemamig.verify(); and repair what it reports.';\n"
			   "END IF;\n");
		if (opt.tenant != NULL)
			printf("PERFORM schemamig.check_tenant();\n");
		printf("END$schemamig_verify$;\n");
		printf("SELECT schemamig.checksum(");
		put_literal(stdout, f->upgrade);
		printf(",\n       ");
		if (f->downgrade)
			put_literal(stdout, f->downgrade);
		else
			printf("NULL");
		printf(") AS schemamig_checksum\n\\gset\n"
			   "SELECT s.statement, pg_catalog.format(");
		put_literal(stdout, settings_check);
		printf(",\n         s.n, ");
		put_literal(stdout, f->id);
		printf(", pg_catalog.set_config('standard_conforming_strings', 'on', false))\n"
			   "  FROM schemamig.statements(");
		put_literal(stdout, f->upgrade);
		printf(") WITH ORDINALITY AS s (statement, n)\n"
			   " WHERE ");
		put_literal(stdout, f->id);
		printf(" OPERATOR(pg_catalog.=) ANY (SELECT p.revision FROM schemamig.pending('heads') AS p)\n"
			   " ORDER BY s.n\n"
			   "\\gexec\n"
			   "DISCARD ALL;\n"
			   "\\encoding UTF8\n");
		put_tenant(stdout, opt.tenant);
		printf("BEGIN;\n"
			   "SELECT pg_catalog.set_config('schemamig_script.checksum', :'schemamig_checksum', true);\n"
			   "SELECT schemamig.record_applied(r.id)\n"
			   "  FROM schemamig.revision AS r\n"
			   " WHERE r.id OPERATOR(pg_catalog.=) ");
		put_literal(stdout, f->id);
		printf("\n   AND r.id OPERATOR(pg_catalog.=) ANY (SELECT p.revision FROM schemamig.pending('heads') AS p)\n"
			   "   AND r.author OPERATOR(pg_catalog.=) SESSION_USER\n"
			   "   AND r.checksum OPERATOR(pg_catalog.=) :'schemamig_checksum';\n");
		put_record_check(stdout, f->id);
		printf("COMMIT;\n");
	}
	printf("%s", in_tx ? "\nCOMMIT;\n" : "");
	termPQExpBuffer(&line);
	return 0;
}
