/*-------------------------------------------------------------------------
 *
 * src/functions.c
 *	  The SQL-callable functions that change schemamig's tables:
 *	  add_revision, upgrade, downgrade, downgrade_to, stamp, remove_revision.
 *
 * Every function checks all of its arguments before it touches a table, and
 * every call plans in full before the first revision runs, so a refused
 * call changes nothing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "schemamig.h"

/*
 * Check a parents array: one dimension, no NULLs, well-formed ids, no
 * duplicates. Returns the ids.
 */
static List *
parse_parents(ArrayType *arr)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	List	   *ids = NIL;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("add_revision: parents must be a one-dimensional array")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		char	   *id;
		ListCell   *lc;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("add_revision: parents must not contain NULL")));
		id = TextDatumGetCString(elems[i]);
		plan_check_id(id, "parent revision id");
		foreach(lc, ids)
		{
			if (strcmp(lfirst(lc), id) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("add_revision: parent \"%s\" is named twice", id)));
		}
		ids = lappend(ids, id);
	}
	return ids;
}

/* A fresh 12-hex-digit id, as Alembic makes them. */
static char *
generate_id(void)
{
	uint8		bytes[6];
	char	   *id = palloc(2 * sizeof(bytes) + 1);

	if (!pg_strong_random(bytes, sizeof(bytes)))
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("could not generate a random revision id")));
	id[hex_encode((char *) bytes, sizeof(bytes), id)] = '\0';
	return id;
}

typedef struct AddArgs
{
	char	   *id;				/* NULL: generate one */
	List	   *parents;		/* NIL with parents_given false: the head */
	bool		parents_given;
	const char *message;
	const char *upgrade;
	const char *downgrade;
	bool		transactional;
	const char *purpose;		/* names the call when there is no single head */
	MemoryContext resultcxt;
} AddArgs;

static void
add_revision_body(void *arg)
{
	AddArgs    *a = (AddArgs *) arg;
	MigGraph   *graph = catalog_graph(true);
	char	   *id = a->id;
	List	   *parents = a->parents;
	ListCell   *lc;

	if (id == NULL)
	{
		do
			id = generate_id();
		while (graph_find(graph, id) >= 0);
	}
	else if (graph_find(graph, id) >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("revision \"%s\" already exists", id)));

	if (!a->parents_given)
	{
		int			head = plan_single_head(graph, a->purpose,
									   "Pass parents explicitly; naming every head makes a merge revision.");

		if (head >= 0)
			parents = list_make1(graph->revs[head].id);
	}
	else
	{
		foreach(lc, parents)
		{
			if (graph_find(graph, lfirst(lc)) < 0)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_OBJECT),
						 errmsg("parent revision \"%s\" does not exist", (char *) lfirst(lc)),
						 errhint("Register parents before their children.")));
		}
	}

	catalog_forget_cache();
	catalog_insert_revision(id, schemamig_text_array(parents), a->message, a->upgrade,
							a->downgrade, a->transactional);
	catalog_registered(graph_append(graph, id, a->message, parents,
								 a->transactional,
								 GetUserNameFromId(GetUserId(), false),
								 revsql_checksum(a->upgrade, a->downgrade)) ? graph : NULL);
	a->id = MemoryContextStrdup(a->resultcxt, id);
}

/*
 * add_revision(id, upgrade, downgrade, parents, message, transactional)
 * Register a revision and return its id. The SQL is parsed now, so syntax
 * errors and transaction control are refused at registration, not at
 * deployment.
 */
