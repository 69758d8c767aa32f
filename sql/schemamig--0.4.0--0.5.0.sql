\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.5.0'" to load this file. \quit

-- schemamig 0.4.0 -> 0.5.0

-- == structure: prefixed C symbols ==
-- Every C function of the library now has a prefixed name (schemamig_*),
-- so that none of them is a global name like "upgrade" in the server
-- process. Re-point the functions created by earlier versions, with their
-- signatures, defaults and attributes unchanged (CREATE OR REPLACE keeps
-- their grants and comments). The library keeps the old names as aliases
-- for installations not yet updated (src/legacy.c).
CREATE OR REPLACE FUNCTION schemamig.add_revision(
    id pg_catalog.text,
    upgrade pg_catalog.text,
    downgrade pg_catalog.text DEFAULT NULL,
    parents pg_catalog.text[] DEFAULT NULL,
    message pg_catalog.text DEFAULT '',
    transactional pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.text
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_add_revision';
CREATE OR REPLACE FUNCTION schemamig.upgrade(target pg_catalog.text DEFAULT 'head')
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_upgrade';
CREATE OR REPLACE FUNCTION schemamig.downgrade(n pg_catalog.int4 DEFAULT 1)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_downgrade';
CREATE OR REPLACE FUNCTION schemamig.downgrade_to(target pg_catalog.text)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_downgrade_to';
CREATE OR REPLACE FUNCTION schemamig.history()
RETURNS TABLE (revision pg_catalog.text, parents pg_catalog.text[],
               message pg_catalog.text, applied pg_catalog.bool,
               applied_at pg_catalog.timestamptz, applied_by pg_catalog.name,
               duration pg_catalog.interval, is_head pg_catalog.bool,
               is_current pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_history';
CREATE OR REPLACE FUNCTION schemamig.current()
RETURNS pg_catalog.text[]
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_current';
CREATE OR REPLACE FUNCTION schemamig.heads()
RETURNS pg_catalog.text[]
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_heads';
CREATE OR REPLACE FUNCTION schemamig.pending(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_pending';
CREATE OR REPLACE FUNCTION schemamig.verify()
RETURNS TABLE (revision pg_catalog.text, problem pg_catalog.text)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_verify';
CREATE OR REPLACE FUNCTION schemamig.stamp(target pg_catalog.text)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_stamp';
CREATE OR REPLACE FUNCTION schemamig.remove_revision(id pg_catalog.text)
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_remove_revision';
CREATE OR REPLACE PROCEDURE schemamig.migrate(target pg_catalog.text DEFAULT 'head')
    LANGUAGE C AS 'MODULE_PATHNAME', 'schemamig_migrate';
CREATE OR REPLACE FUNCTION schemamig.statements(sql pg_catalog.text)
RETURNS TABLE (statement pg_catalog.text)
    LANGUAGE C IMMUTABLE AS 'MODULE_PATHNAME', 'schemamig_statements';
CREATE OR REPLACE FUNCTION schemamig.record_applied(id pg_catalog.text,
                                                    duration pg_catalog.interval DEFAULT '0')
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_record_applied';
CREATE OR REPLACE FUNCTION schemamig.record_reverted(id pg_catalog.text,
                                                     duration pg_catalog.interval DEFAULT '0')
RETURNS void
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_record_reverted';
CREATE OR REPLACE FUNCTION schemamig.downgrade_plan(n pg_catalog.int4)
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text, transactional pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_downgrade_plan_n';
CREATE OR REPLACE FUNCTION schemamig.downgrade_plan(target pg_catalog.text)
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text, transactional pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_downgrade_plan_to';
CREATE OR REPLACE FUNCTION schemamig.lint(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, statement pg_catalog.int4, line pg_catalog.int4,
               severity pg_catalog.text, rule pg_catalog.text, relation pg_catalog.text,
               message pg_catalog.text, hint pg_catalog.text)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_lint';
CREATE OR REPLACE FUNCTION schemamig.trace(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, statement pg_catalog.int4, line pg_catalog.int4,
               relation pg_catalog.text, lock_mode pg_catalog.text, rewritten pg_catalog.bool,
               duration pg_catalog.interval)
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_trace';
