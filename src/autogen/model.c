/*-------------------------------------------------------------------------
 *
 * src/autogen/model.c
 *	  Reading the desired schema: running the model's SQL in a scratch
 *	  schema inside a subtransaction that is always rolled back, reading
 *	  the scratch schema's catalog before it goes, and the renames the
 *	  model asks for in its comments.
 *
 * The model runs with the caller's privileges, statement by statement as a
 * revision does (an error context names the statement and its line;
 * settings it changes are undone), with the scratch schema first on the
 * search_path, then the schema it stands for when that is safe
 * (target_on_path()); what it reaches outside the scratch schema is
 * refused after it runs (reach.c), a statement that drops or renames the
 * scratch schema after that statement. No portal or memory context of ours is
 * open while it runs, and the one snapshot (reach.c's, of the catalog
 * before it) belongs to the subtransaction's resource owner: results are
 * copied into the caller's memory context, which the subtransaction does
 * not own, before the subtransaction is rolled back.
 * What a rollback leaves in the session (prepared statements, session
 * advisory locks) is removed whether the model succeeds or fails
 * (schemamig_rolled_back, src/session.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "common/pg_prng.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "schemamig.h"
#include "autogen.h"

#define RENAME_MARK "-- schemamig: renamed from "
#define MARK_PLACES "Put it on the line before CREATE TABLE for a table, on the line of a column's definition for a column, or on the line of an enum's value for the value."

/* True while a model's statements run: diff() does not nest. */
static bool model_running = false;

static List *model_renames(const char *model, List *stmts);

/* The error context of a model's statement. */
static void
model_error_callback(void *arg)
{
	RevStatement *stmt = *(RevStatement **) arg;

	if (stmt)
		errcontext("model statement %d at line %d", stmt->number, stmt->line);
}

/* The OID of the schema diff() compares with; 3F000 if there is none. */
Oid
autogen_schema_oid(const char *schema)
{
	Oid			nsp = get_namespace_oid(schema, true);

	if (!OidIsValid(nsp))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_SCHEMA_NAME),
				 errmsg("schema \"%s\" does not exist", schema),
				 errhint("Name the schema the model describes; the default is public.")));
	/* what is there is the server's or schemamig's, never a model's to change */
	if (schemamig_reserved_schema(schema))
		ereport(ERROR,
				(errcode(ERRCODE_RESERVED_NAME),
				 errmsg("schema \"%s\" cannot be described by a model", schema),
				 errdetail("Schema names beginning with \"pg_\", and the schemas \"information_schema\" and \"schemamig\", belong to the system or to schemamig."),
				 errhint("Name the schema the model describes; the default is public.")));
	return nsp;
}

/*
 * Refuse statements that act on the session or outside the database rather
 * than on the schema, and that a rollback would not undo: closing or
 * deallocating the caller's cursors and prepared statements, DISCARD, LOAD;
 * and COPY, whether with the client (none inside the server), a file or a
 * program. (What a function the model calls does outside the database is
 * not seen: README says to read a models file as a revision.)
 */
static void
refuse_session_statements(List *stmts)
{
	ListCell   *lc;

	foreach(lc, stmts)
	{
		RevStatement *stmt = lfirst(lc);
		Node	   *n = stmt->raw;

		if (IsA(n, ClosePortalStmt) || IsA(n, DeallocateStmt) ||
			IsA(n, DiscardStmt) || IsA(n, LoadStmt) || IsA(n, CopyStmt))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("this statement is not allowed in a model"),
					 errdetail("Statement %d of the model, at line %d, acts on the session or outside the database, which the model must leave as it was.",
							   stmt->number, stmt->line),
					 errhint("A model describes a schema: keep CREATE, ALTER and COMMENT statements.")));
	}
}

/* The model's statements, and the scratch schema they run in. */
typedef struct ModelStatements
{
	List	   *stmts;
	Oid			scratch;
	const char *scratch_name;
	const char *schema;			/* the schema it stands for */
} ModelStatements;

/*
 * Refuse a model whose statement dropped or renamed the scratch schema (its
 * current_schema(), which a DO block can name): its next statements would
 * make their objects in the next schema on the path, or nowhere, and what
 * is left to read is not there. Checked after each statement, with one
 * cache lookup, so that the error names the statement that did it, not the
 * scratch schema's name, which the caller never gave. 0A000, as for what
 * else a model may not do (reach.c): the schema the caller named is there.
 */
static void
refuse_scratch_gone(const ModelStatements *ms)
{
	char	   *name;

	CommandCounterIncrement();
	name = get_namespace_name(ms->scratch);
	if (name != NULL && strcmp(name, ms->scratch_name) == 0)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 name == NULL ? errmsg("the model dropped the schema it runs in") :
			 errmsg("the model renamed the schema it runs in"),
			 errdetail("diff() runs the model in a scratch schema of its own that stands for schema \"%s\", first on the model's search_path (the model's current_schema()), and reads what the model made there.",
					   ms->schema),
			 errhint("Leave current_schema() as it is: a model describes the objects of a schema, not the schema itself.")));
}

