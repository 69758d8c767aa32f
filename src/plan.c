/*-------------------------------------------------------------------------
 *
 * src/plan.c
 *	  Turning a target into the list of revisions to apply or revert.
 *
 * Plans are computed entirely in memory from the graph and checked in full
 * before the first revision runs, so a call that is refused changes nothing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "schemamig.h"

/* Ids that name targets and therefore cannot name revisions. */
static const char *const reserved_ids[] = {"head", "heads", "base"};

/* Is this a well-formed revision id: 1-128 of [A-Za-z0-9_.-]? */
bool
plan_id_is_valid(const char *id)
{
	size_t		len = strlen(id);

	if (len == 0 || len > SCHEMAMIG_ID_MAXLEN)
		return false;
	for (const char *c = id; *c; c++)
	{
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
			  (*c >= '0' && *c <= '9') || *c == '_' || *c == '.' || *c == '-'))
			return false;
	}
	return true;
}

/* Raise 22023 unless id is well formed; "what" names the argument. */
void
plan_check_id(const char *id, const char *what)
{
	if (!plan_id_is_valid(id))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s \"%s\"", what, id),
				 errdetail("A revision id is 1 to %d characters of A-Z, a-z, 0-9, \"_\", \".\" and \"-\".",
						   SCHEMAMIG_ID_MAXLEN)));
	for (int i = 0; i < (int) lengthof(reserved_ids); i++)
	{
		if (strcmp(id, reserved_ids[i]) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s \"%s\"", what, id),
					 errdetail("\"head\", \"heads\" and \"base\" name targets, not revisions.")));
	}
}

/*
 * Parse a target. upgrade(), pending() and migrate take 'head', 'heads',
 * 'base', '+N' or an id (TARGETS_UPGRADE); stamp() the same but '+N'
 * (TARGETS_STAMP); downgrade_to() 'base' or an id (TARGETS_DOWNGRADE).
 * "what" names the kind of target in messages. Whether an id is registered
 * is checked against the graph later (42704).
 */
MigTarget
plan_parse_target(const char *target, MigTargetSet allowed, const char *what)
{
	MigTarget	result = {0};
	bool		named = allowed != TARGETS_DOWNGRADE;

	if (strcmp(target, "base") == 0)
		result.kind = TARGET_BASE;
	else if (named && strcmp(target, "head") == 0)
		result.kind = TARGET_HEAD;
	else if (named && strcmp(target, "heads") == 0)
		result.kind = TARGET_HEADS;
	else if (allowed == TARGETS_UPGRADE && target[0] == '+')
	{
		const char *c = target + 1;
		int64		n = 0;

		if (*c == '\0')
			goto malformed;
		for (; *c; c++)
		{
			if (*c < '0' || *c > '9' || n > (PG_INT32_MAX - (*c - '0')) / 10)
				goto malformed;
			n = n * 10 + (*c - '0');
		}
		result.kind = TARGET_RELATIVE;
		result.count = n;
	}
	else if (plan_id_is_valid(target) && strcmp(target, "head") != 0 &&
			 strcmp(target, "heads") != 0)
	{
		result.kind = TARGET_REVISION;
		result.id = target;
	}
	else
		goto malformed;
	return result;

malformed:
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s target \"%s\"", what, target),
			 allowed == TARGETS_UPGRADE ?
			 errhint("The %s target is \"head\", \"heads\", \"base\", \"+N\" or a revision id.", what) :
			 allowed == TARGETS_STAMP ?
			 errhint("The %s target is \"head\", \"heads\", \"base\" or a revision id.", what) :
			 errhint("The %s target is \"base\" or a revision id.", what)));
	pg_unreachable();
}

/*
 * The single head, or -1 when no revision is registered. Several heads are
 * an error (55000): the caller must say which branch it means, or merge.
 */
int
plan_single_head(const MigGraph *graph, const char *purpose, const char *hint)
{
	List	   *heads = graph_heads(graph);
	int			head;

	if (list_length(heads) > 1)
	{
		StringInfoData names;
		ListCell   *lc;

		initStringInfo(&names);
		foreach(lc, heads)
			appendStringInfo(&names, "%s%s", names.len > 0 ? ", " : "",
							 graph->revs[lfirst_int(lc)].id);
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s needs a single head, but there are %d",
						purpose, list_length(heads)),
				 errdetail("The heads are: %s.", names.data),
				 errhint("%s", hint)));
	}
	head = heads == NIL ? -1 : linitial_int(heads);
	list_free(heads);
	return head;
}

