/*-------------------------------------------------------------------------
 *
 * src/sync.c
 *	  sync(ids, parents, messages, upgrades, downgrades, transactional):
 *	  bring the registered revisions in line with a set of migration files,
 *	  in one call.
 *
 * The command-line client used to register, compare and update files one
 * round trip each; with 10,000 files that was most of its time. It now sends
 * every file at once and the server compares them in one pass over the
 * cached graph: new files are registered (parents first, as given), pending
 * revisions whose file changed are updated (as the caller, who becomes
 * their author), and an applied revision whose file differs from what ran
 * is refused, naming it, so that nothing changes. Pending revisions that no
 * file names are reported, not removed: pruning asks first, in the client.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "schemamig.h"

/* One file, as sync() receives it. */
typedef struct SyncFile
{
	char	   *id;
	List	   *parents;		/* of char * */
	char	   *message;
	char	   *upgrade;
	char	   *downgrade;		/* NULL: irreversible */
	bool		transactional;
} SyncFile;

typedef struct SyncArgs
{
	int			n;
	SyncFile   *files;
	Tuplestorestate *store;
	TupleDesc	desc;
	MemoryContext resultcxt;
} SyncArgs;

/* The elements of a one-dimensional array argument, NULLs flagged. */
static int
array_arg(FunctionCallInfo fcinfo, int argno, const char *argname, Oid elemtype,
		  Datum **elems, bool **nulls)
{
	ArrayType  *arr;
	int			n;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	schemamig_require_arg(fcinfo, argno, "sync", argname);
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sync: %s must be a one-dimensional array", argname)));
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	deconstruct_array(arr, elemtype, typlen, typbyval, typalign, elems, nulls, &n);
	return n;
}

/* Parent ids from "p1 p2" (ids hold no white space); "" is a root. */
static List *
parse_parent_list(const char *text, const char *id)
{
	List	   *parents = NIL;
	char	   *copy = pstrdup(text);
	char	   *save = NULL;

	for (char *tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
	{
		ListCell   *lc;

		plan_check_id(tok, "parent revision id");
		foreach(lc, parents)
		{
			if (strcmp(lfirst(lc), tok) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("sync: revision \"%s\" names parent \"%s\" twice", id, tok)));
		}
		parents = lappend(parents, tok);
	}
	return parents;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Check and collect the arguments; every array must be as long as ids. */
static void
collect_files(FunctionCallInfo fcinfo, SyncArgs *a)
{
	static const char *const names[] = {"ids", "parents", "messages", "upgrades", "downgrades", "transactional"};
	Datum	   *elems[6];
	bool	   *nulls[6];
	int			n = 0;

	for (int k = 0; k < 6; k++)
	{
		int			len = array_arg(fcinfo, k, names[k], k == 5 ? BOOLOID : TEXTOID,
									&elems[k], &nulls[k]);

		if (k == 0)
			n = len;
		else if (len != n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sync: %s has %d elements, but ids has %d", names[k], len, n),
					 errhint("Pass one element per file in every array.")));
		for (int i = 0; i < len && k != 4; i++)
		{
			if (nulls[k][i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("sync: %s must not contain NULL (element %d)", names[k], i + 1)));
		}
	}

	a->n = n;
	a->files = palloc0(sizeof(SyncFile) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		SyncFile   *f = &a->files[i];

		f->id = TextDatumGetCString(elems[0][i]);
		plan_check_id(f->id, "revision id");
		f->parents = parse_parent_list(TextDatumGetCString(elems[1][i]), f->id);
		f->message = TextDatumGetCString(elems[2][i]);
		f->upgrade = TextDatumGetCString(elems[3][i]);
		f->downgrade = nulls[4][i] ? NULL : TextDatumGetCString(elems[4][i]);
		f->transactional = DatumGetBool(elems[5][i]);
	}

	/* one file per id */
	{
		char	  **ids = palloc(sizeof(char *) * (n + 1));

		for (int i = 0; i < n; i++)
			ids[i] = a->files[i].id;
		qsort(ids, n, sizeof(char *), cmp_id);
		for (int i = 1; i < n; i++)
		{
			if (strcmp(ids[i - 1], ids[i]) == 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("sync: revision \"%s\" is given twice", ids[i]),
						 errhint("Each file must have an id of its own.")));
		}
	}
}