/*
 * Run the model's statements, with its settings undone afterwards. A caller
 * who took another role (SET ROLE, SET SESSION AUTHORIZATION) runs it as
 * that role in a security-restricted operation, as such a caller runs a
 * revision (execute.c), so that the model cannot RESET ROLE back to the
 * role that logged in; an error undoes it with the subtransaction.
 */
static void
run_model_statements(void *arg)
{
	ModelStatements *ms = (ModelStatements *) arg;
	List	   *stmts = ms->stmts;
	MemoryContext cxt = CurrentMemoryContext;
	RevStatement *current = NULL;
	ErrorContextCallback callback;
	ListCell   *lc;

	callback.callback = model_error_callback;
	callback.arg = &current;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	foreach(lc, stmts)
	{
		int			rc;

		current = lfirst(lc);
		rc = SPI_execute(current->text, false, 0);
		MemoryContextSwitchTo(cxt);
		if (rc < 0)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("statement %d of the model cannot run inside the server", current->number),
					 errdetail("SPI refused it: %s.", SPI_result_code_string(rc))));
		SPI_freetuptable(SPI_tuptable);
		refuse_scratch_gone(ms);
	}
	error_context_stack = callback.previous;
}

/*
 * (Restricted, the model cannot reach the dblink connections of the
 * session either: they belong to the role that logged in, src/session_links.c.)
 */
static void
run_model(ModelStatements *stmts)
{
	int			level = NewGUCNestLevel();
	Oid			save_userid;
	int			save_sec_context;
	bool		restricted;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	restricted = save_userid != GetAuthenticatedUserId();
	if (restricted)
		SetUserIdAndSecContext(save_userid, save_sec_context | SECURITY_RESTRICTED_OPERATION);
	session_links_run(restricted, run_model_statements, stmts);
	AtEOXact_GUC(false, level);
	SetUserIdAndSecContext(save_userid, save_sec_context);
}


/*
 * May the model find names in the schema it stands for, after its scratch
 * schema? When an extension is installed there (citext in public), whose
 * types, functions and operators the model then finds as a revision will;
 * and when no role with fewer privileges than the caller's can have put
 * code there that the model's names would run (trust_schema(), as for a
 * tenant's schema first on a revision's path), since the model runs with
 * the caller's privileges. Otherwise the model names them with the schema.
 */
static bool
target_on_path(Oid nspoid)
{
	Relation	rel;
	SysScanDesc scan;
	HeapTuple	tup;
	bool		extension = false;
	TrustFinding found;

	if (!OidIsValid(nspoid))
		return false;
	rel = table_open(ExtensionRelationId, AccessShareLock);
	scan = systable_beginscan(rel, InvalidOid, false, NULL, 0, NULL);
	while (!extension && HeapTupleIsValid(tup = systable_getnext(scan)))
		extension = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace == nspoid;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return extension && trust_schema(nspoid, GetUserId(), &found);
}

/* What the model's subtransaction does, and what it brings back. */
typedef struct ModelRun
{
	List	   *stmts;
	const char *schema;
	char	   *scratch;
	AgSchema   *result;
	TimestampTz ran;
	TimestampTz read;
	ErrorData  *error;			/* how it failed; NULL */
} ModelRun;

/* Run the model in the scratch schema, then read what it made. */
static void
run_in_scratch(void *arg)
{
	ModelRun   *m = (ModelRun *) arg;
	MemoryContext cxt = CurrentMemoryContext;
	ModelStatements ms;
	AgReach		r;
	int			level;
	int			rc;

	/*
	 * A model that takes another role (SET ROLE owner, as migrations do so
	 * that what they make is that role's) must go on making its objects in
	 * the scratch schema: without USAGE on it, the server drops it from the
	 * role's search_path, and what the model made unqualified would land in
	 * pg_temp, unread, so that the SQL would drop every table. No other
	 * session sees the schema (it is never committed), so the grant reaches
	 * only the roles the model itself takes.
	 */
	rc = SPI_execute(psprintf("CREATE SCHEMA %s; GRANT USAGE, CREATE ON SCHEMA %s TO PUBLIC",
							  quote_identifier(m->scratch), quote_identifier(m->scratch)),
					 false, 0);
	MemoryContextSwitchTo(cxt);
	if (rc != SPI_OK_UTILITY)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));

	ms.stmts = m->stmts;
	ms.scratch = get_namespace_oid(m->scratch, false);
	ms.scratch_name = m->scratch;
	ms.schema = m->schema;
	autogen_reach_begin(&r, m->schema, ms.scratch);
	level = autogen_search_path(m->scratch, target_on_path(r.target) ? m->schema : NULL);
	model_running = true;
	run_model(&ms);
	model_running = false;
	AtEOXact_GUC(true, level);
	autogen_reach_check(&r);
	m->ran = GetCurrentTimestamp();

	/*
	 * read the scratch schema, with its name not printed, nor the name of
	 * the schema it stands for, of what the model uses there (an
	 * extension's), which a reading of that schema does not print either
	 */
	level = autogen_search_path(m->scratch, m->schema);
	m->result = autogen_read_schema(m->schema, m->scratch,
									get_namespace_oid(m->scratch, false), AG_READ_UNCOVERED);
	AtEOXact_GUC(true, level);
	m->read = GetCurrentTimestamp();
}

