/*-------------------------------------------------------------------------
 *
 * src/catalog_shape.c
 *	  Whether schemamig's tables still have the shape its C code reads.
 *
 * The code takes the columns its queries return, and the rows it reads
 * through schemamig.state's primary key, to be of the types the install
 * scripts gave them. The tables' owner (a superuser's revision, say) could
 * drop a column, change its type or its NOT NULL, or put another index in
 * the key's place, and reading a bigint as text, or a null as a value,
 * would crash the server. So before any such read the tables are compared
 * with what the scripts made: each column the code reads must be there if
 * the tables' version has it (catalog_tables_version()), of its type, and
 * NOT NULL where it is read as never null (the version being that of the
 * newest column there, since a rename could hide the one it is read off);
 * and state_pkey must be the btree over state.tenant once that column
 * exists. The answer is kept until the cache entry of one of those
 * relations is invalidated, as any DDL on them does: a call pays one test,
 * and a revision that changes them fails at the bookkeeping after it, so
 * the change rolls back with it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_index.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "commands/extension.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "catalog.h"

typedef struct ShapeColumn
{
	int			table;			/* index into schemamig_tables[] */
	const char *column;
	Oid			type;
	int			since;			/* there from this catalog_tables_version() on */
	bool		notnull;		/* read as never null */
} ShapeColumn;

/* schemamig's tables, in its schema (guards.c and guards_watch.c too) */
const char *const schemamig_tables[4] = {"revision", "applied", "log", "state"};

static const ShapeColumn columns[] = {
	{0, "id", TEXTOID, 1, true}, {0, "seq", INT8OID, 1, true},
	{0, "parents", TEXTARRAYOID, 1, true}, {0, "message", TEXTOID, 1, true},
	{0, "upgrade", TEXTOID, 1, true}, {0, "downgrade", TEXTOID, 1, false},
	{0, "transactional", BOOLOID, 1, true}, {0, "checksum", TEXTOID, 1, false},
	{0, "registered_at", TIMESTAMPTZOID, 1, true}, {0, "registered_by", NAMEOID, 1, true},
	{0, "author", NAMEOID, 4, true},
	{1, "revision", TEXTOID, 1, true}, {1, "seq", INT8OID, 1, true},
	{1, "applied_at", TIMESTAMPTZOID, 1, true}, {1, "applied_by", NAMEOID, 1, true},
	{1, "duration", INTERVALOID, 1, true}, {1, "checksum", TEXTOID, 1, true},
	{1, "tenant", NAMEOID, 5, true},
	{2, "seq", INT8OID, 3, true}, {2, "action", TEXTOID, 3, true}, {2, "revision", TEXTOID, 3, true},
	{2, "at", TIMESTAMPTZOID, 3, true}, {2, "by", NAMEOID, 3, true},
	{2, "duration", INTERVALOID, 3, true}, {2, "tenant", NAMEOID, 5, true},
	{3, "generation", INT8OID, 1, true}, {3, "settled", INT8OID, 4, false},
	{3, "synced", TEXTOID, 5, false}, {3, "tenant", NAMEOID, 5, true},
};

/* The relations judged (the tables, then state_pkey), while shape_ok. */
static Oid	judged[lengthof(schemamig_tables) + 1];
static bool shape_ok = false;

static void
shape_invalidate(Datum arg, Oid relid)
{
	for (size_t i = 0; shape_ok && i < lengthof(judged); i++)
		shape_ok = OidIsValid(relid) && judged[i] != relid;
}

/* Register the invalidation callback, once per backend (_PG_init()). */
void
catalog_shape_init(void)
{
	CacheRegisterRelcacheCallback(shape_invalidate, (Datum) 0);
}

static void
refuse_shape(const char *what, const char *should, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("%s was changed", what),
			 errdetail("schemamig reads it as %s, as its install and update scripts made it; only they may change the definitions of its tables.",
					   should),
			 errhint("%s", hint)));
}

