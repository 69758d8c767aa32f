-- The demo web application's models file after the consolidation: each
-- environment has one identifier (a column, instead of the identifiers
-- table) and one email processor; email can go through postmark; a page's
-- body is its content (a rename: its rows keep their text) and can be
-- published. schemamig.autogenerate() writes the consolidation from the
-- difference between this file and the database at the initial revision.

CREATE TYPE email_system AS ENUM ('smtp', 'sendgrid', 'postmark', 'mailgun');
COMMENT ON TYPE email_system IS 'How an environment sends its email.';

CREATE TABLE users (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE users IS 'People who sign in.';

CREATE TABLE environments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users ON DELETE CASCADE,
    name        text NOT NULL,
    identifier  text UNIQUE,
    UNIQUE (user_id, name)
);
COMMENT ON TABLE environments IS 'A user''s deployments: production, staging, ...';
COMMENT ON COLUMN environments.identifier IS 'What the environment is known by outside.';

CREATE TABLE email_processors (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    environment_id  bigint NOT NULL REFERENCES environments ON DELETE CASCADE,
    system          email_system NOT NULL,
    settings        jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT email_processors_one_per_environment UNIQUE (environment_id)
);

CREATE TABLE pages (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    environment_id  bigint NOT NULL REFERENCES environments ON DELETE CASCADE,
    path            text NOT NULL,
    content         text NOT NULL DEFAULT '',  -- schemamig: renamed from body
    published       boolean NOT NULL DEFAULT false,
    UNIQUE (environment_id, path)
);
CREATE INDEX pages_published ON pages (environment_id) WHERE published;
