# bench/models.awk: the models file of bench/autogen.sh and
# bench/fingerprint.sh, n tables (awk -v n=N -f bench/models.awk), each with
# a primary key, an index, a foreign key to the table before it (t_1 to
# itself) and a comment.
BEGIN {
    for (i = 1; i <= n; i++) {
        printf "CREATE TABLE t_%d (\n    id bigint PRIMARY KEY,\n", i
        printf "    parent_id bigint REFERENCES t_%d (id),\n", (i > 1 ? i - 1 : 1)
        printf "    name text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()\n);\n"
        printf "CREATE INDEX t_%d_name ON t_%d (name);\n", i, i
        printf "COMMENT ON TABLE t_%d IS 'table %d of the benchmark';\n", i, i
    }
}
