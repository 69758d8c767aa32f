/*-------------------------------------------------------------------------
 *
 * src/revsql.c
 *	  A revision's SQL text: splitting it into statements, refusing what
 *	  cannot run inside a migration, and its checksum.
 *
 * The server's own parser splits the text, so dollar quotes and comments
 * behave exactly as they will when the statements run. A revision's text
 * (and a model's) means one thing: it is read with
 * standard_conforming_strings on, as the statements then run (execute.c),
 * whatever the session says, or a backslash in a string would end it
 * elsewhere in a session with the setting off, and a statement reviewed as
 * one string could run as two. Syntax errors point into the revision's
 * text, not into the SELECT that registered it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "parser/scanner.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/guc.h"

#include "schemamig.h"

/* What the parse error callback needs to know. */
typedef struct SplitContext
{
	const char *sql;
	const char *what;			/* "upgrade SQL of revision \"x\"", say */
} SplitContext;

/* 1-based line of a byte offset into sql. */
static int
line_of(const char *sql, int offset)
{
	int			line = 1;

	for (int i = 0; i < offset && sql[i]; i++)
	{
		if (sql[i] == '\n')
			line++;
	}
	return line;
}

/*
 * Report a syntax error's position within the revision's text, the way SQL
 * function bodies do, and name the revision.
 */
static void
split_error_callback(void *arg)
{
	SplitContext *cxt = (SplitContext *) arg;
	int			pos = geterrposition();

	if (pos > 0)
	{
		errposition(0);
		internalerrposition(pos);
		internalerrquery(cxt->sql);
		errcontext("%s, line %d", cxt->what, line_of(cxt->sql, pos - 1));
	}
	else
		errcontext("%s", cxt->what);
}

/* Skip white space and comments: where the statement itself begins. */
static int
skip_to_statement(const char *sql, int pos, int end)
{
	while (pos < end)
	{
		if (sql[pos] == ' ' || sql[pos] == '\t' || sql[pos] == '\n' ||
			sql[pos] == '\r' || sql[pos] == '\f')
			pos++;
		else if (sql[pos] == '-' && pos + 1 < end && sql[pos + 1] == '-')
		{
			while (pos < end && sql[pos] != '\n')
				pos++;
		}
		else if (sql[pos] == '/' && pos + 1 < end && sql[pos + 1] == '*')
		{
			int			depth = 0;

			/* SQL block comments nest */
			do
			{
				if (sql[pos] == '/' && pos + 1 < end && sql[pos + 1] == '*')
				{
					depth++;
					pos += 2;
				}
				else if (sql[pos] == '*' && pos + 1 < end && sql[pos + 1] == '/')
				{
					depth--;
					pos += 2;
				}
				else
					pos++;
			} while (depth > 0 && pos < end);
		}
		else
			break;
	}
	return pos;
}

/*
 * Where a statement's text begins: just after the last semicolon between
 * the previous statement's end (prev_end) and the statement's location, so
 * that a comment above a statement stays with it. PostgreSQL 18 puts
 * stmt_location on the statement's first token, earlier versions just after
 * the previous semicolon; scanning from prev_end gives the same answer on
 * both, and the gap holds only white space, comments and semicolons.
 */
static int
statement_start(const char *sql, int prev_end, int location)
{
	int			start = prev_end;
	int			pos = prev_end;

	for (;;)
	{
		pos = skip_to_statement(sql, pos, location);
		if (pos >= location || sql[pos] != ';')
			break;
		start = ++pos;
	}
	return start;
}

/*
 * Read SQL as a revision's is read, with standard_conforming_strings on,
 * until the caller's GUC nest level (NewGUCNestLevel()) ends.
 */
