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

#include "access/genam.h"
#include "access/relation.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/varlena.h"

#include "lint.h"

/*
 * A temporary table lands in the session's own temporary schema, which
 * lint does not create (that would write the catalog): the plan notes it
 * as "pg_temp.table".
 */
static bool
temp_name(const RangeVar *rv)
{
	return rv->relpersistence == RELPERSISTENCE_TEMP ||
		(rv->schemaname != NULL && strcmp(rv->schemaname, "pg_temp") == 0);
}

/* The entry of a table keyed by a name (cut to LINT_NAME_LEN). */
static void *
name_entry(HTAB *table, const char *name, HASHACTION action, bool *found)
{
	char		key[LINT_NAME_LEN] = {0};

	strlcpy(key, name, sizeof(key));
	return hash_search(table, key, action, found);
}

/*
 * The names of the plan's record under a schema, by the schema's quoted
 * name and a dot (NULL: none yet, when create is false).
 */
static PlanNamesIn *
plan_names_in(LintState *st, const char *prefix, bool create)
{
	bool		found;
	PlanNamesIn *in = name_entry(st->names_in, prefix, create ? HASH_ENTER : HASH_FIND, &found);

	if (in != NULL && !found)
		in->names = NIL;
	return in;
}

/*
 * The plan's record of a schema-qualified name; NULL when it has none. A
 * name entered is listed under its schema too (the quoted schema name ends
 * at the first dot outside double quotes); move_plan_names(), the one that
 * removes names, takes them off the list too.
 */
static PlanName *
plan_name(LintState *st, const char *name, HASHACTION action)
{
	bool		found;
	PlanName   *p = name_entry(st->names, name, action, &found);

	if (action == HASH_ENTER && !found)
	{
		bool		quoted = false;
		const char *dot;
		char		prefix[LINT_NAME_LEN];
		PlanNamesIn *in;
		MemoryContext old;

		for (dot = p->name; *dot != '\0' && (quoted || *dot != '.'); dot++)
		{
			if (*dot == '"')
				quoted = !quoted;
		}
		/* (the dot too) */
		strlcpy(prefix, p->name, Min((size_t) (dot - p->name) + 2, sizeof(prefix)));
		in = plan_names_in(st, prefix, true);
		old = MemoryContextSwitchTo(st->plancxt);
		in->names = lappend(in->names, pstrdup(p->name));
		MemoryContextSwitchTo(old);
	}
	return p;
}

/*
 * A key of one of the plan's sets (see PlanKey): NULL when the set has
 * none and create is false; a new one has no flags.
 */
PlanKey *
lint_key(HTAB *set, const char *key, bool create)
{
	char		k[LINT_NAME_LEN] = {0};
	PlanKey    *entry;
	bool		found;

	strlcpy(k, key, sizeof(k));
	entry = hash_search(set, k, create ? HASH_ENTER : HASH_FIND, &found);
	if (entry != NULL && !found)
	{
		entry->flags = 0;
		entry->type = NULL;
		entry->oid = InvalidOid;
		entry->name = NULL;
		entry->domain = NULL;
		entry->over[0] = entry->over[1] = NIL;
	}
	return entry;
}

PlanKey *
lint_oid_key(HTAB *set, Oid oid, bool create)
{
	char		k[16];

	snprintf(k, sizeof(k), "%u", oid);
	return lint_key(set, k, create);
}

/*
 * A schema as the plan leaves it: its OID (InvalidOid for one the plan
 * creates, or none); false when there is none, or the plan dropped it.
 */
static bool
schema_there(LintState *st, const char *schema, Oid *nspid)
{
	Oid			temp_toast;
	PlanKey    *key;

	*nspid = InvalidOid;
	if (strcmp(schema, "pg_temp") == 0)
	{
		GetTempNamespaceState(nspid, &temp_toast);
		return true;
	}
	key = lint_key(st->schemas, schema, false);
	if (key != NULL && key->flags == PLAN_KEY_DROPPED)
		return false;
	*nspid = key != NULL && OidIsValid(key->oid) ? key->oid : get_namespace_oid(schema, true);
	return OidIsValid(*nspid) || key != NULL;
}

