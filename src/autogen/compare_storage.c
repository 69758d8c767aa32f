/*-------------------------------------------------------------------------
 *
 * src/autogen/compare_storage.c
 *	  The comparison of how a table is kept rather than what it holds: its
 *	  storage parameters (its TOAST table's too), UNLOGGED, REPLICA
 *	  IDENTITY, and its columns' STORAGE and COMPRESSION. Each is changed
 *	  in place by ALTER TABLE, never by making the table again.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "utils/builtins.h"

#include "compare.h"

/* An option line's name, "toast.name" written as the server takes it. */
static char *
option_name(const char *line)
{
	char	   *name = pnstrdup(line, strcspn(line, "="));
	char	   *dot = strchr(name, '.');

	if (dot == NULL)
		return (char *) qi(name);
	*dot = '\0';
	return psprintf("%s.%s", qi(name), qi(dot + 1));
}

/* An option line as SET and WITH take it: name = value, quoted unless a number. */
static char *
option_setting(const char *line)
{
	const char *value = line + strcspn(line, "=");

	if (*value == '=')
		value++;
	if (isdigit((unsigned char) value[0]) && value[strspn(value, "0123456789.")] == '\0' &&
		strchr(value, '.') == strrchr(value, '.'))
		return psprintf("%s = %s", option_name(line), value);
	return psprintf("%s = %s", option_name(line), quote_literal_cstr(value));
}

/* The value of option name in lines ("name=value" a line); NULL: not set. */
static const char *
option_value(List *lines, const char *line)
{
	size_t		len = strcspn(line, "=");
	ListCell   *lc;

	foreach(lc, lines)
	{
		const char *other = lfirst(lc);

		if (strncmp(other, line, len) == 0 && other[len] == '=')
			return other + len + 1;
	}
	return NULL;
}

/* A new table's storage parameters, as CREATE TABLE takes them; "". */
char *
autogen_table_with(const AgTable *t)
{
	StringInfoData buf;
	ListCell   *lc;

	if (t->options == NULL)
		return "";
	initStringInfo(&buf);
	foreach(lc, autogen_lines(t->options))
		appendStringInfo(&buf, "%s%s", buf.len > 0 ? ", " : " WITH (",
						 option_setting(lfirst(lc)));
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

/*
 * Do the "from" table named table and the table it becomes differ in
 * UNLOGGED? (A foreign key between two such tables goes before ALTER TABLE
 * ... SET LOGGED or UNLOGGED and comes back after: the server refuses a
 * logged table's reference to an unlogged one at each step, and only the
 * order of the steps could otherwise keep it.)
 */
bool
autogen_persistence_changes(Cmp *cmp, const char *table)
{
	int			fi = autogen_find_table(cmp->from, table);

	return fi >= 0 && cmp->from_match[fi] >= 0 &&
		cmp->from->tables[fi].unlogged != cmp->to->tables[cmp->from_match[fi]].unlogged;
}

/* Storage parameters and UNLOGGED of a table both schemas have. */
void
autogen_compare_table_storage(Cmp *cmp, int ti)
{
	const AgTable *tt = &cmp->to->tables[ti];
	const AgTable *ft = &cmp->from->tables[cmp->to_match[ti]];
	List	   *from = autogen_lines(ft->options);
	List	   *to = autogen_lines(tt->options);
	StringInfoData set;
	StringInfoData reset;
	ListCell   *lc;

	initStringInfo(&set);
	initStringInfo(&reset);
	foreach(lc, to)
	{
		const char *was = option_value(from, lfirst(lc));

		if (was == NULL || strcmp(was, strchr(lfirst(lc), '=') + 1) != 0)
			appendStringInfo(&set, "%s%s", set.len > 0 ? ", " : "", option_setting(lfirst(lc)));
	}
	foreach(lc, from)
		if (option_value(to, lfirst(lc)) == NULL)
			appendStringInfo(&reset, "%s%s", reset.len > 0 ? ", " : "", option_name(lfirst(lc)));
	/*
	 * once its columns are as they will be: a TOAST table that a column
	 * changed or added brings is not there before, and a TOAST storage
	 * parameter set then would be lost
	 */
	if (reset.len > 0)
		autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, tt->name, false,
					   "ALTER TABLE %s RESET (%s)", qi(tt->name), reset.data);
	if (set.len > 0)
		autogen_action(&cmp->actions, PH_ADD_CONSTRAINT, tt->name, false,
					   "ALTER TABLE %s SET (%s)", qi(tt->name), set.data);
	/* after the foreign keys between tables that change too go */
	if (ft->unlogged != tt->unlogged)
		autogen_action(&cmp->actions, PH_ALTER_COLUMN, tt->name, false,
					   "ALTER TABLE %s SET %s", qi(tt->name), tt->unlogged ? "UNLOGGED" : "LOGGED");
}

