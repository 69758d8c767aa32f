/*-------------------------------------------------------------------------
 *
 * src/autogen/autogen.h
 *	  Declarations shared by autogenerate: running a model in a scratch
 *	  schema, reading a schema's catalog, comparing two of them, ordering
 *	  and writing the SQL that turns one into the other.
 *
 * A schema is read into an AgSchema: plain C data, names rather than OIDs,
 * every array sorted by name in byte order ("C"), so that the comparison
 * (compare.c) is a merge over sorted arrays and needs no catalog access.
 *
 * Text taken from the server's deparse functions (types, defaults,
 * constraint and index definitions) is read with search_path set to the
 * schema being read alone, so objects of that schema print unqualified and
 * objects anywhere else (but pg_catalog) print qualified. The SQL that the
 * writer (write.c) produces therefore assumes that the schema it changes is
 * first on the search_path when it runs, as a revision's SQL does.
 *
 *-------------------------------------------------------------------------
 */
#ifndef AUTOGEN_H
#define AUTOGEN_H

#include "postgres.h"

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"

/* One column of a table. */
typedef struct AgColumn
{
	const char *table;
	char	   *name;
	int			attnum;
	char	   *type;			/* format_type(): name and typmod */
	Oid			builtin_type;	/* the type's OID when in pg_catalog, else 0 */
	Oid			typid;			/* the type's OID and */
	Oid			collid;			/* the collation's, 0 for none: both only to
								 * compose index definitions */
	int32		typmod;
	char	   *collation;		/* NULL: the type's own */
	bool		notnull;
	char	   *defexpr;		/* default or generation expression; NULL */
	char		identity;		/* 'a', 'd' or '\0' */
	char	   *identity_options;	/* its sequence's: START WITH ... CYCLE */
	char	   *identity_set;	/* the same as ALTER COLUMN sets them */
	char		generated;		/* 's' or '\0' */
	char	   *schematype;		/* enum, domain or composite type of this
								 * schema it is of, or of arrays of; NULL */
	bool		array;			/* an array type */
	char	   *comment;
	char	   *renamed_from;	/* model only: "-- schemamig: renamed from" */
	char	   *routines;		/* routines of the schema its default calls,
								 * one identity a line; NULL */
	char	   *localtype;		/* a type of the schema autogenerate does not
								 * make, that it is of (or of arrays of); NULL */
	char	   *localtype_kind; /* "range type" or "type", as uncovered */
	char	   *localcollation; /* its collation, when of the schema; NULL */
	char	   *notnull_name;	/* its not-null constraint's (18); NULL */
	char	   *acl;			/* its column grants (read_acls.c), as AgView's;
								 * NULL: none */
	char		storage;		/* attstorage, and its type's typstorage, */
	char		typstorage;		/* which ALTER COLUMN ... TYPE sets it to */
	char		compression;	/* attcompression: 'p', 'l' or '\0' */
	List	   *reads;			/* a generated column's: the names of the
								 * columns its expression reads (pg_depend) */
} AgColumn;

/* One table, with its columns (a slice of the schema's array). */
typedef struct AgTable
{
	char	   *name;
	char	   *comment;
	char	   *renamed_from;	/* model only */
	char	   *owner;			/* AG_OTHER_OWNER */
	bool		rls;			/* ENABLE ROW LEVEL SECURITY */
	bool		force_rls;		/* FORCE ROW LEVEL SECURITY */
	bool		unlogged;
	char	   *options;		/* storage parameters, its TOAST table's as
								 * "toast.name", "name=value" a line, sorted;
								 * NULL: none */
	char		replident;		/* REPLICA IDENTITY: 'd', 'n', 'f' or 'i', */
	char	   *replindex;		/* and the index of 'i' ('i' with none: 'n') */
	int			firstcol;		/* into AgSchema.columns, sorted by name */
	int			ncols;
} AgTable;

