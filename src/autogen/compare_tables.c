/*-------------------------------------------------------------------------
 *
 * src/autogen/compare_tables.c
 *	  The comparison of tables: columns, constraints, indexes, sequences.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/string.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "compare.h"

/*
 * The number after word in a sequence's options as read (AgSequence's
 * options, AgColumn's identity_options: "... MINVALUE 1 MAXVALUE ...").
 */
static int64
sequence_option(const char *options, const char *word)
{
	const char *p = strstr(options, word);

	return p ? strtoi64(p + strlen(word), NULL, 10) : 0;
}

/*
 * A DO block of body (PL/pgSQL) as an action, quoted with a dollar tag the
 * body does not hold.
 */
static void
do_block(Cmp *cmp, AgPhase phase, const char *key, const char *body)
{
	const char *tag = "$schemamig$";

	while (strstr(body, tag) != NULL)
		tag = psprintf("$%s_$", pnstrdup(tag + 1, strlen(tag) - 2));
	autogen_action(&cmp->actions, phase, key, false, "DO %s%s%s", tag, body, tag);
}

/*
 * ALTER SEQUENCE, and an identity's ALTER COLUMN ... SET, refuse bounds
 * that leave out the sequence's current value ("RESTART value (1) cannot
 * be less than MINVALUE (100)"), also one that no value was taken from
 * yet. A sequence that goes up and whose MINVALUE rises (or one that goes
 * down and whose MAXVALUE falls) goes on from its new bound where it has
 * not reached it: setval() first, within its old bounds, under a condition
 * on its last value that the revision reads when it runs (read, the
 * sequence itself, by read_from; NULL: an identity's, whose name is not
 * compared, by the name pg_get_serial_sequence() gives then). The last
 * value, whatever is_called says: a value below the bound, once handed
 * out or next, makes the bound next; one at or past it, next or handed
 * out, stays, so that no value comes twice. A sequence that went past its
 * new bound (a MAXVALUE below a value it gave) still fails, as its values
 * would come again. Returns whether the new bounds and the old ones have no value in
 * common: then the current value is outside them whatever it is, and the
 * statement restarts the sequence (RESTART, at its new START).
 */
static bool
sequence_goes_on(Cmp *cmp, AgPhase phase, const char *key, const char *from_opts,
				 const char *to_opts, const char *seq, const char *read_from)
{
	int64		old_min = sequence_option(from_opts, "MINVALUE ");
	int64		old_max = sequence_option(from_opts, "MAXVALUE ");
	int64		new_min = sequence_option(to_opts, "MINVALUE ");
	int64		new_max = sequence_option(to_opts, "MAXVALUE ");
	bool		up = sequence_option(to_opts, "INCREMENT BY ") > 0;
	int64		bound = up ? new_min : new_max;

	if (new_min > old_max || new_max < old_min)
		return true;
	if (up ? new_min <= old_min : new_max >= old_max)
		return false;
	if (read_from)
	{
		autogen_action(&cmp->actions, phase, key, false,
					   "SELECT pg_catalog.setval(%s, " INT64_FORMAT ", false) FROM %s"
					   " WHERE last_value OPERATOR(pg_catalog.%s) " INT64_FORMAT,
					   seq, bound, read_from, up ? "<" : ">", bound);
		return false;
	}

	/*
	 * An identity's sequence, read by the name the server gives it when
	 * the revision runs: its last_value, which is the next value while
	 * is_called is false (no value taken yet, or setval(seq, n, false)),
	 * where pg_sequence_last_value() says NULL.
	 */
	do_block(cmp, phase, key,
			 psprintf("DECLARE schemamig_seq pg_catalog.regclass := %s; schemamig_last bigint; BEGIN"
					  " EXECUTE pg_catalog.format('SELECT last_value FROM %%s', schemamig_seq)"
					  " INTO schemamig_last;"
					  " IF schemamig_last OPERATOR(pg_catalog.%s) " INT64_FORMAT " THEN"
					  " PERFORM pg_catalog.setval(schemamig_seq, " INT64_FORMAT ", false);"
					  " END IF; END", seq, up ? "<" : ">", bound, bound));
	return false;
}

/*
 * Column c's type followed through the domains of s, over domains: the
 * built-in type it ends at (an array type's for arrays, *array saying
 * whether c's values are arrays), with its length in *typmod; otherwise
 * InvalidOid, *n the name the walk stopped at (a type of s that is no
 * domain, one of another schema, or NULL) and *over the domain of s last
 * followed (-1: none).
 */
static Oid
follow_domains(const AgSchema *s, const AgColumn *c, bool *array, int32 *typmod,
			   const char **n, int *over)
{
	*array = c->array;
	*typmod = c->typmod;
	*n = autogen_type_name(c->type, NULL);
	*over = -1;
	if (c->builtin_type != InvalidOid)
		return c->builtin_type;
	for (int d; *n && (d = autogen_find_domain(s, *n)) >= 0;)
	{
		const AgDomain *dom = &s->domains[d];

		*over = d;
		if (dom->builtin_base != InvalidOid)
		{
			*typmod = dom->base_typmod;
			return *array ? get_array_type(dom->builtin_base) : dom->builtin_base;
		}
		*array = *array || dom->base_array;
		*n = dom->schemabase;
	}
	return InvalidOid;
}

/*
 * What the values of column c of schema s are converted as. A built-in
 * type: its OID (an array type's for arrays). Otherwise InvalidOid, and
 * *name is the enum, composite or range type of s they are of, or arrays
 * of (*array), *kind what it is (autogen_type_kind()); both NULL for
 * another type: one of another schema, a base type of s (their casts are
 * left to the server). A domain of s counts as its base type, followed
 * through domains over domains.
 */
static Oid
cast_type(const AgSchema *s, const AgColumn *c, const char **name, const char **kind,
		  bool *array)
{
	int32		typmod;
	const char *n;
	int			over;
	Oid			b = follow_domains(s, c, array, &typmod, &n, &over);

	*name = *kind = NULL;
	if (OidIsValid(b))
		return b;
	if (n && (*kind = autogen_type_kind(s, n)) != NULL)
		*name = n;
	return InvalidOid;
}

/*
 * Does an explicit cast to built-in type b (or arrays of it) with a length
 * cut a value too long for it, where assignment fails? Those whose length
 * function takes "is explicit": varchar(n), char(n), bit(n), varbit(n).
 */
static bool
explicit_cast_cuts(Oid b)
{
	Oid			elem = get_element_type(b);
	Oid			func;

	return find_typmod_coercion_function(OidIsValid(elem) ? elem : b, &func) == COERCION_PATH_FUNC &&
		get_func_nargs(func) == 3;
}

/*
 * The base type of a domain of another schema, or of arrays of one, that
 * the catalog tells (with its length in *typmod); InvalidOid for another
 * type.
 */
static Oid
catalog_domain_base(Oid typid, bool array, int32 *typmod)
{
	Oid			elem = get_element_type(typid);
	Oid			base;

	*typmod = -1;
	if (OidIsValid(elem))
	{
		typid = elem;
		array = true;
	}
	if (!SearchSysCacheExists1(TYPEOID, ObjectIdGetDatum(typid)) || get_typtype(typid) != TYPTYPE_DOMAIN)
		return InvalidOid;
	base = getBaseTypeAndTypmod(typid, typmod);
	return array ? get_array_type(base) : base;
}

/*
 * The type that values of column c of schema s are of at bottom, with its
 * length or precision in *typmod: c's built-in type, or the base type of
 * the domain it is of (of s, or of another schema, as the catalog says),
 * or arrays of it; InvalidOid when that is no built-in type it can tell.
 */
static Oid
bottom_type(const AgSchema *s, const AgColumn *c, int32 *typmod)
{
	bool		array;
	const char *n;
	int			over;
	Oid			b = follow_domains(s, c, &array, typmod, &n, &over);

	if (OidIsValid(b))
		return b;
	/* a domain of s over one of another schema */
	if (over >= 0 && n == NULL)
		return catalog_domain_base(s->domains[over].base_typid, array, typmod);
	/* a type of another schema: the model's own are gone once read */
	if (over < 0 && c->schematype == NULL && c->localtype == NULL)
		return catalog_domain_base(c->typid, false, typmod);
	return InvalidOid;
}

/*
 * The type ALTER COLUMN ... TYPE ... USING casts column values, of type
 * source (with its length; text when they go through text), to explicitly
 * on their way to t's: t's own, except where that cast could cut a value
 * too long for t (explicit_cast_cuts(): t, or the base type of the domain
 * t is, or arrays of either, from another type or a longer one): then the
 * built-in type without its length, which the statement then assigns to
 * t, failing on such a value. Not where the cast's function takes the
 * length itself (int to bit(n)), nor from the same type no longer, whose
 * cast cuts nothing and keeps a widening from rewriting the table.
 */
static const char *
explicit_target(const AgSchema *s, Oid source, int32 source_typmod, const AgColumn *t)
{
	int32		typmod;
	Oid			b = bottom_type(s, t, &typmod);
	Oid			func;

	if (!OidIsValid(b) || typmod < 0 || !explicit_cast_cuts(b))
		return t->type;
	if (source == b && source_typmod >= 0 && source_typmod <= typmod)
		return t->type;
	if (OidIsValid(source) && OidIsValid(get_element_type(source)) == OidIsValid(get_element_type(b)) &&
		find_coercion_pathway(OidIsValid(get_element_type(b)) ? get_element_type(b) : b,
							  OidIsValid(get_element_type(source)) ? get_element_type(source) : source,
							  COERCION_EXPLICIT, &func) == COERCION_PATH_FUNC &&
		get_func_nargs(func) > 1)
		return t->type;
	return format_type_with_typemod(b, -1);
}

/*
 * Can a built-in type b (perhaps an array type) and a type of the schema
 * (array: or arrays of it) be cast to each other? Only string types read
 * the schema's types and are read into them, and a string type's arrays
 * only their arrays.
 */
static bool
string_cast(Oid b, bool array)
{
	Oid			elem = get_element_type(b);

	if (elem != InvalidOid)
		return array && TypeCategory(elem) == TYPCATEGORY_STRING;
	return TypeCategory(b) == TYPCATEGORY_STRING;
}

/*
 * How column values of type f become t's with ALTER COLUMN ... TYPE:
 * returns true for through text (USING col::text::type), between two
 * enums, two composite types or two range types of the schema (or arrays
 * of them), which have no cast to each other but all read text and are
 * read as text; so does a type made again to itself or a domain over it
 * (or back), the old values being of its old self; and from char(n) to a
 * type of the schema, which would read the padding of its values. Refused (42846) where
 * the statement would fail: no cast from the old built-in type to the new
 * one; between a type of the schema and a built-in type that is not a
 * string type, or a type of the schema of another kind (an enum that
 * becomes a composite type under the same name, say), or arrays and not
 * arrays. The comparison's only catalog lookups are syscache probes of
 * built-in types; other types are left to the server.
 */