PG_FUNCTION_INFO_V1(schemamig_add_revision);
Datum
schemamig_add_revision(PG_FUNCTION_ARGS)
{
	AddArgs		a;
	const char *checked_id;

	schemamig_require_arg(fcinfo, 1, "add_revision", "upgrade");
	schemamig_require_arg(fcinfo, 4, "add_revision", "message");
	schemamig_require_arg(fcinfo, 5, "add_revision", "transactional");

	a.id = PG_ARGISNULL(0) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(0));
	a.upgrade = text_to_cstring(PG_GETARG_TEXT_PP(1));
	a.downgrade = PG_ARGISNULL(2) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(2));
	a.parents_given = !PG_ARGISNULL(3);
	a.parents = a.parents_given ? parse_parents(PG_GETARG_ARRAYTYPE_P(3)) : NIL;
	a.message = text_to_cstring(PG_GETARG_TEXT_PP(4));
	a.transactional = PG_GETARG_BOOL(5);
	a.purpose = "add_revision with parents => NULL";
	a.resultcxt = CurrentMemoryContext;

	if (a.id != NULL)
		plan_check_id(a.id, "revision id");
	checked_id = a.id ? a.id : "(new)";
	if (revsql_split(a.upgrade, psprintf("upgrade SQL of revision \"%s\"", checked_id)) == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("add_revision: upgrade SQL is empty"),
				 errdetail("It holds no statement, only white space or comments."),
				 errhint("A revision that changes nothing is not useful; write the SQL first.")));
	if (a.downgrade != NULL)
		(void) revsql_split(a.downgrade, psprintf("downgrade SQL of revision \"%s\"", checked_id));

	calls_registering("add_revision", add_revision_body, &a);
	PG_RETURN_TEXT_P(cstring_to_text(a.id));
}

/*
 * Register a transactional revision as a child of the single head, as
 * add_revision() with parents => NULL does (55000 when there are several
 * heads), and return its id; a NULL id is generated. The SQL has been
 * written by autogenerate, which names itself in messages.
 */
char *
schemamig_register_revision(const char *id, const char *message,
							const char *upgrade, const char *downgrade)
{
	AddArgs		a;

	memset(&a, 0, sizeof(a));
	a.id = id ? pstrdup(id) : NULL;
	a.message = message;
	a.upgrade = upgrade;
	a.downgrade = downgrade;
	a.transactional = true;
	a.purpose = "autogenerate";
	a.resultcxt = CurrentMemoryContext;
	/* checked as add_revision() checks what it registers */
	(void) revsql_split(upgrade, "upgrade SQL of the new revision");
	(void) revsql_split(downgrade, "downgrade SQL of the new revision");
	calls_registering("autogenerate", add_revision_body, &a);
	return a.id;
}

/* What an upgrade, downgrade or downgrade_to call plans and runs. */
typedef struct MigrateArgs
{
	bool		upgrade;
	MigTarget	target;			/* upgrade, downgrade_to */
	int			n;				/* downgrade */
	bool		by_count;		/* downgrade(n) rather than downgrade_to */
	int			done;
} MigrateArgs;

static void
change_body(void *arg)
{
	MigrateArgs *a = (MigrateArgs *) arg;
	MigGraph   *graph;
	List	   *plan;

	/* nothing pending, as the state row says: no need for the graph */
	if (a->upgrade && (a->target.kind == TARGET_HEAD ||
					   a->target.kind == TARGET_HEADS) && catalog_settled())
		return;
	graph = catalog_graph(true);

	if (a->upgrade)
		graph_require_verified(graph, "upgrade");
	graph_require_consistent(graph);
	if (a->upgrade)
		plan = plan_upgrade(graph, &a->target);
	else if (a->by_count)
		plan = plan_downgrade_n(graph, a->n);
	else
		plan = plan_downgrade_to(graph, &a->target);

	plan_require_transactional(graph, plan, a->upgrade);
	if (!a->upgrade && plan != NIL)
	{
		catalog_require_unchanged(graph, plan);
		catalog_require_reversible(graph, plan);
	}

	a->done = execute_plan(graph, plan, a->upgrade, NULL);
	if (a->done > 0)
		catalog_changed(a->upgrade ? graph : NULL);
	else if (a->upgrade)
		catalog_settle(graph);
}

