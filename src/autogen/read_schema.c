/*-------------------------------------------------------------------------
 *
 * src/autogen/read_schema.c
 *	  Reading one schema's catalog into an AgSchema: the query helper the
 *	  family readers share, and the search_path they read under.
 *
 * Every family is read with a constant number of queries, whatever the
 * number of objects, each a saved plan over fully qualified names with the
 * schema's OID as its only parameter.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/snapmgr.h"

#include "schemamig.h"
#include "autogen.h"

/* true while autogen_read_schema() reads a schema under its one snapshot */
static bool one_snapshot = false;

/*
 * Run a reader's query for schema nsp; returns the number of rows, which
 * stay in SPI_tuptable. The caller's memory context is kept, so values
 * copied out with autogen_value() land there.
 */
int
autogen_query(AgQuery *q, Oid nsp)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			argtypes[1] = {OIDOID};
	Datum		values[1];
	int			rc;

	if (q->plan == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(q->sql, 1, argtypes);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s",
				 q->sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		q->plan = plan;
	}
	values[0] = ObjectIdGetDatum(nsp);
	/*
	 * Read-only (under the active snapshot) while autogen_read_schema() holds
	 * one for the schema; otherwise each query takes a new snapshot, and
	 * sees what the model or revision just created.
	 */
	rc = SPI_execute_plan(q->plan, values, NULL, one_snapshot, 0);
	MemoryContextSwitchTo(cxt);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed for \"%s\": %s",
			 q->sql, SPI_result_code_string(rc));
	return (int) SPI_processed;
}

/*
 * Add to each of n objects the (table, column) pairs its expressions read,
 * as query q returns them (table, name, read table, read column), sorted
 * as the objects are, by table, then name: a merge. The objects are an
 * array of size-byte elements that start with their table and name
 * (AgTrigger, AgPolicy), with two Lists at tables_at and columns_at.
 */
void
autogen_read_column_reads(AgQuery *q, Oid nsp, void *objects, size_t size, int n,
						  size_t tables_at, size_t columns_at)
{
	int			rows = n > 0 ? autogen_query(q, nsp) : 0;

#define AT(j, offset) ((char *) objects + (size_t) (j) * size + (offset))
	for (int i = 0, j = 0; i < rows; i++)
	{
		char	   *relname = autogen_value(i, 1);
		char	   *name = autogen_value(i, 2);
		int			c = 0;

		/* every such element type starts with "const char *table; char *name" */
		while (j < n &&
			   ((c = strcmp(*(char **) AT(j, 0), relname)) < 0 ||
				(c == 0 && (c = strcmp(*(char **) AT(j, sizeof(char *)), name)) < 0)))
			j++;
		if (j < n && c == 0)
		{
			List	  **tables = (List **) AT(j, tables_at);
			List	  **columns = (List **) AT(j, columns_at);

			*tables = lappend(*tables, autogen_value(i, 3));
			*columns = lappend(*columns, autogen_value(i, 4));
		}
	}
#undef AT
}

/*
 * A definition the catalog printed for an object that the reading's snapshot
 * lists. The printing functions (pg_get_functiondef(), ...) look the object
 * up as the catalog is now, and print NULL when another session dropped it
 * since: that is a reading to do again, never a definition to compare.
 */
char *
autogen_defined(char *def, const char *kind, const char *name)
{
	if (def == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("%s \"%s\" changed while schemamig read its schema", kind, name),
				 errdetail("Another session dropped or replaced it after the reading began."),
				 errhint("Run the call again.")));
	return def;
}

/*
 * What a printing function (pg_get_constraintdef, pg_get_indexdef) prints
 * for the object oid, through autogen_defined(): DirectFunctionCall1()
 * would raise an internal error for its NULL.
 */
char *
autogen_printed(PGFunction fn, Oid oid, const char *kind, const char *name)
{
	LOCAL_FCINFO(fcinfo, 1);
	Datum		result;

	InitFunctionCallInfoData(*fcinfo, NULL, 1, InvalidOid, NULL, NULL);
	fcinfo->args[0].value = ObjectIdGetDatum(oid);
	fcinfo->args[0].isnull = false;
	result = (*fn) (fcinfo);
	return autogen_defined(fcinfo->isnull ? NULL : TextDatumGetCString(result), kind, name);
}