/* A catalog schema's name as the plan leaves it ("pg_temp": the session's). */
const char *
lint_schema_name(LintState *st, Oid nspid)
{
	PlanKey    *key = lint_oid_key(st->schema_oids, nspid, false);

	if (key != NULL)
		return key->name;
	return isTempNamespace(nspid) ? "pg_temp" : get_namespace_name(nspid);
}

/*
 * A schema renamed: what the plan did to the names in it (tables and types
 * it made, moved there, moved away or dropped) goes with it.
 */
static void
move_plan_names(LintState *st, const char *from, const char *to)
{
	char	   *prefix = psprintf("%s.", quote_identifier(from));
	size_t		len = strlen(prefix);
	char	   *to_prefix = psprintf("%s.", quote_identifier(to));
	PlanNamesIn *in = plan_names_in(st, prefix, false);
	PlanNamesIn *to_in = plan_names_in(st, to_prefix, false);
	List	   *names = NIL;
	List	   *types = NIL;
	HASH_SEQ_STATUS seq;
	PlanKey    *key;
	ListCell   *lc;

	/*
	 * (collected first: the names moved are listed under the new name.)
	 * What is left under the new name, which no schema has (ALTER SCHEMA
	 * ... RENAME fails otherwise), is of a schema the plan dropped or
	 * renamed away, gone with it: the schema renamed brings its own tables,
	 * those of the catalog and those the plan leaves it.
	 */
	foreach(lc, in ? in->names : NIL)
		names = lappend(names, plan_name(st, lfirst(lc), HASH_FIND));
	if (to_in != NULL && strcmp(prefix, to_prefix) != 0)
	{
		foreach(lc, to_in->names)
		{
			PlanName   *p = plan_name(st, lfirst(lc), HASH_FIND);

			if (p->state == PLAN_GONE)
			{
				(void) plan_name(st, p->name, HASH_REMOVE);
				to_in->names = foreach_delete_current(to_in->names, lc);
			}
		}
	}
	hash_seq_init(&seq, st->type_names);
	while ((key = hash_seq_search(&seq)) != NULL)
	{
		if (strncmp(key->key, prefix, len) == 0)
			types = lappend(types, key);
	}
	foreach(lc, names)
	{
		PlanName   *old = lfirst(lc);
		char	   *name = psprintf("%s.%s", quote_identifier(to), old->name + len);
		PlanName   *moved = plan_name(st, name, HASH_ENTER);
		PlanRelid  *now;

		/* (all but the name: state, relkind, relid, parent) */
		memcpy((char *) moved + offsetof(PlanName, state), (char *) old + offsetof(PlanName, state),
			   sizeof(PlanName) - offsetof(PlanName, state));
		if (old->state == PLAN_MOVED &&
			(now = hash_search(st->current, &old->relid, HASH_FIND, NULL)) != NULL &&
			strcmp(now->name, old->name) == 0)
		{
			strlcpy(now->name, name, sizeof(now->name));
			strlcpy(now->schema, to, sizeof(now->schema));
		}
		/* (a schema made later under the old name starts empty) */
		old->state = PLAN_GONE;
	}
	foreach(lc, types)
	{
		PlanKey    *old = lfirst(lc);
		PlanKey    *moved = lint_key(st->type_names, psprintf("%s.%s", quote_identifier(to), old->key + len), true);

		moved->flags = old->flags;
		moved->type = old->type;
		if (old->type != NULL && strcmp(old->type->schema, from) == 0)
			old->type->schema = MemoryContextStrdup(st->plancxt, to);
	}
}

