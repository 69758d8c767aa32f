/*-------------------------------------------------------------------------
 *
 * src/module.c
 *	  What every entry point shares: the module's load-time setup (its
 *	  setting), the guard around calls that change the tables, and argument
 *	  helpers.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "schemamig.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/*
 * True while upgrade(), downgrade(), downgrade_to(), add_revision(),
 * stamp(), remove_revision() or migrate runs. A revision's SQL may read
 * schemamig's state, but starting another migration from inside one would
 * plan against a half-applied call; and the guard triggers let only these
 * calls change schemamig.applied and schemamig.log.
 */
bool		schemamig_call_active = false;

/*
 * True while one of schemamig's own queries on its tables runs (as the
 * tables' owner). While a call is active, the guards let only these change
 * the tables: a revision's SQL must not rewrite the books it is entered in.
 */
bool		schemamig_bookkeeping = false;

/* Define schemamig.lock_wait_timeout; set up the catalog layer. */
void
_PG_init(void)
{
	DefineCustomIntVariable("schemamig.lock_wait_timeout",
							"How long a migration waits for schemamig's lock, in milliseconds.",
							"-1 waits without limit, whatever lock_timeout says; 0 fails at once "
							"if another migration holds the lock. Revisions still obey lock_timeout.",
							&schemamig_lock_wait_timeout,
							-1, -1, INT_MAX,
							PGC_USERSET, GUC_UNIT_MS,
							NULL, NULL, NULL);
	catalog_init();
	MarkGUCPrefixReserved("schemamig");
}

/*
 * Run a call that changes the tables: refuse it in a read-only transaction
 * (a hot standby, say) with the server's own error, refuse nesting, and
 * clear the guard however the body ends.
 */
void
run_guarded_call(const char *fname, CallBody body, void *arg)
{
	PreventCommandIfReadOnly(psprintf("%s()", fname));
	if (schemamig_call_active)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s cannot be called while a schemamig call is running", fname),
				 errdetail("It was called from the SQL of a revision that is being applied or reverted.")));

	schemamig_call_active = true;
	PG_TRY();
	{
		body(arg);
	}
	PG_FINALLY();
	{
		schemamig_call_active = false;
		schemamig_running_revision = NULL;
	}
	PG_END_TRY();
}

typedef struct LockedCall
{
	CallBody	body;
	void	   *arg;
} LockedCall;

static void
locked_body(void *arg)
{
	LockedCall *call = (LockedCall *) arg;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	catalog_lock();
	call->body(call->arg);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/*
 * Run a call that changes the tables in one transaction: guarded as above,
 * inside SPI, under schemamig's lock.
 */
void
run_locked_call(const char *fname, CallBody body, void *arg)
{
	LockedCall	call = {body, arg};

	run_guarded_call(fname, locked_body, &call);
}

/*
 * Run fn(arg) in a subtransaction of its own, as a PL/pgSQL exception block
 * does, and roll it back; with keep, release it instead when fn succeeds.
 * Returns NULL, or the error that ended fn, copied into the caller's memory
 * context once the subtransaction is rolled back: the caller reports it or
 * rethrows it (ReThrowError). The caller's memory context and resource
 * owner are its own again either way.
 */
ErrorData *
schemamig_subtransaction(void (*fn) (void *), void *arg, bool keep)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	ErrorData  *volatile edata = NULL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		fn(arg);
		if (keep)
			ReleaseCurrentSubTransaction();
		else
			RollbackAndReleaseCurrentSubTransaction();
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
	}
	PG_END_TRY();
	MemoryContextSwitchTo(cxt);
	CurrentResourceOwner = owner;
	return edata;
}

/* Raise 22004 when a required argument is NULL. */
void
require_arg(FunctionCallInfo fcinfo, int argno, const char *fname,
			const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s: %s must not be NULL", fname, argname)));
}

/* A required text argument. */
char *
arg_id(FunctionCallInfo fcinfo, int argno, const char *fname,
	   const char *argname)
{
	require_arg(fcinfo, argno, fname, argname);
	return text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

/* A text[] datum from a list of C strings. */
Datum
text_array(List *strings)
{
	Datum	   *elems = palloc(sizeof(Datum) * (list_length(strings) + 1));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, strings)
		elems[n++] = CStringGetTextDatum(lfirst(lc));
	return PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false,
										   TYPALIGN_INT));
}