/*
 * A column of the last query's row, as text in the current context; NULL.
 * Most columns are text or name: those are copied straight out of the
 * datum, as their output functions would, without SPI_getvalue()'s type
 * lookup and function call per value (a schema of 1,000 tables has tens of
 * thousands of values).
 */
char *
autogen_value(int row, int col)
{
	TupleDesc	desc = SPI_tuptable->tupdesc;
	Oid			type = TupleDescAttr(desc, col - 1)->atttypid;
	bool		isnull;
	Datum		d;

	if (type != TEXTOID && type != NAMEOID)
		return SPI_getvalue(SPI_tuptable->vals[row], desc, col);
	d = SPI_getbinval(SPI_tuptable->vals[row], desc, col, &isnull);
	if (isnull)
		return NULL;
	if (type == NAMEOID)
		return pstrdup(NameStr(*DatumGetName(d)));
	return TextDatumGetCString(d);
}

/* A boolean column of the last query's row (NULL reads as false). */
bool
autogen_bool(int row, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc,
								  col, &isnull);

	return !isnull && DatumGetBool(d);
}

/* A "char" column of the last query's row ('\0' for NULL). */
char
autogen_char(int row, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc,
								  col, &isnull);

	return isnull ? '\0' : DatumGetChar(d);
}

/* An oid column of the last query's row (InvalidOid for NULL). */
Oid
autogen_oid(int row, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(SPI_tuptable->vals[row], SPI_tuptable->tupdesc,
								  col, &isnull);

	return isnull ? InvalidOid : DatumGetObjectId(d);
}

/*
 * Set search_path to one schema (then "then" when not NULL, then pg_temp,
 * so a temporary table does not hide one of the schema's) until
 * AtEOXact_GUC(true, level) with the level returned. The deparse functions
 * then print that schema's objects unqualified and everything else but
 * pg_catalog (and what of "then" nothing before hides) qualified; and,
 * with standard_conforming_strings on, their strings as a revision's SQL
 * is read (a model runs so too). Nothing is compiled by JIT meanwhile
 * (schemamig_without_jit()).
 */
int
autogen_search_path(const char *nspname, const char *then)
{
	int			level = NewGUCNestLevel();

	revsql_standard_strings();
	schemamig_without_jit();

	(void) set_config_option("search_path",
							 psprintf("%s, %s%spg_temp", quote_identifier(nspname),
									  then ? quote_identifier(then) : "", then ? ", " : ""),
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
	return level;
}

/*
 * Read everything autogenerate compares from schema nsp, named readfrom,
 * as the schema named name, into the current memory context, and what else
 * reading asks for (AgReading). The caller sets the search_path.
 */
AgSchema *
autogen_read_schema(const char *name, const char *readfrom, Oid nsp, AgReading reading)
{
	MemoryContext cxt = CurrentMemoryContext;
	AgSchema   *s = palloc0(sizeof(AgSchema));

	s->name = pstrdup(name);
	s->readfrom = pstrdup(readfrom);

	/*
	 * Every query reads under one snapshot, taken now, after what the caller
	 * just ran (a model, a revision): with one each, a table that another
	 * session creates or drops between two of them would have columns and
	 * no table, or a table and no columns.
	 */
	CommandCounterIncrement();
	PushCopiedSnapshot(GetTransactionSnapshot());
	UpdateActiveSnapshotCommandId();
	one_snapshot = true;
	PG_TRY();
	{
		autogen_read_tables(s, nsp);
		autogen_read_constraints(s, nsp);
		autogen_read_indexes(s, nsp);
		autogen_read_sequences(s, nsp);
		autogen_read_enums(s, nsp);
		autogen_read_domains(s, nsp);
		autogen_read_composites(s, nsp);
		autogen_read_views(s, nsp);
		autogen_read_routines(s, nsp);
		autogen_read_triggers(s, nsp);
		autogen_read_policies(s, nsp);
		autogen_read_acls(s, nsp);
		if (reading != AG_READ_COMPARED)
			autogen_read_uncovered(s, nsp, reading == AG_READ_DEFINED);
	}
	PG_CATCH();
	{
		one_snapshot = false;
		MemoryContextSwitchTo(cxt);
		schemamig_rethrow_dropped(psprintf("an object of schema \"%s\" changed while schemamig read it", s->name),
								  "Run the call again.");
	}
	PG_END_TRY();
	one_snapshot = false;
	PopActiveSnapshot();
	return s;
}
