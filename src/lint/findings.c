/*-------------------------------------------------------------------------
 *
 * src/lint/findings.c
 *	  lint()'s findings: one row per rule that fires on a statement, its
 *	  severity by whether the table has rows (none for a table the plan made).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "lint.h"

/* One row of lint()'s result, for the statement being examined. */
void
lint_emit(LintState *st, const char *severity, const char *rule,
		  const char *relation, const char *message, const char *hint)
{
	MemoryContext old = MemoryContextSwitchTo(st->resultcxt);
	Datum		values[8];
	bool		nulls[8] = {0};

	values[0] = CStringGetTextDatum(st->rev->id);
	values[1] = Int32GetDatum(st->stmt->number);
	values[2] = Int32GetDatum(st->stmt->line);
	values[3] = CStringGetTextDatum(severity);
	values[4] = CStringGetTextDatum(rule);
	if (relation)
		values[5] = CStringGetTextDatum(relation);
	else
		nulls[5] = true;
	values[6] = CStringGetTextDatum(message);
	if (hint)
		values[7] = CStringGetTextDatum(hint);
	else
		nulls[7] = true;
	tuplestore_putvalues(st->store, st->desc, values, nulls);
	MemoryContextSwitchTo(old);
}

/* The severity of a warning rule for a table: none for a new one. */
const char *
lint_severity_for(const LintTable *t)
{
	if (!OidIsValid(t->relid) || t->is_new)
		return NULL;
	return t->has_rows ? "warning" : "info";
}

/* A lock mode that blocks writes, as lint's messages name it: "a SHARE lock". */
static const char *
a_lock(LOCKMODE mode)
{
	return mode == ShareLock ? "a SHARE lock" : mode == ShareRowExclusiveLock ? "a SHARE ROW EXCLUSIVE lock" :
		mode == ExclusiveLock ? "an EXCLUSIVE lock" : "an ACCESS EXCLUSIVE lock";
}

/*
 * A statement that waits for a lock blocking writes (SHARE or stronger) on
 * an existing table with rows: while it waits, the writes (and for ACCESS
 * EXCLUSIVE, the reads) that come after it queue behind it, however short
 * the statement. Say it once per revision when no lock_timeout bounds the
 * wait.
 */
void
lint_lock_wait(LintState *st, const LintTable *t, const char *what, LOCKMODE mode)
{
	if (mode < ShareLock || lint_severity_for(t) == NULL || !t->has_rows ||
		(st->rev_lock_timeout_set ? st->rev_lock_timeout : st->caller_lock_timeout) ||
		st->rev_timeout_reported)
		return;
	lint_emit(st, "warning", "missing-lock-timeout", t->name,
			  psprintf("%s waits for %s on %s (%s) with no lock_timeout: while it waits behind a long transaction, every %s queues behind it",
					   what, a_lock(mode), t->name, t->size,
					   mode == AccessExclusiveLock ? "query on the table" : "write of the table"),
			  "Begin the revision with SET LOCAL lock_timeout = '5s' (or set it for the caller), and retry when it times out.");
	st->rev_timeout_reported = true;
}

/*
 * A statement that takes ACCESS EXCLUSIVE on an existing table: say so, and
 * whether anything bounds the wait for it.
 */
void
lint_access_exclusive(LintState *st, const LintTable *t, const char *what)
{
	const char *severity = lint_severity_for(t);

	if (severity == NULL)
		return;
	lint_emit(st, severity, "access-exclusive", t->name,
			  psprintf("%s takes an ACCESS EXCLUSIVE lock on %s (%s): every read and write of it waits until the transaction ends",
					   what, t->name, t->size),
			  "Keep the transaction short, and the revision small; run it when the table is quiet.");
	lint_lock_wait(st, t, what, AccessExclusiveLock);
}

/*
 * LOCK TABLE in a mode that blocks writes but not reads (SHARE, SHARE ROW
 * EXCLUSIVE, EXCLUSIVE) of an existing table; what names the statement (a
 * table a view reads is locked through the view).
 */