static bool
require_cast(Cmp *cmp, const char *table, const AgColumn *f, const AgColumn *t)
{
	const char *from_name;
	const char *to_name;
	const char *from_kind;
	const char *to_kind;
	bool		from_array;
	bool		to_array;
	Oid			from_type = cast_type(cmp->from, f, &from_name, &from_kind, &from_array);
	Oid			to_type = cast_type(cmp->to, t, &to_name, &to_kind, &to_array);
	Oid			func;

	if (from_type != InvalidOid && to_type != InvalidOid)
	{
		if (find_coercion_pathway(to_type, from_type, COERCION_EXPLICIT,
								  &func) != COERCION_PATH_NONE)
			return false;
	}
	else if ((from_type == InvalidOid && from_kind == NULL) ||
			 (to_type == InvalidOid && to_kind == NULL))
		return false;
	else if (from_type != InvalidOid)
	{
		/* (char(n)'s own output keeps its padding; text drops it) */
		if (string_cast(from_type, to_array))
			return from_type == BPCHAROID || from_type == BPCHARARRAYOID;
	}
	else if (to_type != InvalidOid)
	{
		if (string_cast(to_type, from_array))
			return false;
	}
	else if (from_array == to_array && strcmp(from_kind, to_kind) == 0)
		return strcmp(from_name, to_name) != 0 ||
			autogen_is_recreated(cmp, from_name);
	ereport(ERROR,
			(errcode(ERRCODE_CANNOT_COERCE),
			 errmsg("autogenerate cannot write the %s of column %s from %s to %s",
					cmp->reverse ? "downgrade" : "upgrade", autogen_qcol(table, t->name),
					f->type, t->type),
			 from_kind && to_kind ?
			 errdetail("There is no cast from %s%s %s to %s%s %s, and converting through text would fail.",
					   from_array ? "arrays of " : "", from_kind, quote_identifier(from_name),
					   to_array ? "arrays of " : "", to_kind, quote_identifier(to_name)) :
			 errdetail("There is no cast from %s to %s, so ALTER COLUMN ... TYPE ... USING %s::%s would fail.",
					   f->type, t->type, quote_identifier(t->name), t->type),
			 errhint("Add a column of the new type and fill it in a revision of your own, then drop the old one; or write this revision by hand.")));
	return false;
}

/* How many attributes composite type name has in schema s, or -1. */
static int
attribute_count(const AgSchema *s, const char *name)
{
	int			k = name ? autogen_find_composite(s, name) : -1;

	return k >= 0 ? s->composites[k].nattrs : -1;
}

/* Let the attribute changes of composite type name wait for action a. */
static void
changes_wait(Cmp *cmp, AgAction *a, const char *name, const char *key)
{
	Conversion *c = palloc(sizeof(Conversion));

	a->provides = pstrdup(key);
	c->type = name;
	c->key = key;
	cmp->conversions = lappend(cmp->conversions, c);
}

/*
 * Column f converted to t through text by action a (providing key),
 * between composite types of the schema (or arrays of them, or domains
 * over them), one or both of which gain or lose attributes in place: a
 * value's text has as many fields as its type's attributes, and is read
 * only into as many. The conversion comes after those changes
 * (PH_TYPE_PREPARE, PH_CREATE_TYPE) unless the counts then differ; then
 * before those of the source type, or of the target type, or of both,
 * whichever makes them agree (autogen_attribute_changes_wait).
 */
static void
converted(Cmp *cmp, AgAction *a, const AgColumn *f, const AgColumn *t, const char *key)
{
	const char *src;
	const char *dst;
	const char *kind;
	bool		array;
	int			s0;
	int			s1;
	int			t0;
	int			t1;

	if (cast_type(cmp->from, f, &src, &kind, &array) != InvalidOid || src == NULL ||
		strcmp(kind, "composite type") != 0 ||
		cast_type(cmp->to, t, &dst, &kind, &array) != InvalidOid || dst == NULL ||
		strcmp(kind, "composite type") != 0)
		return;
	s0 = attribute_count(cmp->from, src);
	s1 = attribute_count(cmp->to, src) >= 0 ? attribute_count(cmp->to, src) : s0;
	t1 = attribute_count(cmp->to, dst);
	t0 = attribute_count(cmp->from, dst) >= 0 ? attribute_count(cmp->from, dst) : t1;
	if (s1 == t1)
		return;
	if (s0 == t1 || s0 == t0)
		changes_wait(cmp, a, src, key);
	if ((s1 == t0 && s0 != t1) || (s0 == t0 && s0 != t1))
		changes_wait(cmp, a, dst, key);
}

/*
 * Does composite type name, made again, keep the attribute names it had,
 * in their order? Values of it that go through their text (arrays of it,
 * a domain over it, an attribute of another composite type) are read by
 * position, and would put a value in another attribute, or fail.
 */
static void
require_same_layout(Cmp *cmp, const char *name, const char *what)
{
	int			f = name ? autogen_find_composite(cmp->from, name) : -1;
	int			t = name ? autogen_find_composite(cmp->to, name) : -1;
	bool		same;

	if (f < 0 || t < 0 || !autogen_is_recreated(cmp, name))
		return;
	same = cmp->from->composites[f].nattrs == cmp->to->composites[t].nattrs;
	for (int i = 0; same && i < cmp->to->composites[t].nattrs; i++)
		same = strcmp(cmp->from->composites[f].attr_names[i], cmp->to->composites[t].attr_names[i]) == 0;
	if (!same)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("autogenerate cannot convert %s: composite type %s changes the order or number of its attributes",
						what, quote_identifier(name)),
				 errdetail("The %s converts such values through their text, which is read by position: values would move to other attributes, or fail to convert.",
						   cmp->reverse ? "downgrade" : "upgrade"),
				 errhint("Keep the attributes' order and add new ones at the end, or convert those values in a revision of your own.")));
}

/*
 * The USING expression that converts column cname of composite type name,
 * made again, to its new self by attribute name: the text of a row of the
 * new attributes, each kept one the old value's as text and a new one
 * NULL, read as the new type; a NULL value stays NULL. The old value's
 * own text would be read by position, and fail where an attribute was
 * added or dropped before the last (too few or too many fields), or put
 * values in the wrong attributes where they were reordered. Each attribute
 * is read by its type's input, as the column would be (its type may be
 * made again too), which fails a value too long for varchar(n), where a
 * cast would cut it. NULL when the type is no composite type of both sides.
 */
static char *
composite_by_name(Cmp *cmp, const char *cname, const char *name, const char *type)
{
	int			f = autogen_find_composite(cmp->from, name);
	int			t = autogen_find_composite(cmp->to, name);
	const AgComposite *fc;
	const AgComposite *tc;
	StringInfoData buf;

	if (f < 0 || t < 0)
		return NULL;
	fc = &cmp->from->composites[f];
	tc = &cmp->to->composites[t];
	initStringInfo(&buf);
	appendStringInfo(&buf, "CASE WHEN pg_catalog.num_nulls(%s) OPERATOR(pg_catalog.=) 1 THEN NULL ELSE ROW(",
					 cname);
	for (int i = 0; i < tc->nattrs; i++)
	{
		bool		kept = false;

		for (int j = 0; j < fc->nattrs && !kept; j++)
			kept = strcmp(fc->attr_names[j], tc->attr_names[i]) == 0;
		require_same_layout(cmp, autogen_type_name(tc->attr_types[i], NULL),
							psprintf("attribute %s of composite type %s", quote_identifier(tc->attr_names[i]),
									 quote_identifier(name)));
		if (kept)
			appendStringInfo(&buf, "%s(%s).%s::text", i > 0 ? ", " : "", cname,
							 quote_identifier(tc->attr_names[i]));
		else
			appendStringInfo(&buf, "%sNULL::text", i > 0 ? ", " : "");
	}
	appendStringInfo(&buf, ")::text::%s END", type);
	return buf.data;
}

/* Does a type as printed (an attribute's: "name[] COLLATE c") end with []? */
static bool
printed_type_is_array(const char *type)
{
	size_t		len = autogen_type_end(type);

	return len >= 2 && strncmp(type + len - 2, "[]", 2) == 0;
}

/*
 * One place where a column holds values of an enum made again without
 * some of its values: the FROM list that reaches them, the text of one,
 * the attribute path to it (NULL: the column's own value) and the enum.
 */
typedef struct LabelRead
{
	char	   *from;
	char	   *value;
	char	   *path;
	const char *enumname;
} LabelRead;

/*
 * The LabelReads of expr, of type name of "from" (arrays of it: array),
 * read from the FROM list "from" at attribute path "path": through the
 * domains it is over, the elements of arrays (unnest(), one alias each,
 * counted by n) and the attributes of composite types, down to each enum
 * that loses values. The old types are the ones the rows hold.
 */
static void
label_reads(Cmp *cmp, const char *expr, const char *name, bool array, const char *from,
			const char *path, int *n, List **out)
{
	const AgSchema *s = cmp->from;
	int			i;

	while (name && !array && (i = autogen_find_domain(s, name)) >= 0)
	{
		array = s->domains[i].base_array;
		name = s->domains[i].schemabase;
	}
	if (name == NULL)
		return;
	if (array)
	{
		const char *elem = name;
		char	   *alias = *n == 0 ? pstrdup("schemamig_label") :
			psprintf("schemamig_label_%d", *n);

		(*n)++;
		while ((i = autogen_find_domain(s, elem)) >= 0 && !s->domains[i].base_array &&
			   s->domains[i].schemabase)
			elem = s->domains[i].schemabase;
		/* of an enum (or a domain over one): their text, as the conversion reads it */
		if (autogen_find_enum(s, elem) >= 0)
		{
			LabelRead  *r;

			if (autogen_removed_labels(cmp, elem) == NULL || autogen_find_enum(cmp->to, elem) < 0)
				return;
			r = palloc(sizeof(LabelRead));
			r->from = psprintf("%s, pg_catalog.unnest(%s::text[]) AS %s(value)", from, expr, alias);
			r->value = psprintf("%s.value", alias);
			r->path = path ? pstrdup(path) : NULL;
			r->enumname = elem;
			*out = lappend(*out, r);
			return;
		}
		label_reads(cmp, psprintf("%s.value", alias), name, false,
					/* a column list would name a composite element's attributes */
					psprintf("%s, LATERAL (SELECT pg_catalog.unnest(%s) AS value) AS %s", from, expr,
							 alias),
					path, n, out);
		return;
	}
	if (autogen_find_enum(s, name) >= 0)
	{
		LabelRead  *r;

		if (autogen_removed_labels(cmp, name) == NULL || autogen_find_enum(cmp->to, name) < 0)
			return;
		r = palloc(sizeof(LabelRead));
		r->from = pstrdup(from);
		r->value = psprintf("%s::text", expr);
		r->path = path ? pstrdup(path) : NULL;
		r->enumname = name;
		*out = lappend(*out, r);
		return;
	}
	if ((i = autogen_find_composite(s, name)) >= 0)
	{
		const AgComposite *c = &s->composites[i];

		for (int a = 0; a < c->nattrs; a++)
		{
			const char *attr = qi(c->attr_names[a]);

			label_reads(cmp, psprintf("(%s).%s", expr, attr),
						autogen_type_name(c->attr_types[a], NULL), printed_type_is_array(c->attr_types[a]),
						from, path ? psprintf("%s.%s", path, attr) : attr, n, out);
		}
	}
}

/*
 * Column tc of table (tname as printed), fc before, holds an enum made
 * again without some of its values: itself, in arrays, through a domain
 * over it, or in an attribute of a composite type (at any depth). A row
 * that holds one of those values fails the conversion with the type's
 * input error alone (invalid input value for enum e: "b"), naming no
 * table, column, attribute or row. A statement for each place the values
 * are, before the type is moved aside, stops the migration first, naming
 * the column (and the attribute) and the value, and saying what to do.
 */
static void
check_removed_labels(Cmp *cmp, const char *table, const char *tname, const AgColumn *fc,
					 const AgColumn *tc)
{
	const char *column = qi(tc->name);
	List	   *reads = NIL;
	int			n = 0;
	ListCell   *lc;

	/* (names of its own, qualified, that neither the table's columns nor PL/pgSQL's take) */
	label_reads(cmp, psprintf("schemamig_row.%s", column), fc->schematype, fc->array,
				psprintf("%s AS schemamig_row", tname), NULL, &n, &reads);
	foreach(lc, reads)
	{
		LabelRead  *r = lfirst(lc);

		do_block(cmp, PH_TYPE_PREPARE, tc->schematype,
				 psprintf("DECLARE schemamig_value text; BEGIN"
						  " SELECT %s INTO schemamig_value FROM %s"
						  " WHERE %s OPERATOR(pg_catalog.=) ANY (ARRAY[%s]) LIMIT 1;"
						  " IF FOUND THEN RAISE EXCEPTION USING ERRCODE = 'invalid_text_representation',"
						  " MESSAGE = pg_catalog.format('column %%s holds value %%L%s, which enum %%s no longer has',"
						  " %s, schemamig_value, %s%s),"
						  " HINT = 'Change those rows in a revision before this one, or in this one before the type is made again.';"
						  " END IF; END",
						  r->value, r->from, r->value, autogen_removed_labels(cmp, r->enumname),
						  r->path ? " in attribute %s" : "",
						  quote_literal_cstr(autogen_qcol(table, tc->name)),
						  r->path ? psprintf("%s, ", quote_literal_cstr(r->path)) : "",
						  quote_literal_cstr(qi(r->enumname))));
	}
}

