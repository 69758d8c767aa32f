/*-------------------------------------------------------------------------
 *
 * src/lint/alter.c
 *	  ALTER statements: ALTER TABLE (at the lock level the server's own
 *	  AlterTableGetLockLevel() chooses), renames, and ALTER DOMAIN, which
 *	  checks every table with a column of the domain.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/defrem.h"
#include "commands/tablecmds.h"
#include "commands/tablespace.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "lint.h"

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
 * SET LOGGED or UNLOGGED of a table that is not so already, as the plan
 * leaves it, copies it; of one that is, or of a partitioned or temporary
 * table (which the server refuses, or leaves alone), nothing.
 */
static bool
changes_persistence(LintState *st, const LintTable *t, char persistence)
{
	PlanPersistence *p;
	bool		found;

	if (!OidIsValid(t->relid) || t->is_new || t->relkind != RELKIND_RELATION ||
		get_rel_persistence(t->relid) == RELPERSISTENCE_TEMP)
		return false;
	p = hash_search(st->persistence, &t->relid, HASH_ENTER, &found);
	if (!found)
		p->persistence = get_rel_persistence(t->relid);
	if (p->persistence == persistence)
		return false;
	p->persistence = persistence;
	return true;
}

void
lint_alter_table(LintState *st, AlterTableStmt *stmt)
{
	LintTable	t = lint_lookup_table(st, stmt->relation);
	LOCKMODE	lockmode = AlterTableGetLockLevel(stmt->cmds);
	ListCell   *lc;

	if (lockmode == AccessExclusiveLock)
		lint_access_exclusive(st, &t, "ALTER TABLE");
	else
		lint_lock_wait(st, &t, "ALTER TABLE", lockmode);

	foreach(lc, stmt->cmds)
	{
		AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);

		switch (cmd->subtype)
		{
			case AT_AlterColumnType:
				lint_check_type_change(st, &t, cmd, stmt->relation->relname);
				if (OidIsValid(t.relid) && !t.is_new)
				{
					AttrNumber	attnum = lint_column_attnum(st, t.relid, cmd->name);

					if (attnum != InvalidAttrNumber)
						lint_related_locks(st, lint_foreign_key_partners(st, t.relid, true, attnum), NIL,
											   psprintf("ALTER COLUMN %s TYPE of %s, which makes a foreign key between them again,",
														quote_identifier(cmd->name), t.name));
				}
				break;
			case AT_AddColumn:
				/* (IF NOT EXISTS of a column that is there does nothing) */
				if (!(cmd->missing_ok && OidIsValid(t.relid) && !t.is_new &&
					  lint_column(st, t.relid, castNode(ColumnDef, cmd->def)->colname) != NULL))
				{
					ColumnDef  *def = castNode(ColumnDef, cmd->def);

					lint_check_add_column(st, &t, def);
					lint_references_locks(st, def->constraints,
										  psprintf("ADD COLUMN %s ... REFERENCES", quote_identifier(def->colname)));
				}
				break;
			case AT_AttachPartition:
			case AT_DetachPartition:
				/* (ALTER INDEX ... ATTACH PARTITION locks no table so) */
				if (stmt->objtype == OBJECT_TABLE)
					lint_check_partition_cmd(st, &t, cmd);
				break;
			case AT_AddInherit:
			case AT_DropInherit:
				lint_note_inherit(st, &t, castNode(RangeVar, cmd->def), cmd->subtype == AT_AddInherit);
				break;
			case AT_SetTableSpace:
				if (moves_storage(&t, cmd))
					lint_table_rewrite(st, &t, "SET TABLESPACE");
				break;
			case AT_SetAccessMethod:
				if (moves_storage(&t, cmd))
					lint_table_rewrite(st, &t, "SET ACCESS METHOD");
				break;
			case AT_SetLogged:
			case AT_SetUnLogged:
				if (changes_persistence(st, &t, cmd->subtype == AT_SetLogged ?
										RELPERSISTENCE_PERMANENT : RELPERSISTENCE_UNLOGGED))
					lint_table_rewrite(st, &t, cmd->subtype == AT_SetLogged ? "SET LOGGED" : "SET UNLOGGED");
				break;
			case AT_DropColumn:
				lint_destructive(st, &t, psprintf("DROP COLUMN %s", quote_identifier(cmd->name)));

				/*
				 * The foreign keys that hold the column go with it: those of
				 * the table, and with CASCADE those that reference it (else
				 * the statement fails).
				 */
				if (OidIsValid(t.relid) && !t.is_new)
				{
					AttrNumber	attnum = lint_column_attnum(st, t.relid, cmd->name);

					if (attnum != InvalidAttrNumber)
					{
						List	   *partners = lint_foreign_key_partners(st, t.relid, cmd->behavior == DROP_CASCADE,
																		 attnum);

						lint_related_locks(st, partners, NIL,
										   psprintf("DROP COLUMN %s of %s, which drops a foreign key between them,",
													quote_identifier(cmd->name), t.name));

						/*
						 * and with CASCADE what uses it: the views and
						 * materialized views that read it, the policies and
						 * rules of other tables, the defaults that call a
						 * function whose body reads it, ...
						 */
						if (cmd->behavior == DROP_CASCADE)
							lint_cascade_report(st, lint_cascade_find(st, RelationRelationId, t.relid, attnum),
												lappend_oid(partners, t.relid),
												psprintf("DROP COLUMN %s ... CASCADE of %s",
														 quote_identifier(cmd->name), t.name));
					}
				}
				lint_note_column_dropped(st, &t, cmd->name);
				break;
			case AT_DropNotNull:
				lint_note_null(st, &t, cmd->name);
				break;
			case AT_SetNotNull:
				lint_set_not_null(st, &t, cmd->name, NULL, "SET NOT NULL");
				break;
			case AT_AddConstraint:
				{
					Constraint *c = castNode(Constraint, cmd->def);

					lint_references_locks(st, list_make1(c), "ADD CONSTRAINT ... FOREIGN KEY");
					if (c->contype == CONSTR_PRIMARY || c->contype == CONSTR_UNIQUE ||
						c->contype == CONSTR_EXCLUSION)
						lint_constraint_index(st, &t, c);
					if (c->conname != NULL && lint_keyed_constraint(c))
						lint_note_constraint_named(st, &t, c->conname);
					if (c->contype == CONSTR_PRIMARY)
						lint_primary_key(st, &t, c);
					/* (one every table merges, or with no rows, checks nothing) */
					if (c->contype == CONSTR_CHECK && !lint_note_constraint_added(st, &t, c))
						break;
					/* (18 on: ADD CONSTRAINT ... NOT NULL col) */
					if (c->contype == CONSTR_NOTNULL && !c->skip_validation &&
						list_length(c->keys) == 1)
						lint_set_not_null(st, &t, strVal(linitial(c->keys)), c->conname,
										  "ADD CONSTRAINT ... NOT NULL");
					else if ((c->contype == CONSTR_CHECK || c->contype == CONSTR_FOREIGN) &&
						!c->skip_validation)
					{
						lint_validating_scan(st, &t,
											 c->contype == CONSTR_CHECK ? "ADD CONSTRAINT ... CHECK" : "ADD CONSTRAINT ... FOREIGN KEY",
											 "Add it NOT VALID, then VALIDATE CONSTRAINT in a later revision (which takes a weaker lock).");
						if (c->contype == CONSTR_FOREIGN)
						{
							LintTable	ref = lint_lookup_table(st, c->pktable);

							if (ref.relid != t.relid || ref.is_new != t.is_new)
								lint_validating_scan(st, &ref, psprintf("ADD CONSTRAINT ... FOREIGN KEY referencing it from %s",
																		t.name ? t.name : stmt->relation->relname),
													 "Add it NOT VALID, then VALIDATE CONSTRAINT in a later revision.");
						}
					}
					break;
				}
			case AT_ValidateConstraint:
				lint_note_constraint_validated(st, &t, cmd->name);
				break;
			case AT_DropConstraint:
				{
					Oid			ref;

					lint_note_constraint_dropped(st, &t, cmd->name);
					/* dropping a foreign key also locks the table it references */
					if (OidIsValid(t.relid) && !t.is_new &&
						OidIsValid(ref = lint_foreign_key_target(t.relid, cmd->name)) &&
						ref != t.relid)
					{
						LintTable	rt = lint_table_by_oid(st, ref, true);

						lint_access_exclusive(st, &rt, psprintf("dropping foreign key %s of %s",
																quote_identifier(cmd->name), t.name));
					}
					/* a key's CASCADE drops the foreign keys that reference it */
					else if (cmd->behavior == DROP_CASCADE && OidIsValid(t.relid) && !t.is_new &&
							 OidIsValid(ref = lint_key_constraint_index(t.relid, cmd->name)))
						lint_related_locks(st, lint_foreign_keys_on_index(st, ref), list_make1_oid(t.relid),
										   psprintf("DROP CONSTRAINT %s ... CASCADE of %s, which drops the foreign keys that reference it,",
													quote_identifier(cmd->name), t.name));
					break;
				}
			default:
				/* a stored generated column computes every row again */
				if (schemamig_at_set_expression(cmd->subtype) && OidIsValid(t.relid) &&
					!t.is_new && cmd->name != NULL)
				{
					AttrNumber	attnum = lint_column_attnum(st, t.relid, cmd->name);

					if (attnum != InvalidAttrNumber &&
						get_attgenerated(t.relid, attnum) == ATTRIBUTE_GENERATED_STORED)
						lint_table_rewrite(st, &t, psprintf("ALTER COLUMN %s SET EXPRESSION",
															quote_identifier(cmd->name)));
				}
				break;
		}
	}
}

