/*-------------------------------------------------------------------------
 *
 * src/tenants.c
 *	  The SQL-callable functions for tenants: add_tenant, remove_tenant,
 *	  tenants, upgrade_tenants and the procedure migrate_tenants.
 *
 * A tenant is a schema that gets the one shared revision graph applied on
 * its own (src/catalog_tenant.c keeps the registry and the setting
 * schemamig.tenant). upgrade_tenants() and migrate_tenants() walk the
 * tenants in order of name, each under its own lock, planning from the
 * graph the backend has cached: a tenant costs the query for its applied
 * set, and one that is settled (nothing pending) costs nothing but its row
 * in the one query that lists them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "schemamig.h"

/* A tenant's name argument: not NULL (22004), a schema name. */
static char *
tenant_arg(FunctionCallInfo fcinfo, int argno, const char *fname)
{
	char	   *tenant;

	schemamig_require_arg(fcinfo, argno, fname, "tenant");
	tenant = pstrdup(NameStr(*PG_GETARG_NAME(argno)));
	if (tenant[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: tenant must not be empty", fname),
				 errdetail("The default tenant '' is the database's own applied set; it is always there."),
				 errhint("Name the tenant's schema.")));
	return tenant;
}

/* Connect SPI around a call's body. */
static void
with_spi(void (*fn) (void *), void *arg)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	fn(arg);
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

static void
add_tenant_body(void *arg)
{
	const char *tenant = (const char *) arg;
	Oid			nspoid;

	catalog_lock_tenant(tenant);
	if (catalog_tenant_exists(tenant))
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("tenant \"%s\" already exists", tenant),
				 errhint("Bring it to head with SET schemamig.tenant = %s and SELECT schemamig.upgrade().",
						 quote_literal_cstr(tenant))));

	/*
	 * An existing schema must be the caller's (or a role's whose privileges
	 * the caller has): revisions, run as their authors, will find names in
	 * it first, so a schema another role planted there must not be adopted.
	 */
	nspoid = get_namespace_oid(tenant, true);
	if (OidIsValid(nspoid))
	{
		HeapTuple	tup = SearchSysCache1(NAMESPACEOID, ObjectIdGetDatum(nspoid));
		Oid			owner;

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "cache lookup failed for schema %u", nspoid);
		owner = ((Form_pg_namespace) GETSTRUCT(tup))->nspowner;
		ReleaseSysCache(tup);
		if (!has_privs_of_role(GetUserId(), owner))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("add_tenant: schema \"%s\" belongs to role \"%s\"",
							tenant, GetUserNameFromId(owner, false)),
					 errdetail("A tenant's revisions find names in its schema first; only a schema of the caller's (or of a role whose privileges the caller has) can become a tenant."),
					 errhint("Have the schema's owner register it, or choose another name.")));
	}
	/* the caller's own schema, as if the caller had created it */
	else
	{
		int			rc = SPI_execute(psprintf("CREATE SCHEMA %s", quote_identifier(tenant)),
									 false, 0);

		if (rc != SPI_OK_UTILITY)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	}
	catalog_insert_tenant(tenant);
}

static void
add_tenant_call(void *arg)
{
	with_spi(add_tenant_body, arg);
}

/*
 * add_tenant(tenant): register schema "tenant" as a tenant, creating it
 * (owned by the caller) when it does not exist. Nothing is applied yet.
 */
