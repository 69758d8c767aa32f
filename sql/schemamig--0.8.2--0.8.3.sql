\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.8.3'" to load this file. \quit

-- schemamig 0.8.2 -> 0.8.3

-- == check_tenant(): its comment says all it checks ==
-- The check of a tenant's schema now follows what its code reaches in other
-- schemas (relations its views read, parents, children, partitions, tables
-- a foreign key cascades into, types down to what they are made of) and
-- counts roles granted TRIGGER or REFERENCES there; the comment, written
-- with 0.7.0, named only the functions its tables' code calls.
COMMENT ON FUNCTION schemamig.check_tenant() IS
    'schemamig: raise an error unless the current tenant''s schema heads the search_path and only roles with the caller''s privileges own it, may create in it, own what it holds, own what its code reaches (functions, operators, types, foreign servers, and relations in any schema its views read or its writes reach) or may add triggers or cascading foreign keys there (the client checks so before running a tenant''s non-transactional revision itself)';