/* Does the SQL make index (or a constraint's) of table again? */
static bool
index_made(Cmp *cmp, const char *table, const char *index)
{
	char	   *key = psprintf("%s.%s", table, index);
	ListCell   *lc;

	foreach(lc, cmp->actions)
	{
		AgAction   *a = lfirst(lc);

		if ((a->phase == PH_CREATE_INDEX || a->phase == PH_ADD_CONSTRAINT) &&
			strcmp(a->key, key) == 0)
			return true;
	}
	return false;
}

static const char *
replica_identity(const AgTable *t)
{
	return t->replident == 'n' ? "NOTHING" : t->replident == 'f' ? "FULL" :
		t->replident == 'i' ? psprintf("USING INDEX %s", qi(t->replindex)) : "DEFAULT";
}

/*
 * REPLICA IDENTITY of every table of "to", once its indexes are known: set
 * when it differs, and again when its index is made again (a new index is
 * not the identity). An index that stops being the identity stops being
 * it first, before the columns change: the server refuses DROP NOT NULL
 * of a column of the identity's index, and the index may be kept while
 * its columns lose NOT NULL. What needs no index is set there and then;
 * another index (its columns NOT NULL by then, and it perhaps new) is
 * the identity after DEFAULT in between.
 */
void
autogen_compare_replica_identity(Cmp *cmp)
{
	for (int ti = 0; ti < cmp->to->ntables; ti++)
	{
		const AgTable *tt = &cmp->to->tables[ti];
		const AgTable *ft = cmp->to_match[ti] >= 0 ? &cmp->from->tables[cmp->to_match[ti]] : NULL;
		char		was = ft ? ft->replident : 'd';

		if (tt->replident == was &&
			(tt->replident != 'i' ||
			 (strcmp(ft->replindex, tt->replindex) == 0 && !index_made(cmp, tt->name, tt->replindex))))
			continue;
		if (was == 'i' && (tt->replident != 'i' || strcmp(ft->replindex, tt->replindex) != 0))
		{
			/* by the table's old name: tables are renamed after this */
			autogen_action(&cmp->actions, PH_DROP_CONSTRAINT, ft->name, false,
						   "ALTER TABLE %s REPLICA IDENTITY %s", qi(ft->name),
						   tt->replident == 'i' ? "DEFAULT" : replica_identity(tt));
			if (tt->replident != 'i')
				continue;
		}
		autogen_action(&cmp->actions, PH_CREATE_TRIGGER, tt->name, false,
					   "ALTER TABLE %s REPLICA IDENTITY %s", qi(tt->name), replica_identity(tt));
	}
}

static const char *
storage_name(char storage)
{
	switch (storage)
	{
		case 'p':
			return "PLAIN";
		case 'e':
			return "EXTERNAL";
		case 'm':
			return "MAIN";
		default:
			return "EXTENDED";
	}
}

/*
 * A column's STORAGE and COMPRESSION; fc NULL when the column is new, or
 * its type or collation changes (ALTER COLUMN ... TYPE, which changes
 * either, gives it its new type's storage, and no compression of its own).
 */
void
autogen_column_storage(Cmp *cmp, const char *table, const AgColumn *fc, const AgColumn *tc)
{
	char		storage = fc ? fc->storage : tc->typstorage;
	char		compression = fc ? fc->compression : '\0';
	char	   *key = psprintf("%s.%s", table, tc->name);

	if (tc->storage != storage)
		autogen_action(&cmp->actions, PH_ALTER_COLUMN_FINISH, key, false,
					   "ALTER TABLE %s ALTER COLUMN %s SET STORAGE %s", qi(table),
					   qi(tc->name), storage_name(tc->storage));
	if (tc->compression != compression)
		autogen_action(&cmp->actions, PH_ALTER_COLUMN_FINISH, key, false,
					   "ALTER TABLE %s ALTER COLUMN %s SET COMPRESSION %s", qi(table),
					   qi(tc->name), tc->compression == 'p' ? "pglz" :
					   tc->compression == 'l' ? "lz4" : "default");
}
