/*-------------------------------------------------------------------------
 *
 * src/triggers.c
 *	  How schemamig's tables protect themselves: the generation trigger,
 *	  the guards on applied revisions, and the checksum the revision table
 *	  computes for itself.
 *
 * The guards make the rule "an applied revision is what ran" hold whatever
 * path a change takes (UPDATE, DELETE, TRUNCATE); only bypassing triggers
 * altogether (replica mode) gets around them, and verify() reports that
 * (src/guards.c checks that the guards are as the extension installed them).
 * They also keep the books out of reach of the SQL being entered in them:
 * while a call runs, only schemamig's own queries change the tables. And
 * the revision table records who wrote each revision's SQL, its author,
 * whose privileges it runs with; no direct write can forge that.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/sysattr.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/rel.h"

#include "schemamig.h"

/* Raise unless called as a trigger. */
static TriggerData *
trigger_data(FunctionCallInfo fcinfo, const char *fname)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s must be called as a trigger", fname)));
	/* its rows are read as the columns' types should be */
	catalog_require_shape();
	return (TriggerData *) fcinfo->context;
}

/* Does the UPDATE (a row's, or a statement's) set this column? */
static bool
sets_column(TriggerData *td, const char *column)
{
	int			att = SPI_fnumber(RelationGetDescr(td->tg_relation), column);

	return att > 0 && bms_is_member(att - FirstLowInvalidHeapAttributeNumber, td->tg_updatedcols);
}

/*
 * Did this statement change which revisions there are or what their parents
 * are, other than by registering? A DELETE, or an UPDATE of an id or of
 * parents, must leave every parent registered and no cycle: add_revision()
 * and sync() refuse both, and an edit by hand is judged once the statement
 * ends, so that one UPDATE may rename a pending revision and its children's
 * parents together. An INSERT is a restore's (the tables' owner's), whose
 * rows come in any order, and so are the rows a subscription applies in
 * replica mode: verify() reports what those leave.
 */
static bool
edits_graph(TriggerData *td)
{
	if (strcmp(RelationGetRelationName(td->tg_relation), "revision") != 0 ||
		SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA)
		return false;
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
		return true;
	return TRIGGER_FIRED_BY_UPDATE(td->tg_event) &&
		(sets_column(td, "id") || sets_column(td, "parents"));
}

/*
 * Trigger on schemamig.revision and schemamig.applied: a change that did
 * not come from one of our calls (which move the generation themselves)
 * moves it here, so caches and stale snapshots notice. It moves the graph's
 * generation, which every tenant's cached applied set and settled state
 * depend on: a statement trigger cannot tell whose rows it touched. After
 * an edit of the graph by hand it checks that the revisions can still be
 * ordered.
 */
PG_FUNCTION_INFO_V1(schemamig_touch);
Datum
schemamig_touch(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "schemamig.touch()");

	if (!schemamig_call_active)
	{
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		catalog_registered(NULL);
		if (edits_graph(td))
			graph_require_edit_consistent(catalog_revisions());
		if (SPI_finish() != SPI_OK_FINISH)
			elog(ERROR, "SPI_finish failed");
	}
	return PointerGetDatum(NULL);
}

/* Did a column change between the old and the new row? */
static bool
column_changed(TriggerData *td, const char *column)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	int			att = SPI_fnumber(desc, column);
	Form_pg_attribute attr = TupleDescAttr(desc, att - 1);
	bool		oldnull;
	bool		newnull;
	Datum		olddat = heap_getattr(td->tg_trigtuple, att, desc, &oldnull);
	Datum		newdat = heap_getattr(td->tg_newtuple, att, desc, &newnull);

	if (oldnull || newnull)
		return oldnull != newnull;
	return !datum_image_eq(olddat, newdat, attr->attbyval, attr->attlen);
}

/* The columns of a revision that stay as they were once it is applied. */
static const char *const frozen[] = {"id", "upgrade", "downgrade", "parents", "transactional"};

/*
 * Is the revision in the trigger's old row applied, for any tenant (with
 * id NULL: is any revision applied)? Asked under the registration lock,
 * which waits for every migrator, and of the latest committed state: a
 * migrator applying the revision right now has not committed its record
 * yet, and without the wait both would commit, the revision applied and
 * changed, or gone. Under REPEATABLE READ the lock raises 40001 when the
 * transaction's snapshot is older than the latest registration.
 */
static bool
applied_now(TriggerData *td, char **id)
{
	bool		applied;

	if (id != NULL)
		*id = SPI_getvalue(td->tg_trigtuple, RelationGetDescr(td->tg_relation),
						   SPI_fnumber(RelationGetDescr(td->tg_relation), "id"));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	catalog_lock_registry();
	applied = id != NULL ? catalog_is_applied(*id) : catalog_any_applied();
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
	return applied;
}

