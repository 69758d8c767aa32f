/*-------------------------------------------------------------------------
 *
 * src/autogen/read_relations.c
 *	  Catalog readers for relations: tables and their columns, constraints,
 *	  indexes and sequences.
 *
 * One query per family; rows come sorted by table and name in byte order,
 * which is the order the comparison merges in.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "autogen.h"

static AgQuery q_tables = {
	.sql = AG_REL_CTE
	"SELECT r.relname, d.description, c.relrowsecurity, c.relforcerowsecurity FROM rel AS r"
	" JOIN pg_catalog.pg_class AS c ON c.oid" AG_EQ "r.oid"
	AG_COMMENT_JOIN("pg_class", "r.oid", "0")
	"ORDER BY r.relname COLLATE \"C\""
};

static AgQuery q_columns = {
	.sql = AG_REL_CTE
	"SELECT r.relname, a.attname, a.attnum,"
	" pg_catalog.format_type(a.atttypid, a.atttypmod),"
	" CASE WHEN t.typnamespace" AG_EQ "'pg_catalog'::pg_catalog.regnamespace"
	"  THEN a.atttypid ELSE 0 END, a.atttypmod,"
	" CASE WHEN a.attcollation" AG_NE "t.typcollation AND a.attcollation" AG_NE "0 THEN"
	"  CASE WHEN pg_catalog.pg_collation_is_visible(co.oid) THEN pg_catalog.quote_ident(co.collname)"
	"  ELSE pg_catalog.quote_ident(cn.nspname) OPERATOR(pg_catalog.||) '.'"
	"   OPERATOR(pg_catalog.||) pg_catalog.quote_ident(co.collname) END END,"
	/*
	 * a default names no column, so it deparses without its table, which
	 * pg_get_expr() would otherwise open (locking it and building its
	 * relcache entry, in a new backend once per table); a generated
	 * column's expression names columns and needs it
	 */
	" a.attnotnull, pg_catalog.pg_get_expr(ad.adbin,"
	"  CASE WHEN a.attgenerated" AG_EQ "'' THEN 0::pg_catalog.oid ELSE ad.adrelid END),"
	" a.attidentity, a.attgenerated,"
	" CASE WHEN t.typtype OPERATOR(pg_catalog.=) ANY ('{e,d,c}'::pg_catalog.\"char\"[])"
	"  AND t.typnamespace" AG_EQ "$1 THEN t.typname END,"
	" d.description,"
	/* an identity column's sequence options (not its name) */
	" CASE WHEN a.attidentity" AG_NE "'' THEN (SELECT pg_catalog.format("
	"  'START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s %s"
	"|SET START WITH %1$s SET INCREMENT BY %2$s SET MINVALUE %3$s SET MAXVALUE %4$s"
	" SET CACHE %5$s SET %6$s',"
	"  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,"
	"  CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)"
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_sequence AS s ON s.seqrelid" AG_EQ "q.objid"
	"  WHERE q.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND q.refobjid" AG_EQ "a.attrelid AND q.refobjsubid" AG_EQ "a.attnum"
	"  AND q.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.deptype" AG_EQ "'i') END,"
	/* the schema's routines its default calls */
	" CASE WHEN ad.oid IS NOT NULL THEN (SELECT pg_catalog.string_agg(pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)), E'\\n')"
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "q.refobjid"
	"  WHERE q.classid" AG_EQ "'pg_catalog.pg_attrdef'::pg_catalog.regclass AND q.objid" AG_EQ "ad.oid"
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND p.pronamespace" AG_EQ "$1) END"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_attribute AS a ON a.attrelid" AG_EQ "r.oid"
	"  AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
	" JOIN pg_catalog.pg_type AS t ON t.oid" AG_EQ "a.atttypid"
	" LEFT JOIN pg_catalog.pg_attrdef AS ad ON ad.adrelid" AG_EQ "a.attrelid"
	"  AND ad.adnum" AG_EQ "a.attnum"
	" LEFT JOIN pg_catalog.pg_collation AS co ON co.oid" AG_EQ "a.attcollation"
	" LEFT JOIN pg_catalog.pg_namespace AS cn ON cn.oid" AG_EQ "co.collnamespace"
	AG_COMMENT_JOIN("pg_class", "r.oid", "a.attnum")
	"ORDER BY r.relname COLLATE \"C\", a.attname COLLATE \"C\""
};

