/*-------------------------------------------------------------------------
 *
 * src/autogen/compare_objects.c
 *	  The comparison of what stands on tables and types: views and
 *	  materialized views, functions and procedures, triggers, row-level
 *	  security and policies.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/trigger.h"
#include "utils/builtins.h"

#include "compare.h"

/* A view's query as CREATE VIEW takes it: pg_get_viewdef() less its ";". */
static char *
view_query(const char *def)
{
	int			len = strlen(def);

	while (*def == ' ' || *def == '\n')
		def++, len--;
	while (len > 0 && (def[len - 1] == ';' || def[len - 1] == ' ' || def[len - 1] == '\n'))
		len--;
	return pnstrdup(def, len);
}

/* Indexes of a materialized view, as CREATE INDEX; all or those not in "from". */
static void
view_indexes(Cmp *cmp, const char *view, bool all)
{
	int			tf;
	int			tn = SLICE(cmp->to->indexes, cmp->to->nindexes, view, &tf);
	int			ff;
	int			fn = SLICE(cmp->from->indexes, cmp->from->nindexes, view, &ff);

	for (int j = tf; j < tf + tn; j++)
	{
		const AgIndex *tx = &cmp->to->indexes[j];
		const AgIndex *fx = NULL;
		AgAction   *a;

		for (int i = ff; i < ff + fn && !all; i++)
			if (strcmp(cmp->from->indexes[i].name, tx->name) == 0)
				fx = &cmp->from->indexes[i];
		if (fx && autogen_index_same(fx, tx) && !autogen_uses_redone(cmp, fx->routines))
		{
			autogen_comment_change(cmp, psprintf("%s.%s", view, tx->name),
						   psprintf("INDEX %s", qi(tx->name)), fx->comment, tx->comment);
			continue;
		}
		if (fx)
			autogen_depends_on_redone(cmp,
									  autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
													 psprintf("%s.%s", view, fx->name), false,
													 "DROP INDEX %s", qi(fx->name)),
									  fx->routines, psprintf("dropped-index:%s", fx->name));
		autogen_require_uncovered_uses(cmp, 'i', tx->name, psprintf("index %s", qi(tx->name)));
		a = autogen_action(&cmp->actions, PH_CREATE_VIEW_INDEX, psprintf("%s.%s", view, tx->name),
						   false, "CREATE %sINDEX %s ON %s %s", tx->unique ? "UNIQUE " : "",
						   qi(tx->name), qi(view), tx->body);
		autogen_give_back_statistics(a, tx->name, tx->statistics);
		autogen_require_routines(a, tx->routines);
		autogen_comment_change(cmp, psprintf("%s.%s", view, tx->name),
					   psprintf("INDEX %s", qi(tx->name)), NULL, tx->comment);
	}
	for (int i = ff; i < ff + fn && !all; i++)
	{
		bool		kept = false;

		for (int j = tf; j < tf + tn; j++)
			if (strcmp(cmp->from->indexes[i].name, cmp->to->indexes[j].name) == 0)
				kept = true;
		if (!kept)
			autogen_depends_on_redone(cmp,
									  autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
													 psprintf("%s.%s", view, cmp->from->indexes[i].name),
													 false, "DROP INDEX %s",
													 qi(cmp->from->indexes[i].name)),
									  cmp->from->indexes[i].routines,
									  psprintf("dropped-index:%s", cmp->from->indexes[i].name));
	}
}

/* Does view fv become another query or take other options as tv? */
static bool
view_changes(const AgView *fv, const AgView *tv)
{
	return strcmp(fv->def, tv->def) != 0 || !autogen_str_eq(fv->options, tv->options);
}

/*
 * Can CREATE OR REPLACE VIEW turn view fv into tv? The server lets it
 * change the query of a view (not a materialized one) that keeps its
 * columns, first and alike (name, type, typmod, collation), and add others
 * after them; the options it is given replace the view's (none: none).
 * What reads the view stays.
 */
static bool
view_replaceable(const AgView *fv, const AgView *tv)
{
	size_t		len = fv->columns ? strlen(fv->columns) : 0;

	return !fv->materialized &&
		(len == 0 || (tv->columns && strncmp(fv->columns, tv->columns, len) == 0 &&
					  (tv->columns[len] == '\0' || tv->columns[len] == '\n')));
}

/*
 * Must view i of "from" be dropped and made again? One that changes in a
 * way CREATE OR REPLACE VIEW cannot, that casts to a type made again, that
 * calls a routine made again or gone, that reads a table that goes or a
 * column that goes or changes type, or a view made again: the server binds
 * a view to the columns and routines it uses (a column it does not read
 * may go under it).
 */
static bool
view_redone(Cmp *cmp, int i)
{
	const AgView *fv = &cmp->from->views[i];
	int			t = autogen_find_view(cmp->to, fv->name);
	ListCell   *lc;
	ListCell   *cc;

	if (t < 0 || fv->materialized != cmp->to->views[t].materialized ||
		(view_changes(fv, &cmp->to->views[t]) && !view_replaceable(fv, &cmp->to->views[t])) ||
		autogen_casts_to_recreated(cmp, fv->def))
		return true;
	foreach(lc, fv->uses_routines)
		if (autogen_routine_dropped(cmp, lfirst(lc)))
			return true;
	/* (sequences and views are no tables of "from") */
	forboth(lc, fv->uses_tables, cc, fv->uses_columns)
		if (autogen_from_column_changes(cmp, lfirst(lc), lfirst(cc)))
			return true;
	foreach(lc, fv->uses_views)
	{
		int			k = autogen_find_view(cmp->from, lfirst(lc));

		if (k >= 0 && cmp->redone_views[k])
			return true;
	}
	return false;
}

