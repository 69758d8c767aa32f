/*-------------------------------------------------------------------------
 *
 * src/graph.c
 *	  The in-memory revision graph: lookup by id, apply order, heads,
 *	  current revisions and ancestor sets.
 *
 * Everything here works on arrays built once per load, so planning a call
 * costs O(n log n) in memory and no queries.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include "schemamig.h"

static const MigGraph *sort_graph;

/* qsort comparator: revision indexes by id, byte order */
static int
cmp_index_by_id(const void *a, const void *b)
{
	return strcmp(sort_graph->revs[*(const int *) a].id,
				  sort_graph->revs[*(const int *) b].id);
}

/* Sort a list of revision indexes by id, for current() and heads(). */
static List *
sort_by_id(const MigGraph *graph, List *indexes)
{
	sort_graph = graph;
	list_sort(indexes, (list_sort_comparator) cmp_index_by_id);
	return indexes;
}

/* Binary min-heap of node numbers, used by the topological sort. */
typedef struct IntHeap
{
	int		   *items;
	int			n;
} IntHeap;

static void
heap_push(IntHeap *h, int v)
{
	int			i = h->n++;

	while (i > 0)
	{
		int			parent = (i - 1) / 2;

		if (h->items[parent] <= v)
			break;
		h->items[i] = h->items[parent];
		i = parent;
	}
	h->items[i] = v;
}

static int
heap_pop(IntHeap *h)
{
	int			top = h->items[0];
	int			last = h->items[--h->n];
	int			i = 0;

	for (;;)
	{
		int			child = 2 * i + 1;

		if (child >= h->n)
			break;
		if (child + 1 < h->n && h->items[child + 1] < h->items[child])
			child++;
		if (last <= h->items[child])
			break;
		h->items[i] = h->items[child];
		i = child;
	}
	if (h->n > 0)
		h->items[i] = last;
	return top;
}

/*
 * Kahn's algorithm over nodes 0..n-1, always taking the ready node with the
 * lowest number, so the order given by the numbering is kept wherever the
 * edges allow it. npreds[i] and preds[i] list the nodes that must come
 * before node i (entries outside 0..n-1 are ignored). Writes the order to
 * out and returns how many nodes it ordered: fewer than n when some sit on a
 * cycle. Shared by the revision graph and autogenerate's statement order.
 */
int
schemamig_topo_sort(int n, const int *npreds, int *const *preds, int *out)
{
	int		   *waiting = palloc0(sizeof(int) * (n + 1));
	int		   *nchild = palloc0(sizeof(int) * (n + 1));
	int		  **children = palloc0(sizeof(int *) * (n + 1));
	IntHeap		heap;
	int			done = 0;

	/* count, then list, each node's successors */
	for (int pass = 0; pass < 2; pass++)
	{
		for (int r = 0; r < n; r++)
		{
			for (int p = 0; p < npreds[r]; p++)
			{
				int			parent = preds[r][p];

				if (parent < 0 || parent >= n)
					continue;
				if (pass == 0)
				{
					waiting[r]++;
					nchild[parent]++;
				}
				else
					children[parent][nchild[parent]++] = r;
			}
		}
		if (pass == 0)
		{
			for (int r = 0; r < n; r++)
			{
				if (nchild[r] > 0)
					children[r] = palloc(sizeof(int) * nchild[r]);
				nchild[r] = 0;
			}
		}
	}

	heap.items = palloc(sizeof(int) * (n + 1));
	heap.n = 0;
	for (int r = 0; r < n; r++)
	{
		if (waiting[r] == 0)
			heap_push(&heap, r);
	}
	while (heap.n > 0)
	{
		int			r = heap_pop(&heap);

		out[done++] = r;
		for (int c = 0; c < nchild[r]; c++)
		{
			if (--waiting[children[r][c]] == 0)
				heap_push(&heap, children[r][c]);
		}
	}

	for (int r = 0; r < n; r++)
	{
		if (children[r])
			pfree(children[r]);
	}
	pfree(children);
	pfree(nchild);
	pfree(waiting);
	pfree(heap.items);
	return done;
}

/*
 * The topological sort over the revisions in byrank (all of them, or the
 * applied ones), always taking the ready revision that comes first in
 * byrank; only parents within the set count. Writes revision indexes to out
 * and returns how many it ordered: fewer than n when some sit on a cycle.
 */
