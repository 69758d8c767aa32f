/*-------------------------------------------------------------------------
 *
 * src/calls.c
 *	  The guard around every call that changes schemamig's tables, and the
 *	  subtransaction helper several calls use.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/resowner.h"

#include "schemamig.h"

/*
 * True while upgrade(), downgrade(), downgrade_to(), add_revision(),
 * stamp(), remove_revision() or migrate runs. A revision's SQL may read
 * schemamig's state, but starting another migration from inside one would
 * plan against a half-applied call; and the guard triggers let only these
 * calls change schemamig.applied and schemamig.log.
 */
bool		schemamig_call_active = false;

/*
 * Refuse a call made from the SQL of a revision that a call is applying or
 * reverting (55000). calls_guarded() asks it; migrate and migrate_tenants
 * ask it first, before their own 25001, which a revision's CALL would
 * otherwise meet (a revision never runs where a procedure may commit).
 */
void
calls_refuse_nested(const char *fname)
{
	if (schemamig_call_active)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s cannot be called while a schemamig call is running", fname),
				 errdetail("It was called from the SQL of a revision that is being applied or reverted.")));
}

/*
 * Run a call that changes the tables: refuse it in a read-only transaction
 * (a hot standby, say) with the server's own error, refuse nesting, and
 * clear the guard however the body ends.
 */
void
calls_guarded(const char *fname, CallBody body, void *arg)
{
	PreventCommandIfReadOnly(psprintf("%s()", fname));
	calls_refuse_nested(fname);

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
	bool		registry;		/* registration's lock, not the tenant's */
} LockedCall;

static void
locked_body(void *arg)
{
	LockedCall *call = (LockedCall *) arg;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (call->registry)
		catalog_lock_registry();
	else
		catalog_lock();
	call->body(call->arg);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/*
 * Run a call that changes the applied set in one transaction: guarded as
 * above, inside SPI, under the current tenant's migration lock.
 */
void
calls_locked(const char *fname, CallBody body, void *arg)
{
	LockedCall	call = {body, arg, false};

	calls_guarded(fname, locked_body, &call);
}

/*
 * Run a call that changes the revisions in one transaction: the same, under
 * the registration lock, which waits for every migrator.
 */
void
calls_registering(const char *fname, CallBody body, void *arg)
{
	LockedCall	call = {body, arg, true};

	calls_guarded(fname, locked_body, &call);
}

/*
 * Run fn(arg) in a subtransaction of its own, as a PL/pgSQL exception block
 * does, and roll it back; with keep, release it instead when fn succeeds.
 * Returns NULL, or the error that ended fn, copied into the caller's memory
 * context once the subtransaction is rolled back: the caller reports it or
 * rethrows it (ReThrowError). The caller's memory context and resource
 * owner are its own again either way.
 *
 * At the top level of the transaction it runs inside one more
 * subtransaction, which is always released: the SQL may be running while
 * the transaction commits (a cursor WITH HOLD over trace() that COMMIT
 * fills, a deferred trigger), when the server still lets a subtransaction
 * begin but asserts, on rolling one back, that the transaction is not
 * ending (RollbackAndReleaseCurrentSubTransaction() in xact.c). The
 * subtransaction rolled back then always has a subtransaction as its
 * parent, and releasing that one asserts nothing of the kind.
 */
ErrorData *
schemamig_subtransaction(void (*fn) (void *), void *arg, bool keep)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	ErrorData  *volatile edata = NULL;
	volatile bool outer = !IsSubTransaction() && !IsInParallelMode();

	/*
	 * Make what the caller's last statement queued visible first. A command
	 * that queues an invalidation without taking a command ID (the server's
	 * ALTER DOMAIN ... DROP CONSTRAINT does) leaves it pending through the
	 * next CommandCounterIncrement(), and the subtransaction's first catalog
	 * change would then fail with "cannot start a subtransaction when there
	 * are unprocessed inval messages".
	 */
	(void) GetCurrentCommandId(true);
	CommandCounterIncrement();
	if (outer)
		BeginInternalSubTransaction(NULL);
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
	if (outer)
		ReleaseCurrentSubTransaction();
	MemoryContextSwitchTo(cxt);
	CurrentResourceOwner = owner;
	return edata;
}

/*
 * For a caller that turns the error of a subtransaction into a finding:
 * some errors are about the run, not about the SQL that ran, and end the
 * whole call with their SQLSTATE intact, so that the caller (a retry loop,
 * a deployment script) sees them as such. A cancel (statement_timeout,
 * pg_cancel_backend) does, as it ends a PL/pgSQL block whatever its WHEN
 * OTHERS says; so does the rest of class 57 (operator intervention; a
 * shutdown or a terminate is FATAL and ends the session without passing
 * here); class 40 (transaction rollback: a
 * serialization failure, as when another session changed what the call
 * planned, and a deadlock), which asks for the call to be run again; a lock
 * that another session holds (55P03, lock_timeout or NOWAIT): the same SQL
 * runs once the lock is free; class 53 (insufficient resources: out of
 * memory, of shared memory for locks, of disk); and an I/O error or a
 * corruption the server found (58030, XX001, XX002), which are the
 * database's, not the SQL's. Rethrown, the error passes through the outer
 * subtransactions as any error does, so that their clean-up is done.
 */
void
schemamig_rethrow_call_ending(ErrorData *edata)
{
	int			code;
	int			class;

	if (edata == NULL)
		return;
	code = edata->sqlerrcode;
	class = ERRCODE_TO_CATEGORY(code);
	if (class == ERRCODE_OPERATOR_INTERVENTION ||
		class == ERRCODE_TRANSACTION_ROLLBACK ||
		class == ERRCODE_INSUFFICIENT_RESOURCES ||
		code == ERRCODE_LOCK_NOT_AVAILABLE ||
		code == ERRCODE_IO_ERROR ||
		code == ERRCODE_DATA_CORRUPTED ||
		code == ERRCODE_INDEX_CORRUPTED)
		ReThrowError(edata);
}

