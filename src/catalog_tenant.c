/*-------------------------------------------------------------------------
 *
 * src/catalog_tenant.c
 *	  Whose applied set the catalog layer works on (the setting
 *	  schemamig.tenant), and the registry of tenants.
 *
 * A tenant is a schema that gets the shared revision graph applied on its
 * own: its own applied rows, log rows and state row, keyed by its name. The
 * default tenant '' is the database's own applied set, as before tenants
 * existed. The registry is schemamig.state itself: a tenant is registered
 * when it has a state row.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "catalog.h"

/* schemamig.tenant: '' is the default tenant */
static char *tenant_setting = NULL;

/* Set by upgrade_tenants() and migrate_tenants() for the tenant they are on. */
static const char *tenant_override = NULL;

static CatalogQuery q_tenant_exists = {
	.sql = "SELECT 1 FROM schemamig.state WHERE tenant OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {NAMEOID}
};
static CatalogQuery q_insert_tenant = {
	.sql = "INSERT INTO schemamig.state (tenant, generation) VALUES ($1, 0)",
	.nargs = 1,
	.argtypes = {NAMEOID}
};
static CatalogQuery q_tenant_applied = {
	.sql = "SELECT 1 FROM schemamig.applied WHERE tenant OPERATOR(pg_catalog.=) $1 LIMIT 1",
	.nargs = 1,
	.argtypes = {NAMEOID}
};
static CatalogQuery q_delete_tenant = {
	.sql = "DELETE FROM schemamig.state WHERE tenant OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {NAMEOID}
};
static CatalogQuery q_tenant_list = {
	.sql = "SELECT t.tenant, t.settled OPERATOR(pg_catalog.=) d.generation"
	" FROM schemamig.state AS t, schemamig.state AS d"
	" WHERE d.tenant OPERATOR(pg_catalog.=) '' AND t.tenant OPERATOR(pg_catalog.<>) ''"
	" AND ($1 IS NULL OR t.tenant OPERATOR(pg_catalog.=) ANY ($1))"
	" ORDER BY t.tenant",
	.nargs = 1,
	.argtypes = {NAMEARRAYOID}
};

/* Define schemamig.tenant (from _PG_init). */
void
catalog_tenant_init(void)
{
	DefineCustomStringVariable("schemamig.tenant",
							   "Whose applied set schemamig's functions work on.",
							   "A tenant registered with schemamig.add_tenant(); '' (the default) is the "
							   "database's own. Revision SQL runs with the tenant's schema first on the search_path.",
							   &tenant_setting,
							   "",
							   PGC_USERSET, 0,
							   NULL, NULL, NULL);
}

/*
 * The tenant the current call works on. Tables from before 0.5.0 know only
 * the default tenant: another one is refused until ALTER EXTENSION UPDATE.
 */
const char *
catalog_tenant(void)
{
	const char *tenant = tenant_override ? tenant_override :
		(tenant_setting ? tenant_setting : "");

	if (tenant[0] != '\0' && catalog_tables_version() < 5)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("schemamig.tenant is set to \"%s\", but the installed schemamig tables have no tenants", tenant),
				 errdetail("Tenants came with schemamig 0.5.0."),
				 errhint("Run ALTER EXTENSION schemamig UPDATE, or RESET schemamig.tenant.")));
	if (strlen(tenant) >= NAMEDATALEN)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("tenant \"%s\" does not exist", tenant),
				 errdetail("A tenant's name is a schema name, at most %d bytes long.", NAMEDATALEN - 1)));
	return tenant;
}

/*
 * Work on this tenant instead of the setting's (NULL: the setting's again),
 * for upgrade_tenants() and migrate_tenants(). Returns the previous one.
 */
const char *
catalog_set_tenant(const char *tenant)
{
	const char *previous = tenant_override;

	tenant_override = tenant;
	return previous;
}

/* Run a query whose one parameter is a tenant's name; rows processed. */
static uint64
run_for_tenant(CatalogQuery *q, const char *tenant, int expected, long count)
{
	Datum		values[1];

	values[0] = catalog_name_datum(tenant);
	catalog_run_query(q, values, NULL, expected, count);
	return SPI_processed;
}

/* Is this a registered tenant (or the default one)? */
bool
catalog_tenant_exists(const char *tenant)
{
	return run_for_tenant(&q_tenant_exists, tenant, SPI_OK_SELECT, 1) > 0;
}

/* Register a tenant: its state row. */
void
catalog_insert_tenant(const char *tenant)
{
	catalog_require_written(run_for_tenant(&q_insert_tenant, tenant, SPI_OK_INSERT, 0),
							"schemamig.state", psprintf("tenant \"%s\" was not registered", tenant));
}

/* Does a tenant have any revision applied? */
bool
catalog_tenant_has_applied(const char *tenant)
{
	return run_for_tenant(&q_tenant_applied, tenant, SPI_OK_SELECT, 1) > 0;
}

/* Forget a tenant: its state row (its log rows stay). */
void
catalog_delete_tenant(const char *tenant)
{
	catalog_require_written(run_for_tenant(&q_delete_tenant, tenant, SPI_OK_DELETE, 0),
							"schemamig.state", psprintf("tenant \"%s\" was not removed", tenant));
}

/*
 * The registered tenants (not the default one), ordered by name, as a list
 * of CatalogTenant in CurrentMemoryContext; only those named in names, when
 * it is not NULL (a name[] datum). One query.
 */
List *
catalog_tenant_list(Datum names, bool names_null)
{
	Datum		values[1];
	char		nulls[1] = {names_null ? 'n' : ' '};
	List	   *result = NIL;
	SPITupleTable *tt;

	values[0] = names;
	catalog_run_query(&q_tenant_list, values, nulls, SPI_OK_SELECT, 0);
	tt = SPI_tuptable;
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		CatalogTenant *t = palloc(sizeof(CatalogTenant));
		bool		isnull;
		Datum		settled;

		t->name = pstrdup(NameStr(*DatumGetName(SPI_getbinval(tt->vals[r], tt->tupdesc, 1, &isnull))));
		settled = SPI_getbinval(tt->vals[r], tt->tupdesc, 2, &isnull);
		t->settled = !isnull && DatumGetBool(settled);
		result = lappend(result, t);
	}
	SPI_freetuptable(tt);
	return result;
}