/*
 * ALTER ... RENAME of a table, or of a column, constraint, trigger, policy
 * or rule of one, takes ACCESS EXCLUSIVE on the table (RenameRelation,
 * renameatt, RenameConstraint, renametrig, rename_policy,
 * RenameRewriteRule); after it, the plan finds the table by its new name.
 */
void
lint_rename(LintState *st, RenameStmt *stmt)
{
	const char *what;
	LintTable	t;

	if (stmt->renameType == OBJECT_TYPE || stmt->renameType == OBJECT_DOMAIN)
	{
		lint_note_type_renamed(st, castNode(List, stmt->object), NULL, stmt->newname);
		return;
	}
	if (stmt->renameType == OBJECT_SCHEMA)
	{
		lint_note_schema_renamed(st, stmt->subname, stmt->newname);
		return;
	}
	if (stmt->renameType == OBJECT_DOMCONSTRAINT)
	{
		lint_note_domain_constraint_renamed(st, castNode(List, stmt->object), stmt->subname, stmt->newname);
		return;
	}
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
		case OBJECT_INDEX:
		case OBJECT_VIEW:
		case OBJECT_SEQUENCE:
		case OBJECT_FOREIGN_TABLE:
			/* (no table with rows of its own: only its name is followed) */
			what = NULL;
			break;
		default:
			return;
	}
	t = lint_lookup_table(st, stmt->relation);
	if (what != NULL)
		lint_access_exclusive(st, &t, what);
	if (stmt->renameType == OBJECT_COLUMN)
		lint_note_column_renamed(st, &t, stmt->subname, stmt->newname);
	else if (stmt->renameType == OBJECT_TABCONSTRAINT)
		lint_note_constraint_renamed(st, &t, stmt->subname, stmt->newname);
	else if (what == NULL || stmt->renameType == OBJECT_TABLE ||
			 stmt->renameType == OBJECT_MATVIEW)
		lint_note_moved(st, &t, t.schema, stmt->newname);
}

