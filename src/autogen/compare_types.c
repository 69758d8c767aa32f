/*-------------------------------------------------------------------------
 *
 * src/autogen/compare_types.c
 *	  The comparison of types: enums, domains and composite types, and how
 *	  a type is made again when it cannot be altered in place.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "parser/parse_coerce.h"
#include "utils/builtins.h"

#include "compare.h"

/*
 * Does an array literal of def, as the server prints one ('{a,"b c"}'::e[]
 * for cast "'::e[]"), hold label? Its elements, braces of nested arrays
 * aside, are bare or double-quoted with backslash escapes.
 */
static bool
array_holds(const char *def, const char *cast, const char *label)
{
	for (const char *end = strstr(def, cast); end; end = strstr(end + 1, cast))
	{
		const char *open = end - 1;
		StringInfoData text;
		StringInfoData elem;
		const char *p;

		/* back to the literal's opening quote, over its '' pairs */
		while (open >= def && !(*open == '\'' && (open == def || open[-1] != '\'')))
			open -= (*open == '\'') ? 2 : 1;
		if (open < def)
			continue;
		initStringInfo(&text);
		for (p = open + 1; p < end; p++)
		{
			appendStringInfoChar(&text, *p);
			if (*p == '\'')
				p++;
		}
		initStringInfo(&elem);
		for (p = text.data; *p;)
		{
			if (*p == '{' || *p == '}' || *p == ',')
			{
				p++;
				continue;
			}
			resetStringInfo(&elem);
			if (*p == '"')
			{
				for (p++; *p && *p != '"'; p++)
				{
					if (*p == '\\' && p[1])
						p++;
					appendStringInfoChar(&elem, *p);
				}
				if (*p)
					p++;
			}
			else
				for (; *p && *p != ',' && *p != '{' && *p != '}'; p++)
					appendStringInfoChar(&elem, *p);
			if (strcmp(elem.data, label) == 0)
				return true;
		}
	}
	return false;
}

/* Does a definition use label of enum e, alone or in an array literal? */
static bool
def_uses(const char *def, const char *lit, const char *cast, const char *label)
{
	return def != NULL && (strstr(def, lit) != NULL || array_holds(def, cast, label));
}

/*
 * Does any default or definition in "to" use label of enum e, which the
 * server refuses when the label was added in the same transaction?
 */
static bool
label_used(const AgSchema *to, const char *e, const char *label)
{
	char	   *lit = psprintf("%s::%s", quote_literal_cstr(label), qi(e));
	char	   *cast = psprintf("'::%s[]", qi(e));

	for (int i = 0; i < to->ncolumns; i++)
		if (def_uses(to->columns[i].defexpr, lit, cast, label))
			return true;
	for (int i = 0; i < to->nconstraints; i++)
		if (def_uses(to->constraints[i].def, lit, cast, label))
			return true;
	for (int i = 0; i < to->nindexes; i++)
		if (def_uses(to->indexes[i].def, lit, cast, label))
			return true;

	/*
	 * and what else the server checks when it is made: a view's query, a
	 * trigger's WHEN, a policy, a domain's default or check, a routine's
	 * argument defaults or BEGIN ATOMIC body (a string body is not parsed
	 * for it)
	 */
	for (int i = 0; i < to->nviews; i++)
		if (def_uses(to->views[i].def, lit, cast, label))
			return true;
	for (int i = 0; i < to->ntriggers; i++)
		if (def_uses(to->triggers[i].def, lit, cast, label))
			return true;
	for (int i = 0; i < to->npolicies; i++)
		if (def_uses(to->policies[i].def, lit, cast, label))
			return true;
	for (int i = 0; i < to->ndomains; i++)
	{
		if (def_uses(to->domains[i].defexpr, lit, cast, label))
			return true;
		for (int k = 0; k < to->domains[i].nchecks; k++)
			if (def_uses(to->domains[i].check_defs[k], lit, cast, label))
				return true;
	}
	for (int i = 0; i < to->nroutines; i++)
	{
		const AgRoutine *r = &to->routines[i];

		if (def_uses(r->args, lit, cast, label))
			return true;
		if (r->body && strstr(r->body, "BEGIN ATOMIC") && def_uses(r->body, lit, cast, label))
			return true;
	}
	return false;
}

static bool
has_label(const AgEnum *e, const char *label)
{
	for (int i = 0; i < e->nlabels; i++)
		if (strcmp(e->labels[i], label) == 0)
			return true;
	return false;
}

/*
 * A mark on a value of enum t (its name in "to") that cannot be followed,
 * and why.
 */
static void
label_left_alone(Cmp *cmp, const Pair *p, const AgEnum *now, const AgEnum *t)
{
	MarkLeft	why;

	if (t == NULL)
		why = MARK_NAME_GONE;
	else if (now == NULL || !has_label(now, p->from_name))
		why = now && has_label(now, p->to_name) ? MARK_LEFT_OVER : MARK_NO_OLD;
	else if (has_label(now, p->to_name))
		why = MARK_NAME_TAKEN;
	else if (t != NULL && has_label(t, p->from_name))
		why = MARK_OLD_KEPT;
	else
		why = MARK_NAME_GONE;
	autogen_mark_left_alone(cmp, "value", p->to_table, p->to_name, p->from_name, why);
}

/*
 * The values of enum fe ("from") as the model's marks rename them, each
 * with ALTER TYPE ... RENAME VALUE before the rest of the enum is compared:
 * the rows keep their value under its new label, which the same
 * transaction may use at once (unlike one ADD VALUE makes). A mark is
 * followed when fe has the old label and not the new one, and t ("to") the
 * new one and not the old.
 */
