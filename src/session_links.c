/*-------------------------------------------------------------------------
 *
 * src/session_links.c
 *	  Keep SQL that runs as another role away from the connections the
 *	  session holds, and from the functions the session compiles once.
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
 * A procedural language (PL/pgSQL) compiles a function once per session,
 * with the search_path in effect then, and keeps what it resolved: the
 * types of its variables, the tables of its %ROWTYPEs. A revision that ran
 * another role's function on a path of its own (SET search_path, a SET
 * clause of its own function, the tenant's schema, its own "$user") would
 * leave it compiled so for the rest of the session: a variable declared
 * "text" could be the author's domain "text" in a schema of its own, whose
 * check then runs at the caller's next call with the caller's privileges. So while a
 * revision runs as its author, a call of a procedural function that
 * another role owns and that has no search_path of its own is refused
 * unless the path is the one the session has outside the revision.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "catalog/pg_language.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/regproc.h"
#include "utils/syscache.h"

#include "schemamig.h"

static needs_fmgr_hook_type prev_needs_fmgr_hook = NULL;
static fmgr_hook_type prev_fmgr_hook = NULL;

/* True while SQL runs as another role than the session's (run_statements()). */
static bool refusing = false;

/*
 * While a revision runs as its author: the author, and the search paths
 * (OID lists, implicit schemas included) of the roles whose later calls
 * would use what a function compiled meanwhile resolved; NIL otherwise.
 */
static Oid	running_as = InvalidOid;
static List *session_paths = NIL;

/* What a function is, to the hooks. */
typedef enum LinkKind
{
	LINK_OTHER,					/* the server's, C, SQL */
	LINK_DBLINK,				/* of $libdir/dblink */
	LINK_PROCEDURAL				/* of a procedural language: compiled once */
} LinkKind;

/* Whether a C function (its pg_proc row) is one of the dblink library's ($libdir/dblink). */
static bool
is_dblink(HeapTuple tup)
{
	bool		isnull;
	Datum		probin = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_probin, &isnull);
	bool		result = false;

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
	return result;
}

/* Does a function's proconfig (SET clauses) set search_path? */
static bool
sets_search_path(HeapTuple tup)
{
	bool		isnull;
	Datum		config = SysCacheGetAttr(PROCOID, tup, Anum_pg_proc_proconfig, &isnull);
	Datum	   *items;
	int			n;
	bool		found = false;

	if (isnull)
		return false;
	deconstruct_array(DatumGetArrayTypeP(config), TEXTOID, -1, false, TYPALIGN_INT,
					  &items, NULL, &n);
	for (int i = 0; i < n && !found; i++)
	{
		char	   *item = TextDatumGetCString(items[i]);

		found = pg_strncasecmp(item, "search_path=", 12) == 0;
		pfree(item);
	}
	pfree(items);
	return found;
}

/*
 * What function fn_oid is: dblink's, a procedural language's, or other;
 * for a procedural one that a revision running as its author must call on
 * the session's path (another role's, with no search_path of its own), its
 * owner in *foreign_owner (else InvalidOid). One catalog lookup per call.
 */
static LinkKind
link_kind(Oid fn_oid, Oid *foreign_owner)
{
	HeapTuple	tup = SearchSysCache1(PROCOID, ObjectIdGetDatum(fn_oid));
	LinkKind	kind = LINK_OTHER;
	Oid			lang;

	*foreign_owner = InvalidOid;
	if (!HeapTupleIsValid(tup))
		return LINK_OTHER;
	lang = ((Form_pg_proc) GETSTRUCT(tup))->prolang;
	if (lang == ClanguageId)
		kind = is_dblink(tup) ? LINK_DBLINK : LINK_OTHER;
	else if (lang != INTERNALlanguageId && lang != SQLlanguageId)
	{
		Oid			owner = ((Form_pg_proc) GETSTRUCT(tup))->proowner;

		kind = LINK_PROCEDURAL;
		if (OidIsValid(running_as) && !has_privs_of_role(running_as, owner) &&
			!sets_search_path(tup))
			*foreign_owner = owner;
	}
	ReleaseSysCache(tup);
	return kind;
}

