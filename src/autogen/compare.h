/*-------------------------------------------------------------------------
 *
 * src/autogen/compare.h
 *	  What the comparison's files share: the state of one comparison and
 *	  the lookups and helpers more than one family uses. Internal to
 *	  compare*.c; the rest of autogenerate uses autogen_compare().
 *
 *-------------------------------------------------------------------------
 */
#ifndef AUTOGEN_COMPARE_H
#define AUTOGEN_COMPARE_H

#include "utils/hsearch.h"

#include "autogen.h"
#include "schemamig.h"

#define qi(s) quote_identifier(s)

/*
 * A rename, as it reads from the "from" schema to the "to" schema (of an
 * enum's value in label_pairs).
 */
typedef struct Pair
{
	const char *to_table;		/* the table's (enum's) name in "to" */
	const char *column;			/* NULL: a table rename */
	const char *from_name;
	const char *to_name;
} Pair;

typedef struct Cmp
{
	const AgSchema *from;
	const AgSchema *to;
	List	   *pairs;
	List	   *label_pairs;	/* enums' values */
	bool		reverse;		/* the downgrade's comparison */
	bool		bodies_unchecked;	/* check_function_bodies is off */
	List	   *actions;
	int		   *to_match;		/* per "to" table: "from" table, or -1 */
	int		   *from_match;		/* per "from" table: "to" table, or -1 */
	List	  **forced;			/* per "to" table: the columns made again
								 * (dropped and added), by their names in
								 * "from" and "to": the constraints and
								 * indexes over them are made again */
	bool	   *converted;		/* per "to" table: an enum column is converted */
	HTAB	   *recreated;		/* names of the types made again, and
								 * "lossy:NAME" for those whose values may not
								 * convert (autogen_mark_recreated) */
	HTAB	   *recreated_printed;	/* those types by name as printed (qi) */
	HTAB	   *taken;			/* names temporary ones may not take */
	List	   *relation_renames;	/* RelationRename */
	HTAB	   *ref_forced;		/* "from" tables whose unique keys go */
	HTAB	   *ref_forced_keys;	/* and those keys, as key_columns() of
									 * compare_tables.c names them */
	HTAB	   *redone_routines;	/* identities of routines dropped and made
									 * again (autogen_mark_redone) */
	HTAB	   *early_routines; /* identities of routines of "to" with a
								 * BEGIN ATOMIC body made with the tables,
								 * before their columns change
								 * (autogen_column_routines_first) */
	bool	   *redone_views;	/* per "from" view: dropped and made again */
	HTAB	   *redone_views_printed;	/* their names as printed (qi) */
	List	   *drop_waits;		/* DropWait: what goes before such a routine or view */
	List	   *late_drops;		/* LateDrop */
	List	   *type_moves;		/* TypeMove */
	List	   *routine_drops;	/* RoutineDrop */
	List	   *rowtype_drops;	/* RowtypeDrop */
	List	   *conversions;	/* Conversion */
	List	   *attribute_changes;	/* AgAction: ALTER TYPE ... ATTRIBUTE */
	List	   *column_renames;	/* Pair: the column renames written */
} Cmp;

/*
 * A rename of a table, an index, a constraint that owns one (names of one
 * namespace, the schema's relations) or a not-null constraint (a table's):
 * one rename may need the name another frees (autogen_rename_relation).
 */
typedef struct RelationRename
{
	AgAction   *action;
	char		kind;			/* 't' table, 'i' index, 'c' constraint */
	const char *table_before;	/* a constraint's table, before renames */
	const char *table_after;	/* and after them */
	const char *from;
	const char *to;
} RelationRename;

/*
 * An object that goes after the model's objects are made and renamed (its
 * table's, a sequence's or a type's drop): its name is free only then
 * (autogen_late_drop).
 */
typedef struct LateDrop
{
	AgAction   *drop;			/* its own drop; NULL: its table's or column's */
	const char *keyword;		/* TABLE, SEQUENCE, INDEX, TYPE, DOMAIN */
	const char *name;
} LateDrop;

/* A type of the schema moved aside (made again, or going late): its names. */
typedef struct TypeMove
{
	const char *name;
	const char *temp;
} TypeMove;

/*
 * A routine that goes, dropped after the type renames: its signature is
 * written once they are known (autogen_routine_drops_name_moved_types).
 */
