#!/usr/bin/env python3
"""bench/report.py: turn bench/run.sh's measurements into bench/results.md
(markdown on stdout) and the data file the plot reads."""
import platform
import statistics
import subprocess
import sys

(results, cpu_txt, nmax, noop_log, history_log, mem_txt, mem_raw_txt, noop_whole, select_whole,
 runs, peer_max, plot_dat) = sys.argv[1:13]
nmax = int(nmax)

NAMES = {
    "raw": "raw `psql -X -1 -f`",
    "upgrade": "schemamig `upgrade()`",
    "migrate": "schemamig `CALL migrate()`",
    "alembic": "Alembic 1.8 (Debian)",
    "sqitch": "Sqitch 1.3 (Debian)",
    "sqlmigrate": "sql-migrate (Debian)",
    "nodepg": "node-pg-migrate 9 (npm)",
}
ORDER = list(NAMES)

data = {}  # (n, contender) -> [prepare, apply, noop, revert]
for line in open(results):
    n, c, *vals = line.split()
    data[(int(n), c)] = [None if v == "-" else int(v) for v in vals]
ns = sorted({n for n, _ in data})
cpu = {}  # (n, contender) -> [user, system], the apply step's backend
for line in open(cpu_txt):
    n, c, user, system = line.split()
    cpu[(int(n), c)] = [int(user), int(system)]


def fmt(v):
    return "—" if v is None else f"{v:,}"


def ratio(v, base):
    return "—" if v is None or not base else f"{v / base:.2f}×"


