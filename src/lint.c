/*-------------------------------------------------------------------------
 *
 * src/lint.c
 *	  lint(target): what the revisions that upgrade(target) would apply are
 *	  about to do to production tables, found without running anything.
 *
 * Each statement is read as the server's parser reads it, the lock an
 * ALTER TABLE takes is the one the server's own AlterTableGetLockLevel()
 * chooses, and every table is looked up in the catalog, so a finding can
 * say how many rows wait behind the lock. A table that an earlier
 * statement of the same plan created (or dropped and created again) is new
 * and empty: the rules about blocking production get nothing to say about
 * it, while the rules about statements that will fail still do.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/heap.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/partition.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "commands/tablecmds.h"
#include "commands/tablespace.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/parsenodes.h"
#include "optimizer/optimizer.h"
#include "parser/parse_coerce.h"
#include "parser/parse_node.h"
#include "parser/parse_type.h"
#include "parser/scanner.h"
#include "storage/bufmgr.h"
#include "storage/lmgr.h"
#include "storage/proc.h"
#include "tcop/utility.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "schemamig.h"

/* An enum value added in the running transaction, not yet usable. */
typedef struct AddedEnumValue
{
	char	   *type;			/* as written */
	char	   *value;
	const char *revision;
} AddedEnumValue;

/* An existing table under the name a statement of the plan gave it. */
typedef struct MovedTable
{
	char		name[2 * (2 * NAMEDATALEN + 2) + 2];	/* key: "schema.table" */
	Oid			relid;
} MovedTable;

/* A column's type as the plan leaves it, where a statement set it. */
typedef struct PlannedColumn
{
	Oid			relid;			/* key: the table, */
	char		name[NAMEDATALEN];	/* and the column */
	Oid			typid;
	int32		typmod;
} PlannedColumn;

/* What lint() carries from statement to statement. */
typedef struct LintState
{
	Tuplestorestate *store;
	TupleDesc	desc;
	MemoryContext resultcxt;
	MemoryContext plancxt;		/* what lives as long as the plan */
	HTAB	   *created;		/* "schema.table" created by the plan so far */
	HTAB	   *dropped;		/* "schema.table" dropped by the plan so far */
	HTAB	   *moved;			/* MovedTable: renamed or moved by the plan */
	HTAB	   *columns;		/* PlannedColumn: added or retyped so far */
	List	   *added_values;	/* AddedEnumValue, this transaction */
	List	   *fkeys;			/* LintForeignKey: the database's, once read */
	bool		fkeys_read;
	bool		caller_lock_timeout;	/* the caller runs under one */

	/* the statement being examined */
	const MigRevision *rev;
	const char *author;			/* of the SQL read, from the same row */
	const RevStatement *stmt;
	bool		rev_lock_timeout;	/* the revision set one before it */
	bool		rev_timeout_reported;
} LintState;

/* A table as lint sees it. */
typedef struct LintTable
{
	Oid			relid;			/* InvalidOid: does not exist (yet) */
	char	   *name;			/* schema-qualified, quoted as needed */
	bool		is_new;			/* created earlier in the plan */
	bool		has_rows;
	char	   *size;			/* "about 1000 rows, 72 kB" */
	Oid			nspid;			/* its schema as the plan leaves it */
} LintTable;

static void
emit(LintState *st, const char *severity, const char *rule,
	 const char *relation, const char *message, const char *hint)
{
	MemoryContext old = MemoryContextSwitchTo(st->resultcxt);
	Datum		values[8];
	bool		nulls[8] = {0};

	values[0] = CStringGetTextDatum(st->rev->id);
	values[1] = Int32GetDatum(st->stmt->number);
	values[2] = Int32GetDatum(st->stmt->line);
	values[3] = CStringGetTextDatum(severity);
	values[4] = CStringGetTextDatum(rule);
	if (relation)
		values[5] = CStringGetTextDatum(relation);
	else
		nulls[5] = true;
	values[6] = CStringGetTextDatum(message);
	if (hint)
		values[7] = CStringGetTextDatum(hint);
	else
		nulls[7] = true;
	tuplestore_putvalues(st->store, st->desc, values, nulls);
	MemoryContextSwitchTo(old);
}

/* The key of the created-tables hash: a quoted qualified name. */
#define LINT_NAME_LEN sizeof(((MovedTable *) NULL)->name)

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

static void
add_to_set(HTAB *set, const char *name)
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
static LintTable
lookup_table(LintState *st, const RangeVar *rv)
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
 * Remember a table the plan creates (or re-creates). With IF NOT EXISTS the
 * server creates nothing when a relation of the name is there: in the
 * catalog (and not dropped by the plan), or created by the plan already.
 */