/* A primary key, unique, check, exclusion or foreign key constraint. */
typedef struct AgConstraint
{
	const char *table;
	char	   *name;
	char		contype;
	char	   *def;			/* pg_get_constraintdef() */
	char	   *reftable;		/* foreign key to a table of this schema */
	List	   *columns;		/* such a foreign key's columns, by name, or
								 * a primary key's or unique constraint's
								 * key columns, */
	List	   *refcolumns;		/* and those of reftable it references */
	List	   *uses;			/* the columns of its table it uses, by
								 * name (its index's too); NIL: not known */
	char	   *comment;
	char	   *routines;		/* routines of the schema it calls; NULL */
} AgConstraint;

/* An index that no constraint owns. */
typedef struct AgIndex
{
	const char *table;
	char	   *name;
	char	   *def;			/* pg_get_indexdef() */
	char	   *body;			/* def after "CREATE [UNIQUE] INDEX n ON s.t " */
	bool		unique;
	char	   *comment;
	char	   *routines;		/* routines of the schema it calls; NULL */
	List	   *uses;			/* the columns of its table it uses, by
								 * name; NIL: not known */
	List	   *keycolumns;		/* a unique index a foreign key may
								 * reference (no expression or predicate):
								 * its key columns by name; NIL otherwise */
	char	   *statistics;		/* its columns' statistics targets, not
								 * compared: "column target" pairs, one a
								 * line; NULL for none */
} AgIndex;

/* A sequence that is not an identity column's. */
typedef struct AgSequence
{
	char	   *name;
	char	   *options;		/* AS ... CYCLE, as CREATE SEQUENCE takes them */
	char	   *owner;			/* AG_OTHER_OWNER */
	char	   *owner_table;	/* OWNED BY; NULL for none */
	char	   *owner_column;
	char	   *comment;
} AgSequence;

/* A view or materialized view. */
typedef struct AgView
{
	char	   *name;
	char	   *owner;			/* AG_OTHER_OWNER */
	char	   *acl;			/* its grants (read_acls.c); NULL: the default */
	bool		materialized;
	bool		populated;		/* a materialized view's data */
	char	   *options;		/* reloptions, "a=b, c=d"; NULL */
	char	   *def;			/* pg_get_viewdef() */
	char	   *columns;		/* its columns in order, one a line: name,
								 * type and collation; NULL: none */
	char	   *comment;
	List	   *column_names;	/* its columns that have a comment, in order, */
	List	   *column_comments;	/* and theirs (COMMENT ON COLUMN) */
	List	   *uses_views;		/* names of views of the schema it reads */
	List	   *uses_tables;	/* names of tables of the schema it reads */
	List	   *uses_columns;	/* and of each, the column; NULL: the table */
	List	   *uses_routines;	/* identities of routines of the schema it calls */
} AgView;

/* A function or procedure. */
typedef struct AgRoutine
{
	char	   *name;
	char	   *identity;		/* name(argument types): its key */
	char		kind;			/* 'f' or 'p' */
	char	   *args;			/* pg_get_function_arguments() */
	char	   *result;			/* pg_get_function_result(); NULL for procedures */
	char	   *body;			/* pg_get_functiondef() after "name(" */
	bool		late;			/* BEGIN ATOMIC: bound at creation, after tables */
	bool		sql_string;		/* LANGUAGE sql with a string body */
	char	   *owner;			/* AG_OTHER_OWNER */
	char	   *acl;			/* its grants (read_acls.c); NULL: the default */
	char	   *comment;
	char	   *routines;		/* other routines of the schema its argument
								 * defaults or SQL body call, one identity a
								 * line; NULL */
	char	   *rowtypes;		/* tables and views of the schema whose row
								 * types it takes or returns, one a line; NULL */
	List	   *reads_tables;	/* BEGIN ATOMIC: tables of the schema it reads */
	List	   *reads_columns;	/* and of each, the column; NULL: the table */
	List	   *reads_left_tables;	/* and those autogenerate does not cover
									 * (partitioned, foreign, ...) */
	List	   *reads_left_columns;
} AgRoutine;