typedef struct RoutineDrop
{
	AgAction   *drop;
	const AgRoutine *routine;
} RoutineDrop;

/*
 * A routine that goes, over the row type of a table or view of the schema:
 * that relation's drop waits for it (autogen_relation_drops_wait).
 */
typedef struct RowtypeDrop
{
	const char *relation;
	const char *identity;
} RowtypeDrop;

/*
 * A column converted through text before the attributes of a composite
 * type change: its action's key (autogen_attribute_changes_wait).
 */
typedef struct Conversion
{
	const char *type;
	const char *key;
} Conversion;

/*
 * Something dropped before a routine or view that is made again: the key
 * that routine's or view's drop provides ("dropped-routine:IDENTITY",
 * "dropped-view:NAME"), and the key of the action that drops the thing.
 */
typedef struct DropWait
{
	const char *drop;
	char	   *key;
} DropWait;

/*
 * The slice of an array sorted by (table, name) that belongs to table:
 * sets *first and returns the count. The element types (AgColumn,
 * AgConstraint, AgIndex, AgTrigger, AgPolicy) all start with their table.
 */
#define SLICE(arr, n, table, first) \
	autogen_slice_bounds((const void *) (arr), sizeof(*(arr)), (n), (table), (first))

extern bool autogen_str_eq(const char *a, const char *b);
extern int autogen_find_table(const AgSchema *s, const char *name);
extern AgColumn *autogen_find_column(const AgSchema *s, const AgTable *t, const char *name);
extern int autogen_slice_bounds(const void *arr, size_t size, int n, const char *table, int *first);
extern int autogen_find_enum(const AgSchema *s, const char *name);
extern int autogen_find_sequence(const AgSchema *s, const char *name);
extern Pair *autogen_find_pair(Cmp *cmp, const char *to_table, const char *column);
/* Why a "renamed from" mark is not followed (autogen_mark_left_alone()). */
typedef enum MarkLeft
{
	MARK_LEFT_OVER,				/* no old name, the new one there: applied */
	MARK_NO_OLD,				/* neither name in the schema */
	MARK_OLD_UNCOVERED,			/* the old table is one autogenerate leaves alone */
	MARK_NAME_TAKEN,			/* both names in the schema */
	MARK_OLD_KEPT,				/* the model keeps the old name too */
	MARK_OLD_CLAIMED,			/* another mark renames the old one */
	MARK_NAME_GONE,				/* the model renames or drops it later */
	MARK_NEW_UNCOVERED			/* the new table is one autogenerate leaves alone */
} MarkLeft;

extern void autogen_mark_left_alone(Cmp *cmp, const char *kind, const char *table,
									const char *name, const char *old, MarkLeft why);
extern const char *autogen_not_null_name(const char *name, const char *obj, const char *column);
extern bool autogen_casts_to_recreated(Cmp *cmp, const char *def);
extern List *autogen_redone_views_cast(Cmp *cmp, const char *def);
extern void autogen_mark_recreated(Cmp *cmp, const char *name, bool lossy);
extern bool autogen_is_recreated(Cmp *cmp, const char *name);
extern bool autogen_is_lossy(Cmp *cmp, const char *name);
extern const char *autogen_removed_labels(Cmp *cmp, const char *name);
extern void autogen_mark_redone_view(Cmp *cmp, int i);
extern bool autogen_is_redone(Cmp *cmp, const char *identity);
extern void autogen_mark_redone(Cmp *cmp, const char *identity);
extern int	autogen_printed_name_len(const char *p);
extern HTAB *autogen_name_set(const char *what);
extern void autogen_name_set_add(HTAB *set, const char *key, const char *name);
extern const char *autogen_name_set_find(HTAB *set, const char *key);
extern const char *autogen_word_in(HTAB *set, const char *w, int len);
extern bool autogen_words_in(HTAB *set, const char *text, StringInfo out);
extern char *autogen_temp_name(Cmp *cmp, const char *name, const char *suffix);
extern void autogen_rename_relation(Cmp *cmp, char kind, const char *key, const char *table_before,
									const char *table_after, const char *from, const char *to);