PG_FUNCTION_INFO_V1(schemamig_add_tenant);
Datum
schemamig_add_tenant(PG_FUNCTION_ARGS)
{
	char	   *tenant = tenant_arg(fcinfo, 0, "add_tenant");

	if (schemamig_reserved_schema(tenant))
		ereport(ERROR,
				(errcode(ERRCODE_RESERVED_NAME),
				 errmsg("add_tenant: \"%s\" cannot be a tenant", tenant),
				 errdetail("Schema names beginning with \"pg_\", and the schemas \"information_schema\" and \"schemamig\", belong to the system or to schemamig."),
				 errhint("Choose another name for the tenant's schema.")));
	/* on a search_path, "$user" means the current role's schema, not this one */
	if (strcmp(tenant, "$user") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_RESERVED_NAME),
				 errmsg("add_tenant: \"$user\" cannot be a tenant"),
				 errdetail("On a search_path \"$user\" stands for the schema named after the current role, so the tenant's revisions would run in another schema."),
				 errhint("Choose another name for the tenant's schema.")));

	/*
	 * A name argument is cut to NAMEDATALEN - 1 bytes before the function
	 * sees it, without a word: as PostgreSQL says so of an identifier it
	 * cuts, say that this may be such a name (SET schemamig.tenant refuses
	 * the longer one).
	 */
	if (strlen(tenant) == NAMEDATALEN - 1)
		ereport(NOTICE,
				(errcode(ERRCODE_NAME_TOO_LONG),
				 errmsg("add_tenant: tenant \"%s\" has a name of %d bytes, the longest a name can be",
						tenant, NAMEDATALEN - 1),
				 errdetail("A longer name given as an argument of type name is cut to at most %d bytes, on a character boundary, before schemamig.add_tenant() sees it; that is the tenant registered, and the name schemamig.tenant takes.",
						   NAMEDATALEN - 1)));
	calls_guarded("add_tenant", add_tenant_call, tenant);
	PG_RETURN_VOID();
}

/* 42704 for a name that is not a registered tenant. */
static void
require_tenant(const char *tenant)
{
	if (!catalog_tenant_exists(tenant))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("tenant \"%s\" does not exist", tenant),
				 errhint("schemamig.tenants() lists the registered tenants.")));
}

static void
check_tenant_body(void *arg)
{
	const char *tenant = (const char *) arg;

	require_tenant(tenant);
	execute_require_tenant_path(tenant);
}

/*
 * check_tenant(): before the client or the offline script runs a tenant's
 * non-transactional revision in its own session, with the path it set,
 * what the server checks before it runs a tenant's SQL: 42704 for a tenant
 * that is not registered, 3F000 unless the tenant's schema heads the path,
 * 42501 unless only roles with the caller's privileges own it, may create
 * in it, or own what it holds.
 */
PG_FUNCTION_INFO_V1(schemamig_check_tenant);
Datum
schemamig_check_tenant(PG_FUNCTION_ARGS)
{
	const char *tenant = catalog_tenant();

	if (tenant[0] != '\0')
		with_spi(check_tenant_body, (void *) tenant);
	PG_RETURN_VOID();
}

static void
remove_tenant_body(void *arg)
{
	const char *tenant = (const char *) arg;

	catalog_lock_tenant(tenant);
	require_tenant(tenant);
	if (catalog_tenant_has_applied(tenant))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("cannot remove tenant \"%s\": it has revisions applied", tenant),
				 errdetail("Nothing was removed."),
				 errhint("With SET schemamig.tenant = %s, revert them with SELECT schemamig.downgrade_to('base'), or forget them with SELECT schemamig.stamp('base').",
						 quote_literal_cstr(tenant))));
	catalog_delete_tenant(tenant);
}

static void
remove_tenant_call(void *arg)
{
	with_spi(remove_tenant_body, arg);
}

/*
 * remove_tenant(tenant): forget a tenant that has nothing applied. Its
 * schema and its log rows stay.
 */
PG_FUNCTION_INFO_V1(schemamig_remove_tenant);
Datum
schemamig_remove_tenant(PG_FUNCTION_ARGS)
{
	char	   *tenant = tenant_arg(fcinfo, 0, "remove_tenant");

	calls_guarded("remove_tenant", remove_tenant_call, tenant);
	PG_RETURN_VOID();
}

/* Run a body for a tenant, with the catalog layer working on it. */
static void
as_tenant(const char *tenant, void (*fn) (void *), void *arg)
{
	const char *previous = catalog_set_tenant(tenant);

	PG_TRY();
	{
		fn(arg);
	}
	PG_FINALLY();
	{
		catalog_set_tenant(previous);
	}
	PG_END_TRY();
}

