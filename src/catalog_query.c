/*-------------------------------------------------------------------------
 *
 * src/catalog_query.c
 *	  Running schemamig's saved queries on its tables, as their owner.
 *
 * Every query of the catalog layer is a saved plan over fully qualified
 * names, with values passed as parameters, so a user's objects on the
 * search_path cannot change what it does. Every query runs as the owner of
 * schemamig's tables: roles that migrate change the tables only through
 * schemamig's functions, never directly, so the bookkeeping needs
 * privileges they do not have. The role that called is passed as a value
 * where a row records who acted.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "nodes/params.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "catalog.h"

/*
 * True while one of schemamig's own queries on its tables runs (as the
 * tables' owner). While a call is active, the guards let only these change
 * the tables: a revision's SQL must not rewrite the books it is entered in.
 */
bool		schemamig_bookkeeping = false;

/*
 * Compile no query into machine code (jit = off) until the caller's GUC
 * nest level ends. lint() and autogenerate's readers query the system
 * catalogs, with recursive CTEs and joins whose estimated cost passes
 * jit_above_cost, once per table or type: compiling each took about 100 ms,
 * far longer than running it (lint of a DROP SCHEMA ... CASCADE of 200
 * tables took 45 s).
 */
void
schemamig_without_jit(void)
{
	(void) set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
							 true, 0, false);
}

/*
 * In a PG_CATCH() (in a memory context of the caller's): raise again the
 * error that ended a reading of the catalog. The functions that open a
 * relation or look an object up by OID fail with an internal error when
 * another session dropped the object after the reading found it (lint()
 * and autogenerate's readers take no lock on what they read): that becomes
 * a serialization failure (40001), message and hint the caller's, the
 * server's message its detail. Any other error goes on as it was.
 */
void
schemamig_rethrow_dropped(const char *message, const char *hint)
{
	ErrorData  *edata = CopyErrorData();

	if (edata->sqlerrcode != ERRCODE_INTERNAL_ERROR || edata->message_id == NULL ||
		(strncmp(edata->message_id, "could not open relation with OID ", 33) != 0 &&
		 strncmp(edata->message_id, "cache lookup failed for ", 24) != 0))
	{
		FreeErrorData(edata);
		PG_RE_THROW();
	}
	FlushErrorState();
	ereport(ERROR,
			(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
			 errmsg("%s", message),
			 errdetail("Another session dropped or replaced it after the reading began: %s", edata->message),
			 errhint("%s", hint)));
}

/* The query's saved plan, prepared on first use. */
static SPIPlanPtr
query_plan(CatalogQuery *q)
{
	if (q->plan == NULL)
	{
		SPIPlanPtr	plan = SPI_prepare(q->sql, q->nargs, q->argtypes);

		if (plan == NULL)
			elog(ERROR, "SPI_prepare failed for \"%s\": %s",
				 q->sql, SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_keepplan failed");
		q->plan = plan;
	}
	return q->plan;
}

/* OID of one of schemamig's tables. */
Oid
catalog_relid(const char *relname)
{
	Oid			nspid = get_namespace_oid("schemamig", false);
	Oid			relid = get_relname_relid(relname, nspid);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"schemamig.%s\" does not exist", relname),
				 errhint("The schemamig extension may be damaged; reinstall it.")));
	return relid;
}

/* The role that owns schemamig's tables, and so may write them. */
static Oid
tables_owner(void)
{
	Oid			relid = catalog_relid("state");
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * Run fn(arg) as the owner of schemamig's tables, with the guards told that
 * it is schemamig's own bookkeeping (see schemamig_bookkeeping). The
 * security context the caller runs in (a revision's security-restricted
 * operation, say) is kept; both are restored however fn ends.
 */
static void
as_owner(void (*fn) (void *), void *arg)
{
	Oid			save_userid;
	int			save_sec_context;
	bool		save_bookkeeping = schemamig_bookkeeping;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(tables_owner(),
						   save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
	schemamig_bookkeeping = true;
	PG_TRY();
	{
		fn(arg);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
		schemamig_bookkeeping = save_bookkeeping;
	}
	PG_END_TRY();
}

/* One query's arguments and result code, for as_owner. */
typedef struct QueryCall
{
	CatalogQuery *q;
	Datum	   *values;
	const char *nulls;
	long		tcount;
	Snapshot	snapshot;
	DestReceiver *dest;			/* catalog_scan_query_at()'s rows */
	int			rc;
} QueryCall;

static void
execute_query(void *arg)
{
	QueryCall  *c = (QueryCall *) arg;

	if (c->snapshot == InvalidSnapshot)
		c->rc = SPI_execute_plan(query_plan(c->q), c->values, c->nulls,
								 false, c->tcount);
	else
		c->rc = SPI_execute_snapshot(query_plan(c->q), c->values, c->nulls,
									 c->snapshot, InvalidSnapshot, true,
									 false, c->tcount);
}

/* Run execute(call) as the tables' owner; raise unless SPI returns expected. */
static void
run_call(void (*execute) (void *), QueryCall *call, int expected)
{
	MemoryContext cxt = CurrentMemoryContext;

	catalog_require_shape();
	as_owner(execute, call);

	/* SPI leaves us in its procedure context; callers expect their own */
	MemoryContextSwitchTo(cxt);

	/*
	 * A rule the tables' owner put on one of schemamig's tables (a
	 * superuser's revision may, after verify() looked) turned the
	 * bookkeeping's write into something else, or into nothing.
	 */
	if (call->rc == SPI_OK_REWRITTEN)
	{
		/*
		 * The saved plan is the rule's: one that rewrote the statement into
		 * nothing depends on no table, so no invalidation would ever replan
		 * it, and every later call of the backend would fail here, the rule
		 * long gone. Prepare it afresh next time; the old one is left to
		 * the cache (a rule's action may be running it still).
		 */
		call->q->plan = NULL;
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("a rule on one of schemamig's tables rewrote its bookkeeping"),
				 errdetail("The statement \"%s\" was rewritten by a rule, and would not have recorded what it says.",
						   call->q->sql),
				 errhint("Drop the rules on schemamig's tables; SELECT * FROM schemamig.verify() names them.")));
	}
	if (call->rc != expected)
		elog(ERROR, "SPI failed for \"%s\": %s",
			 call->q->sql, SPI_result_code_string(call->rc));
}