/*
 * The types a column may be of to be of a type: the type, the catalog's
 * domains over it (recursing) and, with arrays, arrays of any of them;
 * those ALTER DOMAIN checks (get_rels_with_domain), or whose columns DROP
 * TYPE ... CASCADE drops. Each row carries the type it is over (root): the
 * roots are one type ($1), or every type DROP SCHEMA ... CASCADE drops with
 * schema $1. The second query gives their columns.
 */
#define ONE_TYPE " SELECT $1, $1"
#define SCHEMA_TYPES \
	" SELECT t.oid, t.oid FROM pg_catalog.pg_type t" \
	"  WHERE t.typnamespace OPERATOR(pg_catalog.=) $1" \
	"   AND t.typtype OPERATOR(pg_catalog.=) ANY ('{e,d,r,c}'::pg_catalog.\"char\"[])"
#define TYPES_OVER_SQL(ROOTS, OVER) \
	"WITH RECURSIVE o (oid, base) AS (" \
	" SELECT t.oid, t.typbasetype FROM pg_catalog.pg_type t WHERE t.typtype OPERATOR(pg_catalog.=) 'd'" OVER ")," \
	" d (root, oid) AS (" ROOTS \
	" UNION SELECT d.root, o.oid FROM o, d WHERE o.base OPERATOR(pg_catalog.=) d.oid)"
