/*-------------------------------------------------------------------------
 *
 * src/guards.c
 *	  Whether the guards are as the extension installed them: the triggers
 *	  on schemamig's four tables, their functions, nothing beside them
 *	  (another trigger, a rule), and no table-wide grant that lets another
 *	  role write the tables where the guards do not fire; and whether the
 *	  tables are logged and the functions run as installed (no SECURITY
 *	  DEFINER, no settings of their own).
 *
 * verify() reports each problem found here with no revision, and upgrade(),
 * migrate and trace() refuse while there is one (graph_require_verified()).
 * That runs on every such call with something to do, so this reads only
 * the relcache and the syscache, the extension's version through its
 * catalog's index and its functions through pg_depend's: no SPI query.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_authid.h"
#include "catalog/dependency.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "catalog.h"
#include "schemamig.h"

#define EV_I	TRIGGER_TYPE_INSERT
#define EV_U	TRIGGER_TYPE_UPDATE
#define EV_D	TRIGGER_TYPE_DELETE
#define EV_T	TRIGGER_TYPE_TRUNCATE
#define ROW_BEFORE(ev)	(TRIGGER_TYPE_ROW | TRIGGER_TYPE_BEFORE | (ev))
#define STMT_BEFORE(ev) (TRIGGER_TYPE_STATEMENT | TRIGGER_TYPE_BEFORE | (ev))
#define STMT_AFTER(ev)	(TRIGGER_TYPE_STATEMENT | TRIGGER_TYPE_AFTER | (ev))

/* A trigger as the install and update scripts (sql/) create it. */
typedef struct GuardTrigger
{
	const char *table;			/* in schema schemamig */
	const char *name;
	const char *function;		/* schemamig.touch() or schemamig.guard() */
	int16		type;			/* pg_trigger.tgtype */
	const char *arg;			/* its one argument, or NULL for none */
	bool		always;			/* ENABLE ALWAYS; else it fires on origin */
	int			since;			/* from this version of the extension */
	int			until;			/* to this one (replaced then), or 0 */
	const char *comment;		/* COMMENT ON TRIGGER, or NULL */
} GuardTrigger;

/* The owner guards' comments, as sql/schemamig--0.6.0--0.7.0.sql gives them. */
#define OWNER_COMMENT "schemamig: only the owner of schemamig's tables writes them directly"
#define ALWAYS_COMMENT " (fires always, for rows a subscription applies too)"

/*
 * Versions as version_number() gives them. The generation triggers come
 * with 0.1.0 but fire always only since 0.2.0, which adds the guards;
 * 0.4.0 makes revision_guard see INSERTs and adds the call guards, 0.7.0
 * the owner guards. Before 0.2.0 nothing here is checked.
 */
