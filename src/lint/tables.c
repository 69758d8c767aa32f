/*-------------------------------------------------------------------------
 *
 * src/lint/tables.c
 *	  The tables as the plan leaves them, statement by statement: those it
 *	  creates, drops, renames or moves, and the catalog's otherwise, each
 *	  measured (rows and size, a hierarchy's together) without a lock.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/relation.h"
#include "catalog/namespace.h"
#include "catalog/pg_inherits.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "lint.h"

/*
 * The namespace an unqualified name in CREATE lands in (the first schema on
 * the search_path), or the one named; InvalidOid when there is none (the
 * statement would fail).
 */
static Oid
creation_namespace(const RangeVar *rv)
{
	List	   *path;

	if (rv->schemaname)
		return get_namespace_oid(rv->schemaname, true);
	path = fetch_search_path(false);
	return path != NIL ? linitial_oid(path) : InvalidOid;
}

/* "schema.table" for a name in a namespace. */
static char *
qualified(Oid nspid, const char *relname)
{
	return quote_qualified_identifier(get_namespace_name(nspid), relname);
}

/*
 * A temporary table lands in the session's own temporary schema, which
 * lint does not create (that would write the catalog) and which comes
 * first on every search_path: the plan notes it as "pg_temp.table".
 */
static bool
temp_name(const RangeVar *rv)
{
	return rv->relpersistence == RELPERSISTENCE_TEMP ||
		(rv->schemaname != NULL && strcmp(rv->schemaname, "pg_temp") == 0);
}

/* Is this quoted qualified name in a set of the plan's (created, dropped)? */
static bool
in_set(HTAB *set, const char *name)
{
	char		key[LINT_NAME_LEN] = {0};

	strlcpy(key, name, sizeof(key));
	return hash_search(set, key, HASH_FIND, NULL) != NULL;
}

void
lint_add_to_set(HTAB *set, const char *name)
{
	char		key[LINT_NAME_LEN] = {0};

	strlcpy(key, name, sizeof(key));
	(void) hash_search(set, key, HASH_ENTER, NULL);
}

static void
remove_from_set(HTAB *set, const char *name)
{
	char		key[LINT_NAME_LEN] = {0};

	strlcpy(key, name, sizeof(key));
	(void) hash_search(set, key, HASH_REMOVE, NULL);
}

/*
 * The existing table an earlier statement of the plan renamed or moved to
 * this name (and nothing dropped or moved away since), if any.
 */
static Oid
moved_here(LintState *st, const char *name)
{
	char		key[LINT_NAME_LEN] = {0};
	MovedTable *m;

	strlcpy(key, name, sizeof(key));
	m = hash_search(st->moved, key, HASH_FIND, NULL);
	return m != NULL && !in_set(st->dropped, name) ? m->relid : InvalidOid;
}

/* Did the plan create this table (by its quoted qualified name)? */
static bool
created(LintState *st, const char *name)
{
	return in_set(st->created, name);
}

/*
 * The storage of one relation: its bytes, the real size when it is free to
 * look at and pg_class's otherwise, and pg_class's row estimate (-1: not
 * yet counted). A relation dropped meanwhile has none.
 */
static int64
relation_bytes(Oid relid, float4 *reltuples)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	int64		bytes = 0;
	bool		storage;

	*reltuples = -1;
	if (!HeapTupleIsValid(tup))
		return 0;
	*reltuples = ((Form_pg_class) GETSTRUCT(tup))->reltuples;
	storage = RELKIND_HAS_STORAGE(((Form_pg_class) GETSTRUCT(tup))->relkind);
	if (storage)
		bytes = (int64) ((Form_pg_class) GETSTRUCT(tup))->relpages * BLCKSZ;
	ReleaseSysCache(tup);

	if (storage && ConditionalLockRelationOid(relid, AccessShareLock))
	{
		/* (found without a lock, it may be gone by now) */
		Relation	rel = try_relation_open(relid, NoLock);

		if (rel != NULL)
		{
			bytes = (int64) RelationGetNumberOfBlocks(rel) * BLCKSZ;
			relation_close(rel, NoLock);
		}
		UnlockRelationOid(relid, AccessShareLock);
	}
	return bytes;
}

/*
 * Rows and size of an existing table, without waiting for any lock. With
 * inh (the name without ONLY), a partitioned table or an inheritance parent
 * is measured with everything under it: a statement on it locks, rewrites,
 * scans or empties its partitions or children too, and a partitioned
 * table has no rows of its own. The members are found without a lock: an
 * estimate, as the rest is.
 */
