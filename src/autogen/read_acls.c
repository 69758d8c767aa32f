/*-------------------------------------------------------------------------
 *
 * src/autogen/read_acls.c
 *	  The privileges granted on the schema's views, routines and types, and
 *	  on its tables' columns:
 *	  diff() does not compare them, but what its SQL drops and makes again
 *	  must get them back (a routine whose EXECUTE was revoked from PUBLIC
 *	  would otherwise come back callable by every role).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "autogen.h"
#include "compare.h"

/*
 * One row per grant of each object with privileges of its own (an ACL that
 * is not the default), by object: its family, its key, then the privileges
 * given to one grantee (with or without the grant option), the grantee
 * (PUBLIC, or the role's name quoted where it must be) and " WITH GRANT
 * OPTION" or ''; NULLs for an object whose only privileges are its owner's
 * defaults. The owner's default privileges are its own again anyway.
 */
static AgQuery q_acls = {
	.sql = "SELECT o.k, o.key, g.privs, g.grantee, g.opt"
	" FROM (SELECT 'v' AS k, c.relname::pg_catalog.text AS key, c.relacl AS acl, 'r'::pg_catalog.\"char\" AS t,"
	"  c.relowner AS owner FROM pg_catalog.pg_class AS c"
	"  WHERE c.relnamespace" AG_EQ "$1 AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	"  AND c.relacl IS NOT NULL"
	" UNION ALL SELECT 'f', pg_catalog.format('%s(%s)', p.proname, pg_catalog.oidvectortypes(p.proargtypes)),"
	"  p.proacl, 'f', p.proowner FROM pg_catalog.pg_proc AS p WHERE p.pronamespace" AG_EQ "$1 AND p.proacl IS NOT NULL"
	" UNION ALL SELECT 't', t.typname::pg_catalog.text, t.typacl, 'T', t.typowner FROM pg_catalog.pg_type AS t"
	"  WHERE t.typnamespace" AG_EQ "$1 AND t.typacl IS NOT NULL"
	"  AND t.typtype OPERATOR(pg_catalog.=) ANY ('{e,d,c}'::pg_catalog.\"char\"[])) AS o"
	" LEFT JOIN LATERAL (SELECT pg_catalog.string_agg(x.privilege_type, ', '"
	"   ORDER BY x.privilege_type COLLATE pg_catalog.\"C\") AS privs,"
	"  CASE WHEN x.grantee" AG_EQ "0 THEN 'PUBLIC'"
	"   ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END AS grantee,"
	"  CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS opt"
	"  FROM pg_catalog.aclexplode(o.acl) AS x"
	"  WHERE NOT EXISTS (SELECT FROM pg_catalog.aclexplode(pg_catalog.acldefault(o.t, o.owner)) AS d"
	"   WHERE d.grantee" AG_EQ "o.owner AND d.grantee" AG_EQ "x.grantee"
	"   AND d.privilege_type" AG_EQ "x.privilege_type AND d.is_grantable" AG_EQ "x.is_grantable)"
	"  GROUP BY x.grantee, x.is_grantable) AS g ON true"
	" ORDER BY o.k, o.key COLLATE pg_catalog.\"C\", g.grantee COLLATE pg_catalog.\"C\", g.opt"
};

/*
 * The same for the columns of the schema's tables that have grants of their
 * own (a column has no default privileges): by table, column, grantee.
 */
static AgQuery q_column_acls = {
	.sql = "SELECT * FROM (SELECT c.relname::pg_catalog.text AS relname, a.attname::pg_catalog.text AS attname,"
	" pg_catalog.string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type COLLATE pg_catalog.\"C\"),"
	" CASE WHEN x.grantee" AG_EQ "0 THEN 'PUBLIC'"
	"  ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END AS grantee,"
	" CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS opt"
	" FROM pg_catalog.pg_class AS c"
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "c.oid"
	"  AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL"
	" CROSS JOIN LATERAL pg_catalog.aclexplode(a.attacl) AS x"
	" WHERE c.relnamespace" AG_EQ "$1 AND c.relkind" AG_EQ "'r'"
	" GROUP BY c.relname, a.attname, x.grantee, x.is_grantable) AS g"
	" ORDER BY g.relname COLLATE pg_catalog.\"C\", g.attname COLLATE pg_catalog.\"C\","
	" g.grantee COLLATE pg_catalog.\"C\", g.opt"
};