static const AgEnum *
rename_labels(Cmp *cmp, const AgEnum *fe, const AgEnum *t)
{
	AgEnum	   *renamed = NULL;
	ListCell   *lc;

	foreach(lc, cmp->label_pairs)
	{
		Pair	   *p = lfirst(lc);
		const AgEnum *now = renamed ? renamed : fe;

		if (strcmp(p->to_table, t->name) != 0)
			continue;
		if (now == NULL || !has_label(now, p->from_name) || has_label(now, p->to_name) ||
			!has_label(t, p->to_name) || has_label(t, p->from_name))
		{
			label_left_alone(cmp, p, now, t);
			continue;
		}
		if (renamed == NULL)
		{
			renamed = palloc(sizeof(AgEnum));
			*renamed = *fe;
			renamed->labels = palloc(sizeof(char *) * Max(fe->nlabels, 1));
			memcpy(renamed->labels, fe->labels, sizeof(char *) * fe->nlabels);
		}
		for (int j = 0; j < renamed->nlabels; j++)
			if (strcmp(renamed->labels[j], p->from_name) == 0)
				renamed->labels[j] = (char *) p->to_name;
		autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
					   "ALTER TYPE %s RENAME VALUE %s TO %s", qi(t->name),
					   quote_literal_cstr(p->from_name), quote_literal_cstr(p->to_name));
	}
	return renamed ? renamed : fe;
}

/*
 * The names of set (types or views made again, by name as printed) that a
 * definition casts to ("::name", or to arrays of it, not followed by more
 * of a name): all of them, or the first (first). One pass over the
 * definition, one lookup per cast.
 */
static List *
casts_in(HTAB *set, const char *def, bool first)
{
	List	   *found = NIL;

	if (def == NULL || set == NULL)
		return NIL;
	for (const char *p = strstr(def, "::"); p; p = strstr(p + 2, "::"))
	{
		int			len = autogen_printed_name_len(p + 2);
		const char *name = autogen_word_in(set, p + 2, len);

		if (name && p[2 + len] != '"' && !list_member_ptr(found, name))
		{
			found = lappend(found, (char *) name);
			if (first)
				break;
		}
	}
	return found;
}

/*
 * The type made again that a definition (a view's, a constraint's, a
 * default, a BEGIN ATOMIC body) casts to, or NULL: the definition is bound
 * to the old type. The row type of a view made again counts too.
 */
static const char *
recreated_cast(Cmp *cmp, const char *def)
{
	List	   *types = casts_in(cmp->recreated_printed, def, true);

	if (types == NIL)
		types = casts_in(cmp->redone_views_printed, def, true);
	return types ? linitial(types) : NULL;
}

bool
autogen_casts_to_recreated(Cmp *cmp, const char *def)
{
	return recreated_cast(cmp, def) != NULL;
}

/* The views made again whose row types a definition casts to. */
List *
autogen_redone_views_cast(Cmp *cmp, const char *def)
{
	return casts_in(cmp->redone_views_printed, def, false);
}

/* Mark type name made again (lossy: its values may not all convert). */
void
autogen_mark_recreated(Cmp *cmp, const char *name, bool lossy)
{
	if (cmp->recreated == NULL)
	{
		cmp->recreated = autogen_name_set("types made again");
		cmp->recreated_printed = autogen_name_set("types made again, as printed");
	}
	autogen_name_set_add(cmp->recreated, name, name);
	autogen_name_set_add(cmp->recreated_printed, qi(name), name);
	if (lossy)
		autogen_name_set_add(cmp->recreated, psprintf("lossy:%s", name), name);
}

bool
autogen_is_recreated(Cmp *cmp, const char *name)
{
	return name != NULL && autogen_name_set_find(cmp->recreated, name) != NULL;
}

bool
autogen_is_lossy(Cmp *cmp, const char *name)
{
	return name != NULL && autogen_name_set_find(cmp->recreated, psprintf("lossy:%s", name)) != NULL;
}

/*
 * The values enum name loses where it is made again, as a list of
 * literals ('a', 'b'), or NULL.
 */
const char *
autogen_removed_labels(Cmp *cmp, const char *name)
{
	return name != NULL ? autogen_name_set_find(cmp->recreated, psprintf("removed:%s", name)) : NULL;
}

/* Mark view i of "from" made again: its row type goes with it. */
void
autogen_mark_redone_view(Cmp *cmp, int i)
{
	const char *name = cmp->from->views[i].name;

	if (cmp->redone_views_printed == NULL)
		cmp->redone_views_printed = autogen_name_set("views made again, as printed");
	cmp->redone_views[i] = true;
	autogen_name_set_add(cmp->redone_views_printed, qi(name), name);
}

/*
 * Is a type (as printed, or an array of it) one of "to" made in this
 * migration? A table's row type too: the table is made first.
 */
static void
require_type(Cmp *cmp, AgAction *a, const char *type)
{
	char	   *elem = autogen_type_name(type, NULL);

	if (autogen_find_enum(cmp->to, elem) >= 0 || autogen_find_domain(cmp->to, elem) >= 0 ||
		autogen_find_composite(cmp->to, elem) >= 0)
		autogen_requires(a, "type:%s", elem);
	else if (autogen_find_table(cmp->to, elem) >= 0)
		autogen_requires(a, "table:%s", elem);
}

/*
 * The type made again that a type (as printed, or an array of it) is, or
 * NULL: what makes a domain over it or a composite type with an attribute
 * of it be made again too.
 */
static const char *
recreated(Cmp *cmp, const char *type)
{
	return autogen_name_set_find(cmp->recreated, autogen_type_name(type, NULL));
}

/*
 * Make a type again: rename the old one aside, create the new one, convert
 * the columns that use it (autogen_compare_columns, through
 * autogen_mark_recreated), drop the old one, after the old types made
 * again that depend on it (their drops provide "dropped-type:NAME").
 * Returns the CREATE, for what it needs first.
 */
static AgAction *
recreate_type(Cmp *cmp, const char *name, const char *keyword, char *create,
			  const char *owner, const char *acl, bool lossy, const char *requires)
{
	char	   *old = autogen_temp_name(cmp, name, "_schemamig_old");
	AgAction   *a;
	AgAction   *drop;

	autogen_action(&cmp->actions, PH_TYPE_PREPARE, name, false,
				   "ALTER %s %s RENAME TO %s", keyword, qi(name), qi(old));
	autogen_type_moved(cmp, name, old);
	a = autogen_action(&cmp->actions, PH_CREATE_TYPE, name, false, "%s", create);
	autogen_give_back(a, keyword, qi(name), owner, acl);
	autogen_provides(a, "type:%s", name);
	if (requires)
		require_type(cmp, a, requires);
	drop = autogen_action(&cmp->actions, PH_DROP_TYPE, name, false, "DROP %s %s", keyword, qi(old));
	autogen_provides(drop, "dropped-type:%s", name);
	autogen_mark_recreated(cmp, name, lossy);
	return a;
}

