\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.7.0'" to load this file. \quit

-- schemamig 0.6.0 -> 0.7.0

-- == only the owner writes the tables directly, rows a subscription applies included ==
-- The statement triggers (*_guard_call) refuse any direct write but the
-- edit of a pending revision by a role that does not own schemamig's
-- tables. The apply worker of a logical replication subscription fires no
-- statement trigger, and runs in replica mode, where the row guards sleep:
-- these row triggers fire always, so a subscription a role owns (and
-- table-wide grants, which a dump of 0.3.0 or earlier brings back) cannot
-- write a revision naming another author, an applied row or the state.
CREATE TRIGGER revision_owner
    BEFORE INSERT OR UPDATE OR DELETE ON schemamig.revision
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard('owner');
CREATE TRIGGER applied_owner
    BEFORE INSERT OR UPDATE OR DELETE ON schemamig.applied
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard('owner');
CREATE TRIGGER log_owner
    BEFORE INSERT OR UPDATE OR DELETE ON schemamig.log
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard('owner');
CREATE TRIGGER state_owner
    BEFORE INSERT OR UPDATE OR DELETE ON schemamig.state
    FOR EACH ROW EXECUTE FUNCTION schemamig.guard('owner');
ALTER TABLE schemamig.revision ENABLE ALWAYS TRIGGER revision_owner;
ALTER TABLE schemamig.applied ENABLE ALWAYS TRIGGER applied_owner;
ALTER TABLE schemamig.log ENABLE ALWAYS TRIGGER log_owner;
ALTER TABLE schemamig.state ENABLE ALWAYS TRIGGER state_owner;
COMMENT ON TRIGGER revision_owner ON schemamig.revision IS
    'schemamig: only the owner of schemamig''s tables writes them directly, but for the edit of a pending revision (fires always, for rows a subscription applies too)';
COMMENT ON TRIGGER applied_owner ON schemamig.applied IS
    'schemamig: only the owner of schemamig''s tables writes them directly (fires always, for rows a subscription applies too)';
COMMENT ON TRIGGER log_owner ON schemamig.log IS
    'schemamig: only the owner of schemamig''s tables writes them directly (fires always, for rows a subscription applies too)';
COMMENT ON TRIGGER state_owner ON schemamig.state IS
    'schemamig: only the owner of schemamig''s tables writes them directly (fires always, for rows a subscription applies too)';
