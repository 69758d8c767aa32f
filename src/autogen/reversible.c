/*-------------------------------------------------------------------------
 *
 * src/autogen/reversible.c
 *	  check_reversible(): proof that each pending revision's downgrade
 *	  undoes its upgrade.
 *
 * For each revision that upgrade(target) would apply, in order, inside one
 * subtransaction that is always rolled back: upgrade, downgrade, compare
 * what the downgrade left with what was there before (with the comparison
 * diff() uses, so a difference is named by the SQL that would restore it;
 * what diff() leaves alone, by a definition read from the catalog), upgrade
 * again, and on to the next. Revisions run through execute_plan(),
 * the one revision runner, so they run exactly as upgrade() and downgrade()
 * run them.
 *
 * Reading every schema (system schemas and schemamig aside) before and
 * after every revision costs, with thousands of tenant schemas, thousands
 * of catalog scans per revision. So, where there are several schemas, a
 * probe comes first: upgrade, downgrade, and one query's fingerprint of
 * every schema's catalog rows before and after, in a subtransaction rolled
 * back at once. A schema whose rows are all the versions they were reads as
 * it did. A downgrade that drops what its upgrade made leaves every schema
 * so, and nothing is read; otherwise the revision runs up and down again
 * between two readings of the schemas that changed. With one schema the
 * fingerprint would cost what reading it does: it is read, without a probe.
 *
 * Text read from a schema can name objects outside it. A change to one of
 * another schema shows in that schema's own comparison; a change to what
 * no schema's reading lists (a role, an operator class or family, a text
 * search configuration or dictionary, an access method, a language) has
 * every schema read and compared.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "schemamig.h"
#include "autogen.h"
#include "compare.h"

/* the schemas a revision may change: all but the system's and ours */
#define USER_SCHEMAS \
	"SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace AS n" \
	" WHERE n.nspname" AG_NE "'information_schema' AND n.nspname" AG_NE "'schemamig'" \
	" AND NOT pg_catalog.starts_with(n.nspname::pg_catalog.text, 'pg_') AND $1 IS NOT NULL"

static AgQuery q_schemas = {
	.sql = USER_SCHEMAS " ORDER BY n.nspname COLLATE pg_catalog.\"C\""
};

/*
 * A catalog row's version: the age of the transaction that wrote it. A row
 * the revision inserts or updates is younger than every row there was
 * before it ran; a count and a sum of ages tell the two sets apart.
 */
#define ROW_VERSION(alias) "pg_catalog.age(" alias ".xmin)::pg_catalog.int8"

/*
 * The fingerprint of each of those schemas: how many catalog rows describe
 * it (the rows of its objects, their columns, defaults, indexes, a foreign
 * table's server and options, enum labels, comments and dependencies) and
 * the sum of their versions; and first, named NULL, one of what text read
 * from any schema can name but no schema's reading lists (roles by name:
 * pg_authid is not for everyone).
 */