void
lint_blocking_lock(LintState *st, const LintTable *t, LOCKMODE mode, const char *what)
{
	const char *severity = lint_severity_for(t);

	if (severity == NULL)
		return;
	lint_emit(st, severity, "blocking-lock", t->name,
			  psprintf("%s takes %s on %s (%s): every write of it waits until the transaction ends",
					   what, a_lock(mode), t->name, t->size),
			  "Lock only what the revision must keep still, as late in it as it can; keep the transaction short, or run it when the table is quiet.");
	lint_lock_wait(st, t, what, mode);
}

void
lint_destructive(LintState *st, const LintTable *t, const char *what)
{
	const char *severity = lint_severity_for(t);

	if (severity != NULL)
		lint_emit(st, severity, "destructive", t->name,
				  psprintf("%s destroys data in %s (%s)", what, t->name, t->size),
				  "Take a backup first, and make sure no code still reads it.");
}

void
lint_rewrite_with_hint(LintState *st, const LintTable *t, const char *what,
					   const char *hint)
{
	const char *severity = lint_severity_for(t);

	if (severity != NULL)
		lint_emit(st, severity, "table-rewrite", t->name,
				  psprintf("%s rewrites %s (%s) under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite",
						   what, t->name, t->size),
				  hint);
}

void
lint_table_rewrite(LintState *st, const LintTable *t, const char *what)
{
	lint_rewrite_with_hint(st, t, what,
						   "Add a new column, backfill it in batches, and switch over in a later revision.");
}

void
lint_validating_scan(LintState *st, const LintTable *t, const char *what,
					 const char *hint)
{
	const char *severity = lint_severity_for(t);

	if (severity != NULL)
		lint_emit(st, severity, "validating-scan", t->name,
				  psprintf("%s scans all of %s (%s) to validate it, under the statement's lock",
						   what, t->name, t->size),
				  hint);
}

/*
 * ADD CONSTRAINT ... PRIMARY KEY, UNIQUE or EXCLUDE (or such a column
 * constraint of ADD COLUMN) without USING INDEX: the index is built under
 * the statement's ACCESS EXCLUSIVE lock.
 */
void
lint_constraint_index(LintState *st, const LintTable *t, const Constraint *c)
{
	const char *severity = lint_severity_for(t);
	const char *kind = c->contype == CONSTR_PRIMARY ? "PRIMARY KEY" :
		c->contype == CONSTR_UNIQUE ? "UNIQUE" : "EXCLUDE";

	/* (nothing is built: a USING INDEX, or a partitioned table with no partitions) */
	if (severity == NULL || c->indexname != NULL ||
		(t->relkind == RELKIND_PARTITIONED_TABLE && list_length(lint_tables_under(st, t->relid)) == 1))
		return;
	lint_emit(st, severity, "blocking-index", t->name,
			  psprintf("ADD %s builds its index on %s (%s) under an ACCESS EXCLUSIVE lock: reads and writes of the table wait until it is built",
					   kind, t->name, t->size),
			  c->contype == CONSTR_EXCLUSION ?
			  "An exclusion constraint's index cannot be built concurrently: add it when the table is quiet, or to a new table." :
			  psprintf("First CREATE UNIQUE INDEX CONCURRENTLY in a non-transactional revision, then ADD CONSTRAINT ... %s USING INDEX in a later one%s.",
					   kind, c->contype == CONSTR_PRIMARY ? " (its columns NOT NULL already, or SET NOT NULL after a validated CHECK)" : ""));
}

/* An error rule: a statement that cannot run in a transactional revision. */
void
lint_not_in_transaction(LintState *st, const char *what)
{
	if (st->rev->transactional)
		lint_emit(st, "error", "concurrently-in-transaction", NULL,
				  psprintf("%s cannot run inside a transaction block, and revision \"%s\" is transactional",
						   what, st->rev->id),
				  "Put it in a revision of its own registered with transactional => false (a file with -- no-transaction).");
}

/* CLUSTER or VACUUM FULL without a table: every table it may reach. */
void
lint_every_table_rewritten(LintState *st, const char *what, const char *which)
{
	lint_emit(st, "warning", "table-rewrite", NULL,
			  psprintf("%s rewrites every table of the database %s, one after another, each under an ACCESS EXCLUSIVE lock",
					   what, which),
			  "Name the tables: lint then reports each one, with its size.");
}