/*
 * A view made again loses the triggers (INSTEAD OF) and rules on it, which
 * autogenerate does not make: refuse, rather than drop them without a word.
 * In the upgrade only: the downgrade's "from" is the model.
 */
static void
require_nothing_on_view(Cmp *cmp, const AgView *fv)
{
	if (cmp->reverse)
		return;
	for (int i = 0; i < cmp->from->nuncovered; i++)
	{
		const AgUncovered *u = &cmp->from->uncovered[i];

		if ((strcmp(u->kind, "trigger") == 0 || strcmp(u->kind, "rule") == 0) &&
			autogen_str_eq(u->on_relation, fv->name))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("view %s would be made again, which drops %s %s, and autogenerate does not make it",
							quote_identifier(fv->name), u->kind, u->name),
					 errdetail("A change under the view (a column's type, a routine it calls) makes it again; the migration would not create the %s again.",
							   u->kind),
					 errhint("Drop the %s in a revision of your own before this one and create it again after, or write this change by hand.",
							 u->kind)));
	}
}

/* The comment on column of view v (NULL: v, or none). */
static const char *
view_column_comment(const AgView *v, const char *column)
{
	ListCell   *nc;
	ListCell   *cc;

	if (v == NULL)
		return NULL;
	forboth(nc, v->column_names, cc, v->column_comments)
		if (strcmp(lfirst(nc), column) == 0)
			return lfirst(cc);
	return NULL;
}

/*
 * The comments on the columns of view tv, from those of fv (NULL: the view
 * is made, or made again, and its columns have none yet). A view kept has
 * the columns it had: one fv comments and tv does not loses its comment.
 */
static void
view_column_comments(Cmp *cmp, const AgView *fv, const AgView *tv)
{
	ListCell   *lc;

	foreach(lc, tv->column_names)
	{
		const char *column = lfirst(lc);

		autogen_comment_change(cmp, psprintf("%s.%s", tv->name, column),
							   psprintf("COLUMN %s", autogen_qcol(tv->name, column)),
							   view_column_comment(fv, column), view_column_comment(tv, column));
	}
	if (fv == NULL)
		return;
	foreach(lc, fv->column_names)
	{
		const char *column = lfirst(lc);

		if (view_column_comment(tv, column) == NULL)
			autogen_comment_change(cmp, psprintf("%s.%s", tv->name, column),
								   psprintf("COLUMN %s", autogen_qcol(tv->name, column)),
								   view_column_comment(fv, column), NULL);
	}
}

/*
 * Views and materialized views: those made again (cmp->redone_views,
 * autogen_find_redone_routines) are dropped before the tables change
 * (dependents first) and made again after (what they read first); a view
 * kept that changes is replaced where one made again would be made.
 */
void
autogen_compare_views(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	const bool *redo = cmp->redone_views;
	AgAction  **drops = palloc0(sizeof(AgAction *) * (from->nviews + 1));

	for (int i = 0; i < from->nviews; i++)
	{
		const AgView *fv = &from->views[i];
		ListCell   *lc;

		if (!redo[i])
			continue;
		require_nothing_on_view(cmp, fv);
		drops[i] = autogen_action(&cmp->actions, PH_DROP_VIEW, fv->name, false,
								  "DROP %sVIEW %s", fv->materialized ? "MATERIALIZED " : "",
								  qi(fv->name));
		autogen_provides(drops[i], "dropped-view:%s", fv->name);
		/* a routine dropped in this migration goes after the views calling it */
		foreach(lc, fv->uses_routines)
			autogen_drop_waits(cmp, drops[i], psprintf("dropped-routine:%s", (char *) lfirst(lc)),
							   drops[i]->provides);
	}
	/* a view is dropped after the views that read it */
	for (int i = 0; i < from->nviews; i++)
	{
		ListCell   *lc;

		if (!redo[i])
			continue;
		foreach(lc, from->views[i].uses_views)
		{
			int			k = autogen_find_view(from, lfirst(lc));

			if (k >= 0 && drops[k])
				autogen_requires(drops[k], "dropped-view:%s", from->views[i].name);
		}
	}

	for (int j = 0; j < to->nviews; j++)
	{
		const AgView *tv = &to->views[j];
		int			f = autogen_find_view(from, tv->name);
		/* the view kept, as it was; NULL: made */
		const AgView *fv = f >= 0 && !redo[f] ? &from->views[f] : NULL;
		const char *what = tv->materialized ? "MATERIALIZED VIEW" : "VIEW";
		bool		refill;
		ListCell   *lc;
		AgAction   *a;

		if (fv && !view_changes(fv, tv))
		{
			autogen_comment_change(cmp, tv->name, psprintf("%s %s", what, qi(tv->name)),
						   fv->comment, tv->comment);
			view_column_comments(cmp, fv, tv);
			if (tv->materialized)
				view_indexes(cmp, tv->name, false);
			continue;
		}
		/*
		 * Another role's materialized view is filled by REFRESH once it is
		 * that role's again, which runs its query as that role; CREATE
		 * would run it as whoever applies the revision.
		 */
		refill = tv->materialized && tv->populated && tv->owner != NULL;
		autogen_require_uncovered_uses(cmp, 'v', tv->name,
									   psprintf("%s %s", tv->materialized ? "materialized view" : "view",
												qi(tv->name)));
		a = autogen_action(&cmp->actions, PH_CREATE_VIEW, tv->name, false,
						   "CREATE %s%s %s%s%s%s AS\n%s%s", fv ? "OR REPLACE " : "", what,
						   qi(tv->name), tv->options ? " WITH (" : "", tv->options ? tv->options : "",
						   tv->options ? ")" : "", view_query(tv->def),
						   tv->materialized && (!tv->populated || refill) ? "\nWITH NO DATA" : "");
		/* one replaced keeps its owner, grants and comments */
		if (fv == NULL)
			autogen_give_back(a, what, qi(tv->name), tv->owner, tv->acl);
		if (refill)
			a->sql = psprintf("%s\nREFRESH MATERIALIZED VIEW %s;", a->sql, qi(tv->name));
		autogen_provides(a, "view:%s", tv->name);
		foreach(lc, tv->uses_views)
			autogen_requires(a, "view:%s", (char *) lfirst(lc));
		foreach(lc, tv->uses_routines)
			autogen_requires(a, "routine:%s", (char *) lfirst(lc));
		autogen_comment_change(cmp, tv->name, psprintf("%s %s", what, qi(tv->name)),
							   fv ? fv->comment : NULL, tv->comment);
		view_column_comments(cmp, fv, tv);
		if (tv->materialized)
			view_indexes(cmp, tv->name, true);
	}
}

