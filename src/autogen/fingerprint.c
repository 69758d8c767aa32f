/*-------------------------------------------------------------------------
 *
 * src/autogen/fingerprint.c
 *	  A stable hash of everything diff() compares in a schema.
 *
 * The schema is written out in a canonical form (each object by name, its
 * fields length-prefixed so that no two schemas write the same text) and
 * hashed with SHA-256. Only names are written, never OIDs; columns go by
 * name, not position; enum labels by their order, not their sort-order
 * numbers; identity columns' sequences are not read at all, and dropped
 * columns are never seen; a not-null constraint's name only when it is not
 * the server's choice. Two schemas built by different paths to the same
 * structure therefore have the same fingerprint, and anything diff() would
 * act on changes it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "commands/trigger.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#include "autogen.h"
#include "compare.h"

/* One field: its length, a colon, the text; "-" for NULL. */
static void
field(StringInfo buf, const char *s)
{
	if (s == NULL)
		appendStringInfoString(buf, "-|");
	else
		appendStringInfo(buf, "%zu:%s|", strlen(s), s);
}

static void
field_char(StringInfo buf, char c)
{
	char		s[2] = {c ? c : '_', '\0'};

	field(buf, s);
}

/*
 * A not-null constraint's name (PostgreSQL 17 on for domains, 18 for
 * columns), on a line of its own when it is not the one the server would
 * choose, which diff() would rename: the fingerprint of a schema with only
 * chosen names is what it was before names were hashed.
 */
static void
not_null_name(StringInfo buf, bool notnull, const char *name, const char *obj, const char *column)
{
	if (notnull && (name = autogen_not_null_name(name, obj, column)) != NULL)
	{
		appendStringInfoString(buf, "N|");
		field(buf, name);
		appendStringInfoChar(buf, '\n');
	}
}

/*
 * How a table is kept (compare_storage.c), on lines of its own only when
 * not the default, so that the fingerprint of a schema with none is what it
 * was before they were hashed.
 */
static void
table_storage(StringInfo buf, const AgTable *t)
{
	if (t->unlogged || t->options || t->replident != 'd')
	{
		appendStringInfoString(buf, "TS|");
		field_char(buf, t->unlogged ? 'u' : 'p');
		field(buf, t->options);
		field_char(buf, t->replident);
		field(buf, t->replindex);
		appendStringInfoChar(buf, '\n');
	}
}

static void
column_storage(StringInfo buf, const AgColumn *c)
{
	if (c->storage != c->typstorage || c->compression)
	{
		appendStringInfoString(buf, "CS|");
		field_char(buf, c->storage);
		field_char(buf, c->compression);
		appendStringInfoChar(buf, '\n');
	}
}

