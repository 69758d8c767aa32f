/*-------------------------------------------------------------------------
 *
 * src/session.c
 *	  Running someone's SQL so that nothing of it stays: a subtransaction
 *	  that is always rolled back, and afterwards the two things a rollback
 *	  leaves in the session removed, whether the SQL succeeded or failed.
 *
 * A rolled-back subtransaction undoes objects, settings (SET, SET ROLE,
 * set_config), cursors (WITH HOLD too), LISTEN, NOTIFY and temporary
 * objects made in it. It does not undo PREPARE, nor session-level advisory
 * locks: those belong to the session. diff() (a model) and trace()
 * (revisions) run through schemamig_rolled_back(), which notes the
 * session's prepared statements and advisory locks before and removes the
 * new ones after, on every path, before the caller sees the error;
 * check_reversible() also takes its prepared statements back to that mark
 * after every step of every revision. Advisory locks wait for the end,
 * after the rollback: pg_locks does not tell a session-level hold from a
 * transaction-level one (pg_advisory_xact_lock), which only the
 * subtransaction's end releases, and which pg_advisory_unlock() cannot.
 *
 * The session's own cursors are pinned while the SQL runs, as PL/pgSQL
 * pins the portals of its loops: a CLOSE (CLOSE ALL in a DO block, say)
 * of one fails instead of closing it. An advisory lock of the session that
 * the SQL released (pg_advisory_unlock_all()) is taken again; a WARNING
 * says so when another session took it in the meantime.
 *
 * An advisory lock that the session held already and the SQL took again
 * cannot be told apart from the first (pg_locks shows no count): it stays
 * taken as often as the SQL took it; one the session held twice and the
 * SQL released is taken again once. The value of lastval() is not
 * restored either: the server keeps no way to set it back.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/prepare.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lock.h"
#include "utils/builtins.h"
#include "utils/portal.h"

#include "schemamig.h"

/* What the session holds that a rollback would not take back. */
struct SessionMark
{
	List	   *prepared_names; /* prepared statements: their names */
	List	   *prepared;		/* and "name, prepare_time, statement" each */
	List	   *locks;			/* advisory locks: "classid objid objsubid mode" */
	List	   *pinned;			/* the names of the cursors we pinned */
	MemoryContext cxt;			/* where all of it is */
};

#define EQ " OPERATOR(pg_catalog.=) "

/*
 * The session's prepared statements: the name, and what tells one statement
 * from another of the same name made later (DEALLOCATE, then PREPARE again).
 * In byte order of that key, as strcmp() orders: see sorted_has().
 */
#define PREPARED_KEY \
	"pg_catalog.concat_ws(E'\\n', p.name, p.prepare_time, p.statement)"
#define PREPARED_SQL \
	"SELECT p.name, " PREPARED_KEY " FROM pg_catalog.pg_prepared_statements AS p" \
	" ORDER BY " PREPARED_KEY " COLLATE pg_catalog.\"C\""

/* the session's own granted advisory locks, one line each, in byte order */
#define LOCK_LINE \
	"pg_catalog.concat_ws(' ', l.classid, l.objid, l.objsubid, l.mode)"
#define LOCKS_SQL \
	"SELECT " LOCK_LINE " FROM pg_catalog.pg_locks AS l" \
	" WHERE l.locktype" EQ "'advisory' AND l.pid" EQ "pg_catalog.pg_backend_pid()" \
	" AND l.granted ORDER BY " LOCK_LINE " COLLATE pg_catalog.\"C\""

/*
 * Does sorted, a list of strings in strcmp() order, hold s? Called for
 * strings in that order too, with *pos 0 for the first: each call goes on
 * from where the last one stopped, so that one pass over two lists costs
 * their lengths, not their product (sessions with thousands of prepared
 * statements exist).
 */
static bool
sorted_has(List *sorted, int *pos, const char *s)
{
	while (*pos < list_length(sorted) && strcmp(list_nth(sorted, *pos), s) < 0)
		(*pos)++;
	return *pos < list_length(sorted) && strcmp(list_nth(sorted, *pos), s) == 0;
}

/*
 * The first column of each row of a query without parameters, and the
 * second into *second unless it is NULL: one query for both.
 */