/*
 * Does a routine take or return a type that is made again, or does its
 * BEGIN ATOMIC body cast to one (bound to it at creation)?
 */
static bool
uses_recreated_type(Cmp *cmp, const AgRoutine *r)
{
	return (r->late && autogen_casts_to_recreated(cmp, r->body)) ||
		autogen_words_in(cmp->recreated_printed, r->args, NULL) ||
		autogen_words_in(cmp->recreated_printed, r->result, NULL);
}

/* A routine's name and argument types, quoted, as DROP and COMMENT take it. */
static char *
routine_sig(const AgRoutine *r)
{
	return psprintf("%s%s", qi(r->name), r->identity + strlen(r->name));
}

/* Type name goes under temp for the rest of the migration (or till dropped). */
void
autogen_type_moved(Cmp *cmp, const char *name, const char *temp)
{
	TypeMove   *m = palloc(sizeof(TypeMove));

	m->name = name;
	m->temp = temp;
	cmp->type_moves = lappend(cmp->type_moves, m);
}

/*
 * The drop of a table or view (PH_DROP_TABLE, or one that provides
 * "dropped-view:NAME") waits for the routines dropped that take or return
 * its row type (sorted by relation once, searched per drop).
 */
void
autogen_relation_drops_wait(Cmp *cmp)
{
	int			n;
	RowtypeDrop *drops;
	ListCell   *lc;

	if (cmp->rowtype_drops == NIL)
		return;
	drops = autogen_by_name(cmp->rowtype_drops, sizeof(RowtypeDrop), &n);
	foreach(lc, cmp->actions)
	{
		AgAction   *a = lfirst(lc);
		const char *relation = a->phase == PH_DROP_TABLE ? a->key :
			a->provides && strncmp(a->provides, "dropped-view:", 13) == 0 ? a->provides + 13 : NULL;
		int			first;
		int			count;

		if (relation == NULL)
			continue;
		count = SLICE(drops, n, relation, &first);
		for (int i = first; i < first + count; i++)
			autogen_requires(a, "dropped-routine:%s", drops[i].identity);
	}
}

static int
cmp_action_key(const void *a, const void *b)
{
	return strcmp((*(AgAction *const *) a)->key, (*(AgAction *const *) b)->key);
}

/* The drop of table name among drops (n, sorted by key), or NULL. */
static AgAction *
find_table_drop(AgAction **drops, int n, const char *name)
{
	AgAction	key = {.key = (char *) name};
	AgAction   *keyp = &key;
	AgAction  **found;

	if (n == 0)
		return NULL;
	found = bsearch(&keyp, drops, n, sizeof(AgAction *), cmp_action_key);
	return found ? *found : NULL;
}

/*
 * The drop of a table (PH_DROP_TABLE) waits for the drops of the tables
 * whose columns, and of the composite types whose attributes, hold its row
 * type (or an array of it), which the server would refuse it before
 * (2BP01): such a table may sort after it by name, and types go in a
 * later phase. One pass over the columns and attributes of "from", a
 * binary search each.
 */