static AgQuery q_constraints = {
	.sql = AG_REL_CTE
	"SELECT r.relname, co.conname, co.contype, pg_catalog.pg_get_constraintdef(co.oid),"
	" fr.relname, d.description,"
	" CASE WHEN co.contype OPERATOR(pg_catalog.=) ANY ('{c,x}'::pg_catalog.\"char\"[]) THEN"
	" (SELECT pg_catalog.string_agg(pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)), E'\\n')"
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "q.refobjid"
	"  WHERE q.classid" AG_EQ "'pg_catalog.pg_constraint'::pg_catalog.regclass AND q.objid" AG_EQ "co.oid"
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND p.pronamespace" AG_EQ "$1) END"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_constraint AS co ON co.conrelid" AG_EQ "r.oid"
	" LEFT JOIN pg_catalog.pg_class AS fr ON fr.oid" AG_EQ "co.confrelid"
	"  AND fr.relnamespace" AG_EQ "$1"
	AG_COMMENT_JOIN("pg_constraint", "co.oid", "0")
	"WHERE co.contype OPERATOR(pg_catalog.=) ANY ('{p,u,c,f,x}'::pg_catalog.\"char\"[])"
	"ORDER BY r.relname COLLATE \"C\", co.conname COLLATE \"C\""
};

/*
 * indexes that no primary key, unique or exclusion constraint owns, of
 * tables and of materialized views
 */
static AgQuery q_indexes = {
	.sql = "WITH rel AS (SELECT c.oid, c.relname FROM pg_catalog.pg_class AS c"
	" WHERE c.relnamespace" AG_EQ "$1 AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,m}'::pg_catalog.\"char\"[])"
	" AND NOT c.relispartition"
	" AND c.oid NOT IN (SELECT i.inhrelid FROM pg_catalog.pg_inherits AS i)"
	" AND c.oid NOT IN (SELECT e.objid FROM pg_catalog.pg_depend AS e"
	"  WHERE e.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND e.deptype" AG_EQ "'e')) "
	"SELECT r.relname, i.relname, x.indisunique, pg_catalog.pg_get_indexdef(x.indexrelid),"
	" d.description,"
	" CASE WHEN x.indexprs IS NOT NULL OR x.indpred IS NOT NULL THEN"
	" (SELECT pg_catalog.string_agg(pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)), E'\\n')"
	"  FROM pg_catalog.pg_depend AS q JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "q.refobjid"
	"  WHERE q.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass AND q.objid" AG_EQ "x.indexrelid"
	"  AND q.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	"  AND p.pronamespace" AG_EQ "$1) END"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_index AS x ON x.indrelid" AG_EQ "r.oid"
	" JOIN pg_catalog.pg_class AS i ON i.oid" AG_EQ "x.indexrelid"
	AG_COMMENT_JOIN("pg_class", "i.oid", "0")
	"WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint AS co"
	" WHERE co.conindid" AG_EQ "x.indexrelid AND co.conrelid" AG_EQ "x.indrelid"
	" AND co.contype OPERATOR(pg_catalog.=) ANY ('{p,u,x}'::pg_catalog.\"char\"[]))"
	"ORDER BY r.relname COLLATE \"C\", i.relname COLLATE \"C\""
};

