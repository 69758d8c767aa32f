/*-------------------------------------------------------------------------
 *
 * src/catalog_write.c
 *	  The bookkeeping: rows written to schemamig's tables as revisions are
 *	  registered, applied, reverted, stamped and removed; and the reads
 *	  that go with them (a plan's SQL, the guards' questions).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "catalog.h"

static CatalogQuery q_remove_revision = {
	.sql = "WITH d AS (DELETE FROM schemamig.revision"
	" WHERE id OPERATOR(pg_catalog.=) $1 RETURNING id)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'remove', id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval FROM d",
	.nargs = 2,
	.argtypes = {TEXTOID, NAMEOID}
};
static CatalogQuery q_is_applied = {
	.sql = "SELECT 1 FROM schemamig.applied WHERE revision OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {TEXTOID}
};
static CatalogQuery q_any_applied = {
	.sql = "SELECT 1 FROM schemamig.applied LIMIT 1",
	.nargs = 0
};
static CatalogQuery q_irreversible = {
	.sql = "SELECT u.id FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id"
	" WHERE r.downgrade IS NULL ORDER BY u.ord LIMIT 1",
	.nargs = 1,
	.argtypes = {TEXTARRAYOID}
};
/*
 * The write to schemamig.revision just run (what: "registered", "updated",
 * "removed") must have changed exactly one row, or the backend's graph
 * would hold what the table does not.
 */
void
catalog_require_revision_written(const char *id, const char *what)
{
	catalog_require_written(SPI_processed, "schemamig.revision or schemamig.log",
							psprintf("revision \"%s\" was not %s", id, what));
}

/* Insert a row into schemamig.revision. */
void
catalog_insert_revision(const char *id, Datum parents, const char *message,
						const char *upgrade, const char *downgrade,
						bool transactional)
{
	Datum		values[8];
	char		nulls[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};

	values[0] = CStringGetTextDatum(id);
	values[1] = parents;
	values[2] = CStringGetTextDatum(message);
	values[3] = CStringGetTextDatum(upgrade);
	if (downgrade)
		values[4] = CStringGetTextDatum(downgrade);
	else
		nulls[4] = 'n';
	values[5] = BoolGetDatum(transactional);
	values[6] = catalog_caller_name();
	/* before 0.2.0, the checksum is ours to write */
	values[7] = catalog_tables_version() == 1 ?
		CStringGetTextDatum(revsql_checksum(upgrade, downgrade)) : (Datum) 0;
	catalog_run_query(catalog_compat_query(CQ_INSERT_REVISION),
					  values, nulls, SPI_OK_INSERT, 0);
	catalog_require_revision_written(id, "registered");
}

/* The plan's ids as a text[] datum, for the queries that take one. */
static Datum
plan_ids(const MigGraph *graph, List *plan)
{
	List	   *ids = NIL;
	ListCell   *lc;

	foreach(lc, plan)
		ids = lappend(ids, graph->revs[lfirst_int(lc)].id);
	return schemamig_text_array(ids);
}

/*
 * A downgrade runs each revision's downgrade SQL as it is now: refuse,
 * before anything runs, to revert one whose SQL is no longer what ran
 * (verify() reports it), which only a write around the guards makes. Read
 * from the rows, not the graph: the backend's cached graph follows the
 * generation, which a write no statement trigger sees (a subscription's)
 * leaves as it was. One query, however long the plan.
 */
void
catalog_require_unchanged(const MigGraph *graph, List *plan)
{
	Datum		values[2];

	values[0] = plan_ids(graph, plan);
	values[1] = catalog_name_datum(catalog_tenant());
	catalog_run_query(catalog_compat_query(CQ_CHANGED), values, NULL, SPI_OK_SELECT, 1);
	if (SPI_processed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("revision \"%s\" cannot be reverted: its SQL has changed since it was applied",
						catalog_text_column(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, NULL)),
				 errdetail("Nothing was reverted."),
				 errhint("Put its SQL back as it ran (schemamig.verify() reports it), or record it as reverted with schemamig.stamp().")));
}

/*
 * Refuse a downgrade plan that reaches an irreversible revision (one with no
 * downgrade SQL), before anything is reverted.
 */