/*
 * Apply the current tenant's pending revisions up to target, in the current
 * transaction, inside SPI and under the tenant's lock; returns how many.
 * What upgrade() does, for upgrade_tenants() and migrate_tenants().
 */
int
schemamig_apply_upgrade(const MigTarget *target)
{
	MigrateArgs a = {0};

	a.upgrade = true;
	a.target = *target;
	change_body(&a);
	return a.done;
}

/* upgrade(target): apply pending revisions up to target. */
PG_FUNCTION_INFO_V1(schemamig_upgrade);
Datum
schemamig_upgrade(PG_FUNCTION_ARGS)
{
	MigrateArgs a = {0};

	a.upgrade = true;
	a.target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "upgrade", "target"),
							TARGETS_UPGRADE, "upgrade");
	calls_locked("upgrade", change_body, &a);
	PG_RETURN_INT32(a.done);
}

/* downgrade(n): revert the n most recently applied revisions. */
PG_FUNCTION_INFO_V1(schemamig_downgrade);
Datum
schemamig_downgrade(PG_FUNCTION_ARGS)
{
	MigrateArgs a = {0};

	schemamig_require_arg(fcinfo, 0, "downgrade", "n");
	a.n = PG_GETARG_INT32(0);
	if (a.n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("downgrade: n must not be negative, but is %d", a.n)));
	a.by_count = true;
	calls_locked("downgrade", change_body, &a);
	PG_RETURN_INT32(a.done);
}

/* downgrade_to(target): revert everything that is not target or before it. */
PG_FUNCTION_INFO_V1(schemamig_downgrade_to);
Datum
schemamig_downgrade_to(PG_FUNCTION_ARGS)
{
	MigrateArgs a = {0};

	a.target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "downgrade_to", "target"),
							TARGETS_DOWNGRADE, "downgrade");
	calls_locked("downgrade_to", change_body, &a);
	PG_RETURN_INT32(a.done);
}

typedef struct StampArgs
{
	MigTarget	target;
	int			changed;
} StampArgs;

/* Has the caller the privileges of a revision's author (one that exists)? */
static bool
has_author_privileges(const MigRevision *rev)
{
	Oid			author = get_role_oid(rev->author, true);

	return OidIsValid(author) && has_privs_of_role(GetUserId(), author);
}

/*
 * stamp() says that a revision's SQL ran, or did not: only a role that
 * could run it may say so, one with its author's privileges (as for
 * record_applied()), so that a deployer cannot skip a revision another
 * role registered, nor have it run again.
 */
static void
stamp_require_author(const MigRevision *rev, bool applied)
{
	if (superuser() || has_author_privileges(rev))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to stamp revision \"%s\" as %s",
					rev->id, applied ? "applied" : "not applied"),
			 errdetail("Its SQL runs as its author \"%s\", and role \"%s\" does not have that role's privileges. Nothing was stamped.",
					   rev->author, GetUserNameFromId(GetUserId(), false)),
			 errhint("Stamp it as its author, or as a role with that role's privileges.")));
}

static void
stamp_body(void *arg)
{
	StampArgs  *a = (StampArgs *) arg;
	MigGraph   *graph = catalog_graph(true);
	bool	   *want = NULL;
	List	   *add = NIL;
	List	   *remove = NIL;
	ListCell   *lc;

	graph_require_consistent(graph);
	switch (a->target.kind)
	{
		case TARGET_BASE:
			break;
		case TARGET_HEAD:
			{
				int			head = plan_single_head(graph, "stamp(\"head\")",
											   "Name a revision or use \"heads\".");

				if (head >= 0)
					want = graph_ancestors(graph, list_make1_int(head));
				break;
			}
		case TARGET_HEADS:
			want = graph_ancestors(graph, graph_heads(graph));
			break;
		case TARGET_REVISION:
			want = graph_ancestors(graph,
								   list_make1_int(plan_find_target(graph, a->target.id)));
			break;
		case TARGET_RELATIVE:
			pg_unreachable();
	}

	/* add in apply order; remove newest first, then what is not registered */
	for (int k = 0; k < graph->nrevs; k++)
	{
		int			i = graph->order[k];

		if (want && want[i] && !graph->revs[i].applied)
		{
			stamp_require_author(&graph->revs[i], true);
			add = lappend(add, graph->revs[i].id);
		}
	}
	for (int k = graph->napplied - 1; k >= 0; k--)
	{
		int			i = graph->applied_order[k];

		if (want == NULL || !want[i])
		{
			stamp_require_author(&graph->revs[i], false);
			remove = lappend(remove, graph->revs[i].id);
		}
	}
	foreach(lc, graph->orphans)
		remove = lappend(remove, lfirst(lc));

	a->changed = catalog_stamp(add, remove);
	if (a->changed > 0)
		catalog_changed(NULL);
}