/*
 * Run the model in a scratch schema and read that schema, named as the
 * schema it stands for. Everything the model did is rolled back before
 * this returns, or raises the model's own error. Must be called inside
 * SPI; the result lives in the current memory context.
 */
AgSchema *
autogen_read_model(const char *model, const char *schema)
{
	ModelRun	m = {0};
	TimestampTz start;

	m.stmts = revsql_split(model, "model");
	m.schema = schema;
	/*
	 * Named by no rule another role could follow to create the schema first
	 * (the process id alone can be guessed, which failed the next backends'
	 * diff() with 42P06)
	 */
	m.scratch = psprintf("schemamig_scratch_%d_%08x", MyProcPid,
						 pg_prng_uint32(&pg_global_prng_state));
	if (model_running)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("diff() cannot be called from a model"),
				 errdetail("A model's SQL is running in a scratch schema already.")));
	refuse_session_statements(m.stmts);
	start = GetCurrentTimestamp();

	/*
	 * its prepared statements and session locks go too, even on error (the
	 * error kept in m, not in a local that longjmp could clobber)
	 */
	PG_TRY();
	{
		m.error = schemamig_rolled_back(run_in_scratch, &m, NULL);
	}
	PG_CATCH();
	{
		model_running = false;
		PG_RE_THROW();
	}
	PG_END_TRY();
	model_running = false;
	if (m.error != NULL)
		ReThrowError(m.error);
	m.result->renames = model_renames(model, m.stmts);
	/* for the benchmark: where the time goes */
	elog(DEBUG1, "diff: model ran in %.3f ms, its schema read in %.3f ms, rolled back in %.3f ms",
		 (double) (m.ran - start) / 1000.0, (double) (m.read - m.ran) / 1000.0,
		 (double) (GetCurrentTimestamp() - m.read) / 1000.0);

	return m.result;
}

/* An identifier as the model's comment writes it: "Quoted" or folded. */
static char *
read_identifier(const char *p)
{
	StringInfoData buf;

	initStringInfo(&buf);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '"')
	{
		for (p++; *p && *p != '\n'; p++)
		{
			if (*p == '"')
			{
				if (p[1] != '"')
					break;
				p++;
			}
			appendStringInfoChar(&buf, *p);
		}
	}
	else
	{
		for (; *p && (isalnum((unsigned char) *p) || *p == '_' || *p == '$' ||
					  IS_HIGHBIT_SET(*p)); p++)
			appendStringInfoChar(&buf, pg_ascii_tolower((unsigned char) *p));
	}
	return buf.len > 0 ? buf.data : NULL;
}

/* An enum's old value as the model's comment writes it: 'a literal'. */
static char *
read_label(const char *p)
{
	StringInfoData buf;

	initStringInfo(&buf);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\'')
		return NULL;
	for (p++; *p && *p != '\n'; p++)
	{
		if (*p == '\'')
		{
			if (p[1] != '\'')
				return buf.data;
			p++;
		}
		appendStringInfoChar(&buf, *p);
	}
	return NULL;
}

