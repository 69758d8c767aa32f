/*-------------------------------------------------------------------------
 *
 * src/args.c
 *	  Helpers for the arguments and results of SQL-callable functions.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "schemamig.h"

/* Raise 22004 when a required argument is NULL. */
void
schemamig_require_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
			const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: %s must not be NULL", fname, argname)));
}

/* A required text argument. */
char *
schemamig_arg_text(FunctionCallInfo fcinfo, int argno, const char *fname,
	   const char *argname)
{
	schemamig_require_arg(fcinfo, argno, fname, argname);
	return text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

/* A text[] datum from a list of C strings. */
Datum
schemamig_text_array(List *strings)
{
	Datum	   *elems = palloc(sizeof(Datum) * (list_length(strings) + 1));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, strings)
		elems[n++] = CStringGetTextDatum(lfirst(lc));
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false,
										   TYPALIGN_INT));
}

/*
 * Whether a schema belongs to the system or to schemamig: a name beginning
 * with "pg_", information_schema, schemamig. No tenant is one, and no model
 * describes one.
 */
bool
schemamig_reserved_schema(const char *name)
{
	return strncmp(name, "pg_", 3) == 0 || strcmp(name, "information_schema") == 0 ||
		strcmp(name, "schemamig") == 0;
}
