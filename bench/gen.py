#!/usr/bin/env python3
"""bench/gen.py N OUTDIR: write the same N revisions for every contender.

Revision i creates table bench_t{i} with an index, and drops it on
downgrade; every 10th revision instead adds a column to the previous table
(and drops it on downgrade). Each contender gets them in its own format.
"""
import os
import sys


def revision(i):
    """(upgrade SQL, downgrade SQL) of revision i, 1-based."""
    if i % 10 == 0:
        return (f"ALTER TABLE bench_t{i - 1} ADD COLUMN extra_{i} text;",
                f"ALTER TABLE bench_t{i - 1} DROP COLUMN extra_{i};")
    return (f"CREATE TABLE bench_t{i} (id bigint PRIMARY KEY, name text NOT NULL, "
            f"created_at timestamptz DEFAULT now());\n"
            f"CREATE INDEX bench_t{i}_name ON bench_t{i}(name);",
            f"DROP TABLE bench_t{i};")


def rid(i):
    return f"r{i:05d}"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    revs = [revision(i) for i in range(1, n + 1)]

    # raw psql: the physical limit
    write(f"{out}/raw/up.sql", "\n".join(u for u, _ in revs) + "\n")
    write(f"{out}/raw/down.sql", "\n".join(d for _, d in reversed(revs)) + "\n")

    # schemamig: one add_revision per revision, explicit parents
    lines = ["CREATE EXTENSION IF NOT EXISTS schemamig;"]
    for i, (u, d) in enumerate(revs, 1):
        parents = "'{}'" if i == 1 else f"'{{{rid(i - 1)}}}'"
        lines.append(f"SELECT schemamig.add_revision('{rid(i)}', $u${u}$u$, $d${d}$d$, {parents});")
    write(f"{out}/schemamig/register.sql", "\n".join(lines) + "\n")

    # the schemamig client: a versions directory of files in its format
    for i, (u, d) in enumerate(revs, 1):
        parent = "" if i == 1 else " " + rid(i - 1)
        write(f"{out}/client/migrations/{rid(i)}.sql",
              f"-- schemamig revision: {rid(i)}\n-- parents:{parent}\n-- message: revision {i}\n\n"
              f"-- schemamig:upgrade\n{u}\n\n-- schemamig:downgrade\n{d}\n")

    # Alembic: a versions directory of Python files
    write(f"{out}/alembic/alembic.ini",
          "[alembic]\nscript_location = .\n\n[loggers]\nkeys = root\n\n[handlers]\nkeys = null\n\n"
          "[formatters]\nkeys =\n\n[logger_root]\nlevel = WARN\nhandlers = null\n\n"
          "[handler_null]\nclass = NullHandler\nargs = ()\n")
    write(f"{out}/alembic/env.py",
          "import os\nfrom alembic import context\nfrom sqlalchemy import create_engine\n\n"
          "engine = create_engine(os.environ['BENCH_SQLALCHEMY_URL'])\n"
          "with engine.connect() as connection:\n"
          "    context.configure(connection=connection, transaction_per_migration=False)\n"
          "    with context.begin_transaction():\n"
          "        context.run_migrations()\n")
    write(f"{out}/alembic/script.py.mako", "")
    for i, (u, d) in enumerate(revs, 1):
        down = "None" if i == 1 else repr(rid(i - 1))
        write(f"{out}/alembic/versions/{rid(i)}.py",
              f"from alembic import op\n\nrevision = {rid(i)!r}\ndown_revision = {down}\n"
              f"branch_labels = None\ndepends_on = None\n\n\n"
              f"def upgrade():\n    op.execute({u!r})\n\n\ndef downgrade():\n    op.execute({d!r})\n")

    # Sqitch: a plan, deploy and revert scripts
    plan = ["%syntax-version=1.0.0", "%project=bench", ""]
    for i, (u, d) in enumerate(revs, 1):
        plan.append(f"{rid(i)} 2026-01-01T00:00:00Z bench <bench@example.com> # revision {i}")
        write(f"{out}/sqitch/deploy/{rid(i)}.sql", f"BEGIN;\n{u}\nCOMMIT;\n")
        write(f"{out}/sqitch/revert/{rid(i)}.sql", f"BEGIN;\n{d}\nCOMMIT;\n")
    write(f"{out}/sqitch/sqitch.plan", "\n".join(plan) + "\n")
    write(f"{out}/sqitch/sqitch.conf", "[core]\n\tengine = pg\n\tplan_file = sqitch.plan\n\ttop_dir = .\n")

    # sql-migrate and node-pg-migrate: annotated SQL files
    for i, (u, d) in enumerate(revs, 1):
        write(f"{out}/sqlmigrate/migrations/{rid(i)}.sql",
              f"-- +migrate Up\n{u}\n\n-- +migrate Down\n{d}\n")
        write(f"{out}/nodepg/migrations/{i:013d}_{rid(i)}.sql",
              f"-- Up Migration\n{u}\n\n-- Down Migration\n{d}\n")


if __name__ == "__main__":
    main()