/* ALTER SCHEMA ... RENAME: its tables and types are found by the new name. */
void
lint_note_schema_renamed(LintState *st, const char *from, const char *to)
{
	Oid			nspid;
	PlanKey    *key;

	if (!schema_there(st, from, &nspid))
		return;
	move_plan_names(st, from, to);
	lint_key(st->schemas, from, true)->flags = PLAN_KEY_DROPPED;
	key = lint_key(st->schemas, to, true);
	key->flags = PLAN_KEY_CREATED;
	key->oid = nspid;
	if (OidIsValid(nspid))
		lint_oid_key(st->schema_oids, nspid, true)->name = MemoryContextStrdup(st->plancxt, to);
}

/* A schema a statement creates. */
void
lint_note_schema(LintState *st, const char *schema)
{
	PlanKey    *key = lint_key(st->schemas, schema, true);

	key->flags = PLAN_KEY_CREATED;
	key->oid = InvalidOid;
}

/*
 * The schemas an unqualified name is looked up in, in order, as the
 * search_path gives them at this point of the plan (a revision's own SET
 * followed; "$user" its author): the temporary schema and pg_catalog first
 * where the path does not name them, as the server does for relations.
 * With creation, also the schema a CREATE goes to: the first of the path's
 * own that is there (NULL: none).
 */
List *
lint_search_schemas(LintState *st, const char **creation)
{
	char	   *raw = pstrdup(namespace_search_path);
	List	   *names;
	List	   *schemas = NIL;
	bool		temp = false;
	bool		catalog = false;
	ListCell   *lc;

	if (creation != NULL)
		*creation = NULL;
	if (!SplitIdentifierString(raw, ',', &names))
		names = NIL;
	foreach(lc, names)
	{
		const char *name = lfirst(lc);
		Oid			nspid;

		if (strcmp(name, "$user") == 0)
			name = st->author ? st->author : GetUserNameFromId(GetUserId(), false);
		temp = temp || strcmp(name, "pg_temp") == 0;
		catalog = catalog || strcmp(name, "pg_catalog") == 0;
		if (creation != NULL && *creation == NULL && schema_there(st, name, &nspid))
			*creation = name;
		schemas = lappend(schemas, (char *) name);
	}
	if (!catalog)
		schemas = lcons("pg_catalog", schemas);
	if (!temp)
		schemas = lcons("pg_temp", schemas);
	return schemas;
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
 * estimate, as the rest is. Nothing the plan does is run, so a table is
 * measured once per lint(), however many statements name it.
 */
static void
measure(LintState *st, LintTable *t, bool inh)
{
	List	   *members;
	ListCell   *lc;
	double		rows = 0;
	bool		uncounted = false;
	int64		bytes = 0;
	const char *under = "";
	PlanSize	key;
	PlanSize   *known;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.relid = t->relid;
	key.inh = inh;
	known = hash_search(st->sizes, &key, HASH_ENTER, &found);
	if (found)
	{
		t->has_rows = known->has_rows;
		t->size = known->size;
		return;
	}

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
	t->size = MemoryContextStrdup(st->plancxt,
								  psprintf("%s%s, %s",
										   uncounted ? "rows not yet counted by ANALYZE" :
										   psprintf("about " INT64_FORMAT " rows", (int64) rows),
										   under,
										   text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_size_pretty,
																							  Int64GetDatum(bytes))))));
	known->has_rows = t->has_rows;
	known->size = t->size;
}

/*
 * The table a schema holds under a name, as the plan leaves it: one the
 * plan created (new), renamed or moved there, or the catalog's, unless the
 * plan dropped it or moved it away. false when there is none: a search
 * goes on to the next schema, as the server's does.
 */
