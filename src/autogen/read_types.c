/*-------------------------------------------------------------------------
 *
 * src/autogen/read_types.c
 *	  Catalog reader for types: enums, with their labels in sort order.
 *
 * The labels are read in order, never with their enumsortorder numbers,
 * which differ between a type created with its values and one whose
 * values were added later.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "autogen.h"

/* one row per label, by type name, then sort order */
static AgQuery q_enums = {
	.sql = "SELECT t.typname, e.enumlabel, d.description"
	" FROM pg_catalog.pg_type AS t"
	" JOIN pg_catalog.pg_enum AS e ON e.enumtypid" AG_EQ "t.oid"
	AG_COMMENT_JOIN("pg_type", "t.oid", "0")
	"WHERE t.typnamespace" AG_EQ "$1 AND t.typtype" AG_EQ "'e'"
	" AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend AS x"
	"  WHERE x.classid" AG_EQ "'pg_catalog.pg_type'::pg_catalog.regclass"
	"  AND x.objid" AG_EQ "t.oid AND x.deptype" AG_EQ "'e')"
	"ORDER BY t.typname COLLATE \"C\", e.enumsortorder"
};

/* Enum types. (An enum with no label yet has no row and is not covered.) */
void
autogen_read_enums(AgSchema *s, Oid nsp)
{
	int			n = autogen_query(&q_enums, nsp);
	AgEnum	   *cur = NULL;

	s->nenums = 0;
	s->enums = palloc0(sizeof(AgEnum) * (n + 1));
	for (int i = 0; i < n; i++)
	{
		char	   *name = autogen_value(i, 1);

		if (cur == NULL || strcmp(cur->name, name) != 0)
		{
			int			count = 1;

			/* rows of one type are adjacent: count them */
			while (i + count < n &&
				   strcmp(SPI_getvalue(SPI_tuptable->vals[i + count],
									   SPI_tuptable->tupdesc, 1), name) == 0)
				count++;
			cur = &s->enums[s->nenums++];
			cur->name = name;
			cur->comment = autogen_value(i, 3);
			cur->labels = palloc(sizeof(char *) * count);
			cur->nlabels = 0;
		}
		cur->labels[cur->nlabels++] = autogen_value(i, 2);
	}
}
