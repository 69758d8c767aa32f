/*-------------------------------------------------------------------------
 *
 * src/catalog_compat.c
 *	  Older versions of schemamig's tables, which this library keeps
 *	  serving until ALTER EXTENSION schemamig UPDATE.
 *
 * A library is replaced when the package is upgraded, but the tables stay
 * as the installed version made them until ALTER EXTENSION UPDATE runs.
 * Every query whose text depends on that version is chosen here, so the
 * rest of the catalog layer writes each query once. Before 0.5.0 there are
 * no tenants: one applied set, one state row, and no tenant column (every
 * query for 0.5.0 takes the tenant as its last parameter, which the older
 * ones, having fewer, ignore). Before 0.4.0 there is
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

/*
 * Since 0.5.0: one applied set, log and state row per tenant. The state row
 * of the default tenant '' carries the graph's generation (it moves when
 * revisions or the default tenant's applied set change); a tenant's row
 * moves with its own applied set, and its settled column holds the graph's
 * generation at which nothing was pending for it. Every tenant's row also
 * keeps, while it is settled, the digest of the registered revisions at
 * that generation (synced; see digest.c), for up_to_date().
 */
static CatalogQuery q_generation_v5 = {
	.sql = "SELECT tenant, generation FROM schemamig.state"
	" WHERE tenant OPERATOR(pg_catalog.=) '' OR tenant OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {NAMEOID}
};
static CatalogQuery q_set_generation_v5 = {
	.sql = "UPDATE schemamig.state SET generation = $1,"
	" settled = CASE WHEN $2 AND ($3 OPERATOR(pg_catalog.<>) '' OR generation OPERATOR(pg_catalog.=) $5)"
	" THEN CASE WHEN $3 OPERATOR(pg_catalog.=) '' THEN $1 ELSE $5 END END,"
	" synced = CASE WHEN $2 AND ($3 OPERATOR(pg_catalog.<>) '' OR generation OPERATOR(pg_catalog.=) $5)"
	" THEN $4 END"
	" WHERE tenant OPERATOR(pg_catalog.=) $3",
	.nargs = 5,
	.argtypes = {INT8OID, BOOLOID, NAMEOID, TEXTOID, INT8OID}
};
static CatalogQuery q_set_settled_v5 = {
	.sql = "UPDATE schemamig.state SET"
	" settled = CASE WHEN $1 AND ($2 OPERATOR(pg_catalog.<>) '' OR generation OPERATOR(pg_catalog.=) $4)"
	" THEN $4 END,"
	" synced = CASE WHEN $1 AND ($2 OPERATOR(pg_catalog.<>) '' OR generation OPERATOR(pg_catalog.=) $4)"
	" THEN $3 END"
	" WHERE tenant OPERATOR(pg_catalog.=) $2",
	.nargs = 4,
	.argtypes = {BOOLOID, NAMEOID, TEXTOID, INT8OID}
};
/* the digest a tenant's row keeps while it is settled */
static CatalogQuery q_synced_v5 = {
	.sql = "SELECT synced FROM schemamig.state WHERE tenant OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {NAMEOID}
};
static CatalogQuery q_applied_v5 = {
	.sql = "SELECT revision, seq, applied_at, applied_by, duration, checksum"
	" FROM schemamig.applied WHERE tenant OPERATOR(pg_catalog.=) $1",
	.nargs = 1,
	.argtypes = {NAMEOID}
};
/* the first of the ids ($1) applied with other SQL than it has now */
static CatalogQuery q_changed_v5 = {
	.sql = "SELECT u.id FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.applied AS a ON a.revision OPERATOR(pg_catalog.=) u.id"
	" AND a.tenant OPERATOR(pg_catalog.=) $2"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id"
	" WHERE r.checksum IS NULL OR a.checksum IS NULL OR r.checksum OPERATOR(pg_catalog.<>) a.checksum"
	" ORDER BY u.ord LIMIT 1",
	.nargs = 2,
	.argtypes = {TEXTARRAYOID, NAMEOID}
};
static CatalogQuery q_insert_applied_v5 = {
	.sql = "WITH a AS (INSERT INTO schemamig.applied"
	" (tenant, revision, applied_at, applied_by, duration, checksum)"
	" SELECT $6, r.id, $2, $5, $3, $4 FROM schemamig.revision AS r"
	" WHERE r.id OPERATOR(pg_catalog.=) $1"
	" RETURNING tenant, revision, applied_at, applied_by, duration)"
	" INSERT INTO schemamig.log (tenant, action, revision, at, by, duration)"
	" SELECT tenant, 'upgrade', revision, applied_at, applied_by, duration FROM a",
	.nargs = 6,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, TEXTOID, NAMEOID, NAMEOID}
};
static CatalogQuery q_delete_applied_v5 = {
	.sql = "WITH d AS (DELETE FROM schemamig.applied"
	" WHERE revision OPERATOR(pg_catalog.=) $1 AND tenant OPERATOR(pg_catalog.=) $5"
	" RETURNING revision)"
	" INSERT INTO schemamig.log (tenant, action, revision, at, by, duration)"
	" SELECT $5, 'downgrade', revision, $2, $4, $3 FROM d",
	.nargs = 5,
	.argtypes = {TEXTOID, TIMESTAMPTZOID, INTERVALOID, NAMEOID, NAMEOID}
};
static CatalogQuery q_stamp_add_v5 = {
	.sql = "WITH a AS (INSERT INTO schemamig.applied"
	" (tenant, revision, applied_at, applied_by, duration, checksum)"
	" SELECT $3, r.id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval, r.checksum"
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id ORDER BY u.ord"
	" RETURNING tenant, revision, applied_at, applied_by, duration, seq)"
	" INSERT INTO schemamig.log (tenant, action, revision, at, by, duration)"
	" SELECT tenant, 'stamp', revision, applied_at, applied_by, duration FROM a ORDER BY seq",
	.nargs = 3,
	.argtypes = {TEXTARRAYOID, NAMEOID, NAMEOID}
};
static CatalogQuery q_stamp_remove_v5 = {
	.sql = "WITH d AS (DELETE FROM schemamig.applied"
	" WHERE revision OPERATOR(pg_catalog.=) ANY ($1) AND tenant OPERATOR(pg_catalog.=) $3"
	" RETURNING revision)"
	" INSERT INTO schemamig.log (tenant, action, revision, at, by, duration)"
	" SELECT $3, 'stamp', u.id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval"
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" WHERE u.id OPERATOR(pg_catalog.=) ANY (SELECT revision FROM d) ORDER BY u.ord",
	.nargs = 3,
	.argtypes = {TEXTARRAYOID, NAMEOID, NAMEOID}
};

