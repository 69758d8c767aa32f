/*-------------------------------------------------------------------------
 *
 * src/autogen/reversible.c
 *	  check_reversible(): proof that each pending revision's downgrade
 *	  undoes its upgrade.
 *
 * For each revision that upgrade(target) would apply, in order, inside one
 * subtransaction that is always rolled back: read every schema (system
 * schemas and schemamig aside), upgrade, downgrade, read again and compare
 * (with the comparison diff() uses, so a difference is named by the SQL
 * that would restore it), upgrade again, and on to the next. Revisions run
 * through execute_plan(), the one revision runner, so they run exactly as
 * upgrade() and downgrade() run them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "schemamig.h"
#include "autogen.h"

/* the schemas a revision may change: all but the system's and ours */
static AgQuery q_schemas = {
	.sql = "SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace AS n"
	" WHERE n.nspname" AG_NE "'information_schema' AND n.nspname" AG_NE "'schemamig'"
	" AND n.nspname OPERATOR(pg_catalog.!~~) 'pg\\_%' AND $1 IS NOT NULL"
	" ORDER BY n.nspname COLLATE \"C\""
};

/* Every schema, read. */
typedef struct SchemaSet
{
	int			n;
	AgSchema  **schemas;		/* by name */
} SchemaSet;

static SchemaSet *
read_all(void)
{
	SchemaSet  *set = palloc0(sizeof(SchemaSet));
	int			n = autogen_query(&q_schemas, InvalidOid);
	Oid		   *oids = palloc(sizeof(Oid) * (n + 1));
	char	  **names = palloc(sizeof(char *) * (n + 1));

	for (int i = 0; i < n; i++)
	{
		oids[i] = (Oid) strtoul(autogen_value(i, 1), NULL, 10);
		names[i] = autogen_value(i, 2);
	}
	set->n = n;
	set->schemas = palloc(sizeof(AgSchema *) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		int			level = autogen_search_path(names[i]);

		set->schemas[i] = autogen_read_schema(names[i], names[i], oids[i], true);
		AtEOXact_GUC(true, level);
	}
	return set;
}

/* What differs between before and after, as problem texts; NIL if nothing. */
static List *
differences(SchemaSet *before, SchemaSet *after)
{
	List	   *problems = NIL;
	int			i = 0;
	int			j = 0;

	while (i < before->n || j < after->n)
	{
		int			c = i >= before->n ? 1 : j >= after->n ? -1 :
			strcmp(before->schemas[i]->name, after->schemas[j]->name);

		if (c < 0)
		{
			problems = lappend(problems, psprintf("schema \"%s\" is gone after the downgrade",
												  before->schemas[i]->name));
			i++;
		}
		else if (c > 0)
		{
			problems = lappend(problems, psprintf("schema \"%s\" is left after the downgrade",
												  after->schemas[j]->name));
			j++;
		}
		else
		{
			AgSchema   *b = before->schemas[i];
			AgSchema   *a = after->schemas[j];
			char	   *restore = autogen_write_actions(autogen_compare(a, b, NIL, false));
			bool		same_uncovered = a->nuncovered == b->nuncovered;

			if (restore[0] != '\0')
			{
				/* the statements, without the last newline */
				restore[strlen(restore) - 1] = '\0';
				problems = lappend(problems,
								   psprintf("downgrade does not restore schema \"%s\"; restoring it takes:\n%s",
											b->name, restore));
			}
			for (int k = 0; same_uncovered && k < a->nuncovered; k++)
				if (strcmp(a->uncovered[k].kind, b->uncovered[k].kind) != 0 ||
					strcmp(a->uncovered[k].name, b->uncovered[k].name) != 0)
					same_uncovered = false;
			if (!same_uncovered)
				problems = lappend(problems,
								   psprintf("downgrade does not restore schema \"%s\": objects that autogenerate does not cover differ",
											b->name));
			i++;
			j++;
		}
	}
	return problems;
}

typedef struct Step
{
	MigGraph   *graph;
	int			i;
	bool		upgrade;
} Step;

static void
run_step(void *arg)
{
	Step	   *s = (Step *) arg;

	(void) execute_plan(s->graph, list_make1_int(s->i), s->upgrade, NULL);
}

/*
 * Run one revision one way; NULL, or the error's message if it fails. What
 * it leaves in the session (prepared statements, session advisory locks)
 * goes afterwards, so that the next step finds the session as a new
 * connection would, and nothing of it stays.
 */
