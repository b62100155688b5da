#!/usr/bin/env python3
"""simpy_rr.py - the bench's round-robin model written for SimPy.

N CPU-bound tasks of Q quanta each, all there at 0, on one CPU, quantum
1 ms, round robin: a task takes the CPU (a FIFO resource of capacity 1),
holds it for one quantum, gives it back and queues again at the tail. The
same run as schedlab's `bench-rr` scenario: the script prints the mean
turnaround in ns, which must match schedlab's.

Runs under SimPy 3 or 4 (`import simpy`) or under Debian's SimPy 2
(python3-simpy, `SimPy.Simulation`). Usage: simpy_rr.py [N [Q]].
"""
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
Q = int(sys.argv[2]) if len(sys.argv) > 2 else 100
QUANTUM = 1_000_000  # ns

done = []

try:
    import simpy

    def task(env, cpu):
        for _ in range(Q):
            with cpu.request() as req:
                yield req
                yield env.timeout(QUANTUM)
        done.append(env.now)

    env = simpy.Environment()
    cpu = simpy.Resource(env, capacity=1)
    for _ in range(N):
        env.process(task(env, cpu))
    env.run()
except ImportError:
    from SimPy.Simulation import (Process, Resource, activate, hold, initialize,
                                  now, release, request, simulate)

    class Task(Process):
        def run(self, cpu):
            for _ in range(Q):
                yield request, self, cpu
                yield hold, self, QUANTUM
                yield release, self, cpu
            done.append(now())

    initialize()
    cpu = Resource(capacity=1)
    for _ in range(N):
        t = Task()
        activate(t, t.run(cpu))
    simulate(until=10**18)

print("tasks %d mean turnaround %.2f ns" % (len(done), sum(done) / len(done)))