static AgQuery q_fingerprints = {
	.sql = "WITH ns AS (" USER_SCHEMAS "),"
	" cls AS (SELECT c.oid, ns.oid AS nsp, " ROW_VERSION("c") " AS v"
	"  FROM pg_catalog.pg_class AS c JOIN ns ON ns.oid" AG_EQ "c.relnamespace),"
	" typ AS (SELECT t.oid, ns.oid AS nsp, " ROW_VERSION("t") " AS v"
	"  FROM pg_catalog.pg_type AS t JOIN ns ON ns.oid" AG_EQ "t.typnamespace),"
	/* the objects that comments and dependencies hang from */
	" obj AS ("
	"  SELECT 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid AS cat, cls.oid, cls.nsp, cls.v FROM cls"
	"  UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid, typ.oid, typ.nsp, typ.v FROM typ"
	"  UNION ALL SELECT 'pg_catalog.pg_namespace'::pg_catalog.regclass::pg_catalog.oid, n.oid, n.oid, " ROW_VERSION("n")
	"   FROM pg_catalog.pg_namespace AS n JOIN ns ON ns.oid" AG_EQ "n.oid"
	"  UNION ALL SELECT 'pg_catalog.pg_proc'::pg_catalog.regclass::pg_catalog.oid, p.oid, p.pronamespace, " ROW_VERSION("p")
	"   FROM pg_catalog.pg_proc AS p JOIN ns ON ns.oid" AG_EQ "p.pronamespace"
	"  UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid, o.oid, o.connamespace, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_constraint AS o JOIN ns ON ns.oid" AG_EQ "o.connamespace"
	"  UNION ALL SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass::pg_catalog.oid, o.oid, cls.nsp, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_trigger AS o JOIN cls ON cls.oid" AG_EQ "o.tgrelid"
	"  UNION ALL SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass::pg_catalog.oid, o.oid, cls.nsp, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_policy AS o JOIN cls ON cls.oid" AG_EQ "o.polrelid"
	"  UNION ALL SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass::pg_catalog.oid, o.oid, cls.nsp, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_attrdef AS o JOIN cls ON cls.oid" AG_EQ "o.adrelid"
	"  UNION ALL SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass::pg_catalog.oid, o.oid, cls.nsp, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_rewrite AS o JOIN cls ON cls.oid" AG_EQ "o.ev_class"
	"  UNION ALL SELECT 'pg_catalog.pg_operator'::pg_catalog.regclass::pg_catalog.oid, o.oid, o.oprnamespace, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_operator AS o JOIN ns ON ns.oid" AG_EQ "o.oprnamespace"
	"  UNION ALL SELECT 'pg_catalog.pg_collation'::pg_catalog.regclass::pg_catalog.oid, o.oid, o.collnamespace, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_collation AS o JOIN ns ON ns.oid" AG_EQ "o.collnamespace"
	"  UNION ALL SELECT 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass::pg_catalog.oid, o.oid, o.stxnamespace, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_statistic_ext AS o JOIN ns ON ns.oid" AG_EQ "o.stxnamespace"
	"  UNION ALL SELECT 'pg_catalog.pg_extension'::pg_catalog.regclass::pg_catalog.oid, o.oid, o.extnamespace, " ROW_VERSION("o")
	"   FROM pg_catalog.pg_extension AS o JOIN ns ON ns.oid" AG_EQ "o.extnamespace),"
	" r AS ("
	"  SELECT obj.nsp, obj.v FROM obj"
	"  UNION ALL SELECT cls.nsp, " ROW_VERSION("a")
	"   FROM pg_catalog.pg_attribute AS a JOIN cls ON cls.oid" AG_EQ "a.attrelid"
	"  UNION ALL SELECT cls.nsp, " ROW_VERSION("x")
	"   FROM pg_catalog.pg_index AS x JOIN cls ON cls.oid" AG_EQ "x.indexrelid"
	"  UNION ALL SELECT cls.nsp, " ROW_VERSION("x")
	"   FROM pg_catalog.pg_sequence AS x JOIN cls ON cls.oid" AG_EQ "x.seqrelid"
	"  UNION ALL SELECT cls.nsp, " ROW_VERSION("x")
	"   FROM pg_catalog.pg_inherits AS x JOIN cls ON cls.oid" AG_EQ "x.inhrelid"
	"  UNION ALL SELECT cls.nsp, " ROW_VERSION("x")
	"   FROM pg_catalog.pg_foreign_table AS x JOIN cls ON cls.oid" AG_EQ "x.ftrelid"
	"  UNION ALL SELECT typ.nsp, " ROW_VERSION("x")
	"   FROM pg_catalog.pg_enum AS x JOIN typ ON typ.oid" AG_EQ "x.enumtypid"
	"  UNION ALL SELECT obj.nsp, " ROW_VERSION("x")
	"   FROM pg_catalog.pg_description AS x JOIN obj"
	"   ON obj.oid" AG_EQ "x.objoid AND obj.cat" AG_EQ "x.classoid"
	"  UNION ALL SELECT obj.nsp, " ROW_VERSION("x")
	"   FROM pg_catalog.pg_depend AS x JOIN obj"
	"   ON obj.oid" AG_EQ "x.objid AND obj.cat" AG_EQ "x.classid),"
	" g AS ("
	"  SELECT pg_catalog.hashtext(x.rolname)::pg_catalog.int8 AS v FROM pg_catalog.pg_roles AS x"
	"  UNION ALL SELECT " ROW_VERSION("x") " FROM pg_catalog.pg_am AS x"
	"  UNION ALL SELECT " ROW_VERSION("x") " FROM pg_catalog.pg_language AS x"
	"  UNION ALL SELECT " ROW_VERSION("x") " FROM pg_catalog.pg_opclass AS x"
	"  UNION ALL SELECT " ROW_VERSION("x") " FROM pg_catalog.pg_opfamily AS x"
	"  UNION ALL SELECT " ROW_VERSION("x") " FROM pg_catalog.pg_ts_config AS x"
	"  UNION ALL SELECT " ROW_VERSION("x") " FROM pg_catalog.pg_ts_dict AS x)"
	" SELECT f.nspname, f.print FROM ("
	"  SELECT NULL::pg_catalog.name AS nspname, pg_catalog.concat(pg_catalog.count(*), ' ',"
	"   pg_catalog.sum(g.v)) AS print FROM g"
	"  UNION ALL SELECT ns.nspname, pg_catalog.concat(s.n, ' ', s.v)"
	"  FROM ns LEFT JOIN (SELECT r.nsp, pg_catalog.count(*) AS n, pg_catalog.sum(r.v) AS v"
	"   FROM r GROUP BY r.nsp) AS s ON s.nsp" AG_EQ "ns.oid) AS f"
	" ORDER BY f.nspname COLLATE pg_catalog.\"C\" NULLS FIRST"
};