/* What tenants() reports about one tenant. */
typedef struct TenantRow
{
	Datum		current;
	int			pending;
	MemoryContext callcxt;		/* where settled_current lives */
	Datum		settled_current;	/* a settled tenant's current, once known, */
	int64		settled_at;		/* at this generation of the graph */
} TenantRow;

/*
 * A tenant whose state row says settled (every revision applied, one head
 * at most, as upgrade()'s no-op reads it) has nothing pending, and its
 * current revision is the graph's head, the same for every such tenant:
 * its applied set is loaded for the first one of a generation only, which
 * spares 10,000 settled tenants a query each. Not while a call runs, whose
 * revisions change applied sets before their state rows.
 */
static void
describe_tenant(void *arg)
{
	TenantRow  *row = (TenantRow *) arg;
	int64		at;
	bool		settled = !schemamig_call_active && catalog_settled_reading(&at);
	MigGraph   *graph;
	List	   *ids = NIL;
	ListCell   *lc;
	MemoryContext old;

	row->pending = 0;
	if (settled && row->settled_current != (Datum) 0 && row->settled_at == at)
	{
		row->current = row->settled_current;
		return;
	}
	graph = catalog_graph(!schemamig_call_active);
	foreach(lc, graph_current(graph))
		ids = lappend(ids, graph->revs[lfirst_int(lc)].id);
	row->current = schemamig_text_array(ids);
	for (int i = 0; i < graph->nrevs; i++)
		row->pending += graph->revs[i].applied ? 0 : 1;
	/* (the graph may be of a later generation than the state row read) */
	if (settled && graph->generation == at)
	{
		old = MemoryContextSwitchTo(row->callcxt);
		row->settled_current = PointerGetDatum(DatumGetArrayTypePCopy(row->current));
		row->settled_at = at;
		MemoryContextSwitchTo(old);
	}
}

/*
 * tenants(): the registered tenants (not the default ''), ordered by name,
 * each with its current revisions and how many registered revisions it has
 * not applied.
 */
PG_FUNCTION_INFO_V1(schemamig_tenants);
Datum
schemamig_tenants(PG_FUNCTION_ARGS)
{
	MemoryContext callcxt = CurrentMemoryContext;
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	List	   *tenants;
	ListCell   *lc;
	MemoryContext rowcxt;
	TenantRow	row = {0};

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(callcxt);
	tenants = catalog_tenant_list((Datum) 0, true);
	row.callcxt = callcxt;
	rowcxt = AllocSetContextCreate(callcxt, "schemamig tenants", ALLOCSET_DEFAULT_SIZES);
	foreach(lc, tenants)
	{
		CatalogTenant *t = lfirst(lc);
		Datum		values[3];
		bool		nulls[3] = {0};

		MemoryContextSwitchTo(rowcxt);
		as_tenant(t->name, describe_tenant, &row);
		MemoryContextSwitchTo(callcxt);
		values[0] = DirectFunctionCall1(namein, CStringGetDatum(t->name));
		values[1] = row.current;
		values[2] = Int32GetDatum(row.pending);
		tuplestore_putvalues(store, desc, values, nulls);
		MemoryContextReset(rowcxt);
	}
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return (Datum) 0;
}

/* What upgrade_tenants() and migrate_tenants() were asked to do. */
typedef struct TenantsArgs
{
	MigTarget	target;
	bool		all;			/* tenants => NULL */
	Datum		names;			/* name[], when not all */
	List	   *asked;			/* the distinct names asked for */
	bool		commit;			/* migrate_tenants: commit after each */
	Tuplestorestate *store;		/* upgrade_tenants' rows */
	TupleDesc	desc;
	MemoryContext resultcxt;
} TenantsArgs;

