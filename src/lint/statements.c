/*-------------------------------------------------------------------------
 *
 * src/lint/statements.c
 *	  One statement of one revision: what each kind of statement locks,
 *	  rewrites, scans, destroys or cannot do in a transaction block.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/tableam.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_proc.h"
#include "commands/defrem.h"
#include "commands/policy.h"
#include "commands/trigger.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "rewrite/rewriteSupport.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "lint.h"

/*
 * REINDEX: of a schema, the system catalogs or the database, or of a
 * partitioned table or index, it cannot run in a transaction block (nor
 * can CONCURRENTLY). Without CONCURRENTLY, REINDEX TABLE or INDEX takes a
 * SHARE lock on the table and ACCESS EXCLUSIVE on each index it builds
 * again (reindex_index).
 */
static void
lint_reindex(LintState *st, ReindexStmt *stmt)
{
	bool		concurrently = false;
	const char *severity;
	LintTable	t;
	ListCell   *lc;

	foreach(lc, stmt->params)
	{
		if (strcmp(lfirst_node(DefElem, lc)->defname, "concurrently") == 0)
			concurrently = defGetBoolean(lfirst_node(DefElem, lc));
	}
	if (concurrently)
		lint_not_in_transaction(st, "REINDEX CONCURRENTLY");
	if (stmt->kind != REINDEX_OBJECT_TABLE && stmt->kind != REINDEX_OBJECT_INDEX)
	{
		if (!concurrently)
			lint_not_in_transaction(st, stmt->kind == REINDEX_OBJECT_SCHEMA ? "REINDEX SCHEMA" :
									stmt->kind == REINDEX_OBJECT_SYSTEM ? "REINDEX SYSTEM" : "REINDEX DATABASE");
		return;
	}
	t = lint_lookup_table(st, stmt->relation);
	if (!concurrently && (t.relkind == RELKIND_PARTITIONED_TABLE ||
						  t.relkind == RELKIND_PARTITIONED_INDEX))
		lint_not_in_transaction(st, "REINDEX of a partitioned table or index");
	if (!OidIsValid(t.relid) || t.is_new)
		return;
	if (stmt->kind == REINDEX_OBJECT_INDEX)
	{
		Oid			table = IndexGetRelation(t.relid, true);

		if (!OidIsValid(table))
			return;
		t = lint_table_by_oid(st, table, true);
	}
	if (concurrently || (severity = lint_severity_for(&t)) == NULL)
		return;
	lint_emit(st, severity, "blocking-index", t.name,
			  psprintf("REINDEX takes a SHARE lock on %s (%s) and ACCESS EXCLUSIVE on the indexes it builds again: writes wait, and so do reads that would use those indexes",
					   t.name, t.size),
			  "Use REINDEX CONCURRENTLY in a non-transactional revision (transactional => false; -- no-transaction in a file).");
	lint_lock_wait(st, &t, "REINDEX", ShareLock);
}

/*
 * DROP TRIGGER, POLICY or RULE: ACCESS EXCLUSIVE on the table the object is
 * on (names: the table's, then the object's), unless IF EXISTS finds no
 * such object on an existing table: then nothing is locked.
 */
static void
drop_table_object(LintState *st, DropStmt *stmt, List *names)
{
	LintTable	t = lint_lookup_table(st, makeRangeVarFromNameList(list_truncate(list_copy(names),
																			 list_length(names) - 1)));
	const char *object = strVal(llast(names));

	if (stmt->missing_ok && OidIsValid(t.relid) && !t.is_new &&
		!OidIsValid(stmt->removeType == OBJECT_TRIGGER ? get_trigger_oid(t.relid, object, true) :
					stmt->removeType == OBJECT_POLICY ? get_relation_policy_oid(t.relid, object, true) :
					get_rewrite_oid(t.relid, object, true)))
		return;
	lint_access_exclusive(st, &t, stmt->removeType == OBJECT_TRIGGER ? "DROP TRIGGER" :
						  stmt->removeType == OBJECT_POLICY ? "DROP POLICY" : "DROP RULE");
}