static bool
found_in(LintState *st, LintTable *t, const RangeVar *rv, const char *schema)
{
	char	   *name = quote_qualified_identifier(schema, rv->relname);
	PlanName   *p;
	Oid			nspid;
	Oid			relid = InvalidOid;

	if (!schema_there(st, schema, &nspid))
		return false;
	p = plan_name(st, name, HASH_FIND);
	if (p != NULL && p->state == PLAN_GONE)
		return false;
	if (p != NULL && p->state == PLAN_CREATED)
	{
		t->is_new = true;
		t->relkind = p->relkind;
	}
	else if (p != NULL)
		relid = p->relid;
	else if (!OidIsValid(nspid) || !OidIsValid(relid = get_relname_relid(rv->relname, nspid)))
		return false;
	t->name = name;
	t->schema = pstrdup(schema);
	if (OidIsValid(relid))
	{
		t->relid = relid;
		t->relkind = get_rel_relkind(relid);
		t->inh = rv->inh;
		measure(st, t, rv->inh);
	}
	return true;
}

/*
 * Look a table up as the statement would find it: in the schema it names,
 * or in each schema of the search path in turn; unknown (no relid, not
 * new, no name) otherwise.
 */
LintTable
lint_lookup_table(LintState *st, const RangeVar *rv)
{
	LintTable	t = {0};
	ListCell   *lc;

	if (temp_name(rv) || rv->schemaname != NULL)
	{
		(void) found_in(st, &t, rv, temp_name(rv) ? "pg_temp" : rv->schemaname);
		return t;
	}
	foreach(lc, lint_search_schemas(st, NULL))
	{
		if (found_in(st, &t, rv, lfirst(lc)))
			break;
	}
	return t;
}

/*
 * A table by OID, as lookup_table would give it: under the name the plan
 * gave it, or the catalog's; unknown when the plan dropped it or moved it
 * away (or made another of its name).
 */
LintTable
lint_table_by_oid(LintState *st, Oid relid, bool inh)
{
	LintTable	t = {0};
	PlanRelid  *now = hash_search(st->current, &relid, HASH_FIND, NULL);
	PlanName   *p;

	if (now != NULL)
	{
		t.name = pstrdup(now->name);
		t.schema = pstrdup(now->schema);
	}
	else
	{
		Oid			nspid = get_rel_namespace(relid);
		char	   *relname = get_rel_name(relid);

		t.schema = lint_schema_name(st, nspid);
		if (t.schema == NULL || relname == NULL)
			return t;
		t.name = quote_qualified_identifier(t.schema, relname);
	}
	p = plan_name(st, t.name, HASH_FIND);
	if (p != NULL && (p->state != PLAN_MOVED || p->relid != relid))
		return t;
	t.relid = relid;
	t.relkind = get_rel_relkind(relid);
	t.inh = inh;
	measure(st, &t, inh);
	return t;
}

/*
 * Remember a table (or index) the plan creates, of relkind. With IF NOT
 * EXISTS the server creates nothing when the schema holds a relation of
 * the name, as the plan leaves it. A schema the plan creates counts, by
 * its name; false when nothing is created.
 */
bool
lint_note_created(LintState *st, const RangeVar *rv, bool if_not_exists, char relkind)
{
	const char *schema;
	PlanName   *p;

	if (temp_name(rv))
		schema = "pg_temp";
	else if (rv->schemaname != NULL)
		schema = rv->schemaname;
	else
		(void) lint_search_schemas(st, &schema);
	if (schema == NULL)
		return false;
	if (if_not_exists)
	{
		LintTable	t = {0};

		if (found_in(st, &t, rv, schema))
			return false;
	}
	p = plan_name(st, quote_qualified_identifier(schema, rv->relname), HASH_ENTER);
	p->state = PLAN_CREATED;
	p->relkind = relkind;
	p->relid = InvalidOid;
	p->parent = InvalidOid;
	return true;
}

/*
 * Whose partition a table is, as the plan leaves it (ATTACH and DETACH
 * PARTITION and CREATE TABLE ... PARTITION OF followed); InvalidOid for
 * none, or a parent the plan created.
 */