static int
topo_sort(const MigGraph *graph, const int *byrank, int n, int *out)
{
	int		   *rank = palloc(sizeof(int) * (graph->nrevs + 1));
	int		   *npreds = palloc(sizeof(int) * (n + 1));
	int		  **preds = palloc(sizeof(int *) * (n + 1));
	int			done;

	for (int i = 0; i < graph->nrevs; i++)
		rank[i] = -1;
	for (int r = 0; r < n; r++)
		rank[byrank[r]] = r;
	for (int r = 0; r < n; r++)
	{
		const MigRevision *rev = &graph->revs[byrank[r]];

		npreds[r] = rev->nparents;
		preds[r] = palloc(sizeof(int) * (rev->nparents + 1));
		for (int p = 0; p < rev->nparents; p++)
			preds[r][p] = rev->parents[p] >= 0 ? rank[rev->parents[p]] : -1;
	}

	done = schemamig_topo_sort(n, npreds, preds, out);
	/* out holds ranks: turn them into revision indexes */
	for (int k = 0; k < done; k++)
		out[k] = byrank[out[k]];

	for (int r = 0; r < n; r++)
		pfree(preds[r]);
	pfree(preds);
	pfree(npreds);
	pfree(rank);
	return done;
}

/*
 * Apply order: parents before children, ties by registration order. Since
 * parents must exist when a child is registered, this is normally just the
 * registration order, but tables edited by hand may say otherwise; what
 * sits on a cycle then goes last.
 */
static void
compute_order(MigGraph *graph)
{
	int			n = graph->nrevs;
	int		   *all = palloc(sizeof(int) * (n + 1));
	int			done;

	for (int i = 0; i < n; i++)
		all[i] = i;
	done = topo_sort(graph, all, n, graph->order);
	if (done < n)
	{
		bool	   *placed = palloc0(sizeof(bool) * (n + 1));

		graph->cyclic = true;
		graph->ncyclic = n - done;
		for (int k = 0; k < done; k++)
			placed[graph->order[k]] = true;
		for (int i = 0; i < n; i++)
		{
			if (!placed[i])
				graph->order[done++] = i;
		}
		pfree(placed);
	}
	pfree(all);
}

/*
 * Build a graph from revisions loaded in registration order: resolve parent
 * ids, count children, compute the apply order. Applied state is filled in
 * by the caller, then graph_mark_applied().
 */
MigGraph *
graph_build(MigRevision *revs, int nrevs)
{
	MigGraph   *graph = palloc0(sizeof(MigGraph));

	graph->applied_cxt = AllocSetContextCreate(CurrentMemoryContext,
											   "schemamig applied set",
											   ALLOCSET_SMALL_SIZES);
	graph->revs = revs;
	graph->nrevs = nrevs;
	graph->capacity = nrevs > 0 ? nrevs : 1;
	graph->byid = palloc(sizeof(int) * (nrevs > 0 ? nrevs : 1));
	graph->order = palloc(sizeof(int) * (nrevs > 0 ? nrevs : 1));
	for (int i = 0; i < nrevs; i++)
		graph->byid[i] = i;
	sort_graph = graph;
	qsort(graph->byid, nrevs, sizeof(int), cmp_index_by_id);

	for (int i = 0; i < nrevs; i++)
	{
		MigRevision *rev = &revs[i];

		rev->parents = palloc(sizeof(int) * (rev->nparents > 0 ? rev->nparents : 1));
		for (int p = 0; p < rev->nparents; p++)
		{
			int			parent = graph_find(graph, rev->parent_ids[p]);

			rev->parents[p] = parent;
			if (parent >= 0)
				revs[parent].nchildren++;
			else
				graph->nmissing++;
		}
	}
	compute_order(graph);
	return graph;
}

/* qsort comparator: applied revisions by application order */
static int
cmp_index_by_applied_seq(const void *a, const void *b)
{
	int64		sa = sort_graph->revs[*(const int *) a].applied_seq;
	int64		sb = sort_graph->revs[*(const int *) b].applied_seq;

	return (sa > sb) - (sa < sb);
}

/*
 * Once the applied flags are set, list applied revisions in the order they
 * were applied. That order always has parents first when the revisions went
 * through upgrade(); a stamp() that fills in missing ancestors may add them
 * later than their children, so parents are put first regardless, keeping
 * downgrades from reverting a parent before its child.
 */
void
graph_mark_applied(MigGraph *graph)
{
	int		   *byseq = palloc(sizeof(int) * graph->capacity);
	int			n = 0;
	int			done;
	MemoryContext old;

	for (int i = 0; i < graph->nrevs; i++)
	{
		if (graph->revs[i].applied)
			byseq[n++] = i;
	}
	sort_graph = graph;
	qsort(byseq, n, sizeof(int), cmp_index_by_applied_seq);

	old = MemoryContextSwitchTo(graph->applied_cxt);
	graph->applied_order = palloc(sizeof(int) * graph->capacity);
	MemoryContextSwitchTo(old);
	graph->napplied = n;
	done = topo_sort(graph, byseq, n, graph->applied_order);
	if (done < n)
		memcpy(graph->applied_order, byseq, sizeof(int) * n);
	pfree(byseq);
}

