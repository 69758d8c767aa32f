/*-------------------------------------------------------------------------
 *
 * src/lint/entry.c
 *	  lint(target): what the revisions that upgrade(target) would apply are
 *	  about to do to production tables, found without running anything.
 *
 * Each statement is read as the server's parser reads it, the lock an
 * ALTER TABLE takes is the one the server's own AlterTableGetLockLevel()
 * chooses, and every table is looked up in the catalog, so a finding can
 * say how many rows wait behind the lock. A table that an earlier
 * statement of the same plan created (or dropped and created again) is new
 * and empty: the rules about blocking production get nothing to say about
 * it, while the rules about statements that will fail still do.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "tcop/utility.h"

#include "lint.h"

/* One of the plan's hashes, in the plan's memory: by string or by bytes. */
HTAB *
lint_plan_hash(LintState *st, const char *name, Size keysize, Size entrysize, bool strings)
{
	HASHCTL		ctl = {0};

	ctl.keysize = keysize;
	ctl.entrysize = entrysize;
	ctl.hcxt = st->plancxt;
	return hash_create(name, 64, &ctl,
					   HASH_ELEM | HASH_CONTEXT | (strings ? HASH_STRINGS : HASH_BLOBS));
}

/* Every statement of every revision of the plan, in order. */
static void
lint_plan(LintState *st, MigGraph *graph, List *plan, PlanSql *reader, MemoryContext revcxt)
{
	ListCell   *lc;

	foreach(lc, plan)
	{
		int			k = foreach_current_index(lc);
		MigRevision *rev = &graph->revs[lfirst_int(lc)];
		MemoryContext old;
		ListCell   *sc;
		int			revlevel;

		const RevisionSql *sql = catalog_plan_sql(reader, k);

		/* a non-transactional revision commits what came before it */
		if (!rev->transactional)
			st->added_values = NIL;
		st->rev = rev;
		/* not the graph's: another session may have changed the SQL since */
		st->author = sql->author;
		st->rev_lock_timeout_set = false;
		st->rev_lock_timeout = false;
		st->rev_timeout_reported = false;

		/*
		 * A revision runs with settings of its own, undone when it ends
		 * (run_statements): so are those lint applies for it (search_path).
		 */
		revlevel = NewGUCNestLevel();
		old = MemoryContextSwitchTo(revcxt);
		foreach(sc, revsql_split(sql->upgrade,
								 psprintf("upgrade SQL of revision \"%s\"", rev->id)))
		{
			CHECK_FOR_INTERRUPTS();
			st->stmt = lfirst(sc);
			lint_statement(st);
		}
		MemoryContextSwitchTo(old);
		AtEOXact_GUC(false, revlevel);

		MemoryContextReset(revcxt);
	}
}

/*
 * lint(target): findings for every statement of every revision that
 * upgrade(target) would apply, in order.
 */
PG_FUNCTION_INFO_V1(schemamig_lint);
Datum
schemamig_lint(PG_FUNCTION_ARGS)
{
	MigTarget	target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "lint", "target"),
									  TARGETS_UPGRADE, "upgrade");
	LintState	st = {0};
	MigGraph   *graph;
	List	   *plan;
	MemoryContext revcxt;
	PlanSql		reader;
	int			nestlevel;

	st.resultcxt = CurrentMemoryContext;
	st.plancxt = CurrentMemoryContext;
	st.store = schemamig_result_set(fcinfo, &st.desc);
	st.caller_lock_timeout = LockTimeout > 0;
	st.names = lint_plan_hash(&st, "schemamig lint names", LINT_NAME_LEN, sizeof(PlanName), true);
	st.names_in = lint_plan_hash(&st, "schemamig lint names by schema", LINT_NAME_LEN,
								 sizeof(PlanNamesIn), true);
	st.current = lint_plan_hash(&st, "schemamig lint renamed tables", sizeof(Oid), sizeof(PlanRelid), false);
	st.persistence = lint_plan_hash(&st, "schemamig lint persistence", sizeof(Oid),
									sizeof(PlanPersistence), false);
	st.partitions = lint_plan_hash(&st, "schemamig lint partitions", sizeof(Oid),
								   sizeof(PlanPartition), false);
	st.inherits = lint_plan_hash(&st, "schemamig lint inheritance", offsetof(PlanInherit, inherits),
								 sizeof(PlanInherit), false);
	st.sizes = lint_plan_hash(&st, "schemamig lint table sizes", offsetof(PlanSize, has_rows),
							  sizeof(PlanSize), false);
	st.schemas = lint_plan_hash(&st, "schemamig lint schemas", LINT_NAME_LEN, sizeof(PlanKey), true);
	st.schema_oids = lint_plan_hash(&st, "schemamig lint renamed schemas", LINT_NAME_LEN,
									sizeof(PlanKey), true);
	st.constraints = lint_plan_hash(&st, "schemamig lint constraints", LINT_NAME_LEN,
									sizeof(PlanConstraint), true);
	st.catalog_tables = lint_plan_hash(&st, "schemamig lint catalog tables", sizeof(Oid),
									   sizeof(CatalogTable), false);
	st.added_constraints = lint_plan_hash(&st, "schemamig lint added constraints", sizeof(Oid),
										  sizeof(PlanAddedConstraints), false);
	st.constraint_names = lint_plan_hash(&st, "schemamig lint constraint names", NAMEDATALEN,
										 sizeof(PlanConstraintName), true);
	st.type_names = lint_plan_hash(&st, "schemamig lint type names", LINT_NAME_LEN, sizeof(PlanKey), true);
	st.type_oids = lint_plan_hash(&st, "schemamig lint types", LINT_NAME_LEN, sizeof(PlanKey), true);
	st.columns = lint_plan_hash(&st, "schemamig lint planned columns", offsetof(PlannedColumn, typid),
								sizeof(PlannedColumn), false);
	st.columns_by_type = lint_plan_hash(&st, "schemamig lint columns by type", offsetof(ColumnsOfType, columns),
										sizeof(ColumnsOfType), false);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	graph = catalog_graph(!schemamig_call_active);
	graph_require_consistent(graph);
	plan = plan_upgrade(graph, &target);

	/* a tenant's names are looked up as its revisions will find them */
	nestlevel = NewGUCNestLevel();
	execute_tenant_search_path(catalog_tenant(), false);
	schemamig_without_jit();

	catalog_plan_sql_init(&reader, graph, plan);
	revcxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig lint revision",
								   ALLOCSET_DEFAULT_SIZES);
	PG_TRY();
	{
		lint_plan(&st, graph, plan, &reader, revcxt);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(st.resultcxt);
		/* (lint() finds what it reads without locking it, as it must not wait) */
		schemamig_rethrow_dropped("an object lint() read was dropped or replaced by another session meanwhile",
								  "Run lint() again.");
	}
	PG_END_TRY();
	AtEOXact_GUC(false, nestlevel);

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return (Datum) 0;
}
