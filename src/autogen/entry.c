/*-------------------------------------------------------------------------
 *
 * src/autogen/entry.c
 *	  The SQL-callable functions of autogenerate: diff, autogenerate and
 *	  fingerprint.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "funcapi.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/varlena.h"

#include "schemamig.h"
#include "autogen.h"
#include "compare.h"

/* What a diff comes to. */
typedef struct AgDiff
{
	char	   *upgrade;
	char	   *downgrade;
} AgDiff;

/*
 * Read the schema named schema, with its objects printed unqualified, and
 * what else reading asks for.
 */
static AgSchema *
read_target(const char *schema, Oid nsp, AgReading reading)
{
	int			level = autogen_search_path(schema, NULL);
	AgSchema   *s = autogen_read_schema(schema, schema, nsp, reading);

	AtEOXact_GUC(true, level);
	return s;
}

/*
 * The SQL that turns "from" into "to", in the current memory context. The
 * comparison's lists and names live in a context of their own, gone before
 * the other direction is compared.
 */
static char *
compare_and_write(const AgSchema *from, const AgSchema *to, List *renames, bool reverse)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext cxt = AllocSetContextCreate(caller, "schemamig comparison",
											  ALLOCSET_DEFAULT_SIZES);
	char	   *sql;

	MemoryContextSwitchTo(cxt);
	sql = MemoryContextStrdup(caller,
							  autogen_write_actions(autogen_compare(from, to, renames, reverse)));
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(cxt);
	return sql;
}

/*
 * Give each object of to a field of from's object of the same key: both
 * arrays hold elements of size bytes, sorted by the string at keyoff, with
 * the field (a string) at fieldoff. An owner is taken only where to's
 * object has none of its own; grants always (NULL where from has no such
 * object).
 */
static void
keep_field(void *to, int nto, const void *from, int nfrom, size_t size,
		   size_t keyoff, size_t fieldoff, bool always)
{
	for (int i = 0; i < nto; i++)
	{
		char	   *elem = (char *) to + (size_t) i * size;
		char	  **field = (char **) (elem + fieldoff);
		int			j;

		if (*field != NULL && !always)
			continue;
		j = autogen_bsearch(from, nfrom, size, keyoff, *(char **) (elem + keyoff));
		*field = j >= 0 ? *(char **) ((const char *) from + (size_t) j * size + fieldoff) : NULL;
	}
}

#define KEEP_OWNERS(to, from, arr, n, type, key) \
	keep_field((to)->arr, (to)->n, (from)->arr, (from)->n, sizeof(type), \
			   offsetof(type, key), offsetof(type, owner), false)
#define KEEP_OWNERS_AND_GRANTS(to, from, arr, n, type, key) \
	(KEEP_OWNERS(to, from, arr, n, type, key), \
	 keep_field((to)->arr, (to)->n, (from)->arr, (from)->n, sizeof(type), \
				offsetof(type, key), offsetof(type, acl), true))

/*
 * The index of the only routine of s named name, or -1 (none, or several).
 * The routines are in byte order of their identities, name(types), so
 * those whose identity starts with "name(" are next to each other.
 */
static int
only_routine(const AgSchema *s, const char *name)
{
	char	   *prefix = psprintf("%s(", name);
	size_t		len = strlen(prefix);
	int			lo = 0;
	int			hi = s->nroutines;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(s->routines[mid].identity, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= s->nroutines || strncmp(s->routines[lo].identity, prefix, len) != 0 ||
		(lo + 1 < s->nroutines && strncmp(s->routines[lo + 1].identity, prefix, len) == 0))
		return -1;
	return lo;
}

/*
 * A routine whose argument types change is another identity, dropped and
 * created: where its name is not overloaded on either side, the new one is
 * the old one's successor, and takes its owner and grants (a SECURITY
 * DEFINER function given a defaulted argument must not come back owned by
 * whoever applies the revision, and callable by PUBLIC).
 */
static void
keep_replaced_routines(AgSchema *desired, const AgSchema *current)
{
	for (int i = 0; i < desired->nroutines; i++)
	{
		AgRoutine  *r = &desired->routines[i];
		int			c;

		if (autogen_find_routine(current, r->identity) >= 0 ||
			only_routine(desired, r->name) != i ||
			(c = only_routine(current, r->name)) < 0)
			continue;
		if (r->owner == NULL)
			r->owner = current->routines[c].owner;
		r->acl = current->routines[c].acl;
	}
}

/*
 * The name a mark of model m renames table (column NULL) or its column
 * from, or "" for none (which no table or column has).
 */
static const char *
renamed_from(const AgSchema *m, const char *table, const char *column)
{
	ListCell   *lc;

	foreach(lc, m->renames)
	{
		const AgRename *r = lfirst(lc);

		if (r->label == NULL && strcmp(r->table, table) == 0 &&
			autogen_str_eq(r->column, column))
			return r->from;
	}
	return "";
}