#define ARRAYS_OVER \
	" UNION ALL SELECT e.typarray, e.oid FROM pg_catalog.pg_type e" \
	"  WHERE e.typarray OPERATOR(pg_catalog.<>) 0::pg_catalog.oid"
#define OVER_SQL(ROOTS, OVER) \
	TYPES_OVER_SQL(ROOTS, OVER) " SELECT root, oid FROM d ORDER BY root, oid"
#define COLUMNS_OF_SQL(ROOTS, OVER) \
	TYPES_OVER_SQL(ROOTS, OVER) \
	" SELECT DISTINCT a.attrelid, a.attname FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c, d" \
	"  WHERE a.atttypid OPERATOR(pg_catalog.=) d.oid AND a.attnum OPERATOR(pg_catalog.>) 0" \
	"   AND NOT a.attisdropped AND c.oid OPERATOR(pg_catalog.=) a.attrelid" \
	"   AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,m}'::pg_catalog.\"char\"[])" \
	" ORDER BY a.attrelid, a.attname"

/*
 * Ask for the catalog's types over the roots (schema: those of schema
 * param, else type param; arrays: 1 to count arrays of them too), keeping
 * them with each root's key unless it has them already; the columns of
 * them enter the plan's record of columns, which says from then on what
 * each is of. The roots are returned, in the order of their OIDs. Nothing
 * the plan does runs, so a type is asked for once per lint(), and a
 * schema's types at once: asked for type by type, a DROP SCHEMA ...
 * CASCADE of 1,000 tables took 13 s to lint.
 */
