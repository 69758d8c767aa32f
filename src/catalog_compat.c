/*-------------------------------------------------------------------------
 *
 * src/catalog_compat.c
 *	  Older versions of schemamig's tables, which this library keeps
 *	  serving until ALTER EXTENSION schemamig UPDATE.
 *
 * A library is replaced when the package is upgraded, but the tables stay
 * as the installed version made them until ALTER EXTENSION UPDATE runs.
 * Every query whose text depends on that version is chosen here, so the
 * rest of the catalog layer writes each query once. Before 0.4.0 there is
 * no author column (the role that registered a revision is its author) and
 * no settled column; before 0.2.0 add_revision writes the checksum, and
 * there is no log.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "utils/lsyscache.h"

#include "catalog.h"

static CatalogQuery q_set_generation = {
	.sql = "UPDATE schemamig.state SET generation = $1,"
	" settled = CASE WHEN $2 THEN $1 END",
	.nargs = 2,
	.argtypes = {INT8OID, BOOLOID}
};
static CatalogQuery q_revisions = {
	.sql = "SELECT id, seq, parents, message, transactional, checksum, author"
	" FROM schemamig.revision",
	.nargs = 0
};
static CatalogQuery q_insert_revision = {
	.sql = "INSERT INTO schemamig.revision"
	" (id, parents, message, upgrade, downgrade, transactional, registered_by, author)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
	.nargs = 7,
	.argtypes = {TEXTOID, TEXTARRAYOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NAMEOID}
};

/* before 0.4.0 */
static CatalogQuery q_set_generation_v3 = {
	.sql = "UPDATE schemamig.state SET generation = $1",
	.nargs = 1,
	.argtypes = {INT8OID}
};
static CatalogQuery q_revisions_v3 = {
	.sql = "SELECT id, seq, parents, message, transactional, checksum, registered_by"
	" FROM schemamig.revision",
	.nargs = 0
};
static CatalogQuery q_insert_revision_v3 = {
	.sql = "INSERT INTO schemamig.revision"
	" (id, parents, message, upgrade, downgrade, transactional, registered_by)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7)",
	.nargs = 7,
	.argtypes = {TEXTOID, TEXTARRAYOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NAMEOID}
};
/* before 0.2.0 */
static CatalogQuery q_insert_revision_v1 = {
	.sql = "INSERT INTO schemamig.revision"
	" (id, parents, message, upgrade, downgrade, transactional, registered_by, checksum)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	.nargs = 8,
	.argtypes = {TEXTOID, TEXTARRAYOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NAMEOID, TEXTOID}
};
static CatalogQuery q_insert_applied_v1 = {
	.sql = "INSERT INTO schemamig.applied"
	" (revision, applied_at, applied_by, duration, checksum)"
	" VALUES ($1, $2, $5, $3, $4)",
	.nargs = 5,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, TEXTOID, NAMEOID}
};
static CatalogQuery q_delete_applied_v1 = {
	.sql = "DELETE FROM schemamig.applied WHERE revision OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {TEXTOID}
};
/* since 0.2.0 */
static CatalogQuery q_insert_applied = {
	.sql = "WITH a AS (INSERT INTO schemamig.applied"
	" (revision, applied_at, applied_by, duration, checksum)"
	" VALUES ($1, $2, $5, $3, $4)"
	" RETURNING revision, applied_at, applied_by, duration)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'upgrade', revision, applied_at, applied_by, duration FROM a",
	.nargs = 5,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, TEXTOID, NAMEOID}
};
static CatalogQuery q_delete_applied = {
	.sql = "WITH d AS (DELETE FROM schemamig.applied"
	" WHERE revision OPERATOR(pg_catalog.=) $1 RETURNING revision)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'downgrade', revision, $2, $4, $3 FROM d",
	.nargs = 4,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, NAMEOID}
};

/* The variants of each query, newest first, with the version they need. */
typedef struct CompatVariant
{
	int			since;			/* tables_version() at least this */
	CatalogQuery *q;
} CompatVariant;

static const CompatVariant variants[CQ_COUNT][3] = {
	[CQ_SET_GENERATION] = {{4, &q_set_generation}, {1, &q_set_generation_v3}},
	[CQ_REVISIONS] = {{4, &q_revisions}, {1, &q_revisions_v3}},
	[CQ_INSERT_REVISION] = {{4, &q_insert_revision}, {3, &q_insert_revision_v3},
	{1, &q_insert_revision_v1}},
	[CQ_INSERT_APPLIED] = {{3, &q_insert_applied}, {1, &q_insert_applied_v1}},
	[CQ_DELETE_APPLIED] = {{3, &q_delete_applied}, {1, &q_delete_applied_v1}},
};

/*
 * Which version of the tables is installed: 1 before 0.2.0 (no log), 3
 * before 0.4.0 (no author), 4 since.
 */
int
catalog_tables_version(void)
{
	Oid			nspid = get_namespace_oid("schemamig", false);
	Oid			relid = get_relname_relid("revision", nspid);

	if (!OidIsValid(get_relname_relid("log", nspid)))
		return 1;
	if (get_attnum(relid, "author") == InvalidAttrNumber)
		return 3;
	return 4;
}

/* The query of that kind written for the tables installed. */
CatalogQuery *
catalog_compat_query(CatalogCompatQuery which)
{
	int			version = catalog_tables_version();

	for (int v = 0; v < (int) lengthof(variants[which]); v++)
	{
		if (variants[which][v].q != NULL && version >= variants[which][v].since)
			return variants[which][v].q;
	}
	elog(ERROR, "no query %d for version %d of schemamig's tables", (int) which, version);
	return NULL;				/* keep compiler quiet */
}