/* row-level security policies of the schema's tables */
static AgQuery q_policies = {
	.sql = AG_REL_CTE
	"SELECT r.relname, o.polname, pg_catalog.concat("
	" 'AS ', CASE WHEN o.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,"
	" ' FOR ', CASE o.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
	"  WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,"
	" ' TO ', CASE WHEN o.polroles" AG_EQ "'{0}' THEN 'PUBLIC' ELSE"
	"  pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.quote_ident(a.rolname)"
	"   FROM pg_catalog.pg_roles AS a WHERE a.oid OPERATOR(pg_catalog.=) ANY (o.polroles)"
	"   ORDER BY a.rolname COLLATE \"C\"), ', ') END,"
	" ' USING (' OPERATOR(pg_catalog.||) pg_catalog.pg_get_expr(o.polqual, o.polrelid) OPERATOR(pg_catalog.||) ')',"
	" ' WITH CHECK (' OPERATOR(pg_catalog.||) pg_catalog.pg_get_expr(o.polwithcheck, o.polrelid)"
	"  OPERATOR(pg_catalog.||) ')'), d.description"
	" FROM rel AS r"
	" JOIN pg_catalog.pg_policy AS o ON o.polrelid" AG_EQ "r.oid"
	AG_COMMENT_JOIN("pg_policy", "o.oid", "0")
	"ORDER BY r.relname COLLATE \"C\", o.polname COLLATE \"C\""
};

/* views and materialized views */
static AgQuery q_views = {
	.sql = "SELECT c.relname, c.relkind" AG_EQ "'m', c.relispopulated,"
	" pg_catalog.array_to_string(c.reloptions, ', '),"
	" pg_catalog.pg_get_viewdef(c.oid, true), d.description"
	" FROM pg_catalog.pg_class AS c"
	AG_COMMENT_JOIN("pg_class", "c.oid", "0")
	"WHERE c.relnamespace" AG_EQ "$1"
	" AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
	"  WHERE e.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND e.objid" AG_EQ "c.oid AND e.deptype" AG_EQ "'e')"
	"ORDER BY c.relname COLLATE \"C\""
};

/*
 * what each view reads of the schema, through its rule: relations (kind
 * 'r', 'v', 'm', ...) and routines (kind 'f', named by identity)
 */
static AgQuery q_view_uses = {
	.sql = "SELECT DISTINCT v.relname, u.relname::pg_catalog.text, u.relkind"
	" FROM pg_catalog.pg_class AS v"
	" JOIN pg_catalog.pg_rewrite AS w ON w.ev_class" AG_EQ "v.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_rewrite'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "w.oid AND d.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	" JOIN pg_catalog.pg_class AS u ON u.oid" AG_EQ "d.refobjid"
	" WHERE v.relnamespace" AG_EQ "$1 AND u.relnamespace" AG_EQ "$1 AND u.oid" AG_NE "v.oid"
	" AND v.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
	" UNION SELECT v.relname, pg_catalog.format('%s(%s)', p.proname,"
	"  pg_catalog.oidvectortypes(p.proargtypes)), 'f'::pg_catalog.\"char\""
	" FROM pg_catalog.pg_class AS v"
	" JOIN pg_catalog.pg_rewrite AS w ON w.ev_class" AG_EQ "v.oid"
	" JOIN pg_catalog.pg_depend AS d ON d.classid" AG_EQ "'pg_catalog.pg_rewrite'::pg_catalog.regclass"
	"  AND d.objid" AG_EQ "w.oid AND d.refclassid" AG_EQ "'pg_catalog.pg_proc'::pg_catalog.regclass"
	" JOIN pg_catalog.pg_proc AS p ON p.oid" AG_EQ "d.refobjid"
	" WHERE v.relnamespace" AG_EQ "$1 AND p.pronamespace" AG_EQ "$1"
	" AND v.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[])"
};

