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
#include "common/hashfn.h"
#include "miscadmin.h"
#include "storage/lock.h"
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

/* What a lock wait is for, for its error context. */
typedef struct LockWait
{
	const char *tenant;			/* NULL: the registry lock */
} LockWait;

/* Say which wait a lock timeout interrupted. */
static void
lock_wait_error_callback(void *arg)
{
	LockWait   *w = (LockWait *) arg;

	if (w->tenant != NULL && w->tenant[0] != '\0')
		errcontext("waiting for schemamig's migration lock of tenant \"%s\" (schemamig.lock_wait_timeout = %d ms)",
				   w->tenant, lock_wait_timeout);
	else
		errcontext("waiting for schemamig's migration lock (schemamig.lock_wait_timeout = %d ms)",
				   lock_wait_timeout);
}

/* Raise the error for a lock that schemamig.lock_wait_timeout = 0 did not get. */
static void
lock_not_available(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
			 errmsg("could not obtain schemamig's migration lock"),
			 errdetail("Another session is registering, applying or reverting revisions, and schemamig.lock_wait_timeout is 0."),
			 errhint("Try again when it is done, or raise schemamig.lock_wait_timeout.")));
}

/*
 * The lock that serializes the migrators of one tenant: a lock on an object
 * of our own, schemamig.state's OID as its class and a hash of the tenant's
 * name as its id. Two tenants whose names hash alike serialize needlessly,
 * which is all a collision costs.
 */
static void
tenant_locktag(LOCKTAG *tag, Oid relid, const char *tenant)
{
	uint32		hash = DatumGetUInt32(hash_any((const unsigned char *) tenant,
											   (int) strlen(tenant)));

	SET_LOCKTAG_OBJECT(*tag, MyDatabaseId, relid, hash, 0);
}

/*
 * Take a lock on schemamig.state in mode, and the tenant's lock when tenant
 * is not NULL: at once or not at all with schemamig.lock_wait_timeout = 0,
 * otherwise waiting as long as it says.
 */
static void
take_locks(Oid relid, LOCKMODE mode, const char *tenant)
{
	LOCKTAG		tag;

	if (tenant != NULL)
		tenant_locktag(&tag, relid, tenant);
	if (lock_wait_timeout == 0)
	{
		if (!ConditionalLockRelationOid(relid, mode))
			lock_not_available();
		if (tenant != NULL &&
			LockAcquire(&tag, ExclusiveLock, false, true) == LOCKACQUIRE_NOT_AVAIL)
			lock_not_available();
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
		LockWait	wait = {tenant};

		callback.callback = lock_wait_error_callback;
		callback.arg = &wait;
		callback.previous = error_context_stack;
		error_context_stack = &callback;
		LockTimeout = lock_wait_timeout > 0 ? lock_wait_timeout : 0;
		PG_TRY();
		{
			LockRelationOid(relid, mode);
			if (tenant != NULL)
				(void) LockAcquire(&tag, ExclusiveLock, false, false);
		}
		PG_FINALLY();
		{
			LockTimeout = saved;
		}
		PG_END_TRY();
		/* after PG_END_TRY, which restores the stack as PG_TRY found it */
		error_context_stack = callback.previous;
	}
}

/*
 * Under READ COMMITTED the queries after a lock see what the previous
 * holder committed. Under REPEATABLE READ or SERIALIZABLE they would not,
 * so a caller whose snapshot predates the latest change fails with 40001
 * instead of applying anything twice.
 */
static void
require_fresh_snapshot(const char *tenant)
{
	CatalogGenerations mine;
	CatalogGenerations latest;

	if (!IsolationUsesXactSnapshot())
		return;
	mine = catalog_read_generations(InvalidSnapshot, tenant);
	latest = catalog_read_generations(GetLatestSnapshot(), tenant);
	if (mine.graph != latest.graph || mine.tenant != latest.tenant)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access due to a concurrent schemamig change"),
				 errdetail("Another transaction changed the revisions or the applied set after this transaction's snapshot was taken."),
				 errhint("Retry the transaction.")));
}

/*
 * Take the lock that serializes the migrators of the current tenant
 * (upgrade, downgrade, downgrade_to, stamp, record_*, migrate, trace): the
 * tenant's own lock, and a ROW EXCLUSIVE lock on schemamig.state, which
 * migrators of other tenants share but registration's EXCLUSIVE lock
 * excludes. Readers wait for neither.
 */
void
catalog_lock(void)
{
	const char *tenant = catalog_tenant();

	take_locks(catalog_relid("state"), RowExclusiveLock, tenant);
	require_fresh_snapshot(tenant);
}

/*
 * The same locks for a tenant that need not be registered yet (add_tenant,
 * remove_tenant), without the snapshot check, which needs its state row.
 */
void
catalog_lock_tenant(const char *tenant)
{
	take_locks(catalog_relid("state"), RowExclusiveLock, tenant);
}

/*
 * Take the lock that serializes registration (add_revision, sync,
 * remove_revision, autogenerate) with everything that changes the tables:
 * an EXCLUSIVE lock on schemamig.state, which conflicts with every
 * migrator's ROW EXCLUSIVE lock and with itself, but with no reader.
 */
void
catalog_lock_registry(void)
{
	take_locks(catalog_relid("state"), ExclusiveLock, NULL);
	require_fresh_snapshot(catalog_tenant());
}
