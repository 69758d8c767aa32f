/*-------------------------------------------------------------------------
 *
 * src/autogen/read_acls.c
 *	  The privileges granted on the schema's views, routines and types:
 *	  diff() does not compare them, but what its SQL drops and makes again
 *	  must get them back (a routine whose EXECUTE was revoked from PUBLIC
 *	  would otherwise come back callable by every role).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "autogen.h"
#include "compare.h"

/*
 * One row per object with privileges of its own (an ACL that is not the
 * default): its family, its key, and its grants but the owner's default
 * ones, one a line, each "PRIVILEGES TO GRANTEE[ WITH GRANT OPTION]"
 * (PUBLIC, or the role's name quoted where it must be; '' for none), for
 * autogen_give_back() to write.
 */
static AgQuery q_acls = {
	.sql = "SELECT o.k, o.key, (SELECT COALESCE(pg_catalog.string_agg(pg_catalog.format('%s TO %s%s',"
	"  g.privs, g.grantee, g.opt), E'\\n' ORDER BY g.grantee COLLATE pg_catalog.\"C\", g.opt), '')"
	"  FROM (SELECT pg_catalog.string_agg(x.privilege_type, ', ' ORDER BY x.privilege_type COLLATE pg_catalog.\"C\") AS privs,"
	"   CASE WHEN x.grantee" AG_EQ "0 THEN 'PUBLIC'"
	"   ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(x.grantee)) END AS grantee,"
	"   CASE WHEN x.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END AS opt"
	"   FROM pg_catalog.aclexplode(o.acl) AS x"
	/* what the owner has by default, it has again */
	"   WHERE (x.grantee, x.privilege_type, x.is_grantable) NOT IN"
	"    (SELECT d.grantee, d.privilege_type, d.is_grantable"
	"     FROM pg_catalog.aclexplode(pg_catalog.acldefault(o.t, o.owner)) AS d"
	"     WHERE d.grantee" AG_EQ "o.owner)"
	"   GROUP BY x.grantee, x.is_grantable) AS g)"
	" FROM (SELECT 'v' AS k, c.relname::pg_catalog.text AS key, c.relacl AS acl, 'r'::pg_catalog.\"char\" AS t,"
	"  c.relowner AS owner FROM pg_catalog.pg_class AS c"
	"  WHERE c.relnamespace" AG_EQ "$1 AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	"  AND c.relacl IS NOT NULL"
	" UNION ALL SELECT 'f', pg_catalog.format('%s(%s)', p.proname, pg_catalog.oidvectortypes(p.proargtypes)),"
	"  p.proacl, 'f', p.proowner FROM pg_catalog.pg_proc AS p WHERE p.pronamespace" AG_EQ "$1 AND p.proacl IS NOT NULL"
	" UNION ALL SELECT 't', t.typname::pg_catalog.text, t.typacl, 'T', t.typowner FROM pg_catalog.pg_type AS t"
	"  WHERE t.typnamespace" AG_EQ "$1 AND t.typacl IS NOT NULL"
	"  AND t.typtype OPERATOR(pg_catalog.=) ANY ('{e,d,c}'::pg_catalog.\"char\"[])) AS o"
};

/* Read the grants of the views, routines and types s holds already. */
void
autogen_read_acls(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_acls, nsp);

	for (int i = 0; i < n; i++)
	{
		char		kind = autogen_value(i, 1)[0];
		char	   *key = autogen_value(i, 2);
		char	   *grants = autogen_value(i, 3);
		int			j;

		if (kind == 'v' && (j = autogen_find_view(s, key)) >= 0)
			s->views[j].acl = grants;
		else if (kind == 'f' && (j = autogen_find_routine(s, key)) >= 0)
			s->routines[j].acl = grants;
		else if (kind == 't' && (j = autogen_find_enum(s, key)) >= 0)
			s->enums[j].acl = grants;
		else if (kind == 't' && (j = autogen_find_domain(s, key)) >= 0)
			s->domains[j].acl = grants;
		else if (kind == 't' && (j = autogen_find_composite(s, key)) >= 0)
			s->composites[j].acl = grants;
	}
}
