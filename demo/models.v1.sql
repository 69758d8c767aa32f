-- The demo web application's models file, as first written: the schema as
-- it should be, with unqualified names. schemamig.autogenerate() writes the
-- initial revision from it (demo/webapp.sql).

CREATE TYPE email_system AS ENUM ('smtp', 'sendgrid', 'mailgun');
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
    UNIQUE (user_id, name)
);
COMMENT ON TABLE environments IS 'A user''s deployments: production, staging, ...';

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
