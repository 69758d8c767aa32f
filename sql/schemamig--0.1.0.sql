\echo Use "CREATE EXTENSION schemamig" to load this file. \quit

-- schemamig 0.1.0: revisions stored in extension tables, applied through SPI.
--
-- Every name below is schema-qualified; the server creates schema schemamig
-- (schema = schemamig in the control file), so nothing here can resolve to an
-- object a user created elsewhere.

-- Registration order and application order come from two sequences rather
-- than identity columns so that pg_extension_config_dump can keep them.
CREATE SEQUENCE schemamig.revision_seq;
CREATE SEQUENCE schemamig.applied_seq;

CREATE TABLE schemamig.revision (
    id              pg_catalog.text NOT NULL,
    seq             pg_catalog.int8 NOT NULL
                    DEFAULT pg_catalog.nextval('schemamig.revision_seq'::pg_catalog.regclass),
    parents         pg_catalog.text[] NOT NULL,
    message         pg_catalog.text NOT NULL,
    upgrade         pg_catalog.text NOT NULL,
    downgrade       pg_catalog.text,
    transactional   pg_catalog.bool NOT NULL,
    checksum        pg_catalog.text NOT NULL,
    registered_at   pg_catalog.timestamptz NOT NULL DEFAULT pg_catalog.now(),
    registered_by   pg_catalog.name NOT NULL DEFAULT CURRENT_USER,
    CONSTRAINT revision_pkey PRIMARY KEY (id),
    CONSTRAINT revision_seq_key UNIQUE (seq),
    CONSTRAINT revision_id_check
        CHECK (id OPERATOR(pg_catalog.~) '^[A-Za-z0-9_.-]{1,128}$'),
    CONSTRAINT revision_parents_check
        CHECK (pg_catalog.array_position(parents, NULL) IS NULL
               AND pg_catalog.array_ndims(parents) IS DISTINCT FROM 2)
);

CREATE TABLE schemamig.applied (
    revision        pg_catalog.text NOT NULL,
    seq             pg_catalog.int8 NOT NULL
                    DEFAULT pg_catalog.nextval('schemamig.applied_seq'::pg_catalog.regclass),
    applied_at      pg_catalog.timestamptz NOT NULL,
    applied_by      pg_catalog.name NOT NULL,
    duration        pg_catalog.interval NOT NULL,
    checksum        pg_catalog.text NOT NULL,
    CONSTRAINT applied_pkey PRIMARY KEY (revision),
    CONSTRAINT applied_seq_key UNIQUE (seq),
    CONSTRAINT applied_revision_fkey FOREIGN KEY (revision)
        REFERENCES schemamig.revision (id)
);

-- One row whose generation changes with every change to the two tables
-- above. A backend caches the revision graph keyed by it, and a caller under
-- REPEATABLE READ compares it against the latest committed value to learn
-- that its snapshot is stale. It is not dumped: any value is valid after a
-- restore.
CREATE TABLE schemamig.state (
    singleton       pg_catalog.bool NOT NULL DEFAULT true,
    generation      pg_catalog.int8 NOT NULL,
    CONSTRAINT state_pkey PRIMARY KEY (singleton),
    CONSTRAINT state_singleton_check CHECK (singleton)
);
INSERT INTO schemamig.state (singleton, generation) VALUES (true, 0);

SELECT pg_catalog.pg_extension_config_dump('schemamig.revision', '');
SELECT pg_catalog.pg_extension_config_dump('schemamig.applied', '');
SELECT pg_catalog.pg_extension_config_dump('schemamig.revision_seq', '');
SELECT pg_catalog.pg_extension_config_dump('schemamig.applied_seq', '');

-- Changes made to the tables by anything but schemamig's own functions
-- (a DBA's UPDATE, a restore's COPY) must still move the generation.
CREATE FUNCTION schemamig.touch() RETURNS trigger
    LANGUAGE C AS 'MODULE_PATHNAME', 'schemamig_touch';

CREATE TRIGGER revision_touch
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemamig.revision
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.touch();
CREATE TRIGGER applied_touch
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON schemamig.applied
    FOR EACH STATEMENT EXECUTE FUNCTION schemamig.touch();