/* Two names in a List, for list_sort(): by their bytes, as name sorts. */
static int
name_cmp(const ListCell *a, const ListCell *b)
{
	return strcmp(lfirst(a), lfirst(b));
}

/* Collect the arguments: target, then an optional name[] of tenants. */
static void
tenants_args(FunctionCallInfo fcinfo, const char *fname, TenantsArgs *a)
{
	memset(a, 0, sizeof(*a));
	a->target = plan_parse_target(schemamig_arg_text(fcinfo, 0, fname, "target"),
								  TARGETS_UPGRADE, "upgrade");
	a->all = PG_ARGISNULL(1);
	if (!a->all)
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(1);
		Datum	   *elems;
		bool	   *nulls;
		int			n;
		List	   *names = NIL;
		ListCell   *lc;

		if (ARR_NDIM(arr) > 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s: tenants must be a one-dimensional array", fname)));
		deconstruct_array(arr, NAMEOID, NAMEDATALEN, false, TYPALIGN_CHAR,
						  &elems, &nulls, &n);
		for (int i = 0; i < n; i++)
		{
			if (nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("%s: tenants must not contain NULL", fname)));
			names = lappend(names, pstrdup(NameStr(*DatumGetName(elems[i]))));
		}
		/* in order of name, as the tenants are listed, each once */
		list_sort(names, name_cmp);
		foreach(lc, names)
			if (a->asked == NIL || strcmp(llast(a->asked), lfirst(lc)) != 0)
				a->asked = lappend(a->asked, lfirst(lc));
		a->names = PointerGetDatum(arr);
	}
}

/* The tenants to walk, in order of name: 42704 for any unknown one asked. */
static List *
tenants_to_walk(TenantsArgs *a)
{
	List	   *tenants = catalog_tenant_list(a->names, a->all);
	ListCell   *lc;

	/* (both in order of name: the first asked for that is not listed) */
	if (!a->all && list_length(tenants) < list_length(a->asked))
	{
		ListCell   *t = list_head(tenants);

		foreach(lc, a->asked)
		{
			const char *name = lfirst(lc);

			if (t != NULL && strcmp(((CatalogTenant *) lfirst(t))->name, name) == 0)
			{
				t = lnext(tenants, t);
				continue;
			}
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("tenant \"%s\" does not exist", name),
					 errdetail("Nothing was applied."),
					 errhint("schemamig.tenants() lists the registered tenants; the default tenant '' is upgraded with schemamig.upgrade().")));
		}
	}
	return tenants;
}

/* Name the tenant in the context of any error while it is upgraded. */
static void
tenant_error_callback(void *arg)
{
	errcontext("upgrading tenant \"%s\"", (const char *) arg);
}

typedef struct UpgradeOne
{
	const MigTarget *target;
	int			done;
} UpgradeOne;

static void
upgrade_one(void *arg)
{
	UpgradeOne *u = (UpgradeOne *) arg;

	catalog_lock();
	u->done = schemamig_apply_upgrade(u->target);
}

/*
 * Bring one tenant to the target in the current transaction, report it with
 * one NOTICE and return how many revisions it applied. A tenant the state
 * says is settled needs nothing for 'head' or 'heads', not even its lock.
 */
static int
upgrade_tenant(TenantsArgs *a, CatalogTenant *t)
{
	UpgradeOne	u = {&a->target, 0};
	ErrorContextCallback callback;
	bool		to_head = a->target.kind == TARGET_HEAD || a->target.kind == TARGET_HEADS;

	/*
	 * migrate_tenants() commits between tenants, so a registration may have
	 * come since the list was read: there each tenant's own settled state is
	 * asked under its lock (upgrade_one does).
	 */
	if (t->settled && to_head && !a->commit)
	{
		ereport(NOTICE, (errmsg("tenant \"%s\": already current", t->name)));
		return 0;
	}
	callback.callback = tenant_error_callback;
	callback.arg = t->name;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	as_tenant(t->name, upgrade_one, &u);
	error_context_stack = callback.previous;
	if (u.done > 0)
		ereport(NOTICE,
				(errmsg("tenant \"%s\": applied %d revision%s",
						t->name, u.done, u.done == 1 ? "" : "s")));
	else
		ereport(NOTICE, (errmsg(to_head ? "tenant \"%s\": already current" :
								"tenant \"%s\": nothing to apply", t->name)));
	return u.done;
}