/*
 * A type made again or going whose old self depends on another such type
 * (a domain over it, a composite type with an attribute of it): its old
 * self is dropped first (order_type_drops).
 */
typedef struct TypeDep
{
	const char *type;
	const char *on;
} TypeDep;

static void
add_type_dep(List **deps, const char *type, const char *on)
{
	TypeDep    *d = palloc(sizeof(TypeDep));

	d->type = type;
	d->on = on;
	*deps = lappend(*deps, d);
}

/*
 * Drop a type that goes (keyword TYPE or DOMAIN): late, and after the types
 * that go or are made again over it (its drop provides "dropped-type:NAME",
 * order_type_drops).
 */
static void
drop_type(Cmp *cmp, const char *keyword, const char *name)
{
	AgAction   *a = autogen_action(&cmp->actions, PH_DROP_TYPE, name, true,
								   "DROP %s %s", keyword, qi(name));

	autogen_provides(a, "dropped-type:%s", name);
	autogen_late_drop(cmp, a, keyword, name);
}

static int
cmp_provides(const void *a, const void *b)
{
	return strcmp((*(AgAction *const *) a)->provides, (*(AgAction *const *) b)->provides);
}

/*
 * Each TypeDep's old type is dropped before the one it depends on: the type
 * drops, sorted by what they provide, are searched once a dependency.
 */
static void
order_type_drops(Cmp *cmp, List *deps)
{
	AgAction  **drops = palloc(sizeof(AgAction *) * (list_length(cmp->actions) + 1));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, cmp->actions)
	{
		AgAction   *a = lfirst(lc);

		if (a->phase == PH_DROP_TYPE && a->provides)
			drops[n++] = a;
	}
	qsort(drops, n, sizeof(AgAction *), cmp_provides);
	foreach(lc, deps)
	{
		TypeDep    *d = lfirst(lc);
		AgAction	key = {.provides = psprintf("dropped-type:%s", d->on)};
		AgAction   *keyp = &key;
		AgAction  **found = bsearch(&keyp, drops, n, sizeof(AgAction *), cmp_provides);

		if (found)
			autogen_requires(*found, "dropped-type:%s", d->type);
	}
}

/*
 * A type that keeps its name but changes kind (an enum that becomes a
 * composite type, say): the new one is made, the old one moved aside and
 * dropped late (late_drops_free_names()); in between, its columns are
 * converted as for a type made again (require_cast() refuses what text
 * cannot carry over), and what is over it is made again.
 */
static void
mark_kind_change(Cmp *cmp, const char *name, const char *kind)
{
	const char *now = autogen_type_kind(cmp->to, name);

	if (now && strcmp(now, kind) != 0)
		autogen_mark_recreated(cmp, name, true);
}

/* Enum types: create, add values, recreate, drop. */
void
autogen_compare_enums(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	ListCell   *lc;

	/* first of the types compared: kinds changed */
	for (int i = 0; i < from->nenums; i++)
		mark_kind_change(cmp, from->enums[i].name, "enum");
	for (int i = 0; i < from->ndomains; i++)
		mark_kind_change(cmp, from->domains[i].name, "domain");
	for (int i = 0; i < from->ncomposites; i++)
		mark_kind_change(cmp, from->composites[i].name, "composite type");

	for (int i = 0; i < to->nenums; i++)
	{
		const AgEnum *t = &to->enums[i];
		int			f = autogen_find_enum(from, t->name);
		const AgEnum *fe = rename_labels(cmp, f >= 0 ? &from->enums[f] : NULL, t);
		bool		subsequence = true;
		bool		same;
		int			k = 0;
		StringInfoData labels;

		initStringInfo(&labels);
		for (int j = 0; j < t->nlabels; j++)
			appendStringInfo(&labels, "%s%s", j > 0 ? ", " : "",
							 quote_literal_cstr(t->labels[j]));

		if (fe == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
										   "CREATE TYPE %s AS ENUM (%s)", qi(t->name), labels.data);

			autogen_give_back(a, "TYPE", qi(t->name), t->owner, t->acl);
			autogen_provides(a, "type:%s", t->name);
			autogen_comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), NULL, t->comment);
			continue;
		}

		/* are the old labels, in order, among the new ones, none used yet? */
		for (int j = 0; j < t->nlabels && k < fe->nlabels; j++)
		{
			if (strcmp(t->labels[j], fe->labels[k]) == 0)
				k++;
		}
		subsequence = (k == fe->nlabels);
		same = subsequence && fe->nlabels == t->nlabels;
		if (subsequence && !same)
		{
			for (int j = 0; j < t->nlabels; j++)
			{
				if (!has_label(fe, t->labels[j]) && label_used(to, t->name, t->labels[j]))
					subsequence = false;
			}
		}

		if (same)
			;
		else if (subsequence)
		{
			for (int j = 0; j < t->nlabels; j++)
			{
				const char *lab = t->labels[j];

				if (has_label(fe, lab))
					continue;
				/* at the end; so, in order, each label of an enum that had none */
				if (j == t->nlabels - 1 || fe->nlabels == 0)
					autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER TYPE %s ADD VALUE %s", qi(t->name),
								   quote_literal_cstr(lab));
				else if (j > 0)
					autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER TYPE %s ADD VALUE %s AFTER %s", qi(t->name),
								   quote_literal_cstr(lab), quote_literal_cstr(t->labels[j - 1]));
				else
					autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER TYPE %s ADD VALUE %s BEFORE %s", qi(t->name),
								   quote_literal_cstr(lab), quote_literal_cstr(fe->labels[0]));
			}
		}
		else
		{
			/* removed, reordered or used at once: a new type, columns converted */
			bool		lossy = false;
			StringInfoData removed;

			initStringInfo(&removed);
			for (int j = 0; j < fe->nlabels; j++)
				if (!has_label(t, fe->labels[j]))
				{
					appendStringInfo(&removed, "%s%s", lossy ? ", " : "",
									 quote_literal_cstr(fe->labels[j]));
					lossy = true;
				}
			/* the conversions come with the columns; lossy ones are marked */
			recreate_type(cmp, t->name, "TYPE",
						  psprintf("CREATE TYPE %s AS ENUM (%s)", qi(t->name), labels.data),
						  t->owner, t->acl, lossy, NULL);
			/* what a column that holds one is checked for (autogen_removed_labels) */
			if (lossy)
				autogen_name_set_add(cmp->recreated, psprintf("removed:%s", t->name), removed.data);
			autogen_comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), NULL, t->comment);
			continue;
		}
		autogen_comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), fe->comment, t->comment);
	}
	for (int i = 0; i < from->nenums; i++)
	{
		if (autogen_find_enum(to, from->enums[i].name) < 0)
			drop_type(cmp, "TYPE", from->enums[i].name);
	}
	/* marks on a value of what the model has no enum of at its end */
	foreach(lc, cmp->label_pairs)
	{
		Pair	   *p = lfirst(lc);

		if (autogen_find_enum(to, p->to_table) < 0)
			label_left_alone(cmp, p, NULL, NULL);
	}
}