/* A trigger (not one the server makes for a constraint). */
typedef struct AgTrigger
{
	const char *table;
	char	   *name;
	char	   *def;			/* pg_get_triggerdef(oid, true) */
	char	   *compared;		/* def with UPDATE OF's columns by name */
	char	   *function;		/* identity of its function, if of this schema */
	char	   *comment;
	char		enabled;		/* tgenabled: 'O' (fires but in replica), 'D',
								 * 'R', 'A' */
	List	   *reads_tables;	/* tables whose columns its WHEN or UPDATE OF */
	List	   *reads_columns;	/* names, each with its column */
} AgTrigger;

/* A row-level security policy. */
typedef struct AgPolicy
{
	const char *table;
	char	   *name;
	char	   *def;			/* AS ... FOR ... TO ... USING ... WITH CHECK ..., */
	char	   *command;		/* and its parts: AS ... FOR ..., */
	char	   *roles;			/* the roles of TO, */
	char	   *qual;			/* USING's expression; NULL: none */
	char	   *check;			/* WITH CHECK's; NULL: none */
	char	   *comment;
	char	   *routines;		/* routines of the schema it calls; NULL */
	List	   *reads_tables;	/* tables whose columns its expressions read, */
	List	   *reads_columns;	/* each with its column */
} AgPolicy;

/* A domain. */
typedef struct AgDomain
{
	char	   *name;
	char	   *owner;			/* AG_OTHER_OWNER */
	char	   *acl;			/* its grants (read_acls.c); NULL: the default */
	char	   *base;			/* format_type() of the base type */
	Oid			builtin_base;	/* its OID when in pg_catalog, else 0 */
	char	   *schemabase;		/* its name (its element's, for an array)
								 * when of this schema; NULL */
	bool		base_array;		/* the base type is an array type */
	int32		base_typmod;	/* its length or precision; -1: none */
	Oid			base_typid;		/* its OID (a type of this schema: the
								 * scratch schema's, gone once read) */
	char	   *collation;		/* NULL: the base type's */
	bool		notnull;
	char	   *notnull_name;	/* its not-null constraint's (17); NULL */
	char	   *defexpr;
	char	   *routines;		/* routines of the schema its default calls,
								 * one identity a line; NULL */
	int			nchecks;
	char	  **check_names;	/* by name */
	char	  **check_defs;
	char	  **check_comments;
	char	  **check_routines; /* as routines, of each check */
	char	   *comment;
} AgDomain;

/* A composite type. */
typedef struct AgComposite
{
	char	   *name;
	char	   *owner;			/* AG_OTHER_OWNER */
	char	   *acl;			/* its grants (read_acls.c); NULL: the default */
	int			nattrs;
	char	  **attr_names;		/* in order */
	char	  **attr_types;		/* type [COLLATE collation] */
	char	  **attr_comments;	/* COMMENT ON COLUMN type.attribute; NULL */
	char	   *comment;
} AgComposite;

/* An enum type. */
typedef struct AgEnum
{
	char	   *name;
	char	   *owner;			/* AG_OTHER_OWNER */
	char	   *acl;			/* its grants (read_acls.c); NULL: the default */
	int			nlabels;
	char	  **labels;			/* in sort order */
	char	   *comment;
} AgEnum;

/* Something in the schema that autogenerate does not cover. */
typedef struct AgUncovered
{
	char	   *kind;
	char	   *name;
	bool		table;			/* a relation named so is left alone on both sides */
	char	   *multirange;		/* a range type's multirange type, when in
								 * the schema; NULL */
	char	   *of_type;		/* a typed table's composite type, when in
								 * the schema; NULL */
	char	   *on_relation;	/* the relation a rule, trigger, policy or
								 * not-null constraint is on; NULL */
	char	   *definition;		/* what it is, as text, when read with
								 * AG_READ_DEFINED and of a kind that has
								 * one; NULL */
} AgUncovered;

/*
 * What of a table autogenerate leaves alone (a partitioned table, a
 * partition, an inheritance child, ...) depends on an enum, domain or
 * composite type ('t') or a routine ('f', by identity) of the schema: a
 * column of its own (not one it inherits, which changes with its parent's),
 * a default or generation expression (not one a parent's change also
 * drops), a constraint, index, trigger or policy of its own, its partition
 * key. The SQL never touches such a table, so that type or routine can
 * neither be made again nor dropped.
 */
