/*-------------------------------------------------------------------------
 *
 * src/catalog_lock.c
 *	  The lock that serializes migrations, and its setting
 *	  schemamig.lock_wait_timeout.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "storage/lmgr.h"
#include "storage/proc.h"
#include "utils/guc.h"
#include "utils/snapmgr.h"

#include "catalog.h"

/* schemamig.lock_wait_timeout, in ms: -1 waits without limit */
static int	lock_wait_timeout = -1;

/* Define schemamig.lock_wait_timeout (from _PG_init). */
void
catalog_lock_init(void)
{
	DefineCustomIntVariable("schemamig.lock_wait_timeout",
							"How long a migration waits for schemamig's lock, in milliseconds.",
							"-1 waits without limit, whatever lock_timeout says; 0 fails at once "
							"if another migration holds the lock. Revisions still obey lock_timeout.",
							&lock_wait_timeout,
							-1, -1, INT_MAX,
							PGC_USERSET, GUC_UNIT_MS,
							NULL, NULL, NULL);
}

/* Say which wait a lock timeout interrupted. */
static void
lock_wait_error_callback(void *arg)
{
	errcontext("waiting for schemamig's migration lock (schemamig.lock_wait_timeout = %d ms)",
			   lock_wait_timeout);
}

/*
 * Take the lock that serializes upgrade, downgrade, downgrade_to and
 * add_revision: an EXCLUSIVE lock on schemamig.state, which blocks the
 * other migrators but no reader. Under READ COMMITTED the queries after it
 * see what the previous holder committed. Under REPEATABLE READ or
 * SERIALIZABLE they would not, so a caller whose snapshot predates the
 * latest change fails with 40001 instead of applying anything twice.
 */
void
catalog_lock(void)
{
	Oid			relid = catalog_relid("state");

	if (lock_wait_timeout == 0)
	{
		if (!ConditionalLockRelationOid(relid, ExclusiveLock))
			ereport(ERROR,
					(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
					 errmsg("could not obtain schemamig's migration lock"),
					 errdetail("Another session is registering, applying or reverting revisions, and schemamig.lock_wait_timeout is 0."),
					 errhint("Try again when it is done, or raise schemamig.lock_wait_timeout.")));
	}
	else
	{
		/*
		 * The caller's lock_timeout is meant for the revisions' DDL, not for
		 * waiting on another deployer: wait by our own setting instead, and
		 * give the revisions theirs back.
		 */
		int			saved = LockTimeout;
		ErrorContextCallback callback;

		callback.callback = lock_wait_error_callback;
		callback.arg = NULL;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		LockTimeout = lock_wait_timeout > 0 ? lock_wait_timeout : 0;
		PG_TRY();
		{
			LockRelationOid(relid, ExclusiveLock);
		}
		PG_FINALLY();
		{
			LockTimeout = saved;
		}
		PG_END_TRY();
		/* after PG_END_TRY, which restores the stack as PG_TRY found it */
		error_context_stack = callback.previous;
	}

	if (IsolationUsesXactSnapshot() &&
		catalog_read_generation(InvalidSnapshot) != catalog_read_generation(GetLatestSnapshot()))
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to a concurrent schemamig change"),
				 errdetail("Another transaction changed the revisions or the applied set after this transaction's snapshot was taken."),
				 errhint("Retry the transaction.")));
}