/*
 * A column of the model, added or changed, whose type, collation, default
 * or generation expression is or uses an object of the model's schema that
 * autogenerate does not make (autogen_require_uncovered).
 */
static void
require_uncovered_present(Cmp *cmp, const char *table, const AgColumn *c)
{
	char	   *what = psprintf("column %s", autogen_qcol(table, c->name));

	autogen_require_uncovered(cmp, what, c->localtype_kind, c->localtype);
	autogen_require_uncovered(cmp, what, "collation", c->localcollation);
	/* the row type of a table left alone (or an array of it) */
	autogen_require_uncovered(cmp, what, "table", c->schematype);
	/* and what its default or generation expression uses */
	autogen_require_uncovered_uses(cmp, 'd', psprintf("%s.%s", table, c->name), what);
}

/*
 * Is a change from built-in type a of typmod am to built-in type b of
 * typmod bm (InvalidOid: not built in) one that loses nothing? A column's
 * type change, and a domain's base type change (its columns converted).
 */
bool
autogen_is_widening(Oid a, int32 am, Oid b, int32 bm)
{
	if (a == InvalidOid || b == InvalidOid)
		return false;
	if (a == b && (a == VARCHAROID || a == BPCHAROID))
		return bm < 0 || (am >= 0 && bm >= am);
	if (a == b && a == NUMERICOID)
	{
		if (bm < 0)
			return true;
		if (am < 0)
			return false;
		/* typmod: ((precision << 16) | scale) + VARHDRSZ */
		return ((bm - VARHDRSZ) & 0xffff) == ((am - VARHDRSZ) & 0xffff) &&
			((bm - VARHDRSZ) >> 16) >= ((am - VARHDRSZ) >> 16);
	}
	if (a == INT2OID)
		return b == INT4OID || b == INT8OID || (b == NUMERICOID && bm < 0);
	if (a == INT4OID)
		return b == INT8OID || (b == NUMERICOID && bm < 0);
	if (a == INT8OID)
		return b == NUMERICOID && bm < 0;
	if (a == FLOAT4OID)
		return b == FLOAT8OID;
	if (a == VARCHAROID || a == BPCHAROID)
		return b == TEXTOID;
	if (a == TEXTOID)
		return b == VARCHAROID && bm < 0;
	return false;
}

/* Is a change of type from f to t one that loses nothing? */
static bool
is_widening(const AgColumn *f, const AgColumn *t)
{
	return autogen_is_widening(f->builtin_type, f->typmod, t->builtin_type, t->typmod);
}

/* A column's definition, as CREATE TABLE and ADD COLUMN take it. */
static char *
column_def(const AgColumn *c)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s %s", qi(c->name), c->type);
	if (c->collation)
		appendStringInfo(&buf, " COLLATE %s", c->collation);
	if (c->generated == 's')
		appendStringInfo(&buf, " GENERATED ALWAYS AS (%s) STORED", c->defexpr);
	else if (c->identity)
		appendStringInfo(&buf, " GENERATED %s AS IDENTITY%s%s%s",
						 c->identity == 'a' ? "ALWAYS" : "BY DEFAULT",
						 c->identity_options ? " (" : "",
						 c->identity_options ? c->identity_options : "",
						 c->identity_options ? ")" : "");
	else if (c->defexpr)
		appendStringInfo(&buf, " DEFAULT %s", c->defexpr);
	if (c->notnull)
	{
		const char *name = autogen_not_null_name(c->notnull_name, c->table, c->name);

		if (name)
			appendStringInfo(&buf, " CONSTRAINT %s", qi(name));
		appendStringInfoString(&buf, " NOT NULL");
	}
	return buf.data;
}

static const char *
plain_default(const AgColumn *c)
{
	return c && c->generated != 's' ? c->defexpr : NULL;
}

/*
 * A column of table ft that goes, dropped late (or its table is): its
 * default, when it calls a routine made again, goes first, as a kept
 * column's does (autogen_compare_columns), so that the routine can be
 * dropped before its argument types are renamed. So does the expression
 * of a stored generated column (the column keeps its values).
 */
static void
drop_default_early(Cmp *cmp, const AgTable *ft, const AgColumn *fc)
{
	if ((plain_default(fc) || fc->generated == 's') && autogen_uses_redone(cmp, fc->routines))
		autogen_depends_on_redone(cmp,
								  autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
												 psprintf("%s.%s", ft->name, fc->name), false,
												 "ALTER TABLE %s ALTER COLUMN %s DROP %s",
												 qi(ft->name), qi(fc->name),
												 plain_default(fc) ? "DEFAULT" : "EXPRESSION"),
								  fc->routines,
								  psprintf("dropped-default-of-gone:%s.%s", ft->name, fc->name));
}

/* A table that goes: drop_default_early() for each of its columns. */
void
autogen_drop_defaults_of_gone(Cmp *cmp, const AgTable *ft)
{
	for (int i = 0; i < ft->ncols; i++)
		drop_default_early(cmp, ft, &cmp->from->columns[ft->firstcol + i]);
}

/* Does a column of the table (both schemas have it) change type? */
bool
autogen_type_changes_in(Cmp *cmp, const AgTable *ft, const AgTable *tt)
{
	for (int i = 0; i < tt->ncols; i++)
	{
		const AgColumn *tc = &cmp->to->columns[tt->firstcol + i];
		const AgColumn *fc = autogen_find_column(cmp->from, ft, tc->name);

		if (fc == NULL)
		{
			Pair	   *p = autogen_find_pair(cmp, tt->name, tc->name);

			if (p)
				fc = autogen_find_column(cmp->from, ft, p->from_name);
		}
		if (fc && tc->generated != 's' &&
			(strcmp(fc->type, tc->type) != 0 ||
			 autogen_is_recreated(cmp, tc->schematype)))
			return true;
	}
	return false;
}

/*
 * A column's collation changes (tname: its table, quoted), in a subcommand
 * that may share the table's ALTER TABLE with the next (AgAction).
 */
static void
change_collation(Cmp *cmp, const char *key, const char *tname, const AgColumn *tc)
{
	AgAction   *a = autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
								   "ALTER TABLE %s ALTER COLUMN %s TYPE %s COLLATE %s",
								   tname, qi(tc->name), tc->type,
								   tc->collation ? tc->collation : "pg_catalog.\"default\"");

	a->alter_table = psprintf("ALTER TABLE %s ", tname);
}

static const char *renamed_columns_in(Cmp *cmp, const char *tt, const char *def);

/*
 * The generation expression of column c of "from" (NULL for none), as it
 * reads once the SQL renames the columns of its table ("to" table tt) that
 * marks rename: the server renames them in it, so a generated column that
 * reads a renamed column stays as it is, not dropped and added again.
 */
static const char *
renamed_generation(Cmp *cmp, const char *tt, const AgColumn *c)
{
	if (c->generated != 's' || c->defexpr == NULL)
		return c->defexpr;
	return renamed_columns_in(cmp, tt, c->defexpr);
}

/*
 * Does a column that generated column fc of "from" table ft reads change
 * its type or collation (tt: the table in "to")? The server refuses ALTER
 * COLUMN ... TYPE, which changes either, of a column a generated column
 * reads.
 */
static bool
generation_reads_altered(Cmp *cmp, const AgTable *ft, const AgTable *tt, const AgColumn *fc)
{
	ListCell   *lc;

	foreach(lc, fc->reads)
	{
		const AgColumn *rf = autogen_find_column(cmp->from, ft, lfirst(lc));
		const AgColumn *rt = autogen_to_column(cmp, tt, lfirst(lc));

		if (rf != NULL && rt != NULL &&
			(strcmp(rf->type, rt->type) != 0 || !autogen_str_eq(rf->collation, rt->collation) ||
			 autogen_is_recreated(cmp, rt->schematype)))
			return true;
	}
	return false;
}

/*
 * Is stored generated column fc of "from" (tc in "to") dropped and added
 * again? So it is when it becomes generated, its type changes, a column it
 * reads changes type or collation, or a routine it calls is made again
 * (whose drop it would block), and before PostgreSQL 17 when its
 * expression changes; from 17 on, a new expression alone is set in place
 * (generation_set_in_place()).
 */
static bool
generation_recreated(Cmp *cmp, const AgTable *ft, const AgTable *tt,
					 const AgColumn *fc, const AgColumn *tc)
{
	if (tc->generated != 's')
		return false;
	if (fc->generated != 's' || strcmp(fc->type, tc->type) != 0 ||
		generation_reads_altered(cmp, ft, tt, fc) ||
		autogen_uses_redone(cmp, fc->routines))
		return true;
#if PG_VERSION_NUM >= 170000
	return false;
#else
	return !autogen_str_eq(renamed_generation(cmp, tt->name, fc), tc->defexpr);
#endif
}

/*
 * Does stored generated column fc (tc in "to") take its new expression with
 * ALTER COLUMN ... SET EXPRESSION (PostgreSQL 17 on)? It keeps its place,
 * comment and grants, and the views, policies, triggers and routines that
 * read it, which dropping it would take along; the server makes its
 * indexes and constraints again as it rewrites the table.
 */
static bool
generation_set_in_place(Cmp *cmp, const AgTable *ft, const AgTable *tt,
						const AgColumn *fc, const AgColumn *tc)
{
#if PG_VERSION_NUM >= 170000
	return tc->generated == 's' && fc->generated == 's' &&
		!generation_recreated(cmp, ft, tt, fc, tc) &&
		!autogen_str_eq(renamed_generation(cmp, tt->name, fc), tc->defexpr);
#else
	return false;
#endif
}

