/*-------------------------------------------------------------------------
 *
 * src/lint/lint.h
 *	  What lint()'s files share: the state carried from statement to
 *	  statement, a table as the plan leaves it, and the rules' emitters.
 *	  Internal to src/lint/; trace() uses lint_statement_relations()
 *	  (schemamig.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCHEMAMIG_LINT_H
#define SCHEMAMIG_LINT_H

#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "utils/hsearch.h"
#include "utils/tuplestore.h"

#include "schemamig.h"

/* An enum value added in the running transaction, not yet usable. */
typedef struct AddedEnumValue
{
	char	   *type;			/* as written */
	char	   *value;
	const char *revision;
} AddedEnumValue;

/* A quoted schema-qualified name: "schema.table". */
#define LINT_NAME_LEN (2 * (2 * NAMEDATALEN + 2) + 2)

/* What the plan has made of a name, where a statement changed it. */
typedef enum PlanNameState
{
	PLAN_CREATED,				/* a table (or index) the plan made: new */
	PLAN_MOVED,					/* an existing one renamed or moved here */
	PLAN_GONE					/* dropped, or renamed or moved away */
} PlanNameState;

typedef struct PlanName
{
	char		name[LINT_NAME_LEN];	/* key */
	PlanNameState state;
	char		relkind;		/* of one created */
	Oid			relid;			/* of one moved here */
	Oid			parent;			/* of one created: its partitioned table */
} PlanName;

/* Whose partition an existing table is, where the plan changed it. */
typedef struct PlanPartition
{
	Oid			relid;			/* key */
	Oid			parent;			/* InvalidOid: none (detached) */
} PlanPartition;

/* An inheritance the plan adds or removes (INHERIT, NO INHERIT). */
typedef struct PlanInherit
{
	Oid			child;			/* key, with parent */
	Oid			parent;
	bool		inherits;
} PlanInherit;

/*
 * The names of st->names under a schema (its quoted name and a dot), each
 * once, so that ALTER SCHEMA ... RENAME visits those alone.
 */
typedef struct PlanNamesIn
{
	char		prefix[LINT_NAME_LEN];	/* key */
	List	   *names;			/* char *, in the plan's memory */
} PlanNamesIn;

/* The name the plan gave an existing table, by its OID. */
typedef struct PlanRelid
{
	Oid			relid;			/* key */
	char		name[LINT_NAME_LEN];
	char		schema[NAMEDATALEN];
	char		relname[NAMEDATALEN];
} PlanRelid;

/* A table measured (once per lint(): nothing the plan does runs). */
typedef struct PlanSize
{
	Oid			relid;			/* key: the table, */
	bool		inh;			/* and whether with what is under it */
	bool		has_rows;
	char	   *size;
} PlanSize;

/*
 * A domain's own constraints and default, as the plan leaves them (one it
 * creates, or one of the catalog's it alters or asks about).
 */
typedef struct PlanDomain
{
	Oid			nspid;			/* its schema (InvalidOid: one the plan
								 * creates) */
	bool		dropped;		/* the plan dropped it */
	List	   *checks;			/* the names of its CHECK constraints */
	bool		notnull;
	char	   *notnull_name;	/* of its NOT NULL constraint, from 17 on */
	bool		volatile_default;
} PlanDomain;

/*
 * A type name the plan changes: a type it creates (a domain with its base
 * type), a catalog type it renames (typid), or a name it drops.
 */
typedef struct PlanType
{
	char	   *schema;
	char	   *name;
	PlanDomain *domain;			/* a domain's; NULL for another kind of type */
	struct PlanType *base_type; /* a domain over a type the plan created, */
	Oid			base_typid;		/* or over the catalog's (InvalidOid: neither, */
	int32		base_typmod;	/* as when the base was not found) */
	bool		dropped;		/* the name holds no type */
	bool		composite;		/* a composite type */
	Oid			typid;			/* a catalog type under a new name */
} PlanType;

/* A column of an existing table as the plan leaves it. */
typedef struct PlannedColumn
{
	Oid			relid;			/* key: the table, */
	char		name[NAMEDATALEN];	/* and the column */
	Oid			typid;			/* InvalidOid: a type the plan creates */
	int32		typmod;
	AttrNumber	attnum;			/* the catalog's column; none if added */
	bool		notnull;
	bool		notnull_own;	/* 18 on: its NOT NULL constraint is the
								 * table's own (conislocal), which a parent's
								 * DROP NOT NULL leaves */
	bool		gone;			/* dropped, or renamed away */
	PlanType   *newtype;		/* the plan's type it was changed to */
} PlannedColumn;