static bool
note_created(LintState *st, const RangeVar *rv, bool if_not_exists)
{
	Oid			nspid;
	char	   *name;

	if (temp_name(rv))
	{
		add_to_set(st->created, quote_qualified_identifier("pg_temp", rv->relname));
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
	add_to_set(st->created, name);
	return true;
}

/*
 * A table a statement renames, or moves to another schema: the later
 * statements of the plan find it under its new name, and no longer under
 * its old one.
 */
static void
note_moved(LintState *st, const LintTable *t, Oid nspid, const char *relname)
{
	char	   *to;
	MovedTable *m;
	char		key[LINT_NAME_LEN] = {0};

	if (t->name == NULL || !OidIsValid(nspid) || !OidIsValid(t->nspid))
		return;
	to = qualified(nspid, relname);
	if (t->is_new)
	{
		add_to_set(st->created, to);
		return;
	}
	if (!OidIsValid(t->relid))
		return;
	add_to_set(st->dropped, t->name);
	remove_from_set(st->dropped, to);
	strlcpy(key, to, sizeof(key));
	m = hash_search(st->moved, key, HASH_ENTER, NULL);
	m->relid = t->relid;
}

/* The severity of a warning rule for a table: none for a new one. */
static const char *
severity_for(const LintTable *t)
{
	if (!OidIsValid(t->relid) || t->is_new)
		return NULL;
	return t->has_rows ? "warning" : "info";
}

/*
 * A statement that takes ACCESS EXCLUSIVE on an existing table: say so, and
 * say it once per revision when no lock_timeout bounds the wait for it.
 */
static void
access_exclusive(LintState *st, const LintTable *t, const char *what)
{
	const char *severity = severity_for(t);

	if (severity == NULL)
		return;
	emit(st, severity, "access-exclusive", t->name,
		 psprintf("%s takes an ACCESS EXCLUSIVE lock on %s (%s): every read and write of it waits until the transaction ends",
				  what, t->name, t->size),
		 "Keep the transaction short, and the revision small; run it when the table is quiet.");
	if (t->has_rows && !st->rev_lock_timeout && !st->caller_lock_timeout &&
		!st->rev_timeout_reported)
	{
		emit(st, "warning", "missing-lock-timeout", t->name,
			 psprintf("%s waits for an ACCESS EXCLUSIVE lock on %s (%s) with no lock_timeout: while it waits behind a long transaction, every query on the table queues behind it",
					  what, t->name, t->size),
			 "Begin the revision with SET LOCAL lock_timeout = '5s' (or set it for the caller), and retry when it times out.");
		st->rev_timeout_reported = true;
	}
}

static void
destructive(LintState *st, const LintTable *t, const char *what)
{
	const char *severity = severity_for(t);

	if (severity != NULL)
		emit(st, severity, "destructive", t->name,
			 psprintf("%s destroys data in %s (%s)", what, t->name, t->size),
			 "Take a backup first, and make sure no code still reads it.");
}

static void
rewrite_with_hint(LintState *st, const LintTable *t, const char *what,
				  const char *hint)
{
	const char *severity = severity_for(t);

	if (severity != NULL)
		emit(st, severity, "table-rewrite", t->name,
			 psprintf("%s rewrites %s (%s) under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole rewrite",
					  what, t->name, t->size),
			 hint);
}

static void
table_rewrite(LintState *st, const LintTable *t, const char *what)
{
	rewrite_with_hint(st, t, what,
					  "Add a new column, backfill it in batches, and switch over in a later revision.");
}

static void
validating_scan(LintState *st, const LintTable *t, const char *what,
				const char *hint)
{
	const char *severity = severity_for(t);

	if (severity != NULL)
		emit(st, severity, "validating-scan", t->name,
			 psprintf("%s scans all of %s (%s) to validate it, under the statement's lock",
					  what, t->name, t->size),
			 hint);
}

/* An error rule: a statement that cannot run in a transactional revision. */
static void
not_in_transaction(LintState *st, const char *what)
{
	if (st->rev->transactional)
		emit(st, "error", "concurrently-in-transaction", NULL,
			 psprintf("%s cannot run inside a transaction block, and revision \"%s\" is transactional",
					  what, st->rev->id),
			 "Put it in a revision of its own registered with transactional => false (a file with -- no-transaction).");
}

/* Does the catalog hold a valid CHECK (col IS NOT NULL) on the table? */
static bool
proven_not_null(Oid relid, const char *column)
{
	static SPIPlanPtr plan = NULL;
	Datum		values[2];
	Oid			types[2] = {OIDOID, TEXTOID};
	int			rc;

	if (plan == NULL)
	{
		plan = SPI_prepare("SELECT 1 FROM pg_catalog.pg_constraint"
						   " WHERE conrelid OPERATOR(pg_catalog.=) $1"
						   " AND contype OPERATOR(pg_catalog.=) 'c' AND convalidated"
						   " AND pg_catalog.pg_get_constraintdef(oid) OPERATOR(pg_catalog.=) $2",
						   2, types);
		if (plan == NULL || SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	}
	values[0] = ObjectIdGetDatum(relid);
	values[1] = CStringGetTextDatum(psprintf("CHECK ((%s IS NOT NULL))",
											 quote_identifier(column)));
	rc = SPI_execute_plan(plan, values, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	return SPI_processed > 0;
}

/*
 * Does changing a column from one type to another rewrite the table? Not
 * when the server can relabel the values (ATColumnChangeRequiresRewrite,
 * after the typmod casts' support functions): the same type with a typmod
 * that only widens (varchar, varbit, numeric precision with the same
 * scale, the precision of times and intervals, up to 6 from none) or goes
 * away; a binary-coercible type without a new typmod; a domain without
 * constraints over one of those (one with constraints checks every row);
 * timestamp to timestamptz and back when the TimeZone is UTC (the
 * revision's own SET of it is followed); and never with USING.
 */
static bool
type_change_rewrites(Oid oldtype, int32 oldmod, Oid newtype, int32 newmod,
					 bool using)
{
	if (using)
		return true;
	if (oldtype != newtype && get_typtype(newtype) == TYPTYPE_DOMAIN)
	{
		if (DomainHasConstraints(newtype))
			return true;
		newtype = getBaseTypeAndTypmod(newtype, &newmod);
	}
	if (((oldtype == TIMESTAMPOID && newtype == TIMESTAMPTZOID) ||
		 (oldtype == TIMESTAMPTZOID && newtype == TIMESTAMPOID)) &&
		!TimestampTimestampTzRequiresRewrite())
		oldtype = newtype;
	if (oldtype == newtype)
	{
		if (newmod == oldmod || newmod < 0)
			return false;
		switch (oldtype)
		{
			case VARCHAROID:
			case VARBITOID:
			case INTERVALOID:
				/* a longer limit, or a finer precision, holds every value */
				return oldmod < 0 || newmod < oldmod;
			case TIMESTAMPOID:
			case TIMESTAMPTZOID:
			case TIMEOID:
			case TIMETZOID:
				/* (and none holds more than the finest, 6) */
				return newmod < MAX_TIMESTAMP_PRECISION && (oldmod < 0 || newmod < oldmod);
			case NUMERICOID:
				/* typmod is (precision << 16 | scale) + VARHDRSZ */
				return oldmod < 0 ||
					((newmod - VARHDRSZ) & 0xffff) != ((oldmod - VARHDRSZ) & 0xffff) ||
					((newmod - VARHDRSZ) >> 16) < ((oldmod - VARHDRSZ) >> 16);
			default:
				return true;
		}
	}
	return !(newmod < 0 && IsBinaryCoercible(oldtype, newtype));
}

/* USING col, the column itself: as if there were no USING. */
static bool
using_itself(Node *expr, const char *column)
{
	ColumnRef  *ref = (ColumnRef *) expr;

	return IsA(expr, ColumnRef) && list_length(ref->fields) == 1 &&
		IsA(linitial(ref->fields), String) && strcmp(strVal(linitial(ref->fields)), column) == 0;
}

/*
 * A column of an existing table in the plan's own record of column types,
 * which holds the columns a statement of the plan typed (HASH_FIND: NULL
 * when none did).
 */
static PlannedColumn *
planned_column(LintState *st, Oid relid, const char *name, HASHACTION action)
{
	PlannedColumn key;

	memset(&key, 0, sizeof(key));
	key.relid = relid;
	strlcpy(key.name, name, sizeof(key.name));
	return hash_search(st->columns, &key, action, NULL);
}

/* The type a type name stands for; false when it names none (yet). */
static bool
lookup_type(TypeName *typeName, Oid *typid, int32 *typmod)
{
	Type		typ = LookupTypeName(NULL, typeName, typmod, true);

	if (typ == NULL)
		return false;
	*typid = typeTypeId(typ);
	ReleaseSysCache(typ);
	return true;
}

/*
 * ALTER COLUMN ... TYPE: a rewrite unless the server can relabel, judged
 * from the column's type as the plan leaves it before the statement: the
 * catalog's, or the one an earlier statement gave it (a column the plan
 * added, or retyped).
 */
static void
check_type_change(LintState *st, const LintTable *t, AlterTableCmd *cmd)
{
	ColumnDef  *def = castNode(ColumnDef, cmd->def);
	PlannedColumn *col;
	Oid			oldtype;
	int32		oldmod;
	Oid			oldcoll;
	Oid			newtype;
	int32		newmod;

	if (!OidIsValid(t->relid) || t->is_new || !lookup_type(def->typeName, &newtype, &newmod))
		return;
	col = planned_column(st, t->relid, cmd->name, HASH_FIND);
	if (col != NULL)
	{
		oldtype = col->typid;
		oldmod = col->typmod;
	}
	else
	{
		AttrNumber	attnum = get_attnum(t->relid, cmd->name);

		if (attnum == InvalidAttrNumber)
			return;
		get_atttypetypmodcoll(t->relid, attnum, &oldtype, &oldmod, &oldcoll);
		col = planned_column(st, t->relid, cmd->name, HASH_ENTER);
	}
	col->typid = newtype;
	col->typmod = newmod;
	if (type_change_rewrites(oldtype, oldmod, newtype, newmod,
							 def->raw_default != NULL && !using_itself(def->raw_default, cmd->name)))
		table_rewrite(st, t, psprintf("ALTER COLUMN %s TYPE %s",
									  quote_identifier(cmd->name),
									  TypeNameToString(def->typeName)));
}

/*
 * Is a column default volatile (each row gets its own value, so the table
 * is rewritten)? Decided as the server decides it, by cooking the
 * expression, in a subtransaction: an expression that does not cook (a
 * function created earlier in the plan, say) is not judged. Cooking runs
 * type input functions and domain checks on the expression's constants,
 * which may call functions the revision's author wrote: it runs as the
 * author, in a security-restricted operation, as the revision itself will.
 */
typedef struct CookedDefault
{
	Node	   *raw;
	Oid			typid;
	int32		typmod;
	const char *column;
	Oid			author;
	bool		isvolatile;
} CookedDefault;

static void
cook_default(void *arg)
{
	CookedDefault *d = (CookedDefault *) arg;
	Oid			save_userid;
	int			save_sec_context;
	Node	   *expr;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(d->author, save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION);
	expr = cookDefault(make_parsestate(NULL), d->raw, d->typid, d->typmod,
					   d->column, '\0');
	d->isvolatile = contain_volatile_functions(expr);
	/* on an error, the subtransaction's abort restores them */
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

/* Would the revision run, as role, with the tenant's schema first? */
static bool
tenant_trusted_by(Oid role)
{
	const char *tenant = catalog_tenant();
	Oid			nspoid = tenant[0] == '\0' ? InvalidOid : get_namespace_oid(tenant, true);
	TrustFinding found;

	return !OidIsValid(nspoid) || trust_schema(nspoid, role, &found);
}

static bool
default_is_volatile(const LintState *st, Node *raw, Oid typid, int32 typmod,
					const char *column)
{
	CookedDefault d = {raw, typid, typmod, column,
	st->author ? get_role_oid(st->author, true) : InvalidOid, false};

	/*
	 * Only for a caller with the author's privileges, as for running the
	 * revision: the type was looked up on the caller's path, and what it
	 * names must not run with privileges the caller lacks. A revision whose
	 * author is gone does not run at all. Neither is judged.
	 */
	if (OidIsValid(d.author) && has_privs_of_role(GetUserId(), d.author) &&
		tenant_trusted_by(d.author))
		schemamig_rethrow_call_ending(schemamig_subtransaction(cook_default, &d, false));
	return d.isvolatile;
}

/*
 * Is a type's own default (a domain's, used for a column that has none)
 * volatile? Read from the catalog's stored expression, so nothing runs.
 */
static bool
type_default_is_volatile(Oid typid)
{
	HeapTuple	tup = SearchSysCache1(TYPEOID, ObjectIdGetDatum(typid));
	bool		isnull;
	Datum		bin;
	bool		result = false;

	if (!HeapTupleIsValid(tup))
		return false;
	bin = SysCacheGetAttr(TYPEOID, tup, Anum_pg_type_typdefaultbin, &isnull);
	if (!isnull)
		result = contain_volatile_functions(stringToNode(TextDatumGetCString(bin)));
	ReleaseSysCache(tup);
	return result;
}

/*
 * ADD COLUMN: a rewrite with a volatile default (the column's, or its
 * type's when it has none), identity or stored value, or of a domain with
 * constraints, which the server checks on every row whatever the default
 * (ATExecAddColumn). A virtual generated column stores nothing.
 */
static void
check_add_column(LintState *st, const LintTable *t, ColumnDef *def)
{
	const char *why = NULL;
	char	   *typname = TypeNameToString(def->typeName);
	Oid			typid = InvalidOid;
	int32		typmod = -1;
	bool		typed;
	bool		has_default = false;
	bool		virtual = false;
	ListCell   *lc;

	if (!OidIsValid(t->relid) || t->is_new)
		return;
	/* a later ALTER COLUMN ... TYPE of the plan is judged from this type */
	typed = lookup_type(def->typeName, &typid, &typmod);
	if (typed)
	{
		PlannedColumn *col = planned_column(st, t->relid, def->colname, HASH_ENTER);

		col->typid = typid;
		col->typmod = typmod;
	}
	if (strcmp(typname, "serial") == 0 || strcmp(typname, "bigserial") == 0 ||
		strcmp(typname, "smallserial") == 0 || strcmp(typname, "serial4") == 0 ||
		strcmp(typname, "serial8") == 0 || strcmp(typname, "serial2") == 0)
		why = "a serial column";
	foreach(lc, def->constraints)
	{
		Constraint *c = lfirst_node(Constraint, lc);

		if (c->contype == CONSTR_IDENTITY)
			why = "an identity column";
		else if (c->contype == CONSTR_GENERATED && schemamig_generated_stored(c))
			why = "a stored generated column";
		else if (c->contype == CONSTR_GENERATED)
			virtual = true;
		else if (c->contype == CONSTR_CHECK)
			validating_scan(st, t, psprintf("ADD COLUMN %s ... CHECK", quote_identifier(def->colname)),
							"Add the column without it, then ADD CONSTRAINT ... CHECK ... NOT VALID and VALIDATE CONSTRAINT in a later revision.");
		else if (c->contype == CONSTR_DEFAULT)
		{
			has_default = true;
			if (why == NULL && typed &&
				default_is_volatile(st, c->raw_expr, typid, typmod, def->colname))
				why = "a column with a volatile default";
		}
	}
	if (why == NULL && typed && !virtual)
	{
		if (DomainHasConstraints(typid))
			why = psprintf("a column of domain %s, which has constraints",
						   format_type_be_qualified(typid));
		else if (!has_default && type_default_is_volatile(typid))
			why = psprintf("a column of type %s, whose default is volatile",
						   format_type_be_qualified(typid));
	}
	if (why)
		table_rewrite(st, t, psprintf("ADD COLUMN %s, %s,",
									  quote_identifier(def->colname), why));
}

/* The foreign key a constraint name stands for on a table, if any. */
static Oid
foreign_key_target(Oid relid, const char *conname)
{
	Oid			conoid = get_relation_constraint_oid(relid, conname, true);
	HeapTuple	tup;
	Oid			confrelid = InvalidOid;

	if (!OidIsValid(conoid))
		return InvalidOid;
	tup = SearchSysCache1(CONSTROID, ObjectIdGetDatum(conoid));
	if (HeapTupleIsValid(tup))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);

		if (con->contype == CONSTRAINT_FOREIGN)
			confrelid = con->confrelid;
		ReleaseSysCache(tup);
	}
	return confrelid;
}

/* A foreign key of the database, as foreign_key_partners() reads it. */
typedef struct LintForeignKey
{
	Oid			conrelid;		/* the referencing table */
	Oid			confrelid;		/* the referenced one */
	int			nkeys;
	AttrNumber *conkey;			/* its columns on each side */
	AttrNumber *confkey;
} LintForeignKey;

/* A foreign key's column list (conkey or confkey), as n attribute numbers. */
static AttrNumber *
key_columns(HeapTuple tup, TupleDesc desc, int keyattr, int *n)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, keyattr, desc, &isnull);
	Datum	   *cols;
	AttrNumber *result;

	*n = 0;
	if (isnull)
		return NULL;
	deconstruct_array(DatumGetArrayTypeP(d), INT2OID, sizeof(int16), true,
					  TYPALIGN_SHORT, &cols, NULL, n);
	result = palloc(sizeof(AttrNumber) * (*n + 1));
	for (int i = 0; i < *n; i++)
		result[i] = DatumGetInt16(cols[i]);
	return result;
}