/* Schemas, read. */
typedef struct SchemaSet
{
	int			n;
	AgSchema  **schemas;		/* by name */
} SchemaSet;

/* The schemas named (in byte order), or every one when all, read. */
static SchemaSet *
read_schemas(List *names, bool all)
{
	SchemaSet  *set = palloc0(sizeof(SchemaSet));
	int			n = autogen_query(&q_schemas, InvalidOid);
	Oid		   *oids = palloc(sizeof(Oid) * (n + 1));
	char	  **found = palloc(sizeof(char *) * (n + 1));
	ListCell   *lc = list_head(names);

	for (int i = 0; i < n; i++)
	{
		char	   *name = autogen_value(i, 2);

		if (!all)
		{
			/* both in byte order: a merge */
			while (lc != NULL && strcmp(lfirst(lc), name) < 0)
				lc = lnext(names, lc);
			if (lc == NULL || strcmp(lfirst(lc), name) != 0)
				continue;
		}
		oids[set->n] = autogen_oid(i, 1);
		found[set->n++] = name;
	}
	set->schemas = palloc(sizeof(AgSchema *) * (set->n + 1));
	for (int i = 0; i < set->n; i++)
	{
		int			level = autogen_search_path(found[i], NULL);

		set->schemas[i] = autogen_read_schema(found[i], found[i], oids[i], AG_READ_DEFINED);
		AtEOXact_GUC(true, level);
	}
	return set;
}

/* Every schema's fingerprint; [0] is the one of what no schema lists. */
typedef struct Prints
{
	int			n;
	char	  **names;			/* [0] NULL, then in byte order */
	char	  **prints;
} Prints;

static Prints *
take_prints(void)
{
	Prints	   *p = palloc(sizeof(Prints));

	p->n = autogen_query(&q_fingerprints, InvalidOid);
	p->names = palloc(sizeof(char *) * p->n);
	p->prints = palloc(sizeof(char *) * p->n);
	for (int i = 0; i < p->n; i++)
	{
		p->names[i] = autogen_value(i, 1);
		p->prints[i] = autogen_value(i, 2);
	}
	Assert(p->n > 0 && p->names[0] == NULL);
	return p;
}

/*
 * The names of the schemas whose fingerprints differ, are new or are gone
 * between a and b, in byte order; *all when what no schema lists differs.
 */
static List *
changed_schemas(const Prints *a, const Prints *b, bool *all)
{
	List	   *names = NIL;
	int			i = 1;
	int			j = 1;

	*all = strcmp(a->prints[0], b->prints[0]) != 0;
	while (i < a->n || j < b->n)
	{
		int			c = i >= a->n ? 1 : j >= b->n ? -1 :
			strcmp(a->names[i], b->names[j]);

		if (c < 0)
			names = lappend(names, a->names[i++]);
		else if (c > 0)
			names = lappend(names, b->names[j++]);
		else
		{
			if (strcmp(a->prints[i], b->prints[j]) != 0)
				names = lappend(names, a->names[i]);
			i++;
			j++;
		}
	}
	return names;
}

/* "a" or "an", before a kind of table. */
static const char *
article(const char *kind)
{
	return strchr("aeiou", kind[0]) ? "an" : "a";
}