typedef struct AgLeftAloneUse
{
	char	   *table;
	char	   *what;			/* "column s", "default of column a", ... */
	char		kind;			/* 't' type, 'f' routine, 'r' another table,
								 * 'k' the table of a unique index (a
								 * foreign key's), 'a' another table's
								 * column ("table\ncolumn", a policy's), 'e'
								 * the same, a foreign key's, 'w' the table
								 * whose row type a column holds */
	char	   *name;			/* the type's name, the routine's identity */
} AgLeftAloneUse;

/*
 * A view ('v'), routine ('f'), index ('i') or domain ('y') of the schema, by
 * name (a routine by identity), or a table's constraint ('c'), column
 * default or generation expression ('d'), policy ('p') or trigger ('t'),
 * by "table.name", that depends on an uncovered type or collation.
 */
typedef struct AgUncoveredUse
{
	char	   *key;			/* first, for SLICE() */
	char		what;
	char	   *kind;			/* as AgUncovered's */
	char	   *name;
} AgUncoveredUse;

/* Everything read from one schema. */
typedef struct AgSchema
{
	char	   *name;			/* the schema it stands for */
	char	   *readfrom;		/* the schema it was read from (scratch) */
	List	   *renames;		/* a model's: what its marks ask (AgRename) */
	int			ntables;
	AgTable    *tables;
	int			ncolumns;
	AgColumn   *columns;		/* by table, then name */
	int			nconstraints;
	AgConstraint *constraints;	/* by table, then name */
	int			nindexes;
	AgIndex    *indexes;		/* by table, then name */
	int			nsequences;
	AgSequence *sequences;
	int			nenums;
	AgEnum	   *enums;
	int			ndomains;
	AgDomain   *domains;		/* by name */
	int			ncomposites;
	AgComposite *composites;	/* by name */
	int			nviews;
	AgView	   *views;			/* by name */
	int			nroutines;
	AgRoutine  *routines;		/* by identity */
	int			ntriggers;
	AgTrigger  *triggers;		/* by table, then name */
	int			npolicies;
	AgPolicy   *policies;		/* by table, then name */
	int			nuncovered;
	AgUncovered *uncovered;
	int			nuncovered_uses;
	AgUncoveredUse *uncovered_uses;	/* by key */
	List	   *casts;			/* casts from or to a type of the schema, or
								 * with a function of it: "a AS b" each,
								 * which autogenerate does not make */
	int			nleft_alone_uses;
	AgLeftAloneUse *left_alone_uses;	/* by table */
	List	   *held_types;		/* domains and composite types of the schema
								 * that a materialized view's column is of or
								 * an expression uses (read with the domains) */
	List	   *held_arrays;	/* and those it is or uses arrays of */
} AgSchema;

/* Renames the model asks for, read from its comments. */
typedef struct AgRename
{
	char	   *table;			/* the table's (or enum's) name in the model */
	char	   *column;			/* NULL: the table itself is renamed */
	char	   *label;			/* not NULL: this value of the enum is */
	char	   *from;
} AgRename;

/* One statement of the SQL being written, before ordering. */
typedef struct AgAction
{
	int			phase;			/* AgPhase */
	char	   *key;			/* orders actions within a phase */
	int			seq;			/* and then the order they were made in */
	char	   *sql;			/* the statement, with its ";" */
	char	   *alter_table;	/* "ALTER TABLE name ": its start, when it is
								 * one subcommand that may share a statement
								 * with the next action's for the table (a
								 * column's type: one rewrite); NULL */
	bool		destructive;
	char	   *provides;		/* object key this creates; NULL */
	List	   *requires;		/* object keys that must exist first */
} AgAction;

/*
 * The phases of a migration, in the order they run. Within a phase,
 * explicit requirements (AgAction.requires) order actions further.
 */