static const GuardTrigger guard_triggers[] = {
	{"revision", "revision_touch", "touch", STMT_AFTER(EV_I | EV_U | EV_D | EV_T), NULL, true, 200, 0, NULL},
	{"applied", "applied_touch", "touch", STMT_AFTER(EV_I | EV_U | EV_D | EV_T), NULL, true, 200, 0, NULL},
	{"revision", "revision_guard", "guard", ROW_BEFORE(EV_U | EV_D), NULL, false, 200, 400, NULL},
	{"revision", "revision_guard", "guard", ROW_BEFORE(EV_I | EV_U | EV_D), NULL, false, 400, 0, NULL},
	{"revision", "revision_guard_truncate", "guard", STMT_BEFORE(EV_T), NULL, false, 200, 0, NULL},
	{"applied", "applied_guard", "guard", ROW_BEFORE(EV_U | EV_D), NULL, false, 200, 0, NULL},
	{"applied", "applied_guard_truncate", "guard", STMT_BEFORE(EV_T), NULL, false, 200, 0, NULL},
	{"log", "log_guard", "guard", ROW_BEFORE(EV_U | EV_D), NULL, false, 200, 0, NULL},
	{"log", "log_guard_truncate", "guard", STMT_BEFORE(EV_T), NULL, false, 200, 0, NULL},
	{"revision", "revision_guard_call", "guard", STMT_BEFORE(EV_I | EV_U | EV_D | EV_T), NULL, true, 400, 0, NULL},
	{"applied", "applied_guard_call", "guard", STMT_BEFORE(EV_I | EV_U | EV_D | EV_T), NULL, true, 400, 0, NULL},
	{"log", "log_guard_call", "guard", STMT_BEFORE(EV_I | EV_U | EV_D | EV_T), NULL, true, 400, 0, NULL},
	{"state", "state_guard_call", "guard", STMT_BEFORE(EV_I | EV_U | EV_D | EV_T), NULL, true, 400, 0, NULL},
	{"revision", "revision_owner", "guard", ROW_BEFORE(EV_I | EV_U | EV_D), "owner", true, 700, 0,
	OWNER_COMMENT ", but for the edit of a pending revision" ALWAYS_COMMENT},
	{"applied", "applied_owner", "guard", ROW_BEFORE(EV_I | EV_U | EV_D), "owner", true, 700, 0,
	OWNER_COMMENT ALWAYS_COMMENT},
	{"log", "log_owner", "guard", ROW_BEFORE(EV_I | EV_U | EV_D), "owner", true, 700, 0,
	OWNER_COMMENT ALWAYS_COMMENT},
	{"state", "state_owner", "guard", ROW_BEFORE(EV_I | EV_U | EV_D), "owner", true, 700, 0,
	OWNER_COMMENT ALWAYS_COMMENT},
};

/* The trigger functions: each a C function of the library. */
static const char *const guard_functions[] = {"touch", "guard"};

/*
 * The installed version of the extension as a number (0.7.0 is 700), or 0
 * when it is not installed. The library serves every version's tables, and
 * which triggers they must have depends on it; the tables alone do not
 * tell 0.6.0 from 0.7.0.
 */
static int
version_number(Oid *extoid)
{
	Relation	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	int			version = 0;

	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber, F_NAMEEQ,
				CStringGetDatum("schemamig"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	*extoid = InvalidOid;
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, Anum_pg_extension_extversion,
									 RelationGetDescr(rel), &isnull);
		int			major = 0;
		int			minor = 0;
		int			patch = 0;

		*extoid = ((Form_pg_extension) GETSTRUCT(tup))->oid;
		if (!isnull &&
			sscanf(text_to_cstring(DatumGetTextPP(d)), "%d.%d.%d", &major, &minor, &patch) >= 2)
			version = major * 10000 + minor * 100 + patch;
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return version;
}

static void
add_problem(List **problems, char *text)
{
	MigProblem *p = palloc(sizeof(MigProblem));

	p->revision = NULL;
	p->problem = text;
	*problems = lappend(*problems, p);
}

/* The statements that create the trigger as the scripts do. */
static char *
trigger_create(const GuardTrigger *g)
{
	StringInfoData s;
	static const int16 events[] = {EV_I, EV_U, EV_D, EV_T};
	static const char *const event_names[] = {"INSERT", "UPDATE", "DELETE", "TRUNCATE"};
	bool		first = true;

	initStringInfo(&s);
	appendStringInfo(&s, "CREATE TRIGGER %s %s ", g->name,
					 TRIGGER_FOR_BEFORE(g->type) ? "BEFORE" : "AFTER");
	for (int e = 0; e < (int) lengthof(events); e++)
	{
		if ((g->type & events[e]) == 0)
			continue;
		appendStringInfo(&s, "%s%s", first ? "" : " OR ", event_names[e]);
		first = false;
	}
	appendStringInfo(&s, " ON schemamig.%s FOR EACH %s EXECUTE FUNCTION schemamig.%s(%s)",
					 g->table, TRIGGER_FOR_ROW(g->type) ? "ROW" : "STATEMENT", g->function,
					 g->arg ? quote_literal_cstr(g->arg) : "");
	if (g->always)
		appendStringInfo(&s, "; ALTER TABLE schemamig.%s ENABLE ALWAYS TRIGGER %s",
						 g->table, g->name);
	if (g->comment)
		appendStringInfo(&s, "; COMMENT ON TRIGGER %s ON schemamig.%s IS %s",
						 g->name, g->table, quote_literal_cstr(g->comment));
	return s.data;
}

