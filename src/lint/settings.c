/*-------------------------------------------------------------------------
 *
 * src/lint/settings.c
 *	  The settings a revision makes that lint follows for its later
 *	  statements: lock_timeout, search_path and TimeZone, by SET or by
 *	  set_config() of literals.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "tcop/utility.h"
#include "utils/guc.h"

#include "lint.h"

/*
 * A setting a revision makes (SET, RESET, set_config()) that lint follows
 * for the statements after it: lock_timeout, where 0 in any unit ('0s',
 * '0ms') turns the timeout off and a value the server refuses fails the
 * revision before anything waits (counted as set); search_path, on which
 * their names resolve; TimeZone, which decides whether a change between
 * timestamp and timestamptz rewrites. The last two are saved at the
 * revision's GUC level, so that its end (or an error's) undoes them, as
 * when it runs; a value the server refuses changes nothing here. value is
 * NULL for RESET and SET ... TO DEFAULT, which give a setting the value the
 * session started with (postgresql.conf's, ALTER ROLE ... SET's), not the
 * one the caller SET: a caller's lock_timeout no longer holds after them.
 */
void
lint_follow_setting(LintState *st, const char *name, const char *value)
{
	int			ms;

	if (pg_strcasecmp(name, "lock_timeout") == 0)
	{
		const char *v = value ? value : GetConfigOptionResetString("lock_timeout");

		st->rev_lock_timeout_set = true;
		st->rev_lock_timeout = !parse_int(v, &ms, GUC_UNIT_MS, NULL) || ms > 0;
	}
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
void
lint_follow_set_config(LintState *st, Node *expr)
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
		lint_follow_setting(st, name, value);
}