void
revsql_standard_strings(void)
{
	if (!standard_conforming_strings)
		(void) set_config_option("standard_conforming_strings", "on",
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
}

/* The server's raw parse of SQL read as a revision's. */
List *
revsql_parse(const char *sql)
{
	int			level;
	List	   *raw;

	if (standard_conforming_strings)
		return raw_parser(sql, RAW_PARSE_DEFAULT);
	level = NewGUCNestLevel();
	revsql_standard_strings();
	raw = raw_parser(sql, RAW_PARSE_DEFAULT);
	AtEOXact_GUC(true, level);
	return raw;
}

/*
 * The lexer's token for a string constant (SCONST). PostgreSQL 16 and later
 * no longer install the parser's gram.h, which numbers the tokens, so ask
 * the lexer itself, once: any quoted string comes back as that token.
 */
static int
string_token(void)
{
	static int	token = 0;

	if (token == 0)
	{
		core_yy_extra_type yyext;
		core_yyscan_t scanner;
		core_YYSTYPE yylval;
		YYLTYPE		yylloc;

		scanner = scanner_init("'s'", &yyext, &ScanKeywords, ScanKeywordTokens);
		token = core_yylex(&yylval, &yylloc, scanner);
		scanner_finish(scanner);
	}
	return token;
}

/*
 * The string constants of SQL read as a revision's, as the server's lexer
 * finds them (a comment or an identifier is never one), and when offsets
 * is not NULL the byte offset of each into sql. Should the lexer fail, its
 * memory goes with the caller's context.
 */
List *
revsql_string_constants(const char *sql, List **offsets)
{
	core_yy_extra_type yyext;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc;
	List	   *strings = NIL;
	int			tok;

	scanner = scanner_init(sql, &yyext, &ScanKeywords, ScanKeywordTokens);
	yyext.standard_conforming_strings = true;
	yyext.escape_string_warning = false;
	if (offsets)
		*offsets = NIL;
	while ((tok = core_yylex(&yylval, &yylloc, scanner)) != 0)
	{
		if (tok != string_token())
			continue;
		strings = lappend(strings, pstrdup(yylval.str));
		if (offsets)
			*offsets = lappend_int(*offsets, yylloc);
	}
	scanner_finish(scanner);
	return strings;
}

/*
 * Split a revision's SQL into statements. Raises a syntax error (42601)
 * pointing into the text, and refuses transaction control (0A000): a
 * revision runs inside the caller's transaction, which it must not end.
 * "what" names the SQL in messages ("upgrade SQL of revision \"x\"", or
 * "model" for diff()'s).
 */
List *
revsql_split(const char *sql, const char *what)
{
	SplitContext cxt = {sql, what};
	bool		model = strcmp(what, "model") == 0;
	ErrorContextCallback callback;
	List	   *raw;
	List	   *stmts = NIL;
	ListCell   *lc;
	int			len = strlen(sql);
	int			prev_end = 0;
	int			line = 1;
	int			counted = 0;	/* bytes of sql whose lines are in line */

	callback.callback = split_error_callback;
	callback.arg = &cxt;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	raw = revsql_parse(sql);
	error_context_stack = callback.previous;

	foreach(lc, raw)
	{
		RawStmt    *rs = lfirst_node(RawStmt, lc);
		RevStatement *stmt = palloc(sizeof(RevStatement));
		int			location = rs->stmt_location > 0 ? rs->stmt_location : 0;
		int			end = rs->stmt_len > 0 ? location + rs->stmt_len : len;
		int			start = statement_start(sql, prev_end, location);
		int			begins = skip_to_statement(sql, start, end);

		prev_end = end;

		/* keep comments (planner hints live there), drop the white space */
		while (start < end && isspace((unsigned char) sql[start]))
			start++;
		stmt->text = pnstrdup(sql + start, end - start);
		stmt->start = start;
		/* count lines on from the previous statement: linear in the text */
		line += line_of(sql + counted, begins - counted) - 1;
		counted = begins;
		stmt->line = line;
		stmt->number = foreach_current_index(lc) + 1;
		stmt->raw = rs->stmt;
		if (IsA(rs->stmt, TransactionStmt))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("transaction control statements are not allowed in %s", model ? "a model" : "revision SQL"),
					 errdetail("Statement %d of the %s, at line %d, controls the transaction.",
							   stmt->number, what, stmt->line),
					 model ?
					 errhint("diff() runs the model inside the caller's transaction and rolls it back; remove BEGIN, COMMIT, ROLLBACK and SAVEPOINT commands.") :
					 errhint("schemamig runs every revision inside the caller's transaction; remove BEGIN, COMMIT, ROLLBACK and SAVEPOINT commands.")));
		/* (COPY ... PROGRAM has a filename too: the command) */
		if (IsA(rs->stmt, CopyStmt) && ((CopyStmt *) rs->stmt)->filename == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("COPY to or from the client is not allowed in %s", model ? "a model" : "revision SQL"),
					 errdetail("Statement %d of the %s, at line %d, is COPY %s.",
							   stmt->number, what, stmt->line,
							   ((CopyStmt *) rs->stmt)->is_from ? "FROM STDIN" : "TO STDOUT"),
					 errhint("%s runs inside the server, where no client sends or reads the rows; write the rows as INSERT statements.",
							 model ? "A model" : "A revision")));
		stmts = lappend(stmts, stmt);
	}
	return stmts;
}

/* Append text to buf in UTF-8, with every CRLF turned into LF. */
static void
append_checksum_text(StringInfo buf, const char *text)
{
	StringInfoData norm;
	char	   *utf8;

	initStringInfo(&norm);
	for (const char *c = text; *c; c++)
	{
		if (c[0] != '\r' || c[1] != '\n')
			appendStringInfoChar(&norm, *c);
	}
	utf8 = pg_server_to_any(norm.data, norm.len, PG_UTF8);
	appendBinaryStringInfo(buf, utf8, strlen(utf8));
}

/*
 * The checksum of a revision's SQL, as 64 lowercase hex digits: SHA-256 of
 * the UTF-8 bytes of the upgrade SQL, followed, when there is downgrade SQL,
 * by one zero byte and the UTF-8 bytes of the downgrade SQL; each with CRLF
 * line endings turned into LF. Text never holds a zero byte, so the
 * separator is unambiguous, and a NULL downgrade differs from an empty one.
 * README documents this definition; changing it breaks stored checksums.
 */
char *
revsql_checksum(const char *upgrade, const char *downgrade)
{
	StringInfoData buf;
	bytea	   *digest;
	char	   *hex;

	/* build a bytea in place: header first, then the bytes */
	initStringInfo(&buf);
	appendStringInfoSpaces(&buf, VARHDRSZ);
	append_checksum_text(&buf, upgrade);
	if (downgrade)
	{
		appendStringInfoChar(&buf, '\0');
		append_checksum_text(&buf, downgrade);
	}
	SET_VARSIZE(buf.data, buf.len);

	digest = DatumGetByteaPP(DirectFunctionCall1(sha256_bytea,
												 PointerGetDatum(buf.data)));
	hex = palloc(2 * VARSIZE_ANY_EXHDR(digest) + 1);
	hex[hex_encode(VARDATA_ANY(digest), VARSIZE_ANY_EXHDR(digest), hex)] = '\0';
	return hex;
}