/* sequences, but those of identity columns (deptype 'i') */
static AgQuery q_sequences = {
	.sql = "SELECT c.relname,"
	" pg_catalog.format('AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %s',"
	"  pg_catalog.format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax,"
	"  s.seqstart, s.seqcache, CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END),"
	" oc.relname, oa.attname, d.description"
	" FROM pg_catalog.pg_class AS c"
	" JOIN pg_catalog.pg_sequence AS s ON s.seqrelid" AG_EQ "c.oid"
	" LEFT JOIN pg_catalog.pg_depend AS o ON o.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND o.objid" AG_EQ "c.oid AND o.refclassid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND o.deptype OPERATOR(pg_catalog.=) ANY ('{a,i}'::pg_catalog.\"char\"[])"
	"  AND o.refobjsubid OPERATOR(pg_catalog.>) 0"
	" LEFT JOIN pg_catalog.pg_class AS oc ON oc.oid" AG_EQ "o.refobjid"
	"  AND oc.relnamespace" AG_EQ "$1"
	" LEFT JOIN pg_catalog.pg_attribute AS oa ON oa.attrelid" AG_EQ "oc.oid"
	"  AND oa.attnum" AG_EQ "o.refobjsubid"
	AG_COMMENT_JOIN("pg_class", "c.oid", "0")
	"WHERE c.relnamespace" AG_EQ "$1 AND c.relkind" AG_EQ "'S'"
	" AND (o.deptype IS NULL OR o.deptype" AG_EQ "'a')"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS e"
	"  WHERE e.classid" AG_EQ "'pg_catalog.pg_class'::pg_catalog.regclass"
	"  AND e.objid" AG_EQ "c.oid AND e.deptype" AG_EQ "'e')"
	"ORDER BY c.relname COLLATE \"C\""
};

/*
 * What an index definition says after "CREATE [UNIQUE] INDEX name ON
 * schema.table ", so that two indexes that differ only in name or table
 * compare equal, and so that the definition read from the scratch schema
 * can be written for the real one. pg_get_indexdef() always qualifies the
 * table; the rest (columns, expressions, predicate) it prints under the
 * search_path, which names the schema read alone.
 */
static char *
index_body(const char *def, bool unique, const char *name, const char *nspname,
		   const char *table)
{
	char	   *prefix = psprintf("CREATE %sINDEX %s ON %s ", unique ? "UNIQUE " : "",
								  quote_identifier(name),
								  quote_qualified_identifier(nspname, table));
	size_t		len = strlen(prefix);

	if (strncmp(def, prefix, len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("unexpected definition of index \"%s\"", name),
				 errdetail("It reads: %s", def)));
	return pstrdup(def + len);
}

/* Tables and their columns. */
void
autogen_read_tables(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_tables, nsp);
	int			t = 0;

	s->ntables = n;
	s->tables = palloc0(sizeof(AgTable) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		s->tables[i].name = autogen_value(i, 1);
		s->tables[i].comment = autogen_value(i, 2);
		s->tables[i].rls = autogen_bool(i, 3);
		s->tables[i].force_rls = autogen_bool(i, 4);
	}

	n = autogen_query(&q_columns, nsp);
	s->ncolumns = n;
	s->columns = palloc0(sizeof(AgColumn) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgColumn   *c = &s->columns[i];
		char	   *relname = autogen_value(i, 1);
		char	   *v;

		/* both queries sort by table name: walk the tables alongside */
		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		if (t == s->ntables)
			elog(ERROR, "column of unknown table \"%s\"", relname);
		if (s->tables[t].ncols == 0)
			s->tables[t].firstcol = i;
		s->tables[t].ncols++;
		c->table = s->tables[t].name;
		c->name = autogen_value(i, 2);
		c->attnum = pg_strtoint32(autogen_value(i, 3));
		c->type = autogen_value(i, 4);
		c->builtin_type = (Oid) strtoul(autogen_value(i, 5), NULL, 10);
		c->typmod = pg_strtoint32(autogen_value(i, 6));
		c->collation = autogen_value(i, 7);
		c->notnull = autogen_bool(i, 8);
		c->defexpr = autogen_value(i, 9);
		v = autogen_value(i, 10);
		c->identity = v ? v[0] : '\0';
		v = autogen_value(i, 11);
		c->generated = v ? v[0] : '\0';
		c->schematype = autogen_value(i, 12);
		c->comment = autogen_value(i, 13);
		c->identity_options = autogen_value(i, 14);
		c->routines = autogen_value(i, 15);
		if (c->identity_options && strchr(c->identity_options, '|'))
		{
			/* "options|SET clauses", as the query writes both */
			c->identity_set = strchr(c->identity_options, '|') + 1;
			c->identity_set[-1] = '\0';
		}
	}
}