/* Columns of a table that both schemas have. */
void
autogen_compare_columns(Cmp *cmp, int ti)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	const AgTable *tt = &to->tables[ti];
	const AgTable *ft = &from->tables[cmp->to_match[ti]];
	bool	   *used = palloc0(sizeof(bool) * (ft->ncols + 1));
	const AgColumn **renamed_from = palloc0(sizeof(AgColumn *) * (tt->ncols + 1));
	const char *tname = qi(tt->name);

	/*
	 * the columns that marks rename, first: a generated column's expression
	 * that reads one is compared as the server renames it there
	 */
	for (int i = 0; i < tt->ncols; i++)
	{
		const AgColumn *tc = &to->columns[tt->firstcol + i];
		const AgColumn *fc = autogen_find_column(from, ft, tc->name);
		Pair	   *p = autogen_find_pair(cmp, tt->name, tc->name);
		const AgColumn *old = p ? autogen_find_column(from, ft, p->from_name) : NULL;

		if (fc == NULL && old && !used[old - &from->columns[ft->firstcol]] &&
			autogen_find_column(to, tt, p->from_name) == NULL)
		{
			autogen_action(&cmp->actions, PH_RENAME, psprintf("1%s.%s", tt->name, tc->name),
						   false, "ALTER TABLE %s RENAME COLUMN %s TO %s", tname,
						   qi(old->name), qi(tc->name));
			cmp->column_renames = lappend(cmp->column_renames, p);
			used[old - &from->columns[ft->firstcol]] = true;
			renamed_from[i] = old;
		}
		else if (p)
			autogen_mark_left_alone(cmp, "column", tt->name, tc->name, p->from_name,
									old == NULL ? (fc ? MARK_LEFT_OVER : MARK_NO_OLD) :
									fc ? MARK_NAME_TAKEN :
									autogen_find_column(to, tt, p->from_name) ? MARK_OLD_KEPT :
									MARK_OLD_CLAIMED);
	}

	for (int i = 0; i < tt->ncols; i++)
	{
		const AgColumn *tc = &to->columns[tt->firstcol + i];
		const AgColumn *fc = renamed_from[i] ? renamed_from[i] :
			autogen_find_column(from, ft, tc->name);
		char	   *key = psprintf("%s.%s", tt->name, tc->name);
		const char *cname = qi(tc->name);
		bool		type_changed;
		bool		enum_converted;
		bool		through_text;
		bool		recreate_column = false;

		if (fc == NULL)
		{
			AgAction   *a;

			require_uncovered_present(cmp, tt->name, tc);
			/* a generated column after the columns it reads */
			a = autogen_action(&cmp->actions,
							   tc->generated == 's' ? PH_ALTER_COLUMN_FINISH : PH_ALTER_COLUMN,
							   key, false, "ALTER TABLE %s ADD COLUMN %s", tname, column_def(tc));

			if (tc->schematype)
				autogen_requires(a, "type:%s", tc->schematype);
			autogen_require_routines(a, tc->routines);
			autogen_column_routines_first(cmp, a, tt->name, tc);
			autogen_column_storage(cmp, tt->name, NULL, tc);
			autogen_comment_change(cmp, key, psprintf("COLUMN %s", autogen_qcol(tt->name, tc->name)),
						   NULL, tc->comment);
			continue;
		}
		used[fc - &from->columns[ft->firstcol]] = true;

		/*
		 * A generated column whose type changes is made again (the server
		 * refuses USING for it), and so is one that reads a column whose
		 * type or collation changes: it goes before the types change and
		 * comes back after. So is one whose expression changes, before
		 * PostgreSQL 17; from 17 on the expression is set in place, after
		 * the columns it reads are added and before those it read go.
		 */
		if (generation_recreated(cmp, ft, tt, fc, tc))
			recreate_column = true;
		else if (generation_set_in_place(cmp, ft, tt, fc, tc))
		{
			require_uncovered_present(cmp, tt->name, tc);
			autogen_require_routines(autogen_action(&cmp->actions, PH_ALTER_COLUMN_FINISH,
													key, false,
													"ALTER TABLE %s ALTER COLUMN %s SET EXPRESSION AS (%s)",
													tname, cname, tc->defexpr),
									 tc->routines);
		}
		if (recreate_column)
		{
			AgAction   *add;

			require_uncovered_present(cmp, tt->name, tc);
			/* before the routines it calls that are made again */
			autogen_depends_on_redone(cmp,
									  autogen_action(&cmp->actions, PH_ALTER_COLUMN_PREPARE, key,
													 fc->generated != 's',
													 "ALTER TABLE %s DROP COLUMN %s", tname, cname),
									  fc->routines, psprintf("dropped-generated:%s", key));
			add = autogen_action(&cmp->actions, PH_ALTER_COLUMN_FINISH, key, false,
								 "ALTER TABLE %s ADD COLUMN %s", tname, column_def(tc));
			autogen_require_routines(add, tc->routines);
			autogen_give_back_column(add, tt->name, tc->name, tc->acl);
			cmp->forced[ti] = lappend(lappend(cmp->forced[ti], (char *) fc->name),
									  (char *) tc->name);
			autogen_column_storage(cmp, tt->name, NULL, tc);
			autogen_comment_change(cmp, key, psprintf("COLUMN %s", autogen_qcol(tt->name, tc->name)),
						   NULL, tc->comment);
			continue;
		}

		type_changed = strcmp(fc->type, tc->type) != 0;
		enum_converted = !type_changed && tc->schematype &&
			autogen_is_recreated(cmp, tc->schematype);
		if (enum_converted)
		{
			cmp->converted[ti] = true;
			check_removed_labels(cmp, tt->name, tname, fc, tc);
		}
		through_text = (type_changed || enum_converted) &&
			(require_cast(cmp, tt->name, fc, tc) || enum_converted);
		if (type_changed || !autogen_str_eq(fc->collation, tc->collation))
			require_uncovered_present(cmp, tt->name, tc);

		/* early, so that a serial's sequence can take its sequence's name */
		if (fc->identity && fc->identity != tc->identity && !tc->identity)
			autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
						   psprintf("%s.%s", ft->name, fc->name), false,
						   "ALTER TABLE %s ALTER COLUMN %s DROP IDENTITY",
						   qi(ft->name), qi(fc->name));
		/* before a column it reads changes type */
		if (fc->generated == 's' && tc->generated != 's')
			autogen_action(&cmp->actions, PH_ALTER_COLUMN_PREPARE, key, false,
						   "ALTER TABLE %s ALTER COLUMN %s DROP EXPRESSION", tname, cname);

		/*
		 * A default that calls a routine made again, or casts to a type
		 * made again, goes before it and comes back after it, as around a
		 * type change.
		 */
		if (type_changed || enum_converted ||
			(plain_default(fc) && (autogen_uses_redone(cmp, fc->routines) ||
								   autogen_casts_to_recreated(cmp, fc->defexpr))))
		{
			/*
			 * A default may not convert: drop it around the change. One
			 * that calls a routine made again goes before the routine,
			 * which is dropped by its argument types' names before any
			 * is renamed or moved aside: before every rename, by the old
			 * names, as identities are dropped. So does one that casts to
			 * the row type of a view made again, before the view.
			 */
			if (plain_default(fc))
			{
				bool		early = autogen_uses_redone(cmp, fc->routines) ||
					autogen_redone_views_cast(cmp, fc->defexpr) != NIL;
				char	   *dropped = psprintf("dropped-default:%s.%s", tt->name, tc->name);
				AgAction   *a = autogen_action(&cmp->actions,
											   early ? PH_DROP_CONSTRAINT : PH_ALTER_COLUMN_PREPARE,
											   key, false,
											   "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT",
											   early ? qi(ft->name) : tname,
											   early ? qi(fc->name) : cname);

				autogen_depends_on_redone(cmp, a, fc->routines, dropped);
				autogen_depends_on_redone_views(cmp, a, fc->defexpr, dropped);
			}
			if (type_changed || enum_converted)
			{
				char	   *by_name = enum_converted && !tc->array ?
					composite_by_name(cmp, cname, tc->schematype, tc->type) : NULL;

				/*
				 * The same built-in type with another length or precision is
				 * assigned, with no USING, which also lets the server keep
				 * the table's storage when it widens; other changes cast to
				 * explicit_target(), which says why not to t's type.
				 */
				bool		assigned = !enum_converted && fc->builtin_type != InvalidOid &&
					fc->builtin_type == tc->builtin_type;
				const char *through;
				const char *kind;
				bool		array;
				AgAction   *a;
				int32		source_typmod = -1;
				Oid			source = through_text ? (fc->array && tc->array ? TEXTARRAYOID : TEXTOID) :
					bottom_type(cmp->from, fc, &source_typmod);

				/* arrays of a composite type, or a domain over one, go by position */
				if (through_text && by_name == NULL &&
					cast_type(cmp->to, tc, &through, &kind, &array) == InvalidOid &&
					kind != NULL && strcmp(kind, "composite type") == 0)
					require_same_layout(cmp, through, psprintf("column %s", autogen_qcol(tt->name, tc->name)));
				a = autogen_action(&cmp->actions, PH_ALTER_COLUMN, key,
											   enum_converted ?
											   autogen_is_lossy(cmp, tc->schematype) :
											   !is_widening(fc, tc),
											   "ALTER TABLE %s ALTER COLUMN %s TYPE %s%s%s%s%s",
											   tname, cname, tc->type,
											   tc->collation ? " COLLATE " : "", tc->collation ? tc->collation : "",
											   assigned ? "" : " USING ",
											   assigned ? "" : by_name ? by_name :
											   psprintf("%s::%s%s", cname,
														!through_text ? "" : fc->array && tc->array ? "text[]::" : "text::",
														explicit_target(cmp->to, source, source_typmod, tc)));

				a->alter_table = psprintf("ALTER TABLE %s ", tname);
				if (tc->schematype)
				{
					/* once its type is made, with what its domains call */
					autogen_requires(a, "type:%s", tc->schematype);
					autogen_column_routines_first(cmp, NULL, tt->name, tc);
				}
				if (through_text)
					converted(cmp, a, fc, tc, psprintf("converted:%s", key));
			}
			else if (!autogen_str_eq(fc->collation, tc->collation))
				change_collation(cmp, key, tname, tc);
			if (plain_default(tc))
			{
				AgAction   *a;

				require_uncovered_present(cmp, tt->name, tc);
				a = autogen_action(&cmp->actions, PH_ALTER_COLUMN_FINISH, key, false,
								   "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
								   tname, cname, tc->defexpr);

				autogen_require_routines(a, tc->routines);
				autogen_require_redone_views(cmp, a, tc->defexpr);
			}
		}
		else
		{
			if (!autogen_str_eq(fc->collation, tc->collation))
				change_collation(cmp, key, tname, tc);
			if (!autogen_str_eq(plain_default(fc), plain_default(tc)))
			{
				if (plain_default(tc))
				{
					require_uncovered_present(cmp, tt->name, tc);
					autogen_require_routines(autogen_action(&cmp->actions, PH_ALTER_COLUMN,
															key, false,
															"ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
															tname, cname, tc->defexpr),
											 tc->routines);
				}
				else
					autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
								   "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT", tname, cname);
			}
		}
		if (fc->notnull != tc->notnull)
		{
			const char *name = tc->notnull ?
				autogen_not_null_name(tc->notnull_name, tt->name, tc->name) : NULL;

			if (name)
				autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
							   "ALTER TABLE %s ADD CONSTRAINT %s NOT NULL %s", tname, qi(name), cname);
			else
				autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
							   "ALTER TABLE %s ALTER COLUMN %s %s NOT NULL", tname, cname,
							   tc->notnull ? "SET" : "DROP");
		}
		else if (fc->notnull_name && tc->notnull_name &&
				 strcmp(fc->notnull_name, tc->notnull_name) != 0)
			autogen_rename_relation(cmp, 'c', psprintf("2%s.%s", tt->name, tc->notnull_name),
									ft->name, tt->name, fc->notnull_name, tc->notnull_name);
		if (tc->identity && fc->identity != tc->identity)
		{
			const char *kind = tc->identity == 'a' ? "ALWAYS" : "BY DEFAULT";

			if (fc->identity)
				autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
							   "ALTER TABLE %s ALTER COLUMN %s SET GENERATED %s",
							   tname, cname, kind);
			else
			{
				AgAction   *a;

				/* after a serial's sequence goes, so that it takes its name */
				a = autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
								   "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS IDENTITY%s%s%s",
								   tname, cname, kind,
								   tc->identity_options ? " (" : "",
								   tc->identity_options ? tc->identity_options : "",
								   tc->identity_options ? ")" : "");
				autogen_requires(a, "dropped-sequence-of:%s.%s", ft->name, fc->name);
				/* go on after the values the column already holds */
				a = autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
							   "SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%s, %s),"
							   " pg_catalog.max(%s)) FROM %s HAVING pg_catalog.max(%s) IS NOT NULL",
							   quote_literal_cstr(tname), quote_literal_cstr(tc->name),
							   cname, tname, cname);
				autogen_requires(a, "dropped-sequence-of:%s.%s", ft->name, fc->name);
			}
		}
		/* an identity kept: its sequence's options, as SET clauses */
		if (tc->identity && fc->identity && tc->identity_options &&
			!autogen_str_eq(fc->identity_options, tc->identity_options))
		{
			bool		restart = fc->identity_options &&
				sequence_goes_on(cmp, PH_ALTER_COLUMN, key, fc->identity_options,
								 tc->identity_options,
								 psprintf("pg_catalog.pg_get_serial_sequence(%s, %s)",
										  quote_literal_cstr(tname), quote_literal_cstr(tc->name)),
								 NULL);

			autogen_action(&cmp->actions, PH_ALTER_COLUMN, key, false,
						   "ALTER TABLE %s ALTER COLUMN %s %s%s", tname, cname,
						   tc->identity_set, restart ? " RESTART" : "");
		}
		/* a collation changes by ALTER COLUMN ... TYPE too (change_collation()) */
		autogen_column_storage(cmp, tt->name,
							   type_changed || enum_converted ||
							   !autogen_str_eq(fc->collation, tc->collation) ? NULL : fc, tc);
		autogen_comment_change(cmp, key, psprintf("COLUMN %s", autogen_qcol(tt->name, tc->name)),
					   fc->comment, tc->comment);
	}

	for (int i = 0; i < ft->ncols; i++)
	{
		const AgColumn *fc = &from->columns[ft->firstcol + i];

		if (!used[i])
		{
			drop_default_early(cmp, ft, fc);
			/* a generated column before the columns it reads go or change */
			autogen_action(&cmp->actions,
						   fc->generated == 's' ? PH_ALTER_COLUMN_PREPARE : PH_DROP_COLUMN,
						   psprintf("%s.%s", tt->name, fc->name),
						   true, "ALTER TABLE %s DROP COLUMN %s", tname, qi(fc->name));
		}
	}
}