/*
 * A domain made again over another built-in base type converts its columns
 * through text: refused, as a column's type change is (require_cast() in
 * compare_tables.c), when there is no cast between the two and a column
 * holds the domain.
 */
static void
require_base_cast(Cmp *cmp, const AgDomain *fd, const AgDomain *t)
{
	Oid			func;

	if (fd->builtin_base == InvalidOid || t->builtin_base == InvalidOid ||
		find_coercion_pathway(t->builtin_base, fd->builtin_base, COERCION_EXPLICIT,
							  &func) != COERCION_PATH_NONE)
		return;
	for (int i = 0; i < cmp->from->ncolumns; i++)
	{
		const AgColumn *c = &cmp->from->columns[i];

		if (c->schematype && strcmp(c->schematype, fd->name) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_CANNOT_COERCE),
					 errmsg("autogenerate cannot write the %s of domain %s from %s to %s",
							cmp->reverse ? "downgrade" : "upgrade", qi(t->name), fd->base, t->base),
					 errdetail("There is no cast from %s to %s, and column %s holds the domain.",
							   fd->base, t->base, autogen_qcol(c->table, c->name)),
					 errhint("Add a column of the new type and fill it in a revision of your own, then drop the old one; or write this revision by hand.")));
	}
}

/*
 * A domain of the model written out or changed: its base type and
 * collation, and what its default and checks use, exist first.
 */
static void
require_domain_base(Cmp *cmp, const AgDomain *t)
{
	char	   *what = psprintf("domain %s", qi(t->name));

	autogen_require_uncovered_type(cmp, what,
								   t->collation ? psprintf("%s COLLATE %s", t->base, t->collation) : t->base);
	autogen_require_uncovered_uses(cmp, 'y', t->name, what);
}

/* Does check i of domain fd call a routine made again? */
static bool
check_redone(Cmp *cmp, const AgDomain *fd, int i)
{
	return autogen_uses_redone(cmp, fd->check_routines[i]);
}

/* Is a check's definition (pg_get_constraintdef()) one NOT VALID? */
static bool
check_not_valid(const char *def)
{
	size_t		len = strlen(def);

	return len >= 10 && strcmp(def + len - 10, " NOT VALID") == 0;
}

/*
 * CREATE DOMAIN for d. made_again: its not-null constraint named even when
 * the server would choose that name, as the old domain still holds it and
 * the server would choose another.
 */
static char *
domain_create(const AgDomain *d, bool made_again)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE DOMAIN %s AS %s", qi(d->name), d->base);
	if (d->collation)
		appendStringInfo(&buf, " COLLATE %s", d->collation);
	if (d->defexpr)
		appendStringInfo(&buf, " DEFAULT %s", d->defexpr);
	if (d->notnull)
	{
		const char *name = made_again ? d->notnull_name :
			autogen_not_null_name(d->notnull_name, d->name, NULL);

		if (name)
			appendStringInfo(&buf, " CONSTRAINT %s", qi(name));
		appendStringInfoString(&buf, " NOT NULL");
	}
	for (int i = 0; i < d->nchecks; i++)
		if (!check_not_valid(d->check_defs[i]))
			appendStringInfo(&buf, " CONSTRAINT %s %s", qi(d->check_names[i]), d->check_defs[i]);
	return buf.data;
}

/*
 * The checks of domain d that are NOT VALID, which CREATE DOMAIN cannot
 * take (the server's syntax has no NOT VALID there): added after the
 * domain is made, once the columns that hold it are converted, as
 * ALTER DOMAIN ... ADD CONSTRAINT ... NOT VALID, which checks no value
 * already stored, as pg_dump does.
 */
static void
add_not_valid_checks(Cmp *cmp, const AgDomain *d)
{
	for (int i = 0; i < d->nchecks; i++)
		if (check_not_valid(d->check_defs[i]))
			autogen_require_routines(autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, d->name, false,
													"ALTER DOMAIN %s ADD CONSTRAINT %s %s", qi(d->name),
													qi(d->check_names[i]), d->check_defs[i]),
									 d->check_routines[i]);
}

/* CREATE DOMAIN for d (a), after the routines its default and checks call. */
static void
require_domain_routines(AgAction *a, const AgDomain *d)
{
	autogen_require_routines(a, d->routines);
	for (int i = 0; i < d->nchecks; i++)
		if (!check_not_valid(d->check_defs[i]))
			autogen_require_routines(a, d->check_routines[i]);
}

