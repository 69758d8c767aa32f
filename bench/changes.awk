# bench/changes.awk: the schema of bench/autogen_change.sh, n groups of
# nine objects (awk -v n=N -v changed=0|1 -f bench/changes.awk): an enum,
# a domain, a composite type over the enum, a table of all three with a
# primary key and a default, a view of the table, routines over the
# table's row type, the view's row type and the enum, and (changed=0 only)
# one over the enum and the composite type. changed=1 is the model where
# every group changes: the enum's labels reorder (made again), the domain's
# base type and a column widen, so the view is made again for what it
# reads, every routine over the enum or the view's row type is made again,
# and the fourth routine goes.
BEGIN {
    int_type = changed ? "bigint" : "int"
    labels = changed ? "'b', 'a'" : "'a', 'b'"
    for (i = 0; i < n; i++) {
        printf "CREATE TYPE e%d AS ENUM (%s);\n", i, labels
        printf "CREATE DOMAIN d%d AS %s CHECK (VALUE > 0);\n", i, int_type
        printf "CREATE TYPE c%d AS (x int, y e%d);\n", i, i
        printf "CREATE TABLE t%d (id int PRIMARY KEY, s e%d DEFAULT 'a', d d%d, c c%d, n %s);\n", i, i, i, i, int_type
        printf "CREATE VIEW v%d AS SELECT id, n FROM t%d;\n", i, i
        printf "CREATE FUNCTION f%d(r t%d) RETURNS int LANGUAGE sql AS 'SELECT 1';\n", i, i
        printf "CREATE FUNCTION g%d(r v%d) RETURNS int LANGUAGE sql AS 'SELECT 2';\n", i, i
        printf "CREATE FUNCTION h%d(x e%d) RETURNS int LANGUAGE sql AS 'SELECT 3';\n", i, i
        if (!changed)
            printf "CREATE FUNCTION gone%d(x e%d, y c%d) RETURNS int LANGUAGE sql AS 'SELECT 4';\n", i, i, i
    }
}