static int
cmp_attnum(const void *a, const void *b)
{
	int			x = (*(AgColumn *const *) a)->attnum;
	int			y = (*(AgColumn *const *) b)->attnum;

	return (x > y) - (x < y);
}

/* A table of "to" that "from" lacks: CREATE TABLE with its columns. */
void
autogen_create_table(Cmp *cmp, const AgTable *t)
{
	const AgSchema *to = cmp->to;
	AgColumn  **cols = palloc(sizeof(AgColumn *) * (t->ncols + 1));
	StringInfoData buf;
	AgAction   *a;

	for (int i = 0; i < t->ncols; i++)
		cols[i] = &to->columns[t->firstcol + i];
	if (t->ncols > 1)
		qsort(cols, t->ncols, sizeof(AgColumn *), cmp_attnum);

	initStringInfo(&buf);
	for (int i = 0; i < t->ncols; i++)
	{
		require_uncovered_present(cmp, t->name, cols[i]);
		appendStringInfo(&buf, "%s\n    %s", i > 0 ? "," : "", column_def(cols[i]));
	}
	a = autogen_action(&cmp->actions, PH_CREATE_TABLE, t->name, false,
					   "CREATE %sTABLE %s (%s%s)%s", t->unlogged ? "UNLOGGED " : "",
					   qi(t->name), buf.data, t->ncols > 0 ? "\n" : "", autogen_table_with(t));
	autogen_give_back(a, "TABLE", qi(t->name), t->owner, NULL);
	autogen_provides(a, "table:%s", t->name);
	for (int i = 0; i < t->ncols; i++)
	{
		if (cols[i]->schematype)
			autogen_requires(a, "type:%s", cols[i]->schematype);
		/* another table's row type: that table first */
		if (cols[i]->schematype && strcmp(cols[i]->schematype, t->name) != 0 &&
			autogen_find_table(to, cols[i]->schematype) >= 0)
			autogen_requires(a, "table:%s", cols[i]->schematype);
		autogen_require_routines(a, cols[i]->routines);
		autogen_column_storage(cmp, t->name, NULL, cols[i]);
		autogen_comment_change(cmp, psprintf("%s.%s", t->name, cols[i]->name),
					   psprintf("COLUMN %s", autogen_qcol(t->name, cols[i]->name)),
					   NULL, cols[i]->comment);
	}
	autogen_comment_change(cmp, t->name, psprintf("TABLE %s", qi(t->name)), NULL, t->comment);
}

/*
 * Must a constraint or index of "to" table ti be made again? When it uses
 * a column made again (columns: the columns of its table it uses; NIL when
 * not known, which counts as all of them), when it names a type made
 * again, or when it calls a routine made again.
 */
static bool
must_recreate(Cmp *cmp, int ti, const char *def, const char *routines, List *columns)
{
	if (cmp->forced[ti] != NIL)
	{
		ListCell   *lc;
		ListCell   *fl;

		if (columns == NIL)
			return true;
		foreach(lc, columns)
		{
			foreach(fl, cmp->forced[ti])
			{
				if (strcmp(lfirst(lc), lfirst(fl)) == 0)
					return true;
			}
		}
	}
	return autogen_casts_to_recreated(cmp, def) || autogen_uses_redone(cmp, routines);
}

void
autogen_drop_constraint(Cmp *cmp, const char *table, const AgConstraint *c)
{
	AgAction   *a = autogen_action(&cmp->actions,
								   c->contype == 'f' ? PH_DROP_FKEY : PH_DROP_CONSTRAINT,
								   psprintf("%s.%s", table, c->name), false,
								   "ALTER TABLE %s DROP CONSTRAINT %s", qi(table), qi(c->name));
	char	   *dropped = psprintf("dropped-constraint:%s.%s", table, c->name);

	autogen_depends_on_redone(cmp, a, c->routines, dropped);
	autogen_depends_on_redone_views(cmp, a, c->def, dropped);
}

/* Drop an index, before a routine it calls if that is made again. */
void
autogen_drop_index(Cmp *cmp, const char *table, const AgIndex *x)
{
	AgAction   *a = autogen_action(&cmp->actions, PH_DROP_CONSTRAINT,
								   psprintf("%s.%s", table, x->name), false,
								   "DROP INDEX %s", qi(x->name));
	char	   *dropped = psprintf("dropped-index:%s", x->name);

	autogen_depends_on_redone(cmp, a, x->routines, dropped);
	autogen_depends_on_redone_views(cmp, a, x->def, dropped);
}

void
autogen_add_constraint(Cmp *cmp, const char *table, const AgConstraint *c, const char *oldcomment)
{
	char	   *key = psprintf("%s.%s", table, c->name);
	AgAction   *a = autogen_action(&cmp->actions,
								   c->contype == 'f' ? PH_ADD_FKEY : PH_ADD_CONSTRAINT,
								   key, false, "ALTER TABLE %s ADD CONSTRAINT %s %s",
								   qi(table), qi(c->name), c->def);

	autogen_require_uncovered_uses(cmp, 'c', key,
								   psprintf("constraint %s on %s", qi(c->name), qi(table)));
	if (c->reftable)
		autogen_requires(a, "table:%s", c->reftable);
	autogen_require_routines(a, c->routines);
	autogen_require_redone_views(cmp, a, c->def);
	autogen_comment_change(cmp, key, psprintf("CONSTRAINT %s ON %s", qi(c->name), qi(table)),
				   oldcomment, c->comment);
}

/*
 * The name column of "from" table (its name in "to": to_table) has in
 * "to": another when the SQL renames it.
 */
static const char *
renamed_column(Cmp *cmp, const char *to_table, const char *column)
{
	ListCell   *lc;

	foreach(lc, cmp->column_renames)
	{
		Pair	   *p = lfirst(lc);

		if (strcmp(p->to_table, to_table) == 0 && strcmp(p->from_name, column) == 0)
			return p->to_name;
	}
	return column;
}

/*
 * Read one identifier of a constraint's definition at *p, as the server
 * prints it (quoted where it must be), and move past it; NULL, *p as it
 * was, when there is none.
 */
static char *
read_identifier(const char **p)
{
	const char *s = *p;
	StringInfoData buf;

	initStringInfo(&buf);
	if (*s == '"')
	{
		for (s++; *s; s++)
		{
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"')
				break;
			appendStringInfoChar(&buf, *s);
		}
		if (*s != '"' || buf.len == 0)
			return NULL;
		s++;
	}
	else
	{
		while (*s && strchr(" ,().\"", *s) == NULL)
			appendStringInfoChar(&buf, *s++);
		if (buf.len == 0)
			return NULL;
	}
	*p = s;
	return buf.data;
}

/*
 * Read "(a, b)" at *p into out, each column named as in "to" (table:
 * the columns' table in "to"); false when it is not such a list.
 */
static bool
column_list(Cmp *cmp, const char **p, const char *table, StringInfo out)
{
	const char *s = *p;

	if (*s++ != '(')
		return false;
	appendStringInfoChar(out, '(');
	for (;;)
	{
		char	   *name = read_identifier(&s);

		if (name == NULL)
			return false;
		appendStringInfoString(out, qi(renamed_column(cmp, table, name)));
		if (strncmp(s, ", ", 2) == 0)
		{
			appendStringInfoString(out, ", ");
			s += 2;
			continue;
		}
		if (*s != ')')
			return false;
		appendStringInfoChar(out, ')');
		*p = s + 1;
		return true;
	}
}

/*
 * An index's body, or an exclusion or check constraint's definition, of
 * "from" table (tt in "to") as it reads once the SQL renames the columns
 * marks rename: ALTER TABLE ... RENAME COLUMN renames them in it too, so
 * it is the same, and kept rather than rebuilt (or, a check, validated
 * again over the whole table) for nothing but a name. Read as
 * pg_get_indexdef() and pg_get_constraintdef() print it: a column is an
 * identifier (lower case, or quoted) that is not a routine's name
 * (followed by "("), nor a routine's argument's (followed by "=>", as
 * f(a => x) names it), nor a keyword written without quotes (true, false:
 * a column of that name is quoted), not qualified or a qualifier (a "."
 * either side),
 * not a type (after "::", AS or RETURNING), an access method, collation
 * or tablespace (after USING, COLLATE, TABLESPACE), EXTRACT's field
 * (EXTRACT(year FROM d)), an XML name (after NAME or AS: XMLELEMENT(NAME
 * a), XMLATTRIBUTES(x AS a)), an operator class or the rest of a
 * type's name of several words (after an identifier or ")" and a space),
 * not in a string literal and not a storage parameter (the list after
 * WITH outside parentheses). A word taken wrongly for a column can only
 * make it differ, and be made again as before.
 */
static const char *
renamed_columns_in(Cmp *cmp, const char *tt, const char *def)
{
	StringInfoData buf;
	const char *s = def;
	int			depth = 0;
	int			skip_depth = -1;	/* in WITH (...) down to this depth */
	bool		not_column = false; /* the next identifier is not one */
	bool		after_word = false; /* the last token: identifier, ")" */
	bool		with = false;	/* the last token: WITH outside (...) */
	bool		renamed = false;

	if (cmp->column_renames == NIL)
		return def;
	initStringInfo(&buf);
	while (*s)
	{
		const char *start = s;
		bool		was_after_word = after_word;
		bool		was_not_column = not_column;
		bool		was_with = with;

		after_word = not_column = with = false;
		if (*s == '\'')
		{
			/* a literal; its quotes are doubled, E'' or not */
			for (s++; *s; s++)
				if (*s == '\'' && s[1] == '\'')
					s++;
				else if (*s == '\'')
					break;
			if (*s)
				s++;
			appendBinaryStringInfo(&buf, start, s - start);
			after_word = true;
			continue;
		}
		if (*s == '"' || IS_HIGHBIT_SET(*s) || *s == '_' || isalpha((unsigned char) *s))
		{
			char	   *name;
			bool		upper = false;

			if (*s == '"')
				name = read_identifier(&s);
			else
			{
				while (*s && (IS_HIGHBIT_SET(*s) || *s == '_' || *s == '$' ||
							  isalnum((unsigned char) *s)))
				{
					if (isupper((unsigned char) *s))
						upper = true;
					s++;
				}
				name = pnstrdup(start, s - start);
			}
			if (name == NULL)
				return def;
			if (upper)
			{
				/* a keyword: quote_identifier() quotes upper case */
				appendStringInfoString(&buf, name);
				/* EXTRACT(field FROM x): its field */
				if (strcmp(name, "EXTRACT") == 0 && *s == '(')
				{
					appendStringInfoChar(&buf, *s++);
					depth++;
					not_column = true;
					continue;
				}
				not_column = strcmp(name, "USING") == 0 || strcmp(name, "COLLATE") == 0 ||
					strcmp(name, "TABLESPACE") == 0 || strcmp(name, "AS") == 0 ||
					strcmp(name, "NAME") == 0 || strcmp(name, "RETURNING") == 0;
				with = depth == 0 && strcmp(name, "WITH") == 0;
				continue;
			}
			if (!was_not_column && !(was_after_word && start > def && start[-1] == ' ') &&
				skip_depth < 0 && *s != '(' && *s != '.' && (start == def || start[-1] != '.') &&
				strncmp(s + strspn(s, " "), "=>", 2) != 0 &&
				(*start == '"' || quote_identifier(name) == name))
			{
				const char *to = renamed_column(cmp, tt, name);

				if (to != name)
				{
					appendStringInfoString(&buf, qi(to));
					renamed = true;
					after_word = true;
					continue;
				}
			}
			appendBinaryStringInfo(&buf, start, s - start);
			after_word = true;
			continue;
		}
		if (isdigit((unsigned char) *s))
		{
			while (isalnum((unsigned char) *s) || *s == '.')
				s++;
			appendBinaryStringInfo(&buf, start, s - start);
			after_word = true;
			continue;
		}
		if (*s == ' ')
		{
			/* a space keeps what came before it */
			after_word = was_after_word;
			not_column = was_not_column;
			with = was_with;
		}
		else if (*s == '(')
		{
			if (was_with && skip_depth < 0)
				skip_depth = depth;
			depth++;
		}
		else if (*s == ')')
		{
			if (--depth == skip_depth)
				skip_depth = -1;
			after_word = true;
		}
		else if (*s == ':' && s[1] == ':')
		{
			appendStringInfoString(&buf, "::");
			s += 2;
			not_column = true;
			continue;
		}
		appendStringInfoChar(&buf, *s++);
	}
	return renamed ? buf.data : def;
}

