/*-------------------------------------------------------------------------
 *
 * src/lint/enums.c
 *	  enum-value-used: an enum value used in the transaction that adds it,
 *	  found as string literals by the server's own lexer.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "nodes/makefuncs.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/syscache.h"

#include "lint.h"

/* A type's schema-qualified name; as written when it does not exist yet. */
static char *
qualified_type(List *names)
{
	TypeName   *tn = makeTypeNameFromNameList(names);
	Type		typ = LookupTypeName(NULL, tn, NULL, true);
	char	   *result;

	if (typ == NULL)
		return NameListToQuotedString(names);
	result = format_type_be_qualified(typeTypeId(typ));
	ReleaseSysCache(typ);
	return result;
}

/* Uses, in this statement, of an enum value added in the same transaction. */
void
lint_check_enum_uses(LintState *st)
{
	List	   *strings;
	ListCell   *lc;

	if (st->added_values == NIL || IsA(st->stmt->raw, AlterEnumStmt))
		return;
	strings = revsql_string_constants(st->stmt->text, NULL);
	foreach(lc, st->added_values)
	{
		AddedEnumValue *v = lfirst(lc);

		if (schemamig_string_in_list(strings, v->value))
			lint_emit(st, "error", "enum-value-used", v->type,
					  psprintf("enum value '%s' of %s is used in the transaction that adds it (by revision \"%s\"), which PostgreSQL refuses: unsafe use of new value",
							   v->value, v->type, v->revision),
					  "Add the value in a revision of its own and use it in a later call, or register the adding revision with transactional => false.");
	}
}

/* A value added in a transaction cannot be used before it commits. */
void
lint_note_enum_value(LintState *st, AlterEnumStmt *stmt)
{
	MemoryContext old;
	AddedEnumValue *v;

	if (stmt->newVal == NULL || stmt->oldVal != NULL || !st->rev->transactional)
		return;
	old = MemoryContextSwitchTo(st->plancxt);
	v = palloc(sizeof(AddedEnumValue));
	v->type = qualified_type(stmt->typeName);
	v->value = pstrdup(stmt->newVal);
	v->revision = st->rev->id;
	st->added_values = lappend(st->added_values, v);
	MemoryContextSwitchTo(old);
}