CREATE FUNCTION schemamig.add_revision(
    id pg_catalog.text,
    upgrade pg_catalog.text,
    downgrade pg_catalog.text DEFAULT NULL,
    parents pg_catalog.text[] DEFAULT NULL,
    message pg_catalog.text DEFAULT '',
    transactional pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.text
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_add_revision';

CREATE FUNCTION schemamig.upgrade(target pg_catalog.text DEFAULT 'head')
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_upgrade';

CREATE FUNCTION schemamig.downgrade(n pg_catalog.int4 DEFAULT 1)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_downgrade';

CREATE FUNCTION schemamig.downgrade_to(target pg_catalog.text)
RETURNS pg_catalog.int4
    LANGUAGE C VOLATILE AS 'MODULE_PATHNAME', 'schemamig_downgrade_to';

CREATE FUNCTION schemamig.history()
RETURNS TABLE (revision pg_catalog.text, parents pg_catalog.text[],
               message pg_catalog.text, applied pg_catalog.bool,
               applied_at pg_catalog.timestamptz, applied_by pg_catalog.name,
               duration pg_catalog.interval, is_head pg_catalog.bool,
               is_current pg_catalog.bool)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_history';

CREATE FUNCTION schemamig.current()
RETURNS pg_catalog.text[]
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_current';

CREATE FUNCTION schemamig.heads()
RETURNS pg_catalog.text[]
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_heads';

CREATE FUNCTION schemamig.pending(target pg_catalog.text DEFAULT 'head')
RETURNS TABLE (revision pg_catalog.text, message pg_catalog.text)
    LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'schemamig_pending';

-- Nothing is PUBLIC's: migrations change the schema, and revision SQL may
-- hold secrets. Tables get no PUBLIC grants by default; functions do, so
-- take them away. README shows the GRANTs for a deployer role.
REVOKE ALL ON FUNCTION schemamig.touch() FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.add_revision(pg_catalog.text, pg_catalog.text,
    pg_catalog.text, pg_catalog.text[], pg_catalog.text, pg_catalog.bool) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.upgrade(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.downgrade(pg_catalog.int4) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.downgrade_to(pg_catalog.text) FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.history() FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.current() FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.heads() FROM PUBLIC;
REVOKE ALL ON FUNCTION schemamig.pending(pg_catalog.text) FROM PUBLIC;

COMMENT ON TABLE schemamig.revision IS
    'schemamig: one row per registered revision (upgrade and downgrade SQL, parents, message)';
COMMENT ON TABLE schemamig.applied IS
    'schemamig: one row per applied revision: when, by whom, how long, checksum of what ran';
COMMENT ON TABLE schemamig.state IS
    'schemamig: generation counter of the revision graph (internal)';
COMMENT ON SEQUENCE schemamig.revision_seq IS
    'schemamig: registration order of revisions';
COMMENT ON SEQUENCE schemamig.applied_seq IS
    'schemamig: application order of revisions';
COMMENT ON FUNCTION schemamig.touch() IS
    'schemamig: trigger that moves the graph generation when the tables change (internal)';
COMMENT ON FUNCTION schemamig.add_revision(pg_catalog.text, pg_catalog.text,
    pg_catalog.text, pg_catalog.text[], pg_catalog.text, pg_catalog.bool) IS
    'schemamig: register a revision; parents NULL means the current head; returns its id';
COMMENT ON FUNCTION schemamig.upgrade(pg_catalog.text) IS
    'schemamig: apply pending revisions up to target (head, heads, an id or +N); returns how many';
COMMENT ON FUNCTION schemamig.downgrade(pg_catalog.int4) IS
    'schemamig: revert the n most recently applied revisions; returns how many';
COMMENT ON FUNCTION schemamig.downgrade_to(pg_catalog.text) IS
    'schemamig: revert every applied revision that is not target or its ancestor (base: all)';
COMMENT ON FUNCTION schemamig.history() IS
    'schemamig: every registered revision in apply order, with its applied state';
COMMENT ON FUNCTION schemamig.current() IS
    'schemamig: applied revisions with no applied child, ordered by id';
COMMENT ON FUNCTION schemamig.heads() IS
    'schemamig: registered revisions with no child, ordered by id';
COMMENT ON FUNCTION schemamig.pending(pg_catalog.text) IS
    'schemamig: the revisions upgrade(target) would apply, in order';