/*
 * The database's foreign keys, read once per lint() (no index finds those
 * that reference a table) into the plan's memory; a partition's copy of
 * its parent's key is left out, counted as the parent's.
 */
static List *
foreign_keys(LintState *st)
{
	Relation	conrel;
	SysScanDesc scan;
	HeapTuple	tup;
	MemoryContext old;

	if (st->fkeys_read)
		return st->fkeys;
	old = MemoryContextSwitchTo(st->plancxt);
	conrel = table_open(ConstraintRelationId, AccessShareLock);
	scan = systable_beginscan(conrel, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_constraint con = (Form_pg_constraint) GETSTRUCT(tup);
		LintForeignKey *fk;
		int			n;

		if (con->contype != CONSTRAINT_FOREIGN || OidIsValid(con->conparentid))
			continue;
		fk = palloc(sizeof(LintForeignKey));
		fk->conrelid = con->conrelid;
		fk->confrelid = con->confrelid;
		fk->conkey = key_columns(tup, RelationGetDescr(conrel), Anum_pg_constraint_conkey, &fk->nkeys);
		fk->confkey = key_columns(tup, RelationGetDescr(conrel), Anum_pg_constraint_confkey, &n);
		st->fkeys = lappend(st->fkeys, fk);
	}
	systable_endscan(scan);
	table_close(conrel, AccessShareLock);
	MemoryContextSwitchTo(old);
	st->fkeys_read = true;
	return st->fkeys;
}

/* Does a key's column list hold the column? */
static bool
key_has_column(const AttrNumber *keys, int n, AttrNumber attnum)
{
	for (int i = 0; i < n; i++)
	{
		if (keys[i] == attnum)
			return true;
	}
	return false;
}

/*
 * The tables on the other side of a table's foreign keys: those it
 * references, and with referencing those that reference it; with attnum,
 * only keys that hold that column. The server takes ACCESS EXCLUSIVE on
 * them when it drops such a key (its triggers live on both tables): when
 * the table goes, or when a key column's type changes and the key is made
 * again.
 */