/* Index of a registered revision, or 42704. */
int
plan_find_target(const MigGraph *graph, const char *id)
{
	int			i = graph_find(graph, id);

	if (i < 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("revision \"%s\" does not exist", id)));
	return i;
}

/*
 * The revisions upgrade(target) applies, in apply order: the pending ones
 * among the target and its ancestors; for 'heads' every pending revision;
 * for '+N' the first N of those.
 */
List *
plan_upgrade(const MigGraph *graph, const MigTarget *target)
{
	List	   *plan = NIL;
	bool	   *wanted = NULL;
	int64		limit = PG_INT64_MAX;

	switch (target->kind)
	{
		case TARGET_BASE:
			return NIL;
		case TARGET_HEAD:
			{
				int			head = plan_single_head(graph, "upgrade to \"head\"",
												   "Name a revision, use \"heads\", or register a merge revision whose parents are all heads.");

				if (head < 0)
					return NIL;
				wanted = graph_ancestors(graph, list_make1_int(head));
				break;
			}
		case TARGET_REVISION:
			wanted = graph_ancestors(graph,
									 list_make1_int(plan_find_target(graph, target->id)));
			break;
		case TARGET_RELATIVE:
			limit = target->count;
			break;
		case TARGET_HEADS:
			break;
	}

	for (int k = 0; k < graph->nrevs && list_length(plan) < limit; k++)
	{
		int			i = graph->order[k];

		if (!graph->revs[i].applied && (wanted == NULL || wanted[i]))
			plan = lappend_int(plan, i);
	}
	if (wanted)
		pfree(wanted);
	return plan;
}

/* The n most recently applied revisions, newest first. */
List *
plan_downgrade_n(const MigGraph *graph, int n)
{
	List	   *plan = NIL;

	if (n > graph->napplied)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg_plural("cannot revert %d revision: only %d %s applied",
							   "cannot revert %d revisions: only %d %s applied",
							   n, n, graph->napplied, graph->napplied == 1 ? "is" : "are"),
				 errhint("Use schemamig.downgrade_to('base') to revert everything.")));
	for (int k = graph->napplied - 1; k >= graph->napplied - n; k--)
		plan = lappend_int(plan, graph->applied_order[k]);
	return plan;
}

/*
 * Every applied revision that is neither the target nor one of its
 * ancestors, newest first; for 'base' every applied revision.
 */
List *
plan_downgrade_to(const MigGraph *graph, const MigTarget *target)
{
	List	   *plan = NIL;
	bool	   *keep = NULL;

	if (target->kind == TARGET_REVISION)
		keep = graph_ancestors(graph,
							   list_make1_int(plan_find_target(graph, target->id)));
	for (int k = graph->napplied - 1; k >= 0; k--)
	{
		int			i = graph->applied_order[k];

		if (keep == NULL || !keep[i])
			plan = lappend_int(plan, i);
	}
	if (keep)
		pfree(keep);
	return plan;
}

/*
 * Non-transactional revisions (CREATE INDEX CONCURRENTLY and the like) cannot
 * run inside the caller's transaction: refuse the whole call before anything
 * runs, and say how to apply them instead.
 */
void
plan_require_transactional(const MigGraph *graph, List *plan, bool upgrade)
{
	ListCell   *lc;

	foreach(lc, plan)
	{
		const MigRevision *rev = &graph->revs[lfirst_int(lc)];

		if (!rev->transactional)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("revision \"%s\" is not transactional and cannot be %s inside a transaction",
							rev->id, upgrade ? "applied" : "reverted"),
					 errdetail("Nothing was %s.", upgrade ? "applied" : "reverted"),
					 upgrade ?
					 errhint("Apply it with the schemamig command-line client (\"schemamig upgrade\"), which runs non-transactional revisions outside a transaction block.") :
					 errhint("Revert it with the schemamig command-line client (\"schemamig downgrade\"), which runs non-transactional revisions outside a transaction block.")));
	}
}