/* How the trigger differs from what the scripts create, or NULL. */
static const char *
trigger_differs(const Trigger *trig, const GuardTrigger *g, Oid funcoid)
{
	if (trig->tgfoid != funcoid)
		return "it runs another function";
	if (trig->tgtype != g->type)
		return "its timing, level or events differ";
	if (g->arg != NULL ? trig->tgnargs != 1 || strcmp(trig->tgargs[0], g->arg) != 0 :
		trig->tgnargs != 0)
		return "its arguments differ";
	if (trig->tgqual != NULL)
		return "it has a WHEN clause";
	if (trig->tgnattr != 0)
		return "it fires only for UPDATE OF some columns";
	if (OidIsValid(trig->tgconstraint))
		return "it is a constraint trigger";
	if (trig->tgoldtable != NULL || trig->tgnewtable != NULL)
		return "it has transition tables";
	return NULL;
}

/*
 * The trigger this version of the extension creates on the table under
 * that name, or NULL.
 */
static const GuardTrigger *
guard_trigger(const char *table, const char *name, int version)
{
	for (int i = 0; i < (int) lengthof(guard_triggers); i++)
	{
		const GuardTrigger *g = &guard_triggers[i];

		if (strcmp(g->table, table) == 0 && strcmp(g->name, name) == 0 &&
			version >= g->since && (g->until == 0 || version < g->until))
			return g;
	}
	return NULL;
}

/*
 * A trigger function replaced (CREATE OR REPLACE keeps its OID, so the
 * triggers still name it) or dropped: the triggers then guard nothing.
 */
static void
function_problems(Oid nspid, Oid *funcoids, List **problems)
{
	for (int f = 0; f < (int) lengthof(guard_functions); f++)
	{
		const char *name = guard_functions[f];
		char	   *symbol = psprintf("schemamig_%s", name);
		HeapTuple	tup;
		bool		as_installed = false;

		funcoids[f] = GetSysCacheOid3(PROCNAMEARGSNSP, Anum_pg_proc_oid,
									  CStringGetDatum(name),
									  PointerGetDatum(buildoidvector(NULL, 0)),
									  ObjectIdGetDatum(nspid));
		tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(funcoids[f]));
		if (HeapTupleIsValid(tup))
		{
			Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(tup);
			bool		isnull;
			Datum		src = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_prosrc, &isnull);

			/* SECURITY DEFINER, or a setting of its own, would change what it judges */
			as_installed = proc->prolang == ClanguageId && !isnull &&
				strcmp(TextDatumGetCString(src), symbol) == 0 && !proc->prosecdef &&
				heap_attisnull(tup, Anum_pg_proc_proconfig, NULL);
			ReleaseSysCache(tup);
		}
		if (!as_installed)
			add_problem(problems,
						psprintf("function schemamig.%s() is %s; ALTER EXTENSION schemamig UPDATE cannot restore it: "
								 "CREATE OR REPLACE FUNCTION schemamig.%s() RETURNS trigger LANGUAGE C AS '$libdir/schemamig', '%s'",
								 name, OidIsValid(funcoids[f]) ? "not the one schemamig installed" : "missing",
								 name, symbol));
	}
}

/*
 * The extension's other functions, as the scripts create them: none
 * SECURITY DEFINER, and none with a setting of its own (ALTER FUNCTION ...
 * SET), but the search_path the scripts pin on grant_reader() and
 * grant_deployer(). A setting of upgrade()'s would be
 * the one every revision ran with (search_path, schemamig.tenant, ...).
 * Its members are one scan of pg_depend's index, each function's row in
 * the syscache; the trigger functions are function_problems()'s.
 */
#define PINNED_PATH "search_path=pg_catalog, pg_temp"

