#!/usr/bin/env python3
"""bench/cores.py [ROUNDS]: what the machine gives a second busy process,
the ceiling for `-j 2` over `-j 1` where the server's backends are busy on
CPU (bench/fleet.sh's tenants on 17 and 18, where `-j 1`'s backend is on
CPU most of the time). Two loads, each timed alone and then as two
processes at once, ROUNDS rounds (default 3), medians: a loop that touches
no memory, and copies of an 8 MB buffer, past each core's own cache into
the memory and the cache the cores share. A second process that runs as
fast as the first gains 2.0x; what it gains less is what two busy
backends lose to each other on this machine, whatever schemamig does.
"""
import statistics
import sys
import time
from multiprocessing import Process, Queue


def spin(done):
    start = time.monotonic()
    x = 0
    for i in range(20_000_000):
        x ^= i
    done.put(time.monotonic() - start)


def copy(done):
    src = bytearray(8 << 20)
    dst = bytearray(8 << 20)
    start = time.monotonic()
    for _ in range(1000):
        dst[:] = src
    done.put(time.monotonic() - start)


def run(load, processes):
    """Wall time of `processes` copies of load at once, each doing it all."""
    done = Queue()
    start = time.monotonic()
    ps = [Process(target=load, args=(done,)) for _ in range(processes)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    wall = time.monotonic() - start
    for _ in ps:
        done.get()
    return wall


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    for name, load in (("no memory", spin), ("8 MB copies", copy)):
        gains = []
        for _ in range(rounds):
            one = run(load, 1)
            two = run(load, 2)
            gains.append(2 * one / two)
        print("cores: %s, two processes at once against one: %.2fx (each round %s)"
              % (name, statistics.median(gains), " ".join("%.2f" % g for g in gains)))


if __name__ == "__main__":
    main()