/*
 * stamp(target): make the applied set exactly target and its ancestors
 * ('base': empty) without running any SQL. How an existing database adopts
 * schemamig, and how a DBA repairs the applied set by hand.
 */
PG_FUNCTION_INFO_V1(schemamig_stamp);
Datum
schemamig_stamp(PG_FUNCTION_ARGS)
{
	StampArgs	a = {0};
	char	   *target = schemamig_arg_text(fcinfo, 0, "stamp", "target");

	a.target = plan_parse_target(target, TARGETS_STAMP, "stamp");
	calls_locked("stamp", stamp_body, &a);
	PG_RETURN_INT32(a.changed);
}

static void
remove_revision_body(void *arg)
{
	const char *id = (const char *) arg;
	MigGraph   *graph = catalog_graph(true);
	int			i = plan_find_target(graph, id);

	if (graph->revs[i].applied)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot remove revision \"%s\": it is applied", id),
				 errhint("Revert it with schemamig.downgrade() first.")));
	if (graph->revs[i].nchildren > 0)
	{
		StringInfoData children;

		initStringInfo(&children);
		for (int c = 0; c < graph->nrevs; c++)
		{
			for (int p = 0; p < graph->revs[c].nparents; p++)
			{
				if (graph->revs[c].parents[p] == i)
					appendStringInfo(&children, "%s\"%s\"",
									 children.len > 0 ? ", " : "", graph->revs[c].id);
			}
		}
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot remove revision \"%s\": other revisions name it as parent", id),
				 errdetail("Its children: %s.", children.data),
				 errhint("Remove its children first.")));
	}
	catalog_remove_revision(id);
	catalog_registered(NULL);
}

/* remove_revision(id): delete a pending revision that has no child. */
PG_FUNCTION_INFO_V1(schemamig_remove_revision);
Datum
schemamig_remove_revision(PG_FUNCTION_ARGS)
{
	char	   *id = schemamig_arg_text(fcinfo, 0, "remove_revision", "id");

	plan_check_id(id, "revision id");
	calls_registering("remove_revision", remove_revision_body, id);
	PG_RETURN_VOID();
}

typedef struct RecordArgs
{
	const char *id;
	Interval   *duration;
	bool		applied;		/* record_applied rather than record_reverted */
} RecordArgs;