/* since 0.4.0, before 0.5.0 */
static CatalogQuery q_generation = {
	.sql = "SELECT ''::pg_catalog.name, generation FROM schemamig.state",
	.nargs = 0
};
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
/* the SQL of the revisions named, in that order, with its author */
#define Q_SQL(author) \
	"SELECT r.id, r.upgrade, r.downgrade, r." author "::pg_catalog.text" \
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)" \
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id" \
	" ORDER BY u.ord"
static CatalogQuery q_sql = {
	.sql = Q_SQL("author"),
	.nargs = 1,
	.argtypes = {TEXTARRAYOID}
};
static CatalogQuery q_insert_revision = {
	.sql = "INSERT INTO schemamig.revision"
	" (id, parents, message, upgrade, downgrade, transactional, registered_by, author)"
	" VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
	.nargs = 7,
	.argtypes = {TEXTOID, TEXTARRAYOID, TEXTOID, TEXTOID, TEXTOID, BOOLOID, NAMEOID}
};

static CatalogQuery q_set_settled = {
	.sql = "UPDATE schemamig.state SET settled = CASE WHEN $1 THEN generation END",
	.nargs = 1,
	.argtypes = {BOOLOID}
};
static CatalogQuery q_settled = {
	.sql = "SELECT settled OPERATOR(pg_catalog.=) generation FROM schemamig.state",
	.nargs = 0
};
static CatalogQuery q_changed = {
	.sql = "SELECT u.id FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.applied AS a ON a.revision OPERATOR(pg_catalog.=) u.id"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id"
	" WHERE r.checksum IS NULL OR a.checksum IS NULL OR r.checksum OPERATOR(pg_catalog.<>) a.checksum"
	" ORDER BY u.ord LIMIT 1",
	.nargs = 2,
	.argtypes = {TEXTARRAYOID, NAMEOID}
};
static CatalogQuery q_applied = {
	.sql = "SELECT revision, seq, applied_at, applied_by, duration, checksum"
	" FROM schemamig.applied",
	.nargs = 0
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
static CatalogQuery q_sql_v3 = {
	.sql = Q_SQL("registered_by"),	/* its author */
	.nargs = 1,
	.argtypes = {TEXTARRAYOID}
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
/* since 0.2.0, before 0.5.0 */
static CatalogQuery q_stamp_add = {
	.sql = "WITH a AS (INSERT INTO schemamig.applied"
	" (revision, applied_at, applied_by, duration, checksum)"
	" SELECT r.id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval, r.checksum"
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" JOIN schemamig.revision AS r ON r.id OPERATOR(pg_catalog.=) u.id ORDER BY u.ord"
	" RETURNING revision, applied_at, applied_by, duration, seq)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'stamp', revision, applied_at, applied_by, duration FROM a ORDER BY seq",
	.nargs = 2,
	.argtypes = {TEXTARRAYOID, NAMEOID}
};
static CatalogQuery q_stamp_remove = {
	.sql = "WITH d AS (DELETE FROM schemamig.applied"
	" WHERE revision OPERATOR(pg_catalog.=) ANY ($1) RETURNING revision)"
	" INSERT INTO schemamig.log (action, revision, at, by, duration)"
	" SELECT 'stamp', u.id, pg_catalog.clock_timestamp(), $2, '0'::pg_catalog.interval"
	" FROM pg_catalog.unnest($1) WITH ORDINALITY AS u (id, ord)"
	" WHERE u.id OPERATOR(pg_catalog.=) ANY (SELECT revision FROM d) ORDER BY u.ord",
	.nargs = 2,
	.argtypes = {TEXTARRAYOID, NAMEOID}
};
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
	[CQ_GENERATION] = {{5, &q_generation_v5}, {1, &q_generation}},
	[CQ_SET_GENERATION] = {{5, &q_set_generation_v5}, {4, &q_set_generation},
	{1, &q_set_generation_v3}},
	[CQ_SET_SETTLED] = {{5, &q_set_settled_v5}, {4, &q_set_settled}},
	[CQ_SETTLED] = {{4, &q_settled}},	/* 0.5.0's tables: catalog_settled() reads them itself */
	[CQ_SYNCED] = {{5, &q_synced_v5}},
	[CQ_REVISIONS] = {{4, &q_revisions}, {1, &q_revisions_v3}},
	[CQ_SQL] = {{4, &q_sql}, {1, &q_sql_v3}},
	[CQ_APPLIED] = {{5, &q_applied_v5}, {1, &q_applied}},
	[CQ_CHANGED] = {{5, &q_changed_v5}, {1, &q_changed}},
	[CQ_INSERT_REVISION] = {{4, &q_insert_revision}, {3, &q_insert_revision_v3},
	{1, &q_insert_revision_v1}},
	[CQ_INSERT_APPLIED] = {{5, &q_insert_applied_v5}, {3, &q_insert_applied},
	{1, &q_insert_applied_v1}},
	[CQ_DELETE_APPLIED] = {{5, &q_delete_applied_v5}, {3, &q_delete_applied},
	{1, &q_delete_applied_v1}},
	[CQ_STAMP_ADD] = {{5, &q_stamp_add_v5}, {3, &q_stamp_add}},
	[CQ_STAMP_REMOVE] = {{5, &q_stamp_remove_v5}, {3, &q_stamp_remove}},
};

/*
 * Which version of the tables is installed: 1 before 0.2.0 (no log), 3
 * before 0.4.0 (no author), 4 before 0.5.0 (no tenants), 5 since.
 */
int
catalog_tables_version(void)
{
	Oid			nspid = get_namespace_oid("schemamig", false);
	Oid			relid = get_relname_relid("revision", nspid);

	if (get_attnum(get_relname_relid("state", nspid), "tenant") != InvalidAttrNumber)
		return 5;
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