/*
 * A primary key's, unique constraint's or foreign key's definition of
 * "from" table ft (tt in "to") as it reads once the SQL renames the
 * columns (and a foreign key's referenced table) that marks rename: the
 * server renames them in the constraint too, which is then the same, and
 * kept (a primary key rebuilt, and the foreign keys that point at it, for
 * nothing but a name). The definition as it is when it does not read as
 * expected. An exclusion or check constraint's: renamed_columns_in().
 */
static const char *
renamed_def(Cmp *cmp, const char *tt, const AgConstraint *c)
{
	const char *prefixes[] = {"PRIMARY KEY ", "UNIQUE NULLS NOT DISTINCT ", "UNIQUE ",
	"FOREIGN KEY "};
	const char *s = c->def;
	StringInfoData buf;
	int			k;

	if (cmp->column_renames == NIL && cmp->relation_renames == NIL)
		return c->def;
	if (c->contype == 'x' || c->contype == 'c')
		return renamed_columns_in(cmp, tt, c->def);
	for (k = 0; k < (int) lengthof(prefixes); k++)
		if (strncmp(s, prefixes[k], strlen(prefixes[k])) == 0)
			break;
	if (k == (int) lengthof(prefixes) ||
		(c->contype == 'f') != (k == (int) lengthof(prefixes) - 1))
		return c->def;
	initStringInfo(&buf);
	appendStringInfoString(&buf, prefixes[k]);
	s += strlen(prefixes[k]);
	if (!column_list(cmp, &s, tt, &buf))
		return c->def;
	if (c->contype == 'f')
	{
		char	   *table;
		const char *to_ref = NULL;
		int			fi;

		if (strncmp(s, " REFERENCES ", 12) != 0)
			return c->def;
		s += 12;
		appendStringInfoString(&buf, " REFERENCES ");
		/* a table of another schema: as it is */
		if (c->reftable == NULL)
		{
			appendStringInfoString(&buf, s);
			return buf.data;
		}
		/* one of this schema, printed unqualified, is followed by "(" */
		if ((table = read_identifier(&s)) == NULL || strcmp(table, c->reftable) != 0 ||
			*s != '(')
			return c->def;
		if ((fi = autogen_find_table(cmp->from, table)) >= 0 && cmp->from_match[fi] >= 0)
			to_ref = cmp->to->tables[cmp->from_match[fi]].name;
		if (to_ref == NULL)
			return c->def;
		appendStringInfoString(&buf, qi(to_ref));
		if (!column_list(cmp, &s, to_ref, &buf))
			return c->def;
	}
	else if (strncmp(s, " INCLUDE ", 9) == 0)
	{
		appendStringInfoString(&buf, " INCLUDE ");
		s += 9;
		if (!column_list(cmp, &s, tt, &buf))
			return c->def;
	}
	appendStringInfoString(&buf, s);
	return buf.data;
}

bool
autogen_index_same(const AgIndex *a, const AgIndex *b)
{
	return a->unique == b->unique && strcmp(a->body, b->body) == 0;
}

/*
 * Is index fx of "from" table the same as tx of "to" table tt, once the
 * SQL renames the columns that marks rename?
 */
static bool
index_same_renamed(Cmp *cmp, const char *tt, const AgIndex *fx, const AgIndex *tx)
{
	return fx->unique == tx->unique &&
		strcmp(renamed_columns_in(cmp, tt, fx->body), tx->body) == 0;
}

void
autogen_create_index(Cmp *cmp, const char *table, const AgIndex *x, const char *oldcomment)
{
	char	   *key = psprintf("%s.%s", table, x->name);
	AgAction   *a;

	autogen_require_uncovered_uses(cmp, 'i', x->name, psprintf("index %s", qi(x->name)));
	a = autogen_action(&cmp->actions, PH_CREATE_INDEX, key, false,
					   "CREATE %sINDEX %s ON %s %s", x->unique ? "UNIQUE " : "",
					   qi(x->name), qi(table), x->body);
	autogen_give_back_statistics(a, x->name, x->statistics);
	autogen_require_routines(a, x->routines);
	autogen_require_redone_views(cmp, a, x->def);
	autogen_comment_change(cmp, key, psprintf("INDEX %s", qi(x->name)), oldcomment, x->comment);
}

/* Order two strings of a List (list_sort()) byte by byte. */
static int
cmp_name_cells(const ListCell *a, const ListCell *b)
{
	return strcmp(lfirst(a), lfirst(b));
}

/*
 * A unique key of "from" table table over columns as cmp->ref_forced_keys
 * holds it: the table and the columns in byte order, as a foreign key
 * references the key of its set of columns; columns NIL (not known) stands
 * for every key of the table.
 */
static char *
key_columns(const char *table, List *columns)
{
	StringInfoData buf;
	List	   *sorted = list_copy(columns);
	ListCell   *lc;

	list_sort(sorted, cmp_name_cells);
	initStringInfo(&buf);
	appendStringInfoString(&buf, quote_identifier(table));
	if (sorted == NIL)
		appendStringInfoString(&buf, " *");
	foreach(lc, sorted)
		appendStringInfo(&buf, " %s", quote_identifier(lfirst(lc)));
	return buf.data;
}

/* A unique key of table over columns goes or is made again. */
static void
key_goes(Cmp *cmp, const char *table, List *columns)
{
	char	   *key = key_columns(table, columns);

	if (cmp->ref_forced == NULL)
	{
		cmp->ref_forced = autogen_name_set("tables whose unique keys go");
		cmp->ref_forced_keys = autogen_name_set("unique keys that go");
	}
	autogen_name_set_add(cmp->ref_forced, table, table);
	autogen_name_set_add(cmp->ref_forced_keys, key, key);
}

/*
 * "from" tables whose primary key, unique constraint or unique index goes
 * or is made again, and those keys: foreign keys that point at one of them
 * must be dropped first and made again after. A unique index over an
 * expression or with a predicate, which no foreign key can reference,
 * leaves them be.
 */
void
autogen_find_ref_forced(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;

	for (int ti = 0; ti < to->ntables; ti++)
	{
		const AgTable *tt = &to->tables[ti];
		const AgTable *ft;
		int			ff;
		int			fn;

		if (cmp->to_match[ti] < 0)
			continue;
		ft = &from->tables[cmp->to_match[ti]];
		fn = SLICE(from->constraints, from->nconstraints, ft->name, &ff);
		for (int i = ff; i < ff + fn; i++)
		{
			const AgConstraint *fc = &from->constraints[i];
			int			tf;
			int			tn = SLICE(to->constraints, to->nconstraints, tt->name, &tf);
			bool		kept = false;

			if (fc->contype != 'p' && fc->contype != 'u')
				continue;
			for (int j = tf; j < tf + tn; j++)
				if (strcmp(to->constraints[j].def, renamed_def(cmp, tt->name, fc)) == 0 &&
					!must_recreate(cmp, ti, fc->def, fc->routines, fc->uses))
					kept = true;
			if (!kept)
				key_goes(cmp, ft->name, fc->columns);
		}
		fn = SLICE(from->indexes, from->nindexes, ft->name, &ff);
		for (int i = ff; i < ff + fn; i++)
		{
			const AgIndex *fx = &from->indexes[i];
			int			tf;
			int			tn = SLICE(to->indexes, to->nindexes, tt->name, &tf);
			bool		kept = false;

			if (!fx->unique || fx->keycolumns == NIL)
				continue;
			for (int j = tf; j < tf + tn; j++)
				if (index_same_renamed(cmp, tt->name, fx, &to->indexes[j]) &&
					!must_recreate(cmp, ti, fx->def, fx->routines, fx->uses))
					kept = true;
			if (!kept)
				key_goes(cmp, ft->name, fx->keycolumns);
		}
	}
}

/*
 * Does foreign key c of "from" reference a unique key that goes or is
 * made again (autogen_find_ref_forced())?
 */
static bool
fkey_key_goes(Cmp *cmp, const AgConstraint *c)
{
	if (c->contype != 'f' || c->reftable == NULL ||
		autogen_name_set_find(cmp->ref_forced, c->reftable) == NULL)
		return false;
	return c->refcolumns == NIL ||
		autogen_name_set_find(cmp->ref_forced_keys, key_columns(c->reftable, NIL)) != NULL ||
		autogen_name_set_find(cmp->ref_forced_keys, key_columns(c->reftable, c->refcolumns)) != NULL;
}

/*
 * Must a foreign key of "from" table go before its tables change and come
 * back after? When a column of it goes or changes type, on either side:
 * the server rebuilds the key after each ALTER COLUMN TYPE and refuses it
 * while the other side's type does not match yet (int and text, an enum
 * and the one it is made again from). And when both its tables change
 * UNLOGGED (autogen_persistence_changes()).
 */
static bool
fkey_must_go(Cmp *cmp, const char *table, const AgConstraint *c)
{
	ListCell   *lc;

	if (c->contype != 'f' || c->reftable == NULL)
		return false;
	if (strcmp(c->reftable, table) != 0 && autogen_persistence_changes(cmp, table) &&
		autogen_persistence_changes(cmp, c->reftable))
		return true;
	foreach(lc, c->columns)
		if (autogen_from_column_changes(cmp, table, lfirst(lc)))
			return true;
	foreach(lc, c->refcolumns)
		if (autogen_from_column_changes(cmp, c->reftable, lfirst(lc)))
			return true;
	return false;
}

/*
 * A foreign key's definition (pg_get_constraintdef()) without its
 * deferrability, which *clause gets as ALTER CONSTRAINT takes it. The
 * server prints " DEFERRABLE" and " INITIALLY DEFERRED" right after the
 * key's actions, followed by nothing but " NOT ENFORCED" (PostgreSQL 18)
 * and " NOT VALID".
 */