static void
record_body(void *arg)
{
	RecordArgs *a = (RecordArgs *) arg;
	MigGraph   *graph = catalog_graph(true);
	int			i = plan_find_target(graph, a->id);
	MigRevision *rev = &graph->revs[i];

	/*
	 * Only what the client or the offline script ran itself, as its author:
	 * upgrade() applies a transactional revision, and stamp() records one
	 * without running it (and says so in the log).
	 */
	if (rev->transactional)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot record revision \"%s\" as %s: it is transactional",
						rev->id, a->applied ? "applied" : "reverted"),
				 errdetail("Only a non-transactional revision is run outside schemamig, and recorded so."),
				 errhint("Use schemamig.%s() to run it, or schemamig.stamp() to record it without running it.",
						 a->applied ? "upgrade" : "downgrade")));
	if (!has_author_privileges(rev))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to record revision \"%s\" as %s",
						rev->id, a->applied ? "applied" : "reverted"),
				 errdetail("Its SQL runs as its author \"%s\", and role \"%s\" does not have that role's privileges, so it cannot have run it.",
						   rev->author, GetUserNameFromId(GetUserId(), false)),
				 errhint("Record it as the role that ran it, its author.")));

	if (a->applied)
	{
		PlanSql		reader;
		const RevisionSql *sql;

		if (rev->applied)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("revision \"%s\" is already applied", rev->id)));
		for (int p = 0; p < rev->nparents; p++)
		{
			if (rev->parents[p] < 0 || !graph->revs[rev->parents[p]].applied)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("cannot record revision \"%s\" as applied: its parent \"%s\" is not applied",
								rev->id, rev->parent_ids[p]),
						 errhint("Apply or record its parents first.")));
		}
		/* the checksum of the SQL as it stands, as upgrade() records it */
		catalog_plan_sql_init(&reader, graph, list_make1_int(i));
		sql = catalog_plan_sql(&reader, 0);
		catalog_record_applied(rev->id, GetCurrentTimestamp(), a->duration,
							   revsql_checksum(sql->upgrade, sql->downgrade));
		catalog_plan_sql_end(&reader);
	}
	else
	{
		if (!rev->applied)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("revision \"%s\" is not applied", rev->id)));
		for (int c = 0; c < graph->nrevs; c++)
		{
			if (!graph->revs[c].applied)
				continue;
			for (int p = 0; p < graph->revs[c].nparents; p++)
			{
				if (graph->revs[c].parents[p] == i)
					ereport(ERROR,
							(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
							 errmsg("cannot record revision \"%s\" as reverted: its child \"%s\" is applied",
									rev->id, graph->revs[c].id),
							 errhint("Revert or record its children first.")));
			}
		}
		/* what ran to revert it was not its downgrade SQL as applied */
		catalog_require_unchanged(graph, list_make1_int(i));
		catalog_forget_applied(rev->id, GetCurrentTimestamp(), a->duration);
	}
	catalog_changed(NULL);
}

/* Check and collect the arguments of record_applied and record_reverted. */
static void
record(FunctionCallInfo fcinfo, const char *fname, bool applied)
{
	RecordArgs	a;

	a.id = schemamig_arg_text(fcinfo, 0, fname, "id");
	plan_check_id(a.id, "revision id");
	schemamig_require_arg(fcinfo, 1, fname, "duration");
	a.duration = PG_GETARG_INTERVAL_P(1);
#ifdef INTERVAL_NOT_FINITE
	/* PostgreSQL 17's infinite intervals: no time a statement took */
	if (INTERVAL_NOT_FINITE(a.duration))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: duration must be finite", fname),
				 errdetail("It is how long the revision's statements took to run, which history() reports."),
				 errhint("Pass the time they took, as in interval '1.5 s'.")));
#endif
	if (a.duration->month < 0 || a.duration->day < 0 || a.duration->time < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: duration must not be negative", fname)));
	a.applied = applied;
	calls_locked(fname, record_body, &a);
}

/*
 * record_applied(id, duration): record a revision whose SQL was run outside
 * schemamig (a non-transactional revision, which the command-line client
 * runs statement by statement) as applied, with the server's bookkeeping.
 */
PG_FUNCTION_INFO_V1(schemamig_record_applied);
Datum
schemamig_record_applied(PG_FUNCTION_ARGS)
{
	record(fcinfo, "record_applied", true);
	PG_RETURN_VOID();
}

/* record_reverted(id, duration): the same for a revision reverted outside. */
PG_FUNCTION_INFO_V1(schemamig_record_reverted);
Datum
schemamig_record_reverted(PG_FUNCTION_ARGS)
{
	record(fcinfo, "record_reverted", false);
	PG_RETURN_VOID();
}