/* The canonical text of a schema. */
static char *
canonical(const AgSchema *s)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < s->ntables; i++)
	{
		const AgTable *t = &s->tables[i];

		appendStringInfoString(&buf, "T|");
		field(&buf, t->name);
		field(&buf, t->comment);
		field_char(&buf, t->rls ? 't' : 'f');
		field_char(&buf, t->force_rls ? 't' : 'f');
		appendStringInfoChar(&buf, '\n');
		table_storage(&buf, t);
		for (int j = 0; j < t->ncols; j++)
		{
			const AgColumn *c = &s->columns[t->firstcol + j];

			appendStringInfoString(&buf, "C|");
			field(&buf, c->name);
			field(&buf, c->type);
			field(&buf, c->collation);
			field_char(&buf, c->notnull ? 't' : 'f');
			field(&buf, c->defexpr);
			field_char(&buf, c->identity);
			field(&buf, c->identity_options);
			field_char(&buf, c->generated);
			field(&buf, c->comment);
			appendStringInfoChar(&buf, '\n');
			not_null_name(&buf, c->notnull, c->notnull_name, t->name, c->name);
			column_storage(&buf, c);
		}
	}
	for (int i = 0; i < s->nconstraints; i++)
	{
		const AgConstraint *c = &s->constraints[i];

		appendStringInfoString(&buf, "K|");
		field(&buf, c->table);
		field(&buf, c->name);
		field(&buf, c->def);
		field(&buf, c->comment);
		appendStringInfoChar(&buf, '\n');
	}
	for (int i = 0; i < s->nindexes; i++)
	{
		const AgIndex *x = &s->indexes[i];

		appendStringInfoString(&buf, "I|");
		field(&buf, x->table);
		field(&buf, x->name);
		field_char(&buf, x->unique ? 't' : 'f');
		field(&buf, x->body);
		field(&buf, x->comment);
		appendStringInfoChar(&buf, '\n');
	}
	for (int i = 0; i < s->nsequences; i++)
	{
		const AgSequence *q = &s->sequences[i];

		appendStringInfoString(&buf, "S|");
		field(&buf, q->name);
		field(&buf, q->options);
		field(&buf, q->owner_table);
		field(&buf, q->owner_column);
		field(&buf, q->comment);
		appendStringInfoChar(&buf, '\n');
	}
	for (int i = 0; i < s->nenums; i++)
	{
		const AgEnum *e = &s->enums[i];

		appendStringInfoString(&buf, "E|");
		field(&buf, e->name);
		for (int j = 0; j < e->nlabels; j++)
			field(&buf, e->labels[j]);
		field(&buf, e->comment);
		appendStringInfoChar(&buf, '\n');
	}
	for (int i = 0; i < s->ndomains; i++)
	{
		const AgDomain *d = &s->domains[i];

		appendStringInfoString(&buf, "D|");
		field(&buf, d->name);
		field(&buf, d->base);
		field(&buf, d->collation);
		field_char(&buf, d->notnull ? 't' : 'f');
		field(&buf, d->defexpr);
		for (int j = 0; j < d->nchecks; j++)
		{
			field(&buf, d->check_names[j]);
			field(&buf, d->check_defs[j]);
		}
		field(&buf, d->comment);
		appendStringInfoChar(&buf, '\n');
		not_null_name(&buf, d->notnull, d->notnull_name, d->name, NULL);
		/* on lines of their own, as a schema's with none hashed before */
		for (int j = 0; j < d->nchecks; j++)
			if (d->check_comments[j])
			{
				appendStringInfoString(&buf, "DC|");
				field(&buf, d->check_names[j]);
				field(&buf, d->check_comments[j]);
				appendStringInfoChar(&buf, '\n');
			}
	}
	for (int i = 0; i < s->ncomposites; i++)
	{
		const AgComposite *c = &s->composites[i];

		appendStringInfoString(&buf, "Y|");
		field(&buf, c->name);
		for (int j = 0; j < c->nattrs; j++)
		{
			field(&buf, c->attr_names[j]);
			field(&buf, c->attr_types[j]);
		}
		field(&buf, c->comment);
		appendStringInfoChar(&buf, '\n');
		/* its attributes' comments, on a line of its own when there are any */
		for (int j = 0; j < c->nattrs; j++)
			if (c->attr_comments[j])
			{
				appendStringInfoString(&buf, "YC|");
				for (int k = 0; k < c->nattrs; k++)
					field(&buf, c->attr_comments[k]);
				appendStringInfoChar(&buf, '\n');
				break;
			}
	}
	for (int i = 0; i < s->nviews; i++)
	{
		const AgView *v = &s->views[i];

		appendStringInfoString(&buf, "V|");
		field(&buf, v->name);
		field_char(&buf, v->materialized ? 'm' : 'v');
		field(&buf, v->options);
		field(&buf, v->def);
		field(&buf, v->comment);
		appendStringInfoChar(&buf, '\n');
		/* its columns' comments, on a line of its own when there are any */
		if (v->column_names != NIL)
		{
			ListCell   *nc;
			ListCell   *cc;

			appendStringInfoString(&buf, "VC|");
			forboth(nc, v->column_names, cc, v->column_comments)
			{
				field(&buf, lfirst(nc));
				field(&buf, lfirst(cc));
			}
			appendStringInfoChar(&buf, '\n');
		}
	}
	for (int i = 0; i < s->nroutines; i++)
	{
		const AgRoutine *r = &s->routines[i];

		appendStringInfoString(&buf, "R|");
		field(&buf, r->identity);
		field_char(&buf, r->kind);
		field(&buf, r->args);
		field(&buf, r->result);
		field(&buf, r->body);
		field(&buf, r->comment);
		appendStringInfoChar(&buf, '\n');
	}
	for (int i = 0; i < s->ntriggers; i++)
	{
		const AgTrigger *g = &s->triggers[i];

		appendStringInfoString(&buf, "G|");
		field(&buf, g->table);
		field(&buf, g->name);
		field(&buf, g->compared);
		field(&buf, g->comment);
		appendStringInfoChar(&buf, '\n');
		/* on a line of its own, as not_null_name(): only when not the default */
		if (g->enabled != TRIGGER_FIRES_ON_ORIGIN)
		{
			appendStringInfoString(&buf, "GE|");
			field_char(&buf, g->enabled);
			appendStringInfoChar(&buf, '\n');
		}
	}
	for (int i = 0; i < s->npolicies; i++)
	{
		const AgPolicy *p = &s->policies[i];

		appendStringInfoString(&buf, "P|");
		field(&buf, p->table);
		field(&buf, p->name);
		field(&buf, p->def);
		field(&buf, p->comment);
		appendStringInfoChar(&buf, '\n');
	}
	return buf.data;
}

/* SHA-256 of the canonical text, as 64 lowercase hex digits. */
char *
autogen_fingerprint(const AgSchema *s)
{
	char	   *text = canonical(s);
	bytea	   *digest;
	char	   *hex;

	digest = DatumGetByteaPP(DirectFunctionCall1(sha256_bytea,
												 PointerGetDatum(cstring_to_text(text))));
	hex = palloc(2 * VARSIZE_ANY_EXHDR(digest) + 1);
	hex[hex_encode(VARDATA_ANY(digest), VARSIZE_ANY_EXHDR(digest), hex)] = '\0';
	return hex;
}
