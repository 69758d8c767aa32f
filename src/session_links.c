/*-------------------------------------------------------------------------
 *
 * src/session_links.c
 *	  Keep SQL that runs as another role away from the connections the
 *	  session holds.
 *
 * dblink keeps its connections (the unnamed one and named ones) for the
 * session, whoever opened them, and runs on them whatever it is handed. A
 * revision that runs as its author, in the caller's session, could so run
 * SQL on another server, or on this one, as the role that opened a
 * connection (the caller, a superuser), or leave a connection of its own
 * behind under a name the caller's code uses later. So while such SQL runs,
 * every function of the dblink library is refused, through the function
 * manager's hooks (sepgsql checks calls the same way): a dblink function
 * is called through the hook, which then tests one flag. postgres_fdw
 * needs no such rule: it connects as the current role's user mapping.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/regproc.h"
#include "utils/syscache.h"

#include "schemamig.h"

static needs_fmgr_hook_type prev_needs_fmgr_hook = NULL;
static fmgr_hook_type prev_fmgr_hook = NULL;

/* True while SQL runs as another role than the session's (run_statements()). */
static bool refusing = false;

/* Whether function fn_oid is one of the dblink library's ($libdir/dblink). */
static bool
is_dblink(Oid fn_oid)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn_oid));
	bool		result = false;

	if (!HeapTupleIsValid(tup))
		return false;
	if (((Form_pg_proc) GETSTRUCT(tup))->prolang == ClanguageId)
	{
		bool		isnull;
		Datum		probin = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_probin, &isnull);

		/* the file name after the last '/', read in place: no copy per lookup */
		if (!isnull)
		{
			text	   *path = DatumGetTextPP(probin);
			const char *start = VARDATA_ANY(path);
			const char *end = start + VARSIZE_ANY_EXHDR(path);
			const char *base = end;

			while (base > start && base[-1] != '/')
				base--;
			result = end - base >= 6 && strncmp(base, "dblink", 6) == 0 &&
				(end - base == 6 || base[6] == '.');
		}
	}
	ReleaseSysCache(tup);
	return result;
}

/*
 * Every call of a dblink function goes through the hook, not only those
 * looked up while refusing: PL/pgSQL keeps a function's lookup for the
 * transaction, so the caller's own function that calls dblink, run once
 * before a revision, would otherwise be called from it unchecked. The
 * server's own (built-in) functions never come here.
 */
static bool
links_needs_fmgr_hook(Oid fn_oid)
{
	if (prev_needs_fmgr_hook && prev_needs_fmgr_hook(fn_oid))
		return true;
	return is_dblink(fn_oid);
}

static void
links_fmgr_hook(FmgrHookEventType event, FmgrInfo *flinfo, Datum *private)
{
	if (event == FHET_START && refusing && is_dblink(flinfo->fn_oid))
	{
		const char *role = GetUserNameFromId(GetUserId(), false);

		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("%s cannot be called by a revision that runs as its author \"%s\"",
						format_procedure(flinfo->fn_oid), role),
				 errdetail("dblink's connections belong to the session, whoever opened them: the revision could run SQL on one with the privileges of the role that opened it, or leave one behind for the caller's code."),
				 errhint("Apply the revision in a session that \"%s\" logged in: it then runs as the caller, with dblink.",
						 role)));
	}
	if (prev_fmgr_hook)
		prev_fmgr_hook(event, flinfo, private);
}

/* Install the hooks, once per backend (_PG_init()). */
void
session_links_init(void)
{
	prev_needs_fmgr_hook = needs_fmgr_hook;
	needs_fmgr_hook = links_needs_fmgr_hook;
	prev_fmgr_hook = fmgr_hook;
	fmgr_hook = links_fmgr_hook;
}

/*
 * Run fn(arg), refusing dblink's functions if refuse (the SQL it runs is
 * another role's, or runs as one), and as before however it ends.
 */
void
session_links_run(bool refuse, void (*fn) (void *), void *arg)
{
	bool		was = refusing;

	refusing = was || refuse;
	/* (not PG_FINALLY, whose flag gcc 16 -Og takes for clobbered) */
	PG_TRY();
	{
		fn(arg);
	}
	PG_CATCH();
	{
		refusing = was;
		PG_RE_THROW();
	}
	PG_END_TRY();
	refusing = was;
}