Oid
lint_partition_parent(LintState *st, const LintTable *t)
{
	PlanName   *n;

	if (t->is_new)
		return t->name != NULL && (n = plan_name(st, t->name, HASH_FIND)) != NULL &&
			n->state == PLAN_CREATED ? n->parent : InvalidOid;
	return OidIsValid(t->relid) ? lint_partition_parent_of(st, t->relid) : InvalidOid;
}

/* The same, of an existing table by its OID. */
Oid
lint_partition_parent_of(LintState *st, Oid relid)
{
	PlanPartition *p = hash_search(st->partitions, &relid, HASH_FIND, NULL);

	if (p != NULL)
		return p->parent;
	return get_rel_relispartition(relid) ? get_partition_parent(relid, true) : InvalidOid;
}

/* A statement makes a table a partition of parent, or of nothing. */
void
lint_note_partition(LintState *st, const LintTable *t, Oid parent)
{
	PlanName   *n;

	if (t->is_new && t->name != NULL && (n = plan_name(st, t->name, HASH_FIND)) != NULL)
		n->parent = parent;
	else if (!t->is_new && OidIsValid(t->relid))
		((PlanPartition *) hash_search(st->partitions, &t->relid, HASH_ENTER, NULL))->parent = parent;
}

/*
 * INHERIT or NO INHERIT of two existing tables: the child is under the
 * parent after, or not, and the constraints it shares with the parent
 * follow (lint_note_constraints_inherited()).
 */
void
lint_note_inherit(LintState *st, const LintTable *t, const RangeVar *parent, bool inherits)
{
	LintTable	p = lint_lookup_table(st, parent);
	PlanInherit key = {t->relid, p.relid, false};

	if (!OidIsValid(t->relid) || t->is_new || !OidIsValid(p.relid) || p.is_new)
		return;
	((PlanInherit *) hash_search(st->inherits, &key, HASH_ENTER, NULL))->inherits = inherits;
	lint_note_constraints_inherited(st, t->relid, p.relid, inherits);
}

/* Is a child the catalog has under a parent still, as the plan leaves it? */
bool
lint_still_inherits(LintState *st, Oid child, Oid parent)
{
	PlanInherit key = {child, parent, false};
	PlanInherit *i = hash_search(st->inherits, &key, HASH_FIND, NULL);

	return i == NULL || i->inherits;
}

/*
 * The parents of an existing table as the plan leaves them: its partitioned
 * table, or the catalog's parents but those it no longer inherits, and
 * those the plan made it inherit.
 */
List *
lint_parents_of(LintState *st, Oid relid)
{
	List	   *parents = NIL;
	Oid			partitioned = lint_partition_parent_of(st, relid);
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	HASH_SEQ_STATUS seq;
	PlanInherit *i;

	if (OidIsValid(partitioned))
		return list_make1_oid(partitioned);
	/* (a partition the plan detached has none) */
	if (!get_rel_relispartition(relid))
	{
		rel = table_open(InheritsRelationId, AccessShareLock);
		ScanKeyInit(&key, Anum_pg_inherits_inhrelid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(relid));
		scan = systable_beginscan(rel, InheritsRelidSeqnoIndexId, true, NULL, 1, &key);
		while (HeapTupleIsValid(tup = systable_getnext(scan)))
		{
			Oid			parent = ((Form_pg_inherits) GETSTRUCT(tup))->inhparent;

			if (lint_still_inherits(st, relid, parent))
				parents = lappend_oid(parents, parent);
		}
		systable_endscan(scan);
		table_close(rel, AccessShareLock);
	}
	hash_seq_init(&seq, st->inherits);
	while ((i = hash_seq_search(&seq)) != NULL)
	{
		if (i->child == relid && i->inherits)
			parents = list_append_unique_oid(parents, i->parent);
	}
	return parents;
}

/* A table a statement drops: its name holds nothing after. */
void
lint_note_dropped(LintState *st, const LintTable *t)
{
	if (t->name != NULL && (t->is_new || OidIsValid(t->relid)))
		plan_name(st, t->name, HASH_ENTER)->state = PLAN_GONE;
}