void
autogen_row_type_drops_wait(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	AgAction  **drops = palloc(sizeof(AgAction *) * (list_length(cmp->actions) + 1));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, cmp->actions)
	{
		AgAction   *a = lfirst(lc);

		if (a->phase == PH_DROP_TABLE)
			drops[n++] = a;
	}
	if (n == 0)
		return;
	qsort(drops, n, sizeof(AgAction *), cmp_action_key);
	for (int i = 0; i < from->ncolumns; i++)
	{
		const AgColumn *c = &from->columns[i];
		AgAction   *drop;
		AgAction   *user;

		if (c->schematype == NULL || strcmp(c->schematype, c->table) == 0)
			continue;
		drop = find_table_drop(drops, n, c->schematype);
		user = drop ? find_table_drop(drops, n, c->table) : NULL;
		if (user == NULL)
			continue;
		autogen_provides(user, "dropped-table:%s", c->table);
		autogen_requires(drop, "dropped-table:%s", c->table);
	}
	for (int i = 0; i < from->ncomposites; i++)
	{
		const AgComposite *t = &from->composites[i];

		for (int j = 0; j < t->nattrs; j++)
		{
			AgAction   *drop = find_table_drop(drops, n, autogen_type_name(t->attr_types[j], NULL));

			/* its drop provides "dropped-type:NAME" (drop_type, recreate_type) */
			if (drop)
				autogen_requires(drop, "dropped-type:%s", t->name);
		}
	}
}

/*
 * The routines that go after the types are renamed (PH_DROP_ROUTINE) are
 * dropped by the names their argument types have by then: a type made
 * again or going late is under its temporary name (one move per name: a
 * name is one type's, and temporary names are not moved again).
 */
void
autogen_routine_drops_name_moved_types(Cmp *cmp)
{
	HTAB	   *moves;
	ListCell   *lc;

	if (cmp->type_moves == NIL)
		return;
	/* by the names a signature prints, standing for the temporary ones */
	moves = autogen_name_set("types moved aside");
	foreach(lc, cmp->type_moves)
	{
		TypeMove   *m = lfirst(lc);

		autogen_name_set_add(moves, qi(m->name), qi(m->temp));
	}
	foreach(lc, cmp->routine_drops)
	{
		RoutineDrop *d = lfirst(lc);
		StringInfoData sql;

		/* the routine's own name stays, its argument words move */
		initStringInfo(&sql);
		appendStringInfo(&sql, "DROP %s %s", d->routine->kind == 'p' ? "PROCEDURE" : "FUNCTION",
						 qi(d->routine->name));
		autogen_words_in(moves, d->routine->identity + strlen(d->routine->name), &sql);
		appendStringInfoChar(&sql, ';');
		d->drop->sql = sql.data;
	}
}

static AgAction *
create_routine(Cmp *cmp, const AgRoutine *r)
{
	AgAction   *a;
	ListCell   *lc;

	autogen_require_uncovered_uses(cmp, 'f', r->identity,
								   psprintf("%s %s", r->kind == 'p' ? "procedure" : "function",
											routine_sig(r)));
	/*
	 * A BEGIN ATOMIC body that rows need as their columns are added or
	 * converted comes with the tables instead, after the sequences and
	 * types it may name, and after the tables it reads that are made
	 * (autogen_routine_early())
	 */
	a = autogen_action(&cmp->actions,
					   !r->late ? PH_CREATE_ROUTINE :
					   autogen_routine_early(cmp, r, NULL) ? PH_CREATE_TABLE :
					   PH_CREATE_ROUTINE_LATE,
					   r->identity, false, "CREATE OR REPLACE %s %s(%s",
					   r->kind == 'p' ? "PROCEDURE" : "FUNCTION", qi(r->name), r->body);

	/*
	 * A string body in LANGUAGE sql is checked at creation against what
	 * exists then; it was checked against the model already, and tables
	 * may need the function first (a default), so the check is off for
	 * the revision (the runner undoes its settings when it ends).
	 */
	if (r->sql_string && !cmp->bodies_unchecked)
	{
		autogen_action(&cmp->actions, PH_SETUP, "check_function_bodies", false,
					   "SET LOCAL check_function_bodies = off");
		cmp->bodies_unchecked = true;
	}

	/* pg_get_functiondef() ends with a newline; the writer adds its own */
	if (a->sql[strlen(a->sql) - 2] == '\n')
	{
		a->sql[strlen(a->sql) - 2] = ';';
		a->sql[strlen(a->sql) - 1] = '\0';
	}
	autogen_give_back(a, r->kind == 'p' ? "PROCEDURE" : "FUNCTION", routine_sig(r), r->owner,
					  r->acl);
	autogen_provides(a, "routine:%s", r->identity);
	autogen_require_routines(a, r->routines);
	(void) autogen_routine_early(cmp, r, a);
	/* after the tables and views whose row types it takes or returns */
	foreach(lc, autogen_lines(r->rowtypes))
	{
		autogen_requires(a, "table:%s", (char *) lfirst(lc));
		autogen_requires(a, "view:%s", (char *) lfirst(lc));
	}
	return a;
}

/* Must a routine both schemas have be dropped and created? */
static bool
routine_redone(Cmp *cmp, const AgRoutine *fr, const AgRoutine *tr)
{
	return fr->kind != tr->kind || !autogen_str_eq(fr->result, tr->result) ||
		strcmp(fr->args, tr->args) != 0 || uses_recreated_type(cmp, fr);
}

