/*-------------------------------------------------------------------------
 *
 * src/autogen/order.c
 *	  Putting the statements of a migration in dependency order and
 *	  writing them out.
 *
 * Actions are ranked by phase (drops of what depends on others first,
 * creations of what others depend on first, see AgPhase), then by object
 * name, then by the order they were made in; explicit requirements between
 * objects then order them further through the topological sort the
 * revision graph uses (schemamig_topo_sort), which keeps the ranking
 * wherever the requirements allow.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "schemamig.h"
#include "autogen.h"

static int
cmp_action(const void *a, const void *b)
{
	const AgAction *x = *(AgAction *const *) a;
	const AgAction *y = *(AgAction *const *) b;
	int			c;

	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	c = strcmp(x->key, y->key);
	if (c != 0)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* An object key and the rank of the action that provides it. */
typedef struct Provider
{
	const char *key;
	int			rank;
} Provider;

static int
cmp_provider(const void *a, const void *b)
{
	return strcmp(((const Provider *) a)->key, ((const Provider *) b)->key);
}

/* Does action a require what action b provides? */
static bool
requires_from(const AgAction *a, const AgAction *b)
{
	ListCell   *lc;

	if (b->provides == NULL)
		return false;
	foreach(lc, a->requires)
		if (strcmp((const char *) lfirst(lc), b->provides) == 0)
			return true;
	return false;
}

/*
 * Bring the subcommands for one table (AgAction.alter_table) of a phase
 * next to the first of them, so that they share one ALTER TABLE and the
 * table is rewritten once: a column's NOT NULL, default or ADD COLUMN,
 * ordered by column name among them, would otherwise split the column type
 * changes of the table into two statements (two rewrites). One moves up
 * past the actions of its phase between, unless it requires what one of
 * them provides or one is for its column; the others keep their order.
 */
static void
gather_alter_table(AgAction **byrank, int *order, int n)
{
	for (int k = 0; k < n; k++)
	{
		const AgAction *a = byrank[order[k]];
		int			last = k;
		const char *dot = strchr(a->key, '.');
		size_t		table_len;

		if (a->alter_table == NULL || dot == NULL)
			continue;
		/*
		 * Keys are "table.column", ranked: the table's actions of the phase
		 * are a run, and the search ends with it, not with the phase.
		 */
		table_len = dot - a->key + 1;
		for (int j = k + 1; j < n && byrank[order[j]]->phase == a->phase &&
			 strncmp(byrank[order[j]]->key, a->key, table_len) == 0; j++)
		{
			const AgAction *m = byrank[order[j]];
			bool		movable;
			int			moved;

			if (m->alter_table == NULL || strcmp(m->alter_table, a->alter_table) != 0)
				continue;
			movable = true;
			for (int i = last + 1; i < j && movable; i++)
				movable = !requires_from(m, byrank[order[i]]) &&
					strcmp(byrank[order[i]]->key, m->key) != 0;
			if (!movable)
				break;
			moved = order[j];
			memmove(&order[last + 2], &order[last + 1], sizeof(int) * (j - last - 1));
			order[++last] = moved;
		}
		k = last;
	}
}

/*
 * One ALTER TABLE of the n subcommands for one table at byrank[order[0..n-1]]
 * (each written as a whole "ALTER TABLE name ...;"), the destructive ones
 * first: the line after the mark is then one that may lose data, which is
 * what the client shows of it. The subcommands' order does not matter, as
 * each USING reads the row as it was.
 */
static void
write_alter_table(StringInfo out, AgAction **byrank, const int *order, int n)
{
	int			prefix = strlen(byrank[order[0]]->alter_table);
	int			written = 0;

	for (int destructive = 1; destructive >= 0; destructive--)
	{
		for (int j = 0; j < n; j++)
		{
			const char *sql = byrank[order[j]]->sql;
			int			skip = written > 0 ? prefix : 0;

			if (byrank[order[j]]->destructive != destructive)
				continue;
			if (written++ > 0)
				appendStringInfoString(out, ",\n    ");
			/* without its ";" */
			appendBinaryStringInfo(out, sql + skip, strlen(sql) - skip - 1);
		}
	}
	appendStringInfoString(out, ";\n");
}

/*
 * The SQL of a list of actions, in order, each statement on its own line(s),
 * a destructive one preceded by "-- schemamig: destructive". An empty list
 * gives an empty string.
 */
char *
autogen_write_actions(List *actions)
{
	int			n = list_length(actions);
	AgAction  **byrank = palloc(sizeof(AgAction *) * (n + 1));
	Provider   *providers = palloc(sizeof(Provider) * (n + 1));
	int			nproviders = 0;
	int		   *npreds = palloc0(sizeof(int) * (n + 1));
	int		  **preds = palloc0(sizeof(int *) * (n + 1));
	int		   *order = palloc(sizeof(int) * (n + 1));
	bool	   *placed = palloc0(sizeof(bool) * (n + 1));
	int			done;
	StringInfoData out;
	ListCell   *lc;

	foreach(lc, actions)
		byrank[foreach_current_index(lc)] = lfirst(lc);
	if (n > 1)
		qsort(byrank, n, sizeof(AgAction *), cmp_action);

	for (int r = 0; r < n; r++)
	{
		if (byrank[r]->provides)
		{
			providers[nproviders].key = byrank[r]->provides;
			providers[nproviders].rank = r;
			nproviders++;
		}
	}
	if (nproviders > 1)
		qsort(providers, nproviders, sizeof(Provider), cmp_provider);

	for (int r = 0; r < n; r++)
	{
		List	   *req = byrank[r]->requires;

		preds[r] = palloc(sizeof(int) * (list_length(req) + 1));
		foreach(lc, req)
		{
			Provider	key = {lfirst(lc), 0};
			Provider   *p = bsearch(&key, providers, nproviders,
									sizeof(Provider), cmp_provider);

			if (p && p->rank != r)
				preds[r][npreds[r]++] = p->rank;
		}
	}

	done = schemamig_topo_sort(n, npreds, preds, order);
	/* a cycle cannot come from the catalog; keep the ranking if it does */
	for (int k = 0; k < done; k++)
		placed[order[k]] = true;
	for (int r = 0; r < n && done < n; r++)
	{
		if (!placed[r])
			order[done++] = r;
	}

	gather_alter_table(byrank, order, n);
	initStringInfo(&out);
	for (int k = 0; k < n; k++)
	{
		AgAction   *a = byrank[order[k]];
		int			last = k;
		bool		destructive = a->destructive;

		/*
		 * The subcommands in a row for one table (AgAction.alter_table) go in
		 * one ALTER TABLE, so that the table is rewritten once
		 */
		while (a->alter_table && last + 1 < n && byrank[order[last + 1]]->alter_table &&
			   strcmp(byrank[order[last + 1]]->alter_table, a->alter_table) == 0)
			destructive |= byrank[order[++last]]->destructive;
		if (destructive)
			appendStringInfoString(&out, "-- schemamig: destructive\n");
		if (last == k)
			appendStringInfo(&out, "%s\n", a->sql);
		else
			write_alter_table(&out, byrank, order + k, last - k + 1);
		k = last;
	}
	return out.data;
}