static List *
column_values(const char *sql, List **second)
{
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = SPI_execute(sql, false, 0);
	List	   *values = NIL;

	MemoryContextSwitchTo(cxt);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	if (second)
		*second = NIL;
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		values = lappend(values, SPI_getvalue(SPI_tuptable->vals[i],
											  SPI_tuptable->tupdesc, 1));
		if (second)
			*second = lappend(*second, SPI_getvalue(SPI_tuptable->vals[i],
													SPI_tuptable->tupdesc, 2));
	}
	SPI_freetuptable(SPI_tuptable);
	return values;
}

/* An advisory lock that a pg_locks line describes, and how to name it. */
typedef struct AdvisoryLock
{
	LOCKTAG		tag;
	LOCKMODE	mode;
	char		label[64];		/* the key as the caller wrote it: 77, (1, 2) */
} AdvisoryLock;

/* The advisory lock of a pg_locks line; false if the line says nothing. */
static bool
advisory_lock(const char *line, AdvisoryLock *lock)
{
	unsigned int classid;
	unsigned int objid;
	int			objsubid;
	char		mode[NAMEDATALEN];
	bool		shared;

	if (sscanf(line, "%u %u %d %63s", &classid, &objid, &objsubid, mode) != 4)
		return false;
	shared = strcmp(mode, "ShareLock") == 0;
	/* as pg_advisory_lock() and friends make it, in this database */
	SET_LOCKTAG_ADVISORY(lock->tag, MyDatabaseId, classid, objid, objsubid);
	lock->mode = shared ? ShareLock : ExclusiveLock;
	if (objsubid == 1)			/* a bigint key, in halves */
		snprintf(lock->label, sizeof(lock->label), INT64_FORMAT "%s",
				 (int64) (((uint64) classid << 32) | objid), shared ? " (shared)" : "");
	else
		snprintf(lock->label, sizeof(lock->label), "(%d, %d)%s",
				 (int32) classid, (int32) objid, shared ? " (shared)" : "");
	return true;
}

/*
 * Release a session-level advisory lock, as often as it was taken, with
 * the lock manager's own calls: no query per release, so that a lock SQL
 * took a million times goes in a moment, which matters since this runs
 * with cancels held off. A hold of the same lock at transaction level
 * stays: the lock manager then finds no session-level hold, and says so.
 */
static void
release_advisory_lock(const char *line)
{
	AdvisoryLock lock;

	if (!advisory_lock(line, &lock))
		return;
	while (schemamig_lock_held_by_me(&lock.tag, lock.mode) &&
		   LockRelease(&lock.tag, lock.mode, true))
		;
}

/*
 * Take again a session-level advisory lock of the session's that the SQL
 * released, without waiting: another session may hold it by now, and then
 * a WARNING says so.
 */
static void
retake_advisory_lock(const char *line)
{
	AdvisoryLock lock;

	if (advisory_lock(line, &lock) &&
		LockAcquire(&lock.tag, lock.mode, true, true) == LOCKACQUIRE_NOT_AVAIL)
		ereport(WARNING,
				(errcode(ERRCODE_WARNING),
				 errmsg("advisory lock %s of this session was released by SQL run in a rolled-back subtransaction, and another session holds it now",
						lock.label),
				 errhint("Take it again before relying on it.")));
}

/*
 * Pin the session's cursors that nothing pinned yet, so that the SQL can
 * close none of them; the names of those pinned.
 */
static List *
pin_cursors(void)
{
	List	   *pinned = NIL;
	ListCell   *lc;

	foreach(lc, column_values("SELECT c.name FROM pg_catalog.pg_cursor() AS c", NULL))
	{
		Portal		portal = GetPortalByName(lfirst(lc));

		if (PortalIsValid(portal) && !portal->portalPinned)
		{
			PinPortal(portal);
			pinned = lappend(pinned, lfirst(lc));
		}
	}
	return pinned;
}

/* Note what the session holds now, and pin its cursors. Inside SPI. */
SessionMark *
schemamig_session_mark(void)
{
	SessionMark *m = palloc0(sizeof(SessionMark));

	m->cxt = CurrentMemoryContext;
	m->prepared_names = column_values(PREPARED_SQL, &m->prepared);
	m->locks = column_values(LOCKS_SQL, NULL);
	m->pinned = pin_cursors();	/* last: no error between it and the SQL */
	return m;
}

