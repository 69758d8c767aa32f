-- autogenerate: a trigger's state (ALTER TABLE ... DISABLE TRIGGER, ENABLE
-- REPLICA or ALWAYS TRIGGER) is compared, and a trigger made again (its
-- definition changes, or its function is made again) gets its state back
-- after CREATE TRIGGER, which makes it enabled
CREATE EXTENSION schemamig;
SET client_min_messages = warning;
CREATE SCHEMA ag;
SET search_path = ag;
CREATE FUNCTION public.trigger_states() RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(g.tgname || '=' || g.tgenabled::text, ' ' ORDER BY g.tgname COLLATE "C")
    FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
   WHERE c.relnamespace = 'ag'::regnamespace AND NOT g.tgisinternal
$$;
CREATE TEMP TABLE cases (label text, before text, after text);
INSERT INTO cases VALUES
 ('a disabled trigger whose WHEN changes',
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int);
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION tf();
    ALTER TABLE t DISABLE TRIGGER tr;$$,
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int);
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.a > 1) EXECUTE FUNCTION tf();
    ALTER TABLE t DISABLE TRIGGER tr;$$),
 ('only the state changes',
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int);
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
    CREATE TRIGGER tr2 BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf();
    CREATE TRIGGER tr3 AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf();
    ALTER TABLE t DISABLE TRIGGER tr;$$,
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int);
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
    CREATE TRIGGER tr2 BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf();
    CREATE TRIGGER tr3 AFTER UPDATE ON t FOR EACH ROW EXECUTE FUNCTION tf();
    ALTER TABLE t ENABLE REPLICA TRIGGER tr2;
    ALTER TABLE t ENABLE ALWAYS TRIGGER tr3;$$),
 ('an ALWAYS trigger made again around a type change of a column its UPDATE OF names',
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE "T t" (a int);
    CREATE TRIGGER "t r" BEFORE UPDATE OF a ON "T t" FOR EACH ROW EXECUTE FUNCTION tf();
    ALTER TABLE "T t" ENABLE ALWAYS TRIGGER "t r";$$,
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE "T t" (a bigint);
    CREATE TRIGGER "t r" BEFORE UPDATE OF a ON "T t" FOR EACH ROW EXECUTE FUNCTION tf();
    ALTER TABLE "T t" ENABLE ALWAYS TRIGGER "t r";$$),
 ('a new trigger, disabled',
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int);$$,
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int);
    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION tf();
    ALTER TABLE t DISABLE TRIGGER tr;$$),
 ('UPDATE OF with its columns in another order: nothing to do, unless something else changes',
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int, "b B" int, c int);
    CREATE TRIGGER tr BEFORE UPDATE OF "b B", a ON t FOR EACH ROW EXECUTE FUNCTION tf();
    CREATE TRIGGER tr2 AFTER UPDATE OF c, a ON t FOR EACH ROW EXECUTE FUNCTION tf();$$,
  $$CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
    CREATE TABLE t (a int, "b B" int, c int);
    CREATE TRIGGER tr BEFORE UPDATE OF a, "b B" ON t FOR EACH ROW EXECUTE FUNCTION tf();
    CREATE TRIGGER tr2 AFTER UPDATE OF c, "b B" ON t FOR EACH ROW EXECUTE FUNCTION tf();$$);

-- each case: the SQL both ways, the states it leaves, and what diff()
-- finds after each way
DO $$
DECLARE
    c record;
    d record;
    e record;
BEGIN
    FOR c IN SELECT * FROM cases LOOP
        EXECUTE c.before;
        SELECT * INTO d FROM schemamig.diff(c.after, 'ag');
        RAISE WARNING E'%\nupgrade:\n%downgrade:\n%before: %', c.label, d.upgrade, d.downgrade,
            public.trigger_states();
        EXECUTE d.upgrade;
        SELECT * INTO e FROM schemamig.diff(c.after, 'ag');
        RAISE WARNING 'after upgrade: %, diff empty: %', public.trigger_states(),
            e.upgrade = '' AND e.downgrade = '';
        EXECUTE d.downgrade;
        SELECT * INTO e FROM schemamig.diff(c.before, 'ag');
        RAISE WARNING 'after downgrade: %, diff empty: %', public.trigger_states(),
            e.upgrade = '' AND e.downgrade = '';
        DROP SCHEMA ag CASCADE;
        CREATE SCHEMA ag;
    END LOOP;
END
$$;

-- the same order-blind comparison in fingerprint(); another column is another trigger
CREATE FUNCTION public.tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE SCHEMA ag1 CREATE TABLE t (a int, b int, c int)
    CREATE TRIGGER tr BEFORE UPDATE OF b, a ON t FOR EACH ROW EXECUTE FUNCTION public.tf();
CREATE SCHEMA ag2 CREATE TABLE t (a int, b int, c int)
    CREATE TRIGGER tr BEFORE UPDATE OF a, b ON t FOR EACH ROW EXECUTE FUNCTION public.tf();
CREATE SCHEMA ag3 CREATE TABLE t (a int, b int, c int)
    CREATE TRIGGER tr BEFORE UPDATE OF a, c ON t FOR EACH ROW EXECUTE FUNCTION public.tf();
SELECT schemamig.fingerprint('ag1') = schemamig.fingerprint('ag2') AS same_order_blind,
       schemamig.fingerprint('ag1') = schemamig.fingerprint('ag3') AS same_other_column;
DROP SCHEMA ag1, ag2, ag3 CASCADE;
DROP FUNCTION public.tf();

RESET search_path;
DROP SCHEMA ag;
DROP FUNCTION public.trigger_states;
DROP EXTENSION schemamig;