/*
 * A table a statement renames, or moves to another schema (by its name,
 * also one the plan creates): the later statements of the plan find it
 * under its new name, and nothing under its old one.
 */
void
lint_note_moved(LintState *st, const LintTable *t, const char *schema, const char *relname)
{
	char	   *to;
	PlanName   *p;
	Oid			parent;

	if (t->name == NULL || schema == NULL || (!t->is_new && !OidIsValid(t->relid)))
		return;
	to = quote_qualified_identifier(schema, relname);
	parent = lint_partition_parent(st, t);
	lint_note_dropped(st, t);
	p = plan_name(st, to, HASH_ENTER);
	p->state = t->is_new ? PLAN_CREATED : PLAN_MOVED;
	p->relkind = t->relkind;
	p->relid = t->relid;
	p->parent = parent;
	if (OidIsValid(t->relid))
	{
		PlanRelid  *now = hash_search(st->current, &t->relid, HASH_ENTER, NULL);
		/*
		 * NULL for a table another session dropped since the statement
		 * found it: measuring a table locks it, which reads the catalog's
		 * changes (the drop's among them)
		 */
		const char *was = lint_schema_name(st, get_rel_namespace(t->relid));

		if (was != NULL && strcmp(schema, was) != 0)
		{
			MemoryContext old = MemoryContextSwitchTo(st->plancxt);

			st->moved = list_append_unique_oid(st->moved, t->relid);
			MemoryContextSwitchTo(old);
		}
		strlcpy(now->name, to, sizeof(now->name));
		strlcpy(now->schema, schema, sizeof(now->schema));
		strlcpy(now->relname, relname, sizeof(now->relname));
	}
}

/*
 * Is an existing table there as the plan leaves it (not dropped, nor
 * another made under its name), and in which schema (*nspid: InvalidOid
 * for one the plan creates)?
 */
bool
lint_table_there(LintState *st, Oid relid, Oid *nspid)
{
	PlanRelid  *now = hash_search(st->current, &relid, HASH_FIND, NULL);
	const char *schema = now ? now->schema : lint_schema_name(st, get_rel_namespace(relid));
	const char *relname = now ? now->relname : get_rel_name(relid);
	PlanName   *p;

	*nspid = InvalidOid;
	if (schema == NULL || relname == NULL)
		return false;
	p = plan_name(st, quote_qualified_identifier(schema, relname), HASH_FIND);
	if (p != NULL && (p->state != PLAN_MOVED || p->relid != relid))
		return false;
	return schema_there(st, schema, nspid);
}

/*
 * What lint read of a table's catalog entries (catalog_tables), made: of
 * a table with no CHECK, or no index, there is nothing to read.
 */
CatalogTable *
lint_catalog_table(LintState *st, Oid relid)
{
	bool		found;
	CatalogTable *t = hash_search(st->catalog_tables, &relid, HASH_ENTER, &found);
	HeapTuple	tup;

	if (!found)
	{
		t->checks_read = t->indexes_read = true;
		t->checks = t->indexes = NIL;
		if (HeapTupleIsValid(tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid))))
		{
			t->checks_read = ((Form_pg_class) GETSTRUCT(tup))->relchecks == 0;
			t->indexes_read = !((Form_pg_class) GETSTRUCT(tup))->relhasindex;
			ReleaseSysCache(tup);
		}
	}
	return t;
}

/* An existing table's name, as the plan leaves it (unqualified). */
const char *
lint_relname(LintState *st, Oid relid)
{
	PlanRelid  *now = hash_search(st->current, &relid, HASH_FIND, NULL);

	return now != NULL ? pstrdup(now->relname) : get_rel_name(relid);
}

/*
 * The rows a catalog query of one OID parameter returns (SPI_processed of
 * them), its plan prepared once per backend (in *plan).
 */