/*
 * The tables that are ordinary (covered) on one side and of a kind that
 * autogenerate leaves alone on the other (the upgrade made one an
 * inheritance child, say), as problem texts: no SQL autogenerate writes
 * restores them, so none is suggested.
 */
static List *
kinds_changed(const AgSchema *before, const AgSchema *after)
{
	List	   *problems = NIL;
	const AgUncovered *u;

	for (int k = 0; k < before->ntables; k++)
		if ((u = autogen_uncovered_table(after, before->tables[k].name)) != NULL)
			problems = lappend(problems,
							   psprintf("table \"%s\".\"%s\" is %s %s after the downgrade, and was an ordinary table before the upgrade",
										before->name, u->name, article(u->kind), u->kind));
	for (int k = 0; k < after->ntables; k++)
		if ((u = autogen_uncovered_table(before, after->tables[k].name)) != NULL)
			problems = lappend(problems,
							   psprintf("table \"%s\".\"%s\" is an ordinary table after the downgrade, and was %s %s before the upgrade",
										before->name, u->name, article(u->kind), u->kind));
	return problems;
}

/* An object autogenerate does not cover, named in a problem. */
static char *
uncovered_name(const char *schema, const AgUncovered *u)
{
	return u->table ? psprintf("%s \"%s\".\"%s\"", u->kind, schema, u->name) :
		psprintf("%s %s of schema \"%s\"", u->kind, u->name, schema);
}

/*
 * How an object autogenerate does not cover differs after the downgrade
 * from what it was before the upgrade: the first line of its definition
 * that differs (one line each of a table's columns, keys, indexes, ...).
 */
static char *
definition_changed(const char *schema, const AgUncovered *before, const char *after)
{
	const char *b = before->definition ? before->definition : "";
	const char *a = after ? after : "";
	char	   *name = uncovered_name(schema, before);
	size_t		bl;
	size_t		al;

	/* to the start of the first line that differs */
	for (;;)
	{
		bl = strcspn(b, "\n");
		al = strcspn(a, "\n");
		if (bl != al || strncmp(a, b, al) != 0 || a[al] == '\0' || b[bl] == '\0')
			break;
		a += al + 1;
		b += bl + 1;
	}
	/* one is the other and more lines: the first of them */
	if (bl == al && strncmp(a, b, al) == 0 && a[al] == '\0')
		return psprintf("%s differs after the downgrade: it lacks \"%.*s\"",
						name, (int) strcspn(b + bl + 1, "\n"), b + bl + 1);
	if (bl == al && strncmp(a, b, al) == 0)
		return psprintf("%s differs after the downgrade: it has \"%.*s\", which it did not have",
						name, (int) strcspn(a + al + 1, "\n"), a + al + 1);
	return psprintf("%s differs after the downgrade: it has \"%.*s\" where it had \"%.*s\"",
					name, (int) al, a, (int) bl, b);
}

/*
 * What differs among the objects autogenerate does not cover, as problem
 * texts: both lists are in byte order of kind, then name, a merge. A
 * table that was or became an ordinary one is kinds_changed()'s.
 */
static List *
uncovered_differences(const AgSchema *before, const AgSchema *after)
{
	List	   *problems = NIL;
	int			i = 0;
	int			j = 0;

	while (i < before->nuncovered || j < after->nuncovered)
	{
		const AgUncovered *was = i < before->nuncovered ? &before->uncovered[i] : NULL;
		const AgUncovered *is = j < after->nuncovered ? &after->uncovered[j] : NULL;
		int			c = was == NULL ? 1 : is == NULL ? -1 : strcmp(was->kind, is->kind);

		if (c == 0)
			c = strcmp(was->name, is->name);
		if (c < 0)
		{
			if (!was->table || autogen_find_table(after, was->name) < 0)
				problems = lappend(problems, psprintf("%s is gone after the downgrade",
													  uncovered_name(before->name, was)));
			i++;
		}
		else if (c > 0)
		{
			if (!is->table || autogen_find_table(before, is->name) < 0)
				problems = lappend(problems, psprintf("%s is left after the downgrade",
													  uncovered_name(before->name, is)));
			j++;
		}
		else
		{
			if ((was->definition == NULL) != (is->definition == NULL) ||
				(was->definition && strcmp(was->definition, is->definition) != 0))
				problems = lappend(problems, definition_changed(before->name, was, is->definition));
			i++;
			j++;
		}
	}
	return problems;
}