static void
member_function_problems(Oid extoid, const Oid *funcoids, List **problems)
{
	Relation	depend = table_open(DependRelationId, AccessShareLock);
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple	dep;

	ScanKeyInit(&key[0], Anum_pg_depend_refclassid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ExtensionRelationId));
	ScanKeyInit(&key[1], Anum_pg_depend_refobjid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(extoid));
	scan = systable_beginscan(depend, DependReferenceIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(dep = systable_getnext(scan)))
	{
		Form_pg_depend d = (Form_pg_depend) GETSTRUCT(dep);
		HeapTuple	tup;
		Form_pg_proc proc;
		bool		isnull;
		Datum		config;
		const char *settings = NULL;
		bool		pinned;
		char	   *name;

		if (d->classid != ProcedureRelationId || d->deptype != DEPENDENCY_EXTENSION)
			continue;
		if (d->objid == funcoids[0] || d->objid == funcoids[1])
			continue;
		tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(d->objid));
		if (!HeapTupleIsValid(tup))
			continue;
		proc = (Form_pg_proc) GETSTRUCT(tup);
		pinned = strcmp(NameStr(proc->proname), "grant_reader") == 0 ||
			strcmp(NameStr(proc->proname), "grant_deployer") == 0;
		config = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_proconfig, &isnull);
		if (!isnull)
		{
			ArrayType  *a = DatumGetArrayTypeP(config);
			Datum	   *elems;
			int			n;

			deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, NULL, &n);
			if (!pinned || n != 1 ||
				strcmp(TextDatumGetCString(elems[0]), PINNED_PATH) != 0)
			{
				StringInfoData list;

				initStringInfo(&list);
				for (int i = 0; i < n; i++)
					appendStringInfo(&list, "%s%s", i > 0 ? ", " : "", TextDatumGetCString(elems[i]));
				settings = list.data;
			}
		}
		if (proc->prosecdef || settings != NULL)
		{
			name = format_procedure_qualified(d->objid);
			if (proc->prosecdef)
				add_problem(problems,
							psprintf("function %s is SECURITY DEFINER, so it runs as its owner, not as whoever calls it: "
									 "ALTER FUNCTION %s SECURITY INVOKER",
									 name, name));
			if (settings != NULL)
				add_problem(problems,
							psprintf("function %s has settings of its own (%s), which every call of it runs with: "
									 "ALTER FUNCTION %s RESET ALL%s",
									 name, settings, name,
									 pinned ? " SET search_path = pg_catalog, pg_temp" : ""));
		}
		ReleaseSysCache(tup);
	}
	systable_endscan(scan);
	table_close(depend, AccessShareLock);
}

/*
 * The triggers on one of the tables: each one the installed version
 * creates must be there as it created it, and fire as it must; any other
 * (but the server's own, for foreign keys) runs beside the guards on every
 * write, and a BEFORE trigger that fires after them can change what they
 * judged, so it is reported as well.
 */
static void
table_trigger_problems(Relation rel, const char *table, int version, const Oid *funcoids,
					   List **problems)
{
	bool		found[lengthof(guard_triggers)] = {0};
	TriggerDesc *trigdesc = rel->trigdesc;

	for (int i = 0; trigdesc != NULL && i < trigdesc->numtriggers; i++)
	{
		const Trigger *trig = &trigdesc->triggers[i];
		const GuardTrigger *g = guard_trigger(table, trig->tgname, version);
		const char *why;

		if (g == NULL)
		{
			if (!trig->tgisinternal)
				add_problem(problems,
							psprintf("trigger %s on schemamig.%s was not created by schemamig, and runs beside the guards on every write it fires for: "
									 "DROP TRIGGER %s ON schemamig.%s",
									 quote_identifier(trig->tgname), table,
									 quote_identifier(trig->tgname), table));
			continue;
		}
		found[g - guard_triggers] = true;
		why = trigger_differs(trig, g,
							  funcoids[strcmp(g->function, guard_functions[0]) == 0 ? 0 : 1]);
		if (why != NULL)
		{
			add_problem(problems,
						psprintf("trigger %s on schemamig.%s is not as schemamig created it (%s); "
								 "ALTER EXTENSION schemamig UPDATE cannot restore it: drop and re-create it as: "
								 "DROP TRIGGER %s ON schemamig.%s; %s",
								 g->name, table, why, g->name, table, trigger_create(g)));
			continue;
		}
		if (g->always ? trig->tgenabled == TRIGGER_FIRES_ALWAYS :
			(trig->tgenabled == TRIGGER_FIRES_ON_ORIGIN || trig->tgenabled == TRIGGER_FIRES_ALWAYS))
			continue;
		add_problem(problems,
					psprintf("trigger %s on schemamig.%s is %s, where it must fire %s: "
							 "ALTER TABLE schemamig.%s ENABLE %sTRIGGER %s",
							 g->name, table,
							 trig->tgenabled == TRIGGER_DISABLED ? "disabled" :
							 trig->tgenabled == TRIGGER_FIRES_ON_REPLICA ?
							 "enabled only in replica mode" :
							 "enabled only outside replica mode",
							 g->always ? "always" : "outside replica mode",
							 table, g->always ? "ALWAYS " : "", g->name));
	}
	for (int i = 0; i < (int) lengthof(guard_triggers); i++)
	{
		const GuardTrigger *g = &guard_triggers[i];

		if (found[i] || strcmp(g->table, table) != 0 || guard_trigger(table, g->name, version) != g)
			continue;
		add_problem(problems,
					psprintf("trigger %s on schemamig.%s is missing; "
							 "ALTER EXTENSION schemamig UPDATE cannot restore it: re-create it as: %s",
							 g->name, table, trigger_create(g)));
	}
}