typedef enum AgPhase
{
	PH_SETUP,					/* settings the statements need */
	PH_DROP_VIEW,				/* views, triggers, routines made again */
	PH_DROP_FKEY,				/* foreign keys that go or change */
	PH_DROP_CONSTRAINT,			/* other constraints, indexes that go */
	PH_RENAME,					/* tables, then columns */
	PH_TYPE_PREPARE,			/* enums: add values, rename old for recreate */
	PH_CREATE_TYPE,				/* new and recreated enums */
	PH_CREATE_ROUTINE,			/* functions that tables may use */
	PH_CREATE_SEQUENCE,
	PH_CREATE_TABLE,
	PH_ALTER_COLUMN_PREPARE,	/* drop defaults that block a type change */
	PH_ALTER_COLUMN,
	PH_ALTER_COLUMN_FINISH,		/* defaults set again */
	PH_DROP_COLUMN,
	PH_DROP_TABLE,
	PH_ALTER_SEQUENCE,			/* options and OWNED BY */
	PH_DROP_SEQUENCE,
	PH_DROP_ROUTINE,			/* routines that go, before their types */
	PH_DROP_TYPE,
	PH_ADD_CONSTRAINT,
	PH_CREATE_INDEX,
	PH_ADD_FKEY,
	PH_CREATE_ROUTINE_LATE,		/* SQL bodies, parsed at creation */
	PH_CREATE_VIEW,				/* once everything they read exists */
	PH_CREATE_VIEW_INDEX,		/* materialized views' indexes */
	PH_CREATE_TRIGGER,
	PH_COMMENT
} AgPhase;

/* model.c */
extern Oid	autogen_schema_oid(const char *schema);
extern AgSchema *autogen_read_model(const char *model, const char *schema);

/*
 * reach.c: refusing a model's reach outside its scratch schema. What it
 * needs: which catalog rows the model wrote (from xid first on), what was
 * there before it ran (a snapshot taken then), the schema it describes
 * (target; InvalidOid when there is none yet) and the relations of it
 * locked before, and the scratch schema.
 */
typedef struct AgReach
{
	TransactionId first;
	Snapshot	before;
	Oid			target;
	const char *schema;
	Oid			scratch;
	List	   *locked;
} AgReach;

extern void autogen_reach_begin(AgReach *r, const char *schema, Oid scratch);
extern void autogen_reach_check(AgReach *r);

/* left_alone.c */
extern void autogen_leave_alone(AgSchema *current, AgSchema *desired, Oid nsp,
								const char *schema);

/* read_relations.c, read_types.c, read_other.c: the catalog readers */
extern void autogen_read_tables(AgSchema *s, Oid nsp);
extern void autogen_read_constraints(AgSchema *s, Oid nsp);
extern void autogen_read_indexes(AgSchema *s, Oid nsp);
extern void autogen_read_sequences(AgSchema *s, Oid nsp);
extern void autogen_read_enums(AgSchema *s, Oid nsp);
extern void autogen_read_domains(AgSchema *s, Oid nsp);
extern void autogen_read_composites(AgSchema *s, Oid nsp);
extern void autogen_read_views(AgSchema *s, Oid nsp);
extern void autogen_read_routines(AgSchema *s, Oid nsp);
extern void autogen_read_triggers(AgSchema *s, Oid nsp);
extern void autogen_read_policies(AgSchema *s, Oid nsp);
extern void autogen_read_uncovered(AgSchema *s, Oid nsp, bool defined);
extern void autogen_read_acls(AgSchema *s, Oid nsp);

/* what autogen_read_schema() reads besides what diff() compares */
typedef enum AgReading
{
	AG_READ_COMPARED,			/* nothing more (fingerprint()) */
	AG_READ_UNCOVERED,			/* the objects diff() leaves alone (diff()) */
	AG_READ_DEFINED				/* and their definitions (check_reversible()) */
} AgReading;

extern AgSchema *autogen_read_schema(const char *name, const char *readfrom,
									 Oid nsp, AgReading reading);

/* read_schema.c: a reader's query, planned once per backend */
typedef struct AgQuery
{
	const char *sql;			/* $1 is the schema's OID */
	SPIPlanPtr	plan;
} AgQuery;

