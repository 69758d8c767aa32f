\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.8.2'" to load this file. \quit

-- schemamig 0.8.1 -> 0.8.2

-- == verify(): its comment says all it reports ==
-- verify() reports the guards of schemamig's tables too (revision NULL),
-- which its comment, written with 0.2.0, did not say.
COMMENT ON FUNCTION schemamig.verify() IS
    'schemamig: problems with applied revisions (changed SQL, missing or unapplied parents) and with the guards of schemamig''s tables (revision NULL); no rows when all is well';