/*
 * Rules on the table: a rule rewrites a write before any trigger sees it
 * (DO INSTEAD, or a write of another table), so none belongs there. Read
 * only when the relcache says there is one.
 */
static void
table_rule_problems(Relation rel, const char *table, List **problems)
{
	Relation	rewrite;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;

	if (rel->rd_rules == NULL)
		return;
	rewrite = table_open(RewriteRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_rewrite_ev_class, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(RelationGetRelid(rel)));
	scan = systable_beginscan(rewrite, RewriteRelRulenameIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		const char *name = quote_identifier(NameStr(((Form_pg_rewrite) GETSTRUCT(tup))->rulename));

		add_problem(problems,
					psprintf("rule %s on schemamig.%s rewrites writes before the guards see them: "
							 "DROP RULE %s ON schemamig.%s",
							 name, table, name, table));
	}
	systable_endscan(scan);
	table_close(rewrite, AccessShareLock);
}

/*
 * Table-wide INSERT, UPDATE, DELETE or TRUNCATE held by a role without the
 * owner's privileges: what a dump of 0.3.0 or earlier brings back (0.4.0
 * took them away; grant_deployer() gives an UPDATE of some columns of
 * schemamig.revision only, which is not reported). The owner guards refuse
 * such a role's writes, but where the guards do not fire (origin-only
 * after a restore, a subscription's rows) the grant is all that stands in
 * the way: a subscription the role owns could forge a pending revision.
 */
/* The items of an aclitem[] datum, copied: *n of them. */
static AclItem **
acl_items(Datum d, int *n)
{
	Datum	   *elems;
	AclItem   **items;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	/* aclitem's alignment differs between versions */
	get_typlenbyvalalign(ACLITEMOID, &typlen, &typbyval, &typalign);
	deconstruct_array(DatumGetAclPCopy(d), ACLITEMOID, typlen, typbyval, typalign,
					  &elems, NULL, n);
	items = palloc(sizeof(AclItem *) * Max(*n, 1));
	for (int i = 0; i < *n; i++)
		items[i] = (AclItem *) DatumGetPointer(elems[i]);
	return items;
}

/* A grantee's name as GRANT and REVOKE take it. */
static const char *
grantee_name(Oid grantee)
{
	return grantee == ACL_ID_PUBLIC ? "PUBLIC" : quote_identifier(GetUserNameFromId(grantee, false));
}

/* Does a grant to grantee count: not the owner, nor a role with its privileges? */
static bool
foreign_grantee(Oid grantee, Oid owner)
{
	return grantee != owner && (grantee == ACL_ID_PUBLIC || !has_privs_of_role(grantee, owner));
}