/*
 * What the upgrade makes again stays its owner's, with its grants, as the
 * downgrade's does: the model's objects are the caller's, so each takes the
 * owner of the schema's object it stands for (when that is another role);
 * and the schema's grants, which diff() does not compare, whatever the
 * model granted.
 */
static void
keep_schema_owners(AgSchema *desired, const AgSchema *current)
{
	KEEP_OWNERS(desired, current, tables, ntables, AgTable, name);
	KEEP_OWNERS(desired, current, sequences, nsequences, AgSequence, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, enums, nenums, AgEnum, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, domains, ndomains, AgDomain, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, composites, ncomposites, AgComposite, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, views, nviews, AgView, name);
	KEEP_OWNERS_AND_GRANTS(desired, current, routines, nroutines, AgRoutine, identity);
	keep_replaced_routines(desired, current);
	/* an index's statistics targets, for the same index made again */
	for (int i = 0; i < desired->nindexes; i++)
	{
		AgIndex    *x = &desired->indexes[i];
		int			first;
		int			n = SLICE(current->indexes, current->nindexes, x->table, &first);

		x->statistics = NULL;
		for (int j = first; j < first + n; j++)
			if (strcmp(current->indexes[j].name, x->name) == 0 &&
				autogen_index_same(&current->indexes[j], x))
				x->statistics = current->indexes[j].statistics;
	}
	/*
	 * a column's grants, for a column added again (a generated one): the
	 * column of that name, or else of the name a mark renames it from, in
	 * the table of that name, or else of the name a mark renames it from
	 */
	for (int i = 0; i < desired->ntables; i++)
	{
		const AgTable *t = &desired->tables[i];
		int			c = autogen_find_table(current, t->name);

		if (c < 0)
			c = autogen_find_table(current, renamed_from(desired, t->name, NULL));
		for (int j = 0; j < t->ncols; j++)
		{
			AgColumn   *col = &desired->columns[t->firstcol + j];
			const AgColumn *was = NULL;

			if (c >= 0 &&
				(was = autogen_find_column(current, &current->tables[c], col->name)) == NULL)
				was = autogen_find_column(current, &current->tables[c],
										  renamed_from(desired, t->name, col->name));
			col->acl = was ? was->acl : NULL;
		}
	}
}

/*
 * Refuse (0A000) what of model m the SQL would give to a role that does
 * not exist now that the model is rolled back: one the model created (or
 * renamed), gone with it, which its owner's ALTER ... OWNER TO or a
 * policy's TO would name, and fail (42704) when applied. The schema's
 * owners kept for the model's objects exist; the model's grants are not
 * written (keep_schema_owners()). A catalog cache look-up per owner, no
 * query.
 */
static void
refuse_model_role(const char *what, const char *name, const char *verb, const char *role)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s %s of the model %s role %s, which only the model creates",
					what, name, verb, quote_identifier(role)),
			 errdetail("The model runs in a subtransaction that is rolled back: role \"%s\" is gone after it, and the SQL written would name it (42704 when applied).",
					   role),
			 errhint("Create the role first, outside the model, then run diff() again.")));
}

/* (key: a name, quoted where it must be, or, quote false, a routine's identity) */
#define CHECK_OWNERS(m, arr, n, what, key, quote) \
	for (int i = 0; i < (m)->n; i++) \
		if ((m)->arr[i].owner != NULL && \
			!OidIsValid(get_role_oid((m)->arr[i].owner, true))) \
			refuse_model_role(what, (quote) ? quote_identifier((m)->arr[i].key) : (m)->arr[i].key, \
							  "is owned by", (m)->arr[i].owner)

static void
refuse_model_roles(const AgSchema *m)
{
	CHECK_OWNERS(m, tables, ntables, "table", name, true);
	CHECK_OWNERS(m, sequences, nsequences, "sequence", name, true);
	CHECK_OWNERS(m, views, nviews, "view", name, true);
	CHECK_OWNERS(m, enums, nenums, "type", name, true);
	CHECK_OWNERS(m, domains, ndomains, "domain", name, true);
	CHECK_OWNERS(m, composites, ncomposites, "type", name, true);
	CHECK_OWNERS(m, routines, nroutines, "routine", identity, false);
	/* a policy's roles: PUBLIC, or quoted names separated by ", " */
	for (int i = 0; i < m->npolicies; i++)
	{
		const AgPolicy *p = &m->policies[i];
		List	   *roles;
		ListCell   *lc;

		if (p->roles == NULL || strcmp(p->roles, "PUBLIC") == 0)
			continue;
		if (!SplitIdentifierString(pstrdup(p->roles), ',', &roles))
			elog(ERROR, "could not read the roles of policy %s", p->name);
		foreach(lc, roles)
			if (!OidIsValid(get_role_oid(lfirst(lc), true)))
				refuse_model_role("policy", psprintf("%s on table %s", quote_identifier(p->name),
													 quote_identifier(p->table)),
								  "applies to", lfirst(lc));
	}
}