static void
emit(SyncArgs *a, const char *id, const char *action)
{
	MemoryContext old = MemoryContextSwitchTo(a->resultcxt);
	Datum		values[2];
	bool		nulls[2] = {false, false};

	values[0] = CStringGetTextDatum(id);
	values[1] = CStringGetTextDatum(action);
	tuplestore_putvalues(a->store, a->desc, values, nulls);
	MemoryContextSwitchTo(old);
}

/* Refuse SQL that does not parse or holds transaction control; as add_revision. */
static void
check_sql(const SyncFile *f)
{
	if (revsql_split(f->upgrade, psprintf("upgrade SQL of revision \"%s\"", f->id)) == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sync: the upgrade SQL of revision \"%s\" is empty", f->id),
				 errdetail("It holds no statement, only white space or comments.")));
	if (f->downgrade)
		(void) revsql_split(f->downgrade, psprintf("downgrade SQL of revision \"%s\"", f->id));
}

/* Do a file's parents differ from the registered revision's? */
static bool
parents_differ(const SyncFile *f, const MigRevision *rev)
{
	ListCell   *lc;

	if (list_length(f->parents) != rev->nparents)
		return true;
	foreach(lc, f->parents)
	{
		if (strcmp(lfirst(lc), rev->parent_ids[foreach_current_index(lc)]) != 0)
			return true;
	}
	return false;
}

/* Each parent must be registered by now (files come parents first). */
static void
require_parents(const MigGraph *graph, const SyncFile *f)
{
	ListCell   *lc;

	foreach(lc, f->parents)
	{
		if (graph_find(graph, lfirst(lc)) < 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("parent revision \"%s\" of revision \"%s\" does not exist",
							(char *) lfirst(lc), f->id),
					 errhint("Pass files parents first; every parent must be registered or come earlier in the arrays.")));
	}
}

/*
 * Update a pending revision from its file, as the caller: the guard makes
 * whoever changes a revision's SQL its author, and only the columns a
 * deployer may update are written.
 */
static void
update_revision(const SyncFile *f, bool message_only)
{
	static SPIPlanPtr plan = NULL;
	static SPIPlanPtr plan_message = NULL;
	Oid			types[6] = {TEXTOID, TEXTOID, TEXTOID, TEXTARRAYOID, TEXTOID, BOOLOID};
	Datum		values[6];
	char		nulls[6] = {' ', ' ', ' ', ' ', ' ', ' '};
	/* volatile: used inside PG_TRY, which newer gcc warns may clobber it */
	SPIPlanPtr *volatile p = message_only ? &plan_message : &plan;
	volatile int rc = 0;

	if (*p == NULL)
	{
		*p = message_only ?
			SPI_prepare("UPDATE schemamig.revision SET message = $5"
						" WHERE id OPERATOR(pg_catalog.=) $1", 6, types) :
			SPI_prepare("UPDATE schemamig.revision SET upgrade = $2, downgrade = $3,"
						" parents = $4, message = $5, transactional = $6"
						" WHERE id OPERATOR(pg_catalog.=) $1", 6, types);
		if (*p == NULL || SPI_keepplan(*p) != 0)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	}
	values[0] = CStringGetTextDatum(f->id);
	values[1] = CStringGetTextDatum(f->upgrade);
	if (f->downgrade)
		values[2] = CStringGetTextDatum(f->downgrade);
	else
		nulls[2] = 'n';
	values[3] = schemamig_text_array(f->parents);
	values[4] = CStringGetTextDatum(f->message);
	values[5] = BoolGetDatum(f->transactional);

	/* schemamig's own change, so the guards let it through, made as the caller */
	schemamig_bookkeeping = true;
	PG_TRY();
	{
		rc = SPI_execute_plan(*p, values, nulls, false, 0);
	}
	PG_FINALLY();
	{
		schemamig_bookkeeping = false;
	}
	PG_END_TRY();
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "could not update revision \"%s\": %s", f->id, SPI_result_code_string(rc));
	catalog_require_revision_written(f->id, "updated");
}

/* After new parents: refuse a graph on which revisions cannot be ordered. */
static void
refuse_cycle(const MigGraph *graph)
{
	if (!graph->cyclic)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("sync: the parents of the revisions form a cycle"),
			 errdetail("These revisions, on the cycle or after it, cannot be ordered: %s. Nothing was registered or updated.",
					   graph_cyclic_ids(graph)),
			 errhint("Correct the parents of the files: a revision's parents come before it.")));
}

