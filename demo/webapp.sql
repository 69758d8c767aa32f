-- schemamig demo: the schema of a small web application in two revisions,
-- an initial schema and a consolidation, applied, inspected and reverted.
\set ON_ERROR_STOP 1
\pset footer off

CREATE EXTENSION IF NOT EXISTS schemamig;

\echo '== register the initial schema'
SELECT schemamig.add_revision(
    id => '0001_initial',
    message => 'initial schema',
    upgrade => $up$
CREATE TYPE email_system AS ENUM ('smtp', 'sendgrid', 'mailgun');

CREATE TABLE users (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE environments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    name        text NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE identifiers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    environment_id  bigint NOT NULL REFERENCES environments ON DELETE CASCADE,
    value           text NOT NULL UNIQUE
);

CREATE TABLE email_processors (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    environment_id  bigint NOT NULL REFERENCES environments ON DELETE CASCADE,
    system          email_system NOT NULL,
    settings        jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE pages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    environment_id  bigint NOT NULL REFERENCES environments ON DELETE CASCADE,
    path            text NOT NULL,
    body            text NOT NULL DEFAULT '',
    UNIQUE (environment_id, path)
);
$up$,
    downgrade => $down$
DROP TABLE pages, email_processors, identifiers, environments, users;
DROP TYPE email_system;
$down$);

\echo '== register the consolidation: one identifier and one email processor per environment'
SELECT schemamig.add_revision(
    id => '0002_consolidate',
    message => 'fold identifiers into environments, one email processor each',
    upgrade => $up$
ALTER TABLE environments ADD COLUMN identifier text UNIQUE;
UPDATE environments e
   SET identifier = (SELECT min(i.value) FROM identifiers i WHERE i.environment_id = e.id);
DROP TABLE identifiers;

DELETE FROM email_processors p
 WHERE EXISTS (SELECT 1 FROM email_processors q
                WHERE q.environment_id = p.environment_id AND q.id < p.id);
ALTER TABLE email_processors ADD CONSTRAINT email_processors_one_per_environment
    UNIQUE (environment_id);

ALTER TABLE pages RENAME COLUMN body TO content;
$up$,
    downgrade => $down$
ALTER TABLE pages RENAME COLUMN content TO body;

ALTER TABLE email_processors DROP CONSTRAINT email_processors_one_per_environment;

CREATE TABLE identifiers (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    environment_id  bigint NOT NULL REFERENCES environments ON DELETE CASCADE,
    value           text NOT NULL UNIQUE
);
INSERT INTO identifiers (environment_id, value)
     SELECT id, identifier FROM environments WHERE identifier IS NOT NULL;
ALTER TABLE environments DROP COLUMN identifier;
$down$);

\echo '== what upgrade() would apply'
SELECT * FROM schemamig.pending();

\echo '== upgrade to head (one NOTICE per revision)'
SELECT schemamig.upgrade();

\echo '== some data in the consolidated schema'
INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada');
INSERT INTO environments (user_id, name, identifier) VALUES (1, 'production', 'ada-prod');
INSERT INTO email_processors (environment_id, system) VALUES (1, 'sendgrid');
INSERT INTO pages (environment_id, path, content) VALUES (1, '/', 'Welcome');

\echo '== history'
SELECT revision, parents, message, applied, applied_by, is_head, is_current
  FROM schemamig.history();

\echo '== downgrade one revision: identifiers come back, with their data'
SELECT schemamig.downgrade();
SELECT e.name, i.value AS identifier FROM environments e JOIN identifiers i ON i.environment_id = e.id;

\echo '== current()'
SELECT schemamig.current();
