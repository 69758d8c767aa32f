#!/usr/bin/env python3
"""bench/disk.py DIR [FILES] [ROUNDS]: what a second process gains from the
disk under DIR when each of its steps waits for an fsync, as PostgreSQL 15
and 16 wait for one after every B-tree index they build (27 per schema in
bench/fleet.sh's tenant workload). FILES new 16 kB files (default 2,000)
written and fsynced one at a time by one process, then half each by two
processes at once; ROUNDS rounds (default 3), medians. The ratio of the two
rates is the ceiling for `-j 2` over `-j 1` where those fsyncs dominate.
"""
import os
import statistics
import sys
import tempfile
import time
from multiprocessing import Process, Queue

BLOCK = b"\0" * 16384


def write_files(directory, n, tag, done):
    start = time.monotonic()
    for i in range(n):
        fd = os.open(os.path.join(directory, "%s.%d" % (tag, i)),
                     os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        try:
            os.write(fd, BLOCK)
            os.fsync(fd)
        finally:
            os.close(fd)
    done.put(time.monotonic() - start)


def run(directory, n, processes):
    """Files per second with n files split over that many processes."""
    with tempfile.TemporaryDirectory(dir=directory) as d:
        done = Queue()
        workers = [Process(target=write_files, args=(d, n // processes, "p%d" % k, done))
                   for k in range(processes)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        seconds = max(done.get() for _ in workers)
    return n // processes * processes / seconds


def main():
    directory = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    one, two = [], []
    for _ in range(rounds):
        one.append(run(directory, n, 1))
        two.append(run(directory, n, 2))
    print("disk: %d new 16 kB files, each fsynced, medians of %d: one process %.0f/s,"
          " two at once %.0f/s in all, %.2fx (each round %s)" % (
              n, rounds, statistics.median(one), statistics.median(two),
              statistics.median(two) / statistics.median(one),
              " ".join("%.2f" % (b / a) for a, b in zip(one, two))))


if __name__ == "__main__":
    main()