/*
 * Forget the applied state, keeping the revisions: the caller then marks
 * another tenant's applied set (and calls graph_mark_applied). What the old
 * set allocated goes with it, so switching between many tenants costs no
 * memory beyond one applied set.
 */
void
graph_clear_applied(MigGraph *graph)
{
	for (int i = 0; i < graph->nrevs; i++)
	{
		MigRevision *rev = &graph->revs[i];

		rev->applied = false;
		rev->changed = false;
		rev->applied_by = NULL;
	}
	graph->napplied = 0;
	graph->orphans = NIL;
	graph->applied_order = NULL;
	MemoryContextReset(graph->applied_cxt);
}

/*
 * Add a revision that was just registered, keeping every index valid: it is
 * last in registration order and, its parents being registered already,
 * last in apply order. Arrays grow by doubling, and the id index finds the
 * new id's place by binary search, then moves the ids after it up by one: a
 * memmove of at most n ints. For 10,000 revisions registered one by one in
 * random id order (a first sync) that is about 100 MB moved in all, within
 * a 40 kB array that stays in the CPU's cache: about a millisecond in all,
 * where reloading the graph after each would be quadratic in queries.
 * Allocates in the graph's own memory context. Returns false, changing
 * nothing, when the graph has problems a new revision could change (a
 * missing parent it might supply, say): the caller then reloads instead.
 */
bool
graph_append(MigGraph *graph, const char *id, const char *message,
			 List *parents, bool transactional, const char *author,
			 const char *checksum)
{
	MemoryContext old;
	int			n = graph->nrevs;
	MigRevision *rev;
	int			lo = 0;
	int			hi = n;
	ListCell   *lc;

	if (graph->nmissing > 0 || graph->cyclic || graph->orphans != NIL)
		return false;

	graph->digest_known = false;
	old = MemoryContextSwitchTo(GetMemoryChunkContext(graph));
	if (n == graph->capacity)
	{
		graph->capacity *= 2;
		graph->revs = repalloc(graph->revs, sizeof(MigRevision) * graph->capacity);
		graph->order = repalloc(graph->order, sizeof(int) * graph->capacity);
		graph->byid = repalloc(graph->byid, sizeof(int) * graph->capacity);
		graph->applied_order = repalloc(graph->applied_order,
										sizeof(int) * graph->capacity);
	}

	rev = &graph->revs[n];
	memset(rev, 0, sizeof(MigRevision));
	rev->id = pstrdup(id);
	rev->message = pstrdup(message);
	rev->seq = n > 0 ? graph->revs[n - 1].seq + 1 : 1;
	rev->transactional = transactional;
	rev->author = pstrdup(author);
	rev->checksum = pstrdup(checksum);
	rev->nparents = list_length(parents);
	rev->parent_ids = palloc(sizeof(char *) * (rev->nparents + 1));
	rev->parents = palloc(sizeof(int) * (rev->nparents + 1));
	foreach(lc, parents)
	{
		int			p = foreach_current_index(lc);

		rev->parent_ids[p] = pstrdup(lfirst(lc));
		rev->parents[p] = graph_find(graph, lfirst(lc));
		Assert(rev->parents[p] >= 0);
		graph->revs[rev->parents[p]].nchildren++;
	}

	/* insert into byid at its sorted place */
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(graph->revs[graph->byid[mid]].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&graph->byid[lo + 1], &graph->byid[lo], sizeof(int) * (n - lo));
	graph->byid[lo] = n;
	graph->order[n] = n;
	graph->nrevs = n + 1;
	MemoryContextSwitchTo(old);
	return true;
}

/*
 * Mark one revision applied in a graph, as the row just inserted says, so
 * that migrate can keep its graph across its commits.
 */
void
graph_mark_one_applied(MigGraph *graph, int i, TimestampTz at,
					   const char *by, const Interval *duration)
{
	MemoryContext old = MemoryContextSwitchTo(graph->applied_cxt);
	MigRevision *rev = &graph->revs[i];

	Assert(!rev->applied);
	rev->applied = true;
	rev->applied_seq = graph->napplied > 0 ?
		graph->revs[graph->applied_order[graph->napplied - 1]].applied_seq + 1 : 1;
	rev->applied_at = at;
	rev->applied_by = pstrdup(by);
	rev->duration = *duration;
	graph->applied_order[graph->napplied++] = i;
	MemoryContextSwitchTo(old);
}