/*
 * The plan's record of columns by the type each is of (the catalog's, or
 * one the plan created): a column enters it whenever it gets a type, and
 * stays listed under a type it had since.
 */
typedef struct ColumnsOfType
{
	Oid			typid;			/* key: the catalog's type, */
	PlanType   *created;		/* or the plan's */
	List	   *columns;		/* PlannedColumn * */
} ColumnsOfType;

/*
 * A constraint of an existing table as the plan leaves it (constraints.c):
 * under "relid.name" what goes by a name, under "relid#name" what became
 * of the catalog's constraint of that name.
 */
typedef struct PlanConstraint
{
	char		key[LINT_NAME_LEN];
	Oid			relid;
	bool		none;			/* nothing goes by the name / it was dropped */
	bool		added;			/* the name is of a constraint the plan added */
	bool		validated;		/* it is valid (VALIDATE CONSTRAINT, or added so) */
	bool		local;			/* the table defines it itself (not only
								 * inherits it): of one added, and of the
								 * catalog's where local_set */
	bool		local_set;		/* of the catalog's: the plan merged it */
	bool		inheritable;	/* of one added: a CHECK the tables under it
								 * get (not NO INHERIT) */
	bool		not_null;		/* of one added: the NOT NULL constraint of the
								 * one column in proves (18 on) */
	char	   *catalog;		/* the catalog's constraint that goes by it */
	List	   *proves;			/* of one added: the names of the columns it
								 * proves hold no NULL */
	List	   *columns;		/* of one added CHECK: the names of the
								 * columns it names */
	char	   *current;		/* a catalog constraint's new name */
} PlanConstraint;

/*
 * What lint reads of an existing table's catalog entries once per call
 * (nothing the plan does runs, so they stay as read): its CHECKs and its
 * indexes with expressions or a predicate.
 */
typedef struct CatalogCheck
{
	char	   *name;
	bool		valid;
	bool		no_inherit;
	Node	   *expr;			/* conbin */
} CatalogCheck;

typedef struct CatalogIndex
{
	Oid			index;
	Bitmapset  *attrs;			/* the columns its expressions and predicate
								 * name (pull_varattnos) */
} CatalogIndex;

typedef struct CatalogTable
{
	Oid			relid;
	bool		checks_read;
	List	   *checks;			/* CatalogCheck */
	bool		indexes_read;
	List	   *indexes;		/* CatalogIndex */
} CatalogTable;

/* The constraints the plan added to a table, under each name. */
typedef struct PlanAddedConstraints
{
	Oid			relid;
	List	   *added;			/* PlanConstraint */
} PlanAddedConstraints;

/* The plan's records of constraints of one name, of any table or domain. */
typedef struct PlanConstraintName
{
	char		name[NAMEDATALEN];
	List	   *holders;		/* PlanConstraint: "relid.name" */
	List	   *domains;		/* PlanDomain: domains it gave the name */
} PlanConstraintName;

/*
 * A key of one of the plan's sets (a schema's name or OID, a type's
 * "schema.name" or OID): what the plan made of it.
 */
typedef struct PlanKey
{
	char		key[LINT_NAME_LEN];
	int			flags;			/* PLAN_KEY_* */
	PlanType   *type;			/* of a type name: the plan's last word; of a
								 * catalog type's OID: the name it gave it */
	Oid			oid;			/* of a schema renamed to the name: its OID */
	char	   *name;			/* of a schema's OID: the name it renamed it to */
	PlanDomain *domain;			/* of a catalog domain's OID: as the plan
								 * leaves it */
	List	   *over[2];		/* of a catalog type's OID: the catalog's
								 * types over it, [1] with arrays (alter.c) */
} PlanKey;

#define PLAN_KEY_CREATED	1	/* a schema the plan creates */
#define PLAN_KEY_DROPPED	2	/* a schema or type it drops */

/* A function the plan creates (or replaces), for the defaults that call it. */
typedef struct PlanFunction
{
	char	   *schema;			/* as written; NULL: unqualified */
	char	   *name;
	int			nargs;
	bool		isvolatile;
} PlanFunction;

/* A table's persistence as SET LOGGED or UNLOGGED left it. */
typedef struct PlanPersistence
{
	Oid			relid;			/* key */
	char		persistence;
} PlanPersistence;