/* What differs between before and after, as problem texts; NIL if nothing. */
static List *
differences(SchemaSet *before, SchemaSet *after)
{
	List	   *problems = NIL;
	int			i = 0;
	int			j = 0;

	while (i < before->n || j < after->n)
	{
		int			c = i >= before->n ? 1 : j >= after->n ? -1 :
			strcmp(before->schemas[i]->name, after->schemas[j]->name);

		if (c < 0)
		{
			problems = lappend(problems, psprintf("schema \"%s\" is gone after the downgrade",
												  before->schemas[i]->name));
			i++;
		}
		else if (c > 0)
		{
			problems = lappend(problems, psprintf("schema \"%s\" is left after the downgrade",
												  after->schemas[j]->name));
			j++;
		}
		else
		{
			AgSchema   *b = before->schemas[i];
			AgSchema   *a = after->schemas[j];
			List	   *changed = kinds_changed(b, a);
			char	   *restore;

			/* (what would restore a table's kind, autogenerate cannot write) */
			problems = list_concat(problems, changed);

			/*
			 * What restores it is advice: written even where a table that
			 * autogenerate leaves alone would keep it from being applied,
			 * which diff() refuses (refuse_left_alone_uses()).
			 */
			a->nleft_alone_uses = 0;
			restore = changed ? "" : autogen_write_actions(autogen_compare(a, b, NIL, false));
			if (restore[0] != '\0')
			{
				/* the statements, without the last newline */
				restore[strlen(restore) - 1] = '\0';
				problems = lappend(problems,
								   psprintf("downgrade does not restore schema \"%s\"; restoring it takes:\n%s",
											b->name, restore));
			}
			problems = list_concat(problems, uncovered_differences(b, a));
			i++;
			j++;
		}
	}
	return problems;
}

typedef struct CheckArgs
{
	MigTarget	target;
	MigGraph   *graph;
	List	   *plan;
	List	   *rows;			/* MigProblem, in the caller's context */
	MemoryContext resultcxt;
	SessionMark *mark;			/* the session before the check */
} CheckArgs;

static void
add_row(CheckArgs *a, const char *revision, const char *problem)
{
	MigProblem *p = MemoryContextAlloc(a->resultcxt, sizeof(MigProblem));
	MemoryContext old = MemoryContextSwitchTo(a->resultcxt);

	p->revision = pstrdup(revision);
	p->problem = pstrdup(problem);
	a->rows = lappend(a->rows, p);
	MemoryContextSwitchTo(old);
}

typedef struct Step
{
	MigGraph   *graph;
	int			i;
	bool		upgrade;
} Step;

static void
run_step(void *arg)
{
	Step	   *s = (Step *) arg;

	(void) execute_plan(s->graph, list_make1_int(s->i), s->upgrade, NULL);
}

/*
 * Run one revision one way; false, with the problem "WHAT fails: its
 * error", if it fails. The prepared statements it leaves in the session go
 * afterwards, so that the next step finds them as they were before the
 * first (its session advisory locks go when the check ends: see session.c).
 */
static bool
try_step(CheckArgs *a, int i, bool upgrade, const char *what)
{
	Step		s = {a->graph, i, upgrade};
	ErrorData  *edata = schemamig_subtransaction(run_step, &s, true);

	schemamig_session_restore(a->mark);
	schemamig_rethrow_call_ending(edata);

	if (edata != NULL)
	{
		add_row(a, a->graph->revs[i].id,
				edata->context ? psprintf("%s fails: %s (%s)", what, edata->message, edata->context) :
				psprintf("%s fails: %s", what, edata->message));
		return false;
	}
	if (!upgrade)
		graph_mark_one_reverted(a->graph, i);
	return true;
}

/*
 * One revision up and down, in a subtransaction that is rolled back:
 * whether it failed (the problem is added), or which schemas it left
 * changed.
 */
typedef struct Probe
{
	CheckArgs  *a;
	int			i;
	Prints	   *before;
	bool		failed;
	List	   *changed;
	bool		all;
} Probe;

