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

#include "access/parallel.h"
#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "mb/pg_wchar.h"
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

/* True while _PG_init() defines schemamig.tenant: see check_tenant_setting(). */
static bool defining_tenant_setting = false;

/*
 * Why a tenant's name is too long, as an error's detail and hint: a tenant
 * is a schema, and add_tenant() registers a longer name (its argument is of
 * type name) as at most NAMEDATALEN - 1 bytes, cut on a character boundary
 * (pg_mbcliplen(), as the server cuts a name), which the hint names.
 */
static void
tenant_too_long(const char *tenant, char **detail, char **hint)
{
	size_t		len = strlen(tenant);

	*detail = psprintf("A tenant's name is a schema name, at most %d bytes long; this one is %zu.",
					   NAMEDATALEN - 1, len);
	*hint = psprintf("schemamig.add_tenant() cuts a longer name, as every argument of type name is cut, to at most %d bytes on a character boundary: \"%s\".",
					 NAMEDATALEN - 1,
					 pnstrdup(tenant, pg_mbcliplen(tenant, (int) len, NAMEDATALEN - 1)));
}

/*
 * SET schemamig.tenant: a name longer than a schema's can be is refused
 * (42622), as no tenant can have it. A value set before the library was
 * loaded is taken as it is when _PG_init() defines the setting, and
 * catalog_tenant() refuses it on use: a refusal there would only be a
 * WARNING, and leave the default tenant '' in its place, so that the call
 * that loaded the library worked on the database's own applied set. A
 * parallel worker takes the leader's value as it is (as the server's own
 * check_role() does): refused there, every parallel query would fail.
 */
static bool
check_tenant_setting(char **newval, void **extra, GucSource source)
{
	char	   *detail;
	char	   *hint;

	if (defining_tenant_setting || InitializingParallelWorker ||
		*newval == NULL || strlen(*newval) < NAMEDATALEN)
		return true;
	tenant_too_long(*newval, &detail, &hint);
	GUC_check_errcode(ERRCODE_NAME_TOO_LONG);
	GUC_check_errdetail("%s", detail);
	GUC_check_errhint("%s", hint);
	return false;
}

/* Define schemamig.tenant (from _PG_init). */
void
catalog_tenant_init(void)
{
	defining_tenant_setting = true;
	DefineCustomStringVariable("schemamig.tenant",
							   "Whose applied set schemamig's functions work on.",
							   "A tenant registered with schemamig.add_tenant(); '' (the default) is the "
							   "database's own. Revision SQL runs with the tenant's schema first on the search_path.",
							   &tenant_setting,
							   "",
							   PGC_USERSET, 0,
							   check_tenant_setting, NULL, NULL);
	defining_tenant_setting = false;
}

/*
 * The tenant the current call works on. Tables from before 0.5.0 know only
 * the default tenant: another one is refused until ALTER EXTENSION UPDATE.
 * schemamig's own install and update scripts work on the default tenant
 * whatever the session set (their writes fire the guards, which lock and
 * read the state): the tables they run on may have no tenants yet, and a
 * setting must not make CREATE EXTENSION, or the ALTER EXTENSION UPDATE
 * that the refusal above asks for, fail.
 */
const char *
catalog_tenant(void)
{
	const char *tenant = tenant_override ? tenant_override :
		(tenant_setting ? tenant_setting : "");

	if (creating_extension && tenant[0] != '\0' &&
		CurrentExtensionObject == get_extension_oid("schemamig", true))
		return "";
	if (tenant[0] == '\0')
		return tenant;
	/* tables a revision dropped are not tables from before 0.5.0 */
	catalog_require_shape();
	if (catalog_tables_version() < 5)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("schemamig.tenant is set to \"%s\", but the installed schemamig tables have no tenants", tenant),
				 errdetail("Tenants came with schemamig 0.5.0."),
				 errhint("Run ALTER EXTENSION schemamig UPDATE, or RESET schemamig.tenant.")));
	/* set before the library was loaded: see check_tenant_setting() */
	if (strlen(tenant) >= NAMEDATALEN)
	{
		char	   *detail;
		char	   *hint;

		tenant_too_long(tenant, &detail, &hint);
		ereport(ERROR,
				(errcode(ERRCODE_NAME_TOO_LONG),
				 errmsg("schemamig.tenant is set to \"%s\", which is too long for a tenant's name", tenant),
				 errdetail("%s", detail),
				 errhint("%s", hint)));
	}
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