/* 1-based line of an offset into text. */
static int
line_at(const char *text, int offset)
{
	int			line = 1;

	for (int i = 0; i < offset && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/*
 * The value a mark at offset of the model renames, when stmt is CREATE
 * TYPE ... AS ENUM: its last value before the mark on the mark's line,
 * found by the server's lexer (the parse tree places no value); or NULL.
 */
static char *
marked_label(const char *model, const RevStatement *stmt, int offset)
{
	CreateEnumStmt *e;
	List	   *offsets;
	List	   *labels;
	char	   *label = NULL;

	if (stmt == NULL || !IsA(stmt->raw, CreateEnumStmt))
		return NULL;
	e = (CreateEnumStmt *) stmt->raw;
	labels = revsql_string_constants(stmt->text, &offsets);
	/* (in CREATE TYPE ... AS ENUM, the values are its only strings) */
	if (list_length(labels) != list_length(e->vals))
		return NULL;
	for (int i = 0; i < list_length(labels); i++)
	{
		int			at = stmt->start + list_nth_int(offsets, i);

		if (at < offset && memchr(model + at, '\n', offset - at) == NULL)
			label = strVal(list_nth(e->vals, i));
	}
	return label;
}

/* A mark renames label of the enum stmt makes, from old. */
static AgRename *
label_rename(const RevStatement *stmt, char *label, char *old)
{
	AgRename   *r = palloc0(sizeof(AgRename));

	r->table = strVal(llast(((CreateEnumStmt *) stmt->raw)->typeName));
	r->label = label;
	r->from = old;
	return r;
}

/*
 * The renames a model asks for: "-- schemamig: renamed from OLD" on the
 * line before a CREATE TABLE renames the table, and on a column's
 * definition line the column (the last one before it, on a line of
 * several); "-- schemamig: renamed from 'old'" on the line of an enum's
 * value, in CREATE TYPE ... AS ENUM, the value. A mark that belongs to
 * none is refused,
 * rather than letting the rename silently become a drop and a create.
 * Read from the statements revsql_split() made of the model, whose parse
 * trees place what they hold in the whole model's text.
 */
static List *
model_renames(const char *model, List *stmts)
{
	List	   *renames = NIL;
	ListCell   *lc;
	int			marks = 0;
	int			placed = 0;
	const RevStatement *prev = NULL;

	for (const char *m = strstr(model, RENAME_MARK); m; m = strstr(m + 1, RENAME_MARK))
		marks++;
	if (marks == 0)
		return NIL;
	foreach(lc, stmts)
	{
		RevStatement *stmt = lfirst(lc);
		const char *text = stmt->text;
		const char *mark;
		CreateStmt *create = IsA(stmt->raw, CreateStmt) ? (CreateStmt *) stmt->raw : NULL;

		for (mark = strstr(text, RENAME_MARK); mark; mark = strstr(mark + 1, RENAME_MARK))
		{
			int			offset = stmt->start + (mark - text);
			int			line = line_at(text, mark - text);
			char	   *from = read_identifier(mark + strlen(RENAME_MARK));
			char	   *old = read_label(mark + strlen(RENAME_MARK));
			const RevStatement *of = stmt;
			char	   *label = marked_label(model, stmt, offset);
			AgRename   *r = NULL;
			ListCell   *ec;

			/* (after an enum's ";", on its line: a value of that enum) */
			if (label == NULL && (label = marked_label(model, prev, offset)))
				of = prev;
			if (label != NULL && old == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("a \"renamed from\" comment on a value of an enum must name the old value as a string literal"),
						 errdetail("Statement %d of the model, at line %d, has it on its line %d.",
								   stmt->number, stmt->line, line),
						 errhint("Write it as -- schemamig: renamed from 'old' at the end of the value's line.")));
			if (label != NULL)
				r = label_rename(of, label, old);
			else if (create && from && offset < create->relation->location)
			{
				r = palloc0(sizeof(AgRename));
				r->table = create->relation->relname;
				r->from = from;
			}
			else if (create && from)
			{
				/* of a line with several columns, the last before it */
				foreach(ec, create->tableElts)
				{
					ColumnDef  *col = (ColumnDef *) lfirst(ec);

					if (IsA(col, ColumnDef) && col->location >= stmt->start &&
						col->location < offset &&
						line_at(text, col->location - stmt->start) == line)
					{
						if (r == NULL)
							r = palloc0(sizeof(AgRename));
						r->table = create->relation->relname;
						r->column = col->colname;
						r->from = from;
					}
				}
			}
			if (r == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("a \"renamed from\" comment in the model belongs to no table, column or enum value"),
						 errdetail("Statement %d of the model, at line %d, has it on its line %d.",
								   stmt->number, stmt->line, line),
						 errhint(MARK_PLACES)));
			renames = lappend(renames, r);
			placed++;
		}
		prev = stmt;
	}
	/* after the last statement, only on the line of its enum's last value */
	for (const char *mark = prev ? strstr(model + prev->start + strlen(prev->text), RENAME_MARK) : NULL;
		 mark; mark = strstr(mark + 1, RENAME_MARK))
	{
		char	   *old = read_label(mark + strlen(RENAME_MARK));
		char	   *label = marked_label(model, prev, mark - model);

		if (label == NULL || old == NULL)
			break;
		renames = lappend(renames, label_rename(prev, label, old));
		placed++;
	}
	if (placed < marks)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a \"renamed from\" comment in the model belongs to no table, column or enum value"),
				 errdetail("It follows the model's last statement."),
				 errhint(MARK_PLACES)));
	return renames;
}