static List *
foreign_key_partners(LintState *st, Oid relid, bool referencing, AttrNumber attnum)
{
	List	   *partners = NIL;
	ListCell   *lc;

	foreach(lc, foreign_keys(st))
	{
		LintForeignKey *fk = lfirst(lc);
		Oid			other;
		const AttrNumber *keys;

		if (fk->conrelid == relid)
		{
			other = fk->confrelid;
			keys = fk->conkey;
		}
		else if (fk->confrelid == relid && referencing)
		{
			other = fk->conrelid;
			keys = fk->confkey;
		}
		else
			continue;
		if (other == relid ||
			(attnum != InvalidAttrNumber && !key_has_column(keys, fk->nkeys, attnum)))
			continue;
		partners = list_append_unique_oid(partners, other);
	}
	return partners;
}

/*
 * A table by OID, as lookup_table would give it: measured with the
 * hierarchy under it when inh, new when the plan created one of its name.
 */
static LintTable
table_by_oid(LintState *st, Oid relid, bool inh)
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
 * The parent's DEFAULT partition, when a partition is attached, detached or
 * created: the server takes ACCESS EXCLUSIVE on it and, but for a detach,
 * scans it for rows that belong to the new partition's bound (unless its
 * own constraints rule them out).
 */
static void
default_partition(LintState *st, const LintTable *parent, Oid except,
				  const char *what, bool scan)
{
	Oid			def;
	LintTable	dt;

	if (!OidIsValid(parent->relid) || parent->is_new ||
		!OidIsValid(def = get_default_partition_oid(parent->relid)) || def == except)
		return;
	dt = table_by_oid(st, def, true);
	what = psprintf("%s of %s", what, parent->name);
	access_exclusive(st, &dt, what);
	if (scan)
		validating_scan(st, &dt, what,
						"The DEFAULT partition is scanned for rows of the new bound unless a valid CHECK constraint on it excludes them: add one first (NOT VALID, then VALIDATE CONSTRAINT in an earlier revision), or keep the DEFAULT partition small.");
}

/*
 * SET NOT NULL scans the table, but where a valid CHECK proves the column
 * holds no NULL.
 */
static void
set_not_null(LintState *st, const LintTable *t, const char *column, const char *what)
{
	if (OidIsValid(t->relid) && !t->is_new && !proven_not_null(t->relid, column))
		validating_scan(st, t, psprintf("%s on %s", what, quote_identifier(column)),
						psprintf("First ADD CONSTRAINT ... CHECK (%s IS NOT NULL) NOT VALID, VALIDATE it in a later revision, then SET NOT NULL finds it and skips the scan.",
								 quote_identifier(column)));
}

/*
 * ALTER TABLE ... ATTACH PARTITION takes ACCESS EXCLUSIVE on the table it
 * attaches and scans it for rows outside the bound, DETACH PARTITION takes
 * it on the partition (ATExecAttachPartition, ATExecDetachPartition); the
 * lock on the parent is AlterTableGetLockLevel()'s. DETACH ... CONCURRENTLY
 * takes weaker locks.
 */
static void
check_partition_cmd(LintState *st, const LintTable *parent, AlterTableCmd *cmd)
{
	PartitionCmd *pc = castNode(PartitionCmd, cmd->def);
	bool		attach = cmd->subtype == AT_AttachPartition;
	const char *what = attach ? "ATTACH PARTITION" : "DETACH PARTITION";
	LintTable	part;

	if (pc->concurrent)
	{
		if (!attach)
			not_in_transaction(st, "DETACH PARTITION ... CONCURRENTLY");
		return;
	}
	part = lookup_table(st, pc->name);
	access_exclusive(st, &part, what);
	if (attach)
		validating_scan(st, &part, what,
						"Add a CHECK constraint that matches the partition bound first (NOT VALID, then VALIDATE CONSTRAINT in an earlier revision): the server then skips the scan.");
	default_partition(st, parent, part.relid, what, attach);
}

/*
 * CREATE TABLE ... PARTITION OF takes ACCESS EXCLUSIVE on the parent
 * (DefineRelation) and on its DEFAULT partition, which it scans.
 */
static void
check_partition_of(LintState *st, CreateStmt *stmt)
{
	LintTable	parent = lookup_table(st, linitial_node(RangeVar, stmt->inhRelations));

	access_exclusive(st, &parent, "CREATE TABLE ... PARTITION OF");
	if (!stmt->partbound->is_default)
		default_partition(st, &parent, InvalidOid, "CREATE TABLE ... PARTITION OF", true);
}

/*
 * SET TABLESPACE and SET ACCESS METHOD copy a table (or materialized view)
 * into new storage, unless it is where it is asked to be already, or has no
 * storage of its own: a partitioned table only keeps the setting for its
 * future partitions (ATExecSetTableSpace, ATPrepSetAccessMethod).
 */
static bool
moves_storage(const LintTable *t, AlterTableCmd *cmd)
{
	char		relkind;

	if (!OidIsValid(t->relid) || t->is_new)
		return false;
	relkind = get_rel_relkind(t->relid);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_MATVIEW)
		return false;
	if (cmd->subtype == AT_SetTableSpace)
	{
		Oid			target = get_tablespace_oid(cmd->name, true);

		if (!OidIsValid(target))
			return false;
		/* pg_class says 0 for the database's default tablespace */
		if (target == MyDatabaseTableSpace)
			target = InvalidOid;
		return target != get_rel_tablespace(t->relid);
	}
	else
	{
		/* (17 on, SET ACCESS METHOD DEFAULT names none) */
		Oid			target = get_table_am_oid(cmd->name ? cmd->name : default_table_access_method, true);
		HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(t->relid));
		Oid			current = InvalidOid;

		if (HeapTupleIsValid(tup))
		{
			current = ((Form_pg_class) GETSTRUCT(tup))->relam;
			ReleaseSysCache(tup);
		}
		return OidIsValid(target) && target != current;
	}
}

/*
 * ACCESS EXCLUSIVE on the other tables of foreign keys a statement drops,
 * but those in skip (which the statement drops itself).
 */
static void
foreign_key_locks(LintState *st, List *partners, List *skip, const char *what)
{
	ListCell   *lc;

	foreach(lc, partners)
	{
		LintTable	pt;

		if (list_member_oid(skip, lfirst_oid(lc)))
			continue;
		pt = table_by_oid(st, lfirst_oid(lc), true);
		access_exclusive(st, &pt, what);
	}
}