SPITupleTable *
lint_query(SPIPlanPtr *plan, const char *sql, Oid param)
{
	Datum		value = ObjectIdGetDatum(param);
	Oid			type = OIDOID;
	int			rc;

	if (*plan == NULL)
	{
		*plan = SPI_prepare(sql, 1, &type);
		if (*plan == NULL || SPI_keepplan(*plan) != 0)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	}
	rc = SPI_execute_plan(*plan, &value, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	return SPI_tuptable;
}

/*
 * A set of OIDs (those of a list to begin with), in the current memory
 * context: for a statement that reaches thousands of tables, where
 * searching a list for each would cost the square of their number.
 */
HTAB *
lint_oid_set(List *oids)
{
	HASHCTL		ctl = {0};
	HTAB	   *set;
	ListCell   *lc;

	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(Oid);
	ctl.hcxt = CurrentMemoryContext;
	set = hash_create("schemamig lint oids", Max(list_length(oids), 64), &ctl,
					  HASH_ELEM | HASH_CONTEXT | HASH_BLOBS);
	foreach(lc, oids)
		(void) lint_oid_set_add(set, lfirst_oid(lc));
	return set;
}

/* Add an OID to a set: false when it was there already. */
bool
lint_oid_set_add(HTAB *set, Oid oid)
{
	bool		found;

	(void) hash_search(set, &oid, HASH_ENTER, &found);
	return !found;
}

bool
lint_oid_set_has(HTAB *set, Oid oid)
{
	return hash_search(set, &oid, HASH_FIND, NULL) != NULL;
}

/* The OIDs in the first column of what such a query returns, unique. */
List *
lint_oids(SPIPlanPtr *plan, const char *sql, Oid param)
{
	SPITupleTable *rows = lint_query(plan, sql, param);
	List	   *oids = NIL;

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		oids = list_append_unique_oid(oids, DatumGetObjectId(SPI_getbinval(rows->vals[i],
																			rows->tupdesc, 1, &isnull)));
	}
	return oids;
}

/*
 * Does a schema hold a table, view or foreign table, as the plan leaves
 * it (the catalog's, but those it dropped or moved away; those it made or
 * moved there)? (prefix: the schema's quoted name and a dot.)
 */
static bool
holds_tables(LintState *st, const char *schema, Oid nspid, const char *prefix)
{
	static SPIPlanPtr plan = NULL;
	HASH_SEQ_STATUS seq;
	PlanName   *p;
	ListCell   *lc;

	hash_seq_init(&seq, st->names);
	while ((p = hash_seq_search(&seq)) != NULL)
	{
		/* (an index goes with its table) */
		if (p->state != PLAN_GONE && p->relkind != RELKIND_INDEX &&
			p->relkind != RELKIND_PARTITIONED_INDEX && strncmp(p->name, prefix, strlen(prefix)) == 0)
		{
			hash_seq_term(&seq);
			return true;
		}
	}
	if (!OidIsValid(nspid))
		return false;
	foreach(lc, lint_oids(&plan,
						  "SELECT c.oid FROM pg_catalog.pg_class c"
						  " WHERE c.relnamespace OPERATOR(pg_catalog.=) $1"
						  "  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,m,v,f}'::pg_catalog.\"char\"[])"
						  " ORDER BY c.oid", nspid))
	{
		LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

		if (OidIsValid(t.relid) && strcmp(t.schema, schema) == 0)
			return true;
	}
	return false;
}

/*
 * DROP SCHEMA ... CASCADE drops every table in the schema as the plan
 * leaves it (a partition whose parent is elsewhere too; one whose parent
 * is in it goes with the parent, measured with it): destructive and
 * ACCESS EXCLUSIVE on each, and ACCESS EXCLUSIVE on the tables of other
 * schemas whose foreign keys reference them; and the schema's types, with
 * the columns of other tables of them; and what else uses the schema's
 * objects, as cascade.c finds it (views and materialized views of other
 * schemas that read its tables, defaults, constraints, indexes, triggers,
 * policies and rules that use its functions, sequences or types, ...).
 * Without CASCADE a schema that still
 * holds a table cannot go: the statement fails, and the plan keeps it.
 * Nothing is in the schema after.
 */