void
catalog_require_reversible(const MigGraph *graph, List *plan)
{
	Datum		values[1];

	values[0] = plan_ids(graph, plan);
	catalog_run_query(&q_irreversible, values, NULL, SPI_OK_SELECT, 1);
	if (SPI_processed > 0)
	{
		char	   *id = catalog_text_column(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, NULL);
		int			i = graph_find(graph, id);

		Assert(i >= 0);
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("revision %s is irreversible", graph_revision_label(&graph->revs[i])),
				 errdetail("It has no downgrade SQL. Nothing was reverted."),
				 errhint("Downgrade to a target after it, or register its downgrade SQL before it is applied.")));
	}
}

/* Does a registered revision have downgrade SQL? (check_reversible) */
bool
catalog_has_downgrade(const char *id)
{
	Datum		values[1];

	values[0] = schemamig_text_array(list_make1((char *) id));
	catalog_run_query(&q_irreversible, values, NULL, SPI_OK_SELECT, 1);
	return SPI_processed == 0;
}

/*
 * The record a revision's application writes or removes is gone when its
 * own SQL dropped and created the extension (the guards refuse the other
 * ways to change schemamig's tables): fail rather than record falsely.
 */
static void
record_gone(const char *id)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("schemamig's record of revision \"%s\" is gone", id),
			 errdetail("Something the revision ran dropped or replaced schemamig's tables."),
			 errhint("A revision must not drop or create the schemamig extension.")));
}

/*
 * Insert a row into schemamig.applied for the current tenant, and log it;
 * only for a registered revision.
 */
void
catalog_record_applied(const char *id, TimestampTz started,
					   Interval *duration, const char *checksum)
{
	Datum		values[6];

	values[0] = CStringGetTextDatum(id);
	values[1] = TimestampTzGetDatum(started);
	values[2] = IntervalPGetDatum(duration);
	values[3] = CStringGetTextDatum(checksum);
	values[4] = catalog_caller_name();
	values[5] = catalog_name_datum(catalog_tenant());
	catalog_run_query(catalog_compat_query(CQ_INSERT_APPLIED),
			  values, NULL, SPI_OK_INSERT, 0);
	if (SPI_processed != 1)
		record_gone(id);
}

/* Delete a row of the current tenant's from schemamig.applied, and log it. */
void
catalog_forget_applied(const char *id, TimestampTz started, Interval *duration)
{
	Datum		values[5];

	values[0] = CStringGetTextDatum(id);
	values[1] = TimestampTzGetDatum(started);
	values[2] = IntervalPGetDatum(duration);
	values[3] = catalog_caller_name();
	values[4] = catalog_name_datum(catalog_tenant());
	/* before 0.2.0 there is no log to insert into */
	catalog_run_query(catalog_compat_query(CQ_DELETE_APPLIED), values, NULL,
					  catalog_tables_version() == 1 ? SPI_OK_DELETE : SPI_OK_INSERT, 0);
	if (SPI_processed != 1)
		record_gone(id);
}

/*
 * Insert applied rows for the ids in add (in that order) and delete those
 * in remove, logging each as a stamp. Returns how many rows changed.
 */
int
catalog_stamp(List *add, List *remove)
{
	Datum		values[3];
	int			changed = 0;

	values[1] = catalog_caller_name();
	values[2] = catalog_name_datum(catalog_tenant());
	if (add != NIL)
	{
		values[0] = schemamig_text_array(add);
		catalog_run_query(catalog_compat_query(CQ_STAMP_ADD), values, NULL, SPI_OK_INSERT, 0);
		changed += (int) SPI_processed;
	}
	if (remove != NIL)
	{
		values[0] = schemamig_text_array(remove);
		catalog_run_query(catalog_compat_query(CQ_STAMP_REMOVE), values, NULL, SPI_OK_INSERT, 0);
		changed += (int) SPI_processed;
	}
	return changed;
}

/* Delete a revision, and log it. */
void
catalog_remove_revision(const char *id)
{
	Datum		values[2];

	values[0] = CStringGetTextDatum(id);
	values[1] = catalog_caller_name();
	catalog_run_query(&q_remove_revision, values, NULL, SPI_OK_INSERT, 0);
	catalog_require_revision_written(id, "removed");
}