/* Primary key, unique, check, exclusion and foreign key constraints. */
void
autogen_read_constraints(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_constraints, nsp);
	int			t = 0;

	s->nconstraints = n;
	s->constraints = palloc0(sizeof(AgConstraint) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgConstraint *c = &s->constraints[i];
		char	   *relname = autogen_value(i, 1);

		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		c->table = t < s->ntables ? s->tables[t].name : relname;
		c->name = autogen_value(i, 2);
		c->contype = autogen_value(i, 3)[0];
		c->def = autogen_value(i, 4);
		c->reftable = autogen_value(i, 5);
		c->comment = autogen_value(i, 6);
		c->routines = autogen_value(i, 7);
	}
}

/* Indexes of their own (not a constraint's). */
void
autogen_read_indexes(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_indexes, nsp);
	int			t = 0;

	s->nindexes = n;
	s->indexes = palloc0(sizeof(AgIndex) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgIndex    *x = &s->indexes[i];
		char	   *relname = autogen_value(i, 1);

		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		x->table = t < s->ntables ? s->tables[t].name : relname;
		x->name = autogen_value(i, 2);
		x->unique = autogen_bool(i, 3);
		x->def = autogen_value(i, 4);
		x->comment = autogen_value(i, 5);
		x->routines = autogen_value(i, 6);
		x->body = index_body(x->def, x->unique, x->name, s->readfrom, x->table);
	}
}

/* Sequences, with what they are owned by. */
void
autogen_read_sequences(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_sequences, nsp);

	s->nsequences = n;
	s->sequences = palloc0(sizeof(AgSequence) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgSequence *q = &s->sequences[i];

		q->name = autogen_value(i, 1);
		q->options = autogen_value(i, 2);
		q->owner_table = autogen_value(i, 3);
		q->owner_column = autogen_value(i, 4);
		q->comment = autogen_value(i, 5);
		if (q->owner_column == NULL)
			q->owner_table = NULL;
	}
}

static int
find_view(AgSchema *s, const char *name)
{
	return autogen_bsearch(s->views, s->nviews, sizeof(AgView), offsetof(AgView, name), name);
}

/* Views and materialized views, with what they read. */
void
autogen_read_views(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_views, nsp);

	s->nviews = n;
	s->views = palloc0(sizeof(AgView) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgView	   *v = &s->views[i];

		v->name = autogen_value(i, 1);
		v->materialized = autogen_bool(i, 2);
		v->populated = autogen_bool(i, 3);
		v->options = autogen_value(i, 4);
		if (v->options && v->options[0] == '\0')
			v->options = NULL;
		v->def = autogen_value(i, 5);
		v->comment = autogen_value(i, 6);
	}
	if (n == 0)
		return;
	n = autogen_query(&q_view_uses, nsp);
	for (int i = 0; i < n; i++)
	{
		int			k = find_view(s, autogen_value(i, 1));
		char	   *kind = autogen_value(i, 3);

		if (k < 0)
			continue;
		if (kind[0] == 'v' || kind[0] == 'm')
			s->views[k].uses_views = lappend(s->views[k].uses_views, autogen_value(i, 2));
		else if (kind[0] == 'f')
			s->views[k].uses_routines = lappend(s->views[k].uses_routines, autogen_value(i, 2));
		else
			s->views[k].uses_tables = lappend(s->views[k].uses_tables, autogen_value(i, 2));
	}
}

/* Row-level security policies. */
void
autogen_read_policies(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_policies, nsp);
	int			t = 0;

	s->npolicies = n;
	s->policies = palloc0(sizeof(AgPolicy) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		AgPolicy   *p = &s->policies[i];
		char	   *relname = autogen_value(i, 1);

		while (t < s->ntables && strcmp(s->tables[t].name, relname) != 0)
			t++;
		p->table = t < s->ntables ? s->tables[t].name : relname;
		p->name = autogen_value(i, 2);
		p->def = autogen_value(i, 3);
		p->comment = autogen_value(i, 4);
	}
}