/*
 * The new row of an INSERT or UPDATE of schemamig.revision with the columns
 * nobody writes directly put right: on UPDATE, the registration columns
 * (seq, registered_at, registered_by, author) keep their old values, and
 * whoever changes what the revision runs (its SQL, parents or transactional
 * flag) becomes its author; on INSERT (schemamig's own, or a restore's),
 * a missing author is the inserting role. Tables from before 0.4.0 have no
 * author column; the rest holds for them as well.
 */
static HeapTuple
stamp_registration(TriggerData *td)
{
	static const char *const kept[] = {"seq", "registered_at", "registered_by", "author"};
	static const char *const authored[] = {"upgrade", "downgrade", "parents", "transactional"};
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	HeapTuple	newtup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	int			author_col = SPI_fnumber(desc, "author");
	int			cols[lengthof(kept)];
	Datum		values[lengthof(kept)];
	bool		nulls[lengthof(kept)];
	int			n = 0;
	bool		new_author = false;

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		for (int c = 0; c < (int) lengthof(kept); c++)
		{
			int			att = SPI_fnumber(desc, kept[c]);

			if (att <= 0)
				continue;
			cols[n] = att;
			values[n] = heap_getattr(td->tg_trigtuple, att, desc, &nulls[n]);
			n++;
		}
		for (int c = 0; c < (int) lengthof(authored); c++)
			new_author |= column_changed(td, authored[c]);
	}
	else if (author_col > 0)
		(void) heap_getattr(newtup, author_col, desc, &new_author);

	if (new_author && author_col > 0)
	{
		int			k;
		bool		isnull = true;
		Datum		author = (Datum) 0;

		/*
		 * A row inserted without an author comes from a dump of a version
		 * before 0.4.0: its registering role is its author, as the update
		 * to 0.4.0 makes it, not the role restoring it.
		 */
		if (TRIGGER_FIRED_BY_INSERT(td->tg_event) && SPI_fnumber(desc, "registered_by") > 0)
			author = heap_getattr(newtup, SPI_fnumber(desc, "registered_by"), desc, &isnull);
		if (isnull)
			author = DirectFunctionCall1(namein,
										 CStringGetDatum(GetUserNameFromId(GetUserId(), false)));
		/* replace the kept author, or add it */
		for (k = 0; k < n && cols[k] != author_col; k++)
			;
		cols[k] = author_col;
		values[k] = author;
		nulls[k] = false;
		if (k == n)
			n++;
	}
	if (n == 0)
		return newtup;
	return heap_modify_tuple_by_cols(newtup, desc, n, cols, values, nulls);
}

/* Guards of schemamig.revision. */
static HeapTuple
guard_revision(TriggerData *td)
{
	char	   *id;

	if (TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
	{
		if (applied_now(td, NULL))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot truncate schemamig.revision while revisions are applied"),
					 errhint("Revert them with schemamig.downgrade_to('base'), or mark them unapplied with schemamig.stamp('base').")));
		return NULL;
	}
	if (TRIGGER_FIRED_BY_DELETE(td->tg_event))
	{
		if (applied_now(td, &id))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot delete revision \"%s\": it is applied", id),
					 errhint("Revert it with schemamig.downgrade() first, or mark it unapplied with schemamig.stamp().")));
		return td->tg_trigtuple;
	}
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		return stamp_registration(td);

	/* UPDATE: the message may change, what ran may not */
	for (int c = 0; c < (int) lengthof(frozen); c++)
	{
		if (!column_changed(td, frozen[c]))
			continue;
		if (applied_now(td, &id))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot change column \"%s\" of revision \"%s\": it is applied",
							frozen[c], id),
					 errdetail("The id, SQL, parents and transactional flag of an applied revision stay as they were when it ran."),
					 errhint("Register a new revision that makes the change.")));
		break;
	}
	return stamp_registration(td);
}

/* Does the current role have the privileges of the table's owner? */
static bool
by_owner(TriggerData *td)
{
	return has_privs_of_role(GetUserId(), td->tg_relation->rd_rel->relowner);
}

/*
 * Outside schemamig's own bookkeeping, only the owner of its tables (a
 * superuser, restoring a dump) writes them directly; other roles edit
 * revisions, within revision_guard's rules, and nothing else. Privileges
 * alone do not say so: a dump of a version before 0.4.0 brings back that
 * version's table-wide grants, and an INSERT could then name any author.
 * Checked once per statement, and for each row a subscription applies.
 */