static char *
try_step(MigGraph *graph, int i, bool upgrade)
{
	Step		s = {graph, i, upgrade};
	SessionMark *mark = schemamig_session_mark();
	ErrorData  *edata = schemamig_subtransaction(run_step, &s, true);

	schemamig_session_restore(mark);

	if (edata != NULL)
		return edata->context ?
			psprintf("%s (%s)", edata->message, edata->context) : pstrdup(edata->message);
	if (!upgrade)
		graph_mark_one_reverted(graph, i);
	return NULL;
}

typedef struct CheckArgs
{
	MigTarget	target;
	MigGraph   *graph;
	List	   *plan;
	List	   *rows;			/* MigProblem, in the caller's context */
	MemoryContext resultcxt;
} CheckArgs;

static void
add_row(CheckArgs *a, const char *revision, const char *problem)
{
	MigProblem *p = MemoryContextAlloc(a->resultcxt, sizeof(MigProblem));
	MemoryContext old = MemoryContextSwitchTo(a->resultcxt);

	p->revision = pstrdup(revision);
	p->problem = pstrdup(problem);
	a->rows = lappend(a->rows, p);
	MemoryContextSwitchTo(old);
}

/* Each revision of the plan up, down, compared, up again. */
static void
check_steps(void *arg)
{
	CheckArgs  *a = (CheckArgs *) arg;
	MigGraph   *graph = a->graph;
	MemoryContext cxt = CurrentMemoryContext;
	ListCell   *lc;

	foreach(lc, a->plan)
	{
		int			i = lfirst_int(lc);
		MigRevision *rev = &graph->revs[i];
		MemoryContext step = AllocSetContextCreate(cxt, "schemamig check_reversible",
												   ALLOCSET_DEFAULT_SIZES);
		SchemaSet  *before;
		char	   *failed;
		bool		stop = false;
		ListCell   *pc;

		MemoryContextSwitchTo(step);
		before = read_all();
		failed = try_step(graph, i, true);
		if (failed)
		{
			add_row(a, rev->id, psprintf("upgrade fails: %s", failed));
			stop = true;
		}
		else if (!catalog_has_downgrade(rev->id))
			add_row(a, rev->id, "has no downgrade");
		else if ((failed = try_step(graph, i, false)) != NULL)
		{
			add_row(a, rev->id, psprintf("downgrade fails: %s", failed));
			stop = true;
		}
		else
		{
			foreach(pc, differences(before, read_all()))
				add_row(a, rev->id, lfirst(pc));
			if ((failed = try_step(graph, i, true)) != NULL)
			{
				add_row(a, rev->id, psprintf("upgrade after the downgrade fails: %s", failed));
				stop = true;
			}
		}
		MemoryContextSwitchTo(cxt);
		MemoryContextDelete(step);
		/* what follows stands on a revision that could not be applied */
		if (stop)
			break;
	}
}

/* The checks, in a subtransaction that is always rolled back. */
static void
check_body(void *arg)
{
	CheckArgs  *a = (CheckArgs *) arg;
	ErrorData  *edata;

	a->graph = catalog_graph(false);
	graph_require_verified(a->graph, "check_reversible");
	graph_require_consistent(a->graph);
	a->plan = plan_upgrade(a->graph, &a->target);
	plan_require_transactional(a->graph, a->plan, true);

	edata = schemamig_rolled_back(check_steps, a);
	catalog_forget_cache();
	if (edata != NULL)
		ReThrowError(edata);
}

/*
 * check_reversible(target): one row per problem of the revisions that
 * upgrade(target) would apply; none when each downgrade restores what its
 * upgrade changed. Nothing it does stays.
 */
PG_FUNCTION_INFO_V1(schemamig_check_reversible);
Datum
schemamig_check_reversible(PG_FUNCTION_ARGS)
{
	CheckArgs	a;
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	ListCell   *lc;

	memset(&a, 0, sizeof(a));
	a.target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "check_reversible", "target"),
								 TARGETS_UPGRADE, "check_reversible");
	a.resultcxt = CurrentMemoryContext;
	calls_locked("check_reversible", check_body, &a);

	foreach(lc, a.rows)
	{
		MigProblem *p = lfirst(lc);
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(p->revision);
		values[1] = CStringGetTextDatum(p->problem);
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}