static char *
fkey_without_deferrability(const char *def, const char **clause)
{
	char	   *base = pstrdup(def);
	const char *tail = "";
	bool		deferrable = false;
	bool		deferred = false;
	static const char *const suffixes[] = {" NOT VALID", " NOT ENFORCED"};

	for (size_t i = 0; i < lengthof(suffixes); i++)
		if (pg_str_endswith(base, suffixes[i]))
		{
			tail = psprintf("%s%s", suffixes[i], tail);
			base[strlen(base) - strlen(suffixes[i])] = '\0';
		}
	if (pg_str_endswith(base, " INITIALLY DEFERRED"))
	{
		deferred = true;
		base[strlen(base) - strlen(" INITIALLY DEFERRED")] = '\0';
	}
	if (pg_str_endswith(base, " DEFERRABLE"))
	{
		deferrable = true;
		base[strlen(base) - strlen(" DEFERRABLE")] = '\0';
	}
	*clause = !deferrable ? "NOT DEFERRABLE INITIALLY IMMEDIATE" :
		deferred ? "DEFERRABLE INITIALLY DEFERRED" : "DEFERRABLE INITIALLY IMMEDIATE";
	return psprintf("%s%s", base, tail);
}

/*
 * Does foreign key fdef (of "from", renames applied) differ from tdef only
 * in its deferrability? Then ALTER CONSTRAINT changes it in place, *clause
 * says to what: dropping and adding it again would check every row of its
 * table again under a SHARE ROW EXCLUSIVE lock of both tables.
 */
static bool
fkey_deferrability_only(const char *fdef, const char *tdef, const char **clause)
{
	const char *fclause;

	if (strcmp(fdef, tdef) == 0)
		return false;
	return strcmp(fkey_without_deferrability(fdef, &fclause),
				  fkey_without_deferrability(tdef, clause)) == 0 &&
		strcmp(fclause, *clause) != 0;
}

/*
 * Is tdef constraint fdef (renames applied) but valid: fdef is tdef with
 * " NOT VALID", which pg_get_constraintdef() prints last?
 */
static bool
validated_only(const char *fdef, const char *tdef)
{
	size_t		tlen = strlen(tdef);

	return strncmp(fdef, tdef, tlen) == 0 && strcmp(fdef + tlen, " NOT VALID") == 0;
}

/*
 * Constraint fc of "from" (fdef: its definition, renames applied) becomes
 * tc of "to" table table in place, if it can: a check or foreign key NOT
 * VALID that becomes valid is validated, under a SHARE UPDATE EXCLUSIVE
 * lock (dropped and added again, it would check every row under an ACCESS
 * EXCLUSIVE one, which adding it NOT VALID first is meant to avoid); a
 * foreign key between covered tables whose deferrability alone changes is
 * altered (one to a table autogenerate leaves alone, a partitioned one,
 * goes and comes back). False when it must go and come back.
 */
static bool
constraint_altered_in_place(Cmp *cmp, const char *table, const AgConstraint *fc,
							const AgConstraint *tc, const char *fdef)
{
	const char *clause;

	if ((fc->contype == 'c' || fc->contype == 'f') && fc->contype == tc->contype &&
		validated_only(fdef, tc->def))
		autogen_action(&cmp->actions, fc->contype == 'f' ? PH_ADD_FKEY : PH_ADD_CONSTRAINT,
					   psprintf("%s.%s", table, tc->name), false,
					   "ALTER TABLE %s VALIDATE CONSTRAINT %s", qi(table), qi(tc->name));
	else if (fc->contype == 'f' && tc->contype == 'f' && fc->reftable &&
			 autogen_uncovered_table(cmp->from, fc->reftable) == NULL &&
			 autogen_uncovered_table(cmp->to, fc->reftable) == NULL &&
			 fkey_deferrability_only(fdef, tc->def, &clause))
		autogen_action(&cmp->actions, PH_ADD_FKEY, psprintf("%s.%s", table, tc->name),
					   false, "ALTER TABLE %s ALTER CONSTRAINT %s %s",
					   qi(table), qi(tc->name), clause);
	else
		return false;
	return true;
}

/* Constraints and indexes of a table both schemas have. */
void
autogen_compare_table_keys(Cmp *cmp, int ti)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	const AgTable *tt = &to->tables[ti];
	const AgTable *ft = &from->tables[cmp->to_match[ti]];
	int			ff,
				tf;
	int			fn = SLICE(from->constraints, from->nconstraints, ft->name, &ff);
	int			tn = SLICE(to->constraints, to->nconstraints, tt->name, &tf);
	bool	   *fused = palloc0(sizeof(bool) * (fn + 1));
	bool	   *tused = palloc0(sizeof(bool) * (tn + 1));

	/* same name */
	for (int j = 0; j < tn; j++)
	{
		const AgConstraint *tc = &to->constraints[tf + j];

		for (int i = 0; i < fn; i++)
		{
			const AgConstraint *fc = &from->constraints[ff + i];
			bool		recreate;

			if (fused[i] || strcmp(fc->name, tc->name) != 0)
				continue;
			fused[i] = tused[j] = true;
			recreate = must_recreate(cmp, ti, tc->def, fc->routines, fc->uses) ||
				fkey_key_goes(cmp, fc) || fkey_must_go(cmp, ft->name, fc);
			if (!recreate)
			{
				const char *fdef = renamed_def(cmp, tt->name, fc);

				recreate = strcmp(fdef, tc->def) != 0 &&
					!constraint_altered_in_place(cmp, tt->name, fc, tc, fdef);
			}
			if (recreate)
			{
				autogen_drop_constraint(cmp, ft->name, fc);
				autogen_add_constraint(cmp, tt->name, tc, NULL);
			}
			else
				autogen_comment_change(cmp, psprintf("%s.%s", tt->name, tc->name),
									   psprintf("CONSTRAINT %s ON %s", qi(tc->name), qi(tt->name)),
									   fc->comment, tc->comment);
			break;
		}
	}
	/* renamed: same definition, other name */
	for (int j = 0; j < tn; j++)
	{
		const AgConstraint *tc = &to->constraints[tf + j];

		if (tused[j] || must_recreate(cmp, ti, tc->def, tc->routines, tc->uses))
			continue;
		for (int i = 0; i < fn; i++)
		{
			const AgConstraint *fc = &from->constraints[ff + i];

			if (fused[i] || fc->contype != tc->contype ||
				strcmp(renamed_def(cmp, tt->name, fc), tc->def) != 0 ||
				fkey_key_goes(cmp, fc) ||
				fkey_must_go(cmp, ft->name, fc))
				continue;
			fused[i] = tused[j] = true;
			autogen_rename_relation(cmp, 'c', psprintf("2%s.%s", tt->name, tc->name),
									ft->name, tt->name, fc->name, tc->name);
			autogen_comment_change(cmp, psprintf("%s.%s", tt->name, tc->name),
						   psprintf("CONSTRAINT %s ON %s", qi(tc->name), qi(tt->name)),
						   fc->comment, tc->comment);
			break;
		}
	}
	for (int i = 0; i < fn; i++)
		if (!fused[i])
			autogen_drop_constraint(cmp, ft->name, &from->constraints[ff + i]);
	for (int j = 0; j < tn; j++)
		if (!tused[j])
			autogen_add_constraint(cmp, tt->name, &to->constraints[tf + j], NULL);

	/* indexes, the same way */
	fn = SLICE(from->indexes, from->nindexes, ft->name, &ff);
	tn = SLICE(to->indexes, to->nindexes, tt->name, &tf);
	fused = palloc0(sizeof(bool) * (fn + 1));
	tused = palloc0(sizeof(bool) * (tn + 1));
	for (int j = 0; j < tn; j++)
	{
		const AgIndex *tx = &to->indexes[tf + j];

		for (int i = 0; i < fn; i++)
		{
			const AgIndex *fx = &from->indexes[ff + i];

			if (fused[i] || strcmp(fx->name, tx->name) != 0)
				continue;
			fused[i] = tused[j] = true;
			if (!index_same_renamed(cmp, tt->name, fx, tx) ||
				must_recreate(cmp, ti, tx->def, fx->routines, fx->uses))
			{
				autogen_drop_index(cmp, ft->name, fx);
				autogen_create_index(cmp, tt->name, tx, NULL);
			}
			else
				autogen_comment_change(cmp, psprintf("%s.%s", tt->name, tx->name),
							   psprintf("INDEX %s", qi(tx->name)), fx->comment, tx->comment);
			break;
		}
	}
	for (int j = 0; j < tn; j++)
	{
		const AgIndex *tx = &to->indexes[tf + j];

		if (tused[j] || must_recreate(cmp, ti, tx->def, tx->routines, tx->uses))
			continue;
		for (int i = 0; i < fn; i++)
		{
			const AgIndex *fx = &from->indexes[ff + i];

			if (fused[i] || !index_same_renamed(cmp, tt->name, fx, tx))
				continue;
			fused[i] = tused[j] = true;
			autogen_rename_relation(cmp, 'i', psprintf("3%s.%s", tt->name, tx->name),
									NULL, NULL, fx->name, tx->name);
			autogen_comment_change(cmp, psprintf("%s.%s", tt->name, tx->name),
						   psprintf("INDEX %s", qi(tx->name)), fx->comment, tx->comment);
			break;
		}
	}
	for (int i = 0; i < fn; i++)
		if (!fused[i])
			autogen_drop_index(cmp, ft->name, &from->indexes[ff + i]);
	for (int j = 0; j < tn; j++)
		if (!tused[j])
			autogen_create_index(cmp, tt->name, &to->indexes[tf + j], NULL);
}

/* Is column of "from" table kept (its table and itself)? */
static bool
from_column_kept(Cmp *cmp, const char *table, const char *column)
{
	int			f = autogen_find_table(cmp->from, table);
	int			t;
	const AgTable *tt;

	if (f < 0 || (t = cmp->from_match[f]) < 0)
		return false;
	tt = &cmp->to->tables[t];
	if (autogen_find_column(cmp->to, tt, column))
		return true;
	/* or renamed */
	{
		ListCell   *lc;

		foreach(lc, cmp->pairs)
		{
			Pair	   *p = lfirst(lc);

			if (p->column && strcmp(p->to_table, tt->name) == 0 &&
				strcmp(p->from_name, column) == 0 && autogen_find_column(cmp->to, tt, p->to_name))
				return true;
		}
	}
	return false;
}

/*
 * The column of "to" table tt that column of "from" becomes: the one of
 * its name, or the one a rename mark renamed it to; NULL when none.
 */
const AgColumn *
autogen_to_column(Cmp *cmp, const AgTable *tt, const char *column)
{
	const AgColumn *tc = autogen_find_column(cmp->to, tt, column);
	ListCell   *lc;

	if (tc != NULL)
		return tc;
	foreach(lc, cmp->pairs)
	{
		Pair	   *p = lfirst(lc);

		if (p->column && strcmp(p->to_table, tt->name) == 0 &&
			strcmp(p->from_name, column) == 0 &&
			(tc = autogen_find_column(cmp->to, tt, p->to_name)) != NULL)
			return tc;
	}
	return NULL;
}

/*
 * Does a column of "from" table go or change its type, collation or
 * generation expression where the column is dropped and added for it
 * (generation_recreated(); column NULL: does the table go)? A SQL-standard
 * body that reads it must go first (the server refuses both).
 */
bool
autogen_from_column_changes(Cmp *cmp, const char *table, const char *column)
{
	int			f = autogen_find_table(cmp->from, table);
	const AgTable *ft;
	const AgTable *tt;
	const AgColumn *fc;
	const AgColumn *tc;

	if (f < 0)
		return false;
	if (cmp->from_match[f] < 0)
		return true;
	if (column == NULL)
		return false;
	if (!from_column_kept(cmp, table, column))
		return true;
	ft = &cmp->from->tables[f];
	tt = &cmp->to->tables[cmp->from_match[f]];
	fc = autogen_find_column(cmp->from, ft, column);
	tc = autogen_to_column(cmp, tt, column);
	if (fc == NULL || tc == NULL)
		return true;
	return strcmp(fc->type, tc->type) != 0 ||
		!autogen_str_eq(fc->collation, tc->collation) ||
		autogen_is_recreated(cmp, tc->schematype) ||
		generation_recreated(cmp, ft, tt, fc, tc);
}

