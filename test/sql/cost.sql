-- Cost: memory used for a revision is released after it. Each of 1,000
-- revisions records the backend's total memory while it runs; it must not
-- grow with the number of revisions already applied in the same call.
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
\set VERBOSITY terse

CREATE TABLE cost_mem (n int, bytes bigint);
SELECT count(schemamig.add_revision('c' || i,
         format($$SELECT count(*) FROM generate_series(1, 2000) AS g, LATERAL (SELECT repeat('x', 100)) AS r;
                  SELECT string_agg(md5(g::text), ',') FROM generate_series(1, 200) AS g;
                  SET LOCAL work_mem = '8MB';
                  INSERT INTO cost_mem SELECT %s, sum(total_bytes) FROM pg_backend_memory_contexts;$$, i),
         'SELECT 1',
         CASE WHEN i = 1 THEN '{}'::text[] ELSE ARRAY['c' || (i - 1)] END,
         'revision ' || i))
  FROM generate_series(1, 1000) AS i;

SELECT schemamig.upgrade();

-- growth from the 100th to the 1,000th revision: a leak of even 512 bytes
-- per revision would show as 450 kB
SELECT count(*) AS measured,
       (SELECT bytes FROM cost_mem WHERE n = 1000) - (SELECT bytes FROM cost_mem WHERE n = 100) < 256 * 1024
         AS no_growth_per_revision
  FROM cost_mem;

-- reverting releases memory the same way
TRUNCATE cost_mem;
SELECT schemamig.downgrade_to('base');

DROP EXTENSION schemamig;
DROP TABLE cost_mem;