#define AG_EQ " OPERATOR(pg_catalog.=) "
#define AG_NE " OPERATOR(pg_catalog.<>) "
/*
 * NULLIF(a, b), and CASE a WHEN b, with the operator named: both look "="
 * up on the search_path, where the readers' path puts the schema read (any
 * role's) and an "=" there taking exactly a's and b's types (oid and
 * integer, say) would be chosen over pg_catalog's and run with the
 * caller's privileges.
 */
#define AG_NULLIF(a, b) "CASE WHEN " a AG_EQ b " THEN NULL ELSE " a " END"
/*
 * Whether table c has a virtual generated column, which PostgreSQL 18 brought
 * and autogenerate would write as a default: one index probe of
 * pg_attribute per table, which earlier versions are spared.
 */
#if PG_VERSION_NUM >= 180000
#define AG_HAS_VIRTUAL_COLUMN(c) \
	"EXISTS (SELECT FROM pg_catalog.pg_attribute AS va WHERE va.attrelid" AG_EQ c ".oid" \
	" AND va.attgenerated" AG_EQ "'v')"
#else
#define AG_HAS_VIRTUAL_COLUMN(c) "false"
#endif
/*
 * The name of the not-null constraint of column a (PostgreSQL 18 names
 * them) and of domain t (17 does): an index probe of pg_constraint each,
 * which earlier versions, where there is no such row, are spared.
 */
#if PG_VERSION_NUM >= 180000
#define AG_COLUMN_NOT_NULL_NAME(a) \
	"(SELECT o.conname FROM pg_catalog.pg_constraint AS o WHERE o.conrelid" AG_EQ a ".attrelid" \
	" AND o.contypid" AG_EQ "0 AND o.contype" AG_EQ "'n' AND o.conkey" AG_EQ "ARRAY[" a ".attnum])"
#else
#define AG_COLUMN_NOT_NULL_NAME(a) "NULL::pg_catalog.name"
#endif
#if PG_VERSION_NUM >= 170000
#define AG_DOMAIN_NOT_NULL_NAME(t) \
	"(SELECT o.conname FROM pg_catalog.pg_constraint AS o WHERE o.conrelid" AG_EQ "0" \
	" AND o.contypid" AG_EQ t ".oid AND o.contype" AG_EQ "'n')"
#else
#define AG_DOMAIN_NOT_NULL_NAME(t) "NULL::pg_catalog.name"
#endif
/*
 * def, trigger g's definition as pg_get_triggerdef() prints it, with the
 * columns of its UPDATE OF (printed in the order CREATE TRIGGER gave them,
 * quoted as pg_get_triggerdef() quotes them) in the order of their names:
 * their order changes nothing, and a trigger made again with them in
 * another order is the same trigger.
 */
#define AG_TRIGGERDEF_COLUMNS_BY_NAME(g, def) \
	"(SELECT COALESCE(pg_catalog.replace(" def "," \
	"  'UPDATE OF ' OPERATOR(pg_catalog.||) pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.n)," \
	"  'UPDATE OF ' OPERATOR(pg_catalog.||) pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', '" \
	"   ORDER BY a.attname COLLATE pg_catalog.\"C\")), " def ")" \
	" FROM pg_catalog.unnest(" g ".tgattr::pg_catalog.int2[]) WITH ORDINALITY AS k (attnum, n)" \
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ g ".tgrelid AND a.attnum" AG_EQ "k.attnum)"
/*
 * the routines of the schema that object objid of catalog calls (through
 * pg_depend), by identity, one a line; NULL for none
 */
#define ROUTINES_CALLED(catalog, objid) \
	"(SELECT pg_catalog.string_agg(pg_catalog.format('%s(%s)', p.proname," \
	"  pg_catalog.oidvectortypes(p.proargtypes)), E'\\n')" \
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "q.refobjid" \
	"  WHERE q.classid" AG_EQ "'pg_catalog." catalog "'::pg_catalog.regclass AND q.objid" AG_EQ objid \
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass" \
	"  AND p.pronamespace" AG_EQ "$1)"

/* A plain table autogenerate leaves alone as a whole: typed, or with one. */
#define AG_NOT_SPECIAL_TABLE(c) \
	" AND " c ".reloftype" AG_EQ "0 AND NOT " AG_HAS_VIRTUAL_COLUMN(c)