static char *
composite_create(const AgComposite *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE TYPE %s AS (", qi(c->name));
	for (int i = 0; i < c->nattrs; i++)
		appendStringInfo(&buf, "%s%s %s", i > 0 ? ", " : "", qi(c->attr_names[i]),
						 c->attr_types[i]);
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

/* The index of composite type c's attribute named name, or -1. */
static int attr_index(const AgComposite *c, const char *name);

/*
 * The comments on composite type t's attributes, from those of fc (NULL:
 * the type is made, or made again, and has none yet).
 */
static void
attribute_comments(Cmp *cmp, const AgComposite *fc, const AgComposite *t)
{
	for (int q = 0; q < t->nattrs; q++)
	{
		int			k = fc ? attr_index(fc, t->attr_names[q]) : -1;

		autogen_comment_change(cmp, psprintf("%s.%s", t->name, t->attr_names[q]),
							   psprintf("COLUMN %s", autogen_qcol(t->name, t->attr_names[q])),
							   k >= 0 ? fc->attr_comments[k] : NULL, t->attr_comments[q]);
	}
}

/* The index of composite type c's attribute named name, or -1. */
static int
attr_index(const AgComposite *c, const char *name)
{
	for (int i = 0; i < c->nattrs; i++)
		if (strcmp(c->attr_names[i], name) == 0)
			return i;
	return -1;
}

/*
 * Can composite type fc become t with ALTER TYPE: the attributes it keeps
 * in the same order with the same types, and what is added after them
 * (ADD ATTRIBUTE appends)?
 */
static bool
composite_alterable(const AgComposite *fc, const AgComposite *t)
{
	int			k = 0;

	for (int i = 0; i < fc->nattrs; i++)
	{
		int			m = attr_index(t, fc->attr_names[i]);

		if (m < 0)
			continue;
		if (m < k || strcmp(t->attr_types[m], fc->attr_types[i]) != 0)
			return false;
		k = m + 1;
	}
	for (int q = 0; q < k; q++)
		if (attr_index(fc, t->attr_names[q]) < 0)
			return false;
	return true;
}

/*
 * A composite type of "from" that the migration alters, makes again or
 * drops: refused (0A000) when a typed table, which autogenerate leaves
 * alone, is of it, as the server refuses each of these then.
 */
static void
require_no_typed_table(Cmp *cmp, const char *name)
{
	for (int i = 0; i < cmp->from->nuncovered; i++)
		if (autogen_str_eq(cmp->from->uncovered[i].of_type, name))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("autogenerate cannot change composite type %s, which typed table %s is of",
							quote_identifier(name), quote_identifier(cmp->from->uncovered[i].name)),
					 errdetail("autogenerate leaves typed tables alone, and the server refuses to alter or drop the type of one."),
					 errhint("Change them in a revision of your own, or keep the composite type as it is in the model.")));
}

/*
 * Mark type name made again (its own change, or a type it is over: on),
 * lossy when its change is or on's is.
 */
static void
mark_recreated(Cmp *cmp, const char *name, bool lossy, const char *on, List **deps)
{
	autogen_mark_recreated(cmp, name, lossy || autogen_is_lossy(cmp, on));
	if (on)
		add_type_dep(deps, name, on);
}

/*
 * Type name of schema s held in a container (an array, a composite type):
 * mark it in held_domain or held_composite (by index in s), with the
 * domains it is over and the types of its attributes.
 */
static void
hold(const AgSchema *s, const char *name, bool *held_domain, bool *held_composite)
{
	int			i;

	if ((i = autogen_find_domain(s, name)) >= 0)
	{
		if (held_domain[i])
			return;
		held_domain[i] = true;
		if (s->domains[i].schemabase)
			hold(s, s->domains[i].schemabase, held_domain, held_composite);
	}
	else if ((i = autogen_find_composite(s, name)) >= 0 && !held_composite[i])
	{
		held_composite[i] = true;
		for (int a = 0; a < s->composites[i].nattrs; a++)
			hold(s, autogen_type_name(s->composites[i].attr_types[a], NULL),
				 held_domain, held_composite);
	}
}

/*
 * Values of type name of schema s (NULL: none of its types), or arrays of
 * them (array), stored in a column: what they hold in a container. A
 * domain holds what it is over, in an array if it is over one.
 */
static void
hold_values(const AgSchema *s, const char *name, bool array, bool *held_domain,
			bool *held_composite)
{
	int			d;

	while (name && !array && (d = autogen_find_domain(s, name)) >= 0)
	{
		array = s->domains[d].base_array;
		name = s->domains[d].schemabase;
	}
	if (name && (array || autogen_find_composite(s, name) >= 0))
		hold(s, name, held_domain, held_composite);
}

/*
 * The domains of schema s that a column of a table or materialized view
 * holds in a container (in arrays, in composite types or a domain over
 * one), or that an expression uses in one (s->held_types), and the
 * domains under those, by index in s->domains. The server cannot check a
 * new constraint of such a domain against the values (ALTER DOMAIN ... ADD
 * CONSTRAINT fails with 0A000 while such a column or expression exists),
 * so it is made again instead, its columns converted.
 */
static bool *
held_in_containers(const AgSchema *s)
{
	bool	   *held_domain = palloc0(sizeof(bool) * (s->ndomains + 1));
	bool	   *held_composite = palloc0(sizeof(bool) * (s->ncomposites + 1));
	ListCell   *lc;

	for (int i = 0; i < s->ncolumns; i++)
		hold_values(s, s->columns[i].schematype, s->columns[i].array, held_domain, held_composite);
	foreach(lc, s->held_types)
		hold_values(s, lfirst(lc), false, held_domain, held_composite);
	foreach(lc, s->held_arrays)
		hold_values(s, lfirst(lc), true, held_domain, held_composite);
	return held_domain;
}

/* Does domain d have check constraint name with definition def? */
static bool
domain_has_check(const AgDomain *d, const char *name, const char *def)
{
	for (int i = 0; i < d->nchecks; i++)
		if (strcmp(d->check_names[i], name) == 0 && strcmp(d->check_defs[i], def) == 0)
			return true;
	return false;
}