/*
 * Is this revision applied, for any tenant, as the latest committed state
 * says? (For the guard triggers, which ask under the registration lock.)
 */
bool
catalog_is_applied(const char *id)
{
	Datum		values[1];

	values[0] = CStringGetTextDatum(id);
	catalog_run_query_at(&q_is_applied, values, NULL, SPI_OK_SELECT, 1, GetLatestSnapshot());
	return SPI_processed > 0;
}

/* Is any revision applied, for any tenant, as the latest state says? */
bool
catalog_any_applied(void)
{
	catalog_run_query_at(&q_any_applied, NULL, NULL, SPI_OK_SELECT, 1, GetLatestSnapshot());
	return SPI_processed > 0;
}

/*
 * The SQL of count revisions of the plan, from its index first on, in plan
 * order, read with one query into CurrentMemoryContext. Revisions are read
 * in batches, not through a cursor kept open while their SQL runs: that SQL
 * could close, fetch from or move any cursor of ours.
 */
static RevisionSql *
read_sql(const MigGraph *graph, List *plan, int first, int count)
{
	MemoryContext cxt = CurrentMemoryContext;
	List	   *ids = NIL;
	Datum		values[1];
	RevisionSql *sql;
	SPITupleTable *tt;

	for (int k = first; k < first + count; k++)
		ids = lappend(ids, graph->revs[list_nth_int(plan, k)].id);
	values[0] = schemamig_text_array(ids);
	catalog_run_query(catalog_compat_query(CQ_SQL), values, NULL, SPI_OK_SELECT, 0);
	tt = SPI_tuptable;
	sql = palloc0(sizeof(RevisionSql) * count);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		sql[r].id = catalog_text_column(tt->vals[r], tt->tupdesc, 1, NULL);
		sql[r].upgrade = catalog_text_column(tt->vals[r], tt->tupdesc, 2, NULL);
		sql[r].downgrade = catalog_text_column(tt->vals[r], tt->tupdesc, 3, NULL);
		sql[r].author = catalog_text_column(tt->vals[r], tt->tupdesc, 4, NULL);
	}
	SPI_freetuptable(tt);
	MemoryContextSwitchTo(cxt);

	/* the lock keeps revisions from vanishing; a restore in replica mode might not */
	for (int k = 0; k < count; k++)
	{
		const char *id = graph->revs[list_nth_int(plan, first + k)].id;

		if (sql[k].id == NULL || strcmp(sql[k].id, id) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("revision \"%s\" disappeared while it was being planned", id)));
	}
	return sql;
}

/* Start reading the SQL of a plan's revisions, in a context of its own. */
void
catalog_plan_sql_init(PlanSql *r, const MigGraph *graph, List *plan)
{
	r->graph = graph;
	r->plan = plan;
	r->cxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig revision SQL",
								   ALLOCSET_DEFAULT_SIZES);
	r->batch = NULL;
}

/*
 * The SQL of the k-th revision of the plan (k counting up from 0): a batch
 * of SCHEMAMIG_SQL_BATCH revisions is read with one query when k enters
 * it, replacing the previous batch, so memory holds one batch at a time.
 */
const RevisionSql *
catalog_plan_sql(PlanSql *r, int k)
{
	if (r->batch == NULL || k % SCHEMAMIG_SQL_BATCH == 0)
	{
		MemoryContext old;

		MemoryContextReset(r->cxt);
		old = MemoryContextSwitchTo(r->cxt);
		r->batch = read_sql(r->graph, r->plan, k - k % SCHEMAMIG_SQL_BATCH,
							Min(SCHEMAMIG_SQL_BATCH,
								list_length(r->plan) - (k - k % SCHEMAMIG_SQL_BATCH)));
		MemoryContextSwitchTo(old);
	}
	return &r->batch[k % SCHEMAMIG_SQL_BATCH];
}

/* Done reading. */
void
catalog_plan_sql_end(PlanSql *r)
{
	MemoryContextDelete(r->cxt);
}