/*
 * Does the BEGIN ATOMIC body of a routine of "from" read a table or column
 * that goes or changes type? It binds to them: it goes first.
 */
static bool
reads_what_changes(Cmp *cmp, const AgRoutine *fr)
{
	ListCell   *tc;
	ListCell   *cc;

	if (!fr->late)
		return false;
	forboth(tc, fr->reads_tables, cc, fr->reads_columns)
	{
		if (autogen_from_column_changes(cmp, lfirst(tc), lfirst(cc)))
			return true;
	}
	return false;
}

/*
 * Does a routine of "from" take or return a type that goes while the
 * routine keeps its identity: the row type of a table the model has no
 * table of or of a view made again (cmp->redone_views, as far as known),
 * or a type of the schema whose name a table or view of the model takes
 * (gone)? It is made again, dropped before the type goes.
 */
static bool
type_goes(Cmp *cmp, const AgRoutine *fr, HTAB *gone)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(fr->rowtypes))
	{
		int			v = autogen_find_view(cmp->from, lfirst(lc));

		if (v < 0 ? autogen_find_table(cmp->to, lfirst(lc)) < 0 : cmp->redone_views[v])
			return true;
	}
	return autogen_words_in(gone, fr->args, NULL) || autogen_words_in(gone, fr->result, NULL);
}

/* Is name a type of "from" that becomes a table's or view's row type in the model? */
static bool
becomes_rowtype(Cmp *cmp, const char *name)
{
	return autogen_type_kind(cmp->to, name) == NULL &&
		(autogen_find_table(cmp->to, name) >= 0 || autogen_find_view(cmp->to, name) >= 0);
}

/*
 * The enums, domains and composite types of "from" that become row types,
 * by name as printed.
 */
static HTAB *
types_gone(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	HTAB	   *gone = autogen_name_set("types that become row types");

	for (int i = 0; i < from->nenums; i++)
		if (becomes_rowtype(cmp, from->enums[i].name))
			autogen_name_set_add(gone, qi(from->enums[i].name), from->enums[i].name);
	for (int i = 0; i < from->ndomains; i++)
		if (becomes_rowtype(cmp, from->domains[i].name))
			autogen_name_set_add(gone, qi(from->domains[i].name), from->domains[i].name);
	for (int i = 0; i < from->ncomposites; i++)
		if (becomes_rowtype(cmp, from->composites[i].name))
			autogen_name_set_add(gone, qi(from->composites[i].name), from->composites[i].name);
	return gone;
}

/* The relations whose row types routine fr takes wait for its drop. */
static void
rowtypes_wait(Cmp *cmp, const AgRoutine *fr)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(fr->rowtypes))
	{
		RowtypeDrop *d = palloc(sizeof(RowtypeDrop));

		d->relation = lfirst(lc);
		d->identity = fr->identity;
		cmp->rowtype_drops = lappend(cmp->rowtype_drops, d);
	}
}

/*
 * Does a routine take or return the row type of a table that is renamed?
 * Its identity changes with the table's name (and may be a routine of the
 * model): it goes early, by its name before the rename, after what calls
 * it.
 */
static bool
rowtype_renamed(Cmp *cmp, const AgRoutine *fr)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(fr->rowtypes))
	{
		int			f = autogen_find_table(cmp->from, lfirst(lc));

		if (f >= 0 && cmp->from_match[f] >= 0 &&
			strcmp(cmp->to->tables[cmp->from_match[f]].name, lfirst(lc)) != 0)
			return true;
	}
	return false;
}

/*
 * The routines and views dropped and created again, known before the rest
 * is compared: what calls the routines (defaults, checks, indexes, views,
 * triggers) is dropped before and made again after. The two depend on
 * each other: a view calling a routine made again is made again, and so
 * is a routine over the row type of a view made again, or one that calls
 * a routine made again in an argument default or a SQL body (it blocks
 * the drop); hence a search until nothing more is found.
 */
void
autogen_find_redone_routines(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	HTAB	   *gone = types_gone(cmp);
	bool		changed = true;

	cmp->redone_views = palloc0(sizeof(bool) * (from->nviews + 1));

	/* one that goes while its body reads what goes, or over a table renamed: as early */
	for (int i = 0; i < from->nroutines; i++)
	{
		const AgRoutine *fr = &from->routines[i];

		if (autogen_find_routine(to, fr->identity) < 0 &&
			(reads_what_changes(cmp, fr) || rowtype_renamed(cmp, fr)))
			autogen_mark_redone(cmp, fr->identity);
	}
	while (changed)
	{
		changed = false;
		for (int j = 0; j < to->nroutines; j++)
		{
			const AgRoutine *tr = &to->routines[j];
			int			f = autogen_find_routine(from, tr->identity);
			const AgRoutine *fr = f >= 0 ? &from->routines[f] : NULL;

			if (fr && !autogen_is_redone(cmp, tr->identity) &&
				(routine_redone(cmp, fr, tr) || reads_what_changes(cmp, fr) ||
				 type_goes(cmp, fr, gone) || autogen_uses_redone(cmp, fr->routines)))
			{
				autogen_mark_redone(cmp, tr->identity);
				changed = true;
			}
		}
		for (int i = 0; i < from->nviews; i++)
			if (!cmp->redone_views[i] && view_redone(cmp, i))
			{
				autogen_mark_redone_view(cmp, i);
				changed = true;
			}
	}
}