/*
 * Is check name, of definition def in domain "to", one of domain "from"
 * that was NOT VALID and is validated (the same definition but for its
 * " NOT VALID", which pg_get_constraintdef() prints last)?
 */
static bool
domain_check_validated(const AgDomain *from, const char *name, const char *def)
{
	return domain_has_check(from, name, psprintf("%s NOT VALID", def));
}

/*
 * The comments on domain t's checks, set or changed: from those of fd's
 * that it keeps (fd NULL: the domain is new, or made again).
 */
static void
check_comments(Cmp *cmp, const AgDomain *fd, const AgDomain *t)
{
	for (int k = 0; k < t->nchecks; k++)
	{
		const char *was = NULL;

		/* one put back around a routine made again has none yet */
		for (int i = 0; fd && i < fd->nchecks; i++)
			if (strcmp(fd->check_names[i], t->check_names[k]) == 0 &&
				strcmp(fd->check_defs[i], t->check_defs[k]) == 0 && !check_redone(cmp, fd, i))
				was = fd->check_comments[i];
		autogen_comment_change(cmp, psprintf("%s.%s", t->name, t->check_names[k]),
							   psprintf("CONSTRAINT %s ON DOMAIN %s", qi(t->check_names[k]),
										qi(t->name)),
							   was, t->check_comments[k]);
	}
}

/* Does domain t have a constraint that fd lacks, which existing values must meet? */
static bool
domain_gains_check(const AgDomain *fd, const AgDomain *t)
{
	if (t->notnull && !fd->notnull)
		return true;
	for (int k = 0; k < t->nchecks; k++)
		if (!domain_has_check(fd, t->check_names[k], t->check_defs[k]))
			return true;
	return false;
}

/*
 * A composite type's attributes added or dropped in place wait for the
 * columns converted through text that must read or write its old shape
 * (converted() in compare_tables.c; sorted by type once, searched per
 * change).
 */
void
autogen_attribute_changes_wait(Cmp *cmp)
{
	int			n;
	Conversion *conversions;
	ListCell   *lc;

	if (cmp->conversions == NIL)
		return;
	conversions = autogen_by_name(cmp->conversions, sizeof(Conversion), &n);
	foreach(lc, cmp->attribute_changes)
	{
		AgAction   *a = lfirst(lc);
		int			first;
		int			count = SLICE(conversions, n, a->key, &first);

		for (int i = first; i < first + count; i++)
			autogen_requires(a, "%s", conversions[i].key);
	}
}

/*
 * Does a default or check calling these routines block a drop: one made
 * again, or (stays false: its domain goes, or is made again, its old self
 * dropped after the routines that go) one that goes?
 */
static bool
blocks_drop(Cmp *cmp, const char *routines, bool stays)
{
	ListCell   *lc;

	if (stays)
		return autogen_uses_redone(cmp, routines);
	foreach(lc, autogen_lines(routines))
		if (autogen_routine_dropped(cmp, lfirst(lc)))
			return true;
	return false;
}

/* drop, of a default or check, goes before the drops of the routines it calls */
static void
drop_before_routines(Cmp *cmp, AgAction *drop, const char *routines, const char *key)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(routines))
		if (autogen_routine_dropped(cmp, lfirst(lc)))
			autogen_drop_waits(cmp, drop, psprintf("dropped-routine:%s", (char *) lfirst(lc)), key);
}

/*
 * The default and checks of domain fd of "from" that call a routine the
 * migration drops: taken off before the routine's drop, which they would
 * block (2BP01), by the domain's own name, before any type is moved aside.
 * A domain that stays (stays) gets them back once a routine made again is
 * back (autogen_alter_domains()), and loses those calling one that goes
 * as the model has it; one made again or going needs them no more.
 */
static void
drop_calls_of_dropped(Cmp *cmp, const AgDomain *fd, bool stays)
{
	if (fd->defexpr && blocks_drop(cmp, fd->routines, stays))
		drop_before_routines(cmp,
							 autogen_action(&cmp->actions, PH_DROP_CONSTRAINT, fd->name, false,
											"ALTER DOMAIN %s DROP DEFAULT", qi(fd->name)),
							 fd->routines, psprintf("dropped-domain-default:%s", fd->name));
	for (int i = 0; i < fd->nchecks; i++)
		if (blocks_drop(cmp, fd->check_routines[i], stays))
			drop_before_routines(cmp,
								 autogen_action(&cmp->actions, PH_DROP_CONSTRAINT, fd->name,
												false, "ALTER DOMAIN %s DROP CONSTRAINT %s",
												qi(fd->name), qi(fd->check_names[i])),
								 fd->check_routines[i],
								 psprintf("dropped-domain-check:%s.%s", fd->name,
										  fd->check_names[i]));
}

/*
 * The index in fd of the check that check name of a domain's other self
 * replaces, or -1: one named so.
 */
static int
check_named(const AgDomain *fd, const char *name)
{
	for (int i = 0; i < fd->nchecks; i++)
		if (strcmp(fd->check_names[i], name) == 0)
			return i;
	return -1;
}

/*
 * Domains both schemas have and the migration keeps (not made again):
 * ALTER DOMAIN for the default, NOT NULL and check constraints. Run once
 * the routines made again are known (autogen_find_redone_routines()): a
 * default or check that calls one is taken off before the routine's drop
 * and put back after the routine is made again (a check with its
 * NOT VALID, and its comment); those of a domain made again or going,
 * which its old self would keep until it is dropped, go before any routine
 * they call that is dropped.
 */