/* What lint() carries from statement to statement. */
typedef struct LintState
{
	Tuplestorestate *store;
	TupleDesc	desc;
	MemoryContext resultcxt;
	MemoryContext plancxt;		/* what lives as long as the plan */
	HTAB	   *names;			/* PlanName: names the plan changed so far */
	HTAB	   *names_in;		/* PlanNamesIn: the same, by schema */
	HTAB	   *current;		/* PlanRelid: tables it renamed or moved */
	HTAB	   *sizes;			/* PlanSize: tables measured */
	HTAB	   *persistence;	/* PlanPersistence: SET LOGGED/UNLOGGED so far */
	HTAB	   *partitions;		/* PlanPartition: attached or detached so far */
	HTAB	   *inherits;		/* PlanInherit: INHERIT, NO INHERIT so far */
	HTAB	   *columns;		/* PlannedColumn: added or retyped so far */
	HTAB	   *columns_by_type;	/* ColumnsOfType: the same, by type */
	List	   *domains;		/* PlanType: the domains it creates, in order */
	List	   *added_values;	/* AddedEnumValue, this transaction */
	HTAB	   *schemas;		/* PlanKey: schemas the plan creates, drops */
	HTAB	   *schema_oids;	/* PlanKey: catalog schemas it renames */
	HTAB	   *constraints;	/* PlanConstraint: constraints it changes */
	HTAB	   *added_constraints;	/* PlanAddedConstraints */
	HTAB	   *catalog_tables; /* CatalogTable */
	HTAB	   *constraint_names;	/* PlanConstraintName */
	List	   *moved;			/* OIDs of tables moved to another schema */
	List	   *functions;		/* PlanFunction: the functions it creates */
	HTAB	   *type_names;		/* PlanKey: type names it changes */
	HTAB	   *type_oids;		/* PlanKey: catalog types it drops, renames,
								 * and domains it alters or was asked about */
	List	   *all_fkeys;		/* LintForeignKey: the database's, once read
								 * (related.c), */
	bool		all_fkeys_read;
	HTAB	   *fkeys;			/* ForeignKeysOf: by table and index, */
	HTAB	   *truncate_keys;	/* TruncateKeys: as TRUNCATE follows them */
	bool		caller_lock_timeout;	/* the caller runs under one */

	/* the statement being examined */
	const MigRevision *rev;
	const char *author;			/* of the SQL read, from the same row */
	const RevStatement *stmt;
	bool		rev_lock_timeout_set;	/* the revision set lock_timeout (or
										 * reset it) before it: */
	bool		rev_lock_timeout;	/* to a timeout */
	bool		rev_timeout_reported;
} LintState;

/* A table as lint sees it. */
typedef struct LintTable
{
	Oid			relid;			/* InvalidOid: does not exist (yet) */
	char	   *name;			/* schema-qualified, quoted as needed */
	bool		is_new;			/* created earlier in the plan */
	bool		inh;			/* named without ONLY: its children too */
	bool		has_rows;
	char	   *size;			/* "about 1000 rows, 72 kB" */
	const char *schema;			/* unquoted, as the plan leaves it */
	char		relkind;
} LintTable;

/* findings.c */
extern void lint_emit(LintState *st, const char *severity, const char *rule, const char *relation, const char *message, const char *hint);
extern const char *lint_severity_for(const LintTable *t);
extern void lint_lock_wait(LintState *st, const LintTable *t, const char *what, LOCKMODE mode);
extern void lint_access_exclusive(LintState *st, const LintTable *t, const char *what);
extern void lint_blocking_lock(LintState *st, const LintTable *t, LOCKMODE mode, const char *what);
extern void lint_destructive(LintState *st, const LintTable *t, const char *what);
extern void lint_rewrite_with_hint(LintState *st, const LintTable *t, const char *what, const char *hint);
extern void lint_table_rewrite(LintState *st, const LintTable *t, const char *what);
extern void lint_validating_scan(LintState *st, const LintTable *t, const char *what, const char *hint);
extern void lint_constraint_index(LintState *st, const LintTable *t, const Constraint *c);
extern void lint_not_in_transaction(LintState *st, const char *what);
extern void lint_every_table_rewritten(LintState *st, const char *what, const char *which);