static void
probe(void *arg)
{
	Probe	   *p = (Probe *) arg;

	if (!try_step(p->a, p->i, true, "upgrade"))
		p->failed = true;
	else if (!try_step(p->a, p->i, false, "downgrade"))
	{
		/* the rollback takes the upgrade back */
		graph_mark_one_reverted(p->a->graph, p->i);
		p->failed = true;
	}
	else
		p->changed = changed_schemas(p->before, take_prints(), &p->all);
}

/*
 * Check one revision that has a downgrade: up and down once to see which
 * schemas it changes; if some, up and down again between reading them;
 * then up, for the next. With one schema (or none) there is nothing to
 * spare: a fingerprint costs about what reading the schema does, so it is
 * read before and after without a probe. False when what follows cannot be
 * checked.
 */
static bool
check_one(CheckArgs *a, int i)
{
	const char *id = a->graph->revs[i].id;
	Probe		p = {.a = a, .i = i, .all = true};
	int			compared = 0;

	if (autogen_query(&q_schemas, InvalidOid) > 1)
	{
		ErrorData  *edata;

		p.before = take_prints();
		edata = schemamig_subtransaction(probe, &p, false);
		if (edata != NULL)
			ReThrowError(edata);
		if (p.failed)
			return false;
	}
	if (p.all || p.changed != NIL)
	{
		SchemaSet  *before = read_schemas(p.changed, p.all);
		SchemaSet  *after;
		ListCell   *lc;

		/* after a probe, a second time: one that fails only now still fails */
		if (!try_step(a, i, true, "upgrade") || !try_step(a, i, false, "downgrade"))
			return false;
		after = read_schemas(p.changed, p.all);
		foreach(lc, differences(before, after))
			add_row(a, id, lfirst(lc));
		compared = Max(before->n, after->n);
	}
	elog(DEBUG1, "check_reversible: revision \"%s\": schemas read and compared: %d", id, compared);
	return try_step(a, i, true, "upgrade after the downgrade");
}

/* Each revision of the plan up, down, compared, up again. */
static void
check_steps(void *arg)
{
	CheckArgs  *a = (CheckArgs *) arg;
	MemoryContext cxt = CurrentMemoryContext;
	ListCell   *lc;

	foreach(lc, a->plan)
	{
		int			i = lfirst_int(lc);
		const char *id = a->graph->revs[i].id;
		MemoryContext step = AllocSetContextCreate(cxt, "schemamig check_reversible",
												   ALLOCSET_DEFAULT_SIZES);
		bool		go_on;

		MemoryContextSwitchTo(step);
		if (!catalog_has_downgrade(id))
		{
			if ((go_on = try_step(a, i, true, "upgrade")))
				add_row(a, id, "has no downgrade");
		}
		else
			go_on = check_one(a, i);
		MemoryContextSwitchTo(cxt);
		MemoryContextDelete(step);
		/* what follows stands on a revision that could not be applied */
		if (!go_on)
			break;
	}
}

/* The checks, in a subtransaction that is always rolled back. */
static void
check_body(void *arg)
{
	CheckArgs  *a = (CheckArgs *) arg;
	ErrorData  *edata;

	a->graph = catalog_graph(false);
	graph_require_verified(a->graph, "check_reversible");
	graph_require_consistent(a->graph);
	a->plan = plan_upgrade(a->graph, &a->target);
	plan_require_transactional(a->graph, a->plan, true);

	edata = schemamig_rolled_back(check_steps, a, &a->mark);
	catalog_forget_cache();
	if (edata != NULL)
		ReThrowError(edata);
}

/*
 * check_reversible(target): one row per problem of the revisions that
 * upgrade(target) would apply; none when each downgrade restores what its
 * upgrade changed. Nothing it does stays.
 */
PG_FUNCTION_INFO_V1(schemamig_check_reversible);
Datum
schemamig_check_reversible(PG_FUNCTION_ARGS)
{
	CheckArgs	a;
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	ListCell   *lc;

	memset(&a, 0, sizeof(a));
	a.target = plan_parse_target(schemamig_arg_text(fcinfo, 0, "check_reversible", "target"),
								 TARGETS_UPGRADE, "check_reversible");
	a.resultcxt = CurrentMemoryContext;
	calls_locked("check_reversible", check_body, &a);

	foreach(lc, a.rows)
	{
		MigProblem *p = lfirst(lc);
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(p->revision);
		values[1] = CStringGetTextDatum(p->problem);
		tuplestore_putvalues(store, desc, values, nulls);
	}
	return (Datum) 0;
}