/* One statement of one revision. */
void
lint_statement(LintState *st)
{
	Node	   *raw = st->stmt->raw;
	ListCell   *lc;

	lint_check_enum_uses(st);

	switch (nodeTag(raw))
	{
		case T_IndexStmt:
			{
				IndexStmt  *stmt = (IndexStmt *) raw;
				LintTable	t = lint_lookup_table(st, stmt->relation);
				const char *severity = lint_severity_for(&t);

				if (stmt->concurrent)
				{
					lint_not_in_transaction(st, "CREATE INDEX CONCURRENTLY");
					/* (the server builds no index of a partitioned table so, ONLY or not) */
					if (t.relkind == RELKIND_PARTITIONED_TABLE)
						lint_emit(st, "error", "concurrently-partitioned", t.name,
								  psprintf("CREATE INDEX CONCURRENTLY fails on partitioned table %s: the server cannot build a partitioned table's index concurrently",
										   t.name),
								  "Create it with CREATE INDEX ... ON ONLY the partitioned table, without CONCURRENTLY (that builds nothing), then each partition's index with CREATE INDEX CONCURRENTLY, and attach each with ALTER INDEX ... ATTACH PARTITION: the parent's index becomes valid once every partition's is attached.");
					if (stmt->if_not_exists && stmt->idxname != NULL)
						lint_emit(st, "warning", "concurrently-if-not-exists", t.name,
								  psprintf("CREATE INDEX CONCURRENTLY IF NOT EXISTS skips index \"%s\" even when it is INVALID: a build that was cancelled or failed leaves one behind, and the next run would record the revision with an index the planner never uses",
										   stmt->idxname),
								  "Leave out IF NOT EXISTS: the next run then fails on the invalid index (42P07); drop it with DROP INDEX CONCURRENTLY and run again.");
				}
				else if (severity != NULL)
				{
					lint_emit(st, severity, "blocking-index", t.name,
							  psprintf("CREATE INDEX on %s (%s) takes a SHARE lock: writes to the table wait until the index is built",
									   t.name, t.size),
							  "Use CREATE INDEX CONCURRENTLY in a non-transactional revision (transactional => false; -- no-transaction in a file).");
					lint_lock_wait(st, &t, "CREATE INDEX", ShareLock);
				}
				/* (an index lands in its table's schema) */
				if (stmt->idxname != NULL && t.schema != NULL)
					(void) lint_note_created(st, makeRangeVar(pstrdup(t.schema), stmt->idxname, -1),
											 stmt->if_not_exists,
											 t.relkind == RELKIND_PARTITIONED_TABLE ?
											 RELKIND_PARTITIONED_INDEX : RELKIND_INDEX);
				break;
			}
		case T_AlterTableStmt:
			lint_alter_table(st, (AlterTableStmt *) raw);
			break;
		case T_CreateStmt:
			{
				CreateStmt *stmt = (CreateStmt *) raw;
				const char *what;

				/* (IF NOT EXISTS of a table that is there locks nothing) */
				if (!lint_note_created(st, stmt->relation, stmt->if_not_exists,
									   stmt->partspec ? RELKIND_PARTITIONED_TABLE : RELKIND_RELATION))
					break;
				if (stmt->partbound != NULL && stmt->inhRelations != NIL)
					lint_check_partition_of(st, stmt);
				/* (the grammar puts table constraints among the columns) */
				what = psprintf("CREATE TABLE %s ... REFERENCES", quote_identifier(stmt->relation->relname));
				foreach(lc, stmt->tableElts)
				{
					if (IsA(lfirst(lc), ColumnDef))
						lint_references_locks(st, lfirst_node(ColumnDef, lc)->constraints, what);
					else if (IsA(lfirst(lc), Constraint))
						lint_references_locks(st, list_make1(lfirst(lc)), what);
				}
				break;
			}
		case T_CreateTrigStmt:
			{
				CreateTrigStmt *stmt = (CreateTrigStmt *) raw;
				LintTable	t = lint_lookup_table(st, stmt->relation);

				lint_lock_wait(st, &t, "CREATE TRIGGER", ShareRowExclusiveLock);
				break;
			}
		case T_CreateTableAsStmt:
			(void) lint_note_created(st, ((CreateTableAsStmt *) raw)->into->rel,
									 ((CreateTableAsStmt *) raw)->if_not_exists,
									 ((CreateTableAsStmt *) raw)->objtype == OBJECT_MATVIEW ?
									 RELKIND_MATVIEW : RELKIND_RELATION);
			break;
		case T_DropStmt:
			{
				DropStmt   *stmt = (DropStmt *) raw;
				List	   *dropping = NIL;
				List	   *under = NIL;
				List	   *partners = NIL;
				List	   *parents = NIL;

				if (stmt->concurrent)
					lint_not_in_transaction(st, "DROP INDEX CONCURRENTLY");
				if (stmt->removeType == OBJECT_TRIGGER || stmt->removeType == OBJECT_POLICY ||
					stmt->removeType == OBJECT_RULE)
				{
					foreach(lc, stmt->objects)
						drop_table_object(st, stmt, lfirst(lc));
					break;
				}
				if (stmt->removeType == OBJECT_SCHEMA)
				{
					foreach(lc, stmt->objects)
						lint_drop_schema(st, strVal(lfirst(lc)), stmt->behavior == DROP_CASCADE);
					break;
				}
				if (stmt->removeType == OBJECT_TYPE || stmt->removeType == OBJECT_DOMAIN)
				{
					foreach(lc, stmt->objects)
						lint_drop_type(st, lfirst_node(TypeName, lc), stmt->behavior == DROP_CASCADE,
									   stmt->removeType == OBJECT_DOMAIN ? "DROP DOMAIN" : "DROP TYPE");
					break;
				}
				/* DROP FUNCTION or SEQUENCE ... CASCADE: what uses them goes */
				if ((stmt->removeType == OBJECT_FUNCTION || stmt->removeType == OBJECT_ROUTINE) &&
					stmt->behavior == DROP_CASCADE)
				{
					foreach(lc, stmt->objects)
					{
						Oid			funcid = LookupFuncWithArgs(stmt->removeType,
																lfirst_node(ObjectWithArgs, lc), true);

						if (OidIsValid(funcid))
							lint_cascade_report(st, lint_cascade_find(st, ProcedureRelationId, funcid, 0), NIL,
												psprintf("%s %s ... CASCADE",
														 stmt->removeType == OBJECT_ROUTINE ? "DROP ROUTINE" : "DROP FUNCTION",
														 NameListToString(lfirst_node(ObjectWithArgs, lc)->objname)));
					}
					break;
				}
				if (stmt->removeType == OBJECT_SEQUENCE && stmt->behavior == DROP_CASCADE)
				{
					foreach(lc, stmt->objects)
					{
						LintTable	seq = lint_lookup_table(st, makeRangeVarFromNameList(lfirst(lc)));

						if (OidIsValid(seq.relid) && !seq.is_new && seq.relkind == RELKIND_SEQUENCE)
							lint_cascade_report(st, lint_cascade_find(st, RelationRelationId, seq.relid, 0), NIL,
												psprintf("DROP SEQUENCE %s ... CASCADE", seq.name));
					}
					break;
				}
				/*
				 * DROP VIEW ... CASCADE: the materialized views that read
				 * them, the policies and rules of tables that use them, ...
				 */
				if (stmt->removeType == OBJECT_VIEW && stmt->behavior == DROP_CASCADE)
				{
					List	   *found = NIL;

					foreach(lc, stmt->objects)
					{
						LintTable	v = lint_lookup_table(st, makeRangeVarFromNameList(lfirst(lc)));

						if (OidIsValid(v.relid) && !v.is_new && v.relkind == RELKIND_VIEW)
							found = list_concat(found, lint_cascade_find(st, RelationRelationId, v.relid, 0));
					}
					lint_cascade_report(st, found, NIL, "DROP VIEW ... CASCADE");
					break;
				}
				if (stmt->removeType != OBJECT_TABLE && stmt->removeType != OBJECT_MATVIEW &&
					stmt->removeType != OBJECT_INDEX)
					break;
				foreach(lc, stmt->objects)
				{
					RangeVar   *rv = makeRangeVarFromNameList(lfirst(lc));
					LintTable	t = lint_lookup_table(st, rv);

					if (stmt->removeType != OBJECT_INDEX)
					{
						const char *what = stmt->removeType == OBJECT_TABLE ?
							"DROP TABLE" : "DROP MATERIALIZED VIEW";
						Oid			parent = lint_partition_parent(st, &t);

						lint_destructive(st, &t, what);
						lint_access_exclusive(st, &t, what);
						if (OidIsValid(parent))
							parents = list_append_unique_oid(parents, parent);
						/* a later CREATE ... IF NOT EXISTS creates it anew */
						lint_note_dropped(st, &t);
						/* (and its partitions, or with CASCADE its children) */
						if (OidIsValid(t.relid) && !t.is_new &&
							(t.relkind == RELKIND_PARTITIONED_TABLE || stmt->behavior == DROP_CASCADE))
							under = list_concat_unique_oid(under, lint_tables_under(st, t.relid));

						/*
						 * Its foreign keys go with it: those that reference
						 * it only with CASCADE (else the statement fails).
						 */
						if (OidIsValid(t.relid) && !t.is_new)
						{
							dropping = lappend_oid(dropping, t.relid);
							partners = list_concat_unique_oid(partners,
															  lint_foreign_key_partners(st, t.relid, stmt->behavior == DROP_CASCADE,
																						InvalidAttrNumber));
						}
					}
					else
					{
						Oid			table = OidIsValid(t.relid) && !t.is_new ?
							IndexGetRelation(t.relid, true) : InvalidOid;

						if (!stmt->concurrent && OidIsValid(table))
						{
							LintTable	tt = lint_table_by_oid(st, table, true);

							lint_access_exclusive(st, &tt, psprintf("DROP INDEX %s", t.name));
						}
						/* with CASCADE, the foreign keys that reference it go too */
						if (stmt->behavior == DROP_CASCADE && OidIsValid(table))
							partners = list_concat_unique_oid(partners,
															  lint_foreign_keys_on_index(st, t.relid));
						lint_note_dropped(st, &t);
					}
				}
				/*
				 * With CASCADE, what uses them goes too: the materialized
				 * views that read them, the rules, policies and triggers of
				 * other tables that use them, and so on (their foreign keys
				 * are partners').
				 */
				if (stmt->behavior == DROP_CASCADE && stmt->removeType != OBJECT_INDEX)
				{
					const char *what = stmt->removeType == OBJECT_TABLE ?
						"DROP TABLE ... CASCADE" : "DROP MATERIALIZED VIEW ... CASCADE";
					List	   *gone = list_concat_unique_oid(list_copy(dropping), under);
					List	   *found = NIL;

					foreach(lc, gone)
						found = list_concat(found, lint_cascade_find(st, RelationRelationId, lfirst_oid(lc), 0));
					lint_cascade_report(st, found, list_concat_unique_oid(gone, partners), what);
				}
				/* (after the statement, which may name them too) */
				foreach(lc, under)
				{
					LintTable	u = lint_table_by_oid(st, lfirst_oid(lc), false);

					if (!list_member_oid(dropping, u.relid))
						lint_note_dropped(st, &u);
				}
				lint_related_locks(st, partners, dropping, stmt->removeType == OBJECT_INDEX ?
								   "DROP INDEX ... CASCADE, which drops the foreign keys that reference the index," :
								   "DROP TABLE, which drops a foreign key between them,");
				lint_partition_parent_locks(st, parents, dropping, "DROP TABLE");
				break;
			}
		case T_TruncateStmt:
			{
				TruncateStmt *stmt = (TruncateStmt *) raw;
				List	   *relids = NIL;

				foreach(lc, stmt->relations)
				{
					RangeVar   *rv = lfirst_node(RangeVar, lc);
					LintTable	t = lint_lookup_table(st, rv);

					lint_destructive(st, &t, "TRUNCATE");
					lint_access_exclusive(st, &t, "TRUNCATE");
					if (OidIsValid(t.relid) && !t.is_new)
						relids = list_concat_unique_oid(relids, rv->inh ?
														find_all_inheritors(t.relid, NoLock, NULL) :
														list_make1_oid(t.relid));
				}
				if (stmt->behavior == DROP_CASCADE)
					lint_truncate_cascade(st, relids);
				break;
			}
		case T_ClusterStmt:
			{
				ClusterStmt *stmt = (ClusterStmt *) raw;
				LintTable	t;

				if (stmt->relation == NULL)
				{
					lint_not_in_transaction(st, "CLUSTER without a table");
					lint_every_table_rewritten(st, "CLUSTER without a table",
											   "that has a clustered index (marked by CLUSTER ... USING or CLUSTER ON) and that the revision's author may cluster");
					break;
				}
				t = lint_lookup_table(st, stmt->relation);
				if (t.relkind == RELKIND_PARTITIONED_TABLE)
					lint_not_in_transaction(st, "CLUSTER of a partitioned table");
				lint_table_rewrite(st, &t, "CLUSTER");
				lint_access_exclusive(st, &t, "CLUSTER");
				break;
			}
		case T_VacuumStmt:
			{
				VacuumStmt *stmt = (VacuumStmt *) raw;
				bool		full = false;

				if (!stmt->is_vacuumcmd)
					break;
				lint_not_in_transaction(st, "VACUUM");
				foreach(lc, stmt->options)
				{
					DefElem    *opt = lfirst_node(DefElem, lc);

					if (strcmp(opt->defname, "full") == 0)
						full = opt->arg == NULL || defGetBoolean(opt);
				}
				if (!full)
					break;
				if (stmt->rels == NIL)
					lint_every_table_rewritten(st, "VACUUM FULL without a table",
											   "that the revision's author may vacuum");
				foreach(lc, stmt->rels)
				{
					LintTable	t = lint_lookup_table(st, lfirst_node(VacuumRelation, lc)->relation);

					lint_table_rewrite(st, &t, "VACUUM FULL");
					lint_access_exclusive(st, &t, "VACUUM FULL");
				}
				break;
			}
		case T_ReindexStmt:
			lint_reindex(st, (ReindexStmt *) raw);
			break;
		case T_RenameStmt:
			lint_rename(st, (RenameStmt *) raw);
			break;
		case T_AlterObjectSchemaStmt:
			{
				AlterObjectSchemaStmt *stmt = (AlterObjectSchemaStmt *) raw;

				if (stmt->objectType == OBJECT_TYPE || stmt->objectType == OBJECT_DOMAIN)
					lint_note_type_renamed(st, castNode(List, stmt->object), stmt->newschema, NULL);
				else if (stmt->relation &&
					(stmt->objectType == OBJECT_TABLE || stmt->objectType == OBJECT_MATVIEW))
				{
					LintTable	t = lint_lookup_table(st, stmt->relation);

					lint_access_exclusive(st, &t, "SET SCHEMA");
					lint_note_moved(st, &t, stmt->newschema, stmt->relation->relname);
				}
				break;
			}
		case T_RuleStmt:
			lint_table_access_exclusive(st, ((RuleStmt *) raw)->relation,
										((RuleStmt *) raw)->replace ? "CREATE OR REPLACE RULE" : "CREATE RULE");
			break;
		case T_CreatePolicyStmt:
			lint_table_access_exclusive(st, ((CreatePolicyStmt *) raw)->table, "CREATE POLICY");
			break;
		case T_AlterPolicyStmt:
			lint_table_access_exclusive(st, ((AlterPolicyStmt *) raw)->table, "ALTER POLICY");
			break;
		case T_RefreshMatViewStmt:
			{
				RefreshMatViewStmt *stmt = (RefreshMatViewStmt *) raw;
				LintTable	t;

				/* (CONCURRENTLY takes EXCLUSIVE: reads go on) */
				if (stmt->concurrent)
					break;
				t = lint_lookup_table(st, stmt->relation);
				lint_rewrite_with_hint(st, &t, "REFRESH MATERIALIZED VIEW",
									   "Use REFRESH MATERIALIZED VIEW CONCURRENTLY (the view needs a unique index): reads go on while it runs.");
				lint_access_exclusive(st, &t, "REFRESH MATERIALIZED VIEW");
				break;
			}
		case T_AlterDomainStmt:
			lint_alter_domain(st, (AlterDomainStmt *) raw);
			break;
		case T_SelectStmt:
			{
				SelectStmt *stmt = (SelectStmt *) raw;

				/*
				 * SELECT set_config('lock_timeout', '5s', true), as SET
				 * does: once, so with no FROM, WHERE or LIMIT that could
				 * run it another number of times
				 */
				if (stmt->op != SETOP_NONE || stmt->fromClause != NIL ||
					stmt->whereClause != NULL || stmt->groupClause != NIL ||
					stmt->havingClause != NULL || stmt->limitCount != NULL ||
					stmt->limitOffset != NULL)
					break;
				foreach(lc, stmt->targetList)
					lint_follow_set_config(st, lfirst_node(ResTarget, lc)->val);
				break;
			}
		case T_CreateFunctionStmt:
			lint_note_function(st, (CreateFunctionStmt *) raw);
			break;
		case T_CreateDomainStmt:
			lint_note_type(st, ((CreateDomainStmt *) raw)->domainname,
						   ((CreateDomainStmt *) raw)->typeName,
						   ((CreateDomainStmt *) raw)->constraints, false);
			break;
		case T_CreateEnumStmt:
			lint_note_type(st, ((CreateEnumStmt *) raw)->typeName, NULL, NIL, false);
			break;
		case T_CreateRangeStmt:
			lint_note_type(st, ((CreateRangeStmt *) raw)->typeName, NULL, NIL, false);
			break;
		case T_CompositeTypeStmt:
			{
				RangeVar   *rv = ((CompositeTypeStmt *) raw)->typevar;

				lint_note_type(st, rv->schemaname ?
							   list_make2(makeString(rv->schemaname), makeString(rv->relname)) :
							   list_make1(makeString(rv->relname)), NULL, NIL, true);
				break;
			}
		case T_DefineStmt:
			if (((DefineStmt *) raw)->kind == OBJECT_TYPE)
				lint_note_type(st, ((DefineStmt *) raw)->defnames, NULL, NIL, false);
			break;
		case T_CreateSchemaStmt:
			{
				CreateSchemaStmt *stmt = (CreateSchemaStmt *) raw;

				/* (AUTHORIZATION CURRENT_ROLE: the revision's author) */
				const char *schema = stmt->schemaname ? stmt->schemaname :
					stmt->authrole->roletype == ROLESPEC_CSTRING ? stmt->authrole->rolename :
					st->author;

				if (schema == NULL)
					break;
				lint_note_schema(st, schema);
				foreach(lc, stmt->schemaElts)
				{
					CreateStmt *create = (CreateStmt *) lfirst(lc);
					RangeVar   *rv;

					if (!IsA(create, CreateStmt))
						continue;
					rv = copyObject(create->relation);
					rv->schemaname = pstrdup(schema);
					(void) lint_note_created(st, rv, create->if_not_exists,
											 create->partspec ? RELKIND_PARTITIONED_TABLE : RELKIND_RELATION);
				}
				break;
			}
		case T_LockStmt:
			{
				LockStmt   *stmt = (LockStmt *) raw;

				/* (the modes below SHARE let writes through) */
				if (stmt->mode < ShareLock)
					break;
				foreach(lc, stmt->relations)
				{
					LintTable	t = lint_lookup_table(st, lfirst_node(RangeVar, lc));

					if (stmt->mode == AccessExclusiveLock)
						lint_access_exclusive(st, &t, "LOCK TABLE");
					else
						lint_blocking_lock(st, &t, stmt->mode, "LOCK TABLE");
					if (t.relkind == RELKIND_VIEW)
						lint_lock_view(st, &t, stmt->mode);
				}
				break;
			}
		case T_AlterEnumStmt:
			lint_note_enum_value(st, (AlterEnumStmt *) raw);
			break;
		case T_VariableSetStmt:
			{
				VariableSetStmt *stmt = (VariableSetStmt *) raw;

				if (stmt->name &&
					(stmt->kind == VAR_SET_VALUE || stmt->kind == VAR_SET_DEFAULT ||
					 stmt->kind == VAR_RESET))
					lint_follow_setting(st, stmt->name, stmt->kind == VAR_SET_VALUE ?
										ExtractSetVariableArgs(stmt) : NULL);
				/* RESET ALL: each of those the session's starting value again */
				else if (stmt->kind == VAR_RESET_ALL)
				{
					lint_follow_setting(st, "lock_timeout", NULL);
					lint_follow_setting(st, "search_path", NULL);
					lint_follow_setting(st, "TimeZone", NULL);
				}
				break;
			}
		case T_CreatedbStmt:
		case T_DropdbStmt:
		case T_CreateTableSpaceStmt:
		case T_DropTableSpaceStmt:
		case T_AlterSystemStmt:
			lint_not_in_transaction(st, CreateCommandName(raw));
			break;
		default:
			break;
	}
}