/*
 * Does a trigger's WHEN or UPDATE OF, or a policy's USING or WITH CHECK,
 * read a column of "from" that goes or changes type, or (def) cast to a
 * type made again? The server refuses to change the type of a column
 * either reads, or to drop a type it names: it goes before and is made
 * again after, as the views that read them are.
 */
static bool
bound_to_change(Cmp *cmp, List *tables, List *columns, const char *def)
{
	ListCell   *tc;
	ListCell   *cc;

	if (autogen_casts_to_recreated(cmp, def))
		return true;
	forboth(tc, tables, cc, columns)
	{
		if (autogen_from_column_changes(cmp, lfirst(tc), lfirst(cc)))
			return true;
	}
	return false;
}

/*
 * The statement that gives a trigger on table its state (tgenabled), or
 * NULL for the state CREATE TRIGGER gives it.
 */
static char *
trigger_state(const char *table, const AgTrigger *g)
{
	const char *how;

	switch (g->enabled)
	{
		case TRIGGER_DISABLED:
			how = "DISABLE";
			break;
		case TRIGGER_FIRES_ON_REPLICA:
			how = "ENABLE REPLICA";
			break;
		case TRIGGER_FIRES_ALWAYS:
			how = "ENABLE ALWAYS";
			break;
		default:
			return NULL;
	}
	return psprintf("ALTER TABLE %s %s TRIGGER %s", qi(table), how, qi(g->name));
}

/* Is a trigger's function (NULL: none) one both schemas have, made again? */
static bool
calls_redone(Cmp *cmp, const char *function)
{
	return function && autogen_is_redone(cmp, function) &&
		autogen_find_routine(cmp->to, function) >= 0;
}

/*
 * Does trigger fg of "from" stay as trigger tg of "to" (of the same name, on
 * the same table): defined alike (UPDATE OF's columns in any order), its
 * function not made again, nothing it reads about to change type?
 */
static bool
trigger_kept(Cmp *cmp, const AgTrigger *fg, const AgTrigger *tg)
{
	return strcmp(fg->compared, tg->compared) == 0 &&
		!calls_redone(cmp, fg->function) &&
		!bound_to_change(cmp, fg->reads_tables, fg->reads_columns, fg->def);
}

/*
 * An index over a routine whose body CREATE OR REPLACE changes (an index
 * calls only immutable ones) holds what the old body computed: rebuilt
 * after it, or a scan through it would find what the new body no longer
 * gives, and a unique one would let duplicates in. (A stored generated
 * column or a validated check over it is not computed again: README.) One
 * REINDEX an index, after every such routine it calls.
 */
static void
reindex_over_replaced(Cmp *cmp)
{
	for (int i = 0; i < cmp->to->nindexes; i++)
	{
		const AgIndex *x = &cmp->to->indexes[i];
		AgAction   *a = NULL;
		ListCell   *lc;

		foreach(lc, autogen_lines(x->routines))
		{
			const char *identity = lfirst(lc);
			int			t = autogen_find_routine(cmp->to, identity);
			int			f = autogen_find_routine(cmp->from, identity);

			/* as autogen_compare_routines() tells a body replaced */
			if (t < 0 || f < 0 || autogen_is_redone(cmp, identity) ||
				strcmp(cmp->from->routines[f].body, cmp->to->routines[t].body) == 0)
				continue;
			if (a == NULL)
				a = autogen_action(&cmp->actions, PH_CREATE_VIEW_INDEX, x->name, false,
								   "REINDEX INDEX %s", qi(x->name));
			autogen_requires(a, "routine:%s", identity);
		}
	}
}

/*
 * Functions and procedures: CREATE OR REPLACE when the body (or an
 * attribute) changes; drop and create when what CREATE OR REPLACE cannot
 * change does (kind, result, argument names or defaults), with the
 * triggers that call it dropped before and made again after. Triggers:
 * by table and name, made again when their definition changes.
 */