void
lint_drop_schema(LintState *st, const char *schema, bool cascade)
{
	static SPIPlanPtr plan = NULL;
	Oid			nspid;
	char	   *prefix = psprintf("%s.", quote_identifier(schema));
	List	   *tables = NIL;
	List	   *dropped = NIL;
	List	   *partners = NIL;
	List	   *parents = NIL;
	Oid			parent;
	HASH_SEQ_STATUS seq;
	PlanName   *p;
	ListCell   *lc;

	if (!schema_there(st, schema, &nspid) || (!cascade && holds_tables(st, schema, nspid, prefix)))
		return;
	if (cascade)
	{
		/* (what goes through pg_depend, read before the plan notes the drop) */
		List	   *gone = OidIsValid(nspid) ? lint_cascade_find(st, NamespaceRelationId, nspid, 0) : NIL;
		List	   *reported = NIL;

		if (OidIsValid(nspid))
			tables = lint_oids(&plan,
							   "SELECT c.oid FROM pg_catalog.pg_class c"
							   " WHERE c.relnamespace OPERATOR(pg_catalog.=) $1"
							   "  AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,m}'::pg_catalog.\"char\"[])"
							   "  AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits i, pg_catalog.pg_class p"
							   "   WHERE i.inhrelid OPERATOR(pg_catalog.=) c.oid AND p.oid OPERATOR(pg_catalog.=) i.inhparent"
							   "    AND p.relnamespace OPERATOR(pg_catalog.=) c.relnamespace)"
							   " ORDER BY c.oid", nspid);
		/* and those the plan renamed or moved into it */
		hash_seq_init(&seq, st->names);
		while ((p = hash_seq_search(&seq)) != NULL)
		{
			if (p->state == PLAN_MOVED && strncmp(p->name, prefix, strlen(prefix)) == 0)
				tables = list_append_unique_oid(tables, p->relid);
		}
		foreach(lc, tables)
		{
			LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), true);

			if (!OidIsValid(t.relid) || strcmp(t.schema, schema) != 0)
				continue;
			lint_destructive(st, &t, "DROP SCHEMA ... CASCADE");
			lint_access_exclusive(st, &t, "DROP SCHEMA ... CASCADE");
			if (OidIsValid(parent = lint_partition_parent(st, &t)))
				parents = list_append_unique_oid(parents, parent);
			lint_note_dropped(st, &t);
			dropped = lappend_oid(dropped, t.relid);
			reported = list_concat_unique_oid(reported, lint_tables_under(st, t.relid));
			partners = list_concat_unique_oid(partners,
											  lint_foreign_key_partners(st, t.relid, true, InvalidAttrNumber));
		}
		lint_related_locks(st, partners, dropped,
							   "DROP SCHEMA ... CASCADE, which drops a foreign key between them,");
		lint_partition_parent_locks(st, parents, dropped, "DROP SCHEMA ... CASCADE");
		reported = list_concat_unique_oid(list_concat_unique_oid(reported, partners), parents);
		reported = list_concat_unique_oid(reported, lint_drop_schema_types(st, schema, nspid));
		lint_cascade_report(st, gone, reported, "DROP SCHEMA ... CASCADE, which drops what uses its objects,");
	}
	lint_key(st->schemas, schema, true)->flags = PLAN_KEY_DROPPED;
}

/* A statement that takes ACCESS EXCLUSIVE on the one table it names. */
void
lint_table_access_exclusive(LintState *st, const RangeVar *rv, const char *what)
{
	LintTable	t = lint_lookup_table(st, rv);

	lint_access_exclusive(st, &t, what);
}