static void
lint_alter_table(LintState *st, AlterTableStmt *stmt)
{
	LintTable	t = lookup_table(st, stmt->relation);
	LOCKMODE	lockmode = AlterTableGetLockLevel(stmt->cmds);
	ListCell   *lc;

	if (lockmode == AccessExclusiveLock)
		access_exclusive(st, &t, "ALTER TABLE");

	foreach(lc, stmt->cmds)
	{
		AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);

		switch (cmd->subtype)
		{
			case AT_AlterColumnType:
				check_type_change(st, &t, cmd);
				if (OidIsValid(t.relid) && !t.is_new)
				{
					AttrNumber	attnum = get_attnum(t.relid, cmd->name);

					if (attnum != InvalidAttrNumber)
						foreign_key_locks(st, foreign_key_partners(st, t.relid, true, attnum), NIL,
										  psprintf("ALTER COLUMN %s TYPE of %s, which makes a foreign key between them again,",
												   quote_identifier(cmd->name), t.name));
				}
				break;
			case AT_AddColumn:
				check_add_column(st, &t, castNode(ColumnDef, cmd->def));
				break;
			case AT_AttachPartition:
			case AT_DetachPartition:
				/* (ALTER INDEX ... ATTACH PARTITION locks no table so) */
				if (stmt->objtype == OBJECT_TABLE)
					check_partition_cmd(st, &t, cmd);
				break;
			case AT_SetTableSpace:
				if (moves_storage(&t, cmd))
					table_rewrite(st, &t, "SET TABLESPACE");
				break;
			case AT_SetAccessMethod:
				if (moves_storage(&t, cmd))
					table_rewrite(st, &t, "SET ACCESS METHOD");
				break;
			case AT_SetLogged:
			case AT_SetUnLogged:
				/* (to what it is already: the server does nothing) */
				if (OidIsValid(t.relid) && !t.is_new &&
					get_rel_persistence(t.relid) != (cmd->subtype == AT_SetLogged ?
													 RELPERSISTENCE_PERMANENT : RELPERSISTENCE_UNLOGGED))
					table_rewrite(st, &t, cmd->subtype == AT_SetLogged ? "SET LOGGED" : "SET UNLOGGED");
				break;
			case AT_DropColumn:
				destructive(st, &t, psprintf("DROP COLUMN %s", quote_identifier(cmd->name)));
				break;
			case AT_SetNotNull:
				set_not_null(st, &t, cmd->name, "SET NOT NULL");
				break;
			case AT_AddConstraint:
				{
					Constraint *c = castNode(Constraint, cmd->def);

					/* (18 on: ADD CONSTRAINT ... NOT NULL col) */
					if (c->contype == CONSTR_NOTNULL && !c->skip_validation &&
						list_length(c->keys) == 1)
						set_not_null(st, &t, strVal(linitial(c->keys)),
									 "ADD CONSTRAINT ... NOT NULL");
					else if ((c->contype == CONSTR_CHECK || c->contype == CONSTR_FOREIGN) &&
						!c->skip_validation)
					{
						validating_scan(st, &t,
										c->contype == CONSTR_CHECK ? "ADD CONSTRAINT ... CHECK" : "ADD CONSTRAINT ... FOREIGN KEY",
										"Add it NOT VALID, then VALIDATE CONSTRAINT in a later revision (which takes a weaker lock).");
						if (c->contype == CONSTR_FOREIGN)
						{
							LintTable	ref = lookup_table(st, c->pktable);

							if (ref.relid != t.relid || ref.is_new != t.is_new)
								validating_scan(st, &ref, psprintf("ADD CONSTRAINT ... FOREIGN KEY referencing it from %s",
																   t.name ? t.name : stmt->relation->relname),
												"Add it NOT VALID, then VALIDATE CONSTRAINT in a later revision.");
						}
					}
					break;
				}
			case AT_DropConstraint:
				{
					Oid			ref;

					/* dropping a foreign key also locks the table it references */
					if (OidIsValid(t.relid) && !t.is_new &&
						OidIsValid(ref = foreign_key_target(t.relid, cmd->name)) &&
						ref != t.relid)
					{
						LintTable	rt = table_by_oid(st, ref, true);

						access_exclusive(st, &rt, psprintf("dropping foreign key %s of %s",
														   quote_identifier(cmd->name), t.name));
					}
					break;
				}
			default:
				/* a stored generated column computes every row again */
				if (schemamig_at_set_expression(cmd->subtype) && OidIsValid(t.relid) &&
					!t.is_new && cmd->name != NULL)
				{
					AttrNumber	attnum = get_attnum(t.relid, cmd->name);

					if (attnum != InvalidAttrNumber &&
						get_attgenerated(t.relid, attnum) == ATTRIBUTE_GENERATED_STORED)
						table_rewrite(st, &t, psprintf("ALTER COLUMN %s SET EXPRESSION",
													   quote_identifier(cmd->name)));
				}
				break;
		}
	}
}

/*
 * The lexer's token for a string constant (SCONST). PostgreSQL 16 and later
 * no longer install the parser's gram.h, which numbers the tokens, so ask
 * the lexer itself, once: any quoted string comes back as that token.
 */
static int
string_token(void)
{
	static int	token = 0;

	if (token == 0)
	{
		core_yy_extra_type yyext;
		core_yyscan_t scanner;
		core_YYSTYPE yylval;
		YYLTYPE		yylloc;

		scanner = scanner_init("'s'", &yyext, &ScanKeywords, ScanKeywordTokens);
		token = core_yylex(&yylval, &yylloc, scanner);
		scanner_finish(scanner);
	}
	return token;
}

/*
 * The string constants of a statement, as the server's lexer finds them (so
 * that a comment or an identifier never counts as a use of a value).
 */
static List *
string_constants(const char *sql)
{
	core_yy_extra_type yyext;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc;
	List	   *strings = NIL;
	int			tok;

	/* (should the lexer fail, its memory goes with the revision's context) */
	scanner = scanner_init(sql, &yyext, &ScanKeywords, ScanKeywordTokens);
	while ((tok = core_yylex(&yylval, &yylloc, scanner)) != 0)
	{
		if (tok == string_token())
			strings = lappend(strings, pstrdup(yylval.str));
	}
	scanner_finish(scanner);
	return strings;
}

/* A type's schema-qualified name; as written when it does not exist yet. */
static char *
qualified_type(List *names)
{
	TypeName   *tn = makeTypeNameFromNameList(names);
	Type		typ = LookupTypeName(NULL, tn, NULL, true);
	char	   *result;

	if (typ == NULL)
		return NameListToQuotedString(names);
	result = format_type_be_qualified(typeTypeId(typ));
	ReleaseSysCache(typ);
	return result;
}

/* Uses, in this statement, of an enum value added in the same transaction. */
static void
check_enum_uses(LintState *st)
{
	List	   *strings;
	ListCell   *lc;

	if (st->added_values == NIL || IsA(st->stmt->raw, AlterEnumStmt))
		return;
	strings = string_constants(st->stmt->text);
	foreach(lc, st->added_values)
	{
		AddedEnumValue *v = lfirst(lc);

		if (schemamig_string_in_list(strings, v->value))
			emit(st, "error", "enum-value-used", v->type,
				 psprintf("enum value '%s' of %s is used in the transaction that adds it (by revision \"%s\"), which PostgreSQL refuses: unsafe use of new value",
						  v->value, v->type, v->revision),
				 "Add the value in a revision of its own and use it in a later call, or register the adding revision with transactional => false.");
	}
}

/*
 * TRUNCATE ... CASCADE also empties every table with a foreign key that
 * references a table it empties, and so on: found as the server finds them
 * (ExecuteTruncate), and each taken alone (the server adds no children of
 * its own for them; a partition's foreign key is a constraint of its own).
 */
static void
truncate_cascade(LintState *st, List *relids)
{
	List	   *found;

	while ((found = list_difference_oid(heap_truncate_find_FKs(relids), relids)) != NIL)
	{
		ListCell   *lc;

		foreach(lc, found)
		{
			LintTable	t = table_by_oid(st, lfirst_oid(lc), false);

			destructive(st, &t, "TRUNCATE ... CASCADE");
			access_exclusive(st, &t, "TRUNCATE ... CASCADE");
		}
		relids = list_concat(relids, found);
	}
}

/*
 * A setting a revision makes (SET, RESET, set_config()) that lint follows
 * for the statements after it: lock_timeout, where 0 in any unit ('0s',
 * '0ms') turns the timeout off and a value the server refuses fails the
 * revision before anything waits (counted as set); search_path, on which
 * their names resolve; TimeZone, which decides whether a change between
 * timestamp and timestamptz rewrites. The last two are saved at the
 * revision's GUC level, so that its end (or an error's) undoes them, as
 * when it runs; a value the server refuses changes nothing here. value is
 * NULL for RESET and SET ... TO DEFAULT.
 */
static void
follow_setting(LintState *st, const char *name, const char *value)
{
	int			ms;

	if (pg_strcasecmp(name, "lock_timeout") == 0)
		st->rev_lock_timeout = value != NULL &&
			(!parse_int(value, &ms, GUC_UNIT_MS, NULL) || ms > 0);
	else if (pg_strcasecmp(name, "search_path") == 0 || pg_strcasecmp(name, "timezone") == 0)
		(void) set_config_option(name, value, PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, DEBUG1, false);
}

/* The text of a string literal; NULL for anything else. */
static const char *
string_literal(Node *node)
{
	A_Const    *c = (A_Const *) node;

	if (node == NULL || !IsA(node, A_Const) || c->isnull || !IsA(&c->val, String))
		return NULL;
	return strVal(&c->val);
}

/* SELECT set_config('name', 'value', is_local) with literals, as SET. */
static void
follow_set_config(LintState *st, Node *expr)
{
	FuncCall   *f = (FuncCall *) expr;
	const char *name;
	const char *value;

	if (expr == NULL || !IsA(expr, FuncCall) || list_length(f->args) != 3 ||
		list_length(f->funcname) > 2 ||
		strcmp(strVal(llast(f->funcname)), "set_config") != 0 ||
		(list_length(f->funcname) == 2 && strcmp(strVal(linitial(f->funcname)), "pg_catalog") != 0))
		return;
	if ((name = string_literal(linitial(f->args))) != NULL &&
		(value = string_literal(lsecond(f->args))) != NULL)
		follow_setting(st, name, value);
}