void
autogen_compare_routines(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	/* (the views that call them are made again too: autogen_compare_views) */

	for (int j = 0; j < to->nroutines; j++)
	{
		const AgRoutine *tr = &to->routines[j];
		int			f = autogen_find_routine(from, tr->identity);
		const AgRoutine *fr = f >= 0 ? &from->routines[f] : NULL;
		const char *what = tr->kind == 'p' ? "PROCEDURE" : "FUNCTION";

		if (fr && !autogen_is_redone(cmp, tr->identity))
		{
			if (strcmp(fr->body, tr->body) != 0)
				create_routine(cmp, tr);
			autogen_comment_change(cmp, tr->identity, psprintf("%s %s", what, routine_sig(tr)),
						   fr->comment, tr->comment);
			continue;
		}
		if (fr)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_DROP_VIEW,
										   psprintf("~%s", fr->identity), false,
										   "DROP %s %s", fr->kind == 'p' ? "PROCEDURE" : "FUNCTION",
										   routine_sig(fr));

			autogen_requires(a, "dropped-triggers-of:%s", fr->identity);
			autogen_depends_on_redone(cmp, a, fr->routines,
									  psprintf("dropped-routine:%s", fr->identity));
			autogen_provides(a, "dropped-routine:%s", fr->identity);
			rowtypes_wait(cmp, fr);
			autogen_requires(create_routine(cmp, tr), "dropped-routine:%s", fr->identity);
		}
		else
			create_routine(cmp, tr);
		autogen_comment_change(cmp, tr->identity, psprintf("%s %s", what, routine_sig(tr)), NULL,
					   tr->comment);
	}
	for (int i = 0; i < from->nroutines; i++)
	{
		const AgRoutine *fr = &from->routines[i];

		if (autogen_find_routine(to, fr->identity) < 0)
		{
			bool		early = autogen_is_redone(cmp, fr->identity);
			AgAction   *a = autogen_action(&cmp->actions, early ? PH_DROP_VIEW : PH_DROP_ROUTINE,
										   early ? psprintf("~%s", fr->identity) : fr->identity,
										   false, "DROP %s %s",
										   fr->kind == 'p' ? "PROCEDURE" : "FUNCTION",
										   routine_sig(fr));

			/* early: before the columns its body reads go (see above) */
			if (early)
				autogen_requires(a, "dropped-triggers-of:%s", fr->identity);
			else
			{
				RoutineDrop *d = palloc(sizeof(RoutineDrop));

				d->drop = a;
				d->routine = fr;
				cmp->routine_drops = lappend(cmp->routine_drops, d);
			}
			autogen_depends_on_redone(cmp, a, fr->routines,
									  psprintf("dropped-routine:%s", fr->identity));
			autogen_provides(a, "dropped-routine:%s", fr->identity);
			rowtypes_wait(cmp, fr);
		}
	}

	reindex_over_replaced(cmp);

	/* triggers, by table and name */
	for (int j = 0; j < to->ntriggers; j++)
	{
		const AgTrigger *tg = &to->triggers[j];
		int			ti = autogen_find_table(to, tg->table);
		const AgTrigger *fg = NULL;
		char	   *key = psprintf("%s.%s", tg->table, tg->name);
		AgAction   *a;

		if (ti >= 0 && cmp->to_match[ti] >= 0)
		{
			const char *ftable = from->tables[cmp->to_match[ti]].name;
			int			ff;
			int			fn = SLICE(from->triggers, from->ntriggers, ftable, &ff);

			for (int i = ff; i < ff + fn; i++)
				if (strcmp(from->triggers[i].name, tg->name) == 0)
					fg = &from->triggers[i];
		}
		if (fg && trigger_kept(cmp, fg, tg))
		{
			if (fg->enabled != tg->enabled)
				autogen_action(&cmp->actions, PH_CREATE_TRIGGER, key, false, "%s",
							   trigger_state(tg->table, tg) ? trigger_state(tg->table, tg) :
							   psprintf("ALTER TABLE %s ENABLE TRIGGER %s", qi(tg->table),
										qi(tg->name)));
			autogen_comment_change(cmp, key, psprintf("TRIGGER %s ON %s", qi(tg->name), qi(tg->table)),
						   fg->comment, tg->comment);
			continue;
		}
		autogen_require_uncovered_uses(cmp, 't', key,
									   psprintf("trigger %s on %s", qi(tg->name), qi(tg->table)));
		a = autogen_action(&cmp->actions, PH_CREATE_TRIGGER, key, false, "%s", tg->def);
		/* a disabled one, made again, stays disabled */
		if (trigger_state(tg->table, tg))
			a->sql = psprintf("%s\n%s;", a->sql, trigger_state(tg->table, tg));
		if (tg->function)
			autogen_requires(a, "routine:%s", tg->function);
		autogen_comment_change(cmp, key, psprintf("TRIGGER %s ON %s", qi(tg->name), qi(tg->table)),
					   NULL, tg->comment);
	}
	for (int i = 0; i < from->ntriggers; i++)
	{
		const AgTrigger *fg = &from->triggers[i];
		int			fi = autogen_find_table(from, fg->table);
		int			ti = fi >= 0 ? cmp->from_match[fi] : -1;
		bool		keep = false;
		int			tf;
		int			tn;
		AgAction   *a;

		if (ti < 0)
			continue;			/* goes with its table */
		tn = SLICE(to->triggers, to->ntriggers, to->tables[ti].name, &tf);
		for (int j = tf; j < tf + tn; j++)
		{
			const AgTrigger *tg = &to->triggers[j];

			if (strcmp(tg->name, fg->name) == 0 && trigger_kept(cmp, fg, tg))
				keep = true;
		}
		if (keep)
			continue;
		a = autogen_action(&cmp->actions, PH_DROP_VIEW, psprintf("%s.%s", fg->table, fg->name),
						   false, "DROP TRIGGER %s ON %s", qi(fg->name), qi(fg->table));
		if (fg->function)
			autogen_provides(a, "dropped-triggers-of:%s", fg->function);
	}
}

/*
 * Does policy fp stay, as tp (by ALTER POLICY, when they differ)? ALTER
 * POLICY sets the roles, USING and WITH CHECK, but neither the command nor
 * AS PERMISSIVE or RESTRICTIVE, and cannot take a USING or WITH CHECK
 * away. One bound to what changes (see bound_to_change()), or that calls a
 * routine made again or gone, goes first and is made again.
 */