/*
 * The sequence of "from" that sequence t of "to" (a name "from" lacks) is,
 * renamed: one "to" lacks, owned by the column that t's
 * owner was before a rename mark renamed its table or itself (a serial's
 * sequence, named after its table and column, follows them; dropping it
 * and making a new one would lose its grants, owner and value; options
 * that change too, serial to bigserial, are altered after). -1: none;
 * without a renamed owner a sequence of another name is a new one, as any
 * object is without a mark.
 */
static int
renamed_sequence(Cmp *cmp, const AgSequence *t)
{
	/* (only marks rename: none, no walk of the sequences) */
	if (t->owner_table == NULL || cmp->pairs == NIL)
		return -1;
	for (int i = 0; i < cmp->from->nsequences; i++)
	{
		const AgSequence *fs = &cmp->from->sequences[i];
		const char *column = NULL;
		const AgTable *tt;
		int			f;

		if (fs->owner_table == NULL || autogen_find_sequence(cmp->to, fs->name) >= 0)
			continue;
		f = autogen_find_table(cmp->from, fs->owner_table);
		if (f < 0 || cmp->from_match[f] < 0)
			continue;
		tt = &cmp->to->tables[cmp->from_match[f]];
		if (strcmp(tt->name, t->owner_table) != 0)
			continue;
		if (autogen_find_column(cmp->to, tt, fs->owner_column))
			column = fs->owner_column;
		else
		{
			ListCell   *lc;

			foreach(lc, cmp->pairs)
			{
				Pair	   *p = lfirst(lc);

				if (p->column && strcmp(p->to_table, tt->name) == 0 &&
					strcmp(p->from_name, fs->owner_column) == 0)
					column = p->to_name;
			}
		}
		if (column == NULL || strcmp(column, t->owner_column) != 0)
			continue;
		if (strcmp(fs->owner_table, tt->name) == 0 && strcmp(fs->owner_column, column) == 0)
			continue;
		return i;
	}
	return -1;
}

/* Sequences: create, change, own, rename (with their owner), drop. */
void
autogen_compare_sequences(Cmp *cmp)
{
	const AgSchema *from = cmp->from;
	const AgSchema *to = cmp->to;
	bool	   *renamed = palloc0(sizeof(bool) * (from->nsequences + 1));

	for (int i = 0; i < to->nsequences; i++)
	{
		const AgSequence *t = &to->sequences[i];
		int			f = autogen_find_sequence(from, t->name);
		const AgSequence *fs = f >= 0 ? &from->sequences[f] : NULL;

		if (fs == NULL && (f = renamed_sequence(cmp, t)) >= 0 && !renamed[f])
		{
			fs = &from->sequences[f];
			renamed[f] = true;
			autogen_action(&cmp->actions, PH_RENAME, t->name, false,
						   "ALTER SEQUENCE %s RENAME TO %s", qi(fs->name), qi(t->name));
		}
		if (fs == NULL)
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_CREATE_SEQUENCE, t->name, false,
										   "CREATE SEQUENCE %s %s", qi(t->name), t->options);

			autogen_give_back(a, "SEQUENCE", qi(t->name), t->owner, NULL);
			autogen_provides(a, "sequence:%s", t->name);
		}
		else if (strcmp(fs->options, t->options) != 0)
		{
			bool		restart = sequence_goes_on(cmp, PH_ALTER_SEQUENCE, t->name,
												   fs->options, t->options,
												   quote_literal_cstr(qi(t->name)), qi(t->name));

			autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
						   "ALTER SEQUENCE %s %s%s", qi(t->name), t->options,
						   restart ? " RESTART" : "");
		}
		if (!fs || !autogen_str_eq(fs->owner_table, t->owner_table) ||
			!autogen_str_eq(fs->owner_column, t->owner_column))
		{
			bool		owner_goes = fs && fs->owner_table &&
				!from_column_kept(cmp, fs->owner_table, fs->owner_column);

			/*
			 * a sequence kept whose owning column goes is freed first: the
			 * column (or its table) would take it along
			 */
			if (owner_goes)
				autogen_action(&cmp->actions, PH_DROP_CONSTRAINT, t->name, false,
							   "ALTER SEQUENCE %s OWNED BY NONE", qi(t->name));
			if (t->owner_table)
			{
				int			tt = autogen_find_table(to, t->owner_table);

				autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
							   "ALTER SEQUENCE %s OWNED BY %s", qi(t->name),
							   autogen_qcol(t->owner_table, t->owner_column));
				/* a new sequence for a column that holds values already */
				if (!fs && tt >= 0 && cmp->to_match[tt] >= 0)
					autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
								   "SELECT pg_catalog.setval(%s, pg_catalog.max(%s)) FROM %s"
								   " HAVING pg_catalog.max(%s) IS NOT NULL",
								   quote_literal_cstr(qi(t->name)), qi(t->owner_column),
								   qi(t->owner_table), qi(t->owner_column));
			}
			else if (fs && !owner_goes)
				autogen_action(&cmp->actions, PH_ALTER_SEQUENCE, t->name, false,
							   "ALTER SEQUENCE %s OWNED BY NONE", qi(t->name));
		}
		autogen_comment_change(cmp, t->name, psprintf("SEQUENCE %s", qi(t->name)),
					   fs ? fs->comment : NULL, t->comment);
	}
	for (int i = 0; i < from->nsequences; i++)
	{
		const AgSequence *fs = &from->sequences[i];

		if (autogen_find_sequence(to, fs->name) >= 0 || renamed[i])
			continue;
		/* dropping the column that owns it drops it */
		if (fs->owner_table && !from_column_kept(cmp, fs->owner_table, fs->owner_column))
		{
			autogen_late_drop(cmp, NULL, "SEQUENCE", fs->name);
			continue;
		}
		{
			AgAction   *a = autogen_action(&cmp->actions, PH_DROP_SEQUENCE, fs->name, true,
										   "DROP SEQUENCE %s", qi(fs->name));

			if (fs->owner_table)
				autogen_provides(a, "dropped-sequence-of:%s.%s", fs->owner_table,
								 fs->owner_column);
			autogen_late_drop(cmp, a, "SEQUENCE", fs->name);
		}
	}
}

/*
 * Can routine r of "to", whose body is BEGIN ATOMIC, be made before the
 * tables' columns change (with the tables): does each column it reads exist
 * then as it is at the end (a table made by the migration is required
 * instead, made before the columns are added)? Its body binds to what it
 * reads when it is made. Sets *table and *column to one it cannot wait
 * for.
 */
static bool
reads_ready(Cmp *cmp, const AgRoutine *r, AgAction *make, const char **table,
			const char **column)
{
	ListCell   *tc;
	ListCell   *cc;

	forboth(tc, r->reads_tables, cc, r->reads_columns)
	{
		int			ti = autogen_find_table(cmp->to, lfirst(tc));
		const AgTable *ft;

		if (ti < 0)
			continue;
		if (cmp->to_match[ti] < 0)
		{
			if (make)
				autogen_requires(make, "table:%s", (char *) lfirst(tc));
			continue;
		}
		ft = &cmp->from->tables[cmp->to_match[ti]];
		if (lfirst(cc) != NULL &&
			(autogen_find_column(cmp->from, ft, lfirst(cc)) == NULL ||
			 autogen_from_column_changes(cmp, ft->name, lfirst(cc))))
		{
			*table = lfirst(tc);
			*column = lfirst(cc);
			return false;
		}
	}
	return true;
}

/*
 * The routines of "to" with a BEGIN ATOMIC body (made after the tables'
 * changes, otherwise) that what a column needs as it is added or
 * converted calls (its default, its domain's default or checks: what),
 * and those they call, that the migration makes (new, made again or
 * replaced): made with the tables instead, before the columns change
 * (early_routines). One whose body reads a column the migration
 * adds or changes cannot be: refused (refuse), or left after the tables.
 */
static void
routines_early(Cmp *cmp, const char *routines, const char *what, const char *table,
			   const AgColumn *tc, bool refuse)
{
	ListCell   *lc;

	foreach(lc, autogen_lines(routines))
	{
		int			i = autogen_find_routine(cmp->to, lfirst(lc));
		int			f;
		const AgRoutine *r;
		const char *rt = NULL;
		const char *rc = NULL;

		if (i < 0 || !cmp->to->routines[i].late)
			continue;
		r = &cmp->to->routines[i];
		/* one the migration keeps as it is is there all along */
		f = autogen_find_routine(cmp->from, r->identity);
		if (f >= 0 && !autogen_is_redone(cmp, r->identity) &&
			strcmp(cmp->from->routines[f].body, r->body) == 0)
			continue;
		if (cmp->early_routines == NULL)
			cmp->early_routines = autogen_name_set("routines made early");
		else if (autogen_name_set_find(cmp->early_routines, r->identity))
			continue;
		if (!reads_ready(cmp, r, NULL, &rt, &rc))
		{
			if (!refuse)
				continue;
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("autogenerate cannot write the %s of column %s, which needs %s",
							cmp->reverse ? "downgrade" : "upgrade", autogen_qcol(table, tc->name),
							what),
					 errdetail("It calls %s, whose BEGIN ATOMIC body reads column %s, which the migration adds or changes; the column's rows need it when the column is added or converted, so the routine would have to be made first, before that column is there.",
							   r->identity, autogen_qcol(rt, rc)),
					 errhint("Add or convert column %s in a revision of its own, after this one.",
							 autogen_qcol(table, tc->name))));
		}
		autogen_name_set_add(cmp->early_routines, r->identity, r->identity);
		routines_early(cmp, r->routines, what, table, tc, refuse);
	}
}

/*
 * Column tc of table, added (add: its ADD COLUMN; the table may hold rows)
 * or converted to its type: what its rows need then is there first, with
 * the routines it calls made before the columns change, also those whose
 * body is BEGIN ATOMIC (routines_early). An added column without a
 * default of its own takes its domain's (the first of the domains it is
 * over to have one), set before (put back around a routine made again, or
 * changed); its own default's routines come first where they can. A domain
 * the migration makes (or makes again) is made with its default and checks.
 */
void
autogen_column_routines_first(Cmp *cmp, AgAction *add, const char *table, const AgColumn *tc)
{
	const char *name = tc->schematype;
	bool		takes_default = add && !tc->array && !tc->defexpr && !tc->identity &&
		!tc->generated;
	int			d;

	if (add && tc->defexpr)
		routines_early(cmp, tc->routines, "its default", table, tc, false);
	while (name && (d = autogen_find_domain(cmp->to, name)) >= 0)
	{
		const AgDomain *dom = &cmp->to->domains[d];
		bool		made = autogen_find_domain(cmp->from, name) < 0 ||
			autogen_is_recreated(cmp, name);

		if (dom->defexpr && (takes_default || made))
		{
			if (takes_default)
				autogen_requires(add, "domain-default:%s", dom->name);
			routines_early(cmp, dom->routines,
						   psprintf("the default of domain %s", qi(dom->name)), table, tc, true);
		}
		if (dom->defexpr)
			takes_default = false;
		for (int k = 0; made && k < dom->nchecks; k++)
			routines_early(cmp, dom->check_routines[k],
						   psprintf("check %s of domain %s", qi(dom->check_names[k]),
									qi(dom->name)), table, tc, true);
		if (dom->base_array)
			break;
		name = dom->schemabase;
	}
}

/*
 * Is routine r of "to" made with the tables, before their columns change,
 * although its body is BEGIN ATOMIC (autogen_column_routines_first)?
 * make (its creation) then waits for the tables it reads that the
 * migration makes.
 */
bool
autogen_routine_early(Cmp *cmp, const AgRoutine *r, AgAction *make)
{
	const char *rt;
	const char *rc;

	if (cmp->early_routines == NULL ||
		autogen_name_set_find(cmp->early_routines, r->identity) == NULL)
		return false;
	if (make)
		(void) reads_ready(cmp, r, make, &rt, &rc);
	return true;
}