/*
 * Undo graph_mark_one_applied() for the revision applied last, once its
 * downgrade has run, so that check_reversible can apply it again.
 */
void
graph_mark_one_reverted(MigGraph *graph, int i)
{
	Assert(graph->napplied > 0 && graph->applied_order[graph->napplied - 1] == i);
	graph->revs[i].applied = false;
	graph->napplied--;
}

/* How messages name a revision: "id" (message), or "id" with no message. */
char *
graph_revision_label(const MigRevision *rev)
{
	if (rev->message[0] == '\0')
		return psprintf("\"%s\"", rev->id);
	return psprintf("\"%s\" (%s)", rev->id, rev->message);
}

/* Index of the revision with this id, or -1. */
int
graph_find(const MigGraph *graph, const char *id)
{
	int			lo = 0;
	int			hi = graph->nrevs - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(graph->revs[graph->byid[mid]].id, id);

		if (c == 0)
			return graph->byid[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Registered revisions with no child, ordered by id. */
List *
graph_heads(const MigGraph *graph)
{
	List	   *heads = NIL;

	for (int i = 0; i < graph->nrevs; i++)
	{
		if (graph->revs[i].nchildren == 0)
			heads = lappend_int(heads, i);
	}
	return sort_by_id(graph, heads);
}

/* Applied revisions with no applied child, ordered by id. */
List *
graph_current(const MigGraph *graph)
{
	bool	   *has_applied_child = palloc0(sizeof(bool) * (graph->nrevs > 0 ? graph->nrevs : 1));
	List	   *current = NIL;

	for (int i = 0; i < graph->nrevs; i++)
	{
		const MigRevision *rev = &graph->revs[i];

		if (!rev->applied)
			continue;
		for (int p = 0; p < rev->nparents; p++)
		{
			if (rev->parents[p] >= 0)
				has_applied_child[rev->parents[p]] = true;
		}
	}
	for (int i = 0; i < graph->nrevs; i++)
	{
		if (graph->revs[i].applied && !has_applied_child[i])
			current = lappend_int(current, i);
	}
	pfree(has_applied_child);
	return sort_by_id(graph, current);
}

/*
 * The set of the given revisions and all their ancestors, as a flag per
 * revision index.
 */
bool *
graph_ancestors(const MigGraph *graph, List *roots)
{
	bool	   *in = palloc0(sizeof(bool) * (graph->nrevs > 0 ? graph->nrevs : 1));
	int		   *stack = palloc(sizeof(int) * (graph->nrevs > 0 ? graph->nrevs : 1));
	int			depth = 0;
	ListCell   *lc;

	foreach(lc, roots)
	{
		int			i = lfirst_int(lc);

		if (!in[i])
		{
			in[i] = true;
			stack[depth++] = i;
		}
	}
	while (depth > 0)
	{
		const MigRevision *rev = &graph->revs[stack[--depth]];

		for (int p = 0; p < rev->nparents; p++)
		{
			int			parent = rev->parents[p];

			if (parent >= 0 && !in[parent])
			{
				in[parent] = true;
				stack[depth++] = parent;
			}
		}
	}
	pfree(stack);
	return in;
}

/* The ids of the revisions on a cycle or after one, quoted, for a message. */
char *
graph_cyclic_ids(const MigGraph *graph)
{
	StringInfoData ids;

	initStringInfo(&ids);
	for (int j = graph->nrevs - graph->ncyclic; j < graph->nrevs; j++)
		appendStringInfo(&ids, "%s\"%s\"", ids.len > 0 ? ", " : "", graph->revs[graph->order[j]].id);
	return ids.data;
}

/*
 * Refuse a graph that cannot be ordered: a parent that names no revision,
 * or a cycle. Neither can be made through add_revision() or sync(), nor by
 * an edit of schemamig.revision (the revision table's statement trigger
 * refuses it, edit: it breaks what the parents column promises, as a
 * foreign key or a check would, 23503 and 23514); both can in replica mode
 * or by a restore's rows, and planning on such a graph is refused (55000).
 */
static void
require_consistent(const MigGraph *graph, bool edit)
{
	if (graph->nmissing > 0)
	{
		for (int i = 0; i < graph->nrevs; i++)
		{
			const MigRevision *rev = &graph->revs[i];

			for (int p = 0; p < rev->nparents; p++)
			{
				if (rev->parents[p] < 0)
					ereport(ERROR,
							(errcode(edit ? ERRCODE_FOREIGN_KEY_VIOLATION :
									 ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
							 errmsg("revision \"%s\" names parent \"%s\", which is not registered",
									rev->id, rev->parent_ids[p]),
							 edit ? errdetail("An edit of schemamig.revision must leave every parent registered; nothing was changed.") : 0,
							 edit ? errhint("Name registered revisions as parents; to rename or remove one, change its children's parents in the same statement.") :
							 errhint("Register the missing parent or correct schemamig.revision.")));
			}
		}
	}
	if (graph->cyclic)
		ereport(ERROR,
				(errcode(edit ? ERRCODE_CHECK_VIOLATION : ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 edit ? errmsg("the parents in schemamig.revision would form a cycle") :
				 errmsg("the parents in schemamig.revision form a cycle"),
				 errdetail("These revisions, on the cycle or after it, cannot be ordered: %s.%s",
						   graph_cyclic_ids(graph), edit ? " Nothing was changed." : ""),
				 errhint("Correct the parents column of schemamig.revision: a revision's parents come before it.")));
}

void
graph_require_consistent(const MigGraph *graph)
{
	require_consistent(graph, false);
}

/* After an edit of schemamig.revision by hand (src/triggers.c). */
void
graph_require_edit_consistent(const MigGraph *graph)
{
	require_consistent(graph, true);
}

static MigProblem *
problem(const char *revision, char *text)
{
	MigProblem *p = palloc(sizeof(MigProblem));

	p->revision = revision;
	p->problem = text;
	return p;
}

/*
 * What verify() reports, in apply order: applied revisions whose SQL no
 * longer matches what ran, parents that are not registered, applied
 * revisions whose parents are not applied, revisions on a cycle, and
 * applied rows that name no revision. None of these can arise through
 * schemamig's functions and guards; they come from bypassing them.
 */
List *
graph_problems(const MigGraph *graph)
{
	List	   *problems = NIL;
	ListCell   *lc;

	for (int k = 0; k < graph->nrevs; k++)
	{
		const MigRevision *rev = &graph->revs[graph->order[k]];

		if (rev->changed)
			problems = lappend(problems,
							   problem(rev->id, pstrdup("applied, but its SQL has changed since (checksum differs)")));
		for (int p = 0; p < rev->nparents; p++)
		{
			int			parent = rev->parents[p];

			if (parent < 0)
				problems = lappend(problems,
								   problem(rev->id, psprintf("parent \"%s\" is not registered",
															 rev->parent_ids[p])));
			else if (rev->applied && !graph->revs[parent].applied)
				problems = lappend(problems,
								   problem(rev->id, psprintf("applied, but its parent \"%s\" is not",
															 rev->parent_ids[p])));
		}
		if (graph->cyclic && k >= graph->nrevs - graph->ncyclic)
			problems = lappend(problems,
							   problem(rev->id, pstrdup("its parents form a cycle")));
	}
	foreach(lc, graph->orphans)
		problems = lappend(problems,
						   problem(lfirst(lc), pstrdup("applied, but not registered")));
	return problems;
}

/*
 * Everything verify() reports: the graph's problems, then the guards' (with
 * no revision). upgrade() refuses on exactly these.
 */
List *
graph_verify_problems(const MigGraph *graph)
{
	return list_concat(graph_problems(graph), guards_problems());
}

/*
 * Refuse to go on while verify() would report a problem: applying more on
 * top of revisions that are not what ran would compound the damage, and
 * with a guard that does not fire always, what is registered may not be
 * what its author wrote.
 */
void
graph_require_verified(const MigGraph *graph, const char *fname)
{
	List	   *problems = graph_verify_problems(graph);

	if (problems != NIL)
	{
		MigProblem *first = linitial(problems);

		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("%s refused: schemamig.verify() reports %d problem%s",
						fname, list_length(problems), list_length(problems) == 1 ? "" : "s"),
				 first->revision ?
				 errdetail("Revision \"%s\": %s.", first->revision, first->problem) :
				 errdetail("The %s.", first->problem),
				 first->revision ?
				 errhint("Run SELECT * FROM schemamig.verify(); and repair the revisions, or the applied set with schemamig.stamp().") :
				 errhint("Run SELECT * FROM schemamig.verify(); and repair the guards as it says.")));
	}
}

/*
 * Is every revision applied, with one head at most and nothing for
 * verify() to report? Then upgrade('head') and ('heads') have nothing to do.
 */
bool
graph_settled(const MigGraph *graph)
{
	if (graph->napplied != graph->nrevs || graph->orphans != NIL ||
		graph->nmissing > 0 || graph->cyclic)
		return false;
	if (list_length(graph_heads(graph)) > 1)
		return false;
	return graph_problems(graph) == NIL;
}