static void
measure(LintTable *t, bool inh)
{
	List	   *members;
	ListCell   *lc;
	double		rows = 0;
	bool		uncounted = false;
	int64		bytes = 0;
	const char *under = "";

	/* (relhassubclass may outlive the last child: then it is alone) */
	members = inh && has_subclass(t->relid) ?
		find_all_inheritors(t->relid, NoLock, NULL) : NIL;
	if (list_length(members) < 2)
	{
		float4		reltuples;

		bytes = relation_bytes(t->relid, &reltuples);
		t->has_rows = bytes > 0 && reltuples != 0;
		uncounted = reltuples < 0;
		rows = reltuples;
	}
	else
	{
		foreach(lc, members)
		{
			float4		reltuples;
			int64		b = relation_bytes(lfirst_oid(lc), &reltuples);

			/* an empty partition never analyzed holds no rows either */
			if (b > 0 && reltuples < 0)
				uncounted = true;
			else if (b > 0 && reltuples > 0)
				rows += reltuples;
			if (b > 0 && reltuples != 0)
				t->has_rows = true;
			bytes += b;
		}
		under = get_rel_relkind(t->relid) == RELKIND_PARTITIONED_TABLE ?
			psprintf(" in %d partition%s", list_length(members) - 1,
					 list_length(members) == 2 ? "" : "s") :
			psprintf(" with its %d child table%s", list_length(members) - 1,
					 list_length(members) == 2 ? "" : "s");
	}
	t->size = psprintf("%s%s, %s",
					   uncounted ? "rows not yet counted by ANALYZE" :
					   psprintf("about " INT64_FORMAT " rows", (int64) rows),
					   under,
					   text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_size_pretty,
																		  Int64GetDatum(bytes)))));
}

/*
 * Look a table up as the statement would find it: new when the plan
 * created it; existing when the catalog has it; otherwise unknown.
 */
LintTable
lint_lookup_table(LintState *st, const RangeVar *rv)
{
	LintTable	t = {InvalidOid, NULL, false, false, NULL, InvalidOid};
	Oid			nspid = creation_namespace(rv);

	/* a temporary table the plan created hides any other of its name */
	if (rv->schemaname == NULL || temp_name(rv))
	{
		char	   *temp = quote_qualified_identifier("pg_temp", rv->relname);

		if (created(st, temp))
		{
			t.name = temp;
			t.is_new = true;
			return t;
		}
	}

	/*
	 * An unqualified name finds a table the plan created, renamed or moved
	 * first on the path.
	 */
	if (OidIsValid(nspid))
	{
		t.name = qualified(nspid, rv->relname);
		t.nspid = nspid;
		if (created(st, t.name))
		{
			t.is_new = true;
			return t;
		}
		if (OidIsValid(t.relid = moved_here(st, t.name)))
		{
			measure(&t, rv->inh);
			return t;
		}
	}
	t.relid = RangeVarGetRelid(rv, NoLock, true);
	if (!OidIsValid(t.relid))
		return t;
	t.nspid = get_rel_namespace(t.relid);
	t.name = qualified(t.nspid, get_rel_name(t.relid));
	/* the plan dropped it, or renamed or moved it away, before */
	if (in_set(st->dropped, t.name))
	{
		t.relid = InvalidOid;
		return t;
	}
	measure(&t, rv->inh);
	return t;
}

/*
 * A table by OID, as lookup_table would give it: measured with the
 * hierarchy under it when inh, new when the plan created one of its name.
 */
LintTable
lint_table_by_oid(LintState *st, Oid relid, bool inh)
{
	LintTable	t = {relid, NULL, false, false, NULL, get_rel_namespace(relid)};

	t.name = qualified(t.nspid, get_rel_name(relid));
	if (created(st, t.name))
		t.is_new = true;
	else
		measure(&t, inh);
	return t;
}

/*
 * Remember a table the plan creates (or re-creates). With IF NOT EXISTS the
 * server creates nothing when a relation of the name is there: in the
 * catalog (and not dropped by the plan), or created by the plan already.
 */
bool
lint_note_created(LintState *st, const RangeVar *rv, bool if_not_exists)
{
	Oid			nspid;
	char	   *name;

	if (temp_name(rv))
	{
		lint_add_to_set(st->created, quote_qualified_identifier("pg_temp", rv->relname));
		return true;
	}
	nspid = creation_namespace(rv);
	if (!OidIsValid(nspid))
		return false;
	name = qualified(nspid, rv->relname);
	if (if_not_exists &&
		((OidIsValid(get_relname_relid(rv->relname, nspid)) && !in_set(st->dropped, name)) ||
		 OidIsValid(moved_here(st, name))))
		return false;
	lint_add_to_set(st->created, name);
	return true;
}

/*
 * A table a statement renames, or moves to another schema: the later
 * statements of the plan find it under its new name, and no longer under
 * its old one.
 */
void
lint_note_moved(LintState *st, const LintTable *t, Oid nspid, const char *relname)
{
	char	   *to;
	MovedTable *m;
	char		key[LINT_NAME_LEN] = {0};

	if (t->name == NULL || !OidIsValid(nspid) || !OidIsValid(t->nspid))
		return;
	to = qualified(nspid, relname);
	if (t->is_new)
	{
		lint_add_to_set(st->created, to);
		return;
	}
	if (!OidIsValid(t->relid))
		return;
	lint_add_to_set(st->dropped, t->name);
	remove_from_set(st->dropped, to);
	strlcpy(key, to, sizeof(key));
	m = hash_search(st->moved, key, HASH_ENTER, NULL);
	m->relid = t->relid;
}

/* A statement that takes ACCESS EXCLUSIVE on the one table it names. */
void
lint_table_access_exclusive(LintState *st, const RangeVar *rv, const char *what)
{
	LintTable	t = lint_lookup_table(st, rv);

	lint_access_exclusive(st, &t, what);
}