static void
table_grant_problems(Relation rel, const char *table, List **problems)
{
	static const AclMode modes[] = {ACL_INSERT, ACL_UPDATE, ACL_DELETE, ACL_TRUNCATE};
	static const char *const mode_names[] = {"INSERT", "UPDATE", "DELETE", "TRUNCATE"};
	Oid			owner = rel->rd_rel->relowner;
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(RelationGetRelid(rel)));
	bool		isnull;
	Datum		d;
	AclItem   **items;
	int			n;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", RelationGetRelid(rel));
	d = SysCacheGetAttr(RELOID, tup, Anum_pg_class_relacl, &isnull);
	if (isnull)
	{
		ReleaseSysCache(tup);
		return;
	}
	items = acl_items(d, &n);
	ReleaseSysCache(tup);
	for (int i = 0; i < n; i++)
	{
		Oid			grantee = items[i]->ai_grantee;
		AclMode		privs = 0;
		bool		seen = false;
		StringInfoData list;
		const char *role;

		/* one problem per grantee, whoever granted what it holds */
		for (int j = 0; j < i; j++)
			seen |= items[j]->ai_grantee == grantee;
		if (seen || !foreign_grantee(grantee, owner))
			continue;
		for (int j = i; j < n; j++)
		{
			if (items[j]->ai_grantee == grantee)
				privs |= ACLITEM_GET_PRIVS(*items[j]);
		}
		initStringInfo(&list);
		for (int m = 0; m < (int) lengthof(modes); m++)
		{
			if (privs & modes[m])
				appendStringInfo(&list, "%s%s", list.len > 0 ? ", " : "", mode_names[m]);
		}
		if (list.len == 0)
			continue;
		role = grantee_name(grantee);
		add_problem(problems,
					psprintf("table-wide grant of %s on schemamig.%s to %s lets it write the table where the guards do not fire: "
							 "REVOKE %s ON schemamig.%s FROM %s%s",
							 list.data, table, role, list.data, table, role,
							 (privs & ACL_UPDATE) && strcmp(table, "revision") == 0 && grantee != ACL_ID_PUBLIC ?
							 psprintf(", then SELECT schemamig.grant_deployer(%s) if it deploys (the REVOKE takes its column grants too)",
									  quote_literal_cstr(role)) : ""));
	}
}

/*
 * A column-level grant that writes a table: INSERT or UPDATE of some
 * columns, held by a role without the owner's privileges, for the same
 * reason as table_grant_problems(). grant_deployer()'s UPDATE of the
 * columns of schemamig.revision a deployer edits is not reported, unless
 * PUBLIC holds it, which grant_deployer() never grants.
 */
typedef struct ColumnGrants
{
	Oid			grantee;
	StringInfoData insert;		/* the columns, quoted, comma-separated */
	StringInfoData update;
	AttrNumber	insert_last;	/* the last column added to each: one */
	AttrNumber	update_last;	/* row per grantor names it once each */
} ColumnGrants;