/* state_pkey must be the unique index over state.tenant, with btree's name operators. */
static void
require_state_pkey(Oid nspid, Oid staterel, AttrNumber tenant)
{
	Oid			pkey = get_relname_relid("state_pkey", nspid);
	HeapTuple	tup = OidIsValid(pkey) ? SearchSysCache1(INDEXRELID, ObjectIdGetDatum(pkey)) : NULL;
	Form_pg_index index;
	bool		isnull;
	Datum		classes;
	bool		ok;

	judged[lengthof(schemamig_tables)] = pkey;
	if (!HeapTupleIsValid(tup))
	{
		refuse_shape("index schemamig.state_pkey", "the primary key of schemamig.state (tenant)",
					 "Give schemamig.state its primary key again: ALTER TABLE schemamig.state ADD CONSTRAINT state_pkey PRIMARY KEY (tenant).");
		return;
	}
	index = (Form_pg_index) GETSTRUCT(tup);
	classes = SysCacheGetAttr(INDEXRELID, tup, Anum_pg_index_indclass, &isnull);
	ok = index->indrelid == staterel && index->indisunique && index->indnatts == 1 &&
		index->indkey.values[0] == tenant && !isnull &&
		((oidvector *) DatumGetPointer(classes))->values[0] == GetDefaultOpClass(NAMEOID, BTREE_AM_OID) &&
		heap_attisnull(tup, Anum_pg_index_indexprs, NULL) &&
		heap_attisnull(tup, Anum_pg_index_indpred, NULL);
	ReleaseSysCache(tup);
	if (!ok)
		refuse_shape("index schemamig.state_pkey", "the primary key of schemamig.state (tenant)",
					 "Drop the index that took its name and give schemamig.state its primary key again: ALTER TABLE schemamig.state ADD CONSTRAINT state_pkey PRIMARY KEY (tenant).");
}

/*
 * Raise unless schemamig's tables have the columns its code reads, of the
 * types it reads them as (never null where it reads them so), and
 * state_pkey is what its name says.
 */
void
catalog_require_shape(void)
{
	Oid			nspid;
	int			version;
	AttrNumber	tenant;

	/* an update script changes them step by step */
	if (shape_ok || creating_extension)
		return;
	/* a revision (or a trigger it fired) ran DROP EXTENSION schemamig */
	if (!OidIsValid(get_extension_oid("schemamig", true)))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("extension \"schemamig\" was dropped"),
				 errdetail("Its tables went with it: schemamig has nowhere to record what it applies.")));
	nspid = get_namespace_oid("schemamig", false);
	version = catalog_tables_version();
	for (size_t t = 0; t < lengthof(schemamig_tables); t++)
		judged[t] = get_relname_relid(schemamig_tables[t], nspid);
	/*
	 * The version is read off a few columns, so the tables are as new as
	 * their newest column: with state.tenant renamed, applied.tenant still
	 * says they are 0.5.0's, and state.tenant is missing.
	 */
	for (size_t c = 0; c < lengthof(columns); c++)
	{
		Oid			relid = judged[columns[c].table];

		if (columns[c].since > version && OidIsValid(relid) &&
			get_attnum(relid, columns[c].column) != InvalidAttrNumber)
			version = columns[c].since;
	}
	for (size_t c = 0; c < lengthof(columns); c++)
	{
		const ShapeColumn *col = &columns[c];
		Oid			relid = judged[col->table];
		HeapTuple	tup = OidIsValid(relid) ? SearchSysCacheAttName(relid, col->column) : NULL;
		char	   *what = psprintf("column %s of schemamig.%s", quote_identifier(col->column), schemamig_tables[col->table]);
		char	   *type = format_type_be(col->type);

		if (!OidIsValid(relid) && version >= col->since)
			refuse_shape(psprintf("table schemamig.%s", schemamig_tables[col->table]), "one of its tables",
						 psprintf("If it was renamed, give it back its name (ALTER TABLE ... RENAME TO %s); if it was dropped, restore the database from a backup taken before, or reinstall the extension.",
								  schemamig_tables[col->table]));
		if (!HeapTupleIsValid(tup))
		{
			if (version >= col->since)
				refuse_shape(what, psprintf("a column of type %s", type),
							 psprintf("If it was renamed, give it back its name (ALTER TABLE schemamig.%s RENAME COLUMN ... TO %s); if it was dropped, restore the database from a backup taken before, or reinstall the extension.",
									  schemamig_tables[col->table], quote_identifier(col->column)));
			continue;
		}
		if (((Form_pg_attribute) GETSTRUCT(tup))->atttypid != col->type)
			refuse_shape(what, type, psprintf("Change it back: ALTER TABLE schemamig.%s ALTER COLUMN %s TYPE %s.",
											  schemamig_tables[col->table], quote_identifier(col->column), type));
		if (col->notnull && !((Form_pg_attribute) GETSTRUCT(tup))->attnotnull)
			refuse_shape(what, psprintf("%s, never null", type),
						 psprintf("Put the constraint back: ALTER TABLE schemamig.%s ALTER COLUMN %s SET NOT NULL.",
								  schemamig_tables[col->table], quote_identifier(col->column)));
		ReleaseSysCache(tup);
	}
	judged[lengthof(schemamig_tables)] = InvalidOid;
	tenant = OidIsValid(judged[3]) ? get_attnum(judged[3], "tenant") : InvalidAttrNumber;
	if (tenant != InvalidAttrNumber)
		require_state_pkey(nspid, judged[3], tenant);
	shape_ok = true;
}