/*
 * Compare the model with schema: the SQL both ways, in the caller's
 * memory context. Connects to SPI itself.
 */
static AgDiff
compute_diff(const char *model, const char *schema)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = AllocSetContextCreate(caller, "schemamig autogenerate",
											   ALLOCSET_DEFAULT_SIZES);
	Oid			nsp = autogen_schema_oid(schema);
	AgSchema   *desired;
	AgSchema   *current;
	TimestampTz start;
	TimestampTz read;
	AgDiff		d;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(work);

	desired = autogen_read_model(model, schema);
	start = GetCurrentTimestamp();
	current = read_target(schema, nsp, AG_READ_UNCOVERED);
	read = GetCurrentTimestamp();
	autogen_leave_alone(current, desired, nsp, schema);
	keep_schema_owners(desired, current);
	refuse_model_roles(desired);

	d.upgrade = compare_and_write(current, desired, desired->renames, false);
	d.downgrade = compare_and_write(desired, current, desired->renames, true);
	elog(DEBUG1, "diff: schema \"%s\" read in %.3f ms, compared and written in %.3f ms",
		 schema, (double) (read - start) / 1000.0,
		 (double) (GetCurrentTimestamp() - read) / 1000.0);
	d.upgrade = MemoryContextStrdup(caller, d.upgrade);
	d.downgrade = MemoryContextStrdup(caller, d.downgrade);

	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(work);
	return d;
}

/*
 * diff(model, schema): the SQL that turns schema into what the model
 * describes, and the SQL that turns it back, as one row; empty strings
 * when they already match.
 */
PG_FUNCTION_INFO_V1(schemamig_diff);
Datum
schemamig_diff(PG_FUNCTION_ARGS)
{
	char	   *model = schemamig_arg_text(fcinfo, 0, "diff", "model");
	char	   *schema = schemamig_arg_text(fcinfo, 1, "diff", "schema");
	TupleDesc	desc;
	Tuplestorestate *store = schemamig_result_set(fcinfo, &desc);
	Datum		values[2];
	bool		nulls[2] = {false, false};
	AgDiff		d = compute_diff(model, schema);

	values[0] = CStringGetTextDatum(d.upgrade);
	values[1] = CStringGetTextDatum(d.downgrade);
	tuplestore_putvalues(store, desc, values, nulls);
	return (Datum) 0;
}

/*
 * autogenerate(model, message, schema, id): register what diff() writes as
 * a new revision, a child of the single head; returns its id. Refuses
 * (55000) when there is nothing to change. Applies nothing.
 */
PG_FUNCTION_INFO_V1(schemamig_autogenerate);
Datum
schemamig_autogenerate(PG_FUNCTION_ARGS)
{
	char	   *model = schemamig_arg_text(fcinfo, 0, "autogenerate", "model");
	char	   *message = schemamig_arg_text(fcinfo, 1, "autogenerate", "message");
	char	   *schema = schemamig_arg_text(fcinfo, 2, "autogenerate", "schema");
	char	   *id = PG_ARGISNULL(3) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(3));
	AgDiff		d;

	if (id != NULL)
		plan_check_id(id, "revision id");
	d = compute_diff(model, schema);
	if (d.upgrade[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("autogenerate: schema \"%s\" already matches the model", schema),
				 errdetail("diff() finds nothing to change, so there is no revision to write."),
				 errhint("Change the model first, or upgrade the database to head if the model's changes are in a pending revision.")));
	PG_RETURN_TEXT_P(cstring_to_text(schemamig_register_revision(id, message,
																 d.upgrade,
																 d.downgrade)));
}

/* fingerprint(schema): a stable hash of what diff() compares in schema. */
PG_FUNCTION_INFO_V1(schemamig_fingerprint);
Datum
schemamig_fingerprint(PG_FUNCTION_ARGS)
{
	char	   *schema = schemamig_arg_text(fcinfo, 0, "fingerprint", "schema");
	Oid			nsp = autogen_schema_oid(schema);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = AllocSetContextCreate(caller, "schemamig fingerprint",
											   ALLOCSET_DEFAULT_SIZES);
	char	   *hash;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(work);
	hash = MemoryContextStrdup(caller, autogen_fingerprint(read_target(schema, nsp, AG_READ_COMPARED)));
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(work);
	PG_RETURN_TEXT_P(cstring_to_text(hash));
}