/* A statement that takes ACCESS EXCLUSIVE on the one table it names. */
static void
table_access_exclusive(LintState *st, const RangeVar *rv, const char *what)
{
	LintTable	t = lookup_table(st, rv);

	access_exclusive(st, &t, what);
}

/*
 * ALTER ... RENAME of a table, or of a column, constraint, trigger, policy
 * or rule of one, takes ACCESS EXCLUSIVE on the table (RenameRelation,
 * renameatt, RenameConstraint, renametrig, rename_policy,
 * RenameRewriteRule); after it, the plan finds the table by its new name.
 */
static void
lint_rename(LintState *st, RenameStmt *stmt)
{
	const char *what;
	LintTable	t;

	if (stmt->relation == NULL)
		return;
	switch (stmt->renameType)
	{
		case OBJECT_TABLE:
			what = "ALTER TABLE ... RENAME";
			break;
		case OBJECT_MATVIEW:
			what = "ALTER MATERIALIZED VIEW ... RENAME";
			break;
		case OBJECT_COLUMN:
			what = "ALTER TABLE ... RENAME COLUMN";
			break;
		case OBJECT_TABCONSTRAINT:
			what = "ALTER TABLE ... RENAME CONSTRAINT";
			break;
		case OBJECT_TRIGGER:
			what = "ALTER TRIGGER ... RENAME";
			break;
		case OBJECT_POLICY:
			what = "ALTER POLICY ... RENAME";
			break;
		case OBJECT_RULE:
			what = "ALTER RULE ... RENAME";
			break;
		default:
			return;
	}
	t = lookup_table(st, stmt->relation);
	access_exclusive(st, &t, what);
	if (stmt->renameType == OBJECT_TABLE || stmt->renameType == OBJECT_MATVIEW)
		note_moved(st, &t, t.nspid, stmt->newname);
}

/*
 * REINDEX: of a schema, the system catalogs or the database, or of a
 * partitioned table or index, it cannot run in a transaction block (nor
 * can CONCURRENTLY). Without CONCURRENTLY, REINDEX TABLE or INDEX takes a
 * SHARE lock on the table and ACCESS EXCLUSIVE on each index it builds
 * again (reindex_index).
 */
static void
lint_reindex(LintState *st, ReindexStmt *stmt)
{
	bool		concurrently = false;
	const char *severity;
	LintTable	t;
	ListCell   *lc;

	foreach(lc, stmt->params)
	{
		if (strcmp(lfirst_node(DefElem, lc)->defname, "concurrently") == 0)
			concurrently = defGetBoolean(lfirst_node(DefElem, lc));
	}
	if (concurrently)
		not_in_transaction(st, "REINDEX CONCURRENTLY");
	if (stmt->kind != REINDEX_OBJECT_TABLE && stmt->kind != REINDEX_OBJECT_INDEX)
	{
		if (!concurrently)
			not_in_transaction(st, stmt->kind == REINDEX_OBJECT_SCHEMA ? "REINDEX SCHEMA" :
							   stmt->kind == REINDEX_OBJECT_SYSTEM ? "REINDEX SYSTEM" : "REINDEX DATABASE");
		return;
	}
	t = lookup_table(st, stmt->relation);
	if (!OidIsValid(t.relid) || t.is_new)
		return;
	if (!concurrently && (get_rel_relkind(t.relid) == RELKIND_PARTITIONED_TABLE ||
						  get_rel_relkind(t.relid) == RELKIND_PARTITIONED_INDEX))
		not_in_transaction(st, "REINDEX of a partitioned table or index");
	if (stmt->kind == REINDEX_OBJECT_INDEX)
	{
		Oid			table = IndexGetRelation(t.relid, true);

		if (!OidIsValid(table))
			return;
		t = table_by_oid(st, table, true);
	}
	if (!concurrently && (severity = severity_for(&t)) != NULL)
		emit(st, severity, "blocking-index", t.name,
			 psprintf("REINDEX takes a SHARE lock on %s (%s) and ACCESS EXCLUSIVE on the indexes it builds again: writes wait, and so do reads that would use those indexes",
					  t.name, t.size),
			 "Use REINDEX CONCURRENTLY in a non-transactional revision (transactional => false; -- no-transaction in a file).");
}

/*
 * The tables with a column of a domain, or of a domain over it: those
 * ALTER DOMAIN checks (get_rels_with_domain).
 */
static List *
domain_tables(Oid typid)
{
	static SPIPlanPtr plan = NULL;
	Datum		value = ObjectIdGetDatum(typid);
	Oid			type = OIDOID;
	List	   *tables = NIL;
	int			rc;

	if (plan == NULL)
	{
		plan = SPI_prepare("WITH RECURSIVE d (oid) AS ("
						   " SELECT $1"
						   " UNION SELECT t.oid FROM pg_catalog.pg_type t, d"
						   "  WHERE t.typbasetype OPERATOR(pg_catalog.=) d.oid"
						   "   AND t.typtype OPERATOR(pg_catalog.=) 'd')"
						   " SELECT DISTINCT a.attrelid FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c, d"
						   "  WHERE a.atttypid OPERATOR(pg_catalog.=) d.oid AND a.attnum OPERATOR(pg_catalog.>) 0"
						   "   AND NOT a.attisdropped AND c.oid OPERATOR(pg_catalog.=) a.attrelid"
						   "   AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,m}'::pg_catalog.\"char\"[])",
						   1, &type);
		if (plan == NULL || SPI_keepplan(plan) != 0)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	}
	rc = SPI_execute_plan(plan, &value, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(rc));
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		tables = lappend_oid(tables, DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[i],
																	 SPI_tuptable->tupdesc, 1, &isnull)));
	}
	return tables;
}

/*
 * ALTER DOMAIN ... ADD CONSTRAINT (a CHECK or NOT NULL, without NOT VALID),
 * SET NOT NULL and VALIDATE CONSTRAINT check every value of the domain:
 * each table with a column of it is scanned under a SHARE lock
 * (validateDomainCheckConstraint, validateDomainNotNullConstraint).
 */
static void
lint_alter_domain(LintState *st, AlterDomainStmt *stmt)
{
	const char *what;
	Oid			typid;
	ListCell   *lc;

	switch (stmt->subtype)
	{
		case 'C':
			{
				Constraint *c = castNode(Constraint, stmt->def);

				if (c->skip_validation ||
					(c->contype != CONSTR_CHECK && c->contype != CONSTR_NOTNULL))
					return;
				what = "ADD CONSTRAINT";
				break;
			}
		case 'O':
			what = "SET NOT NULL";
			break;
		case 'V':
			what = "VALIDATE CONSTRAINT";
			break;
		default:
			return;
	}
	typid = LookupTypeNameOid(NULL, makeTypeNameFromNameList(stmt->typeName), true);
	if (!OidIsValid(typid) || get_typtype(typid) != TYPTYPE_DOMAIN)
		return;
	what = psprintf("ALTER DOMAIN %s %s, with a SHARE lock on it,",
					format_type_be_qualified(typid), what);
	foreach(lc, domain_tables(typid))
	{
		LintTable	t = table_by_oid(st, lfirst_oid(lc), false);

		validating_scan(st, &t, what,
						"A domain's constraint is checked on every column of it under a SHARE lock, which blocks writes, and so is VALIDATE CONSTRAINT: run it when the tables are quiet, or give each table a CHECK of its own (NOT VALID, then VALIDATE CONSTRAINT).");
	}
}

/* CLUSTER or VACUUM FULL without a table: every table it may reach. */
static void
every_table_rewritten(LintState *st, const char *what, const char *which)
{
	emit(st, "warning", "table-rewrite", NULL,
		 psprintf("%s rewrites every table of the database %s, one after another, each under an ACCESS EXCLUSIVE lock",
				  what, which),
		 "Name the tables: lint then reports each one, with its size.");
}