static void
refuse_unless_owner(TriggerData *td, const char *table)
{
	/*
	 * An edit of a revision is judged as revision_guard judges it (the
	 * owner guard does it again); in replica mode, which only a superuser
	 * sets and otherwise only a subscription's apply worker runs in, it is
	 * refused outright.
	 */
	bool		edit = TRIGGER_FIRED_BY_UPDATE(td->tg_event) && strcmp(table, "revision") == 0 &&
		SessionReplicationRole != SESSION_REPLICATION_ROLE_REPLICA;

	if (schemamig_bookkeeping || edit || by_owner(td))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
			 errmsg("permission denied to %s schemamig.%s directly",
					TRIGGER_FIRED_BY_INSERT(td->tg_event) ? "insert into" :
					TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? "update" :
					TRIGGER_FIRED_BY_DELETE(td->tg_event) ? "delete from" : "truncate",
					table),
			 errdetail("Only the owner of schemamig's tables writes them directly; other roles may only edit revisions, and not in replica mode."),
			 errhint("Register, remove, apply and stamp revisions through schemamig's functions.")));
}

/* Does the UPDATE set any frozen column? */
static bool
sets_frozen(TriggerData *td)
{
	for (int c = 0; c < (int) lengthof(frozen); c++)
	{
		if (sets_column(td, frozen[c]))
			return true;
	}
	return false;
}

/*
 * A direct DELETE of revisions, or an UPDATE that sets a frozen column,
 * takes the registration lock before it locks any row, as schemamig's own
 * calls do: revision_guard takes it for each such row, and a registration
 * holding it (sync() of an edited file) would otherwise wait for the row
 * the edit holds while the edit waits for the lock, a deadlock. In replica
 * mode revision_guard does not fire, and only the tables' owner edits
 * (refuse_unless_owner): nothing there takes the lock.
 */
static void
lock_before_rows(TriggerData *td, const char *table)
{
	if (schemamig_bookkeeping || strcmp(table, "revision") != 0 ||
		SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA ||
		!(TRIGGER_FIRED_BY_DELETE(td->tg_event) ||
		  (TRIGGER_FIRED_BY_UPDATE(td->tg_event) && sets_frozen(td))))
		return;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	catalog_lock_registry();
	if (SPI_finish() != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed");
}

/*
 * Trigger on schemamig's tables. While a call runs, only schemamig's own
 * queries change them, never the SQL of a revision. Applied revisions
 * cannot be edited or deleted; the applied set and the log change only
 * through schemamig's own functions (the tables' owner's INSERTs, a
 * restore's, are let through).
 */
PG_FUNCTION_INFO_V1(schemamig_guard);
Datum
schemamig_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "schemamig.guard()");
	const char *table = RelationGetRelationName(td->tg_relation);

	if (schemamig_call_active && !schemamig_bookkeeping)
	{
		if (schemamig_running_revision != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("the SQL of revision %s cannot change schemamig.%s",
							graph_revision_label(schemamig_running_revision), table),
					 errdetail("While a revision runs, only schemamig's own bookkeeping changes its tables.")));
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("schemamig.%s cannot be changed while a schemamig call is running", table)));
	}
	/*
	 * guard('owner'): row triggers that fire always (0.7.0), for the rows no
	 * statement trigger sees: those a logical replication subscription
	 * applies, in replica mode, where the other row guards do not fire.
	 */
	if (td->tg_trigger->tgnargs == 1 && strcmp(td->tg_trigger->tgargs[0], "owner") == 0)
	{
		refuse_unless_owner(td, table);
		if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event))
			return PointerGetDatum(td->tg_trigtuple);

		/*
		 * Another role's edit of a revision is judged here as well, as
		 * revision_guard judges it (author, applied revisions frozen), so
		 * that it holds whatever state that trigger was left in.
		 */
		if (!schemamig_bookkeeping && strcmp(table, "revision") == 0 && !by_owner(td))
			return PointerGetDatum(guard_revision(td));
		return PointerGetDatum(td->tg_newtuple);
	}
	if (TRIGGER_FIRED_FOR_STATEMENT(td->tg_event))
	{
		refuse_unless_owner(td, table);
		if (!TRIGGER_FIRED_BY_TRUNCATE(td->tg_event))
		{
			lock_before_rows(td, table);
			return PointerGetDatum(NULL);
		}
	}

	if (strcmp(table, "revision") == 0)
		return PointerGetDatum(guard_revision(td));

	if (!schemamig_bookkeeping)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("schemamig.%s can only be changed through schemamig's functions", table),
				 strcmp(table, "applied") == 0 ?
				 errhint("Use schemamig.stamp() to change the applied set without running SQL.") :
				 errhint("The log is kept as it was written.")));
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return PointerGetDatum(td->tg_newtuple);
	return PointerGetDatum(td->tg_trigtuple);
}

/*
 * checksum(upgrade, downgrade): the checksum README defines; the revision
 * table's generated checksum column calls it.
 */
PG_FUNCTION_INFO_V1(schemamig_checksum);
Datum
schemamig_checksum(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(revsql_checksum(text_to_cstring(PG_GETARG_TEXT_PP(0)),
													 PG_ARGISNULL(1) ? NULL :
													 text_to_cstring(PG_GETARG_TEXT_PP(1)))));
}