/*
 * The tables a statement names, for the statements that lock tables: what
 * trace() looks at to say which lock a statement timed out waiting for.
 */
List *
lint_statement_relations(Node *raw)
{
	List	   *rels = NIL;
	ListCell   *lc;

	switch (nodeTag(raw))
	{
		case T_AlterTableStmt:
			rels = list_make1(((AlterTableStmt *) raw)->relation);
			foreach(lc, ((AlterTableStmt *) raw)->cmds)
			{
				AlterTableCmd *cmd = lfirst_node(AlterTableCmd, lc);

				if (cmd->subtype == AT_AddConstraint &&
					castNode(Constraint, cmd->def)->contype == CONSTR_FOREIGN)
					rels = lappend(rels, castNode(Constraint, cmd->def)->pktable);
			}
			break;
		case T_IndexStmt:
			rels = list_make1(((IndexStmt *) raw)->relation);
			break;
		case T_DropStmt:
			foreach(lc, ((DropStmt *) raw)->objects)
			{
				if (((DropStmt *) raw)->removeType == OBJECT_TABLE ||
					((DropStmt *) raw)->removeType == OBJECT_INDEX)
					rels = lappend(rels, makeRangeVarFromNameList(lfirst(lc)));
			}
			break;
		case T_TruncateStmt:
			rels = list_copy(((TruncateStmt *) raw)->relations);
			break;
		case T_LockStmt:
			rels = list_copy(((LockStmt *) raw)->relations);
			break;
		case T_ClusterStmt:
			if (((ClusterStmt *) raw)->relation)
				rels = list_make1(((ClusterStmt *) raw)->relation);
			break;
		case T_VacuumStmt:
			foreach(lc, ((VacuumStmt *) raw)->rels)
				rels = lappend(rels, lfirst_node(VacuumRelation, lc)->relation);
			break;
		case T_RenameStmt:
			if (((RenameStmt *) raw)->relation)
				rels = list_make1(((RenameStmt *) raw)->relation);
			break;
		case T_CreateTrigStmt:
			rels = list_make1(((CreateTrigStmt *) raw)->relation);
			break;
		default:
			break;
	}
	return rels;
}