/* One statement of one revision. */
static void
lint_statement(LintState *st)
{
	Node	   *raw = st->stmt->raw;
	ListCell   *lc;

	check_enum_uses(st);

	switch (nodeTag(raw))
	{
		case T_IndexStmt:
			{
				IndexStmt  *stmt = (IndexStmt *) raw;
				LintTable	t = lookup_table(st, stmt->relation);
				const char *severity = severity_for(&t);

				if (stmt->concurrent)
				{
					not_in_transaction(st, "CREATE INDEX CONCURRENTLY");
					if (stmt->if_not_exists && stmt->idxname != NULL)
						emit(st, "warning", "concurrently-if-not-exists", t.name,
							 psprintf("CREATE INDEX CONCURRENTLY IF NOT EXISTS skips index \"%s\" even when it is INVALID: a build that was cancelled or failed leaves one behind, and the next run would record the revision with an index the planner never uses",
									  stmt->idxname),
							 "Leave out IF NOT EXISTS: the next run then fails on the invalid index (42P07); drop it with DROP INDEX CONCURRENTLY and run again.");
				}
				else if (severity != NULL)
					emit(st, severity, "blocking-index", t.name,
						 psprintf("CREATE INDEX on %s (%s) takes a SHARE lock: writes to the table wait until the index is built",
								  t.name, t.size),
						 "Use CREATE INDEX CONCURRENTLY in a non-transactional revision (transactional => false; -- no-transaction in a file).");
				break;
			}
		case T_AlterTableStmt:
			lint_alter_table(st, (AlterTableStmt *) raw);
			break;
		case T_CreateStmt:
			{
				CreateStmt *stmt = (CreateStmt *) raw;

				/* (IF NOT EXISTS of a table that is there locks nothing) */
				if (note_created(st, stmt->relation, stmt->if_not_exists) &&
					stmt->partbound != NULL && stmt->inhRelations != NIL)
					check_partition_of(st, stmt);
				break;
			}
		case T_CreateTableAsStmt:
			(void) note_created(st, ((CreateTableAsStmt *) raw)->into->rel,
								((CreateTableAsStmt *) raw)->if_not_exists);
			break;
		case T_DropStmt:
			{
				DropStmt   *stmt = (DropStmt *) raw;
				List	   *dropping = NIL;
				List	   *partners = NIL;

				if (stmt->concurrent)
					not_in_transaction(st, "DROP INDEX CONCURRENTLY");
				if (stmt->removeType == OBJECT_TRIGGER || stmt->removeType == OBJECT_POLICY ||
					stmt->removeType == OBJECT_RULE)
				{
					/* (the name of the table, then of the object on it) */
					foreach(lc, stmt->objects)
						table_access_exclusive(st, makeRangeVarFromNameList(list_truncate(list_copy(lfirst(lc)),
																						  list_length(lfirst(lc)) - 1)),
											   stmt->removeType == OBJECT_TRIGGER ? "DROP TRIGGER" :
											   stmt->removeType == OBJECT_POLICY ? "DROP POLICY" : "DROP RULE");
					break;
				}
				if (stmt->removeType != OBJECT_TABLE && stmt->removeType != OBJECT_MATVIEW &&
					stmt->removeType != OBJECT_INDEX)
					break;
				foreach(lc, stmt->objects)
				{
					RangeVar   *rv = makeRangeVarFromNameList(lfirst(lc));
					LintTable	t = lookup_table(st, rv);

					if (stmt->removeType != OBJECT_INDEX)
					{
						const char *what = stmt->removeType == OBJECT_TABLE ?
							"DROP TABLE" : "DROP MATERIALIZED VIEW";

						destructive(st, &t, what);
						access_exclusive(st, &t, what);
						/* a later CREATE ... IF NOT EXISTS creates it anew */
						if (OidIsValid(t.relid))
							add_to_set(st->dropped, t.name);

						/*
						 * Its foreign keys go with it: those that reference
						 * it only with CASCADE (else the statement fails).
						 */
						if (OidIsValid(t.relid) && !t.is_new)
						{
							dropping = lappend_oid(dropping, t.relid);
							partners = list_concat_unique_oid(partners,
															  foreign_key_partners(st, t.relid, stmt->behavior == DROP_CASCADE,
																				   InvalidAttrNumber));
						}
					}
					else if (!stmt->concurrent && OidIsValid(t.relid) && !t.is_new)
					{
						Oid			table = IndexGetRelation(t.relid, true);

						if (OidIsValid(table))
						{
							LintTable	tt = table_by_oid(st, table, true);

							access_exclusive(st, &tt, psprintf("DROP INDEX %s", t.name));
						}
					}
				}
				foreign_key_locks(st, partners, dropping,
								  "DROP TABLE, which drops a foreign key between them,");
				break;
			}
		case T_TruncateStmt:
			{
				TruncateStmt *stmt = (TruncateStmt *) raw;
				List	   *relids = NIL;

				foreach(lc, stmt->relations)
				{
					RangeVar   *rv = lfirst_node(RangeVar, lc);
					LintTable	t = lookup_table(st, rv);

					destructive(st, &t, "TRUNCATE");
					access_exclusive(st, &t, "TRUNCATE");
					if (OidIsValid(t.relid) && !t.is_new)
						relids = list_concat_unique_oid(relids, rv->inh ?
														find_all_inheritors(t.relid, NoLock, NULL) :
														list_make1_oid(t.relid));
				}
				if (stmt->behavior == DROP_CASCADE)
					truncate_cascade(st, relids);
				break;
			}
		case T_ClusterStmt:
			{
				ClusterStmt *stmt = (ClusterStmt *) raw;
				LintTable	t;

				if (stmt->relation == NULL)
				{
					not_in_transaction(st, "CLUSTER without a table");
					every_table_rewritten(st, "CLUSTER without a table",
										  "that has a clustered index (marked by CLUSTER ... USING or CLUSTER ON) and that the revision's author may cluster");
					break;
				}
				t = lookup_table(st, stmt->relation);
				if (OidIsValid(t.relid) && get_rel_relkind(t.relid) == RELKIND_PARTITIONED_TABLE)
					not_in_transaction(st, "CLUSTER of a partitioned table");
				table_rewrite(st, &t, "CLUSTER");
				access_exclusive(st, &t, "CLUSTER");
				break;
			}
		case T_VacuumStmt:
			{
				VacuumStmt *stmt = (VacuumStmt *) raw;
				bool		full = false;

				if (!stmt->is_vacuumcmd)
					break;
				not_in_transaction(st, "VACUUM");
				foreach(lc, stmt->options)
				{
					DefElem    *opt = lfirst_node(DefElem, lc);

					if (strcmp(opt->defname, "full") == 0)
						full = opt->arg == NULL || defGetBoolean(opt);
				}
				if (!full)
					break;
				if (stmt->rels == NIL)
					every_table_rewritten(st, "VACUUM FULL without a table",
										  "that the revision's author may vacuum");
				foreach(lc, stmt->rels)
				{
					LintTable	t = lookup_table(st, lfirst_node(VacuumRelation, lc)->relation);

					table_rewrite(st, &t, "VACUUM FULL");
					access_exclusive(st, &t, "VACUUM FULL");
				}
				break;
			}
		case T_ReindexStmt:
			lint_reindex(st, (ReindexStmt *) raw);
			break;
		case T_RenameStmt:
			lint_rename(st, (RenameStmt *) raw);
			break;
		case T_AlterObjectSchemaStmt:
			{
				AlterObjectSchemaStmt *stmt = (AlterObjectSchemaStmt *) raw;

				if (stmt->relation &&
					(stmt->objectType == OBJECT_TABLE || stmt->objectType == OBJECT_MATVIEW))
				{
					LintTable	t = lookup_table(st, stmt->relation);

					access_exclusive(st, &t, "SET SCHEMA");
					note_moved(st, &t, get_namespace_oid(stmt->newschema, true),
							   stmt->relation->relname);
				}
				break;
			}
		case T_RuleStmt:
			table_access_exclusive(st, ((RuleStmt *) raw)->relation,
								   ((RuleStmt *) raw)->replace ? "CREATE OR REPLACE RULE" : "CREATE RULE");
			break;
		case T_CreatePolicyStmt:
			table_access_exclusive(st, ((CreatePolicyStmt *) raw)->table, "CREATE POLICY");
			break;
		case T_AlterPolicyStmt:
			table_access_exclusive(st, ((AlterPolicyStmt *) raw)->table, "ALTER POLICY");
			break;
		case T_RefreshMatViewStmt:
			{
				RefreshMatViewStmt *stmt = (RefreshMatViewStmt *) raw;
				LintTable	t;

				/* (CONCURRENTLY takes EXCLUSIVE: reads go on) */
				if (stmt->concurrent)
					break;
				t = lookup_table(st, stmt->relation);
				rewrite_with_hint(st, &t, "REFRESH MATERIALIZED VIEW",
								  "Use REFRESH MATERIALIZED VIEW CONCURRENTLY (the view needs a unique index): reads go on while it runs.");
				access_exclusive(st, &t, "REFRESH MATERIALIZED VIEW");
				break;
			}
		case T_AlterDomainStmt:
			lint_alter_domain(st, (AlterDomainStmt *) raw);
			break;
		case T_SelectStmt:
			/* SELECT set_config('lock_timeout', '5s', true), as SET does */
			foreach(lc, ((SelectStmt *) raw)->targetList)
				follow_set_config(st, lfirst_node(ResTarget, lc)->val);
			break;
		case T_LockStmt:
			{
				LockStmt   *stmt = (LockStmt *) raw;

				if (stmt->mode != AccessExclusiveLock)
					break;
				foreach(lc, stmt->relations)
				{
					LintTable	t = lookup_table(st, lfirst_node(RangeVar, lc));

					access_exclusive(st, &t, "LOCK TABLE");
				}
				break;
			}
		case T_AlterEnumStmt:
			{
				AlterEnumStmt *stmt = (AlterEnumStmt *) raw;

				/* a value added in a transaction cannot be used before it commits */
				if (stmt->newVal && !stmt->oldVal && st->rev->transactional)
				{
					MemoryContext old = MemoryContextSwitchTo(st->plancxt);
					AddedEnumValue *v = palloc(sizeof(AddedEnumValue));

					v->type = qualified_type(stmt->typeName);
					v->value = pstrdup(stmt->newVal);
					v->revision = st->rev->id;
					st->added_values = lappend(st->added_values, v);
					MemoryContextSwitchTo(old);
				}
				break;
			}
		case T_VariableSetStmt:
			{
				VariableSetStmt *stmt = (VariableSetStmt *) raw;

				if (stmt->name &&
					(stmt->kind == VAR_SET_VALUE || stmt->kind == VAR_SET_DEFAULT ||
					 stmt->kind == VAR_RESET))
					follow_setting(st, stmt->name, stmt->kind == VAR_SET_VALUE ?
								   ExtractSetVariableArgs(stmt) : NULL);
				break;
			}
		case T_CreatedbStmt:
		case T_DropdbStmt:
		case T_CreateTableSpaceStmt:
		case T_DropTableSpaceStmt:
		case T_AlterSystemStmt:
			not_in_transaction(st, CreateCommandName(raw));
			break;
		default:
			break;
	}
}