/* tables.c */
extern LintTable lint_lookup_table(LintState *st, const RangeVar *rv);
extern LintTable lint_table_by_oid(LintState *st, Oid relid, bool inh);
extern bool lint_note_created(LintState *st, const RangeVar *rv, bool if_not_exists, char relkind);
extern void lint_note_dropped(LintState *st, const LintTable *t);
extern void lint_note_moved(LintState *st, const LintTable *t, const char *schema, const char *relname);
extern Oid	lint_partition_parent(LintState *st, const LintTable *t);
extern Oid	lint_partition_parent_of(LintState *st, Oid relid);
extern const char *lint_relname(LintState *st, Oid relid);
extern bool lint_table_there(LintState *st, Oid relid, Oid *nspid);
extern CatalogTable *lint_catalog_table(LintState *st, Oid relid);
extern void lint_note_partition(LintState *st, const LintTable *t, Oid parent);
extern void lint_note_inherit(LintState *st, const LintTable *t, const RangeVar *parent, bool inherits);
extern bool lint_still_inherits(LintState *st, Oid child, Oid parent);
extern List *lint_parents_of(LintState *st, Oid relid);
extern void lint_table_access_exclusive(LintState *st, const RangeVar *rv, const char *what);
extern void lint_drop_schema(LintState *st, const char *schema, bool cascade);
extern void lint_note_schema(LintState *st, const char *schema);
extern List *lint_search_schemas(LintState *st, const char **creation);
extern const char *lint_schema_name(LintState *st, Oid nspid);
extern void lint_note_schema_renamed(LintState *st, const char *from, const char *to);
extern SPITupleTable *lint_query(SPIPlanPtr *plan, const char *sql, Oid param);
extern List *lint_oids(SPIPlanPtr *plan, const char *sql, Oid param);
extern HTAB *lint_plan_hash(LintState *st, const char *name, Size keysize, Size entrysize, bool strings);
extern HTAB *lint_oid_set(List *oids);
extern bool lint_oid_set_add(HTAB *set, Oid oid);
extern bool lint_oid_set_has(HTAB *set, Oid oid);
extern PlanKey *lint_key(HTAB *set, const char *key, bool create);
extern PlanKey *lint_oid_key(HTAB *set, Oid oid, bool create);

/* columns.c */
extern void lint_set_not_null(LintState *st, const LintTable *t, const char *column, const char *conname,
							  const char *what);
extern void lint_primary_key(LintState *st, const LintTable *t, Constraint *c);
extern PlannedColumn *lint_column_by_attnum(LintState *st, Oid relid, AttrNumber attnum);
extern void lint_check_type_change(LintState *st, const LintTable *t, AlterTableCmd *cmd, const char *relname);
extern AttrNumber lint_column_attnum(LintState *st, Oid relid, const char *name);
extern PlannedColumn *lint_column(LintState *st, Oid relid, const char *name);
extern List *lint_columns_of(LintState *st, Oid typid, PlanType *created);
extern void lint_note_column_dropped(LintState *st, const LintTable *t, const char *name);
extern void lint_note_null(LintState *st, const LintTable *t, const char *name);
extern List *lint_column_tables(LintState *st, const LintTable *t);
extern List *lint_tables_under(LintState *st, Oid relid);
extern void lint_note_column_renamed(LintState *st, const LintTable *t, const char *from, const char *to);
extern void lint_check_add_column(LintState *st, const LintTable *t, ColumnDef *def);
extern bool lint_default_is_volatile(LintState *st, Node *raw, Oid typid, int32 typmod, const char *column);
extern void lint_note_function(LintState *st, CreateFunctionStmt *stmt);

/* types.c */
extern bool lint_lookup_type(LintState *st, TypeName *name, Oid *typid, int32 *typmod, PlanType **created);
extern bool lint_created_type_base(LintState *st, PlanType *pt, Oid *typid, int32 *typmod);
extern Oid	lint_domain_base(Oid typid);
extern void lint_note_type(LintState *st, List *names, TypeName *base, List *constraints, bool composite);
extern bool lint_type_is_row(Oid typid, PlanType *created);
extern void lint_note_type_dropped(LintState *st, TypeName *name);
extern bool lint_type_there(LintState *st, Oid typid, Oid nspid);
extern void lint_note_type_renamed(LintState *st, List *names, const char *schema, const char *newname);

