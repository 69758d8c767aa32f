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

/* The key of the created-tables hash: a quoted qualified name. */
#define LINT_NAME_LEN sizeof(((MovedTable *) NULL)->name)

/* findings.c */
extern void lint_emit(LintState *st, const char *severity, const char *rule, const char *relation, const char *message, const char *hint);
extern const char *lint_severity_for(const LintTable *t);
extern void lint_access_exclusive(LintState *st, const LintTable *t, const char *what);
extern void lint_destructive(LintState *st, const LintTable *t, const char *what);
extern void lint_rewrite_with_hint(LintState *st, const LintTable *t, const char *what, const char *hint);
extern void lint_table_rewrite(LintState *st, const LintTable *t, const char *what);
extern void lint_validating_scan(LintState *st, const LintTable *t, const char *what, const char *hint);
extern void lint_not_in_transaction(LintState *st, const char *what);
extern void lint_every_table_rewritten(LintState *st, const char *what, const char *which);

/* tables.c */
extern void lint_add_to_set(HTAB *set, const char *name);
extern LintTable lint_lookup_table(LintState *st, const RangeVar *rv);
extern LintTable lint_table_by_oid(LintState *st, Oid relid, bool inh);
extern bool lint_note_created(LintState *st, const RangeVar *rv, bool if_not_exists);
extern void lint_note_moved(LintState *st, const LintTable *t, Oid nspid, const char *relname);
extern void lint_table_access_exclusive(LintState *st, const RangeVar *rv, const char *what);

/* columns.c */
extern void lint_set_not_null(LintState *st, const LintTable *t, const char *column, const char *what);
extern void lint_check_type_change(LintState *st, const LintTable *t, AlterTableCmd *cmd);
extern void lint_check_add_column(LintState *st, const LintTable *t, ColumnDef *def);

/* related.c */
extern Oid lint_foreign_key_target(Oid relid, const char *conname);
extern List *lint_foreign_key_partners(LintState *st, Oid relid, bool referencing, AttrNumber attnum);
extern void lint_foreign_key_locks(LintState *st, List *partners, List *skip, const char *what);
extern void lint_truncate_cascade(LintState *st, List *relids);
extern void lint_check_partition_cmd(LintState *st, const LintTable *parent, AlterTableCmd *cmd);
extern void lint_check_partition_of(LintState *st, CreateStmt *stmt);

/* alter.c */
extern void lint_alter_table(LintState *st, AlterTableStmt *stmt);
extern void lint_rename(LintState *st, RenameStmt *stmt);
extern void lint_alter_domain(LintState *st, AlterDomainStmt *stmt);

/* settings.c */
extern void lint_follow_setting(LintState *st, const char *name, const char *value);
extern void lint_follow_set_config(LintState *st, Node *expr);

/* enums.c */
extern void lint_check_enum_uses(LintState *st);
extern void lint_note_enum_value(LintState *st, AlterEnumStmt *stmt);

/* statements.c */
extern void lint_statement(LintState *st);

#endif							/* SCHEMAMIG_LINT_H */