/*
 * Run a saved query; raise unless SPI returns the expected code. With a
 * snapshot, the query reads as of that snapshot (and must only read).
 */
void
catalog_run_query_at(CatalogQuery *q, Datum *values, const char *nulls, int expected,
			 long tcount, Snapshot snapshot)
{
	QueryCall	call = {q, values, nulls, tcount, snapshot, NULL, 0};

	run_call(execute_query, &call, expected);
}

/*
 * Reading a query's rows as it runs, each handed to a callback, instead of
 * copying them all into an SPI tuple table first: the graph's revisions
 * and an applied set are thousands of rows, and a new backend pays for a
 * copy of them in page faults (its memory is new) as much as in copying.
 */
typedef struct RowReceiver
{
	DestReceiver pub;
	CatalogRowFn fn;
	void	   *arg;
} RowReceiver;

static bool
row_receive(TupleTableSlot *slot, DestReceiver *self)
{
	RowReceiver *r = (RowReceiver *) self;

	slot_getallattrs(slot);
	r->fn(slot->tts_values, slot->tts_isnull, r->arg);
	return true;
}

static void
row_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
}

static void
row_nothing(DestReceiver *self)
{
}

static void
execute_scan(void *arg)
{
	QueryCall  *c = (QueryCall *) arg;
	SPIExecuteOptions options = {0};

	if (c->q->nargs > 0)
	{
		options.params = makeParamList(c->q->nargs);
		for (int i = 0; i < c->q->nargs; i++)
		{
			ParamExternData *p = &options.params->params[i];

			p->value = c->values[i];
			p->isnull = c->nulls != NULL && c->nulls[i] == 'n';
			p->pflags = PARAM_FLAG_CONST;
			p->ptype = c->q->argtypes[i];
		}
	}
	/* read-only with no snapshot given: SPI reads as of the active one */
	options.read_only = true;
	options.dest = c->dest;
	PushActiveSnapshot(c->snapshot);
	c->rc = SPI_execute_plan_extended(query_plan(c->q), &options);
	PopActiveSnapshot();
}

/*
 * Run a saved query that only reads, as of snapshot, calling fn(values,
 * nulls, arg) for each row; fn runs in the executor's memory, so it copies
 * what it keeps into a context of its own.
 */
void
catalog_scan_query_at(CatalogQuery *q, Datum *values, const char *nulls,
					  Snapshot snapshot, CatalogRowFn fn, void *arg)
{
	/*
	 * SPI looks at mydest only to tell a discarded result (DestNone) and
	 * its own tuple table (DestSPI) from a receiver of the caller's.
	 */
	RowReceiver dest = {{row_receive, row_startup, row_nothing, row_nothing, DestTuplestore},
	fn, arg};
	QueryCall	call = {q, values, nulls, 0, snapshot, &dest.pub, 0};

	run_call(execute_scan, &call, SPI_OK_SELECT);
}

/* The calling role's name, as a datum, for the rows that record it. */
Datum
catalog_caller_name(void)
{
	return DirectFunctionCall1(namein,
							   CStringGetDatum(GetUserNameFromId(GetUserId(), false)));
}

/*
 * The bookkeeping's write just run (processed rows) must have written
 * exactly one row of table: a trigger on it that returns NULL (a
 * superuser's revision may add one after verify() looked) would otherwise
 * swallow the write while the call reports it done. message says what was
 * not done.
 */
void
catalog_require_written(uint64 processed, const char *table, const char *message)
{
	if (processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s", message),
				 errdetail("Something beside schemamig's guards, such as a trigger on %s, kept the write from happening.",
						   table),
				 errhint("Drop the triggers on schemamig's tables that schemamig did not create; SELECT * FROM schemamig.verify() names them.")));
}

/* Run a saved query under the usual snapshot. */
void
catalog_run_query(CatalogQuery *q, Datum *values, const char *nulls, int expected,
		  long tcount)
{
	catalog_run_query_at(q, values, nulls, expected, tcount, InvalidSnapshot);
}

/* Copy a text column of the current SPI row into CurrentMemoryContext. */
char *
catalog_text_column(HeapTuple tuple, TupleDesc desc, int col, bool *isnull)
{
	bool		null;
	Datum		d = SPI_getbinval(tuple, desc, col, &null);

	if (isnull)
		*isnull = null;
	return null ? NULL : TextDatumGetCString(d);
}