void
autogen_alter_domains(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	bool	   *held = held_in_containers(to);

	for (int f = 0; f < from->ndomains; f++)
	{
		const AgDomain *fd = &from->domains[f];
		int			j = autogen_find_domain(to, fd->name);
		const AgDomain *t = j >= 0 ? &to->domains[j] : NULL;
		const char *name = qi(fd->name);
		bool		default_redone = fd->defexpr && autogen_uses_redone(cmp, fd->routines);

		if (t == NULL || autogen_is_recreated(cmp, fd->name))
		{
			drop_calls_of_dropped(cmp, fd, false);
			continue;
		}
		drop_calls_of_dropped(cmp, fd, true);
		if (!autogen_str_eq(fd->defexpr, t->defexpr) || default_redone)
		{
			if (t->defexpr)
			{
				AgAction   *a;

				require_domain_base(cmp, t);
				a = autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER DOMAIN %s SET DEFAULT %s", name, t->defexpr);
				autogen_require_routines(a, t->routines);
				/* before the columns added that take it (their rows do) */
				autogen_provides(a, "domain-default:%s", t->name);
			}
			else if (!default_redone)
				autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
							   "ALTER DOMAIN %s DROP DEFAULT", name);
		}
		if (fd->notnull != t->notnull)
		{
			const char *nn = t->notnull ? autogen_not_null_name(t->notnull_name, t->name, NULL) : NULL;

			if (nn)
				autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, t->name, false,
							   "ALTER DOMAIN %s ADD CONSTRAINT %s NOT NULL", name, qi(nn));
			else
				autogen_action(&cmp->actions, t->notnull ? PH_ADD_CONSTRAINT : PH_TYPE_PREPARE,
							   t->name, false, "ALTER DOMAIN %s %s NOT NULL", name,
							   t->notnull ? "SET" : "DROP");
		}
		else if (fd->notnull_name && t->notnull_name && strcmp(fd->notnull_name, t->notnull_name) != 0)
			autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, t->name, false,
						   "ALTER DOMAIN %s RENAME CONSTRAINT %s TO %s", name,
						   qi(fd->notnull_name), qi(t->notnull_name));
		for (int i = 0; i < fd->nchecks; i++)
			if (!check_redone(cmp, fd, i) &&
				!domain_has_check(t, fd->check_names[i], fd->check_defs[i]))
			{
				bool		validated = false;

				for (int k = 0; k < t->nchecks && !validated; k++)
					validated = strcmp(t->check_names[k], fd->check_names[i]) == 0 &&
						domain_check_validated(fd, t->check_names[k], t->check_defs[k]);
				if (!validated)
					autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, false,
								   "ALTER DOMAIN %s DROP CONSTRAINT %s", name,
								   qi(fd->check_names[i]));
			}
		for (int k = 0; k < t->nchecks; k++)
		{
			int			i = check_named(fd, t->check_names[k]);
			bool		redone = i >= 0 && check_redone(cmp, fd, i);

			if (!redone && domain_check_validated(fd, t->check_names[k], t->check_defs[k]))
			{
				/*
				 * a check NOT VALID that becomes valid is validated, not
				 * dropped and added again
				 */
				autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, t->name, false,
							   "ALTER DOMAIN %s VALIDATE CONSTRAINT %s", name,
							   qi(t->check_names[k]));
			}
			else if (redone || !domain_has_check(fd, t->check_names[k], t->check_defs[k]))
			{
				require_domain_base(cmp, t);
				if (redone && held[j] && !check_not_valid(t->check_defs[k]))
					ereport(ERROR,
							(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
							 errmsg("autogenerate cannot write the %s of domain %s, whose check %s calls a routine the migration makes again",
									cmp->reverse ? "downgrade" : "upgrade", name,
									qi(t->check_names[k])),
							 errdetail("The check would be dropped before the routine and added again after it, and the server refuses to check the values of a domain that an array, a composite type or a domain over one holds."),
							 errhint("Write this revision by hand, or change the routine in a revision of its own without dropping it.")));
				autogen_require_routines(autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, t->name, false,
														"ALTER DOMAIN %s ADD CONSTRAINT %s %s", name,
														qi(t->check_names[k]), t->check_defs[k]),
										 t->check_routines[k]);
			}
		}
		check_comments(cmp, fd, t);
		autogen_comment_change(cmp, t->name, psprintf("DOMAIN %s", name), fd->comment, t->comment);
	}
}

/*
 * Domains: made again when the base type or collation changes (altered
 * otherwise, by autogen_alter_domains()). Composite types:
 * attributes added or dropped with ALTER TYPE when the others keep their
 * order and type; made again otherwise. Either is made again, too, when
 * the type it is over (a domain's base, an attribute's type, or arrays of
 * them) is, or a domain's check casts to one: its old self depends on the
 * old type, which goes. A domain a column holds in a container is made
 * again when it gains a constraint (held_in_containers).
 */
