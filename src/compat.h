/*-------------------------------------------------------------------------
 *
 * src/compat.h
 *	  The PostgreSQL versions schemamig builds against, and the one place
 *	  for code that differs between them.
 *
 * Tested on PostgreSQL 15, 17 and 18 (scripts/test.sh --versions); 16 is
 * expected to work. Every difference between supported versions gets one
 * #if PG_VERSION_NUM block here, with a macro or inline function that the
 * rest of the code calls, so that no other file tests the version. The
 * statement splitter copes with both ways the parser reports statement
 * locations (src/revsql.c) without asking.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SCHEMAMIG_COMPAT_H
#define SCHEMAMIG_COMPAT_H

#if PG_VERSION_NUM < 150000
#error "schemamig needs PostgreSQL 15 or later"
#endif

/*
 * A condition on pg_constraint (as co) under which pg_get_constraintdef()
 * prints nothing that autogen's reader of constraints does not compose
 * itself (src/autogen/read_relations.c): from 18 on, a constraint can be
 * NOT ENFORCED and a key can end WITHOUT OVERLAPS or with PERIOD.
 */
#if PG_VERSION_NUM >= 180000
#define SCHEMAMIG_CON_PLAIN " AND co.conenforced AND NOT co.conperiod"
#else
#define SCHEMAMIG_CON_PLAIN ""
#endif

/* Does this backend hold the lock in this mode (at any level)? */
#if PG_VERSION_NUM >= 170000
#define schemamig_lock_held_by_me(tag, mode) LockHeldByMe((tag), (mode), false)
#else
#define schemamig_lock_held_by_me(tag, mode) LockHeldByMe((tag), (mode))
#endif

/*
 * Does a GENERATED column constraint store its value? From 18 on one can be
 * VIRTUAL, computed when read.
 */
#if PG_VERSION_NUM >= 180000
#define schemamig_generated_stored(c) ((c)->generated_kind != ATTRIBUTE_GENERATED_VIRTUAL)
#else
#define schemamig_generated_stored(c) true
#endif

/* Is an ALTER TABLE subcommand ALTER COLUMN ... SET EXPRESSION (17 on)? */
#if PG_VERSION_NUM >= 170000
#define schemamig_at_set_expression(subtype) ((subtype) == AT_SetExpression)
#else
#define schemamig_at_set_expression(subtype) false
#endif

#endif							/* SCHEMAMIG_COMPAT_H */