/*
 * Deallocate the prepared statements the session did not have at the mark
 * (also one that replaced a statement of the session's under its name: the
 * session's own is gone, and the SQL's must not be run in its place). The
 * cursors stay pinned (until schemamig_rolled_back ends), so that SQL run
 * after a restore to the same mark cannot close them either. A prepared
 * statement of the session's that the SQL deallocated cannot be made
 * again: a WARNING names it, and the mark forgets it, so that a restore to
 * the same mark after the next step does not warn again. Inside SPI, in a
 * transaction that has not failed.
 */
void
schemamig_session_restore(SessionMark *m)
{
	MemoryContext old;
	List	   *names;
	List	   *keys;
	List	   *kept_names = NIL;
	List	   *kept = NIL;
	ListCell   *lc;
	ListCell   *lk;
	int			pos = 0;

	names = column_values(PREPARED_SQL, &keys);

	forboth(lc, names, lk, keys)
	{
		if (!sorted_has(m->prepared, &pos, lfirst(lk)))
			DropPreparedStatement(lfirst(lc), false);
	}
	pos = 0;
	forboth(lc, m->prepared_names, lk, m->prepared)
	{
		if (sorted_has(keys, &pos, lfirst(lk)))
		{
			kept_names = lappend(kept_names, lfirst(lc));
			kept = lappend(kept, lfirst(lk));
		}
		else
			ereport(WARNING,
					(errcode(ERRCODE_WARNING),
					 errmsg("prepared statement \"%s\" of this session was deallocated by SQL run in a rolled-back subtransaction",
							(char *) lfirst(lc)),
					 errhint("Prepare it again before executing it.")));
	}
	/* the lists' cells in the mark's context; their strings are there */
	list_free(m->prepared_names);
	list_free(m->prepared);
	old = MemoryContextSwitchTo(m->cxt);
	m->prepared_names = list_copy(kept_names);
	m->prepared = list_copy(kept);
	MemoryContextSwitchTo(old);
}

/*
 * Unpin the cursors the mark pinned, first, so that no error leaves one
 * pinned; then restore the session to the mark, for the last time, its
 * advisory locks too, now that the subtransaction's are gone: release
 * those the session did not hold at the mark, and take again those the SQL
 * released (a WARNING when another session took one in the meantime).
 */
static void
session_end(SessionMark *m)
{
	List	   *locks;
	ListCell   *lc;
	int			pos = 0;

	foreach(lc, m->pinned)
	{
		Portal		portal = GetPortalByName(lfirst(lc));

		if (PortalIsValid(portal) && portal->portalPinned)
			UnpinPortal(portal);
	}
	m->pinned = NIL;
	schemamig_session_restore(m);
	locks = column_values(LOCKS_SQL, NULL);
	foreach(lc, locks)
	{
		if (!sorted_has(m->locks, &pos, lfirst(lc)))
			release_advisory_lock(lfirst(lc));
	}
	pos = 0;
	foreach(lc, m->locks)
	{
		if (!sorted_has(locks, &pos, lfirst(lc)))
			retake_advisory_lock(lfirst(lc));
	}
}

/*
 * Run fn(arg) in a subtransaction that is always rolled back, then remove
 * what it left in the session, on success and on error alike, and on a
 * cancel too (handled after the clean-up). Returns NULL or the error that
 * ended fn (see schemamig_subtransaction), for the caller to rethrow.
 * Unless mark is NULL, *mark is the session's mark before fn runs, for fn
 * to restore the session to between steps of its own
 * (schemamig_session_restore). Inside SPI.
 */
ErrorData *
schemamig_rolled_back(void (*fn) (void *), void *arg, SessionMark **mark)
{
	SessionMark *m = schemamig_session_mark();
	ErrorData  *edata;

	if (mark)
		*mark = m;
	edata = schemamig_subtransaction(fn, arg, false);
	/*
	 * A cancel or a statement_timeout that comes now waits until the
	 * session is as it was: it would end the clean-up half-way, leaving the
	 * SQL's advisory locks held. The caller's next check handles it. A
	 * terminate does not wait: the session's locks end with it.
	 */
	HOLD_CANCEL_INTERRUPTS();
	session_end(m);
	RESUME_CANCEL_INTERRUPTS();
	return edata;
}