/*
 * Refuse a call, from a revision that runs as its author, of role owner's
 * procedural function that link_kind() found foreign: the author could not
 * have written it, and it would be compiled on a search_path other than the
 * session's own, see the head of this file. Called with the function's SET
 * clauses applied (fmgr_security_definer), as it then compiles.
 */
static void
require_session_path(Oid fn_oid, Oid owner)
{
	List	   *path = fetch_search_path(true);
	bool		same = true;
	ListCell   *lc;

	foreach(lc, session_paths)
		same = same && equal(path, lfirst(lc));
	list_free(path);
	if (!same)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("%s cannot be called by a revision that runs as its author \"%s\" on a search_path other than the session's",
						format_procedure_qualified(fn_oid), GetUserNameFromId(running_as, false)),
				 errdetail("Its language compiles it once per session on the search_path in effect then (the search_path is now %s), and the names it resolved then would stay resolved so, for the session's later calls, with their privileges; it is role \"%s\"'s, and sets no search_path of its own.",
						   namespace_search_path, GetUserNameFromId(owner, false)),
				 errhint("Give the function a search_path (ALTER FUNCTION %s SET search_path = ...), leave the session's search_path as it is in the revision, or apply the revision in a session that \"%s\" logged in.",
						 format_procedure_qualified(fn_oid), GetUserNameFromId(running_as, false))));
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
	LinkKind	kind;
	Oid			owner;

	if (prev_needs_fmgr_hook && prev_needs_fmgr_hook(fn_oid))
		return true;
	kind = link_kind(fn_oid, &owner);
	/* procedural ones only while a revision runs as its author */
	return kind == LINK_DBLINK || (kind == LINK_PROCEDURAL && session_paths != NIL);
}

static void
links_fmgr_hook(FmgrHookEventType event, FmgrInfo *flinfo, Datum *private)
{
	Oid			owner = InvalidOid;
	LinkKind	kind = event == FHET_START && refusing ?
		link_kind(flinfo->fn_oid, &owner) : LINK_OTHER;

	if (OidIsValid(owner))
		require_session_path(flinfo->fn_oid, owner);
	if (kind == LINK_DBLINK)
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
 * The search paths (OID lists, "$user" read as each role) of the caller,
 * and of the role that logged in if another: the paths of the session's
 * later calls, before a revision changes anything. In the current memory
 * context.
 */
List *
session_links_paths(void)
{
	Oid			save_userid;
	int			save_sec_context;
	List	   *paths;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	paths = list_make1(fetch_search_path(true));
	if (save_userid != GetAuthenticatedUserId())
	{
		SetUserIdAndSecContext(GetAuthenticatedUserId(),
							   save_sec_context | SECURITY_LOCAL_USERID_CHANGE);
		paths = lappend(paths, fetch_search_path(true));
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
	return paths;
}

/*
 * Run fn(arg), refusing dblink's functions if refuse (the SQL it runs is
 * another role's, or runs as one), and as before however it ends. With
 * paths (session_links_paths(), taken before the revision changed the path
 * or the role), fn runs as role, its author: procedural functions are then
 * checked too (require_session_path()).
 */
void
session_links_run_as(bool refuse, Oid role, List *paths,
					 void (*fn) (void *), void *arg)
{
	bool		was = refusing;
	Oid			was_as = running_as;
	List	   *was_paths = session_paths;

	refusing = was || refuse;
	if (refuse && paths != NIL)
	{
		running_as = role;
		session_paths = paths;
	}
	/* (not PG_FINALLY, whose flag gcc 16 -Og takes for clobbered) */
	PG_TRY();
	{
		fn(arg);
	}
	PG_CATCH();
	{
		refusing = was;
		running_as = was_as;
		session_paths = was_paths;
		PG_RE_THROW();
	}
	PG_END_TRY();
	refusing = was;
	running_as = was_as;
	session_paths = was_paths;
}

/* The same, for SQL that runs as the caller's role: dblink only. */
void
session_links_run(bool refuse, void (*fn) (void *), void *arg)
{
	session_links_run_as(refuse, InvalidOid, NIL, fn, arg);
}