void
autogen_compare_domains_composites(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	bool	   *redo_domain = palloc0(sizeof(bool) * (to->ndomains + 1));
	bool	   *redo_composite = palloc0(sizeof(bool) * (to->ncomposites + 1));
	List	   *deps = NIL;
	bool	   *held = held_in_containers(to);
	bool		changed = true;

	/* which are made again, until a pass finds no more */
	while (changed)
	{
		changed = false;
		for (int j = 0; j < to->ndomains; j++)
		{
			const AgDomain *t = &to->domains[j];
			int			f = autogen_find_domain(from, t->name);
			const AgDomain *fd = f >= 0 ? &from->domains[f] : NULL;
			const char *on;
			bool		own;

			if (redo_domain[j] || fd == NULL)
				continue;
			on = recreated(cmp, fd->base);
			for (int c = 0; c < fd->nchecks && on == NULL; c++)
				on = recreated_cast(cmp, fd->check_defs[c]);
			own = strcmp(fd->base, t->base) != 0 || !autogen_str_eq(fd->collation, t->collation);
			if (own || on ||
				(held[j] && domain_gains_check(fd, t)))
			{
				/* a base type widened (varchar(10) to (20)) loses no value */
				bool		lossy = own &&
					(!autogen_str_eq(fd->collation, t->collation) ||
					 !autogen_is_widening(fd->builtin_base, fd->base_typmod,
										  t->builtin_base, t->base_typmod));

				mark_recreated(cmp, t->name, lossy, on, &deps);
				redo_domain[j] = changed = true;
			}
		}
		for (int j = 0; j < to->ncomposites; j++)
		{
			const AgComposite *t = &to->composites[j];
			int			f = autogen_find_composite(from, t->name);
			const AgComposite *fc = f >= 0 ? &from->composites[f] : NULL;
			const char *on = NULL;
			bool		own;

			if (redo_composite[j] || fc == NULL)
				continue;
			/* its attributes that go are dropped before the type under them */
			for (int i = 0; i < fc->nattrs && on == NULL; i++)
				if (attr_index(t, fc->attr_names[i]) >= 0)
					on = recreated(cmp, fc->attr_types[i]);
			own = !composite_alterable(fc, t);
			if (own || on)
			{
				mark_recreated(cmp, t->name, own, on, &deps);
				redo_composite[j] = changed = true;
			}
		}
	}

	for (int j = 0; j < to->ndomains; j++)
	{
		const AgDomain *t = &to->domains[j];
		int			f = autogen_find_domain(from, t->name);
		const AgDomain *fd = f >= 0 ? &from->domains[f] : NULL;
		const char *name = qi(t->name);

		if (fd == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
										   "%s", domain_create(t, false));

			autogen_give_back(a, "DOMAIN", name, t->owner, t->acl);
			autogen_provides(a, "type:%s", t->name);
			require_type(cmp, a, t->base);
			require_domain_routines(a, t);
			require_domain_base(cmp, t);
			add_not_valid_checks(cmp, t);
			check_comments(cmp, NULL, t);
			autogen_comment_change(cmp, t->name, psprintf("DOMAIN %s", name), NULL, t->comment);
			continue;
		}
		if (redo_domain[j])
		{
			AgAction   *a = recreate_type(cmp, t->name, "DOMAIN", domain_create(t, true), t->owner,
										  t->acl, false, t->base);

			require_domain_routines(a, t);
			require_domain_base(cmp, t);
			require_base_cast(cmp, fd, t);
			add_not_valid_checks(cmp, t);
			/* its old self goes before the type it was over, should that go */
			if (fd->schemabase)
				add_type_dep(&deps, t->name, fd->schemabase);

			/* and after the types made again its checks cast to */
			for (int c = 0; c < t->nchecks; c++)
			{
				const char *cast = recreated_cast(cmp, t->check_defs[c]);

				if (cast)
					autogen_requires(a, "type:%s", cast);
			}
			check_comments(cmp, NULL, t);
			autogen_comment_change(cmp, t->name, psprintf("DOMAIN %s", name), NULL, t->comment);
			continue;
		}
		/* altered once the routines made again are known: autogen_alter_domains() */
	}
	for (int i = 0; i < from->ndomains; i++)
		if (autogen_find_domain(to, from->domains[i].name) < 0)
		{
			drop_type(cmp, "DOMAIN", from->domains[i].name);
			if (from->domains[i].schemabase)
				add_type_dep(&deps, from->domains[i].name, from->domains[i].schemabase);
		}

	for (int j = 0; j < to->ncomposites; j++)
	{
		const AgComposite *t = &to->composites[j];
		int			f = autogen_find_composite(from, t->name);
		const AgComposite *fc = f >= 0 ? &from->composites[f] : NULL;
		const char *what = psprintf("composite type %s", qi(t->name));
		AgAction   *prev = NULL;

		attribute_comments(cmp, fc == NULL || redo_composite[j] ? NULL : fc, t);

		if (fc == NULL || redo_composite[j])
		{
			AgAction   *a;

			if (fc == NULL)
			{
				a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false, "%s",
								   composite_create(t));
				autogen_give_back(a, "TYPE", qi(t->name), t->owner, t->acl);
				autogen_provides(a, "type:%s", t->name);
			}
			else
			{
				require_no_typed_table(cmp, t->name);
				a = recreate_type(cmp, t->name, "TYPE", composite_create(t), t->owner, t->acl,
								  false, NULL);
				/* its old self goes before the types of its old attributes */
				for (int i = 0; i < fc->nattrs; i++)
					add_type_dep(&deps, t->name, autogen_type_name(fc->attr_types[i], NULL));
			}
			for (int i = 0; i < t->nattrs; i++)
			{
				require_type(cmp, a, t->attr_types[i]);
				autogen_require_uncovered_type(cmp, what, t->attr_types[i]);
			}
			autogen_comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), NULL, t->comment);
			continue;
		}
		for (int i = 0; i < fc->nattrs; i++)
			if (attr_index(t, fc->attr_names[i]) < 0)
			{
				require_no_typed_table(cmp, t->name);
				cmp->attribute_changes =
					lappend(cmp->attribute_changes,
							autogen_action(&cmp->actions, PH_TYPE_PREPARE, t->name, true,
										   "ALTER TYPE %s DROP ATTRIBUTE %s", qi(t->name),
										   qi(fc->attr_names[i])));
			}
		/* ADD ATTRIBUTE appends: each after the one before it */
		for (int q = 0; q < t->nattrs; q++)
			if (attr_index(fc, t->attr_names[q]) < 0)
			{
				AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_TYPE, t->name, false,
											   "ALTER TYPE %s ADD ATTRIBUTE %s %s", qi(t->name),
											   qi(t->attr_names[q]), t->attr_types[q]);

				require_no_typed_table(cmp, t->name);
				cmp->attribute_changes = lappend(cmp->attribute_changes, a);
				autogen_require_uncovered_type(cmp, what, t->attr_types[q]);
				require_type(cmp, a, t->attr_types[q]);
				autogen_provides(a, "attribute:%s.%s", qi(t->name), qi(t->attr_names[q]));
				if (prev)
					autogen_requires(a, "%s", prev->provides);
				prev = a;
			}
		autogen_comment_change(cmp, t->name, psprintf("TYPE %s", qi(t->name)), fc->comment, t->comment);
	}
	for (int i = 0; i < from->ncomposites; i++)
		if (autogen_find_composite(to, from->composites[i].name) < 0)
		{
			require_no_typed_table(cmp, from->composites[i].name);
			drop_type(cmp, "TYPE", from->composites[i].name);
			for (int a = 0; a < from->composites[i].nattrs; a++)
				add_type_dep(&deps, from->composites[i].name,
							 autogen_type_name(from->composites[i].attr_types[a], NULL));
		}
	order_type_drops(cmp, deps);
}