/*
 * The tables a statement names, for the statements that lock tables: what
 * trace() looks at to say which lock a statement timed out waiting for.
 */
List *
lint_statement_relations(Node *raw)
{
	List	   *rels = NIL;
	ListCell   *lc;

	switch (nodeTag(raw))
	{
		case T_AlterTableStmt:
			rels = list_make1(((AlterTableStmt *) raw)->relation);
			foreach(lc, ((AlterTableStmt *) raw)->cmds)
			{
				AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);

				if (cmd->subtype == AT_AddConstraint &&
					castNode(Constraint, cmd->def)->contype == CONSTR_FOREIGN)
					rels = lappend(rels, castNode(Constraint, cmd->def)->pktable);
			}
			break;
		case T_IndexStmt:
			rels = list_make1(((IndexStmt *) raw)->relation);
			break;
		case T_DropStmt:
			foreach(lc, ((DropStmt *) raw)->objects)
			{
				if (((DropStmt *) raw)->removeType == OBJECT_TABLE ||
					((DropStmt *) raw)->removeType == OBJECT_INDEX)
					rels = lappend(rels, makeRangeVarFromNameList(lfirst(lc)));
			}
			break;
		case T_TruncateStmt:
			rels = list_copy(((TruncateStmt *) raw)->relations);
			break;
		case T_LockStmt:
			rels = list_copy(((LockStmt *) raw)->relations);
			break;
		case T_ClusterStmt:
			if (((ClusterStmt *) raw)->relation)
				rels = list_make1(((ClusterStmt *) raw)->relation);
			break;
		case T_VacuumStmt:
			foreach(lc, ((VacuumStmt *) raw)->rels)
				rels = lappend(rels, lfirst_node(VacuumRelation, lc)->relation);
			break;
		case T_RenameStmt:
			if (((RenameStmt *) raw)->relation)
				rels = list_make1(((RenameStmt *) raw)->relation);
			break;
		case T_CreateTrigStmt:
			rels = list_make1(((CreateTrigStmt *) raw)->relation);
			break;
		default:
			break;
	}
	return rels;
}

/*
 * lint(target): findings for every statement of every revision that
 * upgrade(target) would apply, in order.
 */
PG_FUNCTION_INFO_V1(schemamig_lint);
Datum
schemamig_lint(PG_FUNCTION_ARGS)
{
	MigTarget	target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "lint", "target"),
									  TARGETS_UPGRADE, "upgrade");
	LintState	st = {0};
	MigGraph   *graph;
	List	   *plan;
	MemoryContext revcxt;
	PlanSql		reader;
	HASHCTL		ctl = {0};
	ListCell   *lc;
	int			nestlevel;

	st.resultcxt = CurrentMemoryContext;
	st.plancxt = CurrentMemoryContext;
	st.store = schemamig_result_set(fcinfo, &st.desc);
	st.caller_lock_timeout = LockTimeout > 0;
	ctl.keysize = LINT_NAME_LEN;
	ctl.entrysize = LINT_NAME_LEN;
	ctl.hcxt = st.plancxt;
	st.created = hash_create("schemamig lint created tables", 256, &ctl,
							 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	st.dropped = hash_create("schemamig lint dropped tables", 256, &ctl,
							 HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	ctl.entrysize = sizeof(MovedTable);
	st.moved = hash_create("schemamig lint moved tables", 256, &ctl,
						   HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	ctl.keysize = offsetof(PlannedColumn, typid);
	ctl.entrysize = sizeof(PlannedColumn);
	st.columns = hash_create("schemamig lint planned columns", 256, &ctl,
							 HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	graph = catalog_graph(!schemamig_call_active);
	graph_require_consistent(graph);
	plan = plan_upgrade(graph, &target);

	/* a tenant's names are looked up as its revisions will find them */
	nestlevel = NewGUCNestLevel();
	execute_tenant_search_path(catalog_tenant(), false);

	catalog_plan_sql_init(&reader, graph, plan);
	revcxt = AllocSetContextCreate(CurrentMemoryContext, "schemamig lint revision",
								   ALLOCSET_DEFAULT_SIZES);
	foreach(lc, plan)
	{
		int			k = foreach_current_index(lc);
		MigRevision *rev = &graph->revs[lfirst_int(lc)];
		MemoryContext old;
		ListCell   *sc;
		int			revlevel;

		const RevisionSql *sql = catalog_plan_sql(&reader, k);

		/* a non-transactional revision commits what came before it */
		if (!rev->transactional)
			st.added_values = NIL;
		st.rev = rev;
		/* not the graph's: another session may have changed the SQL since */
		st.author = sql->author;
		st.rev_lock_timeout = false;
		st.rev_timeout_reported = false;

		/*
		 * A revision runs with settings of its own, undone when it ends
		 * (run_statements): so are those lint applies for it (search_path).
		 */
		revlevel = NewGUCNestLevel();
		old = MemoryContextSwitchTo(revcxt);
		foreach(sc, revsql_split(sql->upgrade,
								 psprintf("upgrade SQL of revision \"%s\"", rev->id)))
		{
			st.stmt = lfirst(sc);
			lint_statement(&st);
		}
		MemoryContextSwitchTo(old);
		AtEOXact_GUC(false, revlevel);

		MemoryContextReset(revcxt);
	}
	AtEOXact_GUC(false, nestlevel);

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return (Datum) 0;
}