/* constraints.c */
extern void lint_note_constraint_dropped(LintState *st, const LintTable *t, const char *name);
extern bool lint_note_constraint_added(LintState *st, const LintTable *t, Constraint *c);
extern void lint_note_constraints_inherited(LintState *st, Oid child, Oid parent, bool inherits);
extern bool lint_keyed_constraint(const Constraint *c);
extern void lint_note_constraint_named(LintState *st, const LintTable *t, const char *name);
extern char *lint_choose_constraint_name(LintState *st, const char *name1, const char *name2,
										 const char *label, Oid nspid);
extern void lint_note_domain_constraint_name(LintState *st, PlanDomain *d, const char *name);
extern void lint_note_constraint_renamed(LintState *st, const LintTable *t, const char *from, const char *to);
extern void lint_note_constraint_validated(LintState *st, const LintTable *t, const char *name);
extern bool lint_proven_not_null(LintState *st, Oid relid, AttrNumber attnum, const char *column);
extern bool lint_checked_column(LintState *st, Oid relid, AttrNumber attnum, const char *column);
extern void lint_note_proof_column_renamed(LintState *st, Oid relid, const char *from, const char *to);
extern void lint_note_checks_of_column_dropped(LintState *st, Oid relid, AttrNumber attnum, const char *column);
#if PG_VERSION_NUM >= 180000
extern void lint_note_not_null_added(LintState *st, const LintTable *t, const char *column, const char *conname);
#endif

/* domains.c */
extern PlanDomain *lint_note_domain(LintState *st, PlanType *pt, List *constraints);
extern void lint_note_domain_altered(LintState *st, AlterDomainStmt *stmt, Oid typid, PlanType *created);
extern void lint_note_domain_constraint_renamed(LintState *st, List *names, const char *from, const char *to);
extern bool lint_domain_has_constraint(LintState *st, Oid typid, PlanType *created, const char *name);
extern bool lint_plan_domain_has(const PlanDomain *d, const char *name);
extern void lint_note_domain_dropped(LintState *st, Oid typid, PlanType *created);
extern bool lint_domain_constraint_in(LintState *st, Oid typid, Oid nspid, const char *name);
extern void lint_note_domain_moved(LintState *st, Oid typid, PlanType *created, const char *schema);
extern bool lint_domain_checks(LintState *st, Oid typid);
extern bool lint_created_domain_checks(LintState *st, PlanType *pt);
extern bool lint_type_default_is_volatile(LintState *st, Oid typid, PlanType *created);

/* cascade.c */
extern void lint_lock_view(LintState *st, const LintTable *view, LOCKMODE mode);
extern List *lint_cascade_find(LintState *st, Oid classid, Oid objid, int32 subid);
extern void lint_cascade_report(LintState *st, List *gone, List *skip, const char *what);

/* related.c */
extern Oid lint_foreign_key_target(Oid relid, const char *conname);
extern List *lint_foreign_key_partners(LintState *st, Oid relid, bool referencing, AttrNumber attnum);
extern Oid lint_key_constraint_index(Oid relid, const char *conname);
extern List *lint_foreign_keys_on_index(LintState *st, Oid indexid);
extern void lint_references_locks(LintState *st, List *constraints, const char *what);
extern void lint_related_locks(LintState *st, List *relids, List *skip, const char *what);
extern void lint_partition_parent_locks(LintState *st, List *parents, List *dropped, const char *statement);
extern void lint_truncate_cascade(LintState *st, List *relids);
extern void lint_check_partition_cmd(LintState *st, const LintTable *parent, AlterTableCmd *cmd);
extern void lint_check_partition_of(LintState *st, CreateStmt *stmt);

/* alter.c */
extern void lint_alter_table(LintState *st, AlterTableStmt *stmt);
extern void lint_rename(LintState *st, RenameStmt *stmt);
extern void lint_alter_domain(LintState *st, AlterDomainStmt *stmt);
extern void lint_drop_type(LintState *st, TypeName *name, bool cascade, const char *statement);
extern List *lint_schema_types(LintState *st, Oid nspid);
extern List *lint_drop_type_columns(LintState *st, Oid typid, PlanType *created, const char *statement);
extern List *lint_drop_schema_types(LintState *st, const char *schema, Oid nspid);

/* settings.c */
extern void lint_follow_setting(LintState *st, const char *name, const char *value);
extern void lint_follow_set_config(LintState *st, Node *expr);

/* enums.c */
extern void lint_check_enum_uses(LintState *st);
extern void lint_note_enum_value(LintState *st, AlterEnumStmt *stmt);

/* statements.c */
extern void lint_statement(LintState *st);

#endif							/* SCHEMAMIG_LINT_H */
