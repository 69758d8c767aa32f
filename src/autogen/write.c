/*-------------------------------------------------------------------------
 *
 * src/autogen/write.c
 *	  The SQL writer's pieces: one action per statement (a creation may
 *	  carry the statement that gives the object back to its owner),
 *	  identifiers and literals quoted the server's way.
 *
 * The SQL written assumes the schema it changes is first on search_path
 * (pg_catalog aside), as a revision of that schema runs: the schema's own
 * objects are named unqualified, everything else qualified, exactly as the
 * server's deparse functions printed them under that search_path.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "autogen.h"

/*
 * fmt formatted with args into a new StringInfo, enlarged until it fits
 * (appendStringInfoVA's loop, with a copy of args for each try).
 */
static void format_va(StringInfo buf, const char *fmt, va_list args) pg_attribute_printf(2, 0);

static void
format_va(StringInfo buf, const char *fmt, va_list args)
{
	initStringInfo(buf);
	for (;;)
	{
		va_list		copy;
		int			needed;

		va_copy(copy, args);
		needed = appendStringInfoVA(buf, fmt, copy);
		va_end(copy);
		if (needed == 0)
			break;
		enlargeStringInfo(buf, needed);
	}
}

/*
 * buf's string in a chunk of its own length, buf's buffer given back: a
 * diff keeps tens of thousands of statements and keys, which would each
 * hold a StringInfo's 1 kB otherwise.
 */
static char *
fitted(StringInfo buf)
{
	char	   *s = pnstrdup(buf->data, buf->len);

	pfree(buf->data);
	return s;
}

/* Add a statement (fmt, without its ";") to a list of actions. */
AgAction *
autogen_action(List **actions, int phase, const char *key, bool destructive,
			   const char *fmt,...)
{
	AgAction   *a = palloc0(sizeof(AgAction));
	StringInfoData buf;
	va_list		args;

	va_start(args, fmt);
	format_va(&buf, fmt, args);
	va_end(args);
	appendStringInfoChar(&buf, ';');
	a->phase = phase;
	a->key = pstrdup(key);
	a->seq = list_length(*actions);
	a->sql = fitted(&buf);
	a->destructive = destructive;
	*actions = lappend(*actions, a);
	return a;
}

/* Say that an action needs the object key (printf-style) to exist first. */
void
autogen_requires(AgAction *a, const char *fmt,...)
{
	StringInfoData buf;
	va_list		args;

	va_start(args, fmt);
	format_va(&buf, fmt, args);
	va_end(args);
	a->requires = lappend(a->requires, fitted(&buf));
}

/* Say that an action creates the object key (printf-style). */
void
autogen_provides(AgAction *a, const char *fmt,...)
{
	StringInfoData buf;
	va_list		args;

	va_start(args, fmt);
	format_va(&buf, fmt, args);
	va_end(args);
	a->provides = fitted(&buf);
}

/*
 * After the statement that creates an object, the ones that give it back to
 * its owner (AG_OTHER_OWNER; nothing when NULL) and give back the grants it
 * had (acl: read_acls.c's pairs; nothing when NULL: the default), in the
 * same action so that nothing runs between them. A made-again object
 * starts with the default privileges (a routine's EXECUTE and a type's
 * USAGE for PUBLIC), so PUBLIC's are revoked before its own are granted.
 */
void
autogen_give_back(AgAction *a, const char *what, const char *name, const char *owner,
				  const char *acl)
{
	StringInfoData buf;
	const char *on;

	if (owner != NULL)
		a->sql = psprintf("%s\nALTER %s %s OWNER TO %s;", a->sql, what, name,
						  quote_identifier(owner));
	if (acl == NULL)
		return;
	/* GRANT's word for the object: a view's is TABLE, a domain's TYPE */
	on = strstr(what, "VIEW") != NULL ? "TABLE" : strcmp(what, "DOMAIN") == 0 ? "TYPE" : what;
	initStringInfo(&buf);
	appendStringInfo(&buf, "%s\nREVOKE ALL ON %s %s FROM PUBLIC;", a->sql, on, name);
	for (const char *privs = acl; *privs != '\0';)
	{
		const char *grantee = privs + strlen(privs) + 1;

		appendStringInfo(&buf, "\nGRANT %s ON %s %s TO %s;", privs, on, name, grantee);
		privs = grantee + strlen(grantee) + 1;
	}
	a->sql = buf.data;
}

/*
 * The grants of a column (acl as AgColumn's) added again by action a:
 * GRANT SELECT (c), UPDATE (c) ON TABLE t TO role, appended to its SQL.
 */
void
autogen_give_back_column(AgAction *a, const char *table, const char *column,
						 const char *acl)
{
	StringInfoData buf;
	const char *col = quote_identifier(column);

	if (acl == NULL)
		return;
	initStringInfo(&buf);
	appendStringInfoString(&buf, a->sql);
	for (const char *privs = acl; *privs != '\0';)
	{
		const char *grantee = privs + strlen(privs) + 1;
		const char *p = privs;

		appendStringInfoString(&buf, "\nGRANT ");
		/* "INSERT, SELECT": each privilege with the column */
		for (;;)
		{
			const char *end = strstr(p, ", ");

			appendStringInfo(&buf, "%.*s (%s)", end ? (int) (end - p) : (int) strlen(p), p, col);
			if (end == NULL)
				break;
			appendStringInfoString(&buf, ", ");
			p = end + 2;
		}
		appendStringInfo(&buf, " ON TABLE %s TO %s;", quote_identifier(table), grantee);
		privs = grantee + strlen(grantee) + 1;
	}
	a->sql = buf.data;
}

/*
 * An index made again by action a gets back the statistics targets of its
 * columns (statistics as AgIndex's): ALTER INDEX ... SET STATISTICS.
 */
void
autogen_give_back_statistics(AgAction *a, const char *index, const char *statistics)
{
	StringInfoData buf;

	if (statistics == NULL)
		return;
	initStringInfo(&buf);
	appendStringInfoString(&buf, a->sql);
	for (const char *p = statistics; *p != '\0';)
	{
		const char *end = strchr(p, '\n');
		int			len = end ? (int) (end - p) : (int) strlen(p);
		const char *space = memchr(p, ' ', len);

		if (space == NULL)
			break;
		appendStringInfo(&buf, "\nALTER INDEX %s ALTER COLUMN %.*s SET STATISTICS %.*s;",
						 quote_identifier(index), (int) (space - p), p,
						 len - (int) (space - p) - 1, space + 1);
		if (end == NULL)
			break;
		p = end + 1;
	}
	a->sql = buf.data;
}

/* A string literal, or NULL. */
const char *
autogen_literal(const char *s)
{
	return s ? quote_literal_cstr(s) : "NULL";
}

/* table.column, each quoted where it must be. */
const char *
autogen_qcol(const char *table, const char *column)
{
	return psprintf("%s.%s", quote_identifier(table), quote_identifier(column));
}