static bool
policy_kept(Cmp *cmp, const AgPolicy *fp, const AgPolicy *tp)
{
	ListCell   *lc;

	if (strcmp(fp->command, tp->command) != 0 || (fp->qual && !tp->qual) ||
		(fp->check && !tp->check) ||
		bound_to_change(cmp, fp->reads_tables, fp->reads_columns, fp->def))
		return false;
	foreach(lc, autogen_lines(fp->routines))
		if (autogen_routine_dropped(cmp, lfirst(lc)))
			return false;
	return true;
}

/* Drop policy fp first: before the routines it calls that are made again. */
static void
drop_policy(Cmp *cmp, const AgPolicy *fp)
{
	char	   *key = psprintf("%s.%s", fp->table, fp->name);

	autogen_depends_on_redone(cmp,
							  autogen_action(&cmp->actions, PH_DROP_VIEW, key, false,
											 "DROP POLICY %s ON %s", qi(fp->name), qi(fp->table)),
							  fp->routines, psprintf("dropped-policy:%s", key));
}

/*
 * Row-level security: the tables' ENABLE and FORCE flags, and policies by
 * table and name, altered when they change as ALTER POLICY can change
 * them, made again otherwise. Policies come last, once the functions and
 * columns they use exist, and go first.
 */
void
autogen_compare_policies(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;

	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];
		const AgTable *ft = cmp->to_match[ti] >= 0 ? &from->tables[cmp->to_match[ti]] : NULL;

		if ((ft ? ft->rls : false) != tt->rls)
			autogen_action(&cmp->actions, PH_CREATE_TRIGGER, tt->name, false,
						   "ALTER TABLE %s %s ROW LEVEL SECURITY", qi(tt->name),
						   tt->rls ? "ENABLE" : "DISABLE");
		if ((ft ? ft->force_rls : false) != tt->force_rls)
			autogen_action(&cmp->actions, PH_CREATE_TRIGGER, tt->name, false,
						   "ALTER TABLE %s %s ROW LEVEL SECURITY", qi(tt->name),
						   tt->force_rls ? "FORCE" : "NO FORCE");
	}
	for (int j = 0; j < to->npolicies; j++)
	{
		const AgPolicy *tp = &to->policies[j];
		int			ti = autogen_find_table(to, tp->table);
		const AgPolicy *fp = NULL;
		char	   *key = psprintf("%s.%s", tp->table, tp->name);
		bool		kept;

		if (ti >= 0 && cmp->to_match[ti] >= 0)
		{
			int			ff;
			int			fn = SLICE(from->policies, from->npolicies,
								   from->tables[cmp->to_match[ti]].name, &ff);

			for (int i = ff; i < ff + fn; i++)
				if (strcmp(from->policies[i].name, tp->name) == 0)
					fp = &from->policies[i];
		}
		kept = fp && policy_kept(cmp, fp, tp);
		if (kept && strcmp(fp->def, tp->def) == 0)
		{
			autogen_comment_change(cmp, key, psprintf("POLICY %s ON %s", qi(tp->name), qi(tp->table)),
						   fp->comment, tp->comment);
			continue;
		}
		if (fp && !kept)
			drop_policy(cmp, fp);
		autogen_require_uncovered_uses(cmp, 'p', key,
									   psprintf("policy %s on %s", qi(tp->name), qi(tp->table)));
		if (kept)
			autogen_action(&cmp->actions, PH_CREATE_TRIGGER, key, false,
						   "ALTER POLICY %s ON %s%s%s%s", qi(tp->name), qi(tp->table),
						   strcmp(fp->roles, tp->roles) != 0 ? psprintf(" TO %s", tp->roles) : "",
						   !autogen_str_eq(fp->qual, tp->qual) ? psprintf(" USING (%s)", tp->qual) : "",
						   !autogen_str_eq(fp->check, tp->check) ?
						   psprintf(" WITH CHECK (%s)", tp->check) : "");
		else
			autogen_action(&cmp->actions, PH_CREATE_TRIGGER, key, false, "CREATE POLICY %s ON %s %s",
						   qi(tp->name), qi(tp->table), tp->def);
		autogen_comment_change(cmp, key, psprintf("POLICY %s ON %s", qi(tp->name), qi(tp->table)),
					   kept ? fp->comment : NULL, tp->comment);
	}
	for (int i = 0; i < from->npolicies; i++)
	{
		const AgPolicy *fp = &from->policies[i];
		int			fi = autogen_find_table(from, fp->table);
		int			ti = fi >= 0 ? cmp->from_match[fi] : -1;
		int			tf;
		int			tn;
		bool		kept = false;

		if (ti < 0)
		{
			/* goes with its table; before a routine it calls made again */
			if (autogen_uses_redone(cmp, fp->routines))
				drop_policy(cmp, fp);
			continue;
		}
		tn = SLICE(to->policies, to->npolicies, to->tables[ti].name, &tf);
		for (int j = tf; j < tf + tn; j++)
			if (strcmp(to->policies[j].name, fp->name) == 0)
				kept = true;
		/* one made again was dropped above */
		if (!kept)
			drop_policy(cmp, fp);
	}
}