static void
column_grant_problems(Relation rel, const char *table, List **problems)
{
	static const char *const deployer_columns[] = {"upgrade", "downgrade", "parents", "message", "transactional"};
	Oid			owner = rel->rd_rel->relowner;
	TupleDesc	desc = RelationGetDescr(rel);
	List	   *found = NIL;
	ListCell   *lc;

	for (int a = 0; a < desc->natts; a++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, a);
		const char *column = NameStr(att->attname);
		bool		deployer = false;
		HeapTuple	tup;
		bool		isnull;
		Datum		d;
		AclItem   **items;
		int			n;

		if (att->attisdropped)
			continue;
		for (int c = 0; c < (int) lengthof(deployer_columns); c++)
			deployer |= strcmp(table, "revision") == 0 && strcmp(column, deployer_columns[c]) == 0;
		tup = SearchSysCache2(ATTNUM, ObjectIdGetDatum(RelationGetRelid(rel)),
							  Int16GetDatum(att->attnum));
		if (!HeapTupleIsValid(tup))
			continue;
		d = SysCacheGetAttr(ATTNUM, tup, Anum_pg_attribute_attacl, &isnull);
		items = isnull ? NULL : acl_items(d, &n);
		ReleaseSysCache(tup);
		for (int i = 0; items && i < n; i++)
		{
			AclMode		privs = ACLITEM_GET_PRIVS(*items[i]);
			ColumnGrants *g = NULL;

			if (deployer && items[i]->ai_grantee != ACL_ID_PUBLIC)
				privs &= ~ACL_UPDATE;
			if (!(privs & (ACL_INSERT | ACL_UPDATE)) || !foreign_grantee(items[i]->ai_grantee, owner))
				continue;
			foreach(lc, found)
				if (((ColumnGrants *) lfirst(lc))->grantee == items[i]->ai_grantee)
					g = lfirst(lc);
			if (g == NULL)
			{
				g = palloc0(sizeof(ColumnGrants));
				g->grantee = items[i]->ai_grantee;
				initStringInfo(&g->insert);
				initStringInfo(&g->update);
				found = lappend(found, g);
			}
			if ((privs & ACL_INSERT) && g->insert_last != att->attnum)
				appendStringInfo(&g->insert, "%s%s", g->insert.len ? ", " : "", quote_identifier(column));
			if ((privs & ACL_UPDATE) && g->update_last != att->attnum)
				appendStringInfo(&g->update, "%s%s", g->update.len ? ", " : "", quote_identifier(column));
			if (privs & ACL_INSERT)
				g->insert_last = att->attnum;
			if (privs & ACL_UPDATE)
				g->update_last = att->attnum;
		}
	}
	foreach(lc, found)
	{
		ColumnGrants *g = lfirst(lc);
		StringInfoData what;

		initStringInfo(&what);
		if (g->insert.len)
			appendStringInfo(&what, "INSERT (%s)", g->insert.data);
		if (g->update.len)
			appendStringInfo(&what, "%sUPDATE (%s)", what.len ? ", " : "", g->update.data);
		add_problem(problems,
					psprintf("column grant of %s on schemamig.%s to %s lets it write the table where the guards do not fire: "
							 "REVOKE %s ON schemamig.%s FROM %s",
							 what.data, table, grantee_name(g->grantee), what.data, table,
							 grantee_name(g->grantee)));
	}
}

/*
 * A table that inherits from one of schemamig's: a query of the parent
 * reads the child's rows too, and no guard of the parent judged them (only
 * the owner of the parent can attach a child).
 */
static void
table_child_problems(Relation rel, const char *table, List **problems)
{
	ListCell   *lc;

	foreach(lc, find_inheritance_children(RelationGetRelid(rel), NoLock))
	{
		Oid			child = lfirst_oid(lc);
		char	   *relname = get_rel_name(child);
		char	   *nspname = get_namespace_name(get_rel_namespace(child));
		char	   *name;

		/* not locked: it may be gone by now */
		if (relname == NULL || nspname == NULL)
			continue;
		name = quote_qualified_identifier(nspname, relname);
		add_problem(problems,
					psprintf("table %s inherits from schemamig.%s, whose reads then see its rows, which no guard judged: "
							 "ALTER TABLE %s NO INHERIT schemamig.%s",
							 name, table, name, table));
	}
}

/*
 * Row-level security on a table: its policies, not the guards, would then
 * say which rows schemamig's own queries see (FORCE) and write.
 */
static void
table_rls_problems(Relation rel, const char *table, List **problems)
{
	if (rel->rd_rel->relrowsecurity || rel->rd_rel->relforcerowsecurity)
		add_problem(problems,
					psprintf("row-level security is enabled on schemamig.%s, whose rows only the guards may judge: "
							 "ALTER TABLE schemamig.%s NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY",
							 table, table));
}

/*
 * An unlogged table or sequence of schemamig's: a crash empties it (the
 * applied set and the log gone, the numbers of their rows starting again)
 * and a standby never has its rows.
 */