/*
 * the relations autogenerate covers, of the kinds the condition on
 * c.relkind lets through: not typed, partitions, children nor an
 * extension's. NOT EXISTS turns into anti-joins: each catalog is read
 * once, hashed, instead of once per relation.
 */
#define AG_REL_CTE_OF(relkind_cond) \
	"WITH rel AS (SELECT c.oid, c.relname FROM pg_catalog.pg_class AS c" \
	" WHERE c.relnamespace" AG_EQ "$1 AND c.relkind" relkind_cond \
	AG_NOT_SPECIAL_TABLE("c") \
	" AND NOT c.relispartition" \
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_inherits AS i WHERE i.inhrelid" AG_EQ "c.oid)" \
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e WHERE e.objid" AG_EQ "c.oid" \
	"  AND e.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass" \
	"  AND e.deptype" AG_EQ "'e')) "
/* the plain tables autogenerate covers */
#define AG_REL_CTE AG_REL_CTE_OF(AG_EQ "'r'")
/*
 * An object's owner when that is another role than the one reading the
 * schema; NULL otherwise. The SQL written gives an object it creates back
 * to that owner (ownership is not compared): a downgrade that makes again
 * what another role wrote (a SECURITY DEFINER function, a view) must not
 * leave it owned by, and running as, whoever applies the revision.
 */
#define AG_OTHER_OWNER(roleexpr) \
	" CASE WHEN pg_catalog.pg_get_userbyid(" roleexpr ")" AG_EQ "CURRENT_USER THEN NULL" \
	" ELSE pg_catalog.pg_get_userbyid(" roleexpr ") END"
/* the comment on an object, joined as d */
#define AG_COMMENT_JOIN(catalog, oidexpr, subexpr) \
	" LEFT JOIN pg_catalog.pg_description AS d ON d.objoid" AG_EQ oidexpr \
	" AND d.classoid" AG_EQ "'pg_catalog." catalog "'::pg_catalog.regclass" \
	" AND d.objsubid" AG_EQ subexpr " "

extern int	autogen_query(AgQuery *q, Oid nsp);
extern char *autogen_value(int row, int col);
extern char *autogen_defined(char *def, const char *kind, const char *name);
extern char *autogen_printed(PGFunction fn, Oid oid, const char *kind, const char *name);
extern void autogen_read_column_reads(AgQuery *q, Oid nsp, void *objects, size_t size, int n,
									  size_t tables_at, size_t columns_at);
extern bool autogen_bool(int row, int col);
extern char autogen_char(int row, int col);
extern Oid	autogen_oid(int row, int col);
extern int	autogen_search_path(const char *nspname, const char *then);

/* compare.c: no SPI, and catalog probes only as its header lists */
extern const AgUncovered *autogen_uncovered_table(const AgSchema *s, const char *name);
extern List *autogen_compare(const AgSchema *from, const AgSchema *to,
							 List *renames, bool reverse);

/* order.c */
extern char *autogen_write_actions(List *actions);

/* write.c */
extern AgAction *autogen_action(List **actions, int phase, const char *key,
								bool destructive, const char *fmt,...) pg_attribute_printf(5, 6);
extern void autogen_requires(AgAction *a, const char *fmt,...) pg_attribute_printf(2, 3);
extern void autogen_provides(AgAction *a, const char *fmt,...) pg_attribute_printf(2, 3);
extern void autogen_give_back(AgAction *a, const char *what, const char *name,
							  const char *owner, const char *acl);
extern const char *autogen_literal(const char *s);
extern const char *autogen_qcol(const char *table, const char *column);
extern void autogen_give_back_column(AgAction *a, const char *table, const char *column,
									 const char *acl);
extern void autogen_give_back_statistics(AgAction *a, const char *index,
										 const char *statistics);

/* fingerprint.c */
extern char *autogen_fingerprint(const AgSchema *s);

/* compare.c: binary search of an array sorted by a name field */
extern int	autogen_bsearch(const void *arr, int n, size_t size, size_t offset,
							const char *key);

#endif							/* AUTOGEN_H */