static void
walk_tenants(void *arg)
{
	TenantsArgs *a = (TenantsArgs *) arg;
	List	   *tenants;
	ListCell   *lc;
	MemoryContext walkcxt;
	MemoryContext tenantcxt;
	bool		was_quiet;

	if (SPI_connect_ext(a->commit ? SPI_OPT_NONATOMIC : 0) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect_ext failed");
	/* SPI's procedure context, which outlives the commits */
	walkcxt = CurrentMemoryContext;
	tenants = tenants_to_walk(a);
	tenantcxt = AllocSetContextCreate(walkcxt, "schemamig tenant",
									  ALLOCSET_DEFAULT_SIZES);
	was_quiet = execute_set_quiet(true);
	PG_TRY();
	{
		foreach(lc, tenants)
		{
			CatalogTenant *t = lfirst(lc);
			int			done;

			MemoryContextSwitchTo(tenantcxt);
			done = upgrade_tenant(a, t);
			if (a->store != NULL)
			{
				Datum		values[2];
				bool		nulls[2] = {0};

				MemoryContextSwitchTo(a->resultcxt);
				values[0] = DirectFunctionCall1(namein, CStringGetDatum(t->name));
				values[1] = Int32GetDatum(done);
				tuplestore_putvalues(a->store, a->desc, values, nulls);
			}
			if (a->commit)
			{
				SPI_commit();
				SPI_start_transaction();
			}
			MemoryContextSwitchTo(walkcxt);
			MemoryContextReset(tenantcxt);
		}
	}
	PG_FINALLY();
	{
		execute_set_quiet(was_quiet);
	}
	PG_END_TRY();
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/* upgrade_tenants' walk, every tenant's plan below one subtransaction */
static void
walk_tenants_below(void *arg)
{
	execute_below_subtransaction(walk_tenants, arg);
}

/*
 * upgrade_tenants(target, tenants): apply target to every registered tenant
 * (or the ones named), in order of name, in the caller's transaction: all
 * or nothing. One row and one NOTICE per tenant.
 */
PG_FUNCTION_INFO_V1(schemamig_upgrade_tenants);
Datum
schemamig_upgrade_tenants(PG_FUNCTION_ARGS)
{
	TenantsArgs a;

	tenants_args(fcinfo, "upgrade_tenants", &a);
	a.resultcxt = CurrentMemoryContext;
	a.store = schemamig_result_set(fcinfo, &a.desc);
	calls_guarded("upgrade_tenants", walk_tenants_below, &a);
	return (Datum) 0;
}

/*
 * migrate_tenants(target, tenants): the same, committing after each tenant
 * (each all or nothing), so it must be CALLed outside a transaction block.
 * It stops at the first tenant that fails, with those before it committed.
 */
PG_FUNCTION_INFO_V1(schemamig_migrate_tenants);
Datum
schemamig_migrate_tenants(PG_FUNCTION_ARGS)
{
	TenantsArgs a;

	calls_refuse_nested("migrate_tenants");
	if (!schemamig_can_commit(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
				 errmsg("schemamig.migrate_tenants() cannot run inside a transaction block"),
				 errdetail("It commits after each tenant it upgrades."),
				 errhint("CALL it on its own, outside BEGIN ... COMMIT; or use SELECT schemamig.upgrade_tenants() to upgrade every tenant in the current transaction.")));
	tenants_args(fcinfo, "migrate_tenants", &a);
	a.commit = true;
	calls_guarded("migrate_tenants", walk_tenants, &a);
	PG_RETURN_VOID();
}