static void
sync_body(void *arg)
{
	SyncArgs   *a = (SyncArgs *) arg;
	MigGraph   *graph = catalog_graph(true);
	bool		in_step = true;
	bool		changed = false;
	bool		reparented = false;
	bool	   *named;

	for (int i = 0; i < a->n; i++)
	{
		SyncFile   *f = &a->files[i];
		int			k = graph_find(graph, f->id);
		MigRevision *rev;
		bool		sql_differs;
		bool		graph_differs;

		if (k < 0)
		{
			require_parents(graph, f);
			check_sql(f);
			catalog_forget_cache();
			catalog_insert_revision(f->id, schemamig_text_array(f->parents), f->message,
									f->upgrade, f->downgrade, f->transactional);
			if (!graph_append(graph, f->id, f->message, f->parents, f->transactional,
							  GetUserNameFromId(GetUserId(), false),
							  revsql_checksum(f->upgrade, f->downgrade)))
			{
				/* a graph with problems cannot be extended in place: reload */
				graph = catalog_graph(false);
				in_step = false;
			}
			changed = true;
			emit(a, f->id, "registered");
			continue;
		}

		rev = &graph->revs[k];
		sql_differs = rev->checksum == NULL ||
			strcmp(rev->checksum, revsql_checksum(f->upgrade, f->downgrade)) != 0;
		graph_differs = parents_differ(f, rev) || rev->transactional != f->transactional;
		if (rev->applied && (sql_differs || graph_differs))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("revision \"%s\" is applied, but its file's %s differs from what ran",
							f->id, sql_differs ? "SQL" : "parents or transactional flag"),
					 errdetail("Nothing was registered or updated."),
					 errhint("Leave the file as it was, and write a new revision for the change.")));
		if (!sql_differs && !graph_differs && strcmp(rev->message, f->message) == 0)
			continue;
		if (sql_differs || graph_differs)
		{
			require_parents(graph, f);
			check_sql(f);
		}
		reparented |= parents_differ(f, rev);
		catalog_forget_cache();
		update_revision(f, rev->applied);
		/* an applied revision's message only: the graph follows in place */
		if (rev->applied)
		{
			rev->message = MemoryContextStrdup(GetMemoryChunkContext(graph), f->message);
			graph->digest_known = false;
		}
		else
			in_step = false;
		changed = true;
		emit(a, f->id, "updated");
	}

	/*
	 * A pending revision's new parents may name itself or its descendants
	 * (require_parents() only asks that they be registered): a cycle would
	 * stop every migration, whoever runs it.
	 */
	if (reparented)
		refuse_cycle(catalog_graph(false));

	/* pending revisions that no file names: the client decides about them */
	named = palloc0(sizeof(bool) * (graph->nrevs + 1));
	for (int i = 0; i < a->n; i++)
	{
		int			k = graph_find(graph, a->files[i].id);

		if (k >= 0)
			named[k] = true;
	}
	for (int j = 0; j < graph->nrevs; j++)
	{
		int			k = graph->order[j];

		if (!named[k] && !graph->revs[k].applied)
			emit(a, graph->revs[k].id, "db-only");
	}

	/*
	 * Either way the state row learns whether everything is applied, and the
	 * digest of what is registered, for up_to_date(): the next run of a
	 * client with the same files then costs one row read. Registration
	 * marks only the default tenant's row; another tenant's (a message-only
	 * sync leaves it with nothing pending) is marked here.
	 */
	if (changed)
	{
		catalog_registered(in_step ? graph : NULL);
		if (in_step && catalog_tenant()[0] != '\0')
			catalog_settle(graph);
	}
	else
		catalog_settle(graph);
}

/*
 * sync(ids, parents, messages, upgrades, downgrades, transactional): one
 * row per file registered or updated ('registered', 'updated'), then one
 * per pending revision that no file names ('db-only').
 */
PG_FUNCTION_INFO_V1(schemamig_sync);
Datum
schemamig_sync(PG_FUNCTION_ARGS)
{
	SyncArgs	a = {0};

	collect_files(fcinfo, &a);
	a.resultcxt = CurrentMemoryContext;
	a.store = schemamig_result_set(fcinfo, &a.desc);
	calls_registering("sync", sync_body, &a);
	return (Datum) 0;
}