/* Where the grants of an object of family kind named key go, or NULL. */
static char **
acl_of(AgSchema *s, char kind, const char *key)
{
	int			j;

	if (kind == 'v' && (j = autogen_find_view(s, key)) >= 0)
		return &s->views[j].acl;
	if (kind == 'f' && (j = autogen_find_routine(s, key)) >= 0)
		return &s->routines[j].acl;
	if (kind == 't' && (j = autogen_find_enum(s, key)) >= 0)
		return &s->enums[j].acl;
	if (kind == 't' && (j = autogen_find_domain(s, key)) >= 0)
		return &s->domains[j].acl;
	if (kind == 't' && (j = autogen_find_composite(s, key)) >= 0)
		return &s->composites[j].acl;
	return NULL;
}

/* A copy of buf's pairs, with the NUL byte that ends them. */
static char *
pairs(StringInfo buf)
{
	char	   *copy = palloc(buf->len + 1);

	memcpy(copy, buf->data, buf->len + 1);
	return copy;
}

/*
 * Read the grants of the views, routines and types s holds already, each
 * object's as one string of pairs, the privileges then the grantee (and
 * grant option), each pair's two parts ended by a NUL byte, the whole by an
 * empty part: "" for an object whose only grants are its owner's defaults.
 * No part can hold a NUL byte, whatever a role's name holds (a line feed,
 * say), so autogen_give_back() reads each grant whole.
 */
void
autogen_read_acls(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_acls, nsp);
	StringInfoData buf;
	char	  **acl = NULL;

	initStringInfo(&buf);
	for (int i = 0; i < n; i++)
	{
		char		kind = autogen_value(i, 1)[0];
		char	   *key = autogen_value(i, 2);
		char	   *privs = autogen_value(i, 3);

		/* a new object: the previous one's grants are complete */
		if (i == 0 || kind != autogen_value(i - 1, 1)[0] || strcmp(key, autogen_value(i - 1, 2)) != 0)
		{
			if (acl)
				*acl = pairs(&buf);
			resetStringInfo(&buf);
			acl = acl_of(s, kind, key);
		}
		if (privs == NULL)
			continue;
		appendBinaryStringInfo(&buf, privs, strlen(privs) + 1);
		appendStringInfoString(&buf, autogen_value(i, 4));
		appendBinaryStringInfo(&buf, autogen_value(i, 5), strlen(autogen_value(i, 5)) + 1);
	}
	if (acl)
		*acl = pairs(&buf);

	/* the columns', which a column dropped and added again gets back */
	n = autogen_query(&q_column_acls, nsp);
	acl = NULL;
	for (int i = 0; i < n; i++)
	{
		char	   *table = autogen_value(i, 1);
		char	   *column = autogen_value(i, 2);

		if (i == 0 || strcmp(table, autogen_value(i - 1, 1)) != 0 ||
			strcmp(column, autogen_value(i - 1, 2)) != 0)
		{
			int			t = autogen_find_table(s, table);
			AgColumn   *c = t >= 0 ? autogen_find_column(s, &s->tables[t], column) : NULL;

			if (acl)
				*acl = pairs(&buf);
			resetStringInfo(&buf);
			acl = c ? &c->acl : NULL;
		}
		appendBinaryStringInfo(&buf, autogen_value(i, 3), strlen(autogen_value(i, 3)) + 1);
		appendStringInfoString(&buf, autogen_value(i, 4));
		appendBinaryStringInfo(&buf, autogen_value(i, 5), strlen(autogen_value(i, 5)) + 1);
	}
	if (acl)
		*acl = pairs(&buf);
}
