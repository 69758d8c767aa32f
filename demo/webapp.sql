-- schemamig demo: the schema of a small web application kept in a models
-- file (demo/models.v1.sql, then demo/models.v2.sql). autogenerate() writes
-- the initial revision and the consolidation from the two versions;
-- check_reversible() proves each downgrade undoes its upgrade; then they are
-- applied, the history printed, and the consolidation reverted.
-- Run from the repository's root: psql -X -f demo/webapp.sql
\set ON_ERROR_STOP 1
\set QUIET 1
\pset footer off

CREATE EXTENSION IF NOT EXISTS schemamig;

\echo '== the initial revision, written by autogenerate() from demo/models.v1.sql'
\set models `cat demo/models.v1.sql`
SELECT schemamig.autogenerate(:'models', 'initial schema', id => '0001_initial');

\echo '== its upgrade SQL, as diff() wrote it (types first, foreign keys after their tables)'
\pset format unaligned
\pset tuples_only on
SELECT upgrade FROM schemamig.revision WHERE id = '0001_initial';
\pset format aligned
\pset tuples_only off

\echo '== check_reversible(): upgrade, downgrade, compare, upgrade again, all rolled back (no rows: it reverses)'
SELECT * FROM schemamig.check_reversible();

\echo '== upgrade to head (one NOTICE per revision)'
SELECT schemamig.upgrade();

\echo '== some data'
INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada');
INSERT INTO environments (user_id, name) VALUES (1, 'production'), (1, 'staging');
INSERT INTO email_processors (environment_id, system) VALUES (1, 'sendgrid'), (2, 'smtp');
INSERT INTO pages (environment_id, path, body) VALUES (1, '/', 'Welcome'), (1, '/about', 'About us');

\echo '== the consolidation, written by autogenerate() from demo/models.v2.sql against the database at 0001_initial'
\set models `cat demo/models.v2.sql`
SELECT schemamig.autogenerate(:'models', 'consolidate: one identifier and one email processor per environment',
                              id => '0002_consolidate');

\echo '== its upgrade SQL: an enum value in the middle, a rename (rows keep their text), the identifiers table dropped (marked destructive)'
\pset format unaligned
\pset tuples_only on
SELECT upgrade FROM schemamig.revision WHERE id = '0002_consolidate';
\echo '== and its downgrade SQL: the enum made again without postmark and its column converted, the identifiers table made again (empty)'
SELECT downgrade FROM schemamig.revision WHERE id = '0002_consolidate';
\pset format aligned
\pset tuples_only off

\echo '== check_reversible() on the pending consolidation, with the data in place'
SELECT * FROM schemamig.check_reversible();

\echo '== upgrade to head'
SELECT schemamig.upgrade();

\echo '== the database now matches demo/models.v2.sql: diff() is empty (and says its rename mark, applied now, can go)'
SELECT upgrade = '' AND downgrade = '' AS matches_models FROM schemamig.diff(:'models');
SELECT path, content, published FROM pages ORDER BY path;

\echo '== history'
SELECT revision, parents, message, applied, is_head, is_current
  FROM schemamig.history();

\echo '== downgrade one revision: the consolidation is undone, the pages keep their text'
SELECT schemamig.downgrade();
SELECT path, body FROM pages ORDER BY path;
\set models `cat demo/models.v1.sql`
SELECT upgrade = '' AND downgrade = '' AS matches_models_v1 FROM schemamig.diff(:'models');

\echo '== current()'
SELECT schemamig.current();