static void
persistence_problem(Oid relid, const char *name, bool sequence, List **problems)
{
	if (OidIsValid(relid) && get_rel_persistence(relid) != RELPERSISTENCE_PERMANENT)
		add_problem(problems,
					psprintf("%s schemamig.%s is unlogged: a crash empties it, and a standby does not have its rows: "
							 "ALTER %s schemamig.%s SET LOGGED",
							 sequence ? "sequence" : "table", name, sequence ? "SEQUENCE" : "TABLE", name));
}

/*
 * Members of pg_write_all_data write every table, schemamig's included,
 * as a table-wide grant would (see table_grant_problems()).
 */
static void
write_all_data_problems(Oid owner, List **problems)
{
	Relation	members = table_open(AuthMemRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			last = InvalidOid;

	ScanKeyInit(&key, Anum_pg_auth_members_roleid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ROLE_PG_WRITE_ALL_DATA));
	scan = systable_beginscan(members, AuthMemRoleMemIndexId, true, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Oid			member = ((Form_pg_auth_members) GETSTRUCT(tup))->member;
		const char *role;

		/* since 16 a member has one row per grantor, next to each other */
		if (member == last || has_privs_of_role(member, owner))
			continue;
		last = member;
		role = quote_identifier(GetUserNameFromId(member, false));
		add_problem(problems,
					psprintf("role %s is a member of pg_write_all_data, which lets it write schemamig's tables where the guards do not fire: "
							 "REVOKE pg_write_all_data FROM %s",
							 role, role));
	}
	systable_endscan(scan);
	table_close(members, AccessShareLock);
}

/*
 * The problems that make the guards ineffective, as MigProblems with no
 * revision: the triggers (see guard_triggers), their functions, rules and
 * other triggers on the tables, tables inheriting from them, table-wide or
 * column write grants, unlogged tables or sequences, and the extension's
 * functions made SECURITY DEFINER or given settings.
 *
 * The triggers that must fire always, in replica mode and for the rows a
 * subscription applies too: the generation triggers (0.2.0), the call
 * guards (0.4.0) and the owner guards (0.7.0). A restore with pg_restore
 * --disable-triggers ends with ENABLE TRIGGER ALL, which leaves them firing
 * on origin only, and the owner may disable them, or the guards that fire
 * on origin (a restore that stops half-way leaves them disabled). Only the
 * owner of the tables can change any of this (or a superuser); nothing
 * here is a non-owner's doing, but it is what an owner's mistake, a
 * restore, or an old dump leaves behind, and ALTER EXTENSION UPDATE does
 * not repair it: each problem says what does.
 */
List *
guards_problems(void)
{
	static const char *const sequences[] = {"revision_seq", "applied_seq", "log_seq"};
	Oid			nspid = get_namespace_oid("schemamig", false);
	Oid			extoid;
	int			version = version_number(&extoid);
	Oid			funcoids[lengthof(guard_functions)];
	List	   *problems = NIL;
	Oid			owner = InvalidOid;

	if (version < 200)
		return NIL;
	function_problems(nspid, funcoids, &problems);
	member_function_problems(extoid, funcoids, &problems);
	for (int t = 0; t < (int) lengthof(schemamig_tables); t++)
	{
		Oid			relid = get_relname_relid(schemamig_tables[t], nspid);
		Relation	rel;

		if (!OidIsValid(relid))
			continue;
		persistence_problem(relid, schemamig_tables[t], false, &problems);
		rel = table_open(relid, AccessShareLock);
		table_trigger_problems(rel, schemamig_tables[t], version, funcoids, &problems);
		table_rule_problems(rel, schemamig_tables[t], &problems);
		table_rls_problems(rel, schemamig_tables[t], &problems);
		table_child_problems(rel, schemamig_tables[t], &problems);
		if (version >= 400)
		{
			table_grant_problems(rel, schemamig_tables[t], &problems);
			column_grant_problems(rel, schemamig_tables[t], &problems);
		}
		owner = rel->rd_rel->relowner;
		table_close(rel, AccessShareLock);
	}
	for (int q = 0; q < (int) lengthof(sequences); q++)
		persistence_problem(get_relname_relid(sequences[q], nspid), sequences[q], true, &problems);
	if (version >= 400 && OidIsValid(owner))
		write_all_data_problems(owner, &problems);
	return problems;
}