static List *
fetch_types_over(LintState *st, Oid param, bool schema, int arrays)
{
	static SPIPlanPtr plans[2][2][2];
	static const char *const sql[2][2][2] = {
		{{OVER_SQL(ONE_TYPE, ""), COLUMNS_OF_SQL(ONE_TYPE, "")},
		 {OVER_SQL(ONE_TYPE, ARRAYS_OVER), COLUMNS_OF_SQL(ONE_TYPE, ARRAYS_OVER)}},
		{{OVER_SQL(SCHEMA_TYPES, ""), COLUMNS_OF_SQL(SCHEMA_TYPES, "")},
		 {OVER_SQL(SCHEMA_TYPES, ARRAYS_OVER), COLUMNS_OF_SQL(SCHEMA_TYPES, ARRAYS_OVER)}},
	};
	SPITupleTable *rows = lint_query(&plans[schema][arrays][0], sql[schema][arrays][0], param);
	MemoryContext old = MemoryContextSwitchTo(st->plancxt);
	PlanKey    *key = NULL;
	List	   *roots = NIL;
	bool		fill = false;

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		Oid			root = DatumGetObjectId(SPI_getbinval(rows->vals[i], rows->tupdesc, 1, &isnull));

		/* (ordered by root: a root's rows come together) */
		if (key == NULL || root != llast_oid(roots))
		{
			key = lint_oid_key(st->type_oids, root, true);
			roots = lappend_oid(roots, root);
			fill = key->over[arrays] == NIL;
		}
		if (fill)
			key->over[arrays] = lappend_oid(key->over[arrays],
											DatumGetObjectId(SPI_getbinval(rows->vals[i], rows->tupdesc, 2, &isnull)));
	}
	MemoryContextSwitchTo(old);
	rows = lint_query(&plans[schema][arrays][1], sql[schema][arrays][1], param);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		(void) lint_column(st, DatumGetObjectId(SPI_getbinval(rows->vals[i], rows->tupdesc, 1, &isnull)),
						   NameStr(*DatumGetName(SPI_getbinval(rows->vals[i], rows->tupdesc, 2, &isnull))));
	}
	return roots;
}

/* The catalog's types over a type of the catalog (arrays: as above). */
static List *
catalog_types_over(LintState *st, Oid typid, int arrays)
{
	PlanKey    *key = lint_oid_key(st->type_oids, typid, true);

	if (key->over[arrays] == NIL)
		(void) fetch_types_over(st, typid, false, arrays);
	return key->over[arrays];
}

/*
 * The types of a schema of the catalog that DROP SCHEMA ... CASCADE drops
 * (enums, domains, ranges, composite types and its tables' row types), in
 * the order of their OIDs, with the types over each and arrays of them
 * asked for at once.
 */
List *
lint_schema_types(LintState *st, Oid nspid)
{
	return fetch_types_over(st, nspid, true, 1);
}

/*
 * The tables with a column of a type (the catalog's typid, or the plan's
 * created), or of a domain over it, or, with arrays, of arrays of either, as
 * the plan leaves the columns; with drop, those columns are gone after.
 */
static List *
tables_with_type(LintState *st, Oid typid, PlanType *created, bool arrays, bool drop)
{
	List	   *types = created ? NIL : catalog_types_over(st, typid, arrays ? 1 : 0);
	List	   *domains = created ? list_make1(created) : NIL;
	List	   *columns = NIL;
	List	   *tables = NIL;
	ListCell   *lc;

	/* the plan's domains over them (each made after the type it is over) */
	foreach(lc, st->domains)
	{
		PlanType   *pt = lfirst(lc);

		if (pt != created &&
			(pt->base_type ? list_member_ptr(domains, pt->base_type) :
			 list_member_oid(types, pt->base_typid)))
			domains = lappend(domains, pt);
	}
	foreach(lc, types)
		columns = list_concat(columns, lint_columns_of(st, lfirst_oid(lc), NULL));
	foreach(lc, domains)
		columns = list_concat(columns, lint_columns_of(st, InvalidOid, lfirst(lc)));
	foreach(lc, columns)
	{
		PlannedColumn *col = lfirst(lc);
		char		relkind = get_rel_relkind(col->relid);

		/* (a partitioned table has no rows of its own: its partitions do) */
		if (relkind == RELKIND_RELATION || relkind == RELKIND_MATVIEW)
			tables = lappend_oid(tables, col->relid);
		if (drop)
			col->gone = true;
	}
	list_sort(tables, list_oid_cmp);
	list_deduplicate_oid(tables);
	return tables;
}

/*
 * ALTER DOMAIN ... ADD CONSTRAINT (a CHECK or NOT NULL, without NOT VALID),
 * SET NOT NULL and VALIDATE CONSTRAINT check every value of the domain:
 * each table with a column of it is scanned under a SHARE lock
 * (validateDomainCheckConstraint, validateDomainNotNullConstraint), the
 * columns an earlier statement of the plan gave the type among them. A
 * constraint, valid or not, also makes a later change of a column to the
 * domain check every row (see type_change_rewrites()); what the plan
 * does to a domain's constraints and default is followed (domains.c).
 */
