\echo Use "ALTER EXTENSION schemamig UPDATE TO '0.8.5'" to load this file. \quit

-- schemamig 0.8.4 -> 0.8.5

-- == Comments: a revision's id says all that is refused ==
-- The comment on schemamig.revision.id named "head" as the only id
-- refused, while "heads" and "base" are refused too (they name targets),
-- and left out which characters an id may have (its check constraint).
COMMENT ON COLUMN schemamig.revision.id IS
    'schemamig: the revision''s id (1 to 128 letters, digits, "_", "." or "-"; not "head", "heads" or "base"), as its file names it';