extern size_t autogen_type_end(const char *type);
extern char *autogen_type_name(const char *type, char **collation);
extern const char *autogen_type_kind(const AgSchema *s, const char *name);
extern void autogen_require_uncovered(Cmp *cmp, const char *what, const char *kind, const char *name);
extern void autogen_require_uncovered_type(Cmp *cmp, const char *what, const char *type);
extern void autogen_require_uncovered_uses(Cmp *cmp, char what, const char *key,
										   const char *desc);
extern void autogen_late_drop(Cmp *cmp, AgAction *drop, const char *keyword, const char *name);
extern void autogen_comment_change(Cmp *cmp, const char *key, const char *what, const char *from, const char *to);
extern void autogen_compare_enums(Cmp *cmp);
extern int autogen_find_domain(const AgSchema *s, const char *name);
extern int autogen_find_composite(const AgSchema *s, const char *name);
extern void autogen_attribute_changes_wait(Cmp *cmp);
extern void autogen_compare_domains_composites(Cmp *cmp);
extern void autogen_alter_domains(Cmp *cmp);
extern void autogen_drop_defaults_of_gone(Cmp *cmp, const AgTable *ft);
extern void autogen_compare_columns(Cmp *cmp, int ti);
extern void autogen_create_table(Cmp *cmp, const AgTable *t);
extern void autogen_drop_constraint(Cmp *cmp, const char *table, const AgConstraint *c);
extern void autogen_drop_index(Cmp *cmp, const char *table, const AgIndex *x);
extern void autogen_add_constraint(Cmp *cmp, const char *table, const AgConstraint *c, const char *oldcomment);
extern bool autogen_index_same(const AgIndex *a, const AgIndex *b);
extern void autogen_create_index(Cmp *cmp, const char *table, const AgIndex *x, const char *oldcomment);
extern void autogen_find_ref_forced(Cmp *cmp);
extern void autogen_compare_table_keys(Cmp *cmp, int ti);
extern int autogen_find_view(const AgSchema *s, const char *name);
extern void autogen_compare_views(Cmp *cmp);
extern int autogen_find_routine(const AgSchema *s, const char *identity);
extern void autogen_compare_routines(Cmp *cmp);
extern void autogen_type_moved(Cmp *cmp, const char *name, const char *temp);
extern void autogen_routine_drops_name_moved_types(Cmp *cmp);
extern void autogen_relation_drops_wait(Cmp *cmp);
extern void autogen_row_type_drops_wait(Cmp *cmp);
extern void autogen_compare_policies(Cmp *cmp);
extern char *autogen_table_with(const AgTable *t);
extern bool autogen_persistence_changes(Cmp *cmp, const char *table);
extern bool autogen_type_changes_in(Cmp *cmp, const AgTable *ft, const AgTable *tt);
extern void autogen_compare_table_storage(Cmp *cmp, int ti);
extern void autogen_compare_replica_identity(Cmp *cmp);
extern void autogen_column_storage(Cmp *cmp, const char *table, const AgColumn *fc, const AgColumn *tc);
extern void autogen_compare_sequences(Cmp *cmp);
extern List *autogen_lines(const char *lines);
extern void *autogen_by_name(List *list, size_t size, int *n);
extern bool autogen_routine_dropped(Cmp *cmp, const char *identity);
extern bool autogen_uses_redone(Cmp *cmp, const char *routines);
extern void autogen_drop_waits(Cmp *cmp, AgAction *drop, char *what, const char *key);
extern void autogen_depends_on_redone_views(Cmp *cmp, AgAction *drop, const char *def,
											const char *key);
extern void autogen_require_redone_views(Cmp *cmp, AgAction *make, const char *def);
extern void autogen_depends_on_redone(Cmp *cmp, AgAction *drop, const char *routines,
									  const char *key);
extern void autogen_require_routines(AgAction *a, const char *routines);
extern void autogen_find_redone_routines(Cmp *cmp);
extern bool autogen_from_column_changes(Cmp *cmp, const char *table, const char *column);
extern void autogen_column_routines_first(Cmp *cmp, AgAction *add, const char *table,
										  const AgColumn *tc);
extern bool autogen_routine_early(Cmp *cmp, const AgRoutine *r, AgAction *make);
extern bool autogen_is_widening(Oid a, int32 am, Oid b, int32 bm);
extern const AgColumn *autogen_to_column(Cmp *cmp, const AgTable *tt, const char *column);

#endif							/* AUTOGEN_COMPARE_H */