void
lint_alter_domain(LintState *st, AlterDomainStmt *stmt)
{
	TypeName   *name = makeTypeNameFromNameList(stmt->typeName);
	const char *what;
	Oid			typid;
	int32		typmod;
	PlanType   *created;
	List	   *tables;
	ListCell   *lc;

	if (!lint_lookup_type(st, name, &typid, &typmod, &created) ||
		(created == NULL && get_typtype(typid) != TYPTYPE_DOMAIN))
		return;
	lint_note_domain_altered(st, stmt, typid, created);
	switch (stmt->subtype)
	{
		case 'C':
			{
				Constraint *c = castNode(Constraint, stmt->def);

				if ((c->contype != CONSTR_CHECK && c->contype != CONSTR_NOTNULL) ||
					c->skip_validation)
					return;
				what = "ADD CONSTRAINT";
				break;
			}
		case 'O':
			what = "SET NOT NULL";
			break;
		case 'V':
			/* (of a constraint the domain does not have, it fails) */
			if (!lint_domain_has_constraint(st, typid, created, stmt->name))
				return;
			what = "VALIDATE CONSTRAINT";
			break;
		default:
			return;
	}
	tables = tables_with_type(st, typid, created, false, false);
	what = psprintf("ALTER DOMAIN %s %s, with a SHARE lock on it,",
					created ? quote_identifier(created->name) : format_type_be_qualified(typid), what);
	foreach(lc, tables)
	{
		LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

		lint_validating_scan(st, &t, what,
							 "A domain's constraint is checked on every column of it under a SHARE lock, which blocks writes, and so is VALIDATE CONSTRAINT: run it when the tables are quiet, or give each table a CHECK of its own (NOT VALID, then VALIDATE CONSTRAINT).");
		lint_lock_wait(st, &t, "ALTER DOMAIN", ShareLock);
	}
}

/*
 * DROP TYPE or DOMAIN ... CASCADE drops the columns of the type, of
 * domains over it and of arrays of them, as the plan leaves them:
 * destructive, and ACCESS EXCLUSIVE, on each table that has one (those
 * tables returned).
 */
List *
lint_drop_type_columns(LintState *st, Oid typid, PlanType *created, const char *statement)
{
	const char *what = psprintf("%s ... CASCADE, which drops the columns of type %s,", statement,
								created ? quote_identifier(created->name) : format_type_be_qualified(typid));
	List	   *tables = tables_with_type(st, typid, created, true, true);
	ListCell   *lc;

	foreach(lc, tables)
	{
		LintTable	t = lint_table_by_oid(st, lfirst_oid(lc), false);

		lint_destructive(st, &t, what);
		lint_access_exclusive(st, &t, what);
	}
	return tables;
}

/*
 * DROP TYPE or DOMAIN (statement): the type, and with CASCADE its columns, are gone;
 * and of a catalog type what else uses it (views, defaults, constraints,
 * policies, rules, functions and what uses those, as cascade.c finds them).
 */
void
lint_drop_type(LintState *st, TypeName *name, bool cascade, const char *statement)
{
	Oid			typid;
	int32		typmod;
	PlanType   *created;

	if (!lint_lookup_type(st, name, &typid, &typmod, &created))
		return;
	if (cascade)
	{
		List	   *gone = created == NULL ? lint_cascade_find(st, TypeRelationId, typid, 0) : NIL;
		List	   *tables = lint_drop_type_columns(st, typid, created, statement);

		if (created == NULL)
			lint_cascade_report(st, gone, tables,
								psprintf("%s ... CASCADE, which drops what uses type %s,",
										 statement, format_type_be_qualified(typid)));
	}
	lint_note_domain_dropped(st, typid, created);
	lint_note_type_dropped(st, name);
}