def latencies(path):
    us = [int(line.split()[2]) for line in open(path) if line.strip()]
    us.sort()
    return (len(us), us[len(us) // 2] / 1000, us[min(len(us) - 1, int(len(us) * 0.99))] / 1000)


def vmhwm(path):
    kb = [int(line.split()[1]) for line in open(path) if line.startswith("VmHWM")]
    return kb[0], kb[1]


out = []
p = out.append
pg = subprocess.run(["psql", "-XAtc", "SHOW server_version"], capture_output=True, text=True).stdout.strip()
p("# schemamig benchmark")
p("")
p(f"Written by `bash bench/run.sh` on {platform.node() or 'this machine'} "
  f"({subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores), "
  f"PostgreSQL {pg}, one throwaway cluster with **fsync on** and "
  "`max_locks_per_transaction = 4096` (10,000 revisions in one transaction exceed the default lock "
  "table for raw psql and `upgrade()` alike; `migrate()` commits per revision and needs no such setting), "
  "connections over a Unix socket with trust authentication.")
p("")
p(f"Every figure is the median of {runs} runs, in milliseconds of wall time for the whole command "
  "(process start, connection, work). Each contender applies the same revisions (bench/gen.py), each run "
  f"in a fresh database. Peers run up to N = {int(peer_max):,}. Ratios are to raw psql in the same run. "
  "The contenders take turns, in an order that rotates from run to run, after one run that is not counted: "
  "every counted run starts right after the files of a database of the same size were deleted, which makes "
  "creating files slower on this machine's file system (ext4 without a journal), for every contender alike.")
p("")
cpu_told = False
for n in ns:
    raw = data.get((n, "raw"), [None] * 4)
    p(f"## N = {n:,}")
    p("")
    p("| contender | register / prepare | apply all | no-op upgrade | revert all | apply ÷ raw | revert ÷ raw |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    for c in ORDER:
        if (n, c) not in data:
            continue
        prep, apply, noop, revert = data[(n, c)]
        p(f"| {NAMES[c]} | {fmt(prep)} | {fmt(apply)} | {fmt(noop)} | {fmt(revert)} | "
          f"{ratio(apply, raw[1])} | {ratio(revert, raw[3])} |")
    p("")
    rawcpu = cpu.get((n, "raw"))
    if rawcpu:
        if not cpu_told:
            p("CPU time of the backend that applies them (user, system; medians, ms): the server's and "
              "schemamig's own work (user) apart from the kernel's (system: mostly creating the relation files, "
              "the same work for every contender, whose cost depends on the file system's state).")
            p("")
            cpu_told = True
        p(f"Backend CPU applying all {n:,}:")
        p("")
        p("| contender | user | system | user ÷ raw |")
        p("|---|---:|---:|---:|")
        for c in ORDER:
            if (n, c) in cpu:
                user, system = cpu[(n, c)]
                p(f"| {NAMES[c]} | {fmt(user)} | {fmt(system)} | {ratio(user, rawcpu[0])} |")
        p("")

count, p50, p99 = latencies(noop_log)
hcount, hp50, hp99 = latencies(history_log)
before, after = vmhwm(mem_txt)
raw_before, raw_after = vmhwm(mem_raw_txt)
p(f"## Server side, {nmax:,} revisions applied")
p("")
p("| figure | value |")
p("|---|---:|")
p(f"| no-op `SELECT schemamig.upgrade()`, pgbench, p50 | {p50:.3f} ms |")
p(f"| no-op `SELECT schemamig.upgrade()`, pgbench, p99 | {p99:.3f} ms ({count:,} calls) |")
p(f"| `SELECT count(*) FROM schemamig.history()`, pgbench, p50 | {hp50:.3f} ms |")
p(f"| `SELECT count(*) FROM schemamig.history()`, pgbench, p99 | {hp99:.3f} ms ({hcount:,} calls) |")
p(f"| whole process `psql -c 'SELECT schemamig.upgrade()'`, median of 5 | {int(noop_whole)} ms |")
p(f"| whole process `psql -c 'SELECT 1'` for comparison, median of 5 | {int(select_whole)} ms |")
p(f"| backend peak memory (VmHWM) before applying {nmax:,} | {before / 1024:.1f} MB |")
p(f"| backend peak memory (VmHWM) after applying {nmax:,} | {after / 1024:.1f} MB (growth {(after - before) / 1024:.1f} MB) |")
p(f"| the same for raw psql's backend running the same SQL in one transaction | {raw_before / 1024:.1f} → {raw_after / 1024:.1f} MB (growth {(raw_after - raw_before) / 1024:.1f} MB) |")
p("")

# targets
checks = []


def target(name, ok, detail):
    checks.append(f"| {name} | {'met' if ok else '**not met**'} | {detail} |")


for n in ns:
    if n < 1000:
        continue
    raw = data[(n, "raw")]
    up = data[(n, "upgrade")]
    target(f"apply ≤ 1.05× raw psql at N = {n:,}", up[1] <= 1.05 * raw[1], ratio(up[1], raw[1]))
    target(f"revert ≤ 1.1× raw psql at N = {n:,}", up[3] <= 1.1 * raw[3], ratio(up[3], raw[3]))
    peers = [c for c in ("alembic", "sqitch", "sqlmigrate", "nodepg") if (n, c) in data]
    for col, what in ((1, "apply"), (2, "no-op"), (3, "revert")):
        best = min((data[(n, c)][col], c) for c in peers) if peers else None
        if best:
            target(f"{what} ahead of every peer at N = {n:,}", up[col] < best[0],
                   f"schemamig {up[col]:,} ms, best peer {NAMES[best[1]]} {best[0]:,} ms")
if 1000 in ns and 10000 in ns:
    for col, what in ((0, "register"), (1, "apply"), (2, "no-op"), (3, "revert")):
        a, b = data[(1000, "upgrade")][col], data[(10000, "upgrade")][col]
        target(f"{what}: time at 10,000 ≤ 12× time at 1,000", b <= 12 * a, f"{b / a:.1f}×")
target(f"whole-process no-op ≤ 50 ms at {nmax:,} applied", int(noop_whole) <= 50,
       f"{int(noop_whole)} ms (of which `psql -c 'SELECT 1'` alone: {int(select_whole)} ms)")
target(f"no-op `upgrade()` server-side p50 ≤ 1 ms at {nmax:,}", p50 <= 1, f"{p50:.3f} ms")
target(f"`history()` ≤ 30 ms at {nmax:,}", hp50 <= 30, f"p50 {hp50:.3f} ms")
target(f"peak backend memory growth ≤ 64 MB applying {nmax:,}", (after - before) / 1024 <= 64,
       f"{(after - before) / 1024:.1f} MB")
p("## Targets")
p("")
p("| target | status | measured |")
p("|---|---|---|")
out.extend(checks)
p("")
misses = [c for c in checks if "**not met**" in c]
if misses:
    p("### Where a target is not met, and why")
    p("")
    for c in misses:
        if "whole-process" in c:
            p(f"- **Whole-process no-op.** Starting `psql` and connecting costs {int(select_whole)} ms on this "
              "machine before any SQL runs, more than the 50 ms budget on its own; the server-side no-op is "
              f"{p50:.3f} ms once the backend has the graph cached. The rest is a new backend loading the graph of "
              f"{nmax:,} revisions once (one query per table) to plan; every later call in that backend uses the cache.")
        elif "memory" in c:
            p(f"- **Peak memory.** The growth is the server's own: a backend that creates {nmax - nmax // 10:,} tables "
              f"and as many indexes in one transaction keeps their relation and catalog cache entries and locks, and "
              f"touches shared buffers, whoever sends the SQL: raw psql's backend grew "
              f"{(raw_after - raw_before) / 1024:.0f} MB running the same SQL, schemamig's {(after - before) / 1024:.0f} MB. "
              "schemamig's own memory per revision is released after each one (the `cost` regression test holds "
              "the backend's memory contexts flat across 1,000 revisions). `CALL schemamig.migrate()` commits per "
              "revision and holds one revision's locks at a time.")
        elif c.startswith("| apply ≤"):
            n = int(c.split("N = ")[1].split(" ")[0].replace(",", ""))
            up, raw = cpu.get((n, "upgrade")), cpu.get((n, "raw"))
            if up and raw:
                p(f"- **Apply at N = {n:,}.** The backend applying with `upgrade()` spent {up[0] / raw[0]:.2f}× "
                  f"the user CPU of raw psql's ({up[0]:,} against {raw[0]:,} ms) and {up[1] / raw[1]:.2f}× its system "
                  f"CPU ({up[1]:,} against {raw[1]:,} ms); see the CPU table above.")
            else:
                p(f"- {c.split('|')[1].strip()}: see the figures above.")
        elif "time at 10,000" in c:
            what = c.split('|')[1].split(':')[0].strip()
            col = {"register": 0, "apply": 1, "no-op": 2, "revert": 3}[what]
            raw = data.get((1000, "raw")), data.get((10000, "raw"))
            if raw[0] and raw[1] and raw[0][col] and raw[1][col]:
                p(f"- **{what.capitalize()} scaling.** Raw psql running the same SQL scales "
                  f"{raw[1][col] / raw[0][col]:.1f}× from 1,000 to 10,000 on the same cluster: the superlinear part "
                  "is the server's (a transaction holding tens of thousands of locks and relation cache entries), "
                  "and schemamig's ratio to raw psql at 10,000 is in the table above.")
            else:
                p(f"- {c.split('|')[1].strip()}: see the figures above.")
        else:
            p(f"- {c.split('|')[1].strip()}: see the figures above.")
    p("")
p("![apply time against N](apply.png)")
print("\n".join(out))

with open(plot_dat, "w") as f:
    labels = {"raw": "raw-psql", "upgrade": "schemamig-upgrade()", "migrate": "schemamig-migrate",
              "alembic": "alembic", "sqitch": "sqitch", "sqlmigrate": "sql-migrate", "nodepg": "node-pg-migrate"}
    f.write("n " + " ".join(labels[c] for c in ORDER) + "\n")
    for n in ns:
        f.write(f"{n} " + " ".join(str(data[(n, c)][1]) if (n, c) in data else "NaN" for c in ORDER) + "\n")
