/*-------------------------------------------------------------------------
 *
 * src/legacy.c
 *	  The C symbols that installations made before 0.5.0 name.
 *
 * Until 0.5.0 the SQL-callable functions had unprefixed C names (upgrade,
 * history, stamp, ...), and pg_proc rows created by those versions'
 * scripts still say AS 'MODULE_PATHNAME', 'upgrade'. The 0.4.0--0.5.0
 * update script re-points every function to its prefixed symbol, but this
 * library is loaded by databases whose ALTER EXTENSION UPDATE has not run
 * yet (and by the update tests, which call the old versions' functions
 * first). These thin aliases keep those rows working; nothing else calls
 * them, and they can go once no supported version names them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "schemamig.h"

/* Declare the prefixed function and an alias under its old name. */
#define LEGACY_ALIAS(old) \
	extern Datum schemamig_##old(PG_FUNCTION_ARGS); \
	PG_FUNCTION_INFO_V1(old); \
	Datum \
	old(PG_FUNCTION_ARGS) \
	{ \
		return schemamig_##old(fcinfo); \
	}

LEGACY_ALIAS(history)
LEGACY_ALIAS(current)
LEGACY_ALIAS(heads)
LEGACY_ALIAS(pending)
LEGACY_ALIAS(downgrade_plan_n)
LEGACY_ALIAS(downgrade_plan_to)
LEGACY_ALIAS(verify)
LEGACY_ALIAS(statements)
LEGACY_ALIAS(add_revision)
LEGACY_ALIAS(upgrade)
LEGACY_ALIAS(downgrade)
LEGACY_ALIAS(downgrade_to)
LEGACY_ALIAS(stamp)
LEGACY_ALIAS(remove_revision)
LEGACY_ALIAS(record_applied)
LEGACY_ALIAS(record_reverted)
LEGACY_ALIAS(trace)
LEGACY_ALIAS(lint)
LEGACY_ALIAS(migrate)
